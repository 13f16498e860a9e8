// k_train.cu — CUDA training kernels (see train_kernels.h): elementwise ops,
// RoPE, SwiGLU, embedding, MoE routing, AdamW. Accurate math (expf/logf, no fast-math intrinsics) so the results
// track the CPU reference to fp32 rounding.
// What it is not: RMSNorm (k_train_norm.cu), cross-entropy (k_train_ce.cu), the MoE rows' permutation
// (k_train_moe.cu), the attention kernels (k_train_attn.cu, k_train_flash*.cu)
// or GEMMs.
#include <algorithm>
#include <cstdlib>

#include <cuda_bf16.h>
#include <cfloat>
#include <cstdint>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kThreads = 256;

int grid_for(int64_t n, int threads = kThreads) {
  const int64_t b = (n + threads - 1) / threads;
  return int(b < 1 ? 1 : b > 65535 * 8 ? 65535 * 8 : b);
}

#define GRID_STRIDE(i, n) \
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < (n); i += int64_t(gridDim.x) * blockDim.x)


__device__ __forceinline__ float sigm(float x) { return 1.0f / (1.0f + expf(-x)); }

// ---- elementwise ----
__global__ void add_k(const float* a, const float* b, float* y, int64_t n) {
  GRID_STRIDE(i, n) y[i] = a[i] + b[i];
}
__global__ void add4_k(const float4* a, const float4* b, float4* y, int64_t n4) {  // (vec4 buffers)
  GRID_STRIDE(i, n4) y[i] = make_float4(a[i].x + b[i].x, a[i].y + b[i].y, a[i].z + b[i].z, a[i].w + b[i].w);
}
__global__ void copy2d_k(const float* src, int64_t lds, float* dst, int64_t ldd, int64_t rows, int64_t cols, bool acc) {
  GRID_STRIDE(i, rows * cols) {
    const int64_t r = i / cols, c = i % cols;
    const float v = src[r * lds + c];
    if (acc) dst[r * ldd + c] += v;
    else dst[r * ldd + c] = v;
  }
}

// ---- RoPE ----
__global__ void rope_k(float* x, int64_t rows, int64_t ld, int64_t heads, int64_t hs, int64_t off, const float* cs,
                       const float* sn, int64_t half, bool interleave, bool inverse) {
  GRID_STRIDE(j, rows * heads * half) {
    const int64_t i = j % half, h = (j / half) % heads, t = j / (half * heads);
    float* v = x + t * ld + h * hs + off;
    float* pa = interleave ? v + 2 * i : v + i;
    float* pb = interleave ? v + 2 * i + 1 : v + i + half;
    const float a0 = *pa, b0 = *pb, c = cs[t * half + i], s = inverse ? -sn[t * half + i] : sn[t * half + i];
    *pa = a0 * c - b0 * s;
    *pb = a0 * s + b0 * c;
  }
}

// The same for half % 4 == 0, pairs (i, i + half) four at a time (16-byte loads of both halves and of
// the cos/sin rows) and 32-bit index math (the 64-bit divisions above made the kernel issue-bound:
// 1.0 TB/s). Same expressions per element, so the same bits.
__global__ void rope_v4_k(float* x, uint32_t n4, int64_t ld, uint32_t heads, int64_t hs, int64_t off, const float* cs,
                          const float* sn, uint32_t half, bool inverse) {
  const uint32_t q = half / 4;
  for (uint32_t j = blockIdx.x * blockDim.x + threadIdx.x; j < n4; j += gridDim.x * blockDim.x) {
    const uint32_t i = 4 * (j % q), th = j / q, h = th % heads, t = th / heads;
    float* v = x + int64_t(t) * ld + int64_t(h) * hs + off + i;
    const float4 a = ld4(v), b = ld4(v + half), c = ld4(cs + int64_t(t) * half + i);
    float4 sv = ld4(sn + int64_t(t) * half + i);
    if (inverse) sv = make_float4(-sv.x, -sv.y, -sv.z, -sv.w);
    *reinterpret_cast<float4*>(v) = make_float4(a.x * c.x - b.x * sv.x, a.y * c.y - b.y * sv.y, a.z * c.z - b.z * sv.z,
                                                a.w * c.w - b.w * sv.w);
    *reinterpret_cast<float4*>(v + half) = make_float4(a.x * sv.x + b.x * c.x, a.y * sv.y + b.y * c.y,
                                                       a.z * sv.z + b.z * c.z, a.w * sv.w + b.w * c.w);
  }
}

// rope_k's result written as BF16 (round to nearest even) into y [rows, ld] with every other column of x
// converted as it is (x unchanged): the rotation and the conversion a BF16 GEMM operand needs, one pass.
// Scalar: any layout, an element a thread, the pair's other element read again.
__global__ void rope_bf16_k(const float* x, int64_t rows, int64_t ld, int64_t heads, int64_t hs, int64_t off,
                            const float* cs, const float* sn, int64_t half, bool interleave, bool inverse,
                            __nv_bfloat16* y) {
  GRID_STRIDE(j, rows * ld) {
    const int64_t t = j / ld, c = j % ld, k = c % hs - off;
    float v = x[j];
    if (c < heads * hs && k >= 0 && k < 2 * half) {
      const int64_t i = interleave ? k / 2 : k % half;  // the pair's index in the tables
      const bool first = interleave ? k % 2 == 0 : k < half;
      const float* p = x + j - k;  // the rotated range's first column
      const float a0 = p[interleave ? 2 * i : i], b0 = p[interleave ? 2 * i + 1 : i + half];
      const float cc = cs[t * half + i], ss = inverse ? -sn[t * half + i] : sn[t * half + i];
      v = first ? a0 * cc - b0 * ss : a0 * ss + b0 * cc;
    }
    y[j] = __float2bfloat16_rn(v);
  }
}
// Four columns a thread (16-byte loads, 8-byte stores), 32-bit index math; ld, hs and off multiples of 4.
// Pairs (i, i + half) with half % 4 == 0, or interleaved pairs (2i, 2i + 1) with half even (a thread's
// four columns: two whole pairs). rope_k's expressions, so the same values before the rounding.
__global__ void rope_bf16_v4_k(const float* x, uint32_t n4, uint32_t ld4c, uint32_t hs, uint32_t off, const float* cs,
                               const float* sn, uint32_t half, bool interleave, bool inverse, __nv_bfloat16* y) {
  for (uint32_t j = blockIdx.x * blockDim.x + threadIdx.x; j < n4; j += gridDim.x * blockDim.x) {
    const uint32_t t = j / ld4c, c = 4 * (j % ld4c), k = c % hs - off;  // (k wraps when c % hs < off)
    const float* row = x + int64_t(t) * ld4c * 4;
    float4 v = ld4(row + c);
    if (c % hs >= off && k < 2 * half && interleave) {
      const float2 cc = *reinterpret_cast<const float2*>(cs + int64_t(t) * half + k / 2);
      float2 sv = *reinterpret_cast<const float2*>(sn + int64_t(t) * half + k / 2);
      if (inverse) sv = make_float2(-sv.x, -sv.y);
      v = make_float4(v.x * cc.x - v.y * sv.x, v.x * sv.x + v.y * cc.x, v.z * cc.y - v.w * sv.y,
                      v.z * sv.y + v.w * cc.y);
    } else if (c % hs >= off && k < 2 * half) {
      const bool first = k < half;
      const uint32_t i = first ? k : k - half;
      const float4 a = first ? v : ld4(row + c - half), b = first ? ld4(row + c + half) : v;
      const float4 cc = ld4(cs + int64_t(t) * half + i);
      float4 sv = ld4(sn + int64_t(t) * half + i);
      if (inverse) sv = make_float4(-sv.x, -sv.y, -sv.z, -sv.w);
      v = first ? make_float4(a.x * cc.x - b.x * sv.x, a.y * cc.y - b.y * sv.y, a.z * cc.z - b.z * sv.z,
                              a.w * cc.w - b.w * sv.w)
                : make_float4(a.x * sv.x + b.x * cc.x, a.y * sv.y + b.y * cc.y, a.z * sv.z + b.z * cc.z,
                              a.w * sv.w + b.w * cc.w);
    }
    store_bf16x4(y + int64_t(j) * 4, v);
  }
}

// ---- SwiGLU ----
__global__ void swiglu_fwd_k(const float* g, const float* u, float* a, int64_t n) {
  GRID_STRIDE(i, n) a[i] = g[i] / (1.0f + expf(-g[i])) * u[i];
}
// The same, written straight to BF16 (round to nearest even, as to_bf16): the GEMM operand only.
__global__ void swiglu_fwd_bf16_k(const float* g, const float* u, __nv_bfloat16* a, int64_t n) {
  GRID_STRIDE(i, n) a[i] = __float2bfloat16_rn(g[i] / (1.0f + expf(-g[i])) * u[i]);
}
__device__ __forceinline__ float silu_f(float g) { return g / (1.0f + expf(-g)); }
__global__ void swiglu_fwd_bf16_v4_k(const float* g, const float* u, __nv_bfloat16* a, int64_t n4) {
  GRID_STRIDE(i, n4) {
    const float4 x = ld4(g + 4 * i), y = ld4(u + 4 * i);
    store_bf16x4(a + 4 * i, make_float4(silu_f(x.x) * y.x, silu_f(x.y) * y.y, silu_f(x.z) * y.z, silu_f(x.w) * y.w));
  }
}
__device__ __forceinline__ void swiglu_bwd1(float g, float u, float da, float& dg, float& du) {
  const float sg = sigm(g);
  dg = da * u * (sg * (1.0f + g * (1.0f - sg)));
  du = da * g * sg;
}
__global__ void swiglu_bwd_v4_k(const float* g, const float* u, const float* da, float* dg, float* du, int64_t n4) {
  GRID_STRIDE(i, n4) {
    const float4 x = ld4(g + 4 * i), y = ld4(u + 4 * i), d = ld4(da + 4 * i);
    float4 a, b;
    swiglu_bwd1(x.x, y.x, d.x, a.x, b.x);
    swiglu_bwd1(x.y, y.y, d.y, a.y, b.y);
    swiglu_bwd1(x.z, y.z, d.z, a.z, b.z);
    swiglu_bwd1(x.w, y.w, d.w, a.w, b.w);
    st4(dg + 4 * i, a);
    st4(du + 4 * i, b);
  }
}
__global__ void swiglu_bwd_bf16_v4_k(const float* g, const float* u, const float* da, __nv_bfloat16* dg,
                                     __nv_bfloat16* du, int64_t n4) {
  GRID_STRIDE(i, n4) {
    const float4 x = ld4(g + 4 * i), y = ld4(u + 4 * i), d = ld4(da + 4 * i);
    float4 a, b;
    swiglu_bwd1(x.x, y.x, d.x, a.x, b.x);
    swiglu_bwd1(x.y, y.y, d.y, a.y, b.y);
    swiglu_bwd1(x.z, y.z, d.z, a.z, b.z);
    swiglu_bwd1(x.w, y.w, d.w, a.w, b.w);
    store_bf16x4(dg + 4 * i, a);
    store_bf16x4(du + 4 * i, b);
  }
}
__global__ void swiglu_bwd_bf16_k(const float* g, const float* u, const float* da, __nv_bfloat16* dg,
                                  __nv_bfloat16* du, int64_t n) {
  GRID_STRIDE(i, n) {
    float a, b;
    swiglu_bwd1(g[i], u[i], da[i], a, b);
    dg[i] = __float2bfloat16(a);
    du[i] = __float2bfloat16(b);
  }
}
// Gate and up stacked in one buffer gu [rows, 2I] (one GEMM over the adjacent weights wrote both):
// g in columns [0, I), u in [I, 2I). Forward: a [rows, I] in fp32 and/or BF16 (a null pointer is not
// written); backward: dgu [rows, 2I] in the same stacked layout, fp32 or BF16 (the stacked GEMMs'
// operand). V4: I % 4 == 0 and 16-byte aligned buffers, four values per thread.
template <bool V4, class TG>
__global__ void swiglu_fwd_gu_k(const TG* gu, int64_t I, int64_t n, float* a, __nv_bfloat16* ab) {
  GRID_STRIDE(i, n) {
    if constexpr (V4) {
      const int64_t e = 4 * i, r = e / I, c = e - r * I;
      const float4 x = ld4(gu + r * 2 * I + c), y = ld4(gu + r * 2 * I + I + c);
      const float4 v = make_float4(silu_f(x.x) * y.x, silu_f(x.y) * y.y, silu_f(x.z) * y.z, silu_f(x.w) * y.w);
      if (a) st4(a + e, v);
      if (ab) store_bf16x4(ab + e, v);
    } else {
      const int64_t r = i / I, c = i - r * I;
      const float g = get1(gu + r * 2 * I + c), v = silu_f(g) * get1(gu + r * 2 * I + I + c);
      if (a) a[i] = v;
      if (ab) ab[i] = __float2bfloat16_rn(v);
    }
  }
}
template <bool V4, class TO, class TG, class TD>
__global__ void swiglu_bwd_gu_k(const TG* gu, const TD* da, int64_t I, int64_t n, TO* dgu) {
  GRID_STRIDE(i, n) {
    if constexpr (V4) {
      const int64_t e = 4 * i, r = e / I, c = e - r * I;
      const TG* g = gu + r * 2 * I + c;
      const float4 x = ld4(g), y = ld4(g + I), d = ld4(da + e);
      float4 p, q;
      swiglu_bwd1(x.x, y.x, d.x, p.x, q.x);
      swiglu_bwd1(x.y, y.y, d.y, p.y, q.y);
      swiglu_bwd1(x.z, y.z, d.z, p.z, q.z);
      swiglu_bwd1(x.w, y.w, d.w, p.w, q.w);
      put4(dgu + r * 2 * I + c, p);
      put4(dgu + r * 2 * I + I + c, q);
    } else {
      const int64_t r = i / I, c = i - r * I;
      float p, q;
      swiglu_bwd1(get1(gu + r * 2 * I + c), get1(gu + r * 2 * I + I + c), get1(da + i), p, q);
      put1(dgu + r * 2 * I + c, p);
      put1(dgu + r * 2 * I + I + c, q);
    }
  }
}
__global__ void swiglu_bwd_k(const float* g, const float* u, const float* da, float* dg, float* du, int64_t n) {
  GRID_STRIDE(i, n) {
    const float sg = sigm(g[i]), silu = g[i] * sg;
    dg[i] = da[i] * u[i] * (sg * (1.0f + g[i] * (1.0f - sg)));
    du[i] = da[i] * silu;
  }
}

// ---- embedding ----
__global__ void embed_fwd_k(const float* table, int64_t dim, const int32_t* ids, float* out) {
  const float* src = table + int64_t(ids[blockIdx.x]) * dim;
  for (int64_t i = threadIdx.x; i < dim; i += blockDim.x) out[blockIdx.x * dim + i] = src[i];
}
__global__ void embed_bwd_k(int64_t dim, const int32_t* uniq, const int32_t* off, const int32_t* order,
                            const float* dout, float* dtable) {
  const int u = blockIdx.x;
  float* dst = dtable + int64_t(uniq[u]) * dim;
  for (int64_t i = threadIdx.x; i < dim; i += blockDim.x) {
    float acc = 0;
    for (int j = off[u]; j < off[u + 1]; ++j) acc += dout[int64_t(order[j]) * dim + i];
    dst[i] += acc;
  }
}

// ---- MoE routing ----
constexpr int kMaxE = 256, kMaxK = 16, kMaxG = 64;

// Index of the largest v[i] among i < n not yet taken (ties: lowest index).
__device__ int argmax_free(const float* v, int n, const bool* taken) {
  int best = -1;
  for (int i = 0; i < n; ++i)
    if (!taken[i] && (best < 0 || v[i] > v[best])) best = i;
  return best;
}

__global__ void route_fwd_k(RouteCfg rc, const float* logits, const float* bias, int64_t N, float* scores,
                            int32_t* idx, float* wsel, uint8_t* live) {
  const int64_t t = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (t >= N) return;
  const int E = rc.E, K = rc.K;
  const float* lg = logits + t * E;
  float* sc_out = scores + t * E;
  float sel[kMaxE];
  bool taken[kMaxE];
  if (rc.v3) {
    for (int e = 0; e < E; ++e) {
      sc_out[e] = sigm(lg[e]);
      sel[e] = sc_out[e] + (bias ? bias[e] : 0.0f);
    }
  } else {
    float m = lg[0];
    for (int e = 1; e < E; ++e) m = fmaxf(m, lg[e]);
    float s = 0;
    for (int e = 0; e < E; ++e) s += (sc_out[e] = expf(lg[e] - m));
    for (int e = 0; e < E; ++e) sel[e] = (sc_out[e] /= s);
  }
  if (rc.groups > 1 && (rc.v3 || rc.group_limited)) {
    const int G = rc.groups, per = E / G;
    float gs[kMaxG];
    bool gt[kMaxG];
    for (int g = 0; g < G; ++g) {
      const float* v = sel + g * per;
      if (rc.v3) {
        float a = -INFINITY, b = -INFINITY;
        for (int i = 0; i < per; ++i) {
          if (v[i] > a) { b = a; a = v[i]; }
          else if (v[i] > b) b = v[i];
        }
        gs[g] = per >= 2 ? a + b : a;
      } else {
        float a = v[0];
        for (int i = 1; i < per; ++i) a = fmaxf(a, v[i]);
        gs[g] = a;
      }
      gt[g] = false;
    }
    bool kept[kMaxG];
    for (int g = 0; g < G; ++g) kept[g] = false;
    for (int k = 0; k < rc.topk_group; ++k) {
      const int g = argmax_free(gs, G, gt);
      gt[g] = kept[g] = true;
    }
    for (int e = 0; e < E; ++e)
      if (!kept[e / per]) sel[e] = rc.v3 ? -INFINITY : 0.0f;
  }
  for (int e = 0; e < E; ++e) taken[e] = false;
  int top[kMaxK];
  float sum = 0;
  for (int k = 0; k < K; ++k) {
    top[k] = argmax_free(sel, E, taken);
    taken[top[k]] = true;
    sum += sc_out[top[k]];
  }
  for (int k = 0; k < K; ++k) {
    const int e = top[k];
    idx[t * K + k] = e;
    if (rc.v3) {
      float w = sc_out[e];
      if (rc.norm_topk) w /= (sum + 1e-20f);
      wsel[t * K + k] = w * rc.rsf;
      live[t * K + k] = 1;
    } else {
      live[t * K + k] = sel[e] == sc_out[e] ? 1 : 0;
      wsel[t * K + k] = sel[e] * rc.rsf;
    }
  }
}

__global__ void route_bwd_k(RouteCfg rc, const float* scores, const int32_t* idx, const uint8_t* live, const float* dw,
                            const float* coef, const int32_t* seq_of, int64_t N, float* dlogits) {
  const int64_t t = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (t >= N) return;
  const int E = rc.E, K = rc.K;
  const float* s = scores + t * E;
  const int32_t* ix = idx + t * K;
  const float* gw = dw + t * K;
  float ds[kMaxE];
  for (int e = 0; e < E; ++e) ds[e] = 0;
  if (rc.v3 && rc.norm_topk) {
    float sum = 0, cross = 0;
    for (int k = 0; k < K; ++k) sum += s[ix[k]];
    const float D = sum + 1e-20f;
    for (int k = 0; k < K; ++k) cross += gw[k] * s[ix[k]];
    for (int k = 0; k < K; ++k) ds[ix[k]] += rc.rsf * (gw[k] / D - cross / (D * D));
  } else {
    for (int k = 0; k < K; ++k)
      if (live[t * K + k]) ds[ix[k]] += rc.rsf * gw[k];
  }
  if (coef) {
    const float* c = coef + int64_t(seq_of[t]) * E;
    if (rc.v3) {
      float sum = 0, cs = 0;
      for (int e = 0; e < E; ++e) sum += s[e];
      for (int e = 0; e < E; ++e) cs += c[e] * s[e];
      for (int e = 0; e < E; ++e) ds[e] += (c[e] - cs / sum) / sum;
    } else {
      for (int e = 0; e < E; ++e) ds[e] += c[e];
    }
  }
  float* dl = dlogits + t * E;
  if (rc.v3) {
    for (int e = 0; e < E; ++e) dl[e] = ds[e] * s[e] * (1.0f - s[e]);
  } else {
    float dot = 0;
    for (int e = 0; e < E; ++e) dot += ds[e] * s[e];
    for (int e = 0; e < E; ++e) dl[e] = s[e] * (ds[e] - dot);
  }
}

__global__ void aux_tok_k(RouteCfg rc, const float* scores, const float* coef, const int32_t* seq_of, int64_t N,
                          float* out) {
  const int64_t t = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (t >= N) return;
  const int E = rc.E;
  const float* s = scores + t * E;
  const float* c = coef + int64_t(seq_of[t]) * E;
  float sum = 0, cs = 0;
  for (int e = 0; e < E; ++e) {
    sum += s[e];
    cs += c[e] * s[e];
  }
  out[t] = rc.v3 ? cs / sum : cs;
}

// ---- optimizer ----
// TM: the moments' storage, float or BF16 (then a.bf16_moments: the rounded value is what is stored).
template <class TM>
__global__ void adamw_chunks_k(float* w, const float* g, TM* m, TM* v, int64_t n, const uint8_t* kind, AdamArgs a,
                               __nv_bfloat16* wb) {
  GRID_STRIDE(i, n) {
    const uint8_t k = kind[i >> 7];
    if (k == 0) continue;
    const float gi = g[i] * a.gs;
    float mi = a.b1 * get1(m + i) + (1.0f - a.b1) * gi;
    float vi = a.b2 * get1(v + i) + (1.0f - a.b2) * gi * gi;
    if (a.bf16_moments) {
      mi = __bfloat162float(__float2bfloat16_rn(mi));
      vi = __bfloat162float(__float2bfloat16_rn(vi));
    }
    put1(m + i, mi);
    put1(v + i, vi);
    const float denom = sqrtf(vi) / a.bc2_sqrt + a.eps;
    const float wi = w[i] * (k == 2 ? a.decay : 1.0f) - a.step_size * (mi / denom);
    w[i] = wi;
    if (wb) wb[i] = __float2bfloat16_rn(wi);
  }
}
// The same four values at a time (16-byte loads and stores, 8-byte BF16 stores; the four share one
// 128-value chunk, so one kind): the same arithmetic per value, bit for bit.
__device__ __forceinline__ float adamw1(float& wi, float gi, float& mi, float& vi, float decay, const AdamArgs& a) {
  gi *= a.gs;
  mi = a.b1 * mi + (1.0f - a.b1) * gi;
  vi = a.b2 * vi + (1.0f - a.b2) * gi * gi;
  if (a.bf16_moments) {
    mi = __bfloat162float(__float2bfloat16_rn(mi));
    vi = __bfloat162float(__float2bfloat16_rn(vi));
  }
  const float denom = sqrtf(vi) / a.bc2_sqrt + a.eps;
  wi = wi * decay - a.step_size * (mi / denom);
  return wi;
}
template <class TM>
__global__ void adamw_chunks_v4_k(float* w, const float* g, TM* m, TM* v, int64_t n4, const uint8_t* kind,
                                  AdamArgs a, __nv_bfloat16* wb) {
  GRID_STRIDE(i, n4) {
    const uint8_t k = kind[i >> 5];
    if (k == 0) continue;
    const float decay = k == 2 ? a.decay : 1.0f;
    float4 wi = ld4(w + 4 * i), mi = ld4(m + 4 * i), vi = ld4(v + 4 * i);
    const float4 gi = ld4(g + 4 * i);
    adamw1(wi.x, gi.x, mi.x, vi.x, decay, a);
    adamw1(wi.y, gi.y, mi.y, vi.y, decay, a);
    adamw1(wi.z, gi.z, mi.z, vi.z, decay, a);
    adamw1(wi.w, gi.w, mi.w, vi.w, decay, a);
    put4(m + 4 * i, mi);
    put4(v + 4 * i, vi);
    st4(w + 4 * i, wi);
    if (wb) store_bf16x4(wb + 4 * i, wi);
  }
}
__global__ void sumsq_k(const float* g, int64_t n, double* partial) {
  __shared__ double red[32];
  double acc = 0;
  GRID_STRIDE(i, n) acc += double(g[i]) * double(g[i]);
  for (int o = 16; o > 0; o >>= 1) acc += __shfl_xor_sync(0xffffffffu, acc, o);
  const int w = threadIdx.x / kWarp, l = threadIdx.x % kWarp;
  if (l == 0) red[w] = acc;
  __syncthreads();
  if (threadIdx.x == 0) {
    double s = 0;
    for (int i = 0; i < int(blockDim.x / kWarp); ++i) s += red[i];
    partial[blockIdx.x] = s;
  }
}

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

void add(const float* a, const float* b, float* y, int64_t n, cudaStream_t s) {
  if (n <= 0) return;
  if (vec4(n, {a, b, y}))
    add4_k<<<grid_for(n / 4), kThreads, 0, s>>>(reinterpret_cast<const float4*>(a), reinterpret_cast<const float4*>(b),
                                                reinterpret_cast<float4*>(y), n / 4);
  else
    add_k<<<grid_for(n), kThreads, 0, s>>>(a, b, y, n);
  LAUNCHED();
}
void copy2d(const float* src, int64_t lds, float* dst, int64_t ldd, int64_t rows, int64_t cols, bool acc,
            cudaStream_t s) {
  if (rows * cols <= 0) return;
  copy2d_k<<<grid_for(rows * cols), kThreads, 0, s>>>(src, lds, dst, ldd, rows, cols, acc);
  LAUNCHED();
}
void rope(float* x, int64_t rows, int64_t ld, int64_t heads, int64_t hs, int64_t off, const float* cs, const float* sn,
          int64_t half, bool interleave, bool inverse, cudaStream_t s) {
  const int64_t n = rows * heads * half;
  if (n <= 0) return;
  static const bool scalar = std::getenv("DSEEK_ROPE_SCALAR") != nullptr;  // (A/B switch)
  if (!scalar && !interleave && half % 4 == 0 && n / 4 <= INT32_MAX && heads <= INT32_MAX && ld % 4 == 0 &&
      hs % 4 == 0 && off % 4 == 0 && vec4(n, {x, cs, sn}))
    rope_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(x, uint32_t(n / 4), ld, uint32_t(heads), hs, off, cs, sn,
                                                   uint32_t(half), inverse);
  else
    rope_k<<<grid_for(n), kThreads, 0, s>>>(x, rows, ld, heads, hs, off, cs, sn, half, interleave, inverse);
  LAUNCHED();
}
void rope_to_bf16(const float* x, int64_t rows, int64_t ld, int64_t heads, int64_t hs, int64_t off, const float* cs,
                  const float* sn, int64_t half, bool interleave, bool inverse, uint16_t* y, cudaStream_t s) {
  const int64_t n = rows * ld;
  if (n <= 0) return;
  DSEEK_CHECK(x && y && cs && sn, "rope_to_bf16: null input, output or table");
  DSEEK_CHECK(heads >= 1 && hs >= 1 && half >= 0 && heads * hs <= ld && off >= 0 && off + 2 * half <= hs,
              "rope_to_bf16: {} heads of {} (rotated {}..{}) in rows of {}", heads, hs, off, off + 2 * half, ld);
  auto* yb = reinterpret_cast<__nv_bfloat16*>(y);
  static const bool scalar = std::getenv("DSEEK_ROPE_SCALAR") != nullptr;  // (A/B switch, as rope)
  if (!scalar && half % (interleave ? 2 : 4) == 0 && n / 4 <= INT32_MAX && ld % 4 == 0 && hs % 4 == 0 &&
      off % 4 == 0 && heads * hs == ld && vec4(n, {x, cs, sn}) && reinterpret_cast<uintptr_t>(y) % 8 == 0)
    rope_bf16_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(x, uint32_t(n / 4), uint32_t(ld / 4), uint32_t(hs),
                                                        uint32_t(off), cs, sn, uint32_t(half), interleave, inverse,
                                                        yb);
  else
    rope_bf16_k<<<grid_for(n), kThreads, 0, s>>>(x, rows, ld, heads, hs, off, cs, sn, half, interleave, inverse, yb);
  LAUNCHED();
}
void swiglu_fwd(const float* g, const float* u, float* a, int64_t n, cudaStream_t s) {
  if (n <= 0) return;
  swiglu_fwd_k<<<grid_for(n), kThreads, 0, s>>>(g, u, a, n);
  LAUNCHED();
}
void swiglu_fwd_bf16(const float* g, const float* u, uint16_t* a, int64_t n, cudaStream_t s) {
  if (n > 0 && vec4(n, {g, u}) && reinterpret_cast<uintptr_t>(a) % 8 == 0) {
    swiglu_fwd_bf16_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(g, u, reinterpret_cast<__nv_bfloat16*>(a), n / 4);
    LAUNCHED();
    return;
  }
  if (n <= 0) return;
  swiglu_fwd_bf16_k<<<grid_for(n), kThreads, 0, s>>>(g, u, reinterpret_cast<__nv_bfloat16*>(a), n);
  LAUNCHED();
}
void swiglu_bwd_bf16(const float* g, const float* u, const float* da, uint16_t* dg, uint16_t* du, int64_t n,
                     cudaStream_t s) {
  if (n <= 0) return;
  auto* a = reinterpret_cast<__nv_bfloat16*>(dg);
  auto* b = reinterpret_cast<__nv_bfloat16*>(du);
  if (vec4(n, {g, u, da}) && reinterpret_cast<uintptr_t>(dg) % 8 == 0 && reinterpret_cast<uintptr_t>(du) % 8 == 0)
    swiglu_bwd_bf16_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(g, u, da, a, b, n / 4);
  else
    swiglu_bwd_bf16_k<<<grid_for(n), kThreads, 0, s>>>(g, u, da, a, b, n);
  LAUNCHED();
}
void swiglu_bwd(const float* g, const float* u, const float* da, float* dg, float* du, int64_t n, cudaStream_t s) {
  if (n > 0 && vec4(n, {g, u, da, dg, du})) {
    swiglu_bwd_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(g, u, da, dg, du, n / 4);
    LAUNCHED();
    return;
  }
  if (n <= 0) return;
  swiglu_bwd_k<<<grid_for(n), kThreads, 0, s>>>(g, u, da, dg, du, n);
  LAUNCHED();
}
namespace {
template <class TG>
void swiglu_fwd_gu_launch(const TG* gu, int64_t rows, int64_t I, float* a, uint16_t* ab, cudaStream_t s) {
  const int64_t n = rows * I;
  if (n <= 0) return;
  auto* b = reinterpret_cast<__nv_bfloat16*>(ab);
  if (I % 4 == 0 && vec4(n, {gu, a}) && reinterpret_cast<uintptr_t>(ab) % 8 == 0)
    swiglu_fwd_gu_k<true><<<grid_for(n / 4), kThreads, 0, s>>>(gu, I, n / 4, a, b);
  else
    swiglu_fwd_gu_k<false><<<grid_for(n), kThreads, 0, s>>>(gu, I, n, a, b);
  LAUNCHED();
}
template <class TO, class TG, class TD>
void swiglu_bwd_gu_launch(const TG* gu, const TD* da, int64_t rows, int64_t I, TO* dgu, cudaStream_t s) {
  const int64_t n = rows * I;
  if (n <= 0) return;
  if (I % 4 == 0 && vec4(n, {gu, da}) && reinterpret_cast<uintptr_t>(dgu) % (4 * sizeof(TO)) == 0)
    swiglu_bwd_gu_k<true, TO><<<grid_for(n / 4), kThreads, 0, s>>>(gu, da, I, n / 4, dgu);
  else
    swiglu_bwd_gu_k<false, TO><<<grid_for(n), kThreads, 0, s>>>(gu, da, I, n, dgu);
  LAUNCHED();
}
}  // namespace
void swiglu_fwd_gu(const float* gu, int64_t rows, int64_t I, float* a, uint16_t* ab, cudaStream_t s) {
  swiglu_fwd_gu_launch(gu, rows, I, a, ab, s);
}
void swiglu_fwd_gu(const uint16_t* gu, int64_t rows, int64_t I, float* a, uint16_t* ab, cudaStream_t s) {
  swiglu_fwd_gu_launch(bf(gu), rows, I, a, ab, s);
}
void swiglu_bwd_gu(const float* gu, const float* da, int64_t rows, int64_t I, float* dgu, cudaStream_t s) {
  swiglu_bwd_gu_launch(gu, da, rows, I, dgu, s);
}
void swiglu_bwd_gu_bf16(const float* gu, const float* da, int64_t rows, int64_t I, uint16_t* dgu, cudaStream_t s) {
  swiglu_bwd_gu_launch(gu, da, rows, I, reinterpret_cast<__nv_bfloat16*>(dgu), s);
}
void swiglu_bwd_gu_bf16(const uint16_t* gu, const uint16_t* da, int64_t rows, int64_t I, uint16_t* dgu,
                        cudaStream_t s) {
  swiglu_bwd_gu_launch(bf(gu), bf(da), rows, I, reinterpret_cast<__nv_bfloat16*>(dgu), s);
}
void embed_fwd(const float* table, int64_t dim, const int32_t* ids, int64_t n, float* out, cudaStream_t s) {
  if (n <= 0) return;
  embed_fwd_k<<<unsigned(n), 128, 0, s>>>(table, dim, ids, out);
  LAUNCHED();
}
void embed_bwd(int64_t dim, const int32_t* uniq, const int32_t* off, const int32_t* order, int64_t nuniq,
               const float* dout, float* dtable, cudaStream_t s) {
  if (nuniq <= 0) return;
  embed_bwd_k<<<unsigned(nuniq), 128, 0, s>>>(dim, uniq, off, order, dout, dtable);
  LAUNCHED();
}
void route_fwd(const RouteCfg& rc, const float* logits, const float* bias, int64_t N, float* scores, int32_t* idx,
               float* wsel, uint8_t* live, cudaStream_t s) {
  if (N <= 0) return;
  route_fwd_k<<<unsigned((N + 63) / 64), 64, 0, s>>>(rc, logits, bias, N, scores, idx, wsel, live);
  LAUNCHED();
}
void route_bwd(const RouteCfg& rc, const float* scores, const int32_t* idx, const uint8_t* live, const float* dw,
               const float* coef, const int32_t* seq_of, int64_t N, float* dlogits, cudaStream_t s) {
  if (N <= 0) return;
  route_bwd_k<<<unsigned((N + 63) / 64), 64, 0, s>>>(rc, scores, idx, live, dw, coef, seq_of, N, dlogits);
  LAUNCHED();
}
void aux_per_token(const RouteCfg& rc, const float* scores, const float* coef, const int32_t* seq_of, int64_t N,
                   float* aux_tok, cudaStream_t s) {
  if (N <= 0) return;
  aux_tok_k<<<unsigned((N + 127) / 128), 128, 0, s>>>(rc, scores, coef, seq_of, N, aux_tok);
  LAUNCHED();
}
namespace {
struct PtrChunk {
  static constexpr int kMax = 256;  // 2 KB of kernel parameters
  const void* p[kMax];
};
__global__ void store_pointers_k(PtrChunk c, int n, void** dev) {
  for (int i = threadIdx.x; i < n; i += blockDim.x) dev[i] = const_cast<void*>(c.p[i]);
}
}  // namespace

void store_pointers(const void* const* host, int64_t n, void** dev, cudaStream_t s) {
  for (int64_t i = 0; i < n; i += PtrChunk::kMax) {
    PtrChunk c{};
    const int m = int(std::min<int64_t>(PtrChunk::kMax, n - i));
    for (int j = 0; j < m; ++j) c.p[j] = host[i + j];
    store_pointers_k<<<1, 256, 0, s>>>(c, m, dev + i);
    LAUNCHED();
  }
}

namespace {
template <class TM>
void adamw_launch(float* w, const float* g, TM* m, TM* v, int64_t n, const uint8_t* kind, const AdamArgs& a,
                  uint16_t* wb, cudaStream_t s) {
  if (n <= 0) return;
  auto* b = reinterpret_cast<__nv_bfloat16*>(wb);
  if (vec4(n, {w, g, m, v}) && reinterpret_cast<uintptr_t>(wb) % 8 == 0)
    adamw_chunks_v4_k<<<grid_for(n / 4), kThreads, 0, s>>>(w, g, m, v, n / 4, kind, a, b);
  else
    adamw_chunks_k<<<grid_for(n), kThreads, 0, s>>>(w, g, m, v, n, kind, a, b);
  LAUNCHED();
}
}  // namespace
void adamw_chunks(float* w, const float* g, float* m, float* v, int64_t n, const uint8_t* kind, const AdamArgs& a,
                  uint16_t* wb, cudaStream_t s) {
  adamw_launch(w, g, m, v, n, kind, a, wb, s);
}
void adamw_chunks(float* w, const float* g, uint16_t* m, uint16_t* v, int64_t n, const uint8_t* kind,
                  const AdamArgs& a, uint16_t* wb, cudaStream_t s) {
  DSEEK_CHECK(a.bf16_moments, "adamw: the moments are stored in BF16, so the update must round them "
              "(AdamWOptions::bf16_moments, --bf16-moments)");
  adamw_launch(w, g, reinterpret_cast<__nv_bfloat16*>(m), reinterpret_cast<__nv_bfloat16*>(v), n, kind, a, wb, s);
}
int sumsq_partial(const float* g, int64_t n, double* partial, cudaStream_t s) {
  const int blocks = int(std::min<int64_t>(1024, std::max<int64_t>(1, (n + 1023) / 1024)));
  sumsq_k<<<blocks, 256, 0, s>>>(g, n, partial);
  LAUNCHED();
  return blocks;
}

}  // namespace dseek::cu::tk
