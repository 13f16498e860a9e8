// k_fp8_gemm.cu — FP8 GEMMs with DeepSeek-V3's fine-grained scaling on Hopper
// (wgmma e4m3 × e4m3 -> fp32, sm_90a): C = alpha · Σ_kb (A_kb · B_kbᵀ) · sa · sb
// + beta · C, both operands E4M3 stored k-contiguous with one power-of-two
// scale per 128 of k (activations: per row, 1×128; weights: per 128×128 block,
// or per row of B too for the weight gradient's transposed activations). Each
// 128-deep k step runs four m64nBNk32 instructions into a fresh accumulator,
// which is then scaled and added to the fp32 total in registers: partial sums
// are promoted every 128 elements of k (§3.3.2 of the V3 report; the tensor
// cores' own FP8 accumulation keeps ~14 bits).
// Tile schedule as the grouped BF16 kernel (k_grouped_wgmma.cu): a CTA per
// 128 × BN tile of one group (BN 64, two CTAs per SM; DSEEK_FP8_GEMM_BN=128:
// 128, one CTA per SM), two warpgroups of 64 rows, a cp.async ring of 128-byte
// swizzled rows (128 E4M3 of k) plus the stage's row and column scales; a
// step's loads are issued while its instructions run.
// Groups split the rows (expert forward / data gradient: per-group B and
// scales) or the reduction (expert weight gradient: per-group C); one group of
// M rows is a dense GEMM.
// Since session 29 fp8_gemm runs k_fp8_tma.cu's warp-specialised kernel
// wherever it can; this one is its fallback (and DSEEK_FP8_GEMM_CPASYNC=1).
// What it is not: TMA or warp-specialised, or a fallback for other GPUs (the
// trainer quantise-dequantises into BF16 GEMMs there, k_train_fp8.cu).
#include <algorithm>
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_fp8_gemm.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_wgmma.cuh"
#include "backend/cuda/k_wgmma_fp8.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kBM = 128, kBK = 128, kThreads = 256;
// Tile widths: 64 columns with 2 CTAs per SM (the default: while one CTA promotes, the other's
// instructions keep the tensor cores busy), or 128 with one CTA per SM and deeper staging.
template <int BN>
struct Cfg {
  static constexpr int kStages = BN == 64 ? 4 : 6, kCtas = BN == 64 ? 2 : 1;
  static constexpr int kA = kBM * 128, kB = BN * 128;           // tile bytes: rows × 128 E4M3 of k
  // + the stage's row and column scales, rounded up so that every tile starts 1024-aligned (the
  // 128-byte swizzle's pattern repeats every 1024 bytes of address)
  static constexpr int kStage = (kA + kB + (kBM + BN) * 4 + 1023) / 1024 * 1024;
  static constexpr size_t kSmem = size_t(kStages) * kStage + 1024;  // + 1024-alignment
};

struct Params : Fp8Common {
  const unsigned char *A, *B;
  int64_t lda, ldb, sB;
};

// UNI_B: B's scale is one per tile and k step (128×128 weight blocks: a tile of BN <= 128 columns never
// straddles two), so promotion multiplies by a per-row factor; else per column (the weight gradient).
template <int BN, bool UNI_B>
__global__ void __launch_bounds__(kThreads, Cfg<BN>::kCtas) fp8_gemm_k(const __grid_constant__ Params p) {
  using K = Cfg<BN>;
  constexpr int kAcc = BN / 2;  // accumulator floats per thread (64 rows × BN per warpgroup)
  extern __shared__ __align__(16) unsigned char smem[];
  const uint32_t base = (uint32_t(__cvta_generic_to_shared(smem)) + 1023) & ~1023u;
  unsigned char* const gbase = smem + (base - uint32_t(__cvta_generic_to_shared(smem)));
  // Stage s at base + s·kStage: the A tile, the B tile, then 128 row scales and BN column scales.
  const GroupedTile t = grouped_tile(p, kBM, BN);
  const unsigned char *A, *B;
  const float *sa, *sb;
  float* C;
  int mr, klim;
  if (!p.wgrad) {  // groups split the rows: the group's rows of A and C, its own B and B scales
    A = p.A + (t.off + t.m0) * p.lda;
    sa = p.sa + (t.off + t.m0);
    B = p.B + int64_t(t.e) * p.sB + int64_t(t.n0) * p.ldb;
    sb = p.sb + int64_t(t.e) * p.sSB;
    C = p.C + (t.off + t.m0) * p.ldc + t.n0;
    mr = t.cnt - t.m0;
    klim = p.K;
  } else {  // groups split k (a multiple of 128 from the start): the group's columns of A and B, its own C
    A = p.A + int64_t(t.m0) * p.lda + t.off;
    sa = p.sa + int64_t(t.off / 128) * p.ldsa + t.m0;
    B = p.B + int64_t(t.n0) * p.ldb + t.off;
    sb = p.sb + int64_t(t.off / 128) * p.sbk;
    C = p.C + int64_t(t.e) * p.sC + int64_t(t.m0) * p.ldc + t.n0;
    mr = p.M - t.m0;
    klim = t.cnt;
  }
  const int nr = p.N - t.n0;
  const int ktiles = (klim + kBK - 1) / kBK;
  // This thread's share of a stage: 16-byte chunk c of rows rr + 32j of each tile (the swizzled chunk
  // position is the same for all j: (rr + 32j) % 8 == rr % 8), and one scale. Rows outside the operand
  // are zero-filled (cp.async reads nothing for them), so their addresses need no clamping.
  const int c = threadIdx.x % 8, rr = threadIdx.x / 8;
  const uint32_t swz = uint32_t(rr * 128 + ((c ^ (rr & 7)) << 4));
  const unsigned char* a_src = A + int64_t(rr) * p.lda + c * 16;
  const unsigned char* b_src = B + int64_t(rr) * p.ldb + c * 16;
  const int64_t a_step = 32 * p.lda, b_step = 32 * p.ldb;
  uint32_t rows_ok = 0;  // bit j: A row rr + 32j inside; bit 4 + j: B row rr + 32j inside
#pragma unroll
  for (int j = 0; j < kBM / 32; ++j) rows_ok |= uint32_t(rr + 32 * j < mr) << j;
#pragma unroll
  for (int j = 0; j < BN / 32; ++j) rows_ok |= uint32_t(rr + 32 * j < nr) << (4 + j);
  const float* s_src = sa;  // this thread's scale: row i of A or column i - 128 of B, k step 0
  bool s_ok = false;
  int64_t s_step = 0;
  if (threadIdx.x < kBM) {
    s_ok = int(threadIdx.x) < mr;
    s_src = sa + int(threadIdx.x);
    s_step = p.ldsa;
  } else if (threadIdx.x < kBM + BN) {
    const int n = int(threadIdx.x) - kBM;
    s_ok = n < nr;
    s_src = sb + int64_t((t.n0 + n) >> p.nshift) * p.sbn;
    s_step = p.sbk;
  }
  auto load = [&](int kt) {
    if (kt < ktiles) {
      const int slot = kt % K::kStages, k0 = kt * kBK;
      const uint32_t kok = c * 16 < klim - k0 ? ~0u : 0u;
      const uint32_t a = base + uint32_t(slot * K::kStage) + swz;
      const unsigned char* pa = a_src + k0;
      const unsigned char* pb = b_src + k0;
#pragma unroll
      for (int j = 0; j < kBM / 32; ++j, pa += a_step) cp_async16(a + uint32_t(j * 4096), pa, (rows_ok & kok) >> j & 1);
#pragma unroll
      for (int j = 0; j < BN / 32; ++j, pb += b_step)
        cp_async16(a + uint32_t(K::kA + j * 4096), pb, (rows_ok & kok) >> (4 + j) & 1);
      if (threadIdx.x < kBM + BN) {
        float* sc = reinterpret_cast<float*>(gbase + slot * K::kStage + K::kA + K::kB);
        cp_async4(sc + threadIdx.x, s_src + kt * s_step, s_ok);
      }
    }
    cp_commit();
  };
  const int wg = threadIdx.x / 128;  // this warpgroup's 64 rows of the tile
  const int lane = threadIdx.x % kWarp, w = (threadIdx.x / kWarp) % 4, g = lane / 4, t4 = lane % 4;
  const int r0 = wg * 64 + 16 * w + g;  // this thread's accumulator rows: r0 and r0 + 8
  float d[kAcc], acc[kAcc];
  // Stage 0's descriptors (this warpgroup's 64 rows of A; B); a stage or a k32 step further on only adds
  // to the start address field (the tiles stay inside the 256 KB it spans).
  const uint64_t da0 = wgmma_desc(base + uint32_t(wg * 64 * 128), kWgKLbo, kWgKSbo);
  const uint64_t db0 = wgmma_desc(base + uint32_t(K::kA), kWgKLbo, kWgKSbo);
#pragma unroll
  for (int i = 0; i < kAcc; ++i) d[i] = 0.0f;
  // Per k step: issue its instructions, then (while they run) refill the slot of the step before and
  // wait for the next step's tiles; then wait for the instructions, promote, and meet at the barrier
  // that makes the next tiles visible to all and frees this step's slot.
  for (int s = 0; s < K::kStages - 1; ++s) load(s);
  cp_wait<K::kStages - 2>();
  fence_proxy_async();
  __syncthreads();
  for (int kt = 0; kt < ktiles; ++kt) {
    const int slot = kt % K::kStages;
    const uint64_t at = uint64_t(slot * K::kStage) >> 4;  // descriptors address in 16-byte units
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < kBK / 32; ++kk)
      wgmma_e4m3(acc, da0 + at + kk * (kWgKStep >> 4), db0 + at + kk * (kWgKStep >> 4), kk > 0);
    wgmma_commit();
    load(kt + K::kStages - 1);  // into the slot of step kt - 1: done with at the last barrier
    cp_wait<K::kStages - 2>();  // step kt + 1's tiles
    fence_proxy_async();
    wgmma_wait0();
    // Promote: d += acc · sa[row] · sb[column] (accumulator layout as mma.sync's m16n8, n8 chunk j in
    // acc[4j..4j+3]: rows r0 and r0 + 8, columns 8j + 2·t4 and + 1).
    const float* sc = reinterpret_cast<const float*>(gbase + slot * K::kStage + K::kA + K::kB);
    fp8_promote<kAcc, UNI_B>(d, acc, sc[r0], sc[r0 + 8], sc + kBM, t4);
    __syncthreads();
  }
  cp_wait<0>();
  fp8_store_direct(d, C, p.ldc, r0, t4, mr, nr, p.alpha, p.beta);
}

}  // namespace

bool fp8_gemm_available() { return grouped_wgmma_available() && !std::getenv("DSEEK_FP8_QDQ"); }

std::string fp8_gemm_unsupported(const Fp8GemmArgs& g) {
  if (!g.A || !g.B || !g.sa || !g.sb || !g.C) return "an operand is missing";
  if (g.N % 2 || g.ldc % 2 || g.sC % 2) return "N, ldc or the C group stride is odd";
  if (g.lda % 16 || g.ldb % 16 || g.sB % 16) return "an operand's row stride or group stride is not a multiple of 16";
  if (!g.wgrad && g.K % 16) return "K is not a multiple of 16";
  if (!aligned16(g.A) || !aligned16(g.B) || reinterpret_cast<uintptr_t>(g.C) % 8 || reinterpret_cast<uintptr_t>(g.sa) % 4 ||
      reinterpret_cast<uintptr_t>(g.sb) % 4)
    return "an operand is misaligned";
  if (g.nshift != 0 && g.nshift != 7) return "B's scales are neither per column nor per 128 columns";
  if (g.M > INT32_MAX / 2 || g.N > INT32_MAX / 2 || g.K > INT32_MAX / 2) return "a dimension is too large";
  if (g.groups > 0 && (!g.off || !g.cnt)) return "the group table is missing";
  for (int64_t e = 0; e < g.groups; ++e) {
    if (g.cnt[e] < 0 || g.cnt[e] > INT32_MAX / 2 || g.off[e] < 0 || g.off[e] > INT32_MAX / 2)
      return "a group's row count or offset is out of range";
    if (g.wgrad && (g.off[e] % 128 || g.cnt[e] % 16)) return "a weight-gradient group does not start at a 128-row tile";
  }
  return {};
}

void fp8_gemm(const Fp8GemmArgs& g, cudaStream_t s) {
  const std::string why = fp8_gemm_unsupported(g);
  DSEEK_CHECK(why.empty(), "FP8 GEMM: {}", why);
  DSEEK_CHECK(fp8_gemm_available(), "FP8 GEMM: needs an sm_90a build on a compute capability 9.0 GPU");
  DSEEK_CHECK(g.kernel >= 0 && g.kernel <= 2, "FP8 GEMM: kernel {} (0 auto, 1 cp.async, 2 TMA)", g.kernel);
  // The TMA kernel (k_fp8_tma.cu) wherever it can run; DSEEK_FP8_GEMM_CPASYNC=1 keeps this file's kernel
  // (A/B measurement).
  static const bool cpasync = std::getenv("DSEEK_FP8_GEMM_CPASYNC") != nullptr;
  if (g.kernel == 2 || (g.kernel == 0 && !cpasync)) {
    if (fp8_tma_gemm(g, s)) return;
    DSEEK_CHECK(g.kernel != 2, "FP8 GEMM: the TMA kernel cannot describe these operands");
  }
  // DSEEK_FP8_GEMM_BN=128: the 128-wide tiles (A/B measurement).
  static const bool wide = std::getenv("DSEEK_FP8_GEMM_BN") && std::string(std::getenv("DSEEK_FP8_GEMM_BN")) == "128";
  const int BN = wide ? 128 : 64;
  const bool uni = g.nshift == 7;
  const auto kernel = wide ? (uni ? fp8_gemm_k<128, true> : fp8_gemm_k<128, false>)
                           : (uni ? fp8_gemm_k<64, true> : fp8_gemm_k<64, false>);
  const size_t smem = wide ? Cfg<128>::kSmem : Cfg<64>::kSmem;
  cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(smem));  // failure: at launch
  const Fp8Groups gs(g);
  const int64_t groups = gs.n, *off = gs.off, *cnt = gs.cnt;
  for (int64_t e0 = 0; e0 < groups; e0 += kGroupedMaxGroups) {
    Params p{};
    fp8_common(p, g, e0, groups, BN);
    p.A = g.A;
    p.B = g.B + (g.wgrad ? 0 : e0 * g.sB);
    p.lda = g.lda;
    p.ldb = g.ldb;
    p.sB = g.sB;
    const int64_t tiles = group_table(p, off + e0, cnt + e0, g.wgrad, g.M, kBM, g.beta);
    if (tiles == 0) continue;
    DSEEK_CHECK(tiles <= INT32_MAX, "FP8 GEMM: {} tiles", tiles);
    kernel<<<unsigned(tiles), kThreads, smem, s>>>(p);
    check_launch(__FILE__, __LINE__);
  }
}

}  // namespace dseek::cu::tk
