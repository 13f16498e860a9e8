// cuda_linear.h — y = x·Wᵀ on the GPU for any number of rows: the weight-
// streaming GEMV (kernels.h) for few rows; tensor-core GEMMs for many: cuBLAS
// SGEMM for F32 weights, BF16 GEMM for BF16 weights, and for FP8 weights
// DeepSeek's scheme through cuBLASLt (activations quantised per 1x128 tile,
// weights per 128x128 block, FP32 accumulation), falling back to BF16 after
// dequantisation where cuBLASLt has no kernel for a shape.
// What it is not: attention or MoE routing; model orchestration (cuda_model.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <tuple>

#include <cublasLt.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "backend/cuda/lt_plan.h"

namespace dseek::cuda {

using cu::DLinear;
constexpr int kGemvRows = 8;  // rows up to which linears stream weights (GEMV)

class Linears {
 public:
  struct Options {
    int64_t split_floats = 0;  // K-split GEMV scratch
    bool fp8_lt = true;        // FP8 weights: cuBLASLt block-scaled FP8 GEMMs (else dequantise + BF16)
  };
  Linears(cudaStream_t s, const Options& o);
  ~Linears();
  Linears(const Linears&) = delete;
  Linears& operator=(const Linears&) = delete;

  // y[rows, out] = x[rows, in] · Wᵀ: GEMV for rows <= kGemvRows or when !gemm, else gemm().
  void linear(const DLinear& w, const float* x, int rows, float* y, bool gemm = true);
  // Tensor cores for many rows. xb: x already in BF16 when the caller has it (else null).
  void gemm(const DLinear& w, const float* x, const uint16_t* xb, int rows, float* y);

  cublasHandle_t blas() const { return blas_; }
  // Scratch that grows on demand (synchronising the stream first); never grows during graph capture
  // because decode steps only use the GEMV.
  uint16_t* bf16_scratch(size_t elems) { return grow(xb_, elems * 2).as<uint16_t>(); }
  uint16_t* weight_scratch(size_t elems) { return grow(wb_, elems * 2).as<uint16_t>(); }
  int64_t fp8_lt_calls() const { return lt_calls_; }
  int64_t fp8_fallbacks() const { return lt_fallbacks_; }

 private:
  using Plan = cu::LtPlan;
  bool fp8_gemm(const DLinear& w, const float* x, int rows, float* y);
  Plan& plan(int n_out, int mp, int k, const void* scale_a, const void* scale_b);
  DevMem& grow(DevMem& m, size_t bytes);

  cudaStream_t s_;
  Options o_;
  cublasHandle_t blas_ = nullptr;
  cublasLtHandle_t lt_ = nullptr;
  DevMem split_, xb_, wb_, q_, sx_, d_, ws_;
  std::map<std::tuple<int, int, int>, Plan> plans_;
  int64_t lt_calls_ = 0, lt_fallbacks_ = 0;
};

}  // namespace dseek::cuda
