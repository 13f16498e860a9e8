// utf8.h — small UTF-8 helpers used by the tokenizer: strict validation,
// code-point decoding/encoding, lossy conversion that matches Rust's
// String::from_utf8_lossy (one U+FFFD per maximal invalid subpart), and the
// length of an incomplete-but-valid tail (for streaming decode).
// What it is not: a Unicode database (no categories, no normalization).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dseek::utf8 {

// Length of the valid UTF-8 sequence starting at s[i] (1..4), or 0 if the bytes
// at i do not start a complete valid sequence. Writes the code point to *cp.
size_t decode(std::string_view s, size_t i, char32_t* cp);

// Byte offset of the first invalid byte, or nullopt when s is valid UTF-8.
std::optional<size_t> first_invalid(std::string_view s);
inline bool valid(std::string_view s) { return !first_invalid(s).has_value(); }

// Throws dseek::Error naming `what` and the offending byte offset.
void check_valid(std::string_view s, const char* what);

// Appends the UTF-8 encoding of cp (must be a scalar value <= 0x10FFFF).
void append(std::string& out, char32_t cp);

// Replaces every maximal invalid subpart with U+FFFD (Rust from_utf8_lossy).
std::string lossy(std::string_view s);

// Number of bytes at the end of s that form a proper prefix of a valid
// sequence (a character that more bytes could still complete): 0..3.
size_t incomplete_tail(std::string_view s);

// Rust char::is_whitespace (the Unicode White_Space property).
bool is_whitespace(char32_t c);

}  // namespace dseek::utf8
