// k_train_norm.cu — RMSNorm for training (see train_kernels.h): forward (with
// an optional BF16 copy of the output from the same pass, for the next
// linear's tensor-core input) and backward (dx and dw in one pass over x and
// dy; optionally the updated dx's BF16 copy, the next linear's dy operand).
// Fast paths: a warp per row holding the row in registers as float4s (rows of
// up to 2048 values forward, 1024 backward; 16-byte aligned rows);
// the backward's warps also keep their columns' dw sums in registers across
// their rows, so x and dy are read once. Other shapes: a block per row and a
// separate dw pass. Sums in a fixed order (deterministic run to run).
// What it is not: the CPU reference (train/ops_grad.cpp).
#include <cuda_bf16.h>

#include <cstdint>
#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kWarps = 8;          // warps (rows in flight) per block
constexpr int kBwdRowsPerWarp = 8;  // backward: rows per warp, so a block's dw partial covers 64 rows
constexpr int kBwdRows = kWarps * kBwdRowsPerWarp;
constexpr int kOldChunk = 256;      // the general backward's rows per dw partial

// ---- general shapes: a block of 256 per row ----
__global__ void fwd_k(const float* x, int64_t ldx, const float* w, float eps, int64_t n, float* y, int64_t ldy,
                      float* rinv, __nv_bfloat16* yb) {
  __shared__ float red[32];
  const float* xr = x + blockIdx.x * ldx;
  float ss = 0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) ss += xr[i] * xr[i];
  ss = block_sum(ss, red);
  const float r = 1.0f / sqrtf(ss / float(n) + eps);
  if (threadIdx.x == 0) rinv[blockIdx.x] = r;
  float* yr = y + blockIdx.x * ldy;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    const float v = w[i] * (xr[i] * r);
    yr[i] = v;
    if (yb) yb[blockIdx.x * n + i] = __float2bfloat16(v);
  }
}
__global__ void bwd_dx_k(const float* x, int64_t ldx, const float* w, const float* rinv, const float* dy, int64_t lddy,
                         int64_t n, float* dx, int64_t lddx, __nv_bfloat16* dxb, bool add) {
  __shared__ float red[32];
  const float* xr = x + blockIdx.x * ldx;
  const float* dr = dy + blockIdx.x * lddy;
  float d = 0;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) d += xr[i] * w[i] * dr[i];
  d = block_sum(d, red) / float(n);
  const float r = rinv[blockIdx.x], r3 = r * r * r;
  float* o = dx + blockIdx.x * lddx;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    if (add) o[i] += r * w[i] * dr[i] - xr[i] * r3 * d;
    else o[i] = r * w[i] * dr[i] - xr[i] * r3 * d;
    if (dxb) dxb[blockIdx.x * n + i] = __float2bfloat16_rn(o[i]);
  }
}
__global__ void dw_partial_k(const float* x, int64_t ldx, const float* rinv, const float* dy, int64_t lddy, int64_t rows,
                             int64_t n, float* partial) {
  const int64_t c = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (c >= n) return;
  const int64_t r0 = blockIdx.y * kOldChunk, r1 = min(rows, r0 + kOldChunk);
  float acc = 0;
  for (int64_t r = r0; r < r1; ++r) acc += dy[r * lddy + c] * x[r * ldx + c] * rinv[r];
  partial[blockIdx.y * n + c] = acc;
}
// dw[c] += Σ_k partial[k, c]: a block per 32 columns, warp w summing the chunks k ≡ w (mod 8) (lanes =
// columns: coalesced), then the 8 warp sums in order.
__global__ void dw_reduce_k(const float* partial, int64_t chunks, int64_t n, float* dw) {
  __shared__ float red[kWarps][kWarp];
  const int lane = threadIdx.x % kWarp, wp = threadIdx.x / kWarp;
  const int64_t c = int64_t(blockIdx.x) * kWarp + lane;
  float acc = 0;
  if (c < n)
#pragma unroll 4
    for (int64_t k = wp; k < chunks; k += kWarps) acc += partial[k * n + c];
  red[wp][lane] = acc;
  __syncthreads();
  if (wp == 0 && c < n) {
    float s = red[0][lane];
#pragma unroll
    for (int k = 1; k < kWarps; ++k) s += red[k][lane];
    dw[c] += s;
  }
}

// ---- fast paths: a warp per row, V float4s per lane (lane l holds float4s l, l+32, ...) ----
// x2 (optional, with h): the row is x + x2 (the residual add), written to h [rows, n] contiguous.
template <int V>
__global__ void __launch_bounds__(kWarps * kWarp) fwd_warp_k(const float* x, int64_t ldx, const float* w, float eps,
                                                             int64_t rows, int n, float* y, int64_t ldy, float* rinv,
                                                             __nv_bfloat16* yb, const float* x2, float* h) {
  const int lane = threadIdx.x % kWarp;
  const int64_t row = int64_t(blockIdx.x) * kWarps + threadIdx.x / kWarp;
  if (row >= rows) return;
  const float4* xr = reinterpret_cast<const float4*>(x + row * ldx);
  const int n4 = n / 4;
  float4 v[V];
  float ss = 0;
#pragma unroll
  for (int j = 0; j < V; ++j) {
    const int c = lane + kWarp * j;
    v[j] = c < n4 ? xr[c] : make_float4(0, 0, 0, 0);
    if (x2 && c < n4) {
      const float4 u = reinterpret_cast<const float4*>(x2 + row * n)[c];
      v[j] = make_float4(v[j].x + u.x, v[j].y + u.y, v[j].z + u.z, v[j].w + u.w);
      reinterpret_cast<float4*>(h + row * n)[c] = v[j];
    }
    ss += v[j].x * v[j].x + v[j].y * v[j].y + v[j].z * v[j].z + v[j].w * v[j].w;
  }
  ss = warp_sum(ss);
  const float r = 1.0f / sqrtf(ss / float(n) + eps);
  if (lane == 0) rinv[row] = r;
  float4* yr = reinterpret_cast<float4*>(y + row * ldy);
#pragma unroll
  for (int j = 0; j < V; ++j) {
    const int c = lane + kWarp * j;
    if (c >= n4) continue;
    const float4 g = reinterpret_cast<const float4*>(w)[c];
    const float4 o = make_float4(g.x * (v[j].x * r), g.y * (v[j].y * r), g.z * (v[j].z * r), g.w * (v[j].w * r));
    yr[c] = o;
    if (yb) {
      const __nv_bfloat162 lo = __floats2bfloat162_rn(o.x, o.y), hi = __floats2bfloat162_rn(o.z, o.w);
      uint2 u;
      u.x = *reinterpret_cast<const uint32_t*>(&lo);
      u.y = *reinterpret_cast<const uint32_t*>(&hi);
      reinterpret_cast<uint2*>(yb + row * n)[c] = u;
    }
  }
}

// Block b: rows [64b, 64b+64), warp k the rows 64b + 8k ... (+8); partial[b, 0:n] = the block's dw sums.
// The weight and each warp's dw sums live in shared memory, not registers (162 -> ~100 registers: two
// blocks per SM instead of one, twice the rows in flight); the same operations in the same order.
template <int V>
__global__ void __launch_bounds__(kWarps * kWarp) bwd_warp_k(const float* x, int64_t ldx, const float* w,
                                                             const float* rinv, const float* dy, int64_t lddy,
                                                             int64_t rows, int n, float* dx, int64_t lddx,
                                                             float* partial, __nv_bfloat16* dxb, bool add) {
  __shared__ float4 red[kWarps][V * kWarp];
  __shared__ float4 gs[V * kWarp];
  const int lane = threadIdx.x % kWarp, wp = threadIdx.x / kWarp, n4 = n / 4;
  for (int c = threadIdx.x; c < V * kWarp; c += kWarps * kWarp)
    gs[c] = c < n4 ? reinterpret_cast<const float4*>(w)[c] : make_float4(0, 0, 0, 0);
#pragma unroll
  for (int j = 0; j < V; ++j) red[wp][lane + kWarp * j] = make_float4(0, 0, 0, 0);
  __syncthreads();
  float4* acc = red[wp];
  const int64_t r0 = int64_t(blockIdx.x) * kBwdRows + wp * kBwdRowsPerWarp;
  for (int i = 0; i < kBwdRowsPerWarp; ++i) {
    const int64_t row = r0 + i;
    if (row >= rows) break;
    const float4* xr = reinterpret_cast<const float4*>(x + row * ldx);
    const float4* dr = reinterpret_cast<const float4*>(dy + row * lddy);
    float4 xv[V], dv[V];
    float d = 0;
#pragma unroll
    for (int j = 0; j < V; ++j) {
      const int c = lane + kWarp * j;
      const float4 g = gs[c];
      xv[j] = c < n4 ? xr[c] : make_float4(0, 0, 0, 0);
      dv[j] = c < n4 ? dr[c] : make_float4(0, 0, 0, 0);
      d += xv[j].x * g.x * dv[j].x + xv[j].y * g.y * dv[j].y + xv[j].z * g.z * dv[j].z + xv[j].w * g.w * dv[j].w;
    }
    d = warp_sum(d) / float(n);
    const float r = rinv[row], r3 = r * r * r;
    float4* o = reinterpret_cast<float4*>(dx + row * lddx);
#pragma unroll
    for (int j = 0; j < V; ++j) {
      const int c = lane + kWarp * j;
      if (c >= n4) continue;
      const float4 g = gs[c];
      float4 t = add ? o[c] : make_float4(0, 0, 0, 0);
      t.x += r * g.x * dv[j].x - xv[j].x * r3 * d;
      t.y += r * g.y * dv[j].y - xv[j].y * r3 * d;
      t.z += r * g.z * dv[j].z - xv[j].z * r3 * d;
      t.w += r * g.w * dv[j].w - xv[j].w * r3 * d;
      o[c] = t;
      if (dxb) store_bf16x4(dxb + row * n + 4 * c, t);
      float4 a = acc[c];
      a.x += dv[j].x * xv[j].x * r;
      a.y += dv[j].y * xv[j].y * r;
      a.z += dv[j].z * xv[j].z * r;
      a.w += dv[j].w * xv[j].w * r;
      acc[c] = a;
    }
  }
  if (partial == nullptr) return;  // (uniform across the block)
  __syncthreads();
  float4* out = reinterpret_cast<float4*>(partial + int64_t(blockIdx.x) * n);
  for (int c = threadIdx.x; c < n4; c += kWarps * kWarp) {
    float4 s = red[0][c];
#pragma unroll
    for (int k = 1; k < kWarps; ++k) {
      s.x += red[k][c].x;
      s.y += red[k][c].y;
      s.z += red[k][c].z;
      s.w += red[k][c].w;
    }
    out[c] = s;
  }
}

// float4s per lane for rows of n values (0: the fast path does not apply).
int lanes4(int64_t n, int vmax) {
  static const bool general = std::getenv("DSEEK_NORM_GENERAL") != nullptr;  // env: A/B measurement
  if (general || n % 4 != 0 || n <= 0) return 0;
  for (int v = 1; v <= vmax; v *= 2)
    if (n <= 128 * v) return v;
  return 0;
}

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

namespace {
// The fast path (a warp per row) where it applies; false: the caller takes the general kernel.
bool fwd_fast(const float* x, int64_t ldx, const float* w, float eps, int64_t rows, int64_t n, float* y, int64_t ldy,
              float* rinv, cudaStream_t s, uint16_t* yb, const float* x2, float* h) {
  const int v = lanes4(n, 16);
  const bool fast = v > 0 && ldx % 4 == 0 && ldy % 4 == 0 && aligned16(x) && aligned16(y) && aligned16(w) &&
                    (!yb || reinterpret_cast<uintptr_t>(yb) % 8 == 0) && (!x2 || (aligned16(x2) && aligned16(h)));
  if (!fast) return false;
  auto* ybf = reinterpret_cast<__nv_bfloat16*>(yb);
  const unsigned blocks = unsigned((rows + kWarps - 1) / kWarps);
  auto go = [&](auto kernel) {
    kernel<<<blocks, kWarps * kWarp, 0, s>>>(x, ldx, w, eps, rows, int(n), y, ldy, rinv, ybf, x2, h);
  };
  if (v == 1) go(fwd_warp_k<1>);
  else if (v == 2) go(fwd_warp_k<2>);
  else if (v == 4) go(fwd_warp_k<4>);
  else if (v == 8) go(fwd_warp_k<8>);
  else go(fwd_warp_k<16>);
  LAUNCHED();
  return true;
}
}  // namespace

void rmsnorm_fwd(const float* x, int64_t ldx, const float* w, float eps, int64_t rows, int64_t n, float* y,
                 int64_t ldy, float* rinv, cudaStream_t s, uint16_t* yb) {
  if (rows <= 0 || fwd_fast(x, ldx, w, eps, rows, n, y, ldy, rinv, s, yb, nullptr, nullptr)) return;
  fwd_k<<<unsigned(rows), 256, 0, s>>>(x, ldx, w, eps, n, y, ldy, rinv, reinterpret_cast<__nv_bfloat16*>(yb));
  LAUNCHED();
}

void add_rmsnorm_fwd(const float* a, const float* b, float* h, const float* w, float eps, int64_t rows, int64_t n,
                     float* y, float* rinv, cudaStream_t s, uint16_t* yb) {
  if (rows <= 0 || fwd_fast(a, n, w, eps, rows, n, y, n, rinv, s, yb, b, h)) return;
  add(a, b, h, rows * n, s);
  rmsnorm_fwd(h, n, w, eps, rows, n, y, n, rinv, s, yb);
}

int64_t rmsnorm_bwd_partial(int64_t rows, int64_t n) { return (rows + kBwdRows - 1) / kBwdRows * n; }

void rmsnorm_bwd(const float* x, int64_t ldx, const float* w, const float* rinv, const float* dy, int64_t lddy,
                 int64_t rows, int64_t n, float* dx, int64_t lddx, float* dw, float* partial, cudaStream_t s,
                 uint16_t* dxb, bool dx_add) {
  if (rows <= 0) return;
  auto* dxbf = reinterpret_cast<__nv_bfloat16*>(dxb);
  const int v = lanes4(n, 8);
  const bool fast = v > 0 && ldx % 4 == 0 && lddy % 4 == 0 && lddx % 4 == 0 && aligned16(x) && aligned16(dy) &&
                    aligned16(dx) && aligned16(w) && (!dw || aligned16(partial)) &&
                    reinterpret_cast<uintptr_t>(dxb) % 8 == 0;
  if (!fast) {
    bwd_dx_k<<<unsigned(rows), 256, 0, s>>>(x, ldx, w, rinv, dy, lddy, n, dx, lddx, dxbf, dx_add);
    LAUNCHED();
    if (!dw) return;
    const int64_t chunks = (rows + kOldChunk - 1) / kOldChunk;
    dw_partial_k<<<dim3(unsigned((n + 127) / 128), unsigned(chunks)), 128, 0, s>>>(x, ldx, rinv, dy, lddy, rows, n,
                                                                                   partial);
    LAUNCHED();
    dw_reduce_k<<<unsigned((n + kWarp - 1) / kWarp), kWarps * kWarp, 0, s>>>(partial, chunks, n, dw);
    LAUNCHED();
    return;
  }
  const int64_t chunks = (rows + kBwdRows - 1) / kBwdRows;
  float* part = dw ? partial : nullptr;
  auto go = [&](auto kernel) {
    kernel<<<unsigned(chunks), kWarps * kWarp, 0, s>>>(x, ldx, w, rinv, dy, lddy, rows, int(n), dx, lddx, part, dxbf,
                                                       dx_add);
  };
  if (v == 1) go(bwd_warp_k<1>);
  else if (v == 2) go(bwd_warp_k<2>);
  else if (v == 4) go(bwd_warp_k<4>);
  else go(bwd_warp_k<8>);
  LAUNCHED();
  if (!dw) return;
  dw_reduce_k<<<unsigned((n + kWarp - 1) / kWarp), kWarps * kWarp, 0, s>>>(partial, chunks, n, dw);
  LAUNCHED();
}

}  // namespace dseek::cu::tk
