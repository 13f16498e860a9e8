// test_softmax.cpp — the CPU backend's vectorised softmax/exp and SwiGLU product
// (backend/cpu/softmax.h) against std::exp, ref::softmax and ref::silu, over the whole
// float exp range and ragged lengths.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "backend/cpu/cpu_features.h"
#include "backend/cpu/ref_ops.h"
#include "backend/cpu/softmax.h"

namespace dseek::cpu {
namespace {

TEST(Softmax, VectorExpWithinFourUlp) {
#if defined(__x86_64__)
  if (!isa_supported(CpuIsa::Avx512)) GTEST_SKIP() << "AVX-512 kernel";
  std::vector<float> x, y;
  for (float v = -87.0f; v <= 88.0f; v += 0.0173f) x.push_back(v);
  for (float v : {0.0f, -0.0f, 1e-30f, -1e-30f, 0.5f * 0.693359375f, -87.3f}) x.push_back(v);
  y.assign(x.size(), NAN);
  exp_avx512(x.data(), int64_t(x.size()), y.data());
  for (size_t i = 0; i < x.size(); ++i) {
    const double want = std::exp(double(x[i]));
    ASSERT_TRUE(std::isfinite(y[i])) << x[i];
    EXPECT_LE(std::abs(double(y[i]) - want) / want, 4.8e-7) << "exp(" << x[i] << ")";
  }
#else
  GTEST_SKIP() << "x86-64 only";
#endif
}

TEST(Softmax, MatchesTheReference) {
  std::mt19937 rng(4);
  std::normal_distribution<float> nd(0.0f, 6.0f);
  for (int64_t n : {1, 2, 15, 16, 17, 33, 365, 1000}) {
    std::vector<float> a(static_cast<size_t>(n));
    for (float& v : a) v = nd(rng);
    a[size_t(n / 2)] = -1e30f;  // a hugely negative score: probability 0, no NaN
    std::vector<float> b = a;
    ref::softmax(a.data(), n);
    softmax(b.data(), n);
    double sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_TRUE(std::isfinite(b[size_t(i)])) << n << " " << i;
      EXPECT_NEAR(b[size_t(i)], a[size_t(i)], 2e-6 * std::max(1e-3f, a[size_t(i)]) + 1e-12) << n << " " << i;
      sum += b[size_t(i)];
    }
    EXPECT_NEAR(sum, 1.0, 1e-5) << n;
  }
}

TEST(Softmax, SiluMulMatchesTheReference) {
  std::mt19937 rng(6);
  std::normal_distribution<float> nd(0.0f, 4.0f);
  for (int64_t n : {1, 15, 16, 17, 100, 1000}) {
    std::vector<float> g(static_cast<size_t>(n)), u(static_cast<size_t>(n));
    for (float& v : g) v = nd(rng);
    for (float& v : u) v = nd(rng);
    if (n > 3) {  // the ends of the range: silu(-100) ~ -4e-42, silu(100) = 100, silu(0) = 0
      g[0] = -100.0f;
      g[1] = 100.0f;
      g[2] = 0.0f;
    }
    std::vector<float> want(static_cast<size_t>(n)), got = g;
    for (int64_t i = 0; i < n; ++i) want[size_t(i)] = ref::silu(g[size_t(i)]) * u[size_t(i)];
    silu_mul(got.data(), u.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      ASSERT_TRUE(std::isfinite(got[size_t(i)])) << n << " " << i;
      EXPECT_NEAR(got[size_t(i)], want[size_t(i)], 1e-6 * std::abs(want[size_t(i)]) + 1e-30) << n << " " << i
                                                                                               << " g " << g[size_t(i)];
    }
  }
}

}  // namespace
}  // namespace dseek::cpu
