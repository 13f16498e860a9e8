// gemm_kernels.h — internal interface between gemm.cpp (validation, dispatch,
// threading) and the per-ISA kernel translation units (gemm_avx2.cpp,
// gemm_avx512.cpp). Not part of the public API.
// What it is not: callable without the matching CPU support — the caller
// (gemm.cpp) checks cpu_features first.
#pragma once

#include <cstdint>

#include "core/dtype.h"

namespace dseek::cpu::detail {

struct GemmArgs {
  DType dt = DType::F32;
  const uint8_t* w = nullptr;    // [out, in] in dt
  const float* scale = nullptr;  // FP8: [ceil(out/bn), sb] fp32
  int64_t sb = 0;                // scale columns = ceil(in/bk)
  int bn = 128, bk = 128;
  int64_t out = 0, in = 0;
  const float* x = nullptr;      // [rows, in]
  const uint16_t* xb = nullptr;  // Bf16x path: x rounded to bf16, [rows, ldxb]
  int64_t ldxb = 0;              // row stride of xb (GEMV: in; packed Bf16x: in rounded up to even, zero pad)
  int64_t rows = 0;
  float* y = nullptr;            // [rows, out]
  bool vbmi = false;             // avx512_vbmi available: FP8 GEMV uses byte tables
  const float* packed = nullptr; // F32 only: W prepacked as [panels][in][kPanelN] (Linear::packed)
  const uint32_t* packed_bf16 = nullptr;  // Bf16x: W as bf16 pairs [panels][(in+1)/2][kPanelN] (Linear::packed_bf16)
};

// Panel geometry of the packed (prefill) AVX-512 kernel.
inline constexpr int64_t kPanelN = 32;   // outputs per panel
inline constexpr int64_t kPanelK = 256;  // K per packed block
inline constexpr int64_t kBlockM = 240;  // x rows per work unit (multiple of the 12-row micro-tile)

#if defined(__x86_64__)
// y[:, o0:o1] for all rows, dot-product form (decode). Any o0 < o1.
void gemv_avx2(const GemmArgs& a, int64_t o0, int64_t o1);
void gemv_avx512(const GemmArgs& a, int64_t o0, int64_t o1);
// Bf16x GEMV: dt BF16 (a.xb = x in bf16, ldxb = in), or F8_E4M3 with vbmi and bk % 64 == 0
// (a.xb from to_bf16_fp8_order, ldxb = in rounded up to 64).
void gemv_bf16x_avx512(const GemmArgs& a, int64_t o0, int64_t o1);
// Packed kernel: y[r0:r1, p*32 : p*32+32] for panels p in [p0, p1).
void gemm_avx512(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1);
// Same with bf16 products (Bf16x): a.xb/a.ldxb set; dt BF16, F16 or F8_E4M3.
void gemm_bf16x_avx512(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1);
// Linear::packed_bf16 of panel p (all K blocks), as the Bf16x kernel packs it per call; dst: 64-byte aligned.
void pack_bf16_panel_avx512(const GemmArgs& a, int64_t p, uint32_t* dst);
// Transposed row-range product: y[rows, in] = x[rows, nrows] * W[row0 : row0 + nrows, :]
// (a.x is [rows, nrows], a.y is [rows, in], fully overwritten; nrows >= 1).
void linear_t_avx512(const GemmArgs& a, int64_t row0, int64_t nrows);
// x -> bf16 (round to nearest even), n values.
void to_bf16_avx512(const float* x, int64_t n, uint16_t* out);
#endif

}  // namespace dseek::cpu::detail
