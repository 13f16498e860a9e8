// engine.h — the server's inference engine: a scheduler thread doing
// continuous batching over many sequences with one shared model.
// What it is: requests (one or more sequences each: OpenAI `n`) wait in a
// bounded queue; every step the scheduler admits waiting sequences up to
// --max-batch, then runs ONE batched forward over all running sequences
// (model/forward with ForwardOptions.segments: each sequence appends rows to
// its own LatentCache). A decoding sequence feeds one row; a prefilling one
// feeds a chunk of its prompt (chunked prefill, bounded per step, so running
// streams keep flowing while a long prompt is read). Each sequence owns its
// Sampler (seeded: its output does not depend on its batch-mates),
// StopMatcher and StreamDecoder. Finished sequences leave the batch and leave
// their cache to the prefix cache; cancelled ones (client gone) are dropped
// at the next step and free their cache at once.
// With EngineOptions.cuda the same scheduler drives the GPU model: each
// sequence owns a CudaModel sequence (paged latent cache on the device) and
// the step is one CudaModel::forward over the same segments.
// What it is not: HTTP or JSON (server/api, server/http_server), reasoning
// splitting (done per choice by the HTTP layer), or speculative decoding.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "backend/backend.h"
#include "backend/cuda/cuda_model.h"
#include "io/tokenizer.h"
#include "model/model.h"
#include "runtime/sampler.h"
#include "runtime/stop.h"
#include "server/metrics.h"

namespace dseek::server {

using Clock = std::chrono::steady_clock;

// One sequence to generate (one choice of a request).
struct SeqParams {
  std::vector<int32_t> prompt;  // non-empty; every id < the model's vocab
  SamplingParams sampling;      // sampling.max_tokens = budget; seed fixed by the caller
  StopParams stop;              // stop strings + stop token ids (EOS)
};

// What the engine reports for a sequence, in order.
struct TokenEvent {
  int choice = 0;
  int32_t token = -1;     // -1: no token (final event after a stop / error)
  std::string text;       // text that is safe to emit now (stop strings removed)
  float logprob = 0;      // when sampling.logprobs
  std::vector<TokenLogprob> top_logprobs;
  bool finished = false;
  std::string finish_reason;  // "stop" | "length" | "error" (with finished)
  std::string error;          // message for "error"
  int64_t prompt_tokens = 0;  // with finished: usage of this sequence
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;
};

// Shared by one HTTP request and the engine: the engine pushes events, the
// handler pops them; cancel() (client gone) makes the engine drop the
// request's sequences at the next step.
class RequestStream {
 public:
  explicit RequestStream(int choices) : choices_(choices), arrival_(Clock::now()) {}
  void push(TokenEvent ev);
  // Waits up to `timeout` for events; moves all pending ones into `out`.
  void wait_pop(std::vector<TokenEvent>& out, std::chrono::milliseconds timeout);
  void cancel() { cancelled_ = true; }
  bool cancelled() const { return cancelled_; }
  int choices() const { return choices_; }
  Clock::time_point arrival() const { return arrival_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<TokenEvent> q_;
  std::atomic<bool> cancelled_{false};
  int choices_;
  Clock::time_point arrival_;
};

struct EngineOptions {
  int max_batch = 16;               // running sequences
  int max_queue = 256;              // waiting sequences
  int64_t prefill_chunk = 256;      // prompt rows of one sequence per step
  int64_t step_prefill_rows = 256;  // prompt rows of all sequences per step
  size_t prefix_cache_bytes = size_t(256) << 20;
  int64_t prefix_block = 16;        // prefix-cache granularity (tokens)
  CudaModel* cuda = nullptr;        // run on this GPU model (its paged cache; no prefix cache) instead of
                                    // the CPU backend; needs max_step_tokens >= step_prefill_rows + max_batch
};

enum class SubmitResult { kOk, kQueueFull, kDraining };

class Engine {
 public:
  // tok may be null (token-level use: events carry ids, no text).
  Engine(const Model& m, Backend& be, const Tokenizer* tok, EngineOptions opt, Metrics* metrics = nullptr);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Queues all of `seqs` (choice i = seqs[i]) or none.
  SubmitResult submit(std::vector<SeqParams> seqs, std::shared_ptr<RequestStream> stream);
  void drain();                 // refuse new work from now on
  bool draining() const { return draining_; }
  bool idle() const;            // nothing queued or running
  void stop();                  // ends the scheduler; unfinished sequences get an error event

  MetricsSnapshot snapshot() const;
  const Model& model() const { return m_; }
  const Tokenizer* tokenizer() const { return tok_; }

 private:
  struct Seq;
  struct Pending {
    SeqParams p;
    std::shared_ptr<RequestStream> stream;
    int choice;
  };
  void loop();
  bool step();  // false: nothing to do
  void admit();
  void finish(Seq& s, const std::string& reason, std::string extra_text, bool keep_prefix);

  const Model& m_;
  Backend& be_;
  const Tokenizer* tok_;
  EngineOptions opt_;
  Metrics* metrics_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending> queue_;
  bool stop_ = false;
  std::atomic<bool> draining_{false};
  std::thread thread_;

  // Scheduler-thread state (gauges mirrored into atomics for snapshot()).
  std::vector<std::unique_ptr<Seq>> running_;
  std::unique_ptr<class PrefixCache> prefix_;
  std::atomic<int64_t> n_running_{0}, kv_bytes_{0}, prefix_bytes_{0}, prefix_entries_{0};
};

}  // namespace dseek::server
