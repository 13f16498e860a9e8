// config.h — the architecture hyper-parameters of a DeepSeek-V2/V3 model.
// What it is: a plain struct whose fields are named after the Hugging Face
// config.json keys (DeepseekV3Config / DeepseekV2Config), plus the few derived
// quantities every consumer needs (qk_head_dim, is_moe_layer, has_q_lora).
// Values are validated by io/config.cpp (parse_model_config): a ModelConfig
// obtained from there is internally consistent.
// What it is not: a parser (see io/config.h), runtime options (threads, dtype
// of activations, KV-cache size) or tokenizer settings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/check.h"

namespace dseek {

// Rotary-embedding scaling, from config.json "rope_scaling" (released
// checkpoints) or "rope_parameters" (transformers >= 5 save_pretrained).
enum class RopeType : uint8_t {
  None,    // plain RoPE ("default" / absent / null)
  Yarn,    // YaRN (DeepSeek-V2/V3 checkpoints)
  Linear,  // position interpolation: inv_freq /= factor
};
// Spelling used in config.json ("default" is written as rope_scaling: null).
inline const char* rope_type_name(RopeType t) {
  switch (t) {
    case RopeType::Yarn: return "yarn";
    case RopeType::Linear: return "linear";
    case RopeType::None: break;
  }
  return "default";
}

struct RopeScaling {
  RopeType type = RopeType::None;
  double factor = 1.0;                             // yarn/linear: context extension (>= 1)
  int64_t original_max_position_embeddings = 0;   // yarn: pre-extension context (required)
  double beta_fast = 32.0;                         // yarn: high-rotation ramp bound
  double beta_slow = 1.0;                          // yarn: low-rotation ramp bound
  // yarn magnitude scales; 0 = absent. transformers treats 0 and absent alike:
  //   attention_factor (cos/sin scale) = mscale && mscale_all_dim
  //       ? get_mscale(factor, mscale) / get_mscale(factor, mscale_all_dim)
  //       : get_mscale(factor)       where get_mscale(s, m) = s <= 1 ? 1 : 0.1*m*ln(s) + 1
  // and DeepSeek-V3 attention multiplies softmax_scale by
  //   get_mscale(factor, mscale_all_dim)^2 when mscale_all_dim != 0.
  double mscale = 0.0;
  double mscale_all_dim = 0.0;
  double attention_factor = 0.0;  // yarn: explicit cos/sin scale overriding the above; 0 = absent
  bool truncate = true;           // yarn: floor/ceil the correction range (transformers default)

  bool operator==(const RopeScaling&) const = default;
};

// Block-wise FP8 weight quantisation, from config.json "quantization_config".
struct Quant {
  bool fp8 = false;                        // quant_method == "fp8"
  int64_t block_n = 128;                   // weight_block_size[0]: rows (out features) per scale
  int64_t block_k = 128;                   // weight_block_size[1]: cols (in features) per scale
  std::string fmt = "e4m3";                // only "e4m3" (torch.float8_e4m3fn)
  std::string activation_scheme = "dynamic";  // only "dynamic" (per-token-group act quant)
  std::string scale_fmt;                   // "" (float32 scales) or "ue8m0" (V3.1: power-of-2)

  bool operator==(const Quant&) const = default;
};

struct ModelConfig {
  std::string model_type = "deepseek_v3";  // "deepseek_v3" | "deepseek_v2"

  // ---- sizes --------------------------------------------------------------
  int64_t vocab_size = 129280;             // rows of embed_tokens / lm_head
  int64_t hidden_size = 7168;              // residual stream width d
  int64_t intermediate_size = 18432;       // dense FFN inner width (gate/up rows)
  int64_t moe_intermediate_size = 2048;    // per-expert FFN inner width (routed and shared)
  int64_t num_hidden_layers = 61;          // decoder layers (MTP layers not included)
  int64_t num_attention_heads = 128;       // H

  // ---- MLA (multi-head latent attention) -------------------------------------
  int64_t q_lora_rank = 1536;              // q_a_proj out width; 0 = none (null): plain q_proj
  int64_t kv_lora_rank = 512;              // compressed KV width (kv_a_proj_with_mqa minus rope)
  int64_t qk_nope_head_dim = 128;          // per-head q/k part without RoPE
  int64_t qk_rope_head_dim = 64;           // per-head q/k part with RoPE (even); k_pe shared by heads
  int64_t v_head_dim = 128;                // per-head value width

  // ---- MoE -----------------------------------------------------------------------
  int64_t n_routed_experts = 256;          // 0 = no MoE at all (null)
  int64_t n_shared_experts = 1;            // always-on experts, fused: width n_shared*moe_inter
  int64_t num_experts_per_tok = 8;         // top-k routed experts per token; 0 = null
  int64_t n_group = 8;                     // expert groups for group-limited routing; 0 = null
  int64_t topk_group = 4;                  // groups kept per token; 0 = null
  std::string topk_method = "noaux_tc";    // V3: "noaux_tc"; V2: "greedy" | "group_limited_greedy"
  std::string scoring_func = "sigmoid";    // V3: "sigmoid"; V2: "softmax"
  bool norm_topk_prob = true;              // renormalise the top-k weights to sum 1
  double routed_scaling_factor = 2.5;      // multiplies routed expert weights
  int64_t first_k_dense_replace = 3;       // layers [0, k) use the dense FFN
  int64_t moe_layer_freq = 1;              // only 1 supported (transformers ignores the key)

  // ---- positions / norms / misc -----------------------------------------------
  double rope_theta = 10000.0;             // RoPE base
  RopeScaling rope;                        // rope_scaling / rope_parameters
  bool rope_interleave = true;             // V3: RoPE pairs are (2i, 2i+1); V2 is always true
  int64_t max_position_embeddings = 4096;  // context length the checkpoint claims
  double rms_norm_eps = 1e-6;              // RMSNorm epsilon
  bool tie_word_embeddings = false;        // lm_head shares embed_tokens
  int64_t num_nextn_predict_layers = 1;    // MTP modules after the decoder layers (V3 default 1, V2 0)
  int64_t bos_token_id = 0;                // -1 = none (null)
  std::vector<int64_t> eos_token_id{1};    // int or list in JSON; empty = none (null)
  std::string hidden_act = "silu";         // only "silu"
  bool attention_bias = false;             // only false

  Quant quant;                             // quantization_config

  // q/k head width seen by attention scores: nope + rope.
  int64_t qk_head_dim() const { return qk_nope_head_dim + qk_rope_head_dim; }
  bool has_q_lora() const { return q_lora_rank > 0; }
  bool is_v3() const { return model_type == "deepseek_v3"; }
  // Decoder layers plus MTP layers (their weights are model.layers.{N..N+M-1}).
  int64_t num_layers_with_mtp() const { return num_hidden_layers + num_nextn_predict_layers; }

  // Whether layer `layer` has a routed-expert FFN. transformers (V2 and V3)
  // decides `layer_idx >= first_k_dense_replace`; the released remote code adds
  // `n_routed_experts is not None and layer_idx % moe_layer_freq == 0`, which
  // agrees for every config parse_model_config accepts (moe_layer_freq == 1).
  // MTP layers (index >= num_hidden_layers) follow the same rule.
  bool is_moe_layer(int64_t layer) const {
    DSEEK_CHECK(layer >= 0 && layer < num_layers_with_mtp(), "is_moe_layer: layer {} out of [0, {})",
                layer, num_layers_with_mtp());
    return n_routed_experts > 0 && layer >= first_k_dense_replace &&
           layer % (moe_layer_freq > 0 ? moe_layer_freq : 1) == 0;
  }

  bool operator==(const ModelConfig&) const = default;
};

}  // namespace dseek
