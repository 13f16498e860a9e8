// k_train_flash_wgmma.cu — the training flash attention on Hopper's warpgroup
// tensor-core instruction (wgmma, sm_90a). Same contracts, masks and schedules
// as k_train_flash.cu's mma.sync kernels. Forward: a CTA (one warpgroup, 128
// threads) per 64 query rows streams 64-key blocks (K and V tiles by TMA; S = Q·Kᵀ
// from shared memory, online softmax in the accumulators, O += P·V with P from registers).
// Backward: a CTA per 64 keys of one (b, h) streams the 64-query blocks that
// see them; dK and dV stay in registers; dQ goes out per query block by bulk
// adds (the TMA unit reduces a 64 × 32 box at a time into dq; fp32 atomics where
// rows are not 16-byte multiples). Q and dO tiles arrive by TMA (cp.async where no
// tensor map can describe them). Per block:
//   Sᵀ = K·Qᵀ and dPᵀ = V·dOᵀ     (A and B from shared memory, both k-contiguous)
//   Pᵀ, dSᵀ = Pᵀ ⊙ (dPᵀ − D)·scale  (fp32, in the accumulators' registers)
//   dV += Pᵀ·dO, dK += dSᵀ·Q      (A from registers: the accumulator layout is the A
//                                  fragment's; B = the same dO/Q tiles read MN-major)
//   dQ = dS·K                     (dSᵀ written once to shared memory, read MN-major)
// Tiles sit in shared memory as swizzled rows (128-byte swizzle when a row of the
// tile is a multiple of 64 elements, else 64-byte), which serve both as k-major and
// as MN-major operands of the instructions. Q/dO (TMA) and the rows' lse/D/starts
// (cp.async) are double-buffered.
// The backward writes dK, dV as [B·H, T, ·] fp32, or straight into MLA's layout
// (FlashBwdUnpacked: BF16 [dK_nope ; dV] per token and head, the rope columns
// of dK fp32 for their sum over the heads).
// What it is not: warp-specialised; backward head sizes above 96 (q) /
// 64 (v) stay on the mma.sync kernel (the accumulators would not fit).
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_mma.cuh"
#include "backend/cuda/k_tma.cuh"
#include "backend/cuda/k_train_flash.cuh"
#include "backend/cuda/k_wgmma.cuh"
#include "backend/cuda/k_wgmma_ops.cuh"

namespace dseek::cu::tk::flash {

namespace {

using bf16 = __nv_bfloat16;
constexpr int kThreads = 128;

// Bytes per swizzled row of a tile whose rows hold D BF16 elements, and the descriptor's layout type.
template <int D>
__host__ __device__ constexpr int row_bytes() {
  return (D * 2) % 128 == 0 ? 128 : 64;
}
template <int W>
__host__ __device__ constexpr uint64_t swizzle_mode() {
  return W == 128 ? 1 : 2;  // 128-byte / 64-byte swizzle
}
// Byte offset of 16-byte chunk c of row r inside one atom column of W-byte rows.
template <int W>
__device__ __forceinline__ uint32_t swz(int r, int c) {
  const int x = W == 128 ? (r & 7) : ((r >> 1) & 3);
  return uint32_t(r * W + ((c ^ x) << 4));
}
template <int W>
__device__ __forceinline__ uint64_t desc(uint32_t addr, uint32_t lbo, uint32_t sbo) {
  return uint64_t((addr & 0x3FFFF) >> 4) | (uint64_t(lbo >> 4) << 16) | (uint64_t(sbo >> 4) << 32) |
         (swizzle_mode<W>() << 62);
}
// A 64-row tile of D elements per row: atoms of 64 rows × W bytes, D·2/W of them side by side.
// k-major use (rows = M or N, D = k): the 16-deep k step kk.
template <int D>
__device__ __forceinline__ uint64_t desc_k(uint32_t tile, int kk) {
  constexpr int W = row_bytes<D>();
  const int byte = 32 * kk;
  return desc<W>(tile + uint32_t((byte / W) * 64 * W + byte % W), 16, 8 * W);
}
// MN-major use (rows = k, D = M or N): k rows 16kk..16kk+15; atoms along MN 64·W bytes apart (LBO),
// 8-row groups W·8 apart (SBO).
template <int D>
__device__ __forceinline__ uint64_t desc_mn(uint32_t tile, int kk) {
  constexpr int W = row_bytes<D>();
  return desc<W>(tile + uint32_t(16 * kk * W), 64 * W, 8 * W);
}
// 2^x on the special-function unit (flushes subnormal results to zero; 2^-inf = 0).
__device__ __forceinline__ float ex2(float x) {
  float y;
  asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x));
  return y;
}

// Rows [r0, r0+64) of a packed [T, D] BF16 matrix into the tile (zeros past T); committed by the caller.
template <int D>
__device__ __forceinline__ void load_tile(const bf16* src, int64_t T, int64_t r0, uint32_t tile) {
  constexpr int W = row_bytes<D>(), kPieces = D / 8;
  static_assert(kBlk * kPieces % kThreads == 0, "load_tile: pieces per thread");
#pragma unroll
  for (int j = 0; j < kBlk * kPieces / kThreads; ++j) {
    const int i = threadIdx.x + j * kThreads, r = i / kPieces, byte = (i % kPieces) * 16;
    const bool ok = r0 + r < T;
    cp_async16(tile + uint32_t((byte / W) * 64 * W) + swz<W>(r, (byte % W) / 16), ok ? src + (r0 + r) * D + byte / 2 : src,
               ok);
  }
}

// The same tile by TMA from a map over the packed rows ([B·H][T][D], boxes of 64 rows by one swizzle atom's
// W/2 columns; rows past T read as zeros), completing on `bar`. One thread issues it.
template <int D>
__device__ __forceinline__ void tma_tile(const CUtensorMap* map, uint32_t tile, int64_t r0, int64_t bh, uint32_t bar) {
  constexpr int W = row_bytes<D>();
#pragma unroll
  for (int a = 0; a < D * 2 / W; ++a) tma_3d(tile + a * 64 * W, map, a * (W / 2), int(r0), int(bh), bar);
}

// A tile pair's two buffers, each with an mbarrier at bar0 + 8·buf that its TMA loads complete on: one
// thread initialises them (the caller's next __syncthreads orders that before any use); every thread waits
// for buffer buf's next phase, `phase` holding each buffer's parity in bit buf.
__device__ __forceinline__ void buffer_bars_init(uint32_t bar0) {
  mbar_init(bar0, 1);  // the expect_tx arrival (+ the bytes)
  mbar_init(bar0 + 8, 1);
  mbar_init_fence();
}
__device__ __forceinline__ void buffer_wait(uint32_t bar0, int buf, uint32_t& phase) {
  mbar_wait(bar0 + 8 * buf, (phase >> buf) & 1u);
  phase ^= 1u << buf;
}

// The forward's maps: packed K and V (`load`: their tiles by TMA, else cp.async by every thread).
struct FwdMaps {
  CUtensorMap k, v;
  bool load;
};

// Forward: a CTA (one warpgroup) per 64 query rows of one (b, h), 64-key blocks double-buffered.
// S = Q·Kᵀ (both k-contiguous), the online softmax on the accumulators (each thread's rows g and g+8
// of its warp's 16), O += P·V with P from registers and V read MN-major.
template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads) fwd_wg_k(const bf16* Q, const bf16* K, const bf16* V, int64_t T, int64_t H,
                                                     int dv, float scale, const int32_t* start, int64_t prefix, float* o,
                                                     float* lse, bf16* ob, const __grid_constant__ FwdMaps maps) {
  constexpr uint32_t kQ = 64 * DQ * 2, kV = 64 * DV * 2;
  extern __shared__ __align__(16) unsigned char smem_raw[];
  const uint32_t base = (uint32_t(__cvta_generic_to_shared(smem_raw)) + 1023) & ~1023u;
  const uint32_t sQ = base, sK = base + kQ, sV = sK + 2 * kQ;  // Q; K [2]; V [2]
  const uint32_t bar0 = sV + 2 * kV;  // + 8·buf: buffer buf's K and V tiles have landed (TMA)
  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, q0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4;
  const bf16 *Kh = K + bh * T * DQ, *Vh = V + bh * T * DV;
  const RowInfo ri = rows_info(start, b, T, q0, prefix, lane);
  const int64_t kend = T < q0 + kBlk ? T : q0 + kBlk;  // causal
  auto next = [&](int64_t k) {
    while (k < kend && invisible(ri, k)) k += kBlk;
    return k;
  };
  int64_t k0 = next(0);  // < kend: the diagonal block is visible
  auto issue = [&](int64_t k, int buf) {
    if (maps.load) {
      if (threadIdx.x == 0) {
        const uint32_t bar = bar0 + 8 * buf;
        mbar_expect_tx(bar, kQ + kV);
        tma_tile<DQ>(&maps.k, sK + buf * kQ, k, bh, bar);
        tma_tile<DV>(&maps.v, sV + buf * kV, k, bh, bar);
      }
    } else {
      load_tile<DQ>(Kh, T, k, sK + buf * kQ);
      load_tile<DV>(Vh, T, k, sV + buf * kV);
    }
  };
  if (maps.load && threadIdx.x == 0) buffer_bars_init(bar0);
  __syncthreads();  // the barriers' initialisation before any use
  load_tile<DQ>(Q + bh * T * DQ, T, q0, sQ);
  issue(k0, 0);
  cp_commit();
  const float sl2 = scale * kLog2e;
  const int ta = int(q0) + 16 * w + g, tb = ta + 8;  // this thread's two rows
  const int sta = ta < T ? int(int64_t(start[b * T + ta]) - b * T) : INT_MAX;
  const int stb = tb < T ? int(int64_t(start[b * T + tb]) - b * T) : INT_MAX;
  const int prea = prefix_of(sta, prefix), preb = prefix_of(stb, prefix);
  float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
  float acc[DV / 2];
#pragma unroll
  for (int i = 0; i < DV / 2; ++i) acc[i] = 0.0f;

  uint32_t phase = 0;  // bit buf: the parity buffer buf's barrier completes next
  for (int buf = 0; k0 < kend; buf ^= 1) {
    cp_wait<0>();
    if (maps.load) buffer_wait(bar0, buf, phase);
    fence_proxy_async();
    __syncthreads();  // block k0 landed; everyone is done with the other buffer
    const int64_t kn = next(k0 + kBlk);
    if (kn < kend) issue(kn, buf ^ 1);
    cp_commit();
    float s[32];
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < DQ / 16; ++kk) wgmma_ss<64, 0, 0>(s, desc_k<DQ>(sQ, kk), desc_k<DQ>(sK + buf * kQ, kk), kk);
    wgmma_commit();
    wgmma_wait0();
    // Mask (unless every row sees every key of the block), scale into log2 units, online softmax.
    const bool full = k0 + kBlk <= q0 + 1 && k0 >= ri.max_st && q0 + kBlk <= T;
    float mx[2] = {-INFINITY, -INFINITY};
    if (full) {
#pragma unroll
      for (int i = 0; i < 32; ++i) {
        s[i] *= sl2;
        mx[(i & 3) >> 1] = fmaxf(mx[(i & 3) >> 1], s[i]);
      }
    } else {
#pragma unroll
      for (int n = 0; n < 8; ++n)
#pragma unroll
        for (int j = 0; j < 4; ++j) {
          const int key = int(k0) + 8 * n + 2 * t4 + (j & 1);
          const bool hi = j >= 2;
          const bool vis = key < T && (hi ? (tb < T && visible(key, tb, stb, preb))
                                          : (ta < T && visible(key, ta, sta, prea)));
          s[4 * n + j] = vis ? s[4 * n + j] * sl2 : -INFINITY;
          mx[hi] = fmaxf(mx[hi], s[4 * n + j]);
        }
    }
    float alpha[2], mu[2];
#pragma unroll
    for (int i = 0; i < 2; ++i) {
      mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 1));
      mx[i] = fmaxf(mx[i], __shfl_xor_sync(0xffffffffu, mx[i], 2));
      const float mn = fmaxf(m[i], mx[i]);
      mu[i] = mn == -INFINITY ? 0.0f : mn;
      alpha[i] = ex2(m[i] - mu[i]);  // 0 while the row has seen nothing
      m[i] = mn;
      l[i] *= alpha[i];
    }
#pragma unroll
    for (int i = 0; i < 32; ++i) {
      s[i] = ex2(s[i] - mu[(i & 3) >> 1]);
      l[(i & 3) >> 1] += s[i];
    }
#pragma unroll
    for (int i = 0; i < DV / 2; ++i) acc[i] *= alpha[(i & 3) >> 1];
    uint32_t pa[4][4];
#pragma unroll
    for (int kk = 0; kk < 4; ++kk)
#pragma unroll
      for (int r = 0; r < 4; ++r) pa[kk][r] = pack_bf16x2(s[8 * kk + 2 * r], s[8 * kk + 2 * r + 1]);
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) wgmma_rs<DV, 1>(acc, pa[kk], desc_mn<DV>(sV + buf * kV, kk), 1);  // O += P V
    wgmma_commit();
    wgmma_wait0();
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
    if (ob) {  // BF16 only, a pair a store (dv even: the host checks)
      bf16* dst = ob + (b * T + row) * H_dv + h * dv;
#pragma unroll
      for (int i = 0; i < DV / 8; ++i) {
        const int c = 8 * i + 2 * t4;
        if (c < dv)
          *reinterpret_cast<__nv_bfloat162*>(dst + c) =
              __floats2bfloat162_rn(acc[4 * i + 2 * half] * inv, acc[4 * i + 2 * half + 1] * inv);
      }
    } else {
      float* dst = o + (b * T + row) * H_dv + h * dv;
#pragma unroll
      for (int i = 0; i < DV / 8; ++i) {
        const int c = 8 * i + 2 * t4;
        if (c < dv) dst[c] = acc[4 * i + 2 * half] * inv;
        if (c + 1 < dv) dst[c + 1] = acc[4 * i + 2 * half + 1] * inv;
      }
    }
    if (t4 == 0) lse[bh * T + row] = (m[half] + log2f(l[half])) / kLog2e;
  }
}

template <int DQ, int DV>
struct Smem {
  static constexpr uint32_t kQ = 64 * DQ * 2, kV = 64 * DV * 2, kS = 64 * 64 * 2;
  // dQ: DQ/32 boxes of 64 rows × 32 fp32 (128 bytes a row, 128-byte swizzle), as the tensor map reduces them.
  static constexpr uint32_t kdQBox = 64 * 128;
  static constexpr uint32_t K = 0, V = K + kQ, Q = V + kV, dO = Q + 2 * kQ, dS = dO + 2 * kV, dQ = dS + kS,
                            rows = dQ + (DQ / 32) * kdQBox;
  static constexpr uint32_t bars = rows + 3 * 2 * kBlk * 4;  // + lse, D, starts; two mbarriers (Q/dO buffers)
  static constexpr uint32_t flags = bars + 16;                // then a byte per query block
  static size_t bytes(int64_t T) { return size_t(flags) + size_t((T + kBlk - 1) / kBlk + 15) / 16 * 16 + 1024; }
};

// The backward's tensor maps: packed Q [B·H][T][DQ] and dO [B·H][T][DV] (BF16, boxes of 64 rows by one
// swizzle atom's width), and dq [B][T][H][dq] (fp32, boxes of 64 rows × 32 columns of one head, reduced
// into by the TMA unit). `load`: Q and dO by TMA (else cp.async by every thread); `dq_add`: dQ by the map
// (else fp32 atomics).
struct BwdMaps {
  CUtensorMap q, dO, dq;
  bool load, dq_add;
};

template <int DQ, int DV>
__global__ void __launch_bounds__(kThreads, 2)
    bwd_wg_k(const bf16* Q, const bf16* K, const bf16* V, const bf16* dO, const float* lse, const float* Dd, int64_t T,
             int64_t H, int dq, int dv, float scale, const int32_t* start, int64_t prefix, float* dqo, float* dK,
             float* dV, const __grid_constant__ BwdMaps maps, bf16* dkvb, float* dkr, int dn) {
  using L = Smem<DQ, DV>;
  constexpr uint32_t kTileBytes = L::kQ + L::kV;
  extern __shared__ __align__(16) unsigned char smem_raw[];
  const uint32_t raw = uint32_t(__cvta_generic_to_shared(smem_raw)), base = (raw + 1023) & ~1023u;
  unsigned char* gbase = smem_raw + (base - raw);
  const uint32_t sK = base + L::K, sV = base + L::V, sQ = base + L::Q, sdO = base + L::dO, sdS = base + L::dS;
  float* slse = reinterpret_cast<float*>(gbase + L::rows);  // [2][64]
  float* sD = slse + 2 * kBlk;                              // [2][64]
  int32_t* sst = reinterpret_cast<int32_t*>(sD + 2 * kBlk);  // [2][64]
  unsigned char* gdS = gbase + L::dS;
  const uint32_t bar0 = base + L::bars;  // + 8·buf: buffer buf's Q and dO tiles have landed (TMA)
  uint8_t* flags = gbase + L::flags;      // query block j: 1 sees a key here, 2 sees all

  const int64_t bh = blockIdx.y, b = bh / H, h = bh % H, k0 = int64_t(blockIdx.x) * kBlk;
  const int w = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, t4 = lane % 4;
  const bf16 *Qh = Q + bh * T * DQ, *dOh = dO + bh * T * DV;
  const int64_t k1 = T < k0 + kBlk ? T : k0 + kBlk;
  auto next = [&](int64_t q) {
    while (q < T && !(flags[q / kBlk] & 1)) q += kBlk;
    return q;
  };
  auto issue = [&](int64_t q, int buf) {
    if (maps.load) {
      if (threadIdx.x == 0) {  // rows past T read as zeros
        const uint32_t bar = bar0 + 8 * buf;
        mbar_expect_tx(bar, kTileBytes);
        tma_tile<DQ>(&maps.q, sQ + buf * L::kQ, q, bh, bar);
        tma_tile<DV>(&maps.dO, sdO + buf * L::kV, q, bh, bar);
      }
    } else {
      load_tile<DQ>(Qh, T, q, sQ + buf * L::kQ);
      load_tile<DV>(dOh, T, q, sdO + buf * L::kV);
    }
    if (threadIdx.x < kBlk) {
      const int64_t t = q + threadIdx.x;
      const bool ok = t < T;
      cp_async4(slse + buf * kBlk + threadIdx.x, ok ? lse + bh * T + t : lse, ok);
      cp_async4(sD + buf * kBlk + threadIdx.x, ok ? Dd + bh * T + t : Dd, ok);
      cp_async4(sst + buf * kBlk + threadIdx.x, ok ? start + b * T + t : start, ok);
    }
  };
  load_tile<DQ>(K + bh * T * DQ, T, k0, sK);
  load_tile<DV>(V + bh * T * DV, T, k0, sV);
  if (maps.load && threadIdx.x == 0) buffer_bars_init(bar0);  // (ordered by the barrier below)
  // Which query blocks see these keys (and which see all of them), for every block at once: the warps
  // share the blocks and their loads of the document starts overlap, instead of one block's scan (a
  // global-memory round trip) at the head of each iteration.
  for (int64_t j = k0 / kBlk + w; j * kBlk < T; j += kThreads / kWarp) {
    const int64_t qb = j * kBlk;
    const RowInfo r = rows_info(start, b, T, qb, prefix, lane);
    const bool vis = !(k1 <= r.min_st && k0 >= r.max_pre);
    const bool all = qb >= k0 + kBlk && k0 >= r.max_st && qb + kBlk <= T;
    if (lane == 0) flags[j] = uint8_t((vis ? 1 : 0) | (all ? 2 : 0));
  }
  __syncthreads();
  int64_t q0 = next(k0);  // causal: query rows >= the first key
  issue(q0 < T ? q0 : k0, 0);
  cp_commit();
  const float sl2 = scale * kLog2e;
  const int kra = 16 * w + g, krb = kra + 8;            // this thread's two key rows in the block
  const int keya = int(k0) + kra, keyb = int(k0) + krb;
  float dk[DQ / 2], dvv[DV / 2];
#pragma unroll
  for (int i = 0; i < DQ / 2; ++i) dk[i] = 0.0f;
#pragma unroll
  for (int i = 0; i < DV / 2; ++i) dvv[i] = 0.0f;
  const int64_t H_dq = H * int64_t(dq);
  const bool even_dq = dq % 2 == 0;  // 8-byte aligned column pairs: one float2 atomic each
  uint32_t phase = 0;                // bit buf: the parity buffer buf's barrier completes next

  for (int buf = 0; q0 < T; buf ^= 1) {
    cp_wait<0>();
    if (maps.load) buffer_wait(bar0, buf, phase);
    if (maps.dq_add && threadIdx.x == 0) bulk_wait_read();  // the last block's dQ has left shared memory
    fence_proxy_async();  // the cp.async writes, visible to the tensor cores' reads
    __syncthreads();      // block q0 landed; everyone is done with the other buffers, dS and dQ
    const int64_t qn = next(q0 + kBlk);
    if (qn < T) issue(qn, buf ^ 1);
    cp_commit();
    const uint32_t cQ = sQ + buf * L::kQ, cdO = sdO + buf * L::kV;
    const float *cl = slse + buf * kBlk, *cD = sD + buf * kBlk;
    const int32_t* cs = sst + buf * kBlk;
    // Sᵀ = K Qᵀ, dPᵀ = V dOᵀ (64 keys × 64 queries each), two groups: Pᵀ is computed, and dV += Pᵀ dO
    // issued, while dPᵀ still runs; dSᵀ while dV runs.
    float s[32], dp[32];
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < DQ / 16; ++kk) wgmma_ss<64, 0, 0>(s, desc_k<DQ>(sK, kk), desc_k<DQ>(cQ, kk), kk);
    wgmma_commit();
#pragma unroll
    for (int kk = 0; kk < DV / 16; ++kk) wgmma_ss<64, 0, 0>(dp, desc_k<DV>(sV, kk), desc_k<DV>(cdO, kk), kk);
    wgmma_commit();
    wgmma_wait<1>();  // Sᵀ
    const bool full = flags[q0 / kBlk] & 2;
#pragma unroll
    for (int n = 0; n < 8; ++n) {
#pragma unroll
      for (int u = 0; u < 2; ++u) {  // this thread's two query columns of chunk n
        const int ql = 8 * n + 2 * t4 + u, q = int(q0) + ql;
        const float l2 = cl[ql] * kLog2e;
        bool va = full, vb = full;
        if (!full) {
          const int st = int(int64_t(cs[ql]) - b * T), pre = prefix_of(st, prefix);
          va = q < T && keya < T && visible(keya, q, st, pre);
          vb = q < T && keyb < T && visible(keyb, q, st, pre);
        }
        s[4 * n + u] = va ? ex2(fmaf(s[4 * n + u], sl2, -l2)) : 0.0f;
        s[4 * n + 2 + u] = vb ? ex2(fmaf(s[4 * n + 2 + u], sl2, -l2)) : 0.0f;
      }
    }
    // dV += Pᵀ dO (A fragments of query step kk: the accumulators' chunks 2kk, 2kk+1).
    uint32_t pa[4][4], da[4][4];
#pragma unroll
    for (int kk = 0; kk < 4; ++kk)
#pragma unroll
      for (int r = 0; r < 4; ++r) pa[kk][r] = pack_bf16x2(s[8 * kk + 2 * r], s[8 * kk + 2 * r + 1]);
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) wgmma_rs<DV, 1>(dvv, pa[kk], desc_mn<DV>(cdO, kk), 1);
    wgmma_commit();
    wgmma_wait<1>();  // dPᵀ (dV may still run)
    // dSᵀ = Pᵀ ⊙ (dPᵀ − D)·scale; also to shared memory ([key][query], 128-byte swizzle) for dQ.
#pragma unroll
    for (int n = 0; n < 8; ++n) {
#pragma unroll
      for (int u = 0; u < 2; ++u) {
        const float Dq = cD[8 * n + 2 * t4 + u];
        dp[4 * n + u] = s[4 * n + u] * (dp[4 * n + u] - Dq) * scale;
        dp[4 * n + 2 + u] = s[4 * n + 2 + u] * (dp[4 * n + 2 + u] - Dq) * scale;
      }
      *reinterpret_cast<uint32_t*>(gdS + swz<128>(kra, n) + 4 * t4) = pack_bf16x2(dp[4 * n], dp[4 * n + 1]);
      *reinterpret_cast<uint32_t*>(gdS + swz<128>(krb, n) + 4 * t4) = pack_bf16x2(dp[4 * n + 2], dp[4 * n + 3]);
    }
    // dK += dSᵀ Q.
#pragma unroll
    for (int kk = 0; kk < 4; ++kk)
#pragma unroll
      for (int r = 0; r < 4; ++r) da[kk][r] = pack_bf16x2(dp[8 * kk + 2 * r], dp[8 * kk + 2 * r + 1]);
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) wgmma_rs<DQ, 1>(dk, da[kk], desc_mn<DQ>(cQ, kk), 1);
    wgmma_commit();
    fence_proxy_async();  // dSᵀ's stores, visible to the tensor cores
    __syncthreads();      // every warp's dSᵀ rows written
    // dQ [64 queries, DQ] = dS K over this block's 64 keys: A = dSᵀ read MN-major, B = K read MN-major.
    float c[DQ / 2];
    wgmma_fence();
#pragma unroll
    for (int kk = 0; kk < 4; ++kk) wgmma_ss<DQ, 1, 1>(c, desc_mn<64>(sdS, kk), desc_mn<DQ>(sK, kk), kk);
    wgmma_commit();
    wgmma_wait0();
    if (maps.dq_add) {
      // dQ to shared memory as the map's 128-byte-swizzled boxes of 32 columns (16-byte chunk j of row r at
      // chunk j ^ (r & 7): a warp's float2 stores cover every bank), then one tensor reduction per box,
      // issued by one thread (rows past T and columns past dq are not written).
      const int ra = 16 * w + g;  // (ra & 7 == g)
#pragma unroll
      for (int i = 0; i < DQ / 8; ++i) {
        const uint32_t chunk = uint32_t(2 * (i % 4) + (t4 >> 1)) ^ uint32_t(g);
#pragma unroll
        for (int hf = 0; hf < 2; ++hf)
          *reinterpret_cast<float2*>(gbase + L::dQ + (i / 4) * L::kdQBox + (ra + 8 * hf) * 128 + (chunk << 4) +
                                     (t4 & 1) * 8) = make_float2(c[4 * i + 2 * hf], c[4 * i + 2 * hf + 1]);
      }
      fence_proxy_async();  // the stores, visible to the TMA unit's reads
      __syncthreads();
      if (threadIdx.x == 0) {
        for (int bx = 0; bx * 32 < dq; ++bx)
          tma_add_4d(&maps.dq, base + L::dQ + bx * L::kdQBox, 32 * bx, int(h), int(q0), int(b));
        bulk_commit();
      }
      q0 = qn;
      continue;
    }
    const int qa = int(q0) + 16 * w + g, qb = qa + 8;
#pragma unroll
    for (int i = 0; i < DQ / 8; ++i) {
      const int col = 8 * i + 2 * t4;
#pragma unroll
      for (int hf = 0; hf < 2; ++hf) {
        const int qr = hf ? qb : qa;
        if (qr >= T) continue;
        float* d = dqo + (b * T + qr) * H_dq + h * dq + col;
        const float x = c[4 * i + 2 * hf], y = c[4 * i + 2 * hf + 1];
        if (col + 1 < dq && even_dq) atomicAdd(reinterpret_cast<float2*>(d), make_float2(x, y));
        else {
          if (col < dq) atomicAdd(d, x);
          if (col + 1 < dq) atomicAdd(d + 1, y);
        }
      }
    }
    q0 = qn;
  }
  cp_wait<0>();  // nothing may still be writing shared memory when the CTA exits
  if (maps.dq_add && threadIdx.x == 0) bulk_wait();  // nor reading it
  if (dkvb) {  // MLA's layout: [dK[0:dn] ; dV] of head h in BF16 at token row b·T + key, the rest of dK fp32
#pragma unroll
    for (int half = 0; half < 2; ++half) {
      const int key = half ? keyb : keya;
      if (key >= T) continue;
      const int64_t th = (b * T + key) * H + h;
      bf16* kv = dkvb + th * (dn + dv);
      float* kr = dkr + th * (dq - dn);
#pragma unroll
      for (int i = 0; i < DQ / 8; ++i) {
        const int col = 8 * i + 2 * t4;  // (even; dn even: a pair lies on one side of dn)
        const float x = dk[4 * i + 2 * half], y = dk[4 * i + 2 * half + 1];
        if (col < dn) *reinterpret_cast<__nv_bfloat162*>(kv + col) = __floats2bfloat162_rn(x, y);
        else {
          if (col < dq) kr[col - dn] = x;
          if (col + 1 < dq) kr[col + 1 - dn] = y;
        }
      }
#pragma unroll
      for (int i = 0; i < DV / 8; ++i) {
        const int col = 8 * i + 2 * t4;  // (dv even)
        if (col < dv)
          *reinterpret_cast<__nv_bfloat162*>(kv + dn + col) =
              __floats2bfloat162_rn(dvv[4 * i + 2 * half], dvv[4 * i + 2 * half + 1]);
      }
    }
    return;
  }
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int key = half ? keyb : keya;
    if (key >= T) continue;
    float* dkr = dK + (bh * T + key) * dq;
    float* dvr = dV + (bh * T + key) * dv;
#pragma unroll
    for (int i = 0; i < DQ / 8; ++i) {
      const int col = 8 * i + 2 * t4;
      if (col < dq) dkr[col] = dk[4 * i + 2 * half];
      if (col + 1 < dq) dkr[col + 1] = dk[4 * i + 2 * half + 1];
    }
#pragma unroll
    for (int i = 0; i < DV / 8; ++i) {
      const int col = 8 * i + 2 * t4;
      if (col < dv) dvr[col] = dvv[4 * i + 2 * half];
      if (col + 1 < dv) dvr[col + 1] = dvv[4 * i + 2 * half + 1];
    }
  }
}

// dQ by the tensor map's reductions: rows of dq fp32 at 16-byte aligned addresses (dq a multiple of 4, an
// aligned base), as the map's strides need.
bool dq_add_ok(const FlashArgs& a, const float* dq) {
  static const bool off = std::getenv("DSEEK_FLASH_DQ_ATOMIC") != nullptr;  // env: A/B measurement
  return !off && a.dq % 4 == 0 && aligned16(dq);
}

// A map over packed rows [B·H][T][D] BF16 for tma_tile.
template <int D>
bool encode_rows(CUtensorMap* m, const void* p, const FlashArgs& a) {
  constexpr int W = row_bytes<D>();
  const uint64_t dims[3] = {D, uint64_t(a.T), uint64_t(a.B * a.H)}, str[2] = {D, uint64_t(a.T) * D};
  const uint32_t box[3] = {W / 2, kBlk, 1};
  return tma_encode(m, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, p, 3, dims, str, box,
                    W == 128 ? CU_TENSOR_MAP_SWIZZLE_128B : CU_TENSOR_MAP_SWIZZLE_64B);
}

template <int DQ, int DV>
BwdMaps bwd_maps(const FlashArgs& a, const uint16_t* dOb, float* dq) {
  static const bool cp_async = std::getenv("DSEEK_FLASH_BWD_CPASYNC") != nullptr;  // env: A/B measurement
  BwdMaps m{};
  m.load = !cp_async && !a.no_tma && encode_rows<DQ>(&m.q, a.Q, a) && encode_rows<DV>(&m.dO, dOb, a);
  const uint64_t T = uint64_t(a.T), dq_ = uint64_t(a.dq), H = uint64_t(a.H);
  const uint64_t dims_d[4] = {dq_, H, T, uint64_t(a.B)}, str_d[3] = {dq_, H * dq_, T * H * dq_};
  const uint32_t box_d[4] = {32, 1, kBlk, 1};
  m.dq_add = !a.no_tma && dq_add_ok(a, dq) &&
             tma_encode(&m.dq, CU_TENSOR_MAP_DATA_TYPE_FLOAT32, 4, dq, 4, dims_d, str_d, box_d);
  return m;
}

template <int DQ, int DV>
void launch(const FlashArgs& a, const uint16_t* dOb, const float* lse, const float* Dd, float* dq, float* dK, float* dV,
            cudaStream_t s, const FlashBwdUnpacked* u) {
  const size_t sm = Smem<DQ, DV>::bytes(a.T);
  cudaFuncSetAttribute(bwd_wg_k<DQ, DV>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(sm));  // failure: at launch
  bwd_wg_k<DQ, DV><<<dim3(unsigned((a.T + kBlk - 1) / kBlk), unsigned(a.B * a.H)), kThreads, sm, s>>>(
      reinterpret_cast<const bf16*>(a.Q), reinterpret_cast<const bf16*>(a.K), reinterpret_cast<const bf16*>(a.V),
      reinterpret_cast<const bf16*>(dOb), lse, Dd, a.T, a.H, int(a.dq), int(a.dv), a.scale, a.start, a.prefix, dq, dK,
      dV, bwd_maps<DQ, DV>(a, dOb, dq), u ? reinterpret_cast<bf16*>(u->dkvb) : nullptr, u ? u->dkr : nullptr,
      u ? int(u->dn) : 0);
}

template <int DQ, int DV>
void launch_fwd(const FlashArgs& a, float* o, float* lse, cudaStream_t s, uint16_t* ob) {
  static const bool cp_async = std::getenv("DSEEK_FLASH_FWD_CPASYNC") != nullptr;  // env: A/B measurement
  constexpr size_t sm = size_t(3 * 64 * DQ * 2 + 2 * 64 * DV * 2) + 16 + 1024;  // + the two barriers
  FwdMaps m{};
  m.load = !cp_async && !a.no_tma && encode_rows<DQ>(&m.k, a.K, a) && encode_rows<DV>(&m.v, a.V, a);
  cudaFuncSetAttribute(fwd_wg_k<DQ, DV>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(sm));  // failure: at launch
  fwd_wg_k<DQ, DV><<<dim3(unsigned((a.T + kBlk - 1) / kBlk), unsigned(a.B * a.H)), kThreads, sm, s>>>(
      reinterpret_cast<const bf16*>(a.Q), reinterpret_cast<const bf16*>(a.K), reinterpret_cast<const bf16*>(a.V), a.T,
      a.H, int(a.dv), a.scale, a.start, a.prefix, o, lse, reinterpret_cast<bf16*>(ob), m);
}

// Backward: (padded dq, padded dv) pairs whose accumulators fit (dK, dV, dQ, Sᵀ, dPᵀ in registers).
#define DSEEK_FLASH_WG_SIZES(X) X(32, 32) X(64, 32) X(64, 64) X(96, 64)
// Forward: every pair k_train_flash.cu compiles.
#define DSEEK_FLASH_WG_FWD_SIZES(X) X(32, 32) X(64, 32) X(64, 64) X(96, 64) X(128, 64) X(128, 128) X(192, 128)

}  // namespace

bool flash_fwd_wgmma_supported(int64_t dqp, int64_t dvp) {
#define DSEEK_FLASH_WG_HAS(Q, V) || (dqp == Q && dvp == V)
  const bool dims = false DSEEK_FLASH_WG_FWD_SIZES(DSEEK_FLASH_WG_HAS);
#undef DSEEK_FLASH_WG_HAS
  return dims && grouped_wgmma_available();
}

void flash_fwd_wgmma(const FlashArgs& a, int64_t dqp, int64_t dvp, float* o, float* lse, cudaStream_t s,
                     uint16_t* ob) {
#define DSEEK_FLASH_WG_RUN(Q, V) \
  if (dqp == Q && dvp == V) launch_fwd<Q, V>(a, o, lse, s, ob);
  DSEEK_FLASH_WG_FWD_SIZES(DSEEK_FLASH_WG_RUN)
#undef DSEEK_FLASH_WG_RUN
}

bool flash_bwd_wgmma_supported(int64_t dqp, int64_t dvp) {
#define DSEEK_FLASH_WG_HAS(Q, V) || (dqp == Q && dvp == V)
  const bool dims = false DSEEK_FLASH_WG_SIZES(DSEEK_FLASH_WG_HAS);
#undef DSEEK_FLASH_WG_HAS
  return dims && grouped_wgmma_available();
}

void flash_bwd_wgmma(const FlashArgs& a, int64_t dqp, int64_t dvp, const uint16_t* dOb, const float* lse,
                     const float* Dd, float* dq, float* dK, float* dV, cudaStream_t s, const FlashBwdUnpacked* u) {
#define DSEEK_FLASH_WG_RUN(Q, V) \
  if (dqp == Q && dvp == V) launch<Q, V>(a, dOb, lse, Dd, dq, dK, dV, s, u);
  DSEEK_FLASH_WG_SIZES(DSEEK_FLASH_WG_RUN)
#undef DSEEK_FLASH_WG_RUN
}

}  // namespace dseek::cu::tk::flash
