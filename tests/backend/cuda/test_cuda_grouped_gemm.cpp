// test_cuda_grouped_gemm.cpp — the grouped BF16 GEMM (k_grouped_gemm.cu) of
// the MoE experts against a float64 CPU product of the same BF16-rounded
// operands, every element: the forward (x·Wᵀ) and data-gradient (dy·W) kinds
// over groups of uneven rows (0, 1, tile edges, several tiles) with a gap
// between two groups that must stay untouched, the weight-gradient kind
// (reduction over a group's rows) with beta = 1 accumulation and beta = 0,
// dims that are not multiples of the 128-wide tiles or 64-wide k steps, rows
// between groups that hold NaN; each for every kernel (mma.sync, wgmma, TMA,
// TMA on persistent 128×256 tiles); the rows kinds' BF16
// output (Cb) bit for bit against the fp32 one rounded. C is NaN-poisoned where
// it is overwritten, so an element never written fails. Skipped without CUDA.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"

using namespace dseek;

namespace {

struct Bf16Mat {
  std::vector<uint16_t> bits;
  std::vector<double> v;  // the rounded values
};
Bf16Mat random_bf16(size_t n, std::mt19937_64& rng) {
  std::normal_distribution<float> nd(0.0f, 1.0f);
  Bf16Mat m;
  for (size_t i = 0; i < n; ++i) {
    m.bits.push_back(f32_to_bf16(nd(rng)));
    m.v.push_back(double(bf16_to_f32(m.bits.back())));
  }
  return m;
}
DevMem upload_bits(const std::vector<uint16_t>& b) {
  DevMem d(b.size() * 2);
  DSEEK_CUDA_CHECK(cudaMemcpy(d.as(), b.data(), b.size() * 2, cudaMemcpyHostToDevice));
  return d;
}
DevMem upload_f32(const std::vector<float>& f) {
  DevMem d(f.size() * 4);
  DSEEK_CUDA_CHECK(cudaMemcpy(d.as(), f.data(), f.size() * 4, cudaMemcpyHostToDevice));
  return d;
}
std::vector<float> fetch_f32(const DevMem& d, size_t n) {
  std::vector<float> f(n);
  DSEEK_CUDA_CHECK(cudaMemcpy(f.data(), d.as(), n * 4, cudaMemcpyDeviceToHost));
  return f;
}
// Every element within tol·(1 + |ref|) (K ≤ a few hundred products of unit normals); NaN fails.
void expect_close(const std::vector<float>& got, const std::vector<double>& ref, const char* what) {
  ASSERT_EQ(got.size(), ref.size());
  size_t bad = 0, first = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const bool ok = std::isfinite(got[i]) && std::abs(double(got[i]) - ref[i]) <= 1e-4 * (1.0 + std::abs(ref[i]));
    if (!ok && bad++ == 0) first = i;
  }
  EXPECT_EQ(bad, 0u) << what << ": " << bad << " of " << ref.size() << " off; first at " << first << ": got "
                     << got[first] << ", expected " << ref[first];
}

class CudaGroupedGemm : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
};

// Groups of rows 0, 1, 127, 128, 129, 300 and 37, with 5 unused rows (kGap0..) between the 5th and
// 6th: right after a group whose last 128-row tile and 64-row k step are partial, so a kernel that
// reads past a group's end meets them. They hold NaN in every operand: no result may depend on them.
constexpr int64_t kGap0 = 385, kGapRows = 5;
void layout(std::vector<int64_t>& off, std::vector<int64_t>& cnt, int64_t& rows) {
  cnt = {0, 1, 127, 128, 129, 300, 37};
  off.clear();
  rows = 0;
  for (size_t e = 0; e < cnt.size(); ++e) {
    if (e == 5) rows += kGapRows;
    off.push_back(rows);
    rows += cnt[e];
  }
}
void poison_gap(Bf16Mat& m, int64_t cols) {
  for (int64_t r = kGap0; r < kGap0 + kGapRows; ++r)
    for (int64_t c = 0; c < cols; ++c) m.bits[size_t(r * cols + c)] = 0x7fc0;  // BF16 NaN
}
// Every kernel this build and GPU run; the persistent one with a fixed share of tiles per CTA and
// with tiles taken from a counter (sched).
struct Variant {
  cu::tk::GroupedImpl impl;
  bool sched;
};
std::vector<Variant> impls() {
  using I = cu::tk::GroupedImpl;
  std::vector<Variant> v;
  for (I i : {I::kMmaSync, I::kWgmma, I::kTma, I::kTmaWide})
    if (cu::tk::grouped_impl_available(i)) v.push_back({i, false});
  if (cu::tk::grouped_impl_available(I::kTmaWide)) v.push_back({I::kTmaWide, true});
  return v;
}
// A device int for GroupedGemmArgs::sched: zero, and every launch must leave it zero (the shape
// tests run many launches on one counter; a launch that left it nonzero would skip the next's tiles,
// and sched_counter_zero checks it at the end).
DevMem sched_counter() {
  DevMem d(sizeof(int32_t));
  DSEEK_CUDA_CHECK(cudaMemset(d.as(), 0, sizeof(int32_t)));
  return d;
}
void expect_counter_zero(const DevMem& d) {
  int32_t v = -1;
  DSEEK_CUDA_CHECK(cudaMemcpy(&v, d.as(), sizeof(v), cudaMemcpyDeviceToHost));
  EXPECT_EQ(v, 0) << "a launch left the tile counter nonzero";
}

TEST_F(CudaGroupedGemm, RowKindsMatchFloat64Reference) {
  std::mt19937_64 rng(7);
  std::vector<int64_t> off, cnt;
  int64_t rows = 0;
  layout(off, cnt, rows);
  ASSERT_EQ(off[5], kGap0 + kGapRows);
  const int64_t G = int64_t(cnt.size()), K = 72;
  // N 136 and 264: partial 128-wide tiles; K 72: a partial 64-wide k step.
  DevMem ctr = sched_counter();
  for (const Variant var : impls())
  for (const auto& [N, kn] : {std::pair<int64_t, bool>{136, false}, {136, true}, {264, false}, {264, true}}) {
    SCOPED_TRACE(::testing::Message() << "kernel " << int(var.impl) << (var.sched ? " (counter)" : "") << ", N " << N);
    Bf16Mat A = random_bf16(size_t(rows * K), rng);
    poison_gap(A, K);
    const Bf16Mat B = random_bf16(size_t(G * N * K), rng);  // per group [N][K] (kRowsNK) or [K][N] (kRowsKN)
    std::vector<float> c0(size_t(rows * N));
    for (auto& v : c0) v = std::nanf("");
    std::vector<double> ref(c0.begin(), c0.end());
    const float alpha = 0.75f;
    for (int64_t e = 0; e < G; ++e)
      for (int64_t i = 0; i < cnt[size_t(e)]; ++i)
        for (int64_t n = 0; n < N; ++n) {
          double acc = 0;
          for (int64_t k = 0; k < K; ++k)
            acc += A.v[size_t((off[size_t(e)] + i) * K + k)] *
                   B.v[size_t(e * N * K + (kn ? k * N + n : n * K + k))];
          ref[size_t((off[size_t(e)] + i) * N + n)] = alpha * acc;
        }
    DevMem a = upload_bits(A.bits), b = upload_bits(B.bits), c = upload_f32(c0);
    cu::tk::GroupedGemmArgs g;
    g.kind = kn ? cu::tk::GroupedKind::kRowsKN : cu::tk::GroupedKind::kRowsNK;
    g.A = a.as<uint16_t>();
    g.B = b.as<uint16_t>();
    g.C = c.as<float>();
    g.lda = K;
    g.ldb = kn ? N : K;
    g.ldc = N;
    g.sB = N * K;
    g.N = N;
    g.K = K;
    g.alpha = alpha;
    g.beta = 0.0f;  // C holds NaN: beta = 0 must not read it
    g.off = off.data();
    g.cnt = cnt.data();
    g.groups = G;
    g.impl = var.impl;
    g.sched = var.sched ? ctr.as<int32_t>() : nullptr;
    ASSERT_EQ(cu::tk::grouped_gemm_unsupported(g), "");
    cu::tk::grouped_gemm(g, nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const std::vector<float> got = fetch_f32(c, c0.size());
    // The gap rows stay NaN (never written); the rest must match.
    std::vector<float> body;
    std::vector<double> rb;
    size_t gap_untouched = 0;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t n = 0; n < N; ++n) {
        const size_t i = size_t(r * N + n);
        if (std::isnan(ref[i])) gap_untouched += std::isnan(got[i]) ? 1 : 0;
        else {
          body.push_back(got[i]);
          rb.push_back(ref[i]);
        }
      }
    EXPECT_EQ(gap_untouched, size_t(5 * N)) << "rows outside every group were written";
    expect_close(body, rb, kn ? "kRowsKN" : "kRowsNK");

    // BF16 output (Cb): the same products rounded to nearest even, bit for bit; gap rows untouched.
    DevMem cb(c0.size() * 2);
    DSEEK_CUDA_CHECK(cudaMemset(cb.as(), 0xff, c0.size() * 2));
    g.C = nullptr;
    g.Cb = cb.as<uint16_t>();
    ASSERT_EQ(cu::tk::grouped_gemm_unsupported(g), "");
    cu::tk::grouped_gemm(g, nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<uint16_t> gotb(c0.size());
    DSEEK_CUDA_CHECK(cudaMemcpy(gotb.data(), cb.as(), gotb.size() * 2, cudaMemcpyDeviceToHost));
    size_t bad = 0;
    for (size_t i = 0; i < gotb.size(); ++i)
      if (gotb[i] != (std::isnan(ref[i]) ? uint16_t(0xffff) : f32_to_bf16(got[i]))) ++bad;
    EXPECT_EQ(bad, 0u) << (kn ? "kRowsKN" : "kRowsNK") << " BF16 output differs from the fp32 one rounded";
  }
  expect_counter_zero(ctr);
}

TEST_F(CudaGroupedGemm, WeightGradientMatchesFloat64Reference) {
  std::mt19937_64 rng(11);
  std::vector<int64_t> off, cnt;
  int64_t rows = 0;
  layout(off, cnt, rows);
  const int64_t G = int64_t(cnt.size()), M = 136;
  DevMem ctr = sched_counter();
  for (const Variant var : impls())
  for (const auto& [N, beta] : {std::pair<int64_t, float>{72, 1.0f}, {72, 0.0f}, {264, 1.0f}}) {
    SCOPED_TRACE(::testing::Message() << "kernel " << int(var.impl) << (var.sched ? " (counter)" : "") << ", N " << N);
    Bf16Mat L = random_bf16(size_t(rows * M), rng), R = random_bf16(size_t(rows * N), rng);
    poison_gap(L, M);
    poison_gap(R, N);
    std::normal_distribution<float> nd(0.0f, 1.0f);
    std::vector<float> c0(size_t(G * M * N));
    for (auto& v : c0) v = beta == 0.0f ? std::nanf("") : nd(rng);
    std::vector<double> ref(c0.size());
    for (int64_t e = 0; e < G; ++e)
      for (int64_t m = 0; m < M; ++m)
        for (int64_t n = 0; n < N; ++n) {
          double acc = 0;
          for (int64_t i = 0; i < cnt[size_t(e)]; ++i)
            acc += L.v[size_t((off[size_t(e)] + i) * M + m)] * R.v[size_t((off[size_t(e)] + i) * N + n)];
          const size_t at = size_t((e * M + m) * N + n);
          ref[at] = acc + (beta == 0.0f ? 0.0 : double(c0[at]));
        }
    DevMem l = upload_bits(L.bits), r = upload_bits(R.bits), c = upload_f32(c0);
    cu::tk::GroupedGemmArgs g;
    g.kind = cu::tk::GroupedKind::kWgrad;
    g.A = l.as<uint16_t>();
    g.B = r.as<uint16_t>();
    g.C = c.as<float>();
    g.lda = M;
    g.ldb = N;
    g.ldc = N;
    g.sC = M * N;
    g.M = M;
    g.N = N;
    g.beta = beta;
    g.off = off.data();
    g.cnt = cnt.data();
    g.groups = G;
    g.impl = var.impl;
    g.sched = var.sched ? ctr.as<int32_t>() : nullptr;
    cu::tk::grouped_gemm(g, nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    expect_close(fetch_f32(c, c0.size()), ref, beta == 0.0f ? "kWgrad beta 0" : "kWgrad beta 1");
  }
  expect_counter_zero(ctr);
}

TEST_F(CudaGroupedGemm, RefusesMisalignedShapes) {
  cu::tk::GroupedGemmArgs g;
  std::vector<int64_t> off{0}, cnt{4};
  DevMem a(4096), b(4096), c(4096);
  g.A = a.as<uint16_t>();
  g.B = b.as<uint16_t>();
  g.C = c.as<float>();
  g.lda = 12;  // not a multiple of 8
  g.ldb = 16;
  g.ldc = 16;
  g.N = 16;
  g.K = 12;
  g.off = off.data();
  g.cnt = cnt.data();
  g.groups = 1;
  EXPECT_NE(cu::tk::grouped_gemm_unsupported(g), "");
  EXPECT_THROW(cu::tk::grouped_gemm(g, nullptr), std::exception);
  g.lda = 16;
  g.K = 16;
  ASSERT_EQ(cu::tk::grouped_gemm_unsupported(g), "");
  g.Cb = b.as<uint16_t>();  // both outputs
  EXPECT_NE(cu::tk::grouped_gemm_unsupported(g), "");
  g.C = nullptr;
  ASSERT_EQ(cu::tk::grouped_gemm_unsupported(g), "");
  g.beta = 1.0f;  // a BF16 output does not accumulate
  EXPECT_NE(cu::tk::grouped_gemm_unsupported(g), "");
  g.beta = 0.0f;
  g.kind = cu::tk::GroupedKind::kWgrad;  // nor is it a weight gradient
  g.M = 16;
  EXPECT_NE(cu::tk::grouped_gemm_unsupported(g), "");
}

// More tiles than SMs, so the persistent kernel's CTAs each run several tiles (the stage ring and its
// phases running on across them): every kind against the one-tile-per-CTA mma.sync kernel, every element;
// the rows kinds' BF16 output too.
TEST_F(CudaGroupedGemm, PersistentTilesEqualOneTilePerCta) {
  using I = cu::tk::GroupedImpl;
  if (!cu::tk::grouped_impl_available(I::kTmaWide)) GTEST_SKIP() << "no sm_90a";
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<int64_t> rows_of(200, 600);
  const int64_t G = 40, N = 520, K = 136, M = 264;  // partial 256-wide tiles and 64-deep k steps
  std::vector<int64_t> off, cnt;
  int64_t rows = 0;
  for (int64_t e = 0; e < G; ++e) {
    off.push_back(rows);
    cnt.push_back(e == 3 ? 0 : rows_of(rng));
    rows += cnt.back();
  }
  const Bf16Mat A = random_bf16(size_t(rows * std::max(K, M)), rng), B = random_bf16(size_t(G * N * K), rng),
                R = random_bf16(size_t(rows * N), rng);
  DevMem a = upload_bits(A.bits), b = upload_bits(B.bits), r = upload_bits(R.bits);
  for (const auto kind : {cu::tk::GroupedKind::kRowsNK, cu::tk::GroupedKind::kRowsKN, cu::tk::GroupedKind::kWgrad}) {
    SCOPED_TRACE(int(kind));
    const bool wg = kind == cu::tk::GroupedKind::kWgrad;
    const size_t nc = size_t(wg ? G * M * N : rows * N);
    cu::tk::GroupedGemmArgs g;
    g.kind = kind;
    g.A = a.as<uint16_t>();
    g.B = wg ? r.as<uint16_t>() : b.as<uint16_t>();
    g.lda = wg ? M : K;
    g.ldb = wg || kind == cu::tk::GroupedKind::kRowsKN ? N : K;
    g.ldc = N;
    g.sB = N * K;
    g.sC = M * N;
    g.M = M;
    g.N = N;
    g.K = K;
    g.off = off.data();
    g.cnt = cnt.data();
    g.groups = G;
    // 0: one tile per CTA; 1: persistent, fixed share; 2, 3: persistent, tiles from one counter twice
    // (each launch zeroes it).
    DevMem ctr = sched_counter();
    std::vector<float> got[4];
    for (int i = 0; i < 4; ++i) {
      std::vector<float> c0(nc, std::nanf(""));
      DevMem c = upload_f32(c0);
      g.C = c.as<float>();
      g.impl = i == 0 ? I::kMmaSync : I::kTmaWide;
      g.sched = i >= 2 ? ctr.as<int32_t>() : nullptr;
      cu::tk::grouped_gemm(g, nullptr);
      DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
      got[i] = fetch_f32(c, nc);
      if (wg || i == 0) continue;
      // The rows kinds' BF16 output (the staged epilogue, its buffers reused tile after tile): the same
      // kernel's fp32 products rounded, bit for bit, every element written.
      DevMem cb(nc * 2);
      DSEEK_CUDA_CHECK(cudaMemset(cb.as(), 0xff, nc * 2));
      g.C = nullptr;
      g.Cb = cb.as<uint16_t>();
      cu::tk::grouped_gemm(g, nullptr);
      DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
      g.Cb = nullptr;
      std::vector<uint16_t> gotb(nc);
      DSEEK_CUDA_CHECK(cudaMemcpy(gotb.data(), cb.as(), nc * 2, cudaMemcpyDeviceToHost));
      size_t bad = 0;
      for (size_t k = 0; k < nc; ++k) bad += gotb[k] != f32_to_bf16(got[i][k]) ? 1 : 0;
      EXPECT_EQ(bad, 0u) << "persistent BF16 output " << i << " differs from its fp32 output rounded";
    }
    for (int i = 1; i < 4; ++i)
      expect_close(got[i], std::vector<double>(got[0].begin(), got[0].end()),
                   i == 1 ? "persistent vs one tile per CTA" : "persistent, counter vs one tile per CTA");
  }
}

}  // namespace
