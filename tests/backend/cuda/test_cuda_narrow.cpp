// test_cuda_narrow.cpp — the 32-output fp32 linear (k_train_narrow.cu: the
// router's three GEMMs) against float64 references, every element checked
// with fp32 tolerances (relative to the sum of |terms|): logits = x·Wᵀ into a
// NaN-poisoned buffer, dx = dy·W overwritten (poisoned) and added, dW += dyᵀ·x
// onto existing values. Rows and in not multiples of the kernels' blocks.
// Also which shapes it declines. Skipped without CUDA.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "kernel_test_util.h"

using namespace dseek;
using namespace dseek::test;

namespace {

std::vector<float> randn(size_t n, std::mt19937_64& rng) {
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& f : v) f = nd(rng);
  return v;
}

// |got - ref| <= 3e-5 · scale (+ a tiny floor), every element finite.
void expect_fp32_close(const std::vector<float>& got, const std::vector<double>& ref, const std::vector<double>& scale,
                       const char* what) {
  ASSERT_EQ(got.size(), ref.size());
  size_t bad = 0;
  for (size_t i = 0; i < ref.size(); ++i)
    if (!std::isfinite(got[i]) || std::abs(double(got[i]) - ref[i]) > 3e-5 * scale[i] + 1e-30) ++bad;
  EXPECT_EQ(bad, 0u) << what << ": " << bad << " of " << ref.size() << " elements off";
}

}  // namespace

TEST(CudaNarrowLinear, ThreeProductsMatchFloat64) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(7);
  const int64_t E = 32, rows = 1001, in = 1028;  // rows: not a multiple of 8, 64 or 256; in: of 32 or 256
  ASSERT_TRUE(cu::tk::narrow_linear_ok(E, in, rows));
  const std::vector<float> x = randn(size_t(rows * in), rng), W = randn(size_t(E * in), rng),
                           dy = randn(size_t(rows * E), rng), dx0 = randn(size_t(rows * in), rng),
                           dW0 = randn(size_t(E * in), rng);
  DevMem dx_ = upload(x), dW_ = upload(W), ddy = upload(dy);

  // Forward.
  DevMem y = nan_buffer(size_t(rows * E) * 4);
  cu::tk::narrow_fwd(dx_.as<float>(), dW_.as<float>(), rows, in, y.as<float>(), nullptr);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  std::vector<double> ry(size_t(rows * E)), sy(ry.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t e = 0; e < E; ++e) {
      double s = 0, a = 0;
      for (int64_t k = 0; k < in; ++k) {
        const double t = double(x[size_t(r * in + k)]) * W[size_t(e * in + k)];
        s += t;
        a += std::abs(t);
      }
      ry[size_t(r * E + e)] = s;
      sy[size_t(r * E + e)] = a;
    }
  expect_fp32_close(download<float>(y), ry, sy, "logits");

  // Data gradient, overwritten (into NaN) and added (onto dx0).
  std::vector<double> rdx(size_t(rows * in)), sdx(rdx.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < in; ++k) {
      double s = 0, a = 0;
      for (int64_t e = 0; e < E; ++e) {
        const double t = double(dy[size_t(r * E + e)]) * W[size_t(e * in + k)];
        s += t;
        a += std::abs(t);
      }
      rdx[size_t(r * in + k)] = s;
      sdx[size_t(r * in + k)] = a;
    }
  DevMem dx = nan_buffer(size_t(rows * in) * 4);
  cu::tk::narrow_bwd(dx_.as<float>(), dW_.as<float>(), rows, in, ddy.as<float>(), dx.as<float>(), false, nullptr,
                     nullptr, nullptr);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  expect_fp32_close(download<float>(dx), rdx, sdx, "dx (overwrite)");
  DevMem dxa = upload(dx0);
  std::vector<double> rdxa(rdx.size()), sdxa(rdx.size());
  for (size_t i = 0; i < rdx.size(); ++i) {
    rdxa[i] = rdx[i] + dx0[i];
    sdxa[i] = sdx[i] + std::abs(dx0[i]);
  }
  cu::tk::narrow_bwd(dx_.as<float>(), dW_.as<float>(), rows, in, ddy.as<float>(), dxa.as<float>(), true, nullptr,
                     nullptr, nullptr);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  expect_fp32_close(download<float>(dxa), rdxa, sdxa, "dx (add)");

  // Weight gradient onto dW0, twice (accumulates), with no data gradient.
  DevMem g = upload(dW0), scratch = nan_buffer(cu::tk::narrow_dw_scratch(in, rows) * 4);
  for (int pass = 1; pass <= 2; ++pass) {
    cu::tk::narrow_bwd(dx_.as<float>(), dW_.as<float>(), rows, in, ddy.as<float>(), nullptr, true, g.as<float>(),
                       scratch.as<float>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<double> rg(size_t(E * in)), sg(rg.size());
    for (int64_t e = 0; e < E; ++e)
      for (int64_t k = 0; k < in; ++k) {
        double s = 0, a = 0;
        for (int64_t r = 0; r < rows; ++r) {
          const double t = double(dy[size_t(r * E + e)]) * x[size_t(r * in + k)];
          s += t;
          a += std::abs(t);
        }
        rg[size_t(e * in + k)] = dW0[size_t(e * in + k)] + pass * s;
        sg[size_t(e * in + k)] = std::abs(dW0[size_t(e * in + k)]) + pass * a;
      }
    expect_fp32_close(download<float>(g), rg, sg, pass == 1 ? "dW (first add)" : "dW (second add)");
  }
}

TEST(CudaNarrowLinear, DeclinesOtherShapes) {
  EXPECT_FALSE(cu::tk::narrow_linear_ok(64, 1024, 100));   // not 32 outputs
  EXPECT_FALSE(cu::tk::narrow_linear_ok(32, 1022, 100));   // in not a multiple of 4
  EXPECT_FALSE(cu::tk::narrow_linear_ok(32, 1024, 0));     // no rows
  EXPECT_TRUE(cu::tk::narrow_linear_ok(32, 4, 1));
}
