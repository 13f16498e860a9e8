// dtype.h — element types found in checkpoints and scalar conversions.
// What it is: the DType enum (safetensors names), sizes, and exact scalar
// conversions BF16/F16/F8_E4M3 <-> float (round-to-nearest-even).
// What it is not: vectorised kernels (those live in backend/).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

namespace dseek {

enum class DType : uint8_t { F64, F32, F16, BF16, F8_E4M3, I64, I32, I16, I8, U8, BOOL };

size_t dtype_size(DType t);
std::string_view dtype_name(DType t);                     // safetensors spelling, e.g. "BF16"
std::optional<DType> dtype_from_name(std::string_view s);  // nullopt when unknown

inline float bf16_to_f32(uint16_t h) {
  uint32_t u = uint32_t(h) << 16;
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// Round to nearest even; NaN stays NaN (quiet).
inline uint16_t f32_to_bf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  if ((u & 0x7fffffffu) > 0x7f800000u) return uint16_t((u >> 16) | 0x40);
  u += 0x7fffu + ((u >> 16) & 1u);
  return uint16_t(u >> 16);
}

float f16_to_f32(uint16_t h);
uint16_t f32_to_f16(float f);

// FP8 E4M3 "fn" variant (as torch.float8_e4m3fn): bias 7, no infinities,
// 0x7f/0xff are NaN, max finite 448.
extern const float* const kFp8E4M3Table;  // 256 entries
inline float fp8e4m3_to_f32(uint8_t v) { return kFp8E4M3Table[v]; }
uint8_t f32_to_fp8e4m3(float f);  // RNE, saturating to ±448
constexpr float kFp8E4M3Max = 448.0f;

}  // namespace dseek
