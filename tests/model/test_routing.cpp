// test_routing.cpp — router semantics on hand-computed cases (values from a
// plain-Python transcription of transformers 5.x DeepseekV3/V2 routing).
#include <gtest/gtest.h>

#include <cmath>

#include "model/moe.h"
#include "model/rope.h"

using namespace dseek;

namespace {
ModelConfig small_moe(const std::string& type) {
  ModelConfig c;
  c.model_type = type;
  c.n_routed_experts = 8;
  c.n_group = 4;
  c.topk_group = 2;
  c.num_experts_per_tok = 2;
  c.routed_scaling_factor = 2.5;
  c.norm_topk_prob = true;
  return c;
}
const float kLogits[8] = {0.5f, -1.0f, 2.0f, 0.1f, -0.3f, 1.5f, 0.0f, 0.9f};
const float kBias[8] = {0.0f, 0.3f, -0.5f, 0.0f, 0.2f, 0.0f, 0.4f, -0.1f};
}  // namespace

TEST(Routing, V3BiasSteersSelectionButNotWeights) {
  ModelConfig c = small_moe("deepseek_v3");
  auto r = route_token(c, kLogits, kBias);
  ASSERT_EQ(r.size(), 2u);
  // Groups kept: 3 and 2 (sum of top-2 biased scores); experts 6 then 5.
  EXPECT_EQ(r[0].expert, 6);
  EXPECT_EQ(r[1].expert, 5);
  EXPECT_NEAR(r[0].weight, 0.948712974169885, 1e-6);
  EXPECT_NEAR(r[1].weight, 1.551287025830115, 1e-6);
  c.norm_topk_prob = false;
  r = route_token(c, kLogits, kBias);
  EXPECT_NEAR(r[0].weight, 1.25, 1e-6);
  EXPECT_NEAR(r[1].weight, 2.043936190484109, 1e-6);
  // Without the bias the strongest expert (2) wins.
  r = route_token(c, kLogits, nullptr);
  EXPECT_EQ(r[0].expert, 2);
}

TEST(Routing, V2SoftmaxGreedyAndGroupLimited) {
  ModelConfig c = small_moe("deepseek_v2");
  c.num_experts_per_tok = 3;
  c.routed_scaling_factor = 1.0;
  c.topk_method = "group_limited_greedy";
  auto r = route_token(c, kLogits, nullptr);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].expert, 2);
  EXPECT_EQ(r[1].expert, 5);
  EXPECT_EQ(r[2].expert, 3);
  EXPECT_NEAR(r[2].weight, 0.05758216436322777, 1e-6);
  c.topk_method = "greedy";
  c.norm_topk_prob = true;  // ignored for V2 (transformers never renormalises)
  r = route_token(c, kLogits, nullptr);
  EXPECT_EQ(r[2].expert, 7);
  EXPECT_NEAR(r[0].weight, 0.38498827269051594, 1e-6);
  EXPECT_NEAR(r[2].weight, 0.1281514635415438, 1e-6);
}

TEST(Rope, YarnMatchesDeepSeekV3Numbers) {
  // DeepSeek-V3: dim 64, theta 1e4, original 4096, factor 40, mscale = mscale_all_dim = 1.
  ModelConfig c;
  c.rope.type = RopeType::Yarn;
  c.rope.factor = 40;
  c.rope.original_max_position_embeddings = 4096;
  c.rope.mscale = 1.0;
  c.rope.mscale_all_dim = 1.0;
  RopeTable rt = make_rope_table(c);
  ASSERT_EQ(rt.inv_freq.size(), 32u);
  EXPECT_FLOAT_EQ(rt.attention_factor, 1.0f);
  // Ramp 10..23: dims below 10 keep their frequency, above 23 are divided by 40.
  for (int i = 0; i < 10; ++i) EXPECT_FLOAT_EQ(rt.inv_freq[i], float(1.0 / std::pow(1e4, 2.0 * i / 64)));
  for (int i = 23; i < 32; ++i) EXPECT_FLOAT_EQ(rt.inv_freq[i], float(1.0 / std::pow(1e4, 2.0 * i / 64) / 40));
  const double m = 0.1 * std::log(40.0) + 1.0;
  EXPECT_NEAR(attention_softmax_scale(c), m * m / std::sqrt(192.0), 1e-7);
  // mscale != mscale_all_dim: cos/sin factor is the ratio of the two mscales.
  c.rope.mscale = 0.707;
  EXPECT_NEAR(make_rope_table(c).attention_factor, (0.1 * 0.707 * std::log(40.0) + 1) / m, 1e-6);
}

TEST(Rope, RotationConventions) {
  ModelConfig c;
  c.qk_rope_head_dim = 4;
  RopeTable rt = make_rope_table(c);
  float x[4] = {1, 2, 3, 4};
  apply_rope(rt, 3, x, 4);
  const double a0 = 3 * rt.inv_freq[0], a1 = 3 * rt.inv_freq[1];
  EXPECT_NEAR(x[0], 1 * std::cos(a0) - 2 * std::sin(a0), 1e-6);  // adjacent pairs
  EXPECT_NEAR(x[1], 1 * std::sin(a0) + 2 * std::cos(a0), 1e-6);
  EXPECT_NEAR(x[3], 3 * std::sin(a1) + 4 * std::cos(a1), 1e-6);
  c.rope_interleave = false;
  rt = make_rope_table(c);
  float y[4] = {1, 2, 3, 4};
  apply_rope(rt, 3, y, 4);
  EXPECT_NEAR(y[0], 1 * std::cos(a0) - 3 * std::sin(a0), 1e-6);  // pairs (i, i+2)
  EXPECT_NEAR(y[2], 1 * std::sin(a0) + 3 * std::cos(a0), 1e-6);
}
