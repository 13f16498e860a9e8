// k_train_fp8.cu — FP8 training numerics (DeepSeek-V3 §3.3) as quantise-
// dequantise into BF16: values are rounded to E4M3 (saturating, RNE) with one
// scale per 1×128 activation tile (along a row, or along a column within
// 128-row tiles for the weight-gradient GEMM, whose K runs over tokens) or per
// 128×128 weight block. Scales are powers of two (UE8M0, as DeepSeek-V3.1 and
// the MX formats: the smallest 2^k with amax/2^k <= 448), so every E4M3 value
// times its scale is exact in BF16 and a BF16 tensor-core GEMM with fp32
// accumulation computes exactly the FP8 products.
// What it is not: FP8 tensor-core GEMMs (no speed-up from this; numerics only).
#include <algorithm>

#include "backend/cuda/k_common.cuh"
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
// block and every other row (coalesced along the columns, no index division).
__device__ void qdq_block(const float* w, int64_t out, int64_t in, int64_t r0, int64_t c0, __nv_bfloat16* y) {
  __shared__ float red[8];
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
  __nv_bfloat16* dst = y + r0 * in + c0 + cx;
  if (cx < cols)
    for (int r = ry; r < rows; r += 2)
      dst[int64_t(r) * in] = a > 0.0f ? qdq(src[int64_t(r) * in], s) : __float2bfloat16_rn(0.0f);
}
// One block per 128×128 block of W [out, in]: 256 threads.
__global__ void qdq_block_k(const float* w, int64_t out, int64_t in, __nv_bfloat16* y) {
  qdq_block(w, out, in, int64_t(blockIdx.y) * 128, int64_t(blockIdx.x) * 128, y);
}
// The same for many weights of one flat buffer in one launch: block b of the launch is block
// b - first_block of the last tensor whose first_block <= b.
__global__ void qdq_blocks_many_k(const float* w, const Fp8BlockTensor* t, int count, __nv_bfloat16* y) {
  const int64_t b = blockIdx.x;
  int lo = 0, hi = count - 1;
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (t[mid].first_block <= b) lo = mid;
    else hi = mid - 1;
  }
  const Fp8BlockTensor& m = t[lo];
  const int64_t local = b - m.first_block, bx = (m.in + 127) / 128;
  qdq_block(w + m.off, m.out, m.in, (local / bx) * 128, (local % bx) * 128, y + m.off);
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
  qdq_blocks_many_k<<<unsigned(blocks), 256, 0, s>>>(w, table, count, reinterpret_cast<__nv_bfloat16*>(y));
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
