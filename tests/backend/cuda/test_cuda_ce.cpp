// test_cuda_ce.cpp — the training cross-entropy kernel (k_train_ce.cu: cross_entropy) against a
// float64 reference, every element: the loss per row and the logits' gradient in fp32 (separate
// and in place over the logits) and in BF16, with ignored rows and per-row weights, over vocab sizes
// that take each register width of the one-read kernel and the three-pass fallback (too wide, or
// not a multiple of 4). Outputs start as NaN, so a skipped element fails. Skipped without CUDA.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"
#include "kernel_test_util.h"

using namespace dseek;
namespace tk = dseek::cu::tk;
using dseek::test::download;
using dseek::test::nan_buffer;
using dseek::test::upload;

namespace {

TEST(CudaCrossEntropy, MatchesFloat64EveryElement) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(11);
  std::normal_distribution<float> nd(0.0f, 3.0f);
  const int64_t rows = 6;
  // 4, 1000: one float4 a thread; 8192: eight; 16384: sixteen; 16388: too wide for registers;
  // 259: not a multiple of 4.
  for (const int64_t V : {int64_t(4), int64_t(1000), int64_t(8192), int64_t(16384), int64_t(16388), int64_t(259)}) {
    for (const bool weighted : {false, true}) {
      SCOPED_TRACE(testing::Message() << "V " << V << (weighted ? " row weights" : ""));
      std::vector<float> lg(static_cast<size_t>(rows * V)), rw(static_cast<size_t>(rows));
      for (float& f : lg) f = nd(rng);
      lg[size_t(V / 2)] = 60.0f;  // a dominant logit: the max must be subtracted
      std::vector<int32_t> tg(static_cast<size_t>(rows));
      for (int64_t r = 0; r < rows; ++r) {
        tg[size_t(r)] = int32_t(rng() % uint64_t(V));
        rw[size_t(r)] = 0.25f + 0.5f * float(r);
      }
      tg[2] = -1;                  // ignored row
      tg[4] = int32_t(V - 1);      // the last logit
      const float scale = 1.0f / 5.0f;
      DevMem dL = upload(lg), dT = upload(tg), dW = upload(rw), dInPlace = upload(lg);
      DevMem loss = nan_buffer(size_t(rows) * 4), loss2 = nan_buffer(size_t(rows) * 4),
             loss3 = nan_buffer(size_t(rows) * 4);
      DevMem g32 = nan_buffer(lg.size() * 4), g16 = nan_buffer(lg.size() * 2);
      const float* w = weighted ? dW.as<float>() : nullptr;
      tk::cross_entropy(dL.as<float>(), dT.as<int32_t>(), w, rows, V, scale, loss.as<float>(), g32.as<float>(), nullptr);
      tk::cross_entropy(dL.as<float>(), dT.as<int32_t>(), w, rows, V, scale, loss2.as<float>(), nullptr, nullptr,
                        g16.as<uint16_t>());
      tk::cross_entropy(dInPlace.as<float>(), dT.as<int32_t>(), w, rows, V, scale, loss3.as<float>(),
                        dInPlace.as<float>(), nullptr);
      DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
      const auto l1 = download<float>(loss), l2 = download<float>(loss2), l3 = download<float>(loss3);
      const auto a = download<float>(g32), c = download<float>(dInPlace);
      const auto b = download<uint16_t>(g16);
      int64_t bad = 0;
      auto near = [&](double got, double ref, double rel, double abs_tol) {
        if (!std::isfinite(got) || std::abs(got - ref) > rel * std::abs(ref) + abs_tol) ++bad;
      };
      for (int64_t r = 0; r < rows; ++r) {
        const float* l = lg.data() + r * V;
        const int32_t t = tg[size_t(r)];
        double m = -INFINITY, s = 0;
        for (int64_t i = 0; i < V; ++i) m = std::max(m, double(l[i]));
        for (int64_t i = 0; i < V; ++i) s += std::exp(double(l[i]) - m);
        const double lse = m + std::log(s), wr = weighted ? rw[size_t(r)] : 1.0, k = weighted ? wr : scale;
        const double lref = t < 0 ? 0.0 : wr * (lse - l[t]);
        for (const auto* lv : {&l1, &l2, &l3}) near((*lv)[size_t(r)], lref, 1e-5, 1e-5);
        for (int64_t i = 0; i < V; ++i) {
          const double g = t < 0 ? 0.0 : k * (std::exp(double(l[i]) - lse) - (i == t ? 1.0 : 0.0));
          const size_t j = size_t(r * V + i);
          near(a[j], g, 1e-5, 1e-9);
          near(c[j], g, 1e-5, 1e-9);
          near(bf16_to_f32(b[j]), g, 1.0 / 256, 1e-30);
        }
      }
      EXPECT_EQ(bad, 0);
    }
  }
}

}  // namespace
