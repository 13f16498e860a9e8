// test_cuda_ep_infer.cpp — expert-parallel inference's per-GPU half (backend/
// cuda/cuda_model.cpp, cuda_weights.cpp, k_moe.cu: each shard's slice of the
// routed experts, tokens for another shard's experts skipped by the routing
// counts, the scatter and the combine, the shared experts on shard 0, random
// weights of a slice equal to the whole model's) on ONE GPU: two shards on two
// threads whose all-reduce is emulated with copies must give the one-shard
// model's logits. NCCL, decode graphs and 2 GPUs: test_cuda_model_ep.cpp.
// Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <thread>

#include <cuda_runtime.h>
#include <nlohmann/json.hpp>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_model_ep.h"
#include "model/model.h"
#include "model/presets.h"
#include "../../model/fixture_util.h"
#include "multi_gpu_test_util.h"

using namespace dseek;

namespace {

struct Meet : test::Meeting {
  std::vector<float> part[2];
};

CudaModelOptions opts() {
  CudaModelOptions o;
  o.max_step_tokens = 256;
  o.max_seqs = 2;
  o.cache_tokens = 1024;
  o.cache_bf16 = false;
  o.cuda_graphs = false;  // the emulated all-reduce synchronises (no capture)
  o.moe_gemm_min_tokens = 16;
  o.moe_gemm_fp8_rows_per_expert = 1;
  return o;
}

// Two shards of one model on GPU 0, their all-reduce done through the host (rank 0's part first).
struct TwoShards {
  Meet meet;
  std::unique_ptr<CudaModel> s[2];
  TwoShards(const ModelConfig& cfg, const Model* m, DType dt) {
    const int64_t E = cfg.n_routed_experts;
    for (int r = 0; r < 2; ++r) {
      cuda::EpShard ep;
      ep.rank = r;
      ep.world = 2;
      ep.slice = {E * r / 2, E * (r + 1) / 2, r == 0};
      ep.all_reduce = [this, r](float* d, size_t n, cudaStream_t st) {
        meet.part[r].resize(n);
        ASSERT_EQ(cudaStreamSynchronize(st), cudaSuccess);
        ASSERT_EQ(cudaMemcpy(meet.part[r].data(), d, n * 4, cudaMemcpyDeviceToHost), cudaSuccess);
        meet.wait();
        std::vector<float> sum(n);
        for (size_t i = 0; i < n; ++i) sum[i] = meet.part[0][i] + meet.part[1][i];
        meet.wait();
        ASSERT_EQ(cudaMemcpyAsync(d, sum.data(), n * 4, cudaMemcpyHostToDevice, st), cudaSuccess);
        ASSERT_EQ(cudaStreamSynchronize(st), cudaSuccess);  // (a plain cudaMemcpy: not ordered with st)
      };
      s[r] = cuda::make_shard(cfg, m, dt, 7, opts(), ep);
    }
  }
  // f(shard, rank) on both shards at once (their all-reduces meet); shard 0's result.
  template <class F>
  auto both(F f) {
    decltype(f(*s[0], 0)) r1;
    std::thread t([&] { r1 = f(*s[1], 1); });
    auto r0 = f(*s[0], 0);
    t.join();
    EXPECT_EQ(r0, r1) << "the shards disagree";
    return r0;
  }
};

}  // namespace

TEST(CudaExpertParallelShards, FixturesMatchOneGpu) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  for (const std::string& name : test::fixture_names()) {
    SCOPED_TRACE(name);
    const auto dir = test::fixtures_dir() / name;
    Model m = load_model(dir.string());
    std::ifstream in(dir / "tokens.json");
    const std::vector<int32_t> tok = nlohmann::json::parse(in).get<std::vector<int32_t>>();
    const bool fp32 = m.w.layers[0].self_attn.kv_b_proj.weight.dtype == DType::F32;
    const int64_t T = int64_t(tok.size()), V = m.cfg.vocab_size, pre = T - 4;
    auto one = CudaModel::create(m, opts());
    TwoShards two(m.cfg, &m, DType::BF16);
    const int a = one->new_sequence();
    const int b = two.both([](CudaModel& s, int) { return s.new_sequence(); });
    // Prefill (per-expert GEMMs), then decode rows (grouped GEMV kernels).
    std::vector<float> x = one->forward(std::span(tok).first(size_t(pre)), std::vector<CudaSegment>{{a, pre}}, true);
    std::vector<float> y = two.both([&](CudaModel& s, int) {
      return s.forward(std::span(tok).first(size_t(pre)), std::vector<CudaSegment>{{b, pre}}, true);
    });
    ASSERT_EQ(y.size(), x.size());
    EXPECT_LE(test::rel_error(y.data(), x.data(), int64_t(x.size())), fp32 ? 1e-5 : 2e-2);
    for (int64_t t = pre; t < T; ++t) {
      const auto one_tok = std::span(tok).subspan(size_t(t), 1);
      x = one->forward(one_tok, std::vector<CudaSegment>{{a, 1}}, false);
      y = two.both([&](CudaModel& s, int) { return s.forward(one_tok, std::vector<CudaSegment>{{b, 1}}, false); });
      ASSERT_EQ(y.size(), size_t(V));
      EXPECT_LE(test::rel_error(y.data(), x.data(), V), fp32 ? 1e-5 : 3e-2) << "decode pos " << t;
    }
  }
}

// Random V3-shaped weights: each shard generates only its experts, the same ones the whole model has.
TEST(CudaExpertParallelShards, RandomPresetGreedyEqualsOneGpu) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  const ModelConfig cfg = preset_config("v3-2l");
  auto one = cuda::make_shard(cfg, nullptr, DType::BF16, 7, opts(), {});
  TwoShards two(cfg, nullptr, DType::BF16);
  EXPECT_LT(two.s[1]->stats().weight_bytes, one->stats().weight_bytes);
  std::vector<int32_t> rows;
  for (int t = 0; t < 40; ++t) rows.push_back(int32_t((t * 7919 + 13) % cfg.vocab_size));
  const int a = one->new_sequence();
  const int b = two.both([](CudaModel& s, int) { return s.new_sequence(); });
  std::vector<int32_t> x = one->forward_greedy(rows, std::vector<CudaSegment>{{a, 40}});
  std::vector<int32_t> y = two.both([&](CudaModel& s, int) { return s.forward_greedy(rows, std::vector<CudaSegment>{{b, 40}}); });
  ASSERT_EQ(y, x);
  for (int step = 0; step < 8; ++step) {
    x = one->forward_greedy(x, std::vector<CudaSegment>{{a, 1}});
    y = two.both([&](CudaModel& s, int) { return s.forward_greedy(y, std::vector<CudaSegment>{{b, 1}}); });
    ASSERT_EQ(y, x) << "step " << step;
  }
}
