// mla.h — Multi-head Latent Attention.
//   naive:    decompress K/V with kv_b_proj for every head, causal softmax
//             attention over the rows given (the oracle; used by `dseek logits`).
//   absorbed: DeepSeek's inference form over the latent cache: kv_b_proj's key
//             half is folded into the query (scores against c_kv directly), its
//             value half is applied after attention. Only c_kv and k_pe are cached.
// What it is not: CUDA or paged/batched attention.
#pragma once

#include <cstdint>
#include <span>

#include "backend/backend.h"
#include "model/config.h"
#include "model/rope.h"
#include "model/weights.h"
#include "runtime/kv_cache.h"

namespace dseek {

struct MLAParams {
  const ModelConfig* cfg = nullptr;
  const MLAWeights* w = nullptr;
  const RopeTable* rope = nullptr;
  Backend* be = nullptr;
};

// x: [T, hidden] (already input_layernorm'd), positions 0..T-1; out: [T, hidden].
void mla_forward_naive(const MLAParams& p, const float* x, int64_t T, float* out);

// Appends each segment's new tokens (positions cache.length(layer) ...) to
// `layer` of its cache and attends causally over everything that sequence has
// cached. Projections run batched over all T rows. Capacity must suffice.
void mla_forward_absorbed(const MLAParams& p, std::span<const CacheSegment> segs, int64_t layer, const float* x,
                          int64_t T, float* out);

// Eps of q_a_layernorm / kv_a_layernorm: transformers builds them with the default 1e-6.
constexpr float kLatentNormEps = 1e-6f;

}  // namespace dseek
