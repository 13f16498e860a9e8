// k_tma.cuh — Hopper's tensor memory accelerator (TMA) and shared-memory
// barriers (mbarrier), as the warp-specialised kernels use them
// (k_grouped_tma.cu: BF16 grouped GEMMs; k_fp8_tma.cu: FP8 GEMMs;
// k_train_flash_wgmma.cu: the flash kernels' tiles and the backward's dQ): barrier
// init / arrive / expect-bytes / wait, 2D and 3D tile loads that complete on a
// barrier, a cp.async arrival on a barrier, bulk fp32 adds of shared memory
// to global (per row, or a tensor map's box), the host's tensor-map encoder and the SM count
// (cuTensorMapEncodeTiled, taken from the runtime's driver entry point so that
// nothing links libcuda). What it is not: a pipeline; each kernel owns its
// stage ring and its phases. Device helpers are sm_90 instructions.
#pragma once

#include <cuda.h>  // CUtensorMap and its enums only
#include <cuda_runtime.h>

#include <cstdint>

namespace dseek::cu {

__device__ __forceinline__ void mbar_init(uint32_t bar, uint32_t count) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;\n" ::"r"(bar), "r"(count) : "memory");
}
// After the initialising thread's mbar_init calls: the barriers' state, visible to the TMA unit (async proxy).
__device__ __forceinline__ void mbar_init_fence() {
  asm volatile("fence.mbarrier_init.release.cluster;\n" ::: "memory");
}
// One arrival that also announces `bytes` of asynchronous copies the phase waits for.
__device__ __forceinline__ void mbar_expect_tx(uint32_t bar, uint32_t bytes) {
  asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;\n" ::"r"(bar), "r"(bytes) : "memory");
}
__device__ __forceinline__ void mbar_arrive(uint32_t bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];\n" ::"r"(bar) : "memory");
}
// An arrival made when every cp.async this thread issued so far has landed (.noinc: it counts as one
// of the arrivals the barrier was initialised with).
__device__ __forceinline__ void mbar_cp_async_arrive(uint32_t bar) {
  asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];\n" ::"r"(bar) : "memory");
}
__device__ __forceinline__ void mbar_wait(uint32_t bar, uint32_t parity) {
  uint32_t done = 0;
  do {
    asm volatile(
        "{\n.reg .pred p;\nmbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\nselp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(parity)
        : "memory");
  } while (!done);
}
// mbar_wait by every lane of a warp, then the warp converged again (the spin may leave it split) before
// warp-wide .aligned instructions such as wgmma.
__device__ __forceinline__ void mbar_wait_warp(uint32_t bar, uint32_t parity) {
  mbar_wait(bar, parity);
  __syncwarp();
}
__device__ __forceinline__ void tma_2d(uint32_t dst, const CUtensorMap* map, int c0, int c1, uint32_t bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];\n" ::"r"(
          dst),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(bar)
      : "memory");
}
__device__ __forceinline__ void tma_3d(uint32_t dst, const CUtensorMap* map, int c0, int c1, int c2, uint32_t bar) {
  asm volatile(
      "cp.async.bulk.tensor.3d.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3, %4}], [%5];\n" ::
          "r"(dst),
      "l"(reinterpret_cast<uint64_t>(map)), "r"(c0), "r"(c1), "r"(c2), "r"(bar)
      : "memory");
}

// Bulk reduction shared -> global (not tensor-mapped): `bytes` (a multiple of 16; both addresses 16-byte
// aligned) of fp32 added by the TMA unit, committed as a bulk group of this thread; and the
// waits until this thread's groups have read their shared memory (.read) or completed.
__device__ __forceinline__ void bulk_add_f32(float* dst, uint32_t src, uint32_t bytes) {
  asm volatile("cp.reduce.async.bulk.global.shared::cta.bulk_group.add.f32 [%0], [%1], %2;\n" ::"l"(dst), "r"(src),
               "r"(bytes)
               : "memory");
  asm volatile("cp.async.bulk.commit_group;\n" ::: "memory");
}
// Tensor-mapped bulk reduction shared -> global: the map's box at coordinates {c0, c1, c2, c3} (innermost
// first; elements outside the tensor are not written) gets the shared-memory box (laid out as the map's
// swizzle places it) added by the TMA unit, committed as a bulk group of this thread.
__device__ __forceinline__ void tma_add_4d(const CUtensorMap* map, uint32_t src, int c0, int c1, int c2, int c3) {
  asm volatile(
      "cp.reduce.async.bulk.tensor.4d.global.shared::cta.add.tile.bulk_group [%0, {%1, %2, %3, %4}], [%5];\n" ::"l"(
          reinterpret_cast<uint64_t>(map)),
      "r"(c0), "r"(c1), "r"(c2), "r"(c3), "r"(src)
      : "memory");
}
__device__ __forceinline__ void bulk_commit() { asm volatile("cp.async.bulk.commit_group;\n" ::: "memory"); }
__device__ __forceinline__ void bulk_wait_read() { asm volatile("cp.async.bulk.wait_group.read 0;\n" ::: "memory"); }
__device__ __forceinline__ void bulk_wait() { asm volatile("cp.async.bulk.wait_group 0;\n" ::: "memory"); }

// The current device's SM count, read on first use (the persistent kernels' grid: a CTA per SM at most).
inline int sm_count() {
  static const int n = [] {
    int dev = 0, c = 0;
    cudaGetDevice(&dev);
    cudaDeviceGetAttribute(&c, cudaDevAttrMultiProcessorCount, dev);
    return c > 0 ? c : 1;
  }();
  return n;
}

using TmaEncodeTiled = CUresult (*)(CUtensorMap*, CUtensorMapDataType, cuuint32_t, void*, const cuuint64_t*,
                                    const cuuint64_t*, const cuuint32_t*, const cuuint32_t*, CUtensorMapInterleave,
                                    CUtensorMapSwizzle, CUtensorMapL2promotion, CUtensorMapFloatOOBfill);
inline TmaEncodeTiled tma_encoder() {
  static const TmaEncodeTiled fn = [] {
    void* f = nullptr;
    cudaDriverEntryPointQueryResult q{};
    if (cudaGetDriverEntryPointByVersion("cuTensorMapEncodeTiled", &f, 12000, cudaEnableDefault, &q) != cudaSuccess ||
        q != cudaDriverEntryPointSuccess)
      f = nullptr;
    return reinterpret_cast<TmaEncodeTiled>(f);
  }();
  return fn;
}
// A tensor of `rank` (<= 4) dims of `type` (elements of `elem_bytes`), innermost first, with the outer dims'
// strides in elements, read (or reduced into) in boxes of `box` with swizzle `swz` (128-byte unless told);
// out-of-bounds elements read as zero and are not written. False where the driver has no encoder or
// refuses the description (alignment, sizes).
inline bool tma_encode(CUtensorMap* m, CUtensorMapDataType type, int elem_bytes, const void* ptr, int rank,
                       const uint64_t* dims, const uint64_t* strides_el, const uint32_t* box,
                       CUtensorMapSwizzle swz = CU_TENSOR_MAP_SWIZZLE_128B) {
  const TmaEncodeTiled f = tma_encoder();
  if (!f || rank < 1 || rank > 4) return false;
  cuuint64_t gd[4], gs[3];
  cuuint32_t bx[4], es[4] = {1, 1, 1, 1};
  for (int i = 0; i < rank; ++i) {
    gd[i] = dims[i];
    bx[i] = box[i];
    if (i + 1 < rank) gs[i] = strides_el[i] * uint64_t(elem_bytes);
  }
  return f(m, type, cuuint32_t(rank), const_cast<void*>(ptr), gd, gs, bx, es, CU_TENSOR_MAP_INTERLEAVE_NONE, swz,
           CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE) == CUDA_SUCCESS;
}

}  // namespace dseek::cu
