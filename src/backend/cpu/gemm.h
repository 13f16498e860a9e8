// gemm.h — fast CPU linear layer y = x W^T on weights in their stored dtype.
// What it is: dseek::cpu::linear, the SIMD + threaded counterpart of
// ref::linear (same semantics: y[r, o] = sum_i x[r, i] * W[o, i]) for W in
// F32, BF16, F16 or F8_E4M3 with a block scale_inv (Linear.block_n/block_k,
// partial edge blocks allowed). Weights are read in place (they are mmap'd):
// no dequantised or repacked copy of the whole matrix is made (unless the
// caller supplies one: Linear::packed for F32, Linear::packed_bf16 for the
// Bf16x prefill kernel); otherwise a small per-thread panel (<= 32 rows x 256
// columns) is converted per call for the compute-bound regime.
//   decode  (rows < prefill_rows): memory-bound GEMV, each W row streamed once
//           per group of <= 4 x rows, parallel over output rows.
//   prefill (rows >= prefill_rows, AVX-512): W panel of 32 outputs x 256 K
//           converted+transposed once, reused by all x rows through a 12x32
//           register-blocked FMA micro-kernel; parallel over (panel, row block).
// ISA: scalar (ref::linear_row based, threaded) | avx2 (+fma,f16c) | avx512
// (f/bw/vl/dq; avx512_bf16 for the optional bf16-x path), chosen at run time
// (cpu_features.h; env DSEEK_CPU_ISA forces one).
// Precision (GemmOptions.precision; Auto = Exact):
// Exact paths accumulate in fp32 with products of exactly
// dequantised weights (FP8: W * scale_inv, one rounding) — they differ from
// ref::linear only in summation order (~1e-6 relative to sum|x||w|). The
// Bf16x path (BF16 weights, AVX512-BF16 vdpbf16ps) rounds x to bf16 first:
// ~2^-9 relative error per product, fine for inference, not for golden tests.
// What it is not: a general BLAS (no strides, no transposes, no alpha/beta).
#pragma once

#include <cstdint>
#include <vector>
#include <optional>

#include "backend/cpu/cpu_features.h"
#include "core/threadpool.h"
#include "model/weights.h"

namespace dseek::cpu {

enum class GemmPrecision {
  Auto,   // = Exact (Bf16x measured only 3-6% faster at 1-row decode, slower at 4 rows)
  Exact,  // fp32 math on exactly dequantised weights
  Bf16x,  // BF16/F16/FP8 weights, needs avx512_bf16 + Avx512 ISA: x rounded to bf16, vdpbf16ps products
          // (prefill: packed kernel on bf16 K pairs, ~2x the fp32 FMA rate; decode: BF16 weights only,
          // FP8/F16 decode stays exact). Relative error ~1e-2, like llama.cpp's BF16 path.
};

struct GemmOptions {
  std::optional<CpuIsa> isa;            // default: selected_isa() (env DSEEK_CPU_ISA)
  GemmPrecision precision = GemmPrecision::Auto;
  int64_t prefill_rows = 0;             // rows >= this use the packed kernel; 0: default (kDefaultPrefillRows)
  bool fp8_tables = true;               // AVX-512 FP8 GEMV: byte-table decode when avx512_vbmi is present
                                        // (false: the fp16 bit-move decode; both exact)
};
inline constexpr int64_t kDefaultPrefillRows = 8;

// F32 [out, in] -> the prefill kernel's panel layout [ceil(out/32)][in][32] (zero-padded). The
// result's data() + *offset is 64-byte aligned: point Linear::packed there. Done once at load for
// small models whose FP8 weights are dequantised (model/load.cpp): the per-call panel packing
// was 17 % of the intent classifier's time.
std::vector<float> pack_f32_panels(const float* w, int64_t out, int64_t in, size_t* offset);

// W (BF16, F16 or FP8 with its scales) rounded to bf16 in the Bf16x prefill kernel's layout:
// dst[p][kp][j] = bf16(W[32p + j][2kp]) | bf16(W[32p + j][2kp + 1]) << 16, zero past out/in;
// dst holds bf16_panel_words(out, in) words, 64-byte aligned. Point Linear::packed_bf16 at it:
// GemmPrecision::Bf16x prefill then reads it instead of converting W per call (bitwise the
// same result). Parallel over panels on `pool`; with the avx512 ISA + avx512_bf16 (opt.isa or
// the selected one) the kernel's own packing code runs, else a scalar loop (same words).
int64_t bf16_panel_words(int64_t out, int64_t in);
void pack_bf16_panels(const Linear& w, uint32_t* dst, ThreadPool& pool, const GemmOptions& opt = {});

// x: [rows, w.in] row-major fp32, y: [rows, w.out] (fully overwritten).
// Throws dseek::Error on a malformed Linear, or an unsupported dtype/ISA.
void linear(const Linear& w, const float* x, int64_t rows, float* y, ThreadPool& pool,
            const GemmOptions& opt = {});

// Transposed product over a W row range, on the calling thread only (it is
// called from inside parallel regions, e.g. MLA's per-head loop):
//   y[rows, w.in] = x[rows, nrows] · W[row0 : row0 + nrows, :]
// Any row0 (FP8: need not be block-aligned). AVX-512: W rows dequantised once
// into a 128 x 64 fp32 panel reused by all x rows (6 x 64 micro-kernel);
// otherwise a dequantise-row + axpy loop. Exact (fp32, summation order only).
void linear_t_rows(const Linear& w, int64_t row0, int64_t nrows, const float* x, int64_t rows, float* y,
                   const GemmOptions& opt = {});

}  // namespace dseek::cpu
