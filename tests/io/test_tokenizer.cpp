// test_tokenizer.cpp — unit tests of the tokenizer on small synthetic
// tokenizer.json files built here: BPE merge order, merges as pairs, Split
// behaviours, Digits, ByteLevel prefix space + GPT-2 regex, added tokens
// (lstrip/rstrip/single_word/normalized), decode, streaming decode, errors,
// and a 1 MB single word. Real-tokenizer tests: test_tokenizer_deepseek.cpp.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/tokenizer.h"
#include "io/tokenizer_pretokenize.h"
#include "io/tokenizer_regex.h"

using namespace dseek;
using nlohmann::json;
using Ids = std::vector<int32_t>;

namespace {

// Byte-level tokenizer: ids 0..255 are the byte tokens (id == byte), then one
// id per merge in order (256, 257, ...).
json bytelevel_json(const std::vector<std::pair<std::string, std::string>>& merges,
                    json pre_tokenizer = json(), json added = json::array(), bool pair_form = false) {
  const auto& t = tok::byte_level_table();
  json vocab = json::object();
  for (int b = 0; b < 256; ++b) vocab[t.to_utf8[b]] = b;
  json m = json::array();
  int next = 256;
  for (auto& [a, b] : merges) {
    std::string ma, mb;
    tok::byte_level_encode(a, ma);
    tok::byte_level_encode(b, mb);
    if (!vocab.contains(ma + mb)) vocab[ma + mb] = next++;
    if (pair_form) m.push_back(json::array({ma, mb}));
    else m.push_back(ma + " " + mb);
  }
  if (pre_tokenizer.is_null())
    pre_tokenizer = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
  return {{"version", "1.0"},
          {"truncation", nullptr},
          {"padding", nullptr},
          {"added_tokens", added},
          {"normalizer", nullptr},
          {"pre_tokenizer", pre_tokenizer},
          {"post_processor", nullptr},
          {"decoder", {{"type", "ByteLevel"}}},
          {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr},
                     {"vocab", vocab}, {"merges", m}}}};
}

Tokenizer make(const json& j) { return Tokenizer::from_json_text(j.dump()); }

json added_token(int id, const std::string& s, bool special, bool lstrip = false, bool rstrip = false,
                 bool single_word = false, bool normalized = false) {
  return {{"id", id}, {"content", s}, {"special", special}, {"lstrip", lstrip}, {"rstrip", rstrip},
          {"single_word", single_word}, {"normalized", normalized}};
}

std::vector<std::string> split_with(std::string_view text, std::string_view pattern,
                                    tok::SplitBehavior b, bool invert = false) {
  tok::Regex re(pattern, false);
  tok::RegexScratch scratch;
  tok::PieceSet ps;
  ps.pieces = {text};
  tok::split_pieces(ps, re, b, invert, scratch);
  return {ps.pieces.begin(), ps.pieces.end()};
}

using V = std::vector<std::string>;

}  // namespace

TEST(Tokenizer, MergeRankOrder) {
  // "ab" first: a b | c.   "bc" first: a | bc.
  EXPECT_EQ(make(bytelevel_json({{"a", "b"}, {"b", "c"}})).encode("abc"), (Ids{256, 'c'}));
  EXPECT_EQ(make(bytelevel_json({{"b", "c"}, {"a", "b"}})).encode("abc"), (Ids{'a', 256}));
  // Equal ranks: leftmost first. "aaa" -> aa a.
  EXPECT_EQ(make(bytelevel_json({{"a", "a"}})).encode("aaa"), (Ids{256, 'a'}));
  // Chained merges: a a -> aa, aa a -> aaa; "aaaa" -> aa aa (rank 0 twice, no "aa aa").
  EXPECT_EQ(make(bytelevel_json({{"a", "a"}, {"aa", "a"}})).encode("aaaa"), (Ids{256, 256}));
  EXPECT_EQ(make(bytelevel_json({{"a", "a"}, {"aa", "a"}})).encode("aaaaa"), (Ids{256, 257}));
  // Merges given as pairs behave identically.
  EXPECT_EQ(make(bytelevel_json({{"a", "b"}, {"b", "c"}}, json(), json::array(), true)).encode("abcabc"),
            (Ids{256, 'c', 256, 'c'}));
}

TEST(Tokenizer, ByteLevelMapsEveryByte) {
  auto t = make(bytelevel_json({}));
  std::string all;
  Ids want;
  for (int b = 0x20; b < 0x7F; ++b) { all.push_back(static_cast<char>(b)); want.push_back(b); }
  EXPECT_EQ(t.encode(all), want);
  EXPECT_EQ(t.encode("\xC3\xA9\n"), (Ids{0xC3, 0xA9, 0x0A}));  // é \n
  EXPECT_EQ(t.encode(""), Ids{});
  EXPECT_EQ(t.decode(Ids{0xC3, 0xA9, 0x0A}), "\xC3\xA9\n");
  EXPECT_EQ(t.decode(Ids{0xC3}), "\xEF\xBF\xBD");  // lossy
  EXPECT_EQ(t.token_str(' '), "\xC4\xA0");          // 'Ġ'
  EXPECT_EQ(t.token_id("\xC4\xA0"), 32);
  EXPECT_EQ(t.vocab_size(), 256u);
  EXPECT_THROW(t.decode(Ids{256}), Error);
  EXPECT_THROW(t.decode(Ids{-1}), Error);
}

TEST(Tokenizer, InvalidUtf8TextIsAnError) {
  auto t = make(bytelevel_json({}));
  EXPECT_THROW(t.encode("ab\xFF"), Error);
  EXPECT_THROW(t.encode("\xE4\xB8"), Error);
  EXPECT_THROW(t.encode("\xED\xA0\x80"), Error);  // UTF-16 surrogate
}

TEST(Tokenizer, SplitBehaviours) {
  using B = tok::SplitBehavior;
  // Examples from the tokenizers docs ("the-final--countdown").
  const char* s = "the-final--countdown";
  EXPECT_EQ(split_with(s, "-", B::Removed), (V{"the", "final", "countdown"}));
  EXPECT_EQ(split_with(s, "-", B::Isolated), (V{"the", "-", "final", "-", "-", "countdown"}));
  EXPECT_EQ(split_with(s, "-", B::MergedWithPrevious), (V{"the-", "final-", "-", "countdown"}));
  EXPECT_EQ(split_with(s, "-", B::MergedWithNext), (V{"the", "-final", "-", "-countdown"}));
  EXPECT_EQ(split_with(s, "-", B::Contiguous), (V{"the", "-", "final", "--", "countdown"}));
  EXPECT_EQ(split_with("ab,cd", "[a-z]+", B::Removed, true), (V{"ab", "cd"}));
  EXPECT_EQ(split_with("ab,cd", "[a-z]+", B::Isolated, true), (V{"ab", ",", "cd"}));
  EXPECT_EQ(split_with("-a-", "-", B::MergedWithPrevious), (V{"-", "a-"}));
  EXPECT_EQ(split_with("-a-", "-", B::MergedWithNext), (V{"-a", "-"}));
  // Oniguruma \s: U+0085 is whitespace, U+180E is not (PCRE2 UCP differs).
  EXPECT_EQ(split_with("a\xC2\x85" "b", "\\s", B::Removed), (V{"a", "b"}));
  EXPECT_EQ(split_with("a\xE1\xA0\x8E" "b", "\\s", B::Removed), (V{"a\xE1\xA0\x8E" "b"}));
  EXPECT_EQ(split_with("a\xE1\xA0\x8E" "b", "[^\\s]+", B::Isolated), (V{"a\xE1\xA0\x8E" "b"}));
  // Lookahead sees only the piece: "\s+(?!\S)" at the end of a piece.
  EXPECT_EQ(split_with("a   b", "\\s+(?!\\S)|\\s+", B::Isolated), (V{"a", "  ", " ", "b"}));
  // Empty matches split without producing empty pieces.
  EXPECT_EQ(split_with("abc", "", B::Isolated), (V{"a", "b", "c"}));
}

TEST(Tokenizer, OnigTranslation) {
  EXPECT_EQ(tok::onig_to_pcre2("a\\sb"), "a[\\t\\n\\x0B\\f\\r\\x{85}\\p{Z}]b");
  EXPECT_EQ(tok::onig_to_pcre2("[^\\s\\p{L}]"), "[^\\t\\n\\x0B\\f\\r\\x{85}\\p{Z}\\p{L}]");
  EXPECT_EQ(tok::onig_to_pcre2("\\\\s"), "\\\\s");  // escaped backslash, then 's'
  EXPECT_EQ(tok::onig_to_pcre2("[\\]\\s]"), "[\\]\\t\\n\\x0B\\f\\r\\x{85}\\p{Z}]");
  EXPECT_THROW(tok::onig_to_pcre2("[\\S]"), Error);
}

TEST(Tokenizer, ByteLevelPrefixSpaceAndGpt2Regex) {
  json pre = {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"use_regex", true}};
  auto t = make(bytelevel_json({{" ", "h"}, {" h", "i"}, {"'", "s"}}, pre));
  // " hi" (prefix space added), then "'s" split by the GPT-2 regex.
  EXPECT_EQ(t.encode("hi's"), (Ids{257, 258}));
  EXPECT_EQ(t.encode(" hi"), (Ids{257}));  // no second space
  EXPECT_EQ(t.encode("hi hi"), (Ids{257, 257}));
  EXPECT_EQ(t.decode(t.encode("hi hi")), " hi hi");
  // Digits (individual) before ByteLevel: "123" -> 1 2 3 each with a prefix space.
  json seq = {{"type", "Sequence"},
              {"pretokenizers", json::array({{{"type", "Digits"}, {"individual_digits", true}}, pre})}};
  auto d = make(bytelevel_json({{" ", "1"}}, seq));
  EXPECT_EQ(d.encode("11"), (Ids{256, 256}));
  json seq2 = {{"type", "Sequence"},
               {"pretokenizers", json::array({{{"type", "Digits"}, {"individual_digits", false}}, pre})}};
  auto d2 = make(bytelevel_json({{" ", "1"}}, seq2));
  EXPECT_EQ(d2.encode("11a"), (Ids{256, '1', ' ', 'a'}));
}

TEST(Tokenizer, AddedTokens) {
  json added = json::array({added_token(256, "[M]", true, true, true),
                            added_token(257, "<s>", true, false, false, true),
                            added_token(258, "<sep>", false, false, false, false, true),
                            added_token(259, "<sep><sep>", true)});
  auto t = make(bytelevel_json({}, json(), added));
  EXPECT_EQ(t.encode("a  [M]  b"), (Ids{'a', 256, 'b'}));       // lstrip + rstrip eat spaces
  EXPECT_EQ(t.encode("[M][M]"), (Ids{256, 256}));
  EXPECT_EQ(t.encode("<s> x"), (Ids{257, ' ', 'x'}));
  EXPECT_EQ(t.encode("x<s>"), (Ids{'x', '<', 's', '>'}));      // single_word: not a word boundary
  EXPECT_EQ(t.encode("x <s>."), (Ids{'x', ' ', 257, '.'}));
  EXPECT_EQ(t.encode("<sep>"), (Ids{258}));
  EXPECT_EQ(t.encode("<sep><sep><sep>"), (Ids{259, 258}));     // longest first, across the two sets
  EXPECT_EQ(t.encode("<se"), (Ids{'<', 's', 'e'}));
  EXPECT_TRUE(t.is_special(256));
  EXPECT_FALSE(t.is_special(258));
  EXPECT_EQ(t.decode(Ids{'a', 256, 258}), "a[M]<sep>");
  EXPECT_EQ(t.decode(Ids{'a', 256, 258}, true), "a<sep>");
  EXPECT_EQ(t.token_id("[M]"), 256);
  EXPECT_EQ(t.vocab_size(), 260u);
  // Ids must follow tokenizers' assignment rule.
  json bad = json::array({added_token(300, "[X]", true)});
  EXPECT_THROW(make(bytelevel_json({}, json(), bad)), Error);
}

TEST(Tokenizer, StreamDecoderHoldsPartialCharacters) {
  auto t = make(bytelevel_json({}));
  // "中" = E4 B8 AD, "😀" = F0 9F 98 80: one byte per token.
  std::string text = "a\xE4\xB8\xAD" "b\xF0\x9F\x98\x80";
  auto ids = t.encode(text);
  StreamDecoder sd(t);
  std::vector<std::string> outs;
  std::string all;
  for (int32_t id : ids) { outs.push_back(sd.push(id)); all += outs.back(); }
  all += sd.flush();
  EXPECT_EQ(all, text);
  EXPECT_EQ(outs, (V{"a", "", "", "\xE4\xB8\xAD", "b", "", "", "", "\xF0\x9F\x98\x80"}));
  // An invalid sequence is emitted as U+FFFD as soon as it cannot complete.
  StreamDecoder sd2(t);
  EXPECT_EQ(sd2.push(0xE4), "");
  EXPECT_EQ(sd2.push('x'), "\xEF\xBF\xBDx");
  EXPECT_EQ(sd2.push(0xF0), "");
  EXPECT_EQ(sd2.flush(), "\xEF\xBF\xBD");
}

TEST(Tokenizer, LoadErrors) {
  auto base = bytelevel_json({{"a", "b"}});
  auto expect_error = [](const json& j, const std::string& needle) {
    try {
      Tokenizer::from_json_text(j.dump());
      ADD_FAILURE() << "no error, wanted: " << needle;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  auto j = base; j["normalizer"] = {{"type", "NFC"}};
  expect_error(j, "unsupported normalizer \"NFC\"");
  j = base; j["pre_tokenizer"] = {{"type", "Metaspace"}};
  expect_error(j, "unsupported pre_tokenizer \"Metaspace\"");
  j = base; j["decoder"] = {{"type", "WordPiece"}};
  expect_error(j, "unsupported decoder \"WordPiece\"");
  j = base; j["model"]["type"] = "Unigram";
  expect_error(j, "unsupported tokenizer model");
  j = base; j["model"]["merges"] = json::array({"a"});
  expect_error(j, "merge #0");
  j = base; j["model"]["merges"] = json::array({"q z"});
  expect_error(j, "missing from the vocab");
  j = base; j["model"]["vocab"]["x"] = -5;
  expect_error(j, "out of range");
  j = base; j["truncation"] = {{"max_length", 5}};
  expect_error(j, "truncation");
  j = base; j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "(("}}}, {"behavior", "Isolated"}};
  expect_error(j, "cannot compile");
  j = base; j["model"]["dropout"] = 0.5;
  expect_error(j, "dropout");
  EXPECT_THROW(Tokenizer::from_json_text("{"), Error);
  EXPECT_THROW(Tokenizer::from_json_text("[]"), Error);
  EXPECT_THROW(Tokenizer::load("/nonexistent/tokenizer.json"), Error);
}

TEST(Tokenizer, OneMegabyteWordIsNotQuadratic) {
  auto t = make(bytelevel_json({{"a", "a"}, {"aa", "aa"}, {"aaaa", "aaaa"}, {"b", "c"}}));
  std::string w(1 << 20, 'a');
  auto t0 = std::chrono::steady_clock::now();
  auto ids = t.encode(w);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(ids.size(), size_t(1) << 17);
  for (int32_t id : ids) ASSERT_EQ(id, 258);
  EXPECT_LT(secs, 10.0);
  // Alternating: nothing merges, every byte stays.
  std::string alt;
  for (int i = 0; i < (1 << 20); ++i) alt.push_back(i % 2 ? 'c' : 'a');
  EXPECT_EQ(t.encode(alt).size(), size_t(1) << 20);
}
