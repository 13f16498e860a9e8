// k_train_attn.cu — the non-GEMM parts of training attention (see
// train_kernels.h): layout changes between the model's [token, head, dim]
// rows and the [batch·head, token, dim] matrices that cuBLAS batches over,
// and the masked softmax (causal, document segments, shared prefix) forward
// and backward over the materialised [T, T] score rows.
// What it is not: the GEMMs (QKᵀ, PV and their gradients run in cuBLAS) or a
// flash-attention kernel (scores are stored: O(T²) memory per head).
#include <cuda_bf16.h>

#include <algorithm>

#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {


// Layout changes: one block per (t, b·h) row, threads over the row's columns
// (no 64-bit division per element).
__global__ void pack_q_k(const float* q, int64_t T, int64_t H, int64_t dq, float* Q) {
  const int64_t t = blockIdx.x, bh = blockIdx.y, b = bh / H, h = bh % H;
  const float* src = q + ((b * T + t) * H + h) * dq;
  float* dst = Q + (bh * T + t) * dq;
  for (int c = threadIdx.x; c < dq; c += blockDim.x) dst[c] = src[c];
}
__global__ void pack_kv_k(const float* kv, const float* kpe, int64_t T, int64_t H, int64_t dn, int64_t dr, int64_t dv,
                          float* K, float* V) {
  const int64_t t = blockIdx.x, bh = blockIdx.y, b = bh / H, h = bh % H, row = b * T + t;
  const float* src = kv + (row * H + h) * (dn + dv);
  float* k = K + (bh * T + t) * (dn + dr);
  float* v = V + (bh * T + t) * dv;
  for (int c = threadIdx.x; c < dn; c += blockDim.x) k[c] = src[c];
  for (int c = threadIdx.x; c < dr; c += blockDim.x) k[dn + c] = kpe[row * dr + c];
  for (int c = threadIdx.x; c < dv; c += blockDim.x) v[c] = src[dn + c];
}
__global__ void bhtd_k(const float* src, int64_t T, int64_t H, int64_t d, float* dst, bool to_bhtd) {
  const int64_t t = blockIdx.x, bh = blockIdx.y, b = bh / H, h = bh % H;
  const int64_t r = ((b * T + t) * H + h) * d, e = (bh * T + t) * d;
  for (int c = threadIdx.x; c < d; c += blockDim.x) {
    if (to_bhtd) dst[e + c] = src[r + c];
    else dst[r + c] = src[e + c];
  }
}

// One block per score row (t, bh).
__global__ void softmax_k(float* S, int64_t H, int64_t T, const int32_t* start, int64_t prefix) {
  __shared__ float red[32];
  const int64_t t = blockIdx.x, bh = blockIdx.y, b = bh / H;
  float* row = S + (bh * T + t) * T;
  const int64_t st = int64_t(start[b * T + t]) - b * T;  // first key of t's segment (row-local)
  const int64_t pre = (prefix > 0 && st > 0) ? prefix : 0;
  auto allowed = [&](int64_t s) { return (s >= st && s <= t) || s < pre; };
  float m = -INFINITY;
  for (int64_t s = threadIdx.x; s < T; s += blockDim.x)
    if (allowed(s)) m = fmaxf(m, row[s]);
  m = block_max(m, red);
  float sum = 0;
  for (int64_t s = threadIdx.x; s < T; s += blockDim.x)
    if (allowed(s)) sum += expf(row[s] - m);
  sum = block_sum(sum, red);
  const float inv = 1.0f / sum;
  for (int64_t s = threadIdx.x; s < T; s += blockDim.x) row[s] = allowed(s) ? expf(row[s] - m) * inv : 0.0f;
}
__global__ void softmax_bwd_k(const float* P, float* dP, int64_t T, float scale) {
  __shared__ float red[32];
  const int64_t r = blockIdx.x;
  const float* p = P + r * T;
  float* d = dP + r * T;
  float dot = 0;
  for (int64_t s = threadIdx.x; s < T; s += blockDim.x) dot += p[s] * d[s];
  dot = block_sum(dot, red);
  for (int64_t s = threadIdx.x; s < T; s += blockDim.x) d[s] = p[s] * (d[s] - dot) * scale;
}
// A block per token row: its H heads' [dK[0:dn] ; dV] (fp32 into dkv, or BF16 into dkvb), V values a
// thread (V = 4: 16-byte loads, 16-byte fp32 / 8-byte BF16 stores, where dn, dr, dv are multiples of 4
// and the buffers 16-byte aligned: attn_unpack_dkv checks); then Σ_h of the rope columns.
template <int V>
__global__ void unpack_dkv_k(const float* dK, const float* dV, int T, int H, int dn, int dr, int dv, float* dkv,
                             __nv_bfloat16* dkvb, float* dkpe) {
  const int64_t row = blockIdx.x, b = row / T, t = row % T;
  const int dq = dn + dr, w = dn + dv, wv = w / V;
  for (int i = threadIdx.x; i < H * wv; i += blockDim.x) {
    const int h = i / wv, c = V * (i - h * wv);
    const int64_t bht = (b * H + h) * T + t, at = row * H * w + int64_t(h) * w + c;
    const float* src = c < dn ? dK + bht * dq + c : dV + bht * dv + (c - dn);
    if constexpr (V == 4) {
      const float4 v = ld4(src);
      if (dkvb) store_bf16x4(dkvb + at, v);
      else st4(dkv + at, v);
    } else {
      if (dkvb) dkvb[at] = __float2bfloat16(*src);
      else dkv[at] = *src;
    }
  }
  for (int c = threadIdx.x; c < dr; c += blockDim.x) {
    float acc = 0;
    for (int h = 0; h < H; ++h) acc += dK[((b * H + h) * T + t) * dq + dn + c];
    dkpe[row * dr + c] = acc;
  }
}

__global__ void sum_heads_k(const float* x, int64_t rows, int H, int n, float* y) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < rows * n; i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t r = i / n, c = i % n;
    const float* p = x + r * H * n + c;
    float acc = 0;
    for (int h = 0; h < H; ++h) acc += p[int64_t(h) * n];
    y[i] = acc;
  }
}

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

void attn_pack_q(const float* q, int64_t B, int64_t T, int64_t H, int64_t dq, float* Q, cudaStream_t s) {
  pack_q_k<<<dim3(unsigned(T), unsigned(B * H)), 64, 0, s>>>(q, T, H, dq, Q);
  LAUNCHED();
}
void attn_pack_kv(const float* kv, const float* kpe, int64_t B, int64_t T, int64_t H, int64_t dn, int64_t dr,
                  int64_t dv, float* K, float* V, cudaStream_t s) {
  pack_kv_k<<<dim3(unsigned(T), unsigned(B * H)), 64, 0, s>>>(kv, kpe, T, H, dn, dr, dv, K, V);
  LAUNCHED();
}
void attn_bhtd(const float* src, int64_t B, int64_t T, int64_t H, int64_t d, float* dst, bool to_bhtd, cudaStream_t s) {
  bhtd_k<<<dim3(unsigned(T), unsigned(B * H)), 64, 0, s>>>(src, T, H, d, dst, to_bhtd);
  LAUNCHED();
}
void attn_softmax(float* S, int64_t B, int64_t H, int64_t T, const int32_t* start, int64_t prefix, cudaStream_t s) {
  softmax_k<<<dim3(unsigned(T), unsigned(B * H)), T >= 512 ? 256 : 128, 0, s>>>(S, H, T, start, prefix);
  LAUNCHED();
}
void attn_softmax_bwd(const float* P, float* dP, int64_t BH, int64_t T, float scale, cudaStream_t s) {
  softmax_bwd_k<<<unsigned(BH * T), T >= 512 ? 256 : 128, 0, s>>>(P, dP, T, scale);
  LAUNCHED();
}
void sum_heads(const float* x, int64_t rows, int64_t H, int64_t n, float* y, cudaStream_t s) {
  if (rows <= 0 || n <= 0) return;
  sum_heads_k<<<unsigned(std::min<int64_t>((rows * n + 255) / 256, 4096)), 256, 0, s>>>(x, rows, int(H), int(n), y);
  LAUNCHED();
}
void attn_unpack_dkv(const float* dK, const float* dV, int64_t B, int64_t T, int64_t H, int64_t dn, int64_t dr,
                     int64_t dv, float* dkv, float* dkpe, cudaStream_t s, uint16_t* dkvb) {
  if (dn % 4 == 0 && dr % 4 == 0 && dv % 4 == 0 && aligned16(dK) && aligned16(dV) &&
      aligned16(dkvb ? static_cast<const void*>(dkvb) : dkv))
    unpack_dkv_k<4><<<unsigned(B * T), 256, 0, s>>>(dK, dV, int(T), int(H), int(dn), int(dr), int(dv), dkv,
                                                   reinterpret_cast<__nv_bfloat16*>(dkvb), dkpe);
  else
    unpack_dkv_k<1><<<unsigned(B * T), 256, 0, s>>>(dK, dV, int(T), int(H), int(dn), int(dr), int(dv), dkv,
                                                 reinterpret_cast<__nv_bfloat16*>(dkvb), dkpe);
  LAUNCHED();
}

}  // namespace dseek::cu::tk
