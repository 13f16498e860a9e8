// quantize.h — DeepSeek's FP8 weight format: E4M3 values with one float32
// dequantisation scale (`weight_scale_inv`) per block_n × block_k block
// (128×128 in the released checkpoints; edge blocks may be partial).
// scale_inv = amax(block) / 448, q = round_e4m3(w / scale_inv).
// What it is not: activation (1×128 tile) quantisation for FP8 GEMMs.
#pragma once

#include <cstdint>

namespace dseek {

struct Fp8BlockShape {
  int64_t rows, cols;
  int64_t block_n = 128, block_k = 128;
  int64_t scale_rows() const { return (rows + block_n - 1) / block_n; }
  int64_t scale_cols() const { return (cols + block_k - 1) / block_k; }
};

// w: [rows, cols] float; q: [rows, cols] E4M3 bytes; scale_inv: [scale_rows, scale_cols].
void quantize_fp8_blocks(const Fp8BlockShape& s, const float* w, uint8_t* q, float* scale_inv);
// Inverse: w = fp8(q) * scale_inv of its block.
void dequantize_fp8_blocks(const Fp8BlockShape& s, const uint8_t* q, const float* scale_inv, float* w);

}  // namespace dseek
