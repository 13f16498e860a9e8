// test_stop.cpp — StopMatcher: stop strings across every split position of the
// streamed text, withholding, multiple/overlapping stop strings, stop tokens,
// and a randomized comparison with a character-by-character reference.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/check.h"
#include "runtime/rng.h"
#include "runtime/stop.h"

using namespace dseek;

namespace {

struct Outcome {
  std::string text;  // everything emitted (plus flush() when not stopped)
  bool stopped = false;
  std::string matched;
};

// Feeds `chunks` in order; checks the streaming invariants on the way.
Outcome feed(const StopParams& params, const std::vector<std::string>& chunks) {
  StopMatcher m(params);
  size_t max_len = 0;
  for (const auto& s : params.stop) max_len = std::max(max_len, s.size());
  Outcome o;
  for (const auto& c : chunks) {
    const StopResult r = m.push(c);
    o.text += r.text;
    if (r.stopped) {
      o.stopped = true;
      o.matched = r.matched;
      EXPECT_EQ(m.held(), 0u);
      break;
    }
    EXPECT_LT(m.held(), std::max<size_t>(max_len, 1));  // withholds < longest stop
  }
  if (!o.stopped) o.text += m.flush();
  return o;
}

// Character-by-character reference: the first end position where some stop
// string completes; among those, the longest.
Outcome reference(const StopParams& params, const std::string& text) {
  for (size_t e = 1; e <= text.size(); ++e) {
    std::optional<std::string> best;
    for (const auto& s : params.stop)
      if (s.size() <= e && text.compare(e - s.size(), s.size(), s) == 0 &&
          (!best || s.size() > best->size()))
        best = s;
    if (best) {
      const size_t cut = params.include_stop_str_in_output ? e : e - best->size();
      return {text.substr(0, cut), true, *best};
    }
  }
  return {text, false, ""};
}

// Every split of `text` into 1, 2 and 3 chunks gives the reference outcome.
void check_all_splits(const StopParams& params, const std::string& text) {
  const Outcome want = reference(params, text);
  auto same = [&](const Outcome& got, const std::string& where) {
    EXPECT_EQ(got.text, want.text) << where;
    EXPECT_EQ(got.stopped, want.stopped) << where;
    EXPECT_EQ(got.matched, want.matched) << where;
  };
  same(feed(params, {text}), "whole");
  for (size_t i = 0; i <= text.size(); ++i) {
    same(feed(params, {text.substr(0, i), text.substr(i)}), "split " + std::to_string(i));
    for (size_t j = i; j <= text.size(); ++j)
      same(feed(params, {text.substr(0, i), text.substr(i, j - i), text.substr(j)}),
           "split " + std::to_string(i) + "," + std::to_string(j));
  }
  std::vector<std::string> chars;
  for (char c : text) chars.emplace_back(1, c);
  same(feed(params, chars), "bytewise");
}

}  // namespace

TEST(SamplerStop, StopStringEveryTwoAndThreeWaySplit) {
  StopParams p;
  p.stop = {"###"};
  check_all_splits(p, "abc###def");
  EXPECT_EQ(reference(p, "abc###def").text, "abc");
  check_all_splits(p, "hello ##world#");  // near misses, no stop
  EXPECT_FALSE(reference(p, "hello ##world#").stopped);
  check_all_splits(p, "####");
}

TEST(SamplerStop, SelfOverlappingAndMultipleStops) {
  StopParams p;
  p.stop = {"aab"};
  check_all_splits(p, "xaaab--");
  EXPECT_EQ(reference(p, "xaaab--").text, "xa");
  // "bc" completes before "abcd" could: stop there.
  StopParams q;
  q.stop = {"abcd", "bc"};
  check_all_splits(q, "xabcd");
  EXPECT_EQ(reference(q, "xabcd").text, "xa");
  EXPECT_EQ(reference(q, "xabcd").matched, "bc");
  // Both complete at the same byte: the one starting earlier (longer) wins,
  // whatever the list order.
  StopParams r;
  r.stop = {"bcd", "abcd"};
  check_all_splits(r, "xabcdy");
  EXPECT_EQ(reference(r, "xabcdy").text, "x");
  EXPECT_EQ(reference(r, "xabcdy").matched, "abcd");
}

TEST(SamplerStop, IncludeStopStringAndUtf8) {
  StopParams p;
  p.stop = {"</answer>", "。"};
  p.include_stop_str_in_output = true;
  check_all_splits(p, "The answer is 42</answer> more");
  EXPECT_EQ(reference(p, "The answer is 42</answer> more").text, "The answer is 42</answer>");
  p.include_stop_str_in_output = false;
  check_all_splits(p, "答案是四十二。后面");  // multi-byte stop, split at every byte
  EXPECT_EQ(reference(p, "答案是四十二。后面").text, "答案是四十二");
}

TEST(SamplerStop, WithholdsOnlyPossibleStopPrefixes) {
  StopParams p;
  p.stop = {"STOP"};
  StopMatcher m(p);
  auto r = m.push("hello S");
  EXPECT_EQ(r.text, "hello ");
  EXPECT_EQ(m.held(), 1u);
  r = m.push("T");
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(m.held(), 2u);
  r = m.push("AR");  // "STAR" is not a prefix of "STOP": released
  EXPECT_EQ(r.text, "STAR");
  EXPECT_EQ(m.held(), 0u);
  r = m.push("STO");
  EXPECT_EQ(r.text, "");
  r = m.push("P!");
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.reason, StopReason::kStopString);
  EXPECT_EQ(r.text, "");
  // After the stop everything is swallowed.
  r = m.push("more");
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.text, "");
  EXPECT_EQ(r.matched, "STOP");
}

TEST(SamplerStop, StopTokensReleaseWithheldText) {
  StopParams p;
  p.stop = {"<|end|>"};
  p.stop_token_ids = {1, 128001};
  StopMatcher m(p);
  EXPECT_TRUE(m.is_stop_token(128001));
  EXPECT_FALSE(m.is_stop_token(5));
  auto r = m.push_token(7, "ok <|e");
  EXPECT_EQ(r.text, "ok ");
  r = m.push_token(128001, "<｜end▁of▁sentence｜>");
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.reason, StopReason::kStopToken);
  EXPECT_EQ(r.token, 128001);
  EXPECT_EQ(r.text, "<|e");  // the EOS text itself is not emitted
  EXPECT_TRUE(m.stopped());
  EXPECT_EQ(m.push_token(7, "x").text, "");
  // No stop strings at all: everything passes straight through.
  StopMatcher plain(StopParams{});
  EXPECT_EQ(plain.push("abc").text, "abc");
  EXPECT_EQ(plain.held(), 0u);
}

TEST(SamplerStop, InvalidParams) {
  StopParams p;
  p.stop = {"a", ""};
  EXPECT_THROW(StopMatcher{p}, Error);
  StopParams q;
  q.stop_token_ids = {-1};
  EXPECT_THROW(StopMatcher{q}, Error);
}

TEST(SamplerStop, RandomizedAgainstReference) {
  Rng rng(2718);
  auto word = [&](size_t max_len) {
    std::string s;
    const size_t n = 1 + rng.below(max_len);
    for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + rng.below(3));
    return s;
  };
  for (int trial = 0; trial < 300; ++trial) {
    StopParams p;
    const size_t ns = 1 + rng.below(3);
    for (size_t i = 0; i < ns; ++i) p.stop.push_back(word(4));
    p.include_stop_str_in_output = rng.below(2) == 1;
    const std::string text = word(14);
    // Random chunking plus all 2-way splits.
    std::vector<std::string> chunks;
    for (size_t i = 0; i < text.size();) {
      const size_t len = std::min(text.size() - i, static_cast<size_t>(rng.below(5)));
      chunks.push_back(text.substr(i, len));
      i += len;
    }
    const Outcome want = reference(p, text);
    const Outcome got = feed(p, chunks);
    EXPECT_EQ(got.text, want.text) << text;
    EXPECT_EQ(got.stopped, want.stopped) << text;
    for (size_t i = 0; i <= text.size(); ++i)
      EXPECT_EQ(feed(p, {text.substr(0, i), text.substr(i)}).text, want.text) << text << " @" << i;
  }
}
