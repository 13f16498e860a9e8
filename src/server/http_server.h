// http_server.h — `dseek serve`: the OpenAI-compatible HTTP front end
// (cpp-httplib) over the continuous-batching Engine.
// Routes: GET / (web page), GET /health, GET /metrics, GET /v1/models,
// POST /v1/chat/completions, POST /v1/completions, POST /v1/intent (the
// attached intent classifier; 503 when none is attached).
// What it is: request limits (body size before reading, header line length,
// timeouts), API-key check (constant time), JSON errors for every failure,
// SSE streaming with disconnect detection, graceful drain.
// What it is not: TLS (put a reverse proxy in front), or the model loader
// (the caller attaches a loaded model; /health is 503 until then).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "io/chat_template.h"
#include "io/tokenizer.h"
#include "model/model.h"
#include "server/engine.h"

namespace dseek::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                   // 0: any free port (see Server::port())
  std::string api_key;               // empty: no authentication
  size_t max_body = size_t(1) << 20; // request body bytes
  int max_n = 8;                     // choices per request
  int read_timeout_s = 30;           // per read of a request (slow-loris bound)
  int write_timeout_s = 30;
  std::string model_name;            // the id served by /v1/models
  EngineOptions engine;
};

// Constant-time comparison (the time depends on the lengths only).
bool constant_time_equal(const std::string& a, const std::string& b);

class Server {
 public:
  explicit Server(ServerOptions opt);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and serves in a background thread (503 on /health and /v1/* until
  // attach()). Throws dseek::Error when the address cannot be bound.
  void start();
  int port() const { return port_; }

  // The model is ready: starts the engine. `tmpl` empty: chat endpoint refuses.
  // cuda: run the engine on this GPU model instead of `be` (EngineOptions.cuda).
  void attach(const Model& m, Backend& be, const Tokenizer* tok, std::optional<LoadedChatTemplate> tmpl,
              CudaModel* cuda = nullptr);
  // POST /v1/intent {"text": str} answers classify(text) (a JSON object).
  // Calls are serialised (one classification at a time); a dseek::Error
  // thrown by classify (bad message) becomes a 400.
  using IntentFn = std::function<std::string(const std::string& text)>;
  void attach_intent(IntentFn classify);

  // SIGTERM: refuse new requests (503), let running ones finish for at most
  // `timeout_s` seconds, then stop the engine and the listener.
  void shutdown(int timeout_s);

  Engine* engine() { return engine_.get(); }
  Metrics& metrics();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Engine> engine_;
  int port_ = 0;
};

}  // namespace dseek::server
