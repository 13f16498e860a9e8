// batch.h — one training micro-batch: B packed rows of T tokens with targets
// and document segments (attention never crosses a document boundary; RoPE
// positions restart at each document), plus a loss mask (SFT: answer-only).
// What it is not: the data loader that builds batches (train/data.*).
#pragma once

#include <cstdint>
#include <vector>

namespace dseek::train {

struct Batch {
  int64_t B = 0, T = 0;
  std::vector<int32_t> tokens;   // [B, T] input ids
  std::vector<int32_t> targets;  // [B, T] next-token ids; -1 = no loss at this position
  std::vector<int32_t> segment;  // [B, T] document id within the row (non-decreasing)
  std::vector<int32_t> pos;      // [B, T] position within its document (0, 1, ...)
  // Shared-prefix packing (SFT with one long system prompt): the first
  // `shared_prefix` tokens of every row are one segment that every later
  // segment of the row also attends to, as if each had it in front of it (its
  // positions then continue after the prefix). 0 = ordinary packing. Exact
  // for the main model; for MTP the prefix's last row embeds its own token
  // (it cannot see each document's first one), a one-row approximation.
  int64_t shared_prefix = 0;
  // Optional [B, T] weights of the main loss's targets (GRPO): the main loss
  // becomes Σ loss_weight·CE over counted targets (no mean), each target's
  // gradient scaled by its weight. Empty = the usual mean.
  std::vector<float> loss_weight;
  // MTP depth-1 targets (token after next) are derived from targets: row t's
  // MTP target is targets[t+1] when t+1 is in the same segment, else -1.
};

}  // namespace dseek::train
