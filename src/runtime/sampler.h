// sampler.h — per-sequence next-token sampling: penalties, temperature,
// top-k / top-p / min-p truncation, logprobs, and the speculative-decoding
// acceptance rule.
// What it is: SamplingParams (validated request knobs), Sampler (one per
// sequence; owns its Rng and its penalty counts) and free functions for
// speculative decoding over dense probability vectors.
// What it is not: the logits producer (model/), stop handling (runtime/stop.h),
// the batch scheduler, or a beam search.
//
// Pipeline of Sampler::sample(logits), in this order (HF transformers' warper
// order; vLLM applies the same penalties first):
//   1. penalties, written in place into `logits`:
//        repetition (HF/CTRL): for every distinct token of prompt+generated,
//          l = l > 0 ? l / r : l * r          (applied once per token id)
//        frequency / presence (OpenAI), over generated tokens only:
//          l -= frequency_penalty * count + presence_penalty * (count > 0)
//   2. temperature: l / T (T == 0 means greedy: argmax of the penalized logits,
//      lowest index on ties; steps 3-5 are skipped, penalties still apply)
//   3. top-k: keep the k largest (ties broken by lower token id)
//   4. top-p: keep the minimal highest-first prefix whose probability mass
//      (renormalized after top-k) reaches top_p; the first token is always
//      kept (HF semantics: drop a token iff the mass strictly above it >= p)
//   5. min-p: keep tokens with prob >= min_p * max prob
//   6. draw from the renormalized survivors with the sequence's Rng.
// Logits equal to -inf are masked tokens (never sampled); NaN or +inf throw.
//
// Logprobs (params.logprobs): log-softmax of the logits AFTER penalties and
// BEFORE temperature/truncation, i.e. the (penalized) model distribution. vLLM
// by default returns the raw model logprobs (before penalties); we include the
// penalties because they are part of the model-side scoring the user asked
// for, while temperature/truncation are only the decoding policy. Without
// penalties both coincide.
//
// Reproducibility: a sampler seeded with s draws the same uniforms on every
// platform (runtime/rng.h), independent of other sequences in a batch. The
// candidates are walked in a fully specified order (token-id order, or
// (prob desc, id asc) after top-k/top-p), so results depend only on the
// logits and the float exp() of the platform's libm.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/rng.h"

namespace dseek {

struct SamplingParams {
  float temperature = 1.0f;         // >= 0; 0 = greedy
  int32_t top_k = 0;                // >= 0; 0 = off
  float top_p = 1.0f;               // (0, 1]; 1 = off
  float min_p = 0.0f;               // [0, 1]; 0 = off
  float repetition_penalty = 1.0f;  // > 0; 1 = off (HF, prompt + generated)
  float presence_penalty = 0.0f;    // [-2, 2] (OpenAI, generated tokens)
  float frequency_penalty = 0.0f;   // [-2, 2] (OpenAI, generated tokens)
  uint64_t seed = 0;                // callers without a user seed pick one
  int32_t max_tokens = 256;         // >= 1, generated-token budget
  bool logprobs = false;            // return the chosen token's logprob
  int32_t top_logprobs = 0;         // 0..20; needs logprobs = true

  // Throws dseek::Error naming the first bad field and its value.
  void validate() const;
  bool greedy() const { return temperature == 0.0f; }
};

struct TokenLogprob {
  int32_t token = -1;
  float logprob = 0.0f;
};

struct SampleResult {
  int32_t token = -1;
  // Valid when params.logprobs; NaN otherwise.
  float logprob = std::numeric_limits<float>::quiet_NaN();
  // The params.top_logprobs most likely tokens (logprob desc, id asc).
  std::vector<TokenLogprob> top_logprobs;
};

class Sampler {
 public:
  // Validates `params` and seeds the Rng from params.seed.
  explicit Sampler(const SamplingParams& params);

  const SamplingParams& params() const { return params_; }

  // Prompt tokens for the repetition penalty (replaces any earlier prompt).
  void set_prompt(std::span<const int32_t> tokens);
  // Records a generated token (repetition, presence and frequency penalties).
  void accept(int32_t token);
  // How often `token` was accepted so far.
  int32_t count(int32_t token) const;
  int32_t num_generated() const { return num_generated_; }

  // Applies the penalties in place (step 1). Throws if a recorded token id is
  // outside the logits.
  void apply_penalties(std::span<float> logits) const;

  // Steps 1-6 (the logits buffer receives the penalties). Does not call
  // accept(): the caller accepts the token it keeps.
  SampleResult sample(std::span<float> logits);

  // Steps 1-5 as a dense, normalized distribution over the vocabulary (zeros
  // for truncated tokens; one-hot for greedy). The p / q of speculative
  // decoding. The logits buffer receives the penalties.
  std::vector<float> probs(std::span<float> logits);

  Rng& rng() { return rng_; }

 private:
  struct Cand {
    float w;  // raw logit during top-k selection, then the weight exp((l - max) / T)
    int32_t id;
  };
  // Steps 2-5 for temperature > 0: fills cands_ with the survivors (positive
  // weights) and returns their total weight.
  double truncate(std::span<const float> logits);
  void fill_logprobs(std::span<const float> logits, SampleResult& out) const;

  SamplingParams params_;
  Rng rng_;
  std::unordered_set<int32_t> seen_;              // prompt ∪ generated (repetition)
  std::unordered_map<int32_t, int32_t> counts_;   // generated counts
  int32_t num_generated_ = 0;
  std::vector<Cand> cands_;                       // scratch, reused per call
};

// Index of the largest value, lowest index on ties. Throws on empty input or
// NaN / +inf values, or when every value is -inf.
int32_t argmax(std::span<const float> logits);

// Draws i with probability weights[i] / sum(weights) (weights >= 0, finite,
// positive sum), walking in index order with one rng.uniform().
int32_t sample_categorical(std::span<const float> weights, Rng& rng);

// Speculative decoding (Leviathan et al. / Chen et al.): a draft token x drawn
// from q is kept with probability min(1, p[x] / q[x]); on rejection the token
// is drawn from sample_residual(p, q). Together the emitted token is
// distributed exactly as p. Always consumes one rng.uniform().
// Requires p.size() == q.size() and q[draft_token] > 0.
bool speculative_accept(std::span<const float> p_target, std::span<const float> q_draft,
                        int32_t draft_token, Rng& rng);

// Draws from norm(max(0, p - q)). When p == q everywhere (so a rejection had
// probability 0) it falls back to drawing from p.
int32_t sample_residual(std::span<const float> p_target, std::span<const float> q_draft,
                        Rng& rng);

}  // namespace dseek
