// softmax.h — the fast in-place softmax of the CPU backend (AVX-512 when the
// selected ISA has it, else ref::softmax) and its vector exp, exposed for tests.
// What it is not: the reference (backend/cpu/ref_ops.h has the oracle).
#pragma once

#include <cstdint>

namespace dseek::cpu {

// x[0:n] <- exp(x - max) / sum. n <= 0: no-op.
void softmax(float* x, int64_t n);
// g[i] <- silu(g[i]) · u[i] for i < n (SwiGLU), AVX-512 when selected, else ref::silu_mul.
void silu_mul(float* g, const float* u, int64_t n);

#if defined(__x86_64__)
// y = exp(x) elementwise with the AVX-512 kernel (callers check isa_supported(Avx512)); inputs
// below -87.3 give exp(-87.3).
void exp_avx512(const float* x, int64_t n, float* y);
void silu_mul_avx512(float* g, const float* u, int64_t n);
#endif

}  // namespace dseek::cpu
