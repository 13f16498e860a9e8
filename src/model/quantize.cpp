// quantize.cpp — FP8 E4M3 block (de)quantisation (see quantize.h).
#include "model/quantize.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "core/dtype.h"

namespace dseek {

void quantize_fp8_blocks(const Fp8BlockShape& s, const float* w, uint8_t* q, float* scale_inv) {
  DSEEK_CHECK(s.rows >= 0 && s.cols >= 0 && s.block_n > 0 && s.block_k > 0, "fp8 quantize: bad shape");
  for (int64_t br = 0; br < s.scale_rows(); ++br)
    for (int64_t bc = 0; bc < s.scale_cols(); ++bc) {
      const int64_t r0 = br * s.block_n, r1 = std::min(s.rows, r0 + s.block_n);
      const int64_t c0 = bc * s.block_k, c1 = std::min(s.cols, c0 + s.block_k);
      float amax = 0.0f;
      for (int64_t r = r0; r < r1; ++r)
        for (int64_t c = c0; c < c1; ++c) {
          DSEEK_CHECK(std::isfinite(w[r * s.cols + c]), "fp8 quantize: non-finite weight at ({}, {})", r, c);
          amax = std::max(amax, std::fabs(w[r * s.cols + c]));
        }
      const float si = amax > 0 ? amax / kFp8E4M3Max : 1.0f;
      scale_inv[br * s.scale_cols() + bc] = si;
      for (int64_t r = r0; r < r1; ++r)
        for (int64_t c = c0; c < c1; ++c) q[r * s.cols + c] = f32_to_fp8e4m3(w[r * s.cols + c] / si);
    }
}

void dequantize_fp8_blocks(const Fp8BlockShape& s, const uint8_t* q, const float* scale_inv, float* w) {
  for (int64_t r = 0; r < s.rows; ++r)
    for (int64_t c = 0; c < s.cols; ++c)
      w[r * s.cols + c] = fp8e4m3_to_f32(q[r * s.cols + c]) * scale_inv[(r / s.block_n) * s.scale_cols() + c / s.block_k];
}

}  // namespace dseek
