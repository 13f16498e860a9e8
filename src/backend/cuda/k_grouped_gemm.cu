// k_grouped_gemm.cu — one launch for all the MoE experts' GEMMs of a kind
// (grouped GEMM, as DeepGEMM's "contiguous" layout): BF16 operands, fp32
// accumulation and fp32 C (alpha/beta), the experts' rows in contiguous blocks
// of their own sizes, so no expert is padded to another's load and the whole
// layer's work fills the GPU as one grid of 128×128 tiles.
// Kinds: kRowsNK (forward, x·Wᵀ), kRowsKN (data gradient, dy·W) split the rows
// by expert; kWgrad (weight gradient, dyᵀ·x) splits the reduction by expert.
// Schedule: a CTA of 8 warps per 128×128 tile (warp tile 64×32), K in steps of
// 64 through a 3-stage cp.async ring, fragments by ldmatrix (transposed where
// an operand is stored k-major), mma.sync m16n8k16. grouped_gemm checks the
// call and builds the group table; on sm_90a builds and GPUs the launch goes to
// k_grouped_tma.cu's warp-specialised TMA kernel (or k_grouped_wgmma.cu's
// cp.async one, 1.4-1.6x faster than this), this one is the fallback
// (and DSEEK_NO_WGMMA=1 selects it, for measurements and tests).
// What it is not: TMA, or an FP8 GEMM (FP8 numerics pass FP8-rounded BF16).
#include <algorithm>
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_mma.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
// The tile shape measured fastest of 128×128 / 128×256 with K steps of 32 / 64 and 3 / 4 stages
// (bench_cuda_grouped_gemm, docs/performance.md): 128×128, 64, 3 stages, 2 CTAs per SM.
constexpr int kBM = 128, kBN = 128, kBK = 64, kStages = 3, kThreads = 256;
constexpr int kMaxGroups = kGroupedMaxGroups;
// A stage's tile of an operand with `rows` (M or N) × BK: stored [rows][BK + 8] when k-contiguous,
// [BK][rows + 8] when k-strided (+16 bytes a row: conflict-free ldmatrix).
__host__ __device__ constexpr int tile_elems(int rows, int BK) {
  return rows * (BK + 8) > BK * (rows + 8) ? rows * (BK + 8) : BK * (rows + 8);
}
template <int BN, int BK, int STAGES>
constexpr size_t smem_bytes() {
  return size_t(STAGES * (tile_elems(kBM, BK) + tile_elems(BN, BK))) * 2;
}

using Params = GroupedParams;

// A [R][C] bf16 tile of the operand at src (leading dimension ld) -> smem [R][C + 8], rows r < rlim
// and columns c < clim (else zeros), 16-byte cp.async.
template <int R, int C>
__device__ __forceinline__ void load_tile(const bf16* src, int ld, int rlim, int clim, bf16* dst) {
  constexpr int kVec = C / 8;
  static_assert(R * kVec % kThreads == 0, "whole rounds of 16-byte copies");
#pragma unroll
  for (int j = 0; j < R * kVec / kThreads; ++j) {
    const int i = threadIdx.x + j * kThreads, r = i / kVec, c = (i % kVec) * 8;
    const bool ok = r < rlim && c < clim;
    cp_async16(dst + r * (C + 8) + c, src + (ok ? r * ld + c : 0), ok);  // 32-bit offsets: fewer registers
  }
}

// KIND 0: rows, B [N][K]; 1: rows, B [K][N]; 2: wgrad (A [K][M], B [K][N]). A CTA tile of 128 × BN,
// 8 warps as 2 × 4, each 64 × BN/4.
template <int KIND, int BN, int kBK, int kStages, int kMinBlocks>
__global__ void __launch_bounds__(kThreads, kMinBlocks) grouped_k(const __grid_constant__ Params p) {
  constexpr bool kAkm = KIND == 2, kBkn = KIND != 0;
  constexpr int kTA = tile_elems(kBM, kBK), kTB = tile_elems(BN, kBK);
  constexpr int kWN = BN / 4, kNT = kWN / 8;  // warp columns, n8 tiles per warp
  extern __shared__ __align__(16) unsigned char smem[];
  bf16* sA = reinterpret_cast<bf16*>(smem);  // [kStages][kTA]
  bf16* sB = sA + kStages * kTA;             // [kStages][kTB]
  const GroupedTile t = grouped_tile(p, kBM, BN);
  const GroupedOperands o = grouped_operands<KIND>(p, t);
  const bf16 *A = o.A, *B = o.B;
  const int mr = o.mr, nr = o.nr, klim = o.klim;
  const int ktiles = (klim + kBK - 1) / kBK;

  auto load = [&](int kt, int slot) {
    const int k0 = kt * kBK, kr = klim - k0;
    bf16* a = sA + slot * kTA;
    bf16* b = sB + slot * kTB;
    if (kAkm) load_tile<kBK, kBM>(A + int64_t(k0) * p.lda, int(p.lda), kr, mr, a);
    else load_tile<kBM, kBK>(A + k0, int(p.lda), mr, kr, a);
    if (kBkn) load_tile<kBK, BN>(B + int64_t(k0) * p.ldb, int(p.ldb), kr, nr, b);
    else load_tile<BN, kBK>(B + k0, int(p.ldb), nr, kr, b);
  };

  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, wm = (w / 4) * 64, wn = (w % 4) * kWN;
  float acc[4][kNT][4];
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < kNT; ++j) acc[i][j][0] = acc[i][j][1] = acc[i][j][2] = acc[i][j][3] = 0.0f;

#pragma unroll
  for (int s = 0; s < kStages - 1; ++s) {
    if (s < ktiles) load(s, s);
    cp_commit();
  }
  for (int kt = 0; kt < ktiles; ++kt) {
    cp_wait<kStages - 2>();
    __syncthreads();  // tile kt landed; every warp is done with the slot refilled next
    if (kt + kStages - 1 < ktiles) load(kt + kStages - 1, (kt + kStages - 1) % kStages);
    cp_commit();
    const bf16* a = sA + (kt % kStages) * kTA;
    const bf16* b = sB + (kt % kStages) * kTB;
#pragma unroll
    for (int kk = 0; kk < kBK; kk += 16) {
      uint32_t af[4][4], bfr[kNT / 2][4];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        if (kAkm) ldmatrix_x4_trans(af[i], frag_b_nk(a, kBM + 8, kk, wm + 16 * i, lane));  // A stored [k][m]
        else ldmatrix_x4(af[i], frag_a(a, kBK + 8, wm + 16 * i, kk, lane));
      }
#pragma unroll
      for (int j = 0; j < kNT / 2; ++j) {
        if (kBkn) ldmatrix_x4_trans(bfr[j], frag_b_kn(b, BN + 8, kk, wn + 16 * j, lane));
        else ldmatrix_x4(bfr[j], frag_b_nk(b, kBK + 8, wn + 16 * j, kk, lane));
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < kNT; ++j) mma16816(acc[i][j], af[i], bfr[j / 2][2 * (j % 2)], bfr[j / 2][2 * (j % 2) + 1]);
    }
  }
  cp_wait<0>();
  // Epilogue: C = alpha·acc + beta·C over the tile's valid rows and columns.
  const int g = lane / 4, t4 = lane % 4;
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int hf = 0; hf < 2; ++hf) {
      const int r = wm + 16 * i + g + 8 * hf;
      if (r >= mr) continue;
      const int64_t row = grouped_operands<KIND>(p, t).c + int64_t(r) * p.ldc;  // kept live over the loop, it spilled
#pragma unroll
      for (int j = 0; j < kNT; ++j) {
        const int c = wn + 8 * j + 2 * t4;
        if (c < nr) grouped_store2(p, row + c, acc[i][j][2 * hf], acc[i][j][2 * hf + 1]);
      }
    }
}

}  // namespace

std::string grouped_gemm_unsupported(const GroupedGemmArgs& g) {
  const bool wg = g.kind == GroupedKind::kWgrad;
  if (g.N % 8 || (wg ? g.M % 8 : g.K % 8)) return "a fixed dimension is not a multiple of 8";
  if (g.lda % 8 || g.ldb % 8 || g.ldc % 2) return "a leading dimension is not a multiple of 8 (A, B) or 2 (C)";
  if (g.sB % 8 || g.sC % 2) return "a group stride is not a multiple of 8 (B) or 2 (C)";
  if (!g.C == !g.Cb) return "exactly one of C (fp32) and Cb (BF16) is the output";
  if (g.Cb && (wg || g.beta != 0.0f)) return "a BF16 output is for the rows kinds with beta 0";
  if (!aligned16(g.A) || !aligned16(g.B) || reinterpret_cast<uintptr_t>(g.C) % 8 || reinterpret_cast<uintptr_t>(g.Cb) % 4)
    return "an operand is misaligned";
  if (g.M > INT32_MAX / 2 || g.N > INT32_MAX / 2 || g.K > INT32_MAX / 2) return "a dimension is too large";
  if (std::max(g.lda, g.ldb) > INT32_MAX / 256) return "a leading dimension is too large";  // tile offsets in 32 bits
  for (int64_t e = 0; e < g.groups; ++e)
    if (g.cnt[e] < 0 || g.cnt[e] > INT32_MAX / 2 || g.off[e] < 0 || g.off[e] > INT32_MAX / 2 ||
        (g.off[e] * std::max(g.lda, g.ldc)) % 8)
      return "a group's row count or offset is out of range";
  return {};
}

bool grouped_impl_available(GroupedImpl impl) {
  return impl == GroupedImpl::kAuto || impl == GroupedImpl::kMmaSync || grouped_wgmma_available();
}

void grouped_gemm(const GroupedGemmArgs& g, cudaStream_t s) {
  const std::string why = grouped_gemm_unsupported(g);
  DSEEK_CHECK(why.empty(), "grouped GEMM: {}", why);
  const bool wg = g.kind == GroupedKind::kWgrad;
  // DSEEK_NO_WGMMA=1: the mma.sync kernel; DSEEK_NO_TMA=1: the cp.async wgmma one (A/B measurements).
  static const bool wgmma = grouped_wgmma_available() && !getenv("DSEEK_NO_WGMMA");
  static const bool tma = wgmma && !getenv("DSEEK_NO_TMA");
  static const bool tma_wide = tma && !getenv("DSEEK_NO_TMA_WIDE");  // (=1: 128×128 tiles, A/B)
  static const bool wgrad_wide = tma_wide && !getenv("DSEEK_WGRAD_TILES_128");  // (=1: the old weight gradient)
  GroupedImpl impl = g.impl;
  // Every kind on persistent 128×256 tiles (tiles from a counter when g.sched is given). The weight
  // gradient ran on 128×128 tiles, two CTAs per SM, while the epilogue stored straight from the
  // accumulators (one CTA's epilogue overlapped the other's products); with the epilogue staged through
  // shared memory (k_grouped_tma.cu) the wide tiles win in training (step 47.2 -> 46.7 ms).
  // (The weight gradient only where its epilogue is staged: wide tiles storing straight from the
  // accumulators are its slow combination, 287 vs 375 TFLOP/s.)
  const bool wide_ok = !wg || (wgrad_wide && grouped_tma_staged(2, g.C, false, g.ldc, g.N, g.sC));
  if (impl == GroupedImpl::kAuto)
    impl = tma_wide && wide_ok ? GroupedImpl::kTmaWide
           : tma           ? GroupedImpl::kTma
           : wgmma         ? GroupedImpl::kWgmma
                           : GroupedImpl::kMmaSync;
  const bool wide = impl == GroupedImpl::kTmaWide;
  DSEEK_CHECK(grouped_impl_available(impl), "grouped GEMM: kernel {} does not run on this build or GPU", int(impl));
  for (int64_t e0 = 0; e0 < g.groups; e0 += kMaxGroups) {
    Params p{};
    p.A = reinterpret_cast<const bf16*>(g.A);
    p.B = reinterpret_cast<const bf16*>(g.B);
    p.C = g.C ? g.C + (wg ? e0 * g.sC : 0) : nullptr;
    p.Cb = reinterpret_cast<bf16*>(g.Cb);
    p.lda = g.lda;
    p.ldb = g.ldb;
    p.ldc = g.ldc;
    p.sB = g.sB;
    p.sC = g.sC;
    if (!wg) p.B += e0 * g.sB;
    p.M = int(g.M);
    p.N = int(g.N);
    p.K = int(g.K);
    p.alpha = g.alpha;
    p.beta = g.beta;
    p.groups = int(std::min<int64_t>(kMaxGroups, g.groups - e0));
    auto table = [&](int bn) {  // the tile table for bn-wide tiles; the tiles to launch
      p.tiles_n = int((g.N + bn - 1) / bn);
      const int64_t t = group_table(p, g.off + e0, g.cnt + e0, wg, g.M, kBM, g.beta);
      DSEEK_CHECK(t <= INT32_MAX, "grouped GEMM: {} tiles", t);
      return t;
    };
    int64_t tiles = table(wide ? 256 : kBN);
    if (tiles == 0) continue;
    auto launch = [&](auto kernel) {
      constexpr size_t smem = smem_bytes<kBN, kBK, kStages>();
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(smem));  // failure: at launch
      kernel<<<unsigned(tiles), kThreads, smem, s>>>(p);
    };
    if ((impl == GroupedImpl::kTma || wide) && grouped_tma_launch(int(g.kind), p, tiles, wide, g.sched, s)) {
      check_launch(__FILE__, __LINE__);
      continue;
    }
    if (wide) tiles = table(kBN);  // (no tensor map: the 128-wide tiles of the kernels below)
    if (impl != GroupedImpl::kMmaSync) {  // (kTma falls back here where no tensor map describes the operands)
      grouped_wgmma_launch(int(g.kind), p, tiles, s);
      check_launch(__FILE__, __LINE__);
      continue;
    }
    switch (g.kind) {
      case GroupedKind::kRowsNK: launch(grouped_k<0, kBN, kBK, kStages, 2>); break;
      case GroupedKind::kRowsKN: launch(grouped_k<1, kBN, kBK, kStages, 2>); break;
      case GroupedKind::kWgrad: launch(grouped_k<2, kBN, kBK, kStages, 2>); break;
    }
    check_launch(__FILE__, __LINE__);
  }
}

}  // namespace dseek::cu::tk
