// k_mla.cu — Multi-head Latent Attention over the paged latent cache:
// mla_prepare (normalise c_kv, rotate k_pe and q_pe, append to the cache) and
// latent_attention (absorbed form: scores against [c_kv ; k_pe] directly,
// output in the latent space; online softmax over 32-token tiles in shared
// memory; optional split over the keys with a combine pass, flash-decoding).
// What it is not: the projections around it (GEMV / cuBLAS) or a tensor-core
// kernel (this one is SIMT fp32: correct first; see docs/performance.md).
#include "backend/cuda/k_common.cuh"

namespace dseek::cu {

// k_mla_tc.cu: the tensor-core kernel for BF16 caches.
bool latent_attention_tc_ok(const CacheView& c);
void latent_attention_tc_init();
void latent_attention_tc(const float* q_lat, const float* q, int dq, int dn, int T, int H, const CacheView& cache,
                         int layer, const RowMap& rm, int chunk, float scale, int splits, float* part, float* o_lat,
                         cudaStream_t s);

namespace {

constexpr int kTile = 32;       // keys per shared-memory tile
constexpr int kHeads = 8;       // heads per block (one warp each)
constexpr int kMaxC = 16;       // latent values per lane: R <= 512

template <typename CT> __device__ __forceinline__ float cload(const CT* p);
template <> __device__ __forceinline__ float cload<float>(const float* p) { return *p; }
template <> __device__ __forceinline__ float cload<__nv_bfloat16>(const __nv_bfloat16* p) { return __bfloat162float(*p); }
template <typename CT> __device__ __forceinline__ CT cstore(float v);
template <> __device__ __forceinline__ float cstore<float>(float v) { return v; }
template <> __device__ __forceinline__ __nv_bfloat16 cstore<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }

__device__ __forceinline__ int64_t cache_off(const CacheView& c, const RowMap& rm, int seg, int pos, int layer) {
  const int page = rm.pages[int64_t(seg) * rm.pstride + pos / kPageTokens];
  return ((int64_t(page) * c.layers + layer) * kPageTokens + pos % kPageTokens) * (c.R + c.dr);
}

__device__ __forceinline__ void rope_pair(const RopeParams& rp, int pos, int i, int dr, float* x) {
  const float ang = float(pos) * rp.inv_freq[i];
  const float c = cosf(ang) * rp.attention_factor, s = sinf(ang) * rp.attention_factor;
  const int ia = rp.interleave ? 2 * i : i, ib = rp.interleave ? 2 * i + 1 : i + dr / 2;
  const float a = x[ia], b = x[ib];
  x[ia] = a * c - b * s;
  x[ib] = a * s + b * c;
}

template <typename CT>
__global__ void prepare_k(const float* kv, const float* g, float eps, float* q, int H, int dn, int dq,
                          CacheView cache, int layer, RowMap rm, RopeParams rp) {
  __shared__ float red[32];
  __shared__ float kpe[256];
  const int t = blockIdx.x, R = cache.R, dr = cache.dr, pos = rm.row_pos[t];
  const float* kr = kv + int64_t(t) * (R + dr);
  CT* dst = static_cast<CT*>(cache.data) + cache_off(cache, rm, rm.row_seg[t], pos, layer);
  float ss = 0.0f;
  for (int i = threadIdx.x; i < R; i += blockDim.x) ss += kr[i] * kr[i];
  ss = warp_sum(ss);
  if (threadIdx.x % kWarp == 0) red[threadIdx.x / kWarp] = ss;
  for (int i = threadIdx.x; i < dr; i += blockDim.x) kpe[i] = kr[R + i];
  __syncthreads();
  float tot = 0.0f;
  for (int i = 0; i < int(blockDim.x) / kWarp; ++i) tot += red[i];
  const float inv = 1.0f / sqrtf(tot / float(R) + eps);
  for (int i = threadIdx.x; i < R; i += blockDim.x) dst[i] = cstore<CT>(g[i] * (kr[i] * inv));
  if (threadIdx.x < dr / 2) rope_pair(rp, pos, threadIdx.x, dr, kpe);
  __syncthreads();
  for (int i = threadIdx.x; i < dr; i += blockDim.x) dst[R + i] = cstore<CT>(kpe[i]);
  for (int i = threadIdx.x; i < H * (dr / 2); i += blockDim.x)
    rope_pair(rp, pos, i % (dr / 2), dr, q + (int64_t(t) * H + i / (dr / 2)) * dq + dn);
}

// Block (row t, heads [hg*8, hg*8+8), split sp). Shared: q [8][W], keys [32][W+1].
template <typename CT>
__global__ void __launch_bounds__(kWarp * kHeads)
    attn_k(const float* q_lat, const float* q, int dq, int dn, int H, CacheView cache, int layer, RowMap rm,
           float scale, int chunk, float* part, float* o_lat) {
  extern __shared__ float sm[];
  const int R = cache.R, W = cache.R + cache.dr, Wp = W + 1;
  float* qs = sm;                 // [kHeads][W]
  float* ks = sm + kHeads * W;    // [kTile][Wp]
  const int t = blockIdx.x, h0 = blockIdx.y * kHeads, sp = blockIdx.z, S = gridDim.z;
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, h = h0 + warp;
  const int seg = rm.row_seg[t], nkeys = rm.row_pos[t] + 1;
  const int k0 = sp * chunk, k1 = min(nkeys, k0 + chunk);
  for (int i = threadIdx.x; i < kHeads * W; i += blockDim.x) {
    const int hh = h0 + i / W, c = i % W;
    float v = 0.0f;
    if (hh < H) v = c < R ? q_lat[(int64_t(t) * H + hh) * R + c] : q[(int64_t(t) * H + hh) * dq + dn + (c - R)];
    qs[i] = v;
  }
  float m = -INFINITY, l = 0.0f, acc[kMaxC];
#pragma unroll
  for (int i = 0; i < kMaxC; ++i) acc[i] = 0.0f;
  const CT* base = static_cast<const CT*>(cache.data);
  constexpr int kVec = 16 / sizeof(CT);  // elements per 16-byte load
  const bool vec = W % kVec == 0;
  for (int j0 = k0; j0 < k1; j0 += kTile) {
    const int nj = min(kTile, k1 - j0);
    __syncthreads();  // previous tile consumed (and qs written on the first pass)
    // The tile's rows are contiguous in one page (j0 is a multiple of 32, pages hold 64).
    const CT* src = base + cache_off(cache, rm, seg, j0, layer);
    if (vec) {
      const int nv = nj * W / kVec;
#pragma unroll 4
      for (int v = threadIdx.x; v < nv; v += blockDim.x) {
        const uint4 u = __ldg(reinterpret_cast<const uint4*>(src) + v);
        const int e = v * kVec, jj = e / W, c = e % W;
        float f[kVec];
        if constexpr (sizeof(CT) == 2) unpack16<kBF16>(u, f);
        else unpack16<kF32>(u, f);
#pragma unroll
        for (int i = 0; i < kVec; ++i) ks[jj * Wp + c + i] = f[i];
      }
    } else {
      for (int i = threadIdx.x; i < nj * W; i += blockDim.x) ks[(i / W) * Wp + i % W] = cload<CT>(src + i);
    }
    __syncthreads();
    float sc = -INFINITY;
    if (lane < nj) {
      const float* qh = qs + warp * W;
      const float* kr = ks + lane * Wp;
      float d0 = 0.0f, d1 = 0.0f, d2 = 0.0f, d3 = 0.0f;
      int c = 0;
      for (; c + 4 <= W; c += 4) {
        d0 += qh[c] * kr[c];
        d1 += qh[c + 1] * kr[c + 1];
        d2 += qh[c + 2] * kr[c + 2];
        d3 += qh[c + 3] * kr[c + 3];
      }
      for (; c < W; ++c) d0 += qh[c] * kr[c];
      sc = ((d0 + d1) + (d2 + d3)) * scale;
    }
    const float mn = fmaxf(m, warp_max(sc));
    const float p = lane < nj ? __expf(sc - mn) : 0.0f;
    const float alpha = m == -INFINITY ? 0.0f : __expf(m - mn);
    l = l * alpha + warp_sum(p);
    m = mn;
#pragma unroll
    for (int i = 0; i < kMaxC; ++i) acc[i] *= alpha;
    for (int jj = 0; jj < nj; ++jj) {
      const float pj = __shfl_sync(0xffffffffu, p, jj);
      const float* kr = ks + jj * Wp;
#pragma unroll
      for (int i = 0; i < kMaxC; ++i) {
        const int c = lane + kWarp * i;
        if (c < R) acc[i] += pj * kr[c];
      }
    }
  }
  if (h >= H) return;
  if (S == 1) {
    const float inv = l > 0.0f ? 1.0f / l : 0.0f;
#pragma unroll
    for (int i = 0; i < kMaxC; ++i) {
      const int c = lane + kWarp * i;
      if (c < R) o_lat[(int64_t(t) * H + h) * R + c] = acc[i] * inv;
    }
  } else {
    float* pr = part + ((int64_t(t) * H + h) * S + sp) * (R + 2);
#pragma unroll
    for (int i = 0; i < kMaxC; ++i) {
      const int c = lane + kWarp * i;
      if (c < R) pr[c] = acc[i];
    }
    if (lane == 0) {
      pr[R] = m;
      pr[R + 1] = l;
    }
  }
}

// o_lat[t, h] = Σ_s e^{m_s - M} o_s / Σ_s e^{m_s - M} l_s
__global__ void combine_k(const float* part, int H, int R, int S, float* o_lat) {
  const int th = blockIdx.x;
  const float* p = part + int64_t(th) * S * (R + 2);
  float M = -INFINITY;
  for (int s = 0; s < S; ++s) M = fmaxf(M, p[s * (R + 2) + R]);
  float L = 0.0f;
  for (int s = 0; s < S; ++s) {
    const float ms = p[s * (R + 2) + R];
    if (ms != -INFINITY) L += __expf(ms - M) * p[s * (R + 2) + R + 1];
  }
  const float inv = L > 0.0f ? 1.0f / L : 0.0f;
  for (int c = threadIdx.x; c < R; c += blockDim.x) {
    float o = 0.0f;
    for (int s = 0; s < S; ++s) {
      const float ms = p[s * (R + 2) + R];
      if (ms != -INFINITY) o += __expf(ms - M) * p[s * (R + 2) + c];
    }
    o_lat[int64_t(th) * R + c] = o * inv;
  }
}

size_t attn_smem(const CacheView& c) {
  const int W = c.R + c.dr;
  return size_t(kHeads * W + kTile * (W + 1)) * sizeof(float);
}

}  // namespace

void latent_attention_init(const CacheView& cache) {
  if (latent_attention_tc_ok(cache)) latent_attention_tc_init();
  const int smem = int(attn_smem(cache));
  if (cache.bf16) cudaFuncSetAttribute(attn_k<__nv_bfloat16>, cudaFuncAttributeMaxDynamicSharedMemorySize, smem);
  else cudaFuncSetAttribute(attn_k<float>, cudaFuncAttributeMaxDynamicSharedMemorySize, smem);
  DSEEK_CU_LAUNCHED();
}

void mla_prepare(const float* kv, const float* g, float eps, float* q, int T, int H, int dn, int dq,
                 const CacheView& cache, int layer, const RowMap& rm, const RopeParams& rope, cudaStream_t s) {
  if (T <= 0) return;
  if (cache.bf16) prepare_k<__nv_bfloat16><<<T, 256, 0, s>>>(kv, g, eps, q, H, dn, dq, cache, layer, rm, rope);
  else prepare_k<float><<<T, 256, 0, s>>>(kv, g, eps, q, H, dn, dq, cache, layer, rm, rope);
  DSEEK_CU_LAUNCHED();
}

void latent_attention(const float* q_lat, const float* q, int dq, int dn, int T, int H, const CacheView& cache,
                      int layer, const RowMap& rm, int max_keys, float scale, int splits, float* part, float* o_lat,
                      cudaStream_t s) {
  if (T <= 0) return;
  if (splits < 1) splits = 1;
  int chunk = (max_keys + splits - 1) / splits;
  chunk = (chunk + kTile - 1) / kTile * kTile;
  if (latent_attention_tc_ok(cache) && dq % 4 == 0 && dn % 4 == 0) {
    latent_attention_tc(q_lat, q, dq, dn, T, H, cache, layer, rm, chunk, scale, splits, part, o_lat, s);
  } else {
    const size_t smem = attn_smem(cache);
    const dim3 grid(unsigned(T), unsigned((H + kHeads - 1) / kHeads), unsigned(splits));
    if (cache.bf16)
      attn_k<__nv_bfloat16><<<grid, kWarp * kHeads, smem, s>>>(q_lat, q, dq, dn, H, cache, layer, rm, scale, chunk,
                                                              part, o_lat);
    else
      attn_k<float><<<grid, kWarp * kHeads, smem, s>>>(q_lat, q, dq, dn, H, cache, layer, rm, scale, chunk, part, o_lat);
    DSEEK_CU_LAUNCHED();
  }
  if (splits > 1) {
    combine_k<<<T * H, 128, 0, s>>>(part, H, cache.R, splits, o_lat);
    DSEEK_CU_LAUNCHED();
  }
}

}  // namespace dseek::cu
