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
#include "backend/cpu/cpu_features.h"
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

// prepack_bf16_weights: every projection gets bf16 panels (not the head), and logits with
// --bf16-activations agree with and without them to bf16 tolerance (matrices of 5-7 rows take the
// packed kernel instead of a GEMV that applies FP8 scales after the bf16 products), for the
// FP8 fixture and the embedded (FP8) intent model, with a prompt long enough for the packed
// prefill kernel (F32 fixtures have nothing to pack; BF16 weights: Gemm.PrepackedBf16*).
TEST(Dequantize, Bf16PanelsKeepBf16xLogits) {
  if (!cpu::bf16x_supported(cpu::CpuIsa::Avx512)) GTEST_SKIP() << "no avx512_bf16";
  for (const char* name : {"tests/fixtures/models/v3_fp8", "models/dseek-intent"}) {
    const std::string dir = std::string(DSEEK_SOURCE_DIR) + "/" + name;
    Model a = load_model(dir), b = load_model(dir);
    ThreadPool pool(2);
    const size_t bytes = prepack_bf16_weights(b, pool);
    EXPECT_EQ(bytes, bf16_panel_bytes(a)) << name;
    EXPECT_GT(bytes, 0u) << name;
    EXPECT_EQ(bf16_panel_bytes(b), 0u) << name;  // nothing left to pack
    EXPECT_NE(b.w.layers[0].self_attn.o_proj.packed_bf16, nullptr) << name;
    EXPECT_EQ(b.w.lm_head.packed_bf16, nullptr) << name;
    std::vector<int32_t> toks;
    for (int i = 0; i < 40; ++i) toks.push_back((i * 37 + 5) % int(a.cfg.vocab_size));
    auto be = make_cpu_backend({.threads = 2, .bf16_activations = true});
    const ForwardResult ra = forward(a, *be, toks), rb = forward(b, *be, toks);
    ASSERT_EQ(ra.logits.size(), rb.logits.size());
    double max_diff = 0, max_ref = 0;
    for (size_t i = 0; i < ra.logits.size(); ++i) {
      ASSERT_TRUE(std::isfinite(rb.logits[i])) << name << " at " << i;
      max_diff = std::max(max_diff, double(std::abs(ra.logits[i] - rb.logits[i])));
      max_ref = std::max(max_ref, double(std::abs(ra.logits[i])));
    }
    EXPECT_GT(max_ref, 0.0) << name;
    EXPECT_LE(max_diff, 1e-2 * max_ref) << name;
  }
}
