// softmax_avx512.cpp — in-place softmax over a row with AVX-512: max, then
// exp through Cody-Waite range reduction + Cephes' degree-6 polynomial
// (≤ 2 ulp, tested against std::exp) and _mm512_scalef_ps, then the
// normalisation. The attention rows of the CPU forward use it (via the
// backend); ref::softmax stays the oracle. The same exp gives SwiGLU's
// silu(g)·u (the MLPs' elementwise step; ref::silu is its oracle).
// What it is not: a general vector-math library.
#include "backend/cpu/softmax.h"

#include <cmath>

#include "backend/cpu/cpu_features.h"
#include "backend/cpu/ref_ops.h"

#if defined(__x86_64__)
#include <immintrin.h>

#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512dq")
#endif

namespace dseek::cpu {
namespace {

inline __m512 exp16(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.3f));  // exp underflows to ~1e-38: keep it normal
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693359375f), x);  // x - k·ln2 in two parts
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, k);
}

inline __mmask16 tail(int64_t n) { return n >= 16 ? __mmask16(0xFFFF) : __mmask16((1u << n) - 1); }

void softmax_avx512(float* x, int64_t n) {
  __m512 vm = _mm512_set1_ps(-INFINITY);
  for (int64_t i = 0; i < n; i += 16) vm = _mm512_max_ps(vm, _mm512_mask_loadu_ps(vm, tail(n - i), x + i));
  const float m = _mm512_reduce_max_ps(vm);
  const __m512 vmax = _mm512_set1_ps(m);
  __m512 vs = _mm512_setzero_ps();
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 k = tail(n - i);
    const __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, x + i), vmax));
    _mm512_mask_storeu_ps(x + i, k, e);
    vs = _mm512_mask_add_ps(vs, k, vs, e);
  }
  const __m512 inv = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(vs));
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 k = tail(n - i);
    _mm512_mask_storeu_ps(x + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i), inv));
  }
}

}  // namespace

void silu_mul_avx512(float* g, const float* u, int64_t n) {
  const __m512 one = _mm512_set1_ps(1.0f);
  for (int64_t i = 0; i < n; i += 16) {
    const __mmask16 k = tail(n - i);
    const __m512 x = _mm512_maskz_loadu_ps(k, g + i);
    // silu(x) = x / (1 + exp(-x)); exp16 clamps -x at -87.3, so large x gives x / (1 + tiny) = x.
    const __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_min_ps(x, _mm512_set1_ps(87.3f))));
    const __m512 s = _mm512_div_ps(x, _mm512_add_ps(one, e));
    _mm512_mask_storeu_ps(g + i, k, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(k, u + i)));
  }
}

void exp_avx512(const float* x, int64_t n, float* y) {
  for (int64_t i = 0; i < n; i += 16)
    _mm512_mask_storeu_ps(y + i, tail(n - i), exp16(_mm512_maskz_loadu_ps(tail(n - i), x + i)));
}

}  // namespace dseek::cpu

#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#endif  // __x86_64__

namespace dseek::cpu {

void softmax(float* x, int64_t n) {
  if (n <= 0) return;
#if defined(__x86_64__)
  if (isa_supported(CpuIsa::Avx512) && selected_isa() == CpuIsa::Avx512) {
    softmax_avx512(x, n);
    return;
  }
#endif
  ref::softmax(x, n);
}

void silu_mul(float* g, const float* u, int64_t n) {
#if defined(__x86_64__)
  if (isa_supported(CpuIsa::Avx512) && selected_isa() == CpuIsa::Avx512) {
    silu_mul_avx512(g, u, n);
    return;
  }
#endif
  ref::silu_mul(g, u, n);
}

}  // namespace dseek::cpu
