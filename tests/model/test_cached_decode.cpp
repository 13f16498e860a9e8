// test_cached_decode.cpp — the absorbed MLA over the latent cache (and the fast
// CPU backend) against the naive full-sequence oracle: prefill a prefix, then
// decode token by token; every position's logits must equal the full-sequence
// logits (fp32 tolerance). Same for the MTP module with its own cache slot.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "model/model.h"
#include "fixture_util.h"

namespace fs = std::filesystem;
using namespace dseek;

namespace {
const fs::path kFixtures = test::fixtures_dir();
std::vector<std::string> names() { return test::fixture_names(); }
double rel(const float* a, const float* b, int64_t n) { return test::rel_error(a, b, n); }

void check_incremental(const Model& m, Backend& be, const std::vector<int32_t>& tok, const ForwardResult& full,
                       int64_t prefix, const std::string& what) {
  const int64_t T = int64_t(tok.size()), V = m.cfg.vocab_size;
  LatentCache cache = make_cache(m, 4);  // deliberately small: must grow
  cache.reserve(T);
  ForwardResult r = forward(m, be, std::span(tok).first(size_t(prefix)), {.cache = &cache});
  for (int64_t t = 0; t < prefix; ++t)
    ASSERT_LE(rel(&r.logits[size_t(t * V)], &full.logits[size_t(t * V)], V), 1e-4) << what << " prefill pos " << t;
  for (int64_t t = prefix; t < T; ++t) {
    ForwardResult s = forward(m, be, std::span(tok).subspan(size_t(t), 1), {.cache = &cache, .all_logits = false});
    ASSERT_EQ(s.logits.size(), size_t(V));
    ASSERT_LE(rel(s.logits.data(), &full.logits[size_t(t * V)], V), 1e-4) << what << " decode pos " << t;
  }
  EXPECT_EQ(cache.length(0), T);
}
}  // namespace

class CachedDecode : public ::testing::TestWithParam<std::string> {};

TEST_P(CachedDecode, IncrementalEqualsFullSequence) {
  const fs::path dir = kFixtures / GetParam();
  Model m = load_model(dir.string());
  std::ifstream f(dir / "tokens.json");
  const std::vector<int32_t> tok = nlohmann::json::parse(f).get<std::vector<int32_t>>();
  const ForwardResult full = forward_reference(m, tok);
  auto ref = make_cpu_backend({.reference = true});
  auto fast = make_cpu_backend({.threads = 2});
  check_incremental(m, *ref, tok, full, 1, "reference/absorbed");
  check_incremental(m, *fast, tok, full, int64_t(tok.size()) / 3, "fast/absorbed");
  // Fast backend, naive attention, whole sequence.
  ForwardResult nf = forward(m, *fast, tok);
  EXPECT_LE(rel(nf.logits.data(), full.logits.data(), int64_t(full.logits.size())), 1e-4);

  if (m.w.mtp.empty()) return;
  // MTP: cached, one row at a time, vs the reference over the whole sequence.
  const std::vector<float> mref = mtp_forward_reference(m, 0, tok, full.hidden);
  const int64_t T = int64_t(tok.size()) - 1, V = m.cfg.vocab_size, Hd = m.cfg.hidden_size;
  LatentCache cache = make_cache(m, T + 1);
  for (int64_t t = 0; t < T; ++t) {
    std::vector<float> l = mtp_forward(m, *fast, 0, std::span(tok).subspan(size_t(t + 1), 1),
                                       &full.hidden[size_t(t * Hd)], {.cache = &cache, .all_logits = false});
    ASSERT_LE(rel(l.data(), &mref[size_t(t * V)], V), 1e-4) << "MTP pos " << t;
  }
}

TEST(CachedDecode, ContextLimitIsAnError) {
  Model m = load_model((kFixtures / "v3_yarn").string());
  auto be = make_cpu_backend({.reference = true});
  std::vector<int32_t> tok(size_t(m.cfg.max_position_embeddings + 1), 1);
  EXPECT_THROW(forward(m, *be, tok), Error);
  LatentCache cache = make_cache(m, 2);
  EXPECT_THROW(forward(m, *be, std::span(tok).first(3), {.cache = &cache}), Error);  // over capacity
}

INSTANTIATE_TEST_SUITE_P(All, CachedDecode, ::testing::ValuesIn(names()),
                         [](const auto& info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CachedDecode);

TEST(CachedDecode, BatchedSegmentsEqualSeparateRuns) {
  // Continuous batching: one forward over rows of three sequences at different
  // cache depths (decode, chunked prefill, decode) equals three separate runs.
  Model m = load_model((kFixtures / "v3_yarn").string());
  auto be = make_cpu_backend({.threads = 2});
  const std::vector<int32_t> a = {3, 9, 27, 81, 5}, b = {7, 1, 4, 1, 5, 9, 2, 6}, c = {11, 13};
  const int64_t V = m.cfg.vocab_size;
  // Separate: prefill all but the step's tokens, then the step.
  std::vector<float> want;
  auto solo = [&](const std::vector<int32_t>& s, size_t step) {
    LatentCache cache = make_cache(m, 16);
    forward(m, *be, std::span(s).first(s.size() - step), {.cache = &cache});
    ForwardResult r = forward(m, *be, std::span(s).last(step), {.cache = &cache, .all_logits = false});
    want.insert(want.end(), r.logits.begin(), r.logits.end());
  };
  solo(a, 1);
  solo(b, 3);
  solo(c, 1);
  // Batched: same prefixes, then one forward over the concatenated step rows.
  LatentCache ca = make_cache(m, 16), cb = make_cache(m, 16), cc = make_cache(m, 16);
  forward(m, *be, std::span(a).first(4), {.cache = &ca});
  forward(m, *be, std::span(b).first(5), {.cache = &cb});
  forward(m, *be, std::span(c).first(1), {.cache = &cc});
  const std::vector<int32_t> rows = {a[4], b[5], b[6], b[7], c[1]};
  const CacheSegment segs[3] = {{&ca, 0, 1}, {&cb, 1, 3}, {&cc, 4, 1}};
  ForwardResult r = forward(m, *be, rows, {.segments = segs, .all_logits = false});
  ASSERT_EQ(r.logits.size(), size_t(3 * V));
  EXPECT_LE(rel(r.logits.data(), want.data(), 3 * V), 1e-5);
  EXPECT_EQ(ca.length(0), 5);
  EXPECT_EQ(cb.length(0), 8);
  EXPECT_EQ(cc.length(0), 2);
  const CacheSegment bad[2] = {{&ca, 0, 2}, {&cb, 1, 3}};  // overlapping rows
  EXPECT_THROW(forward(m, *be, std::span(rows).first(4), {.segments = bad, .all_logits = false}), Error);
}
