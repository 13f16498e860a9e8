// prefix_cache.cpp — see prefix_cache.h.
#include "server/prefix_cache.h"

#include <algorithm>
#include <cstring>

#include "core/check.h"

namespace dseek::server {

std::vector<Sha256Digest> block_hashes(std::span<const int32_t> tokens, int64_t block) {
  DSEEK_CHECK(block > 0, "prefix cache: block size must be positive");
  std::vector<Sha256Digest> out;
  Sha256Digest prev{};
  for (size_t b = 0; b + size_t(block) <= tokens.size(); b += size_t(block)) {
    Sha256 h;
    h.update(prev.data(), prev.size());
    uint8_t buf[4];
    for (size_t i = b; i < b + size_t(block); ++i) {
      const uint32_t v = uint32_t(tokens[i]);
      for (int j = 0; j < 4; ++j) buf[j] = uint8_t(v >> (8 * j));  // little-endian ids
      h.update(buf, 4);
    }
    prev = h.finish();
    out.push_back(prev);
  }
  return out;
}

PrefixCache::PrefixCache(size_t max_bytes, int64_t block) : max_bytes_(max_bytes), block_(block) {
  DSEEK_CHECK(block > 0, "prefix cache: block size must be positive");
}

void PrefixCache::evict(Iter it) {
  for (const auto& h : it->hashes) {
    auto f = index_.find(h);
    if (f != index_.end() && f->second == it) index_.erase(f);
  }
  bytes_ -= it->cache.bytes();
  lru_.erase(it);
}

void PrefixCache::clear() {
  index_.clear();
  lru_.clear();
  bytes_ = 0;
}

int64_t PrefixCache::lookup(std::span<const int32_t> tokens, int64_t max_len, LatentCache& dst) {
  if (lru_.empty() || max_len < block_) return 0;
  const int64_t nb = std::min<int64_t>(int64_t(tokens.size()), max_len) / block_;
  const std::vector<Sha256Digest> hs = block_hashes(tokens.first(size_t(nb * block_)), block_);
  for (int64_t k = nb; k >= 1; --k) {
    auto f = index_.find(hs[size_t(k - 1)]);
    if (f == index_.end()) continue;
    const Entry& e = *f->second;
    const int64_t L = k * block_;
    if (int64_t(e.tokens.size()) < L || !std::equal(e.tokens.begin(), e.tokens.begin() + L, tokens.begin()))
      continue;  // unreachable unless SHA-256 collides
    DSEEK_CHECK(dst.layers() == e.cache.layers() && dst.width() == e.cache.width(),
                "prefix cache: cache shape mismatch");
    dst.reserve(L);
    for (int64_t l = 0; l < dst.layers(); ++l) {
      const int64_t m = std::min(L, e.cache.length(l));
      if (m > 0) std::memcpy(dst.row(l, 0), e.cache.row(l, 0), size_t(m * dst.width()) * sizeof(float));
      dst.set_length(l, m);
    }
    lru_.splice(lru_.begin(), lru_, f->second);  // iterators stay valid
    return L;
  }
  return 0;
}

void PrefixCache::insert(std::span<const int32_t> tokens, const LatentCache& src) {
  const int64_t n = std::min<int64_t>(int64_t(tokens.size()), src.length(0)) / block_ * block_;
  if (n == 0 || max_bytes_ == 0) return;
  std::vector<Sha256Digest> hs = block_hashes(tokens.first(size_t(n)), block_);
  if (auto f = index_.find(hs.back()); f != index_.end()) {  // already cached (same prefix)
    lru_.splice(lru_.begin(), lru_, f->second);
    return;
  }
  LatentCache c(src.layers(), src.rank(), src.rope_dim(), n);
  if (c.bytes() > max_bytes_) return;
  while (!lru_.empty() && bytes_ + c.bytes() > max_bytes_) evict(std::prev(lru_.end()));
  for (int64_t l = 0; l < src.layers(); ++l) {
    const int64_t m = std::min(n, src.length(l));
    if (m > 0) std::memcpy(c.row(l, 0), src.row(l, 0), size_t(m * src.width()) * sizeof(float));
    c.set_length(l, m);
  }
  bytes_ += c.bytes();
  lru_.push_front(Entry{std::vector<int32_t>(tokens.begin(), tokens.begin() + n), std::move(hs), std::move(c)});
  for (const auto& h : lru_.front().hashes) index_[h] = lru_.begin();
}

}  // namespace dseek::server
