// cpu_features.cpp — cpuid/xgetbv probing, ISA choice, AMX permission.
// What it is not: a full cpuid decoder (only what the kernels use).
#include "backend/cpu/cpu_features.h"

#include <cstdlib>
#include <cstring>

#include "core/check.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace dseek::cpu {
namespace {

#if defined(__x86_64__) || defined(__i386__)
uint64_t xgetbv0() {
  uint32_t lo, hi;
  asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (uint64_t(hi) << 32) | lo;
}

CpuFeatures probe() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(0, &a, &b, &c, &d)) return f;
  const unsigned max_leaf = a;
  char vendor[13] = {};
  std::memcpy(vendor, &b, 4);
  std::memcpy(vendor + 4, &d, 4);
  std::memcpy(vendor + 8, &c, 4);
  f.vendor = vendor;
  __get_cpuid(1, &a, &b, &c, &d);
  const bool osxsave = (c >> 27) & 1;
  const bool fma = (c >> 12) & 1, f16c = (c >> 29) & 1, avx = (c >> 28) & 1;
  const uint64_t xcr0 = osxsave ? xgetbv0() : 0;
  const bool ymm_os = (xcr0 & 0x6) == 0x6;          // SSE + AVX state
  const bool zmm_os = (xcr0 & 0xe6) == 0xe6;        // + opmask, ZMM_Hi256, Hi16_ZMM
  const bool amx_os = (xcr0 & (3ull << 17)) == (3ull << 17);  // XTILECFG + XTILEDATA
  if (max_leaf >= 7) {
    unsigned b7 = 0, c7 = 0, d7 = 0, a71 = 0, b71 = 0, c71 = 0, d71 = 0;
    __get_cpuid_count(7, 0, &a, &b7, &c7, &d7);
    __get_cpuid_count(7, 1, &a71, &b71, &c71, &d71);
    f.avx2 = avx && ymm_os && ((b7 >> 5) & 1);
    f.fma = avx && ymm_os && fma;
    f.f16c = avx && ymm_os && f16c;
    f.avx512f = zmm_os && ((b7 >> 16) & 1);
    f.avx512dq = f.avx512f && ((b7 >> 17) & 1);
    f.avx512bw = f.avx512f && ((b7 >> 30) & 1);
    f.avx512vl = f.avx512f && ((b7 >> 31) & 1);
    f.avx512_vbmi = f.avx512f && ((c7 >> 1) & 1);
    f.avx512_fp16 = f.avx512f && ((d7 >> 23) & 1);
    f.avx512_bf16 = f.avx512f && ((a71 >> 5) & 1);
    f.amx_bf16 = amx_os && ((d7 >> 22) & 1);
    f.amx_tile = amx_os && ((d7 >> 24) & 1);
    f.amx_int8 = amx_os && ((d7 >> 25) & 1);
  }
  __get_cpuid(0x80000000, &a, &b, &c, &d);
  if (a >= 0x80000004) {
    char brand[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
      __get_cpuid(0x80000002 + i, &a, &b, &c, &d);
      std::memcpy(brand + 16 * i, &a, 4);
      std::memcpy(brand + 16 * i + 4, &b, 4);
      std::memcpy(brand + 16 * i + 8, &c, 4);
      std::memcpy(brand + 16 * i + 12, &d, 4);
    }
    f.brand = brand;
    while (!f.brand.empty() && f.brand.back() == ' ') f.brand.pop_back();
  }
  return f;
}
#else
CpuFeatures probe() { return {}; }
#endif

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures f = probe();
  return f;
}

std::string describe(const CpuFeatures& f) {
  std::string s;
  auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += name;
  };
  add(f.avx2, "avx2"); add(f.fma, "fma"); add(f.f16c, "f16c");
  add(f.avx512f, "avx512f"); add(f.avx512bw, "avx512bw"); add(f.avx512vl, "avx512vl");
  add(f.avx512dq, "avx512dq"); add(f.avx512_bf16, "avx512_bf16"); add(f.avx512_vbmi, "avx512_vbmi");
  add(f.avx512_fp16, "avx512_fp16"); add(f.amx_tile, "amx_tile"); add(f.amx_bf16, "amx_bf16");
  add(f.amx_int8, "amx_int8");
  if (s.empty()) s = "(no SIMD)";
  if (!f.brand.empty()) s += " (" + f.brand + ")";
  return s;
}

std::string_view isa_name(CpuIsa isa) {
  switch (isa) {
    case CpuIsa::Scalar: return "scalar";
    case CpuIsa::Avx2: return "avx2";
    case CpuIsa::Avx512: return "avx512";
  }
  return "?";
}

bool isa_supported(CpuIsa isa) {
  const CpuFeatures& f = cpu_features();
  const bool avx2 = f.avx2 && f.fma && f.f16c;
  switch (isa) {
    case CpuIsa::Scalar: return true;
    case CpuIsa::Avx2: return avx2;
    case CpuIsa::Avx512: return avx2 && f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq;
  }
  return false;
}

bool bf16x_supported(CpuIsa isa) {
  return isa == CpuIsa::Avx512 && isa_supported(isa) && cpu_features().avx512_bf16;
}

CpuIsa selected_isa() {
  if (const char* s = std::getenv("DSEEK_CPU_ISA"); s && *s) {
    const std::string_view v(s);
    CpuIsa isa;
    if (v == "scalar") isa = CpuIsa::Scalar;
    else if (v == "avx2") isa = CpuIsa::Avx2;
    else if (v == "avx512") isa = CpuIsa::Avx512;
    else DSEEK_FAIL("DSEEK_CPU_ISA={:?}: expected scalar, avx2 or avx512", std::string(v));
    DSEEK_CHECK(isa_supported(isa), "DSEEK_CPU_ISA={}: not supported by this CPU/OS ({})", v,
                describe(cpu_features()));
    return isa;
  }
  if (isa_supported(CpuIsa::Avx512)) return CpuIsa::Avx512;
  if (isa_supported(CpuIsa::Avx2)) return CpuIsa::Avx2;
  return CpuIsa::Scalar;
}

bool request_amx_permission() {
  static const bool ok = [] {
    const CpuFeatures& f = cpu_features();
    if (!f.amx_tile) return false;
#if defined(__linux__) && defined(__x86_64__)
    constexpr long kArchReqXcompPerm = 0x1023, kXfeatureXtiledata = 18;
    return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
#else
    return false;
#endif
  }();
  return ok;
}

}  // namespace dseek::cpu
