// test_cuda_rope.cpp — the training RoPE kernel (k_train.cu: rope) against a
// float64 reference, every element: both pair layouts (halves, interleaved),
// the inverse rotation, several heads at a stride with an offset (MLA's rope
// columns after the nope ones), on the four-at-a-time path (half % 4 == 0,
// 16-byte aligned) and the scalar one (the same data one float off alignment),
// which must give the same bits; columns outside the rotated ranges stay as
// they were. rope_to_bf16 (the rotation written as BF16 with the other
// columns) equals rope then to_bf16 bit for bit. Skipped without CUDA.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"
#include "kernel_test_util.h"

using namespace dseek;
using dseek::test::download;
using dseek::test::upload;

namespace {

struct RopeShape {
  int64_t rows, heads, hs, off, half;
  bool interleave;
  int64_t extra = 0;  // columns after the heads (rows of heads·hs + extra): never rotated
};

TEST(CudaRope, MatchesFloat64OnBothPaths) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(29);
  std::normal_distribution<float> nd(0.0f, 1.5f);
  std::uniform_real_distribution<float> ang(-3.2f, 3.2f);
  const RopeShape shapes[] = {{37, 16, 96, 64, 16, false},  // MLA's q: 16 heads, rope columns 64..95
                              {37, 16, 96, 64, 16, true},
                              {9, 1, 288, 256, 16, false},  // k_pe: one head after the latent
                              {5, 3, 20, 6, 6, false},      // half % 4 != 0: scalar only
                              {130, 2, 40, 8, 12, false},
                              {9, 2, 40, 8, 12, true, 16}};  // heads that do not fill the row
  for (const RopeShape& sh : shapes)
    for (const bool inverse : {false, true}) {
      SCOPED_TRACE(testing::Message() << "rows " << sh.rows << " heads " << sh.heads << " half " << sh.half
                                      << (sh.interleave ? " interleaved" : "") << (inverse ? " inverse" : ""));
      const int64_t ld = sh.heads * sh.hs + sh.extra, n = sh.rows * ld;
      std::vector<float> x(static_cast<size_t>(n)), cs(static_cast<size_t>(sh.rows * sh.half)), sn(cs.size());
      for (float& f : x) f = nd(rng);
      for (size_t i = 0; i < cs.size(); ++i) {
        const float a = ang(rng);
        cs[i] = std::cos(a);
        sn[i] = std::sin(a);
      }
      std::vector<double> ref(x.begin(), x.end());
      for (int64_t t = 0; t < sh.rows; ++t)
        for (int64_t h = 0; h < sh.heads; ++h)
          for (int64_t i = 0; i < sh.half; ++i) {
            const size_t base = size_t(t * ld + h * sh.hs + sh.off);
            const size_t pa = base + size_t(sh.interleave ? 2 * i : i);
            const size_t pb = base + size_t(sh.interleave ? 2 * i + 1 : i + sh.half);
            const double c = cs[size_t(t * sh.half + i)], s = (inverse ? -1.0 : 1.0) * sn[size_t(t * sh.half + i)];
            ref[pa] = double(x[pa]) * c - double(x[pb]) * s;
            ref[pb] = double(x[pa]) * s + double(x[pb]) * c;
          }
      // The same data at a 16-byte aligned start and one float after it (the scalar path).
      std::vector<float> got[2];
      DevMem dcs = upload(cs), dsn = upload(sn);
      for (int shift = 0; shift < 2; ++shift) {
        std::vector<float> buf(static_cast<size_t>(n + 4), std::nanf(""));
        std::memcpy(buf.data() + shift, x.data(), size_t(n) * 4);
        DevMem d = upload(buf);
        cu::tk::rope(d.as<float>() + shift, sh.rows, ld, sh.heads, sh.hs, sh.off, dcs.as<float>(), dsn.as<float>(),
                     sh.half, sh.interleave, inverse, nullptr);
        DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
        const std::vector<float> all = download<float>(d);
        got[shift].assign(all.begin() + shift, all.begin() + shift + n);
        EXPECT_TRUE(std::isnan(all[size_t(shift ? 0 : n)])) << "wrote outside x";
      }
      size_t bad = 0, differ = 0, moved = 0;
      for (size_t i = 0; i < size_t(n); ++i) {
        const bool rotated = ref[i] != double(x[i]);
        if (!rotated && std::memcmp(&got[0][i], &x[i], 4) != 0) ++moved;
        if (!(std::abs(double(got[0][i]) - ref[i]) <= 1e-6 * (1.0 + std::abs(ref[i])))) ++bad;
        if (std::memcmp(&got[0][i], &got[1][i], 4) != 0) ++differ;
      }
      EXPECT_EQ(bad, 0u) << "elements off the float64 rotation";
      EXPECT_EQ(moved, 0u) << "elements outside the rotated ranges changed";
      EXPECT_EQ(differ, 0u) << "the aligned and the unaligned paths differ";
      // rope_to_bf16: the rotated values and the other columns rounded to BF16, bit for bit what rope()
      // then to_bf16 give, on both paths; x itself unchanged. (Shapes whose heads do not fill the row:
      // the rest converted unrotated, as rope() leaves it.)
      for (int shift = 0; shift < 2; ++shift) {
        std::vector<float> buf(static_cast<size_t>(n + 4), std::nanf(""));
        std::memcpy(buf.data() + shift, x.data(), size_t(n) * 4);
        DevMem d = upload(buf), y(size_t(n + 4) * 2);
        DSEEK_CUDA_CHECK(cudaMemset(y.as(), 0xff, size_t(n + 4) * 2));
        cu::tk::rope_to_bf16(d.as<float>() + shift, sh.rows, ld, sh.heads, sh.hs, sh.off, dcs.as<float>(),
                             dsn.as<float>(), sh.half, sh.interleave, inverse, y.as<uint16_t>(), nullptr);
        DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
        const std::vector<uint16_t> yb = download<uint16_t>(y);
        const std::vector<float> after = download<float>(d);
        size_t wrong = 0, touched = 0;
        for (size_t i = 0; i < size_t(n); ++i) {
          wrong += yb[i] != f32_to_bf16(got[0][i]);
          touched += std::memcmp(&after[i + size_t(shift)], &x[i], 4) != 0;
        }
        EXPECT_EQ(wrong, 0u) << "rope_to_bf16 differs from rope + to_bf16 (shift " << shift << ")";
        EXPECT_EQ(touched, 0u) << "rope_to_bf16 changed x";
        EXPECT_EQ(yb[size_t(n)], 0xffff) << "wrote past y";
      }
    }
}

}  // namespace
