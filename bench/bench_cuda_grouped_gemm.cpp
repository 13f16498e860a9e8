// bench_cuda_grouped_gemm.cpp — the MoE experts' grouped BF16 GEMM
// (k_grouped_gemm.cu) alone, at moe-400m's expert shapes (32 experts of
// 1024 → 512 → 1024, 16 × 1024 tokens × top-4 = 65,536 routed rows with
// uneven loads): each of the three kinds (forward x·Wᵀ, data gradient dy·W,
// weight gradient dyᵀ·x; BF16 C for the rows kinds and fp32 C += for the weight
// gradient, as in training) on each kernel, against one dense cuBLAS GEMM of the same total
// size (the same FLOPs with no grouping) and the 782 TFLOP/s BF16 ceiling.
// Then the same three products on the FP8 tensor cores (k_fp8_gemm.cu: E4M3
// operands with 1×128 / 128×128 scales, each expert's rows padded to 128 as the
// FP8 trainer lays them out; FLOPs counted on the padded rows), a dense FP8
// GEMM, and the quantisation passes that make the operands (GB/s).
// CUDA builds only. What it is not: the MoE layer (bench_cuda_train).
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include <cublas_v2.h>
#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "backend/cuda/train_gemm.h"
#include "backend/cuda/train_kernels.h"

using namespace dseek;

// The FP8 products at the same shapes: operands quantised from fp32 noise, experts padded to 128 rows.
template <class Time>
void fp8_section(int64_t E, int64_t Hd, int64_t I, const std::vector<int64_t>& load, Time&& time, cudaStream_t s) {
  namespace tk = cu::tk;
  std::vector<int64_t> cnt(static_cast<size_t>(E)), off(static_cast<size_t>(E));
  int64_t rows = 0;
  for (int64_t e = 0; e < E; ++e) {
    cnt[size_t(e)] = (load[size_t(e)] + 127) / 128 * 128;
    off[size_t(e)] = rows;
    rows += cnt[size_t(e)];
  }
  DevMem x32(size_t(rows * Hd) * 4), h32(size_t(rows * I) * 4), w32(size_t(E * Hd * I) * 4);
  cu::fill_random_f32(x32.as<float>(), rows * Hd, -1.0f, 1.0f, 11, s);
  cu::fill_random_f32(h32.as<float>(), rows * I, -1.0f, 1.0f, 12, s);
  cu::fill_random_f32(w32.as<float>(), E * Hd * I, -0.05f, 0.05f, 13, s);
  DevMem xq(size_t(rows * Hd)), xs(size_t(rows * Hd / 128) * 4), hq(size_t(rows * I)), hs(size_t(rows * I / 128) * 4);
  DevMem xt(size_t(rows * Hd)), xts(size_t(rows * Hd / 128) * 4), ht(size_t(rows * I)), hts(size_t(rows * I / 128) * 4);
  DevMem wq(size_t(E * Hd * I) * 2), w8(size_t(E * Hd * I)), w8t(size_t(E * Hd * I)), ws(size_t(E * Hd * I / 16384) * 4);
  DevMem y(size_t(rows * Hd) * 4), gy(size_t(rows * I) * 4), gw(size_t(E * Hd * I) * 4);
  std::vector<tk::Fp8BlockTensor> t;
  for (int64_t e = 0; e < E; ++e) t.push_back({e * Hd * I, I, Hd, 0});  // W_e [I][Hd]
  const int64_t blocks = tk::fp8_block_table(t);
  DevMem table(t.size() * sizeof(tk::Fp8BlockTensor));
  DSEEK_CUDA_CHECK(cudaMemcpy(table.as(), t.data(), t.size() * sizeof(t[0]), cudaMemcpyHostToDevice));
  auto refresh = [&] {
    tk::fp8_quant_blocks_many(w32.as<float>(), static_cast<const tk::Fp8BlockTensor*>(table.as()), int(E), blocks,
                              wq.as<uint16_t>(), w8.as<uint8_t>(), w8t.as<uint8_t>(), ws.as<float>(), nullptr, s);
  };
  auto qrows = [&] { tk::fp8_quant_rows(x32.as<float>(), rows, Hd, xq.as<uint8_t>(), xs.as<float>(), rows, s); };
  auto qcols = [&] { tk::fp8_quant_cols_t(x32.as<float>(), rows, Hd, rows, xt.as<uint8_t>(), xts.as<float>(), s); };
  auto qboth = [&] {
    tk::fp8_quant_both(x32.as<float>(), rows, Hd, xq.as<uint8_t>(), xs.as<float>(), rows, xt.as<uint8_t>(),
                       xts.as<float>(), rows, s);
  };
  refresh();
  qrows();
  qcols();
  tk::fp8_quant_rows(h32.as<float>(), rows, I, hq.as<uint8_t>(), hs.as<float>(), rows, s);
  tk::fp8_quant_cols_t(h32.as<float>(), rows, I, rows, ht.as<uint8_t>(), hts.as<float>(), s);
  const double flops = 2.0 * double(rows) * double(Hd) * double(I);
  fmt::print("\nFP8 (k_fp8_tma.cu, then k_fp8_gemm.cu), experts padded to 128 rows: {} rows\n", rows);
  fmt::print("| product | ms | TFLOP/s | % of 1422 (FP8 ceiling) |\n|---|---:|---:|---:|\n");
  auto row = [&](const char* what, double ms) {
    fmt::print("| {} | {:.3f} | {:.1f} | {:.1f} % |\n", what, ms, flops / ms / 1e9, 100.0 * flops / ms / 1e9 / 1422.0);
  };
  auto rows_kind = [&](const DevMem& a, const DevMem& sa, int64_t K, const DevMem& b, int64_t N, bool wt, DevMem& c) {
    tk::Fp8GemmArgs g;
    g.A = a.as<uint8_t>();
    g.sa = sa.as<float>();
    g.lda = K;
    g.ldsa = rows;
    g.B = b.as<uint8_t>();
    g.sb = ws.as<float>();
    g.ldb = K;
    g.sbn = wt ? 1 : Hd / 128;  // W_e [I][Hd]: 8 blocks per row of blocks
    g.sbk = wt ? Hd / 128 : 1;
    g.sB = Hd * I;
    g.sSB = blocks / E;
    g.C = c.as<float>();
    g.ldc = N;
    g.N = N;
    g.K = K;
    g.off = off.data();
    g.cnt = cnt.data();
    g.groups = E;
    return g;
  };
  tk::Fp8GemmArgs fwd = rows_kind(xq, xs, Hd, w8, I, false, gy);  // g_e = x_e · W_eᵀ
  tk::Fp8GemmArgs dgr = rows_kind(hq, hs, I, w8t, Hd, true, y);   // dx_e = dh_e · W_e
  tk::Fp8GemmArgs wgr;                                            // gW_e += dh_eᵀ · x_e
  wgr.wgrad = true;
  wgr.A = ht.as<uint8_t>();
  wgr.sa = hts.as<float>();
  wgr.lda = rows;
  wgr.ldsa = I;
  wgr.B = xt.as<uint8_t>();
  wgr.sb = xts.as<float>();
  wgr.ldb = rows;
  wgr.sbn = 1;
  wgr.sbk = Hd;
  wgr.nshift = 0;
  wgr.C = gw.as<float>();
  wgr.ldc = Hd;
  wgr.sC = Hd * I;
  wgr.M = I;
  wgr.N = Hd;
  wgr.beta = 1.0f;
  wgr.off = off.data();
  wgr.cnt = cnt.data();
  wgr.groups = E;
  row("grouped forward x·Wᵀ (N 512, K 1024)", time([&] { tk::fp8_gemm(fwd, s); }));
  row("grouped data gradient dh·W (N 1024, K 512)", time([&] { tk::fp8_gemm(dgr, s); }));
  row("grouped weight gradient dhᵀ·x (M 512, N 1024)", time([&] { tk::fp8_gemm(wgr, s); }));
  tk::Fp8GemmArgs dense = fwd;  // every row against expert 0's weight
  dense.groups = 0;
  dense.M = rows;
  row("dense x·Wᵀ, same FLOPs", time([&] { tk::fp8_gemm(dense, s); }));
  // The same four on the cp.async kernel (k_fp8_gemm.cu), the TMA kernel's fallback.
  for (tk::Fp8GemmArgs* a : {&fwd, &dgr, &wgr, &dense}) a->kernel = 1;
  row("cp.async kernel: grouped forward", time([&] { tk::fp8_gemm(fwd, s); }));
  row("cp.async kernel: grouped data gradient", time([&] { tk::fp8_gemm(dgr, s); }));
  row("cp.async kernel: grouped weight gradient", time([&] { tk::fp8_gemm(wgr, s); }));
  row("cp.async kernel: dense, same FLOPs", time([&] { tk::fp8_gemm(dense, s); }));
  const double gb_x = double(rows * Hd) * (4 + 1) / 1e9;
  fmt::print("\n| quantisation | ms | GB/s |\n|---|---:|---:|\n");
  const double tr = time(qrows), tc = time(qcols), tb = time(qboth), tw = time(refresh);
  fmt::print("| rows, 1×128 ({} × {} fp32) | {:.3f} | {:.0f} |\n", rows, Hd, tr, gb_x / tr * 1e3);
  fmt::print("| columns transposed, 128×1 | {:.3f} | {:.0f} |\n", tc, gb_x / tc * 1e3);
  fmt::print("| both layouts from one read | {:.3f} | {:.0f} |\n", tb,
             double(rows * Hd) * (4 + 2) / 1e9 / tb * 1e3);
  fmt::print("| weights: BF16 + W + Wᵀ + scales ({} fp32) | {:.3f} | {:.0f} |\n", E * Hd * I, tw,
             double(E * Hd * I) * (4 + 2 + 1 + 1) / 1e9 / tw * 1e3);
}

// cuBLAS's grouped GEMM over the same experts (a group of one problem each), BF16 in, fp32 out and
// accumulation. Row-major products as column-major ones: C = A·Bᵀ is Cᵀ = B·Aᵀ.
template <class Time, class Row>
void cublas_grouped_section(int64_t E, int64_t Hd, int64_t I, const std::vector<int64_t>& cnt,
                            const std::vector<int64_t>& off, const DevMem& x, const DevMem& h, const DevMem& w,
                            DevMem& gy, DevMem& gw, Time&& time, Row&& row, cudaStream_t s) {
  cublasHandle_t hd;
  if (cublasCreate(&hd) != CUBLAS_STATUS_SUCCESS) return;
  cublasSetStream(hd, s);
  const int G = int(E);
  const size_t ng = static_cast<size_t>(E);
  std::vector<cublasOperation_t> ta(ng), tb(ng);
  std::vector<int> m(ng), n(ng), k(ng), lda(ng), ldb(ng), ldc(ng), gs(ng, 1);
  std::vector<float> alpha(ng, 1.0f), beta(ng, 0.0f);
  std::vector<const void*> pa(ng), pb(ng);
  std::vector<void*> pc(ng);
  DevMem da(ng * 8), db(ng * 8), dc(ng * 8);
  auto run = [&](const char* what) {
    DSEEK_CUDA_CHECK(cudaMemcpy(da.as(), pa.data(), ng * 8, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemcpy(db.as(), pb.data(), ng * 8, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemcpy(dc.as(), pc.data(), ng * 8, cudaMemcpyHostToDevice));
    cudaDataType_t ct = CUDA_R_32F;
    auto call = [&] {
      return cublasGemmGroupedBatchedEx(hd, ta.data(), tb.data(), m.data(), n.data(), k.data(), alpha.data(),
                                        static_cast<const void* const*>(da.as()), CUDA_R_16BF, lda.data(),
                                        static_cast<const void* const*>(db.as()), CUDA_R_16BF, ldb.data(), beta.data(),
                                        static_cast<void* const*>(dc.as()), ct, ldc.data(), G, gs.data(),
                                        CUBLAS_COMPUTE_32F);
    };
    cublasStatus_t st = call();
    if (st != CUBLAS_STATUS_SUCCESS) {  // fp32 output not taken: BF16 output (into the same buffers)
      fmt::print("| {} | cuBLAS status {} with fp32 C | | |\n", what, int(st));
      ct = CUDA_R_16BF;
      st = call();
    }
    if (st != CUBLAS_STATUS_SUCCESS) {
      fmt::print("| {} | cuBLAS status {} with BF16 C | | |\n", what, int(st));
      return;
    }
    row(ct == CUDA_R_16BF ? fmt::format("{} (BF16 C)", what).c_str() : what, time([&] { call(); }));
  };
  const auto* X = static_cast<const uint16_t*>(x.as());
  const auto* Hh = static_cast<const uint16_t*>(h.as());
  const auto* W = static_cast<const uint16_t*>(w.as());
  for (int e = 0; e < G; ++e) {  // h_e [m, I] = x_e [m, Hd] · W_eᵀ: (I × m) = W_e(ᵀ) · x_eᵀ
    ta[size_t(e)] = CUBLAS_OP_T, tb[size_t(e)] = CUBLAS_OP_N;
    m[size_t(e)] = int(I), n[size_t(e)] = int(cnt[size_t(e)]), k[size_t(e)] = int(Hd);
    lda[size_t(e)] = int(Hd), ldb[size_t(e)] = int(Hd), ldc[size_t(e)] = int(I);
    pa[size_t(e)] = W + e * Hd * I;
    pb[size_t(e)] = X + off[size_t(e)] * Hd;
    pc[size_t(e)] = gy.as<float>() + off[size_t(e)] * I;
  }
  run("cuBLAS grouped forward x·Wᵀ (N 512, K 1024)");
  for (int e = 0; e < G; ++e) {  // gW_e [I, Hd] += dh_eᵀ · x_e: (Hd × I) = x_e(col view) · dh_e(col view)ᵀ
    ta[size_t(e)] = CUBLAS_OP_N, tb[size_t(e)] = CUBLAS_OP_T;
    m[size_t(e)] = int(Hd), n[size_t(e)] = int(I), k[size_t(e)] = int(cnt[size_t(e)]);
    lda[size_t(e)] = int(Hd), ldb[size_t(e)] = int(I), ldc[size_t(e)] = int(Hd);
    beta[size_t(e)] = 1.0f;
    pa[size_t(e)] = X + off[size_t(e)] * Hd;
    pb[size_t(e)] = Hh + off[size_t(e)] * I;
    pc[size_t(e)] = gw.as<float>() + e * Hd * I;
  }
  run("cuBLAS grouped weight gradient dhᵀ·x (M 512, N 1024)");
  cublasDestroy(hd);
}

int main(int argc, char** argv) {
  try {
    const int reps = argc > 1 ? std::stoi(argv[1]) : 20;
    const int64_t E = 32, Hd = 1024, I = 512, rows_total = 65536;
    std::mt19937_64 rng(5);
    std::vector<int64_t> cnt(E), off(E);
    std::lognormal_distribution<double> ln(0.0, 0.5);  // uneven loads, as a young router gives
    std::vector<double> wts(E);
    double sum = 0;
    for (auto& w : wts) sum += (w = ln(rng));
    int64_t rows = 0;
    for (int64_t e = 0; e < E; ++e) {
      cnt[size_t(e)] = e + 1 < E ? int64_t(double(rows_total) * wts[size_t(e)] / sum) : rows_total - rows;
      off[size_t(e)] = rows;
      rows += cnt[size_t(e)];
    }
    cudaStream_t s;
    DSEEK_CUDA_CHECK(cudaStreamCreate(&s));
    DevMem x(size_t(rows * Hd) * 2), h(size_t(rows * I) * 2), w(size_t(E * Hd * I) * 2), y(size_t(rows * Hd) * 4),
        gy(size_t(rows * I) * 4), gw(size_t(E * Hd * I) * 4), yb(size_t(rows * Hd) * 2);
    cu::DLinear fx{nullptr, nullptr, cu::kBF16, rows, Hd}, fh{nullptr, nullptr, cu::kBF16, rows, I},
        fw{nullptr, nullptr, cu::kBF16, E * Hd, I};
    cu::fill_random(fx, x.as(), nullptr, 1.0f, 1, s);
    cu::fill_random(fh, h.as(), nullptr, 1.0f, 2, s);
    cu::fill_random(fw, w.as(), nullptr, 0.05f, 3, s);
    cudaEvent_t e0, e1;
    DSEEK_CUDA_CHECK(cudaEventCreate(&e0));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e1));
    auto time = [&](auto&& f) {
      f();
      DSEEK_CUDA_CHECK(cudaEventRecord(e0, s));
      for (int r = 0; r < reps; ++r) f();
      DSEEK_CUDA_CHECK(cudaEventRecord(e1, s));
      DSEEK_CUDA_CHECK(cudaEventSynchronize(e1));
      float ms = 0;
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&ms, e0, e1));
      return double(ms) / reps;
    };
    const double flops = 2.0 * double(rows) * double(Hd) * double(I);
    fmt::print("{} experts, {} rows (loads {}..{}), Hd {}, I {}; {} reps\n", E, rows,
               *std::min_element(cnt.begin(), cnt.end()), *std::max_element(cnt.begin(), cnt.end()), Hd, I, reps);
    fmt::print("| product | ms | TFLOP/s | % of 782 |\n|---|---:|---:|---:|\n");
    auto row = [&](const char* what, double ms) {
      fmt::print("| {} | {:.3f} | {:.1f} | {:.1f} % |\n", what, ms, flops / ms / 1e9, 100.0 * flops / ms / 1e9 / 782.0);
    };
    // Each product over the experts' rows; every weight block (W_e, D_e) is one [Hd, I]-sized slice of w.
    using GK = cu::tk::GroupedKind;
    struct Product {
      const char* what;
      GK kind;
      const DevMem &a, &b;
      DevMem& c;
      int64_t lda, ldb, ldc, M, N, K;
      float beta;
    };
    const Product products[] = {
        // h_e [m, I] = x_e [m, Hd] · W_eᵀ (W_e [I][Hd]); y_e [m, Hd] = h_e [m, I] · D_eᵀ (D_e [Hd][I])
        {"grouped forward x·Wᵀ (N 512, K 1024)", GK::kRowsNK, x, w, gy, Hd, Hd, I, 0, I, Hd, 0.0f},
        {"grouped forward h·Dᵀ (N 1024, K 512)", GK::kRowsNK, h, w, y, I, I, Hd, 0, Hd, I, 0.0f},
        // dx_e [m, Hd] = dh_e [m, I] · W_e [I][Hd]; dh_e [m, I] = dy_e [m, Hd] · D_e [Hd][I]
        {"grouped data gradient dh·W (N 1024, K 512)", GK::kRowsKN, h, w, y, I, Hd, Hd, 0, Hd, I, 0.0f},
        {"grouped data gradient dy·D (N 512, K 1024)", GK::kRowsKN, x, w, gy, Hd, I, I, 0, I, Hd, 0.0f},
        // gW_e [I, Hd] += dh_eᵀ · x_e
        {"grouped weight gradient dhᵀ·x (M 512, N 1024)", GK::kWgrad, h, x, gw, I, Hd, Hd, I, Hd, 0, 1.0f},
    };
    DevMem ctr(sizeof(int32_t));  // the counter of the persistent kernel's dynamic schedule (zero; left zero)
    DSEEK_CUDA_CHECK(cudaMemset(ctr.as(), 0, sizeof(int32_t)));
    for (const Product& q : products) {
      cu::tk::GroupedGemmArgs g;
      g.kind = q.kind;
      g.A = q.a.as<uint16_t>();
      g.B = q.b.as<uint16_t>();
      if (q.kind == GK::kWgrad) g.C = q.c.as<float>();
      else g.Cb = yb.as<uint16_t>();  // the rows kinds write BF16, as the trainer's grouped experts do
      g.lda = q.lda, g.ldb = q.ldb, g.ldc = q.ldc;
      (q.kind == GK::kWgrad ? g.sC : g.sB) = Hd * I;
      g.M = q.M, g.N = q.N, g.K = q.K, g.beta = q.beta;
      g.off = off.data();
      g.cnt = cnt.data();
      g.groups = E;
      using GI = cu::tk::GroupedImpl;
      struct V {
        GI impl;
        bool sched;
        const char* name;
      };
      for (const V& v : {V{GI::kTmaWide, true, "TMA 128×256 persistent, tiles from a counter"},
                         V{GI::kTmaWide, false, "TMA 128×256 persistent"}, V{GI::kTma, false, "TMA"},
                         V{GI::kWgmma, false, "cp.async wgmma"}, V{GI::kMmaSync, false, "mma.sync"}}) {
        const GI impl = v.impl;
        const char* name = v.name;
        if (!cu::tk::grouped_impl_available(impl)) continue;
        g.impl = impl;
        g.sched = v.sched ? ctr.as<int32_t>() : nullptr;
        row(fmt::format("{}, {}", q.what, name).c_str(), time([&] { cu::tk::grouped_gemm(g, s); }));
      }
    }
    // The dense reference: one cuBLAS GEMM with all rows against one weight.
    cu::TrainGemm gm(s, true, false);
    row("cuBLAS dense x·Wᵀ, same FLOPs", time([&] {
          gm.bf16(false, true, rows, I, Hd, 1.0f, x.as<uint16_t>(), Hd, w.as<uint16_t>(), Hd, 0.0f, gy.as<float>(), I);
        }));
    row("cuBLAS dense dhᵀ·x, same FLOPs", time([&] {
          gm.bf16(true, false, I, Hd, rows, 1.0f, h.as<uint16_t>(), I, x.as<uint16_t>(), Hd, 1.0f, gw.as<float>(), Hd);
        }));
    cublas_grouped_section(E, Hd, I, cnt, off, x, h, w, gy, gw, time, row, s);
    if (cu::tk::fp8_gemm_available()) fp8_section(E, Hd, I, cnt, time, s);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_cuda_grouped_gemm: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
