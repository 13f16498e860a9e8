// ops_grad.h — explicit forward/backward of the elementary training ops
// (embedding, RMSNorm, linear, RoPE, SwiGLU, softmax cross-entropy), templated
// on the scalar type: float for training, double for gradient checks.
// Conventions: row-major buffers; a Linear weight is [out, in] and y = x·Wᵀ.
// Every backward ACCUMULATES (+=) into its gradient outputs; a null gradient
// pointer means "not needed". Forward functions overwrite their outputs.
// The float linear uses the fast CPU GEMM (backend/cpu/gemm.h) for all three
// products (y, dX, dW, via transposed copies); double uses plain loops.
// What it is not: attention (train/attn_grad.h), MoE (train/moe_grad.h), the
// model (train/model_grad.h), or an autograd framework.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/threadpool.h"
#include "model/rope.h"

namespace dseek::train {

// Execution context of the training math. pool == nullptr: the process-wide
// default_thread_pool() (tests pass a 1-thread pool for determinism).
struct GradContext {
  ThreadPool* pool = nullptr;
  bool attention_gemm = true;  // float attention through GEMMs (train/attn_gemm.h); false: the pair loop
};
ThreadPool& grad_pool(const GradContext& ctx);

// One parameter tensor as seen by the math: weights, and the gradient
// accumulator (null: no gradient wanted, e.g. forward-only evaluation).
template <class S>
struct PRef {
  const S* w = nullptr;
  S* g = nullptr;
};

// Token layout of a packed batch: B rows of T tokens, N = B*T flattened
// row-major. segment[N] is non-decreasing within a row (a query attends only to
// keys of its own segment at or before it); pos[N] is the RoPE position.
struct SeqLayout {
  int64_t B = 0, T = 0;
  const int32_t* segment = nullptr;
  const int32_t* pos = nullptr;
  int64_t shared_prefix = 0;  // Batch::shared_prefix
  int64_t n() const { return B * T; }
};
// The keys token i attends to: [a0, a1) (the row's shared prefix, empty
// unless i lies after it) then [b0, b1) (its own segment up to itself).
struct KeyRanges {
  int64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;
  int64_t count() const { return (a1 - a0) + (b1 - b0); }
  template <class F>
  void each(F&& f) const {  // f(key index, running index 0..count-1)
    int64_t j = 0;
    for (int64_t s = a0; s < a1; ++s) f(s, j++);
    for (int64_t s = b0; s < b1; ++s) f(s, j++);
  }
};
inline KeyRanges key_ranges(const SeqLayout& sl, const std::vector<int64_t>& start, int64_t i) {
  const int64_t row0 = (i / sl.T) * sl.T, s0 = start[size_t(i)];
  KeyRanges r{row0, row0, s0, i + 1};
  if (sl.shared_prefix > 0 && s0 > row0) r.a1 = row0 + sl.shared_prefix;
  return r;
}
// First index (flattened) of the segment that token i belongs to; checks
// that segments do not decrease within a row.
std::vector<int64_t> segment_starts(const SeqLayout& sl);

// dst[cols, rows] = srcᵀ (float; parallel over row tiles — serial when called
// from inside a region of the same pool).
void transpose(ThreadPool& pool, const float* src, int64_t rows, int64_t cols, float* dst);

// ---- embedding ---------------------------------------------------------------
// out[t, :] = table[ids[t], :]; ids are checked against vocab.
template <class S>
void embedding_fwd(const S* table, int64_t vocab, int64_t dim, const int32_t* ids, int64_t n, S* out);
// dtable[ids[t], :] += dout[t, :]
template <class S>
void embedding_bwd(int64_t dim, const int32_t* ids, int64_t n, const S* dout, S* dtable);

// ---- RMSNorm -----------------------------------------------------------------
// y = w ⊙ x · r,  r = 1/sqrt(mean(x²) + eps) per row; rinv[rows] receives r.
template <class S>
void rmsnorm_fwd(const S* x, const S* w, S eps, int64_t rows, int64_t n, S* y, S* rinv);
// dx += r·(w⊙dy) − x·r³·mean(x ⊙ w ⊙ dy);  dw += Σ_rows dy ⊙ x·r.
template <class S>
void rmsnorm_bwd(const S* x, const S* w, const S* rinv, const S* dy, int64_t rows, int64_t n, S* dx, S* dw);

// ---- linear ------------------------------------------------------------------
// y[rows, out] = x[rows, in] · W[out, in]ᵀ
template <class S>
void linear_fwd(const GradContext& ctx, const S* W, int64_t out, int64_t in, const S* x, int64_t rows, S* y);
// dx[rows, in] += dy · W ;  dW[out, in] += dyᵀ · x.
template <class S>
void linear_bwd(const GradContext& ctx, const S* W, int64_t out, int64_t in, const S* x, int64_t rows,
                const S* dy, S* dx, S* dW);

// ---- RoPE --------------------------------------------------------------------
// cos/sin (already × attention_factor) for each of n positions: [n, dim/2] each.
template <class S>
struct RopeCache {
  int64_t half = 0;
  bool interleave = true;
  std::vector<S> cos, sin;
};
template <class S>
RopeCache<S> make_rope_cache(const RopeTable& rt, int64_t dim, const int32_t* pos, int64_t n);
// make_rope_cache<float> step after step: cos/sin computed once per position (the table grows when a
// call reaches further) and copied into the rows of each call — the same values, without n·dim/2
// cos/sin pairs per step. rows() returns a buffer reused by the next call.
class RopeRowCache {
 public:
  RopeRowCache(RopeTable rt, int64_t dim) : rt_(std::move(rt)), dim_(dim) {}
  const RopeCache<float>& rows(const int32_t* pos, int64_t n);

 private:
  RopeTable rt_;
  int64_t dim_;
  RopeCache<float> table_, rows_;  // table_: positions 0..positions_-1
  int64_t positions_ = 0;
};
// Rotates, for each of n rows (row t uses position t of the cache), `heads`
// slices of width dim that start at x + t*row_stride + h*head_stride + offset.
// inverse=false: forward rotation; inverse=true: the transpose (= backward,
// applied in place to the gradient).
template <class S>
void rope_apply(const RopeCache<S>& rc, S* x, int64_t n, int64_t row_stride, int64_t heads, int64_t head_stride,
                int64_t offset, bool inverse);

// ---- SwiGLU ------------------------------------------------------------------
// a = silu(g) ⊙ u
template <class S>
void swiglu_fwd(const S* g, const S* u, int64_t n, S* a);
// dg += da ⊙ u ⊙ silu'(g);  du += da ⊙ silu(g)
template <class S>
void swiglu_bwd(const S* g, const S* u, const S* da, int64_t n, S* dg, S* du);

// ---- cross-entropy -----------------------------------------------------------
// Over rows of logits [rows, V] with targets (−1 = ignored): returns the SUM of
// (logsumexp − logit[target]) over counted rows. If dlogits is non-null it is
// OVERWRITTEN with scale·(softmax − onehot) on counted rows and 0 on ignored ones.
// row_w (optional, [rows]): per-row weights instead — the sum is of
// row_w[r]·CE_r and row r's gradient is scaled by row_w[r] (GRPO's surrogate).
template <class S>
double cross_entropy_sum(const S* logits, const int32_t* targets, int64_t rows, int64_t V, S scale, S* dlogits,
                         const S* row_w = nullptr);

// In-place softmax over n values (max-subtracted).
template <class S>
void softmax_inplace(S* x, int64_t n);

template <class S>
inline S sigmoid_s(S x) {
  return S(1) / (S(1) + std::exp(-x));
}

}  // namespace dseek::train
