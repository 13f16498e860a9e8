// cuda_train_dp.cpp — data parallelism over the GPUs of this process (dseek
// train --gpus 0,1): one single-GPU trainer per GPU (cuda_train.cpp), each on
// its own host thread for the forward/backward, gradients summed with NCCL
// (ncclCommInitAll; group calls from this thread) once per step. ZeRO-1
// shards the optimizer; expert parallelism splits the routed experts (the MoE
// layers' collectives run inside the replicas' forward/backward).
// What it is not: the multi-process group (cuda_train_mp.cpp).
#include <cmath>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "backend/cuda/cuda_train_impl.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/nccl_dyn.h"
#include "core/check.h"

namespace dseek::cu {

#ifdef DSEEK_HAVE_NCCL_H
namespace {

using train::Batch;
using train::LossOptions;
using train::StepStats;
using train::TrainParams;

// Data parallelism over the GPUs of this process: identical replicas (same
// weights, same AdamW updates from the same summed gradients), one
// micro-batch each per call, gradients all-reduced (sum) by NCCL. With
// zero1, ZeRO-1: gradients reduce-scattered, each replica updates its slice
// (and holds that slice's moments only), the fp32 weights all-gathered.
class DataParallelTrainDevice final : public train::TrainDevice {
 public:
  DataParallelTrainDevice(const TrainParams& p, const CudaTrainOptions& o) : zero1_(o.zero1), ep_(o.expert_parallel) {
    const Nccl& n = nccl();
    const int world = int(o.devices.size());
    const bool split = zero1_ || ep_;  // each replica gets its part (optimizer slice or experts)
    for (int i = 0; i < world; ++i) {
      CudaTrainOptions one = o;
      one.device = o.devices[size_t(i)];
      one.devices.clear();
      reps_.push_back(make_single_gpu_train_device(p, one, split ? i : 0, split ? world : 1));
    }
    comms_.resize(reps_.size());
    nccl_check(n.CommInitAll(comms_.data(), int(comms_.size()), o.devices.data()), "ncclCommInitAll");
    if (ep_)
      for (size_t i = 0; i < reps_.size(); ++i) set_expert_collectives(*reps_[i], make_nccl_collectives(comms_[i]));
  }
  ~DataParallelTrainDevice() override {
    for (ncclComm_t c : comms_)
      if (c) nccl().CommDestroy(c);
  }
  std::string name() const override {
    std::string s = fmt::format("data-parallel{} over {} GPUs (NCCL):",
                                zero1_ ? " (ZeRO-1)" : ep_ ? " + expert-parallel" : "", reps_.size());
    for (const auto& r : reps_) s += " " + r->name();
    return s;
  }
  int replicas() const override { return int(reps_.size()); }
  void upload(const TrainParams& p) override {
    for (auto& r : reps_) r->upload(p);
  }
  void upload_tensor(const TrainParams& p, const std::string& name) override {
    for (auto& r : reps_) r->upload_tensor(p, name);
  }
  void download(TrainParams& p, bool grads) const override {
    if (grads) const_cast<DataParallelTrainDevice*>(this)->reduce_grads();
    // Sharded: every replica fills its slice of the moments (weights are the same everywhere);
    // expert-parallel: its experts.
    for (size_t i = 0; i < (zero1_ || ep_ ? reps_.size() : 1); ++i) reps_[i]->download(p, grads);
  }
  void zero_grad() override {
    for (auto& r : reps_) r->zero_grad();
    reduce_pending_ = false;
  }
  StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) override {
    DSEEK_CHECK(!backward, "data-parallel device: a backward pass needs one micro-batch per GPU "
                "(forward_backward_many)");
    if (!ep_) return reps_[0]->forward_backward(b, o, false);  // evaluation: replica 0 holds the same weights
    return run_all(std::vector<Batch>(reps_.size(), b), o, false)[0];  // the experts need every GPU
  }
  std::vector<StepStats> forward_backward_many(const std::vector<Batch>& bs, const LossOptions& o,
                                               bool backward) override {
    DSEEK_CHECK_EQ(bs.size(), reps_.size(), "data-parallel device: micro-batches (one per GPU)");
    std::vector<StepStats> out = run_all(bs, o, backward);
    if (backward) reduce_pending_ = true;  // accumulated micro-batches: one reduction per step
    return out;
  }
  double grad_norm(double scale) override {
    reduce_grads();
    if (ep_) {  // the replicated part once (the same everywhere after the all-reduce), every GPU's experts
      double acc = replicated_grad_sumsq(*reps_[0]);
      for (auto& r : reps_) acc += expert_grad_sumsq(*r);
      return std::sqrt(acc) * std::abs(scale);
    }
    if (!zero1_) return reps_[0]->grad_norm(scale);
    double acc = 0;  // the slices partition the buffer
    for (auto& r : reps_) acc += slice_grad_sumsq(*r);
    return std::sqrt(acc) * std::abs(scale);
  }
  void adamw_update(const train::AdamStepArgs& a) override {
    reduce_grads();
    if (!zero1_) {
      for (auto& r : reps_) r->adamw_update(a);
      return;
    }
    for (auto& r : reps_) slice_adamw(*r, a);
    const Nccl& n = nccl();
    nccl_check(n.GroupStart(), "ncclGroupStart");
    for (size_t i = 0; i < reps_.size(); ++i) {
      const GradBuffer r = grad_buffer(*reps_[i]);
      nccl_check(n.AllGather(r.weights + r.lo, r.weights, size_t(r.hi - r.lo), ncclFloat32, comms_[i], r.stream),
                 "ncclAllGather");
    }
    nccl_check(n.GroupEnd(), "ncclGroupEnd");
    for (auto& r : reps_) refresh_weight_copies(*r);
  }
  std::string memory_report() const override { return "per GPU: " + reps_[0]->memory_report(); }

 private:
  // Each replica's forward_backward on its own thread (expert parallelism: their collectives meet).
  std::vector<StepStats> run_all(const std::vector<Batch>& bs, const LossOptions& o, bool backward) {
    std::vector<StepStats> out(bs.size());
    std::vector<std::exception_ptr> err(bs.size());
    std::vector<std::thread> th;
    for (size_t i = 0; i < bs.size(); ++i)
      th.emplace_back([&, i] {
        try {
          out[i] = reps_[i]->forward_backward(bs[i], o, backward);
        } catch (...) {
          err[i] = std::current_exception();
        }
      });
    for (auto& t : th) t.join();
    for (auto& e : err)
      if (e) std::rethrow_exception(e);
    return out;
  }
  // Each replica accumulates its micro-batches' gradients locally; the sum over
  // replicas is taken once, when the step's gradients are first read (reducing
  // after every micro-batch would count the earlier ones again).
  void reduce_grads() {
    if (!reduce_pending_) return;
    reduce_pending_ = false;
    const Nccl& n = nccl();
    std::vector<GradBuffer> gb;
    for (auto& r : reps_) gb.push_back(grad_buffer(*r));
    nccl_check(n.GroupStart(), "ncclGroupStart");
    for (size_t i = 0; i < reps_.size(); ++i) {
      const GradBuffer& r = gb[i];
      if (zero1_)  // in place: replica i receives the summed slice i
        nccl_check(n.ReduceScatter(r.data, r.data + r.lo, size_t(r.hi - r.lo), ncclFloat32, ncclSum, comms_[i],
                                   r.stream),
                   "ncclReduceScatter");
      else  // the replicated part (all of it without expert parallelism)
        nccl_check(n.AllReduce(r.data, r.data, size_t(r.rep), ncclFloat32, ncclSum, comms_[i], r.stream),
                   "ncclAllReduce");
    }
    nccl_check(n.GroupEnd(), "ncclGroupEnd");
    for (const GradBuffer& r : gb) {
      DSEEK_CUDA_CHECK(cudaSetDevice(r.device));
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(r.stream));
    }
  }
  bool zero1_ = false;
  bool ep_ = false;  // expert parallelism: each replica holds and updates its experts only
  bool reduce_pending_ = false;  // backward passes ran since the last reduction
  std::vector<std::unique_ptr<train::TrainDevice>> reps_;
  std::vector<ncclComm_t> comms_;
};

}  // namespace
#endif

std::unique_ptr<train::TrainDevice> make_data_parallel_train_device(const train::TrainParams& p,
                                                                    const CudaTrainOptions& o) {
#ifdef DSEEK_HAVE_NCCL_H
  return std::make_unique<DataParallelTrainDevice>(p, o);
#else
  (void)p, (void)o;
  DSEEK_FAIL("multi-GPU training needs NCCL, and this dseek was built without nccl.h");
#endif
}

}  // namespace dseek::cu
