// tokenizer_added.cpp — see tokenizer_added.h. Leftmost-longest matching is a
// trie walk from every start byte that can begin a token (cost: text length
// times the longest token, bounded by the added-token length limit).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "io/tokenizer_added.h"

#include <pcre2.h>

#include "core/check.h"
#include "io/utf8.h"

namespace dseek::tok {
namespace {

// Rust char::is_alphanumeric() || c == '_' (Alphabetic or Numeric), via PCRE2.
class WordCharTest {
 public:
  WordCharTest() {
    int err;
    PCRE2_SIZE off;
    const char* pat = "[\\p{Alphabetic}\\p{N}_]";
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pat), PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP, &err, &off, nullptr);
  }
  ~WordCharTest() { pcre2_code_free(code_); }
  bool operator()(std::string_view ch) const {
    DSEEK_CHECK(code_ != nullptr, "PCRE2 lacks \\p{{Alphabetic}}");
    pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
    int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(ch.data()), ch.size(), 0,
                         PCRE2_ANCHORED, md, nullptr);
    pcre2_match_data_free(md);
    return rc >= 0;
  }

 private:
  pcre2_code* code_ = nullptr;
};

bool is_word_char(std::string_view ch) {
  static const WordCharTest test;  // immutable after construction
  return test(ch);
}

// Last / first character of s (empty view if none).
std::string_view last_char(std::string_view s) {
  if (s.empty()) return {};
  size_t i = s.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return s.substr(i);
}
std::string_view first_char(std::string_view s) {
  if (s.empty()) return {};
  char32_t cp;
  size_t n = utf8::decode(s, 0, &cp);
  return s.substr(0, n == 0 ? 1 : n);
}

char32_t cp_of(std::string_view ch) {
  char32_t cp = 0xFFFD;
  utf8::decode(ch, 0, &cp);
  return cp;
}

// Start of the whitespace run that ends s (tokenizers' space_leftmost_at_end).
size_t space_leftmost_at_end(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    std::string_view c = last_char(s.substr(0, end));
    if (!utf8::is_whitespace(cp_of(c))) break;
    end -= c.size();
  }
  return end;
}

// Length of the whitespace run that starts s.
size_t space_rightmost_at_start(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    std::string_view c = first_char(s.substr(i));
    if (!utf8::is_whitespace(cp_of(c))) break;
    i += c.size();
  }
  return i;
}

}  // namespace

void AddedMatcher::build(const std::vector<AddedToken>& tokens, const std::vector<size_t>& which) {
  nodes_.assign(1, Node{});
  for (size_t idx : which) {
    const std::string& s = tokens[idx].content;
    if (s.empty()) continue;
    first_byte_[static_cast<unsigned char>(s[0])] = true;
    uint32_t node = 0;
    for (char c : s) {
      auto key = static_cast<unsigned char>(c);
      auto it = nodes_[node].kids.find(key);
      if (it == nodes_[node].kids.end()) {
        nodes_.push_back(Node{});
        uint32_t nn = static_cast<uint32_t>(nodes_.size() - 1);
        nodes_[node].kids.emplace(key, nn);
        node = nn;
      } else {
        node = it->second;
      }
    }
    nodes_[node].token = static_cast<int32_t>(idx);
  }
}

void AddedMatcher::split(std::string_view text, const std::vector<AddedToken>& tokens,
                         std::vector<AddedSplit>& out) const {
  out.clear();
  // 1. Leftmost-longest, non-overlapping matches (every match consumes text,
  //    even one rejected below by single_word, as with aho-corasick find_iter).
  struct M { size_t start, stop; int32_t tok; };
  std::vector<M> matches;
  if (!empty()) {
    size_t i = 0;
    while (i < text.size()) {
      if (!first_byte_[static_cast<unsigned char>(text[i])]) { ++i; continue; }
      uint32_t node = 0;
      int32_t best = -1;
      size_t best_end = 0;
      for (size_t k = i; k < text.size(); ++k) {
        auto it = nodes_[node].kids.find(static_cast<unsigned char>(text[k]));
        if (it == nodes_[node].kids.end()) break;
        node = it->second;
        if (nodes_[node].token >= 0) { best = nodes_[node].token; best_end = k + 1; }
      }
      if (best >= 0) {
        matches.push_back({i, best_end, best});
        i = best_end;
      } else {
        ++i;
      }
    }
  }
  // 2. Apply the token flags (find_matches in added_vocabulary.rs).
  size_t start_offset = 0;
  for (const M& m : matches) {
    const AddedToken& t = tokens[static_cast<size_t>(m.tok)];
    size_t start = m.start, stop = m.stop;
    if (t.single_word) {
      bool start_space = start == 0 || !is_word_char(last_char(text.substr(0, start)));
      bool stop_space = stop == text.size() || !is_word_char(first_char(text.substr(stop)));
      if (!start_space || !stop_space) continue;
    }
    if (t.lstrip) start = std::max(space_leftmost_at_end(text.substr(0, start)), start_offset);
    if (t.rstrip) stop += space_rightmost_at_start(text.substr(stop));
    if (start > stop) continue;  // only with whitespace-led tokens after an rstrip
    if (start_offset < start) out.push_back({start_offset, start, -1});
    out.push_back({start, stop, t.id});
    start_offset = stop;
  }
  if (start_offset < text.size()) out.push_back({start_offset, text.size(), -1});
}

}  // namespace dseek::tok
