// rope.cpp — RoPE/YaRN frequency tables (matches transformers' _compute_yarn_parameters).
#include "model/rope.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace dseek {

static double yarn_get_mscale(double scale, double mscale) {
  if (scale <= 1.0) return 1.0;
  return 0.1 * mscale * std::log(scale) + 1.0;
}

// Dimension index whose wavelength equals max_pos / num_rotations.
static double correction_dim(double num_rot, int64_t dim, double base, double max_pos) {
  return (double(dim) * std::log(max_pos / (num_rot * 2.0 * M_PI))) / (2.0 * std::log(base));
}

RopeTable make_rope_table(const ModelConfig& cfg) {
  const int64_t dim = cfg.qk_rope_head_dim;
  DSEEK_CHECK(dim > 0 && dim % 2 == 0, "qk_rope_head_dim must be even and positive, got {}", dim);
  const int64_t half = dim / 2;
  const double base = cfg.rope_theta;
  RopeTable rt;
  rt.interleave = cfg.model_type == "deepseek_v2" || cfg.rope_interleave;
  rt.inv_freq.resize(size_t(half));
  std::vector<double> extra(static_cast<size_t>(half));
  for (int64_t i = 0; i < half; ++i) extra[size_t(i)] = 1.0 / std::pow(base, double(2 * i) / double(dim));

  const auto& rs = cfg.rope;
  if (rs.type != RopeType::Yarn) {
    const double div = rs.type == RopeType::Linear ? rs.factor : 1.0;
    for (int64_t i = 0; i < half; ++i) rt.inv_freq[size_t(i)] = float(extra[size_t(i)] / div);
    return rt;
  }
  const double factor = rs.factor;
  const double omax = double(rs.original_max_position_embeddings);
  double low = correction_dim(rs.beta_fast, dim, base, omax);
  double high = correction_dim(rs.beta_slow, dim, base, omax);
  if (rs.truncate) {
    low = std::floor(low);
    high = std::ceil(high);
  }
  low = std::max(low, 0.0);
  high = std::min(high, double(dim - 1));
  if (low == high) high += 0.001;  // avoid a zero-width ramp
  for (int64_t i = 0; i < half; ++i) {
    double ramp = std::clamp((double(i) - low) / (high - low), 0.0, 1.0);
    double extrapolation_factor = 1.0 - ramp;
    double interp = extra[size_t(i)] / factor;
    rt.inv_freq[size_t(i)] =
        float(interp * (1.0 - extrapolation_factor) + extra[size_t(i)] * extrapolation_factor);
  }
  if (rs.attention_factor > 0) {
    rt.attention_factor = float(rs.attention_factor);
  } else if (rs.mscale != 0 && rs.mscale_all_dim != 0) {
    rt.attention_factor = float(yarn_get_mscale(factor, rs.mscale) / yarn_get_mscale(factor, rs.mscale_all_dim));
  } else {
    rt.attention_factor = float(yarn_get_mscale(factor, 1.0));
  }
  return rt;
}

float attention_softmax_scale(const ModelConfig& cfg) {
  double scale = 1.0 / std::sqrt(double(cfg.qk_nope_head_dim + cfg.qk_rope_head_dim));
  if (cfg.rope.type != RopeType::None && cfg.rope.mscale_all_dim != 0) {
    double m = yarn_get_mscale(cfg.rope.factor, cfg.rope.mscale_all_dim);
    scale *= m * m;
  }
  return float(scale);
}

void apply_rope(const RopeTable& rt, int64_t pos, float* x, int64_t dim) {
  const int64_t half = dim / 2;
  for (int64_t i = 0; i < half; ++i) {
    // Angle in float32 like the reference (pos * inv_freq computed in fp32).
    const float ang = float(pos) * rt.inv_freq[size_t(i)];
    const float c = std::cos(ang) * rt.attention_factor, s = std::sin(ang) * rt.attention_factor;
    // interleave: adjacent pairs (2i, 2i+1); otherwise rotate_half pairs (i, i+dim/2).
    float& a = rt.interleave ? x[2 * i] : x[i];
    float& b = rt.interleave ? x[2 * i + 1] : x[i + half];
    const float a0 = a, b0 = b;
    a = a0 * c - b0 * s;
    b = a0 * s + b0 * c;
  }
}

}  // namespace dseek
