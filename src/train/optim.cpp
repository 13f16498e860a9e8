// optim.cpp — AdamW, gradient-norm clipping, LR schedule, spike guard (see optim.h).
#include "train/optim.h"

#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "core/check.h"
#include "core/dtype.h"
#include "core/threadpool.h"

namespace dseek::train {

float LrSchedule::at(int64_t step) const {
  DSEEK_CHECK(step >= 0, "LrSchedule: negative step {}", step);
  if (warmup > 0 && step < warmup) return lr * float(step + 1) / float(warmup);
  const int64_t decay = total - warmup;
  if (decay <= 0) return lr;
  const double p = std::min(1.0, double(step - warmup) / double(decay));
  constexpr double kPi = 3.14159265358979323846;
  return float(min_lr + 0.5 * (double(lr) - min_lr) * (1.0 + std::cos(kPi * p)));
}

bool decays(const ParamTensor& t) { return t.trainable && t.shape.size() >= 2; }

void AdamW::init_state(TrainParams& p) const {
  for (ParamTensor& t : p.tensors) {
    if (!t.trainable) continue;
    if (t.m.size() != t.w.size()) t.m.assign(t.w.size(), 0.0f);
    if (t.v.size() != t.w.size()) t.v.assign(t.w.size(), 0.0f);
  }
}

namespace {

template <class F>
void for_tensors(TrainParams& p, ThreadPool* pool, F&& f) {
  const int64_t n = int64_t(p.tensors.size());
  if (pool) pool->parallel_for(n, [&](int64_t i) { f(p.tensors[size_t(i)]); }, 1);
  else
    for (int64_t i = 0; i < n; ++i) f(p.tensors[size_t(i)]);
}

}  // namespace

double AdamW::grad_norm(const TrainParams& p, double scale, ThreadPool* pool) {
  std::vector<double> part(p.tensors.size(), 0.0);
  auto one = [&](int64_t i) {
    const ParamTensor& t = p.tensors[size_t(i)];
    if (!t.trainable || t.g.empty()) return;
    double s = 0;
    for (float g : t.g) s += double(g) * double(g);
    part[size_t(i)] = s;
  };
  const int64_t n = int64_t(p.tensors.size());
  if (pool) pool->parallel_for(n, one, 1);
  else
    for (int64_t i = 0; i < n; ++i) one(i);
  double s = 0;
  for (double x : part) s += x;  // fixed order
  return std::sqrt(s) * std::abs(scale);
}

OptimStepResult AdamW::step(TrainParams& p, float lr, double grad_scale, ThreadPool* pool) {
  return step_with_norm(p, lr, grad_scale, grad_norm(p, grad_scale, pool), pool);
}

OptimStepResult AdamW::step_with_norm(TrainParams& p, float lr, double grad_scale, double gnorm, ThreadPool* pool) {
  DSEEK_CHECK(std::isfinite(gnorm), "AdamW: gradient norm is not finite ({})", gnorm);
  DSEEK_CHECK(std::isfinite(lr) && lr >= 0, "AdamW: bad learning rate {}", lr);
  init_state(p);
  OptimStepResult r;
  r.grad_norm = gnorm;
  if (opt_.clip_norm > 0 && gnorm > opt_.clip_norm) r.clip_coef = opt_.clip_norm / (gnorm + 1e-6);
  ++t_;
  const float gs = float(grad_scale * r.clip_coef);
  const float b1 = opt_.beta1, b2 = opt_.beta2, eps = opt_.eps;
  const float bc1 = float(1.0 - std::pow(double(b1), double(t_)));
  const float bc2_sqrt = float(std::sqrt(1.0 - std::pow(double(b2), double(t_))));
  const float step_size = lr / bc1;
  const bool bf16 = opt_.bf16_moments;
  const float wd = opt_.weight_decay;
  for_tensors(p, pool, [&](ParamTensor& t) {
    if (!t.trainable) return;
    DSEEK_CHECK(t.g.size() == t.w.size(), "AdamW: tensor '{}' has no gradient buffer", t.name);
    const float decay = decays(t) ? 1.0f - lr * wd : 1.0f;
    float* w = t.w.data();
    const float* g = t.g.data();
    float* m = t.m.data();
    float* v = t.v.data();
    const size_t n = t.w.size();
    for (size_t i = 0; i < n; ++i) {
      const float gi = g[i] * gs;
      float mi = b1 * m[i] + (1.0f - b1) * gi;
      float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
      if (bf16) {
        mi = bf16_to_f32(f32_to_bf16(mi));
        vi = bf16_to_f32(f32_to_bf16(vi));
      }
      m[i] = mi;
      v[i] = vi;
      const float denom = std::sqrt(vi) / bc2_sqrt + eps;
      w[i] = w[i] * decay - step_size * (mi / denom);
    }
  });
  r.applied = true;
  return r;
}

std::string SpikeGuard::check(double loss, double gnorm) {
  if (!std::isfinite(loss)) return fmt::format("non-finite loss ({})", loss);
  if (!std::isfinite(gnorm)) return fmt::format("non-finite grad norm ({})", gnorm);
  if (opt_.spike_factor > 0 && seen_ >= opt_.min_steps && loss > double(opt_.spike_factor) * ema_)
    return fmt::format("loss spike ({:.4f} > {} x EMA {:.4f})", loss, opt_.spike_factor, ema_);
  ema_ = seen_ == 0 ? loss : double(opt_.ema_decay) * ema_ + (1.0 - double(opt_.ema_decay)) * loss;
  ++seen_;
  return {};
}

}  // namespace dseek::train
