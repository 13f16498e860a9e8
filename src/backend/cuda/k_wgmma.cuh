// k_wgmma.cuh — Hopper warpgroup tensor-core building blocks shared by the
// kernels that use wgmma (k_grouped_wgmma.cu: BF16 grouped expert GEMMs;
// k_fp8_gemm.cu: FP8 GEMMs with block scaling): shared-memory matrix
// descriptors with the 128-byte swizzle, the fences and waits around
// wgmma.mma_async.
// What it is not: a GEMM; the instructions of each element type and the
// schedules stay with each kernel. sm_90a only (elsewhere the wgmma helpers are
// empty and the kernels trap).
#pragma once

#include <cstdint>

#include "backend/cuda/k_mma.cuh"

namespace dseek::cu {

// Shared-memory matrix descriptor: start address, leading / stride byte offsets, 128-byte swizzle.
__device__ __forceinline__ uint64_t wgmma_desc(uint32_t addr, uint32_t lbo, uint32_t sbo) {
  return uint64_t((addr & 0x3FFFF) >> 4) | (uint64_t(lbo >> 4) << 16) | (uint64_t(sbo >> 4) << 32) |
         (uint64_t(1) << 62);
}
// k-contiguous tile: rows of 128 bytes, 8-row groups 1024 bytes apart; 32 bytes of k (16 BF16, 32 E4M3:
// one instruction's k) further on is +32 bytes.
constexpr uint32_t kWgKLbo = 16, kWgKSbo = 1024, kWgKStep = 32;

__device__ __forceinline__ void wgmma_fence() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.fence.sync.aligned;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_commit() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.commit_group.sync.aligned;\n" ::: "memory");
#endif
}
__device__ __forceinline__ void wgmma_wait0() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.wait_group.sync.aligned 0;\n" ::: "memory");
#endif
}
// Until at most N of this warp's committed groups are still running (groups finish in order).
template <int N>
__device__ __forceinline__ void wgmma_wait() {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile("wgmma.wait_group.sync.aligned %0;\n" ::"n"(N) : "memory");
#endif
}
__device__ __forceinline__ void wgmma_commit_wait() {
  wgmma_commit();
  wgmma_wait0();
}
// The cp.async writes to shared memory, visible to the tensor cores' (async proxy) reads.
__device__ __forceinline__ void fence_proxy_async() {
  asm volatile("fence.proxy.async.shared::cta;\n" ::: "memory");
}

}  // namespace dseek::cu
