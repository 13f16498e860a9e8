// k_moe.cu — DeepSeekMoE routing on the device (V3: sigmoid + correction bias,
// top-2-sum group limit, unbiased renormalised weights; V2: softmax, greedy or
// group-limited), the token permutation by expert (counts -> offsets ->
// scatter, all on the device: no host sync), the weighted combine, and greedy
// arg-max over logits. Semantics mirror model/moe.cpp, ties to the lower index.
// What it is not: the expert GEMVs (k_gemv.cu).
#include <algorithm>

#include "backend/cuda/k_common.cuh"

namespace dseek::cu {
namespace {

// Warp-wide arg-max over v[i] for i < n with usable(i); ties to the lower index; -1 if none.
template <typename F>
__device__ int warp_argmax(const float* v, int n, F usable) {
  float bv = -INFINITY;
  int bi = -1;
  for (int i = threadIdx.x; i < n; i += kWarp)
    if (usable(i) && (bi < 0 || v[i] > bv)) { bv = v[i]; bi = i; }
  for (int o = 16; o > 0; o >>= 1) {
    const float ov = __shfl_xor_sync(0xffffffffu, bv, o);
    const int oi = __shfl_xor_sync(0xffffffffu, bi, o);
    if (oi >= 0 && (bi < 0 || ov > bv || (ov == bv && oi < bi))) { bv = ov; bi = oi; }
  }
  return bi;
}

// One warp per token.
__global__ void route_k(const float* logits, const float* bias, RouterParams p, int32_t* topk_idx, float* topk_w,
                        int32_t* counts) {
  extern __shared__ float sm[];
  float* s = sm;           // [E] scores used for the weights
  float* sc = sm + p.E;    // [E] selection scores
  int* taken = reinterpret_cast<int*>(sm + 2 * p.E);  // [E]
  __shared__ float gs[64];
  __shared__ int keep[64];
  __shared__ int idx[32];
  const int t = blockIdx.x, E = p.E, lane = threadIdx.x;
  for (int e = lane; e < E; e += kWarp) {
    const float x = logits[int64_t(t) * E + e];
    s[e] = p.v3 ? 1.0f / (1.0f + expf(-x)) : x;
    taken[e] = 0;
  }
  __syncwarp();
  if (!p.v3) {  // softmax
    float m = -INFINITY, z = 0.0f;
    for (int e = lane; e < E; e += kWarp) m = fmaxf(m, s[e]);
    m = warp_max(m);
    for (int e = lane; e < E; e += kWarp) z += expf(s[e] - m);
    z = warp_sum(z);
    for (int e = lane; e < E; e += kWarp) s[e] = expf(s[e] - m) / z;
    __syncwarp();
  }
  for (int e = lane; e < E; e += kWarp) sc[e] = s[e] + (p.v3 && bias ? bias[e] : 0.0f);
  __syncwarp();
  const bool grouped = p.v3 ? p.n_group > 1 : p.group_limited;
  if (grouped) {
    const int G = p.n_group, per = E / G;
    for (int g = lane; g < G; g += kWarp) {
      float a = -INFINITY, b = -INFINITY;
      for (int i = 0; i < per; ++i) {
        const float v = sc[g * per + i];
        if (v > a) { b = a; a = v; } else if (v > b) b = v;
      }
      gs[g] = p.v3 ? (per >= 2 ? a + b : a) : a;
      keep[g] = 0;
    }
    __syncwarp();
    for (int k = 0; k < p.topk_group; ++k) {
      const int bi = warp_argmax(gs, G, [&](int g) { return keep[g] == 0; });
      if (lane == 0) keep[bi] = 1;
      __syncwarp();
    }
    for (int e = lane; e < E; e += kWarp)
      if (!keep[e / per]) sc[e] = p.v3 ? -INFINITY : 0.0f;
    __syncwarp();
  }
  for (int k = 0; k < p.K; ++k) {
    const int bi = warp_argmax(sc, E, [&](int e) { return taken[e] == 0; });
    if (lane == 0) { idx[k] = bi; taken[bi] = 1; }
    __syncwarp();
  }
  if (lane != 0) return;
  float sum = 0.0f;
  for (int k = 0; k < p.K; ++k) sum += s[idx[k]];
  for (int k = 0; k < p.K; ++k) {
    float w = s[idx[k]];
    if (p.v3 && p.norm_topk) w /= (sum + 1e-20f);
    topk_idx[t * p.K + k] = idx[k];
    topk_w[t * p.K + k] = w * p.scaling;
    if (idx[k] >= p.e_lo && idx[k] < p.e_hi) atomicAdd(&counts[idx[k]], 1);
  }
}

// One block (E <= 1024 threads): exclusive scan of counts in shared memory.
__global__ void offsets_k(const int32_t* counts, int E, int32_t* offsets, int32_t* fill, int32_t* active) {
  __shared__ int sc[1024], ac[1024];
  const int e = threadIdx.x;
  const int c = e < E ? counts[e] : 0;
  sc[e] = c;
  ac[e] = c > 0;
  __syncthreads();
  for (int o = 1; o < int(blockDim.x); o <<= 1) {  // inclusive Hillis-Steele scans
    const int a = e >= o ? sc[e - o] : 0, b = e >= o ? ac[e - o] : 0;
    __syncthreads();
    sc[e] += a;
    ac[e] += b;
    __syncthreads();
  }
  if (e < E) {
    offsets[e] = sc[e] - c;
    fill[e] = 0;
    if (c > 0) active[ac[e]] = e;  // 1-based: active[0] is the count
  }
  if (e == int(blockDim.x) - 1) {
    offsets[E] = sc[e];
    active[0] = ac[e];
  }
}

__global__ void scatter_k(const float* x, const int32_t* topk_idx, int K, int64_t n, const int32_t* offsets,
                          int32_t* fill, int32_t* pos, float* xs, int e_lo, int e_hi) {
  __shared__ int p;
  const int tk = blockIdx.x, t = tk / K;
  if (threadIdx.x == 0) {
    const int e = topk_idx[tk];
    p = e >= e_lo && e < e_hi ? offsets[e] + atomicAdd(&fill[e], 1) : -1;  // -1: another GPU's expert
    pos[tk] = p;
  }
  __syncthreads();
  if (p < 0) return;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) xs[int64_t(p) * n + i] = x[int64_t(t) * n + i];
}

__global__ void combine_k(const float* ys, const int32_t* pos, const float* topk_w, int K, int64_t n, bool accumulate,
                          float* out) {
  const int t = blockIdx.x;
  for (int64_t i = blockIdx.y * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.y) * blockDim.x) {
    float v = accumulate ? out[int64_t(t) * n + i] : 0.0f;
    for (int k = 0; k < K; ++k) {
      const int p = pos[t * K + k];
      if (p >= 0) v += topk_w[t * K + k] * ys[int64_t(p) * n + i];
    }
    out[int64_t(t) * n + i] = v;
  }
}

// Arg-max of (value, index) pairs; ties and NaN-free: larger value, then lower index.
__device__ __forceinline__ void better(float& v, int& i, float ov, int oi) {
  if (oi >= 0 && (i < 0 || ov > v || (ov == v && oi < i))) { v = ov; i = oi; }
}

// Block (chunk b, row r) writes the arg-max of its chunk to part[r][b] (value, index as float bits).
__global__ void argmax_part_k(const float* logits, int64_t vocab, int64_t chunk, float* part) {
  __shared__ float bv[32];
  __shared__ int bi[32];
  const int r = blockIdx.y, b = blockIdx.x, nb = gridDim.x;
  const float* x = logits + int64_t(r) * vocab;
  const int64_t j0 = int64_t(b) * chunk, j1 = min(vocab, j0 + chunk);
  float v = -INFINITY;
  int i = -1;
  for (int64_t j = j0 + threadIdx.x; j < j1; j += blockDim.x) better(v, i, x[j], int(j));
  for (int o = 16; o > 0; o >>= 1) better(v, i, __shfl_xor_sync(0xffffffffu, v, o), __shfl_xor_sync(0xffffffffu, i, o));
  if (threadIdx.x % kWarp == 0) { bv[threadIdx.x / kWarp] = v; bi[threadIdx.x / kWarp] = i; }
  __syncthreads();
  if (threadIdx.x == 0) {
    for (int w = 1; w < int(blockDim.x) / kWarp; ++w) better(v, i, bv[w], bi[w]);
    part[(int64_t(r) * nb + b) * 2] = v;
    part[(int64_t(r) * nb + b) * 2 + 1] = __int_as_float(i);
  }
}

__global__ void argmax_final_k(const float* part, int nb, int32_t* out) {
  const int r = blockIdx.x;
  float v = -INFINITY;
  int i = -1;
  for (int b = threadIdx.x; b < nb; b += kWarp) better(v, i, part[(int64_t(r) * nb + b) * 2], __float_as_int(part[(int64_t(r) * nb + b) * 2 + 1]));
  for (int o = 16; o > 0; o >>= 1) better(v, i, __shfl_xor_sync(0xffffffffu, v, o), __shfl_xor_sync(0xffffffffu, i, o));
  if (threadIdx.x == 0) out[r] = i;
}

}  // namespace

void route(const float* logits, const float* bias, int T, const RouterParams& p, int32_t* topk_idx, float* topk_w,
           int32_t* counts, cudaStream_t s) {
  if (T <= 0) return;
  route_k<<<T, kWarp, size_t(3 * p.E) * sizeof(float), s>>>(logits, bias, p, topk_idx, topk_w, counts);
  DSEEK_CU_LAUNCHED();
}

void expert_offsets(const int32_t* counts, int E, int32_t* offsets, int32_t* fill, int32_t* active, cudaStream_t s) {
  int threads = 32;
  while (threads < E) threads <<= 1;
  offsets_k<<<1, threads, 0, s>>>(counts, E, offsets, fill, active);
  DSEEK_CU_LAUNCHED();
}

void moe_scatter(const float* x, const int32_t* topk_idx, int T, int K, int64_t n, const int32_t* offsets,
                 int32_t* fill, int32_t* pos, float* xs, cudaStream_t s, int e_lo, int e_hi) {
  if (T <= 0) return;
  scatter_k<<<T * K, 256, 0, s>>>(x, topk_idx, K, n, offsets, fill, pos, xs, e_lo, e_hi);
  DSEEK_CU_LAUNCHED();
}

void moe_combine(const float* ys, const int32_t* pos, const float* topk_w, int T, int K, int64_t n, bool accumulate,
                 float* out, cudaStream_t s) {
  if (T <= 0) return;
  const dim3 grid(unsigned(T), unsigned(std::min<int64_t>((n + 1023) / 1024, std::max(1, 264 / T))));
  combine_k<<<grid, 256, 0, s>>>(ys, pos, topk_w, K, n, accumulate, out);
  DSEEK_CU_LAUNCHED();
}

void argmax_rows(const float* logits, int rows, int64_t vocab, int32_t* out, float* scratch, cudaStream_t s) {
  if (rows <= 0) return;
  const int nb = int(std::min<int64_t>(kArgmaxBlocks, (vocab + 2047) / 2048));
  const int64_t chunk = (vocab + nb - 1) / nb;
  argmax_part_k<<<dim3(unsigned(nb), unsigned(rows)), 256, 0, s>>>(logits, vocab, chunk, scratch);
  DSEEK_CU_LAUNCHED();
  argmax_final_k<<<rows, kWarp, 0, s>>>(scratch, nb, out);
  DSEEK_CU_LAUNCHED();
}

}  // namespace dseek::cu
