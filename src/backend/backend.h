// backend.h — the one small interface between model code and compute kernels.
// Model code (src/model) calls only this: dense linear layers on weights in
// their stored dtype, and a parallel loop for per-head / per-token work.
// Implementations: the CPU reference (single thread, ref_ops — the oracle) and
// the fast CPU backend (SIMD GEMM + thread pool). A CUDA backend will sit
// behind the same interface without model code including CUDA headers.
// What it is not: a graph executor or a memory manager.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "model/weights.h"

namespace dseek {

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  virtual int num_threads() const = 0;

  // y[rows, out] = x[rows, in] · Wᵀ
  virtual void linear(const Linear& w, const float* x, int64_t rows, float* y) = 0;
  // Same, restricted to output rows [row0, row0 + nrows) of W: y is [rows, nrows].
  virtual void linear_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                           float* y) = 0;
  // Transposed product over a row range: y[rows, in] = x[rows, nrows] · W[row0 : row0 + nrows, :].
  // (MLA's absorption of kv_b_proj's key half into the query.) Runs on the calling thread.
  virtual void linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                             float* y) = 0;
  // In-place softmax of x[0:n] (attention rows). Default: the reference.
  virtual void softmax(float* x, int64_t n);
  // SwiGLU's elementwise step: g[i] <- silu(g[i]) · u[i], i < n. Default: the reference.
  virtual void silu_mul(float* g, const float* u, int64_t n);
  // f(begin, end) over disjoint chunks covering [0, n).
  virtual void parallel_for(int64_t n, const std::function<void(int64_t, int64_t)>& f) = 0;
};

struct CpuBackendOptions {
  bool reference = false;  // true: plain fp32 reference ops, one thread (the oracle)
  int threads = 0;         // 0: all CPUs this process may use (env DSEEK_THREADS overrides)
  // BF16/F16/FP8 linears round their activations to bf16 and use AVX512-BF16 dot products
  // (cpu::GemmPrecision::Bf16x): prefill ~2x the FLOP rate, relative error ~1e-2 (llama.cpp's
  // BF16 path does the same). Ignored (exact) where the CPU lacks avx512_bf16; F32 weights stay exact.
  bool bf16_activations = false;
};

std::unique_ptr<Backend> make_cpu_backend(const CpuBackendOptions& opt = {});

}  // namespace dseek
