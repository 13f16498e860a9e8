// test_linear_t.cpp — cpu::linear_t_rows (the transposed row-range product
// of MLA's query absorption) vs a double-precision oracle built from
// ref::linear_row: every weight dtype x every ISA x row ranges (FP8: aligned
// and unaligned to the scale blocks, odd block shapes), column tails, row
// tiles, NaN-poisoned outputs; plus the Backend entry points and errors.
#include <gtest/gtest.h>

#include "gemm_test_util.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "backend/cpu/cpu_features.h"
#include "backend/cpu/gemm.h"
#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "core/dtype.h"

namespace dseek::cpu {
namespace {

using testutil::isas;
using testutil::make_linear;
using testutil::OwnedLinear;

// Oracle in double: ref[r, c] = sum_d x[r, d] W[row0 + d, c]; mag = sum |.|.
void oracle(const Linear& w, int64_t row0, int64_t nrows, const std::vector<float>& x, int64_t rows,
            std::vector<double>& ref, std::vector<double>& mag) {
  ref.assign(size_t(rows * w.in), 0.0);
  mag.assign(size_t(rows * w.in), 0.0);
  std::vector<float> wr(size_t(w.in));
  for (int64_t d = 0; d < nrows; ++d) {
    ref::linear_row(w, row0 + d, wr.data());
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < w.in; ++c) {
        const double p = double(x[size_t(r * nrows + d)]) * double(wr[size_t(c)]);
        ref[size_t(r * w.in + c)] += p;
        mag[size_t(r * w.in + c)] += std::fabs(p);
      }
  }
}

int compare(const std::vector<float>& y, const std::vector<double>& ref, const std::vector<double>& mag,
            int64_t in, const std::string& what) {
  int bad = 0;
  for (size_t i = 0; i < y.size() && bad < 5; ++i) {
    const double tol = 1e-5 * mag[i] + 1e-30;
    if (!(std::fabs(double(y[i]) - ref[i]) <= tol)) {
      ADD_FAILURE() << what << " [r=" << i / size_t(in) << ", c=" << i % size_t(in) << "] got " << y[i] << " ref "
                    << ref[i] << " tol " << tol;
      ++bad;
    }
  }
  return bad;
}

struct Case {
  int64_t out, in, row0, nrows, rows;
  int bn, bk;
};

TEST(LinearT, MatchesOracleAllDtypesIsasShapes) {
  const std::vector<Case> cases = {
      {1, 1, 0, 1, 1, 128, 128},        {4, 17, 1, 2, 3, 128, 128},       {256, 512, 128, 128, 1, 128, 128},
      {256, 512, 0, 128, 7, 128, 128},  {512, 512, 384, 128, 13, 128, 128}, {300, 130, 37, 200, 6, 128, 128},
      {300, 70, 129, 129, 12, 128, 128}, {64, 100, 5, 50, 2, 7, 24},       {90, 65, 13, 77, 9, 16, 40},
      {40, 33, 0, 40, 1, 3, 5},         {200, 640, 72, 128, 64, 128, 128}};
  std::mt19937 rng(1234);
  for (DType dt : {DType::F32, DType::BF16, DType::F16, DType::F8_E4M3}) {
    for (const Case& c : cases) {
      OwnedLinear L = make_linear(dt, c.out, c.in, rng, c.bn, c.bk);
      std::uniform_real_distribution<float> u(-1.0f, 1.0f);
      std::vector<float> x(size_t(c.rows * c.nrows));
      for (auto& v : x) v = u(rng);
      std::vector<double> ref, mag;
      oracle(L.lin, c.row0, c.nrows, x, c.rows, ref, mag);
      for (CpuIsa isa : isas()) {
        std::vector<float> y(size_t(c.rows * c.in), std::numeric_limits<float>::quiet_NaN());
        GemmOptions opt;
        opt.isa = isa;
        linear_t_rows(L.lin, c.row0, c.nrows, x.data(), c.rows, y.data(), opt);
        const std::string what = std::string(dtype_name(dt)) + " " + std::string(isa_name(isa)) + " out " +
                                 std::to_string(c.out) + " in " + std::to_string(c.in) + " rows [" +
                                 std::to_string(c.row0) + "+" + std::to_string(c.nrows) + ") x " +
                                 std::to_string(c.rows);
        compare(y, ref, mag, c.in, what);
      }
    }
  }
}

// The fast backend (which calls cpu::linear_t_rows) agrees with the reference
// backend, also when called from inside its own parallel_for.
TEST(LinearT, FastBackendMatchesReferenceInsideParallelFor) {
  std::mt19937 rng(99);
  auto fast = make_cpu_backend({.reference = false, .threads = 2});
  auto refb = make_cpu_backend({.reference = true});
  for (DType dt : {DType::BF16, DType::F8_E4M3}) {
    const int64_t H = 4, dn = 128, dv = 128, R = 512, T = 5;
    OwnedLinear L = make_linear(dt, H * (dn + dv), R, rng);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> x(size_t(H * T * dn));
    for (auto& v : x) v = u(rng);
    std::vector<float> yf(size_t(H * T * R), std::numeric_limits<float>::quiet_NaN()), yr(yf.size());
    fast->parallel_for(H, [&](int64_t h0, int64_t h1) {
      for (int64_t h = h0; h < h1; ++h)
        fast->linear_t_rows(L.lin, h * (dn + dv), dn, &x[size_t(h * T * dn)], T, &yf[size_t(h * T * R)]);
    });
    for (int64_t h = 0; h < H; ++h)
      refb->linear_t_rows(L.lin, h * (dn + dv), dn, &x[size_t(h * T * dn)], T, &yr[size_t(h * T * R)]);
    for (size_t i = 0; i < yf.size(); ++i) ASSERT_NEAR(yf[i], yr[i], 1e-4 * (1.0 + std::fabs(yr[i]))) << i;
  }
}

TEST(LinearT, RejectsBadArguments) {
  std::mt19937 rng(5);
  OwnedLinear L = make_linear(DType::BF16, 8, 16, rng);
  std::vector<float> x(64, 1.0f), y(64);
  EXPECT_THROW(linear_t_rows(L.lin, 4, 5, x.data(), 1, y.data()), Error);   // past the end
  EXPECT_THROW(linear_t_rows(L.lin, -1, 2, x.data(), 1, y.data()), Error);  // negative row0
  EXPECT_THROW(linear_t_rows(L.lin, 0, 2, x.data(), -1, y.data()), Error);  // negative rows
  OwnedLinear F = make_linear(DType::F8_E4M3, 8, 16, rng);
  F.lin.scale_inv = TensorView{};
  EXPECT_THROW(linear_t_rows(F.lin, 0, 2, x.data(), 1, y.data()), Error);  // FP8 without scales
  // nrows == 0: y is all zeros.
  std::fill(y.begin(), y.end(), 7.0f);
  linear_t_rows(L.lin, 3, 0, x.data(), 2, y.data());
  for (int i = 0; i < 32; ++i) EXPECT_EQ(y[size_t(i)], 0.0f);
}

}  // namespace
}  // namespace dseek::cpu
