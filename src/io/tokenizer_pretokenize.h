// tokenizer_pretokenize.h — Hugging Face pre-tokenizers (Sequence, Split,
// ByteLevel, Digits, Whitespace) as a flat list of steps that cut text pieces
// into smaller pieces, with the exact delimiter behaviours of tokenizers'
// NormalizedString::split. The byte-to-unicode map of ByteLevel lives here too.
// What it is not: offsets tracking, normalizers, or the BPE model.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "io/tokenizer_regex.h"

namespace dseek::tok {

// GPT-2 byte <-> unicode table (bytes_to_unicode in the GPT-2 code).
struct ByteLevelTable {
  std::array<char32_t, 256> to_char{};  // byte -> code point
  std::array<std::string, 256> to_utf8;  // byte -> its code point as UTF-8
  // code point (< 0x144) -> byte, or -1.
  std::array<int16_t, 0x144> to_byte{};
};
const ByteLevelTable& byte_level_table();  // built once, immutable

// Maps each byte to its ByteLevel character (UTF-8 encoded) and appends.
void byte_level_encode(std::string_view bytes, std::string& out);

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

struct PreTokStep {
  enum Kind { kSplit, kByteLevel } kind = kSplit;
  // kSplit
  std::shared_ptr<const Regex> regex;
  SplitBehavior behavior = SplitBehavior::Isolated;
  bool invert = false;
  // kByteLevel
  bool add_prefix_space = false;
  bool use_regex = false;
};

// Working set of pieces: views into the caller's text or into `arena`.
struct PieceSet {
  std::vector<std::string_view> pieces;
  std::deque<std::string> arena;
  std::vector<std::string_view> tmp;
  std::vector<std::pair<size_t, size_t>> matches;
};

class PreTokenizer {
 public:
  PreTokenizer() = default;
  // j: the "pre_tokenizer" value of tokenizer.json (null allowed).
  static PreTokenizer from_json(const nlohmann::json& j);

  // Runs all steps. If the last step is a plain ByteLevel mapping (no prefix
  // space, no regex), it is left to the model: byte_level_pending() says so
  // and pieces stay raw bytes.
  void run(PieceSet& ps, RegexScratch& scratch) const;
  bool byte_level_pending() const { return lazy_byte_level_; }
  bool has_byte_level() const { return has_byte_level_; }

 private:
  std::vector<PreTokStep> steps_;
  bool lazy_byte_level_ = false;
  bool has_byte_level_ = false;
};

// One Split step over every piece (exposed for tests).
void split_pieces(PieceSet& ps, const Regex& re, SplitBehavior behavior, bool invert,
                  RegexScratch& scratch);

}  // namespace dseek::tok
