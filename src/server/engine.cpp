// engine.cpp — continuous-batching scheduler (see engine.h).
//
// Step anatomy (scheduler thread only):
//   1. admit: move queued sequences into the batch (up to max_batch); each gets
//      a LatentCache, pre-filled from the prefix cache when its prompt starts
//      with a cached prefix (at least one prompt token is always computed, so
//      the step yields the logits of the prompt's last row);
//   2. drop sequences whose client went away (cache freed now);
//   3. plan rows: 1 per decoding sequence, a chunk per prefilling one (bounded
//      by prefill_chunk and the per-step prefill budget);
//   4. one forward over the concatenated rows (segments), logits of each
//      segment's last row;
//   5. per sequence whose prompt is complete: sample, accept, decode text,
//      stop strings / tokens, budget; push the event; finish if done.
#include "server/engine.h"

#include <algorithm>
#include <optional>

#include "core/check.h"
#include "server/prefix_cache.h"

namespace dseek::server {
namespace {
TokenEvent error_event(int choice, std::string msg) {
  TokenEvent ev;
  ev.choice = choice;
  ev.finished = true;
  ev.finish_reason = "error";
  ev.error = std::move(msg);
  return ev;
}
}  // namespace

void RequestStream::push(TokenEvent ev) {
  {
    std::lock_guard lk(mu_);
    q_.push_back(std::move(ev));
  }
  cv_.notify_all();
}

void RequestStream::wait_pop(std::vector<TokenEvent>& out, std::chrono::milliseconds timeout) {
  std::unique_lock lk(mu_);
  cv_.wait_for(lk, timeout, [&] { return !q_.empty(); });
  while (!q_.empty()) {
    out.push_back(std::move(q_.front()));
    q_.pop_front();
  }
}

struct Engine::Seq {
  Seq(const Model& m, const Tokenizer* tok, Pending&& pd, int64_t capacity, CudaModel* gpu)
      : p(std::move(pd.p)), stream(std::move(pd.stream)), choice(pd.choice),
        cache(make_cache(m, gpu ? 0 : capacity)), sampler(p.sampling), stop(p.stop) {
    if (tok) dec.emplace(*tok, /*skip_special=*/true);
    sampler.set_prompt(p.prompt);
    tokens = p.prompt;
    if (gpu) {
      cuda_seq = gpu->new_sequence();
      cuda = gpu;
    }
  }
  ~Seq() {
    if (cuda) cuda->free_sequence(cuda_seq);
  }
  Seq(const Seq&) = delete;
  Seq& operator=(const Seq&) = delete;
  CudaModel* cuda = nullptr;  // GPU path: this sequence's slot in the CUDA model
  int cuda_seq = -1;
  SeqParams p;
  std::shared_ptr<RequestStream> stream;
  int choice;
  LatentCache cache;
  Sampler sampler;
  StopMatcher stop;
  std::optional<StreamDecoder> dec;
  std::vector<int32_t> tokens;  // prompt + generated
  int64_t fed = 0;              // rows in the cache (prompt and generated)
  int64_t cached = 0;           // prompt rows taken from the prefix cache
  int64_t generated = 0;
  Clock::time_point last;
  bool done = false;
};

Engine::Engine(const Model& m, Backend& be, const Tokenizer* tok, EngineOptions opt, Metrics* metrics)
    : m_(m), be_(be), tok_(tok), opt_(opt), metrics_(metrics),
      prefix_(std::make_unique<PrefixCache>(opt.prefix_cache_bytes, opt.prefix_block)) {
  DSEEK_CHECK(opt_.max_batch >= 1 && opt_.max_batch <= 4096, "--max-batch must be in [1, 4096], got {}",
              opt_.max_batch);
  DSEEK_CHECK(opt_.max_queue >= 0 && opt_.max_queue <= 1000000, "--max-queue must be in [0, 1e6], got {}",
              opt_.max_queue);
  DSEEK_CHECK(opt_.prefill_chunk >= 1 && opt_.step_prefill_rows >= 1, "prefill chunk sizes must be >= 1");
  thread_ = std::thread([this] { loop(); });
}

Engine::~Engine() { stop(); }

SubmitResult Engine::submit(std::vector<SeqParams> seqs, std::shared_ptr<RequestStream> stream) {
  DSEEK_CHECK(!seqs.empty() && int(seqs.size()) == stream->choices(), "engine: {} sequences for {} choices",
              seqs.size(), stream->choices());
  for (const SeqParams& s : seqs) {
    DSEEK_CHECK(!s.prompt.empty(), "empty prompt");
    for (int32_t t : s.prompt)
      DSEEK_CHECK(t >= 0 && t < m_.cfg.vocab_size, "prompt token {} is outside the vocabulary [0, {})", t,
                  m_.cfg.vocab_size);
    DSEEK_CHECK(int64_t(s.prompt.size()) < m_.cfg.max_position_embeddings,
                "prompt of {} tokens does not fit the context ({} tokens)", s.prompt.size(),
                m_.cfg.max_position_embeddings);
    s.sampling.validate();
    s.stop.validate();
  }
  {
    std::lock_guard lk(mu_);
    if (draining_ || stop_) return SubmitResult::kDraining;
    if (queue_.size() + seqs.size() > size_t(opt_.max_queue)) return SubmitResult::kQueueFull;
    for (size_t i = 0; i < seqs.size(); ++i) queue_.push_back({std::move(seqs[i]), stream, int(i)});
  }
  cv_.notify_all();
  return SubmitResult::kOk;
}

void Engine::drain() {
  draining_ = true;
  cv_.notify_all();
}

bool Engine::idle() const {
  std::lock_guard lk(mu_);
  return queue_.empty() && n_running_ == 0;
}

void Engine::stop() {
  {
    std::lock_guard lk(mu_);
    if (stop_ && !thread_.joinable()) return;
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

MetricsSnapshot Engine::snapshot() const {
  MetricsSnapshot s;
  {
    std::lock_guard lk(mu_);
    s.queue_depth = int64_t(queue_.size());
  }
  s.running = n_running_;
  s.kv_cache_bytes = kv_bytes_;
  s.prefix_cache_bytes = prefix_bytes_;
  s.prefix_cache_entries = prefix_entries_;
  return s;
}

void Engine::loop() {
  for (;;) {
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return stop_ || !queue_.empty() || !running_.empty(); });
      if (stop_) break;
    }
    step();
  }
  // Shutdown: whatever is left ends with an error event.
  std::deque<Pending> left;
  {
    std::lock_guard lk(mu_);
    left.swap(queue_);
  }
  for (auto& s : running_) s->stream->push(error_event(s->choice, "server shutting down"));
  for (auto& pd : left) pd.stream->push(error_event(pd.choice, "server shutting down"));
  running_.clear();
  n_running_ = 0;
  kv_bytes_ = 0;
}

void Engine::admit() {
  std::vector<Pending> in;
  {
    std::lock_guard lk(mu_);
    while (!queue_.empty() && running_.size() + in.size() < size_t(opt_.max_batch)) {
      in.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    n_running_ = int64_t(running_.size() + in.size());  // idle() must not see a gap
  }
  for (Pending& pd : in) {
    if (pd.stream->cancelled()) continue;
    const int64_t n = int64_t(pd.p.prompt.size());
    const int64_t cap = std::min<int64_t>(n + std::min<int64_t>(pd.p.sampling.max_tokens, 256),
                                          m_.cfg.max_position_embeddings);
    try {
      auto s = std::make_unique<Seq>(m_, tok_, std::move(pd), cap, opt_.cuda);
      if (!opt_.cuda) s->cached = prefix_->lookup(s->p.prompt, n - 1, s->cache);
      s->fed = s->cached;
      if (s->cached > 0 && metrics_) metrics_->prefix_hit(s->cached);
      running_.push_back(std::move(s));
    } catch (const std::exception& e) {
      pd.stream->push(error_event(pd.choice, e.what()));
    }
  }
}

void Engine::finish(Seq& s, const std::string& reason, std::string extra_text, bool keep_prefix) {
  s.done = true;
  TokenEvent ev;
  ev.choice = s.choice;
  ev.text = std::move(extra_text);
  ev.finished = true;
  ev.finish_reason = reason;
  ev.prompt_tokens = int64_t(s.p.prompt.size());
  ev.completion_tokens = s.generated;
  ev.cached_tokens = s.cached;
  s.stream->push(std::move(ev));
  if (metrics_) {
    metrics_->e2e(std::chrono::duration<double>(Clock::now() - s.stream->arrival()).count());
    metrics_->tokens(int64_t(s.p.prompt.size()) - s.cached, s.generated);
  }
  if (keep_prefix && !opt_.cuda) prefix_->insert(std::span(s.tokens).first(size_t(s.fed)), s.cache);
}

bool Engine::step() {
  admit();
  // Drop sequences whose client went away: their caches are freed now.
  std::erase_if(running_, [](const std::unique_ptr<Seq>& s) { return s->stream->cancelled(); });
  if (running_.empty()) {
    n_running_ = 0;
    kv_bytes_ = 0;
    return false;
  }

  // Plan the rows of this step.
  std::vector<int32_t> rows_tok;
  std::vector<CacheSegment> segs;
  std::vector<CudaSegment> csegs;
  std::vector<Seq*> in_step;
  int64_t prefill_left = opt_.step_prefill_rows;
  for (auto& up : running_) {
    Seq& s = *up;
    const int64_t n = int64_t(s.p.prompt.size());
    int64_t rows;
    if (s.fed < n) {
      rows = std::min({n - s.fed, opt_.prefill_chunk, prefill_left});
      if (rows <= 0) continue;  // waits for the next step's budget
      prefill_left -= rows;
      rows_tok.insert(rows_tok.end(), s.tokens.begin() + s.fed, s.tokens.begin() + s.fed + rows);
    } else {
      rows = 1;
      rows_tok.push_back(s.tokens.back());
    }
    if (s.cuda) {
      csegs.push_back({s.cuda_seq, rows});
    } else if (s.cache.length(0) + rows > s.cache.capacity()) {
      s.cache.reserve(std::min<int64_t>(s.cache.length(0) + rows, m_.cfg.max_position_embeddings));
    }
    segs.push_back({&s.cache, int64_t(rows_tok.size()) - rows, rows});
    in_step.push_back(&s);
  }

  const auto t0 = Clock::now();
  ForwardResult fr;
  try {
    if (opt_.cuda) fr.logits = opt_.cuda->forward(rows_tok, csegs, false);
    else fr = forward(m_, be_, rows_tok, {.segments = segs, .all_logits = false});
  } catch (const std::exception& e) {
    for (Seq* s : in_step) {
      s->stream->push(error_event(s->choice, e.what()));
      s->done = true;
    }
    std::erase_if(running_, [](const std::unique_ptr<Seq>& s) { return s->done; });
    return true;
  }
  const auto t1 = Clock::now();
  if (metrics_) metrics_->step(int64_t(rows_tok.size()), std::chrono::duration<double>(t1 - t0).count());

  const int64_t V = m_.cfg.vocab_size;
  for (size_t i = 0; i < in_step.size(); ++i) {
    Seq& s = *in_step[i];
    s.fed += segs[i].rows;
    if (s.fed < int64_t(s.p.prompt.size())) continue;  // still prefilling
    try {
      std::span<float> logits(fr.logits.data() + int64_t(i) * V, size_t(V));
      SampleResult r = s.sampler.sample(logits);
      s.sampler.accept(r.token);
      s.tokens.push_back(r.token);
      ++s.generated;
      const auto now = Clock::now();
      if (metrics_) {
        if (s.generated == 1) metrics_->ttft(std::chrono::duration<double>(now - s.stream->arrival()).count());
        else metrics_->inter_token(std::chrono::duration<double>(now - s.last).count());
      }
      s.last = now;
      std::string piece = (s.dec && tok_->has_id(r.token)) ? s.dec->push(r.token) : std::string();
      StopResult sr = s.stop.push_token(r.token, piece);
      TokenEvent ev;
      ev.choice = s.choice;
      ev.token = r.token;
      ev.text = std::move(sr.text);
      if (s.p.sampling.logprobs) {
        ev.logprob = r.logprob;
        ev.top_logprobs = std::move(r.top_logprobs);
      }
      s.stream->push(std::move(ev));
      if (sr.stopped) {
        finish(s, "stop", {}, true);
      } else if (s.generated >= s.p.sampling.max_tokens ||
                 int64_t(s.tokens.size()) >= m_.cfg.max_position_embeddings) {
        std::string tail = s.dec ? s.stop.push(s.dec->flush()).text : std::string();
        if (!s.stop.stopped()) tail += s.stop.flush();
        finish(s, s.stop.stopped() ? "stop" : "length", std::move(tail), true);
      }
    } catch (const std::exception& e) {
      s.stream->push(error_event(s.choice, e.what()));
      s.done = true;
    }
  }
  std::erase_if(running_, [](const std::unique_ptr<Seq>& s) { return s->done; });
  int64_t bytes = 0;
  for (auto& s : running_) bytes += int64_t(s->cuda ? s->cuda->cache_bytes(s->cuda_seq) : s->cache.bytes());
  n_running_ = int64_t(running_.size());
  kv_bytes_ = bytes;
  prefix_bytes_ = int64_t(prefix_->bytes());
  prefix_entries_ = int64_t(prefix_->entries());
  return true;
}

}  // namespace dseek::server
