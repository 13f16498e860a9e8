// test_cuda_ep_train.cpp — expert-parallel training's per-GPU half (backend/
// cuda/cuda_train.cpp, cuda_train_moe.cpp: the split flat buffers, the MoE
// layer's all-gather of every GPU's tokens and reduce-scatter of the outputs
// and gradients, the gradient norm over the replicated part and every GPU's
// experts, downloads filled by each expert's owner) on ONE GPU: two expert-
// parallel replicas on two threads whose collectives are emulated with copies
// must train exactly as one device with 2 accumulated micro-batches, with the
// tokens dispatched by all-gather and by all-to-all. The NCCL
// calls themselves are covered by CudaTrain.TwoGpusExpertParallelEqualsOneGpu
// (2 GPUs). Skipped without a CUDA device.
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

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

// The emulation's meeting point and what each side publishes there.
struct Meet : test::Meeting {
  const void* send[2] = {nullptr, nullptr};
  const std::vector<int64_t>* rows[2] = {nullptr, nullptr};
};

void ok(cudaError_t e) { ASSERT_EQ(e, cudaSuccess) << cudaGetErrorString(e); }

cu::EpCollectives emulated(Meet& m, int rank) {
  cu::EpCollectives c;
  c.all_gather = [&m, rank](const void* send, void* recv, size_t bytes, cudaStream_t s) {
    ok(cudaStreamSynchronize(s));
    m.send[rank] = send;
    m.wait();
    for (int r = 0; r < 2; ++r)  // on the replica's stream: a plain cudaMemcpy would not order its kernels
      ok(cudaMemcpyAsync(static_cast<char*>(recv) + r * bytes, m.send[r], bytes, cudaMemcpyDeviceToDevice, s));
    ok(cudaStreamSynchronize(s));
    m.wait();  // both have copied before either sender reuses its buffer
  };
  c.reduce_scatter = [&m, rank](const float* send, float* recv, size_t n, cudaStream_t s) {
    ok(cudaStreamSynchronize(s));
    m.send[rank] = send;
    m.wait();
    std::vector<float> a(n), b(n);
    ok(cudaMemcpy(a.data(), static_cast<const float*>(m.send[0]) + rank * n, n * 4, cudaMemcpyDeviceToHost));
    ok(cudaMemcpy(b.data(), static_cast<const float*>(m.send[1]) + rank * n, n * 4, cudaMemcpyDeviceToHost));
    for (size_t i = 0; i < n; ++i) a[i] += b[i];
    ok(cudaMemcpyAsync(recv, a.data(), n * 4, cudaMemcpyHostToDevice, s));
    ok(cudaStreamSynchronize(s));
    m.wait();
  };
  c.all_to_all = [&m, rank](const void* send, const std::vector<int64_t>& send_rows, void* recv,
                            const std::vector<int64_t>& recv_rows, size_t row_bytes, cudaStream_t s) {
    ok(cudaStreamSynchronize(s));
    m.send[rank] = send;
    m.rows[rank] = &send_rows;
    m.wait();
    size_t ro = 0;
    for (int src = 0; src < 2; ++src) {
      const std::vector<int64_t>& sr = *m.rows[src];
      ASSERT_EQ(sr[size_t(rank)], recv_rows[size_t(src)]) << "rows " << src << " -> " << rank;
      int64_t so = 0;
      for (int d = 0; d < rank; ++d) so += sr[size_t(d)];
      const size_t b = size_t(sr[size_t(rank)]) * row_bytes;
      if (b) ok(cudaMemcpyAsync(static_cast<char*>(recv) + ro, static_cast<const char*>(m.send[src]) + size_t(so) * row_bytes, b,
                                cudaMemcpyDeviceToDevice, s));
      ro += b;
    }
    ok(cudaStreamSynchronize(s));
    m.wait();
  };
  return c;
}

// Two expert-parallel replicas on the same GPU; the replicated part's all-reduce by host sums.
class EmulatedExpertParallel final : public test::ReplicaSet {
 public:
  EmulatedExpertParallel(const TrainParams& p, CudaTrainOptions o) {
    o.expert_parallel = true;
    for (int r = 0; r < 2; ++r) {
      reps_.push_back(cu::make_single_gpu_train_device(p, o, r, 2));
      cu::set_expert_collectives(*reps_.back(), emulated(meet_, r));
    }
  }
  std::string name() const override { return "emulated expert parallelism x2"; }
  void zero_grad() override {
    for (auto& r : reps_) r->zero_grad();
    reduced_ = false;
  }
  StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) override {
    return both({b, b}, o, backward)[0];
  }
  std::vector<StepStats> forward_backward_many(const std::vector<Batch>& bs, const LossOptions& o,
                                               bool backward) override {
    return both(bs, o, backward);
  }
  double grad_norm(double scale) override {
    reduce();
    const double s = cu::replicated_grad_sumsq(*reps_[0]) + cu::expert_grad_sumsq(*reps_[0]) +
                     cu::expert_grad_sumsq(*reps_[1]);
    return std::sqrt(s) * std::abs(scale);
  }
  void adamw_update(const AdamStepArgs& a) override {
    reduce();
    for (auto& r : reps_) r->adamw_update(a);
  }

 private:
  std::vector<StepStats> both(const std::vector<Batch>& bs, const LossOptions& o, bool backward) {
    std::vector<StepStats> out(2);
    std::thread t1([&] { out[1] = reps_[1]->forward_backward(bs[1], o, backward); });
    out[0] = reps_[0]->forward_backward(bs[0], o, backward);
    t1.join();
    return out;
  }
  void reduce() {  // the replicated part summed over the replicas, once per step
    if (reduced_) return;
    reduced_ = true;
    const cu::GradBuffer a = cu::grad_buffer(*reps_[0]), b = cu::grad_buffer(*reps_[1]);
    ASSERT_EQ(a.rep, b.rep);
    ASSERT_LT(a.rep, a.count);  // the experts are not replicated
    std::vector<float> x(size_t(a.rep)), y(size_t(a.rep));
    ok(cudaMemcpy(x.data(), a.data, x.size() * 4, cudaMemcpyDeviceToHost));
    ok(cudaMemcpy(y.data(), b.data, y.size() * 4, cudaMemcpyDeviceToHost));
    for (size_t i = 0; i < x.size(); ++i) x[i] += y[i];
    ok(cudaMemcpy(a.data, x.data(), x.size() * 4, cudaMemcpyHostToDevice));
    ok(cudaMemcpy(b.data, x.data(), x.size() * 4, cudaMemcpyHostToDevice));
    ok(cudaDeviceSynchronize());  // the DMA is done before the replicas' own streams read the sums
  }
  Meet meet_;
  bool reduced_ = false;
};

}  // namespace

TEST(CudaExpertParallelTrain, TwoReplicasTrainAsOneDeviceWithAccumulation) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  ThreadPool pool(2);
  for (const test::EpCase& ec : test::ep_cases()) {
    SCOPED_TRACE(ec.name());
    const bool bf16 = ec.bf16;
    const auto dispatch = ec.dispatch;
    TrainOptions o1 = train::testing::small_options(8), o2 = o1;
    o1.grad_accum = 2;
    o2.grad_accum = 1;
    auto one = test::make_micro_trainer(o1, &pool), two = test::make_micro_trainer(o2, &pool);
    CudaTrainOptions co;
    co.bf16 = bf16;
    co.expert_layout = bf16 ? CudaTrainOptions::ExpertLayout::kGrouped : CudaTrainOptions::ExpertLayout::kUniform;
    co.ep_dispatch = dispatch;
    one->set_device(make_cuda_train_device(one->params(), co));
    two->set_device(std::make_unique<EmulatedExpertParallel>(two->params(), co));
    const double tl = bf16 ? 2e-3 : 1e-5, tg = bf16 ? 3e-2 : 1e-4;
    test::expect_same_steps(*one, *two, o1.steps, tl, tg, !bf16);
    if (bf16) continue;
    // Weights and AdamW moments of every tensor, the experts' from the replica that holds them.
    const size_t experts = test::expect_same_state(one->params(), two->params());
    EXPECT_GT(experts, 0u);
  }
}
