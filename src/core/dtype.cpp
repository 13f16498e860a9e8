// dtype.cpp — scalar conversions and the FP8 E4M3 decode table.
#include "core/dtype.h"

#include <array>
#include <cmath>
#include <utility>

namespace dseek {

size_t dtype_size(DType t) {
  switch (t) {
    case DType::F64: case DType::I64: return 8;
    case DType::F32: case DType::I32: return 4;
    case DType::F16: case DType::BF16: case DType::I16: return 2;
    case DType::F8_E4M3: case DType::I8: case DType::U8: case DType::BOOL: return 1;
  }
  return 0;
}

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::F64: return "F64";
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    case DType::F8_E4M3: return "F8_E4M3";
    case DType::I64: return "I64";
    case DType::I32: return "I32";
    case DType::I16: return "I16";
    case DType::I8: return "I8";
    case DType::U8: return "U8";
    case DType::BOOL: return "BOOL";
  }
  return "?";
}

std::optional<DType> dtype_from_name(std::string_view s) {
  for (DType t : {DType::F64, DType::F32, DType::F16, DType::BF16, DType::F8_E4M3, DType::I64,
                  DType::I32, DType::I16, DType::I8, DType::U8, DType::BOOL})
    if (dtype_name(t) == s) return t;
  return std::nullopt;
}

float f16_to_f32(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1u, exp = (h >> 10) & 0x1fu, man = h & 0x3ffu;
  float v;
  if (exp == 0) v = std::ldexp(float(man), -24);                     // zero / subnormal
  else if (exp == 31) v = man ? NAN : INFINITY;                      // inf / nan
  else v = std::ldexp(float(man | 0x400u), int(exp) - 25);           // normal
  return sign ? -v : v;
}

uint16_t f32_to_f16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  const uint16_t sign = uint16_t((u >> 16) & 0x8000u);
  if (std::isnan(f)) return sign | 0x7e00u;
  float a = std::fabs(f);
  if (a >= 65520.0f) return sign | 0x7c00u;  // rounds to inf
  if (a < std::ldexp(1.0f, -14)) {           // subnormal: quantum 2^-24
    float q = std::nearbyint(a * 16777216.0f);  // default rounding mode is RNE
    return sign | uint16_t(q);
  }
  int e;
  float m = std::frexp(a, &e);                  // a = m * 2^e, m in [0.5,1)
  float q = std::nearbyint(std::ldexp(m, 11));  // 11 significant bits
  if (q >= 2048.0f) { q /= 2; e += 1; }
  const uint32_t exp = uint32_t(e - 1 + 15);
  if (exp >= 31) return sign | 0x7c00u;
  return sign | uint16_t(exp << 10) | uint16_t(uint32_t(q) & 0x3ffu);
}

// E4M3 decode, computed at compile time so the table is valid during static init.
static constexpr float fp8_decode(int v) {
  const int sign = v >> 7, exp = (v >> 3) & 0xf, man = v & 7;
  if (exp == 15 && man == 7) return __builtin_nanf("");
  float r = exp == 0 ? float(man) / 512.0f : float(8 + man);
  if (exp != 0) {
    int sh = exp - 10;
    for (; sh > 0; --sh) r *= 2.0f;
    for (; sh < 0; ++sh) r *= 0.5f;
  }
  return sign ? -r : r;
}

template <int... I>
static constexpr auto make_fp8_table(std::integer_sequence<int, I...>) {
  return std::array<float, 256>{fp8_decode(I)...};
}
static constexpr std::array<float, 256> kFp8Array = make_fp8_table(std::make_integer_sequence<int, 256>{});
const float* const kFp8E4M3Table = kFp8Array.data();

uint8_t f32_to_fp8e4m3(float f) {
  if (std::isnan(f)) return 0x7f;
  const uint8_t sign = std::signbit(f) ? 0x80 : 0;
  float a = std::fabs(f);
  if (a >= kFp8E4M3Max) return sign | 0x7e;  // saturate to 448
  if (a < 0.015625f) {                       // subnormal range (< 2^-6): quantum 2^-9
    float q = std::nearbyint(a * 512.0f);
    return sign | uint8_t(q);  // q == 8 encodes 2^-6 exactly (exp 1, man 0)
  }
  int e;
  float m = std::frexp(a, &e);                 // a = m*2^e, m in [0.5,1)
  float q = std::nearbyint(std::ldexp(m, 4));  // 4 significant bits: 8..16
  if (q >= 16.0f) { q /= 2; e += 1; }
  const int exp = e - 1 + 7;
  uint8_t out = uint8_t(sign | (exp << 3) | (int(q) & 7));
  if ((out & 0x7f) == 0x7f) out = sign | 0x7e;  // never produce NaN from finite
  return out;
}

}  // namespace dseek
