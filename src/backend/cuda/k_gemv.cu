// k_gemv.cu — weight-streaming products for few rows (decode): each warp owns
// one output feature and streams its weight row once with 16-byte loads,
// dequantising in registers (BF16, or FP8 times its 128x128-block scale),
// against up to 8 activation rows at a time. Also MoE's grouped experts (one
// grid row per expert, rows located by device-side offsets: no host sync) and
// MLA's absorption of kv_b's key half into the query.
// What it is not: a tensor-core GEMM (prefill goes through cuBLAS, cuda_linear.cpp).
#include "backend/cuda/k_common.cuh"

namespace dseek::cu {
namespace {

constexpr int kWarpsPerBlock = 8;

template <int WT> __host__ __device__ constexpr int esize() { return WT == kF32 ? 4 : WT == kBF16 ? 2 : 1; }

// Output features per warp: each activation chunk loaded once feeds that many
// weight rows (the fp32 activation reads through L1 otherwise outweigh the FP8
// weight bytes 4:1); fewer outputs per warp leave more warps streaming.
constexpr int kOutsOne = 2;   // one activation row (decode)
constexpr int kOutsMany = 4;  // several rows

// Σ of the 16 weight bytes (WChunk<WT>::n values) times x[0..n).
template <int WT>
__device__ __forceinline__ float dot16(const uint4& v, const float* xx) {
  const uint32_t u[4] = {v.x, v.y, v.z, v.w};
  float d = 0.0f;
  if constexpr (WT == kF32) {
#pragma unroll
    for (int i = 0; i < 4; ++i) d += __uint_as_float(u[i]) * xx[i];
  } else if constexpr (WT == kBF16) {
#pragma unroll
    for (int i = 0; i < 4; ++i) d += __uint_as_float(u[i] << 16) * xx[2 * i] + __uint_as_float(u[i] & 0xffff0000u) * xx[2 * i + 1];
  } else {
#pragma unroll
    for (int i = 0; i < 4; ++i) {
      const float2 a = fp8x2f(uint16_t(u[i] & 0xffffu)), b = fp8x2f(uint16_t(u[i] >> 16));
      d += a.x * xx[4 * i] + a.y * xx[4 * i + 1] + b.x * xx[4 * i + 2] + b.y * xx[4 * i + 3];
    }
  }
  return d;
}

// acc[r][o] += Σ_k W[row_o, k] · x[r·ldx + k] for r < nr, o < no (partial per lane; caller reduces).
template <int WT, bool VEC, int NR, int kOuts>
__device__ __forceinline__ void warp_dot(const void* const (&wrow)[kOuts], const float* const (&srow)[kOuts], int no,
                                         int64_t k0, int64_t k1, const float* x, int64_t ldx, int nr,
                                         float (&acc)[NR][kOuts]) {
  const int lane = threadIdx.x % kWarp;
  if constexpr (VEC) {
    // The 16-byte weight loads of every output row go out first; each is then
    // unpacked word by word straight into the dot (few live registers: more
    // warps per SM, which is what a latency-bound stream needs).
    constexpr int n = WChunk<WT>::n;
    const int64_t nch = k1 / n;
#pragma unroll 2
    for (int64_t c = k0 / n + lane; c < nch; c += kWarp) {
      uint4 wv[kOuts];
      float sc[kOuts];
#pragma unroll
      for (int o = 0; o < kOuts; ++o) {
        wv[o] = o < no ? __ldg(static_cast<const uint4*>(wrow[o]) + c) : make_uint4(0, 0, 0, 0);
        sc[o] = WT == kFP8 && o < no ? srow[o][(c * n) / 128] : 1.0f;
      }
#pragma unroll
      for (int r = 0; r < NR; ++r) {
        if (r < nr) {
          const float4* xv = reinterpret_cast<const float4*>(x + r * ldx + c * n);
          float xx[n];
#pragma unroll
          for (int q = 0; q < n / 4; ++q) {
            const float4 v = xv[q];
            xx[4 * q] = v.x; xx[4 * q + 1] = v.y; xx[4 * q + 2] = v.z; xx[4 * q + 3] = v.w;
          }
#pragma unroll
          for (int o = 0; o < kOuts; ++o) acc[r][o] += sc[o] * dot16<WT>(wv[o], xx);
        }
      }
    }
  } else {
    for (int64_t k = k0 + lane; k < k1; k += kWarp) {
      float wk[kOuts];
#pragma unroll
      for (int o = 0; o < kOuts; ++o) {
        wk[o] = 0.0f;
        if (o < no) {
          wk[o] = load_w(wrow[o], WT, k);
          if constexpr (WT == kFP8) wk[o] *= srow[o][k / 128];
        }
      }
#pragma unroll
      for (int r = 0; r < NR; ++r)
        if (r < nr) {
          const float xk = x[r * ldx + k];
#pragma unroll
          for (int o = 0; o < kOuts; ++o) acc[r][o] += wk[o] * xk;
        }
    }
  }
}

template <int WT>
__device__ __forceinline__ const void* row_ptr(const DLinear& w, int64_t row) {
  return static_cast<const uint8_t*>(w.w) + row * w.in * esize<WT>();
}
template <int WT>
__device__ __forceinline__ const float* scale_ptr(const DLinear& w, int64_t row) {
  return WT == kFP8 ? w.scale + (row / 128) * ((w.in + 127) / 128) : nullptr;
}

// Reduces acc over the warp and lane 0 stores y[r][o] through `store`.
template <int NR, int kOuts, typename Store>
__device__ __forceinline__ void reduce_store(float (&acc)[NR][kOuts], int nr, int no, Store store) {
  const int lane = threadIdx.x % kWarp;
#pragma unroll
  for (int r = 0; r < NR; ++r)
#pragma unroll
    for (int o = 0; o < kOuts; ++o) {
      const float v = warp_sum(acc[r][o]);
      if (lane == 0 && r < nr && o < no) store(r, o, v);
    }
}

template <int WT, bool VEC, int NR, int kOuts>
__global__ void __launch_bounds__(kWarp * kWarpsPerBlock, NR == 1 ? 4 : 1) gemv_k(GemvArgs a) {
  const int o0 = (blockIdx.x * kWarpsPerBlock + threadIdx.x / kWarp) * kOuts, g = blockIdx.y;
  if (o0 >= a.nout) return;
  const int no = min(kOuts, int(a.nout - o0));
  const void* wrow[kOuts];
  const float* srow[kOuts];
#pragma unroll
  for (int o = 0; o < kOuts; ++o) {
    const int64_t row = a.row0 + g * a.zrow + o0 + min(o, no - 1);
    wrow[o] = row_ptr<WT>(a.w, row);
    srow[o] = scale_ptr<WT>(a.w, row);
  }
  for (int r0 = 0; r0 < a.rows; r0 += NR) {
    const int nr = min(NR, a.rows - r0);
    float acc[NR][kOuts] = {};
    // K split over gridDim.z blocks (one row only): partial sums to a.part, summed by split_reduce_k.
    const int KS = gridDim.z, z = blockIdx.z;
    const int64_t step = VEC ? WChunk<WT>::n : 1, units = a.w.in / step, per = (units + KS - 1) / KS;
    const int64_t k0 = z * per * step, k1 = KS == 1 ? a.w.in : min(a.w.in, (z + 1) * per * step);
    warp_dot<WT, VEC, NR, kOuts>(wrow, srow, no, k0, k1, a.x + g * a.zx + r0 * a.ldx, a.ldx, nr, acc);
    if (KS == 1)
      reduce_store<NR, kOuts>(acc, nr, no, [&](int r, int o, float v) { a.y[(r0 + r) * a.ldy + g * a.zy + o0 + o] = v; });
    else
      reduce_store<NR, kOuts>(acc, nr, no, [&](int, int o, float v) { a.part[(int64_t(z) * a.G + g) * a.nout + o0 + o] = v; });
  }
}

template <int WT, bool VEC, bool SWI, int NR, int kOuts>
__global__ void __launch_bounds__(kWarp * kWarpsPerBlock, NR <= 2 ? 4 : NR <= 4 ? 2 : 1)
    grouped_k(const DLinear* tab, const DLinear* tab2, int64_t out, int64_t in, const int32_t* offsets,
              const int32_t* active, int rows, const float* xs, float* ys) {
  const int o0 = (blockIdx.x * kWarpsPerBlock + threadIdx.x / kWarp) * kOuts;
  int e = blockIdx.y;
  if (active) {
    if (int(blockIdx.y) >= active[0]) return;
    e = active[1 + blockIdx.y];
  }
  const int m0 = offsets ? offsets[e] : 0, m1 = offsets ? offsets[e + 1] : rows;
  if (m0 >= m1 || o0 >= out) return;
  const int no = min(kOuts, int(out - o0));
  const DLinear w = tab[e];
  const void* wrow[kOuts];
  const float* srow[kOuts];
  const void* w2row[kOuts];
  const float* s2row[kOuts];
#pragma unroll
  for (int o = 0; o < kOuts; ++o) {
    const int64_t row = o0 + min(o, no - 1);
    wrow[o] = row_ptr<WT>(w, row);
    srow[o] = scale_ptr<WT>(w, row);
    w2row[o] = nullptr;
    s2row[o] = nullptr;
    if constexpr (SWI) {
      const DLinear w2 = tab2[e];
      w2row[o] = row_ptr<WT>(w2, row);
      s2row[o] = scale_ptr<WT>(w2, row);
    }
  }
  for (int r0 = m0; r0 < m1; r0 += NR) {
    const int nr = min(NR, m1 - r0);
    float acc[NR][kOuts] = {};
    warp_dot<WT, VEC, NR, kOuts>(wrow, srow, no, 0, in, xs + int64_t(r0) * in, in, nr, acc);
    if constexpr (SWI) {
      float acc2[NR][kOuts] = {};
      warp_dot<WT, VEC, NR, kOuts>(w2row, s2row, no, 0, in, xs + int64_t(r0) * in, in, nr, acc2);
#pragma unroll
      for (int r = 0; r < NR; ++r)
#pragma unroll
        for (int o = 0; o < kOuts; ++o) acc[r][o] = silu(warp_sum(acc[r][o])) * warp_sum(acc2[r][o]);
      const int lane = threadIdx.x % kWarp;
#pragma unroll
      for (int r = 0; r < NR; ++r)
#pragma unroll
        for (int o = 0; o < kOuts; ++o)
          if (lane == 0 && r < nr && o < no) ys[int64_t(r0 + r) * out + o0 + o] = acc[r][o];
    } else {
      reduce_store<NR, kOuts>(acc, nr, no, [&](int r, int o, float v) { ys[int64_t(r0 + r) * out + o0 + o] = v; });
    }
  }
}

// y[g·zy + o] = Σ_z part[z][g][o]  (the K-split GEMV's second pass, one row)
__global__ void split_reduce_k(const float* part, int KS, int G, int64_t nout, float* y, int64_t zy) {
  const int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x;
  if (i >= G * nout) return;
  float v = 0.0f;
  for (int z = 0; z < KS; ++z) v += part[int64_t(z) * G * nout + i];
  y[(i / nout) * zy + i % nout] = v;
}

template <int WT>
__global__ void absorb_q_k(DLinear kvb, const float* q, int T, int H, int dn, int dv, int dq, float* q_lat) {
  extern __shared__ float qs[];  // [8][dn]
  const int h = blockIdx.x, t0 = blockIdx.y * 8;
  const int64_t R = kvb.in, sc = (R + 127) / 128;
  const int nt = min(8, T - t0);
  for (int i = threadIdx.x; i < 8 * dn; i += blockDim.x) {
    const int r = i / dn, n = i % dn;
    qs[i] = r < nt ? q[(int64_t(t0 + r) * H + h) * dq + n] : 0.0f;
  }
  __syncthreads();
  for (int64_t c = threadIdx.x; c < R; c += blockDim.x) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
#pragma unroll 8
    for (int n = 0; n < dn; ++n) {
      const int64_t row = int64_t(h) * (dn + dv) + n;
      float wv = load_w(kvb.w, WT, row * R + c);
      if constexpr (WT == kFP8) wv *= kvb.scale[(row / 128) * sc + c / 128];
#pragma unroll
      for (int r = 0; r < 8; ++r) acc[r] += qs[r * dn + n] * wv;
    }
    for (int r = 0; r < nt; ++r) q_lat[(int64_t(t0 + r) * H + h) * R + c] = acc[r];
  }
}

// Vectorised form for R % 4 == 0, R <= 512: thread (n-group ng of 4, columns 4c..4c+3);
// the four n-groups' partial sums are added in a fixed order (deterministic).
template <int WT>
__global__ void __launch_bounds__(512) absorb_q_v(DLinear kvb, const float* q, int T, int H, int dn, int dv, int dq,
                                                 float* q_lat) {
  extern __shared__ float sm[];
  float* qs = sm;             // [8][dn]
  float* red = sm + 8 * dn;   // [8][R]
  const int h = blockIdx.x, t0 = blockIdx.y * 8;
  const int R = int(kvb.in), sc = (R + 127) / 128;
  const int nt = min(8, T - t0), c4 = threadIdx.x % 128, ng = threadIdx.x / 128, c = 4 * c4;
  for (int i = threadIdx.x; i < 8 * dn; i += blockDim.x) {
    const int r = i / dn, n = i % dn;
    qs[i] = r < nt ? q[(int64_t(t0 + r) * H + h) * dq + n] : 0.0f;
  }
  for (int i = threadIdx.x; i < 8 * R; i += blockDim.x) red[i] = 0.0f;
  __syncthreads();
  float acc[8][4] = {};
  if (c < R) {
#pragma unroll 4
    for (int n = ng; n < dn; n += 4) {
      const int64_t row = int64_t(h) * (dn + dv) + n, off = row * R + c;
      float w[4];
      if constexpr (WT == kF32) {
        const float4 v = *reinterpret_cast<const float4*>(static_cast<const float*>(kvb.w) + off);
        w[0] = v.x; w[1] = v.y; w[2] = v.z; w[3] = v.w;
      } else if constexpr (WT == kBF16) {
        const uint2 v = *reinterpret_cast<const uint2*>(static_cast<const uint16_t*>(kvb.w) + off);
        w[0] = __uint_as_float(v.x << 16); w[1] = __uint_as_float(v.x & 0xffff0000u);
        w[2] = __uint_as_float(v.y << 16); w[3] = __uint_as_float(v.y & 0xffff0000u);
      } else {
        const uint32_t v = *reinterpret_cast<const uint32_t*>(static_cast<const uint8_t*>(kvb.w) + off);
        const float2 a = fp8x2f(uint16_t(v & 0xffffu)), b = fp8x2f(uint16_t(v >> 16));
        const float s = kvb.scale[(row / 128) * sc + c / 128];
        w[0] = a.x * s; w[1] = a.y * s; w[2] = b.x * s; w[3] = b.y * s;
      }
#pragma unroll
      for (int r = 0; r < 8; ++r) {
        const float qv = qs[r * dn + n];
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[r][j] += qv * w[j];
      }
    }
  }
  for (int g = 0; g < 4; ++g) {
    if (ng == g && c < R)
      for (int r = 0; r < 8; ++r)
        for (int j = 0; j < 4; ++j) red[r * R + c + j] += acc[r][j];
    __syncthreads();
  }
  for (int i = threadIdx.x; i < nt * R; i += blockDim.x) q_lat[(int64_t(t0 + i / R) * H + h) * R + i % R] = red[i];
}

int chunk_elems(int wt) { return wt == kF32 ? 4 : wt == kBF16 ? 8 : 16; }

template <int WT, bool VEC>
void launch_gemv(const GemvArgs& a, cudaStream_t s) {
  auto grid = [&](int no, int ks) {
    return dim3(unsigned((a.nout + kWarpsPerBlock * no - 1) / (kWarpsPerBlock * no)), unsigned(a.G), unsigned(ks));
  };
  constexpr int T = kWarp * kWarpsPerBlock;
  if (a.rows == 1) {
    // Few output rows (kv_a: 576, the router: 256): split K so every SM streams.
    const int64_t blocks = int64_t(grid(kOutsOne, 1).x) * a.G;
    const int64_t units = a.w.in / (VEC ? WChunk<WT>::n : 1);
    int ks = 1;
    while (ks < 8 && blocks * ks < 2 * 132 && units / (ks * 2) >= 4 * kWarp &&
           a.part && int64_t(ks) * 2 * a.G * a.nout <= a.part_cap)
      ks *= 2;
    gemv_k<WT, VEC, 1, kOutsOne><<<grid(kOutsOne, ks), T, 0, s>>>(a);
    if (ks > 1) {
      DSEEK_CU_LAUNCHED();
      const int64_t n = a.G * a.nout;
      split_reduce_k<<<unsigned((n + 255) / 256), 256, 0, s>>>(a.part, ks, a.G, a.nout, a.y, a.zy);
    }
  } else if (a.rows <= 4) {
    gemv_k<WT, VEC, 4, kOutsMany><<<grid(kOutsMany, 1), T, 0, s>>>(a);
  } else {
    gemv_k<WT, VEC, 8, kOutsMany><<<grid(kOutsMany, 1), T, 0, s>>>(a);
  }
}

template <int WT, bool VEC, bool SWI>
void launch_grouped(const DLinear* tab, const DLinear* tab2, int64_t out, int64_t in, int G, const int32_t* offsets,
                    const int32_t* active, int rows, const float* xs, float* ys, cudaStream_t s) {
  auto grid = [&](int no) {
    return dim3(unsigned((out + kWarpsPerBlock * no - 1) / (kWarpsPerBlock * no)), unsigned(G));
  };
  constexpr int T = kWarp * kWarpsPerBlock;
  // Row tile by the average rows per group (decode batches give experts 1-3 rows:
  // a small tile keeps registers low and occupancy high).
  const int64_t avg = (int64_t(rows) + G - 1) / G;
  if (rows == 1)
    grouped_k<WT, VEC, SWI, 1, kOutsOne><<<grid(kOutsOne), T, 0, s>>>(tab, tab2, out, in, offsets, active, rows, xs, ys);
  else if (avg <= 2)
    grouped_k<WT, VEC, SWI, 2, kOutsOne><<<grid(kOutsOne), T, 0, s>>>(tab, tab2, out, in, offsets, active, rows, xs, ys);
  else if (avg <= 4)
    grouped_k<WT, VEC, SWI, 4, kOutsMany><<<grid(kOutsMany), T, 0, s>>>(tab, tab2, out, in, offsets, active, rows, xs,
                                                                         ys);
  else
    grouped_k<WT, VEC, SWI, 8, kOutsMany><<<grid(kOutsMany), T, 0, s>>>(tab, tab2, out, in, offsets, active, rows, xs,
                                                                         ys);
}

template <bool SWI>
void grouped(const DLinear* tab, const DLinear* tab2, const DLinear& shape, int G, const int32_t* offsets,
             const int32_t* active, int rows, const float* xs, float* ys, cudaStream_t s) {
  // Expert weights come from one allocation per tensor kind (16-byte aligned rows when in % chunk == 0).
  const bool vec = shape.in % chunk_elems(shape.wt) == 0 && shape.in % 4 == 0 && aligned16(xs);
  const int64_t out = shape.out, in = shape.in;
#define DSEEK_GROUPED(WT)                                                                  \
  (vec ? launch_grouped<WT, true, SWI>(tab, tab2, out, in, G, offsets, active, rows, xs, ys, s)    \
       : launch_grouped<WT, false, SWI>(tab, tab2, out, in, G, offsets, active, rows, xs, ys, s))
  if (shape.wt == kF32) DSEEK_GROUPED(kF32);
  else if (shape.wt == kBF16) DSEEK_GROUPED(kBF16);
  else DSEEK_GROUPED(kFP8);
#undef DSEEK_GROUPED
  DSEEK_CU_LAUNCHED();
}

}  // namespace

void gemv(const GemvArgs& a, cudaStream_t s) {
  if (a.rows <= 0 || a.nout <= 0) return;
  const int n = chunk_elems(a.w.wt);
  const bool vec = a.w.in % n == 0 && a.ldx % 4 == 0 && a.zx % 4 == 0 && aligned16(a.x) && aligned16(a.w.w);
#define DSEEK_GEMV(WT) (vec ? launch_gemv<WT, true>(a, s) : launch_gemv<WT, false>(a, s))
  if (a.w.wt == kF32) DSEEK_GEMV(kF32);
  else if (a.w.wt == kBF16) DSEEK_GEMV(kBF16);
  else DSEEK_GEMV(kFP8);
#undef DSEEK_GEMV
  DSEEK_CU_LAUNCHED();
}

void grouped_swiglu(const DLinear* gate_tab, const DLinear* up_tab, const DLinear& shape, int G, const int32_t* offsets,
                    const int32_t* active, int rows, const float* xs, float* hs, cudaStream_t s) {
  grouped<true>(gate_tab, up_tab, shape, G, offsets, active, rows, xs, hs, s);
}

void grouped_linear(const DLinear* tab, const DLinear& shape, int G, const int32_t* offsets, const int32_t* active,
                    int rows, const float* xs, float* ys, cudaStream_t s) {
  grouped<false>(tab, nullptr, shape, G, offsets, active, rows, xs, ys, s);
}

void absorb_q(const DLinear& kv_b, const float* q, int T, int H, int dn, int dv, int dq, float* q_lat,
              cudaStream_t s) {
  if (T <= 0) return;
  const dim3 grid(unsigned(H), unsigned((T + 7) / 8));
  if (kv_b.in % 4 == 0 && kv_b.in <= 512) {
    const size_t smem = size_t(8 * dn + 8 * kv_b.in) * sizeof(float);
    if (kv_b.wt == kF32) absorb_q_v<kF32><<<grid, 512, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
    else if (kv_b.wt == kBF16) absorb_q_v<kBF16><<<grid, 512, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
    else absorb_q_v<kFP8><<<grid, 512, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
    DSEEK_CU_LAUNCHED();
    return;
  }
  const size_t smem = size_t(8 * dn) * sizeof(float);
  if (kv_b.wt == kF32) absorb_q_k<kF32><<<grid, 256, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
  else if (kv_b.wt == kBF16) absorb_q_k<kBF16><<<grid, 256, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
  else absorb_q_k<kFP8><<<grid, 256, smem, s>>>(kv_b, q, T, H, dn, dv, dq, q_lat);
  DSEEK_CU_LAUNCHED();
}

}  // namespace dseek::cu
