// sampler.cpp — implementation of the sampling pipeline described in
// sampler.h. What it is: penalties, truncation (top-k via nth_element, top-p
// by sorting growing chunks only as far as the mass requires, min-p), the
// categorical draw, logprobs and the speculative accept / residual rules.
// What it is not: a batched or GPU sampler; it works on one row of logits.
#include "runtime/sampler.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"

namespace dseek {

namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Max of the logits; rejects empty input, NaN, +inf and all -inf rows.
float checked_max(std::span<const float> logits) {
  DSEEK_CHECK(!logits.empty(), "sampler: logits are empty");
  float m = kNegInf;
  for (size_t i = 0; i < logits.size(); ++i) {
    const float l = logits[i];
    DSEEK_CHECK(!std::isnan(l) && l != std::numeric_limits<float>::infinity(),
                "sampler: logit of token {} is {} (NaN / +inf logits are invalid)", i, l);
    m = std::max(m, l);
  }
  DSEEK_CHECK(m > kNegInf, "sampler: every one of the {} logits is -inf", logits.size());
  return m;
}

// "a ranks before b": larger value first, then lower id.
template <class T>
bool ranks_before(T va, int32_t ia, T vb, int32_t ib) {
  return va > vb || (va == vb && ia < ib);
}

// Index where `u` in [0, total) falls when walking cumulative weights; the
// last positive weight on rounding overshoot.
template <class GetW>
size_t walk(size_t n, double u, GetW w) {
  double cum = 0.0;
  size_t last = n;
  for (size_t i = 0; i < n; ++i) {
    const double wi = w(i);
    if (wi <= 0.0) continue;
    cum += wi;
    last = i;
    if (u < cum) return i;
  }
  return last;
}

}  // namespace

void SamplingParams::validate() const {
  DSEEK_CHECK(std::isfinite(temperature) && temperature >= 0.0f,
              "SamplingParams.temperature must be a finite number >= 0 (0 = greedy), got {}",
              temperature);
  DSEEK_CHECK(top_k >= 0, "SamplingParams.top_k must be >= 0 (0 = off), got {}", top_k);
  DSEEK_CHECK(top_p > 0.0f && top_p <= 1.0f,
              "SamplingParams.top_p must be in (0, 1] (1 = off), got {}", top_p);
  DSEEK_CHECK(min_p >= 0.0f && min_p <= 1.0f,
              "SamplingParams.min_p must be in [0, 1] (0 = off), got {}", min_p);
  DSEEK_CHECK(std::isfinite(repetition_penalty) && repetition_penalty > 0.0f,
              "SamplingParams.repetition_penalty must be a finite number > 0 (1 = off), got {}",
              repetition_penalty);
  DSEEK_CHECK(presence_penalty >= -2.0f && presence_penalty <= 2.0f,
              "SamplingParams.presence_penalty must be in [-2, 2], got {}", presence_penalty);
  DSEEK_CHECK(frequency_penalty >= -2.0f && frequency_penalty <= 2.0f,
              "SamplingParams.frequency_penalty must be in [-2, 2], got {}", frequency_penalty);
  DSEEK_CHECK(max_tokens >= 1, "SamplingParams.max_tokens must be >= 1, got {}", max_tokens);
  DSEEK_CHECK(top_logprobs >= 0 && top_logprobs <= 20,
              "SamplingParams.top_logprobs must be in [0, 20], got {}", top_logprobs);
  DSEEK_CHECK(top_logprobs == 0 || logprobs,
              "SamplingParams.top_logprobs = {} requires logprobs = true", top_logprobs);
}

Sampler::Sampler(const SamplingParams& params) : params_(params), rng_(params.seed) {
  params_.validate();
}

void Sampler::set_prompt(std::span<const int32_t> tokens) {
  for (size_t i = 0; i < tokens.size(); ++i)
    DSEEK_CHECK(tokens[i] >= 0, "Sampler::set_prompt: token {} of the prompt is {} (< 0)", i,
                tokens[i]);
  seen_.clear();
  if (params_.repetition_penalty == 1.0f) return;  // nothing would use it
  seen_.insert(tokens.begin(), tokens.end());
  for (const auto& [t, c] : counts_) seen_.insert(t);
}

void Sampler::accept(int32_t token) {
  DSEEK_CHECK(token >= 0, "Sampler::accept: token must be >= 0, got {}", token);
  ++counts_[token];
  ++num_generated_;
  if (params_.repetition_penalty != 1.0f) seen_.insert(token);
}

int32_t Sampler::count(int32_t token) const {
  auto it = counts_.find(token);
  return it == counts_.end() ? 0 : it->second;
}

void Sampler::apply_penalties(std::span<float> logits) const {
  const size_t n = logits.size();
  const float r = params_.repetition_penalty;
  if (r != 1.0f) {
    for (int32_t t : seen_) {
      DSEEK_CHECK(static_cast<size_t>(t) < n,
                  "Sampler: penalized token {} is outside the vocabulary of {} logits", t, n);
      float& l = logits[t];
      l = l > 0.0f ? l / r : l * r;
    }
  }
  const float fp = params_.frequency_penalty, pp = params_.presence_penalty;
  if (fp != 0.0f || pp != 0.0f) {
    for (const auto& [t, c] : counts_) {
      DSEEK_CHECK(static_cast<size_t>(t) < n,
                  "Sampler: penalized token {} is outside the vocabulary of {} logits", t, n);
      logits[t] -= fp * static_cast<float>(c) + pp;
    }
  }
}

double Sampler::truncate(std::span<const float> logits) {
  const float m = checked_max(logits);
  const float temp = params_.temperature;
  const size_t n = logits.size();
  cands_.clear();
  auto before = [](const Cand& a, const Cand& b) { return ranks_before(a.w, a.id, b.w, b.id); };
  size_t sorted = 0;  // length of the prefix known to be in `before` order
  const size_t k = static_cast<size_t>(params_.top_k);
  if (k > 0 && k < n) {
    // Top-k on the raw logits (exact order; exp could merge near ties). Small
    // k: one pass with a bounded heap whose front is the worst kept token
    // (most tokens fail one comparison); large k: nth_element.
    if (k <= 4096) {
      cands_.reserve(k + 1);
      for (size_t i = 0; i < n; ++i) {
        const Cand c{logits[i], static_cast<int32_t>(i)};
        if (!(c.w > kNegInf)) continue;
        if (cands_.size() < k) {
          cands_.push_back(c);
          std::push_heap(cands_.begin(), cands_.end(), before);
        } else if (before(c, cands_.front())) {
          std::pop_heap(cands_.begin(), cands_.end(), before);
          cands_.back() = c;
          std::push_heap(cands_.begin(), cands_.end(), before);
        }
      }
    } else {
      for (size_t i = 0; i < n; ++i)
        if (logits[i] > kNegInf) cands_.push_back({logits[i], static_cast<int32_t>(i)});
      if (k < cands_.size()) {
        std::nth_element(cands_.begin(), cands_.begin() + (k - 1), cands_.end(), before);
        cands_.resize(k);
      }
    }
    std::sort(cands_.begin(), cands_.end(), before);
    sorted = cands_.size();
    // exp is monotone, so the sorted order survives (up to merged ties).
    for (auto& c : cands_) c.w = std::exp((c.w - m) / temp);
  } else {
    for (size_t i = 0; i < n; ++i)
      if (logits[i] > kNegInf)
        cands_.push_back({std::exp((logits[i] - m) / temp), static_cast<int32_t>(i)});
  }

  if (params_.top_p < 1.0f) {
    double total = 0.0;
    for (const auto& c : cands_) total += c.w;
    const double target = static_cast<double>(params_.top_p) * total;
    const size_t nc = cands_.size();
    size_t chunk = 64, keep = nc;
    double above = 0.0;  // mass of the tokens ranked strictly before i
    for (size_t i = 0; i < nc; ++i) {
      if (i == sorted) {  // order only as much of the tail as the mass needs
        const size_t end = std::min(nc, sorted + chunk);
        chunk *= 4;
        if (end < nc)
          std::nth_element(cands_.begin() + sorted, cands_.begin() + (end - 1), cands_.end(),
                           before);
        std::sort(cands_.begin() + sorted, cands_.begin() + end, before);
        sorted = end;
      }
      if (above >= target) {  // HF: drop iff the mass above reaches top_p
        keep = i;
        break;
      }
      above += cands_[i].w;
    }
    cands_.resize(keep);
  }

  if (params_.min_p > 0.0f) {
    float wmax = 0.0f;
    for (const auto& c : cands_) wmax = std::max(wmax, c.w);
    const float thr = params_.min_p * wmax;
    std::erase_if(cands_, [thr](const Cand& c) { return c.w < thr; });
  }
  std::erase_if(cands_, [](const Cand& c) { return !(c.w > 0.0f); });  // exp underflow

  double total = 0.0;
  for (const auto& c : cands_) total += c.w;
  return total;  // > 0: the max token has weight exp(0) = 1 and always survives
}

SampleResult Sampler::sample(std::span<float> logits) {
  apply_penalties(logits);
  SampleResult out;
  if (params_.greedy()) {
    out.token = argmax(logits);
  } else {
    const double total = truncate(logits);
    const double u = rng_.uniform() * total;
    const size_t i = walk(cands_.size(), u, [&](size_t j) { return double(cands_[j].w); });
    out.token = cands_[i].id;
  }
  if (params_.logprobs) fill_logprobs(logits, out);
  return out;
}

std::vector<float> Sampler::probs(std::span<float> logits) {
  apply_penalties(logits);
  std::vector<float> out(logits.size(), 0.0f);
  if (params_.greedy()) {
    out[argmax(logits)] = 1.0f;
    return out;
  }
  const double total = truncate(logits);
  for (const auto& c : cands_) out[c.id] = static_cast<float>(c.w / total);
  return out;
}

void Sampler::fill_logprobs(std::span<const float> logits, SampleResult& out) const {
  const float m = checked_max(logits);
  double s = 0.0;
  for (float l : logits) s += std::exp(static_cast<double>(l) - m);
  const double lse = m + std::log(s);
  out.logprob = static_cast<float>(logits[out.token] - lse);

  const size_t n = std::min<size_t>(params_.top_logprobs, logits.size());
  out.top_logprobs.clear();
  if (n == 0) return;
  // Bounded heap of the n best (worst of them at the front).
  std::vector<int32_t> heap;
  heap.reserve(n + 1);
  auto worse = [&](int32_t a, int32_t b) {  // heap order: "a ranks before b"
    return ranks_before(logits[a], a, logits[b], b);
  };
  for (size_t i = 0; i < logits.size(); ++i) {
    const auto id = static_cast<int32_t>(i);
    if (heap.size() < n) {
      heap.push_back(id);
      std::push_heap(heap.begin(), heap.end(), worse);
    } else if (ranks_before(logits[i], id, logits[heap.front()], heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), worse);
      heap.back() = id;
      std::push_heap(heap.begin(), heap.end(), worse);
    }
  }
  std::sort(heap.begin(), heap.end(), worse);
  for (int32_t id : heap) out.top_logprobs.push_back({id, static_cast<float>(logits[id] - lse)});
}

int32_t argmax(std::span<const float> logits) {
  const float m = checked_max(logits);
  for (size_t i = 0; i < logits.size(); ++i)
    if (logits[i] == m) return static_cast<int32_t>(i);
  return 0;  // unreachable: m is one of the values
}

int32_t sample_categorical(std::span<const float> weights, Rng& rng) {
  DSEEK_CHECK(!weights.empty(), "sample_categorical: weights are empty");
  double total = 0.0;
  for (size_t i = 0; i < weights.size(); ++i) {
    DSEEK_CHECK(std::isfinite(weights[i]) && weights[i] >= 0.0f,
                "sample_categorical: weight {} is {} (must be finite and >= 0)", i, weights[i]);
    total += weights[i];
  }
  DSEEK_CHECK(total > 0.0, "sample_categorical: all {} weights are 0", weights.size());
  const double u = rng.uniform() * total;
  return static_cast<int32_t>(walk(weights.size(), u, [&](size_t j) { return double(weights[j]); }));
}

bool speculative_accept(std::span<const float> p_target, std::span<const float> q_draft,
                        int32_t draft_token, Rng& rng) {
  DSEEK_CHECK(p_target.size() == q_draft.size(),
              "speculative_accept: p has {} entries but q has {}", p_target.size(),
              q_draft.size());
  DSEEK_CHECK(draft_token >= 0 && static_cast<size_t>(draft_token) < q_draft.size(),
              "speculative_accept: draft_token {} outside [0, {})", draft_token, q_draft.size());
  const double p = p_target[draft_token], q = q_draft[draft_token];
  DSEEK_CHECK(q > 0.0, "speculative_accept: q[draft_token={}] is {}; a draft token must have "
              "positive draft probability", draft_token, q);
  DSEEK_CHECK(p >= 0.0 && std::isfinite(p), "speculative_accept: p[{}] is {}", draft_token, p);
  const double u = rng.uniform();  // always drawn, keeping the stream aligned
  return u * q < p;                // u < p / q without the division
}

int32_t sample_residual(std::span<const float> p_target, std::span<const float> q_draft,
                        Rng& rng) {
  DSEEK_CHECK(p_target.size() == q_draft.size(),
              "sample_residual: p has {} entries but q has {}", p_target.size(), q_draft.size());
  DSEEK_CHECK(!p_target.empty(), "sample_residual: empty distributions");
  auto resid = [&](size_t i) {
    return std::max(0.0, double(p_target[i]) - double(q_draft[i]));
  };
  double total = 0.0;
  for (size_t i = 0; i < p_target.size(); ++i) total += resid(i);
  if (!(total > 0.0)) return sample_categorical(p_target, rng);
  const double u = rng.uniform() * total;
  return static_cast<int32_t>(walk(p_target.size(), u, resid));
}

}  // namespace dseek
