// http_server.cpp — routes, limits and SSE streaming of `dseek serve` (see
// http_server.h). Built against the system cpp-httplib when CMake defines
// DSEEK_HAVE_HTTPLIB; otherwise Server::start() throws a clear error.
#include "server/http_server.h"

#include <atomic>
#include <chrono>
#include <random>
#include <mutex>
#include <thread>

#include "core/check.h"
#include "io/json_util.h"
#include "io/reasoning.h"
#include "server/api.h"
#include "server/web_page.h"

#ifdef DSEEK_HAVE_HTTPLIB
#include <httplib.h>
#include <sys/socket.h>
#endif

namespace dseek::server {

using nlohmann::json;

bool constant_time_equal(const std::string& a, const std::string& b) {
  // Compare every byte of the longer string; the length difference is folded
  // into the result without an early exit.
  const size_t n = std::max(a.size(), b.size());
  volatile uint8_t diff = uint8_t(a.size() != b.size());
  for (size_t i = 0; i < n; ++i) {
    const uint8_t x = i < a.size() ? uint8_t(a[i]) : 0, y = i < b.size() ? uint8_t(b[i]) : 0;
    diff = diff | uint8_t(x ^ y);
  }
  return diff == 0;
}

#ifdef DSEEK_HAVE_HTTPLIB

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void send_error(httplib::Response& res, const ApiError& e) {
  res.status = e.status;
  res.set_content(error_json(e), "application/json");
}

int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Per-request state of a streamed or collected completion.
struct Flow {
  std::shared_ptr<RequestStream> stream;
  std::vector<ChoiceState> choices;
  std::vector<bool> role_sent;
  ResponseMeta meta;
  bool chat = true, include_usage = false, ended = false;
  int finished = 0, idle_polls = 0;
  const Tokenizer* tok = nullptr;

  std::string token_text(int32_t id) const {
    return tok && tok->has_id(id) ? tok->token_bytes(id) : std::string();
  }
  json logprobs_of(const TokenEvent& ev) const {
    std::vector<std::pair<std::string, float>> top;
    for (const auto& t : ev.top_logprobs) top.emplace_back(token_text(t.token), t.logprob);
    return logprob_entry(token_text(ev.token), ev.logprob, top);
  }
  // Applies one engine event; returns the SSE text to send (streaming).
  std::string apply(const TokenEvent& ev, bool streaming) {
    ChoiceState& c = choices[size_t(ev.choice)];
    std::string out;
    if (ev.finished && ev.finish_reason == "error") {
      ended = true;
      if (streaming) out += sse_data(dump(error_body(ApiError(500, strip_location(ev.error), "server_error")))) + sse_done();
      c.finish_reason = "error";
      c.finished = true;
      return out;
    }
    ReasoningDelta d = c.feed(ev.text, ev.finished);
    json lp = nullptr;
    if (ev.token >= 0 && choices[0].logprobs.is_array() && stream_logprobs) {
      json e = logprobs_of(ev);
      c.logprobs.push_back(e);
      lp = json{{"content", json::array({e})}};
    }
    if (ev.finished) {
      c.finished = true;
      c.finish_reason = ev.finish_reason;
      c.prompt_tokens = ev.prompt_tokens;
      c.completion_tokens = ev.completion_tokens;
      c.cached_tokens = ev.cached_tokens;
      ++finished;
    }
    if (!streaming) return out;
    if (chat) {
      json delta = json::object();
      if (!role_sent[size_t(ev.choice)]) {
        delta["role"] = "assistant";
        role_sent[size_t(ev.choice)] = true;
        if (d.content.empty() && d.reasoning.empty()) delta["content"] = "";
      }
      if (!d.reasoning.empty()) delta["reasoning_content"] = d.reasoning;
      if (!d.content.empty()) delta["content"] = d.content;
      const bool has = !delta.empty() || !lp.is_null();
      if (has) out += sse_data(dump(chat_chunk(meta, ev.choice, delta, "", lp)));
      if (ev.finished) out += sse_data(dump(chat_chunk(meta, ev.choice, json::object(), ev.finish_reason)));
    } else {
      if (!d.content.empty() || ev.finished)
        out += sse_data(dump(completion_chunk(meta, ev.choice, d.content, ev.finished ? ev.finish_reason : "")));
    }
    if (finished == int(choices.size())) {
      if (include_usage) {
        int64_t comp = 0;
        for (const auto& x : choices) comp += x.completion_tokens;
        out += sse_data(dump(usage_chunk(meta, chat, usage_json(choices[0].prompt_tokens, comp, choices[0].cached_tokens))));
      }
      out += sse_done();
      ended = true;
    }
    return out;
  }
  bool stream_logprobs = false;
};

}  // namespace

struct Server::Impl {
  ServerOptions opt;
  httplib::Server svr;
  std::thread listener;
  Metrics metrics;
  std::atomic<bool> ready{false}, draining{false};
  std::atomic<uint64_t> next_id{1};
  uint64_t id_salt = 0;
  // Attached model.
  const Model* model = nullptr;
  const Tokenizer* tok = nullptr;
  std::optional<LoadedChatTemplate> tmpl;
  std::vector<int32_t> stop_ids;
  Server::IntentFn intent;
  std::mutex intent_mu;

  std::string new_id(const char* prefix) { return fmt::format("{}-{:016x}{:08x}", prefix, id_salt, next_id++); }
  ApiLimits limits() const {
    ApiLimits l;
    l.max_n = opt.max_n;
    l.context = model ? model->cfg.max_position_embeddings : 0;
    l.model_name = opt.model_name;
    return l;
  }
  void completions(const httplib::Request& req, httplib::Response& res, ApiKind kind, Engine& eng);
};

namespace {
bool is_public(const httplib::Request& req) { return req.path == "/health" || (req.method == "GET" && req.path == "/"); }
}  // namespace

Server::Server(ServerOptions opt) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(opt);
  impl_->id_salt = (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
  DSEEK_CHECK(impl_->opt.max_body >= 1024 && impl_->opt.max_body <= (size_t(1) << 30),
              "--max-body must be between 1 KB and 1 GB, got {}", impl_->opt.max_body);
  DSEEK_CHECK(impl_->opt.max_n >= 1 && impl_->opt.max_n <= 64, "max n must be in [1, 64]");
}

Server::~Server() {
  if (engine_) engine_->stop();
  impl_->svr.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
}

Metrics& Server::metrics() { return impl_->metrics; }

void Server::start() {
  Impl& I = *impl_;
  auto& svr = I.svr;
  const ServerOptions& o = I.opt;
  // Every connection holds a worker while it streams: size the pool for the
  // batch plus the queue (refusals need a thread too).
  const size_t workers = size_t(std::min(4096, o.engine.max_batch + o.engine.max_queue + 32));
  svr.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  svr.set_payload_max_length(o.max_body);
  svr.set_read_timeout(o.read_timeout_s, 0);
  svr.set_write_timeout(o.write_timeout_s, 0);
  svr.set_keep_alive_timeout(5);

  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const int s = res.status;
    const char* msg = s == 404 ? "no such route" : s == 413 ? "request body too large" : s == 414 ? "URI too long"
                    : s == 405 ? "method not allowed" : s == 400 ? "malformed HTTP request" : "error";
    res.set_content(error_json(ApiError(s, msg, s >= 500 ? "server_error" : "invalid_request_error")),
                    "application/json");
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string msg = "internal error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      msg = strip_location(e.what());
    } catch (...) {
    }
    send_error(res, ApiError(500, msg, "server_error"));
  });
  svr.set_logger([&I](const httplib::Request& req, const httplib::Response& res) {
    I.metrics.request_done(req.path.size() > 64 ? std::string("other") : req.path, res.status);
  });

  svr.set_pre_routing_handler([&I](const httplib::Request& req, httplib::Response& res) {
    const ServerOptions& o = I.opt;
    if (req.has_header("Content-Length")) {
      const std::string cl = req.get_header_value("Content-Length");
      const bool digits = !cl.empty() && cl.size() <= 12 && cl.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoull(cl) > o.max_body) {
        res.set_header("Connection", "close");
        send_error(res, ApiError(413, fmt::format("request body too large (limit {} bytes)", o.max_body),
                                 "invalid_request_error", "payload_too_large"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (!o.api_key.empty() && !is_public(req)) {
      const std::string auth = req.get_header_value("Authorization");
      const std::string prefix = "Bearer ";
      const std::string got = auth.rfind(prefix, 0) == 0 ? auth.substr(prefix.size()) : std::string();
      if (!constant_time_equal(got, o.api_key)) {
        res.set_header("WWW-Authenticate", "Bearer");
        send_error(res, ApiError(401, "invalid or missing API key", "authentication_error", "invalid_api_key"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    if (req.path.rfind("/v1/", 0) == 0) {
      if (I.draining) {
        send_error(res, ApiError(503, "server is shutting down", "server_error", "shutting_down"));
        return httplib::Server::HandlerResponse::Handled;
      }
      if (!I.ready) {
        send_error(res, ApiError(503, "model is loading", "server_error", "loading"));
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  svr.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(kWebPageHtml), "text/html; charset=utf-8");
  });
  svr.Get("/health", [&I](const httplib::Request&, httplib::Response& res) {
    const char* state = I.draining ? "draining" : I.ready ? "ok" : "loading";
    res.status = I.ready && !I.draining ? 200 : 503;
    res.set_content(dump(json{{"status", state}}), "application/json");
  });
  svr.Get("/metrics", [this, &I](const httplib::Request&, httplib::Response& res) {
    MetricsSnapshot s = engine_ ? engine_->snapshot() : MetricsSnapshot{};
    res.set_content(I.metrics.render(s), "text/plain; version=0.0.4");
  });
  svr.Get("/v1/models", [&I](const httplib::Request&, httplib::Response& res) {
    json m = {{"id", I.opt.model_name}, {"object", "model"}, {"created", now_unix()}, {"owned_by", "dseek"},
              {"max_model_len", I.model ? I.model->cfg.max_position_embeddings : 0}};
    res.set_content(dump(json{{"object", "list"}, {"data", json::array({m})}}), "application/json");
  });
  svr.Post("/v1/chat/completions", [this, &I](const httplib::Request& req, httplib::Response& res) {
    I.completions(req, res, ApiKind::kChat, *engine_);
  });
  svr.Post("/v1/completions", [this, &I](const httplib::Request& req, httplib::Response& res) {
    I.completions(req, res, ApiKind::kCompletion, *engine_);
  });
  svr.Post("/v1/intent", [&I](const httplib::Request& req, httplib::Response& res) {
    if (!I.intent)
      return send_error(res, ApiError(503, "no intent model is loaded on this server (dseek serve --intent-model DIR)",
                                      "server_error", "intent_unavailable"));
    std::string text;
    try {
      const json body = parse_json_limited(req.body, {.max_bytes = I.opt.max_body, .max_depth = 8}, "request body");
      if (!body.is_object() || !body.contains("text") || !body["text"].is_string())
        throw ApiError(400, "expected {\"text\": string}", "invalid_request_error", "invalid_value", "text");
      text = body["text"].get<std::string>();
    } catch (const ApiError& e) {
      return send_error(res, e);
    } catch (const Error& e) {
      return send_error(res, ApiError(400, strip_location(e.what())));
    }
    std::string out;
    try {
      std::lock_guard<std::mutex> lk(I.intent_mu);
      out = I.intent(text);
    } catch (const Error& e) {
      return send_error(res, ApiError(400, strip_location(e.what()), "invalid_request_error", "invalid_value", "text"));
    }
    res.set_content(out, "application/json");
  });

  // httplib 0.11 listens with a backlog of 5, which drops connections under
  // load: remember the listening socket and raise its backlog after bind.
  auto listen_fd = std::make_shared<std::atomic<int>>(-1);  // -2: stop capturing
  svr.set_socket_options([listen_fd](socket_t s) {
    int yes = 1;
    ::setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (listen_fd->load() != -2) listen_fd->store(s);
  });
  const int p = o.port == 0 ? svr.bind_to_any_port(o.host) : (svr.bind_to_port(o.host, o.port) ? o.port : -1);
  const int fd = listen_fd->exchange(-2);
  DSEEK_CHECK(p > 0, "cannot listen on {}:{} (in use, or not a local address?)", o.host, o.port);
  if (fd >= 0) ::listen(fd, 4096);
  port_ = p;
  I.listener = std::thread([&svr] { svr.listen_after_bind(); });
}

void Server::attach(const Model& m, Backend& be, const Tokenizer* tok, std::optional<LoadedChatTemplate> tmpl,
                    CudaModel* cuda) {
  Impl& I = *impl_;
  I.opt.engine.cuda = cuda;
  I.model = &m;
  I.tok = tok;
  I.tmpl = std::move(tmpl);
  if (tok && tok->eos_id()) I.stop_ids.push_back(*tok->eos_id());
  for (int64_t e : m.cfg.eos_token_id)
    if (e >= 0 && e < m.cfg.vocab_size && std::find(I.stop_ids.begin(), I.stop_ids.end(), int32_t(e)) == I.stop_ids.end())
      I.stop_ids.push_back(int32_t(e));
  engine_ = std::make_unique<Engine>(m, be, tok, I.opt.engine, &I.metrics);
  I.ready = true;
}

void Server::attach_intent(IntentFn classify) { impl_->intent = std::move(classify); }

void Server::shutdown(int timeout_s) {
  Impl& I = *impl_;
  I.draining = true;
  if (engine_) {
    engine_->drain();
    const auto deadline = Clock::now() + std::chrono::seconds(timeout_s);
    while (!engine_->idle() && Clock::now() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    engine_->stop();  // what is left gets an error event
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let handlers write their last bytes
  I.svr.stop();
  if (I.listener.joinable()) I.listener.join();
}

void Server::Impl::completions(const httplib::Request& req, httplib::Response& res, ApiKind kind, Engine& eng) {
  const bool chat = kind == ApiKind::kChat;
  std::shared_ptr<Flow> flow = std::make_shared<Flow>();
  std::vector<SeqParams> seqs;
  CompletionRequest r;
  try {
    DSEEK_CHECK(tok, "this model has no tokenizer.json; text endpoints are unavailable");
    json body;
    try {
      body = parse_json_limited(req.body, {.max_bytes = opt.max_body, .max_depth = 32}, "request body");
    } catch (const Error& e) {
      throw ApiError(400, strip_location(e.what()));
    }
    r = parse_completion_request(body, kind, limits());
    std::string prompt_text;
    std::vector<int32_t> prompt;
    bool starts_in_reasoning = false;
    if (chat) {
      if (!tmpl) throw ApiError(400, "no chat template for this model (start the server with --template)");
      try {
        prompt_text = render_chat(tmpl->info.kind, r.messages, render_options_for(*tmpl, true));
      } catch (const Error& e) {
        throw ApiError(400, strip_location(e.what()), "invalid_request_error", "invalid_value", "messages");
      }
      starts_in_reasoning = prompt_opens_reasoning(prompt_text);
      prompt = tok->encode(prompt_text);  // the template writes the BOS text itself
    } else {
      prompt = tok->bos_id() ? tok->encode_with_bos(r.prompt) : tok->encode(r.prompt);
    }
    const int64_t ctx = model->cfg.max_position_embeddings, n = int64_t(prompt.size());
    if (n >= ctx)
      throw ApiError(400, fmt::format("prompt of {} tokens does not fit the context ({} tokens)", n, ctx),
                     "invalid_request_error", "context_length_exceeded", chat ? "messages" : "prompt");
    if (r.max_tokens && n + *r.max_tokens > ctx)
      throw ApiError(400, fmt::format("prompt ({} tokens) + max_tokens ({}) exceeds the context ({} tokens)", n,
                                      *r.max_tokens, ctx), "invalid_request_error", "context_length_exceeded",
                     "max_tokens");
    r.sampling.max_tokens = int32_t(r.max_tokens ? *r.max_tokens : ctx - n);
    const uint64_t base_seed = r.seed ? *r.seed : (uint64_t(std::random_device{}()) << 32) ^ std::random_device{}();
    for (int i = 0; i < r.n; ++i) {
      SeqParams sp;
      sp.prompt = prompt;
      sp.sampling = r.sampling;
      sp.sampling.seed = base_seed + uint64_t(i);
      sp.stop.stop = r.stop;
      sp.stop.stop_token_ids = stop_ids;
      seqs.push_back(std::move(sp));
    }
    const bool split = chat && tmpl->info.kind == ChatTemplateKind::DeepSeekR1;
    for (int i = 0; i < r.n; ++i) flow->choices.emplace_back(split, starts_in_reasoning);
  } catch (const ApiError& e) {
    return send_error(res, e);
  } catch (const Error& e) {
    return send_error(res, ApiError(400, strip_location(e.what())));
  }

  flow->stream = std::make_shared<RequestStream>(r.n);
  flow->role_sent.assign(size_t(r.n), false);
  flow->meta = {new_id(chat ? "chatcmpl" : "cmpl"), now_unix(), opt.model_name};
  flow->chat = chat;
  flow->include_usage = r.include_usage;
  flow->tok = tok;
  flow->stream_logprobs = chat && r.logprobs;
  SubmitResult sr;
  try {
    sr = eng.submit(std::move(seqs), flow->stream);
  } catch (const Error& e) {
    return send_error(res, ApiError(400, strip_location(e.what())));
  }
  if (sr == SubmitResult::kQueueFull)
    return send_error(res, ApiError(429, "too many requests in the queue; retry later", "rate_limit_error", "queue_full"));
  if (sr == SubmitResult::kDraining)
    return send_error(res, ApiError(503, "server is shutting down", "server_error", "shutting_down"));

  if (!r.stream) {
    std::vector<TokenEvent> evs;
    while (!flow->ended) {
      evs.clear();
      flow->stream->wait_pop(evs, std::chrono::milliseconds(500));
      for (const auto& ev : evs) flow->apply(ev, false);
      if (flow->finished == int(flow->choices.size())) break;
    }
    for (const auto& c : flow->choices)
      if (c.finish_reason == "error") {
        flow->stream->cancel();
        return send_error(res, ApiError(500, "generation failed", "server_error"));
      }
    res.set_content(dump(chat ? chat_response(flow->meta, flow->choices) : completion_response(flow->meta, flow->choices)),
                    "application/json");
    return;
  }

  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [flow](size_t, httplib::DataSink& sink) {
        if (flow->ended) {
          sink.done();
          return true;
        }
        std::vector<TokenEvent> evs;
        flow->stream->wait_pop(evs, std::chrono::milliseconds(250));
        std::string out;
        for (const auto& ev : evs) out += flow->apply(ev, true);
        if (evs.empty() && ++flow->idle_polls >= 8) {  // ~2 s of silence (long prefill): probe the client
          out = ": keep-alive\n\n";
          flow->idle_polls = 0;
        }
        if (!out.empty() && !sink.write(out.data(), out.size())) {
          flow->stream->cancel();
          return false;
        }
        if (flow->ended) sink.done();
        return true;
      },
      [flow](bool) {
        if (!flow->ended || flow->finished < int(flow->choices.size())) flow->stream->cancel();
      });
}

#else  // !DSEEK_HAVE_HTTPLIB

struct Server::Impl {
  ServerOptions opt;
  Metrics metrics;
};
Server::Server(ServerOptions opt) : impl_(std::make_unique<Impl>()) { impl_->opt = std::move(opt); }
Server::~Server() = default;
Metrics& Server::metrics() { return impl_->metrics; }
void Server::start() {
  DSEEK_FAIL("this dseek was built without cpp-httplib (install libcpp-httplib-dev and rebuild)");
}
void Server::attach(const Model&, Backend&, const Tokenizer*, std::optional<LoadedChatTemplate>, CudaModel*) {}
void Server::attach_intent(IntentFn) {}
void Server::shutdown(int) {}

#endif  // DSEEK_HAVE_HTTPLIB

}  // namespace dseek::server
