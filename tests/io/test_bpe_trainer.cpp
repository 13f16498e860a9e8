// test_bpe_trainer.cpp — the BPE trainer (src/io/bpe_trainer*.cpp): hand-
// computed merges and tie-breaking on tiny corpora; on a small fixed corpus:
// the written tokenizer loads with dseek::Tokenizer, round-trips varied text
// (unicode, emoji, digits, specials), has the exact vocab size, single-id
// specials, consistent merges, the R1 chat template; determinism across
// chunk sizes and thread counts; file collection; the CLI.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/threadpool.h"
#include "io/bpe_trainer.h"
#include "io/chat_template.h"
#include "io/tokenizer.h"
#include "io/tokenizer_pretokenize.h"

using namespace dseek;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
void spit(const fs::path& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << s;
}

fs::path fresh_dir(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("dseek_bpe_" + tag);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// A small fixed, varied corpus (English, code, numbers, CJK, kana, emoji,
// accents, whitespace runs), repeated with variations.
std::string corpus() {
  const char* lines[] = {
      "The quick brown fox jumps over the lazy dog.",
      "Hello, world! Tokenizers split text into pieces before merging bytes.",
      "int main(int argc, char** argv) { return argc > 1 ? 0 : 42; }",
      "    for (size_t i = 0; i < n; ++i) total += values[i];",
      "Prices: 12345 dollars, 3.14159 and 2024-06-01 at 23:59.",
      "深度求索的模型可以处理中文文本，也可以处理英文。",
      "日本語のテキストもカタカナとひらがなで書かれています。",
      "Emoji time 😀🎉👍🏽 and café, naïve, Straße, Ελληνικά, русский текст.",
      "\tTabs\tand  double  spaces\r\nwindows line endings\r\n",
      "def train(vocab_size=32000):\n    return {'merges': [], \"vocab\": {}}",
      "<｜User｜>What is 2+2?<｜Assistant｜><think>simple</think>4<｜end▁of▁sentence｜>",
  };
  std::string s;
  for (int rep = 0; rep < 40; ++rep) {
    for (const char* l : lines) {
      s += l;
      s += rep % 3 == 0 ? "\n\n" : "\n";
    }
    s += "line number " + std::to_string(rep * 7919 % 1000) + " of the corpus\n";
  }
  return s;
}

bpe::TrainOptions small_opts(size_t vocab_size) {
  bpe::TrainOptions o;
  o.vocab_size = vocab_size;
  o.progress = false;
  return o;
}

struct Trained {
  bpe::TrainResult result;
  std::string json_text;
  fs::path dir;
};

Trained train_corpus(const std::string& tag, size_t vocab_size, size_t chunk = size_t(1) << 20) {
  auto opt = small_opts(vocab_size);
  opt.chunk_bytes = chunk;
  bpe::WordCounts wc;
  bpe::count_words(corpus(), opt, wc);
  Trained t;
  t.result = bpe::train(wc, opt);
  t.json_text = bpe::tokenizer_json_text(t.result, opt);
  t.dir = fresh_dir(tag);
  bpe::write_tokenizer_files(t.result, opt, t.dir / "tokenizer.json");
  return t;
}

std::vector<std::string> merge_strings(const bpe::TrainResult& r) {
  std::vector<std::string> out;
  for (auto [a, b] : r.merges) out.push_back(r.vocab[size_t(a)] + " " + r.vocab[size_t(b)]);
  return out;
}

constexpr size_t kVocab = 7 + 256 + 400;

}  // namespace

TEST(BpeTrainer, HandComputedMerges) {
  // Pre-tokens: "ab" x1, " ab" x2, " abc" x2. (a,b)=5 first, then (Ġ,ab)=4,
  // then (Ġab,c)=2; nothing occurs twice after that.
  auto opt = small_opts(1000);
  bpe::WordCounts wc;
  bpe::count_words("ab ab ab abc abc", opt, wc);
  EXPECT_EQ(wc.size(), 3u);
  EXPECT_EQ(wc.at(" abc"), 2u);
  auto r = bpe::train(wc, opt);
  EXPECT_EQ(merge_strings(r), (std::vector<std::string>{"a b", "Ġ ab", "Ġab c"}));
  EXPECT_EQ(r.vocab.size(), 7u + 256u + 3u);
  EXPECT_EQ(r.vocab.back(), "Ġabc");
}

TEST(BpeTrainer, TiesBreakOnSmallerPairIds) {
  // All pairs occur once; the alphabet is ordered by code point (a<b<c<d<Ġ),
  // so (a,b) < (c,d) < (Ġ,c) and then (Ġ,cd) is formed.
  auto opt = small_opts(1000);
  opt.min_frequency = 1;
  bpe::WordCounts wc;
  bpe::count_words("ab cd", opt, wc);
  auto r = bpe::train(wc, opt);
  EXPECT_EQ(merge_strings(r), (std::vector<std::string>{"a b", "c d", "Ġ cd"}));
}

TEST(BpeTrainer, OverlappingRunsCountedExactly) {
  // "aaaa" x3 and "aaa" x2: (a,a) = 3*3 + 2*2 = 13 -> "aa"; then "aaaa" = [aa,aa]
  // (count 3) and "aaa" = [aa,a] (count 2): (aa,aa) first.
  auto opt = small_opts(1000);
  bpe::WordCounts wc{{"aaaa", 3}, {"aaa", 2}};
  auto r = bpe::train(wc, opt);
  EXPECT_EQ(merge_strings(r), (std::vector<std::string>{"a a", "aa aa", "aa a"}));
}

TEST(BpeTrainer, SpecialsAreNotCountedAsWords) {
  auto opt = small_opts(1000);
  bpe::WordCounts wc;
  bpe::count_words("x<｜User｜>y<think>z", opt, wc);
  EXPECT_EQ(wc.size(), 3u);
  EXPECT_TRUE(wc.count("x") && wc.count("y") && wc.count("z"));
}

TEST(BpeTrainer, RejectsTooSmallVocab) {
  bpe::WordCounts wc{{"ab", 1}};
  EXPECT_THROW(bpe::train(wc, small_opts(100)), Error);
}

TEST(BpeTrainer, TrainedTokenizerLoadsWithExactVocab) {
  auto t = train_corpus("load", kVocab);
  ASSERT_EQ(t.result.vocab.size(), kVocab);
  Tokenizer tok = Tokenizer::load(t.dir);
  EXPECT_EQ(tok.vocab_size(), kVocab);
  for (int32_t id = 0; id < int32_t(kVocab); ++id) EXPECT_TRUE(tok.has_id(id)) << id;
  json j = json::parse(t.json_text);
  EXPECT_EQ(j["model"]["vocab"].size(), kVocab);
  EXPECT_EQ(j["model"]["byte_fallback"], false);
  EXPECT_EQ(j["normalizer"]["type"], "Sequence");
  EXPECT_EQ(j["decoder"]["type"], "ByteLevel");
  EXPECT_EQ(j["pre_tokenizer"], json::parse(bpe::deepseek_pre_tokenizer_json()));
  // All 256 byte-level characters are in the vocab.
  const auto& bl = tok::byte_level_table();
  for (int b = 0; b < 256; ++b) EXPECT_TRUE(j["model"]["vocab"].contains(bl.to_utf8[b])) << b;
}

TEST(BpeTrainer, SpecialsAreSingleIds) {
  auto t = train_corpus("specials", kVocab);
  Tokenizer tok = Tokenizer::load(t.dir);
  const auto specials = bpe::default_special_tokens();
  for (size_t i = 0; i < specials.size(); ++i) {
    auto ids = tok.encode(specials[i]);
    ASSERT_EQ(ids.size(), 1u) << specials[i];
    EXPECT_EQ(ids[0], int32_t(i));
    EXPECT_TRUE(tok.is_special(ids[0]));
  }
  EXPECT_EQ(tok.bos_id(), 0);
  EXPECT_EQ(tok.eos_id(), 1);
  auto ids = tok.encode("<｜User｜>hi<｜Assistant｜><think>x</think>y<｜end▁of▁sentence｜>");
  EXPECT_EQ(ids.front(), 3);
  EXPECT_EQ(ids.back(), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 5), 1);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 6), 1);
}

TEST(BpeTrainer, RoundTripsVariedText) {
  auto t = train_corpus("roundtrip", kVocab);
  Tokenizer tok = Tokenizer::load(t.dir);
  const std::vector<std::string> texts = {
      "",
      "The quick brown fox",
      "completely unseen words: xylophone zyzzyva qwerty",
      "1234567890 3.14 -42 1e10 ٣٤٥ ⅻ",
      "中文测试：今天天气很好。日本語テキスト",
      "emoji 😀🎉👍🏽🧑‍🚀 flags 🇫🇷 and ZWJ",
      "  leading and trailing spaces  \n\n\ttabs\r\n",
      "control \x01\x02\x7f bytes and \xc3\xa9",
      "<｜User｜>Q<｜Assistant｜><think>\nreason\n</think>\n\nA<｜end▁of▁sentence｜>",
      std::string(3000, 'a') + std::string(100, ' ') + "b",
  };
  size_t total_bytes = 0, total_ids = 0;
  for (const auto& s : texts) {
    auto ids = tok.encode(s);
    EXPECT_EQ(tok.decode(ids), s);
    total_bytes += s.size();
    total_ids += ids.size();
  }
  // The merges are used: the training text compresses well below 1 id/byte.
  auto ids = tok.encode(corpus());
  EXPECT_LT(double(ids.size()), 0.5 * double(corpus().size()));
  EXPECT_EQ(tok.decode(ids), corpus());
  EXPECT_LT(total_ids, total_bytes);
}

TEST(BpeTrainer, MergesAreConsistent) {
  auto t = train_corpus("merges", kVocab);
  json j = json::parse(t.json_text);
  const json& vocab = j["model"]["vocab"];
  const json& merges = j["model"]["merges"];
  ASSERT_FALSE(merges.empty());
  std::set<std::string> available;  // specials + alphabet, then merge results
  for (size_t i = 0; i < 7 + 256; ++i) available.insert(t.result.vocab[i]);
  std::set<std::string> seen_merges;
  for (const auto& m : merges) {
    std::string s = m.get<std::string>();
    auto sp = s.find(' ');
    ASSERT_NE(sp, std::string::npos);
    ASSERT_EQ(s.find(' ', sp + 1), std::string::npos) << s;
    std::string a = s.substr(0, sp), b = s.substr(sp + 1);
    EXPECT_TRUE(available.count(a)) << "merge " << s << ": left part not available yet";
    EXPECT_TRUE(available.count(b)) << "merge " << s << ": right part not available yet";
    ASSERT_TRUE(vocab.contains(a + b)) << s;
    EXPECT_TRUE(seen_merges.insert(s).second) << "duplicate merge " << s;
    available.insert(a + b);
  }
  // Every vocab entry after the alphabet is some merge's result, ids dense.
  EXPECT_EQ(available.size(), vocab.size());
  std::vector<bool> ids(vocab.size(), false);
  for (auto it = vocab.begin(); it != vocab.end(); ++it) ids.at(it.value().get<size_t>()) = true;
  EXPECT_TRUE(std::all_of(ids.begin(), ids.end(), [](bool b) { return b; }));
}

TEST(BpeTrainer, DeterministicAcrossChunkSizesAndThreads) {
  auto a = train_corpus("det_a", kVocab);
  auto b = train_corpus("det_b", kVocab, 64);  // tiny chunks: many cuts
  EXPECT_EQ(a.json_text, b.json_text);
  EXPECT_EQ(slurp(a.dir / "tokenizer.json"), slurp(b.dir / "tokenizer.json"));
  EXPECT_EQ(slurp(a.dir / "tokenizer_config.json"), slurp(b.dir / "tokenizer_config.json"));

  // Through files, with 1 and 2 threads, in several files.
  fs::path in = fresh_dir("det_in");
  const std::string c = corpus();
  const size_t third = c.size() / 3;
  size_t cut1 = c.find('\n', third) + 1, cut2 = c.find('\n', 2 * third) + 1;
  fs::create_directories(in / "sub");
  spit(in / "a.txt", c.substr(0, cut1));
  spit(in / "sub" / "b.txt", c.substr(cut1, cut2 - cut1));
  spit(in / "sub" / "c.md", c.substr(cut2));
  auto files = bpe::collect_input_files({in.string()});
  ASSERT_EQ(files.size(), 3u);
  std::string texts[2];
  for (int nt : {1, 2}) {
    ThreadPool pool(nt);
    auto opt = small_opts(kVocab);
    opt.chunk_bytes = 256;
    bpe::CountStats st;
    auto wc = bpe::count_words_in_files(files, opt, pool, &st);
    EXPECT_EQ(st.files, 3u);
    EXPECT_EQ(st.bytes, c.size());
    texts[nt - 1] = bpe::tokenizer_json_text(bpe::train(wc, opt), opt);
  }
  EXPECT_EQ(texts[0], texts[1]);
  EXPECT_EQ(texts[0], a.json_text);  // cut at line starts: same words as in one piece
}

TEST(BpeTrainer, CollectsFilesAndSkipsBinary) {
  fs::path in = fresh_dir("collect");
  fs::create_directories(in / "x" / "y");
  spit(in / "x" / "y" / "deep.txt", "deep words\n");
  spit(in / "top.txt", "top words\n");
  spit(in / "bin.dat", std::string("\x7f" "ELF\0\0\0binary", 13));
  auto files = bpe::collect_input_files({in.string(), (in / "top.txt").string()});
  EXPECT_EQ(files.size(), 3u);  // top.txt listed once
  ThreadPool pool(2);
  bpe::CountStats st;
  auto opt = small_opts(300);
  auto wc = bpe::count_words_in_files(files, opt, pool, &st);
  EXPECT_EQ(st.skipped_binary, 1u);
  EXPECT_EQ(st.files, 2u);
  EXPECT_EQ(wc.at(" words"), 2u);
  EXPECT_THROW(bpe::collect_input_files({(in / "missing").string()}), Error);
}

TEST(BpeTrainer, InvalidUtf8IsRepairedNotFatal) {
  auto opt = small_opts(300);
  bpe::WordCounts wc;
  bpe::count_words("ok \xff\xfe bad", opt, wc);
  EXPECT_TRUE(wc.count("ok"));
  EXPECT_TRUE(wc.count(" bad"));
}

TEST(BpeTrainer, ConfigHasR1TemplateAndSpecials) {
  auto t = train_corpus("config", kVocab);
  json cfg = json::parse(slurp(t.dir / "tokenizer_config.json"));
  json ref = json::parse(slurp(fs::path(DSEEK_SOURCE_DIR) / "tests/fixtures/chat/templates.json"));
  EXPECT_EQ(cfg["chat_template"], ref["templates"]["deepseek-r1"]);
  EXPECT_EQ(cfg["bos_token"]["content"], "<｜begin▁of▁sentence｜>");
  EXPECT_EQ(cfg["eos_token"]["content"], "<｜end▁of▁sentence｜>");
  EXPECT_EQ(cfg["pad_token"]["content"], "<｜▁pad▁｜>");
  auto loaded = load_chat_template(t.dir);
  EXPECT_EQ(loaded.info.kind, ChatTemplateKind::DeepSeekR1);
  EXPECT_TRUE(loaded.info.r1_generation_opens_think);
  // The rendered prompt tokenizes with the specials as single ids.
  Tokenizer tok = Tokenizer::load(t.dir);
  json msgs = json::array({{{"role", "user"}, {"content", "hi"}}});
  auto prompt = render_chat(loaded.info.kind, msgs, render_options_for(loaded, true));
  auto ids = tok.encode(prompt);
  EXPECT_EQ(ids.front(), 0);
  EXPECT_EQ(ids[1], 3);
  EXPECT_EQ(tok.decode(ids), prompt);
}

TEST(BpeTrainer, Cli) {
  fs::path d = fresh_dir("cli");
  spit(d / "corpus.txt", corpus());
  auto run = [](const std::string& args) {
    std::string cmd = std::string(DSEEK_BINARY) + " " + args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    std::string out;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    int st = pclose(p);
    return std::make_pair(WIFEXITED(st) ? WEXITSTATUS(st) : -1, out);
  };
  auto [code, out] = run("tokenizer train --vocab-size " + std::to_string(kVocab + 1) + " --input " +
                         d.string() + " -o " + (d / "out" / "tokenizer.json").string() +
                         " --special '<extra>' -q");
  ASSERT_EQ(code, 0) << out;
  Tokenizer tok = Tokenizer::load(d / "out");
  EXPECT_EQ(tok.vocab_size(), kVocab + 1);
  EXPECT_EQ(tok.token_id("<extra>"), 7);
  EXPECT_TRUE(tok.is_special(7));
  // Same corpus, same options (the extra special shifts ids): deterministic.
  auto [code2, out2] = run("tokenizer train --vocab-size " + std::to_string(kVocab + 1) + " --input " +
                           (d / "corpus.txt").string() + " -o " + (d / "out2").string() +
                           " --special '<extra>' -q --threads 1");
  ASSERT_EQ(code2, 0) << out2;
  EXPECT_EQ(slurp(d / "out" / "tokenizer.json"), slurp(d / "out2" / "tokenizer.json"));
  auto [code3, out3] = run("tokenizer train --vocab-size 100 --input " + d.string() + " -o " +
                           (d / "out3").string());
  EXPECT_EQ(code3, 1) << out3;
  EXPECT_NE(out3.find("--vocab-size"), std::string::npos) << out3;
}
