// bench_gemm.cpp — standalone benchmark of cpu::linear (no gtest/benchmark
// framework): measures the machine's read bandwidth and FMA peak, then prints
// a table of dtype x shape x path with time, weight GB/s, GFLOP/s and the
// fraction of measured bandwidth (decode) / FMA peak (prefill).
// Usage: bench_gemm [--threads N] [--quick] [--only REGIME]   (env DSEEK_THREADS also works)
// What it is not: a correctness test (tests/backend/test_gemm.cpp is).
#include <immintrin.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"  // GCC 12 false positive in _mm512_reduce_add_ps
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "backend/cpu/cpu_features.h"
#include "backend/cpu/gemm.h"
#include "core/dtype.h"
#include "core/huge_buffer.h"
#include "core/threadpool.h"

using namespace dseek;
using clk = std::chrono::steady_clock;

namespace {

double now_s() { return std::chrono::duration<double>(clk::now().time_since_epoch()).count(); }

// Median of per-call times; runs for at least min_s seconds (and >= 3 calls).
template <class F>
double time_call(F&& f, double min_s) {
  f();  // warm-up
  std::vector<double> ts;
  const double t_end = now_s() + min_s;
  while (ts.size() < 3 || (now_s() < t_end && ts.size() < 100000)) {
    const double t0 = now_s();
    f();
    ts.push_back(now_s() - t0);
  }
  std::sort(ts.begin(), ts.end());
  return ts[ts.size() / 2];
}

// Read bandwidth: every thread streams its slice of a 1 GiB buffer with
// 512-bit (or 256-bit) loads.
__attribute__((target("avx512f"))) uint64_t sum_avx512(const uint64_t* p, size_t n) {
  typedef long long v8 __attribute__((vector_size(64)));
  v8 s0{}, s1{}, s2{}, s3{};
  for (size_t i = 0; i + 32 <= n; i += 32) {
    v8 a, b, c, d;
    std::memcpy(&a, p + i, 64); std::memcpy(&b, p + i + 8, 64);
    std::memcpy(&c, p + i + 16, 64); std::memcpy(&d, p + i + 24, 64);
    s0 += a; s1 += b; s2 += c; s3 += d;
  }
  v8 s = s0 + s1 + s2 + s3;
  uint64_t r = 0;
  for (int j = 0; j < 8; ++j) r += uint64_t(s[j]);
  return r;
}
__attribute__((target("avx2"))) uint64_t sum_avx2(const uint64_t* p, size_t n) {
  typedef long long v4 __attribute__((vector_size(32)));
  v4 s0{}, s1{}, s2{}, s3{};
  for (size_t i = 0; i + 16 <= n; i += 16) {
    v4 a, b, c, d;
    std::memcpy(&a, p + i, 32); std::memcpy(&b, p + i + 4, 32);
    std::memcpy(&c, p + i + 8, 32); std::memcpy(&d, p + i + 12, 32);
    s0 += a; s1 += b; s2 += c; s3 += d;
  }
  v4 s = s0 + s1 + s2 + s3;
  return uint64_t(s[0] + s[1] + s[2] + s[3]);
}

double read_bandwidth(ThreadPool& pool, bool avx512) {
  const size_t n = (size_t(1) << 30) / 8;
  std::vector<uint64_t> buf(n);
  pool.parallel_for(int64_t(n), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) buf[size_t(i)] = uint64_t(i);
  });
  std::vector<uint64_t> sink(size_t(pool.num_threads()) * 8);
  const double t = time_call([&] {
    pool.parallel_for(pool.num_threads(), [&](int64_t b, int64_t e, int tid) {
      const size_t per = n / size_t(pool.num_threads());
      for (int64_t t = b; t < e; ++t) {
        const uint64_t* p = buf.data() + size_t(t) * per;
        sink[size_t(tid) * 8] += avx512 ? sum_avx512(p, per) : sum_avx2(p, per);
      }
    }, 1);
  }, 1.0);
  return double(n * 8) / t / 1e9;
}

// FMA peak: 16 (12) independent fp32 FMA chains per thread, in registers.
#define DSEEK_FMA16(F) F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12) F(13) F(14) F(15)
__attribute__((target("avx512f"))) double fma_loop_avx512(int64_t iters) {
  const __m512 a = _mm512_set1_ps(0.9999f), b = _mm512_set1_ps(1e-7f);
#define DSEEK_DECL(j) __m512 c##j = _mm512_set1_ps(float(j));
#define DSEEK_STEP(j) c##j = _mm512_fmadd_ps(c##j, a, b);
#define DSEEK_SUM(j) s = _mm512_add_ps(s, c##j);
  DSEEK_FMA16(DSEEK_DECL)
  for (int64_t i = 0; i < iters; ++i) { DSEEK_FMA16(DSEEK_STEP) }
  __m512 s = _mm512_setzero_ps();
  DSEEK_FMA16(DSEEK_SUM)
  return _mm512_reduce_add_ps(s);
#undef DSEEK_DECL
#undef DSEEK_STEP
#undef DSEEK_SUM
}
__attribute__((target("avx2,fma"))) double fma_loop_avx2(int64_t iters) {
  const __m256 a = _mm256_set1_ps(0.9999f), b = _mm256_set1_ps(1e-7f);
#define DSEEK_DECL(j) __m256 c##j = _mm256_set1_ps(float(j));
#define DSEEK_STEP(j) c##j = _mm256_fmadd_ps(c##j, a, b);
#define DSEEK_SUM(j) s = _mm256_add_ps(s, c##j);
  DSEEK_FMA16(DSEEK_DECL)
  for (int64_t i = 0; i < iters; ++i) { DSEEK_FMA16(DSEEK_STEP) }
  __m256 s = _mm256_setzero_ps();
  DSEEK_FMA16(DSEEK_SUM)
  alignas(32) float v[8];
  _mm256_store_ps(v, s);
  return v[0] + v[7];
#undef DSEEK_DECL
#undef DSEEK_STEP
#undef DSEEK_SUM
}

double fma_peak(ThreadPool& pool, bool avx512) {
  const int64_t iters = 2000000;
  std::vector<double> sink(size_t(pool.num_threads()));
  const double t = time_call([&] {
    pool.parallel_for(pool.num_threads(), [&](int64_t b, int64_t e, int tid) {
      for (int64_t i = b; i < e; ++i) sink[size_t(tid)] += avx512 ? fma_loop_avx512(iters) : fma_loop_avx2(iters);
    }, 1);
  }, 0.5);
  const double flops_per_iter = avx512 ? 16 * 16 * 2 : 16 * 8 * 2;
  return double(pool.num_threads()) * double(iters) * flops_per_iter / t / 1e9;
}

struct Case {
  const char* name;
  DType dt;
  int64_t rows, in, out;
};

struct Weights {
  std::vector<uint8_t> bytes;  // several copies, so decode reads come from DRAM
  std::vector<float> scale;
  int copies = 1;
  std::vector<Linear> lin;
};

Weights make_weights(DType dt, int64_t out, int64_t in) {
  Weights W;
  const size_t wb = size_t(out * in) * dtype_size(dt);
  W.copies = int(std::max<size_t>(1, (size_t(512) << 20) / wb));
  W.bytes.resize(wb * size_t(W.copies));
  std::mt19937 rng(1);
  for (size_t i = 0; i < W.bytes.size(); i += 2) {
    uint16_t v = uint16_t(rng());
    if (dt == DType::BF16) v = f32_to_bf16((float(v) / 65536.0f - 0.5f));
    if (dt == DType::F16) v = f32_to_f16((float(v) / 65536.0f - 0.5f));
    if (dt == DType::F8_E4M3) v &= 0x7e7e;
    std::memcpy(&W.bytes[i], &v, std::min<size_t>(2, W.bytes.size() - i));
  }
  const int64_t sr = (out + 127) / 128, sc = (in + 127) / 128;
  W.scale.assign(size_t(sr * sc), 0.01f);
  for (int c = 0; c < W.copies; ++c) {
    Linear L;
    L.out = out;
    L.in = in;
    L.weight.dtype = dt;
    L.weight.shape = {out, in};
    L.weight.data = W.bytes.data() + wb * size_t(c);
    L.weight.nbytes = wb;
    if (dt == DType::F8_E4M3) {
      L.scale_inv.dtype = DType::F32;
      L.scale_inv.shape = {sr, sc};
      L.scale_inv.data = reinterpret_cast<const uint8_t*>(W.scale.data());
      L.scale_inv.nbytes = W.scale.size() * 4;
    }
    W.lin.push_back(L);
  }
  return W;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0;
  bool quick = false;
  const char* only = nullptr;  // run only the cases of this regime (decode, decode4, prefill, expert)
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc) threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--quick")) quick = true;
    else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) only = argv[++i];
    else {
      std::fprintf(stderr, "usage: bench_gemm [--threads N] [--quick] [--only REGIME]\n");
      return 2;
    }
  }
  try {
    ThreadPool pool(threads);
    const auto& f = cpu::cpu_features();
    const bool has512 = cpu::isa_supported(cpu::CpuIsa::Avx512);
    std::printf("cpu: %s\nthreads: %d\n", cpu::describe(f).c_str(), pool.num_threads());
    const double bw = read_bandwidth(pool, has512);
    const double peak = fma_peak(pool, has512);
    std::printf("measured read bandwidth: %.1f GB/s   fp32 FMA peak (%s): %.0f GFLOP/s\n\n", bw,
                has512 ? "avx512" : "avx2", peak);

    std::vector<Case> cases = {
        {"decode", DType::BF16, 1, 2048, 10944}, {"decode", DType::BF16, 1, 2048, 1408},
        {"decode", DType::BF16, 1, 2048, 129280}, {"decode", DType::F8_E4M3, 1, 7168, 2048},
        {"decode", DType::F8_E4M3, 1, 7168, 18432}, {"decode", DType::BF16, 1, 7168, 2048},
        {"decode", DType::F32, 1, 2048, 2048},   {"decode", DType::F16, 1, 2048, 4096},
        {"decode4", DType::BF16, 4, 2048, 10944}, {"decode4", DType::F8_E4M3, 4, 7168, 2048},
        {"prefill", DType::BF16, 256, 2048, 1408}, {"prefill", DType::F8_E4M3, 256, 2048, 1408},
        {"prefill", DType::F32, 256, 2048, 1408},  {"prefill", DType::BF16, 64, 7168, 2048},
        {"prefill", DType::F8_E4M3, 512, 7168, 2048},
        // An MoE expert at prefill: 256 tokens x top-6 of 64 experts = 24 rows each (V2-Lite shapes).
        {"expert", DType::BF16, 24, 2048, 1408}, {"expert", DType::BF16, 24, 1408, 2048},
        {"expert", DType::F8_E4M3, 24, 2048, 1408},
        {"few", DType::BF16, 2, 2048, 1408}, {"few", DType::BF16, 4, 2048, 1408}, {"few", DType::BF16, 6, 2048, 1408},
        {"few", DType::F8_E4M3, 2, 2048, 1408}, {"few", DType::F8_E4M3, 4, 2048, 1408},
    };
    struct Path {
      const char* name;
      cpu::CpuIsa isa;
      cpu::GemmPrecision prec;
    };
    std::vector<Path> paths;
    if (has512) paths.push_back({"avx512", cpu::CpuIsa::Avx512, cpu::GemmPrecision::Exact});
    if (has512 && f.avx512_vbmi) paths.push_back({"avx512-nofp8t", cpu::CpuIsa::Avx512, cpu::GemmPrecision::Exact});
    if (has512 && f.avx512_bf16) paths.push_back({"avx512-bf16x", cpu::CpuIsa::Avx512, cpu::GemmPrecision::Bf16x});
    // The same with the weights prepacked once in the kernel's bf16-pair layout (Linear::packed_bf16).
    if (has512 && f.avx512_bf16) paths.push_back({"bf16x-prepack", cpu::CpuIsa::Avx512, cpu::GemmPrecision::Bf16x});
    if (cpu::isa_supported(cpu::CpuIsa::Avx2)) paths.push_back({"avx2", cpu::CpuIsa::Avx2, cpu::GemmPrecision::Exact});
    paths.push_back({"scalar", cpu::CpuIsa::Scalar, cpu::GemmPrecision::Exact});

    std::printf("%-8s %-8s %-18s %-13s %10s %8s %9s %7s\n", "regime", "dtype", "rows x in -> out", "path",
                "time(us)", "GB/s", "GFLOP/s", "%peak");
    for (const Case& c : cases) {
      if (only && std::strcmp(only, c.name) != 0) continue;
      Weights W = make_weights(c.dt, c.out, c.in);
      std::vector<float> x(size_t(c.rows * c.in)), y(size_t(c.rows * c.out));
      std::mt19937 rng(2);
      for (auto& v : x) v = float(rng() % 2001) / 1000.0f - 1.0f;
      const double wbytes = double(W.lin[0].weight.nbytes);
      const double flops = 2.0 * double(c.rows) * double(c.in) * double(c.out);
      for (const Path& p : paths) {
        // Bf16x: the vdpbf16ps GEMV (BF16 decode) and the bf16-pair packed kernel (BF16/FP8 prefill).
        if (p.prec == cpu::GemmPrecision::Bf16x && (c.rows < 8 ? c.dt != DType::BF16 && c.dt != DType::F8_E4M3 : c.dt == DType::F32)) continue;
        const bool no_tables = std::strcmp(p.name, "avx512-nofp8t") == 0;
        const bool prepack = std::strcmp(p.name, "bf16x-prepack") == 0;
        if (prepack && c.rows < 2) continue;
        std::vector<HugeBuffer> panels;
        std::vector<Linear> lin = W.lin;
        if (prepack)
          for (Linear& l : lin) {
            panels.emplace_back(size_t(cpu::bf16_panel_words(l.out, l.in)) * 4);
            cpu::pack_bf16_panels(l, static_cast<uint32_t*>(panels.back().data()), pool);
            l.packed_bf16 = static_cast<const uint32_t*>(panels.back().data());
          }
        if (no_tables && (c.dt != DType::F8_E4M3 || c.rows >= 8)) continue;
        if (p.isa == cpu::CpuIsa::Scalar && (quick || c.rows * c.in * c.out > (int64_t(1) << 28))) continue;
        cpu::GemmOptions opt;
        opt.isa = p.isa;
        opt.precision = p.prec;
        opt.fp8_tables = !no_tables;
        int copy = 0;
        const double t = time_call([&] {
          cpu::linear(lin[size_t(copy)], x.data(), c.rows, y.data(), pool, opt);
          copy = (copy + 1) % W.copies;
        }, quick ? 0.2 : 0.6);
        const double gbs = wbytes / t / 1e9, gf = flops / t / 1e9;
        const bool mem_bound = c.rows < 8;
        std::printf("%-8s %-8s %5lldx%-5lld->%-6lld %-13s %10.1f %8.1f %9.1f %6.0f%%%s\n", c.name,
                    std::string(dtype_name(c.dt)).c_str(), (long long)c.rows, (long long)c.in, (long long)c.out,
                    p.name, t * 1e6, gbs, gf, 100.0 * (mem_bound ? gbs / bw : gf / peak), mem_bound ? " bw" : " fma");
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_gemm: %s\n", e.what());
    return 1;
  }
  return 0;
}
