// test_gemm.cpp — cpu::linear vs ref::linear: every weight dtype x every ISA
// path this machine has x decode/prefill kernels x many shapes, NaN-poisoned
// outputs, FP8 partial and odd-sized blocks, Bf16x precision, argument errors.
#include <gtest/gtest.h>

#include "gemm_test_util.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "backend/backend.h"
#include "backend/cpu/cpu_features.h"
#include "backend/cpu/gemm.h"
#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "core/dtype.h"
#include "core/threadpool.h"

namespace dseek::cpu {
namespace {

using testutil::isas;
using testutil::make_linear;
using testutil::OwnedLinear;

std::vector<float> random_x(int64_t rows, int64_t in, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> x(size_t(rows * in));
  for (auto& v : x) v = u(rng);
  return x;
}

// sum_i |x[r,i]| |W[o,i]| for the tolerance.
std::vector<float> abs_scale(const Linear& w, const std::vector<float>& x, int64_t rows) {
  std::vector<float> s(size_t(rows * w.out)), wr(size_t(w.in));
  for (int64_t o = 0; o < w.out; ++o) {
    ref::linear_row(w, o, wr.data());
    for (int64_t r = 0; r < rows; ++r) {
      double a = 0;
      for (int64_t i = 0; i < w.in; ++i) a += std::fabs(double(x[size_t(r * w.in + i)]) * wr[size_t(i)]);
      s[size_t(r * w.out + o)] = float(a);
    }
  }
  return s;
}

struct Shape {
  int64_t rows, out, in;
};

std::vector<Shape> shapes() {
  std::vector<Shape> v{{1, 1, 1}, {7, 13, 1}, {1, 7, 13}, {7, 13, 7}, {3, 129, 257}, {2, 300, 1000},
                       {1, 64, 512}, {16, 33, 17}, {12, 32, 256}, {13, 31, 255}, {40, 65, 300}, {250, 70, 130},
                       {129, 257, 129}};
  for (int64_t r = 1; r <= 33; ++r) v.push_back({r, 37, 161});
  return v;
}

// Runs cpu::linear on a NaN-poisoned y and compares every element with ref.
void check_one(const Linear& w, const std::vector<float>& x, int64_t rows, const std::vector<float>& ref,
               const std::vector<float>& scale, ThreadPool& pool, const GemmOptions& opt, double rel,
               const std::string& what) {
  std::vector<float> y(size_t(rows * w.out), std::numeric_limits<float>::quiet_NaN());
  linear(w, x.data(), rows, y.data(), pool, opt);
  int bad = 0;
  for (size_t i = 0; i < y.size() && bad < 5; ++i) {
    const double tol = rel * double(scale[i]) + 1e-30;
    if (!(std::fabs(double(y[i]) - double(ref[i])) <= tol)) {
      ADD_FAILURE() << what << " [r=" << i / size_t(w.out) << ", o=" << i % size_t(w.out) << "] got " << y[i]
                    << " ref " << ref[i] << " tol " << tol;
      ++bad;
    }
  }
}

// w on random x with Bf16x precision (AVX-512) against the reference, to bf16 tolerance; `also_auto`:
// the default precision too, on the same input.
void check_bf16x(const Linear& w, int64_t rows, std::mt19937& rng, ThreadPool& pool, const std::string& what,
                 bool also_auto = false) {
  const std::vector<float> x = random_x(rows, w.in, rng);
  std::vector<float> ref(size_t(rows * w.out));
  ref::linear(w, x.data(), rows, ref.data());
  const std::vector<float> sc = abs_scale(w, x, rows);
  GemmOptions opt;
  opt.isa = CpuIsa::Avx512;
  opt.precision = GemmPrecision::Bf16x;
  check_one(w, x, rows, ref, sc, pool, opt, 1e-2, what + " bf16x");
  if (also_auto) check_one(w, x, rows, ref, sc, pool, GemmOptions{}, 1e-2, what + " auto");
}

struct Variant {
  int64_t prefill_rows;
  const char* name;
};

TEST(Gemm, AllDtypesIsasShapesMatchRef) {
  std::mt19937 rng(1234);
  ThreadPool pool3(3), pool1(1);
  const Variant variants[] = {{0, "auto"}, {1, "packed"}, {int64_t(1) << 40, "gemv"}};
  for (DType dt : {DType::F32, DType::BF16, DType::F16, DType::F8_E4M3}) {
    for (const Shape& s : shapes()) {
      OwnedLinear L = make_linear(dt, s.out, s.in, rng);
      const std::vector<float> x = random_x(s.rows, s.in, rng);
      std::vector<float> ref(size_t(s.rows * s.out));
      ref::linear(L.lin, x.data(), s.rows, ref.data());
      const std::vector<float> sc = abs_scale(L.lin, x, s.rows);
      for (CpuIsa isa : isas()) {
        for (const Variant& v : variants) {
          if (isa != CpuIsa::Avx512 && v.prefill_rows != 0) continue;  // only avx512 has two kernels
          GemmOptions opt;
          opt.isa = isa;
          opt.precision = GemmPrecision::Exact;
          opt.prefill_rows = v.prefill_rows;
          const std::string what = fmt::format("{} {}x{}x{} isa={} kernel={}", dtype_name(dt), s.rows, s.out, s.in,
                                               isa_name(isa), v.name);
          check_one(L.lin, x, s.rows, ref, sc, pool3, opt, 1e-5, what + " threads=3");
          if (dt == DType::F8_E4M3 && isa == CpuIsa::Avx512) {
            GemmOptions o2 = opt;
            o2.fp8_tables = false;
            check_one(L.lin, x, s.rows, ref, sc, pool3, o2, 1e-5, what + " fp8_tables=0");
          }
          if (s.rows * s.out < 400) check_one(L.lin, x, s.rows, ref, sc, pool1, opt, 1e-5, what + " threads=1");
        }
      }
    }
  }
}

TEST(Gemm, LargeKMatchesRef) {
  // Long reductions (K = 7168, the DeepSeek-V3 hidden size) and a 2-row decode.
  std::mt19937 rng(77);
  ThreadPool pool(2);
  for (DType dt : {DType::BF16, DType::F8_E4M3}) {
    for (int64_t rows : {1, 2, 20}) {
      OwnedLinear L = make_linear(dt, 70, 7168, rng);
      const std::vector<float> x = random_x(rows, 7168, rng);
      std::vector<float> ref(size_t(rows * 70));
      ref::linear(L.lin, x.data(), rows, ref.data());
      const std::vector<float> sc = abs_scale(L.lin, x, rows);
      for (CpuIsa isa : isas()) {
        GemmOptions opt;
        opt.isa = isa;
        opt.precision = GemmPrecision::Exact;
        check_one(L.lin, x, rows, ref, sc, pool, opt, 1e-5,
                  fmt::format("{} {}x70x7168 isa={}", dtype_name(dt), rows, isa_name(isa)));
      }
    }
  }
}

TEST(Gemm, Fp8OddBlocksAndPartialBlocks) {
  std::mt19937 rng(99);
  ThreadPool pool(3);
  const struct { int bn, bk; } blocks[] = {{128, 128}, {5, 24}, {1, 1}, {3, 7}, {64, 16}, {200, 300}};
  for (auto b : blocks) {
    for (Shape s : std::vector<Shape>{{1, 130, 300}, {5, 257, 129}, {20, 67, 333}, {33, 40, 40}}) {
      OwnedLinear L = make_linear(DType::F8_E4M3, s.out, s.in, rng, b.bn, b.bk);
      const std::vector<float> x = random_x(s.rows, s.in, rng);
      std::vector<float> ref(size_t(s.rows * s.out));
      ref::linear(L.lin, x.data(), s.rows, ref.data());
      const std::vector<float> sc = abs_scale(L.lin, x, s.rows);
      for (CpuIsa isa : isas()) {
        for (int64_t pr : {int64_t(1), int64_t(1) << 40}) {
          for (bool tables : {true, false}) {
            GemmOptions opt;
            opt.isa = isa;
            opt.prefill_rows = pr;
            opt.fp8_tables = tables;
            check_one(L.lin, x, s.rows, ref, sc, pool, opt, 1e-5,
                      fmt::format("FP8 block {}x{} {}x{}x{} isa={} prefill_rows={} tables={}", b.bn, b.bk, s.rows,
                                  s.out, s.in, isa_name(isa), pr, tables));
          }
        }
      }
    }
  }
}

TEST(Gemm, Fp8NanCodesGiveNan) {
  std::mt19937 rng(5);
  ThreadPool pool(2);
  OwnedLinear L = make_linear(DType::F8_E4M3, 40, 200, rng);
  L.wbytes[size_t(3 * 200 + 17)] = 0x7f;   // row 3
  L.wbytes[size_t(35 * 200 + 199)] = 0xff;  // row 35, last column (a tail)
  for (int64_t rows : {1, 20}) {
    const std::vector<float> x = random_x(rows, 200, rng);
    for (CpuIsa isa : isas()) {
      for (bool tables : {true, false}) {
        GemmOptions opt;
        opt.isa = isa;
        opt.fp8_tables = tables;
        std::vector<float> y(size_t(rows * 40), 0.0f);
        linear(L.lin, x.data(), rows, y.data(), pool, opt);
        for (int64_t r = 0; r < rows; ++r)
          for (int64_t o = 0; o < 40; ++o)
            EXPECT_EQ(std::isnan(y[size_t(r * 40 + o)]), o == 3 || o == 35)
                << isa_name(isa) << " tables=" << tables << " r=" << r << " o=" << o;
      }
    }
  }
}

TEST(Gemm, Bf16xPathWithinBf16Tolerance) {
  if (!bf16x_supported(CpuIsa::Avx512)) GTEST_SKIP() << "no avx512_bf16";
  std::mt19937 rng(11);
  ThreadPool pool(3);
  for (Shape s : std::vector<Shape>{{1, 1, 1}, {1, 7, 13}, {3, 129, 257}, {2, 300, 1000}, {8, 64, 2048}, {17, 33, 63}}) {
    OwnedLinear L = make_linear(DType::BF16, s.out, s.in, rng);
    // Auto (the default) must be at least as accurate.
    check_bf16x(L.lin, s.rows, rng, pool, fmt::format("BF16 {}x{}x{}", s.rows, s.out, s.in), true);
  }
}

// Bf16x for every weight type it takes: the packed prefill kernel on bf16 K pairs (from
// kDefaultPrefillRows rows on) and the GEMVs below that, for BF16, F16 and
// FP8 weights (partial 128-blocks, odd K so the last pair is half padding, ragged 32-wide panels,
// more rows than one 12-row micro-tile and than one kBlockM work unit).
TEST(Gemm, Bf16xPrefillAndFp8GemvWithinBf16Tolerance) {
  if (!bf16x_supported(CpuIsa::Avx512)) GTEST_SKIP() << "no avx512_bf16";
  std::mt19937 rng(12);
  ThreadPool pool(3);
  for (DType dt : {DType::BF16, DType::F16, DType::F8_E4M3}) {
    // Rows below kDefaultPrefillRows take the Bf16x GEMVs (FP8: byte tables + vdpbf16ps; F16: exact).
    for (Shape s : std::vector<Shape>{{8, 32, 256}, {13, 70, 257}, {30, 33, 300}, {25, 129, 513}, {250, 40, 130},
                                      {12, 1, 3}, {1, 5, 1000}, {3, 131, 200}, {5, 64, 64}, {1, 3, 65},
                                      {2, 11, 640}, {1, 133, 256}}) {  // FP8 GEMV: 4-row W tiles + rest
      OwnedLinear L = make_linear(dt, s.out, s.in, rng);
      check_bf16x(L.lin, s.rows, rng, pool, fmt::format("{} {}x{}x{}", dtype_name(dt), s.rows, s.out, s.in));
    }
  }
  // FP8 with 96-wide K blocks: the table GEMV needs block_k % 64 == 0, so decode falls back to exact.
  for (Shape s : std::vector<Shape>{{1, 100, 300}, {2, 7, 97}, {9, 100, 300}}) {
    OwnedLinear L = make_linear(DType::F8_E4M3, s.out, s.in, rng, 128, 96);
    check_bf16x(L.lin, s.rows, rng, pool, fmt::format("FP8/96 {}x{}x{}", s.rows, s.out, s.in));
  }
}

// F32 weights prepacked once (Linear::packed, as load.cpp does for small models) give the same
// result as per-call packing, for ragged shapes, and through the backend's row-range views
// (a view starting off a 32-row panel edge must drop the packing, one on an edge must shift it).
TEST(Gemm, PrepackedF32EqualsPerCallPacking) {
  if (!isa_supported(CpuIsa::Avx512)) GTEST_SKIP() << "the packed kernel is AVX-512";
  std::mt19937 rng(11);
  ThreadPool pool(2);
  for (auto [out, in, rows] : {std::tuple<int64_t, int64_t, int64_t>{77, 300, 25}, {64, 256, 12}, {33, 513, 40},
                               {70, 200, 2}, {40, 300, 5}}) {
    // From 8 rows both run the packed micro-kernel (bit-equal); below, the prepacked weights take
    // the micro-kernel while the plain ones take the GEMV (same sums, other order).
    const bool same_kernel = rows >= kDefaultPrefillRows;
    OwnedLinear L = make_linear(DType::F32, out, in, rng);
    size_t off = 0;
    const std::vector<float> packed =
        pack_f32_panels(reinterpret_cast<const float*>(L.lin.weight.data), out, in, &off);
    Linear P = L.lin;
    P.packed = packed.data() + off;
    std::vector<float> x(size_t(rows * in)), y0(size_t(rows * out), NAN), y1(size_t(rows * out), NAN);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& v : x) v = u(rng);
    linear(L.lin, x.data(), rows, y0.data(), pool);
    linear(P, x.data(), rows, y1.data(), pool);
    for (size_t i = 0; i < y0.size(); ++i) {
      if (same_kernel) ASSERT_EQ(y0[i], y1[i]) << out << "x" << in << " at " << i;
      else ASSERT_NEAR(y0[i], y1[i], 1e-5f * (1.0f + std::abs(y0[i]))) << out << "x" << in << " rows " << rows;
    }
    auto be = make_cpu_backend({});
    for (int64_t row0 : {int64_t(0), int64_t(32), int64_t(5)}) {
      const int64_t n = std::min<int64_t>(out - row0, 40);
      std::vector<float> r0(size_t(rows * n), NAN), r1(size_t(rows * n), NAN);
      be->linear_rows(L.lin, row0, n, x.data(), rows, r0.data());
      be->linear_rows(P, row0, n, x.data(), rows, r1.data());
      for (size_t i = 0; i < r0.size(); ++i) {
        if (same_kernel) ASSERT_EQ(r0[i], r1[i]) << "row view at " << row0;
        else ASSERT_NEAR(r0[i], r1[i], 1e-5f * (1.0f + std::abs(r0[i]))) << "row view at " << row0;
      }
    }
  }
}

// BF16/F16/FP8 weights prepacked once as bf16 panels (Linear::packed_bf16, as
// prepack_bf16_weights does for --bf16-activations): the AVX-512 packing gives the same words as
// the scalar definition (padding included), and Bf16x prefill on them is bit-equal to per-call
// packing, directly and through the backend's row-range views.
TEST(Gemm, PrepackedBf16EqualsPerCallPacking) {
  if (!bf16x_supported(CpuIsa::Avx512)) GTEST_SKIP() << "no avx512_bf16";
  std::mt19937 rng(13);
  ThreadPool pool(2);
  struct Case {
    DType dt;
    int64_t out, in, rows;
    int bk;
  };
  for (const Case c : {Case{DType::BF16, 77, 300, 25, 128}, Case{DType::BF16, 64, 256, 12, 128},
                       Case{DType::F16, 33, 513, 40, 128}, Case{DType::F8_E4M3, 129, 257, 9, 128},
                       Case{DType::F8_E4M3, 40, 130, 250, 128}, Case{DType::F8_E4M3, 100, 301, 13, 96},
                       Case{DType::BF16, 70, 200, 5, 128}}) {
    const std::string what = fmt::format("{} {}x{} rows {}", dtype_name(c.dt), c.out, c.in, c.rows);
    OwnedLinear L = make_linear(c.dt, c.out, c.in, rng, 128, c.bk);
    const int64_t n = bf16_panel_words(c.out, c.in);
    std::vector<uint32_t> fast(size_t(n + 16), 0xDEADBEEFu), slow(size_t(n + 16), 0xFEEDFACEu);
    uint32_t* pf = fast.data() + (64 - reinterpret_cast<uintptr_t>(fast.data()) % 64) % 64 / 4;
    uint32_t* ps = slow.data() + (64 - reinterpret_cast<uintptr_t>(slow.data()) % 64) % 64 / 4;
    pack_bf16_panels(L.lin, pf, pool);
    pack_bf16_panels(L.lin, ps, pool, {.isa = CpuIsa::Scalar});
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(pf[i], ps[i]) << what << " word " << i;
    Linear P = L.lin;
    P.packed_bf16 = pf;
    const std::vector<float> x = random_x(c.rows, c.in, rng);
    std::vector<float> y0(size_t(c.rows * c.out), NAN), y1(size_t(c.rows * c.out), NAN);
    const GemmOptions opt{.isa = CpuIsa::Avx512, .precision = GemmPrecision::Bf16x};
    linear(L.lin, x.data(), c.rows, y0.data(), pool, opt);
    linear(P, x.data(), c.rows, y1.data(), pool, opt);
    // From kDefaultPrefillRows both run the packed micro-kernel (bit-equal); from 5 rows the prepacked
    // weights take it while the plain ones take the Bf16x GEMV (the same bf16 products, other order).
    const bool same_kernel = c.rows >= kDefaultPrefillRows;
    for (size_t i = 0; i < y0.size(); ++i) {
      ASSERT_TRUE(std::isfinite(y1[i])) << what << " at " << i;
      if (same_kernel) ASSERT_EQ(y0[i], y1[i]) << what << " at " << i;
      else ASSERT_NEAR(y0[i], y1[i], 1e-5f * (1.0f + std::abs(y0[i]))) << what << " at " << i;
    }
    auto be = make_cpu_backend({.threads = 2, .bf16_activations = true});
    for (int64_t row0 : {int64_t(0), int64_t(32), int64_t(5)}) {
      if (row0 >= c.out || (c.dt == DType::F8_E4M3 && row0 % 128 != 0)) continue;
      const int64_t nr = std::min<int64_t>(c.out - row0, 40);
      std::vector<float> r0(size_t(c.rows * nr), NAN), r1(size_t(c.rows * nr), NAN);
      be->linear_rows(L.lin, row0, nr, x.data(), c.rows, r0.data());
      be->linear_rows(P, row0, nr, x.data(), c.rows, r1.data());
      for (size_t i = 0; i < r0.size(); ++i) {
        if (same_kernel) ASSERT_EQ(r0[i], r1[i]) << what << " row view at " << row0;
        else ASSERT_NEAR(r0[i], r1[i], 1e-5f * (1.0f + std::abs(r0[i]))) << what << " row view at " << row0;
      }
    }
  }
}

// The fast backend's linear_rows on FP8 rows that start inside a 128-row scale block (MLA's
// value rows of kv_b_proj when heads are narrower than 128) against the reference, exact and
// Bf16x (also on prepacked bf16 panels), for ranges inside one block, across a block edge and ending
// at the last row.
TEST(Gemm, Fp8RowViewsOffBlockEdgesMatchRef) {
  std::mt19937 rng(14);
  OwnedLinear L = make_linear(DType::F8_E4M3, 300, 96, rng);
  const bool has_bf16 = bf16x_supported(CpuIsa::Avx512);
  std::vector<uint32_t> words(size_t(bf16_panel_words(300, 96) + 16));
  uint32_t* panels = words.data() + (64 - reinterpret_cast<uintptr_t>(words.data()) % 64) % 64 / 4;
  for (int mode : {0, 1, 2}) {  // exact, Bf16x, Bf16x on panels
    const bool bf16x = mode > 0;
    if (bf16x && !has_bf16) continue;
    if (mode == 2) {
      ThreadPool pool(2);
      pack_bf16_panels(L.lin, panels, pool);
      L.lin.packed_bf16 = panels;
    }
    auto be = make_cpu_backend({.threads = 2, .bf16_activations = bf16x});
    for (auto [row0, nrows] : {std::pair<int64_t, int64_t>{32, 32}, {96, 64}, {130, 170}, {299, 1}}) {
      for (int64_t rows : {1, 3, 20}) {
        const std::vector<float> x = random_x(rows, L.lin.in, rng);
        std::vector<float> ref(size_t(rows * nrows)), y(size_t(rows * nrows), NAN);
        ref::linear_rows(L.lin, row0, nrows, x.data(), rows, ref.data());
        be->linear_rows(L.lin, row0, nrows, x.data(), rows, y.data());
        const std::vector<float> sc = abs_scale(L.lin, x, rows);  // sum |x||w| per output, [rows, out]
        for (size_t i = 0; i < y.size(); ++i)
          ASSERT_NEAR(y[i], ref[i], (bf16x ? 1e-2 : 1e-5) * sc[(i / size_t(nrows)) * 300 + size_t(row0) + i % size_t(nrows)])
              << (mode == 2 ? "bf16x panels" : bf16x ? "bf16x" : "exact") << " rows [" << row0 << ", +" << nrows << ") x " << rows << " at " << i;
      }
    }
  }
}

TEST(Gemm, ZeroSizes) {
  std::mt19937 rng(3);
  ThreadPool pool(2);
  OwnedLinear L = make_linear(DType::BF16, 5, 0, rng);
  std::vector<float> x(1), y(10, NAN);
  linear(L.lin, x.data(), 2, y.data(), pool);
  for (float v : y) EXPECT_EQ(v, 0.0f);
  linear(L.lin, nullptr, 0, nullptr, pool);  // rows == 0: nothing to do
}

TEST(Gemm, RejectsBadArguments) {
  std::mt19937 rng(4);
  ThreadPool pool(2);
  std::vector<float> x(64, 1.0f), y(64);
  {
    OwnedLinear L = make_linear(DType::BF16, 4, 8, rng);
    L.lin.weight.nbytes = 10;
    EXPECT_THROW(linear(L.lin, x.data(), 1, y.data(), pool), Error);
  }
  {
    OwnedLinear L = make_linear(DType::BF16, 4, 8, rng);
    L.lin.weight.shape = {8, 4};
    EXPECT_THROW(linear(L.lin, x.data(), 1, y.data(), pool), Error);
  }
  {
    OwnedLinear L = make_linear(DType::F8_E4M3, 4, 8, rng);
    L.lin.scale_inv = TensorView{};
    EXPECT_THROW(linear(L.lin, x.data(), 1, y.data(), pool), Error);
  }
  {
    OwnedLinear L = make_linear(DType::F32, 4, 8, rng);
    L.lin.weight.dtype = DType::I32;
    EXPECT_THROW(linear(L.lin, x.data(), 1, y.data(), pool), Error);
  }
  {
    OwnedLinear L = make_linear(DType::F32, 4, 8, rng);
    GemmOptions opt;
    opt.precision = GemmPrecision::Bf16x;
    EXPECT_THROW(linear(L.lin, x.data(), 1, y.data(), pool, opt), Error);
  }
}

TEST(CpuFeatures, IsaSelectionAndEnvOverride) {
  const char* old = std::getenv("DSEEK_CPU_ISA");
  const std::string saved = old ? old : "";
  ::setenv("DSEEK_CPU_ISA", "scalar", 1);
  EXPECT_EQ(selected_isa(), CpuIsa::Scalar);
  ::setenv("DSEEK_CPU_ISA", "bogus", 1);
  EXPECT_THROW(selected_isa(), Error);
  if (!isa_supported(CpuIsa::Avx512)) {
    ::setenv("DSEEK_CPU_ISA", "avx512", 1);
    EXPECT_THROW(selected_isa(), Error);
  }
  if (old) ::setenv("DSEEK_CPU_ISA", saved.c_str(), 1);
  else ::unsetenv("DSEEK_CPU_ISA");
  EXPECT_TRUE(isa_supported(selected_isa()));
  std::printf("[          ] cpu: %s; selected isa %s\n", describe(cpu_features()).c_str(),
              std::string(isa_name(selected_isa())).c_str());
  // AMX: only meaningful where the CPU has it; must not throw either way.
  const bool amx = request_amx_permission();
  EXPECT_TRUE(!amx || cpu_features().amx_tile);
}

}  // namespace
}  // namespace dseek::cpu
