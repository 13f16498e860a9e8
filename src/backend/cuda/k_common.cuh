// k_common.cuh — device-side helpers shared by dseek's CUDA kernels: weight
// element types, 16-byte vector loads converted to float, warp reductions; and
// the launchers' test for those vector paths (aligned16).
// What it is not: host code (kernels.h declares the launchers) or any kernel.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <cstdint>

#include "backend/cuda/kernels.h"

namespace dseek::cu {

constexpr int kWarp = 32;

// Whether p may be read or written as 16-byte vectors (the launchers' choice of a vectorised kernel).
inline bool aligned16(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Block-wide sum / max; every thread gets the result (blockDim.x a multiple of 32, <= 1024;
// `red` is a __shared__ float[32]). Fixed summation order: deterministic.
__device__ __forceinline__ float block_sum(float v, float* red) {
  v = warp_sum(v);
  const int w = threadIdx.x / kWarp, l = threadIdx.x % kWarp, nw = blockDim.x / kWarp;
  __syncthreads();
  if (l == 0) red[w] = v;
  __syncthreads();
  float s = 0.0f;
  for (int i = 0; i < nw; ++i) s += red[i];
  return s;
}
__device__ __forceinline__ float block_max(float v, float* red) {
  v = warp_max(v);
  const int w = threadIdx.x / kWarp, l = threadIdx.x % kWarp, nw = blockDim.x / kWarp;
  __syncthreads();
  if (l == 0) red[w] = v;
  __syncthreads();
  float s = -INFINITY;
  for (int i = 0; i < nw; ++i) s = fmaxf(s, red[i]);
  return s;
}

__device__ __forceinline__ float bf16f(uint16_t b) { return __uint_as_float(uint32_t(b) << 16); }

// Two E4M3 bytes (low byte first) -> two floats, through the hardware fp8x2 -> f16x2 convert.
__device__ __forceinline__ float2 fp8x2f(uint16_t v) {
  const __half2_raw h = __nv_cvt_fp8x2_to_halfraw2(__nv_fp8x2_storage_t(v), __NV_E4M3);
  return __half22float2(*reinterpret_cast<const __half2*>(&h));
}
__device__ __forceinline__ float fp8f(uint8_t v) {
  const __half_raw h = __nv_cvt_fp8_to_halfraw(__nv_fp8_storage_t(v), __NV_E4M3);
  return __half2float(__half(h));
}

// Element i of a weight row (any WType), without the FP8 block scale.
__device__ __forceinline__ float load_w(const void* w, int wt, int64_t i) {
  if (wt == kF32) return static_cast<const float*>(w)[i];
  if (wt == kBF16) return bf16f(static_cast<const uint16_t*>(w)[i]);
  return fp8f(static_cast<const uint8_t*>(w)[i]);
}

// Elements per 16-byte chunk of a weight row.
template <int WT> struct WChunk;
template <> struct WChunk<kF32> { static constexpr int n = 4; };
template <> struct WChunk<kBF16> { static constexpr int n = 8; };
template <> struct WChunk<kFP8> { static constexpr int n = 16; };

// 16 bytes of weights -> WChunk<WT>::n floats.
template <int WT>
__device__ __forceinline__ void unpack16(const uint4& v, float* f) {
  if constexpr (WT == kF32) {
    f[0] = __uint_as_float(v.x); f[1] = __uint_as_float(v.y);
    f[2] = __uint_as_float(v.z); f[3] = __uint_as_float(v.w);
  } else if constexpr (WT == kBF16) {
    const uint32_t u[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      f[2 * i] = __uint_as_float(u[i] << 16);
      f[2 * i + 1] = __uint_as_float(u[i] & 0xffff0000u);
    }
  } else {
    const uint32_t u[4] = {v.x, v.y, v.z, v.w};
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 a = fp8x2f(uint16_t(u[i] & 0xffffu)), b = fp8x2f(uint16_t(u[i] >> 16));
      f[4 * i] = a.x; f[4 * i + 1] = a.y; f[4 * i + 2] = b.x; f[4 * i + 3] = b.y;
    }
  }
}

__device__ __forceinline__ float silu(float x) { return x / (1.0f + __expf(-x)); }

}  // namespace dseek::cu
