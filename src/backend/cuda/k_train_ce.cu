// k_train_ce.cu — the training loss kernel (train_kernels.h: cross_entropy): per row of logits the
// log-sum-exp, the loss against the target and the logits' gradient (softmax − onehot, scaled), in
// fp32 or straight to BF16. A block per row. Rows up to kRegMax logits stay in registers: one read
// of the row from memory, one (max, Σexp) reduction, then the gradient from the registers (the
// head's logits are the trainer's widest activation: 8192 rows × vocab per chunk). Wider rows take
// three passes over the row instead. Accurate math (expf/logf) as the rest of the trainer.
// What it is not: the head's GEMMs or the loss bookkeeping (cuda_train_head.cpp).
#include <cuda_bf16.h>

#include <cstdlib>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/k_train_vec.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kCeThreads = 256;
constexpr int kRegMax = kCeThreads * 4 * 16;  // 16 float4s a thread

// Rows of any width: max, Σexp and the gradient each a pass over the row (cached after the first).
__global__ void ce_k(const float* logits, const int32_t* tg, const float* row_w, int64_t V, float scale, float* loss,
                     float* dlogits, __nv_bfloat16* dlb) {
  __shared__ float red[32];
  const int64_t r = blockIdx.x;
  const float* l = logits + r * V;
  const int32_t t = tg[r];
  if (t < 0) {
    if (threadIdx.x == 0) loss[r] = 0.0f;
    if (dlb)
      for (int64_t i = threadIdx.x; i < V; i += blockDim.x) dlb[r * V + i] = __float2bfloat16(0.0f);
    else if (dlogits)
      for (int64_t i = threadIdx.x; i < V; i += blockDim.x) dlogits[r * V + i] = 0.0f;
    return;
  }
  float m = -INFINITY;
  for (int64_t i = threadIdx.x; i < V; i += blockDim.x) m = fmaxf(m, l[i]);
  m = block_max(m, red);
  float s = 0;
  for (int64_t i = threadIdx.x; i < V; i += blockDim.x) s += expf(l[i] - m);
  s = block_sum(s, red);
  const float w = row_w ? row_w[r] : 1.0f;
  const float lse = m + logf(s);
  const float lt = l[t];  // read before dlogits (which may alias) is written
  __syncthreads();
  if (threadIdx.x == 0) loss[r] = w * (lse - lt);
  const float k = row_w ? w : scale;  // per-row weights replace the mean's scale (GRPO), as on the CPU
  if (dlb) {
    for (int64_t i = threadIdx.x; i < V; i += blockDim.x)
      dlb[r * V + i] = __float2bfloat16(k * (expf(l[i] - lse) - (i == t ? 1.0f : 0.0f)));
  } else if (dlogits) {
    for (int64_t i = threadIdx.x; i < V; i += blockDim.x)
      dlogits[r * V + i] = k * (expf(l[i] - lse) - (i == t ? 1.0f : 0.0f));
  }
}

// (max, Σexp relative to max) of two parts combined.
__device__ __forceinline__ void ms_merge(float& m, float& s, float m2, float s2) {
  const float mm = fmaxf(m, m2);
  if (mm == -INFINITY) return;  // both empty
  s = s * expf(m - mm) + s2 * expf(m2 - mm);
  m = mm;
}

// V % 4 == 0, 16-byte aligned rows, V <= kCeThreads·4·F: thread i holds float4s i, i + 256, ... of
// its row in registers.
template <int F>
__global__ void __launch_bounds__(kCeThreads) ce_reg_k(const float* logits, const int32_t* tg, const float* row_w,
                                                        int64_t V, float scale, float* loss, float* dlogits,
                                                        __nv_bfloat16* dlb) {
  __shared__ float red_m[kCeThreads / 32], red_s[kCeThreads / 32];
  const int64_t r = blockIdx.x;
  const int V4 = int(V / 4);
  const int32_t t = tg[r];
  float* dl = dlogits ? dlogits + r * V : nullptr;
  __nv_bfloat16* db = dlb ? dlb + r * V : nullptr;
  if (t < 0) {  // ignored row: loss 0, gradient 0
    if (threadIdx.x == 0) loss[r] = 0.0f;
    for (int c = threadIdx.x; c < V4; c += kCeThreads) {
      if (db) put4(db + 4 * c, make_float4(0, 0, 0, 0));
      else if (dl) put4(dl + 4 * c, make_float4(0, 0, 0, 0));
    }
    return;
  }
  const float4* l4 = reinterpret_cast<const float4*>(logits + r * V);
  float4 v[F];
#pragma unroll
  for (int j = 0; j < F; ++j) {
    const int c = threadIdx.x + kCeThreads * j;
    v[j] = c < V4 ? l4[c] : make_float4(-INFINITY, -INFINITY, -INFINITY, -INFINITY);
  }
  const float lt = logits[r * V + t];  // before any thread writes dlogits (which may alias logits)
  float m = -INFINITY;
#pragma unroll
  for (int j = 0; j < F; ++j) m = fmaxf(m, fmaxf(fmaxf(v[j].x, v[j].y), fmaxf(v[j].z, v[j].w)));
  float s = 0.0f;
  if (m != -INFINITY) {
#pragma unroll
    for (int j = 0; j < F; ++j) s += expf(v[j].x - m) + expf(v[j].y - m) + expf(v[j].z - m) + expf(v[j].w - m);
  }
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) ms_merge(m, s, __shfl_xor_sync(0xffffffffu, m, o), __shfl_xor_sync(0xffffffffu, s, o));
  const int w = threadIdx.x / 32;
  if (threadIdx.x % 32 == 0) {
    red_m[w] = m;
    red_s[w] = s;
  }
  __syncthreads();  // (also: every thread has read its logits and lt before any writes below)
  m = red_m[0];
  s = red_s[0];
  for (int i = 1; i < kCeThreads / 32; ++i) ms_merge(m, s, red_m[i], red_s[i]);
  const float wr = row_w ? row_w[r] : 1.0f;
  const float lse = m + logf(s);
  if (threadIdx.x == 0) loss[r] = wr * (lse - lt);
  if (!db && !dl) return;
  const float k = row_w ? wr : scale;  // per-row weights replace the mean's scale (GRPO), as on the CPU
#pragma unroll
  for (int j = 0; j < F; ++j) {
    const int c = threadIdx.x + kCeThreads * j;
    if (c >= V4) continue;
    const int i0 = 4 * c;
    float4 g;
    g.x = k * (expf(v[j].x - lse) - (i0 == t ? 1.0f : 0.0f));
    g.y = k * (expf(v[j].y - lse) - (i0 + 1 == t ? 1.0f : 0.0f));
    g.z = k * (expf(v[j].z - lse) - (i0 + 2 == t ? 1.0f : 0.0f));
    g.w = k * (expf(v[j].w - lse) - (i0 + 3 == t ? 1.0f : 0.0f));
    if (db) put4(db + 4 * c, g);
    else put4(dl + 4 * c, g);
  }
}

}  // namespace

#define LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

void cross_entropy(const float* logits, const int32_t* targets, const float* row_w, int64_t rows, int64_t V,
                   float scale, float* loss, float* dlogits, cudaStream_t s, uint16_t* dlogits_b16) {
  if (rows <= 0) return;
  auto* dlb = reinterpret_cast<__nv_bfloat16*>(dlogits_b16);
  const auto al = [](const void* p, uintptr_t a) { return reinterpret_cast<uintptr_t>(p) % a == 0; };
  static const bool three_pass = std::getenv("DSEEK_CE_THREE_PASS") != nullptr;  // env: A/B measurement
  if (!three_pass && V % 4 == 0 && V <= kRegMax && al(logits, 16) && al(dlogits, 16) && al(dlogits_b16, 8)) {
    const int64_t per = (V / 4 + kCeThreads - 1) / kCeThreads;  // float4s a thread
    auto go = [&](auto kernel) {
      kernel<<<unsigned(rows), kCeThreads, 0, s>>>(logits, targets, row_w, V, scale, loss, dlogits, dlb);
    };
    if (per <= 1) go(ce_reg_k<1>);
    else if (per <= 2) go(ce_reg_k<2>);
    else if (per <= 4) go(ce_reg_k<4>);
    else if (per <= 8) go(ce_reg_k<8>);
    else go(ce_reg_k<16>);
  } else {
    ce_k<<<unsigned(rows), 512, 0, s>>>(logits, targets, row_w, V, scale, loss, dlogits, dlb);
  }
  LAUNCHED();
}

}  // namespace dseek::cu::tk
