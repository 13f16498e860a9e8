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

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
constexpr int kBM = 128, kBN = 128, kBK = 64, kStages = 3, kThreads = 256;
constexpr int kTileBytes = 128 * 128;  // 128 rows × 64 bf16 (128 bytes), one operand, one stage
constexpr size_t kSmem = size_t(2 * kStages * kTileBytes) + 1024;  // + alignment of the tiles to 1024

// MN-contiguous tile: atoms of 64 MN × 8 k (1024 bytes), the 8 k-groups of a 64-k stage 1024 bytes apart
// (SBO), the next 64 MN 8 KB on (LBO); a k16 step is two k-groups on. (The two offsets swapped fail the
// tests: for MN-major operands LBO steps along MN, SBO along k.)
constexpr uint32_t kMnLbo = 8192, kMnSbo = 1024, kMnStep = 2048;

template <int TA, int TB>
__device__ __forceinline__ void wgmma_m64n128k16(float (&d)[64], uint64_t da, uint64_t db) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16 {%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1, %67, %68;\n}\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
      : "l"(da), "l"(db), "r"(1), "n"(TA), "n"(TB));
#else
  __trap();
#endif
}
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
      wgmma_m64n128k16<kAmn ? 1 : 0, kBmn ? 1 : 0>(d, da, db);
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
