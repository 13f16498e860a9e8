// api.cpp — OpenAI request validation and response JSON (see api.h).
#include "server/api.h"

#include <cmath>
#include <limits>

#include "core/check.h"

namespace dseek::server {

using nlohmann::json;

json error_body(const ApiError& e) {
  json err = {{"message", e.what()}, {"type", e.type}, {"param", nullptr}, {"code", nullptr}};
  if (!e.param.empty()) err["param"] = e.param;
  if (!e.code.empty()) err["code"] = e.code;
  return json{{"error", err}};
}

std::string error_json(const ApiError& e) {
  return error_body(e).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string strip_location(const std::string& what) {
  // DSEEK_FAIL appends " (src/dir/file.cpp:123)".
  const size_t p = what.rfind(" (");
  if (p != std::string::npos && what.back() == ')' && what.find(".cpp:", p) != std::string::npos) return what.substr(0, p);
  return what;
}

namespace {

[[noreturn]] void bad(const std::string& param, const std::string& msg) {
  throw ApiError(400, param.empty() ? msg : "'" + param + "': " + msg, "invalid_request_error", "invalid_value", param);
}

const json* field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return nullptr;
  return &*it;
}

double get_number(const json& v, const char* name, double lo, double hi) {
  if (!v.is_number()) bad(name, "expected a number");
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < lo || x > hi) bad(name, "expected a finite number in [" + std::to_string(lo) + ", " +
                                                     std::to_string(hi) + "], got " + v.dump());
  return x;
}

int64_t get_int(const json& v, const char* name, int64_t lo, int64_t hi) {
  if (!v.is_number_integer()) bad(name, "expected an integer, got " + v.dump());
  if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
    bad(name, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  const int64_t x = v.get<int64_t>();
  if (x < lo || x > hi) bad(name, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + std::to_string(x));
  return x;
}

bool get_bool(const json& v, const char* name) {
  if (!v.is_boolean()) bad(name, "expected true or false, got " + v.dump());
  return v.get<bool>();
}

// Chat message content: a string, or an array of {"type": "text", "text": ...} parts.
json normalize_content(const json& c, size_t i) {
  if (c.is_null() || c.is_string()) return c;
  if (c.is_array()) {
    std::string s;
    for (const json& part : c) {
      if (!part.is_object() || part.value("type", "") != "text" || !part.contains("text") || !part["text"].is_string())
        bad("messages[" + std::to_string(i) + "].content", "only text content parts are supported");
      s += part["text"].get<std::string>();
    }
    return s;
  }
  bad("messages[" + std::to_string(i) + "].content", "expected a string or an array of text parts");
}

}  // namespace

CompletionRequest parse_completion_request(const json& body, ApiKind kind, const ApiLimits& lim) {
  if (!body.is_object()) throw ApiError(400, "request body must be a JSON object");
  CompletionRequest r;
  r.kind = kind;
  if (const json* m = field(body, "model")) {
    if (!m->is_string()) bad("model", "expected a string");
    if (m->get<std::string>() != lim.model_name)
      throw ApiError(400, "The model '" + m->get<std::string>() + "' does not exist (this server serves '" +
                              lim.model_name + "')", "invalid_request_error", "model_not_found", "model");
  }
  if (kind == ApiKind::kChat) {
    const json* msgs = field(body, "messages");
    if (!msgs || !msgs->is_array() || msgs->empty()) bad("messages", "expected a non-empty array of messages");
    if (msgs->size() > 10000) bad("messages", "too many messages");
    r.messages = json::array();
    for (size_t i = 0; i < msgs->size(); ++i) {
      const json& m = (*msgs)[i];
      const std::string where = "messages[" + std::to_string(i) + "]";
      if (!m.is_object()) bad(where, "expected an object");
      if (!m.contains("role") || !m["role"].is_string()) bad(where + ".role", "expected a string");
      const std::string role = m["role"].get<std::string>();
      if (role != "system" && role != "user" && role != "assistant" && role != "tool" && role != "developer")
        bad(where + ".role", "unknown role '" + role + "'");
      json out = m;
      out["role"] = role == "developer" ? "system" : role;
      out["content"] = normalize_content(m.contains("content") ? m["content"] : json(nullptr), i);
      if (out["content"].is_null() && role != "assistant") bad(where + ".content", "expected a string");
      r.messages.push_back(std::move(out));
    }
  } else {
    const json* p = field(body, "prompt");
    if (!p) bad("prompt", "required");
    if (p->is_array() && p->size() == 1 && (*p)[0].is_string()) p = &(*p)[0];
    if (!p->is_string()) bad("prompt", "expected a string (token-id and batched prompts are not supported)");
    r.prompt = p->get<std::string>();
    if (r.prompt.empty()) bad("prompt", "must not be empty");
    if (const json* e = field(body, "echo"); e && get_bool(*e, "echo")) bad("echo", "not supported");
    if (const json* b = field(body, "best_of"); b && get_int(*b, "best_of", 1, 1) != 1) bad("best_of", "not supported");
    if (const json* s = field(body, "suffix"); s) bad("suffix", "not supported");
  }

  if (const json* v = field(body, "n")) r.n = int(get_int(*v, "n", 1, lim.max_n));
  if (const json* v = field(body, "stream")) r.stream = get_bool(*v, "stream");
  if (const json* v = field(body, "stream_options")) {
    if (!v->is_object()) bad("stream_options", "expected an object");
    if (!r.stream) bad("stream_options", "only allowed when stream is true");
    if (const json* u = field(*v, "include_usage")) r.include_usage = get_bool(*u, "stream_options.include_usage");
  }
  const int64_t max_tok_hi = std::max<int64_t>(1, lim.context);
  if (const json* v = field(body, "max_tokens")) r.max_tokens = get_int(*v, "max_tokens", 1, max_tok_hi);
  if (const json* v = field(body, "max_completion_tokens"))
    r.max_tokens = get_int(*v, "max_completion_tokens", 1, max_tok_hi);
  SamplingParams& s = r.sampling;
  if (const json* v = field(body, "temperature")) s.temperature = float(get_number(*v, "temperature", 0, 2));
  if (const json* v = field(body, "top_p")) {
    s.top_p = float(get_number(*v, "top_p", 0, 1));
    if (s.top_p <= 0) bad("top_p", "must be > 0");
  }
  if (const json* v = field(body, "top_k")) {
    const int64_t k = get_int(*v, "top_k", -1, 1 << 30);
    s.top_k = k < 0 ? 0 : int32_t(k);  // -1 = off (vLLM)
  }
  if (const json* v = field(body, "min_p")) s.min_p = float(get_number(*v, "min_p", 0, 1));
  if (const json* v = field(body, "presence_penalty")) s.presence_penalty = float(get_number(*v, "presence_penalty", -2, 2));
  if (const json* v = field(body, "frequency_penalty"))
    s.frequency_penalty = float(get_number(*v, "frequency_penalty", -2, 2));
  if (const json* v = field(body, "repetition_penalty"))
    s.repetition_penalty = float(get_number(*v, "repetition_penalty", 0.01, 10));
  if (const json* v = field(body, "seed")) {
    if (!v->is_number_integer()) bad("seed", "expected an integer, got " + v->dump());
    r.seed = v->is_number_unsigned() ? v->get<uint64_t>() : uint64_t(v->get<int64_t>());
  }
  if (const json* v = field(body, "stop")) {
    if (v->is_string()) r.stop.push_back(v->get<std::string>());
    else if (v->is_array()) {
      if (int(v->size()) > lim.max_stop) bad("stop", "at most " + std::to_string(lim.max_stop) + " stop strings");
      for (const json& x : *v) {
        if (!x.is_string()) bad("stop", "expected a string or an array of strings");
        r.stop.push_back(x.get<std::string>());
      }
    } else bad("stop", "expected a string or an array of strings");
    for (const auto& st : r.stop) {
      if (st.empty()) bad("stop", "stop strings must not be empty");
      if (st.size() > lim.max_stop_bytes) bad("stop", "stop string longer than " + std::to_string(lim.max_stop_bytes) + " bytes");
    }
  }
  if (kind == ApiKind::kChat) {
    if (const json* v = field(body, "logprobs")) r.logprobs = get_bool(*v, "logprobs");
    if (const json* v = field(body, "top_logprobs")) {
      r.top_logprobs = int(get_int(*v, "top_logprobs", 0, 20));
      if (r.top_logprobs > 0 && !r.logprobs) bad("top_logprobs", "requires logprobs: true");
    }
  } else if (const json* v = field(body, "logprobs")) {
    r.top_logprobs = int(get_int(*v, "logprobs", 0, 5));  // legacy: number of top tokens
    r.logprobs = true;
  }
  s.logprobs = r.logprobs;
  s.top_logprobs = r.top_logprobs;
  if (const json* v = field(body, "logit_bias"); v && !(v->is_object() && v->empty()))
    bad("logit_bias", "not supported");
  for (const char* unsupported : {"tools", "functions", "response_format"})
    if (const json* v = field(body, unsupported); v && !(v->is_array() && v->empty())) bad(unsupported, "not supported");
  return r;
}

std::string sse_data(const std::string& payload) { return "data: " + payload + "\n\n"; }

ReasoningDelta ChoiceState::feed(const std::string& text, bool final) {
  ReasoningDelta d;
  if (!split) {
    d.content = text;
  } else {
    d = parser.feed(text);
    if (final) {
      ReasoningDelta f = parser.flush();
      d.reasoning += f.reasoning;
      d.content += f.content;
    }
  }
  content += d.content;
  reasoning += d.reasoning;
  return d;
}

json usage_json(int64_t prompt, int64_t completion, int64_t cached) {
  return {{"prompt_tokens", prompt},
          {"completion_tokens", completion},
          {"total_tokens", prompt + completion},
          {"prompt_tokens_details", {{"cached_tokens", cached}}}};
}

namespace {
json total_usage(const std::vector<ChoiceState>& cs) {
  int64_t p = cs.empty() ? 0 : cs[0].prompt_tokens, c = 0, cached = cs.empty() ? 0 : cs[0].cached_tokens;
  for (const auto& x : cs) c += x.completion_tokens;
  return usage_json(p, c, cached);
}
json finish_or_null(const std::string& f) { return f.empty() ? json(nullptr) : json(f); }
}  // namespace

json chat_response(const ResponseMeta& m, const std::vector<ChoiceState>& cs) {
  json choices = json::array();
  for (size_t i = 0; i < cs.size(); ++i) {
    json msg = {{"role", "assistant"}, {"content", cs[i].content}};
    if (cs[i].split) msg["reasoning_content"] = cs[i].reasoning.empty() ? json(nullptr) : json(cs[i].reasoning);
    choices.push_back({{"index", i},
                       {"message", msg},
                       {"logprobs", cs[i].logprobs.empty() ? json(nullptr) : json{{"content", cs[i].logprobs}}},
                       {"finish_reason", finish_or_null(cs[i].finish_reason)}});
  }
  return {{"id", m.id}, {"object", "chat.completion"}, {"created", m.created}, {"model", m.model},
          {"choices", choices}, {"usage", total_usage(cs)}, {"system_fingerprint", nullptr}};
}

json completion_response(const ResponseMeta& m, const std::vector<ChoiceState>& cs) {
  json choices = json::array();
  for (size_t i = 0; i < cs.size(); ++i)
    choices.push_back({{"index", i}, {"text", cs[i].content}, {"logprobs", nullptr},
                       {"finish_reason", finish_or_null(cs[i].finish_reason)}});
  return {{"id", m.id}, {"object", "text_completion"}, {"created", m.created}, {"model", m.model},
          {"choices", choices}, {"usage", total_usage(cs)}};
}

json chat_chunk(const ResponseMeta& m, int index, json delta, const std::string& finish_reason, json logprobs) {
  json choice = {{"index", index}, {"delta", std::move(delta)}, {"logprobs", std::move(logprobs)},
                 {"finish_reason", finish_or_null(finish_reason)}};
  return {{"id", m.id}, {"object", "chat.completion.chunk"}, {"created", m.created}, {"model", m.model},
          {"choices", json::array({choice})}};
}

json completion_chunk(const ResponseMeta& m, int index, const std::string& text, const std::string& finish_reason) {
  json choice = {{"index", index}, {"text", text}, {"logprobs", nullptr}, {"finish_reason", finish_or_null(finish_reason)}};
  return {{"id", m.id}, {"object", "text_completion"}, {"created", m.created}, {"model", m.model},
          {"choices", json::array({choice})}};
}

json usage_chunk(const ResponseMeta& m, bool chat, const json& usage) {
  return {{"id", m.id}, {"object", chat ? "chat.completion.chunk" : "text_completion"}, {"created", m.created},
          {"model", m.model}, {"choices", json::array()}, {"usage", usage}};
}

json logprob_entry(const std::string& text, float lp, const std::vector<std::pair<std::string, float>>& top) {
  auto bytes = [](const std::string& s) {
    json b = json::array();
    for (unsigned char c : s) b.push_back(int(c));
    return b;
  };
  json tops = json::array();
  for (const auto& [t, l] : top) tops.push_back({{"token", t}, {"logprob", l}, {"bytes", bytes(t)}});
  return {{"token", text}, {"logprob", lp}, {"bytes", bytes(text)}, {"top_logprobs", tops}};
}

}  // namespace dseek::server
