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
  // MTP depth-1 targets (token after next) are derived from targets: row t's
  // MTP target is targets[t+1] when t+1 is in the same segment, else -1.
};

}  // namespace dseek::train
