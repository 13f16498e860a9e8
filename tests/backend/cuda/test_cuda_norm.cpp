// test_cuda_norm.cpp — the training RMSNorm kernels (k_train_norm.cu) against
// a float64 reference, every element: y, 1/rms, the optional BF16 copy of y,
// dx (accumulated onto a non-zero dx) and dw (accumulated onto a non-zero dw).
// Shapes take both paths: the warp-per-row kernels (row widths 4..2048,
// strided rows) and the general ones (widths not a multiple of 4, rows not
// 16-byte aligned, wider than the fast backward). Outputs not written in
// place start as NaN, so an element a kernel skips fails. Skipped without CUDA.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <tuple>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"
#include "kernel_test_util.h"

using namespace dseek;
namespace tk = dseek::cu::tk;

namespace {

struct Case {
  int64_t rows, n, ldx, ldy;  // ldy also dy's and dx's row stride
};

TEST(CudaNorm, RmsNormForwardAndBackwardMatchFloat64) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(11);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (const Case c : {Case{300, 1024, 1024, 1024}, Case{70, 384, 388, 392}, Case{65, 256, 256, 256},
                       Case{9, 2048, 2048, 2048}, Case{17, 4, 4, 4}, Case{33, 10, 10, 10}, Case{40, 1024, 1025, 1024},
                       Case{3, 4100, 4100, 4100}}) {
    SCOPED_TRACE(testing::Message() << "rows " << c.rows << " n " << c.n << " ldx " << c.ldx << " ldy " << c.ldy);
    const float eps = 1e-6f;
    std::vector<float> x(size_t(c.rows * c.ldx)), w(size_t(c.n)), dy(size_t(c.rows * c.ldy)), dx0(dy.size()),
        dw0(w.size());
    for (auto* v : {&x, &w, &dy, &dx0, &dw0})
      for (float& f : *v) f = nd(rng);
    for (int64_t r = 0; r < c.rows; ++r)  // rows of different scales
      for (int64_t i = 0; i < c.n; ++i) x[size_t(r * c.ldx + i)] *= 0.1f + float(r % 7);

    // Reference (float64).
    std::vector<double> y(size_t(c.rows * c.n)), rinv(size_t(c.rows)), dx(dx0.begin(), dx0.end()),
        dw(dw0.begin(), dw0.end());
    for (int64_t r = 0; r < c.rows; ++r) {
      const float* xr = &x[size_t(r * c.ldx)];
      const float* dr = &dy[size_t(r * c.ldy)];
      double ss = 0, d = 0;
      for (int64_t i = 0; i < c.n; ++i) ss += double(xr[i]) * xr[i];
      const double rr = 1.0 / std::sqrt(ss / double(c.n) + eps);
      rinv[size_t(r)] = rr;
      for (int64_t i = 0; i < c.n; ++i) {
        y[size_t(r * c.n + i)] = w[size_t(i)] * xr[i] * rr;
        d += double(xr[i]) * w[size_t(i)] * dr[i];
        dw[size_t(i)] += double(dr[i]) * xr[i] * rr;
      }
      d /= double(c.n);
      for (int64_t i = 0; i < c.n; ++i)
        dx[size_t(r * c.ldy + i)] += rr * w[size_t(i)] * dr[i] - xr[i] * rr * rr * rr * d;
    }

    auto up = [](const std::vector<float>& v) {
      DevMem m(v.size() * 4);
      DSEEK_CUDA_CHECK(cudaMemcpy(m.as(), v.data(), v.size() * 4, cudaMemcpyHostToDevice));
      return m;
    };
    DevMem dX = up(x), dW = up(w), dDY = up(dy), dDX = up(dx0), dDW = up(dw0);
    DevMem dY(size_t(c.rows * c.ldy) * 4), dR(size_t(c.rows) * 4), dYB(size_t(c.rows * c.n) * 2),
        part(size_t(tk::rmsnorm_bwd_partial(c.rows, c.n)) * 4), dDXB(size_t(c.rows * c.n) * 2);
    DSEEK_CUDA_CHECK(cudaMemset(dY.as(), 0xff, dY.bytes()));  // NaN
    DSEEK_CUDA_CHECK(cudaMemset(dR.as(), 0xff, dR.bytes()));
    DSEEK_CUDA_CHECK(cudaMemset(dYB.as(), 0xff, dYB.bytes()));
    DSEEK_CUDA_CHECK(cudaMemset(dDXB.as(), 0xff, dDXB.bytes()));
    tk::rmsnorm_fwd(dX.as<float>(), c.ldx, dW.as<float>(), eps, c.rows, c.n, dY.as<float>(), c.ldy, dR.as<float>(),
                    nullptr, dYB.as<uint16_t>());
    tk::rmsnorm_bwd(dX.as<float>(), c.ldx, dW.as<float>(), dR.as<float>(), dDY.as<float>(), c.ldy, c.rows, c.n,
                    dDX.as<float>(), c.ldy, dDW.as<float>(), part.as<float>(), nullptr, dDXB.as<uint16_t>());
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<float> gy(size_t(c.rows * c.ldy)), gr(size_t(c.rows)), gdx(dx0.size()), gdw(dw0.size());
    std::vector<uint16_t> gyb(size_t(c.rows * c.n)), gdxb(gyb.size());
    DSEEK_CUDA_CHECK(cudaMemcpy(gdxb.data(), dDXB.as(), dDXB.bytes(), cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gy.data(), dY.as(), dY.bytes(), cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gr.data(), dR.as(), dR.bytes(), cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gyb.data(), dYB.as(), dYB.bytes(), cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gdx.data(), dDX.as(), dDX.bytes(), cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gdw.data(), dDW.as(), dDW.bytes(), cudaMemcpyDeviceToHost));

    int64_t bad = 0;
    auto check = [&](double got, double ref, double tol) {
      if (!std::isfinite(got) || std::abs(got - ref) > tol) ++bad;
    };
    for (int64_t r = 0; r < c.rows; ++r) {
      check(gr[size_t(r)], rinv[size_t(r)], 1e-5 * rinv[size_t(r)]);
      for (int64_t i = 0; i < c.n; ++i) {
        const double ref = y[size_t(r * c.n + i)];
        check(gy[size_t(r * c.ldy + i)], ref, 1e-5 * (1 + std::abs(ref)));
        check(bf16_to_f32(gyb[size_t(r * c.n + i)]), ref, std::abs(ref) / 256 + 1e-6);
        const double dref = dx[size_t(r * c.ldy + i)];
        check(gdx[size_t(r * c.ldy + i)], dref, 1e-4 * (1 + std::abs(dref)));
      }
    }
    EXPECT_EQ(bad, 0) << "y / rinv / yb / dx elements off";
    // The BF16 copy of the updated dx: dx rounded to nearest even, bit for bit (as to_bf16).
    int64_t bad_b = 0;
    for (int64_t r = 0; r < c.rows; ++r)
      for (int64_t i = 0; i < c.n; ++i)
        bad_b += gdxb[size_t(r * c.n + i)] != f32_to_bf16(gdx[size_t(r * c.ldy + i)]);
    EXPECT_EQ(bad_b, 0) << "dxb elements differ from dx rounded";
    // Overwrite (dx_add false) into a NaN-filled dx: the norm's part of dx alone, nothing read.
    DevMem dDX2(dDX.bytes());
    DSEEK_CUDA_CHECK(cudaMemset(dDX2.as(), 0xff, dDX2.bytes()));
    tk::rmsnorm_bwd(dX.as<float>(), c.ldx, dW.as<float>(), dR.as<float>(), dDY.as<float>(), c.ldy, c.rows, c.n,
                    dDX2.as<float>(), c.ldy, nullptr, nullptr, nullptr, nullptr, false);
    std::vector<float> gdx2(dx0.size());
    DSEEK_CUDA_CHECK(cudaMemcpy(gdx2.data(), dDX2.as(), dDX2.bytes(), cudaMemcpyDeviceToHost));
    bad = 0;
    for (int64_t r = 0; r < c.rows; ++r)
      for (int64_t i = 0; i < c.n; ++i) {
        const size_t at = size_t(r * c.ldy + i);
        const double ref = dx[at] - double(dx0[at]);
        check(gdx2[at], ref, 1e-4 * (1 + std::abs(dx[at])));
      }
    EXPECT_EQ(bad, 0) << "overwritten dx elements off";
    bad = 0;
    for (int64_t i = 0; i < c.n; ++i) check(gdw[size_t(i)], dw[size_t(i)], 1e-4 * (1 + std::sqrt(double(c.rows))));
    EXPECT_EQ(bad, 0) << "dw elements off";
  }
}

}  // namespace

namespace {

// The residual add fused into the norm (add_rmsnorm_fwd) equals tk::add then rmsnorm_fwd bit for bit:
// h, y, its BF16 copy and 1/rms, on the warp-per-row path (n 1024, 64) and the general one (n 30).
TEST(CudaNorm, AddFusedIntoNormEqualsAddThenNorm) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(13);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (const auto& [rows, n] : {std::pair<int64_t, int64_t>{77, 1024}, {300, 64}, {19, 30}}) {
    SCOPED_TRACE(testing::Message() << "rows " << rows << " n " << n);
    std::vector<float> a(static_cast<size_t>(rows * n)), b(a.size()), w(static_cast<size_t>(n));
    for (auto* v : {&a, &b, &w})
      for (float& f : *v) f = nd(rng);
    using test::nan_buffer;
    DevMem da = test::upload(a), db = test::upload(b), dw = test::upload(w);
    const size_t e = a.size();
    DevMem h1 = nan_buffer(e * 4), y1 = nan_buffer(e * 4), yb1 = nan_buffer((e + 1) / 2 * 4),
           r1 = nan_buffer(size_t(rows) * 4);
    DevMem h2 = nan_buffer(e * 4), y2 = nan_buffer(e * 4), yb2 = nan_buffer((e + 1) / 2 * 4),
           r2 = nan_buffer(size_t(rows) * 4);
    tk::add_rmsnorm_fwd(da.as<float>(), db.as<float>(), h1.as<float>(), dw.as<float>(), 1e-6f, rows, n,
                        y1.as<float>(), r1.as<float>(), nullptr, yb1.as<uint16_t>());
    tk::add(da.as<float>(), db.as<float>(), h2.as<float>(), int64_t(e), nullptr);
    tk::rmsnorm_fwd(h2.as<float>(), n, dw.as<float>(), 1e-6f, rows, n, y2.as<float>(), n, r2.as<float>(), nullptr,
                    yb2.as<uint16_t>());
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    for (const auto& [p, q, what] : {std::tuple{&h1, &h2, "h"}, {&y1, &y2, "y"}, {&yb1, &yb2, "y BF16"},
                                     {&r1, &r2, "1/rms"}}) {
      const auto x = test::download<uint32_t>(*p), z = test::download<uint32_t>(*q);
      size_t bad = 0;
      for (size_t i = 0; i < x.size(); ++i) bad += x[i] != z[i];
      EXPECT_EQ(bad, 0u) << what;
      float f0;
      std::memcpy(&f0, &x[0], 4);
      EXPECT_FALSE(std::isnan(f0)) << what;  // (both skipped would be equal: the first element is written)
    }
  }
}

}  // namespace
