// tokenizer_regex.cpp — see tokenizer_regex.h.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "io/tokenizer_regex.h"

#include <pcre2.h>

#include "core/check.h"
#include "io/utf8.h"

namespace dseek::tok {
namespace {

// Oniguruma's Unicode \s: U+0009-000D, U+0085 and Z (PCRE2 UCP adds U+180E).
constexpr const char* kSpaceSet = "\\t\\n\\x0B\\f\\r\\x{85}\\p{Z}";
// Oniguruma's Unicode \w: Letter, Mark, Decimal_Number, Connector_Punctuation.
constexpr const char* kWordSet = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
constexpr const char* kHexSet = "0-9a-fA-F";
constexpr size_t kMaxPatternBytes = 64 * 1024;

std::string pcre2_message(int code) {
  PCRE2_UCHAR buf[256];
  pcre2_get_error_message(code, buf, sizeof buf);
  return std::string(reinterpret_cast<const char*>(buf));
}

}  // namespace

std::string onig_to_pcre2(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 16);
  int class_depth = 0;  // inside [...] (nested classes are rare; count them)
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      const char* set = nullptr;
      bool neg = false;
      switch (e) {
        case 's': set = kSpaceSet; break;
        case 'S': set = kSpaceSet; neg = true; break;
        case 'w': set = kWordSet; break;
        case 'W': set = kWordSet; neg = true; break;
        case 'h': set = kHexSet; break;
        case 'H': set = kHexSet; neg = true; break;
        default: break;
      }
      if (set == nullptr) {
        out.push_back(c);
        out.push_back(e);
        ++i;
        continue;
      }
      if (class_depth > 0) {
        DSEEK_CHECK(!neg, "regex: \\{} inside a character class is not supported: {}", e, p);
        out += set;
      } else {
        out += neg ? "[^" : "[";
        out += set;
        out += "]";
      }
      ++i;
      continue;
    }
    if (c == '[') {
      // "[[:alpha:]]"-style POSIX classes and a leading ']' or '^]' are literal.
      if (class_depth > 0 && i + 1 < p.size() && p[i + 1] == ':') {
        size_t end = p.find(":]", i + 2);
        if (end != std::string_view::npos) {
          out.append(p.substr(i, end + 2 - i));
          i = end + 1;
          continue;
        }
      }
      ++class_depth;
      out.push_back(c);
      if (i + 1 < p.size() && p[i + 1] == '^') { out.push_back('^'); ++i; }
      if (i + 1 < p.size() && p[i + 1] == ']') { out.push_back(']'); ++i; }
      continue;
    }
    if (c == ']' && class_depth > 0) --class_depth;
    out.push_back(c);
  }
  return out;
}

RegexScratch::RegexScratch() {
  md_ = pcre2_match_data_create(1, nullptr);
  mctx_ = pcre2_match_context_create(nullptr);
  jit_stack_ = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, nullptr);
  DSEEK_CHECK(md_ && mctx_ && jit_stack_, "regex: out of memory");
  pcre2_jit_stack_assign(static_cast<pcre2_match_context*>(mctx_), nullptr, jit_stack_);
}

RegexScratch::~RegexScratch() {
  pcre2_match_data_free(static_cast<pcre2_match_data*>(md_));
  pcre2_match_context_free(static_cast<pcre2_match_context*>(mctx_));
  pcre2_jit_stack_free(static_cast<pcre2_jit_stack*>(jit_stack_));
}

Regex::Regex(std::string_view pattern, bool literal) : source_(pattern) {
  DSEEK_CHECK(pattern.size() <= kMaxPatternBytes, "regex: pattern too long ({} bytes)",
              pattern.size());
  utf8::check_valid(pattern, "regex pattern");
  std::string translated = literal ? std::string(pattern) : onig_to_pcre2(pattern);
  uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE;
  if (literal) opts = PCRE2_UTF | PCRE2_LITERAL;
  pcre2_compile_context* cctx = pcre2_compile_context_create(nullptr);
  DSEEK_CHECK(cctx, "regex: out of memory");
  pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);
  int err = 0;
  PCRE2_SIZE erroff = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()),
                                   translated.size(), opts, &err, &erroff, cctx);
  pcre2_compile_context_free(cctx);
  if (code == nullptr)
    DSEEK_FAIL("regex: cannot compile /{}/ at offset {}: {}", source_, erroff, pcre2_message(err));
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter on failure
  code_ = code;
}

Regex::~Regex() { pcre2_code_free(static_cast<pcre2_code*>(code_)); }

Regex::Regex(Regex&& o) noexcept : source_(std::move(o.source_)), code_(o.code_) {
  o.code_ = nullptr;
}

Regex& Regex::operator=(Regex&& o) noexcept {
  if (this != &o) {
    pcre2_code_free(static_cast<pcre2_code*>(code_));
    source_ = std::move(o.source_);
    code_ = o.code_;
    o.code_ = nullptr;
  }
  return *this;
}

void Regex::find_all(std::string_view s, RegexScratch& scratch,
                     std::vector<std::pair<size_t, size_t>>& out) const {
  out.clear();
  auto* code = static_cast<const pcre2_code*>(code_);
  auto* md = static_cast<pcre2_match_data*>(scratch.match_data());
  auto* mctx = static_cast<pcre2_match_context*>(scratch.match_context());
  auto subject = reinterpret_cast<PCRE2_SPTR>(s.data());
  size_t pos = 0;
  bool have_last = false;
  size_t last_end = 0;
  while (pos <= s.size()) {
    // The subject was validated once by the caller: skip PCRE2's UTF check.
    int rc = pcre2_match(code, subject, s.size(), pos, PCRE2_NO_UTF_CHECK, md, mctx);
    if (rc == PCRE2_ERROR_NOMATCH) break;
    if (rc < 0) DSEEK_FAIL("regex /{}/: match failed: {}", source_, pcre2_message(rc));
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    size_t st = ov[0], en = ov[1];
    if (st == en && have_last && en == last_end) {
      // Empty match glued to the previous one: step one character and retry.
      if (pos >= s.size()) break;
      char32_t cp;
      size_t n = utf8::decode(s, pos, &cp);
      pos += n == 0 ? 1 : n;
      continue;
    }
    out.emplace_back(st, en);
    have_last = true;
    last_end = en;
    pos = en;
  }
}

}  // namespace dseek::tok
