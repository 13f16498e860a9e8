// k_train_flash.cu — flash attention for training (FlashAttention-2's
// schedule): the masked softmax attention of k_train_attn.cu's materialised
// path without the [B·H, T, T] score matrix. Every product (Q·Kᵀ, P·V and the
// backward's Kᵀ-side recomputation, dV, dK, dQ) runs on the BF16 tensor cores
// with mma.sync m16n8k16 and fp32 accumulation; scores, probabilities and the
// accumulators live in registers (an accumulator tile's layout is the next
// product's A-operand layout, so P never goes through memory in the forward);
// the online softmax and its statistics are fp32. Key blocks a query block
// cannot see (causal, before its documents' starts and past the shared
// prefix) are skipped.
// Forward: a CTA of 4 warps per 64 query rows of one (b, h), each warp 16 rows,
// streaming 64-key blocks. Backward: a CTA per 64 keys, each warp 16 keys,
// streaming the query blocks that see them; dK and dV stay in registers, dQ
// is accumulated with fp32 atomics (not bit-reproducible run to run).
// Inputs are packed once to zero-padded BF16 rows (flash_pack) so tiles load
// with 16-byte copies. Head dims are padded to one of a few compiled sizes.
// What it is not: the fp32 reference path (exact mode keeps the materialised
// scores), or the Hopper kernels (k_train_flash_wgmma.cu, chosen where they run).
#include <climits>
#include <type_traits>

#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_mma.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/k_train_flash.cuh"
#include "backend/cuda/train_kernels.h"
#include "core/check.h"

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
using flash::kBlk;
using flash::kLog2e;
using flash::RowInfo;
using flash::rows_info;
using flash::invisible;
using flash::visible;
using flash::prefix_of;
constexpr int kThreads = 128;  // 4 warps × 16 rows
constexpr int kLdS = kBlk + 8; // leading dimension of the backward's dS tile [64 queries][64 keys] (bf16)

// c[n] += A·Bᵀ for this warp's 16 rows (r0..) of tile A (leading dimension la) against the 64 rows of
// tile B (lb; 8 column tiles of 8), over D columns: the 16×64 score-like products (S = Q Kᵀ, Sᵀ = K Qᵀ,
// dPᵀ = V dOᵀ). One ldmatrix per 16×16 A step and per two B tiles.
template <int D>
__device__ __forceinline__ void tile_16x64(float (&c)[8][4], const bf16* sa, int la, const bf16* sb, int lb, int r0,
                                           int lane) {
#pragma unroll
  for (int kc = 0; kc < D; kc += 16) {
    uint32_t a[4];
    ldmatrix_x4(a, frag_a(sa, la, r0, kc, lane));
#pragma unroll
    for (int n = 0; n < 8; n += 2) {
      uint32_t b[4];
      ldmatrix_x4(b, frag_b_nk(sb, lb, 8 * n, kc, lane));
      mma16816(c[n], a, b[0], b[1]);
      mma16816(c[n + 1], a, b[2], b[3]);
    }
  }
}
// acc[i] += A · tile[16kk.., 8i..] for the 16×64 A of a score-like product (its accumulators c, as BF16:
// the mma accumulator layout equals the A operand's, so P and dS never leave registers) and the
// row-major [64 keys or queries][N] tile B (ld): P·V, Pᵀ·dO, dSᵀ·Q.
template <int N>
__device__ __forceinline__ void acc_times_tile(float (&acc)[N / 8][4], const float (&c)[8][4], const bf16* sb, int ld,
                                               int lane) {
#pragma unroll
  for (int kk = 0; kk < 4; ++kk) {
    const uint32_t a[4] = {pack_bf16x2(c[2 * kk][0], c[2 * kk][1]), pack_bf16x2(c[2 * kk][2], c[2 * kk][3]),
                           pack_bf16x2(c[2 * kk + 1][0], c[2 * kk + 1][1]),
                           pack_bf16x2(c[2 * kk + 1][2], c[2 * kk + 1][3])};
#pragma unroll
    for (int i = 0; i < N / 8; i += 2) {
      uint32_t b[4];
      ldmatrix_x4_trans(b, frag_b_kn(sb, ld, 16 * kk, 8 * i, lane));
      mma16816(acc[i], a, b[0], b[1]);
      mma16816(acc[i + 1], a, b[2], b[3]);
    }
  }
}

// rows [r0, r0+64) of a packed [T, P] bf16 matrix -> tile [64][ld] (zeros past T), 16-byte cp.async
// (committed by the caller).
template <int P>
__device__ __forceinline__ void copy_rows(const bf16* src, int64_t T, int64_t r0, bf16* dst, int ld) {
  constexpr int kVec = P / 8;
#pragma unroll
  for (int i = threadIdx.x; i < kBlk * kVec; i += kThreads) {
    const int r = i / kVec, c = (i % kVec) * 8;
    const bool ok = r0 + r < T;
    cp_async16(dst + r * ld + c, ok ? src + (r0 + r) * P + c : src, ok);
  }
}

// Forward: rows q0.. of one (b, h); K/V blocks double-buffered (the next visible block streams in
// while this one is computed).
template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads) fwd_k(const bf16* Q, const bf16* K, const bf16* V, int64_t T, int64_t H,
                                                  int dv, float scale, const int32_t* start, int64_t prefix, float* o,
                                                  float* lse) {
  constexpr int LQ = DQ + 8, LV = DV + 8;  // +16 bytes a row: conflict-free ldmatrix
  extern __shared__ __align__(16) unsigned char smem[];
  bf16* sQ = reinterpret_cast<bf16*>(smem);  // [64 queries][LQ]
  bf16* sK = sQ + kBlk * LQ;                 // [2][64 keys][LQ]
  bf16* sV = sK + 2 * kBlk * LQ;             // [2][64 keys][LV]
  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, q0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4, r0 = 16 * w;
  const bf16 *Kh = K + bh * T * DQ, *Vh = V + bh * T * DV;
  const RowInfo ri = rows_info(start, b, T, q0, prefix, lane);
  const int64_t kend = T < q0 + kBlk ? T : q0 + kBlk;  // causal
  auto next = [&](int64_t k) {
    while (k < kend && invisible(ri, k)) k += kBlk;
    return k;
  };
  int64_t k0 = next(0);  // < kend: the diagonal block is visible
  copy_rows<DQ>(Q + bh * T * DQ, T, q0, sQ, LQ);
  copy_rows<DQ>(Kh, T, k0, sK, LQ);
  copy_rows<DV>(Vh, T, k0, sV, LV);
  cp_commit();
  const float sl2 = scale * kLog2e;
  // This thread's two rows: r0+g and r0+g+8.
  const int ta = int(q0) + r0 + g, tb = ta + 8;
  const int sta = ta < T ? int(int64_t(start[b * T + ta]) - b * T) : INT_MAX;
  const int stb = tb < T ? int(int64_t(start[b * T + tb]) - b * T) : INT_MAX;
  const int prea = prefix_of(sta, prefix), preb = prefix_of(stb, prefix);
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
  float acc[DV / 8][4];
#pragma unroll
  for (int i = 0; i < DV / 8; ++i) acc[i][0] = acc[i][1] = acc[i][2] = acc[i][3] = 0.0f;

  for (int buf = 0; k0 < kend; buf ^= 1) {
    cp_wait<0>();
    __syncthreads();  // block k0 landed; every warp is done with the other buffer
    const int64_t kn = next(k0 + kBlk);
    if (kn < kend) {
      copy_rows<DQ>(Kh, T, kn, sK + (buf ^ 1) * kBlk * LQ, LQ);
      copy_rows<DV>(Vh, T, kn, sV + (buf ^ 1) * kBlk * LV, LV);
    }
    cp_commit();
    float s[8][4];
#pragma unroll
    for (int n = 0; n < 8; ++n) s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
    tile_16x64<DQ>(s, sQ, LQ, sK + buf * kBlk * LQ, LQ, r0, lane);
    // Mask (unless every row sees every key of the block), scale into log2 units, online softmax.
    const bool full = k0 + kBlk <= q0 + 1 && k0 >= ri.max_st && q0 + kBlk <= T;
    float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int key = int(k0) + 8 * n + 2 * t4 + (j & 1);
        const bool hi = j >= 2;
        const bool vis = full || (key < T && (hi ? (tb < T && visible(key, tb, stb, preb))
                                                 : (ta < T && visible(key, ta, sta, prea))));
        s[n][j] = vis ? s[n][j] * sl2 : -INFINITY;
        mx[hi] = fmaxf(mx[hi], s[n][j]);
      }
    float alpha[2], mu[2];
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 1));
      mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 2));
      const float mn = fmaxf(m[i], mx[i]);
      mu[i] = mn == -INFINITY ? 0.0f : mn;
      alpha[i] = exp2f(m[i] - mu[i]);  // 0 while the row has seen nothing
      m[i] = mn;
      l[i] *= alpha[i];
    }
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        s[n][j] = exp2f(s[n][j] - mu[j >> 1]);
        l[j >> 1] += s[n][j];
      }
#pragma unroll
    for (int i = 0; i < DV / 8; ++i) {
      acc[i][0] *= alpha[0];
      acc[i][1] *= alpha[0];
      acc[i][2] *= alpha[1];
      acc[i][3] *= alpha[1];
    }
    acc_times_tile<DV>(acc, s, sV + buf * kBlk * LV, LV, lane);  // O += P V
    k0 = kn;
  }
#pragma unroll
  for (int i = 0; i < 2; ++i) {
    l[i] += __shfl_xor_sync(0xffffffffu, l[i], 1);
    l[i] += __shfl_xor_sync(0xffffffffu, l[i], 2);
  }
  const int64_t H_dv = H * int64_t(dv);
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int row = half ? tb : ta;
    if (row >= T) continue;
    const float inv = 1.0f / l[half];  // >= 1 term: the row sees itself
    float* dst = o + (b * T + row) * H_dv + h * dv;
#pragma unroll
    for (int i = 0; i < DV / 8; ++i) {
      const int c = 8 * i + 2 * t4;
      if (c < dv) dst[c] = acc[i][2 * half] * inv;
      if (c + 1 < dv) dst[c + 1] = acc[i][2 * half + 1] * inv;
    }
    if (t4 == 0) lse[bh * T + row] = (m[half] + log2f(l[half])) / kLog2e;
  }
}

// Backward: keys k0.. of one (b, h) against the query blocks that see them; Q, dO and the rows' lse,
// D and document starts double-buffered.
template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads) bwd_k(const bf16* Q, const bf16* K, const bf16* V, const bf16* dO,
                                                  const float* lse, const float* Dd, int64_t T, int64_t H, int dq,
                                                  int dv, float scale, const int32_t* start, int64_t prefix, float* dqo,
                                                  float* dK, float* dV) {
  constexpr int LQ = DQ + 8, LV = DV + 8;
  extern __shared__ __align__(16) unsigned char smem[];
  bf16* sK = reinterpret_cast<bf16*>(smem);  // [64 keys][LQ]
  bf16* sV = sK + kBlk * LQ;                 // [64 keys][LV]
  bf16* sQ = sV + kBlk * LV;                 // [2][64 queries][LQ]
  bf16* sdO = sQ + 2 * kBlk * LQ;            // [2][64 queries][LV]
  bf16* sdS = sdO + 2 * kBlk * LV;           // [64 queries][kLdS]
  float* slse = reinterpret_cast<float*>(sdS + kBlk * kLdS);  // [2][64]
  float* sD = slse + 2 * kBlk;                                 // [2][64]
  int32_t* sst = reinterpret_cast<int32_t*>(sD + 2 * kBlk);    // [2][64] start[] of the rows
  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, k0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4, r0 = 16 * w;
  const bf16 *Qh = Q + bh * T * DQ, *dOh = dO + bh * T * DV;
  const int64_t k1 = T < k0 + kBlk ? T : k0 + kBlk;
  auto next = [&](int64_t q, RowInfo& ri) {
    for (; q < T; q += kBlk) {
      ri = rows_info(start, b, T, q, prefix, lane);
      if (!(k1 <= ri.min_st && k0 >= ri.max_pre)) break;
    }
    return q;
  };
  auto issue = [&](int64_t q, int buf) {
    copy_rows<DQ>(Qh, T, q, sQ + buf * kBlk * LQ, LQ);
    copy_rows<DV>(dOh, T, q, sdO + buf * kBlk * LV, LV);
    if (threadIdx.x < kBlk) {
      const int64_t t = q + threadIdx.x;
      const bool ok = t < T;
      cp_async4(slse + buf * kBlk + threadIdx.x, ok ? lse + bh * T + t : lse, ok);
      cp_async4(sD + buf * kBlk + threadIdx.x, ok ? Dd + bh * T + t : Dd, ok);
      cp_async4(sst + buf * kBlk + threadIdx.x, ok ? start + b * T + t : start, ok);
    }
  };
  copy_rows<DQ>(K + bh * T * DQ, T, k0, sK, LQ);
  copy_rows<DV>(V + bh * T * DV, T, k0, sV, LV);
  RowInfo ri{};
  int64_t q0 = next(k0, ri);  // causal: query rows >= the first key
  issue(q0 < T ? q0 : k0, 0);
  cp_commit();
  const float sl2 = scale * kLog2e;
  const int keya = int(k0) + r0 + g, keyb = keya + 8;  // this thread's two key rows
  float dk[DQ / 8][4], dvv[DV / 8][4];
#pragma unroll
  for (int i = 0; i < DQ / 8; ++i) dk[i][0] = dk[i][1] = dk[i][2] = dk[i][3] = 0.0f;
#pragma unroll
  for (int i = 0; i < DV / 8; ++i) dvv[i][0] = dvv[i][1] = dvv[i][2] = dvv[i][3] = 0.0f;
  const int64_t H_dq = H * int64_t(dq);
  const bool even_dq = dq % 2 == 0;  // 8-byte aligned column pairs: one float2 atomic each

  for (int buf = 0; q0 < T; buf ^= 1) {
    cp_wait<0>();
    __syncthreads();  // block q0 landed; every warp is done with the other buffers and with sdS
    RowInfo rn{};
    const int64_t qn = next(q0 + kBlk, rn);
    if (qn < T) issue(qn, buf ^ 1);
    cp_commit();
    const bf16 *cQ = sQ + buf * kBlk * LQ, *cdO = sdO + buf * kBlk * LV;
    const float *cl = slse + buf * kBlk, *cD = sD + buf * kBlk;
    const int32_t* cs = sst + buf * kBlk;
    // Sᵀ = K Qᵀ and dPᵀ = V dOᵀ for this warp's 16 keys × 64 queries.
    float s[8][4], dp[8][4];
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) s[n][j] = dp[n][j] = 0.0f;
    tile_16x64<DQ>(s, sK, LQ, cQ, LQ, r0, lane);
    tile_16x64<DV>(dp, sV, LV, cdO, LV, r0, lane);
    // Pᵀ and dSᵀ = Pᵀ ⊙ (dPᵀ − D) · scale; dS also to shared memory (query-major) for dQ.
    const bool full = q0 >= k0 + kBlk && k0 >= ri.max_st && q0 + kBlk <= T;
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int ql = 8 * n + 2 * t4 + (j & 1), q = int(q0) + ql, key = (j >= 2) ? keyb : keya;
        bool vis = full;
        if (!vis && q < T && key < T) {
          const int st = int(int64_t(cs[ql]) - b * T);
          vis = visible(key, q, st, prefix_of(st, prefix));
        }
        const float p = vis ? exp2f(s[n][j] * sl2 - cl[ql] * kLog2e) : 0.0f;
        s[n][j] = p;
        dp[n][j] = p * (dp[n][j] - cD[ql]) * scale;
        sdS[ql * kLdS + r0 + g + ((j >= 2) ? 8 : 0)] = __float2bfloat16(dp[n][j]);
      }
    acc_times_tile<DV>(dvv, s, cdO, LV, lane);  // dV += Pᵀ dO
    acc_times_tile<DQ>(dk, dp, cQ, LQ, lane);   // dK += dSᵀ Q
    __syncthreads();                            // sdS complete
    // dQ[queries r0.., :] += dS K over this block's 64 keys (dS's A fragments loaded once).
    uint32_t a[4][4];
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) ldmatrix_x4(a[kk], frag_a(sdS, kLdS, r0, 16 * kk, lane));
    const int qa = int(q0) + r0 + g, qb = qa + 8;
#pragma unroll
    for (int i = 0; i < DQ / 8; i += 2) {
      float c[2][4] = {{0.0f, 0.0f, 0.0f, 0.0f}, {0.0f, 0.0f, 0.0f, 0.0f}};
#pragma unroll
      for (int kk = 0; kk < 4; ++kk) {
        uint32_t bb[4];
        ldmatrix_x4_trans(bb, frag_b_kn(sK, LQ, 16 * kk, 8 * i, lane));
        mma16816(c[0], a[kk], bb[0], bb[1]);
        mma16816(c[1], a[kk], bb[2], bb[3]);
      }
#pragma unroll
      for (int u = 0; u < 2; ++u) {
        const int col = 8 * (i + u) + 2 * t4;
#pragma unroll
        for (int hf = 0; hf < 2; ++hf) {
          const int qr = hf ? qb : qa;
          if (qr >= T) continue;
          float* d = dqo + (b * T + qr) * H_dq + h * dq + col;
          if (col + 1 < dq && even_dq) atomicAdd(reinterpret_cast<float2*>(d), make_float2(c[u][2 * hf], c[u][2 * hf + 1]));
          else {
            if (col < dq) atomicAdd(d, c[u][2 * hf]);
            if (col + 1 < dq) atomicAdd(d + 1, c[u][2 * hf + 1]);
          }
        }
      }
    }
    q0 = qn;
    ri = rn;
  }
  cp_wait<0>();  // nothing may still be writing shared memory when the CTA exits
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int key = half ? keyb : keya;
    if (key >= T) continue;
#pragma unroll
    for (int i = 0; i < DQ / 8; ++i) {
      const int c = 8 * i + 2 * t4;
      float* d = dK + (bh * T + key) * dq;
      if (c < dq) d[c] = dk[i][2 * half];
      if (c + 1 < dq) d[c + 1] = dk[i][2 * half + 1];
    }
#pragma unroll
    for (int i = 0; i < DV / 8; ++i) {
      const int c = 8 * i + 2 * t4;
      float* d = dV + (bh * T + key) * dv;
      if (c < dv) d[c] = dvv[i][2 * half];
      if (c + 1 < dv) d[c + 1] = dvv[i][2 * half + 1];
    }
  }
}

template <int DQ, int DV>
constexpr size_t fwd_smem() {
  return size_t(3 * kBlk * (DQ + 8) + 2 * kBlk * (DV + 8)) * 2;
}
template <int DQ, int DV>
constexpr size_t bwd_smem() {
  return size_t(3 * kBlk * (DQ + 8) + 3 * kBlk * (DV + 8) + kBlk * kLdS) * 2 + 3 * 2 * kBlk * 4;
}

// Column c of a head's row v (c in the rotated range of r): rope_k's result for it, from v's pair (fp32,
// or BF16 values widened).
template <class T>
__device__ __forceinline__ float roped(const T* v, int c, int64_t row, const PackRope& r) {
  const int i = c - int(r.off), half = int(r.half);
  const int k = r.interleave ? i / 2 : i % half;  // the pair's index in the tables
  const float a = get1(v + r.off + (r.interleave ? 2 * k : k));
  const float b = get1(v + r.off + (r.interleave ? 2 * k + 1 : k + half));
  const float cs = r.cs[row * half + k], sn = r.sn[row * half + k];
  const bool first = r.interleave ? i % 2 == 0 : i < half;
  return first ? a * cs - b * sn : a * sn + b * cs;
}

// Eight source columns as floats: fp32 by two 16-byte loads, BF16 by one.
__device__ __forceinline__ void load8(const float* p, float (&v)[8]) {
  const float4 lo = ld4(p), hi = ld4(p + 4);
  v[0] = lo.x, v[1] = lo.y, v[2] = lo.z, v[3] = lo.w, v[4] = hi.x, v[5] = hi.y, v[6] = hi.z, v[7] = hi.w;
}
__device__ __forceinline__ void load8(const bf16* p, float (&v)[8]) {
  const uint4 u = *reinterpret_cast<const uint4*>(p);
  const uint32_t w[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    v[2 * j] = bf16f(uint16_t(w[j] & 0xFFFFu));
    v[2 * j + 1] = bf16f(uint16_t(w[j] >> 16));
  }
}

// roped() for the eight columns [c, c+8) at once (all inside the rotated range; vec8_ok): the pairs'
// other halves by one 8-column load (non-interleaved: the eight columns half away; interleaved: the
// thread's own), cos/sin by 16-byte loads. The same products as roped(), so the same values.
__device__ __forceinline__ bool rope_vec8_ok(const PackRope& r) {
  return r.off % 8 == 0 && (r.interleave ? r.half % 4 == 0 : r.half % 8 == 0) &&
         (reinterpret_cast<uintptr_t>(r.cs) | reinterpret_cast<uintptr_t>(r.sn)) % 16 == 0;
}
template <class T>
__device__ __forceinline__ void roped8(const T* v, int c, int64_t row, const PackRope& r, float (&x)[8]) {
  const int i = c - int(r.off), half = int(r.half);
  if (r.interleave) {  // pairs (2k, 2k+1) = (x[2u], x[2u+1]), k = i/2 + u
    const float4 c4 = ld4(r.cs + row * half + i / 2), s4 = ld4(r.sn + row * half + i / 2);
    const float cs[4] = {c4.x, c4.y, c4.z, c4.w}, sn[4] = {s4.x, s4.y, s4.z, s4.w};
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      const float a = x[2 * u], b = x[2 * u + 1];
      x[2 * u] = a * cs[u] - b * sn[u];
      x[2 * u + 1] = a * sn[u] + b * cs[u];
    }
    return;
  }
  const bool first = i < half;
  const int k = first ? i : i - half;
  float o[8];  // the other halves of the pairs
  load8(v + r.off + (first ? k + half : k), o);
  const float4 c0 = ld4(r.cs + row * half + k), c1 = ld4(r.cs + row * half + k + 4);
  const float4 s0 = ld4(r.sn + row * half + k), s1 = ld4(r.sn + row * half + k + 4);
  const float cs[8] = {c0.x, c0.y, c0.z, c0.w, c1.x, c1.y, c1.z, c1.w};
  const float sn[8] = {s0.x, s0.y, s0.z, s0.w, s1.x, s1.y, s1.z, s1.w};
#pragma unroll
  for (int u = 0; u < 8; ++u)  // roped(): a = the first half's value, b = the second's
    x[u] = first ? x[u] * cs[u] - o[u] * sn[u] : o[u] * sn[u] + x[u] * cs[u];
}

// dst[b·H+h, t, 0:n1] = src1[(b·T+t)·s1 + h·h1 + c], then src2's n2 columns, zeros up to P; blockIdx.y =
// b·H+h, V columns of one row a thread (32-bit index arithmetic within the head). V = 2: any shape, one
// 4-byte store; V = 8: 16-byte loads (one for BF16, two for fp32) and one 16-byte store, where n1, n2, P
// are multiples of 8 and every row and head offset is 16-byte aligned (flash_pack checks). rope.half > 0:
// src1's rotated columns as roped() (eight at a time by roped8 where rope_vec8_ok).
// S1: the first source's type, float or bf16 (RoPE from either).
template <int V, class S1>
__global__ void pack_k(const S1* src1, int64_t s1, int64_t h1, int n1, const float* src2, int64_t s2, int64_t h2,
                       int n2, int T, int H, int P, bf16* dst, PackRope rope) {
  const int nv = P / V, i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= T * nv) return;
  const int bh = blockIdx.y, b = bh / H, h = bh % H, t = i / nv, c = V * (i - t * nv);
  const int64_t row = int64_t(b) * T + t;
  const S1* head1 = src1 + row * s1 + h * h1;
  float v[V];
  if constexpr (V == 8) {
    if (c < n1) load8(head1 + c, v);
    else if (c < n1 + n2) load8(src2 + row * s2 + h * h2 + (c - n1), v);
    else
#pragma unroll
      for (int u = 0; u < 8; ++u) v[u] = 0.0f;
  } else {
#pragma unroll
    for (int u = 0; u < V; ++u) {
      const int cc = c + u;
      v[u] = cc < n1 ? get1(head1 + cc) : cc < n1 + n2 ? src2[row * s2 + h * h2 + (cc - n1)] : 0.0f;
    }
  }
  if (V == 8 && rope.half > 0 && c >= rope.off && c + 8 <= rope.off + 2 * rope.half && c + 8 <= n1 &&
      rope_vec8_ok(rope)) {
    if constexpr (V == 8) roped8(head1, c, row, rope, v);
  } else if (rope.half > 0) {
#pragma unroll
    for (int u = 0; u < V; ++u) {
      const int cc = c + u;
      if (cc >= rope.off && cc < rope.off + 2 * rope.half && cc < n1) v[u] = roped(head1, cc, row, rope);
    }
  }
  if constexpr (V == 8) store_bf16x8(dst, int64_t(bh) * T * nv + i, v);
  else reinterpret_cast<__nv_bfloat162*>(dst)[int64_t(bh) * T * nv + i] = __floats2bfloat162_rn(v[0], v[1]);
}

// flash_pack of dout (n1 = P = dv, eight columns a thread) and, in the same pass, dot_k's Dd: the
// dv/8 threads of a (token, head) row are adjacent lanes (dv/8 divides 32) and add their partial
// products by shuffles.
// TO: O's type, fp32 or BF16 (the forward's BF16-only output).
template <class TO>
__global__ void pack_dout_dot8_k(const float* dout, const TO* o, int T, int H, int dv, bf16* dst, float* Dd) {
  const int oct = dv / 8, i = blockIdx.x * blockDim.x + threadIdx.x;
  const bool in = i < T * oct;
  const int bh = blockIdx.y, b = bh / H, h = bh % H, t = in ? i / oct : 0, c = 8 * (i - t * oct);
  const int64_t at = (int64_t(b) * T + t) * H * dv + int64_t(h) * dv + c;
  float4 lo = make_float4(0, 0, 0, 0), hi = lo, ol = lo, oh = lo;
  if (in) {
    lo = *reinterpret_cast<const float4*>(dout + at);
    hi = *reinterpret_cast<const float4*>(dout + at + 4);
    ol = ld4(o + at);
    oh = ld4(o + at + 4);
    const float v[8] = {lo.x, lo.y, lo.z, lo.w, hi.x, hi.y, hi.z, hi.w};
    store_bf16x8(dst, int64_t(bh) * T * oct + i, v);
  }
  float acc = lo.x * ol.x + lo.y * ol.y + lo.z * ol.z + lo.w * ol.w + hi.x * oh.x + hi.y * oh.y + hi.z * oh.z +
              hi.w * oh.w;
  for (int m = oct / 2; m > 0; m /= 2) acc += __shfl_xor_sync(0xffffffffu, acc, m);
  if (in && c == 0) Dd[int64_t(bh) * T + t] = acc;
}

// Dd[(b·H+h)·T + t] = Σ_c dout[b·T+t, h, c] · o[b·T+t, h, c]; one warp per (token, head).
__global__ void dot_k(const float* dout, const float* o, int64_t N, int64_t T, int64_t H, int dv, float* Dd) {
  const int64_t r = int64_t(blockIdx.x) * (blockDim.x / kWarp) + threadIdx.x / kWarp;  // = token·H + h
  if (r >= N * H) return;
  float acc = 0.0f;
  for (int c = threadIdx.x % kWarp; c < dv; c += kWarp) acc += dout[r * dv + c] * o[r * dv + c];
  acc = warp_sum(acc);
  const int64_t tok = r / H, h = r % H, b = tok / T, t = tok % T;
  if (threadIdx.x % kWarp == 0) Dd[(b * H + h) * T + t] = acc;
}

int pad_q(int64_t d) {
  for (int p : {32, 64, 96, 128, 192})
    if (d <= p) return p;
  return 0;
}
int pad_v(int64_t d) {
  for (int p : {32, 64, 128})
    if (d <= p) return p;
  return 0;
}

template <int DQ, int DV>
void launch_fwd(const FlashArgs& a, float* o, float* lse, cudaStream_t s) {
  constexpr size_t sm = fwd_smem<DQ, DV>();
  cudaFuncSetAttribute(fwd_k<DQ, DV>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(sm));  // failure: at launch
  fwd_k<DQ, DV><<<dim3(unsigned((a.T + kBlk - 1) / kBlk), unsigned(a.B * a.H)), kThreads, sm, s>>>(
      reinterpret_cast<const bf16*>(a.Q), reinterpret_cast<const bf16*>(a.K), reinterpret_cast<const bf16*>(a.V), a.T,
      a.H, int(a.dv), a.scale, a.start, a.prefix, o, lse);
}
template <int DQ, int DV>
void launch_bwd(const FlashArgs& a, const uint16_t* dOb, const float* lse, const float* Dd, float* dq, float* dK,
                float* dV, cudaStream_t s) {
  constexpr size_t sm = bwd_smem<DQ, DV>();
  cudaFuncSetAttribute(bwd_k<DQ, DV>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(sm));  // failure: at launch
  bwd_k<DQ, DV><<<dim3(unsigned((a.T + kBlk - 1) / kBlk), unsigned(a.B * a.H)), kThreads, sm, s>>>(
      reinterpret_cast<const bf16*>(a.Q), reinterpret_cast<const bf16*>(a.K), reinterpret_cast<const bf16*>(a.V),
      reinterpret_cast<const bf16*>(dOb), lse, Dd, a.T, a.H, int(a.dq), int(a.dv), a.scale, a.start, a.prefix, dq, dK,
      dV);
}

// The compiled (padded dq, padded dv) pairs.
#define DSEEK_FLASH_SIZES(X) X(32, 32) X(64, 32) X(64, 64) X(96, 64) X(128, 64) X(128, 128) X(192, 128)

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

FlashDims flash_attn_dims(int64_t dq, int64_t dv) {
  const int pq = pad_q(dq), pv = pad_v(dv);
#define DSEEK_FLASH_DIMS(Q, V) \
  if (pq == Q && pv == V) return {Q, V};
  DSEEK_FLASH_SIZES(DSEEK_FLASH_DIMS)
#undef DSEEK_FLASH_DIMS
  return {};
}

namespace {
// Both flash_pack overloads: S1 float or bf16 (elements per 16 bytes: 4 or 8).
template <class S1>
void pack_launch(const S1* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                 int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s,
                 const PackRope* rope) {
  const PackRope r = rope ? *rope : PackRope{};
  DSEEK_CHECK(r.half == 0 || (r.cs && r.sn && r.off >= 0 && r.off + 2 * r.half <= n1),
              "flash_pack: RoPE columns [{}, {}) outside the {} packed from the first source", r.off,
              r.off + 2 * r.half, n1);
  DSEEK_CHECK(P > 0 && P % 2 == 0 && n1 + n2 <= P, "flash_pack: {} + {} columns into rows of {}", n1, n2, P);
  if (T <= 0 || B * H <= 0) return;
  const int64_t per_head = T * (P / 2);  // P is even (a compiled head size); T·P/2 < 2³¹ (the trainer's rows)
  DSEEK_CHECK(per_head < (int64_t(1) << 31) && B * H <= 65535, "flash_pack: {} rows × {} heads too large", T, B * H);
  constexpr int64_t e16 = 16 / sizeof(S1);  // elements per 16 bytes
  if (n1 % 8 == 0 && n2 % 8 == 0 && P % 8 == 0 && s1 % e16 == 0 && h1 % e16 == 0 && aligned16(src1) &&
      (n2 == 0 || (s2 % 4 == 0 && h2 % 4 == 0 && aligned16(src2))) && aligned16(dst)) {
    const int64_t per = T * (P / 8);
    pack_k<8, S1><<<dim3(unsigned((per + 255) / 256), unsigned(B * H)), 256, 0, s>>>(
        src1, s1, h1, int(n1), src2, s2, h2, int(n2), int(T), int(H), int(P), reinterpret_cast<bf16*>(dst), r);
    LAUNCHED();
    return;
  }
  pack_k<2, S1><<<dim3(unsigned((per_head + 255) / 256), unsigned(B * H)), 256, 0, s>>>(
      src1, s1, h1, int(n1), src2, s2, h2, int(n2), int(T), int(H), int(P), reinterpret_cast<bf16*>(dst), r);
  LAUNCHED();
}
}  // namespace

void flash_pack(const float* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s,
                const PackRope* rope) {
  pack_launch(src1, s1, h1, n1, src2, s2, h2, n2, B, H, T, P, dst, s, rope);
}

void flash_pack(const uint16_t* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s,
                const PackRope* rope) {
  pack_launch(reinterpret_cast<const bf16*>(src1), s1, h1, n1, src2, s2, h2, n2, B, H, T, P, dst, s, rope);
}

bool flash_bf16_o_ok(const FlashArgs& a) {
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
  return !a.mma_sync && flash::flash_fwd_wgmma_supported(d.dqp, d.dvp) && a.dv % 8 == 0 && d.dvp == a.dv &&
         32 % (a.dv / 8) == 0;  // (and the backward's D from it: pack_dout_dot8_k's shape)
}

void flash_attn_fwd(const FlashArgs& a, float* o, float* lse, cudaStream_t s, uint16_t* ob) {
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
  DSEEK_CHECK(!ob || flash_bf16_o_ok(a), "flash_attn_fwd: no BF16-only O for dq {} dv {} here", a.dq, a.dv);
  DSEEK_CHECK(reinterpret_cast<uintptr_t>(ob) % 4 == 0, "flash_attn_fwd: the BF16 O must be 4-byte aligned");
  if (!a.mma_sync && flash::flash_fwd_wgmma_supported(d.dqp, d.dvp)) {
    flash::flash_fwd_wgmma(a, d.dqp, d.dvp, o, lse, s, ob);
    LAUNCHED();
    return;
  }
#define DSEEK_FLASH_FWD(Q, V) \
  if (d.dqp == Q && d.dvp == V) launch_fwd<Q, V>(a, o, lse, s);
  DSEEK_FLASH_SIZES(DSEEK_FLASH_FWD)
#undef DSEEK_FLASH_FWD
  LAUNCHED();
}

bool flash_bwd_unpacked_ok(const FlashArgs& a, int64_t dn) {
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
  return !a.mma_sync && flash::flash_bwd_wgmma_supported(d.dqp, d.dvp) && dn >= 0 && dn <= a.dq && dn % 2 == 0 &&
         a.dv % 2 == 0;
}

void flash_attn_bwd(const FlashArgs& a, const float* o, const float* dout, const float* lse, uint16_t* dOb, float* Dd,
                    float* dq, float* dK, float* dV, cudaStream_t s, const FlashBwdUnpacked* u, const uint16_t* ob) {
  DSEEK_CHECK(!u || flash_bwd_unpacked_ok(a, u->dn), "flash_attn_bwd: the unpacked output does not run here");
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
  const int64_t N = a.B * a.T;
  const bool dot8 = d.dvp == a.dv && a.dv % 8 == 0 && 32 % (a.dv / 8) == 0 && aligned16(dout) && aligned16(dOb);
  DSEEK_CHECK(!ob || (dot8 && aligned16(ob)), "flash_attn_bwd: a BF16 O needs dv a multiple of 8 dividing 256, "
              "16-byte aligned rows (dv {})", a.dv);
  const dim3 grid8(unsigned((a.T * (a.dv / 8) + 255) / 256), unsigned(a.B * a.H));
  if (ob) {
    pack_dout_dot8_k<<<grid8, 256, 0, s>>>(dout, reinterpret_cast<const bf16*>(ob), int(a.T), int(a.H), int(a.dv),
                                           reinterpret_cast<bf16*>(dOb), Dd);
    LAUNCHED();
  } else if (dot8 && aligned16(o)) {
    pack_dout_dot8_k<<<grid8, 256, 0, s>>>(dout, o, int(a.T), int(a.H), int(a.dv), reinterpret_cast<bf16*>(dOb), Dd);
    LAUNCHED();
  } else {
    dot_k<<<unsigned((N * a.H + 7) / 8), 256, 0, s>>>(dout, o, N, a.T, a.H, int(a.dv), Dd);
    LAUNCHED();
    flash_pack(dout, a.H * a.dv, a.dv, a.dv, nullptr, 0, 0, 0, a.B, a.H, a.T, d.dvp, dOb, s);
  }
  cudaMemsetAsync(dq, 0, size_t(N * a.H * a.dq) * sizeof(float), s);  // an error shows at the launch check
  if (!a.mma_sync && flash::flash_bwd_wgmma_supported(d.dqp, d.dvp)) {
    flash::flash_bwd_wgmma(a, d.dqp, d.dvp, dOb, lse, Dd, dq, dK, dV, s, u);
    LAUNCHED();
    return;
  }
#define DSEEK_FLASH_BWD(Q, V) \
  if (d.dqp == Q && d.dvp == V) launch_bwd<Q, V>(a, dOb, lse, Dd, dq, dK, dV, s);
  DSEEK_FLASH_SIZES(DSEEK_FLASH_BWD)
#undef DSEEK_FLASH_BWD
  LAUNCHED();
}

}  // namespace dseek::cu::tk
