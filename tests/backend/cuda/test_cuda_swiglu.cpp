// test_cuda_swiglu.cpp — the training SwiGLU kernels over gate and up stacked
// in one [rows, 2I] buffer (k_train.cu: swiglu_fwd_gu, swiglu_bwd_gu[_bf16])
// against a float64 reference, every element, in fp32 and BF16 outputs; and
// moe_dys writing the rows' gradient straight to BF16 against its fp32 output
// rounded; the BF16-input overloads against the fp32 kernels on the same values.
// Shapes take the four-at-a-time path (I % 4 == 0) and the scalar one.
// Outputs start as NaN, so an element a kernel skips fails. Skipped without CUDA.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
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

TEST(CudaSwiglu, StackedGateUpMatchFloat64) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(5);
  std::normal_distribution<float> nd(0.0f, 2.0f);
  for (const auto& [rows, I] : {std::pair<int64_t, int64_t>{37, 12}, {5, 7}, {64, 512}, {3, 2}}) {
    SCOPED_TRACE(testing::Message() << "rows " << rows << " I " << I);
    std::vector<float> gu(size_t(rows * 2 * I)), da(size_t(rows * I));
    for (float& f : gu) f = nd(rng);
    for (float& f : da) f = nd(rng);
    DevMem dGU = upload(gu), dDA = upload(da);
    DevMem dA = nan_buffer(da.size() * 4), dAB = nan_buffer(da.size() * 2), dG = nan_buffer(gu.size() * 4),
           dGB = nan_buffer(gu.size() * 2), dAB2 = nan_buffer(da.size() * 2);
    tk::swiglu_fwd_gu(dGU.as<float>(), rows, I, dA.as<float>(), dAB.as<uint16_t>(), nullptr);
    tk::swiglu_fwd_gu(dGU.as<float>(), rows, I, nullptr, dAB2.as<uint16_t>(), nullptr);  // BF16 only
    tk::swiglu_bwd_gu(dGU.as<float>(), dDA.as<float>(), rows, I, dG.as<float>(), nullptr);
    tk::swiglu_bwd_gu_bf16(dGU.as<float>(), dDA.as<float>(), rows, I, dGB.as<uint16_t>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const auto a = download<float>(dA), g = download<float>(dG);
    const auto ab = download<uint16_t>(dAB), ab2 = download<uint16_t>(dAB2), gb = download<uint16_t>(dGB);
    int64_t bad = 0;
    auto check = [&](double got, double ref, double rel) {
      if (!std::isfinite(got) || std::abs(got - ref) > rel * std::abs(ref) + 1e-6) ++bad;
    };
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < I; ++c) {
        const double x = gu[size_t(r * 2 * I + c)], u = gu[size_t(r * 2 * I + I + c)], d = da[size_t(r * I + c)];
        const double s = 1.0 / (1.0 + std::exp(-x)), av = x * s * u;
        const double dg = d * u * s * (1.0 + x * (1.0 - s)), du = d * x * s;
        const size_t i = size_t(r * I + c), jg = size_t(r * 2 * I + c), ju = jg + size_t(I);
        check(a[i], av, 1e-5);
        check(bf16_to_f32(ab[i]), av, 1.0 / 256);
        EXPECT_EQ(ab[i], ab2[i]);
        check(g[jg], dg, 1e-5);
        check(g[ju], du, 1e-5);
        check(bf16_to_f32(gb[jg]), dg, 1.0 / 256);
        check(bf16_to_f32(gb[ju]), du, 1.0 / 256);
      }
    EXPECT_EQ(bad, 0) << "elements off";
  }
}

// moe_dys with a BF16 output: the same values as the fp32 output rounded to nearest even, padding rows
// (perm -1) zero, and the same gate-weight gradients.
TEST(CudaSwiglu, MoeDysBf16EqualsFp32Rounded) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(9);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (const int64_t Hd : {int64_t(64), int64_t(10)}) {
    SCOPED_TRACE(Hd);
    const int K = 2;
    const int64_t N = 9, rows = 20;
    std::vector<float> dout(size_t(N * Hd)), ys(size_t(rows * Hd)), wsel(size_t(N * K));
    for (auto* v : {&dout, &ys, &wsel})
      for (float& f : *v) f = nd(rng);
    std::vector<int32_t> perm(size_t(rows), -1);
    for (int64_t p = 0; p < N * K; ++p) perm[size_t(p + 1)] = int32_t((p * 7) % (N * K));  // rows 0, 19: padding
    DevMem dO = upload(dout), dY = upload(ys), dWs = upload(wsel), dP = upload(perm);
    DevMem dys = nan_buffer(size_t(rows * Hd) * 4), dysb = nan_buffer(size_t(rows * Hd) * 2),
           dw1 = nan_buffer(size_t(N * K) * 4), dw2 = nan_buffer(size_t(N * K) * 4);
    tk::moe_dys(dO.as<float>(), dY.as<float>(), dP.as<int32_t>(), dWs.as<float>(), K, rows, Hd, dys.as<float>(),
                dw1.as<float>(), nullptr);
    tk::moe_dys(dO.as<float>(), dY.as<float>(), dP.as<int32_t>(), dWs.as<float>(), K, rows, Hd, nullptr,
                dw2.as<float>(), nullptr, dysb.as<uint16_t>());
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const auto f = download<float>(dys), w1 = download<float>(dw1), w2 = download<float>(dw2);
    const auto b = download<uint16_t>(dysb);
    int64_t bad = 0;
    for (size_t i = 0; i < f.size(); ++i) {
      uint32_t u;
      std::memcpy(&u, &f[i], 4);
      const uint16_t rne = uint16_t((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
      if (!std::isfinite(f[i]) || b[i] != rne) ++bad;
    }
    EXPECT_EQ(bad, 0) << "BF16 rows differ from the fp32 ones rounded";
    EXPECT_EQ(f[0], 0.0f);
    for (size_t i = 0; i < w1.size(); ++i) {
      ASSERT_TRUE(std::isfinite(w1[i]));
      EXPECT_EQ(w1[i], w2[i]);
    }
  }
}

// The BF16-input overloads (the grouped experts' GEMMs write g|u, da, ys and dxs in BF16): on values that
// are exactly BF16, the same results as the fp32 kernels, bit for bit — SwiGLU forward and backward,
// moe_combine, moe_dys (rows' gradient; the gate weights' to rounding) and moe_scatter.
TEST(CudaSwiglu, Bf16InputsEqualFp32OnTheSameValues) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(13);
  std::normal_distribution<float> nd(0.0f, 1.5f);
  auto bf16_exact = [&](size_t n, std::vector<uint16_t>& bits) {
    std::vector<float> f(n);
    bits.resize(n);
    for (size_t i = 0; i < n; ++i) {
      bits[i] = uint16_t(std::bit_cast<uint32_t>(nd(rng)) >> 16);  // truncation: any BF16 value will do
      f[i] = bf16_to_f32(bits[i]);
    }
    return f;
  };
  auto same_bits = [](const auto& x, const auto& y, const char* what) {
    ASSERT_EQ(x.size(), y.size());
    size_t bad = 0;
    for (size_t i = 0; i < x.size(); ++i)
      if (std::memcmp(&x[i], &y[i], sizeof(x[i])) != 0) ++bad;
    EXPECT_EQ(bad, 0u) << what;
  };
  for (const auto& [rows, I] : {std::pair<int64_t, int64_t>{37, 12}, {5, 7}}) {
    SCOPED_TRACE(testing::Message() << "rows " << rows << " I " << I);
    std::vector<uint16_t> gub, dab;
    const auto gu = bf16_exact(size_t(rows * 2 * I), gub), da = bf16_exact(size_t(rows * I), dab);
    DevMem fGU = upload(gu), fDA = upload(da), bGU = upload(gub), bDA = upload(dab);
    DevMem a1 = nan_buffer(da.size() * 2), a2 = nan_buffer(da.size() * 2), d1 = nan_buffer(gu.size() * 2),
           d2 = nan_buffer(gu.size() * 2), af = nan_buffer(da.size() * 4), af2 = nan_buffer(da.size() * 4);
    tk::swiglu_fwd_gu(fGU.as<float>(), rows, I, af.as<float>(), a1.as<uint16_t>(), nullptr);
    tk::swiglu_fwd_gu(bGU.as<uint16_t>(), rows, I, af2.as<float>(), a2.as<uint16_t>(), nullptr);
    tk::swiglu_bwd_gu_bf16(fGU.as<float>(), fDA.as<float>(), rows, I, d1.as<uint16_t>(), nullptr);
    tk::swiglu_bwd_gu_bf16(bGU.as<uint16_t>(), bDA.as<uint16_t>(), rows, I, d2.as<uint16_t>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const auto fa = download<float>(af);
    for (float v : fa) ASSERT_TRUE(std::isfinite(v));
    same_bits(fa, download<float>(af2), "swiglu forward (fp32 out)");
    same_bits(download<uint16_t>(a1), download<uint16_t>(a2), "swiglu forward (BF16 out)");
    same_bits(download<uint16_t>(d1), download<uint16_t>(d2), "swiglu backward");
  }
  for (const int64_t Hd : {int64_t(64), int64_t(10)}) {
    SCOPED_TRACE(Hd);
    const int K = 2;
    const int64_t N = 9, rows = 20;
    std::vector<uint16_t> ysb, dxsb;
    const auto ys = bf16_exact(size_t(rows * Hd), ysb), dxs = bf16_exact(size_t(rows * Hd), dxsb);
    std::vector<float> dout(size_t(N * Hd)), wsel(size_t(N * K)), out0(size_t(N * Hd));
    for (auto* v : {&dout, &wsel, &out0})
      for (float& f : *v) f = nd(rng);
    std::vector<int32_t> perm(size_t(rows), -1), pos(size_t(N * K), -1);
    for (int64_t p = 0; p < N * K; ++p) {
      perm[size_t(p + 1)] = int32_t((p * 7) % (N * K));
      pos[size_t((p * 7) % (N * K))] = int32_t(p + 1);
    }
    pos[3] = -1;  // a choice on another GPU
    DevMem fY = upload(ys), bY = upload(ysb), fX = upload(dxs), bX = upload(dxsb), dO = upload(dout),
           dWs = upload(wsel), dP = upload(perm), dPos = upload(pos);
    DevMem o1 = upload(out0), o2 = upload(out0), x1 = upload(out0), x2 = upload(out0);
    DevMem y1 = nan_buffer(size_t(rows * Hd) * 2), y2 = nan_buffer(size_t(rows * Hd) * 2),
           w1 = nan_buffer(size_t(N * K) * 4), w2 = nan_buffer(size_t(N * K) * 4);
    tk::moe_combine(fY.as<float>(), dPos.as<int32_t>(), dWs.as<float>(), N, K, Hd, o1.as<float>(), nullptr);
    tk::moe_combine(bY.as<uint16_t>(), dPos.as<int32_t>(), dWs.as<float>(), N, K, Hd, o2.as<float>(), nullptr);
    tk::moe_dys(dO.as<float>(), fY.as<float>(), dP.as<int32_t>(), dWs.as<float>(), K, rows, Hd, nullptr,
                w1.as<float>(), nullptr, y1.as<uint16_t>());
    tk::moe_dys(dO.as<float>(), bY.as<uint16_t>(), dP.as<int32_t>(), dWs.as<float>(), K, rows, Hd, nullptr,
                w2.as<float>(), nullptr, y2.as<uint16_t>());
    tk::moe_scatter(fX.as<float>(), dPos.as<int32_t>(), N, K, Hd, x1.as<float>(), nullptr);
    tk::moe_scatter(bX.as<uint16_t>(), dPos.as<int32_t>(), N, K, Hd, x2.as<float>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const auto w = download<float>(w1);
    for (float v : w) ASSERT_TRUE(std::isfinite(v));
    same_bits(download<float>(o1), download<float>(o2), "moe_combine");
    // (a dot product over the row: the compiler may contract the two instantiations differently)
    const auto w2v = download<float>(w2);
    for (size_t i = 0; i < w.size(); ++i) EXPECT_NEAR(w2v[i], w[i], 1e-5f * (1.0f + std::abs(w[i]))) << "dw " << i;
    same_bits(download<uint16_t>(y1), download<uint16_t>(y2), "moe_dys rows");
    same_bits(download<float>(x1), download<float>(x2), "moe_scatter");
  }
}

}  // namespace
