// k_fp8_tma.cu — k_fp8_gemm.cu's FP8 products (the same Fp8GemmArgs contract:
// E4M3 operands k-contiguous, one scale per 128 of k per row of A and per
// column or 128×128 block of B, partial sums promoted to fp32 every 128 of k)
// as a warp-specialised Hopper kernel. One producer warp streams each 128-deep
// k step into a ring of shared-memory stages: the A and B tiles by TMA (rows
// of 128 E4M3, 128-byte swizzle), the step's row and column scales by
// cp.async, both completing on the stage's "full" mbarrier; two consumer
// warpgroups multiply the tile's two 64-row halves (four wgmma m64n128k32 into
// a fresh accumulator), read the scales, release the stage ("empty") and
// promote: total += step · sa[row] · sb[column or block]. Tiles are 128×128;
// one persistent CTA per SM takes every gridDim.x-th tile of the group table
// (k_grouped_gemm.cuh), the ring running on across tiles, so the next tile
// loads during this one's promotion and epilogue, and no CTA-wide barrier
// sits between a step's promotion and the next step's instructions (the
// cp.async kernel's limit: 30–37 % of the FP8 peak). With beta 1 (the weight
// gradient's accumulation) the epilogue goes through shared memory and out by
// fp32 bulk adds that the TMA unit finishes while the consumers start the next
// tile; otherwise it stores straight from the accumulators.
// The weight gradient's last partial k tile (its rows run into the next
// group) is zeroed in shared memory by the consumers; every other bound comes
// from the tensor maps (zero-filled) and the scales' cp.async (zero-filled).
// What it is not: clustered/multicast, or a kernel for other GPUs
// (fp8_tma_gemm returns false there, and k_fp8_gemm.cu's kernel runs).
#include <algorithm>
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_fp8_gemm.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_tma.cuh"
#include "backend/cuda/k_wgmma.cuh"
#include "backend/cuda/k_wgmma_fp8.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kBM = 128, kBN = 128, kBK = 128;
constexpr int kConsumers = 256, kThreads = kConsumers + 32;  // 2 consumer warpgroups + 1 producer warp
constexpr uint32_t kTile = 128 * 128;                       // bytes of A or B per stage: 128 rows × 128 k
// A stage: A tile, B tile, then 128 row scales of A and 128 column scales of B (or one block scale),
// 33 × 1024 bytes (every tile stays 1024-aligned: the swizzle's pattern repeats every 1024 bytes).
constexpr uint32_t kScales = 2 * kTile, kStageBytes = 2 * kTile + 1024;
// BULK: the epilogue's tile of C in shared memory, 128 rows of 128 fp32, rows 528 bytes apart (16 more
// than a row: the accumulator layout's writes of 8 rows at a time then meet at most 2-way bank
// conflicts); it takes two of the six stages the direct epilogue has.
constexpr uint32_t kCRow = 528;
constexpr uint32_t kBars = 128;  // full and empty barriers of every stage
template <bool BULK>
struct Ring {
  static constexpr int kStages = BULK ? 4 : 6;
  static constexpr uint32_t kCBuf = BULK ? kBM * kCRow : 0;
  static_assert(2 * kStages * 8 <= kBars);
  static constexpr size_t kSmem = size_t(kStages) * kStageBytes + kCBuf + kBars + 1024;  // + 1024-alignment
};

struct TmaParams : Fp8Common {
  CUtensorMap ta, tb;  // A [rows][K] (wgrad: [M][k]); B [G][N][K] (wgrad: [N][k])
};

// UNI_B: B's scale is one per tile and k step (128×128 weight blocks; a 128-wide tile at a multiple of
// 128 never straddles two), so the promotion multiplies by a per-row factor; else one per column.
// BULK: the epilogue goes out by fp32 bulk adds (beta 1; see TmaParams::bulk).
template <bool UNI_B, bool BULK>
__global__ void __launch_bounds__(kThreads, 1) fp8_tma_k(const __grid_constant__ TmaParams p) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  extern __shared__ __align__(16) unsigned char smem[];
  const uint32_t sbase = uint32_t(__cvta_generic_to_shared(smem));
  const uint32_t base = (sbase + 1023) & ~1023u;
  unsigned char* const gbase = smem + (base - sbase);
  constexpr int kStages = Ring<BULK>::kStages;
  const uint32_t cbuf = base + kStages * kStageBytes, full0 = cbuf + Ring<BULK>::kCBuf, empty0 = full0 + kStages * 8;
  const int tiles = p.first_tile[p.groups];
  const int warp = int(threadIdx.x) / kWarp, lane = int(threadIdx.x) % kWarp;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) {
      mbar_init(full0 + 8 * s, 1 + kWarp);  // the producer's expect_tx arrival + one cp.async arrival per lane
      mbar_init(empty0 + 8 * s, kConsumers / kWarp);  // one arrival per consumer warp
    }
    mbar_init_fence();
  }
  __syncthreads();

  if (warp == kConsumers / kWarp) {  // producer: every lane loads scales, lane 0 also the tiles
    int it = 0;
    for (int tile = int(blockIdx.x); tile < tiles; tile += int(gridDim.x)) {
      const GroupedTile t = grouped_tile(p, kBM, kBN, tile);
      const int klim = p.wgrad ? t.cnt : p.K, ktiles = (klim + kBK - 1) / kBK;
      const int kb0 = p.wgrad ? int(t.off / kBK) : 0;  // the first k step's scale block
      // Scale sources at k step 0 (+ kt·ldsa / kt·sbk further on) and whether they lie inside.
      const int64_t arow = p.wgrad ? t.m0 : t.off + t.m0;
      const int alim = p.wgrad ? p.M - t.m0 : t.cnt - t.m0;
      const float* sb = p.sb + (p.wgrad ? 0 : int64_t(t.e) * p.sSB);
      for (int kt = 0; kt < ktiles; ++kt, ++it) {
        const int s = it % kStages;
        if (it >= kStages) mbar_wait(empty0 + 8 * s, uint32_t((it / kStages - 1) & 1));
        const uint32_t full = full0 + 8 * s, a = base + uint32_t(s) * kStageBytes;
        const int k0 = kt * kBK, kb = kb0 + kt;
        if (lane == 0) {
          mbar_expect_tx(full, 2 * kTile);
          if (p.wgrad) {
            tma_2d(a, &p.ta, int(t.off) + k0, t.m0, full);
            tma_2d(a + kTile, &p.tb, int(t.off) + k0, t.n0, full);
          } else {
            tma_2d(a, &p.ta, k0, int(arow), full);
            tma_3d(a + kTile, &p.tb, k0, t.n0, t.e, full);
          }
        }
        float* sc = reinterpret_cast<float*>(gbase + size_t(s) * kStageBytes + kScales);
        const float* sa_k = p.sa + int64_t(kb) * p.ldsa + arow;
#pragma unroll
        for (int q = 0; q < kBM / kWarp; ++q) {
          const int i = lane + kWarp * q;
          cp_async4(sc + i, sa_k + i, i < alim);
        }
        if constexpr (UNI_B) {
          if (lane == 0) cp_async4(sc + kBM, sb + int64_t(t.n0 >> p.nshift) * p.sbn + int64_t(kb) * p.sbk, true);
        } else {
#pragma unroll
          for (int q = 0; q < kBN / kWarp; ++q) {
            const int i = lane + kWarp * q, n = t.n0 + i;
            cp_async4(sc + kBM + i, sb + int64_t(n >> p.nshift) * p.sbn + int64_t(kb) * p.sbk, n < p.N);
          }
        }
        mbar_cp_async_arrive(full);  // every lane, every stage: the full barrier counts 1 + 32 arrivals
      }
    }
    return;
  }

  // Consumers: warpgroup wg multiplies rows 64·wg.. of each tile.
  const int wg = warp / 4, w = warp % 4, g = lane / 4, t4 = lane % 4;
  const int r0 = wg * 64 + 16 * w + g;  // this thread's accumulator rows: r0 and r0 + 8
  int it = 0;
  for (int tile = int(blockIdx.x); tile < tiles; tile += int(gridDim.x)) {
    const GroupedTile t = grouped_tile(p, kBM, kBN, tile);
    const int klim = p.wgrad ? t.cnt : p.K, ktiles = (klim + kBK - 1) / kBK;
    float d[kBN / 2], acc[kBN / 2];
#pragma unroll
    for (int i = 0; i < kBN / 2; ++i) d[i] = 0.0f;
    for (int kt = 0; kt < ktiles; ++kt, ++it) {
      const int s = it % kStages;
      mbar_wait_warp(full0 + 8 * s, uint32_t((it / kStages) & 1));
      const uint32_t a = base + uint32_t(s) * kStageBytes, b = a + kTile;
      if (p.wgrad && kt == ktiles - 1 && klim % kBK != 0) {
        // The k columns past the group's last row belong to the next group (or are zero past the
        // tensor): zero them in every row of A and B (16-byte chunks; klim is a multiple of 16).
        const int row = int(threadIdx.x) % 128;
        const uint32_t tile_at = (threadIdx.x < 128 ? a : b) + uint32_t(row * 128);
        for (int c = (klim % kBK) / 16; c < 8; ++c)
          asm volatile("st.shared.v4.u32 [%0], {%1, %1, %1, %1};\n" ::"r"(tile_at + uint32_t((c ^ (row & 7)) << 4)),
                       "r"(0)
                       : "memory");
        fence_proxy_async();
        asm volatile("bar.sync 1, %0;\n" ::"n"(kConsumers) : "memory");
      }
      const uint64_t da = wgmma_desc(a + uint32_t(wg * 64 * 128), kWgKLbo, kWgKSbo);
      const uint64_t db = wgmma_desc(b, kWgKLbo, kWgKSbo);
      wgmma_fence();
#pragma unroll
      for (int kk = 0; kk < kBK / 32; ++kk)
        wgmma_e4m3(acc, da + uint64_t(kk * (kWgKStep >> 4)), db + uint64_t(kk * (kWgKStep >> 4)), kk > 0);
      wgmma_commit();
      const float* sc = reinterpret_cast<const float*>(gbase + size_t(s) * kStageBytes + kScales);
      const float ra = sc[r0], rb = sc[r0 + 8];
      wgmma_wait0();
      fp8_promote<kBN / 2, UNI_B>(d, acc, ra, rb, sc + kBM, t4);  // d += acc · sa[row] · sb
      __syncwarp();  // every lane has read the stage's scales
      if (lane == 0) mbar_arrive(empty0 + 8 * s);
    }
    const int mr = (p.wgrad ? p.M : t.cnt) - t.m0, nr = p.N - t.n0;
    float* const c0 = p.C + (p.wgrad ? int64_t(t.e) * p.sC + int64_t(t.m0) * p.ldc : (t.off + t.m0) * p.ldc) + t.n0;
    if constexpr (BULK) {
      // Epilogue through shared memory: alpha · d into the C tile, then one bulk copy (or fp32 bulk add,
      // beta 1) per row, which the TMA unit carries out while this CTA goes on with its next tile. The
      // buffer is free once the previous tile's copies have read it (each thread waits for its own).
      bulk_wait_read();
      asm volatile("bar.sync 1, %0;\n" ::"n"(kConsumers) : "memory");
#pragma unroll
      for (int hf = 0; hf < 2; ++hf) {
        const uint32_t row = cbuf + uint32_t((r0 + 8 * hf) * kCRow) + uint32_t(8 * t4);
#pragma unroll
        for (int j = 0; j < kBN / 8; ++j)
          asm volatile("st.shared.v2.f32 [%0], {%1, %2};\n" ::"r"(row + uint32_t(32 * j)),
                       "f"(p.alpha * d[4 * j + 2 * hf]), "f"(p.alpha * d[4 * j + 2 * hf + 1])
                       : "memory");
      }
      fence_proxy_async();  // the writes, visible to the bulk copies' reads
      asm volatile("bar.sync 1, %0;\n" ::"n"(kConsumers) : "memory");
      if (int(threadIdx.x) < mr && threadIdx.x < kBM) {
        float* const dst = c0 + int64_t(threadIdx.x) * p.ldc;
        const uint32_t src = cbuf + threadIdx.x * kCRow, bytes = uint32_t(min(nr, kBN)) * 4u;
        bulk_add_f32(dst, src, bytes);
      }
    } else {  // straight from the accumulators: C = alpha · d + beta · C
      fp8_store_direct(d, c0, p.ldc, r0, t4, mr, nr, p.alpha, p.beta);
    }
  }
  bulk_wait();  // (the shared memory stays until the last copies have read it)
#else
  __trap();
#endif
}

}  // namespace

bool fp8_tma_gemm(const Fp8GemmArgs& g, cudaStream_t s) {
#if defined(DSEEK_CUDA_SM90A)
  if (!grouped_wgmma_available() || !tma_encoder()) return false;
  const bool uni = g.nshift == 7;
  // Bulk epilogue: beta 1 (the weight gradient's accumulation: 588 vs 329 TFLOP/s with stores that
  // read C back), every row of C 16-byte aligned with whole 16-byte chunks.
  const bool bulk = g.beta == 1.0f && reinterpret_cast<uintptr_t>(g.C) % 16 == 0 && g.ldc % 4 == 0 && g.N % 4 == 0 &&
                    (!g.wgrad || g.sC % 4 == 0) && !std::getenv("DSEEK_FP8_TMA_DIRECT_EPILOGUE");
  const auto kernel = uni ? (bulk ? fp8_tma_k<true, true> : fp8_tma_k<true, false>)
                          : (bulk ? fp8_tma_k<false, true> : fp8_tma_k<false, false>);
  const size_t smem = bulk ? Ring<true>::kSmem : Ring<false>::kSmem;
  const Fp8Groups gs(g);
  const int64_t groups = gs.n, *off = gs.off, *cnt = gs.cnt;
  // Rows (wgrad: k) the operands span: up to the end of the last group.
  int64_t extent = 1;
  for (int64_t e = 0; e < groups; ++e) extent = std::max<int64_t>(extent, off[e] + cnt[e]);
  bool first = true;
  for (int64_t e0 = 0; e0 < groups; e0 += kGroupedMaxGroups) {
    TmaParams p{};
    const int64_t G = std::min<int64_t>(kGroupedMaxGroups, groups - e0);
    const uint8_t* B = g.B + (g.wgrad ? 0 : e0 * g.sB);
    bool ok;
    if (g.wgrad) {  // A [M][k], B [N][k]: boxes of 128 k × 128 rows
      const uint64_t da[2] = {uint64_t(extent), uint64_t(g.M)}, db[2] = {uint64_t(extent), uint64_t(g.N)};
      const uint64_t sa[1] = {uint64_t(g.lda)}, sb[1] = {uint64_t(g.ldb)};
      const uint32_t box[2] = {128, 128};
      ok = tma_encode(&p.ta, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, g.A, 2, da, sa, box) &&
           tma_encode(&p.tb, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, B, 2, db, sb, box);
    } else {  // A [rows][K], B [G][N][K]
      const uint64_t da[2] = {uint64_t(g.K), uint64_t(extent)}, db[3] = {uint64_t(g.K), uint64_t(g.N), uint64_t(G)};
      // (one group: B's group stride may be anything, 0 included; the map's must be a real one)
      const uint64_t sa[1] = {uint64_t(g.lda)}, sb[2] = {uint64_t(g.ldb), uint64_t(G > 1 ? g.sB : g.N * g.ldb)};
      const uint32_t boxa[2] = {128, 128}, boxb[3] = {128, 128, 1};
      ok = tma_encode(&p.ta, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, g.A, 2, da, sa, boxa) &&
           tma_encode(&p.tb, CU_TENSOR_MAP_DATA_TYPE_UINT8, 1, B, 3, db, sb, boxb);
    }
    if (!ok) {
      DSEEK_CHECK(first, "FP8 GEMM: a tensor map of group chunk {} cannot be encoded", e0);
      return false;
    }
    first = false;
    fp8_common(p, g, e0, groups, kBN);
    const int64_t tiles = group_table(p, off + e0, cnt + e0, g.wgrad, g.M, kBM, g.beta);
    if (tiles == 0) continue;
    DSEEK_CHECK(tiles <= INT32_MAX, "FP8 GEMM: {} tiles", tiles);
    cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(smem));  // failure: at launch
    kernel<<<unsigned(std::min<int64_t>(tiles, sm_count())), kThreads, smem, s>>>(p);
    check_launch(__FILE__, __LINE__);
  }
  return true;
#else
  (void)g, (void)s;
  return false;
#endif
}

}  // namespace dseek::cu::tk
