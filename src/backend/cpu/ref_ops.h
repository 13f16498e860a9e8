// ref_ops.h — the plain CPU reference operators (fp32 math, readable loops).
// What it is: the oracle every fast path (SIMD, CUDA, absorbed MLA, FP8) is
// tested against. Weights are read in their stored dtype and converted on the
// fly (BF16/F16/F32, or FP8 E4M3 times its 128x128-block scale).
// What it is not: fast. No threads, no SIMD.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/tensor.h"
#include "model/weights.h"

namespace dseek::ref {

// Element i (row-major) of any float-typed view, as float.
float load_f32(const TensorView& t, int64_t i);
// Whole view as float (norm weights, biases, embeddings rows...).
std::vector<float> to_f32(const TensorView& t);
// One row [in] of W, dequantised (FP8: times scale_inv of its block).
void linear_row(const Linear& w, int64_t row, float* out);
// y[r, o] = sum_i x[r, i] * W[o, i]   for r < rows.  x: [rows, in], y: [rows, out].
void linear(const Linear& w, const float* x, int64_t rows, float* y);
// Same over output rows [row0, row0 + nrows) of W: y is [rows, nrows].
void linear_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows, float* y);
// y = x / sqrt(mean(x^2) + eps) * weight, for each of `rows` rows of width n.
void rmsnorm(const float* x, const TensorView& weight, float eps, int64_t rows, int64_t n, float* y);
// In-place numerically stable softmax over n values.
void softmax(float* x, int64_t n);
// log softmax(x)[i] over n values (max-shifted, sum in double): the log-prob of one token.
double log_softmax_at(const float* x, int64_t n, int64_t i);
inline float silu(float x) { return x / (1.0f + std::exp(-x)); }
// SwiGLU's elementwise step in place: g[i] <- silu(g[i]) · u[i], i < n.
inline void silu_mul(float* g, const float* u, int64_t n) {
  for (int64_t i = 0; i < n; ++i) g[i] = silu(g[i]) * u[i];
}
inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

}  // namespace dseek::ref
