// cuda_model_ep.cpp — the expert-parallel CudaModel (see cuda_model_ep.h): one
// shard per GPU, each driven by its own host thread so that the shards' NCCL
// all-reduces (one per MoE layer, inside the shards' forward passes) meet.
// Every call runs on every shard with the same arguments; the shards compute
// the same hidden states (the all-reduce gives every GPU the same sum, and all
// else is replicated), so GPU 0's logits and tokens are the answer.
// What it is not: the forward pass (cuda_model.cpp) or a scheduler.
#include "backend/cuda/cuda_model_ep.h"

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/nccl_dyn.h"
#include "core/check.h"

namespace dseek::cuda {
namespace {

// One thread per GPU; run(f) calls f(i) on thread i for every i and waits for all.
class Workers {
 public:
  explicit Workers(int n) : errs_(size_t(n)) {
    for (int i = 0; i < n; ++i) threads_.emplace_back([this, i] { loop(i); });
  }
  ~Workers() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void run(const std::function<void(int)>& f) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &f;
      ++gen_;
      pending_ = int(threads_.size());
      for (auto& e : errs_) e = nullptr;
    }
    wake_.notify_all();
    std::unique_lock<std::mutex> lk(mu_);
    done_.wait(lk, [&] { return pending_ == 0; });
    for (auto& e : errs_)
      if (e) std::rethrow_exception(e);
  }

 private:
  void loop(int i) {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int)>* f = nullptr;
      {
        std::unique_lock<std::mutex> lk(mu_);
        wake_.wait(lk, [&] { return stop_ || gen_ != seen; });
        if (stop_) return;
        seen = gen_;
        f = job_;
      }
      std::exception_ptr err;
      try {
        (*f)(i);
      } catch (...) {
        err = std::current_exception();
      }
      std::lock_guard<std::mutex> lk(mu_);
      errs_[size_t(i)] = err;
      if (--pending_ == 0) done_.notify_all();
    }
  }
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(int)>* job_ = nullptr;
  uint64_t gen_ = 0;
  int pending_ = 0;
  bool stop_ = false;
  std::vector<std::exception_ptr> errs_;
  std::vector<std::thread> threads_;  // last: started after the state above exists
};

#ifdef DSEEK_HAVE_NCCL_H
class ExpertParallel final : public CudaModel {
 public:
  ExpertParallel(const ModelConfig& cfg, const Model* m, DType dtype, uint64_t seed, const CudaModelOptions& opt)
      : cfg_(cfg), devs_(opt.devices), work_(int(opt.devices.size())) {
    const int n = int(devs_.size()), have = cuda_device_count();
    const int64_t E = cfg.n_routed_experts;
    DSEEK_CHECK(E >= n, "expert parallelism over {} GPUs needs at least {} routed experts (the model has {})", n, n,
                E);
    std::set<int> seen;
    for (int d : devs_) {
      DSEEK_CHECK(d >= 0 && d < have, "expert parallelism: GPU {} does not exist ({} device(s))", d, have);
      DSEEK_CHECK(seen.insert(d).second, "expert parallelism: GPU {} is listed twice", d);
    }
    const cu::Nccl& nc = cu::nccl();
    comms_.resize(size_t(n));
    cu::nccl_check(nc.CommInitAll(comms_.data(), n, devs_.data()), "ncclCommInitAll");
    shards_.resize(size_t(n));
    work_.run([&](int r) {
      DSEEK_CUDA_CHECK(cudaSetDevice(devs_[size_t(r)]));
      CudaModelOptions o = opt;
      o.device = devs_[size_t(r)];
      o.devices.clear();
      o.progress = opt.progress && r == 0;
      EpShard ep;
      ep.rank = r;
      ep.world = n;
      ep.all_reduce = [c = comms_[size_t(r)]](float* d, size_t n, cudaStream_t s) {
        cu::nccl_check(cu::nccl().AllReduce(d, d, n, ncclFloat32, ncclSum, c, s),
                       "ncclAllReduce (expert-parallel MoE output)");
      };
      ep.slice = {E * r / n, E * (r + 1) / n, r == 0};  // GPU 0 also runs the shared experts
      shards_[size_t(r)] = make_shard(cfg, m, dtype, seed, o, ep);
    });
  }
  ~ExpertParallel() override {
    try {
      work_.run([&](int r) { shards_[size_t(r)].reset(); });
    } catch (...) {
    }
    for (ncclComm_t c : comms_)
      if (c) cu::nccl().CommDestroy(c);
  }

  const ModelConfig& config() const override { return cfg_; }
  CudaStats stats() const override {
    CudaStats t;
    t.device = fmt::format("expert-parallel over {} GPUs (NCCL):", shards_.size());
    for (size_t r = 0; r < shards_.size(); ++r) {
      const CudaStats s = shards_[r]->stats();
      t.weight_bytes += s.weight_bytes;
      t.cache_bytes += s.cache_bytes;
      t.scratch_bytes += s.scratch_bytes;
      t.device += fmt::format(" cuda:{} {} ({:.1f} GB of weights){}", devs_[r], s.device, s.weight_bytes / 1e9,
                              r + 1 < shards_.size() ? ";" : "");
    }
    return t;
  }
  bool has_mtp() const override { return shards_[0]->has_mtp(); }
  int64_t max_step_tokens() const override { return shards_[0]->max_step_tokens(); }

  int new_sequence() override {
    std::vector<int> ids(shards_.size());
    each([&](CudaModel& s, int r) { ids[size_t(r)] = s.new_sequence(); });
    for (int id : ids) DSEEK_CHECK_EQ(id, ids[0], "expert parallelism: sequence ids of the GPUs");
    return ids[0];
  }
  void free_sequence(int seq) override {
    each([&](CudaModel& s, int) { s.free_sequence(seq); });
  }
  int64_t length(int seq, int64_t layer) const override { return shards_[0]->length(seq, layer); }
  void truncate(int seq, int64_t n) override {
    each([&](CudaModel& s, int) { s.truncate(seq, n); });
  }
  size_t cache_bytes(int seq) const override {
    size_t b = 0;  // every GPU holds the sequence's whole latent cache
    for (const auto& s : shards_) b += s->cache_bytes(seq);
    return b;
  }

  std::vector<float> forward(std::span<const int32_t> tokens, std::span<const CudaSegment> segs, bool all_logits,
                             std::vector<float>* hidden) override {
    std::vector<float> out;
    each([&](CudaModel& s, int r) {
      std::vector<float> y = s.forward(tokens, segs, all_logits, r == 0 ? hidden : nullptr);
      if (r == 0) out = std::move(y);
    });
    return out;
  }
  std::vector<float> mtp_forward(int depth, std::span<const int32_t> next_tokens, const float* hidden,
                                 std::span<const CudaSegment> segs, bool all_logits) override {
    std::vector<float> out;
    each([&](CudaModel& s, int r) {
      std::vector<float> y = s.mtp_forward(depth, next_tokens, hidden, segs, all_logits);
      if (r == 0) out = std::move(y);
    });
    return out;
  }
  std::vector<int32_t> forward_greedy(std::span<const int32_t> tokens, std::span<const CudaSegment> segs) override {
    std::vector<int32_t> out;
    each([&](CudaModel& s, int r) {
      std::vector<int32_t> y = s.forward_greedy(tokens, segs);
      if (r == 0) out = std::move(y);
    });
    return out;
  }
  void synchronize() override {
    each([&](CudaModel& s, int) { s.synchronize(); });
  }
  std::vector<std::pair<std::string, double>> profile() const override { return shards_[0]->profile(); }

 private:
  // f(shard, rank) on every GPU's own thread (the shards' collectives need them all running).
  void each(const std::function<void(CudaModel&, int)>& f) {
    work_.run([&](int r) {
      DSEEK_CUDA_CHECK(cudaSetDevice(devs_[size_t(r)]));
      f(*shards_[size_t(r)], r);
    });
  }
  ModelConfig cfg_;
  std::vector<int> devs_;
  std::vector<ncclComm_t> comms_;
  std::vector<std::unique_ptr<CudaModel>> shards_;
  Workers work_;  // last: its threads stop before the shards go
};
#endif

}  // namespace

std::unique_ptr<CudaModel> make_expert_parallel(const ModelConfig& cfg, const Model* m, DType dtype, uint64_t seed,
                                                const CudaModelOptions& opt) {
#ifdef DSEEK_HAVE_NCCL_H
  return std::make_unique<ExpertParallel>(cfg, m, dtype, seed, opt);
#else
  (void)cfg, (void)m, (void)dtype, (void)seed, (void)opt;
  DSEEK_FAIL("expert parallelism over {} GPUs needs NCCL (this dseek was built without nccl.h)", opt.devices.size());
#endif
}

}  // namespace dseek::cuda
