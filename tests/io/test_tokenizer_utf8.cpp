// test_tokenizer_utf8.cpp — utf8 helpers used by the tokenizer: validation,
// Rust-compatible lossy conversion, incomplete tails.
#include <gtest/gtest.h>

#include "core/check.h"
#include "io/utf8.h"

using namespace dseek;

TEST(TokenizerUtf8, Validation) {
  EXPECT_TRUE(utf8::valid(""));
  EXPECT_TRUE(utf8::valid("abc \xE4\xB8\xAD \xF0\x9F\x98\x80"));
  EXPECT_EQ(utf8::first_invalid("ab\xC0\x80"), 2u);          // overlong
  EXPECT_EQ(utf8::first_invalid("\xED\xA0\x80"), 0u);        // surrogate
  EXPECT_EQ(utf8::first_invalid("x\xF4\x90\x80\x80"), 1u);    // > U+10FFFF
  EXPECT_EQ(utf8::first_invalid("abcdefghij\xE4\xB8"), 10u);  // truncated
  EXPECT_EQ(utf8::first_invalid("\x80"), 0u);
  EXPECT_TRUE(utf8::valid("\xEF\xBF\xBE\xF4\x8F\xBF\xBF"));   // noncharacters are valid
  EXPECT_THROW(utf8::check_valid("a\xFF", "t"), Error);
}

TEST(TokenizerUtf8, LossyMatchesRust) {
  // Expected values: Rust String::from_utf8_lossy (maximal subparts).
  const std::string R = "\xEF\xBF\xBD";
  EXPECT_EQ(utf8::lossy("abc"), "abc");
  EXPECT_EQ(utf8::lossy("\xE4\xB8"), R);                 // one partial char -> one U+FFFD
  EXPECT_EQ(utf8::lossy("\xE4\xB8x"), R + "x");
  EXPECT_EQ(utf8::lossy("\xF0\x9F\x98"), R);
  EXPECT_EQ(utf8::lossy("\xC0\x80"), R + R);             // C0 never valid
  EXPECT_EQ(utf8::lossy("\xED\xA0\x80"), R + R + R);     // surrogate: 3 subparts
  EXPECT_EQ(utf8::lossy("\xF4\x90\x80\x80"), R + R + R + R);
  EXPECT_EQ(utf8::lossy("\x80\x80"), R + R);
  EXPECT_EQ(utf8::lossy("\xE0\xA0"), R);
  EXPECT_EQ(utf8::lossy("\xE0\x80"), R + R);
  EXPECT_EQ(utf8::lossy("a\xF1\x80\x80\xE1\x80\xC2" "b"), "a" + R + R + R + "b");
}

TEST(TokenizerUtf8, IncompleteTail) {
  EXPECT_EQ(utf8::incomplete_tail(""), 0u);
  EXPECT_EQ(utf8::incomplete_tail("a"), 0u);
  EXPECT_EQ(utf8::incomplete_tail("a\xE4"), 1u);
  EXPECT_EQ(utf8::incomplete_tail("a\xE4\xB8"), 2u);
  EXPECT_EQ(utf8::incomplete_tail("a\xE4\xB8\xAD"), 0u);
  EXPECT_EQ(utf8::incomplete_tail("\xF0\x9F\x98"), 3u);
  EXPECT_EQ(utf8::incomplete_tail("\xF0\x9F\x98\x80"), 0u);
  EXPECT_EQ(utf8::incomplete_tail("a\xB8"), 0u);    // stray continuation: final
  EXPECT_EQ(utf8::incomplete_tail("\xE0\x80"), 0u);  // can never complete
  EXPECT_EQ(utf8::incomplete_tail("\xC0"), 0u);
}

TEST(TokenizerUtf8, DecodeAndAppend) {
  for (char32_t cp : {char32_t(0), char32_t(0x7F), char32_t(0x80), char32_t(0x7FF), char32_t(0x800),
                      char32_t(0xFFFF), char32_t(0x10000), char32_t(0x10FFFF)}) {
    std::string s;
    utf8::append(s, cp);
    char32_t back = 0;
    ASSERT_EQ(utf8::decode(s, 0, &back), s.size());
    EXPECT_EQ(back, cp);
  }
  EXPECT_TRUE(utf8::is_whitespace(0x3000));
  EXPECT_TRUE(utf8::is_whitespace(0x85));
  EXPECT_FALSE(utf8::is_whitespace(0x180E));
  EXPECT_FALSE(utf8::is_whitespace(0x200B));
}
