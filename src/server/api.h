// api.h — the OpenAI-compatible wire format of the server, without HTTP:
// request validation (every field type- and range-checked; hostile input
// becomes ApiError 400, never a crash or an out-of-range value reaching the
// engine), response / chunk JSON builders, SSE framing and error bodies.
// What it is not: the HTTP plumbing (http_server.cpp) or the engine.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/reasoning.h"
#include "runtime/sampler.h"

namespace dseek::server {

// An error the client gets as {"error": {"message", "type", "param", "code"}}.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string message, std::string type = "invalid_request_error", std::string code = {},
           std::string param = {})
      : std::runtime_error(message), status(status), type(std::move(type)), code(std::move(code)),
        param(std::move(param)) {}
  int status;
  std::string type, code, param;
};

// The error body for (status, message, type, code, param).
nlohmann::json error_body(const ApiError& e);
std::string error_json(const ApiError& e);
// Message of a dseek::Error without the "(src/file.cpp:12)" suffix.
std::string strip_location(const std::string& what);

enum class ApiKind { kChat, kCompletion };

struct ApiLimits {
  int max_n = 8;
  int max_stop = 16;             // stop strings per request
  size_t max_stop_bytes = 256;   // per stop string
  int64_t context = 4096;        // model context (prompt + completion)
  std::string model_name;        // the one name accepted in "model"
};

struct CompletionRequest {
  ApiKind kind = ApiKind::kChat;
  nlohmann::json messages;          // chat: validated array of {role, content}
  std::string prompt;               // completion
  int n = 1;
  bool stream = false;
  bool include_usage = false;
  std::optional<int64_t> max_tokens;  // absent: the rest of the context
  SamplingParams sampling;           // max_tokens filled later (after tokenizing)
  std::optional<uint64_t> seed;
  std::vector<std::string> stop;
  bool logprobs = false;
  int top_logprobs = 0;
};

// Validates and converts a parsed JSON body. Throws ApiError(400).
CompletionRequest parse_completion_request(const nlohmann::json& body, ApiKind kind, const ApiLimits& lim);

// SSE framing: "data: <payload>\n\n".
std::string sse_data(const std::string& payload);
inline const char* sse_done() { return "data: [DONE]\n\n"; }

// Accumulates one choice of a response (reasoning split for R1-style models).
struct ChoiceState {
  explicit ChoiceState(bool reasoning_model, bool starts_in_reasoning)
      : split(reasoning_model), parser(starts_in_reasoning) {}
  bool split;
  ReasoningParser parser;
  std::string content, reasoning;
  nlohmann::json logprobs = nlohmann::json::array();  // chat: content[] entries
  std::string finish_reason;
  bool finished = false;
  int64_t prompt_tokens = 0, completion_tokens = 0, cached_tokens = 0;

  // Feeds engine text; returns the delta it splits into.
  ReasoningDelta feed(const std::string& text, bool final);
};

struct ResponseMeta {
  std::string id;
  int64_t created = 0;
  std::string model;
};

nlohmann::json usage_json(int64_t prompt, int64_t completion, int64_t cached);
// Non-streaming bodies.
nlohmann::json chat_response(const ResponseMeta& m, const std::vector<ChoiceState>& choices);
nlohmann::json completion_response(const ResponseMeta& m, const std::vector<ChoiceState>& choices);
// Stream chunks. delta: {"role"?, "content"?, "reasoning_content"?}; finish_reason empty = null.
nlohmann::json chat_chunk(const ResponseMeta& m, int index, nlohmann::json delta, const std::string& finish_reason,
                          nlohmann::json logprobs = nullptr);
nlohmann::json completion_chunk(const ResponseMeta& m, int index, const std::string& text,
                                const std::string& finish_reason);
nlohmann::json usage_chunk(const ResponseMeta& m, bool chat, const nlohmann::json& usage);

// One logprobs entry (chat format): token text, logprob, bytes, top_logprobs.
nlohmann::json logprob_entry(const std::string& token_text, float logprob,
                             const std::vector<std::pair<std::string, float>>& top);

}  // namespace dseek::server
