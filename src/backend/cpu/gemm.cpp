// gemm.cpp — cpu::linear: argument validation, ISA/regime dispatch, threading,
// and the scalar fallback (ref::linear_row per output row, threaded).
// What it is not: the SIMD kernels (gemm_avx2.cpp, gemm_avx512.cpp).
#include "backend/cpu/gemm.h"

#include <algorithm>
#include <vector>

#include "backend/cpu/gemm_kernels.h"
#include "backend/cpu/ref_ops.h"
#include "core/check.h"

namespace dseek::cpu {
namespace {

using detail::GemmArgs;

// Below this many multiply-adds a call runs on the calling thread only
// (the hand-off would cost more than it saves).
constexpr int64_t kSerialMacs = 1 << 15;
constexpr int64_t kPackedPrefillRows = 2;  // rows >= this use the micro-kernel when W is prepacked (F32)
// Bf16x on prepacked bf16 panels: from 5 rows on the micro-kernel beats the 4-row GEMV (bench_gemm
// --only few, 2 cores: tie at 4 rows, 1.5x faster at 6; FP8 panels are twice the bytes of FP8).
constexpr int64_t kPackedBf16Rows = 5;

void scalar_rows(const Linear& w, const float* x, int64_t rows, float* y, int64_t o0, int64_t o1) {
  std::vector<float> wr(size_t(w.in));
  for (int64_t o = o0; o < o1; ++o) {
    ref::linear_row(w, o, wr.data());
    for (int64_t r = 0; r < rows; ++r) {
      const float* xr = x + r * w.in;
      float acc = 0.0f;
      for (int64_t i = 0; i < w.in; ++i) acc += xr[i] * wr[size_t(i)];
      y[r * w.out + o] = acc;
    }
  }
}

// Splits [0, out) into chunks of whole groups of `align` rows.
template <class F>
void parallel_rows(ThreadPool& pool, int64_t out, int64_t align, bool serial, F&& f) {
  if (serial) return f(int64_t(0), out);
  const int64_t units = (out + align - 1) / align;
  pool.parallel_for(units, [&](int64_t b, int64_t e) { f(b * align, std::min(out, e * align)); });
}

#if defined(__x86_64__)
// A packed (prefill) kernel over work units (panel of 32 outputs) x (block of kBlockM rows).
using PanelKernel = void (*)(const detail::GemmArgs&, int64_t p0, int64_t p1, int64_t r0, int64_t r1);
void parallel_panels(ThreadPool& pool, const detail::GemmArgs& a, bool serial, PanelKernel kernel) {
  const int64_t np = (a.out + detail::kPanelN - 1) / detail::kPanelN;
  const int64_t nm = (a.rows + detail::kBlockM - 1) / detail::kBlockM;
  auto unit = [&](int64_t u0, int64_t u1) {
    for (int64_t u = u0; u < u1; ++u) {
      const int64_t p = u / nm, mb = u % nm;
      kernel(a, p, p + 1, mb * detail::kBlockM, std::min(a.rows, (mb + 1) * detail::kBlockM));
    }
  };
  if (serial) unit(0, np * nm);
  else pool.parallel_for(np * nm, unit, 1);
}
#endif

// Validates w (dtype, shape, byte sizes, FP8 scales) and fills the weight
// part of a GemmArgs. scale_f32 receives the scales when they are not F32.
GemmArgs weight_args(const Linear& w, const GemmOptions& opt, std::vector<float>& scale_f32) {
  const TensorView& W = w.weight;
  DSEEK_CHECK(w.out >= 0 && w.in >= 0, "linear: negative size (out {}, in {})", w.out, w.in);
  DSEEK_CHECK(W.dtype == DType::F32 || W.dtype == DType::BF16 || W.dtype == DType::F16 ||
                  W.dtype == DType::F8_E4M3,
              "linear: unsupported weight dtype {}", dtype_name(W.dtype));
  if (!W.shape.empty())
    DSEEK_CHECK(W.rank() == 2 && W.dim(0) == w.out && W.dim(1) == w.in, "linear: weight shape {} != [{}, {}]",
                shape_str(W.shape), w.out, w.in);
  const int64_t wbytes = w.out * w.in * int64_t(dtype_size(W.dtype));
  DSEEK_CHECK(W.data != nullptr || wbytes == 0, "linear: weight has no data");
  DSEEK_CHECK(int64_t(W.nbytes) >= wbytes, "linear: weight holds {} bytes, needs {}", W.nbytes, wbytes);
  GemmArgs a;
  a.dt = W.dtype;
  a.w = W.data;
  a.out = w.out;
  a.in = w.in;
  a.vbmi = cpu_features().avx512_vbmi && opt.fp8_tables;
  if (W.dtype == DType::F32 && w.packed) {
    DSEEK_CHECK(reinterpret_cast<uintptr_t>(w.packed) % 64 == 0, "linear: packed weights must be 64-byte aligned");
    a.packed = w.packed;
  }
  if (w.packed_bf16) {
    DSEEK_CHECK(W.dtype == DType::BF16 || W.dtype == DType::F16 || W.dtype == DType::F8_E4M3,
                "linear: bf16 panels of a {} weight", dtype_name(W.dtype));
    DSEEK_CHECK(reinterpret_cast<uintptr_t>(w.packed_bf16) % 64 == 0, "linear: bf16 panels must be 64-byte aligned");
    a.packed_bf16 = w.packed_bf16;
  }
  if (W.dtype == DType::F8_E4M3) {
    DSEEK_CHECK(w.block_n > 0 && w.block_k > 0, "linear: FP8 block shape {}x{}", w.block_n, w.block_k);
    a.bn = w.block_n;
    a.bk = w.block_k;
    a.sb = (w.in + w.block_k - 1) / w.block_k;
    const int64_t need = ((w.out + w.block_n - 1) / w.block_n) * a.sb;
    const TensorView& S = w.scale_inv;
    DSEEK_CHECK(!S.empty() && S.numel() >= need, "linear: FP8 weight needs a scale_inv of {} values, has {}",
                need, S.empty() ? 0 : S.numel());
    DSEEK_CHECK(int64_t(S.nbytes) >= need * int64_t(dtype_size(S.dtype)), "linear: scale_inv too small");
    if (S.dtype == DType::F32) {
      a.scale = reinterpret_cast<const float*>(S.data);
    } else {
      scale_f32.resize(size_t(need));
      for (int64_t i = 0; i < need; ++i) scale_f32[size_t(i)] = ref::load_f32(S, i);
      a.scale = scale_f32.data();
    }
  }
  return a;
}

}  // namespace

std::vector<float> pack_f32_panels(const float* w, int64_t out, int64_t in, size_t* offset) {
  DSEEK_CHECK(w != nullptr && out >= 0 && in >= 0, "pack_f32_panels: bad matrix [{}, {}]", out, in);
  const int64_t P = detail::kPanelN, np = (out + P - 1) / P;
  std::vector<float> buf(size_t(np * in * P + 16), 0.0f);
  const size_t off = (64 - reinterpret_cast<uintptr_t>(buf.data()) % 64) % 64 / sizeof(float);
  float* d = buf.data() + off;
  for (int64_t p = 0; p < np; ++p)
    for (int64_t k = 0; k < in; ++k)
      for (int64_t j = 0; j < P && p * P + j < out; ++j) d[(p * in + k) * P + j] = w[(p * P + j) * in + k];
  *offset = off;
  return buf;
}

int64_t bf16_panel_words(int64_t out, int64_t in) {
  DSEEK_CHECK(out >= 0 && in >= 0, "bf16_panel_words: bad matrix [{}, {}]", out, in);
  return (out + detail::kPanelN - 1) / detail::kPanelN * ((in + 1) / 2) * detail::kPanelN;
}

void pack_bf16_panels(const Linear& w, uint32_t* dst, ThreadPool& pool, const GemmOptions& opt) {
  const DType dt = w.weight.dtype;
  DSEEK_CHECK(dt == DType::BF16 || dt == DType::F16 || dt == DType::F8_E4M3,
              "pack_bf16_panels: needs BF16, F16 or FP8 weights, got {}", dtype_name(dt));
  DSEEK_CHECK(dst != nullptr && reinterpret_cast<uintptr_t>(dst) % 64 == 0, "pack_bf16_panels: dst must be 64-byte aligned");
  std::vector<float> scale_f32;
  GemmArgs a = weight_args(w, opt, scale_f32);  // validates shape, sizes and FP8 scales
  const int64_t P = detail::kPanelN, np = (w.out + P - 1) / P, kpn = (w.in + 1) / 2;
#if defined(__x86_64__)
  const CpuIsa isa = opt.isa ? *opt.isa : selected_isa();
  if (bf16x_supported(isa)) {  // the kernel's own packing
    pool.parallel_for(np, [&](int64_t p0, int64_t p1) {
      for (int64_t p = p0; p < p1; ++p) detail::pack_bf16_panel_avx512(a, p, dst + p * kpn * P);
    }, 1);
    return;
  }
#endif
  pool.parallel_for(np, [&](int64_t p0, int64_t p1) {
    std::vector<float> row(size_t(kpn * 2), 0.0f);
    for (int64_t p = p0; p < p1; ++p) {
      uint32_t* d = dst + p * kpn * P;
      for (int64_t j = 0; j < P; ++j) {
        const int64_t o = p * P + j;
        if (o < w.out) ref::linear_row(w, o, row.data());  // exact dequantisation, then bf16 (RNE)
        for (int64_t kp = 0; kp < kpn; ++kp)
          d[kp * P + j] = o < w.out ? uint32_t(f32_to_bf16(row[size_t(2 * kp)])) |
                                          uint32_t(f32_to_bf16(row[size_t(2 * kp + 1)])) << 16
                                    : 0u;
      }
    }
  }, 1);
}

// x[0:K] -> bf16 in the lane order of the FP8 Bf16x GEMV: per 64-column chunk, columns
// {0-7, 16-23, 32-39, 48-55} then {8-15, 24-31, 40-47, 56-63}; zero past K (out holds K rounded up to 64).
static void to_bf16_fp8_order(const float* x, int64_t K, uint16_t* out) {
  for (int64_t c = 0; c < K; c += 64)
    for (int j = 0; j < 64; ++j) {
      const int h = j / 32, q = j % 32;
      const int64_t k = c + 16 * (q / 8) + 8 * h + q % 8;
      out[c + j] = k < K ? f32_to_bf16(x[k]) : uint16_t(0);
    }
}

void linear(const Linear& w, const float* x, int64_t rows, float* y, ThreadPool& pool, const GemmOptions& opt) {
  DSEEK_CHECK(rows >= 0, "linear: negative rows {}", rows);
  std::vector<float> scale_f32;  // only when scale_inv is not stored as F32
  GemmArgs a = weight_args(w, opt, scale_f32);
  const TensorView& W = w.weight;
  if (rows == 0 || w.out == 0) return;
  DSEEK_CHECK(x != nullptr && y != nullptr, "linear: null x or y");
  if (w.in == 0) {
    std::fill(y, y + rows * w.out, 0.0f);
    return;
  }
  a.x = x;
  a.rows = rows;
  a.y = y;

  const CpuIsa isa = opt.isa ? *opt.isa : selected_isa();
  DSEEK_CHECK(isa_supported(isa), "linear: ISA {} not supported here", isa_name(isa));
  const bool serial = pool.num_threads() == 1 || rows * w.out * w.in < kSerialMacs;
  const int64_t prefill_rows = opt.prefill_rows > 0 ? opt.prefill_rows : kDefaultPrefillRows;

  // Auto = Exact. Measured on 2 SPR cores, Bf16x is only 3-6% faster at 1-row
  // BF16 decode (23.6 vs 22.3 GB/s at 1x2048->10944) and slower at 4 rows
  // (17.0 vs 20.7 GB/s), so it is opt-in.
  const GemmPrecision prec = opt.precision == GemmPrecision::Auto ? GemmPrecision::Exact : opt.precision;

  if (prec == GemmPrecision::Bf16x) {
    DSEEK_CHECK(W.dtype == DType::BF16 || W.dtype == DType::F16 || W.dtype == DType::F8_E4M3,
                "linear: Bf16x precision needs BF16, F16 or FP8 weights, got {}", dtype_name(W.dtype));
    DSEEK_CHECK(bf16x_supported(isa), "linear: Bf16x precision needs the avx512 ISA with avx512_bf16");
  }

#if defined(__x86_64__)
  if (isa == CpuIsa::Avx512) {
    // Prepacked weights cost nothing to pack: the 12-row micro-kernel wins from a few rows on.
    const int64_t packed_min_rows = opt.prefill_rows > 0 ? prefill_rows : kPackedPrefillRows;
    const int64_t bf16_min_rows = opt.prefill_rows > 0 ? prefill_rows : kPackedBf16Rows;
    if (prec == GemmPrecision::Bf16x && rows >= (a.packed_bf16 ? bf16_min_rows : prefill_rows)) {
      // Packed kernel on bf16 K pairs: x rows rounded to bf16 with an even, zero-padded stride.
      const int64_t ldx = (w.in + 1) / 2 * 2;
      std::vector<uint16_t> xb(size_t(rows * ldx), 0);
      for (int64_t r = 0; r < rows; ++r) detail::to_bf16_avx512(x + r * w.in, w.in, xb.data() + r * ldx);
      a.xb = xb.data();
      a.ldxb = ldx;
      return parallel_panels(pool, a, serial, detail::gemm_bf16x_avx512);
    }
    if (prec == GemmPrecision::Bf16x && W.dtype == DType::F8_E4M3 && a.vbmi && a.bk % 64 == 0) {
      const int64_t ldx = (w.in + 63) / 64 * 64;
      std::vector<uint16_t> xb(size_t(rows * ldx));
      for (int64_t r = 0; r < rows; ++r) to_bf16_fp8_order(x + r * w.in, w.in, xb.data() + r * ldx);
      a.xb = xb.data();
      a.ldxb = ldx;
      parallel_rows(pool, w.out, 4, serial, [&](int64_t o0, int64_t o1) { detail::gemv_bf16x_avx512(a, o0, o1); });
      return;
    }
    if (prec == GemmPrecision::Bf16x && W.dtype == DType::BF16) {  // (F16 decode: the exact GEMV)
      std::vector<uint16_t> xb(size_t(rows * w.in));
      detail::to_bf16_avx512(x, rows * w.in, xb.data());
      a.xb = xb.data();
      a.ldxb = w.in;
      parallel_rows(pool, w.out, 4, serial, [&](int64_t o0, int64_t o1) { detail::gemv_bf16x_avx512(a, o0, o1); });
      return;
    }
    if (rows < (a.packed ? packed_min_rows : prefill_rows)) {
      parallel_rows(pool, w.out, 4, serial, [&](int64_t o0, int64_t o1) { detail::gemv_avx512(a, o0, o1); });
      return;
    }
    return parallel_panels(pool, a, serial, detail::gemm_avx512);
  }
  if (isa == CpuIsa::Avx2) {
    parallel_rows(pool, w.out, 2, serial, [&](int64_t o0, int64_t o1) { detail::gemv_avx2(a, o0, o1); });
    return;
  }
#endif
  parallel_rows(pool, w.out, 1, serial, [&](int64_t o0, int64_t o1) { scalar_rows(w, x, rows, y, o0, o1); });
}

void linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows, float* y,
                   const GemmOptions& opt) {
  DSEEK_CHECK(rows >= 0, "linear_t_rows: negative rows {}", rows);
  std::vector<float> scale_f32;
  GemmArgs a = weight_args(w, opt, scale_f32);
  DSEEK_CHECK(row0 >= 0 && nrows >= 0 && row0 + nrows <= w.out, "linear_t_rows: rows [{}, {}) outside [0, {})", row0,
              row0 + nrows, w.out);
  if (rows == 0 || w.in == 0) return;
  DSEEK_CHECK(y != nullptr && (x != nullptr || nrows == 0), "linear_t_rows: null x or y");
  if (nrows == 0) {
    std::fill(y, y + rows * w.in, 0.0f);
    return;
  }
  const CpuIsa isa = opt.isa ? *opt.isa : selected_isa();
  DSEEK_CHECK(isa_supported(isa), "linear_t_rows: ISA {} not supported here", isa_name(isa));
#if defined(__x86_64__)
  if (isa == CpuIsa::Avx512) {
    a.x = x;
    a.rows = rows;
    a.y = y;
    detail::linear_t_avx512(a, row0, nrows);
    return;
  }
#endif
  // Portable path: one dequantised W row at a time, axpy into every y row.
  std::fill(y, y + rows * w.in, 0.0f);
  std::vector<float> wr(size_t(w.in));
  for (int64_t d = 0; d < nrows; ++d) {
    ref::linear_row(w, row0 + d, wr.data());
    for (int64_t r = 0; r < rows; ++r) {
      const float xv = x[r * nrows + d];
      float* yr = y + r * w.in;
      for (int64_t c = 0; c < w.in; ++c) yr[c] += xv * wr[size_t(c)];
    }
  }
}

}  // namespace dseek::cpu
