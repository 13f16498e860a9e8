// k_grouped_gemm.cuh — what the grouped expert GEMM's kernels share
// (k_grouped_gemm.cu: mma.sync; k_grouped_wgmma.cu: wgmma, sm_90a; k_grouped_tma.cu: wgmma fed by TMA): the kernel parameters with the group table, and how a CTA
// finds its expert and tile. What it is not: the host API (train_kernels.h).
#pragma once

#include <cuda_bf16.h>
#include <cstdint>

namespace dseek::cu::tk {

constexpr int kGroupedMaxGroups = 128;  // per launch (the kernel parameters hold the table)

// The wgmma kernels' (k_grouped_wgmma.cu, k_grouped_tma.cu) MN-contiguous tile: atoms of 64 MN × 8 k
// (1024 bytes), the 8 k-groups of a 64-k stage 1024 bytes apart (SBO), the next 64 MN 8 KB on (LBO); a
// k16 step is two k-groups on. (The two offsets swapped fail the tests: for MN-major operands LBO steps
// along MN, SBO along k.)
constexpr uint32_t kMnLbo = 8192, kMnSbo = 1024, kMnStep = 2048;

struct GroupedParams {
  const __nv_bfloat16* A;
  const __nv_bfloat16* B;
  float* C;
  __nv_bfloat16* Cb;  // instead of C (rows kinds, beta 0): the product rounded to BF16
  int64_t lda, ldb, ldc, sB, sC;
  int M, N, K;  // rows kinds: N, K fixed; wgrad: M, N fixed
  float alpha, beta;
  int groups, tiles_n;
  // The group table, in launch order (grp: the group of each entry — by falling row count for the
  // weight gradient, see group_table).
  int32_t off[kGroupedMaxGroups], cnt[kGroupedMaxGroups], grp[kGroupedMaxGroups], first_tile[kGroupedMaxGroups + 1];
};

struct GroupedTile {
  int e;        // the group (expert)
  int64_t off;  // its first row
  int cnt;      // its rows
  int m0, n0;   // the tile's origin (rows within the group's M, columns of N)
};
// Fills P's group table (off, cnt, grp, first_tile; P: GroupedParams or k_fp8_gemm.cu's parameters,
// groups and tiles_n set) from `p.groups` host entries and returns the tiles to launch. Rows kinds:
// a group's row tiles, in group order. Weight gradient (M fixed): every group's M×N tiles (beta scales
// C even with no rows) in order of falling row count — a tile's time grows with its group's rows, and
// the longest first leaves the shortest for the last wave.
template <class P>
int64_t group_table(P& p, const int64_t* off, const int64_t* cnt, bool wgrad, int64_t M, int BM, float beta) {
  for (int i = 0; i < p.groups; ++i) p.grp[i] = i;
  if (wgrad)
    for (int i = 1; i < p.groups; ++i)  // stable insertion sort by falling count (≤ 128 entries)
      for (int j = i; j > 0 && cnt[p.grp[j - 1]] < cnt[p.grp[j]]; --j) {
        const int32_t t = p.grp[j];
        p.grp[j] = p.grp[j - 1];
        p.grp[j - 1] = t;
      }
  int64_t tiles = 0;
  for (int i = 0; i < p.groups; ++i) {
    const int64_t c = cnt[p.grp[i]];
    p.off[i] = int32_t(off[p.grp[i]]);
    p.cnt[i] = int32_t(c);
    p.first_tile[i] = int32_t(tiles);
    const int64_t tm = wgrad ? (M + BM - 1) / BM : (c + BM - 1) / BM;
    if (!wgrad || c > 0 || beta != 1.0f) tiles += tm * p.tiles_n;
  }
  p.first_tile[p.groups] = int32_t(tiles);
  return tiles;
}

// Tile `tile` (default: this CTA's): the last entry whose first tile is <= it (empty groups share their first
// tile with the next one); tiles run row-tile-major, tiles_n per row of tiles. P: any parameter block
// with the group table's fields (GroupedParams, k_fp8_gemm.cu's).
template <class P>
__device__ __forceinline__ GroupedTile grouped_tile(const P& p, int BM, int BN, int tile) {
  int lo = 0, hi = p.groups - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (p.first_tile[mid] <= tile) lo = mid;
    else hi = mid - 1;
  }
  const int local = tile - p.first_tile[lo];
  return {p.grp[lo], p.off[lo], p.cnt[lo], (local / p.tiles_n) * BM, (local % p.tiles_n) * BN};
}
template <class P>
__device__ __forceinline__ GroupedTile grouped_tile(const P& p, int BM, int BN) {
  return grouped_tile(p, BM, BN, int(blockIdx.x));
}

// The tile's operands at its origin, for KIND 0 (rows kinds, B [N][K]), 1 (rows kinds, B [K][N]) or 2
// (wgrad: A [K][M], B [K][N] over the group's rows), and how much of the tile lies inside them.
struct GroupedOperands {
  const __nv_bfloat16* A;
  const __nv_bfloat16* B;
  int64_t c;         // the tile's origin in C (or Cb), in elements
  int mr, nr, klim;  // rows / columns of the tile inside C, and the reduction's length
};
template <int KIND>
__device__ __forceinline__ GroupedOperands grouped_operands(const GroupedParams& p, const GroupedTile& t) {
  constexpr bool kWg = KIND == 2, kBkn = KIND != 0;
  GroupedOperands o;
  o.A = kWg ? p.A + t.off * p.lda + t.m0 : p.A + (t.off + t.m0) * p.lda;
  o.B = kWg ? p.B + t.off * p.ldb + t.n0 : p.B + int64_t(t.e) * p.sB + (kBkn ? int64_t(t.n0) : int64_t(t.n0) * p.ldb);
  o.c = kWg ? int64_t(t.e) * p.sC + int64_t(t.m0) * p.ldc + t.n0 : (t.off + t.m0) * p.ldc + t.n0;
  o.mr = (kWg ? p.M : t.cnt) - t.m0;
  o.nr = p.N - t.n0;
  o.klim = kWg ? t.cnt : p.K;
  return o;
}
// C[i..i+1] = alpha·(x, y) + beta·C[i..i+1] (one float2: ldc and N are even, i is); with Cb, the
// BF16 pair alpha·(x, y) instead.
__device__ __forceinline__ void grouped_store2(const GroupedParams& p, int64_t i, float x, float y) {
  if (p.Cb) {
    *reinterpret_cast<__nv_bfloat162*>(p.Cb + i) = __floats2bfloat162_rn(p.alpha * x, p.alpha * y);
    return;
  }
  float2 v = make_float2(p.alpha * x, p.alpha * y);
  float2* d = reinterpret_cast<float2*>(p.C + i);
  if (p.beta != 0.0f) {
    const float2 old = *d;
    v.x += p.beta * old.x;
    v.y += p.beta * old.y;
  }
  *d = v;
}

// k_grouped_wgmma.cu: whether this build and GPU run it (sm_90a code, a compute capability 9.0 device),
// and its launch over `tiles` 128×128 tiles; kind 0 kRowsNK, 1 kRowsKN, 2 kWgrad.
bool grouped_wgmma_available();
void grouped_wgmma_launch(int kind, const GroupedParams& p, int64_t tiles, cudaStream_t s);
// k_grouped_tma.cu: the same tiles, warp-specialised on TMA and mbarriers; false (nothing launched)
// where this build or GPU cannot, or a tensor map cannot describe the operands.
// wide: 128×256 tiles on persistent CTAs (one per SM, the stage ring running on across tiles, so the
// next tile loads during this one's epilogue); p.tiles_n counts 256-wide tiles. sched (wide only; a
// zero device int that the launch leaves zero): the CTAs take tiles from an atomic counter instead of every
// gridDim.x-th one. The 128×256 tiles stage their epilogue through shared memory where
// grouped_tma_staged says so (C 16-byte aligned, ldc, N and the weight gradient's sC multiples of 16
// bytes; BF16 C for the rows kinds, fp32 for the weight gradient), else store from the accumulators.
bool grouped_tma_staged(int kind, const void* c, bool bf16_c, int64_t ldc, int64_t N, int64_t sC);
bool grouped_tma_launch(int kind, const GroupedParams& p, int64_t tiles, bool wide, int32_t* sched, cudaStream_t s);

}  // namespace dseek::cu::tk
