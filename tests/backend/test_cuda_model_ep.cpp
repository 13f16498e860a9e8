// test_cuda_model_ep.cpp — expert-parallel CUDA inference (backend/cuda/
// cuda_model_ep.cpp): the routed experts split over 2 GPUs, attention
// replicated, an NCCL all-reduce after each MoE layer, must give the one-GPU
// model's logits (prefill, decode through captured graphs, batched segments,
// the MTP module) on every fixture, the CPU reference's tokens through the
// generator with MTP speculative decoding, and a random V3-shaped preset's
// greedy tokens. Skipped below 2 GPUs, except the option checks.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "backend/cuda/cuda_model.h"
#include "model/model.h"
#include "model/presets.h"
#include "runtime/generator.h"
#include "../model/fixture_util.h"
#include "cuda_generate_check.h"

namespace fs = std::filesystem;
using namespace dseek;

namespace {

bool two_gpus() { return cuda_device_count() >= 2; }

CudaModelOptions opts(bool ep, bool graphs = true) {
  CudaModelOptions o;
  o.max_step_tokens = 256;
  o.max_seqs = 4;
  o.cache_tokens = 2048;
  o.cache_bf16 = false;
  o.cuda_graphs = graphs;
  o.moe_gemm_min_tokens = 16;  // the fixtures' prefill takes the per-expert GEMM path
  o.moe_gemm_fp8_rows_per_expert = 1;
  if (ep) o.devices = {0, 1};
  return o;
}

struct Loaded {
  Model m;
  std::vector<int32_t> tok;
  bool fp32 = true;
};

Loaded load(const std::string& name) {
  const fs::path dir = test::fixtures_dir() / name;
  Loaded f{load_model(dir.string()), {}, true};
  std::ifstream in(dir / "tokens.json");
  f.tok = nlohmann::json::parse(in).get<std::vector<int32_t>>();
  f.fp32 = f.m.w.layers[0].self_attn.kv_b_proj.weight.dtype == DType::F32;
  return f;
}

}  // namespace

class CudaExpertParallel : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!two_gpus()) GTEST_SKIP() << "needs 2 CUDA devices";
  }
};

// Same weights, same inputs: only the order of the MoE output's sum differs (the all-reduce),
// so fp32 fixtures agree to ~1e-6; BF16/FP8 ones to their GEMMs' rounding.
TEST_P(CudaExpertParallel, MatchesOneGpu) {
  Loaded f = load(GetParam());
  const int64_t T = int64_t(f.tok.size()), V = f.m.cfg.vocab_size, Hd = f.m.cfg.hidden_size;
  const double tol = f.fp32 ? 1e-5 : 2e-2;
  for (bool graphs : {true, false}) {
    SCOPED_TRACE(graphs ? "decode graphs" : "no graphs");
    auto one = CudaModel::create(f.m, opts(false, graphs));
    auto ep = CudaModel::create(f.m, opts(true, graphs));
    EXPECT_NE(ep->stats().device.find("expert-parallel over 2 GPUs"), std::string::npos) << ep->stats().device;
    // Prefill of the whole sequence (every row's logits and hidden state) ...
    const int a = one->new_sequence(), b = ep->new_sequence();
    std::vector<float> ha, hb;
    const int64_t pre = T - 8;
    std::vector<float> la = one->forward(std::span(f.tok).first(size_t(pre)), std::vector<CudaSegment>{{a, pre}}, true, &ha);
    std::vector<float> lb = ep->forward(std::span(f.tok).first(size_t(pre)), std::vector<CudaSegment>{{b, pre}}, true, &hb);
    ASSERT_EQ(lb.size(), la.size());
    ASSERT_EQ(hb.size(), size_t(pre * Hd));
    ASSERT_LE(test::rel_error(lb.data(), la.data(), int64_t(la.size())), tol);
    ASSERT_LE(test::rel_error(hb.data(), ha.data(), int64_t(ha.size())), tol);
    // ... then one token at a time (GEMV path; <= 8 rows replay captured graphs).
    for (int64_t t = pre; t < T; ++t) {
      const auto tok = std::span(f.tok).subspan(size_t(t), 1);
      std::vector<float> x = one->forward(tok, std::vector<CudaSegment>{{a, 1}}, false);
      std::vector<float> y = ep->forward(tok, std::vector<CudaSegment>{{b, 1}}, false);
      ASSERT_EQ(y.size(), size_t(V));
      for (float v : y) ASSERT_TRUE(std::isfinite(v)) << "decode pos " << t;
      ASSERT_LE(test::rel_error(y.data(), x.data(), V), f.fp32 ? 1e-5 : 3e-2) << "decode pos " << t;
    }
    EXPECT_EQ(ep->length(b), T);
    // A bad token fails on every GPU before any collective: a clear error, no hang, nothing changed.
    const std::vector<int32_t> bad = {int32_t(V)};
    EXPECT_THROW(ep->forward(bad, std::vector<CudaSegment>{{b, 1}}, false), Error);
    EXPECT_EQ(ep->length(b), T);
    // Greedy tokens of two sequences in one batch, after a rollback.
    ep->truncate(b, T - 3);
    one->truncate(a, T - 3);
    const int a2 = one->new_sequence(), b2 = ep->new_sequence();
    std::vector<int32_t> in = {f.tok[size_t(T - 3)], f.tok[0], f.tok[1]};
    std::vector<int32_t> ga = one->forward_greedy(in, std::vector<CudaSegment>{{a, 1}, {a2, 2}});
    std::vector<int32_t> gb = ep->forward_greedy(in, std::vector<CudaSegment>{{b, 1}, {b2, 2}});
    EXPECT_EQ(gb, ga);
    for (int step = 0; step < 6; ++step) {
      ga = one->forward_greedy(ga, std::vector<CudaSegment>{{a, 1}, {a2, 1}});
      gb = ep->forward_greedy(gb, std::vector<CudaSegment>{{b, 1}, {b2, 1}});
      ASSERT_EQ(gb, ga) << "greedy step " << step;
    }
    // The MTP module: its layer is a MoE layer too.
    if (ep->has_mtp()) {
      const int ma = one->new_sequence(), mb = ep->new_sequence();
      const int64_t n = pre - 1;
      std::vector<float> xa = one->mtp_forward(0, std::span(f.tok).subspan(1, size_t(n)), ha.data(),
                                               std::vector<CudaSegment>{{ma, n}}, true);
      std::vector<float> xb = ep->mtp_forward(0, std::span(f.tok).subspan(1, size_t(n)), ha.data(),
                                              std::vector<CudaSegment>{{mb, n}}, true);
      ASSERT_EQ(xb.size(), xa.size());
      EXPECT_LE(test::rel_error(xb.data(), xa.data(), int64_t(xa.size())), tol);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CudaExpertParallel, ::testing::ValuesIn(test::fixture_names()));

// The generator on an expert-parallel model: MTP speculative decoding gives plain greedy's
// tokens, and those are the CPU reference's.
TEST(CudaExpertParallelGenerate, MtpSpeculativeEqualsCpuGreedy) {
  if (!two_gpus()) GTEST_SKIP() << "needs 2 CUDA devices";
  Loaded f = load("v3_mtp");
  auto ep = CudaModel::create(f.m, opts(true));
  test::expect_mtp_speculative_equals_cpu_greedy(*ep, f.m, std::vector<int32_t>(f.tok.begin(), f.tok.begin() + 6));
}

// A random V3-shaped preset (16 experts, 8 groups): each GPU builds only its experts, with the
// same weights the one-GPU model has, and holds fewer bytes; greedy tokens agree.
TEST(CudaExpertParallelRandom, PresetGreedyEqualsOneGpu) {
  if (!two_gpus()) GTEST_SKIP() << "needs 2 CUDA devices";
  const ModelConfig cfg = preset_config("v3-2l");
  CudaModelOptions o = opts(false);
  o.cache_bf16 = true;
  auto one = CudaModel::create_random(cfg, DType::BF16, 7, o);
  o.devices = {0, 1};
  auto ep = CudaModel::create_random(cfg, DType::BF16, 7, o);
  EXPECT_LT(ep->stats().weight_bytes, 2 * one->stats().weight_bytes);  // experts held once
  EXPECT_GT(ep->stats().weight_bytes, one->stats().weight_bytes);       // attention, head held twice
  std::vector<int> sa, sb;
  std::vector<int32_t> rows;
  std::vector<CudaSegment> ga, gb;
  for (int i = 0; i < 3; ++i) {
    sa.push_back(one->new_sequence());
    sb.push_back(ep->new_sequence());
    for (int t = 0; t < 40; ++t) rows.push_back(int32_t((t * 7919 + i * 104729 + 13) % cfg.vocab_size));
    ga.push_back({sa.back(), 40});
    gb.push_back({sb.back(), 40});
  }
  std::vector<int32_t> x = one->forward_greedy(rows, ga), y = ep->forward_greedy(rows, gb);
  ASSERT_EQ(y, x);
  for (auto& s : ga) s.rows = 1;
  for (auto& s : gb) s.rows = 1;
  for (int step = 0; step < 16; ++step) {
    x = one->forward_greedy(x, ga);
    y = ep->forward_greedy(y, gb);
    ASSERT_EQ(y, x) << "step " << step;
  }
}

TEST(CudaExpertParallelErrors, ClearMessages) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  const ModelConfig cfg = preset_config("v3-2l");
  CudaModelOptions o = opts(false);
  auto expect_error = [&](std::vector<int> devs, const std::string& what) {
    o.devices = devs;
    try {
      CudaModel::create_random(cfg, DType::BF16, 1, o);
      FAIL() << "expected an error with " << what;
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error({0, 0}, "listed twice");
  expect_error({0, 99}, "GPU 99 does not exist");
  ModelConfig dense = cfg;
  dense.n_routed_experts = 1;
  o.devices = {0, 1};
  try {
    CudaModel::create_random(dense, DType::BF16, 1, o);
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("routed experts"), std::string::npos) << e.what();
  }
}
