// k_train_moe.cu — the MoE layer's row permutation in training (see
// train_kernels.h): each choice's input row gathered into its expert's rows
// (fp32 or BF16), the experts' output rows combined back per token with the
// gate weights, and the backward's mirror images (the rows' gradient with the
// gate weights' gradient, the rows' input gradient scattered back). Rows of a
// multiple of 4 values take four-wide accesses (k_train_vec.cuh). The gather and
// the rows' gradient also go by token (each token's row read once for its K
// rows) where every slot has a row and none is padding.
// What it is not: the routing (k_train.cu), the row layout (k_moe_layout.cu)
// or the experts' GEMMs.
#include <cuda_bf16.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

__global__ void moe_gather_k(const float* x, const int32_t* perm, int K, int64_t Hd, float* xs) {
  const int32_t slot = perm[blockIdx.x];
  float* dst = xs + blockIdx.x * Hd;
  if (slot < 0) {  // padding row of an expert below capacity
    for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) dst[i] = 0.0f;
    return;
  }
  const float* src = x + int64_t(slot / K) * Hd;
  for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) dst[i] = src[i];
}
__global__ void moe_gather_bf16_k(const float* x, const int32_t* perm, int K, int64_t Hd, __nv_bfloat16* xs) {
  const int32_t slot = perm[blockIdx.x];
  __nv_bfloat16* dst = xs + blockIdx.x * Hd;
  const float* src = slot < 0 ? nullptr : x + int64_t(slot / K) * Hd;
  if (Hd % 4 == 0) {  // (x, xs: whole rows of 16-byte aligned buffers)
    for (int64_t i = 4 * threadIdx.x; i < Hd; i += 4 * blockDim.x)
      store_bf16x4(dst + i, src ? ld4(src + i) : make_float4(0, 0, 0, 0));
    return;
  }
  for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) dst[i] = __float2bfloat16_rn(src ? src[i] : 0.0f);
}
// v4 (rows of a multiple of 4 elements, aligned buffers): four columns a thread, 16-byte fp32 and 8-byte
// BF16 accesses, the same arithmetic.
template <class TY>
__global__ void moe_combine_k(const TY* ys, const int32_t* pos, const float* wsel, int K, int64_t Hd, float* out,
                              bool v4) {
  const int64_t t = blockIdx.x;
  if (v4) {
    for (int64_t i = 4 * threadIdx.x; i < Hd; i += 4 * blockDim.x) {
      float4 acc = ld4(out + t * Hd + i);
      for (int k = 0; k < K; ++k) {
        const int32_t p = pos[t * K + k];
        if (p < 0) continue;
        const float w = wsel[t * K + k];
        const float4 y = ld4(ys + int64_t(p) * Hd + i);
        acc.x += w * y.x, acc.y += w * y.y, acc.z += w * y.z, acc.w += w * y.w;
      }
      st4(out + t * Hd + i, acc);
    }
    return;
  }
  for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) {
    float acc = out[t * Hd + i];
    for (int k = 0; k < K; ++k) {
      const int32_t p = pos[t * K + k];  // -1: another GPU's expert (expert parallelism)
      if (p >= 0) acc += wsel[t * K + k] * get1(ys + int64_t(p) * Hd + i);
    }
    out[t * Hd + i] = acc;
  }
}
// dysb: the rows' gradient written in BF16 only (the grouped GEMMs' operand), instead of dys.
template <class TY>
__global__ void moe_dys_k(const float* dout, const TY* ys, const int32_t* perm, const float* wsel, int K, int64_t Hd,
                          float* dys, __nv_bfloat16* dysb, float* dw) {
  __shared__ float red[32];
  const int64_t p = blockIdx.x;
  const int32_t slot = perm[p];
  if (slot < 0) {  // padding row: no gradient
    for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x)
      if (dysb) dysb[p * Hd + i] = __float2bfloat16_rn(0.0f);
      else dys[p * Hd + i] = 0.0f;
    return;
  }
  const float* g = dout + int64_t(slot / K) * Hd;
  const float wt = wsel[slot];
  float acc = 0;
  if (Hd % 4 == 0) {
    for (int64_t i = 4 * threadIdx.x; i < Hd; i += 4 * blockDim.x) {
      const float4 a = ld4(g + i), y = ld4(ys + p * Hd + i);
      const float4 v = make_float4(wt * a.x, wt * a.y, wt * a.z, wt * a.w);
      if (dysb) store_bf16x4(dysb + p * Hd + i, v);
      else st4(dys + p * Hd + i, v);
      acc += a.x * y.x + a.y * y.y + a.z * y.z + a.w * y.w;
    }
  } else {
    for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) {
      if (dysb) dysb[p * Hd + i] = __float2bfloat16_rn(wt * g[i]);
      else dys[p * Hd + i] = wt * g[i];
      acc += g[i] * get1(ys + p * Hd + i);
    }
  }
  acc = block_sum(acc, red);
  if (threadIdx.x == 0) dw[slot] = acc;
}
template <class TX>
__global__ void moe_scatter_k(const TX* dxs, const int32_t* pos, int K, int64_t Hd, float* dx, bool v4) {
  const int64_t t = blockIdx.x;
  if (v4) {  // (as moe_combine_k)
    for (int64_t i = 4 * threadIdx.x; i < Hd; i += 4 * blockDim.x) {
      float4 acc = make_float4(0, 0, 0, 0);
      for (int k = 0; k < K; ++k) {
        const int32_t p = pos[t * K + k];
        if (p < 0) continue;
        const float4 y = ld4(dxs + int64_t(p) * Hd + i);
        acc.x += y.x, acc.y += y.y, acc.z += y.z, acc.w += y.w;
      }
      float4 d = ld4(dx + t * Hd + i);
      d.x += acc.x, d.y += acc.y, d.z += acc.z, d.w += acc.w;
      st4(dx + t * Hd + i, d);
    }
    return;
  }
  for (int64_t i = threadIdx.x; i < Hd; i += blockDim.x) {
    float acc = 0;
    for (int k = 0; k < K; ++k) {
      const int32_t p = pos[t * K + k];
      if (p >= 0) acc += get1(dxs + int64_t(p) * Hd + i);
    }
    dx[t * Hd + i] += acc;
  }
}

// Per token instead of per row, where every slot has a row and no row is padding (one GPU, exact loads):
// the token's data is read once and written to (or combined with) its K rows, rather than read again for
// each of them (the 64 MB of a moe-400m layer's tokens do not stay in the L2 across a row-order pass).
// xs[pos[t·K+k]] = xb[t] (BF16 rows, 16 bytes a thread).
__global__ void moe_gather_tok_k(const uint4* xb, const int32_t* pos, int K, int64_t n16, uint4* xs) {
  const int64_t t = blockIdx.x;
  for (int64_t i = threadIdx.x; i < n16; i += blockDim.x) {
    const uint4 v = xb[t * n16 + i];
    for (int k = 0; k < K; ++k) xs[int64_t(pos[t * K + k]) * n16 + i] = v;
  }
}
// moe_dys_k's results by token (Hd % 4 == 0): each row p = pos[t·K+k] gets wsel·dout[t] in BF16 and the
// slot's dw = dout[t]·ys[p], summed in moe_dys_k's order (the same thread partials, block_sum).
template <int KMAX>
__global__ void moe_dys_tok_k(const float* dout, const __nv_bfloat16* ys, const int32_t* pos, const float* wsel, int K,
                              int64_t Hd, __nv_bfloat16* dysb, float* dw) {
  __shared__ float red[32];
  const int64_t t = blockIdx.x;
  float acc[KMAX];
#pragma unroll
  for (int k = 0; k < KMAX; ++k) acc[k] = 0.0f;
  for (int64_t i = 4 * threadIdx.x; i < Hd; i += 4 * blockDim.x) {
    const float4 a = ld4(dout + t * Hd + i);
#pragma unroll
    for (int k = 0; k < KMAX; ++k) {
      if (k >= K) break;
      const int64_t p = pos[t * K + k];
      const float wt = wsel[t * K + k];
      const float4 y = ld4(ys + p * Hd + i);
      store_bf16x4(dysb + p * Hd + i, make_float4(wt * a.x, wt * a.y, wt * a.z, wt * a.w));
      acc[k] += a.x * y.x + a.y * y.y + a.z * y.z + a.w * y.w;
    }
  }
#pragma unroll
  for (int k = 0; k < KMAX; ++k) {
    if (k >= K) break;
    const float v = block_sum(acc[k], red);
    if (threadIdx.x == 0) dw[t * K + k] = v;
  }
}

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

void moe_gather(const float* x, const int32_t* perm, int K, int64_t NK, int64_t Hd, float* xs, cudaStream_t s) {
  if (NK <= 0) return;
  moe_gather_k<<<unsigned(NK), 128, 0, s>>>(x, perm, K, Hd, xs);
  LAUNCHED();
}
void moe_gather_bf16(const float* x, const int32_t* perm, int K, int64_t NK, int64_t Hd, uint16_t* xs, cudaStream_t s) {
  if (NK <= 0) return;
  moe_gather_bf16_k<<<unsigned(NK), 128, 0, s>>>(x, perm, K, Hd, reinterpret_cast<__nv_bfloat16*>(xs));
  LAUNCHED();
}
void moe_combine(const float* ys, const int32_t* pos, const float* wsel, int64_t N, int K, int64_t Hd, float* out,
                 cudaStream_t s) {
  if (N <= 0) return;
  moe_combine_k<<<unsigned(N), 128, 0, s>>>(ys, pos, wsel, K, Hd, out, vec4(Hd, {ys, out}));
  LAUNCHED();
}
void moe_combine(const uint16_t* ys, const int32_t* pos, const float* wsel, int64_t N, int K, int64_t Hd, float* out,
                 cudaStream_t s) {
  if (N <= 0) return;
  moe_combine_k<<<unsigned(N), 128, 0, s>>>(bf(ys), pos, wsel, K, Hd, out, vec4(Hd, {ys, out}));
  LAUNCHED();
}
void moe_dys(const float* dout, const float* ys, const int32_t* perm, const float* wsel, int K, int64_t NK, int64_t Hd,
             float* dys, float* dw, cudaStream_t s, uint16_t* dys_bf16) {
  if (NK <= 0) return;
  moe_dys_k<<<unsigned(NK), 128, 0, s>>>(dout, ys, perm, wsel, K, Hd, dys,
                                         reinterpret_cast<__nv_bfloat16*>(dys_bf16), dw);
  LAUNCHED();
}
void moe_dys(const float* dout, const uint16_t* ys, const int32_t* perm, const float* wsel, int K, int64_t NK,
             int64_t Hd, float* dys, float* dw, cudaStream_t s, uint16_t* dys_bf16) {
  if (NK <= 0) return;
  moe_dys_k<<<unsigned(NK), 128, 0, s>>>(dout, bf(ys), perm, wsel, K, Hd, dys,
                                         reinterpret_cast<__nv_bfloat16*>(dys_bf16), dw);
  LAUNCHED();
}
void moe_scatter(const float* dxs, const int32_t* pos, int64_t N, int K, int64_t Hd, float* dx, cudaStream_t s) {
  if (N <= 0) return;
  moe_scatter_k<<<unsigned(N), 128, 0, s>>>(dxs, pos, K, Hd, dx, vec4(Hd, {dxs, dx}));
  LAUNCHED();
}
void moe_scatter(const uint16_t* dxs, const int32_t* pos, int64_t N, int K, int64_t Hd, float* dx, cudaStream_t s) {
  if (N <= 0) return;
  moe_scatter_k<<<unsigned(N), 128, 0, s>>>(bf(dxs), pos, K, Hd, dx, vec4(Hd, {dxs, dx}));
  LAUNCHED();
}

bool moe_by_token_ok(int K, int64_t Hd) { return K >= 1 && K <= 8 && Hd % 8 == 0; }
void moe_gather_tok(const uint16_t* xb, const int32_t* pos, int64_t N, int K, int64_t rows, int64_t Hd, uint16_t* xs,
                    cudaStream_t s) {
  DSEEK_CHECK(moe_by_token_ok(K, Hd) && aligned16(xb) && aligned16(xs), "moe_gather_tok: K {} Hd {} unsupported", K,
              Hd);
  DSEEK_CHECK(rows == N * K, "moe_gather_tok: {} rows for {} slots (padding rows need moe_gather_bf16)", rows, N * K);
  if (N <= 0) return;
  moe_gather_tok_k<<<unsigned(N), 128, 0, s>>>(reinterpret_cast<const uint4*>(xb), pos, K, Hd / 8,
                                               reinterpret_cast<uint4*>(xs));
  LAUNCHED();
}
void moe_dys_tok(const float* dout, const uint16_t* ys, const int32_t* pos, const float* wsel, int64_t N, int K,
                 int64_t rows, int64_t Hd, uint16_t* dys_bf16, float* dw, cudaStream_t s) {
  DSEEK_CHECK(moe_by_token_ok(K, Hd) && aligned16(dout) && aligned16(ys) && aligned16(dys_bf16),
              "moe_dys_tok: K {} Hd {} unsupported", K, Hd);
  DSEEK_CHECK(rows == N * K, "moe_dys_tok: {} rows for {} slots (padding rows need moe_dys)", rows, N * K);
  if (N <= 0) return;
  auto* d = reinterpret_cast<__nv_bfloat16*>(dys_bf16);
  if (K <= 4) moe_dys_tok_k<4><<<unsigned(N), 128, 0, s>>>(dout, bf(ys), pos, wsel, K, Hd, d, dw);
  else moe_dys_tok_k<8><<<unsigned(N), 128, 0, s>>>(dout, bf(ys), pos, wsel, K, Hd, d, dw);
  LAUNCHED();
}

}  // namespace dseek::cu::tk
