// balance.h — DeepSeek-V3's auxiliary-loss-free load balancing (§2.1.2): after
// each optimizer step every MoE layer's e_score_correction_bias moves by
// γ·sign(mean_load − load_e), so overloaded experts get picked less and
// underloaded ones more. Loads are the per-layer, per-expert token counts of
// StepStats.expert_load summed over the accumulation steps.
// What it is not: the sequence-wise auxiliary loss (that is part of the loss,
// train/model_grad.*) or the router itself (model/moe.*).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "train/params.h"

namespace dseek::train {

using ExpertLoad = std::vector<std::vector<int64_t>>;  // [layer][expert] tokens routed

struct BalanceOptions {
  float gamma = 0.001f;  // bias update speed; 0 disables the update
};

struct LayerLoadStats {
  int64_t layer = -1;
  int64_t max = 0;      // tokens on the busiest expert
  double mean = 0;      // tokens per expert on average
  double max_over_mean() const { return mean > 0 ? double(max) / mean : 0.0; }
};

// acc[l][e] += add[l][e] (acc grows to add's shape; shapes must agree where both exist).
void accumulate_load(ExpertLoad& acc, const ExpertLoad& add);

// Per layer that routed any token (non-empty row): max and mean expert load.
std::vector<LayerLoadStats> load_stats(const ExpertLoad& load);

// Applies the bias rule to every layer l with a non-empty load row and a
// model.layers.{l}.mlp.gate.e_score_correction_bias tensor (V2 models have
// none: no-op). Returns the names of the bias tensors it changed.
std::vector<std::string> update_expert_bias(TrainParams& p, const ExpertLoad& load, const BalanceOptions& opt);

}  // namespace dseek::train
