// test_cuda_train_experts.cpp — the CUDA trainer's routed experts: the grouped layouts against the
// uniform one (fp32 exact, BF16 and FP8 numerics close), gradients accumulating over passes without
// zeroing, and zero_grad leaving the experts' gradients to the backward (experts without rows still
// end at zero). Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "backend/cuda/cuda_train.h"
#include "cuda_train_test_util.h"

using namespace dseek;
using namespace dseek::train;
using namespace dseek::test_cuda_train;

namespace {

// The experts ("model.layers.{L}.mlp.experts.{e}.") whose loads differ between two runs' per-layer
// loads, failing the test unless the runs differ by at most one routed choice per layer (one expert
// one token more, another one less): what a router near-tie flipped by rounding can do, and no more.
std::set<std::string> moved_experts(const std::vector<std::vector<int64_t>>& ref,
                                    const std::vector<std::vector<int64_t>>& got) {
  std::set<std::string> moved;
  EXPECT_EQ(ref.size(), got.size());
  for (size_t L = 0; L < std::min(ref.size(), got.size()); ++L) {
    EXPECT_EQ(ref[L].size(), got[L].size()) << "layer " << L;
    if (ref[L].size() != got[L].size()) continue;
    int64_t diff = 0;
    for (size_t e = 0; e < ref[L].size(); ++e) {
      diff += std::abs(ref[L][e] - got[L][e]);
      if (ref[L][e] != got[L][e])
        moved.insert("model.layers." + std::to_string(L) + ".mlp.experts." + std::to_string(e) + ".");
    }
    EXPECT_LE(diff, 2) << "layer " << L << ": more than one routed choice differs";
  }
  return moved;
}

// Grouped expert GEMMs (each expert its own token count) against the strided batches padded to the
// busiest expert: same gradients in fp32 (both exact) and BF16 (same operands, other summation order).
// Grouped expert layouts against the uniform one: cuBLAS over load buckets (v3_config: dims that
// are not multiples of 8; FP8 falls back to uniform there) and the one-launch grouped kernel
// (k_grouped_gemm.cu, wgmma on sm_90a; dims multiples of 8): exact loads in BF16, loads padded to
// 128-row tiles with FP8 numerics (quantise-dequantise GEMMs in both layouts).
TEST_F(CudaTrain, GroupedExpertsEqualUniformBatches) {
  for (const ModelConfig& c : {v3_config(), v3_grouped_config()}) {
    SCOPED_TRACE(c.hidden_size);
    const TrainParams p = noisy_params(c, 21);
    const Batch b = random_batch(c, 3, 50, 0, 13, false);
    LossOptions o;
    o.seq_aux_alpha = 0.01f;
    for (const int precision : {32, 16, 8}) {  // fp32, BF16, FP8 numerics (same quantisation tiles)
      SCOPED_TRACE(precision);
      const bool bf16 = precision < 32;
      CudaTrainOptions g, u;
      g.bf16 = u.bf16 = bf16;
      g.fp8 = u.fp8 = precision == 8;
      g.expert_layout = CudaTrainOptions::ExpertLayout::kGrouped;
      u.expert_layout = CudaTrainOptions::ExpertLayout::kUniform;
      // FP8: both layouts on the quantise-dequantise GEMMs (Fp8TensorCoreGemmsEqualQuantiseDequantise
      // compares those with the FP8 tensor cores).
      Grads ref, got;
      {
        const ScopedEnv qdq("DSEEK_FP8_QDQ", precision == 8);
        ref = cuda_grads(p, b, o, u);
        got = cuda_grads(p, b, o, g);
      }
      if (!bf16) {
        expect_close(ref, got, 1e-5, "fp32");
        continue;
      }
      // The layouts round differently (BF16 g|u in the grouped one), so a near-tie in the router may
      // send one token's choice elsewhere: at most one choice per layer may move, and the experts it
      // moved between are left out of the gradient comparison (their rows differ by that token).
      const std::set<std::string> moved = moved_experts(ref.stats.expert_load, got.stats.expert_load);
      EXPECT_NEAR(got.stats.main_loss, ref.stats.main_loss, 1e-4 * ref.stats.main_loss);
      for (size_t i = 0; i < ref.p.tensors.size(); ++i) {
        const std::string& name = ref.p.tensors[i].name;
        if (std::any_of(moved.begin(), moved.end(), [&](const std::string& m) { return name.starts_with(m); }))
          continue;
        EXPECT_GT(cosine(ref.p.tensors[i].g, got.p.tensors[i].g), 0.999) << name;
      }
    }
  }
}

// Two passes without zeroing in between add up: the first pass after zero_grad overwrites the routed
// experts' gradients (the grouped weight-gradient GEMM with beta 0) and the linears' data gradients
// into unzeroed buffers; the second adds to the first. Every gradient of two passes over the same
// batch is twice one pass's, and the zeroing between steps still starts over.
TEST_F(CudaTrain, GroupedExpertGradientsAccumulateOverPasses) {
  const ModelConfig c = v3_grouped_config();
  const TrainParams p = noisy_params(c, 23);
  const Batch b = random_batch(c, 3, 50, 0, 17, false);
  LossOptions o;
  o.seq_aux_alpha = 0.01f;
  CudaTrainOptions g;
  g.bf16 = true;
  g.expert_layout = CudaTrainOptions::ExpertLayout::kGrouped;
  auto dev = make_cuda_train_device(p, g);
  Grads one{{}, p}, two{{}, p}, again{{}, p};
  dev->zero_grad();
  one.stats = dev->forward_backward(b, o, true);
  dev->download(one.p, true);
  two.stats = dev->forward_backward(b, o, true);
  dev->download(two.p, true);
  dev->zero_grad();
  again.stats = dev->forward_backward(b, o, true);
  dev->download(again.p, true);
  for (size_t i = 0; i < one.p.tensors.size(); ++i) {
    const auto& x = one.p.tensors[i].g;
    const auto& y = two.p.tensors[i].g;
    const auto& z = again.p.tensors[i].g;
    double nx = 0, bad = 0, bad_again = 0;
    for (size_t j = 0; j < x.size(); ++j) {
      nx += double(x[j]) * x[j];
      const double d = double(y[j]) - 2.0 * x[j], e = double(z[j]) - x[j];
      bad += std::isfinite(y[j]) ? d * d : 1e30;
      bad_again += std::isfinite(z[j]) ? e * e : 1e30;
    }
    // (dQ's atomic adds make passes differ in the last bits)
    EXPECT_LE(std::sqrt(bad), 1e-3 * 2 * std::sqrt(nx) + 1e-12) << one.p.tensors[i].name;
    EXPECT_LE(std::sqrt(bad_again), 1e-3 * std::sqrt(nx) + 1e-12) << one.p.tensors[i].name;
  }
}

// zero_grad leaves the routed experts' gradients for the next backward to overwrite: experts that
// get no rows in that backward still end with zero gradients (not the previous step's), in every
// layout and numerics (the grouped kernel overwrites, the others zero first); the gradients read
// right after zero_grad are zero; and the step equals a fresh device's. Experts 0-3 of every MoE layer
// get no rows in the second step (router bias −100).
TEST_F(CudaTrain, UnroutedExpertsGradientsZeroAfterZeroGrad) {
  const ModelConfig c = v3_grouped_config();
  const TrainParams p = noisy_params(c, 29);
  TrainParams q = p;
  std::vector<std::string> biases;
  for (const auto& t : q.tensors)
    if (t.name.ends_with("e_score_correction_bias")) biases.push_back(t.name);
  ASSERT_FALSE(biases.empty());
  for (const auto& n : biases)
    for (int e = 0; e < 4; ++e) q.at(n).w[size_t(e)] = -100.0f;
  const Batch b = random_batch(c, 3, 50, 0, 19, false);
  LossOptions o;
  o.seq_aux_alpha = 0.01f;
  using Layout = CudaTrainOptions::ExpertLayout;
  for (const auto& [layout, precision] : {std::pair{Layout::kGrouped, 16}, {Layout::kGrouped, 32},
                                          {Layout::kUniform, 16}, {Layout::kGrouped, 8}}) {
    SCOPED_TRACE(::testing::Message() << "layout " << int(layout) << " precision " << precision);
    CudaTrainOptions g;
    g.bf16 = precision < 32;
    g.fp8 = precision == 8;
    g.expert_layout = layout;
    auto dev = make_cuda_train_device(p, g);
    dev->zero_grad();
    dev->forward_backward(b, o, true);  // every expert's gradients nonzero
    Grads zeroed{{}, p}, got{{}, q};
    dev->zero_grad();
    dev->download(zeroed.p, true);
    for (const auto& t : zeroed.p.tensors)
      EXPECT_TRUE(std::all_of(t.g.begin(), t.g.end(), [](float v) { return v == 0.0f; })) << t.name;
    dev->forward_backward(b, o, true);  // gradients settled by the download: an ordinary step
    for (const auto& n : biases) dev->upload_tensor(q, n);
    dev->zero_grad();
    got.stats = dev->forward_backward(b, o, true);
    dev->download(got.p, true);
    const Grads ref = cuda_grads(q, b, o, g);
    for (size_t L = 0; L < got.stats.expert_load.size(); ++L)
      for (size_t e = 0; e < std::min<size_t>(4, got.stats.expert_load[L].size()); ++e)
        EXPECT_EQ(got.stats.expert_load[L][e], 0) << "layer " << L << " expert " << e;
    int64_t unrouted = 0;
    for (size_t i = 0; i < got.p.tensors.size(); ++i) {
      const std::string& name = got.p.tensors[i].name;
      const auto& x = got.p.tensors[i].g;
      const size_t at = name.find(".mlp.experts.");
      if (at != std::string::npos && std::stoi(name.substr(at + 13)) < 4) {
        ++unrouted;
        EXPECT_TRUE(std::all_of(x.begin(), x.end(), [](float v) { return v == 0.0f; })) << name;
        continue;
      }
      EXPECT_GT(cosine(ref.p.tensors[i].g, x), 0.999) << name;
    }
    EXPECT_GT(unrouted, 0);
  }
}

}  // namespace
