// grpo.cpp — see grpo.h.
#include "train/grpo.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "backend/backend.h"
#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "core/progress.h"
#include "model/model.h"
#include "runtime/rng.h"
#include "train/batch.h"
#include "train/checkpoint.h"
#include "train/model_grad.h"

namespace fs = std::filesystem;

namespace dseek::train {

std::vector<GrpoExample> load_grpo_jsonl(const std::string& path) {
  return read_prompt_answer_jsonl(path, "GRPO prompts");
}

namespace {


int32_t sample(const float* row, int64_t V, float temp, Rng& rng) {
  if (temp <= 0) return int32_t(std::max_element(row, row + V) - row);
  float mx = row[0];
  for (int64_t i = 1; i < V; ++i) mx = std::max(mx, row[i]);
  std::vector<double> p(static_cast<size_t>(V));
  double s = 0;
  for (int64_t i = 0; i < V; ++i) s += (p[size_t(i)] = std::exp(double(row[i] - mx) / double(temp)));
  double u = rng.uniform() * s;
  for (int64_t i = 0; i < V; ++i)
    if ((u -= p[size_t(i)]) <= 0) return int32_t(i);
  return int32_t(V - 1);
}

struct Completion {
  std::vector<int32_t> toks;    // sampled tokens (EOS included when it was sampled)
  std::vector<double> logp;     // policy log-prob of each
  std::vector<double> ref;      // reference log-prob of each
  bool eos = false;
  double reward = 0, adv = 0;
};

}  // namespace

struct GrpoTrainer::Impl {
  std::shared_ptr<const Tokenizer> tok;
  std::vector<GrpoExample> data;
  std::vector<std::vector<int32_t>> rest;  // prompt tokens after the shared prefix
  std::vector<int32_t> prefix;
  RewardFn reward;
  GrpoOptions opt;
  ThreadPool* pool = nullptr;
  std::unique_ptr<Backend> be;
  Rng rng;
  AdamW adam;
  fs::path tmp;
  Model ref, pol;
  std::unique_ptr<LatentCache> ref_prefix;
  int32_t eos = -1;
  int64_t sample_vocab = 0;  // ids the tokenizer knows (models may pad their vocabulary)
  int64_t step = 0, cursor = 0;
  std::vector<int64_t> order;
  std::FILE* log = nullptr;

  // Prefill `prefix` on m into a fresh cache.
  std::unique_ptr<LatentCache> prefill_prefix(const Model& m) {
    auto c = std::make_unique<LatentCache>(make_cache(m, int64_t(prefix.size()) + 64));
    if (!prefix.empty()) forward(m, *be, prefix, {.cache = c.get(), .all_logits = false});
    return c;
  }

  // G completions of prompt `i` sampled from the policy.
  std::vector<Completion> rollout(int64_t i, const LatentCache& pol_prefix) {
    const int64_t V = pol.cfg.vocab_size, G = opt.group;
    LatentCache base = pol_prefix;
    base.reserve(int64_t(prefix.size() + rest[size_t(i)].size()) + opt.max_new_tokens + 1);
    const ForwardResult pre = forward(pol, *be, rest[size_t(i)], {.cache = &base, .all_logits = false});
    std::vector<Completion> out(static_cast<size_t>(G));
    std::vector<LatentCache> caches(static_cast<size_t>(G), base);
    std::vector<int64_t> live;
    for (int64_t g = 0; g < G; ++g) {
      const int32_t t = sample(pre.logits.data(), sample_vocab, opt.temperature, rng);
      out[size_t(g)].toks.push_back(t);
      out[size_t(g)].logp.push_back(ref::log_softmax_at(pre.logits.data(), V, t));
      if (t == eos) out[size_t(g)].eos = true;
      else live.push_back(g);
    }
    for (int64_t k = 1; k < opt.max_new_tokens && !live.empty(); ++k) {
      std::vector<int32_t> rows;
      std::vector<CacheSegment> segs;
      for (int64_t g : live) {
        segs.push_back({&caches[size_t(g)], int64_t(rows.size()), 1});
        rows.push_back(out[size_t(g)].toks.back());
      }
      const ForwardResult r = forward(pol, *be, rows, {.segments = segs, .all_logits = false});
      std::vector<int64_t> next;
      for (size_t j = 0; j < live.size(); ++j) {
        Completion& c = out[size_t(live[j])];
        const float* row = &r.logits[j * size_t(V)];
        const int32_t t = sample(row, sample_vocab, opt.temperature, rng);
        c.toks.push_back(t);
        c.logp.push_back(ref::log_softmax_at(row, V, t));
        if (t == eos) c.eos = true;
        else next.push_back(live[j]);
      }
      live = std::move(next);
    }
    // Reference log-probs of the same tokens: one batched forward.
    LatentCache rbase = *ref_prefix;
    rbase.reserve(base.capacity());
    const ForwardResult rpre = forward(ref, *be, rest[size_t(i)], {.cache = &rbase, .all_logits = false});
    std::vector<LatentCache> rc(static_cast<size_t>(G), rbase);
    std::vector<int32_t> rows;
    std::vector<CacheSegment> segs;
    for (int64_t g = 0; g < G; ++g) {
      Completion& c = out[size_t(g)];
      c.ref.push_back(ref::log_softmax_at(rpre.logits.data(), V, c.toks[0]));
      const int64_t n = int64_t(c.toks.size()) - 1;
      if (n > 0) {
        segs.push_back({&rc[size_t(g)], int64_t(rows.size()), n});
        rows.insert(rows.end(), c.toks.begin(), c.toks.end() - 1);
      }
    }
    if (!rows.empty()) {
      const ForwardResult r = forward(ref, *be, rows, {.segments = segs, .all_logits = true});
      size_t s = 0;
      for (int64_t g = 0; g < G; ++g) {
        Completion& c = out[size_t(g)];
        if (c.toks.size() < 2) continue;
        const CacheSegment& sg = segs[s++];
        for (int64_t j = 0; j < sg.rows; ++j)
          c.ref.push_back(ref::log_softmax_at(&r.logits[size_t((sg.row0 + j) * V)], V, c.toks[size_t(j + 1)]));
      }
    }
    return out;
  }
};

GrpoTrainer::GrpoTrainer(TrainParams policy, std::shared_ptr<const Tokenizer> tok, std::vector<GrpoExample> data,
                         RewardFn reward, GrpoOptions opt, ThreadPool* pool)
    : impl_(std::make_unique<Impl>()), p_(std::move(policy)) {
  Impl& m = *impl_;
  DSEEK_CHECK(tok && tok->eos_id().has_value(), "grpo: the tokenizer needs an EOS token");
  DSEEK_CHECK(opt.group >= 2 && opt.prompts >= 1 && opt.max_new_tokens >= 1 && opt.seq >= 16,
              "grpo: need group >= 2, prompts >= 1, max_new_tokens >= 1, seq >= 16");
  DSEEK_CHECK(!data.empty(), "grpo: no prompts");
  m.tok = std::move(tok);
  m.data = std::move(data);
  m.reward = std::move(reward);
  m.opt = opt;
  m.pool = pool;
  m.eos = *m.tok->eos_id();
  m.rng.reseed(opt.seed ^ 0x6a09e667f3bcc908ULL);
  m.adam = AdamW(opt.adam);
  m.adam.init_state(p_);
  m.be = make_cpu_backend({});
  // Encode prompts; the shared prefix is their longest common token prefix.
  std::vector<std::vector<int32_t>> enc;
  for (const auto& e : m.data) enc.push_back(m.tok->encode(e.prompt));
  size_t n = enc[0].size() - std::min<size_t>(enc[0].size(), 1);
  for (const auto& t : enc) {
    n = std::min(n, t.size() - std::min<size_t>(t.size(), 1));
    size_t k = 0;
    while (k < n && t[k] == enc[0][k]) ++k;
    n = k;
  }
  m.prefix.assign(enc[0].begin(), enc[0].begin() + int64_t(n));
  for (auto& t : enc) m.rest.emplace_back(t.begin() + int64_t(n), t.end());
  for (const auto& r : m.rest)
    DSEEK_CHECK(int64_t(m.prefix.size() + r.size()) + opt.max_new_tokens + 1 <= opt.seq,
                "grpo: a prompt of {} tokens (+{} new) does not fit --seq {}", m.prefix.size() + r.size(),
                opt.max_new_tokens, opt.seq);
  // Reference model = the starting policy, as an F32 inference model.
  m.tmp = fs::temp_directory_path() / fmt::format("dseek_grpo_{}_{}", getpid(), reinterpret_cast<uintptr_t>(this));
  fs::create_directories(m.tmp);
  save_model(p_, (m.tmp / "ref").string(), {.dtype = DType::F32});
  m.ref = load_model((m.tmp / "ref").string());
  m.ref_prefix = m.prefill_prefix(m.ref);
  m.sample_vocab = std::min<int64_t>(m.ref.cfg.vocab_size, int64_t(m.tok->vocab_size()));
  for (int64_t i = 0; i < int64_t(m.data.size()); ++i) m.order.push_back(i);
  if (!opt.out_dir.empty()) {
    fs::create_directories(opt.out_dir);
    m.log = std::fopen((fs::path(opt.out_dir) / "grpo_log.jsonl").c_str(), "a");
    DSEEK_CHECK(m.log, "cannot write {}/grpo_log.jsonl", opt.out_dir);
  }
}

GrpoTrainer::~GrpoTrainer() {
  if (impl_->log) std::fclose(impl_->log);
  std::error_code ec;
  fs::remove_all(impl_->tmp, ec);
}

GrpoStepRecord GrpoTrainer::step() {
  Impl& m = *impl_;
  const auto t0 = std::chrono::steady_clock::now();
  GrpoStepRecord rec;
  rec.step = ++m.step;
  // Current policy as an inference model.
  m.pol = Model{};
  save_model(p_, (m.tmp / "policy").string(), {.dtype = DType::F32});
  m.pol = load_model((m.tmp / "policy").string());
  const std::unique_ptr<LatentCache> pol_prefix = m.prefill_prefix(m.pol);

  // 1-2. Rollouts and rewards.
  const int64_t M = m.opt.prompts, G = m.opt.group;
  std::vector<int64_t> picked;
  std::vector<std::vector<Completion>> groups;
  double rsum = 0, correct = 0, kl_sum = 0;
  int64_t kl_n = 0;
  for (int64_t k = 0; k < M; ++k) {
    if (m.cursor % int64_t(m.order.size()) == 0)  // reshuffle every pass
      for (size_t i = m.order.size() - 1; i > 0; --i) std::swap(m.order[i], m.order[m.rng.below(i + 1)]);
    const int64_t i = m.order[size_t(m.cursor++ % int64_t(m.order.size()))];
    std::vector<Completion> cs = m.rollout(i, *pol_prefix);
    double mean = 0, sd = 0;
    for (Completion& c : cs) {
      const std::vector<int32_t> body(c.toks.begin(), c.toks.end() - (c.eos ? 1 : 0));
      c.reward = m.reward(m.tok->decode(body, true), m.data[size_t(i)].answer, c.eos);
      mean += c.reward;
      rsum += c.reward;
      correct += c.reward >= 1.0 ? 1 : 0;
      for (size_t t = 0; t < c.toks.size(); ++t) {
        const double d = c.ref[t] - c.logp[t];
        kl_sum += std::exp(d) - d - 1;
        ++kl_n;
      }
    }
    mean /= double(G);
    for (const Completion& c : cs) sd += (c.reward - mean) * (c.reward - mean);
    sd = std::sqrt(sd / double(G));
    if (sd < 1e-9) continue;
    for (Completion& c : cs) c.adv = (c.reward - mean) / (sd + 1e-4);
    picked.push_back(i);
    groups.push_back(std::move(cs));
  }
  rec.mean_reward = rsum / double(M * G);
  rec.accuracy = correct / double(M * G);
  rec.kl = kl_n ? kl_sum / double(kl_n) : 0.0;
  rec.groups_used = int64_t(groups.size());

  // 3. The surrogate as weighted cross-entropy, packed behind the shared prefix.
  if (!groups.empty()) {
    const int64_t T = m.opt.seq, P = int64_t(m.prefix.size());
    const double c0 = 1.0 / double(M * G);
    struct Doc { std::vector<int32_t> tok, tgt; std::vector<float> w; };
    std::vector<Doc> docs;
    for (size_t gi = 0; gi < groups.size(); ++gi)
      for (const Completion& c : groups[gi]) {
        Doc d;
        const auto& r = m.rest[size_t(picked[gi])];
        d.tok = r;
        d.tok.insert(d.tok.end(), c.toks.begin(), c.toks.end());
        d.tgt.assign(d.tok.size(), -1);
        d.w.assign(d.tok.size(), 0.0f);
        const double inv_len = 1.0 / double(c.toks.size());
        for (size_t t = 0; t < c.toks.size(); ++t) {
          const size_t at = r.size() - 1 + t;  // the row that predicts completion token t
          d.tgt[at] = c.toks[t];
          const double kl_grad = 1.0 - std::exp(c.ref[t] - c.logp[t]);
          d.w[at] = float(c0 * inv_len * (c.adv - double(m.opt.beta) * kl_grad));
        }
        docs.push_back(std::move(d));
      }
    p_.zero_grad();
    LossOptions lo;
    lo.mtp_depth = 0;
    lo.seq_aux_alpha = 0.0f;
    const GradContext gc{m.pool};
    size_t di = 0;
    while (di < docs.size()) {  // one row per micro-batch
      Batch b;
      b.B = 1;
      b.T = T;
      b.shared_prefix = P > 0 ? P : 0;
      for (int64_t t = 0; t < P; ++t) {
        b.tokens.push_back(m.prefix[size_t(t)]);
        b.targets.push_back(-1);
        b.segment.push_back(0);
        b.pos.push_back(int32_t(t));
        b.loss_weight.push_back(0.0f);
      }
      int32_t seg = 1;
      while (di < docs.size() && int64_t(b.tokens.size() + docs[di].tok.size()) <= T) {
        const Doc& d = docs[di++];
        for (size_t t = 0; t < d.tok.size(); ++t) {
          b.tokens.push_back(d.tok[t]);
          b.targets.push_back(d.tgt[t]);
          b.segment.push_back(seg);
          b.pos.push_back(int32_t(P + int64_t(t)));
          b.loss_weight.push_back(d.w[t]);
        }
        ++seg;
      }
      while (int64_t(b.tokens.size()) < T) {  // padding segment
        b.tokens.push_back(m.eos);
        b.targets.push_back(-1);
        b.segment.push_back(seg);
        b.pos.push_back(int32_t(P));
        b.loss_weight.push_back(0.0f);
      }
      if (P == 0) b.shared_prefix = 0;
      forward_backward(p_, b, lo, gc);
    }
    const OptimStepResult r = m.adam.step(p_, m.opt.lr, 1.0, m.pool);
    rec.grad_norm = r.grad_norm;
    p_.zero_grad();
  }
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (m.log) {
    std::fputs(nlohmann::json{{"step", rec.step}, {"mean_reward", rec.mean_reward}, {"accuracy", rec.accuracy},
                              {"kl", rec.kl}, {"groups_used", rec.groups_used}, {"grad_norm", rec.grad_norm},
                              {"seconds", rec.seconds}}
                   .dump()
                   .append("\n")
                   .c_str(),
               m.log);
    std::fflush(m.log);
  }
  return rec;
}

void GrpoTrainer::run() {
  Impl& m = *impl_;
  Progress prog("grpo", m.opt.steps, "steps", m.opt.progress);
  GrpoStepRecord r;
  for (int64_t s = 0; s < m.opt.steps; ++s) {
    r = step();
    prog.add(1, fmt::format("reward {:.3f} acc {:.3f} kl {:.4f}", r.mean_reward, r.accuracy, r.kl));
  }
  prog.done(fmt::format("reward {:.3f} acc {:.3f} kl {:.4f}", r.mean_reward, r.accuracy, r.kl));
  if (!m.opt.out_dir.empty())
    save_model(p_, m.opt.out_dir, {.dtype = DType::BF16, .tokenizer_dir = m.opt.tokenizer_dir});
}

}  // namespace dseek::train
