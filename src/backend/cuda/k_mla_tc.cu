// k_mla_tc.cu — MLA decode attention on the tensor cores (BF16 latent cache):
// one block per (query row, group of 64 heads, key split). Q (64 heads x
// [q_lat ; q_pe], bf16) stays in shared memory; 32-key tiles of the paged
// cache stream in through cp.async, double-buffered; S = Q·Kᵀ and O += P·V
// (V = the c_kv part of the same tile) run as mma.sync m16n8k16 (bf16 in,
// fp32 accumulate), with the online softmax between them (FlashAttention-2
// style; row statistics in shared memory, O rescaled in registers).
// 8 warps: for S each warp owns two 16x8 tiles of the 64x32 score block; for
// O warp (hs, rs) owns heads [16hs, +16) x latent columns [rs*R/2, +R/2).
// What it is not: the fp32-cache path (k_mla.cu's SIMT kernel, exact vs the
// CPU) or a wgmma/TMA kernel (Hopper-only; the next step, see docs).
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_mma.cuh"

namespace dseek::cu {

void check_launch_impl(const char* file, int line, cudaError_t e);

namespace {

constexpr int kHG = 64;      // heads per block
constexpr int kKT = 32;      // keys per tile
constexpr int kThreads = 256;
constexpr int kMaxNT = 32;   // n8 tiles per warp for O: R/2 <= 256

struct Smem {
  int W, Wp;          // row width of Q/K tiles (bf16 elements) and padded stride
  int Sp, Pp;         // strides of S (fp32) and P (bf16)
  size_t q, k0, k1, s, p, stat, bytes;
};

__host__ __device__ inline Smem layout(int W) {
  Smem m;
  m.W = W;
  m.Wp = W + 8;   // +16 bytes: conflict-free fragment loads
  m.Sp = kKT + 4;
  m.Pp = kKT + 8;
  m.q = 0;
  m.k0 = m.q + size_t(kHG) * m.Wp * 2;
  m.k1 = m.k0 + size_t(kKT) * m.Wp * 2;
  m.s = m.k1 + size_t(kKT) * m.Wp * 2;
  m.p = m.s + size_t(kHG) * m.Sp * 4;
  m.stat = m.p + size_t(kHG) * m.Pp * 2;
  m.bytes = m.stat + size_t(kHG) * 3 * 4;  // m, l, alpha per head
  return m;
}

__global__ void __launch_bounds__(kThreads, 1)
    attn_tc_k(const float* q_lat, const float* q, int dq, int dn, int H, CacheView cache, int layer, RowMap rm,
              float scale, int chunk, float* part, float* o_lat) {
  extern __shared__ __align__(16) uint8_t sm[];
  const int R = cache.R, W = cache.R + cache.dr;
  const Smem L = layout(W);
  __nv_bfloat16* qs = reinterpret_cast<__nv_bfloat16*>(sm + L.q);
  auto kbuf = [&](int b) { return reinterpret_cast<__nv_bfloat16*>(sm + (b ? L.k1 : L.k0)); };
  float* ss = reinterpret_cast<float*>(sm + L.s);
  __nv_bfloat16* ps = reinterpret_cast<__nv_bfloat16*>(sm + L.p);
  float* st_m = reinterpret_cast<float*>(sm + L.stat);
  float* st_l = st_m + kHG;
  float* st_a = st_l + kHG;

  const int t = blockIdx.x, h0 = blockIdx.y * kHG, sp = blockIdx.z, S = gridDim.z;
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp, g = lane / 4, tq = lane % 4;
  const int seg = rm.row_seg[t], nkeys = rm.row_pos[t] + 1;
  const int k0 = sp * chunk, k1 = min(nkeys, k0 + chunk);
  const __nv_bfloat16* base = static_cast<const __nv_bfloat16*>(cache.data);

  // Issue the async load of the tile starting at key j into buffer b (rows past k1 zero-filled).
  auto load_tile = [&](int j, int b) {
    const int page = rm.pages[int64_t(seg) * rm.pstride + j / kPageTokens];
    const __nv_bfloat16* src = base + ((int64_t(page) * cache.layers + layer) * kPageTokens + j % kPageTokens) * W;
    const int per_row = W / 8;  // 16-byte chunks per key row
    for (int i = threadIdx.x; i < kKT * per_row; i += kThreads) {
      const int r = i / per_row, c = (i % per_row) * 8;
      const bool valid = j + r < k1;
      cp_async16(kbuf(b) + r * L.Wp + c, valid ? src + int64_t(r) * W + c : src, valid);
    }
    cp_commit();
  };
  if (k0 < k1) load_tile(k0, 0);

  // Q: [64 heads][W] bf16 (heads past H are zero), 4 values per load; all of a
  // thread's loads are issued before the first conversion (latency, not bandwidth).
  {
    const int W4 = W / 4;  // R and dr are multiples of 4 here (R % 16 == 0, W % 16 == 0)
    constexpr int kPer = 8;
    for (int i0 = threadIdx.x; i0 < kHG * W4; i0 += kThreads * kPer) {
      float4 v[kPer];
#pragma unroll
      for (int u = 0; u < kPer; ++u) {
        const int i = i0 + u * kThreads, hh = i / W4, c = (i % W4) * 4, h = h0 + hh;
        v[u] = make_float4(0.f, 0.f, 0.f, 0.f);
        if (i < kHG * W4 && h < H)
          v[u] = c < R ? *reinterpret_cast<const float4*>(q_lat + (int64_t(t) * H + h) * R + c)
                       : *reinterpret_cast<const float4*>(q + (int64_t(t) * H + h) * dq + dn + (c - R));
      }
#pragma unroll
      for (int u = 0; u < kPer; ++u) {
        const int i = i0 + u * kThreads, hh = i / W4, c = (i % W4) * 4;
        if (i < kHG * W4) {
          __nv_bfloat16* d = qs + hh * L.Wp + c;
          d[0] = __float2bfloat16_rn(v[u].x);
          d[1] = __float2bfloat16_rn(v[u].y);
          d[2] = __float2bfloat16_rn(v[u].z);
          d[3] = __float2bfloat16_rn(v[u].w);
        }
      }
    }
  }
  for (int i = threadIdx.x; i < kHG; i += kThreads) {
    st_m[i] = -INFINITY;
    st_l[i] = 0.0f;
  }

  const int hs = warp % 4, rs = warp / 4;  // O ownership
  const int ncols = R / 2, nt = ncols / 8, col0 = rs * ncols;
  float acc[kMaxNT][4];
#pragma unroll
  for (int i = 0; i < kMaxNT; ++i) acc[i][0] = acc[i][1] = acc[i][2] = acc[i][3] = 0.0f;

  int buf = 0;
  for (int j0 = k0; j0 < k1; j0 += kKT, buf ^= 1) {
    if (j0 + kKT < k1) {
      load_tile(j0 + kKT, buf ^ 1);
      cp_wait<1>();
    } else {
      cp_wait<0>();
    }
    __syncthreads();
    const __nv_bfloat16* ks = kbuf(buf);
    // S[64 x 32]: 4 head slices x 4 key n8-tiles = 16 tiles, two per warp (same head
    // slice, so one A fragment per k-step feeds both). ldmatrix: A (16x16) in one x4,
    // B for both key tiles (K rows are B's columns) in one x4.
    {
      const int mh = warp / 2, nk0 = (warp % 2) * 2;
      float c[2][4] = {};
      const __nv_bfloat16* qa = qs + (mh * 16 + (lane % 16)) * L.Wp + (lane / 16) * 8;
      const __nv_bfloat16* kb = ks + (nk0 * 8 + (lane % 8) + (lane / 16) * 8) * L.Wp + ((lane / 8) % 2) * 8;
      for (int kk = 0; kk < W; kk += 16) {
        uint32_t a[4], b[4];
        ldmatrix_x4(a, qa + kk);
        ldmatrix_x4(b, kb + kk);
        mma16816(c[0], a, b[0], b[1]);
        mma16816(c[1], a, b[2], b[3]);
      }
#pragma unroll
      for (int u = 0; u < 2; ++u) {
        float* srow = ss + (mh * 16 + g) * L.Sp + (nk0 + u) * 8 + 2 * tq;
        srow[0] = c[u][0] * scale;
        srow[1] = c[u][1] * scale;
        srow[8 * L.Sp] = c[u][2] * scale;
        srow[8 * L.Sp + 1] = c[u][3] * scale;
      }
    }
    __syncthreads();
    // Online softmax: 4 threads per head row, 8 keys each.
    {
      const int row = threadIdx.x / 4, q4 = threadIdx.x % 4;
      const int nvalid = min(kKT, k1 - j0);
      float v[8], mx = -INFINITY;
#pragma unroll
      for (int i = 0; i < 8; ++i) {
        const int key = q4 * 8 + i;
        v[i] = key < nvalid ? ss[row * L.Sp + key] : -INFINITY;
        mx = fmaxf(mx, v[i]);
      }
      mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
      mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
      const float mold = st_m[row], mnew = fmaxf(mold, mx);
      float sum = 0.0f;
#pragma unroll
      for (int i = 0; i < 8; ++i) {
        const float p = v[i] == -INFINITY ? 0.0f : __expf(v[i] - mnew);
        const __nv_bfloat16 pb = __float2bfloat16_rn(p);
        ps[row * L.Pp + q4 * 8 + i] = pb;
        sum += __bfloat162float(pb);  // the weights P·V really uses
      }
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      sum += __shfl_xor_sync(0xffffffffu, sum, 2);
      __syncwarp();
      if (q4 == 0) {
        const float alpha = mold == -INFINITY ? 0.0f : __expf(mold - mnew);
        st_a[row] = alpha;
        st_l[row] = st_l[row] * alpha + sum;
        st_m[row] = mnew;
      }
    }
    __syncthreads();
    // O[16 heads of slice hs][cols of half rs] = O·alpha + P·V
    {
      const float a_lo = st_a[hs * 16 + g], a_hi = st_a[hs * 16 + g + 8];
#pragma unroll
      for (int i = 0; i < kMaxNT; ++i) {
        acc[i][0] *= a_lo; acc[i][1] *= a_lo; acc[i][2] *= a_hi; acc[i][3] *= a_hi;
      }
      const __nv_bfloat16* pa = ps + (hs * 16 + g) * L.Pp + 2 * tq;
#pragma unroll
      for (int kk = 0; kk < kKT; kk += 16) {
        const uint32_t a[4] = {ld32(pa + kk), ld32(pa + 8 * L.Pp + kk), ld32(pa + kk + 8), ld32(pa + 8 * L.Pp + kk + 8)};
        // ldmatrix x4 trans: lanes 0-15 address rows kk..kk+15 at column n0, lanes 16-31 the same rows at n0+8.
        const __nv_bfloat16* vrow = ks + (kk + (lane % 16)) * L.Wp + col0 + (lane / 16) * 8;
#pragma unroll
        for (int i = 0; i < kMaxNT; i += 2) {
          if (i < nt) {
            uint32_t b[4];
            ldmatrix_x4_trans(b, vrow + i * 8);
            mma16816(acc[i], a, b[0], b[1]);
            if (i + 1 < nt) mma16816(acc[i + 1], a, b[2], b[3]);
          }
        }
      }
    }
    __syncthreads();  // the buffer is reloaded two tiles later; S/P/stats reused next tile
  }

  __syncthreads();  // stats visible even when this split had no keys
  // Write O (rows g, g+8 of this warp's head slice; columns 2tq, 2tq+1 of each n8 tile).
#pragma unroll
  for (int half = 0; half < 2; ++half) {
    const int hh = hs * 16 + g + 8 * half, h = h0 + hh;
    if (h >= H) continue;
    const float l = st_l[hh], inv = l > 0.0f ? 1.0f / l : 0.0f;
    float* dst = S == 1 ? o_lat + (int64_t(t) * H + h) * R : part + ((int64_t(t) * H + h) * S + sp) * (R + 2);
    const float mul = S == 1 ? inv : 1.0f;
#pragma unroll
    for (int i = 0; i < kMaxNT; ++i) {
      if (i < nt) {
        const int c = col0 + i * 8 + 2 * tq;
        dst[c] = acc[i][2 * half] * mul;
        dst[c + 1] = acc[i][2 * half + 1] * mul;
      }
    }
    if (S > 1 && rs == 0 && tq == 0) {
      dst[R] = st_m[hh];
      dst[R + 1] = l;
    }
  }
}

}  // namespace

// q (dq per head) and the dn offset must keep float4 alignment too: checked by the caller's shapes
// (dq, dn multiples of 4 in every DeepSeek config; the launcher falls back otherwise).
bool latent_attention_tc_ok(const CacheView& c) { return c.bf16 && c.R % 16 == 0 && c.R <= 512 && (c.R + c.dr) % 16 == 0; }

void latent_attention_tc_init() {
  cudaFuncSetAttribute(attn_tc_k, cudaFuncAttributeMaxDynamicSharedMemorySize, int(layout(512 + 64).bytes));
  DSEEK_CU_LAUNCHED();
}

void latent_attention_tc(const float* q_lat, const float* q, int dq, int dn, int T, int H, const CacheView& cache,
                         int layer, const RowMap& rm, int chunk, float scale, int splits, float* part, float* o_lat,
                         cudaStream_t s) {
  const Smem L = layout(cache.R + cache.dr);
  const dim3 grid(unsigned(T), unsigned((H + kHG - 1) / kHG), unsigned(splits));
  attn_tc_k<<<grid, kThreads, L.bytes, s>>>(q_lat, q, dq, dn, H, cache, layer, rm, scale, chunk, part, o_lat);
  DSEEK_CU_LAUNCHED();
}

}  // namespace dseek::cu
