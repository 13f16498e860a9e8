// cuda_train_test_util.h — what the CUDA trainer's tests share (test_cuda_train*.cpp): the fixture
// (skipped without a CUDA device), tiny V3/V2 configs, noisy parameters, random batches, the CPU and
// CUDA gradients of one batch, and their comparisons.
// What it is not: a test (the tests live in the .cpp files).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "core/threadpool.h"
#include "io/config.h"
#include "train/data.h"
#include "train/model_grad.h"
#include "train/trainer.h"
#include "../../train/trainer_test_util.h"

namespace dseek::test_cuda_train {

using namespace dseek::train;

// An environment switch for one scope, cleared again however the scope is left (a test that throws
// must not leave later tests on another path).
struct ScopedEnv {
  const char* name;
  ScopedEnv(const char* n, bool on) : name(on ? n : nullptr) {
    if (name) setenv(name, "1", 1);
  }
  ~ScopedEnv() {
    if (name) unsetenv(name);
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;
};

using train::testing::sentence_docs;
using train::testing::small_options;

class CudaTrain : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
};

inline ModelConfig v3_config() {
  ModelConfig c = train::testing::tiny_v3_config();
  c.max_position_embeddings = 256;
  return parse_model_config(to_json(c));
}

// Hidden 32: q_a_proj (12 × 32), the dense gate_proj (20 × 32) and the experts' gate_proj (8 × 32) fill
// whole 128-element chunks, so the trainer's flat buffer holds q_a/kv_a and gate/up back to back and
// multiplies each pair as one stacked GEMM (stack_rows); tiny_v3_config's sizes keep them apart.
inline ModelConfig v3_stacked_config() {
  ModelConfig c = v3_config();
  c.hidden_size = 32;
  c.moe_intermediate_size = 8;
  return parse_model_config(to_json(c));
}

// Hidden 32 and experts of 16: every expert dimension a multiple of 8, so the grouped layout runs the
// trainer's own grouped GEMM (own_grouped_gemm).
inline ModelConfig v3_grouped_config() {
  ModelConfig c = v3_config();
  c.hidden_size = 32;
  c.moe_intermediate_size = 16;
  return parse_model_config(to_json(c));
}

inline ModelConfig v2_config() {
  ModelConfig c = v3_config();
  c.model_type = "deepseek_v2";
  c.q_lora_rank = 0;
  c.topk_method = "group_limited_greedy";
  c.scoring_func = "softmax";
  c.norm_topk_prob = false;
  c.routed_scaling_factor = 1.5;
  c.rope.type = RopeType::None;
  c.num_nextn_predict_layers = 0;
  c.hidden_size = 24;
  c.num_hidden_layers = 3;
  return parse_model_config(to_json(c));
}

inline TrainParams noisy_params(const ModelConfig& c, uint64_t seed) {
  TrainParams p = init_params(c, seed, 0.08f);
  std::mt19937_64 rng(seed + 7);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (ParamTensor& t : p.tensors) {
    if (t.role == TensorRole::Norm)
      for (float& x : t.w) x = 1.0f + 0.1f * nd(rng);
    if (t.role == TensorRole::Bias)
      for (float& x : t.w) x = 0.1f * nd(rng);
  }
  return p;
}

// B rows of T tokens, random documents; some targets ignored.
inline Batch random_batch(const ModelConfig& c, int64_t B, int64_t T, int64_t prefix, uint64_t seed, bool weights) {
  std::mt19937_64 rng(seed);
  Batch b;
  b.B = B;
  b.T = T;
  b.shared_prefix = prefix;
  for (int64_t r = 0; r < B; ++r) {
    int32_t seg = 0;
    for (int64_t t = 0; t < T; ++t) {
      const bool new_doc = t > 0 && (prefix > 0 ? t == prefix : false || rng() % 11 == 0);
      if (new_doc || (prefix > 0 && t > prefix && rng() % 13 == 0)) ++seg;
      b.segment.push_back(seg);
      b.tokens.push_back(int32_t(rng() % uint64_t(c.vocab_size)));
      const bool start = t == 0 || b.segment.back() != b.segment[b.segment.size() - 2];
      const int32_t after_prefix = prefix > 0 && seg > 0 ? int32_t(prefix) : 0;
      b.pos.push_back(start ? after_prefix : b.pos.back() + 1);
    }
  }
  for (size_t i = 0; i < b.tokens.size(); ++i) {
    const bool last = (i + 1) % size_t(T) == 0 || b.segment[i + 1] != b.segment[i];
    b.targets.push_back(last || rng() % 7 == 0 ? -1 : b.tokens[i + 1]);
  }
  if (weights)
    for (size_t i = 0; i < b.tokens.size(); ++i) b.loss_weight.push_back(float(int(rng() % 5) - 2) * 0.25f);
  return b;
}

// cos(a, b) in double; 1 when both are zero.
inline double cosine(const std::vector<float>& a, const std::vector<float>& b, double* na = nullptr, double* nb = nullptr,
              double* ab = nullptr) {
  double dot = 0, x = 0, y = 0;
  for (size_t j = 0; j < a.size(); ++j) {
    dot += double(a[j]) * b[j];
    x += double(a[j]) * a[j];
    y += double(b[j]) * b[j];
  }
  if (na) *na += x;
  if (nb) *nb += y;
  if (ab) *ab += dot;
  return x == 0 && y == 0 ? 1.0 : dot / std::sqrt(x * y);
}

struct Grads {
  StepStats stats;
  TrainParams p;
};

inline Grads cpu_grads(const TrainParams& p0, const Batch& b, const LossOptions& o) {
  Grads g{{}, p0};
  ThreadPool pool(2);
  GradContext ctx;
  ctx.pool = &pool;
  g.p.zero_grad();
  g.stats = forward_backward(g.p, b, o, ctx);
  return g;
}

inline CudaTrainOptions fp32_options() {
  CudaTrainOptions co;
  co.bf16 = false;
  return co;
}

inline Grads cuda_grads(const TrainParams& p0, const Batch& b, const LossOptions& o, const CudaTrainOptions& co) {
  Grads g{{}, p0};
  auto dev = make_cuda_train_device(p0, co);
  dev->zero_grad();
  g.stats = dev->forward_backward(b, o, true);
  dev->download(g.p, true);
  return g;
}

inline void expect_close(const Grads& ref, const Grads& got, double tol, const std::string& what) {
  SCOPED_TRACE(what);
  const double lt = tol * 10;
  EXPECT_NEAR(got.stats.main_loss, ref.stats.main_loss, lt * std::abs(ref.stats.main_loss) + 1e-7);
  EXPECT_NEAR(got.stats.mtp_loss, ref.stats.mtp_loss, lt * std::abs(ref.stats.mtp_loss) + 1e-7);
  EXPECT_NEAR(got.stats.aux_loss, ref.stats.aux_loss, lt * std::abs(ref.stats.aux_loss) + 1e-9);
  EXPECT_EQ(got.stats.tokens, ref.stats.tokens);
  EXPECT_EQ(got.stats.mtp_tokens, ref.stats.mtp_tokens);
  EXPECT_EQ(got.stats.expert_load, ref.stats.expert_load);
  ASSERT_EQ(got.p.tensors.size(), ref.p.tensors.size());
  for (size_t i = 0; i < ref.p.tensors.size(); ++i) {
    const auto& r = ref.p.tensors[i].g;
    const auto& x = got.p.tensors[i].g;
    ASSERT_EQ(r.size(), x.size()) << ref.p.tensors[i].name;
    double mref = 0, mdiff = 0;
    for (size_t j = 0; j < r.size(); ++j) {
      ASSERT_TRUE(std::isfinite(x[j])) << ref.p.tensors[i].name << "[" << j << "]";
      mref = std::max(mref, double(std::abs(r[j])));
      mdiff = std::max(mdiff, double(std::abs(r[j] - x[j])));
    }
    EXPECT_LE(mdiff, tol * mref + 1e-9) << ref.p.tensors[i].name << " max|ref| " << mref;
  }
}

}  // namespace dseek::test_cuda_train
