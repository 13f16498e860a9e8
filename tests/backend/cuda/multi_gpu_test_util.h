// multi_gpu_test_util.h — helpers shared by the multi-GPU training and
// inference tests (tests/backend/cuda, tests/backend): a meeting point for two
// threads that emulate a collective, the micro trainer they compare, and the
// check that two trainers hold the same weights and AdamW moments.
// What it is not: a collective library (the emulations live in their tests).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend/cuda/cuda_train.h"
#include "core/threadpool.h"
#include "train/data.h"
#include "train/model_grad.h"
#include "train/trainer.h"
#include "../../train/trainer_test_util.h"

namespace dseek::test {

// Two threads meet here: each wait() returns once both have arrived.
class Meeting {
 public:
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    const uint64_t g = gen_;
    if (++arrived_ == 2) {
      arrived_ = 0;
      ++gen_;
      cv_.notify_all();
    } else {
      cv_.wait(lk, [&] { return gen_ != g; });
    }
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int arrived_ = 0;
  uint64_t gen_ = 0;
};

// The expert-parallel training cases: fp32 with the uniform expert layout and BF16 with the grouped
// one, each with both dispatches.
struct EpCase {
  bool bf16;
  CudaTrainOptions::EpDispatch dispatch;
  std::string name() const {
    return std::string(bf16 ? "bf16, grouped experts" : "fp32, uniform experts") +
           (dispatch == CudaTrainOptions::EpDispatch::kAllToAll ? ", all-to-all" : ", all-gather");
  }
};
inline std::vector<EpCase> ep_cases() {
  using D = CudaTrainOptions::EpDispatch;
  return {{false, D::kAllGather}, {true, D::kAllGather}, {false, D::kAllToAll}, {true, D::kAllToAll}};
}

// The micro preset on the sentence corpus, seeded by o.seed (no device yet).
inline std::unique_ptr<train::Trainer> make_micro_trainer(const train::TrainOptions& o, ThreadPool* pool,
                                                          uint64_t init_seed = 1) {
  train::LoaderOptions lo;
  lo.seed = o.seed;
  return std::make_unique<train::Trainer>(train::init_params(train::training_model_config("micro"), init_seed), o,
                                          std::make_unique<train::PackedLoader>(train::testing::sentence_docs(), lo),
                                          nullptr, pool);
}

// Steps both trainers `steps` times: the same losses (relative tl), gradient norms (tg) and, when
// `loads`, expert loads, with no step skipped.
inline void expect_same_steps(train::Trainer& one, train::Trainer& two, int64_t steps, double tl, double tg,
                              bool loads) {
  for (int64_t i = 0; i < steps; ++i) {
    const train::StepRecord a = one.step(), b = two.step();
    ASSERT_FALSE(b.skipped) << b.skip_reason;
    EXPECT_NEAR(b.stats.loss, a.stats.loss, tl * a.stats.loss) << "step " << i;
    EXPECT_NEAR(b.grad_norm, a.grad_norm, tg * a.grad_norm) << "step " << i;
    if (loads) {
      EXPECT_EQ(b.stats.expert_load, a.stats.expert_load) << "step " << i;
    }
  }
}

// A test's stand-in for a multi-GPU device: replicas (single-GPU devices) that the weights go to
// and come from; the subclass emulates the collectives.
class ReplicaSet : public train::TrainDevice {
 public:
  int replicas() const override { return int(reps_.size()); }
  void upload(const train::TrainParams& p) override {
    for (auto& r : reps_) r->upload(p);
  }
  void upload_tensor(const train::TrainParams& p, const std::string& n) override {
    for (auto& r : reps_) r->upload_tensor(p, n);
  }
  void download(train::TrainParams& p, bool grads) const override {
    for (auto& r : reps_) r->download(p, grads);  // each fills its part (slice of the moments, experts)
  }
  std::string memory_report() const override { return reps_[0]->memory_report(); }

 protected:
  std::vector<std::unique_ptr<train::TrainDevice>> reps_;
};

// Rounding-level agreement of two fp32 runs that sum the same terms in different orders (gradient
// accumulation on one device vs replicas added up): |y - x| <= rel·|x| + floor·max|x over the tensor|.
// The floor matters where a sum cancels to near zero: its rounding error scales with the terms, not
// with the result, and AdamW carries such an error into the weights and moments. A wrong sum, a
// missing slice or a skipped replica differ at the tensor's own scale and still fail.
inline float max_abs(const std::vector<float>& v) {
  float m = 0;
  for (float f : v) m = std::max(m, std::abs(f));
  return m;
}
inline bool agree(float y, float x, float rel, float floor, float scale) {
  return std::abs(y - x) <= rel * std::abs(x) + floor * scale;
}

// Every tensor's weights (1e-4 relative, floor 1e-5 of the tensor's largest) and AdamW second moments
// (1e-3, floor 1e-6) agree; returns how many routed-expert tensors were compared (a split model must
// not leave them out).
inline size_t expect_same_state(const train::TrainParams& a, const train::TrainParams& b) {
  size_t experts = 0;
  EXPECT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t t = 0; t < a.tensors.size() && t < b.tensors.size(); ++t) {
    const auto &x = a.tensors[t], &y = b.tensors[t];
    EXPECT_EQ(x.w.size(), y.w.size()) << x.name;
    if (x.w.size() != y.w.size()) continue;
    const float sw = max_abs(x.w);
    for (size_t i = 0; i < x.w.size(); ++i)
      if (!agree(y.w[i], x.w[i], 1e-4f, 1e-5f, sw)) {
        ADD_FAILURE() << x.name << "[" << i << "]: " << y.w[i] << " vs " << x.w[i];
        break;
      }
    if (!x.trainable) continue;
    EXPECT_EQ(x.v.size(), y.v.size()) << x.name;
    if (x.v.size() != y.v.size()) continue;
    const float sv = max_abs(x.v);
    for (size_t i = 0; i < x.v.size(); ++i)
      if (!agree(y.v[i], x.v[i], 1e-3f, 1e-6f, sv)) {
        ADD_FAILURE() << x.name << " v[" << i << "]: " << y.v[i] << " vs " << x.v[i];
        break;
      }
    experts += x.name.find(".mlp.experts.") != std::string::npos ? 1 : 0;
  }
  return experts;
}

}  // namespace dseek::test
