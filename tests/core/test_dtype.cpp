// test_dtype.cpp — scalar conversions against exhaustive / known values.
#include <gtest/gtest.h>

#include <cmath>

#include "core/dtype.h"

using namespace dseek;

TEST(DType, Fp8RoundTripAllCodes) {
  for (int i = 0; i < 256; ++i) {
    float f = fp8e4m3_to_f32(uint8_t(i));
    if (std::isnan(f)) continue;
    uint8_t back = f32_to_fp8e4m3(f);
    if (f == 0.0f) { EXPECT_EQ(fp8e4m3_to_f32(back), 0.0f); continue; }
    EXPECT_EQ(back, i) << "code " << i << " value " << f;
  }
  EXPECT_EQ(fp8e4m3_to_f32(0x7e), 448.0f);
  EXPECT_EQ(fp8e4m3_to_f32(0x01), std::ldexp(1.0f, -9));
  EXPECT_EQ(fp8e4m3_to_f32(0x38), 1.0f);
  EXPECT_TRUE(std::isnan(fp8e4m3_to_f32(0x7f)));
  EXPECT_EQ(f32_to_fp8e4m3(1e6f), 0x7e);
  EXPECT_EQ(f32_to_fp8e4m3(-1e6f), 0xfe);
}

TEST(DType, Fp8RoundsToNearest) {
  // Between 1.0 (0x38) and 1.125 (0x39): midpoint 1.0625 ties to even (0x38).
  EXPECT_EQ(f32_to_fp8e4m3(1.0625f), 0x38);
  EXPECT_EQ(f32_to_fp8e4m3(1.07f), 0x39);
  EXPECT_EQ(f32_to_fp8e4m3(1.05f), 0x38);
}

TEST(DType, Bf16AndF16) {
  for (uint32_t h = 0; h < 65536; ++h) {
    float f = bf16_to_f32(uint16_t(h));
    if (!std::isnan(f)) { EXPECT_EQ(f32_to_bf16(f), h); }
    float g = f16_to_f32(uint16_t(h));
    if (!std::isnan(g)) { EXPECT_EQ(f32_to_f16(g), h) << h; }
  }
  EXPECT_EQ(f32_to_bf16(1.00390625f), 0x3f80);  // tie -> even
  EXPECT_EQ(f16_to_f32(0x3c00), 1.0f);
  EXPECT_EQ(f16_to_f32(0x0001), std::ldexp(1.0f, -24));
}
