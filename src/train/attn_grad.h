// attn_grad.h — Multi-head Latent Attention for training: forward that keeps
// its activations, and the explicit backward. Semantics are model/mla.cpp's
// naive path (docs/hf-semantics.md §4): optional q compression (q_a_proj →
// q_a_layernorm (eps 1e-6) → q_b_proj) or q_proj; kv_a_proj_with_mqa split
// into latent (first) and k_pe (last, one head shared by all); kv_a_layernorm
// (eps 1e-6); kv_b_proj per head k_nope then v; RoPE on q_pe/k_pe at
// SeqLayout.pos; causal softmax with document masking (SeqLayout.segment);
// o_proj. Templated on float/double.
// What it is not: absorbed/cached inference attention (model/mla.*), CUDA.
#pragma once

#include <vector>

#include "model/config.h"
#include "train/ops_grad.h"

namespace dseek::train {

struct AttnDims {
  int64_t H = 0, dn = 0, dr = 0, dv = 0;
  int64_t dq() const { return dn + dr; }
  static AttnDims of(const ModelConfig& c) {
    return {c.num_attention_heads, c.qk_nope_head_dim, c.qk_rope_head_dim, c.v_head_dim};
  }
};

// Core attention over already projected/rotated tensors.
//   q [N, H, dq] (per head nope then rope), kv [N, H, dn+dv] (per head k_nope
//   then v), kpe [N, dr] (shared by heads). out [N, H*dv], lse [N, H] (log-sum-
//   exp of the scaled scores, kept for the backward).
template <class S>
void attention_fwd(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, S scale, const S* q, const S* kv,
                   const S* kpe, S* out, S* lse);
// Accumulates dq, dkv, dkpe (any may be null) from dout.
template <class S>
void attention_bwd(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, S scale, const S* q, const S* kv,
                   const S* kpe, const S* out, const S* lse, const S* dout, S* dq, S* dkv, S* dkpe);

// MLA weights (model.layers.L.self_attn.*); unused fields stay empty.
template <class S>
struct MlaW {
  PRef<S> q_proj, q_a_proj, q_a_layernorm, q_b_proj, kv_a_proj_with_mqa, kv_a_layernorm, kv_b_proj, o_proj;
};

// Activations saved by mla_fwd for mla_bwd.
template <class S>
struct MlaState {
  std::vector<S> qa, qa_r, qan;  // q compression (q_lora_rank > 0)
  std::vector<S> q;              // [N, H*dq], q_pe rotated
  std::vector<S> lat, lat_r, latn;  // latent before/after kv_a_layernorm
  std::vector<S> kpe;            // [N, dr] rotated
  std::vector<S> kv;             // [N, H*(dn+dv)]
  std::vector<S> o, lse;         // attention output [N, H*dv], [N, H]
};

// x [N, hidden] (input_layernorm'd) → out [N, hidden]. rope: built from
// SeqLayout.pos with make_rope_cache(make_rope_table(cfg), dr, ...).
template <class S>
void mla_fwd(const GradContext& ctx, const ModelConfig& cfg, const MlaW<S>& w, const SeqLayout& sl,
             const RopeCache<S>& rope, const S* x, S* out, MlaState<S>& st);
// dx += ∂/∂x; weight gradients += into w.*.g (where non-null).
template <class S>
void mla_bwd(const GradContext& ctx, const ModelConfig& cfg, const MlaW<S>& w, const SeqLayout& sl,
             const RopeCache<S>& rope, const S* x, const MlaState<S>& st, const S* dout, S* dx);

}  // namespace dseek::train
