// test_dequantize.cpp — dequantize_fp8_weights (model/model.h): replacing FP8
// projection weights by exact F32 copies leaves the logits unchanged (up to
// GEMM summation order), on the transformers-made FP8 fixture, and every FP8
// tensor is converted.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include "backend/backend.h"
#include "model/model.h"

using namespace dseek;

TEST(Dequantize, Fp8ToF32KeepsLogits) {
  const std::string dir = std::string(DSEEK_SOURCE_DIR) + "/tests/fixtures/models/v3_fp8";
  Model q = load_model(dir);
  Model f = load_model(dir);
  ASSERT_EQ(q.w.layers[0].self_attn.o_proj.weight.dtype, DType::F8_E4M3);
  const size_t bytes = dequantize_fp8_weights(f);
  EXPECT_GT(bytes, 0u);
  EXPECT_EQ(f.w.layers[0].self_attn.o_proj.weight.dtype, DType::F32);
  EXPECT_EQ(f.w.layers[0].self_attn.o_proj.scale_inv.data, nullptr);
  std::vector<int32_t> toks;
  for (int i = 0; i < 24; ++i) toks.push_back((i * 37 + 5) % int(q.cfg.vocab_size));
  auto be = make_cpu_backend({.threads = 2});
  const ForwardResult a = forward(q, *be, toks), b = forward(f, *be, toks);
  ASSERT_EQ(a.logits.size(), b.logits.size());
  double max_diff = 0, max_ref = 0;
  for (size_t i = 0; i < a.logits.size(); ++i) {
    ASSERT_TRUE(std::isfinite(b.logits[i]));
    max_diff = std::max(max_diff, double(std::abs(a.logits[i] - b.logits[i])));
    max_ref = std::max(max_ref, double(std::abs(a.logits[i])));
  }
  EXPECT_LT(max_diff, 1e-5 * max_ref);
  EXPECT_GT(max_ref, 0.0);
}
