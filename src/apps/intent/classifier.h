// classifier.h — buyer-intent classification with a dseek model by
// constrained scoring: the prompt (system definitions + the message, in the
// model's chat template) is prefilled, then only the 7 labels are scored, so
// the answer is always a valid label; per-label probabilities are the softmax
// of the labels' log-likelihoods. When every label is one token (the embedded
// model's tokenizer has a token per label) that is the logits of those 7
// tokens at the answer position; otherwise the 7 continuations (label tokens
// + EOS) are scored in one batched forward over 7 copies of the latent cache.
// The system prompt's tokens are identical for every message: they are
// prefilled once, at construction, and each message starts from a copy of
// that latent cache.
// What it is not: free-text generation, or the evaluation harness (eval.h).
#pragma once

#include <array>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/intent/labels.h"
#include "backend/backend.h"
#include "io/chat_template.h"
#include "io/tokenizer.h"
#include "model/model.h"

namespace dseek::intent {

struct IntentResult {
  int label = -1;                          // index into kLabels (final, priority applied)
  std::vector<int> intents;                // labels with probability >= threshold, priority order
  std::array<float, kNumLabels> probs{};   // sums to 1
  double latency_ms = 0;
};

struct ClassifierOptions {
  float threshold = 0.45f;                 // an intent is "present" at or above this probability (chosen on dev)
  ChatTemplateKind kind = ChatTemplateKind::DeepSeekV3;
  size_t max_message_bytes = 16384;        // longer messages are an error (clear message)
  bool prefix_cache = true;                // reuse the prefilled system prompt (false: prefill all; tests)
  bool score_eos = false;                  // also score EOS after single-token labels (one more batched
                                           // forward; multi-token labels are always scored in full + EOS)
};

// {"intent", "intents", "probabilities", "latency_ms"} (CLI --json, /v1/intent).
nlohmann::json result_json(const IntentResult& r);

// The prompt text for one message: system prompt (labels, priority) + the
// message as the user turn + the assistant prefix, in the chat template `kind`.
// The training data (`dseek intent sft-data`) is rendered with it too.
std::string intent_prompt(ChatTemplateKind kind, std::string_view message);

class Classifier {
 public:
  Classifier(const Model& m, const Tokenizer& tok, Backend& be, const ClassifierOptions& opt = {});
  IntentResult classify(std::string_view message) const;
  int64_t prefix_tokens() const { return int64_t(prefix_.size()); }

 private:
  IntentResult finish(const std::array<double, kNumLabels>& lp, std::chrono::steady_clock::time_point t0) const;
  const Model& m_;
  const Tokenizer& tok_;
  Backend& be_;
  ClassifierOptions opt_;
  std::array<std::vector<int32_t>, kNumLabels> label_tokens_;  // label ids + EOS
  std::vector<int32_t> prefix_;   // tokens every prompt starts with (the system part)
  LatentCache prefix_cache_;      // prefix_ prefilled
};

}  // namespace dseek::intent
