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

AdamStepArgs AdamW::prepare(float lr, double grad_scale, double gnorm, OptimStepResult& r) {
  DSEEK_CHECK(std::isfinite(gnorm), "AdamW: gradient norm is not finite ({})", gnorm);
  DSEEK_CHECK(std::isfinite(lr) && lr >= 0, "AdamW: bad learning rate {}", lr);
  r = {};
  r.grad_norm = gnorm;
  if (opt_.clip_norm > 0 && gnorm > opt_.clip_norm) r.clip_coef = opt_.clip_norm / (gnorm + 1e-6);
  ++t_;
  AdamStepArgs a;
  a.gs = float(grad_scale * r.clip_coef);
  a.b1 = opt_.beta1;
  a.b2 = opt_.beta2;
  a.eps = opt_.eps;
  a.step_size = lr / float(1.0 - std::pow(double(a.b1), double(t_)));
  a.bc2_sqrt = float(std::sqrt(1.0 - std::pow(double(a.b2), double(t_))));
  a.decay = 1.0f - lr * opt_.weight_decay;
  a.bf16_moments = opt_.bf16_moments;
  r.applied = true;
  return a;
}

OptimStepResult AdamW::step_with_norm(TrainParams& p, float lr, double grad_scale, double gnorm, ThreadPool* pool) {
  init_state(p);
  OptimStepResult r;
  const AdamStepArgs a = prepare(lr, grad_scale, gnorm, r);
  for_tensors(p, pool, [&](ParamTensor& t) {
    if (!t.trainable) return;
    DSEEK_CHECK(t.g.size() == t.w.size(), "AdamW: tensor '{}' has no gradient buffer", t.name);
    const float decay = decays(t) ? a.decay : 1.0f;
    float* w = t.w.data();
    const float* g = t.g.data();
    float* m = t.m.data();
    float* v = t.v.data();
    const size_t n = t.w.size();
    for (size_t i = 0; i < n; ++i) {
      const float gi = g[i] * a.gs;
      float mi = a.b1 * m[i] + (1.0f - a.b1) * gi;
      float vi = a.b2 * v[i] + (1.0f - a.b2) * gi * gi;
      if (a.bf16_moments) {
        mi = bf16_to_f32(f32_to_bf16(mi));
        vi = bf16_to_f32(f32_to_bf16(vi));
      }
      m[i] = mi;
      v[i] = vi;
      const float denom = std::sqrt(vi) / a.bc2_sqrt + a.eps;
      w[i] = w[i] * decay - a.step_size * (mi / denom);
    }
  });
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
