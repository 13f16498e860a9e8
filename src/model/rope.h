// rope.h — rotary position embedding for the qk_rope_head_dim slice, with YaRN.
// DeepSeek rotates adjacent pairs (x[2i], x[2i+1]) by pos * inv_freq[i]
// (transformers' rope_interleave / V2's complex form), and scales cos/sin by
// YaRN's attention factor. The softmax scale's mscale² lives here too.
// What it is not: attention itself (model/mla.cpp).
#pragma once

#include <vector>

#include "model/config.h"

namespace dseek {

struct RopeTable {
  std::vector<float> inv_freq;   // [rope_dim/2]
  float attention_factor = 1.0f; // multiplies cos and sin (YaRN "mscale" of the embedding)
  bool interleave = true;        // adjacent pairs; false: rotate_half pairs (i, i+dim/2) (V3 rope_interleave=false)
};

RopeTable make_rope_table(const ModelConfig& cfg);
// Softmax scale of MLA: qk_head_dim^-0.5, times mscale(factor, mscale_all_dim)^2 under YaRN.
float attention_softmax_scale(const ModelConfig& cfg);
// Rotate x[0..dim) in place for position pos.
void apply_rope(const RopeTable& rt, int64_t pos, float* x, int64_t dim);

}  // namespace dseek
