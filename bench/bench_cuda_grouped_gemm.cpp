// bench_cuda_grouped_gemm.cpp — the MoE experts' grouped BF16 GEMM
// (k_grouped_gemm.cu) alone, at moe-400m's expert shapes (32 experts of
// 1024 → 512 → 1024, 16 × 1024 tokens × top-4 = 65,536 routed rows with
// uneven loads): each of the three kinds (forward x·Wᵀ, data gradient dy·W,
// weight gradient dyᵀ·x), against one dense cuBLAS GEMM of the same total
// size (the same FLOPs with no grouping) and the 782 TFLOP/s BF16 ceiling.
// CUDA builds only. What it is not: the MoE layer (bench_cuda_train).
#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "backend/cuda/train_gemm.h"
#include "backend/cuda/train_kernels.h"

using namespace dseek;

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
        gy(size_t(rows * I) * 4), gw(size_t(E * Hd * I) * 4);
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
    auto args = [&](cu::tk::GroupedKind k) {
      cu::tk::GroupedGemmArgs g;
      g.kind = k;
      g.off = off.data();
      g.cnt = cnt.data();
      g.groups = E;
      return g;
    };
    const double flops = 2.0 * double(rows) * double(Hd) * double(I);
    fmt::print("{} experts, {} rows (loads {}..{}), Hd {}, I {}; {} reps\n", E, rows,
               *std::min_element(cnt.begin(), cnt.end()), *std::max_element(cnt.begin(), cnt.end()), Hd, I, reps);
    fmt::print("| product | ms | TFLOP/s | % of 782 |\n|---|---:|---:|---:|\n");
    auto row = [&](const char* what, double ms) {
      fmt::print("| {} | {:.3f} | {:.1f} | {:.1f} % |\n", what, ms, flops / ms / 1e9, 100.0 * flops / ms / 1e9 / 782.0);
    };
    // Forward up/gate: h_e [m, I] = x_e [m, Hd] · W_eᵀ (W_e [I][Hd]).
    auto fwd = args(cu::tk::GroupedKind::kRowsNK);
    fwd.A = x.as<uint16_t>(), fwd.B = w.as<uint16_t>(), fwd.C = gy.as<float>();
    fwd.lda = Hd, fwd.ldb = Hd, fwd.ldc = I, fwd.sB = Hd * I, fwd.N = I, fwd.K = Hd;
    row("grouped forward x·Wᵀ (N 512, K 1024)", time([&] { cu::tk::grouped_gemm(fwd, s); }));
    // Forward down: y_e [m, Hd] = h_e [m, I] · D_eᵀ (D_e [Hd][I]).
    auto dn = args(cu::tk::GroupedKind::kRowsNK);
    dn.A = h.as<uint16_t>(), dn.B = w.as<uint16_t>(), dn.C = y.as<float>();
    dn.lda = I, dn.ldb = I, dn.ldc = Hd, dn.sB = Hd * I, dn.N = Hd, dn.K = I;
    row("grouped forward h·Dᵀ (N 1024, K 512)", time([&] { cu::tk::grouped_gemm(dn, s); }));
    // Data gradient: dx_e [m, Hd] = dh_e [m, I] · W_e [I][Hd].
    auto dg = args(cu::tk::GroupedKind::kRowsKN);
    dg.A = h.as<uint16_t>(), dg.B = w.as<uint16_t>(), dg.C = y.as<float>();
    dg.lda = I, dg.ldb = Hd, dg.ldc = Hd, dg.sB = Hd * I, dg.N = Hd, dg.K = I;
    row("grouped data gradient dh·W (N 1024, K 512)", time([&] { cu::tk::grouped_gemm(dg, s); }));
    auto dg2 = args(cu::tk::GroupedKind::kRowsKN);
    dg2.A = x.as<uint16_t>(), dg2.B = w.as<uint16_t>(), dg2.C = gy.as<float>();
    dg2.lda = Hd, dg2.ldb = I, dg2.ldc = I, dg2.sB = Hd * I, dg2.N = I, dg2.K = Hd;
    row("grouped data gradient dy·D (N 512, K 1024)", time([&] { cu::tk::grouped_gemm(dg2, s); }));
    // Weight gradient: gW_e [I, Hd] += dh_eᵀ · x_e.
    auto wg = args(cu::tk::GroupedKind::kWgrad);
    wg.A = h.as<uint16_t>(), wg.B = x.as<uint16_t>(), wg.C = gw.as<float>();
    wg.lda = I, wg.ldb = Hd, wg.ldc = Hd, wg.sC = Hd * I, wg.M = I, wg.N = Hd, wg.beta = 1.0f;
    row("grouped weight gradient dhᵀ·x (M 512, N 1024)", time([&] { cu::tk::grouped_gemm(wg, s); }));
    // The dense reference: one cuBLAS GEMM with all rows against one weight.
    cu::TrainGemm gm(s, true, false);
    row("cuBLAS dense x·Wᵀ, same FLOPs", time([&] {
          gm.bf16(false, true, rows, I, Hd, 1.0f, x.as<uint16_t>(), Hd, w.as<uint16_t>(), Hd, 0.0f, gy.as<float>(), I);
        }));
    row("cuBLAS dense dhᵀ·x, same FLOPs", time([&] {
          gm.bf16(true, false, I, Hd, rows, 1.0f, h.as<uint16_t>(), I, x.as<uint16_t>(), Hd, 1.0f, gw.as<float>(), Hd);
        }));
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_cuda_grouped_gemm: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
