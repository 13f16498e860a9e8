// test_huge_buffer.cpp — HugeBuffer (core/huge_buffer.h): zero-filled,
// 64-byte aligned, writable, and moved (not copied) ownership.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <utility>

#include "core/huge_buffer.h"

using namespace dseek;

TEST(HugeBuffer, ZeroedAlignedWritableAndMovable) {
  const size_t n = (size_t(3) << 20) + 123;  // over one 2 MB page, not a multiple of it
  HugeBuffer a(n);
  ASSERT_NE(a.data(), nullptr);
  EXPECT_EQ(a.size(), n);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a.data()) % 64, 0u);
  auto* p = static_cast<uint8_t*>(a.data());
  for (size_t i = 0; i < n; i += 4093) ASSERT_EQ(p[i], 0) << i;
  ASSERT_EQ(p[n - 1], 0);
  std::memset(p, 0x5a, n);
  HugeBuffer b(std::move(a));
  EXPECT_EQ(a.data(), nullptr);
  EXPECT_EQ(a.size(), 0u);
  EXPECT_EQ(b.data(), p);
  EXPECT_EQ(static_cast<uint8_t*>(b.data())[n - 1], 0x5a);
  HugeBuffer c;
  c = std::move(b);
  EXPECT_EQ(c.data(), p);
  EXPECT_EQ(HugeBuffer(0).data(), nullptr);
}
