// ref_ops.cpp — reference operator implementations (see ref_ops.h).
#include "backend/cpu/ref_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/check.h"

namespace dseek::ref {

float load_f32(const TensorView& t, int64_t i) {
  const uint8_t* p = t.data + size_t(i) * dtype_size(t.dtype);
  switch (t.dtype) {
    case DType::F32: { float v; std::memcpy(&v, p, 4); return v; }
    case DType::F64: { double v; std::memcpy(&v, p, 8); return float(v); }
    case DType::BF16: { uint16_t v; std::memcpy(&v, p, 2); return bf16_to_f32(v); }
    case DType::F16: { uint16_t v; std::memcpy(&v, p, 2); return f16_to_f32(v); }
    case DType::F8_E4M3: return fp8e4m3_to_f32(*p);
    default: DSEEK_FAIL("dtype {} is not a float type", dtype_name(t.dtype));
  }
}

std::vector<float> to_f32(const TensorView& t) {
  std::vector<float> out(size_t(t.numel()));
  for (int64_t i = 0; i < t.numel(); ++i) out[size_t(i)] = load_f32(t, i);
  return out;
}

void linear_row(const Linear& w, int64_t row, float* out) {
  const int64_t in = w.in;
  for (int64_t i = 0; i < in; ++i) out[i] = load_f32(w.weight, row * in + i);
  if (w.weight.dtype == DType::F8_E4M3) {
    const int64_t sb = (in + w.block_k - 1) / w.block_k;  // scale columns
    const int64_t br = row / w.block_n;
    for (int64_t i = 0; i < in; ++i) out[i] *= load_f32(w.scale_inv, br * sb + i / w.block_k);
  }
}

void linear(const Linear& w, const float* x, int64_t rows, float* y) { linear_rows(w, 0, w.out, x, rows, y); }

void linear_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows, float* y) {
  DSEEK_CHECK(row0 >= 0 && nrows >= 0 && row0 + nrows <= w.out, "linear_rows: rows [{}, {}) outside [0, {})", row0,
              row0 + nrows, w.out);
  std::vector<float> wr(static_cast<size_t>(w.in));
  for (int64_t o = 0; o < nrows; ++o) {
    linear_row(w, row0 + o, wr.data());
    for (int64_t r = 0; r < rows; ++r) {
      const float* xr = x + r * w.in;
      float acc = 0.0f;
      for (int64_t i = 0; i < w.in; ++i) acc += xr[i] * wr[size_t(i)];
      y[r * nrows + o] = acc;
    }
  }
}

void rmsnorm(const float* x, const TensorView& weight, float eps, int64_t rows, int64_t n, float* y) {
  std::vector<float> g = to_f32(weight);
  DSEEK_CHECK_EQ(int64_t(g.size()), n, "rmsnorm weight size");
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * n;
    float ss = 0.0f;
    for (int64_t i = 0; i < n; ++i) ss += xr[i] * xr[i];
    const float inv = 1.0f / std::sqrt(ss / float(n) + eps);
    for (int64_t i = 0; i < n; ++i) y[r * n + i] = g[size_t(i)] * (xr[i] * inv);
  }
}

void softmax(float* x, int64_t n) {
  float m = -INFINITY;
  for (int64_t i = 0; i < n; ++i) m = std::max(m, x[i]);
  float s = 0.0f;
  for (int64_t i = 0; i < n; ++i) s += (x[i] = std::exp(x[i] - m));
  for (int64_t i = 0; i < n; ++i) x[i] /= s;
}

double log_softmax_at(const float* x, int64_t n, int64_t i) {
  float m = -INFINITY;
  for (int64_t k = 0; k < n; ++k) m = std::max(m, x[k]);
  double s = 0;
  for (int64_t k = 0; k < n; ++k) s += std::exp(double(x[k] - m));
  return double(x[i] - m) - std::log(s);
}

}  // namespace dseek::ref
