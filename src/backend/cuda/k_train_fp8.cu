// k_train_fp8.cu — FP8 training numerics (DeepSeek-V3 §3.3) as quantise-
// dequantise into BF16: values are rounded to E4M3 (saturating, RNE) with one
// scale per 1×128 activation tile (along a row, or along a column within
// 128-row tiles for the weight-gradient GEMM, whose K runs over tokens) or per
// 128×128 weight block. Scales are powers of two (UE8M0, as DeepSeek-V3.1 and
// the MX formats: the smallest 2^k with amax/2^k <= 448), so every E4M3 value
// times its scale is exact in BF16 and a BF16 tensor-core GEMM with fp32
// accumulation computes exactly the FP8 products.
// The same roundings also come as real E4M3 operands with their scales, for
// the FP8 tensor-core GEMMs of k_fp8_gemm.cu: rows (1×128 tiles), the
// transpose of columns (128×1 tiles, so that the weight gradient's k — the
// tokens — is contiguous), and W and Wᵀ per 128×128 block.
// What it is not: the GEMMs.
#include <algorithm>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_mma.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

// Power-of-two scale for a tile whose largest magnitude is amax (> 0).
__device__ __forceinline__ float pow2_scale(float amax) {
  int e;
  const float m = frexpf(amax / 448.0f, &e);  // amax/448 = m·2^e, m in [0.5, 1)
  return ldexpf(1.0f, m == 0.5f ? e - 1 : e);
}
__device__ __forceinline__ __nv_bfloat16 qdq(float v, float s) {
  const __nv_fp8_e4m3 q(v / s);
  return __float2bfloat16_rn(float(q) * s);
}

// One block per (128-column tile, row), rows strided by gridDim.y (<= 65535): 128 threads.
__global__ void qdq_rows_k(const float* x, int64_t rows, int64_t n, __nv_bfloat16* y) {
  __shared__ float red[4];
  const int64_t c = blockIdx.x * 128 + threadIdx.x;
  for (int64_t r = blockIdx.y; r < rows; r += gridDim.y) {
    const float v = c < n ? x[r * n + c] : 0.0f;
    float a = warp_max(fabsf(v));
    __syncthreads();  // red[] of the previous row has been read
    if (threadIdx.x % 32 == 0) red[threadIdx.x / 32] = a;
    __syncthreads();
    a = fmaxf(fmaxf(red[0], red[1]), fmaxf(red[2], red[3]));
    if (c < n) y[r * n + c] = a > 0.0f ? qdq(v, pow2_scale(a)) : __float2bfloat16_rn(0.0f);
  }
}
// One thread per (column, 128-row tile), tiles strided by gridDim.y; tiles restart at every
// multiple of `group` rows.
__global__ void qdq_cols_k(const float* x, int64_t n, int64_t group, int64_t tiles_per_group, int64_t tiles,
                           __nv_bfloat16* y) {
  const int64_t c = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (c >= n) return;
  for (int64_t tile = blockIdx.y; tile < tiles; tile += gridDim.y) {
  const int64_t g = tile / tiles_per_group, t = tile % tiles_per_group;
  const int64_t r0 = g * group + t * 128, r1 = min(g * group + group, r0 + 128);
  float a = 0.0f;
  for (int64_t r = r0; r < r1; ++r) a = fmaxf(a, fabsf(x[r * n + c]));
  const float s = a > 0.0f ? pow2_scale(a) : 1.0f;
  for (int64_t r = r0; r < r1; ++r) y[r * n + c] = a > 0.0f ? qdq(x[r * n + c], s) : __float2bfloat16_rn(0.0f);
  }
}
// The 128×128 block at (r0, c0) of W [out, in] by a block of 256 threads: a thread per column of the
// block and every other row (coalesced along the columns, no index division). Writes the BF16
// quantise-dequantise y and, when q is given, the E4M3 values of W (q) and of Wᵀ [in, out] (qt, through
// shared memory so that its rows are written 16 bytes at a time; out % 16 == 0) and the block's scale.
struct BlockOut {
  __nv_bfloat16* y;
  unsigned char *q, *qt;
  float *s, *l4, *l4t;  // the block's scale (plain, cuBLASLt's layouts of W and Wᵀ; null: none)
};
__device__ void qdq_block(const float* w, int64_t out, int64_t in, int64_t r0, int64_t c0, const BlockOut& o) {
  __shared__ float red[8];
  __shared__ __align__(16) unsigned char tq[128][144];
  const int rows = int(min(out - r0, int64_t(128))), cols = int(min(in - c0, int64_t(128)));
  const int cx = threadIdx.x % 128, ry = threadIdx.x / 128;
  const float* src = w + r0 * in + c0 + cx;
  float a = 0.0f;
  if (cx < cols)
    for (int r = ry; r < rows; r += 2) a = fmaxf(a, fabsf(src[int64_t(r) * in]));
  a = warp_max(a);
  if (threadIdx.x % 32 == 0) red[threadIdx.x / 32] = a;
  __syncthreads();
  a = red[0];
  for (int i = 1; i < 8; ++i) a = fmaxf(a, red[i]);
  const float s = a > 0.0f ? pow2_scale(a) : 1.0f;
  const int64_t at = r0 * in + c0 + cx;
  if (cx < cols)
    for (int r = ry; r < rows; r += 2) {
      const __nv_fp8_e4m3 q(src[int64_t(r) * in] / s);
      o.y[at + int64_t(r) * in] = a > 0.0f ? __float2bfloat16_rn(float(q) * s) : __float2bfloat16_rn(0.0f);
      if (o.q) {
        o.q[at + int64_t(r) * in] = q.__x;
        tq[cx][r] = q.__x;
      }
    }
  if (!o.q) return;
  if (threadIdx.x == 0) {
    o.s[0] = s;
    if (o.l4) *o.l4 = s;
    if (o.l4t) *o.l4t = s;
  }
  if (out % 16) return;  // no Wᵀ copy: its rows would not be 16-byte aligned
  __syncthreads();
  for (int i = threadIdx.x; i < 128 * 8; i += 256) {  // row c0 + c of Wᵀ: bytes r0 + 16·j ... + 15
    const int c = i / 8, j = i % 8;
    if (c < cols && 16 * j < rows)
      *reinterpret_cast<uint4*>(o.qt + (c0 + c) * out + r0 + 16 * j) = *reinterpret_cast<const uint4*>(&tq[c][16 * j]);
  }
}
// One block per 128×128 block of W [out, in]: 256 threads.
__global__ void qdq_block_k(const float* w, int64_t out, int64_t in, __nv_bfloat16* y) {
  qdq_block(w, out, in, int64_t(blockIdx.y) * 128, int64_t(blockIdx.x) * 128, {y, nullptr, nullptr, nullptr, nullptr, nullptr});
}
// The same for many weights of one flat buffer in one launch: block b of the launch is block
// b - first_block of the last tensor whose first_block <= b.
// q, qt, s (optional): the E4M3 copies at the same offsets as w, the scales at first_block + local block.
__global__ void qdq_blocks_many_k(const float* w, const Fp8BlockTensor* t, int count, __nv_bfloat16* y,
                                  unsigned char* q, unsigned char* qt, float* s, float* l4) {
  const int64_t b = blockIdx.x;
  int lo = 0, hi = count - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (t[mid].first_block <= b) lo = mid;
    else hi = mid - 1;
  }
  const Fp8BlockTensor& m = t[lo];
  const int64_t local = b - m.first_block, bx = (m.in + 127) / 128;
  const int64_t bo = local / bx, bi = local % bx, by = (m.out + 127) / 128;
  float* l4w = q && l4 && m.l4 >= 0 ? l4 + m.l4 + bo * ((bx + 3) / 4 * 4) + bi : nullptr;
  float* l4t = q && l4 && m.l4t >= 0 ? l4 + m.l4t + bi * ((by + 3) / 4 * 4) + bo : nullptr;
  qdq_block(w + m.off, m.out, m.in, bo * 128, bi * 128,
            {y + m.off, q ? q + m.off : nullptr, q ? qt + m.off : nullptr, q ? s + b : nullptr, l4w, l4t});
}


// E4M3 of v / s, for v already bounded by 448·s (saturating, round to nearest even, as __nv_fp8_e4m3).
// s is a power of two (pow2_scale), so v / s is v · (1/s) exactly wherever 1/s is a float (s >= 2^-127);
// the multiply replaces IEEE division's instruction sequence, and the conversions go two at a time.
__device__ __forceinline__ uint32_t e4m3x4(float4 v, float s) {
  if (s >= 0x1p-127f) {
    const float r = 1.0f / s;
    v = make_float4(v.x * r, v.y * r, v.z * r, v.w * r);
  } else {
    v = make_float4(v.x / s, v.y / s, v.z / s, v.w / s);
  }
  const uint32_t lo = __nv_cvt_float2_to_fp8x2(make_float2(v.x, v.y), __NV_SATFINITE, __NV_E4M3);
  const uint32_t hi = __nv_cvt_float2_to_fp8x2(make_float2(v.z, v.w), __NV_SATFINITE, __NV_E4M3);
  return lo | hi << 16;
}
// A warp per (row, 128-column tile), four columns per lane (n % 4 == 0): q [rows][n], s [tiles][lds].
__global__ void quant_rows_k(const float* x, int64_t rows, int64_t n, int tiles, unsigned char* q, float* s,
                             int64_t lds) {
  const int64_t item = (int64_t(blockIdx.x) * blockDim.x + threadIdx.x) / kWarp;
  if (item >= rows * tiles) return;  // whole warps
  const int lane = threadIdx.x % kWarp;
  const int64_t r = item / tiles, c = (item % tiles) * 128 + lane * 4;
  const float4 v = c < n ? *reinterpret_cast<const float4*>(x + r * n + c) : make_float4(0, 0, 0, 0);
  const float a = warp_max(fmaxf(fmaxf(fabsf(v.x), fabsf(v.y)), fmaxf(fabsf(v.z), fabsf(v.w))));
  const float sc = a > 0.0f ? pow2_scale(a) : 1.0f;
  if (c < n) *reinterpret_cast<uint32_t*>(q + r * n + c) = e4m3x4(v, sc);
  if (lane == 0) s[(item % tiles) * lds + r] = sc;
}
// A block of 256 threads per (128-row tile, 32 columns): the tile through shared memory, then each
// warp quantises 16 rows of the 32 columns with the columns' scales and writes them as 16 bytes of
// the transposed rows: qt [n][ldt] (rows >= `rows` up to ldt zero), s [row tiles][n].
__global__ void quant_cols_t_k(const float* x, int64_t rows, int64_t n, int64_t ldt, unsigned char* qt, float* s) {
  __shared__ float v[128][33];
  __shared__ float red[8][32];
  const int64_t r0 = int64_t(blockIdx.y) * 128, c0 = int64_t(blockIdx.x) * 32;
  for (int i = threadIdx.x; i < 128 * 8; i += 256) {  // float4 j of row r
    const int r = i / 8, j = i % 8;
    const int64_t gr = r0 + r, gc = c0 + 4 * j;
    const float4 f = gr < rows && gc < n ? *reinterpret_cast<const float4*>(x + gr * n + gc) : make_float4(0, 0, 0, 0);
    v[r][4 * j] = f.x;
    v[r][4 * j + 1] = f.y;
    v[r][4 * j + 2] = f.z;
    v[r][4 * j + 3] = f.w;
  }
  __syncthreads();
  const int col = threadIdx.x % 32, part = threadIdx.x / 32;
  float a = 0.0f;
#pragma unroll
  for (int i = 0; i < 16; ++i) a = fmaxf(a, fabsf(v[part * 16 + i][col]));
  red[part][col] = a;
  __syncthreads();
  a = red[0][col];
#pragma unroll
  for (int i = 1; i < 8; ++i) a = fmaxf(a, red[i][col]);
  const float sc = a > 0.0f ? pow2_scale(a) : 1.0f;
  const int64_t gc = c0 + col, gr = r0 + part * 16;
  if (gc >= n) return;
  if (part == 0) s[int64_t(blockIdx.y) * n + gc] = sc;
  if (gr >= ldt) return;
  uint32_t w[4];
#pragma unroll
  for (int k = 0; k < 4; ++k)
    w[k] = e4m3x4(make_float4(v[part * 16 + 4 * k][col], v[part * 16 + 4 * k + 1][col], v[part * 16 + 4 * k + 2][col],
                              v[part * 16 + 4 * k + 3][col]),
                  sc);
  *reinterpret_cast<uint4*>(qt + gc * ldt + gr) = make_uint4(w[0], w[1], w[2], w[3]);
}
// Both layouts from one read: a block of 256 threads per 128 × 128 tile of x through shared memory
// (64 KB, dynamic): each warp quantises 16 of its rows along the columns (as quant_rows_k), then each
// thread 16 rows of a column along the rows, written transposed (as quant_cols_t_k).
__global__ void quant_both_k(const float* x, int64_t rows, int64_t n, unsigned char* q, float* s, int64_t lds,
                             unsigned char* qt, float* st, int64_t ldt) {
  extern __shared__ float4 vtile[];  // [128][32] float4 = 128 rows × 128 columns
  __shared__ float red[2][128];
  const int64_t r0 = int64_t(blockIdx.y) * 128, c0 = int64_t(blockIdx.x) * 128;
  // The tile in by cp.async (16 loads a thread in flight at once; zero past the tensor's edges).
#pragma unroll
  for (int k = 0; k < 16; ++k) {
    const int i = int(threadIdx.x) + 256 * k, r = i / 32, j = i % 32;
    const int64_t gr = r0 + r, gc = c0 + 4 * j;
    const bool in = gr < rows && gc < n;
    cp_async16(&vtile[i], in ? x + gr * n + gc : x, in);
  }
  cp_commit();
  cp_wait<0>();
  __syncthreads();
  const int lane = threadIdx.x % kWarp, warp = threadIdx.x / kWarp;
  for (int r = warp * 16; r < warp * 16 + 16; ++r) {  // rows: 1×128 tiles
    const int64_t gr = r0 + r, gc = c0 + 4 * lane;
    const float4 v = vtile[r * 32 + lane];
    const float a = warp_max(fmaxf(fmaxf(fabsf(v.x), fabsf(v.y)), fmaxf(fabsf(v.z), fabsf(v.w))));
    const float sc = a > 0.0f ? pow2_scale(a) : 1.0f;
    if (gr < rows && gc < n) *reinterpret_cast<uint32_t*>(q + gr * n + gc) = e4m3x4(v, sc);
    if (gr < rows && lane == 0) s[int64_t(blockIdx.x) * lds + gr] = sc;
  }
  // columns: 128×1 tiles; thread (col, half) takes rows 64·half ... + 63 of column col
  const float* vf = reinterpret_cast<const float*>(vtile);
  const int col = threadIdx.x % 128, half = threadIdx.x / 128;
  float a = 0.0f;
  for (int r = half * 64; r < half * 64 + 64; ++r) a = fmaxf(a, fabsf(vf[r * 128 + col]));
  red[half][col] = a;
  __syncthreads();
  a = fmaxf(red[0][col], red[1][col]);
  const float sc = a > 0.0f ? pow2_scale(a) : 1.0f;
  const int64_t gc = c0 + col;
  if (gc >= n) return;
  if (half == 0) st[int64_t(blockIdx.y) * n + gc] = sc;
  for (int k = 0; k < 4; ++k) {  // 16-row chunks half·4 + k of the column
    const int rb = (half * 4 + k) * 16;
    if (r0 + rb >= ldt) break;
    uint32_t w[4];
#pragma unroll
    for (int u = 0; u < 4; ++u)
      w[u] = e4m3x4(make_float4(vf[(rb + 4 * u) * 128 + col], vf[(rb + 4 * u + 1) * 128 + col],
                                vf[(rb + 4 * u + 2) * 128 + col], vf[(rb + 4 * u + 3) * 128 + col]),
                    sc);
    *reinterpret_cast<uint4*>(qt + gc * ldt + r0 + rb) = make_uint4(w[0], w[1], w[2], w[3]);
  }
}

}  // namespace

int64_t fp8_block_table(std::vector<Fp8BlockTensor>& t) {
  int64_t blocks = 0;
  for (Fp8BlockTensor& m : t) {
    m.first_block = blocks;
    blocks += (m.out + 127) / 128 * ((m.in + 127) / 128);
  }
  return blocks;
}

void fp8_qdq_blocks_many(const float* w, const Fp8BlockTensor* table, int count, int64_t blocks, uint16_t* y,
                         cudaStream_t s) {
  if (count <= 0 || blocks <= 0) return;
  qdq_blocks_many_k<<<unsigned(blocks), 256, 0, s>>>(w, table, count, reinterpret_cast<__nv_bfloat16*>(y), nullptr,
                                                     nullptr, nullptr, nullptr);
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

void fp8_quant_blocks_many(const float* w, const Fp8BlockTensor* table, int count, int64_t blocks, uint16_t* y,
                           uint8_t* q, uint8_t* qt, float* scales, float* l4, cudaStream_t s) {
  if (count <= 0 || blocks <= 0) return;
  qdq_blocks_many_k<<<unsigned(blocks), 256, 0, s>>>(w, table, count, reinterpret_cast<__nv_bfloat16*>(y), q, qt,
                                                     scales, l4);
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

void fp8_quant_rows(const float* x, int64_t rows, int64_t n, uint8_t* q, float* scales, int64_t lds, cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  DSEEK_CHECK(n % 4 == 0 && lds >= rows, "fp8_quant_rows: {} columns (a multiple of 4 expected), scale stride {} for {} rows",
              n, lds, rows);
  const int64_t tiles = (n + 127) / 128, threads = rows * tiles * kWarp;
  quant_rows_k<<<unsigned((threads + 255) / 256), 256, 0, s>>>(x, rows, n, int(tiles), q, scales, lds);
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

void fp8_quant_cols_t(const float* x, int64_t rows, int64_t n, int64_t ldt, uint8_t* qt, float* scales,
                      cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  DSEEK_CHECK(n % 4 == 0 && ldt % 16 == 0 && ldt >= rows, "fp8_quant_cols_t: {} columns, ld {} for {} rows", n, ldt,
              rows);
  const int64_t rtiles = (rows + 127) / 128;
  DSEEK_CHECK(rtiles <= 65535, "fp8_quant_cols_t: {} rows", rows);
  quant_cols_t_k<<<dim3(unsigned((n + 31) / 32), unsigned(rtiles)), 256, 0, s>>>(x, rows, n, ldt, qt, scales);
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

void fp8_quant_both(const float* x, int64_t rows, int64_t n, uint8_t* q, float* scales, int64_t lds, uint8_t* qt,
                    float* scales_t, int64_t ldt, cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  DSEEK_CHECK(n % 4 == 0 && lds >= rows && ldt % 16 == 0 && ldt >= rows,
              "fp8_quant_both: {} columns, scale stride {}, ld {} for {} rows", n, lds, ldt, rows);
  const int64_t rtiles = (rows + 127) / 128;
  DSEEK_CHECK(rtiles <= 65535, "fp8_quant_both: {} rows", rows);
  constexpr int kSmem = 128 * 128 * 4;
  cudaFuncSetAttribute(quant_both_k, cudaFuncAttributeMaxDynamicSharedMemorySize, kSmem);  // failure: at launch
  quant_both_k<<<dim3(unsigned((n + 127) / 128), unsigned(rtiles)), 256, kSmem, s>>>(x, rows, n, q, scales, lds, qt,
                                                                                     scales_t, ldt);
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

void fp8_qdq_rows(const float* x, int64_t rows, int64_t n, uint16_t* y, cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  qdq_rows_k<<<dim3(unsigned((n + 127) / 128), unsigned(std::min<int64_t>(rows, 65535))), 128, 0, s>>>(
      x, rows, n, reinterpret_cast<__nv_bfloat16*>(y));
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}
void fp8_qdq_cols(const float* x, int64_t rows, int64_t n, int64_t group, uint16_t* y, cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  if (group <= 0 || group > rows) group = rows;
  const int64_t tpg = (group + 127) / 128, tiles = rows / group * tpg;
  qdq_cols_k<<<dim3(unsigned((n + 127) / 128), unsigned(std::min<int64_t>(tiles, 65535))), 128, 0, s>>>(
      x, n, group, tpg, tiles, reinterpret_cast<__nv_bfloat16*>(y));
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}
void fp8_qdq_blocks(const float* w, int64_t out, int64_t in, uint16_t* y, cudaStream_t s) {
  if (out <= 0 || in <= 0) return;
  qdq_block_k<<<dim3(unsigned((in + 127) / 128), unsigned((out + 127) / 128)), 256, 0, s>>>(
      w, out, in, reinterpret_cast<__nv_bfloat16*>(y));
  ::dseek::cu::check_launch(__FILE__, __LINE__);
}

}  // namespace dseek::cu::tk
