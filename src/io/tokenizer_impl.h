// tokenizer_impl.h — private state of dseek::Tokenizer, shared by
// tokenizer_json.cpp (loading) and tokenizer.cpp (encode/decode).
// What it is not: public API; include tokenizer.h instead.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/tokenizer_added.h"
#include "io/tokenizer_bpe.h"
#include "io/tokenizer_pretokenize.h"

namespace dseek::tok {

enum class DecoderKind { kNone, kByteLevel };

struct TokenizerImpl {
  BpeModel model;
  PreTokenizer pre;
  std::vector<AddedToken> added;
  AddedMatcher raw_matcher;   // normalized=false tokens, on the raw text
  AddedMatcher norm_matcher;  // normalized=true tokens, on normalized pieces
  VocabMap added_by_content;
  DecoderKind decoder = DecoderKind::kByteLevel;
  std::vector<std::string> id_str;    // id -> token string ("" if unused id)
  std::vector<std::string> id_bytes;  // id -> decoded bytes (ByteLevel rule)
  std::vector<uint8_t> id_flags;      // bit0: used, bit1: special
  std::optional<int32_t> bos, eos;
};

}  // namespace dseek::tok
