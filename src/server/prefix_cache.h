// prefix_cache.h — reuse of latent KV-cache rows across requests that share a
// prompt prefix (system prompts, chat history).
// What it is: an LRU of the caches of recently finished sequences, indexed by
// chained SHA-256 block hashes of their token ids: h[k] = SHA-256(h[k-1] ||
// ids of block k) for each full block of `block` tokens. A new sequence whose
// prompt starts with a cached prefix copies those rows (every layer) instead
// of recomputing them. Bounded in bytes; the least recently used entries go
// first. Hits are also compared token by token (defence in depth).
// What it is not: thread-safe (the scheduler thread owns it) or paged
// (entries are whole copies; sharing pages is a later optimisation).
#pragma once

#include <cstdint>
#include <list>
#include <span>
#include <unordered_map>
#include <vector>

#include "runtime/kv_cache.h"
#include "server/sha256.h"

namespace dseek::server {

// Chained hashes of every full block of `tokens`.
std::vector<Sha256Digest> block_hashes(std::span<const int32_t> tokens, int64_t block);

class PrefixCache {
 public:
  PrefixCache(size_t max_bytes, int64_t block = 16);

  // Copies the longest cached prefix of `tokens` no longer than `max_len`
  // tokens into `dst` (empty, capacity reserved); returns the rows copied
  // (a multiple of the block size, 0 on a miss).
  int64_t lookup(std::span<const int32_t> tokens, int64_t max_len, LatentCache& dst);
  // Keeps rows [0, n) of `src` for `tokens` (n = min(tokens, src.length(0))
  // rounded down to the block size).
  void insert(std::span<const int32_t> tokens, const LatentCache& src);
  void clear();

  size_t bytes() const { return bytes_; }
  size_t entries() const { return lru_.size(); }
  int64_t block() const { return block_; }

 private:
  struct Entry {
    std::vector<int32_t> tokens;
    std::vector<Sha256Digest> hashes;
    LatentCache cache;
  };
  using Iter = std::list<Entry>::iterator;
  void evict(Iter it);

  size_t max_bytes_, bytes_ = 0;
  int64_t block_;
  std::list<Entry> lru_;  // front = most recently used
  std::unordered_map<Sha256Digest, Iter, DigestHash> index_;
};

}  // namespace dseek::server
