// bpe_trainer_write.cpp — output side of the BPE trainer (see bpe_trainer.h):
// tokenizer.json in the layout of DeepSeek-V3's own file (identity normalizer
// Sequence [], the DeepSeek Split regexes + ByteLevel(use_regex=false),
// ByteLevel post-processor and decoder, BPE model with "a b" merge strings)
// and tokenizer_config.json with the DeepSeek-R1 chat template. Vocab and
// merges are written by hand in id / rank order (nlohmann's objects would
// sort keys); everything else through nlohmann::ordered_json. Output is
// deterministic: the same TrainResult gives byte-identical files.
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/bpe_trainer.h"

namespace dseek::bpe {
namespace {

using ojson = nlohmann::ordered_json;

// Copied verbatim from DeepSeek-V3's tokenizer.json ("pre_tokenizer").
constexpr const char* kPreTokenizerJson = R"PRE({"type": "Sequence", "pretokenizers": [{"type": "Split", "pattern": {"Regex": "\\p{N}{1,3}"}, "behavior": "Isolated", "invert": false}, {"type": "Split", "pattern": {"Regex": "[一-龥぀-ゟ゠-ヿ]+"}, "behavior": "Isolated", "invert": false}, {"type": "Split", "pattern": {"Regex": "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false}, {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]})PRE";

// tests/fixtures/chat/templates.json "deepseek-r1" (DeepSeek-R1, Feb 2025).
constexpr const char* kR1ChatTemplate = R"TPL({% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='', is_first_sp=true) %}{%- for message in messages %}{%- if message['role'] == 'system' %}{%- if ns.is_first_sp %}{% set ns.system_prompt = ns.system_prompt + message['content'] %}{% set ns.is_first_sp = false %}{%- else %}{% set ns.system_prompt = ns.system_prompt + '\n\n' + message['content'] %}{%- endif %}{%- endif %}{%- endfor %}{{ bos_token }}{{ ns.system_prompt }}{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and 'tool_calls' in message %}{%- set ns.is_tool = false -%}{%- for tool in message['tool_calls'] %}{%- if not ns.is_first %}{%- if message['content'] is none %}{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '```json' + '\n' + tool['function']['arguments'] + '\n' + '```' + '<｜tool▁call▁end｜>'}}{%- else %}{{'<｜Assistant｜>' + message['content'] + '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '```json' + '\n' + tool['function']['arguments'] + '\n' + '```' + '<｜tool▁call▁end｜>'}}{%- endif %}{%- set ns.is_first = true -%}{%- else %}{{'\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\n' + '```json' + '\n' + tool['function']['arguments'] + '\n' + '```' + '<｜tool▁call▁end｜>'}}{%- endif %}{%- endfor %}{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- if message['role'] == 'assistant' and 'tool_calls' not in message %}{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + '<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}{%- else %}{% set content = message['content'] %}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}{%- if message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first %}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}{%- else %}{{'<｜tool▁output▁begin｜>' + message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}{%- endfor -%}{% if ns.is_tool %}{{'<｜tool▁outputs▁end｜>'}}{% endif %}{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜><think>\n'}}{% endif %})TPL";

std::string quote(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

// `j` dumped with indent 2, every line after the first indented by `pad`.
std::string nested(const ojson& j, const std::string& pad) {
  std::string d = j.dump(2, ' ', false, nlohmann::json::error_handler_t::strict);
  std::string out;
  for (char c : d) {
    out.push_back(c);
    if (c == '\n') out += pad;
  }
  return out;
}

ojson byte_level(bool add_prefix_space, bool trim_offsets, bool use_regex) {
  ojson j;
  j["type"] = "ByteLevel";
  j["add_prefix_space"] = add_prefix_space;
  j["trim_offsets"] = trim_offsets;
  j["use_regex"] = use_regex;
  return j;
}

ojson added_token_config(const std::string& content) {
  ojson j;
  j["__type"] = "AddedToken";
  j["content"] = content;
  j["lstrip"] = false;
  j["normalized"] = false;
  j["rstrip"] = false;
  j["single_word"] = false;
  return j;
}

}  // namespace

const char* deepseek_pre_tokenizer_json() { return kPreTokenizerJson; }
const char* deepseek_r1_chat_template() { return kR1ChatTemplate; }

std::string tokenizer_json_text(const TrainResult& r, const TrainOptions& opt) {
  DSEEK_CHECK(r.num_specials <= r.vocab.size(), "bpe trainer: bad result");
  std::string o;
  o.reserve(r.vocab.size() * 24 + r.merges.size() * 24 + 4096);
  o += "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n";
  o += "  \"added_tokens\": [";
  for (size_t i = 0; i < r.num_specials; ++i) {
    ojson a;
    a["id"] = i;
    a["content"] = r.vocab[i];
    a["single_word"] = false;
    a["lstrip"] = false;
    a["rstrip"] = false;
    a["normalized"] = false;
    a["special"] = true;
    o += i ? ",\n    " : "\n    ";
    o += nested(a, "    ");
  }
  o += r.num_specials ? "\n  ],\n" : "],\n";
  o += "  \"normalizer\": {\n    \"type\": \"Sequence\",\n    \"normalizers\": []\n  },\n";
  o += "  \"pre_tokenizer\": " + nested(ojson::parse(kPreTokenizerJson), "  ") + ",\n";
  o += "  \"post_processor\": " + nested(byte_level(true, false, true), "  ") + ",\n";
  o += "  \"decoder\": " + nested(byte_level(true, true, true), "  ") + ",\n";
  o += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n"
       "    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n"
       "    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"vocab\": {";
  for (size_t i = 0; i < r.vocab.size(); ++i) {
    o += i ? ",\n      " : "\n      ";
    o += quote(r.vocab[i]);
    o += ": ";
    o += std::to_string(i);
  }
  o += "\n    },\n    \"merges\": [";
  for (size_t i = 0; i < r.merges.size(); ++i) {
    const auto [a, b] = r.merges[i];
    DSEEK_CHECK(a >= 0 && b >= 0 && size_t(a) < r.vocab.size() && size_t(b) < r.vocab.size(),
                "bpe trainer: merge {} refers to an unknown id", i);
    const std::string& sa = r.vocab[size_t(a)];
    const std::string& sb = r.vocab[size_t(b)];
    DSEEK_CHECK(sa.find(' ') == std::string::npos && sb.find(' ') == std::string::npos,
                "bpe trainer: merge part contains a space");
    o += i ? ",\n      " : "\n      ";
    o += quote(sa + " " + sb);
  }
  o += r.merges.empty() ? "]\n  }\n}\n" : "\n    ]\n  }\n}\n";
  (void)opt;
  return o;
}

std::string tokenizer_config_json_text(const TrainOptions& opt) {
  auto sp = [&](size_t i) { return opt.specials.at(i); };
  ojson c;
  c["add_bos_token"] = true;
  c["add_eos_token"] = false;
  c["bos_token"] = added_token_config(sp(opt.bos_index));
  c["clean_up_tokenization_spaces"] = false;
  c["eos_token"] = added_token_config(sp(opt.eos_index));
  c["legacy"] = true;
  c["model_max_length"] = opt.model_max_length;
  c["pad_token"] = added_token_config(sp(opt.pad_index));
  c["sp_model_kwargs"] = ojson::object();
  c["tokenizer_class"] = "LlamaTokenizerFast";
  c["unk_token"] = nullptr;
  c["chat_template"] = kR1ChatTemplate;
  return c.dump(2, ' ', false, nlohmann::json::error_handler_t::strict) + "\n";
}

void write_tokenizer_files(const TrainResult& r, const TrainOptions& opt, const std::filesystem::path& out) {
  auto write = [](const std::filesystem::path& p, const std::string& text) {
    std::filesystem::path tmp = p;
    tmp += ".tmp";
    {
      std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
      DSEEK_CHECK(f.good(), "cannot create {}", tmp.string());
      f.write(text.data(), static_cast<std::streamsize>(text.size()));
      f.flush();
      DSEEK_CHECK(f.good(), "cannot write {}", tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, p, ec);
    DSEEK_CHECK(!ec, "cannot rename {} to {}: {}", tmp.string(), p.string(), ec.message());
  };
  std::filesystem::path json_path = out;
  if (std::filesystem::is_directory(out) || out.extension() != ".json") json_path = out / "tokenizer.json";
  if (json_path.has_parent_path()) std::filesystem::create_directories(json_path.parent_path());
  write(json_path, tokenizer_json_text(r, opt));
  write(json_path.parent_path() / "tokenizer_config.json", tokenizer_config_json_text(opt));
}

}  // namespace dseek::bpe
