// k_grouped_tma.cu — the grouped expert GEMM (k_grouped_gemm.cu's three kinds)
// as a warp-specialised Hopper kernel: one producer warp streams the operand
// tiles in with the tensor memory accelerator (TMA, cp.async.bulk.tensor) into
// a ring of shared-memory stages guarded by mbarriers ("full": the bytes have
// landed; "empty": both consumer warpgroups' wgmma reads of the stage are
// done), and two consumer warpgroups multiply each tile's two 64-row halves
// with wgmma while the next stages load, releasing a stage as soon as its
// wgmma group retires (one group stays in flight). Two shapes: 128×128 tiles,
// 3 stages, two CTAs per SM, a CTA per tile; 128×256 tiles, 4 stages, one
// persistent CTA per SM with the ring going on across tiles, so the next tile
// loads during this one's epilogue (the default for every kind). Its CTAs
// take every gridDim.x-th tile, or, given a zero counter
// (GroupedGemmArgs::sched, left zero), the next tile from an atomic counter, which the
// producer hands to the consumers through a two-slot mailbox (mbarriers): with
// the weight gradient's tiles longest first, the CTAs free first take the
// next longest (its tiles' times follow their groups' rows). The 128×256
// tiles' epilogue goes through shared memory (16 KB per warpgroup, 16-byte
// stores of whole rows) where C's alignment allows (grouped_tma_staged); the
// 128×128 ones store from the accumulators. Same
// tile table and shared-memory layouts (128-byte swizzle; k-major rows, or
// 64-wide MN-major atoms) as k_grouped_wgmma.cu, whose cp.async kernel is the
// fallback. Bounds come from the tensor maps: the reduction dimension past K
// and rows past the last group are zero-filled by TMA; the weight gradient's
// last partial k tile (its rows run into the next group) is zeroed in shared
// memory by the consumers. What it is not: clustered/multicast (tried: slower,
// docs/performance.md session 24) or FP8.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_grouped_gemm.cuh"
#include "backend/cuda/k_tma.cuh"
#include "backend/cuda/k_wgmma.cuh"
#include "backend/cuda/k_wgmma_ops.cuh"

namespace dseek::cu::tk {
namespace {

using bf16 = __nv_bfloat16;
constexpr int kBM = 128, kBK = 64;
constexpr int kConsumers = 256, kThreads = kConsumers + 32;  // 2 consumer warpgroups + 1 producer warp
constexpr uint32_t kATile = 128 * 128;                       // A: 128 rows × 64 k, one stage
// BN 128: 3 stages of 32 KB, two CTAs per SM, a CTA per tile. BN 256: 4 stages of 48 KB, one
// persistent CTA per SM.
// BN 256 also holds the staged epilogue's buffers: 16 KB per consumer warpgroup (64 rows × 256 bytes: 128
// BF16 or 64 fp32 columns of its share of a tile at a time).
template <int BN>
struct Shape {
  static constexpr int kStages = BN == 128 ? 3 : 4;
  static constexpr uint32_t kBTile = uint32_t(BN) * 128, kStageBytes = kATile + kBTile;
  static constexpr uint32_t kBars = 256;  // the ring's barriers, the mailbox's 2 + 2 barriers and 2 tile slots
  static constexpr uint32_t kEpi = BN == 256 ? 2 * 16384 : 0;
  static_assert(2 * kStages * 8 + 4 * 8 + 2 * 4 <= kBars);
  static constexpr size_t kSmem = size_t(kStages) * kStageBytes + 1024 + kBars + kEpi;  // + alignment
};

struct TmaParams {
  CUtensorMap ta, tb;  // A, B (layouts per kind: see make_maps)
  GroupedParams p;
  int32_t* ctr;  // tile counter, zero at launch and left zero (dynamic schedule), or null: every gridDim.x-th tile
  int staged;    // BN 256: the epilogue goes through shared memory (grouped_tma_staged)
};

// The epilogue of a 128×256 tile through shared memory: warpgroup wg's 64 rows × 256 columns go to its
// 16 KB buffer `eb` a slice at a time (128 columns of BF16 or 64 of fp32: rows of 256 bytes, whose 16-byte
// chunks are XOR-swizzled by the row's low 3 bits so that neither the accumulator-layout writes nor the
// row reads conflict), then out as whole 16-byte chunks, two full rows per warp instruction (the direct
// epilogue's 4- or 8-byte stores touch eight rows each). fp32 C: C = alpha·acc + beta·C. Needs C 16-byte
// aligned, ldc and N (and the weight gradient's sC) multiples of 16 bytes (checked at launch).
template <bool F32>
__device__ __forceinline__ void grouped_staged_epilogue(const GroupedParams& p, const GroupedOperands& o,
                                                        const float* d, uint32_t eb, int wg) {
  constexpr int kSlices = F32 ? 4 : 2, kJ = 32 / kSlices, kCols = F32 ? 4 : 8;  // j per slice, columns per chunk
  const int tid = int(threadIdx.x) % 128, w = tid / kWarp, lane = tid % kWarp, g = lane / 4, t4 = lane % 4;
#pragma unroll
  for (int sl = 0; sl < kSlices; ++sl) {
#pragma unroll
    for (int hf = 0; hf < 2; ++hf) {
      const int r = 16 * w + g + 8 * hf;  // (r & 7 == g)
#pragma unroll
      for (int jj = 0; jj < kJ; ++jj) {
        const float x = p.alpha * d[4 * (kJ * sl + jj) + 2 * hf], y = p.alpha * d[4 * (kJ * sl + jj) + 2 * hf + 1];
        if constexpr (F32) {  // columns 8jj + 2t4: chunk 2jj + t4/2, 8 bytes on per odd t4; swizzle by 2g
          const uint32_t at = eb + uint32_t(r * 256 + (((2 * jj + t4 / 2) ^ (2 * g)) << 4) + 8 * (t4 & 1));
          asm volatile("st.shared.v2.f32 [%0], {%1, %2};\n" ::"r"(at), "f"(x), "f"(y) : "memory");
        } else {  // columns 8jj + 2t4: chunk jj, 4 bytes on per t4
          const __nv_bfloat162 v = __floats2bfloat162_rn(x, y);
          const uint32_t at = eb + uint32_t(r * 256 + ((jj ^ g) << 4) + 4 * t4);
          asm volatile("st.shared.b32 [%0], %1;\n" ::"r"(at), "r"(*reinterpret_cast<const uint32_t*>(&v)) : "memory");
        }
      }
    }
    asm volatile("bar.sync %0, 128;\n" ::"r"(2 + wg) : "memory");
#pragma unroll
    for (int q = 0; q < 8; ++q) {
      const int i = tid + 128 * q, r = i >> 4, cc = i & 15, row = 64 * wg + r, col = kCols * (16 * sl + cc);
      if (row < o.mr && col < o.nr) {
        const uint32_t at = eb + uint32_t(r * 256 + ((cc ^ (F32 ? 2 * (r & 7) : r & 7)) << 4));
        uint4 v;
        asm volatile("ld.shared.v4.u32 {%0, %1, %2, %3}, [%4];\n"
                     : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
                     : "r"(at));
        const int64_t e = o.c + int64_t(row) * p.ldc + col;
        if constexpr (F32) {
          float4 f =
              make_float4(__uint_as_float(v.x), __uint_as_float(v.y), __uint_as_float(v.z), __uint_as_float(v.w));
          float4* dst = reinterpret_cast<float4*>(p.C + e);
          if (p.beta != 0.0f) {
            const float4 old = *dst;
            f.x += p.beta * old.x, f.y += p.beta * old.y, f.z += p.beta * old.z, f.w += p.beta * old.w;
          }
          *dst = f;
        } else {
          *reinterpret_cast<uint4*>(p.Cb + e) = v;
        }
      }
    }
    asm volatile("bar.sync %0, 128;\n" ::"r"(2 + wg) : "memory");  // the buffer is free for the next slice
  }
}

// KIND 0: rows, B [N][K] (x·Wᵀ); 1: rows, B [K][N] (dy·W); 2: wgrad, A [K][M], B [K][N] (dyᵀ·x).
// Stage s: A tile at base + s·kStageBytes (k-major 128 rows, or two MN-major 64-wide halves), B tile
// kATile on (k-major BN rows, or BN/64 MN-major 64-wide atoms); the barriers after the stages. The CTA
// runs tiles blockIdx.x, + gridDim.x, ... (or those its producer takes from tp.ctr and posts in the
// mailbox: slot j % 2, "full" when posted, "empty" when every consumer warp has read it; a tile past
// the last ends the CTA); the ring's slot and phase run on across them (`it`).
template <int KIND, int BN>
__device__ __forceinline__ void grouped_tma_body(const TmaParams& tp) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  using S = Shape<BN>;
  constexpr int kStages = S::kStages;
  constexpr bool kAmn = KIND == 2, kBmn = KIND != 0;
  const GroupedParams& p = tp.p;
  extern __shared__ __align__(16) unsigned char smem[];
  const uint32_t base = (uint32_t(__cvta_generic_to_shared(smem)) + 1023) & ~1023u;
  const uint32_t full0 = base + kStages * S::kStageBytes, empty0 = full0 + kStages * 8;
  const uint32_t tfull0 = empty0 + kStages * 8, tempty0 = tfull0 + 16;  // the mailbox's barriers
  volatile int32_t* tslot =  // the mailbox's 2 slots, after its barriers
      reinterpret_cast<volatile int32_t*>(smem + (tempty0 + 16 - uint32_t(__cvta_generic_to_shared(smem))));
  const bool dyn = tp.ctr != nullptr;
  const int tiles = p.first_tile[p.groups];
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  if (threadIdx.x == 0) {
    for (int s = 0; s < kStages; ++s) {
      mbar_init(full0 + 8 * s, 1);   // the producer's expect_tx arrival (+ the bytes)
      mbar_init(empty0 + 8 * s, 8);  // one arrival per consumer warp
    }
    for (int q = 0; q < 2; ++q) {
      mbar_init(tfull0 + 8 * q, 1);   // the producer's post
      mbar_init(tempty0 + 8 * q, 8);  // every consumer warp has read the slot
    }
    mbar_init_fence();
  }
  __syncthreads();

  if (warp == kConsumers / kWarp) {  // producer
    if (lane != 0) return;
    int it = 0;
    for (int j = 0;; ++j) {
      int tile = int(blockIdx.x) + j * int(gridDim.x);
      if (dyn) {
        tile = atomicAdd(tp.ctr, 1);
        // Each CTA takes one value past the last tile and stops: the CTA that takes the very last
        // value (tiles + grid − 1) is the counter's last user in this launch and leaves it zero for the next.
        if (tile == tiles + int(gridDim.x) - 1) atomicExch(tp.ctr, 0);
        const int q = j & 1;
        if (j >= 2) mbar_wait(tempty0 + 8 * q, uint32_t((j / 2 - 1) & 1));
        tslot[q] = tile;
        mbar_arrive(tfull0 + 8 * q);  // (release: the slot's store is seen by the waiters)
      }
      if (tile >= tiles) break;
      const GroupedTile t = grouped_tile(p, kBM, BN, tile);
      const int klim = grouped_operands<KIND>(p, t).klim, ktiles = (klim + kBK - 1) / kBK;
      // Tile origins in the tensor maps' coordinates (innermost first).
      const int row0 = int(t.off) + t.m0;  // rows kinds: A's first row
      const int k00 = KIND == 2 ? int(t.off) : 0;
      for (int kt = 0; kt < ktiles; ++kt, ++it) {
        const int s = it % kStages;
        if (it >= kStages) mbar_wait(empty0 + 8 * s, uint32_t((it / kStages - 1) & 1));
        const uint32_t full = full0 + 8 * s, a = base + uint32_t(s) * S::kStageBytes, b = a + kATile;
        mbar_expect_tx(full, S::kStageBytes);
        const int k0 = kt * kBK;
        if (KIND == 2) {  // A [rows][M], B [rows][N]: 64-wide MN atoms of 64 k-rows each
          tma_2d(a, &tp.ta, t.m0, k00 + k0, full);
          tma_2d(a + kMnLbo, &tp.ta, t.m0 + 64, k00 + k0, full);
#pragma unroll
          for (int h = 0; h < BN / 64; ++h) tma_2d(b + h * kMnLbo, &tp.tb, t.n0 + 64 * h, k00 + k0, full);
        } else {
          tma_2d(a, &tp.ta, k0, row0, full);  // A [rows][K]: 128 rows × 64 k
          if (KIND == 0) {
            tma_3d(b, &tp.tb, k0, t.n0, t.e, full);  // B [E][N][K]: BN n × 64 k
          } else {
#pragma unroll
            for (int h = 0; h < BN / 64; ++h)  // B [E][K][N]: 64 k × (BN/64 × 64 n)
              tma_3d(b + h * kMnLbo, &tp.tb, t.n0 + 64 * h, k0, t.e, full);
          }
        }
      }
    }
    return;
  }

  // Consumers: warpgroup wg multiplies rows 64·wg.. of each tile.
  const int wg = warp / 4, w = warp % 4, g = lane / 4, t4 = lane % 4;
  int it = 0;
  for (int j = 0;; ++j) {
    int tile = int(blockIdx.x) + j * int(gridDim.x);
    if (dyn) {
      const int q = j & 1;
      mbar_wait(tfull0 + 8 * q, uint32_t((j / 2) & 1));
      tile = tslot[q];
      __syncwarp();
      if (lane == 0) mbar_arrive(tempty0 + 8 * q);
    }
    if (tile >= tiles) break;
    const GroupedTile t = grouped_tile(p, kBM, BN, tile);
    const GroupedOperands o = grouped_operands<KIND>(p, t);
    const int klim = o.klim, ktiles = (klim + kBK - 1) / kBK;
    float d[BN / 2];
#pragma unroll
    for (int i = 0; i < BN / 2; ++i) d[i] = 0.0f;
    for (int kt = 0; kt < ktiles; ++kt, ++it) {
      const int s = it % kStages;
      mbar_wait_warp(full0 + 8 * s, uint32_t((it / kStages) & 1));
      const uint32_t a = base + uint32_t(s) * S::kStageBytes, b = a + kATile;
      if (KIND == 2 && kt == ktiles - 1 && klim % kBK != 0) {
        // The k-rows past the group's last row belong to the next group (or are zero past the
        // tensor): zero them in every 64-wide atom of A and B before the tensor cores read the stage.
        constexpr int kAtoms = 2 + BN / 64;
        const int rem = klim % kBK, n16 = (kBK - rem) * 8;  // 16-byte chunks per atom
        for (int i = int(threadIdx.x); i < kAtoms * n16; i += kConsumers) {
          const int h = i / n16, j = i % n16;
          const uint32_t at = a + uint32_t(h) * kMnLbo + uint32_t(rem * 128 + j * 16);  // (B follows A's 2 atoms)
          asm volatile("st.shared.v4.u32 [%0], {%1, %1, %1, %1};\n" ::"r"(at), "r"(0) : "memory");
        }
        fence_proxy_async();
        asm volatile("bar.sync 1, %0;\n" ::"n"(kConsumers) : "memory");
      }
      const uint32_t aw = a + (kAmn ? wg * kMnLbo : wg * 64 * 128);
      wgmma_fence();
#pragma unroll
      for (int kk = 0; kk < kBK / 16; ++kk) {
        const uint64_t da = kAmn ? wgmma_desc(aw + kk * kMnStep, kMnLbo, kMnSbo) : wgmma_desc(aw + kk * kWgKStep, kWgKLbo, kWgKSbo);
        const uint64_t db = kBmn ? wgmma_desc(b + kk * kMnStep, kMnLbo, kMnSbo) : wgmma_desc(b + kk * kWgKStep, kWgKLbo, kWgKSbo);
        wgmma_ss<BN, kAmn ? 1 : 0, kBmn ? 1 : 0>(d, da, db, 1);
      }
      wgmma_commit();
      wgmma_wait<1>();  // the previous k step's group has retired: its stage may be refilled
      if (kt > 0 && lane == 0) mbar_arrive(empty0 + 8 * ((it - 1) % kStages));
    }
    wgmma_wait0();
    if (ktiles > 0 && lane == 0) mbar_arrive(empty0 + 8 * ((it - 1) % kStages));  // the producer runs on
    // Accumulator layout as in k_grouped_wgmma.cu.
    if constexpr (S::kEpi != 0) {
      if (tp.staged) {
        const uint32_t eb = full0 + S::kBars + uint32_t(wg) * 16384u;
        grouped_staged_epilogue<KIND == 2>(p, o, d, eb, wg);  // (the rows kinds stage BF16 C only)
        continue;
      }
    }
#pragma unroll
    for (int hf = 0; hf < 2; ++hf) {
      const int r = wg * 64 + 16 * w + g + 8 * hf;
      if (r >= o.mr) continue;
      const int64_t row = o.c + int64_t(r) * p.ldc;
#pragma unroll
      for (int j = 0; j < BN / 8; ++j) {
        const int c = 8 * j + 2 * t4;
        if (c < o.nr) grouped_store2(p, row + c, d[4 * j + 2 * hf], d[4 * j + 2 * hf + 1]);
      }
    }
  }
#else
  __trap();
#endif
}
template <int KIND>
__global__ void __launch_bounds__(kThreads, 2) grouped_tma_k(const __grid_constant__ TmaParams tp) {
  grouped_tma_body<KIND, 128>(tp);
}
template <int KIND>
__global__ void __launch_bounds__(kThreads, 1) grouped_tma_wide_k(const __grid_constant__ TmaParams tp) {
  grouped_tma_body<KIND, 256>(tp);
}

// A BF16 tensor of `rank` dims (innermost first; element strides of the outer ones) read in boxes of `box`
// with the 128-byte swizzle; out-of-bounds elements read as zero.
bool encode(CUtensorMap* m, const void* ptr, int rank, const uint64_t* dims, const uint64_t* strides_el,
            const uint32_t* box) {
  return tma_encode(m, CU_TENSOR_MAP_DATA_TYPE_BFLOAT16, 2, ptr, rank, dims, strides_el, box);
}

}  // namespace

bool grouped_tma_staged(int kind, const void* c, bool bf16_c, int64_t ldc, int64_t N, int64_t sC) {
  static const bool direct = std::getenv("DSEEK_GROUPED_DIRECT_EPILOGUE") != nullptr;  // the A/B switch
  const int64_t per16 = bf16_c ? 8 : 4;  // elements per 16 bytes
  return !direct && (kind == 2) == !bf16_c && ldc % per16 == 0 && N % per16 == 0 && (kind != 2 || sC % per16 == 0) &&
         reinterpret_cast<uintptr_t>(c) % 16 == 0;
}

bool grouped_tma_launch(int kind, const GroupedParams& p, int64_t tiles, bool wide, int32_t* sched, cudaStream_t s) {
#if defined(DSEEK_CUDA_SM90A)
  if (!grouped_wgmma_available()) return false;
  // Rows the activations span: up to the end of the last group.
  int64_t rows = 1;
  for (int i = 0; i < p.groups; ++i) rows = std::max<int64_t>(rows, int64_t(p.off[i]) + p.cnt[i]);
  TmaParams tp;
  tp.p = p;
  tp.ctr = wide ? sched : nullptr;
  tp.staged = wide && grouped_tma_staged(kind, p.Cb ? static_cast<const void*>(p.Cb) : p.C, p.Cb != nullptr, p.ldc,
                                          p.N, p.sC);
  const uint64_t G = uint64_t(std::max(p.groups, 1));
  bool ok = false;
  if (kind == 2) {  // A [rows][M], B [rows][N], boxes of 64 MN × 64 k
    const uint64_t da[2] = {uint64_t(p.M), uint64_t(rows)}, db[2] = {uint64_t(p.N), uint64_t(rows)};
    const uint64_t sa[1] = {uint64_t(p.lda)}, sb[1] = {uint64_t(p.ldb)};
    const uint32_t box[2] = {64, 64};
    ok = encode(&tp.ta, p.A, 2, da, sa, box) && encode(&tp.tb, p.B, 2, db, sb, box);
  } else {  // A [rows][K] in 64 k × 128 rows; B [E][N][K] in 64 k × 128 n, or [E][K][N] in 64 n × 64 k
    const uint64_t da[2] = {uint64_t(p.K), uint64_t(rows)}, sa[1] = {uint64_t(p.lda)};
    const uint32_t boxa[2] = {64, 128};
    const uint64_t db[3] = {kind == 0 ? uint64_t(p.K) : uint64_t(p.N), kind == 0 ? uint64_t(p.N) : uint64_t(p.K), G};
    const uint64_t sb[2] = {uint64_t(p.ldb), uint64_t(p.sB)};
    const uint32_t boxb[3] = {64, kind == 0 ? (wide ? 256u : 128u) : 64u, 1};
    ok = encode(&tp.ta, p.A, 2, da, sa, boxa) && encode(&tp.tb, p.B, 3, db, sb, boxb);
  }
  if (!ok) return false;
  auto launch = [&](auto kernel, size_t smem, int64_t grid) {
    cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, int(smem));  // failure: at launch
    kernel<<<unsigned(grid), kThreads, smem, s>>>(tp);
  };
  if (wide) {  // persistent: a CTA per SM at most
    const int64_t grid = std::min<int64_t>(tiles, sm_count());
    constexpr size_t sm = Shape<256>::kSmem;
    if (kind == 0) launch(grouped_tma_wide_k<0>, sm, grid);
    else if (kind == 1) launch(grouped_tma_wide_k<1>, sm, grid);
    else launch(grouped_tma_wide_k<2>, sm, grid);
    return true;
  }
  constexpr size_t sm = Shape<128>::kSmem;
  if (kind == 0) launch(grouped_tma_k<0>, sm, tiles);
  else if (kind == 1) launch(grouped_tma_k<1>, sm, tiles);
  else launch(grouped_tma_k<2>, sm, tiles);
  return true;
#else
  (void)kind, (void)p, (void)tiles, (void)wide, (void)sched, (void)s;
  return false;
#endif
}

}  // namespace dseek::cu::tk
