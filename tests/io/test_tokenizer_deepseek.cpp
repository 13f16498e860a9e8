// test_tokenizer_deepseek.cpp — the real DeepSeek-V3 tokenizer (fetched by
// scripts/fetch_tokenizer.sh into .deps/deepseek-v3-tokenizer) and the
// synthetic ones in tests/fixtures/tokenizer/, against reference ids from
// Hugging Face tokenizers (scripts/fixtures/make_tokenizer_refs.py): every
// case compared exactly, plus decode round-trips, streaming decode and CLI.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/tokenizer.h"
#include "io/utf8.h"

using namespace dseek;
using Ids = std::vector<int32_t>;
namespace fs = std::filesystem;

namespace {

const fs::path kSrc = DSEEK_SOURCE_DIR;
const fs::path kDeepSeekDir = kSrc / ".deps/deepseek-v3-tokenizer";
const fs::path kFixtures = kSrc / "tests/fixtures/tokenizer";

const Tokenizer& deepseek() {
  // Loaded once for the whole test binary (7 MB of JSON).
  static const Tokenizer t = [] {
    if (!fs::exists(kDeepSeekDir / "tokenizer.json"))
      throw std::runtime_error("missing " + (kDeepSeekDir / "tokenizer.json").string() +
                               ": run scripts/fetch_tokenizer.sh (or scripts/setup.sh)");
    return Tokenizer::load(kDeepSeekDir);
  }();
  return t;
}

struct Case {
  std::string text;
  Ids ids;
  std::string decoded;
};

std::vector<Case> read_cases(const fs::path& p) {
  std::ifstream f(p);
  if (!f) throw std::runtime_error("cannot open " + p.string());
  std::vector<Case> out;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    out.push_back({j.at("text").get<std::string>(), j.at("ids").get<Ids>(),
                   j.at("decoded").get<std::string>()});
  }
  return out;
}

// Compares every case; returns the number of mismatches (first few printed).
size_t check_cases(const Tokenizer& t, const std::vector<Case>& cases, bool roundtrip) {
  size_t bad = 0;
  for (const auto& c : cases) {
    Ids got;
    try {
      got = t.encode(c.text);
    } catch (const Error& e) {
      ADD_FAILURE() << "encode threw on " << nlohmann::json(c.text).dump() << ": " << e.what();
      ++bad;
      continue;
    }
    if (got != c.ids) {
      if (++bad <= 10)
        ADD_FAILURE() << "text " << nlohmann::json(c.text).dump() << "\n want "
                      << nlohmann::json(c.ids).dump() << "\n got  " << nlohmann::json(got).dump();
      continue;
    }
    std::string dec = t.decode(c.ids);
    EXPECT_EQ(dec, c.decoded) << nlohmann::json(c.text).dump();
    if (roundtrip) {
      EXPECT_EQ(dec, c.text);
    }
    // Streaming decode gives the same text, one id at a time.
    StreamDecoder sd(t);
    std::string s;
    for (int32_t id : c.ids) s += sd.push(id);
    s += sd.flush();
    EXPECT_EQ(s, dec);
  }
  return bad;
}

}  // namespace

TEST(TokenizerDeepSeek, Shape) {
  const Tokenizer& t = deepseek();
  EXPECT_EQ(t.vocab_size(), 128815u);
  EXPECT_EQ(t.bos_id(), 0);
  EXPECT_EQ(t.eos_id(), 1);
  EXPECT_EQ(t.token_id("<｜begin▁of▁sentence｜>"), 0);
  EXPECT_EQ(t.token_id("<｜User｜>"), 128803);
  EXPECT_EQ(t.token_id("<｜Assistant｜>"), 128804);
  EXPECT_EQ(t.token_id("<｜tool▁sep｜>"), 128814);
  EXPECT_FALSE(t.token_id("<think>").has_value());  // V3: not an added token (R1 adds it)
  EXPECT_EQ(t.token_str(19923), "Hello");
  EXPECT_TRUE(t.is_special(0));
  EXPECT_FALSE(t.is_special(128803));  // <｜User｜> is a non-special added token
  EXPECT_FALSE(t.token_id("no such token").has_value());
}

TEST(TokenizerDeepSeek, HandCheckedCases) {
  // Ids verified by hand against the vocab (and by tokenizers 0.23).
  const Tokenizer& t = deepseek();
  EXPECT_EQ(t.encode(""), Ids{});
  EXPECT_EQ(t.encode(" "), Ids{223});
  EXPECT_EQ(t.encode("\n"), Ids{201});
  EXPECT_EQ(t.encode("\r\n"), (Ids{204, 201}));
  EXPECT_EQ(t.encode("a"), Ids{67});
  EXPECT_EQ(t.encode("Hello"), Ids{19923});
  EXPECT_EQ(t.encode("Hello world"), (Ids{19923, 2058}));
  EXPECT_EQ(t.encode("Hello, world!"), (Ids{19923, 14, 2058, 3}));
  EXPECT_EQ(t.encode("<｜User｜>Hi"), (Ids{128803, *t.token_id("Hi")}));
  EXPECT_EQ(t.encode("1234567"), (Ids{*t.token_id("123"), *t.token_id("456"), *t.token_id("7")}));
  EXPECT_EQ(t.encode_with_bos("a"), (Ids{0, 67}));
  EXPECT_EQ(t.decode(Ids{0, 19923, 1}), "<｜begin▁of▁sentence｜>Hello<｜end▁of▁sentence｜>");
  EXPECT_EQ(t.decode(Ids{0, 19923, 1}, true), "Hello");
  EXPECT_THROW(t.encode("bad \xC3"), Error);
}

TEST(TokenizerDeepSeek, MatchesHuggingFaceReferences) {
  auto cases = read_cases(kFixtures / "deepseek_v3.jsonl");
  ASSERT_GT(cases.size(), 2000u);
  EXPECT_EQ(check_cases(deepseek(), cases, /*roundtrip=*/true), 0u);
}

TEST(TokenizerDeepSeek, SyntheticTokenizersMatchReferences) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(kFixtures)) {
    std::string name = e.path().filename().string();
    const std::string suffix = ".tokenizer.json";
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix))
      continue;
    std::string stem = name.substr(0, name.size() - suffix.size());
    SCOPED_TRACE(stem);
    Tokenizer t = Tokenizer::load(e.path());
    auto cases = read_cases(kFixtures / (stem + ".jsonl"));
    ASSERT_GT(cases.size(), 30u);
    EXPECT_EQ(check_cases(t, cases, /*roundtrip=*/false), 0u);
    ++n;
  }
  EXPECT_GE(n, 3u);
}

TEST(TokenizerDeepSeek, StreamDecodeSplitsMultibyteCharacters) {
  const Tokenizer& t = deepseek();
  // Rare CJK / emoji become several byte tokens; no push may emit a partial
  // character, and the concatenation equals decode().
  std::string text = "𠀋𠀌 👨‍👩‍👧‍👦 \xE2\x80\x8D 龘";
  auto ids = t.encode(text);
  ASSERT_GT(ids.size(), 6u);
  StreamDecoder sd(t);
  std::string all;
  for (int32_t id : ids) {
    std::string piece = sd.push(id);
    EXPECT_TRUE(utf8::valid(piece));
    EXPECT_EQ(piece.find("\xEF\xBF\xBD"), std::string::npos);  // never a U+FFFD
    all += piece;
  }
  all += sd.flush();
  EXPECT_EQ(all, text);
}

TEST(TokenizerDeepSeek, Cli) {
  std::string bin = DSEEK_BINARY;
  std::string dir = kDeepSeekDir.string();
  auto run = [](const std::string& cmd) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
    return out;
  };
  EXPECT_EQ(run(bin + " tokenize -t " + dir + " --text 'Hello world'"), "[19923,2058]\n");
  EXPECT_EQ(run("printf 'Hello world' | " + bin + " tokenize -t " + dir + " --bos"), "[0,19923,2058]\n");
  EXPECT_EQ(run("echo '[19923,2058]' | " + bin + " detokenize -t " + dir), "Hello world");
  EXPECT_EQ(run(bin + " detokenize -t " + dir + " --ids '[0,19923]' --skip-special"), "Hello");
  EXPECT_NE(run(bin + " detokenize -t " + dir + " --ids '[999999]' 2>&1"), "");
}
