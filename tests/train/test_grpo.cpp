// test_grpo.cpp — GRPO (train/grpo.h) on the micro model with the byte
// tokenizer: the policy must learn what a rule-based reward asks for (here:
// answers made of lowercase letters, ~10% of random bytes), the first step's
// KL to the reference is 0 (policy == reference), and bad options are errors.
// Also the intent reward rule (apps/intent/labels.h).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "apps/intent/labels.h"
#include "core/check.h"
#include "core/threadpool.h"
#include "train/data.h"
#include "train/grpo.h"
#include "train/trainer.h"

using namespace dseek;
using namespace dseek::train;

namespace {

std::shared_ptr<const Tokenizer> byte_tokenizer(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "tokenizer.json") << byte_tokenizer_json();
  std::ofstream(dir / "tokenizer_config.json") << byte_tokenizer_config_json();
  return std::make_shared<const Tokenizer>(Tokenizer::load(dir.string()));
}

double lowercase_share(const std::string& c, const std::string&, bool) {
  if (c.empty()) return 0.0;
  double n = 0;
  for (char ch : c) n += (ch >= 'a' && ch <= 'z') ? 1 : 0;
  return n / double(c.size());
}

}  // namespace

TEST(Grpo, PolicyLearnsTheRewardedBehaviour) {
  const auto dir = std::filesystem::temp_directory_path() / ("dseek_grpo_test_" + std::to_string(getpid()));
  auto tok = byte_tokenizer(dir / "tok");
  std::vector<GrpoExample> data;
  for (const char* q : {"System: answer.\nQ: one\nA:", "System: answer.\nQ: two\nA:", "System: answer.\nQ: three\nA:"})
    data.push_back({q, "x"});
  GrpoOptions o;
  o.prompts = 3;
  o.group = 8;
  o.max_new_tokens = 4;
  o.lr = 3e-3f;
  o.beta = 0.0f;
  o.seq = 128;
  o.seed = 1;
  o.progress = false;
  ThreadPool pool(2);
  GrpoTrainer g(init_params(training_model_config("micro"), 3), tok, data, lowercase_share, o, &pool);
  double first = 0, last = 0;
  const int steps = 40;
  for (int s = 0; s < steps; ++s) {
    const GrpoStepRecord r = g.step();
    ASSERT_TRUE(std::isfinite(r.mean_reward) && std::isfinite(r.kl));
    if (s == 0) {
      EXPECT_NEAR(r.kl, 0.0, 1e-6);  // the policy starts as the reference
    }
    if (s < 5) first += r.mean_reward / 5;
    if (s >= steps - 5) last += r.mean_reward / 5;
  }
  EXPECT_LT(first, 0.25);
  EXPECT_GT(last, first + 0.25) << "GRPO did not raise the reward: " << first << " -> " << last;
  std::filesystem::remove_all(dir);
}

TEST(Grpo, RejectsBadOptions) {
  const auto dir = std::filesystem::temp_directory_path() / ("dseek_grpo_bad_" + std::to_string(getpid()));
  auto tok = byte_tokenizer(dir / "tok");
  GrpoOptions o;
  o.group = 1;  // no group statistics with one sample
  EXPECT_THROW(GrpoTrainer(init_params(training_model_config("micro"), 3), tok, {{"Q:", "x"}}, lowercase_share, o,
                           nullptr),
               Error);
  o.group = 4;
  o.seq = 16;
  EXPECT_THROW(GrpoTrainer(init_params(training_model_config("micro"), 3), tok,
                           {{std::string(40, 'q'), "x"}}, lowercase_share, o, nullptr),
               Error);  // prompt + answer cannot fit a row
  std::filesystem::remove_all(dir);
}

TEST(IntentReward, ExactLabelAndFormat) {
  EXPECT_DOUBLE_EQ(intent::label_reward("Price Negotiation", "Price Negotiation", true), 1.2);
  EXPECT_DOUBLE_EQ(intent::label_reward("Product Details", "Price Negotiation", true), 0.2);
  EXPECT_DOUBLE_EQ(intent::label_reward("Price Negotiation", "Price Negotiation", false), 0.0);  // no EOS
  EXPECT_DOUBLE_EQ(intent::label_reward("Price Negotiation!", "Price Negotiation", true), 0.0);
  EXPECT_DOUBLE_EQ(intent::label_reward("", "Price Negotiation", true), 0.0);
}
