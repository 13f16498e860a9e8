// layout.h — the list of tensors a DeepSeek-V2/V3 checkpoint holds for a given
// config, with Hugging Face names and shapes (MTP layers included). Used to
// write random-weight presets and (later) trained checkpoints, and to count
// bytes/FLOPs per token.
// What it is not: a loader (model/load.cpp checks the same shapes on read).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/config.h"

namespace dseek {

enum class TensorRole : uint8_t {
  Embedding,  // model.embed_tokens (gathered, one row per token)
  Head,       // lm_head / shared_head.head
  Linear,     // projection weights: FP8-quantisable
  Router,     // mlp.gate.weight (kept BF16/F32 like DeepSeek)
  Norm,       // RMSNorm weights
  Bias,       // e_score_correction_bias (F32)
};

struct TensorSpec {
  std::string name;
  std::vector<int64_t> shape;
  TensorRole role;
  int64_t layer = -1;   // decoder/MTP layer index, -1 for global tensors
  int64_t expert = -1;  // routed expert index, -1 otherwise (shared experts: -1)
};

std::vector<TensorSpec> checkpoint_layout(const ModelConfig& cfg, bool with_mtp = true);

// Parameters touched per token (routed experts: num_experts_per_tok of them;
// the embedding counts one row). Used for bandwidth/FLOP accounting.
struct ActiveCounts {
  int64_t total_params = 0;   // every tensor (MTP excluded)
  int64_t active_params = 0;  // per token, excluding the embedding table
};
ActiveCounts count_params(const ModelConfig& cfg);

}  // namespace dseek
