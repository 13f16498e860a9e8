// k_train_flash.cuh — what the training flash-attention kernels share
// (k_train_flash.cu: mma.sync, any GPU; k_train_flash_wgmma.cu: Hopper): the
// 64-row block, the visibility of a key to a query (causal, documents, shared
// prefix), the per-block row summary used to skip key blocks no row sees, and
// the Hopper kernels' entry points.
// What it is not: a kernel.
#pragma once

#include <climits>
#include <cstdint>

#include "backend/cuda/k_common.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk::flash {

constexpr int kBlk = 64;  // query rows per forward CTA = keys per backward CTA
constexpr float kLog2e = 1.4426950408889634f;

// Row t's visible keys: [st, t] and [0, pre).
__device__ __forceinline__ bool visible(int s, int t, int st, int pre) { return (s >= st && s <= t) || s < pre; }
__device__ __forceinline__ int prefix_of(int st, int64_t prefix) { return (prefix > 0 && st > 0) ? int(prefix) : 0; }

// Over the rows [r0, r0+64) ∩ [0, T) of batch row b: the smallest and largest document start (relative
// to the row) and the largest shared prefix. Every warp computes them on its own (shuffles, no barrier),
// so all threads hold the same values. A key block [k0, k0+64) is invisible to all of the rows when
// k0+64 <= min_st and k0 >= max_pre; it is fully visible to all when, besides, k0+63 <= r0 (causal)
// and k0 >= max_st (and every row and key < T).
struct RowInfo {
  int min_st, max_st, max_pre;
};
__device__ __forceinline__ RowInfo rows_info(const int32_t* start, int64_t b, int64_t T, int64_t r0, int64_t prefix,
                                             int lane) {
  int mn = INT_MAX, mx = INT_MIN, pre = 0;
#pragma unroll
  for (int i = lane; i < kBlk; i += kWarp) {
    const int64_t t = r0 + i;
    if (t < T) {
      const int st = int(int64_t(start[b * T + t]) - b * T);
      mn = min(mn, st);
      mx = max(mx, st);
      pre = max(pre, prefix_of(st, prefix));
    }
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) {
    mn = min(mn, __shfl_xor_sync(0xffffffffu, mn, o));
    mx = max(mx, __shfl_xor_sync(0xffffffffu, mx, o));
    pre = max(pre, __shfl_xor_sync(0xffffffffu, pre, o));
  }
  return {mn, mx, pre};
}
__device__ __forceinline__ bool invisible(const RowInfo& ri, int64_t k0) {
  return k0 + kBlk <= ri.min_st && k0 >= ri.max_pre;
}

// The Hopper (wgmma) kernels: whether they run here for these padded head sizes (sm_90a build, an
// sm_90 device; the forward for every compiled pair, the backward for dqp <= 96, dvp <= 64), and the
// launches (the mma.sync kernels' contracts: the backward accumulates dq with atomics into a zeroed
// buffer and overwrites dK and dV).
bool flash_fwd_wgmma_supported(int64_t dqp, int64_t dvp);
// ob: O in BF16 only (o unused), else fp32 into o.
void flash_fwd_wgmma(const FlashArgs& a, int64_t dqp, int64_t dvp, float* o, float* lse, cudaStream_t s,
                     uint16_t* ob = nullptr);
bool flash_bwd_wgmma_supported(int64_t dqp, int64_t dvp);
void flash_bwd_wgmma(const FlashArgs& a, int64_t dqp, int64_t dvp, const uint16_t* dOb, const float* lse,
                     const float* Dd, float* dq, float* dK, float* dV, cudaStream_t s,
                     const FlashBwdUnpacked* u = nullptr);

}  // namespace dseek::cu::tk::flash
