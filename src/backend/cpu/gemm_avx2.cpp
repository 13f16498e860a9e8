// gemm_avx2.cpp — AVX2+FMA+F16C kernel of cpu::linear: the dot-form GEMV
// (weights converted to fp32 in registers, 8 lanes), used for every row count
// on CPUs without AVX-512 (x tiles of <= 4 rows re-read a W row group from
// cache, so prefill is correct but not blocked for compute).
// What it is not: dispatch/threading (gemm.cpp); a packed prefill kernel.
//
// Build note: compiled for AVX2 via a target pragma region (no global -march);
// all headers are included before the region (see gemm_avx512.cpp).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "backend/cpu/gemm_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma,f16c")
#endif

namespace dseek::cpu::detail {
namespace {

constexpr float kFp8Fold = 256.0f;  // FP8 -> fp16 bit move gives value * 2^-8 (see gemm_avx512.cpp)

template <DType DT>
constexpr int64_t esize() {
  return DT == DType::F32 ? 4 : DT == DType::F8_E4M3 ? 1 : 2;
}

// 8 weights -> 8 fp32 lanes; p points at 8 valid elements.
template <DType DT>
inline __m256 load_w8(const uint8_t* p) {
  if constexpr (DT == DType::F32) {
    return _mm256_loadu_ps(reinterpret_cast<const float*>(p));
  } else if constexpr (DT == DType::BF16) {
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
  } else if constexpr (DT == DType::F16) {
    return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  } else {
    static_assert(DT == DType::F8_E4M3);
    const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    __m128i h = _mm_slli_epi16(_mm_cvtepu8_epi16(b), 8);
    h = _mm_and_si128(_mm_srai_epi16(h, 1), _mm_set1_epi16(int16_t(0xBF80)));
    const __m128i nan8 = _mm_cmpeq_epi8(_mm_and_si128(b, _mm_set1_epi8(0x7f)), _mm_set1_epi8(0x7f));
    const __m256 nanmask = _mm256_castsi256_ps(_mm256_cvtepi8_epi32(nan8));
    return _mm256_blendv_ps(_mm256_cvtph_ps(h), _mm256_set1_ps(NAN), nanmask);
  }
}

// Tail of n < 8 elements: copied into a zero-padded buffer first.
template <DType DT>
inline __m256 load_w8_tail(const uint8_t* p, int64_t n) {
  alignas(32) uint8_t buf[32] = {};
  std::memcpy(buf, p, size_t(n * esize<DT>()));
  return load_w8<DT>(buf);
}

inline __m256i tail_mask8(int64_t n) {
  const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n)), idx);
}

inline float hsum8(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

template <DType DT, int MR, int NR>
void gemv_tile(const GemmArgs& a, int64_t o, int64_t r0) {
  constexpr int64_t esz = esize<DT>();
  const int64_t K = a.in;
  const float* x = a.x + r0 * K;
  __m256 acc[MR][NR];
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) acc[m][n] = _mm256_setzero_ps();
  const int64_t bk = DT == DType::F8_E4M3 ? a.bk : K;
  for (int64_t k0 = 0; k0 < K; k0 += bk) {
    const int64_t kend = std::min(K, k0 + bk);
    [[maybe_unused]] __m256 s[NR];
    if constexpr (DT == DType::F8_E4M3)
      for (int n = 0; n < NR; ++n)
        s[n] = _mm256_set1_ps(a.scale[((o + n) / a.bn) * a.sb + k0 / a.bk] * kFp8Fold);
    for (int64_t k = k0; k < kend; k += 8) {
      const int64_t cnt = kend - k;
      __m256 wv[NR];
      for (int n = 0; n < NR; ++n) {
        const uint8_t* p = a.w + ((o + n) * K + k) * esz;
        wv[n] = cnt >= 8 ? load_w8<DT>(p) : load_w8_tail<DT>(p, cnt);
        if constexpr (DT == DType::F8_E4M3) wv[n] = _mm256_mul_ps(wv[n], s[n]);
      }
      const __m256i xm = tail_mask8(cnt);
      for (int m = 0; m < MR; ++m) {
        const __m256 xv = cnt >= 8 ? _mm256_loadu_ps(x + m * K + k) : _mm256_maskload_ps(x + m * K + k, xm);
        for (int n = 0; n < NR; ++n) acc[m][n] = _mm256_fmadd_ps(xv, wv[n], acc[m][n]);
      }
    }
  }
  for (int m = 0; m < MR; ++m)
    for (int n = 0; n < NR; ++n) a.y[(r0 + m) * a.out + o + n] = hsum8(acc[m][n]);
}

template <DType DT, int NR>
void gemv_rows(const GemmArgs& a, int64_t o) {
  for (int64_t r0 = 0; r0 < a.rows; r0 += 4) {
    switch (std::min<int64_t>(4, a.rows - r0)) {
      case 1: gemv_tile<DT, 1, NR>(a, o, r0); break;
      case 2: gemv_tile<DT, 2, NR>(a, o, r0); break;
      case 3: gemv_tile<DT, 3, NR>(a, o, r0); break;
      default: gemv_tile<DT, 4, NR>(a, o, r0); break;
    }
  }
}

template <DType DT>
void gemv_range(const GemmArgs& a, int64_t o0, int64_t o1) {
  int64_t o = o0;
  for (; o + 2 <= o1; o += 2) gemv_rows<DT, 2>(a, o);
  for (; o < o1; ++o) gemv_rows<DT, 1>(a, o);
}

}  // namespace

void gemv_avx2(const GemmArgs& a, int64_t o0, int64_t o1) {
  switch (a.dt) {
    case DType::F32: return gemv_range<DType::F32>(a, o0, o1);
    case DType::BF16: return gemv_range<DType::BF16>(a, o0, o1);
    case DType::F16: return gemv_range<DType::F16>(a, o0, o1);
    case DType::F8_E4M3: return gemv_range<DType::F8_E4M3>(a, o0, o1);
    default: return;  // validated by the caller
  }
}

}  // namespace dseek::cpu::detail

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

#endif  // __x86_64__
