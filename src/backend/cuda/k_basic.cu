// k_basic.cu — embedding, RMSNorm, residual add, conversions, row gathers and
// the seeded random fill of benchmark presets.
// What it is not: attention, GEMV or MoE kernels (k_mla.cu, k_gemv.cu, k_moe.cu).
#include <stdexcept>
#include <string>

#include "backend/cuda/k_common.cuh"

namespace dseek::cu {

void check_launch_impl(const char* file, int line, cudaError_t e);

namespace {

__global__ void embed_k(const void* table, int wt, const int32_t* tokens, int64_t n, float* out) {
  const int t = blockIdx.x;
  const int64_t base = int64_t(tokens[t]) * n;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) out[int64_t(t) * n + i] = load_w(table, wt, base + i);
}

__global__ void rmsnorm_k(const float* x, int64_t ldx, const float* g, float eps, int64_t n, float* y, int64_t ldy) {
  __shared__ float red[32];
  const float* xr = x + int64_t(blockIdx.x) * ldx;
  float* yr = y + int64_t(blockIdx.x) * ldy;
  float ss = 0.0f;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) ss += xr[i] * xr[i];
  ss = block_sum(ss, red);
  const float inv = 1.0f / sqrtf(ss / float(n) + eps);
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) yr[i] = g[i] * (xr[i] * inv);
}

// h[r] += y[r]; x[r] = g ⊙ h[r] / rms(h[r])   (the residual add fused into the next norm)
__global__ void add_rmsnorm_k(float* h, const float* y, const float* g, float eps, int64_t n, float* x) {
  __shared__ float red[32];
  float* hr = h + int64_t(blockIdx.x) * n;
  const float* yr = y + int64_t(blockIdx.x) * n;
  float* xr = x + int64_t(blockIdx.x) * n;
  float ss = 0.0f;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    const float v = hr[i] + yr[i];
    hr[i] = v;
    ss += v * v;
  }
  ss = block_sum(ss, red);
  const float inv = 1.0f / sqrtf(ss / float(n) + eps);
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) xr[i] = g[i] * (hr[i] * inv);
}

__global__ void add_k(float* h, const float* y, int64_t n) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) h[i] += y[i];
}

__global__ void silu_mul_k(const float* g, const float* u, int64_t n, float* h) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    h[i] = silu(g[i]) * u[i];
}

__global__ void to_bf16_k(const float* x, int64_t n, __nv_bfloat16* y) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    y[i] = __float2bfloat16_rn(x[i]);
}
// Four at a time (16-byte loads, 8-byte stores): n4 = n / 4, x 16-byte and y 8-byte aligned.
__global__ void to_bf16_v4_k(const float4* x, int64_t n4, uint2* y) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n4; i += int64_t(gridDim.x) * blockDim.x) {
    const float4 v = x[i];
    __nv_bfloat162 lo = __floats2bfloat162_rn(v.x, v.y), hi = __floats2bfloat162_rn(v.z, v.w);
    y[i] = make_uint2(*reinterpret_cast<uint32_t*>(&lo), *reinterpret_cast<uint32_t*>(&hi));
  }
}

__global__ void fp8_to_bf16_k(const uint8_t* w, const float* scale, int64_t out, int64_t in, __nv_bfloat16* y) {
  const int64_t sc = (in + 127) / 128, n = out * in;
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t r = i / in, c = i % in;
    y[i] = __float2bfloat16_rn(fp8f(w[i]) * scale[(r / 128) * sc + c / 128]);
  }
}

__global__ void gather_k(const float* x, const int32_t* rows, int64_t n, float* y) {
  const float* src = x + int64_t(rows[blockIdx.x]) * n;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) y[int64_t(blockIdx.x) * n + i] = src[i];
}

__global__ void concat2_k(const float* a, const float* b, int64_t n, float* y) {
  const int64_t t = blockIdx.x;
  for (int64_t i = threadIdx.x; i < n; i += blockDim.x) {
    y[t * 2 * n + i] = a[t * n + i];
    y[t * 2 * n + n + i] = b[t * n + i];
  }
}

// splitmix64 of (seed, index) -> uniform [0, 1).
__device__ __forceinline__ float hash_uniform(uint64_t seed, uint64_t i) {
  uint64_t z = seed * 0x9E3779B97F4A7C15ull + i + 0x632BE59BD9B4E019ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return float(z >> 40) * (1.0f / 16777216.0f);
}

__global__ void fill_random_k(void* data, int wt, int64_t n, float a, uint64_t seed) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x) {
    const float u = (2.0f * hash_uniform(seed, uint64_t(i)) - 1.0f) * a;
    if (wt == kF32) static_cast<float*>(data)[i] = u;
    else if (wt == kBF16) static_cast<__nv_bfloat16*>(data)[i] = __float2bfloat16_rn(u);
    else static_cast<uint8_t*>(data)[i] = __nv_cvt_float_to_fp8(u * (448.0f / a), __NV_SATFINITE, __NV_E4M3);
  }
}

__global__ void fill_f32_k(float* x, int64_t n, float lo, float hi, uint64_t seed) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    x[i] = lo + (hi - lo) * hash_uniform(seed, uint64_t(i));
}

// One block of 128 threads per 1x128 tile (row t, column block kb).
__global__ void act_quant_k(const float* x, int M, int Mp, int64_t K, uint8_t* q, float* sx) {
  __shared__ float red[4];
  const int kb = blockIdx.x, t = blockIdx.y;
  const int64_t k = int64_t(kb) * 128 + threadIdx.x;
  const float v = t < M && k < K ? x[int64_t(t) * K + k] : 0.0f;
  float a = warp_max(fabsf(v));
  if (threadIdx.x % kWarp == 0) red[threadIdx.x / kWarp] = a;
  __syncthreads();
  a = fmaxf(fmaxf(red[0], red[1]), fmaxf(red[2], red[3]));
  const float sc = a > 0.0f ? a / 448.0f : 1.0f;
  if (k < K) q[int64_t(t) * K + k] = __nv_cvt_float_to_fp8(v / sc, __NV_SATFINITE, __NV_E4M3);
  if (threadIdx.x == 0) sx[int64_t(kb) * Mp + t] = sc;
}

__global__ void bf16_to_f32_k(const __nv_bfloat16* x, int64_t n, float* y) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < n; i += int64_t(gridDim.x) * blockDim.x)
    y[i] = __bfloat162float(x[i]);
}

__global__ void repack_l4_k(const float* scale, int64_t nb, int64_t L, int64_t L4, float* out) {
  for (int64_t i = blockIdx.x * int64_t(blockDim.x) + threadIdx.x; i < nb * L4; i += int64_t(gridDim.x) * blockDim.x) {
    const int64_t r = i / L4, c = i % L4;
    out[i] = c < L ? scale[r * L + c] : 0.0f;
  }
}

int grid_for(int64_t n) {
  const int64_t b = (n + 255) / 256;
  return int(b < 132 * 16 ? (b < 1 ? 1 : b) : 132 * 16);
}

}  // namespace

void check_launch(const char* file, int line) { check_launch_impl(file, line, cudaGetLastError()); }

void embed(const void* table, int wt, const int32_t* tokens, int T, int64_t n, float* out, cudaStream_t s) {
  if (T <= 0) return;
  embed_k<<<T, 256, 0, s>>>(table, wt, tokens, n, out);
  DSEEK_CU_LAUNCHED();
}

void rmsnorm(const float* x, int64_t ldx, const float* g, float eps, int rows, int64_t n, float* y, int64_t ldy,
             cudaStream_t s) {
  if (rows <= 0) return;
  rmsnorm_k<<<rows, n >= 4096 ? 1024 : n >= 1024 ? 512 : 128, 0, s>>>(x, ldx, g, eps, n, y, ldy);
  DSEEK_CU_LAUNCHED();
}

void add_rmsnorm(float* h, const float* y, const float* g, float eps, int rows, int64_t n, float* x, cudaStream_t s) {
  if (rows <= 0) return;
  add_rmsnorm_k<<<rows, n >= 4096 ? 1024 : 256, 0, s>>>(h, y, g, eps, n, x);
  DSEEK_CU_LAUNCHED();
}

void add_inplace(float* h, const float* y, int64_t n, cudaStream_t s) {
  add_k<<<grid_for(n), 256, 0, s>>>(h, y, n);
  DSEEK_CU_LAUNCHED();
}

void silu_mul(const float* g, const float* u, int64_t n, float* h, cudaStream_t s) {
  silu_mul_k<<<grid_for(n), 256, 0, s>>>(g, u, n, h);
  DSEEK_CU_LAUNCHED();
}

void to_bf16(const float* x, int64_t n, uint16_t* y, cudaStream_t s) {
  if (n > 0 && n % 4 == 0 && aligned16(x) && reinterpret_cast<uintptr_t>(y) % 8 == 0) {
    to_bf16_v4_k<<<grid_for(n / 4), 256, 0, s>>>(reinterpret_cast<const float4*>(x), n / 4, reinterpret_cast<uint2*>(y));
    DSEEK_CU_LAUNCHED();
    return;
  }
  to_bf16_k<<<grid_for(n), 256, 0, s>>>(x, n, reinterpret_cast<__nv_bfloat16*>(y));
  DSEEK_CU_LAUNCHED();
}

void fp8_to_bf16(const DLinear& w, uint16_t* y, cudaStream_t s) {
  fp8_to_bf16_k<<<grid_for(w.out * w.in), 256, 0, s>>>(static_cast<const uint8_t*>(w.w), w.scale, w.out, w.in,
                                                        reinterpret_cast<__nv_bfloat16*>(y));
  DSEEK_CU_LAUNCHED();
}

void act_quant_fp8(const float* x, int M, int Mp, int64_t K, uint8_t* q, float* sx, cudaStream_t s) {
  if (Mp <= 0) return;
  act_quant_k<<<dim3(unsigned((K + 127) / 128), unsigned(Mp)), 128, 0, s>>>(x, M, Mp, K, q, sx);
  DSEEK_CU_LAUNCHED();
}

void bf16_to_f32(const uint16_t* x, int64_t n, float* y, cudaStream_t s) {
  bf16_to_f32_k<<<grid_for(n), 256, 0, s>>>(reinterpret_cast<const __nv_bfloat16*>(x), n, y);
  DSEEK_CU_LAUNCHED();
}

void repack_scales_l4(const float* scale, int64_t nb, int64_t L, int64_t L4, float* out, cudaStream_t s) {
  repack_l4_k<<<grid_for(nb * L4), 256, 0, s>>>(scale, nb, L, L4, out);
  DSEEK_CU_LAUNCHED();
}

void gather_rows(const float* x, const int32_t* rows, int count, int64_t n, float* y, cudaStream_t s) {
  if (count <= 0) return;
  gather_k<<<count, 256, 0, s>>>(x, rows, n, y);
  DSEEK_CU_LAUNCHED();
}

void concat2(const float* a, const float* b, int T, int64_t n, float* y, cudaStream_t s) {
  if (T <= 0) return;
  concat2_k<<<T, 256, 0, s>>>(a, b, n, y);
  DSEEK_CU_LAUNCHED();
}

void fill_random(DLinear& w, void* data, float* scale, float a, uint64_t seed, cudaStream_t s) {
  const int64_t n = w.out * w.in;
  fill_random_k<<<grid_for(n), 256, 0, s>>>(data, w.wt, n, a, seed);
  DSEEK_CU_LAUNCHED();
  if (w.wt == kFP8) {
    const int64_t ns = ((w.out + 127) / 128) * ((w.in + 127) / 128);
    fill_f32_k<<<grid_for(ns), 256, 0, s>>>(scale, ns, a / 448.0f, a / 448.0f, seed);
    DSEEK_CU_LAUNCHED();
  }
  w.w = data;
  w.scale = scale;
}

void fill_random_f32(float* x, int64_t n, float lo, float hi, uint64_t seed, cudaStream_t s) {
  fill_f32_k<<<grid_for(n), 256, 0, s>>>(x, n, lo, hi, seed);
  DSEEK_CU_LAUNCHED();
}

}  // namespace dseek::cu
