// cmd_serve.cpp — `dseek serve -m DIR`: loads the model while /health answers
// 503, then serves the OpenAI-compatible API and the web page until SIGTERM /
// SIGINT, which drains: new requests get 503, running ones may finish for
// --shutdown-timeout seconds, then the process exits 0.
// Signal handling uses one process-wide atomic (g_stop_signal below), the only
// global of the server; the handler only stores to it.
#include "cli/cmd_serve.h"

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "cli/model_args.h"
#include "core/check.h"
#include "io/chat_template.h"
#include "server/http_server.h"

namespace dseek::cli {
namespace {

// Set by SIGTERM/SIGINT; polled by the serve loop.
std::atomic<int> g_stop_signal{0};
extern "C" void on_stop_signal(int sig) { g_stop_signal.store(sig); }

struct ServeArgs {
  ModelArgs model;
  std::string host = "127.0.0.1", api_key, max_body = "1MB", model_name, tmpl, intent_model;
  int port = 8080, max_batch = 16, max_queue = 256, shutdown_timeout = 30, max_n = 8;
  int64_t cache_mb = 256, prefill_chunk = 256;
};

}  // namespace

size_t parse_byte_size(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  DSEEK_CHECK(i > 0 && i <= 12, "expected a size like 1MB, 512K or 1048576, got '{}'", s);
  uint64_t v = std::stoull(s.substr(0, i));
  std::string u = s.substr(i);
  for (char& c : u) c = char(std::toupper(static_cast<unsigned char>(c)));
  uint64_t mul = 1;
  if (u.empty() || u == "B") mul = 1;
  else if (u == "K" || u == "KB" || u == "KIB") mul = 1024;
  else if (u == "M" || u == "MB" || u == "MIB") mul = 1024 * 1024;
  else if (u == "G" || u == "GB" || u == "GIB") mul = 1024ull * 1024 * 1024;
  else DSEEK_FAIL("unknown size unit '{}' in '{}' (use K, M or G)", u, s);
  DSEEK_CHECK(v <= (uint64_t(1) << 40) / mul, "size '{}' is too large", s);
  return size_t(v * mul);
}

void add_serve_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("serve", "OpenAI-compatible HTTP server (chat/completions, SSE, web page at /)");
  auto a = std::make_shared<ServeArgs>();
  a->model.add_to(cmd, false);
  cmd->add_option("--intent-model", a->intent_model,
                  "Model for POST /v1/intent: a directory, or 'none' (default: the embedded intent model)");
  cmd->add_option("--host", a->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", a->port, "TCP port (0 = any free port, printed on stderr)")->capture_default_str();
  cmd->add_option("--api-key", a->api_key, "Require 'Authorization: Bearer KEY' (env DSEEK_API_KEY)")
      ->envname("DSEEK_API_KEY");
  cmd->add_option("--max-batch", a->max_batch, "Sequences decoded together per step")->capture_default_str();
  cmd->add_option("--max-queue", a->max_queue, "Waiting sequences before 429")->capture_default_str();
  cmd->add_option("--max-body", a->max_body, "Largest request body (e.g. 1MB, 512K)")->capture_default_str();
  cmd->add_option("--max-n", a->max_n, "Largest 'n' (choices per request)")->capture_default_str();
  cmd->add_option("--shutdown-timeout", a->shutdown_timeout, "Seconds to finish running requests on SIGTERM")
      ->capture_default_str();
  cmd->add_option("--model-name", a->model_name, "Model id in the API (default: the directory name)");
  cmd->add_option("--template", a->tmpl, "Chat template: deepseek-v3 | deepseek-r1 (default: tokenizer_config.json)");
  cmd->add_option("--cache-mb", a->cache_mb, "Prefix-cache memory (MiB; 0 = off)")->capture_default_str();
  cmd->add_option("--prefill-chunk", a->prefill_chunk, "Prompt rows per sequence and step")->capture_default_str();
  cmd->callback([a] {
    namespace fs = std::filesystem;
    if (a->model.model_dir.empty()) a->model.model_dir = find_default_intent_model();
    DSEEK_CHECK(!a->model.model_dir.empty(), "serve: give -m DIR (no embedded model found)");
    if (a->intent_model.empty()) a->intent_model = find_default_intent_model();
    if (a->intent_model == "none") a->intent_model.clear();
    DSEEK_CHECK(a->port >= 0 && a->port <= 65535, "--port must be in [0, 65535], got {}", a->port);
    DSEEK_CHECK(a->shutdown_timeout >= 0 && a->shutdown_timeout <= 3600, "--shutdown-timeout must be in [0, 3600]");
    DSEEK_CHECK(a->cache_mb >= 0 && a->cache_mb <= (int64_t(1) << 20), "--cache-mb must be in [0, 1048576]");
    DSEEK_CHECK(a->prefill_chunk >= 1 && a->prefill_chunk <= 65536, "--prefill-chunk must be in [1, 65536]");
    server::ServerOptions so;
    so.host = a->host;
    so.port = a->port;
    so.api_key = a->api_key;
    so.max_body = parse_byte_size(a->max_body);
    so.max_n = a->max_n;
    so.model_name = a->model_name.empty() ? fs::path(a->model.model_dir).lexically_normal().filename().string()
                                          : a->model_name;
    if (so.model_name.empty()) so.model_name = fs::path(a->model.model_dir).parent_path().filename().string();
    so.engine.max_batch = a->max_batch;
    so.engine.max_queue = a->max_queue;
    so.engine.prefill_chunk = a->prefill_chunk;
    so.engine.step_prefill_rows = a->prefill_chunk;
    so.engine.prefix_cache_bytes = size_t(a->cache_mb) << 20;

    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    std::unique_ptr<CudaModel> gpu;  // --device cuda; declared first: outlives the engine's sequences
    server::Server srv(so);
    srv.start();
    std::fprintf(stderr, "dseek serve: listening on http://%s:%d (loading model)\n", so.host.c_str(), srv.port());

    LoadedModel lm = load_for_cli(a->model, true);
    auto be = a->model.backend();
    std::optional<LoadedChatTemplate> tmpl;
    if (!a->tmpl.empty()) {
      const ChatTemplateKind k = parse_chat_template_name(a->tmpl);
      tmpl = LoadedChatTemplate{{k, k == ChatTemplateKind::DeepSeekR1}, kDeepSeekBosText};
    } else {
      try {
        tmpl = load_chat_template(a->model.model_dir);
      } catch (const Error& e) {
        std::fprintf(stderr, "dseek serve: warning: %s; /v1/chat/completions is disabled\n", e.what());
      }
    }
    if (a->model.cuda()) {
      DSEEK_CHECK(cuda_device_count() > 0, "--device cuda: no CUDA device is visible{}",
                  cuda_built() ? "" : " (this dseek was built without CUDA)");
      CudaModelOptions co = a->model.cuda_options();
      co.max_seqs = so.engine.max_batch;
      co.max_step_tokens = so.engine.step_prefill_rows + so.engine.max_batch;
      co.cache_tokens = std::min<int64_t>(int64_t(so.engine.max_batch) * lm.model.cfg.max_position_embeddings, 1 << 20);
      co.progress = true;
      gpu = CudaModel::create(lm.model, co);
      std::fprintf(stderr, "dseek serve: on %s (latent cache %.2f GB)\n", gpu->stats().device.c_str(),
                   gpu->stats().cache_bytes / 1e9);
    }
    srv.attach(lm.model, *be, lm.tokenizer ? &*lm.tokenizer : nullptr, tmpl, gpu.get());
    // The intent classifier: its own model, backend and (serialised) classifier.
    std::unique_ptr<IntentModel> im;
    if (!a->intent_model.empty()) {
      ModelArgs ia = a->model;
      ia.model_dir = a->intent_model;
      ia.bf16_activations = true;  // as `dseek intent` by default (fp32 where the CPU lacks AVX512-BF16)
      im = open_intent_model(ia);
      srv.attach_intent([&im](const std::string& t) { return intent::result_json(im->clf->classify(t)).dump(); });
      std::fprintf(stderr, "dseek serve: /v1/intent uses %s\n", a->intent_model.c_str());
    }
    std::fprintf(stderr, "dseek serve: ready — model '%s', http://%s:%d/\n", so.model_name.c_str(), so.host.c_str(),
                 srv.port());
    while (g_stop_signal.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::fprintf(stderr, "dseek serve: signal %d, draining (up to %d s)\n", g_stop_signal.load(), a->shutdown_timeout);
    srv.shutdown(a->shutdown_timeout);
    std::fprintf(stderr, "dseek serve: stopped\n");
  });
}

}  // namespace dseek::cli
