// tokenizer_regex.h — the regex engine behind Split / ByteLevel pre-tokenizers:
// PCRE2 (UTF + UCP, JIT) with the pattern rewritten so that \s \w \h mean what
// they mean in Oniguruma (which Hugging Face tokenizers uses), and a find_all
// that follows Oniguruma's iteration over non-overlapping matches.
// What it is not: a general regex API; only what pre-tokenization needs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dseek::tok {

// Per-call scratch (match data + JIT stack); one per encode() call, so a
// Regex can be shared by threads.
class RegexScratch {
 public:
  RegexScratch();
  ~RegexScratch();
  RegexScratch(const RegexScratch&) = delete;
  RegexScratch& operator=(const RegexScratch&) = delete;
  void* match_data() const { return md_; }
  void* match_context() const { return mctx_; }

 private:
  void* md_ = nullptr;
  void* mctx_ = nullptr;
  void* jit_stack_ = nullptr;
};

class Regex {
 public:
  // literal=true: the pattern is matched as a plain string (Split "String").
  Regex(std::string_view pattern, bool literal);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Non-overlapping matches [start, end) in subject, left to right. An empty
  // match right where the previous match ended is not reported.
  void find_all(std::string_view subject, RegexScratch& scratch,
                std::vector<std::pair<size_t, size_t>>& out) const;

  const std::string& pattern() const { return source_; }

 private:
  std::string source_;
  void* code_ = nullptr;
};

// Rewrites Oniguruma escapes that PCRE2 reads differently (\s \S \w \W \h \H);
// exposed for tests. Throws dseek::Error on escapes it cannot translate.
std::string onig_to_pcre2(std::string_view pattern);

}  // namespace dseek::tok
