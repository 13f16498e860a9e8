// cuda_train_mp.cpp — data parallelism across processes: one rank per process,
// one GPU per rank, NCCL between them (launched by `mpirun -np N`, or one
// `dseek train --rank R --world N` per GPU). Every rank builds the same N
// micro-batches (same loader, same seed) and runs only its own; gradients are
// summed with ncclAllReduce and the N ranks' step statistics all-gathered, so
// the Trainer on every rank sees exactly what one process with N accumulated
// micro-batches would, and takes identical decisions (spike guard, expert
// biases, AdamW) without any further exchange.
// NCCL id: rank 0 writes it to a rendezvous file (temp + rename); the others
// poll for it. Every wait is bounded by CudaTrainOptions::timeout_s: a rank
// that dies makes the others abort the communicator and fail with a message.
// With zero1 (ZeRO-1) the gradients are reduce-scattered instead, each rank
// keeps the AdamW moments of its slice only and updates that slice, and the
// fp32 weights are all-gathered; the gradient norm is the sum of the slices'.
// With expert_parallel each rank holds its experts only (cuda_train_moe.cpp
// exchanges the tokens inside each MoE layer); the gradients of the replicated
// part are all-reduced, and a checkpoint gathers every expert from its owner.
// What it is not: an MPI binding (the launcher's rank
// variables are read by the CLI; no MPI library is linked).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "backend/cuda/cuda_train_impl.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/nccl_dyn.h"
#include "core/check.h"

namespace dseek::cu {

#ifdef DSEEK_HAVE_NCCL_H
namespace {

using Clock = std::chrono::steady_clock;
using train::Batch;
using train::LossOptions;
using train::StepStats;
using train::TrainParams;

// Rank 0: a fresh NCCL id, written atomically. Others: wait for a file written
// after this process started (a stale one from a crashed earlier run is older).
ncclUniqueId exchange_id(const CudaTrainOptions& o) {
  namespace fs = std::filesystem;
  ncclUniqueId id{};
  DSEEK_CHECK(!o.rendezvous.empty(), "process group: no rendezvous file (--rendezvous PATH)");
  if (o.rank == 0) {
    nccl_check(nccl().GetUniqueId(&id), "ncclGetUniqueId");
    const std::string tmp = fmt::format("{}.tmp.{}", o.rendezvous, ::getpid());
    FILE* f = std::fopen(tmp.c_str(), "wb");
    DSEEK_CHECK(f != nullptr, "process group: cannot write '{}': {}", tmp, std::strerror(errno));
    const bool ok = std::fwrite(&id, sizeof id, 1, f) == 1 && std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
    std::fclose(f);
    DSEEK_CHECK(ok && std::rename(tmp.c_str(), o.rendezvous.c_str()) == 0, "process group: cannot publish '{}': {}",
                o.rendezvous, std::strerror(errno));
    return id;
  }
  const auto t0 = Clock::now();
  const auto started = fs::file_time_type::clock::now() - std::chrono::seconds(60);
  for (;;) {
    std::error_code ec;
    if (fs::file_size(o.rendezvous, ec) == sizeof id && !ec && fs::last_write_time(o.rendezvous, ec) >= started && !ec) {
      FILE* f = std::fopen(o.rendezvous.c_str(), "rb");
      const bool ok = f && std::fread(&id, sizeof id, 1, f) == 1;
      if (f) std::fclose(f);
      if (ok) return id;
    }
    DSEEK_CHECK(std::chrono::duration<double>(Clock::now() - t0).count() < o.timeout_s,
                "process group: rank {} waited {:.0f} s for rank 0's NCCL id in '{}' (is rank 0 running, and does "
                "every rank see the same file?)", o.rank, o.timeout_s, o.rendezvous);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

class ProcessGroupTrainDevice final : public train::TrainDevice {
 public:
  ProcessGroupTrainDevice(const TrainParams& p, const CudaTrainOptions& o) : opt_(o) {
    DSEEK_CHECK(o.world > 1 && o.rank >= 0 && o.rank < o.world, "process group: rank {} of world {}", o.rank, o.world);
    DSEEK_CHECK(o.timeout_s > 0, "process group: timeout must be positive, got {}", o.timeout_s);
    const bool split = o.zero1 || o.expert_parallel;  // each rank gets its part (optimizer slice or experts)
    dev_ = make_single_gpu_train_device(p, o, split ? o.rank : 0, split ? o.world : 1);
    gb_ = grad_buffer(*dev_);
    const ncclUniqueId id = exchange_id(o);
    DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
    nccl_check(nccl().CommInitRank(&comm_, o.world, id, o.rank), "ncclCommInitRank");
    if (o.expert_parallel)
      set_expert_collectives(*dev_, make_nccl_collectives(comm_, [this](const char* what) { wait(what); },
                                                          &watchdog_aborted_));
    // Everyone has the id now: a barrier, then rank 0 removes the file (no stale id for the next job).
    gather_doubles({1.0});
    if (o.rank == 0) std::remove(o.rendezvous.c_str());
  }
  ~ProcessGroupTrainDevice() override {
    if (watchdog_.joinable()) {
      {
        std::lock_guard<std::mutex> lk(abort_mu_);
        stop_ = true;
      }
      watchdog_cv_.notify_all();
      watchdog_.join();
    }
    if (comm_) nccl().CommDestroy(comm_);  // (after a failed wait() the communicator was aborted already)
    if (host_) cudaFreeHost(host_);
  }
  std::string name() const override {
    return fmt::format("rank {} of {} (NCCL process group{}): {}", opt_.rank, opt_.world,
                       opt_.zero1 ? ", ZeRO-1" : opt_.expert_parallel ? ", expert-parallel" : "", dev_->name());
  }
  int replicas() const override { return opt_.world; }
  void upload(const TrainParams& p) override { dev_->upload(p); }
  void upload_tensor(const TrainParams& p, const std::string& n) override { dev_->upload_tensor(p, n); }
  // Sharded: a collective (every rank calls it, see download_is_collective), the moments' slices
  // all-gathered into full buffers first.
  void download(TrainParams& p, bool grads) const override {
    DSEEK_CHECK(!(grads && reduce_pending_), "process group: gradients are this rank's own until the step "
                "reduces them (read the gradient norm first)");
    dev_->download(p, grads);
    if (opt_.zero1) const_cast<ProcessGroupTrainDevice*>(this)->gather_moments(p);
    if (opt_.expert_parallel) const_cast<ProcessGroupTrainDevice*>(this)->gather_experts(p);
  }
  bool download_is_collective() const override { return opt_.zero1 || opt_.expert_parallel; }
  void zero_grad() override {
    dev_->zero_grad();
    reduce_pending_ = false;
  }
  StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) override {
    DSEEK_CHECK(!backward, "process group: a backward pass needs one micro-batch per rank (forward_backward_many)");
    return guarded([&] { return dev_->forward_backward(b, o, false); });  // every rank holds the same weights
  }
  std::vector<StepStats> forward_backward_many(const std::vector<Batch>& bs, const LossOptions& o,
                                               bool backward) override {
    DSEEK_CHECK_EQ(bs.size(), size_t(opt_.world), "process group: micro-batches (one per rank)");
    const StepStats mine = guarded([&] { return dev_->forward_backward(bs[size_t(opt_.rank)], o, backward); });
    if (backward) reduce_pending_ = true;  // accumulated micro-batches: one reduction per step
    return unpack(gather_doubles(pack(mine)));
  }
  double grad_norm(double scale) override {
    reduce_grads();
    if (opt_.expert_parallel) {  // the replicated part once (identical after the all-reduce), every rank's experts
      double acc = replicated_grad_sumsq(*dev_);
      for (double x : gather_doubles({expert_grad_sumsq(*dev_)})) acc += x;
      return std::sqrt(acc) * std::abs(scale);
    }
    if (!opt_.zero1) return dev_->grad_norm(scale);
    double acc = 0;  // the slices partition the buffer; summed in rank order on every rank
    for (double x : gather_doubles({slice_grad_sumsq(*dev_)})) acc += x;
    return std::sqrt(acc) * std::abs(scale);
  }
  void adamw_update(const train::AdamStepArgs& a) override {
    reduce_grads();
    if (!opt_.zero1) return dev_->adamw_update(a);
    slice_adamw(*dev_, a);
    DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
    nccl_check(nccl().AllGather(gb_.weights + gb_.lo, gb_.weights, size_t(gb_.hi - gb_.lo), ncclFloat32, comm_,
                                gb_.stream),
               "ncclAllGather");
    wait("weight all-gather");
    refresh_weight_copies(*dev_);
  }
  std::string memory_report() const override { return dev_->memory_report(); }

 private:
  // Expert parallelism runs collectives inside the forward/backward, where the host may block in
  // CUDA calls (copies behind a collective) that no polling can bound: a watchdog thread aborts the
  // communicator when the call outlives the timeout — NCCL's kernels then return, the blocked call
  // too, and this rank fails with the timeout message instead of hanging.
  template <class F>
  StepStats guarded(F f) {
    if (!opt_.expert_parallel) return f();
    if (!watchdog_.joinable()) watchdog_ = std::thread([this] { watch(); });
    {
      std::lock_guard<std::mutex> lk(abort_mu_);
      busy_since_ = Clock::now();
      busy_ = true;
    }
    StepStats r;
    std::exception_ptr err;
    try {
      r = f();
    } catch (...) {
      err = std::current_exception();
    }
    bool aborted;
    {
      std::lock_guard<std::mutex> lk(abort_mu_);
      busy_ = false;
      aborted = watchdog_aborted_;
    }
    if (aborted) {
      {
        std::lock_guard<std::mutex> lk(abort_mu_);
        comm_ = nullptr;  // (aborted)
      }
      DSEEK_FAIL("process group: rank {} of {}: the expert-parallel forward/backward did not finish within {:.0f} s "
                 "(a rank died or stopped responding); aborted", opt_.rank, opt_.world, opt_.timeout_s);
    }
    if (err) std::rethrow_exception(err);
    return r;
  }
  void watch() {
    std::unique_lock<std::mutex> lk(abort_mu_);
    while (!stop_) {
      watchdog_cv_.wait_for(lk, std::chrono::milliseconds(100));
      if (busy_ && !watchdog_aborted_ && comm_ &&
          std::chrono::duration<double>(Clock::now() - busy_since_).count() > opt_.timeout_s) {
        watchdog_aborted_ = true;
        nccl().CommAbort(comm_);
      }
    }
  }
  // Each rank accumulates its micro-batches' gradients locally; the sum over
  // ranks is taken once, when the step's gradients are first read (reducing
  // after every micro-batch would count the earlier ones again). Every rank
  // reads them at the same point of the step, so the collective matches.
  void reduce_grads() {
    if (!reduce_pending_) return;
    reduce_pending_ = false;
    {
      DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
      if (opt_.zero1)
        nccl_check(nccl().ReduceScatter(gb_.data, gb_.data + gb_.lo, size_t(gb_.hi - gb_.lo), ncclFloat32, ncclSum,
                                        comm_, gb_.stream),
                   "ncclReduceScatter");
      else
        nccl_check(nccl().AllReduce(gb_.data, gb_.data, size_t(gb_.rep), ncclFloat32, ncclSum, comm_, gb_.stream),
                   "ncclAllReduce");
      wait(opt_.zero1 ? "gradient reduce-scatter" : "gradient all-reduce");
    }
  }
  // StepStats as doubles: 6 scalars, the layer count, then per layer its expert count and loads.
  static std::vector<double> pack(const StepStats& s) {
    std::vector<double> v = {s.loss, s.main_loss, s.mtp_loss, s.aux_loss, double(s.tokens), double(s.mtp_tokens),
                             double(s.expert_load.size())};
    for (const auto& l : s.expert_load) {
      v.push_back(double(l.size()));
      for (int64_t x : l) v.push_back(double(x));
    }
    return v;
  }
  std::vector<StepStats> unpack(const std::vector<double>& all) const {
    const size_t n = all.size() / size_t(opt_.world);
    std::vector<StepStats> out(size_t(opt_.world));
    for (int r = 0; r < opt_.world; ++r) {
      const double* v = all.data() + size_t(r) * n;
      StepStats& s = out[size_t(r)];
      s.loss = v[0], s.main_loss = v[1], s.mtp_loss = v[2], s.aux_loss = v[3];
      s.tokens = int64_t(v[4]), s.mtp_tokens = int64_t(v[5]);
      size_t k = 7;
      for (int64_t l = 0; l < int64_t(v[6]); ++l) {
        const int64_t e = int64_t(v[k++]);
        s.expert_load.emplace_back(v + k, v + k + e);
        k += size_t(e);
      }
      DSEEK_CHECK(k == n, "process group: rank {}'s step statistics are malformed ({} of {} values)", r, k, n);
    }
    return out;
  }
  void gather_moments(TrainParams& p) {
    DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
    const size_t slice = size_t(gb_.hi - gb_.lo);
    DevMem full(size_t(gb_.count) * 2 * sizeof(float));
    float* m = full.as<float>();
    float* v = m + gb_.count;
    nccl_check(nccl().GroupStart(), "ncclGroupStart");
    nccl_check(nccl().AllGather(gb_.m, m, slice, ncclFloat32, comm_, gb_.stream), "ncclAllGather");
    nccl_check(nccl().AllGather(gb_.v, v, slice, ncclFloat32, comm_, gb_.stream), "ncclAllGather");
    nccl_check(nccl().GroupEnd(), "ncclGroupEnd");
    wait("optimizer-state all-gather");
    download_moments(*dev_, p, m, v);
  }
  // Expert parallelism: every expert's weights (and moments) from the rank that holds it, by
  // broadcast, into every rank's copy of p (a checkpoint is the whole model).
  void gather_experts(TrainParams& p) {
    DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
    const int64_t per = p.cfg.n_routed_experts / opt_.world;
    int64_t most = 1;
    for (const auto& t : p.tensors)
      if (expert_of(t.name) >= 0) most = std::max(most, t.numel());
    DevMem buf(size_t(most) * 3 * sizeof(float));
    for (auto& t : p.tensors) {
      const int64_t e = expert_of(t.name);
      if (e < 0) continue;
      const int owner = int(e / per), parts = t.trainable ? 3 : 1;
      const int64_t n = t.numel();
      std::vector<float>* host[3] = {&t.w, &t.m, &t.v};
      for (int j = 0; j < parts; ++j) {
        float* d = buf.as<float>() + j * n;
        if (owner == opt_.rank) {
          DSEEK_CHECK_EQ(int64_t(host[j]->size()), n, "process group: expert tensor " + t.name);
          DSEEK_CUDA_CHECK(cudaMemcpyAsync(d, host[j]->data(), size_t(n) * 4, cudaMemcpyHostToDevice, gb_.stream));
        }
        nccl_check(nccl().Broadcast(d, d, size_t(n), ncclFloat32, owner, comm_, gb_.stream), "ncclBroadcast");
      }
      wait("expert broadcast");
      if (owner == opt_.rank) continue;
      for (int j = 0; j < parts; ++j) {
        host[j]->resize(size_t(n));
        DSEEK_CUDA_CHECK(cudaMemcpy(host[j]->data(), buf.as<float>() + j * n, size_t(n) * 4, cudaMemcpyDeviceToHost));
      }
    }
  }
  // All-gather of equal-length double vectors (lengths checked first).
  std::vector<double> gather_doubles(const std::vector<double>& mine) {
    const size_t W = size_t(opt_.world);
    std::vector<double> lens = gather_raw({double(mine.size())});
    for (size_t r = 0; r < W; ++r)
      DSEEK_CHECK(lens[r] == double(mine.size()), "process group: rank {} sent {} statistics, rank {} {} (do all ranks "
                  "run the same model and options?)", r, lens[r], opt_.rank, mine.size());
    return gather_raw(mine);
  }
  // Staged through pinned host memory: a copy to or from pageable memory would block the host
  // behind a hung collective, before wait() could notice.
  std::vector<double> gather_raw(const std::vector<double>& mine) {
    const size_t W = size_t(opt_.world), n = mine.size(), bytes = (W + 1) * n * sizeof(double);
    DSEEK_CUDA_CHECK(cudaSetDevice(gb_.device));
    if (buf_.bytes() < bytes) {
      buf_ = DevMem(bytes);
      if (host_) cudaFreeHost(host_);
      host_ = nullptr;
      DSEEK_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&host_), bytes));
    }
    double* send = buf_.as<double>();
    double* recv = send + n;
    std::copy(mine.begin(), mine.end(), host_);
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(send, host_, n * sizeof(double), cudaMemcpyHostToDevice, gb_.stream));
    nccl_check(nccl().AllGather(send, recv, n, ncclFloat64, comm_, gb_.stream), "ncclAllGather");
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(host_ + n, recv, W * n * sizeof(double), cudaMemcpyDeviceToHost, gb_.stream));
    wait("statistics all-gather");
    return std::vector<double>(host_ + n, host_ + n + W * n);
  }
  // Waits for the stream with a deadline: a dead peer leaves NCCL spinning forever, so poll, and abort.
  void wait(const char* what) {
    const auto t0 = Clock::now();
    for (;;) {
      const cudaError_t e = cudaStreamQuery(gb_.stream);
      if (e == cudaSuccess) return;
      if (e != cudaErrorNotReady) DSEEK_CUDA_CHECK(e);
      std::unique_lock<std::mutex> lk(abort_mu_);  // (the expert-parallel watchdog may abort too)
      DSEEK_CHECK(!watchdog_aborted_ && comm_, "process group: rank {} of {}: {}: the communicator was aborted "
                  "(a rank died or stopped responding)", opt_.rank, opt_.world, what);
      ncclResult_t async = ncclSuccess;
      nccl().CommGetAsyncError(comm_, &async);
      const double waited = std::chrono::duration<double>(Clock::now() - t0).count();
      if (async != ncclSuccess || waited > opt_.timeout_s) {
        nccl().CommAbort(comm_);
        comm_ = nullptr;
        watchdog_aborted_ = true;
        DSEEK_FAIL("process group: rank {} of {}: {} {} (a rank died or stopped responding); aborted", opt_.rank,
                   opt_.world, what,
                   async != ncclSuccess ? fmt::format("failed: {}", nccl().GetErrorString(async))
                                        : fmt::format("did not finish within {:.0f} s", opt_.timeout_s));
      }
      lk.unlock();
      std::this_thread::sleep_for(std::chrono::microseconds(waited < 0.01 ? 20 : 1000));
    }
  }

  CudaTrainOptions opt_;
  std::unique_ptr<train::TrainDevice> dev_;
  bool reduce_pending_ = false;  // backward passes ran since the last reduction
  GradBuffer gb_;
  ncclComm_t comm_ = nullptr;
  DevMem buf_;              // all-gather send + receive
  std::thread watchdog_;    // expert parallelism: see guarded()
  std::mutex abort_mu_;
  std::condition_variable watchdog_cv_;
  Clock::time_point busy_since_{};
  bool busy_ = false, stop_ = false;
  std::atomic<bool> watchdog_aborted_{false};  // the communicator was aborted (by the watchdog or wait())
  double* host_ = nullptr;  // pinned staging of the same size
};

}  // namespace

std::unique_ptr<train::TrainDevice> make_process_group_train_device(const train::TrainParams& p,
                                                                    const CudaTrainOptions& o) {
  return std::make_unique<ProcessGroupTrainDevice>(p, o);
}
#else
std::unique_ptr<train::TrainDevice> make_process_group_train_device(const train::TrainParams&,
                                                                    const CudaTrainOptions&) {
  DSEEK_FAIL("multi-process training needs NCCL, and this dseek was built without nccl.h");
}
#endif

}  // namespace dseek::cu
