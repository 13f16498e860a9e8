// kernels.h — host-callable launchers of dseek's CUDA kernels (implemented in
// k_*.cu). Every launcher enqueues on `stream` and checks the launch; inputs
// and outputs are device pointers. Activations are fp32; weights stay in their
// stored type (F32, BF16, or FP8 E4M3 with 128x128-block dequantisation scales).
// What it is not: orchestration (cuda_model.cpp) or the public API (cuda_model.h).
#pragma once

#include <cstdint>

#include <cuda_runtime_api.h>

namespace dseek::cu {

enum WType : int { kF32 = 0, kBF16 = 1, kFP8 = 2 };

// A weight on the device: y = x Wᵀ.
struct DLinear {
  const void* w = nullptr;       // [out, in] row-major, element type `wt`
  const float* scale = nullptr;  // kFP8: [ceil(out/128), ceil(in/128)] (w ≈ e4m3 · scale)
  int wt = kF32;
  int64_t out = 0, in = 0;
  const float* scale_l4 = nullptr;  // kFP8: the scales again as [ceil(out/128), L4 = roundup(ceil(in/128), 4)],
                                    // zero-padded: cuBLASLt's 128x128 block-scale layout
};

// Throws dseek::Error (file:line, the CUDA error string) when the last launch failed.
void check_launch(const char* file, int line);
#define DSEEK_CU_LAUNCHED() ::dseek::cu::check_launch(__FILE__, __LINE__)

// ---- elementwise / normalisation (k_basic.cu) ------------------------------------
// out[t, :] = table[tokens[t], :]   (table F32 or BF16 [vocab, n])
void embed(const void* table, int wt, const int32_t* tokens, int T, int64_t n, float* out, cudaStream_t s);
// y[r, :] = g ⊙ x[r, :] / rms(x[r, :]); x and y rows at strides ldx, ldy (may alias when equal).
void rmsnorm(const float* x, int64_t ldx, const float* g, float eps, int rows, int64_t n, float* y, int64_t ldy,
             cudaStream_t s);
void add_inplace(float* h, const float* y, int64_t n, cudaStream_t s);  // h += y
// h[r] += y[r], then x[r] = rmsnorm(h[r]) (rows of width n): the residual add fused into the next norm.
void add_rmsnorm(float* h, const float* y, const float* g, float eps, int rows, int64_t n, float* x, cudaStream_t s);
void to_bf16(const float* x, int64_t n, uint16_t* y, cudaStream_t s);
// Dequantise an FP8 weight into BF16 (for the tensor-core GEMM of prefill).
void fp8_to_bf16(const DLinear& w, uint16_t* y, cudaStream_t s);
// DeepSeek's activation quantisation for the FP8 GEMM: x [M, K] fp32 -> q [Mp, K] E4M3
// (rows >= M zero) with dequantisation scales sx[kb * Mp + t] = amax(x[t, 128kb : +128]) / 448
// (token index contiguous: cuBLASLt's VEC128 layout).
void act_quant_fp8(const float* x, int M, int Mp, int64_t K, uint8_t* q, float* sx, cudaStream_t s);
void bf16_to_f32(const uint16_t* x, int64_t n, float* y, cudaStream_t s);
// scale [nb, L] -> out [nb, L4] with columns L..L4 zero.
void repack_scales_l4(const float* scale, int64_t nb, int64_t L, int64_t L4, float* out, cudaStream_t s);
// Rows rows[i] of x [*, n] -> y [count, n].
void gather_rows(const float* x, const int32_t* rows, int count, int64_t n, float* y, cudaStream_t s);
// y[t] = [a[t] ; b[t]] (each [T, n]) -> [T, 2n]
void concat2(const float* a, const float* b, int T, int64_t n, float* y, cudaStream_t s);
// Uniform(-a, a) noise from a counter hash (seeded; independent of launch shape).
// FP8 weights get per-block scales a/448 and e4m3(u·448/a).
void fill_random(DLinear& w, void* data, float* scale, float a, uint64_t seed, cudaStream_t s);
void fill_random_f32(float* x, int64_t n, float lo, float hi, uint64_t seed, cudaStream_t s);

// ---- MLA (k_mla.cu) -----------------------------------------------------------------
// The paged latent cache: page p holds, for every layer L, 64 token rows of width
// W = R + dr (normalised c_kv, then rotated k_pe), element type float or BF16:
// offset(p, L, slot) = ((p * layers + L) * 64 + slot) * W.
constexpr int kPageTokens = 64;
struct CacheView {
  void* data = nullptr;
  bool bf16 = true;
  int layers = 0, R = 0, dr = 0;
  int64_t page_elems() const { return int64_t(layers) * kPageTokens * (R + dr); }
};
// Per-row addressing of one forward step: row t belongs to step segment row_seg[t]
// (whose pages are pages[row_seg[t] * pstride + i]) and sits at position row_pos[t].
struct RowMap {
  const int32_t* row_seg = nullptr;
  const int32_t* row_pos = nullptr;
  const int32_t* pages = nullptr;
  int pstride = 0;
};
struct RopeParams {
  const float* inv_freq = nullptr;  // [dr/2] device
  float attention_factor = 1.0f;
  bool interleave = true;
};
// For each row: c_kv = rmsnorm(kv[t, :R]) (g = kv_a_layernorm), k_pe = rope(kv[t, R:]) -> cache
// (layer L, position row_pos[t]); q[t, h, dn:] rotated in place.
void mla_prepare(const float* kv, const float* g, float eps, float* q, int T, int H, int dn, int dq,
                 const CacheView& cache, int layer, const RowMap& rm, const RopeParams& rope, cudaStream_t s);
// q_lat[t, h, :] = q[t, h, :dn] · kv_b[h*(dn+dv) : h*(dn+dv)+dn, :]   ([T, H, R])
void absorb_q(const DLinear& kv_b, const float* q, int T, int H, int dn, int dv, int dq, float* q_lat,
              cudaStream_t s);
// Causal attention of each row over its sequence's cached rows 0..row_pos[t] in the
// latent space: o_lat[t, h, :] = softmax(scale · [q_lat; q_pe] · cacheᵀ) · c_kv.
// `splits` > 1 splits the keys over blocks (flash-decoding); `part` then holds
// T*H*splits*(R+2) floats.
// Raises the attention kernel's shared-memory limit for this cache shape; call
// once before latent_attention (and before any graph capture) when R + dr > 200.
void latent_attention_init(const CacheView& cache);
void latent_attention(const float* q_lat, const float* q, int dq, int dn, int T, int H, const CacheView& cache,
                      int layer, const RowMap& rm, int max_keys, float scale, int splits, float* part, float* o_lat,
                      cudaStream_t s);

// ---- GEMV-style linears for few rows (k_gemv.cu) ------------------------------------
// y[r, o] = Σ_k x[r, k] · W[row0 + g·zrow + o, k] for r < rows, o < nout, g < G, with
// x row r of group g at x + r·ldx + g·zx and y at y + r·ldy + g·zy. (G > 1: MLA's per-head
// un-absorption of kv_b's value half.)
struct GemvArgs {
  DLinear w;
  int64_t row0 = 0, zrow = 0, nout = 0;
  const float* x = nullptr;
  int64_t ldx = 0, zx = 0;
  float* y = nullptr;
  int64_t ldy = 0, zy = 0;
  int rows = 0, G = 1;
  float* part = nullptr;  // optional scratch (part_cap floats): lets one-row calls split K over blocks
  int64_t part_cap = 0;
};
void gemv(const GemvArgs& a, cudaStream_t s);
// Experts: table[e] holds expert e's weights (all the same WType and shape);
// expert e owns rows [offsets[e], offsets[e+1]) of xs (offsets on the device).
// Grid row g runs expert active[1 + g] for g < active[0] (the experts that got
// tokens, listed on the device), so G = min(E, tokens·k) rows suffice.
// swiglu: hs = silu(xs·gateᵀ) ⊙ (xs·upᵀ). down: ys = hs·downᵀ.
// offsets == active == nullptr, G = 1: one group of `rows` rows (a dense MLP on few tokens).
// `rows` == 1 selects the one-row kernel (decode); it must bound every group's rows.
void grouped_swiglu(const DLinear* gate_tab, const DLinear* up_tab, const DLinear& shape, int G, const int32_t* offsets,
                    const int32_t* active, int rows, const float* xs, float* hs, cudaStream_t s);
void grouped_linear(const DLinear* tab, const DLinear& shape, int G, const int32_t* offsets, const int32_t* active,
                    int rows, const float* xs, float* ys, cudaStream_t s);
void silu_mul(const float* g, const float* u, int64_t n, float* h, cudaStream_t s);  // h = silu(g) ⊙ u

// ---- MoE routing (k_moe.cu) --------------------------------------------------------
struct RouterParams {
  int E = 0, K = 0, n_group = 1, topk_group = 1;
  bool v3 = true;               // sigmoid + bias + top-2-sum groups (noaux_tc); else softmax (V2)
  bool group_limited = false;   // V2 group_limited_greedy
  bool norm_topk = true;
  float scaling = 1.0f;
  int e_lo = 0, e_hi = 1 << 30;  // expert parallelism: this GPU holds experts [e_lo, e_hi) only
};
// logits [T, E] -> topk_idx/topk_w [T, K]; counts[e] += tokens routed to e (counts zeroed by the
// caller; only for e in [p.e_lo, p.e_hi): the others are another GPU's).
void route(const float* logits, const float* bias, int T, const RouterParams& p, int32_t* topk_idx, float* topk_w,
           int32_t* counts, cudaStream_t s);
// offsets[0..E] = exclusive scan of counts; fill[e] = 0; active = [n, experts with counts > 0...].
void expert_offsets(const int32_t* counts, int E, int32_t* offsets, int32_t* fill, int32_t* active, cudaStream_t s);
// xs[pos[t,k]] = x[t] with pos[t,k] = offsets[e] + (arrival order within e); pos = -1 (no row)
// for an expert outside [e_lo, e_hi).
void moe_scatter(const float* x, const int32_t* topk_idx, int T, int K, int64_t n, const int32_t* offsets,
                 int32_t* fill, int32_t* pos, float* xs, cudaStream_t s, int e_lo = 0, int e_hi = 1 << 30);
// out[t] (+)= Σ_k w[t,k] · ys[pos[t,k]] over pos >= 0 (accumulate: out already holds the shared
// experts' output)
void moe_combine(const float* ys, const int32_t* pos, const float* topk_w, int T, int K, int64_t n, bool accumulate,
                 float* out, cudaStream_t s);
// Greedy sampling: out[r] = argmax(logits[r, :vocab]) (lowest index on ties), in
// two passes over up to kArgmaxBlocks chunks per row; scratch: rows * 2 * kArgmaxBlocks floats.
constexpr int kArgmaxBlocks = 64;
void argmax_rows(const float* logits, int rows, int64_t vocab, int32_t* out, float* scratch, cudaStream_t s);

}  // namespace dseek::cu
