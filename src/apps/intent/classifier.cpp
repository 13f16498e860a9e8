// classifier.cpp — see classifier.h.
#include "apps/intent/classifier.h"

#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "io/utf8.h"

namespace dseek::intent {

Classifier::Classifier(const Model& m, const Tokenizer& tok, Backend& be, const ClassifierOptions& opt)
    : m_(m), tok_(tok), be_(be), opt_(opt), prefix_cache_(make_cache(m, 0)) {
  DSEEK_CHECK(tok.eos_id().has_value(), "intent: the tokenizer has no EOS token");
  for (int i = 0; i < kNumLabels; ++i) {
    label_tokens_[size_t(i)] = tok.encode(kLabels[size_t(i)]);
    label_tokens_[size_t(i)].push_back(*tok.eos_id());
    for (int32_t t : label_tokens_[size_t(i)])
      DSEEK_CHECK(t < m.cfg.vocab_size, "intent: token {} of label '{}' is outside the model's vocabulary", t,
                  kLabels[size_t(i)]);
  }
  // The shared prefix: where the token sequences of two different messages part.
  const std::vector<int32_t> a = tok.encode(intent_prompt(opt_.kind, "a")), b = tok.encode(intent_prompt(opt_.kind, "b"));
  size_t n = 0;
  while (n + 1 < std::min(a.size(), b.size()) && a[n] == b[n]) ++n;
  if (!opt_.prefix_cache) n = 0;
  prefix_.assign(a.begin(), a.begin() + int64_t(n));
  prefix_cache_ = make_cache(m_, int64_t(n) + 64);
  if (n > 0) forward(m_, be_, prefix_, {.cache = &prefix_cache_, .all_logits = false});
}

nlohmann::json result_json(const IntentResult& r) {
  nlohmann::json probs = nlohmann::json::object(), intents = nlohmann::json::array();
  for (int i = 0; i < kNumLabels; ++i) probs[std::string(kLabels[size_t(i)])] = r.probs[size_t(i)];
  for (int i : r.intents) intents.push_back(std::string(kLabels[size_t(i)]));
  return {{"intent", std::string(kLabels[size_t(r.label)])}, {"intents", intents}, {"probabilities", probs},
          {"latency_ms", r.latency_ms}};
}

std::string intent_prompt(ChatTemplateKind kind, std::string_view message) {
  nlohmann::json msgs = nlohmann::json::array(
      {{{"role", "system"}, {"content", system_prompt()}}, {{"role", "user"}, {"content", std::string(message)}}});
  RenderOptions ro;
  ro.add_generation_prompt = true;
  return render_chat(kind, msgs, ro);
}

IntentResult Classifier::classify(std::string_view message) const {
  const auto t0 = std::chrono::steady_clock::now();
  DSEEK_CHECK(!message.empty(), "empty message");
  DSEEK_CHECK(message.size() <= opt_.max_message_bytes, "message of {} bytes exceeds the limit of {} bytes",
              message.size(), opt_.max_message_bytes);
  DSEEK_CHECK(utf8::valid(message), "message is not valid UTF-8");
  const std::vector<int32_t> prompt = tok_.encode(intent_prompt(opt_.kind, message));
  const int64_t V = m_.cfg.vocab_size;

  int64_t extra = 0;
  for (const auto& lt : label_tokens_) extra = std::max<int64_t>(extra, int64_t(lt.size()));
  // Start from the prefilled system prompt when this prompt begins with it.
  const bool reuse = prompt.size() > prefix_.size() && std::equal(prefix_.begin(), prefix_.end(), prompt.begin());
  LatentCache base = make_cache(m_, int64_t(prompt.size()) + extra);
  if (reuse) base.assign_prefix(prefix_cache_, int64_t(prefix_.size()));
  const std::vector<int32_t> rest(prompt.begin() + (reuse ? int64_t(prefix_.size()) : 0), prompt.end());
  ForwardResult pre = forward(m_, be_, rest, {.cache = &base, .all_logits = false});

  std::array<double, kNumLabels> lp{};
  bool single = !opt_.score_eos;
  for (const auto& lt : label_tokens_) single = single && lt.size() == 2;  // one label token + EOS
  if (single) {
    // One token per label: the choice is made at the first answer position. finish() normalises
    // over the labels, so the log-sum-exp over the vocabulary cancels: the logits are enough.
    for (int i = 0; i < kNumLabels; ++i) lp[size_t(i)] = double(pre.logits[size_t(label_tokens_[size_t(i)][0])]);
    return finish(lp, t0);
  }
  // One batched forward: segment i = label i's tokens (all but EOS) on a copy of the prompt cache.
  std::vector<LatentCache> caches(size_t(kNumLabels), base);
  std::vector<int32_t> rows;
  std::vector<CacheSegment> segs;
  for (int i = 0; i < kNumLabels; ++i) {
    const auto& lt = label_tokens_[size_t(i)];
    segs.push_back({&caches[size_t(i)], int64_t(rows.size()), int64_t(lt.size()) - 1});
    rows.insert(rows.end(), lt.begin(), lt.end() - 1);
  }
  ForwardResult r = forward(m_, be_, rows, {.segments = segs, .all_logits = true});
  for (int i = 0; i < kNumLabels; ++i) {
    const auto& lt = label_tokens_[size_t(i)];
    double s = ref::log_softmax_at(pre.logits.data(), V, lt[0]);
    for (size_t j = 1; j < lt.size(); ++j)
      s += ref::log_softmax_at(&r.logits[size_t((segs[size_t(i)].row0 + int64_t(j) - 1) * V)], V, lt[j]);
    lp[size_t(i)] = s;
  }
  return finish(lp, t0);
}

IntentResult Classifier::finish(const std::array<double, kNumLabels>& lp,
                                std::chrono::steady_clock::time_point t0) const {
  IntentResult out;
  const double mx = *std::max_element(lp.begin(), lp.end());
  double z = 0;
  for (double v : lp) z += std::exp(v - mx);
  int best = 0;
  for (int i = 0; i < kNumLabels; ++i) {
    out.probs[size_t(i)] = float(std::exp(lp[size_t(i)] - mx) / z);
    if (out.probs[size_t(i)] > out.probs[size_t(best)]) best = i;
    if (out.probs[size_t(i)] >= opt_.threshold) out.intents.push_back(i);
  }
  out.label = resolve_priority(out.intents).value_or(best);
  out.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace dseek::intent
