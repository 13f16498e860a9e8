// k_train_narrow.cu — the three fp32 GEMMs of a linear with 32 outputs (the
// MoE router of 32 experts: logits = x·Wᵀ, dx += dlogits·W, dW += dlogitsᵀ·x),
// written for their shape: one operand is 32 wide, so each product streams
// the wide operand (x or dx, [rows, in]) once at close to the copy bandwidth
// and keeps the narrow side in registers or broadcast loads. cuBLAS's general
// kernels ran these at 1.6–1.9 TB/s. Plain fp32 FMAs (DeepSeek keeps gating in
// fp32); the sums run over k (or rows) in a fixed order, so results are
// deterministic (the weight gradient through fixed row chunks, then an ordered
// reduction). What it is not: a general GEMM; other widths use cuBLAS.
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {

namespace {

constexpr int kE = 32;      // outputs (the narrow side)
constexpr int kRows = 8;    // forward: rows per warp
constexpr int kChunk = 32;  // forward: k per register chunk of W
constexpr int kWRows = 256; // weight gradient: rows per partial sum

// y[r, e] = Σ_k x[r, k] W[e, k]: a warp per kRows rows, lane e holding W[e, k0:k0+32] in registers; x's
// values reach every lane by broadcast loads (one address a warp). in % 4 == 0, 16-byte aligned rows.
__global__ void __launch_bounds__(128) narrow_fwd_k(const float* x, const float* W, int64_t rows, int in, float* y) {
  const int lane = threadIdx.x % kWarp;
  const int64_t r0 = (int64_t(blockIdx.x) * (blockDim.x / kWarp) + threadIdx.x / kWarp) * kRows;
  if (r0 >= rows) return;
  const int nr = int(rows - r0 < kRows ? rows - r0 : kRows);
  float acc[kRows];
#pragma unroll
  for (int i = 0; i < kRows; ++i) acc[i] = 0.0f;
  const float* wr = W + int64_t(lane) * in;
  for (int k0 = 0; k0 < in; k0 += kChunk) {
    const int kn = in - k0 < kChunk ? in - k0 : kChunk;  // a multiple of 4
    float w[kChunk];
#pragma unroll
    for (int j = 0; j < kChunk; j += 4) {
      const float4 v = j < kn ? *reinterpret_cast<const float4*>(wr + k0 + j) : make_float4(0, 0, 0, 0);
      w[j] = v.x, w[j + 1] = v.y, w[j + 2] = v.z, w[j + 3] = v.w;
    }
#pragma unroll
    for (int i = 0; i < kRows; ++i) {
      if (i >= nr) break;
      const float* xr = x + (r0 + i) * in + k0;
#pragma unroll
      for (int j = 0; j < kChunk; j += 4) {
        if (j >= kn) break;
        const float4 v = __ldg(reinterpret_cast<const float4*>(xr + j));
        acc[i] = fmaf(v.x, w[j], acc[i]);
        acc[i] = fmaf(v.y, w[j + 1], acc[i]);
        acc[i] = fmaf(v.z, w[j + 2], acc[i]);
        acc[i] = fmaf(v.w, w[j + 3], acc[i]);
      }
    }
  }
#pragma unroll
  for (int i = 0; i < kRows; ++i)
    if (i < nr) y[(r0 + i) * kE + lane] = acc[i];
}

// dx[r, c] (+)= Σ_e dy[r, e] W[e, c]: a thread per column c holding W[:, c] (32 registers), a block per
// 256 columns × rows_per rows; dy's row reaches every thread by broadcast loads.
__global__ void __launch_bounds__(256) narrow_dx_k(const float* __restrict__ dy, const float* __restrict__ W,
                                                   int64_t rows, int in, int rows_per, float* __restrict__ dx,
                                                   bool add) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= in) return;
  float w[kE];
#pragma unroll
  for (int e = 0; e < kE; ++e) w[e] = W[int64_t(e) * in + c];
  const int64_t r0 = int64_t(blockIdx.y) * rows_per, r1 = rows < r0 + rows_per ? rows : r0 + rows_per;
  constexpr int G = 4;  // rows a step: their loads all in flight before the stores
  for (int64_t r = r0; r < r1; r += G) {
    float old[G], s[G];
#pragma unroll
    for (int i = 0; i < G; ++i) {
      old[i] = add && r + i < r1 ? dx[(r + i) * in + c] : 0.0f;
      s[i] = 0.0f;
      if (r + i >= r1) continue;
      const float4* d = reinterpret_cast<const float4*>(dy + (r + i) * kE);
#pragma unroll
      for (int q = 0; q < kE / 4; ++q) {
        const float4 v = __ldg(d + q);
        s[i] = fmaf(v.x, w[4 * q], s[i]);
        s[i] = fmaf(v.y, w[4 * q + 1], s[i]);
        s[i] = fmaf(v.z, w[4 * q + 2], s[i]);
        s[i] = fmaf(v.w, w[4 * q + 3], s[i]);
      }
    }
#pragma unroll
    for (int i = 0; i < G; ++i)
      if (r + i < r1) dx[(r + i) * in + c] = old[i] + s[i];
  }
}

// partial[chunk, e, c] = Σ_{r in chunk} dy[r, e] x[r, c]: a thread per column c with 32 accumulators, a
// block per 256 columns × kWRows rows.
__global__ void __launch_bounds__(256) narrow_dw_partial_k(const float* dy, const float* x, int64_t rows, int in,
                                                           float* partial) {
  const int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= in) return;
  float acc[kE];
#pragma unroll
  for (int e = 0; e < kE; ++e) acc[e] = 0.0f;
  const int64_t r0 = int64_t(blockIdx.y) * kWRows, r1 = rows < r0 + kWRows ? rows : r0 + kWRows;
#pragma unroll 8
  for (int64_t r = r0; r < r1; ++r) {
    const float xv = x[r * in + c];
    const float4* d = reinterpret_cast<const float4*>(dy + r * kE);
#pragma unroll
    for (int q = 0; q < kE / 4; ++q) {
      const float4 v = __ldg(d + q);
      acc[4 * q] = fmaf(v.x, xv, acc[4 * q]);
      acc[4 * q + 1] = fmaf(v.y, xv, acc[4 * q + 1]);
      acc[4 * q + 2] = fmaf(v.z, xv, acc[4 * q + 2]);
      acc[4 * q + 3] = fmaf(v.w, xv, acc[4 * q + 3]);
    }
  }
  float* p = partial + int64_t(blockIdx.y) * kE * in + c;
#pragma unroll
  for (int e = 0; e < kE; ++e) p[int64_t(e) * in] = acc[e];
}

// dW[i] += Σ_chunk partial[chunk, i] in chunk order (i over the 32·in elements; coalesced).
__global__ void narrow_dw_reduce_k(const float* partial, int chunks, int64_t n, float* dW) {
  const int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float s = 0.0f;
  for (int k = 0; k < chunks; ++k) s += partial[int64_t(k) * n + i];
  dW[i] += s;
}

bool aligned(const void* p) { return reinterpret_cast<uintptr_t>(p) % 16 == 0; }

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

bool narrow_linear_ok(int64_t out, int64_t in, int64_t rows) {
  return out == kE && in > 0 && in % 4 == 0 && in <= (int64_t(1) << 20) && rows > 0 && rows < (int64_t(1) << 31) &&
         (rows + kWRows - 1) / kWRows <= 65535;
}

size_t narrow_dw_scratch(int64_t in, int64_t rows) {
  return size_t((rows + kWRows - 1) / kWRows) * kE * size_t(in);
}

void narrow_fwd(const float* x, const float* W, int64_t rows, int64_t in, float* y, cudaStream_t s) {
  DSEEK_CHECK(narrow_linear_ok(kE, in, rows) && aligned(x) && aligned(W), "narrow_fwd: {} rows × {} (aligned rows?)",
              rows, in);
  const int64_t warps = (rows + kRows - 1) / kRows;
  narrow_fwd_k<<<unsigned((warps + 3) / 4), 128, 0, s>>>(x, W, rows, int(in), y);
  LAUNCHED();
}

void narrow_bwd(const float* x, const float* W, int64_t rows, int64_t in, const float* dy, float* dx, bool dx_add,
                float* dW, float* scratch, cudaStream_t s) {
  DSEEK_CHECK(narrow_linear_ok(kE, in, rows) && aligned(dy), "narrow_bwd: {} rows × {} (aligned dy?)", rows, in);
  const unsigned cols = unsigned((in + 255) / 256);
  if (dx) {
    // Enough row blocks to fill the GPU several times over; each thread loads its W column once.
    const int rows_per = 64;
    narrow_dx_k<<<dim3(cols, unsigned((rows + rows_per - 1) / rows_per)), 256, 0, s>>>(dy, W, rows, int(in), rows_per,
                                                                                       dx, dx_add);
    LAUNCHED();
  }
  if (dW) {
    DSEEK_CHECK(scratch, "narrow_bwd: the weight gradient needs narrow_dw_scratch floats of scratch");
    const int chunks = int((rows + kWRows - 1) / kWRows);
    narrow_dw_partial_k<<<dim3(cols, unsigned(chunks)), 256, 0, s>>>(dy, x, rows, int(in), scratch);
    LAUNCHED();
    const int64_t n = kE * in;
    narrow_dw_reduce_k<<<unsigned((n + 255) / 256), 256, 0, s>>>(scratch, chunks, n, dW);
    LAUNCHED();
  }
}

}  // namespace dseek::cu::tk
