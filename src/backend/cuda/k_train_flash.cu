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
// scores), or a Hopper wgmma/TMA kernel.
#include <climits>

#include "backend/cuda/k_common.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
constexpr int kBlk = 64;       // query rows per forward CTA = keys per backward CTA
constexpr int kThreads = 128;  // 4 warps × 16 rows
constexpr int kLdT = kBlk + 8; // leading dimension of transposed tiles [d][64 tokens] (bf16)
constexpr float kLog2e = 1.4426950408889634f;

__device__ __forceinline__ void mma(float* c, const uint32_t* a, uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, "
      "{%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
__device__ __forceinline__ uint32_t ld32(const bf16* p) { return *reinterpret_cast<const uint32_t*>(p); }
__device__ __forceinline__ uint32_t pack2(float lo, float hi) {
  const __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
  return *reinterpret_cast<const uint32_t*>(&v);
}
// A fragment (16×16, row-major tile, leading dimension ld) for rows r0.., columns k0..
__device__ __forceinline__ void load_a(uint32_t* a, const bf16* s, int ld, int r0, int k0, int g, int t) {
  a[0] = ld32(s + (r0 + g) * ld + k0 + 2 * t);
  a[1] = ld32(s + (r0 + g + 8) * ld + k0 + 2 * t);
  a[2] = ld32(s + (r0 + g) * ld + k0 + 8 + 2 * t);
  a[3] = ld32(s + (r0 + g + 8) * ld + k0 + 8 + 2 * t);
}
// B fragment (16×8) whose column n is row n0+n of a row-major tile (so B = tileᵀ), k from k0.
__device__ __forceinline__ void load_b(uint32_t& b0, uint32_t& b1, const bf16* s, int ld, int n0, int k0, int g,
                                       int t) {
  b0 = ld32(s + (n0 + g) * ld + k0 + 2 * t);
  b1 = ld32(s + (n0 + g) * ld + k0 + 8 + 2 * t);
}
// c[n] += A·Bᵀ for this warp's 16 rows (r0..) of tile A against the 64 rows of tile B (8 column tiles
// of 8), over D columns: the 16×64 score-like products (S = Q Kᵀ, Sᵀ = K Qᵀ, dPᵀ = V dOᵀ).
template <int D>
__device__ __forceinline__ void tile_16x64(float (&c)[8][4], const bf16* sa, const bf16* sb, int ld, int r0, int g,
                                           int t) {
#pragma unroll
  for (int kc = 0; kc < D; kc += 16) {
    uint32_t a[4];
    load_a(a, sa, ld, r0, kc, g, t);
#pragma unroll
    for (int n = 0; n < 8; ++n) {
      uint32_t b0, b1;
      load_b(b0, b1, sb, ld, 8 * n, kc, g, t);
      mma(c[n], a, b0, b1);
    }
  }
}
// The accumulator tiles 2kk and 2kk+1 of a 16×64 product, as the A fragment of columns 16kk.. (BF16):
// the mma accumulator layout equals the A operand's, so P never leaves registers.
__device__ __forceinline__ void acc_to_a(uint32_t (&a)[4], const float (&c)[8][4], int kk) {
  a[0] = pack2(c[2 * kk][0], c[2 * kk][1]);
  a[1] = pack2(c[2 * kk][2], c[2 * kk][3]);
  a[2] = pack2(c[2 * kk + 1][0], c[2 * kk + 1][1]);
  a[3] = pack2(c[2 * kk + 1][2], c[2 * kk + 1][3]);
}

// rows [r0, r0+64) of a packed [T, P] bf16 matrix -> tile [64][ld] (zero past T), 16-byte copies.
template <int P>
__device__ void load_rows(const bf16* src, int64_t T, int64_t r0, bf16* dst, int ld) {
  constexpr int kVec = P / 8;
  for (int i = threadIdx.x; i < kBlk * kVec; i += kThreads) {
    const int r = i / kVec, c = (i % kVec) * 8;
    uint4 v = make_uint4(0, 0, 0, 0);
    if (r0 + r < T) v = *reinterpret_cast<const uint4*>(src + (r0 + r) * P + c);
    *reinterpret_cast<uint4*>(dst + r * ld + c) = v;
  }
}
// The same rows transposed: dst[c][r] (leading dimension kLdT).
template <int P>
__device__ void load_rows_t(const bf16* src, int64_t T, int64_t r0, bf16* dst) {
  constexpr int kVec = P / 8;
  for (int i = threadIdx.x; i < kBlk * kVec; i += kThreads) {
    const int r = i % kBlk, c = (i / kBlk) * 8;
    uint4 v = make_uint4(0, 0, 0, 0);
    if (r0 + r < T) v = *reinterpret_cast<const uint4*>(src + (r0 + r) * P + c);
    const bf16* e = reinterpret_cast<const bf16*>(&v);
#pragma unroll
    for (int j = 0; j < 8; ++j) dst[(c + j) * kLdT + r] = e[j];
  }
}

// Row t's visible keys: [st, t] and [0, pre).
__device__ __forceinline__ bool visible(int s, int t, int st, int pre) { return (s >= st && s <= t) || s < pre; }

// Segment starts and prefixes of rows [r0, r0+64) into sst/spre; red[0] = min start, red[1] = max prefix
// over the rows < T: a key block [k0, k1) is invisible to all of them when k1 <= red[0] and k0 >= red[1].
__device__ void row_masks(const int32_t* start, int64_t b, int64_t T, int64_t r0, int64_t prefix, int* sst,
                          int* spre, int* red) {
  __syncthreads();  // every thread is done with the previous rows
  if (threadIdx.x == 0) {
    red[0] = INT_MAX;
    red[1] = 0;
  }
  __syncthreads();
  if (threadIdx.x < kBlk) {
    const int64_t t = r0 + threadIdx.x;
    int st = INT_MAX, pre = 0;
    if (t < T) {
      st = int(int64_t(start[b * T + t]) - b * T);
      pre = (prefix > 0 && st > 0) ? int(prefix) : 0;
      atomicMin(&red[0], st);
      atomicMax(&red[1], pre);
    }
    sst[threadIdx.x] = st;
    spre[threadIdx.x] = pre;
  }
  __syncthreads();
}

template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads) fwd_k(const bf16* Q, const bf16* K, const bf16* V, int64_t T, int64_t H,
                                                  int dv, float scale, const int32_t* start, int64_t prefix, float* o,
                                                  float* lse) {
  constexpr int LQ = DQ + 8;
  extern __shared__ __align__(16) unsigned char smem[];
  bf16* sQ = reinterpret_cast<bf16*>(smem);  // [64 queries][LQ]
  bf16* sK = sQ + kBlk * LQ;                 // [64 keys][LQ]
  bf16* sVt = sK + kBlk * LQ;                // [DV][kLdT]
  int* sst = reinterpret_cast<int*>(sVt + DV * kLdT);
  int* spre = sst + kBlk;
  int* red = spre + kBlk;
  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, q0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4, r0 = 16 * w;
  load_rows<DQ>(Q + bh * T * DQ, T, q0, sQ, LQ);
  row_masks(start, b, T, q0, prefix, sst, spre, red);
  const int min_st = red[0], max_pre = red[1];
  const float sl2 = scale * kLog2e;
  // This thread's two rows: r0+g and r0+g+8.
  const int ta = int(q0) + r0 + g, tb = ta + 8;
  const int sta = sst[r0 + g], prea = spre[r0 + g], stb = sst[r0 + g + 8], preb = spre[r0 + g + 8];
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
  float acc[DV / 8][4];
#pragma unroll
  for (int i = 0; i < DV / 8; ++i) acc[i][0] = acc[i][1] = acc[i][2] = acc[i][3] = 0.0f;

  const int64_t kend = T < q0 + kBlk ? T : q0 + kBlk;  // causal
  for (int64_t k0 = 0; k0 < kend; k0 += kBlk) {
    if (k0 + kBlk <= min_st && k0 >= max_pre) continue;
    __syncthreads();  // previous tiles consumed
    load_rows<DQ>(K + bh * T * DQ, T, k0, sK, LQ);
    load_rows_t<DV>(V + bh * T * DV, T, k0, sVt);
    __syncthreads();
    float s[8][4];
#pragma unroll
    for (int n = 0; n < 8; ++n) s[n][0] = s[n][1] = s[n][2] = s[n][3] = 0.0f;
    tile_16x64<DQ>(s, sQ, sK, LQ, r0, g, t4);
    // Mask, scale into log2 units, online softmax.
    float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int key = int(k0) + 8 * n + 2 * t4 + (j & 1);
        const bool hi = j >= 2;
        const bool vis = key < T && (hi ? (tb < T && visible(key, tb, stb, preb)) : (ta < T && visible(key, ta, sta, prea)));
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
    // O += P V: P's accumulator tiles are the A fragments.
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) {
      uint32_t a[4];
      acc_to_a(a, s, kk);
#pragma unroll
      for (int i = 0; i < DV / 8; ++i) {
        uint32_t b0, b1;
        load_b(b0, b1, sVt, kLdT, 8 * i, 16 * kk, g, t4);
        mma(acc[i], a, b0, b1);
      }
    }
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

template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads) bwd_k(const bf16* Q, const bf16* K, const bf16* V, const bf16* dO,
                                                  const float* lse, const float* Dd, int64_t T, int64_t H, int dq,
                                                  int dv, float scale, const int32_t* start, int64_t prefix, float* dqo,
                                                  float* dK, float* dV) {
  constexpr int LQ = DQ + 8, LV = DV + 8;
  extern __shared__ __align__(16) unsigned char smem[];
  bf16* sK = reinterpret_cast<bf16*>(smem);  // [64 keys][LQ]
  bf16* sKt = sK + kBlk * LQ;                // [DQ][kLdT]
  bf16* sV = sKt + DQ * kLdT;                // [64 keys][LV]
  bf16* sQ = sV + kBlk * LV;                 // [64 queries][LQ]
  bf16* sQt = sQ + kBlk * LQ;                // [DQ][kLdT]
  bf16* sdO = sQt + DQ * kLdT;               // [64 queries][LV]
  bf16* sdOt = sdO + kBlk * LV;              // [DV][kLdT]
  bf16* sdS = sdOt + DV * kLdT;              // [64 queries][kLdT]
  float* slse = reinterpret_cast<float*>(sdS + kBlk * kLdT);
  float* sD = slse + kBlk;
  int* sst = reinterpret_cast<int*>(sD + kBlk);
  int* spre = sst + kBlk;
  int* red = spre + kBlk;
  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, k0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4, r0 = 16 * w;
  load_rows<DQ>(K + bh * T * DQ, T, k0, sK, LQ);
  load_rows_t<DQ>(K + bh * T * DQ, T, k0, sKt);
  load_rows<DV>(V + bh * T * DV, T, k0, sV, LV);
  const float sl2 = scale * kLog2e;
  const int keya = int(k0) + r0 + g, keyb = keya + 8;  // this thread's two key rows
  float dk[DQ / 8][4], dvv[DV / 8][4];
#pragma unroll
  for (int i = 0; i < DQ / 8; ++i) dk[i][0] = dk[i][1] = dk[i][2] = dk[i][3] = 0.0f;
#pragma unroll
  for (int i = 0; i < DV / 8; ++i) dvv[i][0] = dvv[i][1] = dvv[i][2] = dvv[i][3] = 0.0f;
  const int64_t k1 = T < k0 + kBlk ? T : k0 + kBlk;

  for (int64_t q0 = k0; q0 < T; q0 += kBlk) {  // causal: query rows >= the first key
    row_masks(start, b, T, q0, prefix, sst, spre, red);
    if (k1 <= red[0] && k0 >= red[1]) continue;
    if (threadIdx.x < kBlk) {
      const int64_t t = q0 + threadIdx.x;
      slse[threadIdx.x] = t < T ? lse[bh * T + t] * kLog2e : 0.0f;
      sD[threadIdx.x] = t < T ? Dd[bh * T + t] : 0.0f;
    }
    load_rows<DQ>(Q + bh * T * DQ, T, q0, sQ, LQ);
    load_rows_t<DQ>(Q + bh * T * DQ, T, q0, sQt);
    load_rows<DV>(dO + bh * T * DV, T, q0, sdO, LV);
    load_rows_t<DV>(dO + bh * T * DV, T, q0, sdOt);
    __syncthreads();
    // Sᵀ = K Qᵀ and dPᵀ = V dOᵀ for this warp's 16 keys × 64 queries.
    float s[8][4], dp[8][4];
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) s[n][j] = dp[n][j] = 0.0f;
    tile_16x64<DQ>(s, sK, sQ, LQ, r0, g, t4);
    tile_16x64<DV>(dp, sV, sdO, LV, r0, g, t4);
    // Pᵀ and dSᵀ = Pᵀ ⊙ (dPᵀ − D) · scale; dS also to shared memory (query-major) for dQ.
#pragma unroll
    for (int n = 0; n < 8; ++n)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        const int ql = 8 * n + 2 * t4 + (j & 1), q = int(q0) + ql, key = (j >= 2) ? keyb : keya;
        const bool vis = q < T && key < T && visible(key, q, sst[ql], spre[ql]);
        const float p = vis ? exp2f(s[n][j] * sl2 - slse[ql]) : 0.0f;
        s[n][j] = p;
        dp[n][j] = p * (dp[n][j] - sD[ql]) * scale;
        sdS[ql * kLdT + r0 + g + ((j >= 2) ? 8 : 0)] = __float2bfloat16(dp[n][j]);
      }
    // dV += Pᵀ dO and dK += dSᵀ Q (A fragments straight from the accumulators).
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) {
      uint32_t ap[4], ad[4];
      acc_to_a(ap, s, kk);
      acc_to_a(ad, dp, kk);
#pragma unroll
      for (int i = 0; i < DV / 8; ++i) {
        uint32_t b0, b1;
        load_b(b0, b1, sdOt, kLdT, 8 * i, 16 * kk, g, t4);
        mma(dvv[i], ap, b0, b1);
      }
#pragma unroll
      for (int i = 0; i < DQ / 8; ++i) {
        uint32_t b0, b1;
        load_b(b0, b1, sQt, kLdT, 8 * i, 16 * kk, g, t4);
        mma(dk[i], ad, b0, b1);
      }
    }
    __syncthreads();  // sdS complete
    // dQ[queries r0.., :] += dS K over this block's 64 keys.
    const int64_t H_dq = H * int64_t(dq);
    const int qa = int(q0) + r0 + g, qb = qa + 8;
    for (int i = 0; i < DQ / 8; ++i) {
      float c[4] = {0.0f, 0.0f, 0.0f, 0.0f};
#pragma unroll
      for (int kk = 0; kk < 4; ++kk) {
        uint32_t a[4], b0, b1;
        load_a(a, sdS, kLdT, r0, 16 * kk, g, t4);
        load_b(b0, b1, sKt, kLdT, 8 * i, 16 * kk, g, t4);
        mma(c, a, b0, b1);
      }
      const int col = 8 * i + 2 * t4;
      if (qa < T) {
        float* d = dqo + (b * T + qa) * H_dq + h * dq;
        if (col < dq) atomicAdd(d + col, c[0]);
        if (col + 1 < dq) atomicAdd(d + col + 1, c[1]);
      }
      if (qb < T) {
        float* d = dqo + (b * T + qb) * H_dq + h * dq;
        if (col < dq) atomicAdd(d + col, c[2]);
        if (col + 1 < dq) atomicAdd(d + col + 1, c[3]);
      }
    }
  }
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
  return size_t(2 * kBlk * (DQ + 8) + DV * kLdT) * 2 + 2 * kBlk * 4 + 8;
}
template <int DQ, int DV>
constexpr size_t bwd_smem() {
  return size_t(2 * kBlk * (DQ + 8) + 2 * DQ * kLdT + 2 * kBlk * (DV + 8) + DV * kLdT + kBlk * kLdT) * 2 +
         2 * kBlk * 4 + 2 * kBlk * 4 + 8;
}

// dst[b·H+h, t, 0:n1] = src1[(b·T+t)·s1 + h·h1 + c], then src2's n2 columns, zeros up to P.
__global__ void pack_k(const float* src1, int64_t s1, int64_t h1, int n1, const float* src2, int64_t s2, int64_t h2,
                       int n2, int64_t T, int64_t H, int P, bf16* dst) {
  const int64_t t = blockIdx.x, bh = blockIdx.y, b = bh / H, h = bh % H, row = b * T + t;
  bf16* d = dst + (bh * T + t) * P;
  for (int c = threadIdx.x; c < P; c += blockDim.x) {
    float v = 0.0f;
    if (c < n1) v = src1[row * s1 + h * h1 + c];
    else if (c < n1 + n2) v = src2[row * s2 + h * h2 + (c - n1)];
    d[c] = __float2bfloat16(v);
  }
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

void flash_pack(const float* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s) {
  pack_k<<<dim3(unsigned(T), unsigned(B * H)), 64, 0, s>>>(src1, s1, h1, int(n1), src2, s2, h2, int(n2), T, H, int(P),
                                                           reinterpret_cast<bf16*>(dst));
  LAUNCHED();
}

void flash_attn_fwd(const FlashArgs& a, float* o, float* lse, cudaStream_t s) {
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
#define DSEEK_FLASH_FWD(Q, V) \
  if (d.dqp == Q && d.dvp == V) launch_fwd<Q, V>(a, o, lse, s);
  DSEEK_FLASH_SIZES(DSEEK_FLASH_FWD)
#undef DSEEK_FLASH_FWD
  LAUNCHED();
}

void flash_attn_bwd(const FlashArgs& a, const float* o, const float* dout, const float* lse, uint16_t* dOb, float* Dd,
                    float* dq, float* dK, float* dV, cudaStream_t s) {
  const FlashDims d = flash_attn_dims(a.dq, a.dv);
  const int64_t N = a.B * a.T;
  dot_k<<<unsigned((N * a.H + 7) / 8), 256, 0, s>>>(dout, o, N, a.T, a.H, int(a.dv), Dd);
  LAUNCHED();
  flash_pack(dout, a.H * a.dv, a.dv, a.dv, nullptr, 0, 0, 0, a.B, a.H, a.T, d.dvp, dOb, s);
  cudaMemsetAsync(dq, 0, size_t(N * a.H * a.dq) * sizeof(float), s);  // an error shows at the launch check
#define DSEEK_FLASH_BWD(Q, V) \
  if (d.dqp == Q && d.dvp == V) launch_bwd<Q, V>(a, dOb, lse, Dd, dq, dK, dV, s);
  DSEEK_FLASH_SIZES(DSEEK_FLASH_BWD)
#undef DSEEK_FLASH_BWD
  LAUNCHED();
}

}  // namespace dseek::cu::tk
