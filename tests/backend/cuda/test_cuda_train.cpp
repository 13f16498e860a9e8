// test_cuda_train.cpp — the CUDA trainer (backend/cuda/cuda_train.h) against
// the CPU reference (train/model_grad.h), which is itself checked against
// finite differences and PyTorch:
//  * fp32 mode: every loss component and EVERY parameter gradient equal the
//    CPU's to fp32 rounding, and the expert loads are identical, on V3 (q_lora,
//    YaRN, grouped routing with a bias, shared expert, balance loss, MTP) and
//    V2 (q_proj, softmax group-limited routing, no MTP) configs, with
//    documents, a shared prefix and per-target loss weights;
//  * BF16 mode: losses within BF16 tolerance, gradients point the same way;
//  * FP8 numerics: the E4M3 rounding kernels equal a CPU reference bit for bit; the FP8 step
//    stays close to the reference and differs from BF16 (it ran);
//  * the Trainer on the GPU follows the CPU Trainer's losses step by step,
//    resumes bit-for-bit from a checkpoint, and rejects bad token ids;
//  * data parallelism over 2 GPUs equals 2 accumulated micro-batches on 1.
// The routed experts' layouts and gradient zeroing: test_cuda_train_experts.cpp; the shared helpers:
// cuda_train_test_util.h. Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <unistd.h>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"
#include "core/threadpool.h"
#include "io/config.h"
#include "train/data.h"
#include "train/model_grad.h"
#include "train/trainer.h"
#include "../../train/trainer_test_util.h"
#include "cuda_train_test_util.h"
#include "multi_gpu_test_util.h"

using namespace dseek;
using namespace dseek::train;
namespace fs = std::filesystem;
using namespace dseek::test_cuda_train;

namespace {

TEST_F(CudaTrain, Fp32GradientsEqualTheCpuReference) {
  struct Case {
    std::string name;
    ModelConfig cfg;
    int64_t B, T, prefix;
    bool weights;
  };
  const std::vector<Case> cases = {
      {"v3 documents", v3_config(), 3, 40, 0, false},
      {"v3 shared prefix", v3_config(), 2, 48, 9, false},
      {"v3 loss weights", v3_config(), 2, 33, 0, true},
      {"v2 group-limited softmax, q_proj", v2_config(), 3, 40, 0, false},
      {"v3 stacked gate/up and q_a/kv_a", v3_stacked_config(), 2, 40, 0, false},
  };
  for (const Case& k : cases) {
    const TrainParams p = noisy_params(k.cfg, 11);
    const Batch b = random_batch(k.cfg, k.B, k.T, k.prefix, 5, k.weights);
    LossOptions o;
    o.mtp_depth = k.cfg.num_nextn_predict_layers > 0 ? 1 : 0;
    o.seq_aux_alpha = 0.01f;  // large enough to matter in the router gradient
    const Grads ref = cpu_grads(p, b, o);
    ASSERT_GT(ref.stats.aux_loss, 0.0);
    expect_close(ref, cuda_grads(p, b, o, fp32_options()), 2e-4, k.name);
  }
}

TEST_F(CudaTrain, Bf16StaysWithinBf16Tolerance) {
  for (const ModelConfig& c : {v3_config(), v3_stacked_config()}) {
    SCOPED_TRACE(c.hidden_size);
    const TrainParams p = noisy_params(c, 3);
    const Batch b = random_batch(c, 4, 64, 0, 9, false);
    LossOptions o;
    const Grads ref = cpu_grads(p, b, o);
    const Grads got = cuda_grads(p, b, o, {});
    EXPECT_NEAR(got.stats.main_loss, ref.stats.main_loss, 1e-2 * ref.stats.main_loss);
    EXPECT_NEAR(got.stats.mtp_loss, ref.stats.mtp_loss, 1e-2 * ref.stats.mtp_loss);
    // Routing may flip for near-tied experts under BF16: cosine, not equality. A flipped token moves
    // its contribution from one routed expert to another, which an expert with few tokens feels
    // strongly: the routed experts are compared per layer (their gradients concatenated in expert
    // order, so a gradient landing at the wrong expert still fails), every other tensor alone.
    std::map<std::string, std::array<double, 3>> layers;  // "model.layers.L" -> |r|², |x|², r·x
    double worst_expert = 1.0;
    for (size_t i = 0; i < ref.p.tensors.size(); ++i) {
      const std::string& name = ref.p.tensors[i].name;
      const auto& r = ref.p.tensors[i].g;
      const auto& x = got.p.tensors[i].g;
      for (float v : x) ASSERT_TRUE(std::isfinite(v)) << name;
      const size_t e = name.find(".mlp.experts.");
      if (e == std::string::npos) {
        EXPECT_GT(cosine(r, x), 0.97) << name;
        continue;
      }
      std::array<double, 3>& acc = layers[name.substr(0, e)];
      const double cs = cosine(r, x, &acc[0], &acc[1], &acc[2]);
      EXPECT_GT(cs, 0.9) << name << " (a gradient at the wrong expert, not a flipped route)";
      worst_expert = std::min(worst_expert, cs);
    }
    ASSERT_FALSE(layers.empty());
    for (const auto& [layer, acc] : layers)
      EXPECT_GT(acc[2] / std::sqrt(acc[0] * acc[1]), 0.97) << layer << "'s routed experts";
    std::printf("  (the least similar single expert tensor: cosine %.4f)\n", worst_expert);
  }
}

// CPU reference of the FP8 rounding: E4M3 (RNE, saturating) with the power-of-two scale
// 2^k >= amax/448, times the scale, then BF16.
float pow2_scale_ref(float amax) {
  int e = 0;
  const float m = std::frexp(amax / 448.0f, &e);
  return std::ldexp(1.0f, m == 0.5f ? e - 1 : e);
}
uint16_t qdq_ref(float v, float amax) {
  if (amax == 0.0f) return f32_to_bf16(0.0f);
  const float s = pow2_scale_ref(amax);
  return f32_to_bf16(fp8e4m3_to_f32(f32_to_fp8e4m3(v / s)) * s);
}

// The FP8 weight refresh of the whole flat buffer in one launch equals one launch per weight, bit for
// bit: tensors of partial blocks at their offsets, the gaps between them untouched.
TEST_F(CudaTrain, Fp8BlockRefreshInOneLaunchEqualsPerTensor) {
  std::vector<cu::tk::Fp8BlockTensor> t = {{0, 300, 200, 0}, {60160, 128, 128, 0}, {76544, 7, 1000, 0},
                                           {83584, 1, 1, 0}, {83712, 257, 129, 0}};
  const int64_t total = 83712 + 257 * 129 + 100;
  std::mt19937_64 rng(9);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> w(static_cast<size_t>(total));
  for (size_t i = 0; i < w.size(); ++i) w[i] = nd(rng) * std::exp2(float(int(i % 19) - 9));
  DevMem dw(w.size() * 4), one(w.size() * 2), many(w.size() * 2), table(t.size() * sizeof(t[0]));
  DSEEK_CUDA_CHECK(cudaMemcpy(dw.as(), w.data(), w.size() * 4, cudaMemcpyHostToDevice));
  DSEEK_CUDA_CHECK(cudaMemset(one.as(), 0x7f, one.bytes()));  // the same poison in both
  DSEEK_CUDA_CHECK(cudaMemset(many.as(), 0x7f, many.bytes()));
  for (const auto& m : t)
    cu::tk::fp8_qdq_blocks(dw.as<float>() + m.off, m.out, m.in, one.as<uint16_t>() + m.off, nullptr);
  const int64_t blocks = cu::tk::fp8_block_table(t);
  EXPECT_EQ(blocks, 3 * 2 + 1 + 8 + 1 + 3 * 2);
  DSEEK_CUDA_CHECK(cudaMemcpy(table.as(), t.data(), t.size() * sizeof(t[0]), cudaMemcpyHostToDevice));
  cu::tk::fp8_qdq_blocks_many(dw.as<float>(), static_cast<const cu::tk::Fp8BlockTensor*>(table.as()), int(t.size()),
                              blocks, many.as<uint16_t>(), nullptr);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  std::vector<uint16_t> a(w.size()), b(w.size());
  DSEEK_CUDA_CHECK(cudaMemcpy(a.data(), one.as(), a.size() * 2, cudaMemcpyDeviceToHost));
  DSEEK_CUDA_CHECK(cudaMemcpy(b.data(), many.as(), b.size() * 2, cudaMemcpyDeviceToHost));
  int64_t diff = 0, written = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff += a[i] != b[i];
    written += a[i] != 0x7f7f;
  }
  EXPECT_EQ(diff, 0);
  EXPECT_GT(written, 300 * 200);  // the per-tensor launches did write (the comparison is not vacuous)
}

TEST_F(CudaTrain, Fp8RoundingMatchesTheReferenceBitForBit) {
  const int64_t R = 300, N = 200, G = 150;  // partial tiles everywhere; 2 groups of 150 rows
  std::mt19937_64 rng(5);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(R * N));
  for (int64_t r = 0; r < R; ++r)
    for (int64_t c = 0; c < N; ++c)
      x[size_t(r * N + c)] = r == 7 ? 0.0f : nd(rng) * std::exp2(float(int(r % 23) - 11)) * (c == 3 ? 900.0f : 1.0f);
  DevMem dx(x.size() * 4), dy(x.size() * 2);
  DSEEK_CUDA_CHECK(cudaMemcpy(dx.as(), x.data(), x.size() * 4, cudaMemcpyHostToDevice));
  std::vector<uint16_t> got(x.size()), want(x.size());
  auto fetch = [&] {
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    DSEEK_CUDA_CHECK(cudaMemcpy(got.data(), dy.as(), got.size() * 2, cudaMemcpyDeviceToHost));
  };
  auto expect_same = [&](const char* what) {
    int64_t bad = 0;
    for (size_t i = 0; i < got.size(); ++i) bad += got[i] != want[i];
    EXPECT_EQ(bad, 0) << what;
  };
  std::fill(got.begin(), got.end(), uint16_t(0x7fc0));  // NaN poison
  cu::tk::fp8_qdq_rows(dx.as<float>(), R, N, dy.as<uint16_t>(), nullptr);
  fetch();
  for (int64_t r = 0; r < R; ++r)
    for (int64_t t = 0; t < N; t += 128) {
      float a = 0;
      for (int64_t c = t; c < std::min(N, t + 128); ++c) a = std::max(a, std::abs(x[size_t(r * N + c)]));
      for (int64_t c = t; c < std::min(N, t + 128); ++c) want[size_t(r * N + c)] = qdq_ref(x[size_t(r * N + c)], a);
    }
  expect_same("rows");
  cu::tk::fp8_qdq_cols(dx.as<float>(), R, N, G, dy.as<uint16_t>(), nullptr);
  fetch();
  for (int64_t g = 0; g < R; g += G)
    for (int64_t t = g; t < g + G; t += 128)
      for (int64_t c = 0; c < N; ++c) {
        float a = 0;
        const int64_t e = std::min(g + G, t + 128);
        for (int64_t r = t; r < e; ++r) a = std::max(a, std::abs(x[size_t(r * N + c)]));
        for (int64_t r = t; r < e; ++r) want[size_t(r * N + c)] = qdq_ref(x[size_t(r * N + c)], a);
      }
  expect_same("cols");
  cu::tk::fp8_qdq_blocks(dx.as<float>(), R, N, dy.as<uint16_t>(), nullptr);
  fetch();
  for (int64_t r0 = 0; r0 < R; r0 += 128)
    for (int64_t c0 = 0; c0 < N; c0 += 128) {
      float a = 0;
      for (int64_t r = r0; r < std::min(R, r0 + 128); ++r)
        for (int64_t c = c0; c < std::min(N, c0 + 128); ++c) a = std::max(a, std::abs(x[size_t(r * N + c)]));
      for (int64_t r = r0; r < std::min(R, r0 + 128); ++r)
        for (int64_t c = c0; c < std::min(N, c0 + 128); ++c) want[size_t(r * N + c)] = qdq_ref(x[size_t(r * N + c)], a);
    }
  expect_same("blocks");
}

TEST_F(CudaTrain, Fp8NumericsStayCloseAndAreActive) {
  const ModelConfig c = v3_config();
  const TrainParams p = noisy_params(c, 3);
  const Batch b = random_batch(c, 4, 64, 0, 9, false);
  LossOptions o;
  const Grads ref = cpu_grads(p, b, o);
  const Grads b16 = cuda_grads(p, b, o, {});
  CudaTrainOptions fp8;
  fp8.fp8 = true;
  const Grads f8 = cuda_grads(p, b, o, fp8);
  EXPECT_NEAR(f8.stats.main_loss, ref.stats.main_loss, 3e-2 * ref.stats.main_loss);
  // A 16-wide model puts whole rows in one 1x128 tile, so FP8 noise is large for single small
  // tensors: per tensor the direction must broadly agree, over all parameters closely.
  double differs = 0, adot = 0, anr = 0, anx = 0;
  for (size_t i = 0; i < ref.p.tensors.size(); ++i) {
    const auto& r = ref.p.tensors[i].g;
    const auto& x = f8.p.tensors[i].g;
    for (size_t j = 0; j < r.size(); ++j) {
      ASSERT_TRUE(std::isfinite(x[j])) << ref.p.tensors[i].name;
      differs = std::max(differs, double(std::abs(x[j] - b16.p.tensors[i].g[j])));
    }
    EXPECT_GT(cosine(r, x, &anr, &anx, &adot), 0.5) << ref.p.tensors[i].name;
  }
  EXPECT_GT(adot / std::sqrt(anr * anx), 0.95) << "all parameters";
  EXPECT_GT(differs, 0.0) << "FP8 rounding had no effect: the FP8 path did not run";
}

// FP8 on the tensor cores (dense linears on cuBLASLt or k_fp8_gemm.cu, grouped experts on k_fp8_gemm.cu:
// E4M3 operands, scales promoted every 128 of k) against the quantise-dequantise BF16 GEMMs the FP8
// numerics were validated with: the same roundings multiply, so the step agrees up to summation order
// — which can flip a routing tie, so an expert may see a token more or less (the GEMMs themselves are
// checked element by element in test_cuda_fp8_gemm.cpp). Dims are multiples of 16, so every linear and
// the grouped experts take the FP8 tensor cores; the uniform expert layout keeps the BF16 batches.
TEST_F(CudaTrain, Fp8TensorCoreGemmsEqualQuantiseDequantise) {
  if (!cu::tk::fp8_gemm_available()) GTEST_SKIP() << "FP8 GEMMs need an sm_90a build on a Hopper GPU";
  ModelConfig c = v3_config();
  c.hidden_size = 32;
  c.intermediate_size = 32;
  c.moe_intermediate_size = 16;
  c.q_lora_rank = 16;
  c.kv_lora_rank = 16;
  c.qk_nope_head_dim = 16;
  c.qk_rope_head_dim = 16;
  c.v_head_dim = 16;
  c = parse_model_config(to_json(c));
  const TrainParams p = noisy_params(c, 31);
  const Batch b = random_batch(c, 3, 50, 0, 17, false);
  LossOptions o;
  o.seq_aux_alpha = 0.01f;
  for (const auto layout : {CudaTrainOptions::ExpertLayout::kGrouped, CudaTrainOptions::ExpertLayout::kUniform}) {
   for (const bool lt : {true, false}) {  // the dense linears on cuBLASLt, or on k_fp8_gemm.cu
    SCOPED_TRACE(int(layout) * 2 + lt);
    CudaTrainOptions f;
    f.fp8 = true;
    f.expert_layout = layout;
    Grads tc, qdq;
    {
      const ScopedEnv no_lt("DSEEK_FP8_NO_LT", !lt);
      tc = cuda_grads(p, b, o, f);
    }
    {
      const ScopedEnv on("DSEEK_FP8_QDQ", true);
      qdq = cuda_grads(p, b, o, f);
    }
    const Grads b16 = cuda_grads(p, b, o, {});
    // Summation order differs (the tensor cores keep ~14 bits within an instruction's 32 products), which
    // can move a token near a routing tie to another expert: loads may differ by a token or two.
    ASSERT_EQ(tc.stats.expert_load.size(), qdq.stats.expert_load.size());
    for (size_t l = 0; l < qdq.stats.expert_load.size(); ++l)
      for (size_t e = 0; e < qdq.stats.expert_load[l].size(); ++e)
        EXPECT_NEAR(double(tc.stats.expert_load[l][e]), double(qdq.stats.expert_load[l][e]), 2.0) << l << "/" << e;
    EXPECT_NEAR(tc.stats.main_loss, qdq.stats.main_loss, 1e-3 * qdq.stats.main_loss);
    double differs = 0, an = 0, ax = 0, adot = 0;
    for (size_t i = 0; i < qdq.p.tensors.size(); ++i) {
      const auto& x = tc.p.tensors[i].g;
      for (size_t j = 0; j < x.size(); ++j) {
        ASSERT_TRUE(std::isfinite(x[j])) << qdq.p.tensors[i].name;
        differs = std::max(differs, double(std::abs(x[j] - b16.p.tensors[i].g[j])));
      }
      EXPECT_GT(cosine(qdq.p.tensors[i].g, x, &an, &ax, &adot), 0.9) << qdq.p.tensors[i].name;
    }
    EXPECT_GT(adot / std::sqrt(an * ax), 0.995) << "all parameters";
    EXPECT_GT(differs, 0.0) << "FP8 rounding had no effect";
   }
  }
}

std::unique_ptr<Trainer> make_trainer(const TrainOptions& o, ThreadPool* pool, bool cuda, uint64_t init_seed = 1,
                                      const CudaTrainOptions& co = fp32_options()) {
  LoaderOptions lo;
  lo.seed = o.seed;
  auto tr = std::make_unique<Trainer>(init_params(training_model_config("micro"), init_seed), o,
                                      std::make_unique<PackedLoader>(sentence_docs(), lo), nullptr, pool);
  if (cuda) tr->set_device(make_cuda_train_device(tr->params(), co));
  return tr;
}

TEST_F(CudaTrain, TrainerFollowsTheCpuTrainer) {
  ThreadPool pool(2);
  TrainOptions o = small_options(12);
  auto cpu = make_trainer(o, &pool, false), gpu = make_trainer(o, &pool, true);
  for (int i = 0; i < o.steps; ++i) {
    const StepRecord a = cpu->step(), b = gpu->step();
    ASSERT_FALSE(b.skipped) << b.skip_reason;
    EXPECT_NEAR(b.stats.loss, a.stats.loss, 2e-3 * a.stats.loss) << "step " << i;
    EXPECT_NEAR(b.grad_norm, a.grad_norm, 2e-2 * a.grad_norm) << "step " << i;
  }
  // The balance rule ran on the device's loads and reached the device's copy.
  const auto& bias = gpu->params().at("model.layers.1.mlp.gate.e_score_correction_bias").w;
  double abs_sum = 0;
  for (float x : bias) abs_sum += std::abs(x);
  EXPECT_GT(abs_sum, 0.0);
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

// BF16 moment storage (CudaTrainOptions::bf16_moments) changes the bytes, not the steps: the same
// weights and moments, bit for bit, as fp32 storage with the moments rounded to BF16 (AdamW's
// bf16_moments), every stored moment a BF16 value; the run follows the CPU trainer's rounded optimizer.
// A setup it does not support (several GPUs) is refused, as is storage without the rounding.
TEST_F(CudaTrain, Bf16MomentStorageEqualsRoundedFp32Moments) {
  ThreadPool pool(2);
  TrainOptions o = small_options(6);
  o.adam.bf16_moments = true;
  CudaTrainOptions co = fp32_options();
  co.bf16_moments = true;
  auto cpu = make_trainer(o, &pool, false), f32 = make_trainer(o, &pool, true), b16 = make_trainer(o, &pool, true, 1, co);
  for (int i = 0; i < o.steps; ++i) {
    const StepRecord a = cpu->step(), x = f32->step(), y = b16->step();
    ASSERT_FALSE(y.skipped) << y.skip_reason;
    EXPECT_EQ(x.stats.loss, y.stats.loss) << "step " << i;
    EXPECT_NEAR(y.stats.loss, a.stats.loss, 2e-3 * a.stats.loss) << "step " << i;
  }
  const TrainParams &x = f32->params(), &y = b16->params();
  size_t moments = 0, nonzero = 0;
  for (size_t i = 0; i < x.tensors.size(); ++i) {
    EXPECT_TRUE(same_bits(x.tensors[i].w, y.tensors[i].w)) << x.tensors[i].name;
    if (!x.tensors[i].trainable) continue;
    EXPECT_TRUE(same_bits(x.tensors[i].m, y.tensors[i].m)) << x.tensors[i].name;
    EXPECT_TRUE(same_bits(x.tensors[i].v, y.tensors[i].v)) << x.tensors[i].name;
    for (const auto* mv : {&y.tensors[i].m, &y.tensors[i].v})
      for (float f : *mv) {
        ++moments;
        nonzero += f != 0.0f;
        ASSERT_EQ(bf16_to_f32(f32_to_bf16(f)), f) << x.tensors[i].name << " holds a moment that is not BF16";
      }
  }
  EXPECT_GT(nonzero, moments / 2);
  CudaTrainOptions two = co;
  two.devices = {0, 0};
  EXPECT_THROW(make_cuda_train_device(x, two), std::exception);
  TrainOptions unrounded = small_options(1);
  auto bad = make_trainer(unrounded, &pool, true, 1, co);
  EXPECT_THROW(bad->step(), std::exception);
}

TEST_F(CudaTrain, ResumeIsBitIdentical) {
  ThreadPool pool(2);
  const int64_t n = 6, k = 2;
  const fs::path out = fs::temp_directory_path() / ("dseek_cuda_train_" + std::to_string(::getpid()));
  fs::remove_all(out);
  TrainOptions o = small_options(n);
  auto full = make_trainer(o, &pool, true);
  for (int64_t i = 0; i < n; ++i) full->step();
  TrainOptions oa = o;
  oa.out_dir = (out / "run").string();
  {
    auto a = make_trainer(oa, &pool, true);
    for (int64_t i = 0; i < k; ++i) a->step();
    a->save();
  }
  auto b = make_trainer(oa, &pool, true, /*init_seed=*/999);
  b->resume(oa.out_dir);
  b->run();
  const TrainParams &x = full->params(), &y = b->params();
  for (size_t i = 0; i < x.tensors.size(); ++i) {
    EXPECT_TRUE(same_bits(x.tensors[i].w, y.tensors[i].w)) << x.tensors[i].name;
    if (x.tensors[i].trainable) {
      EXPECT_TRUE(same_bits(x.tensors[i].m, y.tensors[i].m)) << x.tensors[i].name;
    }
  }
  fs::remove_all(out);
}

// Data parallelism (issue 8): 2 GPUs x A accumulated micro-batches each = 1 GPU x 2A accumulated
// micro-batches, for A = 1 and 2 (the replicas' gradients must be summed once per step, not after
// every micro-batch).
TEST_F(CudaTrain, TwoGpusEqualGradientAccumulation) {
  if (cuda_device_count() < 2) GTEST_SKIP() << "needs 2 CUDA devices";
  ThreadPool pool(2);
  for (int64_t accum : {1, 2}) {
    TrainOptions o1 = small_options(8), o2 = o1;
    o1.grad_accum = 2 * accum;
    o2.grad_accum = accum;
    auto one = make_trainer(o1, &pool, true);
    auto two = make_trainer(o2, &pool, false);
    CudaTrainOptions co = fp32_options();
    co.devices = {0, 1};
    two->set_device(make_cuda_train_device(two->params(), co));
    ASSERT_EQ(two->device()->replicas(), 2);
    for (int i = 0; i < o1.steps; ++i) {
      const StepRecord a = one->step(), b = two->step();
      EXPECT_EQ(a.tokens, b.tokens);
      EXPECT_NEAR(b.stats.loss, a.stats.loss, 1e-4 * a.stats.loss) << "accum " << accum << " step " << i;
      EXPECT_NEAR(b.grad_norm, a.grad_norm, 1e-3 * a.grad_norm) << "accum " << accum << " step " << i;
      EXPECT_EQ(b.stats.expert_load, a.stats.expert_load) << "accum " << accum << " step " << i;
    }
  }
}

// ZeRO-1 (reduce-scatter, AdamW on each GPU's slice, all-gather) takes the same steps as the
// all-reduce (both with 2 accumulated micro-batches per GPU): same losses and gradient norms, and the same weights and AdamW moments after 8 steps
// (downloading a sharded device gathers every slice of the moments).
TEST_F(CudaTrain, TwoGpusZero1EqualsAllReduce) {
  if (cuda_device_count() < 2) GTEST_SKIP() << "needs 2 CUDA devices";
  ThreadPool pool(2);
  TrainOptions o = small_options(8);
  auto plain = make_trainer(o, &pool, false);
  auto zero = make_trainer(o, &pool, false);
  CudaTrainOptions co = fp32_options();
  co.devices = {0, 1};
  plain->set_device(make_cuda_train_device(plain->params(), co));
  co.zero1 = true;
  zero->set_device(make_cuda_train_device(zero->params(), co));
  EXPECT_NE(zero->device()->name().find("ZeRO-1"), std::string::npos) << zero->device()->name();
  for (int i = 0; i < o.steps; ++i) {
    const StepRecord a = plain->step(), b = zero->step();
    EXPECT_NEAR(b.stats.loss, a.stats.loss, 1e-6 * a.stats.loss) << "step " << i;
    EXPECT_NEAR(b.grad_norm, a.grad_norm, 1e-6 * a.grad_norm) << "step " << i;
  }
  const TrainParams &pa = plain->params(), &pb = zero->params();
  ASSERT_EQ(pa.tensors.size(), pb.tensors.size());
  size_t moments = 0;
  for (size_t t = 0; t < pa.tensors.size(); ++t) {
    const auto &x = pa.tensors[t], &y = pb.tensors[t];
    ASSERT_EQ(x.w.size(), y.w.size()) << x.name;
    for (size_t i = 0; i < x.w.size(); ++i)
      ASSERT_NEAR(y.w[i], x.w[i], 1e-5f * (1 + std::abs(x.w[i]))) << x.name << "[" << i << "]";
    ASSERT_EQ(x.m.size(), y.m.size()) << x.name;
    for (size_t i = 0; i < x.m.size(); ++i) {
      ASSERT_NEAR(y.m[i], x.m[i], 1e-5f * (1e-6f + std::abs(x.m[i]))) << x.name << " m[" << i << "]";
      ASSERT_NEAR(y.v[i], x.v[i], 1e-5f * (1e-12f + std::abs(x.v[i]))) << x.name << " v[" << i << "]";
      moments += x.v[i] != 0 ? 1 : 0;
    }
  }
  EXPECT_GT(moments, 1000u);  // the optimizer did run on both slices
}

// Expert parallelism (issue 8): 2 GPUs, each holding, training and updating half of the experts
// (tokens all-gathered into every MoE layer, outputs reduce-scattered back), x 2 accumulated
// micro-batches = 1 GPU x 4: the same losses, gradient norms and expert loads, and after 8 steps
// the same weights and AdamW moments (downloading gathers every expert from its GPU). fp32 with the
// uniform expert layout, and BF16 with the grouped one (to BF16 rounding).
TEST_F(CudaTrain, TwoGpusExpertParallelEqualsOneGpu) {
  if (cuda_device_count() < 2) GTEST_SKIP() << "needs 2 CUDA devices";
  ThreadPool pool(2);
  for (const test::EpCase& ec : test::ep_cases()) {
    SCOPED_TRACE(ec.name());
    const bool bf16 = ec.bf16;
    const auto dispatch = ec.dispatch;
    TrainOptions o1 = small_options(8), o2 = o1;
    o1.grad_accum = 4;
    o2.grad_accum = 2;
    CudaTrainOptions co = fp32_options();
    co.bf16 = bf16;
    co.expert_layout = bf16 ? CudaTrainOptions::ExpertLayout::kGrouped : CudaTrainOptions::ExpertLayout::kUniform;
    auto one = make_trainer(o1, &pool, false);
    one->set_device(make_cuda_train_device(one->params(), co));
    auto two = make_trainer(o2, &pool, false);
    co.devices = {0, 1};
    co.expert_parallel = true;
    co.ep_dispatch = dispatch;
    two->set_device(make_cuda_train_device(two->params(), co));
    EXPECT_NE(two->device()->name().find("expert-parallel"), std::string::npos) << two->device()->name();
    const double tl = bf16 ? 2e-3 : 1e-5, tg = bf16 ? 3e-2 : 1e-4;
    test::expect_same_steps(*one, *two, o1.steps, tl, tg, !bf16);
    // Evaluation runs every GPU (the experts are spread): the same loss as one GPU.
    const Batch vb = random_batch(training_model_config("micro"), 2, 16, 5, 3, false);
    const double la = one->device()->forward_backward(vb, {}, false).loss;
    const double lb = two->device()->forward_backward(vb, {}, false).loss;
    EXPECT_NEAR(lb, la, tl * la);
    if (bf16) continue;
    const size_t experts = test::expect_same_state(one->params(), two->params());
    EXPECT_GT(experts, 0u);
  }
}

TEST_F(CudaTrain, RejectsTokensOutsideTheVocabulary) {
  const ModelConfig c = v3_config();
  auto dev = make_cuda_train_device(noisy_params(c, 1), {});
  Batch b = random_batch(c, 1, 8, 0, 1, false);
  b.tokens[3] = int32_t(c.vocab_size);
  EXPECT_THROW(dev->forward_backward(b, {}, true), Error);
  b.tokens[3] = 0;
  b.targets[2] = -5;
  EXPECT_THROW(dev->forward_backward(b, {}, true), Error);
}

TEST_F(CudaTrain, RejectsMoreRowsTimesHeadsThanTheGridHolds) {
  const ModelConfig c = v3_config();  // 2 heads
  auto dev = make_cuda_train_device(noisy_params(c, 1), {});
  const Batch b = random_batch(c, 32768, 2, 0, 1, false);  // 65,536 (row, head) pairs
  try {
    dev->forward_backward(b, {}, true);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("65,535"), std::string::npos) << e.what();
  }
}

}  // namespace
