// cuda_weights.h — the model's weights on the device, as plain structs named
// like model/weights.h (same checkpoint names), plus the builders: upload of a
// loaded Model, or seeded random weights generated on the device for a config.
// What it is not: the forward pass (cuda_model.cpp).
#pragma once

#include <vector>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "model/model.h"

namespace dseek::cuda {

using cu::DLinear;

struct DMLP {
  DLinear gate_proj, up_proj, down_proj;
  const DLinear* tab = nullptr;  // device [3]: gate, up, down (grouped kernels with one group)
};

struct DLayer {
  const float* input_layernorm = nullptr;           // [hidden] fp32
  const float* post_attention_layernorm = nullptr;  // [hidden]
  DLinear q_proj, q_a_proj, q_b_proj, kv_a_proj_with_mqa, kv_b_proj, o_proj;
  const float* q_a_layernorm = nullptr;   // [q_lora_rank]
  const float* kv_a_layernorm = nullptr;  // [kv_lora_rank]
  bool is_moe = false;
  DMLP mlp;                                // dense layers
  DLinear gate;                            // router [E, hidden]
  const float* e_score_correction_bias = nullptr;  // [E] or null
  const DLinear* gate_tab = nullptr;       // device [E] per-expert gate_proj
  const DLinear* up_tab = nullptr;         // device [E]
  const DLinear* down_tab = nullptr;       // device [E]
  DLinear expert_gate_shape, expert_down_shape;  // shapes/dtype common to all experts
  std::vector<DLinear> gate_h, up_h, down_h;       // the same tables on the host (prefill GEMMs)
  bool has_shared = false;
  DMLP shared_experts;
};

struct DMTP {
  const float* enorm = nullptr;
  const float* hnorm = nullptr;
  DLinear eh_proj;
  DLayer layer;
  const float* shared_head_norm = nullptr;
  DLinear shared_head_head;
};

struct DeviceWeights {
  DLinear embed_tokens;  // [vocab, hidden] F32/BF16 (as a DLinear for its dtype)
  std::vector<DLayer> layers;
  const float* norm = nullptr;
  DLinear lm_head;
  std::vector<DMTP> mtp;
  std::vector<DevMem> mem;  // owns everything above
  size_t bytes = 0;
  int64_t max_in = 0;            // widest linear input (bf16 activation scratch)
  int64_t max_fp8_elems = 0;     // largest FP8 linear (dequantisation scratch for prefill GEMMs)
};

// Expert parallelism: this GPU's share of every MoE layer — the routed experts
// [lo, hi) (the others' table entries keep the shape with no weights: another GPU
// holds them) and, when `shared`, the shared experts. Everything else is whole.
struct ExpertSlice {
  int64_t lo = 0, hi = INT64_MAX;
  bool shared = true;
};

DeviceWeights upload_weights(const Model& m, bool progress, const ExpertSlice& es = {});
// dtype: F32 | BF16 | F8_E4M3 for projections and experts; embed/lm_head/router
// BF16 (F32 when dtype is F32); norms F32. A slice gets exactly the weights the
// whole model would have for the experts it holds (each tensor's seed is fixed).
DeviceWeights random_weights(const ModelConfig& cfg, DType dtype, uint64_t seed, cudaStream_t s,
                             const ExpertSlice& es = {});

}  // namespace dseek::cuda
