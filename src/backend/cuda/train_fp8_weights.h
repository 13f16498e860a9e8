// train_fp8_weights.h — the CUDA trainer's FP8 copies of its weights (FP8 mode):
// every eligible weight's 128×128-block rounding as a BF16 copy (the
// quantise-dequantise GEMMs) and, for FP8 tensor-core GEMMs, as E4M3 W and Wᵀ
// at the masters' offsets with the blocks' scales (plain, and in cuBLASLt's
// layouts for W and Wᵀ). All of them are refreshed from the fp32 masters in
// one launch. What it is not: the choice of eligible weights (cuda_train.cpp)
// or the GEMMs (train_gemm.h).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_gemm.h"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu {

class Fp8Weights {
 public:
  // t: the eligible weights (offset, shape) in flat buffers of `total` elements; gemms: also the E4M3
  // copies (for the weights whose dims are multiples of 16).
  Fp8Weights(std::vector<tk::Fp8BlockTensor> t, int64_t total, bool gemms);
  // Every copy from the fp32 masters w (the flat buffer), in one launch.
  void refresh(const float* w, cudaStream_t s) const;
  // Points l, the eligible weight at offset off, at its copies.
  void bind(LinW& l, int64_t off) const;

 private:
  DevMem wq_, w8_, w8t_, w8s_, l4_, table_;
  std::unordered_map<int64_t, tk::Fp8BlockTensor> of_;  // a weight's offset -> its table entry
  int64_t blocks_ = 0;
  int tensors_ = 0;
};

}  // namespace dseek::cu
