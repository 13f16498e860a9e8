// test_optim.cpp — AdamW / clipping / LR schedule / spike guard on known
// numbers, the expert-bias balance rule, and init_params (train/optim.h,
// train/balance.h, train/params.h).
#include <gtest/gtest.h>

#include <cmath>

#include "core/check.h"
#include "core/dtype.h"
#include "train/balance.h"
#include "train/optim.h"
#include "train/params.h"

namespace dseek::train {
namespace {

TrainParams tiny_params() {
  TrainParams p;
  auto add = [&](std::string name, std::vector<int64_t> shape, TensorRole role, std::vector<float> w, bool tr = true) {
    ParamTensor t;
    t.name = std::move(name);
    t.shape = std::move(shape);
    t.role = role;
    t.w = std::move(w);
    t.g.assign(t.w.size(), 0.0f);
    t.trainable = tr;
    p.index[t.name] = p.tensors.size();
    p.tensors.push_back(std::move(t));
  };
  add("mat", {2, 1}, TensorRole::Linear, {1.0f, -2.0f});
  add("norm", {1}, TensorRole::Norm, {1.0f});
  add("bias", {2}, TensorRole::Bias, {0.5f, 0.5f}, false);
  return p;
}

TEST(Optim, AdamWFirstStepKnownNumbers) {
  TrainParams p = tiny_params();
  p.at("mat").g = {0.5f, -0.1f};
  p.at("norm").g = {0.2f};
  p.at("bias").g = {1.0f, 1.0f};
  AdamWOptions o;
  o.clip_norm = 0;  // no clipping here
  AdamW adam(o);
  const auto r = adam.step(p, 0.1f);
  EXPECT_TRUE(r.applied);
  // Step 1: m̂ = g, sqrt(v̂) = |g|, so the Adam step is lr·sign(g); decay 1 - lr·wd = 0.99 on matrices only.
  EXPECT_NEAR(p.at("mat").w[0], 0.99f - 0.1f, 1e-6);
  EXPECT_NEAR(p.at("mat").w[1], -1.98f + 0.1f, 1e-6);
  EXPECT_NEAR(p.at("norm").w[0], 0.9f, 1e-6);  // no weight decay on norms
  EXPECT_EQ(p.at("bias").w, (std::vector<float>{0.5f, 0.5f}));  // not trainable
  EXPECT_NEAR(p.at("mat").m[0], 0.05f, 1e-7);
  EXPECT_NEAR(p.at("mat").v[0], 0.05f * 0.25f, 1e-7);
  EXPECT_NEAR(r.grad_norm, std::sqrt(0.25 + 0.01 + 0.04), 1e-6);  // non-trainable grads excluded
  EXPECT_EQ(adam.steps(), 1);
}

TEST(Optim, AdamWSecondStepMatchesReference) {
  TrainParams p = tiny_params();
  AdamWOptions o;
  o.clip_norm = 0;
  AdamW adam(o);
  const double g1 = 0.5, g2 = -0.3, lr1 = 0.1, lr2 = 0.05;
  p.at("mat").g = {float(g1), 0.0f};
  adam.step(p, float(lr1));
  p.at("mat").g = {float(g2), 0.0f};
  adam.step(p, float(lr2));
  // Reference in double (torch.optim.AdamW formulas).
  double w = 1, m = 0, v = 0;
  const double b1 = 0.9, b2 = 0.95, eps = 1e-8, wd = 0.1;
  int t = 0;
  for (auto [g, lr] : {std::pair{g1, lr1}, std::pair{g2, lr2}}) {
    ++t;
    w *= 1 - lr * wd;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    w -= lr / (1 - std::pow(b1, t)) * m / (std::sqrt(v) / std::sqrt(1 - std::pow(b2, t)) + eps);
  }
  EXPECT_NEAR(p.at("mat").w[0], w, 1e-6);
}

TEST(Optim, ClippingAndGradScale) {
  TrainParams p = tiny_params();
  p.at("mat").g = {6.0f, 8.0f};  // norm 10, scaled by 0.5 -> 5
  AdamWOptions o;
  o.clip_norm = 1.0f;
  o.weight_decay = 0;
  AdamW adam(o);
  EXPECT_NEAR(AdamW::grad_norm(p, 0.5), 5.0, 1e-9);
  const auto r = adam.step(p, 0.01f, 0.5);
  EXPECT_NEAR(r.grad_norm, 5.0, 1e-9);
  EXPECT_NEAR(r.clip_coef, 1.0 / 5.0, 1e-6);
  // The clipped gradient is (0.6, 0.8): m = 0.1·g.
  EXPECT_NEAR(p.at("mat").m[0], 0.06f, 1e-6);
  EXPECT_NEAR(p.at("mat").m[1], 0.08f, 1e-6);
}

TEST(Optim, Bf16MomentsAreRounded) {
  TrainParams p = tiny_params();
  p.at("mat").g = {0.123456f, 0.0f};
  AdamWOptions o;
  o.bf16_moments = true;
  AdamW adam(o);
  adam.step(p, 0.01f);
  const float m = p.at("mat").m[0];
  EXPECT_EQ(bf16_to_f32(f32_to_bf16(m)), m);
  EXPECT_NE(m, 0.1f * 0.123456f);
}

TEST(Optim, LrSchedule) {
  LrSchedule s;
  s.lr = 1.0f;
  s.min_lr = 0.1f;
  s.warmup = 10;
  s.total = 110;
  EXPECT_FLOAT_EQ(s.at(0), 0.1f);
  EXPECT_FLOAT_EQ(s.at(4), 0.5f);
  EXPECT_FLOAT_EQ(s.at(9), 1.0f);
  EXPECT_FLOAT_EQ(s.at(10), 1.0f);
  EXPECT_NEAR(s.at(60), 0.55f, 1e-6);
  EXPECT_NEAR(s.at(110), 0.1f, 1e-6);
  EXPECT_NEAR(s.at(500), 0.1f, 1e-6);
  EXPECT_GT(s.at(30), s.at(31));
  EXPECT_THROW(s.at(-1), Error);
}

TEST(Optim, SpikeGuard) {
  SpikeGuardOptions o;
  o.spike_factor = 3;
  o.min_steps = 3;
  o.ema_decay = 0.5f;
  SpikeGuard g(o);
  EXPECT_NE(g.check(NAN, 1.0), "");
  EXPECT_NE(g.check(1.0, INFINITY), "");
  EXPECT_EQ(g.seen(), 0);
  EXPECT_EQ(g.check(10.0, 1.0), "");  // not enough history: a high loss is fine
  EXPECT_EQ(g.check(1.0, 1.0), "");
  EXPECT_EQ(g.check(1.0, 1.0), "");   // ema = 10 -> 5.5 -> 3.25
  EXPECT_NEAR(g.ema(), 3.25, 1e-12);
  EXPECT_NE(g.check(10.0, 1.0).find("spike"), std::string::npos);  // 10 > 3 × 3.25
  EXPECT_NEAR(g.ema(), 3.25, 1e-12);                                 // skipped steps do not move it
  EXPECT_EQ(g.check(9.0, 1.0), "");
}

TEST(Balance, BiasMovesTowardsMeanLoad) {
  TrainParams p;
  ParamTensor b;
  b.name = "model.layers.1.mlp.gate.e_score_correction_bias";
  b.shape = {4};
  b.role = TensorRole::Bias;
  b.w = {0, 0, 0, 0};
  b.trainable = false;
  p.index[b.name] = 0;
  p.tensors.push_back(b);
  ExpertLoad load;
  accumulate_load(load, {{}, {6, 0, 3, 3}});
  accumulate_load(load, {{}, {4, 0, 2, 2}});  // summed: {10, 0, 5, 5}, mean 5
  EXPECT_EQ(load[1], (std::vector<int64_t>{10, 0, 5, 5}));
  BalanceOptions o;
  o.gamma = 0.01f;
  EXPECT_EQ(update_expert_bias(p, load, o).size(), 1u);
  EXPECT_EQ(p.tensors[0].w, (std::vector<float>{-0.01f, 0.01f, 0.0f, 0.0f}));
  const auto st = load_stats(load);
  ASSERT_EQ(st.size(), 1u);
  EXPECT_EQ(st[0].layer, 1);
  EXPECT_EQ(st[0].max, 10);
  EXPECT_DOUBLE_EQ(st[0].mean, 5.0);
  EXPECT_DOUBLE_EQ(st[0].max_over_mean(), 2.0);
  EXPECT_THROW(update_expert_bias(p, {{}, {1, 2}}, o), Error);  // wrong expert count
}

TEST(Params, InitFollowsDeepSeek) {
  ModelConfig c;
  c.vocab_size = 300;
  c.hidden_size = 64;
  c.intermediate_size = 96;
  c.moe_intermediate_size = 16;
  c.num_hidden_layers = 2;
  c.first_k_dense_replace = 1;
  c.num_attention_heads = 2;
  c.q_lora_rank = 16;
  c.kv_lora_rank = 16;
  c.qk_nope_head_dim = c.qk_rope_head_dim = c.v_head_dim = 8;
  c.n_routed_experts = 4;
  c.num_experts_per_tok = 2;
  c.n_group = 1;
  c.topk_group = 1;
  c.num_nextn_predict_layers = 1;
  const TrainParams p = init_params(c, 7);
  const TrainParams q = init_params(c, 7);
  const TrainParams r = init_params(c, 8);
  EXPECT_EQ(p.tensors.size(), checkpoint_layout(c, true).size());
  const auto& e = p.at("model.embed_tokens.weight").w;
  double s = 0, s2 = 0;
  for (float x : e) s += x, s2 += double(x) * x;
  const double mean = s / double(e.size()), sd = std::sqrt(s2 / double(e.size()) - mean * mean);
  EXPECT_NEAR(sd, 0.006, 0.0003);
  EXPECT_NEAR(mean, 0.0, 0.0003);
  EXPECT_EQ(e, q.at("model.embed_tokens.weight").w);
  EXPECT_NE(e, r.at("model.embed_tokens.weight").w);
  EXPECT_NE(p.at("model.layers.0.mlp.up_proj.weight").w, p.at("model.layers.0.mlp.gate_proj.weight").w);
  for (float x : p.at("model.norm.weight").w) EXPECT_EQ(x, 1.0f);
  const auto& bias = p.at("model.layers.1.mlp.gate.e_score_correction_bias");
  EXPECT_FALSE(bias.trainable);
  for (float x : bias.w) EXPECT_EQ(x, 0.0f);
  EXPECT_EQ(p.at("model.layers.2.shared_head.head.weight").w, p.at("lm_head.weight").w);
  EXPECT_NE(p.at("lm_head.weight").w, e);
  for (const auto& t : p.tensors) EXPECT_EQ(t.g.size(), t.w.size()) << t.name;
  EXPECT_THROW(p.at("nope"), Error);
}

}  // namespace
}  // namespace dseek::train
