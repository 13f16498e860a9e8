// rng.cpp — xoshiro256** with splitmix64 seeding (see rng.h for the contract).
// What it is: the bit-exact generator definition. What it is not: a source of
// entropy; callers that want "random" seeds must pick them (e.g. the server
// from the request, or from its own seeded Rng).
#include "runtime/rng.h"

#include "core/check.h"

namespace dseek {

namespace {

inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// splitmix64: one step advances `x` by the golden-ratio increment and returns
// a well-mixed 64-bit value.
inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

void Rng::reseed(uint64_t seed) {
  uint64_t x = seed;
  for (auto& w : s_) w = splitmix64(x);
  // splitmix64 is a bijection of its counter, and four consecutive outputs
  // cannot all be zero, so the state is always valid.
}

uint64_t Rng::next_u64() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

uint64_t Rng::below(uint64_t n) {
  DSEEK_CHECK(n > 0, "Rng::below: n must be >= 1, got {}", n);
  // Lemire 2019: take the high 64 bits of x*n; reject the few low products
  // that would bias small results.
  unsigned __int128 m = static_cast<unsigned __int128>(next_u64()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next_u64()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

void Rng::set_state(const std::array<uint64_t, 4>& s) {
  DSEEK_CHECK(s[0] | s[1] | s[2] | s[3], "Rng::set_state: the all-zero state is invalid");
  s_ = s;
}

}  // namespace dseek
