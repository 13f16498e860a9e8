// cpu_features.h — run-time CPU feature detection and ISA selection for the
// CPU kernels (gemm, ...).
// What it is: cpuid/xgetbv probing (the CPU *and* the OS must support a
// register state), the choice of kernel ISA (scalar | avx2 | avx512), the
// DSEEK_CPU_ISA override, and the Linux AMX permission request.
// What it is not: kernels. No -march flags are needed to include this.
#pragma once

#include <string>
#include <string_view>

namespace dseek::cpu {

struct CpuFeatures {
  bool avx2 = false, fma = false, f16c = false;
  bool avx512f = false, avx512bw = false, avx512vl = false, avx512dq = false;
  bool avx512_bf16 = false, avx512_vbmi = false, avx512_fp16 = false;
  bool amx_tile = false, amx_bf16 = false, amx_int8 = false;  // CPU support (OS permission is separate)
  std::string vendor, brand;
};

// Probed once (process-wide, immutable after the first call).
const CpuFeatures& cpu_features();
std::string describe(const CpuFeatures& f);  // "avx2 fma f16c avx512f ... (brand)"

// Kernel families. Avx2 needs avx2+fma+f16c; Avx512 needs avx512f/bw/vl/dq
// plus the Avx2 set (avx512_bf16 is optional and checked separately).
enum class CpuIsa { Scalar = 0, Avx2 = 1, Avx512 = 2 };
std::string_view isa_name(CpuIsa isa);
bool isa_supported(CpuIsa isa);
// Best supported ISA, or the one forced by env DSEEK_CPU_ISA=scalar|avx2|avx512
// (read on every call; throws dseek::Error if the forced ISA is unknown or
// not supported here).
CpuIsa selected_isa();
// Whether the Bf16x kernels (AVX512-BF16 vdpbf16ps, GemmPrecision::Bf16x) can run with `isa`:
// the avx512 ISA, supported here, on a CPU with avx512_bf16.
bool bf16x_supported(CpuIsa isa);

// Linux: ask the kernel for permission to use AMX tile data
// (arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)). Returns true when AMX
// is usable by this process (CPU support + permission). Idempotent, cached.
bool request_amx_permission();

}  // namespace dseek::cpu
