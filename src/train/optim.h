// optim.h — the optimizer side of training: AdamW over TrainParams (FP32
// master weights and moments), global gradient-norm clipping, the learning
// rate schedule (linear warm-up + cosine decay to min_lr) and the guard that
// skips an update on NaN/Inf or a loss spike.
// AdamW follows torch.optim.AdamW (decoupled decay: w *= 1 - lr·wd, then
// w -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps)); weight decay applies
// to matrices only (rank >= 2), never to norms or biases; tensors with
// trainable=false are left alone.
// What it is not: gradient computation (train/model_grad.*), gradient
// accumulation (the trainer sums micro-batches and passes grad_scale), or the
// expert-bias balance rule (train/balance.*).
#pragma once

#include <cstdint>
#include <string>

#include "train/params.h"

namespace dseek {
class ThreadPool;
}

namespace dseek::train {

struct AdamWOptions {
  float beta1 = 0.9f;
  float beta2 = 0.95f;
  float eps = 1e-8f;
  float weight_decay = 0.1f;
  float clip_norm = 1.0f;     // global L2 norm clip; <= 0 disables
  bool bf16_moments = false;  // round m and v to BF16 after each update (CUDA on one GPU: stored in BF16)
};

// Linear warm-up from lr/warmup to lr over `warmup` steps, then cosine decay
// to min_lr at step `total`, min_lr after. `step` counts optimizer steps from 0.
struct LrSchedule {
  float lr = 3e-4f;
  float min_lr = 3e-5f;
  int64_t warmup = 0;
  int64_t total = 1;
  float at(int64_t step) const;
};

struct OptimStepResult {
  double grad_norm = 0;   // after grad_scale, before clipping
  double clip_coef = 1;   // factor applied to the gradients (<= 1)
  bool applied = false;
};

// The scalars of one AdamW update (as step_with_norm computes them), for a
// device that applies it (train/device.h).
struct AdamStepArgs {
  float gs = 1;          // gradient multiplier: grad_scale × clip coefficient
  float b1 = 0.9f, b2 = 0.95f, eps = 1e-8f;
  float step_size = 0;   // lr / (1 − β1^t)
  float bc2_sqrt = 1;    // sqrt(1 − β2^t)
  float decay = 1;       // 1 − lr·wd for tensors that decay (decays()), others use 1
  bool bf16_moments = false;
};

class AdamW {
 public:
  explicit AdamW(AdamWOptions opt = {}) : opt_(opt) {}

  // Allocates zeroed m/v for trainable tensors that lack them (idempotent).
  void init_state(TrainParams& p) const;
  // Global L2 norm of scale·g over trainable tensors (double accumulation,
  // fixed summation order: deterministic for any pool size).
  static double grad_norm(const TrainParams& p, double scale = 1.0, ThreadPool* pool = nullptr);
  // One update with gradients g·grad_scale, clipped to opt.clip_norm.
  // Does not zero the gradients.
  OptimStepResult step(TrainParams& p, float lr, double grad_scale = 1.0, ThreadPool* pool = nullptr);
  // Applies a step whose grad norm the caller already computed (no second pass).
  OptimStepResult step_with_norm(TrainParams& p, float lr, double grad_scale, double grad_norm,
                                 ThreadPool* pool = nullptr);

  // Counts the update (t += 1) and returns its scalars without touching
  // any tensor: for updates applied on a device.
  AdamStepArgs prepare(float lr, double grad_scale, double grad_norm, OptimStepResult& r);

  int64_t steps() const { return t_; }       // updates applied so far (bias-correction t)
  void set_steps(int64_t t) { t_ = t; }      // for resume
  const AdamWOptions& options() const { return opt_; }

 private:
  AdamWOptions opt_;
  int64_t t_ = 0;
};

// Decides whether an update must be skipped: loss or grad norm not finite, or
// loss > spike_factor × EMA(loss) once min_steps accepted losses were seen.
// The EMA only moves on accepted steps.
struct SpikeGuardOptions {
  float spike_factor = 3.0f;  // <= 0 disables the spike test (NaN/Inf is always checked)
  float ema_decay = 0.95f;
  int64_t min_steps = 10;
};

class SpikeGuard {
 public:
  explicit SpikeGuard(SpikeGuardOptions opt = {}) : opt_(opt) {}
  // Empty string: accept (and the EMA is updated). Otherwise the reason to skip.
  std::string check(double loss, double grad_norm);
  double ema() const { return ema_; }
  int64_t seen() const { return seen_; }
  void set_state(double ema, int64_t seen) { ema_ = ema; seen_ = seen; }

 private:
  SpikeGuardOptions opt_;
  double ema_ = 0;
  int64_t seen_ = 0;
};

// Whether AdamW decays this tensor (matrices yes; norms, biases no).
bool decays(const ParamTensor& t);

}  // namespace dseek::train
