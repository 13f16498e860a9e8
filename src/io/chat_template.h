// chat_template.h — native renderers for the official DeepSeek-V3 and
// DeepSeek-R1 chat templates (the Jinja `chat_template` of their
// tokenizer_config.json), byte-identical to transformers'
// apply_chat_template(tokenize=False), quirks included.
// What it is not: a Jinja interpreter. Other templates (V3-0324, R1-0528,
// V3.1, distills with their own templates) are not recognised and must be
// rejected by detect_chat_template rather than rendered approximately.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace dseek {

enum class ChatTemplateKind { DeepSeekV3, DeepSeekR1 };

inline constexpr const char* kDeepSeekBosText = "<\xef\xbd\x9c" "begin\xe2\x96\x81of\xe2\x96\x81sentence\xef\xbd\x9c>";

struct RenderOptions {
  bool add_generation_prompt = false;
  // Text the template writes for {{ bos_token }}.
  std::string bos_token = kDeepSeekBosText;
  // DeepSeek-R1 only: the Feb-2025 template ends the generation prompt with
  // "<think>\n"; the first release (Jan 2025) did not.
  bool r1_generation_opens_think = true;
};

// What a tokenizer_config.json / Jinja source was recognised as.
struct ChatTemplateInfo {
  ChatTemplateKind kind;
  bool r1_generation_opens_think = false;  // meaningful for DeepSeekR1 only
};

// Recognises the official templates by structural fingerprints (whitespace-
// and quote-insensitive). Unknown or modified templates -> nullopt.
std::optional<ChatTemplateKind> detect_chat_template(const std::string& jinja_source);
std::optional<ChatTemplateInfo> detect_chat_template_info(const std::string& jinja_source);

// Renders `messages` (a JSON array of OpenAI-style messages). Throws
// dseek::Error naming the message index when a message is malformed or when
// the real template would raise (e.g. user content that is not a string).
std::string render_chat(ChatTemplateKind kind, const nlohmann::json& messages,
                        const RenderOptions& opts);

// "deepseek-v3" / "deepseek-r1" <-> kind.
ChatTemplateKind parse_chat_template_name(const std::string& name);
const char* chat_template_name(ChatTemplateKind kind);

struct LoadedChatTemplate {
  ChatTemplateInfo info;
  std::string bos_token;  // from tokenizer_config.json, or the DeepSeek default
};

// Reads MODEL_DIR/tokenizer_config.json: `chat_template` as a string or as a
// list of {name, template} (the one named "default" wins). Throws
// "unrecognised chat template; pass --template deepseek-v3|deepseek-r1" when
// the template is not one of the official ones.
LoadedChatTemplate load_chat_template(const std::filesystem::path& model_dir);
ChatTemplateKind load_chat_template_kind(const std::filesystem::path& model_dir);

// RenderOptions matching a loaded template (bos text, R1 think prefix).
RenderOptions render_options_for(const LoadedChatTemplate& t, bool add_generation_prompt);

}  // namespace dseek
