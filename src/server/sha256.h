// sha256.h — SHA-256 (FIPS 180-4), used to key the server's prefix cache by
// the token ids of a prompt prefix. A cryptographic hash: two different
// prefixes cannot be made to share a key (unlike a seeded fast hash), so a
// hostile prompt cannot read another request's cached attention state.
// What it is not: an HMAC or a general crypto library.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace dseek::server {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t n);
  void update(std::string_view s) { update(s.data(), s.size()); }
  Sha256Digest finish();  // the object must not be updated afterwards

 private:
  void block(const uint8_t* p);
  std::array<uint32_t, 8> h_;
  std::array<uint8_t, 64> buf_{};
  size_t buf_len_ = 0;
  uint64_t total_ = 0;  // bytes
};

Sha256Digest sha256(std::string_view data);
std::string to_hex(const Sha256Digest& d);

struct DigestHash {  // for unordered_map keys: the digest is already uniform
  size_t operator()(const Sha256Digest& d) const {
    size_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | d[size_t(i)];
    return v;
  }
};

}  // namespace dseek::server
