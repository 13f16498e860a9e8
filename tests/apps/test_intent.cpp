// test_intent.cpp — intent task plumbing: labels, answer parsing, priority,
// the evaluation metrics (against hand-computed values) and JSONL errors.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "apps/intent/eval.h"
#include "apps/intent/labels.h"
#include "core/check.h"

using namespace dseek;
using namespace dseek::intent;

TEST(Intent, LabelsAndPriority) {
  EXPECT_EQ(kLabels.size(), 7u);
  EXPECT_EQ(label_index("Price Negotiation"), 3);
  EXPECT_FALSE(label_index("price negotiation").has_value());
  EXPECT_EQ(resolve_priority({4, 3, 6}), 3);  // Price Negotiation beats Details/Availability
  EXPECT_EQ(resolve_priority({2, 1}), 1);     // Prompt Injection beats Offensive
  EXPECT_EQ(resolve_priority({0, 1}), 0);     // Irrelevant first
  EXPECT_FALSE(resolve_priority({}).has_value());
}

TEST(Intent, ParsesModelAnswers) {
  EXPECT_EQ(parse_label_answer("Prompt Injection"), 1);
  EXPECT_EQ(parse_label_answer("<think>maybe Product Details?</think>\n\nPrice Negotiation ✓"), 3);
  EXPECT_EQ(parse_label_answer("Negotiation"), 3);
  EXPECT_EQ(parse_label_answer("the answer is: product condition."), 5);
  EXPECT_FALSE(parse_label_answer("I cannot help with that").has_value());
}

TEST(Intent, MetricsOnKnownPredictions) {
  std::vector<LabeledExample> data = {{"a", 0}, {"b", 0}, {"c", 1}, {"d", 1}};
  // Predict: a->0, b->1, c->1, d->fail
  auto pred = [](const std::string& t, double* ms) {
    *ms = t == "a" ? 1 : t == "b" ? 2 : t == "c" ? 3 : 4;
    if (t == "d") throw Error("endpoint down");
    return t == "a" ? 0 : 1;
  };
  EvalReport r = evaluate("fake", data, pred, false);
  EXPECT_EQ(r.n, 4);
  EXPECT_EQ(r.correct, 2);
  EXPECT_EQ(r.failed, 1);
  EXPECT_DOUBLE_EQ(r.accuracy, 0.5);
  // label 0: tp1 fp0 fn1 -> f1 2/3; label 1: tp1 fp1 fn1 -> f1 1/2; others 0.
  EXPECT_NEAR(r.macro_f1, (2.0 / 3 + 0.5) / 7, 1e-12);
  EXPECT_EQ(r.confusion[1][7], 1);
  EXPECT_DOUBLE_EQ(r.p50_ms, 3);
  EXPECT_NE(format_table({r}).find("50.0%"), std::string::npos);
}

TEST(Intent, SeedAndSplitsAreWellFormed) {
  const std::filesystem::path d = std::filesystem::path(DSEEK_SOURCE_DIR) / "data/intent";
  for (const char* f : {"seed.jsonl", "train.jsonl", "dev.jsonl", "test.jsonl"}) {
    auto ex = read_labeled_jsonl((d / f).string());
    EXPECT_GT(ex.size(), 0u) << f;
  }
  auto seed = read_labeled_jsonl((d / "seed.jsonl").string());
  bool saw_injection = false;
  for (auto& e : seed)
    if (e.text.find("ignore what I asked") != std::string::npos) {
      EXPECT_EQ(e.label, 1);
      saw_injection = true;
    }
  EXPECT_TRUE(saw_injection);
}

TEST(Intent, BadJsonlLinesNameTheLine) {
  const std::string p = (std::filesystem::temp_directory_path() / "dseek_bad.jsonl").string();
  std::ofstream(p) << "{\"text\": \"hi\", \"label\": \"Product Details\"}\n{not json}\n";
  try {
    read_labeled_jsonl(p);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(":2:"), std::string::npos) << e.what();
  }
  std::ofstream(p) << "{\"text\": \"hi\", \"label\": \"Nope\"}\n";
  EXPECT_THROW(read_labeled_jsonl(p), Error);
}
