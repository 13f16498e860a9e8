// test_kv_cache.cpp — LatentCache: growth keeps contents, assign_prefix copies
// exactly the first n tokens of every layer (a lagging layer keeps its own
// shorter length), and bad requests are errors.
#include <gtest/gtest.h>

#include "core/check.h"
#include "runtime/kv_cache.h"

using namespace dseek;

TEST(LatentCache, ReserveKeepsRowsAndAssignPrefixCopiesThem) {
  LatentCache src(3, 4, 2, 8);  // 3 layers, width 6
  for (int64_t l = 0; l < 3; ++l) {
    const int64_t n = l == 2 ? 2 : 5;  // layer 2 lags (like the MTP layer)
    for (int64_t p = 0; p < n; ++p)
      for (int64_t k = 0; k < src.width(); ++k) src.row(l, p)[k] = float(100 * l + 10 * p + k);
    src.set_length(l, n);
  }
  src.reserve(40);
  EXPECT_GE(src.capacity(), 40);
  EXPECT_EQ(src.row(1, 4)[3], 143.0f);

  LatentCache dst(3, 4, 2, 6);
  dst.assign_prefix(src, 4);
  EXPECT_EQ(dst.length(0), 4);
  EXPECT_EQ(dst.length(1), 4);
  EXPECT_EQ(dst.length(2), 2);
  for (int64_t l = 0; l < 3; ++l)
    for (int64_t p = 0; p < dst.length(l); ++p)
      for (int64_t k = 0; k < dst.width(); ++k) ASSERT_EQ(dst.row(l, p)[k], src.row(l, p)[k]);

  LatentCache small(3, 4, 2, 2);
  EXPECT_THROW(small.assign_prefix(src, 4), Error);      // over capacity
  LatentCache other(3, 8, 2, 8);
  EXPECT_THROW(other.assign_prefix(src, 1), Error);      // different shape
}
