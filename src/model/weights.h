// weights.h — DeepSeek-V2/V3 weights as plain structs, named after the
// Hugging Face checkpoint keys. Every field is a non-owning TensorView into the
// memory-mapped checkpoint, in its stored dtype (F32/BF16/F16, or F8_E4M3 with
// a 128x128-block `weight_scale_inv`).
// What it is not: a loader (model/load.cpp) or compute (model/forward.cpp).
#pragma once

#include <vector>

#include "core/tensor.h"

namespace dseek {

// y = x W^T.  weight [out, in]; scale_inv [ceil(out/bn), ceil(in/bk)] F32 when weight is F8_E4M3.
struct Linear {
  TensorView weight;     // [out, in]
  TensorView scale_inv;  // FP8 only: per-block dequantisation scale (empty otherwise)
  int64_t out = 0, in = 0;
  int block_n = 128, block_k = 128;  // FP8 block shape
  // Optional, F32 weights only: the same matrix prepacked for the CPU prefill kernel,
  // [ceil(out/32)][in][32] zero-padded, 64-byte aligned (backend/cpu/gemm.h pack_f32_panels).
  // A view of a row range must move or drop it (backend/cpu/cpu_backend.cpp row_view).
  const float* packed = nullptr;
  // Optional, BF16/F16/FP8 weights: the matrix rounded to bf16 in the Bf16x prefill kernel's
  // K-pair panel layout, [ceil(out/32)][ceil(in/2)][32] 32-bit words (backend/cpu/gemm.h
  // pack_bf16_panels), 64-byte aligned. Used only by GemmPrecision::Bf16x; same rule for views.
  const uint32_t* packed_bf16 = nullptr;
};

// A non-quantised checkpoint matrix [out, in] kept as a bare TensorView (the
// router gate, the embedding table) viewed as a Linear.
inline Linear linear_view(const TensorView& t, int64_t out, int64_t in) {
  Linear l;
  l.weight = t;
  l.out = out;
  l.in = in;
  return l;
}

// A row-major F32 matrix [out, in] that is not a checkpoint weight (an
// activation, a gradient, the latent cache) viewed as a Linear, so the CPU
// GEMMs can take it as their weight operand. Not owned.
inline Linear f32_linear_view(const float* data, int64_t out, int64_t in) {
  Linear l;
  l.weight.dtype = DType::F32;
  l.weight.shape = {out, in};
  l.weight.data = reinterpret_cast<const uint8_t*>(data);
  l.weight.nbytes = size_t(out * in) * sizeof(float);
  l.out = out;
  l.in = in;
  return l;
}

// Multi-head Latent Attention (model.layers.L.self_attn.*).
struct MLAWeights {
  Linear q_proj;                    // [H*(nope+rope), hidden]       when q_lora_rank == 0
  Linear q_a_proj;                  // [q_lora_rank, hidden]          when q_lora_rank > 0
  TensorView q_a_layernorm;         // [q_lora_rank]
  Linear q_b_proj;                  // [H*(nope+rope), q_lora_rank]
  Linear kv_a_proj_with_mqa;        // [kv_lora_rank + rope, hidden]: latent first, then k_pe
  TensorView kv_a_layernorm;        // [kv_lora_rank]
  Linear kv_b_proj;                 // [H*(nope+v), kv_lora_rank]: per head k_nope then v
  Linear o_proj;                    // [hidden, H*v]
};

// SwiGLU MLP: down(silu(gate(x)) * up(x)).
struct MLPWeights {
  Linear gate_proj;  // [inter, hidden]
  Linear up_proj;    // [inter, hidden]
  Linear down_proj;  // [hidden, inter]
};

// DeepSeekMoE (model.layers.L.mlp.* on MoE layers).
struct MoEWeights {
  TensorView gate;                     // mlp.gate.weight [n_routed_experts, hidden]
  TensorView e_score_correction_bias;  // mlp.gate.e_score_correction_bias [n_routed_experts] (noaux_tc only)
  std::vector<MLPWeights> experts;     // mlp.experts.E.*  (inter = moe_intermediate_size)
  bool has_shared = false;
  MLPWeights shared_experts;           // mlp.shared_experts.* (inter = moe_inter * n_shared_experts)
};

struct LayerWeights {
  TensorView input_layernorm;           // [hidden]
  TensorView post_attention_layernorm;  // [hidden]
  MLAWeights self_attn;
  bool is_moe = false;
  MLPWeights mlp;  // dense layers (first_k_dense_replace, moe_layer_freq)
  MoEWeights moe;  // MoE layers
};

// Multi-token-prediction module (model.layers.{num_hidden_layers + d}.*).
struct MTPWeights {
  TensorView enorm;         // [hidden] norm of embed(t[i+1])
  TensorView hnorm;         // [hidden] norm of the main model's h[i]
  Linear eh_proj;           // [hidden, 2*hidden] on [enorm(e); hnorm(h)]
  LayerWeights layer;       // one decoder layer
  TensorView shared_head_norm;  // shared_head.norm.weight [hidden]
  Linear shared_head_head;      // shared_head.head.weight [vocab, hidden] (main lm_head if absent)
};

struct ModelWeights {
  TensorView embed_tokens;  // model.embed_tokens.weight [vocab, hidden]
  std::vector<LayerWeights> layers;
  TensorView norm;          // model.norm.weight [hidden]
  Linear lm_head;           // lm_head.weight [vocab, hidden] (embed_tokens if tied)
  std::vector<MTPWeights> mtp;
};

}  // namespace dseek
