// moe_grad.h — SwiGLU MLP and DeepSeekMoE for training: forward keeping
// activations, explicit backward, and the sequence-wise balance loss.
// Routing is model/moe.cpp's route_token (docs/hf-semantics.md §5):
//   V3: s = sigmoid(logits); selection by s + e_score_correction_bias with
//       group-limited top-k (-inf mask); weights = unbiased s of the selected
//       experts, / (Σ + 1e-20) if norm_topk_prob, × routed_scaling_factor.
//   V2: p = softmax(logits); greedy or group_limited_greedy (0 mask);
//       weights = p × routed_scaling_factor (never renormalised).
// The gradient flows through the selected weights into the router logits;
// the selection itself (and the bias) is not differentiated.
// Balance loss (DeepSeek-V3 §2.1.2, "complementary sequence-wise"): for each
// sequence (= one document: a (row, segment) run of the batch) of T tokens,
//   L = α · Σ_i f_i P_i,  f_i = E/(K·T) · #tokens routed to i (a constant),
//   P_i = (1/T) Σ_t s'_{i,t},  s' = s / Σ_j s_j (V3) or p (V2);
// the layer's aux loss is the mean of L over the sequences of the batch.
// What it is not: inference MoE (model/moe.*), expert parallelism.
#pragma once

#include <cstdint>
#include <vector>

#include "model/config.h"
#include "train/ops_grad.h"

namespace dseek::train {

template <class S>
struct MlpW {
  PRef<S> gate_proj, up_proj, down_proj;
  int64_t inter = 0;
};
template <class S>
struct MlpState {
  std::vector<S> g, u, a;  // gate/up pre-activations and silu(g)*u, [rows, inter]
};
// y[rows, hidden] = down(silu(gate(x)) * up(x))
template <class S>
void mlp_fwd(const GradContext& ctx, const MlpW<S>& w, int64_t hidden, const S* x, int64_t rows, S* y,
             MlpState<S>& st);
template <class S>
void mlp_bwd(const GradContext& ctx, const MlpW<S>& w, int64_t hidden, const S* x, int64_t rows,
             const MlpState<S>& st, const S* dy, S* dx);

// One token's routing: scores[E] (sigmoid or softmax of the logits, unmasked),
// idx[K] the selected experts (same choice and order as route_token), wsel[K]
// their weights, live[K] = 0 where a V2 group mask zeroed the weight.
template <class S>
void route_select(const ModelConfig& cfg, const S* logits, const S* bias, S* scores, int32_t* idx, S* wsel,
                  uint8_t* live);

template <class S>
struct MoeW {
  PRef<S> gate;            // mlp.gate.weight [E, hidden]
  const S* bias = nullptr; // e_score_correction_bias [E] (V3), may be null
  std::vector<MlpW<S>> experts;
  bool has_shared = false;
  MlpW<S> shared;
};

template <class S>
struct MoeState {
  std::vector<S> scores;                 // [N, E]
  std::vector<int32_t> idx;              // [N, K]
  std::vector<S> wsel;                   // [N, K]
  std::vector<uint8_t> live;             // [N, K]
  std::vector<std::vector<int64_t>> slots;  // per expert: routed slots t*K + k
  std::vector<std::vector<S>> xs, ys;    // per expert: gathered inputs / outputs
  std::vector<MlpState<S>> est;          // per expert
  MlpState<S> shared;
  std::vector<int64_t> load;             // [E] tokens per expert
  double aux = 0.0;                      // balance loss of this layer (× alpha, mean over sequences)
  std::vector<S> aux_coef;               // [N, E] ∂aux/∂s' (empty when alpha == 0)
};

// x [N, hidden] (post_attention_layernorm'd) → out [N, hidden]. aux_alpha > 0
// computes the balance loss over the sequences of `sl`.
template <class S>
void moe_fwd(const GradContext& ctx, const ModelConfig& cfg, const MoeW<S>& w, const SeqLayout& sl, const S* x,
             S* out, MoeState<S>& st, double aux_alpha);
// Backward of out and (if computed) of st.aux with weight 1.
template <class S>
void moe_bwd(const GradContext& ctx, const ModelConfig& cfg, const MoeW<S>& w, const SeqLayout& sl, const S* x,
             const MoeState<S>& st, const S* dout, S* dx);

}  // namespace dseek::train
