// k_train_vec.cuh — the vector accesses of the memory-bound training kernels
// (k_train.cu, k_train_moe.cu, k_train_attn.cu, k_train_flash.cu): four or
// eight values per 16-byte load or store, fp32 or BF16 (rounded to nearest
// even), one overload per storage type so a kernel templated on it reads the
// same either way; and vec4, the launchers' test that a buffer takes them.
// What it is not: the inference kernels' weight loads (k_common.cuh).
#pragma once

#include <cuda_bf16.h>

#include <cstdint>
#include <initializer_list>

#include "backend/cuda/k_common.cuh"

namespace dseek::cu::tk {

__device__ __forceinline__ void store_bf16x4(__nv_bfloat16* y, float4 v) {  // 8 bytes
  __nv_bfloat162 lo = __floats2bfloat162_rn(v.x, v.y), hi = __floats2bfloat162_rn(v.z, v.w);
  uint2 u;
  u.x = *reinterpret_cast<uint32_t*>(&lo);
  u.y = *reinterpret_cast<uint32_t*>(&hi);
  *reinterpret_cast<uint2*>(y) = u;
}
// Eight values at y[8·i ..], one 16-byte store.
__device__ __forceinline__ void store_bf16x8(__nv_bfloat16* y, int64_t i, const float (&v)[8]) {
  const __nv_bfloat162 b[4] = {__floats2bfloat162_rn(v[0], v[1]), __floats2bfloat162_rn(v[2], v[3]),
                               __floats2bfloat162_rn(v[4], v[5]), __floats2bfloat162_rn(v[6], v[7])};
  reinterpret_cast<uint4*>(y)[i] = *reinterpret_cast<const uint4*>(b);
}
__device__ __forceinline__ float4 ld4(const float* p) { return *reinterpret_cast<const float4*>(p); }
__device__ __forceinline__ float4 ld4(const __nv_bfloat16* p) {  // four BF16 (8 bytes) as floats
  const uint2 u = *reinterpret_cast<const uint2*>(p);
  return make_float4(bf16f(uint16_t(u.x & 0xFFFFu)), bf16f(uint16_t(u.x >> 16)), bf16f(uint16_t(u.y & 0xFFFFu)),
                     bf16f(uint16_t(u.y >> 16)));
}
__device__ __forceinline__ float get1(const float* p) { return *p; }
__device__ __forceinline__ float get1(const __nv_bfloat16* p) { return __bfloat162float(*p); }
__device__ __forceinline__ void st4(float* p, float4 v) { *reinterpret_cast<float4*>(p) = v; }
__device__ __forceinline__ void put4(float* p, float4 v) { st4(p, v); }
__device__ __forceinline__ void put4(__nv_bfloat16* p, float4 v) { store_bf16x4(p, v); }
__device__ __forceinline__ void put1(float* p, float v) { *p = v; }
__device__ __forceinline__ void put1(__nv_bfloat16* p, float v) { *p = __float2bfloat16_rn(v); }

// Whether n values (a multiple of 4) in each of ptrs (16-byte aligned) take the four-wide accesses.
inline bool vec4(int64_t n, std::initializer_list<const void*> ptrs) {
  if (n % 4 != 0) return false;
  for (const void* p : ptrs)
    if (!aligned16(p)) return false;
  return true;
}
// The BF16 bits of the public API as the device type.
inline const __nv_bfloat16* bf(const uint16_t* p) { return reinterpret_cast<const __nv_bfloat16*>(p); }

}  // namespace dseek::cu::tk
