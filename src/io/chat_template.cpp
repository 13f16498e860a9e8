// chat_template.cpp — native DeepSeek-V3 / DeepSeek-R1 chat-template renderers.
// Each renderer is a line-by-line transcription of the official Jinja
// template's control flow, including its quirks: `ns.is_first` and
// `ns.is_output_first` are never reset, so only the first tool-call block of a
// conversation opens with <｜Assistant｜><｜tool▁calls▁begin｜> and only the
// first tool output opens <｜tool▁outputs▁begin｜>; V3 closes a tool-call block
// only after its second call; all system messages are hoisted to the front.
// Where Jinja would raise (str + None, missing keys), we throw dseek::Error.
// What it is not: a Jinja engine, or a renderer for any other template.
#include "io/chat_template.h"

#include <fstream>
#include <iterator>
#include <string_view>
#include <vector>

#include "core/check.h"

namespace dseek {
namespace {

using nlohmann::json;

// Special-token texts, spelled with explicit UTF-8 bytes:
// ｜ = U+FF5C (EF BD 9C), ▁ = U+2581 (E2 96 81).
#define FW "\xef\xbd\x9c"
#define LB "\xe2\x96\x81"
constexpr std::string_view kUser = "<" FW "User" FW ">";
constexpr std::string_view kAssistant = "<" FW "Assistant" FW ">";
constexpr std::string_view kEos = "<" FW "end" LB "of" LB "sentence" FW ">";
constexpr std::string_view kCallsBegin = "<" FW "tool" LB "calls" LB "begin" FW ">";
constexpr std::string_view kCallsEnd = "<" FW "tool" LB "calls" LB "end" FW ">";
constexpr std::string_view kCallBegin = "<" FW "tool" LB "call" LB "begin" FW ">";
constexpr std::string_view kCallEnd = "<" FW "tool" LB "call" LB "end" FW ">";
constexpr std::string_view kSep = "<" FW "tool" LB "sep" FW ">";
constexpr std::string_view kOutputsBegin = "<" FW "tool" LB "outputs" LB "begin" FW ">";
constexpr std::string_view kOutputsEnd = "<" FW "tool" LB "outputs" LB "end" FW ">";
constexpr std::string_view kOutputBegin = "<" FW "tool" LB "output" LB "begin" FW ">";
constexpr std::string_view kOutputEnd = "<" FW "tool" LB "output" LB "end" FW ">";
#undef FW
#undef LB

enum class Role { System, User, Assistant, Tool };

struct Msg {
  const json* j;
  size_t index;
  Role role;
  const char* role_name;
};

std::vector<Msg> check_messages(const json& messages) {
  DSEEK_CHECK(messages.is_array(), "chat messages must be a JSON array, got {}", messages.type_name());
  std::vector<Msg> out;
  out.reserve(messages.size());
  for (size_t i = 0; i < messages.size(); ++i) {
    const json& m = messages[i];
    DSEEK_CHECK(m.is_object(), "message {}: must be a JSON object, got {}", i, m.type_name());
    auto it = m.find("role");
    DSEEK_CHECK(it != m.end(), "message {}: missing 'role'", i);
    DSEEK_CHECK(it->is_string(), "message {}: 'role' must be a string, got {}", i, it->type_name());
    const std::string& r = it->get_ref<const std::string&>();
    if (r == "system") out.push_back({&m, i, Role::System, "system"});
    else if (r == "user") out.push_back({&m, i, Role::User, "user"});
    else if (r == "assistant") out.push_back({&m, i, Role::Assistant, "assistant"});
    else if (r == "tool") out.push_back({&m, i, Role::Tool, "tool"});
    else DSEEK_FAIL("message {}: unknown role '{}' (expected system, user, assistant or tool)", i,
                    r.size() > 64 ? r.substr(0, 64) + "..." : r);
  }
  return out;
}

// message['content'] where the template concatenates it: must be a string.
const std::string& content_str(const Msg& m) {
  auto it = m.j->find("content");
  DSEEK_CHECK(it != m.j->end(), "message {} ({}): missing 'content'", m.index, m.role_name);
  DSEEK_CHECK(it->is_string(), "message {} ({}): 'content' must be a string, got {}", m.index,
              m.role_name, it->type_name());
  return it->get_ref<const std::string&>();
}

// `message['content'] is none`: true only for an explicit JSON null (a missing
// key is Jinja Undefined, which is not none).
bool content_is_null(const Msg& m) {
  auto it = m.j->find("content");
  return it != m.j->end() && it->is_null();
}

const std::string& field_str(const json& obj, const char* key, const Msg& m, size_t call,
                             const char* path) {
  auto it = obj.find(key);
  DSEEK_CHECK(it != obj.end(), "message {}: tool_calls[{}] is missing '{}'", m.index, call, path);
  DSEEK_CHECK(it->is_string(), "message {}: tool_calls[{}] '{}' must be a string, got {}", m.index,
              call, path, it->type_name());
  return it->get_ref<const std::string&>();
}

// tool['type'] + '<｜tool▁sep｜>' + name + '\n```json\n' + arguments + '\n```<｜tool▁call▁end｜>'
void append_call(std::string& out, const json& tool, const Msg& m, size_t call) {
  DSEEK_CHECK(tool.is_object(), "message {}: tool_calls[{}] must be an object, got {}", m.index, call,
              tool.type_name());
  const std::string& type = field_str(tool, "type", m, call, "type");
  auto fn = tool.find("function");
  DSEEK_CHECK(fn != tool.end() && fn->is_object(), "message {}: tool_calls[{}] needs a 'function' object",
              m.index, call);
  const std::string& name = field_str(*fn, "name", m, call, "function.name");
  const std::string& args = field_str(*fn, "arguments", m, call, "function.arguments");
  out += type;
  out += kSep;
  out += name;
  out += "\n```json\n";
  out += args;
  out += "\n```";
  out += kCallEnd;
}

const json* tool_calls_array(const Msg& m) {
  auto it = m.j->find("tool_calls");
  if (it == m.j->end()) return nullptr;
  DSEEK_CHECK(it->is_array(), "message {}: 'tool_calls' must be an array, got {}", m.index,
              it->type_name());
  return &*it;
}

struct State {
  bool is_first = false;  // a tool-call block has been opened (never reset)
  bool is_tool = false;   // inside a run of tool outputs
  bool is_output_first = true;  // no tool output emitted yet (never reset)
};

// {{ bos_token }}{{ ns.system_prompt }} — all system messages, joined by "\n\n".
void append_prefix(std::string& out, const std::vector<Msg>& msgs, const RenderOptions& o) {
  std::string sp;
  bool first_sp = true;
  for (const Msg& m : msgs) {
    if (m.role != Role::System) continue;
    const std::string& c = content_str(m);
    if (!first_sp) sp += "\n\n";
    sp += c;
    first_sp = false;
  }
  out += o.bos_token;
  out += sp;
}

void append_tool_output(std::string& out, State& ns, const Msg& m, bool newline_between) {
  const std::string& c = content_str(m);
  ns.is_tool = true;
  if (ns.is_output_first) {
    out += kOutputsBegin;
    out += kOutputBegin;
    ns.is_output_first = false;
  } else {
    if (newline_between) out += '\n';
    out += kOutputBegin;
  }
  out += c;
  out += kOutputEnd;
}

void append_user(std::string& out, State& ns, const Msg& m) {
  const std::string& c = content_str(m);
  ns.is_tool = false;
  out += kUser;
  out += c;
}

std::string render_v3(const std::vector<Msg>& msgs, const RenderOptions& o) {
  std::string out;
  append_prefix(out, msgs, o);
  State ns;
  for (const Msg& m : msgs) {
    switch (m.role) {
      case Role::System: break;
      case Role::User: append_user(out, ns, m); break;
      case Role::Tool: append_tool_output(out, ns, m, /*newline_between=*/true); break;
      case Role::Assistant:
        if (content_is_null(m)) {
          ns.is_tool = false;
          const json* calls = tool_calls_array(m);  // missing -> Jinja Undefined -> no iterations
          if (!calls) break;
          for (size_t k = 0; k < calls->size(); ++k) {
            if (!ns.is_first) {
              out += kAssistant;
              out += kCallsBegin;
              out += kCallBegin;
              append_call(out, (*calls)[k], m, k);
              ns.is_first = true;
            } else {
              out += '\n';
              out += kCallBegin;
              append_call(out, (*calls)[k], m, k);
              out += kCallsEnd;
              out += kEos;
            }
          }
        } else {
          const std::string& c = content_str(m);
          if (ns.is_tool) {
            out += kOutputsEnd;
            out += c;
            out += kEos;
            ns.is_tool = false;
          } else {
            out += kAssistant;
            out += c;
            out += kEos;
          }
        }
        break;
    }
  }
  if (ns.is_tool) out += kOutputsEnd;
  if (o.add_generation_prompt && !ns.is_tool) out += kAssistant;
  return out;
}

std::string render_r1(const std::vector<Msg>& msgs, const RenderOptions& o) {
  std::string out;
  append_prefix(out, msgs, o);
  State ns;
  for (const Msg& m : msgs) {
    switch (m.role) {
      case Role::System: break;
      case Role::User: append_user(out, ns, m); break;
      case Role::Tool: append_tool_output(out, ns, m, /*newline_between=*/false); break;
      case Role::Assistant:
        if (const json* calls = tool_calls_array(m)) {  // 'tool_calls' in message
          ns.is_tool = false;
          for (size_t k = 0; k < calls->size(); ++k) {
            if (!ns.is_first) {
              out += kAssistant;
              if (!content_is_null(m)) out += content_str(m);
              out += kCallsBegin;
              out += kCallBegin;
              append_call(out, (*calls)[k], m, k);
              ns.is_first = true;
            } else {
              out += '\n';
              out += kCallBegin;
              append_call(out, (*calls)[k], m, k);
            }
          }
          out += kCallsEnd;
          out += kEos;
        } else {
          const std::string& c = content_str(m);
          if (ns.is_tool) {
            out += kOutputsEnd;
            out += c;
            out += kEos;
            ns.is_tool = false;
          } else {
            // content.split('</think>')[-1]: the text after the last </think>.
            size_t pos = c.rfind("</think>");
            std::string_view visible = c;
            if (pos != std::string::npos) visible.remove_prefix(pos + 8);
            out += kAssistant;
            out += visible;
            out += kEos;
          }
        }
        break;
    }
  }
  if (ns.is_tool) out += kOutputsEnd;
  if (o.add_generation_prompt && !ns.is_tool) {
    out += kAssistant;
    if (o.r1_generation_opens_think) out += "<think>\n";
  }
  return out;
}

// ---- detection -------------------------------------------------------------

// Canonical form of Jinja source: whitespace outside string literals removed,
// whitespace-control dashes removed, string literals re-quoted with ' and real
// newlines inside them written as \n. Comments {# #} are dropped.
std::string normalize_jinja(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool in_tag = false;
  size_t i = 0;
  auto is_ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (i < s.size()) {
    char c = s[i];
    if (!in_tag) {
      if (c == '{' && i + 1 < s.size() && s[i + 1] == '#') {
        size_t e = s.find("#}", i + 2);
        i = e == std::string_view::npos ? s.size() : e + 2;
        continue;
      }
      if (c == '{' && i + 1 < s.size() && (s[i + 1] == '%' || s[i + 1] == '{')) {
        out += c;
        out += s[i + 1];
        i += 2;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        in_tag = true;
        continue;
      }
      if (!is_ws(c)) out += c;
      ++i;
      continue;
    }
    // inside a tag
    if (c == '\'' || c == '"') {
      char q = c;
      out += '\'';
      ++i;
      while (i < s.size() && s[i] != q) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          if (s[i + 1] == q || s[i + 1] == '\'' || s[i + 1] == '"') out += s[i + 1];
          else { out += s[i]; out += s[i + 1]; }
          i += 2;
          continue;
        }
        if (s[i] == '\n') out += "\\n";
        else out += s[i];
        ++i;
      }
      out += '\'';
      ++i;
      continue;
    }
    if ((c == '-' || c == '+') && (s.substr(i + 1, 2) == "%}" || s.substr(i + 1, 2) == "}}")) {
      ++i;
      continue;
    }
    if ((c == '%' || c == '}') && i + 1 < s.size() && s[i + 1] == '}') {
      out += c;
      out += '}';
      i += 2;
      in_tag = false;
      continue;
    }
    if (!is_ws(c)) out += c;
    ++i;
  }
  return out;
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

bool ends_with(const std::string& s, std::string_view suf) {
  return s.size() >= suf.size() && std::string_view(s).substr(s.size() - suf.size()) == suf;
}

std::string str(std::string_view v) { return std::string(v); }

}  // namespace

std::optional<ChatTemplateInfo> detect_chat_template_info(const std::string& jinja_source) {
  const std::string n = normalize_jinja(jinja_source);
  const std::string call = "tool['type']+'" + str(kSep) +
                           "'+tool['function']['name']+'\\n'+'```json'+'\\n'+tool['function']['arguments']+'\\n'+'```'+'" +
                           str(kCallEnd) + "'";
  const std::vector<std::string> common = {
      "{%setns=namespace(is_first=false,is_tool=false,is_output_first=true,system_prompt='',is_first_sp=true)%}",
      "{%ifns.is_first_sp%}{%setns.system_prompt=ns.system_prompt+message['content']%}{%setns.is_first_sp=false%}"
      "{%else%}{%setns.system_prompt=ns.system_prompt+'\\n\\n'+message['content']%}{%endif%}",
      "{{bos_token}}{{ns.system_prompt}}{%formessageinmessages%}",
      "{%ifmessage['role']=='user'%}{%setns.is_tool=false%}{{'" + str(kUser) + "'+message['content']}}{%endif%}",
      "{%ifns.is_tool%}{{'" + str(kOutputsEnd) + "'+message['content']+'" + str(kEos) +
          "'}}{%setns.is_tool=false%}",
      "{%ifmessage['role']=='tool'%}{%setns.is_tool=true%}{%ifns.is_output_first%}{{'" + str(kOutputsBegin) +
          str(kOutputBegin) + "'+message['content']+'" + str(kOutputEnd) + "'}}{%setns.is_output_first=false%}",
      "{%endfor%}{%ifns.is_tool%}{{'" + str(kOutputsEnd) + "'}}{%endif%}{%ifadd_generation_promptandnotns.is_tool%}",
  };
  for (const auto& f : common)
    if (!contains(n, f)) return std::nullopt;
  for (std::string_view bad : {"is_last_user", "tools", "thinking", "loop.", "raise_exception", "tojson"})
    if (contains(n, bad)) return std::nullopt;

  const std::string v3_calls =
      "{%ifmessage['role']=='assistant'andmessage['content']isnone%}{%setns.is_tool=false%}"
      "{%fortoolinmessage['tool_calls']%}{%ifnotns.is_first%}{{'" + str(kAssistant) + str(kCallsBegin) +
      str(kCallBegin) + "'+" + call + "}}{%setns.is_first=true%}{%else%}{{'\\n'+'" + str(kCallBegin) + "'+" + call +
      "}}{{'" + str(kCallsEnd) + str(kEos) + "'}}{%endif%}{%endfor%}{%endif%}";
  const std::string v3_text =
      "{%ifmessage['role']=='assistant'andmessage['content']isnotnone%}{%ifns.is_tool%}";
  const std::string v3_plain = "{%else%}{{'" + str(kAssistant) + "'+message['content']+'" + str(kEos) + "'}}{%endif%}{%endif%}";
  const std::string v3_out2 = "{%else%}{{'\\n" + str(kOutputBegin) + "'+message['content']+'" + str(kOutputEnd) + "'}}{%endif%}{%endif%}";
  const std::string v3_gen = "{%ifadd_generation_promptandnotns.is_tool%}{{'" + str(kAssistant) + "'}}{%endif%}";
  if (contains(n, v3_calls) && contains(n, v3_text) && contains(n, v3_plain) && contains(n, v3_out2) &&
      ends_with(n, v3_gen) && !contains(n, "think"))
    return ChatTemplateInfo{ChatTemplateKind::DeepSeekV3, false};

  const std::string r1_calls =
      "{%ifmessage['role']=='assistant'and'tool_calls'inmessage%}{%setns.is_tool=false%}"
      "{%fortoolinmessage['tool_calls']%}{%ifnotns.is_first%}{%ifmessage['content']isnone%}{{'" + str(kAssistant) +
      str(kCallsBegin) + str(kCallBegin) + "'+" + call + "}}{%else%}{{'" + str(kAssistant) + "'+message['content']+'" +
      str(kCallsBegin) + str(kCallBegin) + "'+" + call + "}}{%endif%}{%setns.is_first=true%}{%else%}{{'\\n'+'" +
      str(kCallBegin) + "'+" + call + "}}{%endif%}{%endfor%}{{'" + str(kCallsEnd) + str(kEos) + "'}}{%endif%}";
  const std::string r1_text =
      "{%ifmessage['role']=='assistant'and'tool_calls'notinmessage%}{%ifns.is_tool%}";
  const std::string r1_plain =
      "{%else%}{%setcontent=message['content']%}{%if'</think>'incontent%}{%setcontent=content.split('</think>')[-1]%}"
      "{%endif%}{{'" + str(kAssistant) + "'+content+'" + str(kEos) + "'}}{%endif%}{%endif%}";
  const std::string r1_out2 = "{%else%}{{'" + str(kOutputBegin) + "'+message['content']+'" + str(kOutputEnd) + "'}}{%endif%}{%endif%}";
  const std::string r1_gen_think =
      "{%ifadd_generation_promptandnotns.is_tool%}{{'" + str(kAssistant) + "<think>\\n'}}{%endif%}";
  if (contains(n, r1_calls) && contains(n, r1_text) && contains(n, r1_plain) && contains(n, r1_out2)) {
    if (ends_with(n, r1_gen_think)) return ChatTemplateInfo{ChatTemplateKind::DeepSeekR1, true};
    if (ends_with(n, v3_gen)) return ChatTemplateInfo{ChatTemplateKind::DeepSeekR1, false};
  }
  return std::nullopt;
}

std::optional<ChatTemplateKind> detect_chat_template(const std::string& jinja_source) {
  auto info = detect_chat_template_info(jinja_source);
  if (!info) return std::nullopt;
  return info->kind;
}

std::string render_chat(ChatTemplateKind kind, const json& messages, const RenderOptions& opts) {
  const std::vector<Msg> msgs = check_messages(messages);
  switch (kind) {
    case ChatTemplateKind::DeepSeekV3: return render_v3(msgs, opts);
    case ChatTemplateKind::DeepSeekR1: return render_r1(msgs, opts);
  }
  DSEEK_FAIL("unknown chat template kind {}", static_cast<int>(kind));
}

ChatTemplateKind parse_chat_template_name(const std::string& name) {
  if (name == "deepseek-v3") return ChatTemplateKind::DeepSeekV3;
  if (name == "deepseek-r1") return ChatTemplateKind::DeepSeekR1;
  DSEEK_FAIL("unknown chat template '{}'; expected deepseek-v3 or deepseek-r1", name);
}

const char* chat_template_name(ChatTemplateKind kind) {
  return kind == ChatTemplateKind::DeepSeekV3 ? "deepseek-v3" : "deepseek-r1";
}

LoadedChatTemplate load_chat_template(const std::filesystem::path& model_dir) {
  const auto path = model_dir / "tokenizer_config.json";
  std::ifstream f(path, std::ios::binary);
  DSEEK_CHECK(f.good(), "cannot open {}", path.string());
  constexpr size_t kMaxBytes = 64u << 20;
  std::string text;
  char buf[65536];
  while (f.read(buf, sizeof buf) || f.gcount() > 0) {
    text.append(buf, static_cast<size_t>(f.gcount()));
    DSEEK_CHECK(text.size() <= kMaxBytes, "{}: larger than {} bytes", path.string(), kMaxBytes);
  }
  json cfg = json::parse(text, nullptr, /*allow_exceptions=*/false);
  DSEEK_CHECK(!cfg.is_discarded() && cfg.is_object(), "{}: not a JSON object", path.string());

  std::string source;
  auto it = cfg.find("chat_template");
  DSEEK_CHECK(it != cfg.end(), "{}: no 'chat_template'; pass --template deepseek-v3|deepseek-r1", path.string());
  if (it->is_string()) {
    source = it->get<std::string>();
  } else if (it->is_array()) {
    const json* chosen = nullptr;
    for (const json& e : *it) {
      DSEEK_CHECK(e.is_object() && e.contains("name") && e["name"].is_string() && e.contains("template") &&
                      e["template"].is_string(),
                  "{}: chat_template list entries must be {{name, template}} strings", path.string());
      if (e["name"] == "default") chosen = &e;
    }
    if (!chosen && it->size() == 1) chosen = &(*it)[0];
    DSEEK_CHECK(chosen, "{}: chat_template list has no 'default' entry", path.string());
    source = (*chosen)["template"].get<std::string>();
  } else {
    DSEEK_FAIL("{}: 'chat_template' must be a string or a list, got {}", path.string(), it->type_name());
  }
  auto info = detect_chat_template_info(source);
  DSEEK_CHECK(info.has_value(), "{}: unrecognised chat template; pass --template deepseek-v3|deepseek-r1",
              path.string());

  LoadedChatTemplate out{*info, kDeepSeekBosText};
  auto bos = cfg.find("bos_token");
  if (bos != cfg.end()) {
    if (bos->is_string()) out.bos_token = bos->get<std::string>();
    else if (bos->is_object() && bos->contains("content") && (*bos)["content"].is_string())
      out.bos_token = (*bos)["content"].get<std::string>();
    else if (bos->is_null()) out.bos_token.clear();
  }
  return out;
}

ChatTemplateKind load_chat_template_kind(const std::filesystem::path& model_dir) {
  return load_chat_template(model_dir).info.kind;
}

RenderOptions render_options_for(const LoadedChatTemplate& t, bool add_generation_prompt) {
  RenderOptions o;
  o.add_generation_prompt = add_generation_prompt;
  o.bos_token = t.bos_token;
  o.r1_generation_opens_think = t.info.kind == ChatTemplateKind::DeepSeekR1 && t.info.r1_generation_opens_think;
  return o;
}

}  // namespace dseek
