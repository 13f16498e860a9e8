// tokenizer.h — Hugging Face tokenizer.json (BPE, DeepSeek family) in C++:
// load, encode (ids identical to tokenizers' encode(text,
// add_special_tokens=False)), decode, and streaming decode.
// Pipeline: added tokens split the raw text -> normalizer (identity only) ->
// pre-tokenizers -> BPE per piece. Decoder: ByteLevel (or none).
// What it is not: a trainer, a chat template renderer, offsets/attention
// masks, padding or truncation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dseek {

namespace tok {
struct TokenizerImpl;
}

class Tokenizer {
 public:
  // path: a tokenizer.json file, or a directory containing tokenizer.json
  // (and optionally tokenizer_config.json, read for bos_token / eos_token).
  static Tokenizer load(const std::filesystem::path& path);
  // From the text of a tokenizer.json (and optional tokenizer_config.json).
  static Tokenizer from_json_text(std::string_view tokenizer_json,
                                  std::string_view tokenizer_config_json = {});

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  // Text must be valid UTF-8 (throws dseek::Error otherwise). No BOS/EOS.
  std::vector<int32_t> encode(std::string_view text) const;
  // Prepends bos_id() (throws if the tokenizer has none).
  std::vector<int32_t> encode_with_bos(std::string_view text) const;

  // ByteLevel decode of all ids (special tokens included unless skipped);
  // invalid byte sequences become U+FFFD as in tokenizers. Unknown ids throw.
  std::string decode(std::span<const int32_t> ids, bool skip_special = false) const;

  std::optional<int32_t> token_id(std::string_view token) const;
  const std::string& token_str(int32_t id) const;  // throws on unknown id
  bool is_special(int32_t id) const;
  // Bytes a token stands for, before UTF-8 repair (for streaming decoders).
  const std::string& token_bytes(int32_t id) const;
  // Size of the id space: 1 + the largest id (vocab and added tokens).
  size_t vocab_size() const;
  bool has_id(int32_t id) const;
  bool byte_level_decoder() const;  // false: no decoder (tokens joined by ' ')
  std::optional<int32_t> bos_id() const;
  std::optional<int32_t> eos_id() const;

 private:
  explicit Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl);
  std::unique_ptr<tok::TokenizerImpl> impl_;
};

// Incremental decode: push ids one at a time; each push returns only text
// that is final (never a broken UTF-8 sequence: a character split across
// tokens is held back until complete). Concatenating every push() and the
// final flush() equals Tokenizer::decode of all ids.
class StreamDecoder {
 public:
  explicit StreamDecoder(const Tokenizer& tok, bool skip_special = false)
      : tok_(&tok), skip_special_(skip_special) {}
  std::string push(int32_t id);
  std::string flush();  // emits what is held (invalid bytes -> U+FFFD)

 private:
  const Tokenizer* tok_;
  bool skip_special_;
  std::string pending_;
};

}  // namespace dseek
