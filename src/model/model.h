// model.h — a loaded DeepSeek-V2/V3 model: config + mmap'd checkpoint + weight
// views, and the reference (CPU, fp32) forward pass.
// What it is not: generation (runtime/), or the fast/cached paths.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "core/huge_buffer.h"
#include "core/threadpool.h"
#include "io/safetensors.h"
#include "model/config.h"
#include "model/weights.h"
#include "runtime/kv_cache.h"

namespace dseek {

struct Model {
  ModelConfig cfg;
  std::unique_ptr<Checkpoint> ckpt;  // owns the mappings the views point into
  ModelWeights w;
  std::vector<std::vector<float>> owned;  // weights converted after loading (dequantize_fp8_weights)
  std::vector<HugeBuffer> panels;         // bf16 prefill panels (prepack_bf16_weights)
};

struct LoadOptions {
  bool load_mtp = true;  // also bind model.layers.{num_hidden_layers + d}.* when present
  WeightMemory memory = WeightMemory::Mmap;  // Auto/Ram: a huge-page copy in RAM decodes ~1.5x faster
  bool progress = false;                     // progress bar while reading weights into RAM
};

// Loads config.json + safetensors from a directory and binds/validates every
// tensor's shape and dtype. Throws dseek::Error naming the tensor on mismatch.
Model load_model(const std::string& dir, const LoadOptions& opt = {});
// Reads every weight page once (sequentially, with a progress bar) so the
// first forward pass does not stall on page faults. Returns bytes touched.
// (Not needed when the checkpoint is resident: m.ckpt->resident().)
size_t prefetch_weights(const Model& m, bool progress = true);
// Replaces every FP8 projection weight by an owned F32 copy, exactly
// dequantised (w = e4m3 · scale_inv of its block). For small models (the
// intent classifier): the prefill GEMM then skips the per-call FP8 panel
// decode, at 4 bytes per weight instead of 1. Returns the bytes allocated.
size_t dequantize_fp8_weights(Model& m);
// Bytes prepack_bf16_weights would allocate (0 when no weight qualifies).
size_t bf16_panel_bytes(const Model& m);
// Gives every BF16/F16/FP8 projection weight (all but the output heads, which
// prefill applies to one row) a bf16 copy in the Bf16x prefill kernel's panel
// layout (Linear::packed_bf16), packed on `pool` once: CPU prefill with
// --bf16-activations then skips the per-call conversion (1.3-1.4x on an MoE
// expert GEMM). The row-major weights stay for decode. Returns bytes allocated.
size_t prepack_bf16_weights(Model& m, ThreadPool& pool, bool progress = false);
// Binds weights of an already-opened checkpoint (used by tests and load_model).
ModelWeights bind_weights(const ModelConfig& cfg, const Checkpoint& ck, const LoadOptions& opt = {});

struct ForwardResult {
  std::vector<float> logits;  // [T, vocab]; when !all_logits: [1, vocab] (last row), or one row per segment
  std::vector<float> hidden;  // [T, hidden] after the final norm (input to lm_head and MTP)
};

struct ForwardOptions {
  LatentCache* cache = nullptr;  // null: naive attention over `tokens` from position 0;
                                 // else absorbed MLA, tokens appended at cache positions
  std::span<const CacheSegment> segments = {};  // batched: rows of several sequences (overrides cache)
  bool all_logits = true;        // false: logits of the last row only
  std::vector<std::vector<int64_t>>* expert_load = nullptr;  // per layer, tokens per expert (+=)
};

// The forward pass on any backend.
ForwardResult forward(const Model& m, Backend& be, std::span<const int32_t> tokens, const ForwardOptions& opt = {});

// MTP module `depth`: row t predicts the token after next_tokens[t] from
// hidden[t] (main model, after final norm, at the position before next_tokens[t])
// and embed(next_tokens[t]). With a cache, rows are appended to the MTP layer's
// cache slot (num_hidden_layers + depth). Returns [T, vocab] (or last row).
std::vector<float> mtp_forward(const Model& m, Backend& be, int depth, std::span<const int32_t> next_tokens,
                               const float* hidden, const ForwardOptions& opt = {});

// A cache shaped for this model (decoder + MTP layers), with room for `capacity` tokens.
LatentCache make_cache(const Model& m, int64_t capacity);

// Reference forward over one sequence starting at position 0 (reference backend, naive MLA).
ForwardResult forward_reference(const Model& m, std::span<const int32_t> tokens);

// MTP module d (0-based) reference: for i in [0, T-1): predicts t[i+2] from
// h[i] (main hidden after final norm) and embed(t[i+1]). Returns [T-1, vocab].
std::vector<float> mtp_forward_reference(const Model& m, int depth, std::span<const int32_t> tokens,
                                         const std::vector<float>& hidden);

}  // namespace dseek
