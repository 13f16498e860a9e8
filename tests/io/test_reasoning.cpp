// test_reasoning.cpp — streaming <think> splitter: every split position of
// sample streams must give the same bytes as the one-shot split.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/reasoning.h"

using namespace dseek;

namespace {

struct Sample {
  std::string text;
  bool starts_in_reasoning;
  std::string reasoning;
  std::string content;
};

const std::vector<Sample>& samples() {
  static const std::vector<Sample> s = {
      // R1 with "<think>\n" in the prompt: output opens inside reasoning.
      {"Let me think.\nOK.\n</think>\n\nThe answer is 4.", true, "Let me think.\nOK.\n", "\n\nThe answer is 4."},
      // Model repeats <think> although the prompt opened it.
      {"<think>\nhmm</think>done", true, "\nhmm", "done"},
      // Prompt did not open it; output does.
      {"<think>\nabc\n</think>\n\nxyz", false, "\nabc\n", "\n\nxyz"},
      // No think tag at all.
      {"Plain answer, no tags.", false, "", "Plain answer, no tags."},
      // <think> not at the start is literal content.
      {"a <think>b</think> c", false, "", "a <think>b</think> c"},
      // Unterminated reasoning stays reasoning.
      {"still thinking </thin", true, "still thinking </thin", ""},
      {"<think>never closed", false, "never closed", ""},
      // After the close, tags are literal.
      {"r</think>c<think>d</think>e", true, "r", "c<think>d</think>e"},
      // Near-miss tags and '<' runs.
      {"<<think>x", false, "", "<<think>x"},
      {"<thinker>x", false, "", "<thinker>x"},
      {"a</think</think>b<", true, "a</think", "b<"},
      {"</think>", true, "", ""},
      {"", true, "", ""},
      {"", false, "", ""},
      {"<think>", false, "", ""},
      {"<thi", false, "", "<thi"},
      {"<thi", true, "<thi", ""},
      // UTF-8 passes through untouched.
      {"\xe6\x80\x9d\xe8\x80\x83</think>\xf0\x9f\x99\x82", true, "\xe6\x80\x9d\xe8\x80\x83", "\xf0\x9f\x99\x82"},
  };
  return s;
}

ReasoningDelta feed_pieces(const std::vector<std::string>& pieces, bool sir) {
  ReasoningParser p(sir);
  ReasoningDelta all;
  for (const auto& piece : pieces) {
    ReasoningDelta d = p.feed(piece);
    all.reasoning += d.reasoning;
    all.content += d.content;
  }
  ReasoningDelta d = p.flush();
  all.reasoning += d.reasoning;
  all.content += d.content;
  return all;
}

}  // namespace

TEST(Reasoning, OneShot) {
  for (const auto& s : samples()) {
    SCOPED_TRACE(s.text);
    ReasoningDelta d = split_reasoning(s.text, s.starts_in_reasoning);
    EXPECT_EQ(d.reasoning, s.reasoning);
    EXPECT_EQ(d.content, s.content);
  }
}

TEST(Reasoning, EverySplitPosition) {
  for (const auto& s : samples()) {
    for (size_t i = 0; i <= s.text.size(); ++i) {
      SCOPED_TRACE(s.text + " @" + std::to_string(i));
      ReasoningDelta d = feed_pieces({s.text.substr(0, i), s.text.substr(i)}, s.starts_in_reasoning);
      EXPECT_EQ(d.reasoning, s.reasoning);
      EXPECT_EQ(d.content, s.content);
    }
  }
}

TEST(Reasoning, EveryPairOfSplitPositions) {
  for (const auto& s : samples()) {
    const size_t n = s.text.size();
    for (size_t i = 0; i <= n; ++i)
      for (size_t j = i; j <= n; ++j) {
        ReasoningDelta d =
            feed_pieces({s.text.substr(0, i), s.text.substr(i, j - i), s.text.substr(j)}, s.starts_in_reasoning);
        ASSERT_EQ(d.reasoning, s.reasoning) << s.text << " @" << i << "," << j;
        ASSERT_EQ(d.content, s.content) << s.text << " @" << i << "," << j;
      }
  }
}

TEST(Reasoning, ByteByByteHoldsBackOnlyPartialTags) {
  const std::string text = "abc</think>def";
  ReasoningParser p(true);
  std::string seen_r, seen_c;
  std::vector<std::string> r_steps;
  for (char c : text) {
    ReasoningDelta d = p.feed(std::string(1, c));
    seen_r += d.reasoning;
    seen_c += d.content;
    r_steps.push_back(seen_r);
  }
  // "abc" is released immediately; "</think" is held; content flows after.
  EXPECT_EQ(r_steps[2], "abc");
  EXPECT_EQ(r_steps[9], "abc");
  EXPECT_TRUE(p.reasoning_done());
  EXPECT_FALSE(p.in_reasoning());
  EXPECT_EQ(seen_c, "def");
  EXPECT_EQ(p.flush(), ReasoningDelta{});
}

TEST(Reasoning, StateQueries) {
  ReasoningParser p(false);
  EXPECT_FALSE(p.in_reasoning());
  p.feed("<think>x");
  EXPECT_TRUE(p.in_reasoning());
  p.feed("</think>");
  EXPECT_TRUE(p.reasoning_done());
  ReasoningParser q(false);
  q.feed("hello");
  EXPECT_FALSE(q.in_reasoning());
  EXPECT_FALSE(q.reasoning_done());
}

TEST(Reasoning, PromptOpensReasoning) {
  EXPECT_TRUE(prompt_opens_reasoning("...<\xef\xbd\x9c" "Assistant\xef\xbd\x9c><think>\n"));
  EXPECT_TRUE(prompt_opens_reasoning("x<think>"));
  EXPECT_FALSE(prompt_opens_reasoning("x<\xef\xbd\x9c" "Assistant\xef\xbd\x9c>"));
  EXPECT_FALSE(prompt_opens_reasoning("</think>\n"));
  EXPECT_FALSE(prompt_opens_reasoning(""));
}
