// k_fp8_gemm.cuh — what the two FP8 GEMM kernels (k_fp8_gemm.cu: cp.async;
// k_fp8_tma.cu: TMA, warp-specialised) share: the scalar part of their
// parameter block with the group table, filled from Fp8GemmArgs for one launch
// of up to kGroupedMaxGroups groups, and the promotion into the fp32 total and
// the direct epilogue in wgmma's accumulator layout. What it is not: the host
// API (train_kernels.h) or a kernel.
#pragma once

#include <algorithm>
#include <cstdint>

#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {

// Fp8GemmArgs' scalars for one launch; the kernels' parameter blocks derive from it (the group table's
// fields are what group_table and grouped_tile read).
struct Fp8Common {
  const float *sa, *sb;
  float* C;
  int64_t ldc, ldsa, sbn, sbk, sSB, sC;
  int nshift, wgrad;
  int M, N, K;
  float alpha, beta;
  int groups, tiles_n;
  int32_t off[kGroupedMaxGroups], cnt[kGroupedMaxGroups], grp[kGroupedMaxGroups], first_tile[kGroupedMaxGroups + 1];
};
// Fp8GemmArgs' group table, with a dense product (groups == 0) as one group: all M rows (wgrad: all K).
struct Fp8Groups {
  explicit Fp8Groups(const Fp8GemmArgs& g)
      : one_cnt(g.wgrad ? g.K : g.M),
        n(g.groups > 0 ? g.groups : 1),
        off(g.groups > 0 ? g.off : &one_off),
        cnt(g.groups > 0 ? g.cnt : &one_cnt) {}
  Fp8Groups(const Fp8Groups&) = delete;  // (off / cnt may point into this object)
  Fp8Groups& operator=(const Fp8Groups&) = delete;
  const int64_t one_off = 0, one_cnt;
  const int64_t n;
  const int64_t *off, *cnt;
};
// The launch of groups e0 .. e0 + kGroupedMaxGroups − 1 (rows kinds: their B scales and C rows; wgrad:
// their C), `BN`-wide tiles; the group table is left to group_table.
inline void fp8_common(Fp8Common& p, const Fp8GemmArgs& g, int64_t e0, int64_t groups, int BN) {
  p.sa = g.sa;
  p.sb = g.sb + (g.wgrad ? 0 : e0 * g.sSB);
  p.C = g.C + (g.wgrad ? e0 * g.sC : 0);
  p.ldc = g.ldc;
  p.ldsa = g.ldsa;
  p.sbn = g.sbn;
  p.sbk = g.sbk;
  p.sSB = g.sSB;
  p.sC = g.sC;
  p.nshift = g.nshift;
  p.wgrad = g.wgrad ? 1 : 0;
  p.M = int(g.M);
  p.N = int(g.N);
  p.K = int(g.K);
  p.alpha = g.alpha;
  p.beta = g.beta;
  p.groups = int(std::min<int64_t>(kGroupedMaxGroups, groups - e0));
  p.tiles_n = int((g.N + BN - 1) / BN);
}

// The FP8 GEMMs' promotion and direct epilogue in the instruction's accumulator layout (NACC floats a
// thread: the n8 chunk j in acc[4j..4j+3], rows r0 and r0 + 8 of the warpgroup's 64, columns 8j + 2·t4
// and + 1 of the tile). Promote: d += acc · row scale (ra for r0, rb for r0 + 8) · column scale, UNI:
// one column scale for the tile (cs[0]); else cs[8j + 2·t4] and the next (shared memory, float2-aligned).
template <int NACC, bool UNI>
__device__ __forceinline__ void fp8_promote(float (&d)[NACC], const float (&acc)[NACC], float ra, float rb,
                                            const float* cs, int t4) {
  if constexpr (UNI) {
    const float fa = ra * cs[0], fb = rb * cs[0];
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      d[4 * j + 0] = fmaf(acc[4 * j + 0], fa, d[4 * j + 0]);
      d[4 * j + 1] = fmaf(acc[4 * j + 1], fa, d[4 * j + 1]);
      d[4 * j + 2] = fmaf(acc[4 * j + 2], fb, d[4 * j + 2]);
      d[4 * j + 3] = fmaf(acc[4 * j + 3], fb, d[4 * j + 3]);
    }
  } else {
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      const float2 cb = *reinterpret_cast<const float2*>(cs + 8 * j + 2 * t4);
      d[4 * j + 0] = fmaf(acc[4 * j + 0], ra * cb.x, d[4 * j + 0]);
      d[4 * j + 1] = fmaf(acc[4 * j + 1], ra * cb.y, d[4 * j + 1]);
      d[4 * j + 2] = fmaf(acc[4 * j + 2], rb * cb.x, d[4 * j + 2]);
      d[4 * j + 3] = fmaf(acc[4 * j + 3], rb * cb.y, d[4 * j + 3]);
    }
  }
}
// C = alpha · d + beta · C for this thread's part of a tile whose origin is c (rows ldc apart), rows r0 and
// r0 + 8 below mr and columns below nr only (float2 stores: ldc and the origin even).
template <int NACC>
__device__ __forceinline__ void fp8_store_direct(const float (&d)[NACC], float* c, int64_t ldc, int r0, int t4, int mr,
                                                 int nr, float alpha, float beta) {
#pragma unroll
  for (int hf = 0; hf < 2; ++hf) {
    const int r = r0 + 8 * hf;
    if (r >= mr) continue;
    float* const row = c + int64_t(r) * ldc;
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      const int col = 8 * j + 2 * t4;
      if (col >= nr) continue;
      float2 v = make_float2(alpha * d[4 * j + 2 * hf], alpha * d[4 * j + 2 * hf + 1]);
      float2* dst = reinterpret_cast<float2*>(row + col);
      if (beta != 0.0f) {
        const float2 old = *dst;
        v.x = fmaf(beta, old.x, v.x);
        v.y = fmaf(beta, old.y, v.y);
      }
      *dst = v;
    }
  }
}

}  // namespace dseek::cu::tk
