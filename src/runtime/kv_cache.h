// kv_cache.h — the compressed (latent) KV cache of MLA for one sequence.
// Per token and layer it stores only the normalised latent c_kv
// (kv_lora_rank values) followed by the rotated shared key k_pe
// (qk_rope_head_dim values): 576 floats per token per layer for DeepSeek-V3.
// Capacity grows on demand (sized from the request, not the model maximum).
// What it is not: a paged multi-sequence pool (the server's scheduler adds
// that), or GPU memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace dseek {

class LatentCache {
 public:
  // layers: decoder layers + MTP layers; width = kv_lora_rank + qk_rope_head_dim.
  LatentCache(int64_t layers, int64_t kv_lora_rank, int64_t rope_dim, int64_t capacity = 0);

  int64_t layers() const { return layers_; }
  int64_t rank() const { return rank_; }
  int64_t rope_dim() const { return rope_; }
  int64_t width() const { return rank_ + rope_; }
  int64_t capacity() const { return cap_; }
  // Tokens stored per layer (layer-local: the MTP layer may lag the main layers).
  int64_t length(int64_t layer) const { return len_[std::size_t(layer)]; }
  std::size_t bytes() const { return data_.size() * sizeof(float); }

  void reserve(int64_t capacity);  // keeps contents
  // Row for (layer, pos); pos < capacity. Writing past length() then calling
  // set_length() is how rows are appended.
  float* row(int64_t layer, int64_t pos) { return &data_[std::size_t((layer * cap_ + pos) * width())]; }
  const float* row(int64_t layer, int64_t pos) const { return &data_[std::size_t((layer * cap_ + pos) * width())]; }
  void set_length(int64_t layer, int64_t n);
  void truncate(int64_t n);  // every layer to min(length, n): rollback after rejected drafts
  // This cache becomes the first n tokens of `src` (same shape; capacity >= n; a
  // layer of src holding fewer keeps its own length): a shared prompt prefix,
  // copied row by row without copying src's spare capacity.
  void assign_prefix(const LatentCache& src, int64_t n);
  void clear();

 private:
  int64_t layers_, rank_, rope_, cap_ = 0;
  std::vector<int64_t> len_;
  std::vector<float> data_;  // [layers][cap][width]
};

// Rows [row0, row0 + rows) of a batched forward belong to one sequence whose
// latent cache is `cache` (continuous batching: many sequences per step).
struct CacheSegment {
  LatentCache* cache = nullptr;
  int64_t row0 = 0, rows = 0;
};

}  // namespace dseek
