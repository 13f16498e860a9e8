// moe.h — DeepSeekMoE reference: router (sigmoid + bias + group-limited top-k
// for V3; softmax greedy / group-limited greedy for V2), routed + shared
// experts, and the dense SwiGLU MLP used by the first layers.
// What it is not: fused/permuted expert GEMMs (backends) or training (train/).
#pragma once

#include <cstdint>
#include <vector>

#include "backend/backend.h"
#include "model/config.h"
#include "model/weights.h"

namespace dseek {

struct ExpertChoice {
  int32_t expert;
  float weight;
};

// Route one token given its router logits [n_routed_experts] and the
// e_score_correction_bias (may be null). Returns num_experts_per_tok choices.
std::vector<ExpertChoice> route_token(const ModelConfig& cfg, const float* logits, const float* bias);

// out[T, hidden] = SwiGLU MLP of x[T, hidden].
void mlp_forward(Backend& be, const MLPWeights& w, const float* x, int64_t T, float* out);

// out[T, hidden] = sum_k w_k expert_k(x) + shared(x). Tokens are grouped per
// expert so each expert runs one batched MLP over the rows routed to it.
// If `load` is given, load[e] += number of tokens routed to expert e.
void moe_forward(Backend& be, const ModelConfig& cfg, const MoEWeights& w, const float* x, int64_t T, float* out,
                 std::vector<int64_t>* load = nullptr);

}  // namespace dseek
