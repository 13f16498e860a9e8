// test_generator.cpp — end-to-end generation on the MTP fixture: greedy
// decoding equals argmax over the oracle's full-sequence logits; MTP
// speculative decoding gives the identical greedy output; seeds reproduce.
#include <gtest/gtest.h>

#include <filesystem>

#include "model/model.h"
#include "runtime/generator.h"

namespace fs = std::filesystem;
using namespace dseek;

namespace {
const fs::path kMtp = fs::path(DSEEK_SOURCE_DIR) / "tests/fixtures/models/v3_mtp";

std::vector<int32_t> run(const Model& m, Backend& be, const std::vector<int32_t>& prompt, GenerateParams gp,
                         GenerateStats* st = nullptr) {
  std::vector<int32_t> out;
  GenerateStats s = generate(m, be, prompt, gp, [&](int32_t t, const SampleResult&) {
    out.push_back(t);
    return true;
  });
  if (st) *st = s;
  return out;
}
}  // namespace

TEST(Generator, GreedyMatchesOracleAndMtpIsIdentical) {
  Model m = load_model(kMtp.string());
  auto be = make_cpu_backend({.threads = 2});
  const std::vector<int32_t> prompt = {5, 17, 42, 99, 3};
  GenerateParams gp;
  gp.sampling.temperature = 0;
  gp.sampling.max_tokens = 30;
  const std::vector<int32_t> plain = run(m, *be, prompt, gp);
  ASSERT_EQ(plain.size(), 30u);

  // Oracle: recompute the whole sequence with the naive reference each step.
  std::vector<int32_t> seq = prompt;
  for (size_t i = 0; i < plain.size(); ++i) {
    ForwardResult r = forward_reference(m, seq);
    const int64_t V = m.cfg.vocab_size, T = int64_t(seq.size());
    const int32_t best = argmax(std::span<const float>(&r.logits[size_t((T - 1) * V)], size_t(V)));
    ASSERT_EQ(best, plain[i]) << "step " << i;
    seq.push_back(best);
  }

  gp.mtp = true;
  GenerateStats st;
  const std::vector<int32_t> spec = run(m, *be, prompt, gp, &st);
  EXPECT_EQ(spec, plain);
  EXPECT_GT(st.mtp_drafted, 0);
  std::printf("[ mtp ] drafted %lld accepted %lld\n", (long long)st.mtp_drafted, (long long)st.mtp_accepted);
}

TEST(Generator, SeedsReproduceAndStopTokensEnd) {
  Model m = load_model(kMtp.string());
  auto be = make_cpu_backend({.threads = 2});
  const std::vector<int32_t> prompt = {1, 2, 3};
  GenerateParams gp;
  gp.sampling.temperature = 1.0f;
  gp.sampling.top_p = 0.95f;
  gp.sampling.max_tokens = 20;
  gp.sampling.seed = 7;
  const auto a = run(m, *be, prompt, gp), b = run(m, *be, prompt, gp);
  EXPECT_EQ(a, b);
  gp.sampling.seed = 8;
  EXPECT_NE(run(m, *be, prompt, gp), a);
  gp.sampling.seed = 7;
  gp.mtp = true;  // speculative sampling runs and stays within the vocabulary
  for (int32_t t : run(m, *be, prompt, gp)) EXPECT_LT(t, m.cfg.vocab_size);
  gp.mtp = false;
  gp.stop_token_ids = {a[4]};
  GenerateStats st;
  const auto c = run(m, *be, prompt, gp, &st);
  EXPECT_TRUE(st.stopped_by_token);
  EXPECT_LE(c.size(), 5u);
  EXPECT_EQ(c.back(), a[4]);
}

TEST(Generator, BadInputIsAnError) {
  Model m = load_model(kMtp.string());
  auto be = make_cpu_backend({.reference = true});
  GenerateParams gp;
  EXPECT_THROW(run(m, *be, {}, gp), Error);
  gp.sampling.temperature = -1;
  EXPECT_THROW(run(m, *be, {1}, gp), Error);
  gp.sampling.temperature = 0;
  EXPECT_THROW(run(m, *be, {1, int32_t(m.cfg.vocab_size)}, gp), Error);
}
