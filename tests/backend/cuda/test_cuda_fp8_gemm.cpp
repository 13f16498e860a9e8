// test_cuda_fp8_gemm.cpp — the FP8 training operands and GEMMs (k_train_fp8.cu,
// k_fp8_gemm.cu). The E4M3 operands must round exactly as the quantise-
// dequantise kernels the FP8 numerics were validated with (byte × scale ==
// the BF16 value, every element; rows, transposed columns, W and Wᵀ blocks;
// rows and columns from one read); the GEMMs (own kernel and cuBLASLt) must
// equal a float64 product of the decoded operands with their scales (dense forward, data gradient through Wᵀ, weight gradient over
// transposed activations, grouped rows with per-group weights and a gap that
// must stay untouched, grouped weight gradients over k ranges), with tails in
// every dimension, beta = 0 over NaN poison and beta = 1 accumulation.
// Each GEMM case runs on both FP8 kernels (cp.async, k_fp8_gemm.cu; TMA, k_fp8_tma.cu).
// Skipped without CUDA or without an sm_90a build on a Hopper GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <tuple>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/fp8_lt.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"

using namespace dseek;
namespace tk = dseek::cu::tk;

namespace {

template <class T>
DevMem upload(const std::vector<T>& v) {
  DevMem d(std::max<size_t>(v.size(), 1) * sizeof(T));
  DSEEK_CUDA_CHECK(cudaMemcpy(d.as(), v.data(), v.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}
template <class T>
std::vector<T> fetch(const DevMem& d, size_t n) {
  std::vector<T> v(n);
  DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), d.as(), n * sizeof(T), cudaMemcpyDeviceToHost));
  return v;
}
std::vector<float> fetch_ptr(const float* p, size_t n) {
  std::vector<float> v(n);
  DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), p, n * 4, cudaMemcpyDeviceToHost));
  return v;
}
template <class T>
DevMem filled(size_t n, T value) {
  return upload(std::vector<T>(n, value));
}
// Unit normals times a per-row magnitude from 2^-6 to 2^6 (so the tiles' scales differ), row 3 zero.
// exact: integers in [-3, 3] times a magnitude per 128-row tile instead: E4M3 holds them exactly and
// the products summed by one instruction share a magnitude (a row's, or a 128-row tile's for the
// weight gradient), so every partial sum is exact however the tensor cores accumulate: the GEMMs
// must match float64 bit for bit.
bool g_exact = false;
std::vector<float> activations(int64_t rows, int64_t n, std::mt19937_64& rng) {
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::uniform_int_distribution<int> ex(-6, 6), in(-3, 3);
  std::vector<float> x(size_t(rows * n));
  float tile_m = 1.0f;
  for (int64_t r = 0; r < rows; ++r) {
    if (r % 128 == 0) tile_m = std::ldexp(1.0f, ex(rng));
    const float m = r == 3 ? 0.0f : g_exact ? tile_m : std::ldexp(1.0f, ex(rng));
    for (int64_t c = 0; c < n; ++c) x[size_t(r * n + c)] = m * (g_exact ? float(in(rng)) : nd(rng));
  }
  return x;
}
bool pow2(float s) {
  int e;
  return s > 0 && std::frexp(s, &e) == 0.5f;
}

class CudaFp8Gemm : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
  void need_gemm() {
    if (!tk::fp8_gemm_available()) GTEST_SKIP() << "FP8 GEMM needs an sm_90a build on a Hopper GPU";
  }
};

// Every element within 2^-9 of the sum of its products' magnitudes (mag: Σ|a·b|, plus |beta·C0|):
// the FP8 tensor cores keep ~14 bits while they add up 32 products of one instruction (V3 report
// §3.3.2) — a loose bound for normals, exact data (g_exact) must match exactly. NaN fails.
void expect_close(const std::vector<float>& got, const std::vector<double>& ref, const std::vector<double>& mag,
                  const char* what) {
  ASSERT_EQ(got.size(), ref.size());
  size_t bad = 0, first = 0;
  double worst = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const double err = std::abs(double(got[i]) - ref[i]), tol = g_exact ? 0.0 : std::ldexp(mag[i], -9) + 1e-6;
    if (std::isfinite(err) && tol > 0) worst = std::max(worst, err / tol);
    if (!(std::isfinite(got[i]) && err <= tol) && bad++ == 0) first = i;
  }
  EXPECT_EQ(bad, 0u) << what << (g_exact ? " (exact data)" : "") << ": " << bad << " of " << ref.size()
                     << " off; first at " << first << ": got " << got[first] << ", expected " << ref[first];
  if (!g_exact) ::testing::Test::RecordProperty(std::string(what) + " worst error / bound", std::to_string(worst));
}

// An E4M3 operand on the device with its decoded values on the host (v[row·ld + k]).
struct Op {
  DevMem q, s;
  std::vector<double> v;
  int64_t ld = 0, lds = 0;
};
Op quant_rows(const std::vector<float>& x, int64_t rows, int64_t n) {
  Op o;
  o.ld = n;
  o.lds = rows + 3;  // scales [k/128][lds]: a stride past the rows
  const int64_t tiles = (n + 127) / 128;
  DevMem dx = upload(x);
  o.q = DevMem(size_t(rows * n));
  o.s = DevMem(size_t(tiles * o.lds) * 4);
  tk::fp8_quant_rows(dx.as<float>(), rows, n, o.q.as<uint8_t>(), o.s.as<float>(), o.lds, nullptr);
  const auto q = fetch<uint8_t>(o.q, size_t(rows * n));
  const auto s = fetch<float>(o.s, size_t(tiles * o.lds));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < n; ++k)
      o.v.push_back(double(fp8e4m3_to_f32(q[size_t(r * n + k)])) * s[size_t(k / 128 * o.lds + r)]);
  return o;
}
// x [rows, n] -> the transposed operand [n][ldt], scales per 128 rows.
Op quant_cols_t(const std::vector<float>& x, int64_t rows, int64_t n, int64_t ldt) {
  Op o;
  o.ld = ldt;
  o.lds = n;  // scales [row tiles][n]
  const int64_t tiles = (rows + 127) / 128;
  DevMem dx = upload(x);
  o.q = filled<uint8_t>(size_t(n * ldt), 0x7F);  // NaN bytes: the padding must be written
  o.s = DevMem(size_t(tiles * n) * 4);
  tk::fp8_quant_cols_t(dx.as<float>(), rows, n, ldt, o.q.as<uint8_t>(), o.s.as<float>(), nullptr);
  const auto q = fetch<uint8_t>(o.q, size_t(n * ldt));
  const auto s = fetch<float>(o.s, size_t(tiles * n));
  for (int64_t c = 0; c < n; ++c)
    for (int64_t k = 0; k < ldt; ++k)
      o.v.push_back(double(fp8e4m3_to_f32(q[size_t(c * ldt + k)])) * s[size_t(std::min(k, rows - 1) / 128 * n + c)]);
  return o;
}
// Weights [out, in] (count of them, back to back) per 128×128 block: W (q) and Wᵀ (qt) bytes, the
// scales, and the decoded W per tensor.
struct Weights {
  DevMem q, qt, s, y;
  std::vector<std::vector<double>> v;  // v[e][o·in + i]
  int64_t out = 0, in = 0, bx = 0, blocks = 0;
};
Weights quant_weights(int count, int64_t out, int64_t in, std::mt19937_64& rng) {
  Weights w;
  w.out = out;
  w.in = in;
  w.bx = (in + 127) / 128;
  w.blocks = (out + 127) / 128 * w.bx;
  std::normal_distribution<float> nd(0.0f, 0.05f);
  std::uniform_int_distribution<int> iv(-3, 3), ex(-3, 3);
  std::vector<float> h(size_t(count * out * in));
  for (float& f : h) f = nd(rng);
  if (g_exact)  // integers / 16 times a magnitude per 128×128 block
    for (int e = 0; e < count; ++e)
      for (int64_t bo = 0; bo < out; bo += 128)
        for (int64_t bi = 0; bi < in; bi += 128) {
          const float m = std::ldexp(1.0f / 16, ex(rng));
          for (int64_t o = bo; o < std::min(out, bo + 128); ++o)
            for (int64_t i = bi; i < std::min(in, bi + 128); ++i) h[size_t(e * out * in + o * in + i)] = m * float(iv(rng));
        }
  std::vector<tk::Fp8BlockTensor> t;
  for (int e = 0; e < count; ++e) t.push_back({e * out * in, out, in, 0});
  EXPECT_EQ(tk::fp8_block_table(t), count * w.blocks);
  DevMem dt = upload(t), dw = upload(h);
  w.q = DevMem(h.size());
  w.qt = DevMem(h.size());
  w.s = DevMem(size_t(count * w.blocks) * 4);
  w.y = DevMem(h.size() * 2);
  tk::fp8_quant_blocks_many(dw.as<float>(), static_cast<const tk::Fp8BlockTensor*>(dt.as()), count, count * w.blocks,
                            w.y.as<uint16_t>(), w.q.as<uint8_t>(), w.qt.as<uint8_t>(), w.s.as<float>(), nullptr, nullptr);
  const auto q = fetch<uint8_t>(w.q, h.size()), qt = fetch<uint8_t>(w.qt, h.size());
  const auto s = fetch<float>(w.s, size_t(count * w.blocks));
  const auto y = fetch<uint16_t>(w.y, h.size());
  for (int e = 0; e < count; ++e) {
    std::vector<double> v;
    size_t bad = 0;
    for (int64_t o = 0; o < out; ++o)
      for (int64_t i = 0; i < in; ++i) {
        const size_t at = size_t(e * out * in + o * in + i);
        const float sc = s[size_t(e * w.blocks + (o / 128) * w.bx + i / 128)];
        const double d = double(fp8e4m3_to_f32(q[at])) * sc;
        v.push_back(d);
        if (!pow2(sc) || d != double(bf16_to_f32(y[at])) || qt[size_t(e * out * in + i * out + o)] != q[at]) ++bad;
      }
    EXPECT_EQ(bad, 0u) << "weight " << e << ": bytes, transpose, scales or BF16 copy disagree";
    w.v.push_back(std::move(v));
  }
  return w;
}

TEST_F(CudaFp8Gemm, OperandsRoundAsTheQuantiseDequantiseKernels) {
  std::mt19937_64 rng(11);
  const int64_t rows = 300, n = 164;  // tails: 44 columns, 44 rows
  const std::vector<float> x = activations(rows, n, rng);
  DevMem dx = upload(x), y = DevMem(size_t(rows * n) * 2);
  // rows: 1×128 tiles along each row
  const Op r = quant_rows(x, rows, n);
  tk::fp8_qdq_rows(dx.as<float>(), rows, n, y.as<uint16_t>(), nullptr);
  auto yb = fetch<uint16_t>(y, size_t(rows * n));
  size_t bad = 0;
  for (size_t i = 0; i < yb.size(); ++i) bad += r.v[i] != double(bf16_to_f32(yb[i]));
  EXPECT_EQ(bad, 0u) << "rows";
  const auto rs = fetch<float>(r.s, size_t((n + 127) / 128 * r.lds));
  for (int64_t t = 0; t < (n + 127) / 128; ++t)
    for (int64_t i = 0; i < rows; ++i) EXPECT_TRUE(pow2(rs[size_t(t * r.lds + i)])) << rs[size_t(t * r.lds + i)];
  // columns: 128×1 tiles along the rows, transposed, zero past the rows
  const int64_t ldt = 304;
  const Op c = quant_cols_t(x, rows, n, ldt);
  tk::fp8_qdq_cols(dx.as<float>(), rows, n, rows, y.as<uint16_t>(), nullptr);
  yb = fetch<uint16_t>(y, size_t(rows * n));
  bad = 0;
  for (int64_t i = 0; i < n; ++i)
    for (int64_t k = 0; k < ldt; ++k) {
      const double want = k < rows ? double(bf16_to_f32(yb[size_t(k * n + i)])) : 0.0;
      bad += c.v[size_t(i * ldt + k)] != want;
    }
  EXPECT_EQ(bad, 0u) << "transposed columns";
  // both layouts from one read: the same bytes and scales as the two kernels
  {
    const int64_t lds = rows + 3, tc = (n + 127) / 128, tr = (rows + 127) / 128;
    DevMem q(size_t(rows * n)), sq(size_t(tc * lds) * 4), qt = filled<uint8_t>(size_t(n * ldt), 0x7F),
        sqt(size_t(tr * n) * 4);
    tk::fp8_quant_both(dx.as<float>(), rows, n, q.as<uint8_t>(), sq.as<float>(), lds, qt.as<uint8_t>(), sqt.as<float>(),
                       ldt, nullptr);
    EXPECT_EQ(fetch<uint8_t>(q, size_t(rows * n)), fetch<uint8_t>(r.q, size_t(rows * n))) << "both: rows";
    const auto a = fetch<float>(sq, size_t(tc * lds)), b = fetch<float>(r.s, size_t(tc * r.lds));
    size_t sbad = 0;
    for (int64_t t = 0; t < tc; ++t)
      for (int64_t i = 0; i < rows; ++i) sbad += a[size_t(t * lds + i)] != b[size_t(t * r.lds + i)];
    EXPECT_EQ(sbad, 0u) << "both: row scales";
    EXPECT_EQ(fetch<uint8_t>(qt, size_t(n * ldt)), fetch<uint8_t>(c.q, size_t(n * ldt))) << "both: columns";
    EXPECT_EQ(fetch<float>(sqt, size_t(tr * n)), fetch<float>(c.s, size_t(tr * n))) << "both: column scales";
  }
  // weights: 2 tensors of 272 × 200 (block tails both ways)
  quant_weights(2, 272, 200, rng);
}

// fp8_quant_both's persistent blocks take several tiles each (more tiles than SMs, double-buffered
// loads) and must still write exactly what the two single-layout kernels write: 4100 × 520 (165
// tiles of 128 × 128 with tails both ways), ldt past the rows.
TEST_F(CudaFp8Gemm, QuantBothEqualsRowsAndColumnsOverManyTiles) {
  std::mt19937_64 rng(14);
  const int64_t rows = 4100, n = 520, ldt = 4112, lds = rows + 5;
  const int64_t tc = (n + 127) / 128, tr = (rows + 127) / 128;
  const std::vector<float> x = activations(rows, n, rng);
  DevMem dx = upload(x);
  DevMem q1 = filled<uint8_t>(size_t(rows * n), 0x7F), s1 = filled<float>(size_t(tc * lds), -1.0f);
  DevMem t1 = filled<uint8_t>(size_t(n * ldt), 0x7F), u1 = filled<float>(size_t(tr * n), -1.0f);
  DevMem q2 = filled<uint8_t>(size_t(rows * n), 0x7F), s2 = filled<float>(size_t(tc * lds), -1.0f);
  DevMem t2 = filled<uint8_t>(size_t(n * ldt), 0x7F), u2 = filled<float>(size_t(tr * n), -1.0f);
  tk::fp8_quant_rows(dx.as<float>(), rows, n, q1.as<uint8_t>(), s1.as<float>(), lds, nullptr);
  tk::fp8_quant_cols_t(dx.as<float>(), rows, n, ldt, t1.as<uint8_t>(), u1.as<float>(), nullptr);
  tk::fp8_quant_both(dx.as<float>(), rows, n, q2.as<uint8_t>(), s2.as<float>(), lds, t2.as<uint8_t>(), u2.as<float>(),
                     ldt, nullptr);
  EXPECT_EQ(fetch<uint8_t>(q2, size_t(rows * n)), fetch<uint8_t>(q1, size_t(rows * n))) << "rows";
  EXPECT_EQ(fetch<float>(s2, size_t(tc * lds)), fetch<float>(s1, size_t(tc * lds))) << "row scales";
  EXPECT_EQ(fetch<uint8_t>(t2, size_t(n * ldt)), fetch<uint8_t>(t1, size_t(n * ldt))) << "transposed columns";
  EXPECT_EQ(fetch<float>(u2, size_t(tr * n)), fetch<float>(u1, size_t(tr * n))) << "column scales";
}

// alpha·A·Bᵀ in float64 over decoded operands, A [M][K] (lda), B [N][K] (ldb), and Σ|alpha·a·b| per element.
struct Ref {
  std::vector<double> v, mag;
};
Ref ref_gemm(const std::vector<double>& A, int64_t lda, const std::vector<double>& B, int64_t ldb, int64_t M, int64_t N,
             int64_t K, double alpha) {
  Ref r;
  for (int64_t m = 0; m < M; ++m)
    for (int64_t n = 0; n < N; ++n) {
      double s = 0, a = 0;
      for (int64_t k = 0; k < K; ++k) {
        const double p = A[size_t(m * lda + k)] * B[size_t(n * ldb + k)];
        s += p;
        a += std::abs(p);
      }
      r.v.push_back(alpha * s);
      r.mag.push_back(std::abs(alpha) * a);
    }
  return r;
}
// Exact data, then normals; each on the cp.async kernel (k_fp8_gemm.cu, kernel 1) and the TMA one
// (k_fp8_tma.cu, kernel 2: fp8_gemm's default, which must not fall back here).
int g_kernel = 0;
void run_gemm(tk::Fp8GemmArgs g) {
  g.kernel = g_kernel;
  tk::fp8_gemm(g, nullptr);
}
class CudaFp8GemmData : public CudaFp8Gemm, public ::testing::WithParamInterface<std::tuple<bool, int>> {
 protected:
  void SetUp() override {
    CudaFp8Gemm::SetUp();
    g_exact = std::get<0>(GetParam());
    g_kernel = std::get<1>(GetParam());
  }
  void TearDown() override {
    g_exact = false;
    g_kernel = 0;
  }
};
INSTANTIATE_TEST_SUITE_P(ExactKernel, CudaFp8GemmData,
                         ::testing::Combine(::testing::Values(true, false), ::testing::Values(1, 2)));

TEST_P(CudaFp8GemmData, DenseForwardDataAndWeightGradientEqualFloat64) {
  need_gemm();
  std::mt19937_64 rng(12);
  const int64_t rows = 300, out = 272, in = 400;  // not multiples of the 128 tiles
  const Weights W = quant_weights(1, out, in, rng);
  std::uniform_int_distribution<int> iv(-9, 9);
  auto run = [&](tk::Fp8GemmArgs g, int64_t M, int64_t ldc, float beta, const Ref& r, const char* what) {
    std::vector<float> c0(size_t(M * ldc));
    for (float& f : c0) f = beta != 0 ? float(iv(rng)) : std::nanf("");
    DevMem dc = upload(c0);
    g.C = dc.as<float>();
    g.ldc = ldc;
    g.beta = beta;
    run_gemm(g);
    Ref want = r;
    for (size_t i = 0; i < want.v.size(); ++i)
      if (beta != 0) {
        want.v[i] += beta * double(c0[i]);
        want.mag[i] += std::abs(beta * double(c0[i]));
      }
    expect_close(fetch<float>(dc, size_t(M * ldc)), want.v, want.mag, what);
  };
  // forward: y [rows, out] = x [rows, in] · Wᵀ (B = W, 128×128 block scales)
  const std::vector<float> x = activations(rows, in, rng);
  const Op xa = quant_rows(x, rows, in);
  {
    tk::Fp8GemmArgs g;
    g.A = xa.q.as<uint8_t>();
    g.sa = xa.s.as<float>();
    g.lda = in;
    g.ldsa = xa.lds;
    g.B = W.q.as<uint8_t>();
    g.sb = W.s.as<float>();
    g.ldb = in;
    g.sbn = W.bx;
    g.sbk = 1;
    g.nshift = 7;
    g.M = rows;
    g.N = out;
    g.K = in;
    g.alpha = 0.5f;
    const auto ref = ref_gemm(xa.v, in, W.v[0], in, rows, out, in, 0.5);
    run(g, rows, out, 0.0f, ref, "forward");
    run(g, rows, out, 1.0f, ref, "forward, beta 1");
    run(g, rows, out, 0.5f, ref, "forward, beta 0.5");  // (the TMA kernel's direct epilogue; else bulk copies)
  }
  // data gradient: dx [rows, in] = dy [rows, out] · W (B = Wᵀ [in][out], the same blocks transposed)
  const std::vector<float> dy = activations(rows, out, rng);
  const Op dya = quant_rows(dy, rows, out);
  {
    std::vector<double> wt(size_t(in * out));
    for (int64_t o = 0; o < out; ++o)
      for (int64_t i = 0; i < in; ++i) wt[size_t(i * out + o)] = W.v[0][size_t(o * in + i)];
    tk::Fp8GemmArgs g;
    g.A = dya.q.as<uint8_t>();
    g.sa = dya.s.as<float>();
    g.lda = out;
    g.ldsa = dya.lds;
    g.B = W.qt.as<uint8_t>();
    g.sb = W.s.as<float>();
    g.ldb = out;
    g.sbn = 1;
    g.sbk = W.bx;
    g.nshift = 7;
    g.M = rows;
    g.N = in;
    g.K = out;
    const auto ref = ref_gemm(dya.v, out, wt, out, rows, in, out, 1.0);
    run(g, rows, in, 1.0f, ref, "data gradient");
  }
  // weight gradient: dW [out, in] += dyᵀ · x over the rows (both transposed, per-column scales of B)
  {
    const int64_t ldt = 304;
    const Op dyt = quant_cols_t(dy, rows, out, ldt), xt = quant_cols_t(x, rows, in, ldt);
    tk::Fp8GemmArgs g;
    g.A = dyt.q.as<uint8_t>();
    g.sa = dyt.s.as<float>();
    g.lda = ldt;
    g.ldsa = dyt.lds;
    g.B = xt.q.as<uint8_t>();
    g.sb = xt.s.as<float>();
    g.ldb = ldt;
    g.sbn = 1;
    g.sbk = xt.lds;
    g.nshift = 0;
    g.M = out;
    g.N = in;
    g.K = ldt;
    const auto ref = ref_gemm(dyt.v, ldt, xt.v, ldt, out, in, ldt, 1.0);
    run(g, out, in, 1.0f, ref, "weight gradient");
    run(g, out, in, 0.0f, ref, "weight gradient, beta 0");
  }
}

// The trainer's dense products through cuBLASLt's block-scaled FP8 (fp8_lt.h) from the same operands:
// forward (W's 128×128 blocks), data gradient (Wᵀ's), weight gradient (1×128 tiles on both sides).
// A product cuBLASLt declines is reported, not failed (the trainer then runs k_fp8_gemm.cu).
TEST_P(CudaFp8GemmData, CublasLtDenseProductsEqualFloat64) {
  need_gemm();
  std::mt19937_64 rng(14);
  const int64_t rows = 256, out = 272, in = 400, ldt = 256;
  const Weights W = quant_weights(1, out, in, rng);
  // cuBLASLt's BLK128x128 layout: [n blocks][k blocks rounded up to 4], for W and for Wᵀ
  const auto ws = fetch<float>(W.s, size_t(W.blocks));
  const int64_t bo = (out + 127) / 128, bi = W.bx, l4 = (bi + 3) / 4 * 4, l4t = (bo + 3) / 4 * 4;
  std::vector<float> hl4(size_t(bo * l4), 0.0f), hl4t(size_t(bi * l4t), 0.0f);
  for (int64_t o = 0; o < bo; ++o)
    for (int64_t i = 0; i < bi; ++i) {
      hl4[size_t(o * l4 + i)] = ws[size_t(o * bi + i)];
      hl4t[size_t(i * l4t + o)] = ws[size_t(o * bi + i)];
    }
  DevMem dl4 = upload(hl4), dl4t = upload(hl4t);
  cu::Fp8Lt lt(nullptr);
  const std::vector<float> x = activations(rows, in, rng), dy = activations(rows, out, rng);
  const Op xa = quant_rows(x, rows, in), dya = quant_rows(dy, rows, out);
  const Op dyt = quant_cols_t(dy, rows, out, ldt), xt = quant_cols_t(x, rows, in, ldt);
  std::vector<double> wt(size_t(in * out));
  for (int64_t o = 0; o < out; ++o)
    for (int64_t i = 0; i < in; ++i) wt[size_t(i * out + o)] = W.v[0][size_t(o * in + i)];
  struct Case {
    const char* what;
    cu::Fp8Lt::Args args;
    Ref ref;
  };
  DevMem c1(size_t(rows * out) * 4), c2(size_t(rows * in) * 4), c3(size_t(out * in) * 4);
  // The VEC128 scales of quant_rows have a stride of rows + 3 here: cuBLASLt wants round4(m) = rows.
  auto rows_op = [&](const std::vector<float>& v, int64_t n) {
    Op o;
    o.ld = n;
    o.lds = rows;
    DevMem dv = upload(v);
    o.q = DevMem(size_t(rows * n));
    o.s = DevMem(size_t((n + 127) / 128 * rows) * 4);
    tk::fp8_quant_rows(dv.as<float>(), rows, n, o.q.as<uint8_t>(), o.s.as<float>(), rows, nullptr);
    return o;
  };
  const Op xl = rows_op(x, in), dyl = rows_op(dy, out);
  Case cases[] = {
      {"forward", {xl.q.as<uint8_t>(), xl.s.as<float>(), W.q.as<uint8_t>(), dl4.as<float>(), true, rows, out, in, 0.0f,
                   c1.as<float>()}, ref_gemm(xa.v, in, W.v[0], in, rows, out, in, 1.0)},
      {"data gradient", {dyl.q.as<uint8_t>(), dyl.s.as<float>(), W.qt.as<uint8_t>(), dl4t.as<float>(), true, rows, in,
                         out, 0.0f, c2.as<float>()}, ref_gemm(dya.v, out, wt, out, rows, in, out, 1.0)},
      {"weight gradient", {dyt.q.as<uint8_t>(), dyt.s.as<float>(), xt.q.as<uint8_t>(), xt.s.as<float>(), false, out, in,
                           ldt, 0.0f, c3.as<float>()}, ref_gemm(dyt.v, ldt, xt.v, ldt, out, in, ldt, 1.0)},
  };
  for (Case& c : cases) {
    if (!lt.gemm(c.args)) {
      std::printf("cuBLASLt declines the %s product (%ld x %ld x %ld)\n", c.what, long(c.args.m), long(c.args.n),
                  long(c.args.k));
      continue;
    }
    expect_close(fetch_ptr(c.args.C, size_t(c.args.m * c.args.n)), c.ref.v, c.ref.mag, c.what);
  }
}

// The grouped products' arguments. Rows kind: x (quantised per row, [rows][K]) times group e's W_e
// [N][K] (128×128 blocks) into C [rows][N]. Weight gradient: C_e [M][N] = beta·C_e + Σ over group e's
// rows of dyᵀ·x, both operands transposed ([.][ldt], scales per column and 128 rows).
tk::Fp8GemmArgs grouped_rows_args(const Op& xa, int64_t K, const Weights& W, int64_t N, float* C,
                                  const std::vector<int64_t>& off, const std::vector<int64_t>& cnt) {
  tk::Fp8GemmArgs g;
  g.A = xa.q.as<uint8_t>();
  g.sa = xa.s.as<float>();
  g.lda = K;
  g.ldsa = xa.lds;
  g.B = W.q.as<uint8_t>();
  g.sb = W.s.as<float>();
  g.ldb = K;
  g.sbn = W.bx;
  g.sbk = 1;
  g.sB = N * K;
  g.sSB = W.blocks;
  g.C = C;
  g.ldc = N;
  g.N = N;
  g.K = K;
  g.off = off.data();
  g.cnt = cnt.data();
  g.groups = int64_t(cnt.size());
  return g;
}
tk::Fp8GemmArgs grouped_wgrad_args(const Op& dyt, const Op& xt, int64_t ldt, int64_t M, int64_t N, float* C, float beta,
                                   const std::vector<int64_t>& off, const std::vector<int64_t>& cnt) {
  tk::Fp8GemmArgs w;
  w.wgrad = true;
  w.A = dyt.q.as<uint8_t>();
  w.sa = dyt.s.as<float>();
  w.lda = ldt;
  w.ldsa = dyt.lds;
  w.B = xt.q.as<uint8_t>();
  w.sb = xt.s.as<float>();
  w.ldb = ldt;
  w.sbn = 1;
  w.sbk = xt.lds;
  w.nshift = 0;
  w.C = C;
  w.ldc = N;
  w.sC = M * N;
  w.M = M;
  w.N = N;
  w.beta = beta;
  w.off = off.data();
  w.cnt = cnt.data();
  w.groups = int64_t(cnt.size());
  return w;
}
// grouped_wgrad_args' product in float64 from C's values c0 before it.
Ref grouped_wgrad_ref(const Op& dyt, const Op& xt, int64_t ldt, int64_t M, int64_t N, const std::vector<float>& c0,
                      double beta, const std::vector<int64_t>& off, const std::vector<int64_t>& cnt) {
  Ref r;
  for (size_t e = 0; e < cnt.size(); ++e)
    for (int64_t m = 0; m < M; ++m)
      for (int64_t n = 0; n < N; ++n) {
        const double c = beta * c0[(e * size_t(M) + size_t(m)) * size_t(N) + size_t(n)];
        double sum = 0, a = std::abs(c);
        for (int64_t k = off[e]; k < off[e] + cnt[e]; ++k) {
          const double p = dyt.v[size_t(m * ldt + k)] * xt.v[size_t(n * ldt + k)];
          sum += p;
          a += std::abs(p);
        }
        r.v.push_back(sum + c);
        r.mag.push_back(a);
      }
  return r;
}

TEST_P(CudaFp8GemmData, GroupedRowsAndWeightGradientsEqualFloat64) {
  need_gemm();
  std::mt19937_64 rng(13);
  const int64_t Hd = 256, I = 144;
  // rows kind: groups of 0, 1, 127, 128, 129, 300, 37 rows; 5 unused rows after the 4th
  const std::vector<int64_t> cnt = {0, 1, 127, 128, 129, 300, 37};
  std::vector<int64_t> off;
  int64_t rows = 0;
  for (size_t e = 0; e < cnt.size(); ++e) {
    if (e == 4) rows += 5;
    off.push_back(rows);
    rows += cnt[e];
  }
  const int E = int(cnt.size());
  const Weights W = quant_weights(E, I, Hd, rng);  // gate-like [I, Hd] per expert
  const std::vector<float> x = activations(rows, Hd, rng);
  const Op xa = quant_rows(x, rows, Hd);
  std::vector<float> c0(size_t(rows * I), std::nanf(""));
  DevMem dc = upload(c0);
  const tk::Fp8GemmArgs g = grouped_rows_args(xa, Hd, W, I, dc.as<float>(), off, cnt);
  run_gemm(g);
  const auto got = fetch<float>(dc, size_t(rows * I));
  std::vector<double> ref(size_t(rows * I), std::nan(""));
  std::vector<float> gotv;
  std::vector<double> refv, magv;
  size_t gap_written = 0;
  for (int64_t r = 0; r < rows; ++r) {
    int e = -1;
    for (int i = 0; i < E; ++i)
      if (r >= off[size_t(i)] && r < off[size_t(i)] + cnt[size_t(i)]) e = i;
    for (int64_t n = 0; n < I; ++n) {
      if (e < 0) {
        gap_written += !std::isnan(got[size_t(r * I + n)]);
        continue;
      }
      double s = 0, m = 0;
      for (int64_t k = 0; k < Hd; ++k) {
        const double p = xa.v[size_t(r * Hd + k)] * W.v[size_t(e)][size_t(n * Hd + k)];
        s += p;
        m += std::abs(p);
      }
      refv.push_back(s);
      magv.push_back(m);
      gotv.push_back(got[size_t(r * I + n)]);
    }
  }
  EXPECT_EQ(gap_written, 0u) << "rows outside every group were written";
  expect_close(gotv, refv, magv, "grouped rows");

  // wgrad kind: groups over k ranges starting at 128-row tiles: 0, 16, 128, 256 and 48 rows
  const std::vector<int64_t> wcnt = {0, 16, 128, 256, 48}, woff = {0, 0, 128, 256, 512};
  // Rows 16..127 and 560.. are padding: rows 16..127 hold values (as another group's rows would) that
  // must not reach group 1's sum, which ends inside its k tile.
  const int64_t T = 560, ldt = 560;
  std::vector<float> dy = activations(T, I, rng), xs = activations(T, Hd, rng);
  const Op dyt = quant_cols_t(dy, T, I, ldt), xt = quant_cols_t(xs, T, Hd, ldt);
  const int WE = int(wcnt.size());
  std::vector<float> g0(size_t(WE * I * Hd));
  std::uniform_int_distribution<int> iv(-9, 9);
  for (float& f : g0) f = float(iv(rng));
  DevMem dg = upload(g0);
  run_gemm(grouped_wgrad_args(dyt, xt, ldt, I, Hd, dg.as<float>(), 1.0f, woff, wcnt));
  const Ref wr = grouped_wgrad_ref(dyt, xt, ldt, I, Hd, g0, 1.0, woff, wcnt);
  expect_close(fetch<float>(dg, g0.size()), wr.v, wr.mag, "grouped weight gradient");
}

// More groups than one launch holds (129 > kGroupedMaxGroups: a launch of 128 groups, then one of a
// single group, whose B tensor map takes a substituted group stride): rows kind, and the weight
// gradient with beta 1 (the TMA kernel's bulk adds) and beta 0 (its direct stores; groups of 0 rows
// then still write their tiles, and every group's last k tile is partial).
TEST_P(CudaFp8GemmData, MoreGroupsThanOneLaunchEqualFloat64) {
  need_gemm();
  std::mt19937_64 rng(15);
  const int E = 129;
  const int64_t Hd = 128, I = 32;
  std::vector<int64_t> cnt, off;
  int64_t rows = 0;
  for (int e = 0; e < E; ++e) {
    off.push_back(rows);
    cnt.push_back((e % 5) * 3);
    rows += cnt.back();
  }
  const Weights W = quant_weights(E, I, Hd, rng);
  const Op xa = quant_rows(activations(rows, Hd, rng), rows, Hd);
  DevMem dc = filled<float>(size_t(rows * I), std::nanf(""));
  run_gemm(grouped_rows_args(xa, Hd, W, I, dc.as<float>(), off, cnt));
  std::vector<double> ref, mag;
  for (int e = 0; e < E; ++e)
    for (int64_t r = off[size_t(e)]; r < off[size_t(e)] + cnt[size_t(e)]; ++r)
      for (int64_t n = 0; n < I; ++n) {
        double sum = 0, m = 0;
        for (int64_t k = 0; k < Hd; ++k) {
          const double p = xa.v[size_t(r * Hd + k)] * W.v[size_t(e)][size_t(n * Hd + k)];
          sum += p;
          m += std::abs(p);
        }
        ref.push_back(sum);
        mag.push_back(m);
      }
  expect_close(fetch<float>(dc, size_t(rows * I)), ref, mag, "129 groups, rows");

  // weight gradient: group e over rows [128e, 128e + 16·(e % 3)); the rest of each 128 holds values
  const int64_t T = 128 * E;
  std::vector<int64_t> wcnt, woff;
  for (int e = 0; e < E; ++e) {
    woff.push_back(128 * e);
    wcnt.push_back(16 * (e % 3));
  }
  const Op dyt = quant_cols_t(activations(T, I, rng), T, I, T), xt = quant_cols_t(activations(T, Hd, rng), T, Hd, T);
  std::vector<float> g0(size_t(E * I * Hd));
  std::uniform_int_distribution<int> iv(-9, 9);
  for (float& f : g0) f = float(iv(rng));
  for (const float beta : {1.0f, 0.0f}) {
    DevMem dg = upload(g0);
    run_gemm(grouped_wgrad_args(dyt, xt, T, I, Hd, dg.as<float>(), beta, woff, wcnt));
    const Ref wr = grouped_wgrad_ref(dyt, xt, T, I, Hd, g0, beta, woff, wcnt);
    expect_close(fetch<float>(dg, g0.size()), wr.v, wr.mag,
                 beta != 0 ? "129 groups, weight gradient, beta 1" : "129 groups, weight gradient, beta 0");
  }
}

TEST_F(CudaFp8Gemm, RefusesMisalignedOperands) {
  tk::Fp8GemmArgs g;
  EXPECT_NE(tk::fp8_gemm_unsupported(g), "");
  alignas(16) static uint8_t a[64], b[64];
  alignas(16) static float s[4], c[4];
  g.A = a;
  g.B = b;
  g.sa = s;
  g.sb = s;
  g.C = c;
  g.lda = g.ldb = 32;
  g.ldc = 2;
  g.M = g.N = 2;
  g.K = 32;
  EXPECT_EQ(tk::fp8_gemm_unsupported(g), "");
  g.K = 24;
  EXPECT_NE(tk::fp8_gemm_unsupported(g), "");
  g.K = 32;
  g.lda = 40;
  EXPECT_NE(tk::fp8_gemm_unsupported(g), "");
  g.lda = 32;
  g.N = 3;
  EXPECT_NE(tk::fp8_gemm_unsupported(g), "");
}

}  // namespace
