// generator.h — token-level generation for one sequence: prefill the prompt
// into the latent cache, then decode token by token, or with MTP speculative
// decoding (draft one token with the MTP module, verify [last, draft] with the
// main model in one step, accept/reject exactly — greedy output is identical
// to plain decoding; sampled output keeps the target distribution).
// What it is not: text handling (tokenizer, stop strings: the caller's) or a
// multi-sequence scheduler (the server's).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "backend/backend.h"
#include "model/model.h"
#include "runtime/sampler.h"
#include "runtime/sequence.h"

namespace dseek {

struct GenerateParams {
  SamplingParams sampling;             // max_tokens = generated-token budget
  std::vector<int32_t> stop_token_ids;  // generation ends after emitting one of these
  bool mtp = false;                    // speculative decoding with MTP module 0
  int64_t prefill_chunk = 512;         // prompt tokens per forward call
};

struct GenerateStats {
  int64_t prompt_tokens = 0;
  int64_t generated = 0;
  double prefill_seconds = 0;  // prompt forward (time to the first token's logits)
  double decode_seconds = 0;   // everything after the first token
  int64_t mtp_drafted = 0;
  int64_t mtp_accepted = 0;
  bool stopped_by_token = false;
  size_t cache_bytes = 0;
};

// Called once per emitted token (in order). Return false to stop early.
using TokenCallback = std::function<bool(int32_t token, const SampleResult& r)>;

GenerateStats generate(SequenceModel& seq, std::span<const int32_t> prompt, const GenerateParams& p,
                       const TokenCallback& on_token);
// The CPU path: a fresh latent cache sized from the prompt and the token budget.
GenerateStats generate(const Model& m, Backend& be, std::span<const int32_t> prompt, const GenerateParams& p,
                       const TokenCallback& on_token);

}  // namespace dseek
