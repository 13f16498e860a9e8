// test_cuda_zero1.cpp — ZeRO-1's per-replica half (backend/cuda/cuda_train.cpp:
// optimizer slices, moments of the slice only, slice-wise AdamW and gradient
// norm, moments downloaded slice by slice) on ONE GPU: two sharded replicas
// whose collectives are emulated with plain copies (reduce-scatter = sum the
// two replicas' slices, all-gather = copy each slice to the other) must train
// exactly as one unsharded device with 2 accumulated micro-batches. The NCCL
// calls themselves are covered by CudaTrain.TwoGpusZero1EqualsAllReduce (2 GPUs).
// Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <cmath>
#include <cuda_runtime.h>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "backend/cuda/cuda_train_impl.h"
#include "core/threadpool.h"
#include "train/data.h"
#include "train/model_grad.h"
#include "train/trainer.h"
#include "../../train/trainer_test_util.h"
#include "multi_gpu_test_util.h"

using namespace dseek;
using namespace dseek::train;

namespace {

// Two sharded replicas on the same GPU; collectives by cudaMemcpy through the host.
class EmulatedZero1 final : public test::ReplicaSet {
 public:
  EmulatedZero1(const TrainParams& p, const CudaTrainOptions& o) {
    for (int r = 0; r < 2; ++r) reps_.push_back(cu::make_single_gpu_train_device(p, o, r, 2));
  }
  std::string name() const override { return "emulated ZeRO-1 x2"; }
  void zero_grad() override {
    for (auto& r : reps_) r->zero_grad();
  }
  StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) override {
    return reps_[0]->forward_backward(b, o, backward);
  }
  std::vector<StepStats> forward_backward_many(const std::vector<Batch>& bs, const LossOptions& o,
                                               bool backward) override {
    std::vector<StepStats> out;
    for (size_t i = 0; i < bs.size(); ++i) out.push_back(reps_[i]->forward_backward(bs[i], o, backward));
    if (!backward) return out;
    // Reduce-scatter: replica r's slice r = the sum of both replicas' slice r.
    for (int r = 0; r < 2; ++r) {
      const cu::GradBuffer a = cu::grad_buffer(*reps_[size_t(r)]), b = cu::grad_buffer(*reps_[size_t(1 - r)]);
      const size_t n = size_t(a.hi - a.lo);
      std::vector<float> x(n), y(n);
      EXPECT_EQ(cudaMemcpy(x.data(), a.data + a.lo, n * 4, cudaMemcpyDeviceToHost), cudaSuccess);
      EXPECT_EQ(cudaMemcpy(y.data(), b.data + a.lo, n * 4, cudaMemcpyDeviceToHost), cudaSuccess);
      for (size_t i = 0; i < n; ++i) x[i] += y[i];
      EXPECT_EQ(cudaMemcpy(a.data + a.lo, x.data(), n * 4, cudaMemcpyHostToDevice), cudaSuccess);
    }
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);  // the DMA is done before the replicas' streams read it
    return out;
  }
  double grad_norm(double scale) override {
    return std::sqrt(cu::slice_grad_sumsq(*reps_[0]) + cu::slice_grad_sumsq(*reps_[1])) * std::abs(scale);
  }
  void adamw_update(const AdamStepArgs& a) override {
    for (auto& r : reps_) cu::slice_adamw(*r, a);
    for (int r = 0; r < 2; ++r) {  // all-gather: slice r of replica r to the other replica
      const cu::GradBuffer s = cu::grad_buffer(*reps_[size_t(r)]), d = cu::grad_buffer(*reps_[size_t(1 - r)]);
      EXPECT_EQ(cudaStreamSynchronize(s.stream), cudaSuccess);
      EXPECT_EQ(cudaMemcpy(d.weights + s.lo, s.weights + s.lo, size_t(s.hi - s.lo) * 4, cudaMemcpyDeviceToDevice),
                cudaSuccess);
    }
    EXPECT_EQ(cudaDeviceSynchronize(), cudaSuccess);
    for (auto& r : reps_) cu::refresh_weight_copies(*r);
  }
};

TEST(CudaZero1, ShardedReplicasTrainAsOneDeviceWithAccumulation) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  ThreadPool pool(2);
  TrainOptions o1 = train::testing::small_options(8), o2 = o1;
  o1.grad_accum = 2;
  o2.grad_accum = 1;
  auto one = test::make_micro_trainer(o1, &pool), two = test::make_micro_trainer(o2, &pool);
  CudaTrainOptions co;
  co.bf16 = false;  // fp32: the two must agree to rounding
  one->set_device(make_cuda_train_device(one->params(), co));
  two->set_device(std::make_unique<EmulatedZero1>(two->params(), co));
  for (int i = 0; i < o1.steps; ++i) {
    const StepRecord a = one->step(), b = two->step();
    ASSERT_FALSE(b.skipped) << b.skip_reason;
    EXPECT_NEAR(b.stats.loss, a.stats.loss, 1e-5 * a.stats.loss) << "step " << i;
    EXPECT_NEAR(b.grad_norm, a.grad_norm, 1e-4 * a.grad_norm) << "step " << i;
    EXPECT_EQ(b.stats.expert_load, a.stats.expert_load) << "step " << i;
  }
  // Weights and BOTH slices of the AdamW moments came back (a slice left at zero would fail).
  const TrainParams &pa = one->params(), &pb = two->params();
  size_t nonzero = 0, total = 0;
  for (size_t t = 0; t < pa.tensors.size(); ++t) {  // (tolerances: test::agree)
    const auto &x = pa.tensors[t], &y = pb.tensors[t];
    ASSERT_EQ(x.w.size(), y.w.size()) << x.name;
    const float sw = test::max_abs(x.w), sm = test::max_abs(x.m), sv = test::max_abs(x.v);
    for (size_t i = 0; i < x.w.size(); ++i)
      ASSERT_TRUE(test::agree(y.w[i], x.w[i], 1e-4f, 1e-5f, sw)) << x.name << "[" << i << "] " << y.w[i] << " vs " << x.w[i];
    ASSERT_EQ(x.v.size(), y.v.size()) << x.name;
    for (size_t i = 0; i < x.v.size(); ++i) {
      ASSERT_TRUE(test::agree(y.m[i], x.m[i], 1e-3f, 1e-4f, sm)) << x.name << " m[" << i << "] " << y.m[i] << " vs " << x.m[i];
      ASSERT_TRUE(test::agree(y.v[i], x.v[i], 1e-3f, 1e-6f, sv)) << x.name << " v[" << i << "] " << y.v[i] << " vs " << x.v[i];
      nonzero += y.v[i] != 0 ? 1 : 0;
      ++total;
    }
  }
  EXPECT_GT(nonzero, total / 2) << "moments missing from a slice";
}

}  // namespace
