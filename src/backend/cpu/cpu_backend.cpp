// cpu_backend.cpp — the CPU implementations of Backend: the reference one
// (ref_ops, single thread) and the fast one (cpu::linear + ThreadPool).
#include <algorithm>
#include <vector>

#include "backend/backend.h"
#include "backend/cpu/cpu_features.h"
#include "backend/cpu/gemm.h"
#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "backend/cpu/softmax.h"
#include "core/threadpool.h"

namespace dseek {

void Backend::softmax(float* x, int64_t n) { ref::softmax(x, n); }
void Backend::silu_mul(float* g, const float* u, int64_t n) { ref::silu_mul(g, u, n); }

namespace {

// Row-range view of W when the range starts on a scale-block boundary (or W is
// not block-quantised); nullopt otherwise.
std::optional<Linear> row_view(const Linear& w, int64_t row0, int64_t nrows) {
  DSEEK_CHECK(row0 >= 0 && nrows >= 0 && row0 + nrows <= w.out, "linear_rows: rows [{}, {}) outside [0, {})", row0,
              row0 + nrows, w.out);
  Linear v = w;
  v.out = nrows;
  const size_t esz = dtype_size(w.weight.dtype);
  v.weight.data = w.weight.data + size_t(row0 * w.in) * esz;
  v.weight.shape = {nrows, w.in};
  v.weight.nbytes = size_t(nrows * w.in) * esz;
  // Prepacked panels hold 32 rows each: a view starting on a panel edge starts at that panel.
  v.packed = w.packed && row0 % 32 == 0 ? w.packed + (row0 / 32) * w.in * 32 : nullptr;
  v.packed_bf16 = w.packed_bf16 && row0 % 32 == 0 ? w.packed_bf16 + (row0 / 32) * ((w.in + 1) / 2) * 32 : nullptr;
  if (w.weight.dtype == DType::F8_E4M3) {
    DSEEK_CHECK(w.block_n > 0 && w.block_k > 0, "linear_rows: FP8 block shape {}x{}", w.block_n, w.block_k);
    if (row0 % w.block_n != 0) return std::nullopt;
    const int64_t sc = (w.in + w.block_k - 1) / w.block_k;
    const int64_t sr0 = row0 / w.block_n, srn = (nrows + w.block_n - 1) / w.block_n;
    v.scale_inv.data = w.scale_inv.data + size_t(sr0 * sc) * 4;
    v.scale_inv.shape = {srn, sc};
    v.scale_inv.nbytes = size_t(srn * sc) * 4;
  }
  return v;
}

void ref_linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows, float* y) {
  DSEEK_CHECK(row0 >= 0 && nrows >= 0 && row0 + nrows <= w.out, "linear_t_rows: rows [{}, {}) outside [0, {})",
              row0, row0 + nrows, w.out);
  std::fill(y, y + rows * w.in, 0.0f);
  std::vector<float> wr(static_cast<size_t>(w.in));
  for (int64_t d = 0; d < nrows; ++d) {
    ref::linear_row(w, row0 + d, wr.data());
    for (int64_t r = 0; r < rows; ++r) {
      const float xv = x[r * nrows + d];
      float* yr = y + r * w.in;
      for (int64_t c = 0; c < w.in; ++c) yr[c] += xv * wr[size_t(c)];
    }
  }
}

class ReferenceBackend final : public Backend {
 public:
  std::string name() const override { return "cpu-reference"; }
  int num_threads() const override { return 1; }
  void linear(const Linear& w, const float* x, int64_t rows, float* y) override { ref::linear(w, x, rows, y); }
  void linear_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                   float* y) override {
    ref::linear_rows(w, row0, nrows, x, rows, y);
  }
  void linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                     float* y) override {
    ref_linear_t_rows(w, row0, nrows, x, rows, y);
  }
  void parallel_for(int64_t n, const std::function<void(int64_t, int64_t)>& f) override {
    if (n > 0) f(0, n);
  }
};

class FastCpuBackend final : public Backend {
 public:
  FastCpuBackend(int threads, bool bf16_activations)
      : pool_(threads),
        bf16x_(bf16_activations && cpu::bf16x_supported(cpu::selected_isa())) {}
  std::string name() const override { return "cpu"; }
  int num_threads() const override { return pool_.num_threads(); }
  void linear(const Linear& w, const float* x, int64_t rows, float* y) override {
    cpu::linear(w, x, rows, y, pool_, options(w));
  }
  void linear_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                   float* y) override {
    if (auto v = row_view(w, row0, nrows)) return cpu::linear(*v, x, rows, y, pool_, options(w));
    // FP8 rows that start inside a scale block (e.g. the value half of a head in kv_b_proj when
    // the head is narrower than 128): the block-aligned superset, then the wanted columns.
    const int64_t a0 = row0 / w.block_n * w.block_n, n = row0 + nrows - a0;
    std::vector<float> wide(size_t(rows * n));
    cpu::linear(*row_view(w, a0, n), x, rows, wide.data(), pool_, options(w));
    for (int64_t r = 0; r < rows; ++r) std::copy_n(&wide[size_t(r * n + row0 - a0)], nrows, y + r * nrows);
  }
  void linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows,
                     float* y) override {
    cpu::linear_t_rows(w, row0, nrows, x, rows, y);  // calling thread only (see backend.h)
  }
  void softmax(float* x, int64_t n) override { cpu::softmax(x, n); }
  void silu_mul(float* g, const float* u, int64_t n) override {
    constexpr int64_t kChunk = 1 << 14;  // below this one thread is faster than waking the pool
    if (n <= kChunk) return cpu::silu_mul(g, u, n);
    parallel_for((n + kChunk - 1) / kChunk, [&](int64_t b, int64_t e) {
      const int64_t i0 = b * kChunk, i1 = std::min(n, e * kChunk);
      cpu::silu_mul(g + i0, u + i0, i1 - i0);
    });
  }
  void parallel_for(int64_t n, const std::function<void(int64_t, int64_t)>& f) override {
    pool_.parallel_for(n, [&](int64_t b, int64_t e) { f(b, e); });
  }

 private:
  cpu::GemmOptions options(const Linear& w) const {
    cpu::GemmOptions o;
    const DType dt = w.weight.dtype;
    if (bf16x_ && (dt == DType::BF16 || dt == DType::F16 || dt == DType::F8_E4M3))
      o.precision = cpu::GemmPrecision::Bf16x;
    return o;
  }
  ThreadPool pool_;
  bool bf16x_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const CpuBackendOptions& opt) {
  if (opt.reference) return std::make_unique<ReferenceBackend>();
  return std::make_unique<FastCpuBackend>(opt.threads, opt.bf16_activations);
}

}  // namespace dseek
