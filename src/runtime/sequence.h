// sequence.h — one sequence's incremental forward over its own latent cache,
// whatever runs it: the generator (and anything else that decodes token by
// token) talks to this interface, so the same decoding code drives the CPU
// backends and the CUDA model (backend/cuda_sequence.cpp).
// What it is not: a multi-sequence scheduler (the server batches CPU caches
// itself) or a model loader.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "backend/backend.h"
#include "model/model.h"

namespace dseek {

class SequenceModel {
 public:
  virtual ~SequenceModel() = default;
  virtual const ModelConfig& config() const = 0;
  virtual bool has_mtp() const = 0;
  // Appends tokens at the end of the cache. logits: last row [vocab] (or all
  // rows [T, vocab]); hidden: every row's final-norm hidden state [T, hidden].
  virtual ForwardResult step(std::span<const int32_t> tokens, bool all_logits) = 0;
  // MTP module 0 over rows (next_tokens[i], hidden[i]) appended to its cache
  // slot; logits of the last row.
  virtual std::vector<float> mtp_step(std::span<const int32_t> next_tokens, const float* hidden) = 0;
  virtual int64_t length(int64_t layer) const = 0;  // cache rows of a layer (MTP: num_hidden_layers)
  virtual void truncate(int64_t n) = 0;             // every layer to min(length, n)
  virtual size_t cache_bytes() const = 0;
};

// The CPU path: forward() with absorbed MLA over a LatentCache of `capacity` tokens.
std::unique_ptr<SequenceModel> cpu_sequence(const Model& m, Backend& be, int64_t capacity);

}  // namespace dseek
