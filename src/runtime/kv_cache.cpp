// kv_cache.cpp — LatentCache (see kv_cache.h).
#include "runtime/kv_cache.h"

#include <algorithm>
#include <cstring>

#include "core/check.h"

namespace dseek {

LatentCache::LatentCache(int64_t layers, int64_t kv_lora_rank, int64_t rope_dim, int64_t capacity)
    : layers_(layers), rank_(kv_lora_rank), rope_(rope_dim), len_(size_t(layers), 0) {
  DSEEK_CHECK(layers > 0 && kv_lora_rank > 0 && rope_dim >= 0, "LatentCache: bad dims {} {} {}", layers,
              kv_lora_rank, rope_dim);
  reserve(capacity);
}

void LatentCache::reserve(int64_t capacity) {
  DSEEK_CHECK(capacity >= 0 && capacity <= (int64_t(1) << 24), "LatentCache: capacity {} out of range", capacity);
  if (capacity <= cap_) return;
  const int64_t newcap = std::max(capacity, cap_ * 2);
  std::vector<float> nd(size_t(layers_ * newcap * width()));
  for (int64_t l = 0; l < layers_ && cap_ > 0; ++l)
    std::memcpy(&nd[size_t(l * newcap * width())], &data_[size_t(l * cap_ * width())],
                size_t(len_[size_t(l)] * width()) * sizeof(float));
  data_.swap(nd);
  cap_ = newcap;
}

void LatentCache::set_length(int64_t layer, int64_t n) {
  DSEEK_CHECK(layer >= 0 && layer < layers_ && n >= 0 && n <= cap_, "LatentCache: bad set_length({}, {})", layer, n);
  len_[size_t(layer)] = n;
}

void LatentCache::assign_prefix(const LatentCache& src, int64_t n) {
  DSEEK_CHECK(src.layers_ == layers_ && src.rank_ == rank_ && src.rope_ == rope_, "LatentCache: shape mismatch");
  DSEEK_CHECK(n >= 0 && n <= cap_, "LatentCache: prefix of {} tokens exceeds capacity {}", n, cap_);
  for (int64_t l = 0; l < layers_; ++l) {  // a layer may hold fewer (the MTP layer lags)
    const int64_t k = std::min(n, src.length(l));
    if (k > 0) std::memcpy(row(l, 0), src.row(l, 0), size_t(k * width()) * sizeof(float));
    len_[size_t(l)] = k;
  }
}

void LatentCache::truncate(int64_t n) {
  for (auto& l : len_) l = std::min(l, std::max<int64_t>(n, 0));
}

void LatentCache::clear() { std::fill(len_.begin(), len_.end(), 0); }

}  // namespace dseek
