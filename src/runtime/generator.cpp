// generator.cpp — plain and MTP-speculative decoding (see generator.h).
//
// Speculative loop invariant (x = prompt + emitted tokens, newest x[m]):
//   main cache holds positions 0..m-1; `pending` holds the hidden states h[i]
//   of main positions not yet fed to the MTP layer, whose cache holds rows
//   0..k-1 (row i = (h[i], x[i+1])).
// Step: feed MTP rows k..m-1 → its last row predicts x[m+1] → draft d;
//   main forward on [x[m], d] → logits for x[m+1] and x[m+2];
//   accept d  → emit d, sample x[m+2]; main cache = 0..m+1
//   reject d  → emit a corrected x[m+1]; drop position m+1 from the main cache.
#include "runtime/generator.h"

#include <algorithm>
#include <chrono>

#include "core/check.h"

namespace dseek {
namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Run {
  const GenerateParams& p;
  const TokenCallback& cb;
  Sampler sampler;
  GenerateStats st;
  bool done = false;

  // Emits token t; returns false when generation must end.
  bool emit(int32_t t, const SampleResult& r) {
    sampler.accept(t);
    ++st.generated;
    if (!cb(t, r)) done = true;
    if (std::find(p.stop_token_ids.begin(), p.stop_token_ids.end(), t) != p.stop_token_ids.end()) {
      st.stopped_by_token = true;
      done = true;
    }
    if (st.generated >= p.sampling.max_tokens) done = true;
    return !done;
  }
};

}  // namespace

GenerateStats generate(const Model& m, Backend& be, std::span<const int32_t> prompt, const GenerateParams& p,
                       const TokenCallback& on_token) {
  const int64_t budget = int64_t(prompt.size()) + p.sampling.max_tokens + 2;  // +2: a speculative step may overshoot
  auto seq = cpu_sequence(m, be, std::min(budget, m.cfg.max_position_embeddings + 1));
  return generate(*seq, prompt, p, on_token);
}

GenerateStats generate(SequenceModel& sm, std::span<const int32_t> prompt, const GenerateParams& p,
                       const TokenCallback& on_token) {
  const ModelConfig& cfg = sm.config();
  DSEEK_CHECK(!prompt.empty(), "generate: empty prompt");
  p.sampling.validate();
  DSEEK_CHECK(!p.mtp || sm.has_mtp(), "--mtp: this model has no MTP module (num_nextn_predict_layers = {})",
              cfg.num_nextn_predict_layers);
  const int64_t n = int64_t(prompt.size()), V = cfg.vocab_size, Hd = cfg.hidden_size;
  DSEEK_CHECK(n + 1 <= cfg.max_position_embeddings, "prompt of {} tokens exceeds the context ({} tokens)", n,
              cfg.max_position_embeddings);
  Run run{p, on_token, Sampler(p.sampling), {}};
  run.sampler.set_prompt(prompt);
  run.st.prompt_tokens = n;

  // Prefill in chunks; keep the hidden states for the MTP layer's prompt rows.
  const auto t0 = Clock::now();
  std::vector<float> logits, hidden_all;
  for (int64_t b = 0; b < n; b += p.prefill_chunk) {
    const int64_t e = std::min(n, b + p.prefill_chunk);
    ForwardResult r = sm.step(prompt.subspan(size_t(b), size_t(e - b)), false);
    logits = std::move(r.logits);
    if (p.mtp) hidden_all.insert(hidden_all.end(), r.hidden.begin(), r.hidden.end());
  }
  SampleResult sr = run.sampler.sample(logits);
  run.st.prefill_seconds = seconds_since(t0);
  const auto t1 = Clock::now();
  std::vector<int32_t> x(prompt.begin(), prompt.end());
  x.push_back(sr.token);
  if (!run.emit(sr.token, sr)) {
    run.st.cache_bytes = sm.cache_bytes();
    return run.st;
  }

  if (!p.mtp) {
    while (!run.done && int64_t(x.size()) < cfg.max_position_embeddings) {
      ForwardResult r = sm.step(std::span(&x.back(), 1), false);
      SampleResult s = run.sampler.sample(r.logits);
      x.push_back(s.token);
      run.emit(s.token, s);
    }
  } else {
    const int64_t mtp_layer = cfg.num_hidden_layers;
    // pending hidden rows for MTP rows k..m-1 (k = MTP cache length).
    std::vector<float> pending = std::move(hidden_all);
    while (!run.done && int64_t(x.size()) + 1 < cfg.max_position_embeddings) {
      const int64_t mpos = int64_t(x.size()) - 1;  // index of the newest token x[m]
      const int64_t k = sm.length(mtp_layer);
      const int64_t rows = mpos - k;
      DSEEK_CHECK(int64_t(pending.size()) == rows * Hd, "MTP bookkeeping: {} pending rows, expected {}",
                  pending.size() / size_t(Hd), rows);
      std::vector<float> ql = sm.mtp_step(std::span(x).subspan(size_t(k + 1), size_t(rows)), pending.data());
      pending.clear();
      std::vector<float> q = run.sampler.probs(ql);
      const int32_t d = p.sampling.greedy() ? argmax(ql) : sample_categorical(q, run.sampler.rng());
      ++run.st.mtp_drafted;

      const int32_t verify[2] = {x.back(), d};
      ForwardResult r = sm.step(std::span(verify, 2), true);
      std::span<float> l0(r.logits.data(), size_t(V)), l1(r.logits.data() + V, size_t(V));
      bool accept;
      SampleResult s0;
      if (p.sampling.greedy()) {
        s0 = run.sampler.sample(l0);  // argmax after penalties
        accept = s0.token == d;
      } else {
        std::vector<float> pt = run.sampler.probs(l0);
        accept = speculative_accept(pt, q, d, run.sampler.rng());
        s0.token = accept ? d : sample_residual(pt, q, run.sampler.rng());
      }
      if (accept) {
        ++run.st.mtp_accepted;
        x.push_back(d);
        if (!run.emit(d, s0)) break;
        SampleResult s1 = run.sampler.sample(l1);
        x.push_back(s1.token);
        pending.assign(r.hidden.begin(), r.hidden.end());  // h[m], h[m+1]
        run.emit(s1.token, s1);
      } else {
        sm.truncate(mpos + 1);  // drop position m+1 (computed for the rejected draft)
        x.push_back(s0.token);
        pending.assign(r.hidden.begin(), r.hidden.begin() + Hd);  // h[m]
        run.emit(s0.token, s0);
      }
    }
  }
  run.st.decode_seconds = seconds_since(t1);
  run.st.cache_bytes = sm.cache_bytes();
  return run.st;
}

}  // namespace dseek
