// tokenizer_added.h — the added-tokens vocabulary of Hugging Face tokenizers
// (added_vocabulary.rs): tokens matched in the raw text before
// pre-tokenization, leftmost-longest, with single_word / lstrip / rstrip.
// Tokens with normalized=false are matched on the raw text; normalized=true
// ones on each remaining (normalized) piece, as tokenizers does.
// What it is not: the BPE vocab, or the special-token policy of a chat template.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dseek::tok {

struct AddedToken {
  int32_t id = -1;
  std::string content;
  bool special = false;
  bool lstrip = false;
  bool rstrip = false;
  bool single_word = false;
  bool normalized = false;
};

// One piece of the split: either an added token (id >= 0) or plain text.
struct AddedSplit {
  size_t begin, end;
  int32_t id;  // -1: plain text
};

// A byte trie over the contents of a set of added tokens.
class AddedMatcher {
 public:
  void build(const std::vector<AddedToken>& tokens, const std::vector<size_t>& which);
  bool empty() const { return nodes_.size() <= 1; }
  // Splits `text` (tokenizers' AddedVocabulary::find_matches).
  void split(std::string_view text, const std::vector<AddedToken>& tokens,
             std::vector<AddedSplit>& out) const;

 private:
  struct Node {
    std::unordered_map<unsigned char, uint32_t> kids;
    int32_t token = -1;  // index into tokens
  };
  std::vector<Node> nodes_;
  bool first_byte_[256] = {};
};

}  // namespace dseek::tok
