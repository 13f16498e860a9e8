// fp8_lt.h — DeepSeek-V3's block-scaled FP8 GEMM through cuBLASLt (13) for
// the trainer's dense linears: C[m][n] (fp32, row-major) = act[m][k] ·
// other[n][k]ᵀ + beta·C with E4M3 operands (k contiguous), FP32 accumulation;
// act scaled per 1×128 tile (VEC128: scales [k/128][m], the stride m rounded
// up to 4), other per 128×128 block (BLK128x128: [n/128][round4(k/128)], the
// weights) or per 1×128 tile (VEC128: [k/128][n], the weight gradient's
// transposed activations). One plan per shape, made on first use.
// What it is not: the grouped expert GEMMs (k_fp8_gemm.cu) or inference's
// linears (cuda_linear.h); it does not quantise.
#pragma once

#include <cstdint>
#include <map>
#include <tuple>

#include <cublasLt.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/lt_plan.h"

namespace dseek::cu {

class Fp8Lt {
 public:
  explicit Fp8Lt(cudaStream_t s);
  ~Fp8Lt();
  Fp8Lt(const Fp8Lt&) = delete;
  Fp8Lt& operator=(const Fp8Lt&) = delete;

  struct Args {
    const uint8_t* act = nullptr;  // [m][k]
    const float* act_s = nullptr;  // [k/128][round4(m)]
    const uint8_t* other = nullptr;  // [n][k]
    const float* other_s = nullptr;  // blocks: [n/128][round4(k/128)]; else [k/128][n]
    bool other_blocks = true;
    int64_t m = 0, n = 0, k = 0;
    float beta = 0;
    float* C = nullptr;  // [m][n]
  };
  // false when cuBLASLt has no kernel for the shape (or m, n are not multiples of 4, k of 16): the
  // caller runs its own kernel instead.
  bool gemm(const Args& a);
  int64_t calls() const { return calls_; }
  int64_t declined() const { return declined_; }

 private:
  using Plan = LtPlan;
  Plan& plan(const Args& a);

  cudaStream_t s_;
  cublasLtHandle_t lt_ = nullptr;
  DevMem ws_;
  std::map<std::tuple<int64_t, int64_t, int64_t, bool, bool>, Plan> plans_;
  int64_t calls_ = 0, declined_ = 0;
};

}  // namespace dseek::cu
