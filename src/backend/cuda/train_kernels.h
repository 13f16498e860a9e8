// train_kernels.h — launchers of the CUDA training kernels (k_train.cu,
// k_train_moe.cu, k_train_attn.cu): the forward/backward of the elementwise ops, RMSNorm,
// RoPE, embedding, cross-entropy, the materialised attention softmax, MoE
// routing/permutation, AdamW. fp32 in and out; every backward that says "+="
// accumulates, the rest overwrite. Reductions have a fixed order (no atomics),
// so a step is deterministic run to run. The semantics are train/ops_grad.h,
// attn_grad.h and moe_grad.h (the CPU reference these are tested against).
// What it is not: the GEMMs (cuBLAS, train_gemm.h) or the orchestration
// (cuda_train*.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <cuda_runtime_api.h>

namespace dseek::cu::tk {

// y = a + b (n values; y may alias a or b).
void add(const float* a, const float* b, float* y, int64_t n, cudaStream_t s);
// dst[r, 0:cols] (=|+=) src[r, 0:cols]; rows at strides ld_src / ld_dst.
void copy2d(const float* src, int64_t ld_src, float* dst, int64_t ld_dst, int64_t rows, int64_t cols, bool accumulate,
            cudaStream_t s);

// ---- RMSNorm (k_train_norm.cu; rows at strides; rinv[rows] = 1/rms) --------
// y = w ⊙ x·r; yb (optional, [rows, n] contiguous BF16): y rounded, written by the same pass.
void rmsnorm_fwd(const float* x, int64_t ldx, const float* w, float eps, int64_t rows, int64_t n, float* y,
                 int64_t ldy, float* rinv, cudaStream_t s, uint16_t* yb = nullptr);
// The residual add before a norm in the same pass: h = a + b, then rmsnorm_fwd of h (rows contiguous).
void add_rmsnorm_fwd(const float* a, const float* b, float* h, const float* w, float eps, int64_t rows, int64_t n,
                     float* y, float* rinv, cudaStream_t s, uint16_t* yb = nullptr);
// dx += r·(w⊙dy) − x·r³·mean(x⊙w⊙dy); dw (optional) += Σ_rows dy ⊙ x·r through `partial`, which holds
// rmsnorm_bwd_partial(rows, n) floats. dxb (optional, [rows, n] contiguous BF16): the updated dx
// rounded to nearest even (as to_bf16), written by the same pass. dx_add false: dx = … (overwritten,
// never read: it needs no zeroing).
int64_t rmsnorm_bwd_partial(int64_t rows, int64_t n);
void rmsnorm_bwd(const float* x, int64_t ldx, const float* w, const float* rinv, const float* dy, int64_t lddy,
                 int64_t rows, int64_t n, float* dx, int64_t lddx, float* dw, float* partial, cudaStream_t s,
                 uint16_t* dxb = nullptr, bool dx_add = true);

// ---- RoPE: rotate (inverse: the transpose) the `heads` slices of width 2·half at
// x + t·ld + h·head_stride + offset, row t using cos/sin[t, 0:half].
void rope(float* x, int64_t rows, int64_t ld, int64_t heads, int64_t head_stride, int64_t offset, const float* cos,
          const float* sin, int64_t half, bool interleave, bool inverse, cudaStream_t s);

// The same rotation of x's heads, written with every other column of x as BF16 (round to nearest
// even) into y [rows, ld] contiguous — rope() then to_bf16 in one pass; x unchanged. Heads beyond
// `heads` (heads·head_stride < ld) are converted unrotated.
void rope_to_bf16(const float* x, int64_t rows, int64_t ld, int64_t heads, int64_t head_stride, int64_t offset,
                  const float* cos, const float* sin, int64_t half, bool interleave, bool inverse, uint16_t* y,
                  cudaStream_t s);

// ---- SwiGLU: a = silu(g)·u ; backward overwrites dg, du ----------------------
void swiglu_fwd(const float* g, const float* u, float* a, int64_t n, cudaStream_t s);
void swiglu_fwd_bf16(const float* g, const float* u, uint16_t* a, int64_t n, cudaStream_t s);  // a in BF16 only
void swiglu_bwd(const float* g, const float* u, const float* da, float* dg, float* du, int64_t n, cudaStream_t s);
// The same with dg, du in BF16 only (the next linears' tensor-core operands).
void swiglu_bwd_bf16(const float* g, const float* u, const float* da, uint16_t* dg, uint16_t* du, int64_t n,
                     cudaStream_t s);

// Gate and up stacked: gu [rows, 2I], g in columns [0, I), u in [I, 2I) (one GEMM over the two
// adjacent weights). a [rows, I] written in fp32 and/or BF16 (null: not written); the backward writes
// dgu [rows, 2I] in the same stacked layout (fp32, or BF16 only: the stacked GEMMs' operand).
void swiglu_fwd_gu(const float* gu, int64_t rows, int64_t I, float* a, uint16_t* ab, cudaStream_t s);
void swiglu_bwd_gu(const float* gu, const float* da, int64_t rows, int64_t I, float* dgu, cudaStream_t s);
void swiglu_bwd_gu_bf16(const float* gu, const float* da, int64_t rows, int64_t I, uint16_t* dgu, cudaStream_t s);
// The same from BF16 gu (and da): the grouped experts' GEMMs write them in BF16.
void swiglu_fwd_gu(const uint16_t* gu, int64_t rows, int64_t I, float* a, uint16_t* ab, cudaStream_t s);
void swiglu_bwd_gu_bf16(const uint16_t* gu, const uint16_t* da, int64_t rows, int64_t I, uint16_t* dgu,
                        cudaStream_t s);

// ---- embedding -----------------------------------------------------------------
void embed_fwd(const float* table, int64_t dim, const int32_t* ids, int64_t n, float* out, cudaStream_t s);
// dtable[uniq[u]] += Σ_{j in [off[u], off[u+1])} dout[order[j]] (positions in a fixed order).
void embed_bwd(int64_t dim, const int32_t* uniq, const int32_t* off, const int32_t* order, int64_t nuniq,
               const float* dout, float* dtable, cudaStream_t s);

// ---- cross-entropy over rows of logits [rows, V] -----------------------------------
// loss[r] = w_r·(logsumexp − logit[target]) for target >= 0, else 0 (w_r = row_w[r] or 1);
// dlogits (optional, may alias logits) = k_r·(softmax − onehot) with k_r = row_w[r] when
// row_w is given, else scale; 0 on ignored rows. With dlogits_b16 the gradient goes there as BF16
// instead (dlogits unused).
void cross_entropy(const float* logits, const int32_t* targets, const float* row_w, int64_t rows, int64_t V,
                   float scale, float* loss, float* dlogits, cudaStream_t s, uint16_t* dlogits_b16 = nullptr);

// ---- attention (materialised, [B·H, T, T] per batch) -----------------------------
// Q[b,h,t,:] = q[b·T+t, h, 0:dq]   (q rows of H·dq)
void attn_pack_q(const float* q, int64_t B, int64_t T, int64_t H, int64_t dq, float* Q, cudaStream_t s);
// K[b,h,t,:] = [kv[., h, 0:dn] ; kpe[.]], V[b,h,t,:] = kv[., h, dn:dn+dv]
void attn_pack_kv(const float* kv, const float* kpe, int64_t B, int64_t T, int64_t H, int64_t dn, int64_t dr,
                  int64_t dv, float* K, float* V, cudaStream_t s);
// o[b·T+t, h, :] = O[b,h,t,:] (and the reverse with to_bhtd=true)
void attn_bhtd(const float* src, int64_t B, int64_t T, int64_t H, int64_t d, float* dst, bool to_bhtd,
               cudaStream_t s);
// In place: S (already scaled scores) -> P = masked softmax. start[b·T+t] = flattened
// index of the first token of t's segment; prefix = Batch::shared_prefix.
void attn_softmax(float* S, int64_t B, int64_t H, int64_t T, const int32_t* start, int64_t prefix, cudaStream_t s);
// In place: dP -> dS = P ⊙ (dP − Σ_j P_j·dP_j) · scale
void attn_softmax_bwd(const float* P, float* dP, int64_t BH, int64_t T, float scale, cudaStream_t s);
// dkv[., h] = [dK[.,0:dn] ; dV], dkpe = Σ_h dK[., dn:]  (overwrite); with dkvb, dkv goes there as BF16
// instead (dkv unused).
void attn_unpack_dkv(const float* dK, const float* dV, int64_t B, int64_t T, int64_t H, int64_t dn, int64_t dr,
                     int64_t dv, float* dkv, float* dkpe, cudaStream_t s, uint16_t* dkvb = nullptr);

// ---- flash attention (k_train_flash.cu; BF16 tensor cores, fp32 softmax, no [T, T] scores) -------
// Same masks as above. Inputs are packed BF16 rows [B·H, T, P] zero-padded to P = the compiled
// head sizes of flash_attn_dims (dq up to 192, dv up to 128; {0, 0}: unsupported, use the
// materialised path). flash_pack: dst[b·H+h, t, 0:n1] = src1[(b·T+t)·s1 + h·h1 + c], then n2
// columns of src2 the same way, zeros up to P. rope (optional): src1's columns [off, off + 2·half) of
// every head are packed rotated, as rope() would leave them (tables cs/sn [B·T, half]; src1 unchanged).
struct FlashDims {
  int64_t dqp = 0, dvp = 0;
};
FlashDims flash_attn_dims(int64_t dq, int64_t dv);
struct PackRope {
  const float *cs = nullptr, *sn = nullptr;
  int64_t half = 0, off = 0;
  bool interleave = false;
};
void flash_pack(const float* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s,
                const PackRope* rope = nullptr);
// The same from a BF16 first source: MLA's k_nope|v as the kv_b GEMM writes it in BF16, or q from the
// q_b GEMM in BF16 (its RoPE columns rotated from the BF16 values, then rounded again).
void flash_pack(const uint16_t* src1, int64_t s1, int64_t h1, int64_t n1, const float* src2, int64_t s2, int64_t h2,
                int64_t n2, int64_t B, int64_t H, int64_t T, int64_t P, uint16_t* dst, cudaStream_t s,
                const PackRope* rope = nullptr);
struct FlashArgs {
  const uint16_t *Q = nullptr, *K = nullptr, *V = nullptr;  // packed [B·H, T, dqp|dvp] BF16
  int64_t B = 0, H = 0, T = 0, dq = 0, dv = 0, prefix = 0;
  float scale = 1;
  const int32_t* start = nullptr;
  bool mma_sync = false;  // the mma.sync kernels even where the Hopper (wgmma) ones run
  bool no_tma = false;    // the Hopper kernels without TMA: tiles by cp.async, dQ by fp32 atomics (tests)
};
// o [B·T, H, dv] (the model's layout) = softmax(scale·QKᵀ, masked)·V; lse [B·H·T] natural-log row sums.
// ob (where flash_bf16_o_ok): O in BF16 only, into ob [B·T, H, dv] (o unused, may be null) — each
// element o's value rounded to nearest even, as to_bf16 would round it.
void flash_attn_fwd(const FlashArgs& a, float* o, float* lse, cudaStream_t s, uint16_t* ob = nullptr);
bool flash_bf16_o_ok(const FlashArgs& a);
// From o, dout [B·T, H, dv] and lse: dq [B·T, H, dq] (the model's layout), dK [B·H, T, dq], dV [B·H, T, dv],
// all overwritten (dq accumulated with atomics). dOb [B·H, T, dvp] BF16 and Dd [B·H·T] are scratch.
// u (optional, where flash_bwd_unpacked_ok): dK and dV go straight to MLA's layout instead (dK, dV
// unused): u->dkvb [B·T, H, dn+dv] BF16 = each head's [dK[0:dn] ; dV] (attn_unpack_dkv's dkvb), u->dkr
// [B·T, H, dq-dn] fp32 = each head's remaining dK columns (sum_heads gives attn_unpack_dkv's dkpe).
struct FlashBwdUnpacked {
  uint16_t* dkvb = nullptr;
  float* dkr = nullptr;
  int64_t dn = 0;
};
bool flash_bwd_unpacked_ok(const FlashArgs& a, int64_t dn);
// ob (optional): the forward's BF16 O instead of o (D = Σ dout·O from it).
void flash_attn_bwd(const FlashArgs& a, const float* o, const float* dout, const float* lse, uint16_t* dOb, float* Dd,
                    float* dq, float* dK, float* dV, cudaStream_t s, const FlashBwdUnpacked* u = nullptr,
                    const uint16_t* ob = nullptr);
// y[r, c] = Σ_h x[(r·H + h)·n + c]  (rows r, c < n; heads summed in order)
void sum_heads(const float* x, int64_t rows, int64_t H, int64_t n, float* y, cudaStream_t s);

// ---- grouped BF16 GEMM (k_grouped_gemm.cu): the MoE experts' products in one launch ----------
// Group e owns the rows [off[e], off[e] + cnt[e]) of the row-major activations; BF16 operands,
// fp32 accumulation, C (fp32) = alpha·product + beta·C.
//   kRowsNK: C[off+i, 0:N] = A[off+i, 0:K] · B_eᵀ, B_e = B + e·sB as [N][K] (ld ldb)   (forward)
//   kRowsKN: the same with B_e as [K][N]                                               (data gradient)
//   kWgrad:  C_e [M, N] (= C + e·sC) = A_eᵀ · B_e over the group's rows: A_e [cnt, M], B_e [cnt, N]
// grouped_gemm_unsupported says why a call cannot run (alignment: fixed dims and A/B leading
// dimensions multiples of 8, C's of 2; 16-byte aligned A/B), empty when it can.
enum class GroupedKind { kRowsNK, kRowsKN, kWgrad };
// Which kernel: the fastest this build and GPU run (kTmaWide; for a weight gradient whose C is not
// 16-byte aligned with 16-byte multiples of ldc, N and sC, kTma; else kWgmma, else kMmaSync), or one
// named (tests and benchmarks compare them; grouped_impl_available says whether it runs here).
// kTmaWide: the TMA kernel on 128×256 tiles, persistent.
enum class GroupedImpl { kAuto, kMmaSync, kWgmma, kTma, kTmaWide };
bool grouped_impl_available(GroupedImpl impl);
struct GroupedGemmArgs {
  GroupedKind kind = GroupedKind::kRowsNK;
  const uint16_t *A = nullptr, *B = nullptr;  // BF16
  float* C = nullptr;
  uint16_t* Cb = nullptr;  // instead of C (rows kinds, beta 0): the product rounded to BF16
  int64_t lda = 0, ldb = 0, ldc = 0, sB = 0, sC = 0;
  int64_t M = 0, N = 0, K = 0;  // rows kinds: N, K; kWgrad: M, N
  float alpha = 1, beta = 0;
  const int64_t *off = nullptr, *cnt = nullptr;  // host arrays of `groups` entries
  int64_t groups = 0;
  GroupedImpl impl = GroupedImpl::kAuto;
  // A device int that is zero (e.g. cudaMemset once) and that each launch using it leaves zero again
  // (so launches in one stream can share it; no memset per launch): the persistent 128×256 kernel's
  // CTAs then take tiles from an atomic counter; null: a fixed share of the tiles per CTA.
  int32_t* sched = nullptr;
};
std::string grouped_gemm_unsupported(const GroupedGemmArgs& g);
void grouped_gemm(const GroupedGemmArgs& g, cudaStream_t s);

// ---- MoE ---------------------------------------------------------------------------
struct RouteCfg {
  int E = 0, K = 0, groups = 1, topk_group = 1;
  bool v3 = true, norm_topk = true, group_limited = false;  // V2: group_limited_greedy
  float rsf = 1.0f;
};
void route_fwd(const RouteCfg& rc, const float* logits, const float* bias, int64_t N, float* scores, int32_t* idx,
               float* wsel, uint8_t* live, cudaStream_t s);
// dlogits[N, E] (overwrite) from dw[N·K] (∂L/∂routing weight) and, when coef != null, the
// balance loss: coef[seq_of[t], e] = ∂aux/∂s'_{t,e}.
void route_bwd(const RouteCfg& rc, const float* scores, const int32_t* idx, const uint8_t* live, const float* dw,
               const float* coef, const int32_t* seq_of, int64_t N, float* dlogits, cudaStream_t s);
// aux_tok[t] = Σ_e coef[seq_of[t], e]·s'_{t,e}
void aux_per_token(const RouteCfg& rc, const float* scores, const float* coef, const int32_t* seq_of, int64_t N,
                   float* aux_tok, cudaStream_t s);
// xs[p] = x[perm[p] / K]   (perm: slot t·K+k at sorted position p; -1 = padding row -> 0)
// dev[i] = host[i] for n pointers, passed as kernel parameters (no pageable host copy that could
// stall the host): the pointer arrays of batched GEMMs.
void store_pointers(const void* const* host, int64_t n, void** dev, cudaStream_t s);
void moe_gather(const float* x, const int32_t* perm, int K, int64_t NK, int64_t Hd, float* xs, cudaStream_t s);
// The same, written straight to BF16 (the BF16 grouped experts keep no fp32 copy of xs).
void moe_gather_bf16(const float* x, const int32_t* perm, int K, int64_t NK, int64_t Hd, uint16_t* xs, cudaStream_t s);
// out[t] += Σ_k wsel[t·K+k] · ys[pos[t·K+k]] over pos >= 0 (-1: another GPU's expert)
void moe_combine(const float* ys, const int32_t* pos, const float* wsel, int64_t N, int K, int64_t Hd, float* out,
                 cudaStream_t s);
void moe_combine(const uint16_t* ys, const int32_t* pos, const float* wsel, int64_t N, int K, int64_t Hd, float* out,
                 cudaStream_t s);  // BF16 rows
// dys[p] = wsel[perm[p]]·dout[perm[p]/K]; dw[perm[p]] = dout[perm[p]/K]·ys[p]; padding rows: dys = 0.
// dys_bf16 non-null: dys is written there in BF16 only (dys unused; the grouped GEMMs' operand).
void moe_dys(const float* dout, const float* ys, const int32_t* perm, const float* wsel, int K, int64_t NK, int64_t Hd,
             float* dys, float* dw, cudaStream_t s, uint16_t* dys_bf16 = nullptr);
void moe_dys(const float* dout, const uint16_t* ys, const int32_t* perm, const float* wsel, int K, int64_t NK,
             int64_t Hd, float* dys, float* dw, cudaStream_t s, uint16_t* dys_bf16 = nullptr);  // BF16 ys
// The same two by token, where every slot t·K+k of the N tokens has a row pos[t·K+k] >= 0 and no row
// is padding (rows == N·K; moe_by_token_ok: K <= 8, Hd % 8 == 0; 16-byte aligned rows): each token's data is read
// once, not once per row. moe_gather_tok: xs[pos[t·K+k]] = xb[t] (xb: x's BF16 copy, so the same bits
// as moe_gather_bf16). moe_dys_tok: moe_dys's dys_bf16 and dw (the same sums in the same order).
bool moe_by_token_ok(int K, int64_t Hd);
void moe_gather_tok(const uint16_t* xb, const int32_t* pos, int64_t N, int K, int64_t rows, int64_t Hd, uint16_t* xs,
                    cudaStream_t s);
void moe_dys_tok(const float* dout, const uint16_t* ys, const int32_t* pos, const float* wsel, int64_t N, int K,
                 int64_t rows, int64_t Hd, uint16_t* dys_bf16, float* dw, cudaStream_t s);
// The rows of each expert on the device (k_moe_layout.cu): slot s of idx [n] whose expert e = idx[s] - lo
// is in [0, E) goes to row off[e] + (earlier slots with the same expert) — the host's stable order;
// perm [rows] gets the slot of each row (-1: none), pos [n] the row of each slot (-1: other experts).
// scratch: moe_place_scratch(n, E) ints.
struct MoeOffsets {
  static constexpr int kMax = 256;
  int64_t v[kMax];  // each expert's first row
};
int64_t moe_place_scratch(int64_t n, int64_t E);
void moe_place(const int32_t* idx, int64_t n, int32_t lo, int E, const MoeOffsets& off, int64_t rows, int32_t* perm,
               int32_t* pos, int32_t* scratch, cudaStream_t s);
// The loads per sequence: cnt [nseq·E + 1] (overwritten) gets cnt[q·E + e] = the choices of expert e by
// tokens of sequence q = seq_of[t] (all of sequence 0 when seq_of is null) over idx [N·K], and
// cnt[nseq·E] the choices outside [0, E) (a broken router: the caller refuses them).
void moe_seq_count(const int32_t* idx, const int32_t* seq_of, int64_t N, int K, int E, int64_t nseq, int32_t* cnt,
                   cudaStream_t s);
// dx[t] += Σ_k dxs[pos[t·K+k]] over pos >= 0
void moe_scatter(const float* dxs, const int32_t* pos, int64_t N, int K, int64_t Hd, float* dx, cudaStream_t s);
void moe_scatter(const uint16_t* dxs, const int32_t* pos, int64_t N, int K, int64_t Hd, float* dx,
                 cudaStream_t s);  // BF16 rows

// ---- optimizer ------------------------------------------------------------------------
struct AdamArgs {
  float gs = 1, b1 = 0.9f, b2 = 0.95f, eps = 1e-8f, decay = 1, step_size = 0, bc2_sqrt = 1;
  bool bf16_moments = false;
};
// AdamW over a flat buffer of 128-element chunks in one launch: kind[i / 128] = 0 leaves element i
// alone (frozen tensor, padding), 1 updates it without weight decay, 2 with a.decay; wb, when
// given, gets every updated weight in BF16.
void adamw_chunks(float* w, const float* g, float* m, float* v, int64_t n, const uint8_t* kind, const AdamArgs& a,
                  uint16_t* wb, cudaStream_t s);
// The same with the moments stored in BF16 (a.bf16_moments required: the values stored are the ones
// the update used, so storage changes nothing but the bytes).
void adamw_chunks(float* w, const float* g, uint16_t* m, uint16_t* v, int64_t n, const uint8_t* kind,
                  const AdamArgs& a, uint16_t* wb, cudaStream_t s);
// partial[b] = Σ g² over block b's share (double); returns the number of blocks used (<= 1024).
int sumsq_partial(const float* g, int64_t n, double* partial, cudaStream_t s);

// ---- FP8 numerics (k_train_fp8.cu): E4M3 quantise-dequantise into BF16, power-of-two scales ----
// y[r, :] per 1×128 tile along each row (activations whose GEMM reduces over columns).
void fp8_qdq_rows(const float* x, int64_t rows, int64_t n, uint16_t* y, cudaStream_t s);
// y per 128×1 tile along each column, tiles restarting every `group` rows (rows % group == 0;
// group <= 0: one group) — the weight-gradient GEMM's operands, whose K runs over rows.
void fp8_qdq_cols(const float* x, int64_t rows, int64_t n, int64_t group, uint16_t* y, cudaStream_t s);
// W [out, in] per 128×128 block.
void fp8_qdq_blocks(const float* w, int64_t out, int64_t in, uint16_t* y, cudaStream_t s);
// fp8_qdq_blocks over many weights of one flat buffer (w, y: the buffers' bases) in one launch.
// fp8_block_table fills first_block and returns the launch's blocks; the table passed to
// fp8_qdq_blocks_many lives on the device.
struct Fp8BlockTensor {
  int64_t off = 0, out = 0, in = 0;  // element offset in the buffer, shape [out, in]
  int64_t first_block = 0;
  // fp8_quant_blocks_many with l4: the scales again in cuBLASLt's BLK128x128 layout, for W at l4 + [out
  // block][round4(in blocks)] and for Wᵀ at l4t + [in block][round4(out blocks)] (-1: not written).
  int64_t l4 = -1, l4t = -1;
};
int64_t fp8_block_table(std::vector<Fp8BlockTensor>& t);
void fp8_qdq_blocks_many(const float* w, const Fp8BlockTensor* table, int count, int64_t blocks, uint16_t* y,
                         cudaStream_t s);

// ---- FP8 operands (k_train_fp8.cu) and FP8 tensor-core GEMMs (k_fp8_gemm.cu, sm_90a) ----
// The roundings above as E4M3 bytes plus one power-of-two scale per 128 of the reduction (value =
// byte's E4M3 value × scale), stored so that the GEMM's k is contiguous, the scales k-block-major
// (the layout of cuBLASLt's VEC128 scaling):
//   rows:   q [rows][n], scales [ceil(n/128)][lds >= rows]               (1×128 tiles; n % 4 == 0)
//   cols_t: qt [n][ldt] = the transpose, scales [ceil(rows/128)][n]    (128×1 tiles along the rows;
//           ldt % 16 == 0, rows <= ldt <= rows rounded up to 128; bytes past `rows` are zero)
//   blocks: fp8_qdq_blocks_many plus q (W's bytes at W's offsets), qt (Wᵀ [in, out] at the same
//           offsets; only for out % 16 == 0), scales[first_block + block (row-major over W's blocks)]
//           and, when l4 is given, the tensors' l4 / l4t copies (Fp8BlockTensor).
void fp8_quant_rows(const float* x, int64_t rows, int64_t n, uint8_t* q, float* scales, int64_t lds, cudaStream_t s);
void fp8_quant_cols_t(const float* x, int64_t rows, int64_t n, int64_t ldt, uint8_t* qt, float* scales,
                      cudaStream_t s);
void fp8_quant_blocks_many(const float* w, const Fp8BlockTensor* table, int count, int64_t blocks, uint16_t* y,
                           uint8_t* q, uint8_t* qt, float* scales, float* l4, cudaStream_t s);
// rows and cols_t from one read of x (the same bytes and scales as the two calls).
void fp8_quant_both(const float* x, int64_t rows, int64_t n, uint8_t* q, float* scales, int64_t lds, uint8_t* qt,
                    float* scales_t, int64_t ldt, cudaStream_t s);
// C = alpha · A·Bᵀ + beta · C with A [.][lda], B [.][ldb] E4M3 (k contiguous), fp32 C; scales of A per
// (row, k/128): sa[(k/128)·ldsa + row]; of B per (column n, k/128): sb[(n >> nshift)·sbn + (k/128)·sbk]
// (nshift 7: 128×128 weight blocks, 0: per column). Partial sums are promoted to fp32 every 128 of k.
//   groups == 0: one dense product, C [M, N] over K.
//   rows (wgrad false): group e owns rows [off[e], off[e] + cnt[e]) of A and C, multiplies by
//         B + e·sB with scales sb + e·sSB; N, K fixed.
//   wgrad: group e reduces over k in [off[e], off[e] + cnt[e]) (off a multiple of 128, cnt of 16) into
//         C + e·sC [M, N]; A [M][lda], B [N][ldb] hold every group's k.
// fp8_gemm_unsupported says why a call cannot run (alignment: lda, ldb, sB, K multiples of 16; N, ldc
// even), empty when it can. fp8_gemm_available: an sm_90a build on a compute capability 9.0 GPU, and
// DSEEK_FP8_QDQ unset (that forces the quantise-dequantise BF16 path, for comparison).
struct Fp8GemmArgs {
  bool wgrad = false;
  const uint8_t *A = nullptr, *B = nullptr;
  const float *sa = nullptr, *sb = nullptr;
  float* C = nullptr;
  int64_t lda = 0, ldb = 0, ldc = 0, ldsa = 0, sbn = 0, sbk = 0;
  int nshift = 7;
  int64_t sB = 0, sSB = 0, sC = 0;
  int64_t M = 0, N = 0, K = 0;  // rows: N, K fixed (and M when groups == 0); wgrad: M, N fixed
  float alpha = 1, beta = 0;
  const int64_t *off = nullptr, *cnt = nullptr;  // host arrays of `groups` entries
  int64_t groups = 0;
  int kernel = 0;  // 0: the TMA kernel (k_fp8_tma.cu) where it can run, else cp.async; 1: cp.async; 2: TMA or fail
};
bool fp8_gemm_available();
std::string fp8_gemm_unsupported(const Fp8GemmArgs& g);
void fp8_gemm(const Fp8GemmArgs& g, cudaStream_t s);
// k_fp8_tma.cu: the same product, warp-specialised on TMA and mbarriers (fp8_gemm's default); false,
// with nothing launched, where this build or GPU cannot run it or a tensor map cannot describe the
// operands. Expects arguments fp8_gemm_unsupported accepts.
bool fp8_tma_gemm(const Fp8GemmArgs& g, cudaStream_t s);

}  // namespace dseek::cu::tk
