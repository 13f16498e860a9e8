// gemm_avx512.cpp — AVX-512 kernels of cpu::linear: the decode GEMV (dot
// form, weights converted to fp32 in registers), the Bf16x GEMV (vdpbf16ps),
// and the packed prefill kernels (12x32 outer-product micro-kernel, in fp32
// or, for Bf16x, on bf16 K pairs with vdpbf16ps).
// What it is not: dispatch/threading (gemm.cpp). Only reached after
// cpu_features says avx512f/bw/vl/dq (+avx512_bf16 for the Bf16x kernel,
// +avx512_vbmi for the FP8 table GEMV).
//
// Build note: the whole file is compiled for AVX-512 via a target pragma
// region instead of a global -march. Every standard/project header is
// included BEFORE the region so no inline library function is emitted with
// AVX-512 code; everything defined inside the region has internal linkage
// except the entry points declared in gemm_kernels.h.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "backend/cpu/gemm_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16,avx512vbmi,avx2,fma,f16c"))), \
                             apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16,avx512vbmi,avx2,fma,f16c")
// GCC 12 false positive: _mm512_undefined_*() inside the intrinsics' headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace dseek::cpu::detail {
namespace {

// ---- 16 weights -> 16 fp32 lanes -------------------------------------------------
// FP8 E4M3 is mapped to fp16 by bit moves (sign to bit 15, exponent+mantissa
// to bits 13..7), which is the value * 2^-8 exactly (subnormals included,
// vcvtph2ps ignores DAZ); the 2^8 is folded into the block scale.
// 0x7f/0xff (NaN in E4M3fn) are patched to NaN.
constexpr float kFp8Fold = 256.0f;

template <DType DT>
inline __m512 load_w16(const uint8_t* base, int64_t idx, __mmask16 m) {
  if constexpr (DT == DType::F32) {
    return _mm512_maskz_loadu_ps(m, reinterpret_cast<const float*>(base) + idx);
  } else if constexpr (DT == DType::BF16) {
    const __m256i h = _mm256_maskz_loadu_epi16(m, reinterpret_cast<const uint16_t*>(base) + idx);
    return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
  } else if constexpr (DT == DType::F16) {
    return _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(m, reinterpret_cast<const uint16_t*>(base) + idx));
  } else {
    static_assert(DT == DType::F8_E4M3);
    const __m128i b = _mm_maskz_loadu_epi8(m, base + idx);
    __m256i h = _mm256_slli_epi16(_mm256_cvtepu8_epi16(b), 8);
    h = _mm256_and_si256(_mm256_srai_epi16(h, 1), _mm256_set1_epi16(int16_t(0xBF80)));
    const __mmask16 nan = _mm_cmpeq_epi8_mask(_mm_and_si128(b, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x7f));
    return _mm512_mask_mov_ps(_mm512_cvtph_ps(h), nan, _mm512_set1_ps(NAN));
  }
}

// Decode GEMVs stream each tile of NR weight rows once. Rows are often only a
// few KB (one 4 KB page for a 2048-wide BF16 row), so the hardware prefetcher
// restarts on every row; prefetching the same offset of the next tile into L2
// (one tile ahead) keeps the DRAM stream busy: ~1.7x on 2048-wide BF16 rows.
inline int64_t next_tile_bytes(const GemmArgs& a, int64_t o, int nr, int64_t row_bytes) {
  return o + 2 * nr <= a.out ? nr * row_bytes : 0;
}
inline void prefetch_l2(const void* p) { _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T1); }

inline __mmask16 tail16(int64_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1); }
inline __mmask32 tail32(int64_t n) { return n >= 32 ? __mmask32(0xFFFFFFFFu) : __mmask32((1u << n) - 1); }

// GEMV row tiles: calls tile(std::integral_constant<int, MR>{}, r0) for r0 = 0, 4, 8, ...
// with MR = min(4, rows left), so each kernel is instantiated for 1-4 rows.
template <class Tile>
inline void for_row_tiles(const GemmArgs& a, Tile&& tile) {
  for (int64_t r0 = 0; r0 < a.rows; r0 += 4) {
    switch (std::min<int64_t>(4, a.rows - r0)) {
      case 1: tile(std::integral_constant<int, 1>{}, r0); break;
      case 2: tile(std::integral_constant<int, 2>{}, r0); break;
      case 3: tile(std::integral_constant<int, 3>{}, r0); break;
      default: tile(std::integral_constant<int, 4>{}, r0); break;
    }
  }
}

// Scale factor for W row o, columns [k0, ...) of one K block (FP8 only).
inline float fp8_scale(const GemmArgs& a, int64_t o, int64_t k) {
  return a.scale[(o / a.bn) * a.sb + k / a.bk] * kFp8Fold;
}

// ---- decode GEMV: MR x rows against NR W rows, full K -----------------------------
template <DType DT, int MR, int NR>
void gemv_tile(const GemmArgs& a, int64_t o, int64_t r0) {
  const int64_t K = a.in;
  const float* x = a.x + r0 * K;
  const uint8_t* w = a.w;
  const int64_t esz = DT == DType::F32 ? 4 : DT == DType::F8_E4M3 ? 1 : 2;
  __m512 acc[MR][NR];
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_setzero_ps();
  const int64_t ahead = next_tile_bytes(a, o, NR, K * esz);
  const int64_t bk = DT == DType::F8_E4M3 ? a.bk : K;
  for (int64_t k0 = 0; k0 < K; k0 += bk) {
    const int64_t kend = std::min(K, k0 + bk);
    [[maybe_unused]] __m512 s[NR];
    if constexpr (DT == DType::F8_E4M3)
      for (int n = 0; n < NR; ++n) s[n] = _mm512_set1_ps(fp8_scale(a, o + n, k0));
    for (int64_t k = k0; k < kend; k += 16) {
      const __mmask16 msk = tail16(kend - k);
      __m512 wv[NR];
      for (int n = 0; n < NR; ++n) {
        const uint8_t* row = w + (o + n) * K * esz;
        _mm_prefetch(reinterpret_cast<const char*>(row + (k + 512 / esz) * esz), _MM_HINT_T0);
        if (((k * esz) & 63) == 0) prefetch_l2(row + ahead + k * esz);
        wv[n] = load_w16<DT>(row, k, msk);
        if constexpr (DT == DType::F8_E4M3) wv[n] = _mm512_mul_ps(wv[n], s[n]);
      }
      for (int m = 0; m < MR; ++m) {
        const __m512 xv = _mm512_maskz_loadu_ps(msk, x + m * K + k);
        for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_fmadd_ps(xv, wv[n], acc[m][n]);
      }
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) a.y[(r0 + m) * a.out + o + n] = _mm512_reduce_add_ps(acc[m][n]);
}

template <DType DT, int NR>
void gemv_rows(const GemmArgs& a, int64_t o) {
  for_row_tiles(a, [&](auto mr, int64_t r0) { gemv_tile<DT, decltype(mr)::value, NR>(a, o, r0); });
}

template <DType DT>
void gemv_range(const GemmArgs& a, int64_t o0, int64_t o1) {
  int64_t o = o0;
  for (; o + 4 <= o1; o += 4) gemv_rows<DT, 4>(a, o);
  for (; o < o1; ++o) gemv_rows<DT, 1>(a, o);
}

// ---- FP8 GEMV via byte tables (AVX512-VBMI) -----------------------------------
// Every E4M3 value is exactly a bf16, and a bf16 shifted left 16 is the fp32.
// Two vpermi2b look up the bf16 high/low bytes of 64 magnitudes (7-bit index,
// the sign bit is ignored by the instruction and OR-ed back); four masked
// vpermt2b place them in the top half of 16 fp32 lanes. NaN codes map to NaN.
constexpr uint16_t e4m3_mag_bf16(int m) {
  if (m == 0x7f) return 0x7FC0;
  int e = m >> 3, f = m & 7;
  if (e == 0) {
    if (f == 0) return 0;
    int sh = 0;
    while (!(f & 8)) { f <<= 1; ++sh; }
    return uint16_t(((127 - 6 - sh) << 7) | ((f - 8) << 4));
  }
  return uint16_t(((e + 120) << 7) | (f << 4));
}
struct Fp8Tables {
  alignas(64) uint8_t hi[128];
  alignas(64) uint8_t lo[128];
};
constexpr Fp8Tables make_fp8_tables() {
  Fp8Tables t{};
  for (int m = 0; m < 128; ++m) {
    t.hi[m] = uint8_t(e4m3_mag_bf16(m) >> 8);
    t.lo[m] = uint8_t(e4m3_mag_bf16(m) & 0xff);
  }
  return t;
}
constexpr Fp8Tables kFp8Tab = make_fp8_tables();

// 64 E4M3 codes -> the high and low bytes of their bf16 values (two vpermi2b on
// the 7-bit magnitude, the sign OR-ed back into the high byte).
// (An explicit constructor: an implicit one would not get this region's target attributes.)
struct Fp8Bf16Bytes {
  __m512i th0, th1, tl0, tl1, sign;
  Fp8Bf16Bytes()
      : th0(_mm512_load_si512(kFp8Tab.hi)),
        th1(_mm512_load_si512(kFp8Tab.hi + 64)),
        tl0(_mm512_load_si512(kFp8Tab.lo)),
        tl1(_mm512_load_si512(kFp8Tab.lo + 64)),
        sign(_mm512_set1_epi8(char(0x80))) {}
  void decode(__m512i b, __m512i& hi, __m512i& lo) const {
    hi = _mm512_ternarylogic_epi32(_mm512_permutex2var_epi8(th0, b, th1), b, sign, 0xF8);
    lo = _mm512_permutex2var_epi8(tl0, b, tl1);
  }
};

inline __mmask16 tail16s(int64_t n) { return n <= 0 ? __mmask16(0) : tail16(n); }
inline __mmask64 tail64(int64_t n) { return n >= 64 ? ~__mmask64(0) : (__mmask64(1) << n) - 1; }

template <int MR, int NR>
void gemv_fp8_tile(const GemmArgs& a, int64_t o, int64_t r0) {
  const int64_t K = a.in;
  const float* x = a.x + r0 * K;
  const Fp8Bf16Bytes fp8;
  __m512i idx[4];
  for (int q = 0; q < 4; ++q) {
    alignas(64) uint8_t v[64] = {};
    for (int j = 0; j < 16; ++j) {
      v[4 * j + 2] = uint8_t(16 * q + j);
      v[4 * j + 3] = uint8_t(64 + 16 * q + j);
    }
    idx[q] = _mm512_load_si512(v);
  }
  const __mmask64 hi2 = 0xCCCCCCCCCCCCCCCCull;
  const int64_t ahead = next_tile_bytes(a, o, NR, K);
  __m512 acc[MR][NR];
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_setzero_ps();
  for (int64_t k0 = 0; k0 < K; k0 += a.bk) {
    const int64_t kend = std::min<int64_t>(K, k0 + a.bk);
    // Single-row tiles keep 4 partial sums per W row (one per 16-lane quarter)
    // so the FMA latency chain does not bound the stream.
    constexpr int QA = MR == 1 ? 4 : 1;
    __m512 blk[MR][NR][QA];
    for (int m = 0; m < MR; ++m)
      for (int n = 0; n < NR; ++n)
        for (int q = 0; q < QA; ++q) blk[m][n][q] = _mm512_setzero_ps();
    for (int64_t k = k0; k < kend; k += 64) {
      const int64_t cnt = kend - k;
      __m512i lo[NR], hi[NR];
      for (int n = 0; n < NR; ++n) {
        const uint8_t* row = a.w + (o + n) * K;
        _mm_prefetch(reinterpret_cast<const char*>(row + k + 1024), _MM_HINT_T0);
        prefetch_l2(row + ahead + k);
        fp8.decode(_mm512_maskz_loadu_epi8(tail64(cnt), row + k), hi[n], lo[n]);
      }
      for (int q = 0; q < 4; ++q) {
        if (16 * q >= cnt) break;
        const __mmask16 xm = tail16s(cnt - 16 * q);
        __m512 wv[NR];
        for (int n = 0; n < NR; ++n)
          wv[n] = _mm512_castsi512_ps(_mm512_maskz_permutex2var_epi8(hi2, lo[n], idx[q], hi[n]));
        for (int m = 0; m < MR; ++m) {
          const __m512 xv = _mm512_maskz_loadu_ps(xm, x + m * K + k + 16 * q);
          for (int n = 0; n < NR; ++n) blk[m][n][q % QA] = _mm512_fmadd_ps(xv, wv[n], blk[m][n][q % QA]);
        }
      }
    }
    for (int n = 0; n < NR; ++n) {
      const __m512 sv = _mm512_set1_ps(a.scale[((o + n) / a.bn) * a.sb + k0 / a.bk]);
      for (int m = 0; m < MR; ++m) {
        __m512 b = blk[m][n][0];
        for (int q = 1; q < QA; ++q) b = _mm512_add_ps(b, blk[m][n][q]);
        acc[m][n] = _mm512_fmadd_ps(b, sv, acc[m][n]);
      }
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) a.y[(r0 + m) * a.out + o + n] = _mm512_reduce_add_ps(acc[m][n]);
}

template <int NR>
void gemv_fp8_rows(const GemmArgs& a, int64_t o) {
  for_row_tiles(a, [&](auto mr, int64_t r0) { gemv_fp8_tile<decltype(mr)::value, NR>(a, o, r0); });
}

// ---- FP8 GEMV with bf16 products (Bf16x, AVX512-VBMI + BF16) --------------------
// The byte tables give each E4M3 code's bf16 (exact); unpacklo/hi_epi8 interleave
// the low/high bytes into two vectors of 32 bf16 each, in the lane order
// {0-7, 16-23, 32-39, 48-55} / {8-15, 24-31, 40-47, 56-63} of the 64 weights.
// x comes pre-permuted the same way (to_bf16_fp8_order), so one vdpbf16ps does
// 32 products and no fp32 widening is needed. Needs block_k % 64 == 0.
template <int MR, int NR>
void gemv_fp8_bf16x_tile(const GemmArgs& a, int64_t o, int64_t r0) {
  const int64_t K = a.in;
  const uint16_t* x = a.xb + r0 * a.ldxb;
  const Fp8Bf16Bytes fp8;
  const int64_t ahead = next_tile_bytes(a, o, NR, K);
  __m512 acc[MR][NR];
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_setzero_ps();
  for (int64_t k0 = 0; k0 < K; k0 += a.bk) {
    const int64_t kend = std::min<int64_t>(K, k0 + a.bk);
    __m512 blk[MR][NR][2];
    for (int m = 0; m < MR; ++m)
      for (int n = 0; n < NR; ++n) blk[m][n][0] = blk[m][n][1] = _mm512_setzero_ps();
    for (int64_t k = k0; k < kend; k += 64) {
      __m512i wa[NR], wb[NR];
      for (int n = 0; n < NR; ++n) {
        const uint8_t* row = a.w + (o + n) * K;
        _mm_prefetch(reinterpret_cast<const char*>(row + k + 1024), _MM_HINT_T0);
        prefetch_l2(row + ahead + k);
        __m512i hi, lo;
        fp8.decode(_mm512_maskz_loadu_epi8(tail64(kend - k), row + k), hi, lo);
        wa[n] = _mm512_unpacklo_epi8(lo, hi);
        wb[n] = _mm512_unpackhi_epi8(lo, hi);
      }
      for (int m = 0; m < MR; ++m) {
        const __m512bh xa = (__m512bh)_mm512_loadu_si512(x + m * a.ldxb + k);
        const __m512bh xb = (__m512bh)_mm512_loadu_si512(x + m * a.ldxb + k + 32);
        for (int n = 0; n < NR; ++n) {
          blk[m][n][0] = _mm512_dpbf16_ps(blk[m][n][0], xa, (__m512bh)wa[n]);
          blk[m][n][1] = _mm512_dpbf16_ps(blk[m][n][1], xb, (__m512bh)wb[n]);
        }
      }
    }
    for (int n = 0; n < NR; ++n) {
      const __m512 sv = _mm512_set1_ps(a.scale[((o + n) / a.bn) * a.sb + k0 / a.bk]);
      for (int m = 0; m < MR; ++m)
        acc[m][n] = _mm512_fmadd_ps(_mm512_add_ps(blk[m][n][0], blk[m][n][1]), sv, acc[m][n]);
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) a.y[(r0 + m) * a.out + o + n] = _mm512_reduce_add_ps(acc[m][n]);
}

template <int NR>
void gemv_fp8_bf16x_rows(const GemmArgs& a, int64_t o) {
  for_row_tiles(a, [&](auto mr, int64_t r0) { gemv_fp8_bf16x_tile<decltype(mr)::value, NR>(a, o, r0); });
}

// ---- Bf16x GEMV: x and W both bf16, 32 products per vdpbf16ps ------------------
template <int MR, int NR>
void gemv_bf16x_tile(const GemmArgs& a, int64_t o, int64_t r0) {
  const int64_t K = a.in;
  const uint16_t* x = a.xb + r0 * K;
  const uint16_t* w = reinterpret_cast<const uint16_t*>(a.w);
  const int64_t ahead = next_tile_bytes(a, o, NR, K * 2) / 2;
  __m512 acc[MR][NR];
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_setzero_ps();
  for (int64_t k = 0; k < K; k += 32) {
    const __mmask32 msk = tail32(K - k);
    __m512i wv[NR];
    for (int n = 0; n < NR; ++n) {
      _mm_prefetch(reinterpret_cast<const char*>(w + (o + n) * K + k + 256), _MM_HINT_T0);
      prefetch_l2(w + (o + n) * K + ahead + k);
      wv[n] = _mm512_maskz_loadu_epi16(msk, w + (o + n) * K + k);
    }
    for (int m = 0; m < MR; ++m) {
      const __m512bh xv = (__m512bh)_mm512_maskz_loadu_epi16(msk, x + m * K + k);
      for (int n = 0; n < NR; ++n) acc[m][n] = _mm512_dpbf16_ps(acc[m][n], xv, (__m512bh)wv[n]);
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) a.y[(r0 + m) * a.out + o + n] = _mm512_reduce_add_ps(acc[m][n]);
}

template <int NR>
void gemv_bf16x_rows(const GemmArgs& a, int64_t o) {
  for_row_tiles(a, [&](auto mr, int64_t r0) { gemv_bf16x_tile<decltype(mr)::value, NR>(a, o, r0); });
}

// ---- prefill: packed panel + 12x32 micro-kernel -------------------------------
// 16x16 transpose: in r[i] = row i; out r[j] = column j.
inline void transpose16(__m512 r[16]) {
  __m512 t[16], u[16];
  for (int i = 0; i < 16; i += 2) {
    t[i] = _mm512_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm512_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int q = 0; q < 4; ++q) {  // rows 4q..4q+3 -> u[4q + c] holds column 4L+c in lane L
    const __m512d t0 = _mm512_castps_pd(t[4 * q]), t1 = _mm512_castps_pd(t[4 * q + 1]);
    const __m512d t2 = _mm512_castps_pd(t[4 * q + 2]), t3 = _mm512_castps_pd(t[4 * q + 3]);
    u[4 * q + 0] = _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2));
    u[4 * q + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2));
    u[4 * q + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3));
    u[4 * q + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3));
  }
  for (int c = 0; c < 4; ++c) {
    const __m512 a0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x88);
    const __m512 b0 = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xdd);
    const __m512 a1 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x88);
    const __m512 b1 = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xdd);
    r[0 + c] = _mm512_shuffle_f32x4(a0, a1, 0x88);
    r[8 + c] = _mm512_shuffle_f32x4(a0, a1, 0xdd);
    r[4 + c] = _mm512_shuffle_f32x4(b0, b1, 0x88);
    r[12 + c] = _mm512_shuffle_f32x4(b0, b1, 0xdd);
  }
}

// P[k][0:32] = W[o0 + 0:32, k0 + k] (dequantised, fp32), k < kc; rows >= out are 0.
template <DType DT>
void pack_panel(const GemmArgs& a, int64_t o0, int64_t k0, int64_t kc, float* P) {
  const int64_t K = a.in;
  const int64_t esz = DT == DType::F32 ? 4 : DT == DType::F8_E4M3 ? 1 : 2;
  for (int g = 0; g < 2; ++g) {
    for (int64_t kk = 0; kk < kc; kk += 16) {
      const int64_t k = k0 + kk;
      const __mmask16 msk = tail16(kc - kk);
      __m512 r[16];
      for (int i = 0; i < 16; ++i) {
        const int64_t o = o0 + g * 16 + i;
        if (o >= a.out) {
          r[i] = _mm512_setzero_ps();
          continue;
        }
        r[i] = load_w16<DT>(a.w + o * K * esz, k, msk);
        if constexpr (DT == DType::F8_E4M3) {
          const int64_t klast = k + std::min<int64_t>(16, kc - kk) - 1;
          if (k / a.bk == klast / a.bk) {
            r[i] = _mm512_mul_ps(r[i], _mm512_set1_ps(fp8_scale(a, o, k)));
          } else {  // the 16 columns straddle a K-block edge (block_k % 16 != 0)
            alignas(64) float s[16];
            for (int j = 0; j < 16; ++j) s[j] = fp8_scale(a, o, std::min(k + j, klast));
            r[i] = _mm512_mul_ps(r[i], _mm512_load_ps(s));
          }
        }
      }
      transpose16(r);
      const int64_t nk = std::min<int64_t>(16, kc - kk);
      for (int64_t j = 0; j < nk; ++j) _mm512_store_ps(P + (kk + j) * kPanelN + g * 16, r[j]);
    }
  }
}

// y[0:MR, 0:32] (+)= x[0:MR, 0:kc] * P[0:kc, 0:32]; m0/m1: column masks of the panel.
template <int MR>
void micro_kernel(const float* P, const float* x, int64_t ldx, int64_t kc, float* y, int64_t ldy,
                  __mmask16 m0, __mmask16 m1, bool first) {
  __m512 c0[MR], c1[MR];
  for (int m = 0; m < MR; ++m) {
    if (first) {
      c0[m] = _mm512_setzero_ps();
      c1[m] = _mm512_setzero_ps();
    } else {
      c0[m] = _mm512_maskz_loadu_ps(m0, y + m * ldy);
      c1[m] = _mm512_maskz_loadu_ps(m1, y + m * ldy + 16);
    }
  }
  for (int64_t k = 0; k < kc; ++k) {
    const __m512 w0 = _mm512_load_ps(P + k * kPanelN);
    const __m512 w1 = _mm512_load_ps(P + k * kPanelN + 16);
    for (int m = 0; m < MR; ++m) {
      const __m512 xb = _mm512_set1_ps(x[m * ldx + k]);
      c0[m] = _mm512_fmadd_ps(xb, w0, c0[m]);
      c1[m] = _mm512_fmadd_ps(xb, w1, c1[m]);
    }
  }
  for (int m = 0; m < MR; ++m) {
    _mm512_mask_storeu_ps(y + m * ldy, m0, c0[m]);
    _mm512_mask_storeu_ps(y + m * ldy + 16, m1, c1[m]);
  }
}

using MicroFn = void (*)(const float*, const float*, int64_t, int64_t, float*, int64_t, __mmask16, __mmask16, bool);
constexpr MicroFn kMicro[13] = {nullptr,          micro_kernel<1>,  micro_kernel<2>,  micro_kernel<3>,
                                micro_kernel<4>,  micro_kernel<5>,  micro_kernel<6>,  micro_kernel<7>,
                                micro_kernel<8>,  micro_kernel<9>,  micro_kernel<10>, micro_kernel<11>,
                                micro_kernel<12>};

template <DType DT>
void gemm_panels(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1) {
  alignas(64) float P[kPanelK * kPanelN];  // 32 KiB per thread, on the stack
  const int64_t K = a.in;
  for (int64_t p = p0; p < p1; ++p) {
    const int64_t o0 = p * kPanelN;
    const int64_t nv = std::min<int64_t>(kPanelN, a.out - o0);
    const __mmask16 m0 = tail16(nv), m1 = nv > 16 ? tail16(nv - 16) : __mmask16(0);
    for (int64_t k0 = 0; k0 < K; k0 += kPanelK) {
      const int64_t kc = std::min<int64_t>(kPanelK, K - k0);
      const float* panel = P;
      if (DT == DType::F32 && a.packed) panel = a.packed + (p * K + k0) * kPanelN;  // packed once at load
      else pack_panel<DT>(a, o0, k0, kc, P);
      for (int64_t r = r0; r < r1; r += 12) {
        const int64_t mr = std::min<int64_t>(12, r1 - r);
        kMicro[mr](panel, a.x + r * K + k0, K, kc, a.y + r * a.out + o0, a.out, m0, m1, k0 == 0);
      }
    }
  }
}

// ---- prefill with bf16 products (GemmPrecision::Bf16x) ---------------------------
// The panel is packed as above (dequantised fp32), rounded to bf16 and
// interleaved in K pairs: Q[kp][o] = {W[o][2kp], W[o][2kp + 1]} as one 32-bit
// word, the operand layout of vdpbf16ps (32 products per instruction, fp32
// accumulation: twice the fp32 FMA rate). x is bf16 with an even row stride
// (a.ldxb), zero-padded, so a pair never reads into the next row.
template <DType DT>
void pack_panel_bf16x(const GemmArgs& a, int64_t o0, int64_t k0, int64_t kc, float* P, uint32_t* Q) {
  const int64_t kp_n = (kc + 1) / 2;
  if constexpr (DT == DType::BF16) {
    // BF16 rows already hold the pairs as 32-bit words: a 16x16 word transpose, no conversion.
    const uint16_t* w = reinterpret_cast<const uint16_t*>(a.w);
    // The same cache line of the next block (next K block of these rows, or the next panel's first):
    // 16 rows 4 KB apart defeat the hardware prefetcher, and the micro-kernels hide the latency.
    const bool same_rows = k0 + kPanelK < a.in;
    for (int g = 0; g < 2; ++g) {
      for (int64_t kp0 = 0; kp0 < kp_n; kp0 += 16) {
        const __mmask32 msk = tail32(kc - 2 * kp0);
        __m512 r[16];
        for (int i = 0; i < 16; ++i) {
          const int64_t o = o0 + g * 16 + i;
          if (o >= a.out) {
            r[i] = _mm512_setzero_ps();
            continue;
          }
          const int64_t c = k0 + 2 * kp0;  // this line's column; the next block's line, if inside W:
          if (same_rows ? c + kPanelK < a.in : o + kPanelN < a.out)
            prefetch_l2(w + (same_rows ? o * a.in + c + kPanelK : (o + kPanelN) * a.in + 2 * kp0));
          r[i] = _mm512_castsi512_ps(_mm512_maskz_loadu_epi16(msk, w + o * a.in + c));
        }
        transpose16(r);
        for (int64_t j = 0; j < std::min<int64_t>(16, kp_n - kp0); ++j)
          _mm512_store_si512(Q + (kp0 + j) * kPanelN + g * 16, _mm512_castps_si512(r[j]));
      }
    }
    return;
  }
  pack_panel<DT>(a, o0, k0, kc, P);
  for (int64_t kp = 0; kp < kp_n; ++kp) {
    const float* e = P + 2 * kp * kPanelN;
    for (int g = 0; g < 2; ++g) {
      const __m512 ev = _mm512_load_ps(e + 16 * g);
      const __m512 od = 2 * kp + 1 < kc ? _mm512_load_ps(e + kPanelN + 16 * g) : _mm512_setzero_ps();
      const __m512i lo = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(ev));
      const __m512i hi = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(od));
      _mm512_store_si512(Q + kp * kPanelN + 16 * g, _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16)));
    }
  }
}

// y[0:MR, 0:32] (+)= x[0:MR, 0:2 kp_n] * Q (bf16 pairs). pf: when not null, the first pf_n
// K pairs of pf are prefetched into L2 as Q is read (the next block of prepacked panels).
template <int MR>
void micro_bf16x(const uint32_t* Q, const uint16_t* x, int64_t ldx, int64_t kp_n, float* y, int64_t ldy,
                 __mmask16 m0, __mmask16 m1, bool first, const uint32_t* pf, int64_t pf_n) {
  __m512 c0[MR], c1[MR];
  for (int m = 0; m < MR; ++m) {
    c0[m] = first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m0, y + m * ldy);
    c1[m] = first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(m1, y + m * ldy + 16);
  }
  for (int64_t kp = 0; kp < kp_n; ++kp) {
    if (pf && kp < pf_n) {
      prefetch_l2(pf + kp * kPanelN);
      prefetch_l2(pf + kp * kPanelN + 16);
    }
    const __m512bh w0 = (__m512bh)_mm512_load_si512(Q + kp * kPanelN);
    const __m512bh w1 = (__m512bh)_mm512_load_si512(Q + kp * kPanelN + 16);
    for (int m = 0; m < MR; ++m) {
      uint32_t xv;
      std::memcpy(&xv, x + m * ldx + 2 * kp, sizeof xv);
      const __m512bh xb = (__m512bh)_mm512_set1_epi32(int(xv));
      c0[m] = _mm512_dpbf16_ps(c0[m], xb, w0);
      c1[m] = _mm512_dpbf16_ps(c1[m], xb, w1);
    }
  }
  for (int m = 0; m < MR; ++m) {
    _mm512_mask_storeu_ps(y + m * ldy, m0, c0[m]);
    _mm512_mask_storeu_ps(y + m * ldy + 16, m1, c1[m]);
  }
}

using MicroBf16Fn = void (*)(const uint32_t*, const uint16_t*, int64_t, int64_t, float*, int64_t, __mmask16,
                             __mmask16, bool, const uint32_t*, int64_t);
constexpr MicroBf16Fn kMicroBf16[13] = {nullptr,         micro_bf16x<1>,  micro_bf16x<2>,  micro_bf16x<3>,
                                        micro_bf16x<4>,  micro_bf16x<5>,  micro_bf16x<6>,  micro_bf16x<7>,
                                        micro_bf16x<8>,  micro_bf16x<9>,  micro_bf16x<10>, micro_bf16x<11>,
                                        micro_bf16x<12>};

template <DType DT>
void gemm_bf16x_panels(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1) {
  alignas(64) float P[kPanelK * kPanelN];         // 32 KiB
  alignas(64) uint32_t Q[kPanelK / 2 * kPanelN];  // 16 KiB
  const int64_t K = a.in;
  for (int64_t p = p0; p < p1; ++p) {
    const int64_t o0 = p * kPanelN;
    const int64_t nv = std::min<int64_t>(kPanelN, a.out - o0);
    const __mmask16 m0 = tail16(nv), m1 = nv > 16 ? tail16(nv - 16) : __mmask16(0);
    for (int64_t k0 = 0; k0 < K; k0 += kPanelK) {
      const int64_t kc = std::min<int64_t>(kPanelK, K - k0);
      const uint32_t* panel = Q;
      const uint32_t* next = nullptr;  // prepacked: the following block, contiguous in memory
      int64_t next_n = 0;              // its K pairs
      if (a.packed_bf16) {             // packed once at load
        panel = a.packed_bf16 + (p * ((K + 1) / 2) + k0 / 2) * kPanelN;
        const bool last_k = k0 + kc >= K;  // next: the next panel's first block (units are runs of panels)
        if (!last_k || o0 + kPanelN < a.out) {
          next = panel + (kc + 1) / 2 * kPanelN;
          next_n = (std::min<int64_t>(kPanelK, last_k ? K : K - k0 - kc) + 1) / 2;
        }
      } else {
        pack_panel_bf16x<DT>(a, o0, k0, kc, P, Q);
      }
      for (int64_t r = r0; r < r1; r += 12) {
        const int64_t mr = std::min<int64_t>(12, r1 - r);
        kMicroBf16[mr](panel, a.xb + r * a.ldxb + k0, a.ldxb, (kc + 1) / 2, a.y + r * a.out + o0, a.out, m0, m1,
                       k0 == 0, r == r0 ? next : nullptr, next_n);
      }
    }
  }
}

template <DType DT>
void pack_bf16_panel(const GemmArgs& a, int64_t p, uint32_t* dst) {
  alignas(64) float P[kPanelK * kPanelN];
  for (int64_t k0 = 0; k0 < a.in; k0 += kPanelK)
    pack_panel_bf16x<DT>(a, p * kPanelN, k0, std::min<int64_t>(kPanelK, a.in - k0), P, dst + k0 / 2 * kPanelN);
}

// ---- transposed product over a W row range (MLA query absorption) --------------
// y[r, c] = sum_d x[r, d] * W[row0 + d, c]. W rows [row0, row0 + nrows) are
// dequantised once per (64-column block, <= 128-row chunk) into an fp32 panel
// T[d][0:64] (no transpose needed: W rows are already the panel's rows), which
// every x row then reuses through an MR x 64 outer-product micro-kernel.
constexpr int64_t kTCols = 64, kTRows = 128;

template <DType DT>
void pack_t_panel(const GemmArgs& a, int64_t wr0, int64_t nd, int64_t c0, int64_t nc, float* T) {
  const int64_t esz = DT == DType::F32 ? 4 : DT == DType::F8_E4M3 ? 1 : 2;
  for (int64_t d = 0; d < nd; ++d) {
    const int64_t o = wr0 + d;
    const uint8_t* row = a.w + o * a.in * esz;
    for (int j = 0; j < 4; ++j) {
      const int64_t c = c0 + 16 * j;
      const __mmask16 m = c0 + 16 * j < c0 + nc ? tail16(nc - 16 * j) : __mmask16(0);
      __m512 v = m ? load_w16<DT>(row, c, m) : _mm512_setzero_ps();
      if constexpr (DT == DType::F8_E4M3) {
        if (m) {
          const int64_t clast = c + std::min<int64_t>(16, nc - 16 * j) - 1;
          if (c / a.bk == clast / a.bk) {
            v = _mm512_mul_ps(v, _mm512_set1_ps(fp8_scale(a, o, c)));
          } else {  // the 16 columns straddle a K-block edge (block_k % 16 != 0)
            alignas(64) float s[16];
            for (int l = 0; l < 16; ++l) s[l] = fp8_scale(a, o, std::min(c + l, clast));
            v = _mm512_mul_ps(v, _mm512_load_ps(s));
          }
        }
      }
      _mm512_store_ps(T + d * kTCols + 16 * j, v);
    }
  }
}

// y[0:MR, 0:16·NJ] (+)= x[0:MR, 0:nd] * T[0:nd, 0:16·NJ]; msk[j]: valid lanes of column group j.
// NJ < 4 for a panel's column tail (e.g. MLA's 80-wide latent+rope rows: 64 + 16), so the FMAs of
// the absent column groups are not computed.
template <int MR, int NJ>
void micro_t(const float* T, const float* x, int64_t ldx, int64_t nd, float* y, int64_t ldy,
             const __mmask16 msk[4], bool first) {
  __m512 c[MR][NJ];
  for (int m = 0; m < MR; ++m)
    for (int j = 0; j < NJ; ++j)
      c[m][j] = first ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(msk[j], y + m * ldy + 16 * j);
  for (int64_t d = 0; d < nd; ++d) {
    __m512 w[NJ];
    for (int j = 0; j < NJ; ++j) w[j] = _mm512_load_ps(T + d * kTCols + 16 * j);
    for (int m = 0; m < MR; ++m) {
      const __m512 xb = _mm512_set1_ps(x[m * ldx + d]);
      for (int j = 0; j < NJ; ++j) c[m][j] = _mm512_fmadd_ps(xb, w[j], c[m][j]);
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int j = 0; j < NJ; ++j) _mm512_mask_storeu_ps(y + m * ldy + 16 * j, msk[j], c[m][j]);
}

using MicroTFn = void (*)(const float*, const float*, int64_t, int64_t, float*, int64_t, const __mmask16*, bool);
template <int NJ>
constexpr MicroTFn kMicroTRow[7] = {nullptr,           micro_t<1, NJ>, micro_t<2, NJ>, micro_t<3, NJ>,
                                    micro_t<4, NJ>,    micro_t<5, NJ>, micro_t<6, NJ>};
constexpr const MicroTFn* kMicroT[5] = {nullptr, kMicroTRow<1>, kMicroTRow<2>, kMicroTRow<3>, kMicroTRow<4>};

template <DType DT>
void linear_t_impl(const GemmArgs& a, int64_t row0, int64_t nrows) {
  alignas(64) float T[kTRows * kTCols];  // 32 KiB, on the stack
  for (int64_t c0 = 0; c0 < a.in; c0 += kTCols) {
    const int64_t nc = std::min<int64_t>(kTCols, a.in - c0);
    __mmask16 msk[4];
    for (int j = 0; j < 4; ++j) msk[j] = 16 * j < nc ? tail16(nc - 16 * j) : __mmask16(0);
    for (int64_t d0 = 0; d0 < nrows; d0 += kTRows) {
      const int64_t nd = std::min<int64_t>(kTRows, nrows - d0);
      pack_t_panel<DT>(a, row0 + d0, nd, c0, nc, T);
      const int64_t nj = (nc + 15) / 16;
      for (int64_t r = 0; r < a.rows; r += 6) {
        const int64_t mr = std::min<int64_t>(6, a.rows - r);
        kMicroT[nj][mr](T, a.x + r * nrows + d0, nrows, nd, a.y + r * a.in + c0, a.in, msk, d0 == 0);
      }
    }
  }
}

}  // namespace

void gemv_avx512(const GemmArgs& a, int64_t o0, int64_t o1) {
  if (a.dt == DType::F8_E4M3 && a.vbmi) {
    int64_t o = o0;
    for (; o + 2 <= o1; o += 2) gemv_fp8_rows<2>(a, o);
    for (; o < o1; ++o) gemv_fp8_rows<1>(a, o);
    return;
  }
  switch (a.dt) {
    case DType::F32: return gemv_range<DType::F32>(a, o0, o1);
    case DType::BF16: return gemv_range<DType::BF16>(a, o0, o1);
    case DType::F16: return gemv_range<DType::F16>(a, o0, o1);
    case DType::F8_E4M3: return gemv_range<DType::F8_E4M3>(a, o0, o1);
    default: return;  // validated by the caller
  }
}

void gemv_bf16x_avx512(const GemmArgs& a, int64_t o0, int64_t o1) {
  int64_t o = o0;
  if (a.dt == DType::F8_E4M3) {
    // 4 W rows per tile for 1-2 x rows (+20 % on 1x7168->2048: more independent decode work per
    // x load); with 3-4 x rows 4x4 tiles would spill (32 block sums + 16 accumulators), so 2.
    if (a.rows <= 2)
      for (; o + 4 <= o1; o += 4) gemv_fp8_bf16x_rows<4>(a, o);
    for (; o + 2 <= o1; o += 2) gemv_fp8_bf16x_rows<2>(a, o);
    for (; o < o1; ++o) gemv_fp8_bf16x_rows<1>(a, o);
    return;
  }
  for (; o + 4 <= o1; o += 4) gemv_bf16x_rows<4>(a, o);
  for (; o < o1; ++o) gemv_bf16x_rows<1>(a, o);
}

void gemm_avx512(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1) {
  switch (a.dt) {
    case DType::F32: return gemm_panels<DType::F32>(a, p0, p1, r0, r1);
    case DType::BF16: return gemm_panels<DType::BF16>(a, p0, p1, r0, r1);
    case DType::F16: return gemm_panels<DType::F16>(a, p0, p1, r0, r1);
    case DType::F8_E4M3: return gemm_panels<DType::F8_E4M3>(a, p0, p1, r0, r1);
    default: return;
  }
}

void gemm_bf16x_avx512(const GemmArgs& a, int64_t p0, int64_t p1, int64_t r0, int64_t r1) {
  switch (a.dt) {
    case DType::BF16: return gemm_bf16x_panels<DType::BF16>(a, p0, p1, r0, r1);
    case DType::F16: return gemm_bf16x_panels<DType::F16>(a, p0, p1, r0, r1);
    case DType::F8_E4M3: return gemm_bf16x_panels<DType::F8_E4M3>(a, p0, p1, r0, r1);
    default: return;  // validated by the caller
  }
}

void pack_bf16_panel_avx512(const GemmArgs& a, int64_t p, uint32_t* dst) {
  switch (a.dt) {
    case DType::BF16: return pack_bf16_panel<DType::BF16>(a, p, dst);
    case DType::F16: return pack_bf16_panel<DType::F16>(a, p, dst);
    case DType::F8_E4M3: return pack_bf16_panel<DType::F8_E4M3>(a, p, dst);
    default: return;  // validated by the caller
  }
}

void linear_t_avx512(const GemmArgs& a, int64_t row0, int64_t nrows) {
  switch (a.dt) {
    case DType::F32: return linear_t_impl<DType::F32>(a, row0, nrows);
    case DType::BF16: return linear_t_impl<DType::BF16>(a, row0, nrows);
    case DType::F16: return linear_t_impl<DType::F16>(a, row0, nrows);
    case DType::F8_E4M3: return linear_t_impl<DType::F8_E4M3>(a, row0, nrows);
    default: return;
  }
}

void to_bf16_avx512(const float* x, int64_t n, uint16_t* out) {
  int64_t i = 0;
  for (; i < n; i += 16) {
    const __mmask16 m = tail16(n - i);
    const __m256bh v = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(m, x + i));
    _mm256_mask_storeu_epi16(out + i, m, (__m256i)v);
  }
}

}  // namespace dseek::cpu::detail

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC diagnostic pop
#pragma GCC pop_options
#endif

#endif  // __x86_64__
