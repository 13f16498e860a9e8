// fuzz_tokenizer_encode.cpp — libFuzzer target: arbitrary bytes encoded with
// a small tokenizer shaped like DeepSeek-V3's (same pre-tokenizer regexes,
// ByteLevel, added special and non-special tokens, byte tokens + merges).
// Invalid UTF-8 must throw dseek::Error; valid text must round-trip through
// decode and the streaming decoder. Mismatches trap (test code only).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/tokenizer.h"
#include "io/tokenizer_pretokenize.h"
#include "io/utf8.h"

namespace {

const dseek::Tokenizer& small_deepseek() {
  static const dseek::Tokenizer t = [] {
    using nlohmann::json;
    const auto& bl = dseek::tok::byte_level_table();
    json vocab = json::object();
    int next = 0;
    json added = json::array();
    for (const char* s : {"<｜begin▁of▁sentence｜>", "<｜end▁of▁sentence｜>"}) {
      vocab[s] = next;
      added.push_back({{"id", next}, {"content", s}, {"special", true}, {"lstrip", false},
                       {"rstrip", false}, {"single_word", false}, {"normalized", false}});
      ++next;
    }
    for (int b = 0; b < 256; ++b) vocab[bl.to_utf8[b]] = next++;
    json merges = json::array();
    const char* pairs[][2] = {{" ", "t"}, {" t", "h"}, {" th", "e"}, {"i", "n"}, {"e", "r"},
                              {" ", "a"}, {"o", "n"}, {"1", "2"}, {"12", "3"}, {" ", " "},
                              {"  ", "  "}, {"\n", "\n"}, {"\xe4", "\xb8"}, {"\xe4\xb8", "\xad"}, {"a", "a"},
                              {"aa", "aa"}, {"\xf0", "\x9f"}, {"\xf0\x9f", "\x98"}, {"H", "e"}, {"He", "l"}};
    for (auto& p : pairs) {
      std::string a, b;
      dseek::tok::byte_level_encode(p[0], a);
      dseek::tok::byte_level_encode(p[1], b);
      if (!vocab.contains(a + b)) vocab[a + b] = next++;
      merges.push_back(a + " " + b);
    }
    int first_added = next;
    const char* extra[] = {"<｜User｜>", "<｜Assistant｜>", "<think>", "</think>"};
    for (int k = 0; k < 4; ++k)
      added.push_back({{"id", first_added + k}, {"content", extra[k]}, {"special", k >= 2},
                       {"lstrip", false}, {"rstrip", false}, {"single_word", false},
                       {"normalized", k < 2}});
    json pre = {
        {"type", "Sequence"},
        {"pretokenizers",
         json::array(
             {{{"type", "Split"}, {"pattern", {{"Regex", "\\p{N}{1,3}"}}}, {"behavior", "Isolated"}, {"invert", false}},
              {{"type", "Split"}, {"pattern", {{"Regex", "[一-龥぀-ゟ゠-ヿ]+"}}}, {"behavior", "Isolated"}, {"invert", false}},
              {{"type", "Split"},
               {"pattern",
                {{"Regex",
                  "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"}}},
               {"behavior", "Isolated"}, {"invert", false}},
              {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}})}};
    json j = {{"version", "1.0"}, {"truncation", nullptr}, {"padding", nullptr},
              {"added_tokens", added}, {"normalizer", {{"type", "Sequence"}, {"normalizers", json::array()}}},
              {"pre_tokenizer", pre}, {"post_processor", nullptr},
              {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
              {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"vocab", vocab}, {"merges", merges}}}};
    return dseek::Tokenizer::from_json_text(j.dump());
  }();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  const dseek::Tokenizer& t = small_deepseek();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool valid = dseek::utf8::valid(text);
  std::vector<int32_t> ids;
  try {
    ids = t.encode(text);
  } catch (const dseek::Error&) {
    if (valid) __builtin_trap();  // valid text must encode
    return 0;
  }
  if (!valid) __builtin_trap();  // invalid text must be rejected
  if (t.decode(ids) != text) __builtin_trap();
  dseek::StreamDecoder sd(t);
  std::string s;
  for (int32_t id : ids) {
    std::string piece = sd.push(id);
    if (!dseek::utf8::valid(piece)) __builtin_trap();
    s += piece;
  }
  s += sd.flush();
  if (s != text) __builtin_trap();
  // Invalid bytes through decode: any id sequence decodes to valid UTF-8.
  std::vector<int32_t> raw;
  for (size_t i = 0; i < size && i < 64; ++i) raw.push_back(2 + data[i]);
  if (!dseek::utf8::valid(t.decode(raw))) __builtin_trap();
  return 0;
}
