// rng.h — the project's portable pseudo-random generator (xoshiro256**).
// What it is: a small, fast, seedable generator whose output stream is fully
// specified here (splitmix64 seeding + xoshiro256** by Blackman & Vigna), so a
// given seed yields the same numbers on every compiler, libstdc++/libc++ and
// CPU. Each sampler / sequence owns its own Rng object: there is no global
// state, so one sequence's draws never perturb another's.
// What it is not: a cryptographic generator, and not a wrapper around the
// <random> distributions (std::uniform_real_distribution & co. are
// implementation-defined; the conversions below are written out explicitly).
#pragma once

#include <array>
#include <cstdint>

namespace dseek {

class Rng {
 public:
  // Seeds the 256-bit state by running splitmix64 from `seed` (the scheme the
  // xoshiro authors recommend); every seed, including 0, gives a valid state.
  explicit Rng(uint64_t seed = 0) { reseed(seed); }

  void reseed(uint64_t seed);

  // Next raw 64-bit output of xoshiro256**.
  uint64_t next_u64();

  // Uniform double in [0, 1): the top 53 bits of next_u64() times 2^-53.
  // Exactly reproducible (no rounding beyond an exact scaling).
  double uniform();

  // Uniform integer in [0, n) for n >= 1 (Lemire's unbiased multiply-shift
  // with rejection). Throws dseek::Error for n == 0.
  uint64_t below(uint64_t n);

  // Full state, for checkpointing a sequence and resuming it bit-exactly.
  std::array<uint64_t, 4> state() const { return s_; }
  // Restores a state from state(); the all-zero state is rejected (it is the
  // one fixed point of xoshiro).
  void set_state(const std::array<uint64_t, 4>& s);

 private:
  std::array<uint64_t, 4> s_{};
};

}  // namespace dseek
