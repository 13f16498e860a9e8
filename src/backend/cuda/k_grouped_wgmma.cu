// k_grouped_wgmma.cu — the grouped expert GEMM (k_grouped_gemm.cu's three
// kinds: forward x·Wᵀ, data gradient dy·W, weight gradient dyᵀ·x) on Hopper's
// warpgroup tensor-core instruction (wgmma, sm_90a). Same contract and tile
// schedule as the mma.sync kernel (a CTA per 128×128 tile of one expert), but
// each of the CTA's two warpgroups multiplies its 64×128 block straight from
// shared memory through matrix descriptors, so no fragments pass through
// registers. Operands stored k-contiguous (x, dy as the rows kinds' A, Wᵀ's
// rows) sit in 128-byte-swizzled rows of 64 k; operands stored m-/n-contiguous
// (W in the data gradient, both operands of the weight gradient) in
// 64-element × 8-k swizzle atoms read with wgmma's transpose flag. Tiles stream
// in through a 3-stage cp.async ring; accumulators are fp32 in registers.
// What it is not: TMA, warp-specialised, or FP8.
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_mma.cuh"
#include "backend/cuda/k_wgmma.cuh"
#include "backend/cuda/k_wgmma_ops.cuh"

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
constexpr int kBM = 128, kBN = 128, kBK = 64, kStages = 3, kThreads = 256;
constexpr int kTileBytes = 128 * 128;  // 128 rows × 64 bf16 (128 bytes), one operand, one stage
constexpr size_t kSmem = size_t(2 * kStages * kTileBytes) + 1024;  // + alignment of the tiles to 1024

// 128 rows (M or N) × 64 k of a k-contiguous operand (leading dimension ld) -> a k-major tile: 16-byte
// chunk c of row r at r·128 + ((c ^ r % 8)·16); rows >= rlim or k >= klim zero-filled.
__device__ __forceinline__ void load_k(const bf16* src, int ld, int rlim, int klim, uint32_t tile) {
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const int i = threadIdx.x + j * kThreads, r = i / 8, c = i % 8;
    const bool ok = r < rlim && c * 8 < klim;
    cp_async16(tile + uint32_t(r * 128 + ((c ^ (r & 7)) << 4)), src + (ok ? r * ld + c * 8 : 0), ok);
  }
}
// 64 k-rows × 128 MN of an MN-contiguous operand -> MN-major atoms: k-row kr, chunk c (MN 8c..8c+7) at
// (c / 8)·LBO + (kr / 8)·SBO + (kr % 8)·128 + ((c % 8 ^ kr % 8)·16); k >= klim or MN >= mnlim zero-filled.
__device__ __forceinline__ void load_mn(const bf16* src, int ld, int klim, int mnlim, uint32_t tile) {
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    const int i = threadIdx.x + j * kThreads, kr = i / 16, c = i % 16;
    const bool ok = kr < klim && c * 8 < mnlim;
    const uint32_t at = uint32_t((c / 8) * kMnLbo + (kr / 8) * kMnSbo + (kr % 8) * 128 + (((c % 8) ^ (kr % 8)) << 4));
    cp_async16(tile + at, src + (ok ? kr * ld + c * 8 : 0), ok);
  }
}

// KIND 0: rows, B [N][K] (x·Wᵀ); 1: rows, B [K][N] (dy·W); 2: wgrad, A [K][M], B [K][N] (dyᵀ·x).
template <int KIND>
__global__ void __launch_bounds__(kThreads, 2) grouped_wgmma_k(const __grid_constant__ GroupedParams p) {
  constexpr bool kAmn = KIND == 2, kBmn = KIND != 0;
  extern __shared__ __align__(16) unsigned char smem[];
  const uint32_t base = (uint32_t(__cvta_generic_to_shared(smem)) + 1023) & ~1023u;
  // stage s: A tile at base + s·2·kTileBytes, B tile right after it.
  const GroupedOperands o = grouped_operands<KIND>(p, grouped_tile(p, kBM, kBN));
  const bf16 *A = o.A, *B = o.B;
  const int mr = o.mr, nr = o.nr, klim = o.klim;
  const int ktiles = (klim + kBK - 1) / kBK;
  auto load = [&](int kt, int slot) {
    const uint32_t a = base + uint32_t(slot * 2 * kTileBytes);
    const int k0 = kt * kBK, kr = klim - k0;
    if (kAmn) load_mn(A + int64_t(k0) * p.lda, int(p.lda), kr, mr, a);
    else load_k(A + k0, int(p.lda), mr, kr, a);
    if (kBmn) load_mn(B + int64_t(k0) * p.ldb, int(p.ldb), kr, nr, a + kTileBytes);
    else load_k(B + k0, int(p.ldb), nr, kr, a + kTileBytes);
  };
  const int wg = threadIdx.x / 128;  // this warpgroup's 64 rows of the tile
  float d[64];
#pragma unroll
  for (int i = 0; i < 64; ++i) d[i] = 0.0f;
#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (s < ktiles) load(s, s);
    cp_commit();
  }
  for (int kt = 0; kt < ktiles; ++kt) {
    cp_wait<kStages - 2>();
    fence_proxy_async();  // the cp.async writes, visible to the tensor cores' (async proxy) reads
    __syncthreads();      // tile kt complete; every warpgroup is done with the slot refilled next
    if (kt + kStages - 1 < ktiles) load(kt + kStages - 1, (kt + kStages - 1) % kStages);
    cp_commit();
    const uint32_t a = base + uint32_t((kt % kStages) * 2 * kTileBytes);
    const uint32_t b = a + kTileBytes;
    const uint32_t aw = a + (kAmn ? wg * kMnLbo : wg * 64 * 128);  // this warpgroup's 64 rows of A
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < kBK / 16; ++kk) {
      const uint64_t da = kAmn ? wgmma_desc(aw + kk * kMnStep, kMnLbo, kMnSbo) : wgmma_desc(aw + kk * kWgKStep, kWgKLbo, kWgKSbo);
      const uint64_t db = kBmn ? wgmma_desc(b + kk * kMnStep, kMnLbo, kMnSbo) : wgmma_desc(b + kk * kWgKStep, kWgKLbo, kWgKSbo);
      wgmma_ss<128, kAmn ? 1 : 0, kBmn ? 1 : 0>(d, da, db, 1);
    }
    wgmma_commit_wait();
  }
  cp_wait<0>();
  // Accumulator layout: warp w of the warpgroup holds rows 16w..16w+15; d[4j..4j+3] is the n8 chunk j as
  // in mma.sync's m16n8 (rows lane/4 and +8, columns 2·(lane%4) and +1).
  const int lane = threadIdx.x % kWarp, w = (threadIdx.x / kWarp) % 4, g = lane / 4, t4 = lane % 4;
#pragma unroll
  for (int hf = 0; hf < 2; ++hf) {
    const int r = wg * 64 + 16 * w + g + 8 * hf;
    if (r >= mr) continue;
    const int64_t row = o.c + int64_t(r) * p.ldc;
#pragma unroll
    for (int j = 0; j < 16; ++j) {
      const int c = 8 * j + 2 * t4;
      if (c < nr) grouped_store2(p, row + c, d[4 * j + 2 * hf], d[4 * j + 2 * hf + 1]);
    }
  }
}

}  // namespace

bool grouped_wgmma_available() {
#if defined(DSEEK_CUDA_SM90A)
  int dev = 0, major = 0, minor = 0;
  if (cudaGetDevice(&dev) != cudaSuccess) return false;
  cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, dev);
  cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, dev);
  return major == 9 && minor == 0;
#else
  return false;
#endif
}

void grouped_wgmma_launch(int kind, const GroupedParams& p, int64_t tiles, cudaStream_t s) {
  auto launch = [&](auto kernel) {
    cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(kSmem));  // failure: at launch
    kernel<<<unsigned(tiles), kThreads, kSmem, s>>>(p);
  };
  if (kind == 0) launch(grouped_wgmma_k<0>);
  else if (kind == 1) launch(grouped_wgmma_k<1>);
  else launch(grouped_wgmma_k<2>);
}

}  // namespace dseek::cu::tk
