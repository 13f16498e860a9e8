// test_data.cpp — token shards, corpus tokenisation + split, packing
// (segments, restarted positions, targets, SFT masks) and exact loader resume
// (train/data.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/check.h"
#include "core/threadpool.h"
#include "io/tokenizer.h"
#include "train/data.h"

namespace fs = std::filesystem;

namespace dseek::train {
namespace {

using V = std::vector<int32_t>;

fs::path temp_dir(const std::string& tag) {
  const fs::path d = fs::temp_directory_path() / ("dseek_data_" + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::shared_ptr<MemoryDocs> three_docs() {
  auto d = std::make_shared<MemoryDocs>(99);
  d->add({1, 2, 3});
  d->add({4, 5});
  d->add({6});
  return d;
}

TEST(Packing, RowsSegmentsPositionsTargets) {
  LoaderOptions o;
  o.shuffle = false;
  PackedLoader L(three_docs(), o);
  // Stream: 1 2 3 E | 4 5 E | 6 E | 1 2 3 E ...
  Batch b = L.next(2, 4);
  EXPECT_EQ(b.B, 2);
  EXPECT_EQ(b.T, 4);
  EXPECT_EQ(b.tokens, (V{1, 2, 3, 99, /**/ 4, 5, 99, 6}));
  EXPECT_EQ(b.segment, (V{0, 0, 0, 0, /**/ 0, 0, 0, 1}));
  EXPECT_EQ(b.pos, (V{0, 1, 2, 3, /**/ 0, 1, 2, 0}));
  // Last token of a document piece (EOS, or row end) has no target.
  EXPECT_EQ(b.targets, (V{2, 3, 99, -1, /**/ 5, 99, -1, -1}));
  // Document 6 was cut by the row end: its EOS starts the next row as its own segment.
  b = L.next(1, 4);
  EXPECT_EQ(b.tokens, (V{99, 1, 2, 3}));
  EXPECT_EQ(b.segment, (V{0, 1, 1, 1}));
  EXPECT_EQ(b.pos, (V{0, 0, 1, 2}));
  EXPECT_EQ(b.targets, (V{-1, 2, 3, -1}));
  EXPECT_EQ(L.state().epoch, 1);
  EXPECT_THROW(L.next(1, 1), Error);
}

TEST(Packing, SftMaskOnlyAnswerTokens) {
  auto d = std::make_shared<MemoryDocs>(0);
  d->add({11, 12, 13, 14}, {0, 0, 1, 1});  // prompt 11 12, answer 13 14
  LoaderOptions o;
  o.shuffle = false;
  PackedLoader L(d, o);
  const Batch b = L.next(1, 6);
  EXPECT_EQ(b.tokens, (V{11, 12, 13, 14, 0, 11}));
  EXPECT_EQ(b.targets, (V{-1, 13, 14, 0, -1, -1}));  // predicting prompt tokens: no loss; EOS after answer: loss
  EXPECT_EQ(b.segment, (V{0, 0, 0, 0, 0, 1}));
}

TEST(Packing, SharedPrefixRowsKeepWholeDocumentsBehindOnePrefix) {
  auto d = std::make_shared<MemoryDocs>(0);
  d->add({7, 8, 9, 21, 22}, {0, 0, 0, 0, 1});      // system 7 8 9 | user 21 | answer 22
  d->add({7, 8, 9, 31, 32, 33}, {0, 0, 0, 0, 0, 1});
  d->add({7, 8, 5, 41, 42}, {0, 0, 0, 0, 1});
  auto e = std::make_shared<MemoryDocs>(*d);
  EXPECT_EQ(split_common_prefix(*d), (V{7, 8}));  // the third document differs at 5
  EXPECT_EQ(std::vector<int32_t>(d->tokens_of(0).begin(), d->tokens_of(0).end()), (V{9, 21, 22}));
  // The learned token and the one before it are never shared.
  auto f = std::make_shared<MemoryDocs>(0);
  f->add({7, 8, 9}, {0, 0, 1});
  f->add({7, 8, 9}, {0, 0, 1});
  EXPECT_EQ(split_common_prefix(*f), (V{7}));

  LoaderOptions o;
  o.shuffle = false;
  o.shared_prefix = {7, 8};
  PackedLoader L(d, o);
  const Batch b = L.next(2, 8);
  EXPECT_EQ(b.shared_prefix, 2);
  // Row 0: prefix | doc0 + EOS (4) | doc1 (5 tokens) does not fit -> EOS padding.
  EXPECT_EQ(b.tokens, (V{7, 8, 9, 21, 22, 0, 0, 0, /**/ 7, 8, 9, 31, 32, 33, 0, 0}));
  EXPECT_EQ(b.segment, (V{0, 0, 1, 1, 1, 1, 2, 2, /**/ 0, 0, 1, 1, 1, 1, 1, 2}));
  EXPECT_EQ(b.pos, (V{0, 1, 2, 3, 4, 5, 2, 2, /**/ 0, 1, 2, 3, 4, 5, 6, 2}));
  EXPECT_EQ(b.targets, (V{-1, -1, -1, 22, 0, -1, -1, -1, /**/ -1, -1, -1, -1, 33, 0, -1, -1}));
  // A document that can never fit is an error, not an endless loop.
  EXPECT_THROW(L.next(1, 5), Error);
}

TEST(Packing, ShuffleIsAPermutationPerEpochAndDeterministic) {
  auto d = std::make_shared<MemoryDocs>(1000);
  for (int i = 0; i < 50; ++i) d->add({i});
  LoaderOptions o;
  o.seed = 5;
  PackedLoader a(d, o), b(d, o);
  o.seed = 6;
  PackedLoader c(d, o);
  // Each document is (id, EOS): 100 tokens per epoch.
  const Batch ba = a.next(1, 100), bb = b.next(1, 100), bc = c.next(1, 100);
  EXPECT_EQ(ba.tokens, bb.tokens);
  EXPECT_NE(ba.tokens, bc.tokens);
  std::set<int32_t> seen;
  for (size_t i = 0; i < 100; i += 2) seen.insert(ba.tokens[i]);
  EXPECT_EQ(seen.size(), 50u);
  EXPECT_EQ(a.state().epoch, 1);
  const Batch e2 = a.next(1, 100);
  EXPECT_NE(e2.tokens, ba.tokens);  // a new order in epoch 2
}

TEST(Packing, ResumeFromStateIsExact) {
  auto d = std::make_shared<MemoryDocs>(7);
  for (int i = 0; i < 23; ++i) {
    V doc;
    for (int k = 0; k < 1 + (i * 5) % 11; ++k) doc.push_back(100 + i * 20 + k);
    d->add(doc);
  }
  LoaderOptions o;
  o.seed = 3;
  PackedLoader a(d, o);
  for (int i = 0; i < 7; ++i) a.next(3, 9);
  const LoaderState s = a.state();
  PackedLoader b(d, o);
  b.set_state(s);
  for (int i = 0; i < 20; ++i) {
    const Batch x = a.next(2, 13), y = b.next(2, 13);
    ASSERT_EQ(x.tokens, y.tokens) << i;
    ASSERT_EQ(x.targets, y.targets) << i;
    ASSERT_EQ(x.segment, y.segment) << i;
    ASSERT_EQ(x.pos, y.pos) << i;
  }
  EXPECT_GE(a.state().epoch, 1);
  EXPECT_THROW(b.set_state({0, 23, 0}), Error);
  EXPECT_THROW(b.set_state({0, 0, 1000}), Error);
}

TEST(Shards, WriteReadAndReject) {
  const fs::path d = temp_dir("shard");
  const V toks{5, 6, 7, 1, 8, 1};
  write_token_shard((d / "a.bin").string(), toks, 2);
  TokenShard s((d / "a.bin").string());
  EXPECT_EQ(V(s.tokens().begin(), s.tokens().end()), toks);
  EXPECT_EQ(s.num_docs(), 2);
  EXPECT_EQ(fs::file_size(d / "a.bin"), kShardHeaderBytes + 4 * toks.size());
  {  // truncated
    std::ofstream f(d / "b.bin", std::ios::binary);
    std::ifstream in(d / "a.bin", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(in)), {});
    f << all.substr(0, all.size() - 2);
  }
  EXPECT_THROW(TokenShard((d / "b.bin").string()), Error);
  {
    std::ofstream f(d / "c.bin", std::ios::binary);
    f << "not a shard at all, definitely not, no no no";
  }
  EXPECT_THROW(TokenShard((d / "c.bin").string()), Error);
  EXPECT_THROW(write_token_shard((d / "n.bin").string(), V{-1}, 1), Error);
  fs::remove_all(d);
}

TEST(Corpus, SplitDocuments) {
  EXPECT_EQ(split_documents("  a\nb \n\n\n c \n  \n", true), (std::vector<std::string>{"a\nb", "c"}));
  EXPECT_EQ(split_documents("  a\nb \n\n c", false), (std::vector<std::string>{"a\nb \n\n c"}));
  EXPECT_TRUE(split_documents(" \n\n", true).empty());
}

TEST(Corpus, TokenizeShardsSplitAndReadBack) {
  const fs::path d = temp_dir("corpus");
  fs::create_directories(d / "in" / "sub");
  std::string expect_all;
  for (int i = 0; i < 40; ++i) {
    std::ofstream f(d / "in" / (i % 2 ? "sub" : "") / ("f" + std::to_string(i) + ".txt"));
    f << "paragraph one of file " << i << "\n\nparagraph two of file " << i << "\n";
  }
  TokenizeOptions o;
  o.paragraphs = true;
  o.val_fraction = 0.25;
  o.eos_id = kByteEos;
  o.vocab_size = 257;
  o.shard_tokens = 500;
  o.progress = false;
  ThreadPool pool(2);
  const TokenizeStats st = tokenize_corpus({(d / "in").string()}, encode_bytes, (d / "out").string(), o, &pool);
  EXPECT_EQ(st.files, 40);
  EXPECT_EQ(st.docs[0] + st.docs[1], 80);
  EXPECT_GT(st.docs[1], 5);   // ~20 expected
  EXPECT_GT(st.docs[0], 40);
  EXPECT_GT(st.shards[0], 1);
  ShardDocs train((d / "out").string(), "train"), val((d / "out").string(), "val");
  EXPECT_EQ(train.size(), st.docs[0]);
  EXPECT_EQ(val.size(), st.docs[1]);
  EXPECT_EQ(train.num_tokens() + val.num_tokens(), st.tokens[0] + st.tokens[1]);
  EXPECT_EQ(train.eos_id(), kByteEos);
  // Every document decodes back to a paragraph, in the split its hash chose.
  for (const auto* src : {&train, &val})
    for (int64_t i = 0; i < src->size(); ++i) {
      const Document doc = src->doc(i);
      std::string text;
      for (int32_t t : doc.tokens) text.push_back(char(t));
      EXPECT_EQ(text.rfind("paragraph ", 0), 0u) << text;
      EXPECT_EQ(is_validation_doc(text, 0, 0.25), src == &val) << text;
    }
  // Same input, same output.
  const TokenizeStats st2 = tokenize_corpus({(d / "in").string()}, encode_bytes, (d / "out2").string(), o, nullptr);
  EXPECT_EQ(st2.docs[1], st.docs[1]);
  const auto meta = read_dataset_meta((d / "out").string());
  EXPECT_EQ(meta.vocab_size, 257);
  EXPECT_EQ(meta.train.size(), size_t(st.shards[0]));
  fs::remove_all(d);
}

TEST(Corpus, SftJsonl) {
  const fs::path d = temp_dir("sft");
  {
    std::ofstream f(d / "a.jsonl");
    f << R"({"prompt": "Q: hi\n", "answer": "A: yo"})" << "\n\n" << R"({"prompt": "", "answer": "z"})" << "\n";
  }
  auto docs = load_sft_jsonl((d / "a.jsonl").string(), encode_bytes, kByteEos);
  ASSERT_EQ(docs->size(), 2);
  const Document x = docs->doc(0);
  EXPECT_EQ(x.tokens.size(), 11u);
  EXPECT_EQ(std::vector<uint8_t>(x.loss_mask.begin(), x.loss_mask.end()),
            (std::vector<uint8_t>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  {
    std::ofstream f(d / "bad.jsonl");
    f << R"({"prompt": 3, "answer": "x"})" << "\n";
  }
  EXPECT_THROW(load_sft_jsonl((d / "bad.jsonl").string(), encode_bytes, kByteEos), Error);
  fs::remove_all(d);
}

TEST(Corpus, ByteTokenizerJsonMatchesEncodeBytes) {
  const Tokenizer t = Tokenizer::from_json_text(byte_tokenizer_json(), byte_tokenizer_config_json());
  const std::string text = "h\xc3\xa9llo, world!\n\t \x01~";
  EXPECT_EQ(t.encode(text), encode_bytes(text));
  EXPECT_EQ(t.eos_id(), kByteEos);
  EXPECT_FALSE(t.bos_id().has_value());
  EXPECT_EQ(t.vocab_size(), 257u);
  EXPECT_EQ(t.decode(encode_bytes(text)), text);
}

}  // namespace
}  // namespace dseek::train
