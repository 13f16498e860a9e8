// utf8.cpp — see utf8.h. Follows the Unicode "maximal subpart" rules (Table
// 3-7 well-formed byte sequences), which is what Rust's from_utf8_lossy does.
#include "io/utf8.h"

#include "core/check.h"

namespace dseek::utf8 {
namespace {

// Valid range of the second byte for a lead byte b0 (Table 3-7); lo > hi if
// b0 is not a valid lead byte of a multi-byte sequence.
inline void second_range(unsigned b0, unsigned* lo, unsigned* hi) {
  *lo = 0x80; *hi = 0xBF;
  if (b0 == 0xE0) *lo = 0xA0;
  else if (b0 == 0xED) *hi = 0x9F;
  else if (b0 == 0xF0) *lo = 0x90;
  else if (b0 == 0xF4) *hi = 0x8F;
}

inline size_t seq_len(unsigned b0) {
  if (b0 < 0x80) return 1;
  if (b0 >= 0xC2 && b0 <= 0xDF) return 2;
  if (b0 >= 0xE0 && b0 <= 0xEF) return 3;
  if (b0 >= 0xF0 && b0 <= 0xF4) return 4;
  return 0;
}

// Length of the maximal prefix at s[i] that is a valid (possibly partial)
// sequence start; `complete` tells whether it is a whole character.
size_t valid_prefix(std::string_view s, size_t i, bool* complete) {
  unsigned b0 = static_cast<unsigned char>(s[i]);
  size_t n = seq_len(b0);
  *complete = false;
  if (n == 0) return 0;
  if (n == 1) { *complete = true; return 1; }
  size_t k = 1;
  for (; k < n && i + k < s.size(); ++k) {
    unsigned b = static_cast<unsigned char>(s[i + k]);
    unsigned lo = 0x80, hi = 0xBF;
    if (k == 1) second_range(b0, &lo, &hi);
    if (b < lo || b > hi) return k;
  }
  *complete = (k == n);
  return k;
}

}  // namespace

size_t decode(std::string_view s, size_t i, char32_t* cp) {
  if (i >= s.size()) return 0;
  bool complete = false;
  size_t n = valid_prefix(s, i, &complete);
  if (!complete) return 0;
  unsigned b0 = static_cast<unsigned char>(s[i]);
  char32_t c;
  if (n == 1) c = b0;
  else if (n == 2) c = b0 & 0x1F;
  else if (n == 3) c = b0 & 0x0F;
  else c = b0 & 0x07;
  for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  *cp = c;
  return n;
}

std::optional<size_t> first_invalid(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t w;
      __builtin_memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    bool complete = false;
    size_t n = valid_prefix(s, i, &complete);
    if (!complete) return i;
    i += n;
  }
  return std::nullopt;
}

void check_valid(std::string_view s, const char* what) {
  auto bad = first_invalid(s);
  if (bad) DSEEK_FAIL("{} is not valid UTF-8 (bad byte 0x{:02X} at offset {})", what,
                      static_cast<unsigned char>(s[*bad]), *bad);
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string lossy(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    bool complete = false;
    size_t n = valid_prefix(s, i, &complete);
    if (complete) {
      out.append(s.data() + i, n);
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      i += n == 0 ? 1 : n;  // the maximal subpart (at least one byte)
    }
  }
  return out;
}

size_t incomplete_tail(std::string_view s) {
  // A partial character is at most 3 bytes; look at the last lead byte.
  size_t n = s.size();
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    size_t i = n - back;
    unsigned b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80 && b < 0xC0) continue;  // continuation byte: keep looking
    bool complete = false;
    size_t len = valid_prefix(s, i, &complete);
    return (!complete && len == back) ? back : 0;
  }
  return 0;
}

bool is_whitespace(char32_t c) {
  if (c >= 0x09 && c <= 0x0D) return true;
  switch (c) {
    case 0x20: case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

}  // namespace dseek::utf8
