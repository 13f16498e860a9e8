// test_fixtures.cpp — the whole model against transformers: every fixture in
// tests/fixtures/models/<name>/ (made by scripts/fixtures/make_model_fixtures.py
// on the GPU machine) must reproduce HF's logits with
// max|diff| / max|ref| <= 1e-4 at every position, and MTP logits where present.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "io/npy.h"
#include "io/safetensors.h"
#include "model/model.h"
#include "fixture_util.h"

namespace fs = std::filesystem;
using namespace dseek;

namespace {

const fs::path kFixtures = test::fixtures_dir();
std::vector<std::string> fixture_names() { return test::fixture_names("logits.npy"); }

std::vector<int32_t> read_tokens(const fs::path& p) {
  std::ifstream f(p);
  nlohmann::json j = nlohmann::json::parse(f);
  return j.get<std::vector<int32_t>>();
}

// max|a-b| / max|ref|, failing on any NaN/Inf and on size mismatch.
double rel_err(const std::vector<float>& got, const std::vector<float>& ref) {
  EXPECT_EQ(got.size(), ref.size());
  double md = 0, mr = 0;
  for (size_t i = 0; i < std::min(got.size(), ref.size()); ++i) {
    if (!std::isfinite(got[i]) || !std::isfinite(ref[i])) return INFINITY;
    md = std::max(md, double(std::fabs(got[i] - ref[i])));
    mr = std::max(mr, double(std::fabs(ref[i])));
  }
  return mr > 0 ? md / mr : md;
}

}  // namespace

TEST(ModelFixtures, FixturesExist) {
  // The suite must not pass vacuously.
  EXPECT_GE(fixture_names().size(), 4u) << "missing fixtures in " << kFixtures;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, LogitsMatchTransformers) {
  const fs::path dir = kFixtures / GetParam();
  Model m = load_model(dir.string());
  const std::vector<int32_t> tokens = read_tokens(dir / "tokens.json");
  NpyArray ref = read_npy_f32((dir / "logits.npy").string());
  ASSERT_EQ(ref.shape, (std::vector<int64_t>{int64_t(tokens.size()), m.cfg.vocab_size}));
  ForwardResult r = forward_reference(m, tokens);
  const double err = rel_err(r.logits, ref.data);
  EXPECT_LE(err, 1e-4) << GetParam();
  std::printf("[ fixture ] %-20s T=%zu  max|diff|/max|ref| = %.3g\n", GetParam().c_str(), tokens.size(), err);

  // Per-position check too: a bug at late positions (past YaRN's original
  // context) must not hide behind the global maximum.
  const int64_t V = m.cfg.vocab_size;
  for (size_t t = 0; t < tokens.size(); ++t) {
    std::vector<float> g(r.logits.begin() + int64_t(t) * V, r.logits.begin() + int64_t(t + 1) * V);
    std::vector<float> f(ref.data.begin() + int64_t(t) * V, ref.data.begin() + int64_t(t + 1) * V);
    ASSERT_LE(rel_err(g, f), 2e-4) << GetParam() << " position " << t;
  }

  if (fs::exists(dir / "mtp_logits.npy")) {
    ASSERT_FALSE(m.w.mtp.empty()) << "fixture has mtp_logits.npy but no MTP layer was bound";
    NpyArray mref = read_npy_f32((dir / "mtp_logits.npy").string());
    std::vector<float> ml = mtp_forward_reference(m, 0, tokens, r.hidden);
    const double merr = rel_err(ml, mref.data);
    EXPECT_LE(merr, 1e-4) << GetParam() << " (MTP)";
    std::printf("[ fixture ] %-20s MTP max|diff|/max|ref| = %.3g\n", GetParam().c_str(), merr);
  }
}

TEST_P(FixtureTest, PoisonedWeightIsDetected) {
  // The comparison can fail: flip the sign of one element of model.norm.weight
  // in a copy of the checkpoint and expect the logits to miss the reference.
  const fs::path src = kFixtures / GetParam();
  const fs::path dir = fs::temp_directory_path() / ("dseek_poison_" + GetParam());
  fs::remove_all(dir);
  fs::copy(src, dir, fs::copy_options::recursive);
  bool found = false;
  for (auto& ent : fs::directory_iterator(dir)) {
    if (ent.path().extension() != ".safetensors") continue;
    std::vector<uint8_t> bytes;
    {
      std::ifstream f(ent.path(), std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    SafetensorsHeader h = parse_safetensors_header(bytes.data(), bytes.size(), ent.path().string());
    for (const auto& e : h.tensors)
      if (e.name == "model.norm.weight") {
        bytes[h.data_offset + e.begin + dtype_size(e.dtype) - 1] ^= 0x80;  // sign bit of element 0
        found = true;
        std::ofstream f(ent.path(), std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
      }
  }
  ASSERT_TRUE(found);
  Model m = load_model(dir.string());
  const std::vector<int32_t> tokens = read_tokens(dir / "tokens.json");
  NpyArray ref = read_npy_f32((dir / "logits.npy").string());
  EXPECT_GT(rel_err(forward_reference(m, tokens).logits, ref.data), 1e-3);
  fs::remove_all(dir);
}

TEST(ModelFixtures, RelErrRejectsNaN) {
  std::vector<float> a{1.0f, 2.0f}, b{1.0f, NAN};
  EXPECT_TRUE(std::isinf(rel_err(b, a)));
}

INSTANTIATE_TEST_SUITE_P(All, FixtureTest, ::testing::ValuesIn(fixture_names()),
                         [](const auto& info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(FixtureTest);
