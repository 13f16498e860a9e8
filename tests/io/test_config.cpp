// test_config.cpp — config.json parsing/validation/serialisation (io/config.h)
// and the bounded JSON parser (io/json_util.h).
// Fixtures: the released deepseek-ai/DeepSeek-V3 and DeepSeek-V2-Lite
// config.json files verbatim, and a transformers-5 save_pretrained style file.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "core/check.h"
#include "io/config.h"
#include "io/json_util.h"

namespace dseek {
namespace {

using json = nlohmann::json;

// huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json
const char* kDeepSeekV3 = R"({
  "architectures": [
    "DeepseekV3ForCausalLM"
  ],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "auto_map": {
    "AutoConfig": "configuration_deepseek.DeepseekV3Config",
    "AutoModel": "modeling_deepseek.DeepseekV3Model",
    "AutoModelForCausalLM": "modeling_deepseek.DeepseekV3ForCausalLM"
  },
  "aux_loss_alpha": 0.001,
  "bos_token_id": 0,
  "eos_token_id": 1,
  "ep_size": 1,
  "first_k_dense_replace": 3,
  "hidden_act": "silu",
  "hidden_size": 7168,
  "initializer_range": 0.02,
  "intermediate_size": 18432,
  "kv_lora_rank": 512,
  "max_position_embeddings": 163840,
  "model_type": "deepseek_v3",
  "moe_intermediate_size": 2048,
  "moe_layer_freq": 1,
  "n_group": 8,
  "n_routed_experts": 256,
  "n_shared_experts": 1,
  "norm_topk_prob": true,
  "num_attention_heads": 128,
  "num_experts_per_tok": 8,
  "num_hidden_layers": 61,
  "num_key_value_heads": 128,
  "num_nextn_predict_layers": 1,
  "pretraining_tp": 1,
  "q_lora_rank": 1536,
  "qk_nope_head_dim": 128,
  "qk_rope_head_dim": 64,
  "quantization_config": {
    "activation_scheme": "dynamic",
    "fmt": "e4m3",
    "quant_method": "fp8",
    "weight_block_size": [
      128,
      128
    ]
  },
  "rms_norm_eps": 1e-06,
  "rope_scaling": {
    "beta_fast": 32,
    "beta_slow": 1,
    "factor": 40,
    "mscale": 1.0,
    "mscale_all_dim": 1.0,
    "original_max_position_embeddings": 4096,
    "type": "yarn"
  },
  "rope_theta": 10000,
  "routed_scaling_factor": 2.5,
  "scoring_func": "sigmoid",
  "seq_aux": true,
  "tie_word_embeddings": false,
  "topk_group": 4,
  "topk_method": "noaux_tc",
  "torch_dtype": "bfloat16",
  "transformers_version": "4.33.1",
  "use_cache": true,
  "v_head_dim": 128,
  "vocab_size": 129280
}
)";

// huggingface.co/deepseek-ai/DeepSeek-V2-Lite/blob/main/config.json
const char* kDeepSeekV2Lite = R"({
  "architectures": [
    "DeepseekV2ForCausalLM"
  ],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "auto_map": {
    "AutoConfig": "configuration_deepseek.DeepseekV2Config",
    "AutoModel": "modeling_deepseek.DeepseekV2Model",
    "AutoModelForCausalLM": "modeling_deepseek.DeepseekV2ForCausalLM"
  },
  "aux_loss_alpha": 0.001,
  "bos_token_id": 100000,
  "eos_token_id": 100001,
  "first_k_dense_replace": 1,
  "hidden_act": "silu",
  "hidden_size": 2048,
  "initializer_range": 0.02,
  "intermediate_size": 10944,
  "kv_lora_rank": 512,
  "max_position_embeddings": 163840,
  "model_type": "deepseek_v2",
  "moe_intermediate_size": 1408,
  "moe_layer_freq": 1,
  "n_group": 1,
  "n_routed_experts": 64,
  "n_shared_experts": 2,
  "norm_topk_prob": false,
  "num_attention_heads": 16,
  "num_experts_per_tok": 6,
  "num_hidden_layers": 27,
  "num_key_value_heads": 16,
  "pretraining_tp": 1,
  "q_lora_rank": null,
  "qk_nope_head_dim": 128,
  "qk_rope_head_dim": 64,
  "rms_norm_eps": 1e-06,
  "rope_scaling": {
    "beta_fast": 32,
    "beta_slow": 1,
    "factor": 40,
    "mscale": 0.707,
    "mscale_all_dim": 0.707,
    "original_max_position_embeddings": 4096,
    "type": "yarn"
  },
  "rope_theta": 10000,
  "routed_scaling_factor": 1.0,
  "scoring_func": "softmax",
  "seq_aux": true,
  "tie_word_embeddings": false,
  "topk_group": 1,
  "topk_method": "greedy",
  "torch_dtype": "bfloat16",
  "transformers_version": "4.33.1",
  "use_cache": true,
  "v_head_dim": 128,
  "vocab_size": 102400
}
)";

// A small V3 as transformers 5 save_pretrained writes it: no top-level
// rope_theta, "rope_parameters" with rope_type and rope_theta inside.
const char* kTf5Style = R"({
  "architectures": ["DeepseekV3ForCausalLM"],
  "model_type": "deepseek_v3",
  "vocab_size": 1024, "hidden_size": 256, "intermediate_size": 512,
  "moe_intermediate_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4,
  "num_key_value_heads": 4, "q_lora_rank": null, "kv_lora_rank": 64,
  "qk_nope_head_dim": 32, "qk_rope_head_dim": 16, "v_head_dim": 32,
  "n_routed_experts": 16, "n_shared_experts": 1, "num_experts_per_tok": 4,
  "n_group": 4, "topk_group": 2, "first_k_dense_replace": 1,
  "norm_topk_prob": true, "routed_scaling_factor": 2.5,
  "max_position_embeddings": 16384, "rms_norm_eps": 1e-06,
  "rope_interleave": true,
  "rope_parameters": {
    "rope_type": "yarn", "rope_theta": 50000.0, "factor": 4.0,
    "original_max_position_embeddings": 4096, "beta_fast": 32.0, "beta_slow": 1.0,
    "mscale": 1.0, "mscale_all_dim": 1.0, "truncate": false
  },
  "bos_token_id": 0, "eos_token_id": [1, 2], "num_mtp_layers": 0,
  "tie_word_embeddings": false, "transformers_version": "5.0.0"
})";

std::string error_of(const std::string& text) {
  try {
    parse_model_config(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

// kDeepSeekV3 with `key` set to `value` (a JSON literal), or removed when
// value is empty. `key` may be "a.b" for one nested level.
std::string v3_with(const std::string& key, const std::string& value) {
  json j = json::parse(kDeepSeekV3);
  json* obj = &j;
  std::string k = key;
  if (auto dot = key.find('.'); dot != std::string::npos) {
    obj = &j[key.substr(0, dot)];
    k = key.substr(dot + 1);
  }
  if (value.empty()) obj->erase(k);
  else (*obj)[k] = json::parse(value);
  return j.dump();
}

#define EXPECT_ERROR_HAS(text, ...)                                       \
  do {                                                                    \
    const std::string err_ = error_of(text);                              \
    for (const char* s_ : {__VA_ARGS__})                                  \
      EXPECT_NE(err_.find(s_), std::string::npos) << "missing '" << s_    \
                                                  << "' in: " << err_;    \
  } while (0)

TEST(Config, DeepSeekV3Released) {
  const ModelConfig c = parse_model_config(kDeepSeekV3);
  EXPECT_EQ(c.model_type, "deepseek_v3");
  EXPECT_EQ(c.vocab_size, 129280);
  EXPECT_EQ(c.hidden_size, 7168);
  EXPECT_EQ(c.intermediate_size, 18432);
  EXPECT_EQ(c.moe_intermediate_size, 2048);
  EXPECT_EQ(c.num_hidden_layers, 61);
  EXPECT_EQ(c.num_attention_heads, 128);
  EXPECT_EQ(c.q_lora_rank, 1536);
  EXPECT_TRUE(c.has_q_lora());
  EXPECT_EQ(c.kv_lora_rank, 512);
  EXPECT_EQ(c.qk_nope_head_dim, 128);
  EXPECT_EQ(c.qk_rope_head_dim, 64);
  EXPECT_EQ(c.qk_head_dim(), 192);
  EXPECT_EQ(c.v_head_dim, 128);
  EXPECT_EQ(c.n_routed_experts, 256);
  EXPECT_EQ(c.n_shared_experts, 1);
  EXPECT_EQ(c.num_experts_per_tok, 8);
  EXPECT_EQ(c.n_group, 8);
  EXPECT_EQ(c.topk_group, 4);
  EXPECT_EQ(c.topk_method, "noaux_tc");
  EXPECT_EQ(c.scoring_func, "sigmoid");
  EXPECT_TRUE(c.norm_topk_prob);
  EXPECT_DOUBLE_EQ(c.routed_scaling_factor, 2.5);
  EXPECT_EQ(c.first_k_dense_replace, 3);
  EXPECT_EQ(c.moe_layer_freq, 1);
  EXPECT_DOUBLE_EQ(c.rope_theta, 10000.0);
  EXPECT_EQ(c.rope.type, RopeType::Yarn);
  EXPECT_DOUBLE_EQ(c.rope.factor, 40.0);
  EXPECT_EQ(c.rope.original_max_position_embeddings, 4096);
  EXPECT_DOUBLE_EQ(c.rope.beta_fast, 32.0);
  EXPECT_DOUBLE_EQ(c.rope.beta_slow, 1.0);
  EXPECT_DOUBLE_EQ(c.rope.mscale, 1.0);
  EXPECT_DOUBLE_EQ(c.rope.mscale_all_dim, 1.0);
  EXPECT_DOUBLE_EQ(c.rope.attention_factor, 0.0);
  EXPECT_TRUE(c.rope.truncate);
  EXPECT_TRUE(c.rope_interleave);
  EXPECT_EQ(c.max_position_embeddings, 163840);
  EXPECT_DOUBLE_EQ(c.rms_norm_eps, 1e-6);
  EXPECT_FALSE(c.tie_word_embeddings);
  EXPECT_EQ(c.num_nextn_predict_layers, 1);
  EXPECT_EQ(c.num_layers_with_mtp(), 62);
  EXPECT_EQ(c.bos_token_id, 0);
  EXPECT_EQ(c.eos_token_id, std::vector<int64_t>{1});
  EXPECT_EQ(c.hidden_act, "silu");
  EXPECT_FALSE(c.attention_bias);
  EXPECT_TRUE(c.quant.fp8);
  EXPECT_EQ(c.quant.block_n, 128);
  EXPECT_EQ(c.quant.block_k, 128);
  EXPECT_EQ(c.quant.fmt, "e4m3");
  EXPECT_EQ(c.quant.activation_scheme, "dynamic");
  EXPECT_EQ(c.quant.scale_fmt, "");
}

TEST(Config, MoeLayersV3) {
  const ModelConfig c = parse_model_config(kDeepSeekV3);
  EXPECT_FALSE(c.is_moe_layer(0));
  EXPECT_FALSE(c.is_moe_layer(2));
  EXPECT_TRUE(c.is_moe_layer(3));
  EXPECT_TRUE(c.is_moe_layer(60));
  EXPECT_TRUE(c.is_moe_layer(61));  // the MTP layer
  EXPECT_THROW(c.is_moe_layer(62), Error);
  EXPECT_THROW(c.is_moe_layer(-1), Error);
  // No routed experts: every layer is dense.
  const ModelConfig d = parse_model_config(v3_with("n_routed_experts", "null"));
  EXPECT_EQ(d.n_routed_experts, 0);
  EXPECT_FALSE(d.is_moe_layer(10));
}

TEST(Config, DeepSeekV2LiteReleased) {
  const ModelConfig c = parse_model_config(kDeepSeekV2Lite);
  EXPECT_EQ(c.model_type, "deepseek_v2");
  EXPECT_FALSE(c.is_v3());
  EXPECT_EQ(c.vocab_size, 102400);
  EXPECT_EQ(c.hidden_size, 2048);
  EXPECT_EQ(c.intermediate_size, 10944);
  EXPECT_EQ(c.moe_intermediate_size, 1408);
  EXPECT_EQ(c.num_hidden_layers, 27);
  EXPECT_EQ(c.num_attention_heads, 16);
  EXPECT_EQ(c.q_lora_rank, 0);
  EXPECT_FALSE(c.has_q_lora());
  EXPECT_EQ(c.kv_lora_rank, 512);
  EXPECT_EQ(c.qk_head_dim(), 192);
  EXPECT_EQ(c.n_routed_experts, 64);
  EXPECT_EQ(c.n_shared_experts, 2);
  EXPECT_EQ(c.num_experts_per_tok, 6);
  EXPECT_EQ(c.n_group, 1);
  EXPECT_EQ(c.topk_group, 1);
  EXPECT_EQ(c.topk_method, "greedy");
  EXPECT_EQ(c.scoring_func, "softmax");
  EXPECT_FALSE(c.norm_topk_prob);
  EXPECT_DOUBLE_EQ(c.routed_scaling_factor, 1.0);
  EXPECT_EQ(c.first_k_dense_replace, 1);
  EXPECT_FALSE(c.is_moe_layer(0));
  EXPECT_TRUE(c.is_moe_layer(1));
  EXPECT_TRUE(c.is_moe_layer(26));
  EXPECT_EQ(c.rope.type, RopeType::Yarn);
  EXPECT_DOUBLE_EQ(c.rope.factor, 40.0);
  EXPECT_DOUBLE_EQ(c.rope.mscale, 0.707);
  EXPECT_DOUBLE_EQ(c.rope.mscale_all_dim, 0.707);
  EXPECT_TRUE(c.rope_interleave);
  EXPECT_EQ(c.num_nextn_predict_layers, 0);
  EXPECT_EQ(c.bos_token_id, 100000);
  EXPECT_EQ(c.eos_token_id, std::vector<int64_t>{100001});
  EXPECT_FALSE(c.quant.fp8);
}

TEST(Config, Transformers5RopeParameters) {
  const ModelConfig c = parse_model_config(kTf5Style);
  EXPECT_DOUBLE_EQ(c.rope_theta, 50000.0);
  EXPECT_EQ(c.rope.type, RopeType::Yarn);
  EXPECT_DOUBLE_EQ(c.rope.factor, 4.0);
  EXPECT_EQ(c.rope.original_max_position_embeddings, 4096);
  EXPECT_FALSE(c.rope.truncate);
  EXPECT_EQ(c.eos_token_id, (std::vector<int64_t>{1, 2}));
  EXPECT_FALSE(c.has_q_lora());
  // Keys absent from this file take transformers' DeepseekV3Config defaults.
  EXPECT_EQ(c.topk_method, "noaux_tc");
  EXPECT_EQ(c.scoring_func, "sigmoid");
  EXPECT_EQ(c.num_nextn_predict_layers, 0);  // from the 5.x alias num_mtp_layers
}

TEST(Config, RopeSelectionRules) {
  // "rope_type" beats "type"; "default" means no scaling.
  ModelConfig c = parse_model_config(
      v3_with("rope_scaling", R"({"rope_type": "default", "type": "yarn", "factor": 4})"));
  EXPECT_EQ(c.rope.type, RopeType::None);
  EXPECT_EQ(c.rope, RopeScaling{});
  // rope_scaling wins over rope_parameters; an empty rope_scaling does not.
  json j = json::parse(kDeepSeekV3);
  j["rope_parameters"] = {{"rope_type", "linear"}, {"factor", 2}, {"rope_theta", 5e5}};
  EXPECT_EQ(parse_model_config(j.dump()).rope.type, RopeType::Yarn);
  j["rope_scaling"] = json::object();
  c = parse_model_config(j.dump());
  EXPECT_EQ(c.rope.type, RopeType::Linear);
  EXPECT_DOUBLE_EQ(c.rope.factor, 2.0);
  EXPECT_DOUBLE_EQ(c.rope_theta, 5e5);  // dict's rope_theta beats the top-level one
  // null rope_scaling and no rope_parameters: plain RoPE with top-level theta.
  c = parse_model_config(v3_with("rope_scaling", "null"));
  EXPECT_EQ(c.rope.type, RopeType::None);
  EXPECT_DOUBLE_EQ(c.rope_theta, 10000.0);
  // yarn without original_max_position_embeddings: max_position_embeddings;
  // factor null: max_position_embeddings / original_max_position_embeddings.
  c = parse_model_config(v3_with("rope_scaling.original_max_position_embeddings", ""));
  EXPECT_EQ(c.rope.original_max_position_embeddings, 163840);
  json nf = json::parse(kDeepSeekV3);
  nf["rope_scaling"]["factor"] = nullptr;
  c = parse_model_config(nf.dump());
  EXPECT_DOUBLE_EQ(c.rope.factor, 40.0);
  // Expert-count aliases (attribute_map).
  json al = json::parse(kDeepSeekV3);
  al.erase("n_routed_experts");
  al["num_local_experts"] = 64;
  EXPECT_EQ(parse_model_config(al.dump()).n_routed_experts, 64);
  json al2 = json::parse(kDeepSeekV2Lite);
  al2.erase("n_routed_experts");
  al2["num_experts"] = 32;
  EXPECT_EQ(parse_model_config(al2.dump()).n_routed_experts, 32);
  // beta_fast 0 / null fall back to transformers' `or 32`.
  c = parse_model_config(v3_with("rope_scaling.beta_fast", "0"));
  EXPECT_DOUBLE_EQ(c.rope.beta_fast, 32.0);
  // V2 never reads rope_interleave.
  json v2 = json::parse(kDeepSeekV2Lite);
  v2["rope_interleave"] = false;
  EXPECT_TRUE(parse_model_config(v2.dump()).rope_interleave);
  EXPECT_FALSE(parse_model_config(v3_with("rope_interleave", "false")).rope_interleave);
}

TEST(Config, DefaultsPerModelType) {
  const ModelConfig v3 = parse_model_config(R"({"model_type": "deepseek_v3"})");
  EXPECT_EQ(v3, ModelConfig{});
  EXPECT_EQ(v3.num_hidden_layers, 61);
  EXPECT_EQ(v3.max_position_embeddings, 4096);
  EXPECT_EQ(v3.num_nextn_predict_layers, 1);  // DeepseekV3Config num_mtp_layers = 1
  EXPECT_EQ(v3.rope.type, RopeType::None);
  EXPECT_FALSE(v3.quant.fp8);

  // transformers' V2 defaults leave num_experts_per_tok = None, which cannot
  // route; with it given the rest are DeepseekV2Config's defaults.
  EXPECT_ERROR_HAS(R"({"model_type": "deepseek_v2"})", "num_experts_per_tok", "null");
  const ModelConfig v2 =
      parse_model_config(R"({"model_type": "deepseek_v2", "num_experts_per_tok": 6})");
  EXPECT_EQ(v2.vocab_size, 102400);
  EXPECT_EQ(v2.num_nextn_predict_layers, 0);
  EXPECT_EQ(v2.hidden_size, 4096);
  EXPECT_EQ(v2.intermediate_size, 11008);
  EXPECT_EQ(v2.moe_intermediate_size, 1407);
  EXPECT_EQ(v2.num_hidden_layers, 32);
  EXPECT_EQ(v2.num_attention_heads, 32);
  EXPECT_EQ(v2.n_routed_experts, 64);
  EXPECT_EQ(v2.n_shared_experts, 2);
  EXPECT_EQ(v2.n_group, 0);
  EXPECT_EQ(v2.topk_group, 0);
  EXPECT_EQ(v2.topk_method, "greedy");
  EXPECT_EQ(v2.scoring_func, "softmax");
  EXPECT_FALSE(v2.norm_topk_prob);
  EXPECT_DOUBLE_EQ(v2.routed_scaling_factor, 1.0);
  EXPECT_EQ(v2.first_k_dense_replace, 0);
  EXPECT_EQ(v2.max_position_embeddings, 2048);
  EXPECT_EQ(v2.bos_token_id, 1);
  EXPECT_EQ(v2.eos_token_id, std::vector<int64_t>{2});
}

TEST(Config, ErrorsNameTheField) {
  EXPECT_ERROR_HAS(v3_with("hidden_size", R"("7168")"), "hidden_size: expected a positive integer",
                   "got string");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "7168.0"), "hidden_size", "positive integer");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "0"), "hidden_size", "got 0");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "-5"), "hidden_size");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "null"), "hidden_size", "got null");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "18446744073709551615"), "hidden_size");
  EXPECT_ERROR_HAS(v3_with("hidden_size", "2097152"), "hidden_size", "1048576");
  EXPECT_ERROR_HAS(v3_with("vocab_size", "33554432"), "vocab_size");
  EXPECT_ERROR_HAS(v3_with("num_hidden_layers", "1025"), "num_hidden_layers");
  EXPECT_ERROR_HAS(v3_with("qk_rope_head_dim", "63"), "qk_rope_head_dim", "even");
  EXPECT_ERROR_HAS(v3_with("kv_lora_rank", "[512]"), "kv_lora_rank", "got array");
  EXPECT_ERROR_HAS(v3_with("q_lora_rank", "-1"), "q_lora_rank");
  EXPECT_ERROR_HAS(v3_with("topk_group", "9"), "topk_group", "n_group");
  EXPECT_ERROR_HAS(v3_with("num_experts_per_tok", "257"), "num_experts_per_tok");
  {
    json j = json::parse(kDeepSeekV3);
    j["topk_group"] = 1;  // 1 group of 32 experts cannot supply 33
    j["num_experts_per_tok"] = 33;
    EXPECT_ERROR_HAS(j.dump(), "num_experts_per_tok", "topk_group");
    j["num_experts_per_tok"] = 32;
    EXPECT_NO_THROW(parse_model_config(j.dump()));
  }
  EXPECT_ERROR_HAS(v3_with("n_group", "7"), "n_group", "divisible");
  EXPECT_ERROR_HAS(v3_with("n_group", "256"), "n_group", "noaux_tc");
  EXPECT_ERROR_HAS(v3_with("n_group", "null"), "n_group", "required");
  EXPECT_ERROR_HAS(v3_with("first_k_dense_replace", "62"), "first_k_dense_replace");
  EXPECT_ERROR_HAS(v3_with("moe_layer_freq", "2"), "moe_layer_freq");
  EXPECT_ERROR_HAS(v3_with("model_type", R"("llama")"), "model_type", "llama");
  EXPECT_ERROR_HAS(v3_with("model_type", ""), "model_type", "missing");
  EXPECT_ERROR_HAS(v3_with("scoring_func", R"("softmax")"), "scoring_func");
  EXPECT_ERROR_HAS(v3_with("topk_method", R"("greedy")"), "topk_method");
  EXPECT_ERROR_HAS(v3_with("hidden_act", R"("gelu")"), "hidden_act", "gelu");
  EXPECT_ERROR_HAS(v3_with("attention_bias", "true"), "attention_bias");
  EXPECT_ERROR_HAS(v3_with("attention_bias", "1"), "attention_bias", "true or false");
  EXPECT_ERROR_HAS(v3_with("num_key_value_heads", "1"), "num_key_value_heads");
  EXPECT_ERROR_HAS(v3_with("rms_norm_eps", "0"), "rms_norm_eps");
  EXPECT_ERROR_HAS(v3_with("rms_norm_eps", R"("1e-6")"), "rms_norm_eps", "expected a number");
  EXPECT_ERROR_HAS(v3_with("routed_scaling_factor", "-1"), "routed_scaling_factor");
  EXPECT_ERROR_HAS(v3_with("rope_theta", "1"), "rope_theta");
  EXPECT_ERROR_HAS(R"({"model_type": "deepseek_v3", "rope_theta": 1e400})", "config.json",
                   "invalid JSON", "overflow");
  EXPECT_ERROR_HAS(v3_with("bos_token_id", "129280"), "bos_token_id");
  EXPECT_ERROR_HAS(v3_with("eos_token_id", "[1, -2]"), "eos_token_id[1]");
  EXPECT_ERROR_HAS(v3_with("eos_token_id", R"("</s>")"), "eos_token_id");
  EXPECT_ERROR_HAS(v3_with("num_nextn_predict_layers", "1000"), "num_nextn_predict_layers");
  // rope
  EXPECT_ERROR_HAS(v3_with("rope_scaling", R"("yarn")"), "rope_scaling", "object");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.type", R"("dynamic")"), "rope_scaling.type", "dynamic");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.type", "3"), "rope_scaling.type", "string");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.factor", ""), "rope_scaling.factor", "required");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.factor", "0.5"), "rope_scaling.factor");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.original_max_position_embeddings", "0"),
                   "rope_scaling.original_max_position_embeddings");
  {
    json j = json::parse(kDeepSeekV3);
    j["rope_scaling"]["factor"] = nullptr;
    j["max_position_embeddings"] = 2048;  // 2048 / 4096 < 1
    EXPECT_ERROR_HAS(j.dump(), "rope_scaling.factor", "null factor");
  }
  EXPECT_ERROR_HAS(v3_with("num_mtp_layers", "2"), "num_mtp_layers", "num_nextn_predict_layers");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.beta_slow", "-1"), "rope_scaling.beta_slow");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.truncate", "0"), "rope_scaling.truncate");
  EXPECT_ERROR_HAS(v3_with("rope_scaling.partial_rotary_factor", "0.5"),
                   "rope_scaling.partial_rotary_factor");
  // quantization_config
  EXPECT_ERROR_HAS(v3_with("quantization_config.quant_method", R"("awq")"),
                   "quantization_config.quant_method", "awq");
  EXPECT_ERROR_HAS(v3_with("quantization_config.quant_method", ""),
                   "quantization_config.quant_method", "missing");
  EXPECT_ERROR_HAS(v3_with("quantization_config.fmt", R"("e5m2")"), "quantization_config.fmt");
  EXPECT_ERROR_HAS(v3_with("quantization_config.weight_block_size", "[128]"),
                   "quantization_config.weight_block_size");
  EXPECT_ERROR_HAS(v3_with("quantization_config.weight_block_size", "[128, 0]"),
                   "quantization_config.weight_block_size[1]");
  EXPECT_ERROR_HAS(v3_with("quantization_config.weight_block_size", R"([128, "128"])"),
                   "quantization_config.weight_block_size[1]");
  EXPECT_ERROR_HAS(v3_with("quantization_config.activation_scheme", R"("static")"),
                   "quantization_config.activation_scheme");
  EXPECT_ERROR_HAS(v3_with("quantization_config", "[]"), "quantization_config");
  // V2-specific
  json v2 = json::parse(kDeepSeekV2Lite);
  v2["topk_method"] = "noaux_tc";
  EXPECT_ERROR_HAS(v2.dump(), "topk_method", "deepseek_v2");
  v2 = json::parse(kDeepSeekV2Lite);
  v2["topk_method"] = "group_limited_greedy";
  v2["n_group"] = 8;
  v2["topk_group"] = 3;
  EXPECT_NO_THROW(parse_model_config(v2.dump()));
  v2["n_group"] = nullptr;
  EXPECT_ERROR_HAS(v2.dump(), "n_group", "required");
  v2 = json::parse(kDeepSeekV2Lite);
  v2["num_attention_heads"] = 15;
  v2["num_key_value_heads"] = 15;
  EXPECT_ERROR_HAS(v2.dump(), "hidden_size", "num_attention_heads");
}

TEST(Config, MalformedInput) {
  EXPECT_ERROR_HAS("", "config.json", "invalid JSON");
  EXPECT_ERROR_HAS("{", "invalid JSON");
  EXPECT_ERROR_HAS(R"({"model_type": "deepseek_v3"} x)", "invalid JSON");
  EXPECT_ERROR_HAS("[]", "expected a JSON object");
  EXPECT_ERROR_HAS("\"deepseek_v3\"", "expected a JSON object");
  EXPECT_ERROR_HAS(std::string(100, '[') + std::string(100, ']'), "nesting deeper than 64");
  EXPECT_ERROR_HAS(R"({"model_type": "deepseek_v3", "x": NaN})", "invalid JSON");
  // Long hostile strings are cut short in messages.
  const std::string err =
      error_of(R"({"model_type": ")" + std::string(100000, 'A') + "\"}");
  EXPECT_NE(err.find("model_type"), std::string::npos);
  EXPECT_LT(err.size(), 300u);
}

TEST(Config, RoundTrip) {
  for (const char* text : {kDeepSeekV3, kDeepSeekV2Lite, kTf5Style}) {
    const ModelConfig c = parse_model_config(text);
    const std::string out = to_json(c);
    EXPECT_EQ(parse_model_config(out), c) << out;
  }
  // Non-default corners: linear rope, no quant, list eos, null bos, ue8m0,
  // attention_factor, odd doubles.
  ModelConfig c = parse_model_config(kDeepSeekV3);
  c.rope = RopeScaling{};
  c.rope.type = RopeType::Linear;
  c.rope.factor = 2.5;
  c.eos_token_id = {1, 7, 9};
  c.bos_token_id = -1;
  c.rms_norm_eps = 1.0 / 3.0;
  c.rope_theta = 123456.789;
  c.quant.scale_fmt = "ue8m0";
  c.quant.block_n = 64;
  EXPECT_EQ(parse_model_config(to_json(c)), c);
  c.rope = parse_model_config(kDeepSeekV3).rope;
  c.rope.attention_factor = 1.25;
  c.rope.mscale = 0.0;
  c.rope.truncate = false;
  c.quant = Quant{};
  c.eos_token_id.clear();
  c.q_lora_rank = 0;
  c.n_routed_experts = 0;
  EXPECT_EQ(parse_model_config(to_json(c)), c);
}

TEST(Config, ToJsonIsHfStyle) {
  const json j = json::parse(to_json(parse_model_config(kDeepSeekV3)));
  EXPECT_EQ(j["architectures"], json::array({"DeepseekV3ForCausalLM"}));
  EXPECT_EQ(j["rope_scaling"]["type"], "yarn");
  EXPECT_FALSE(j["rope_scaling"].contains("rope_type"));
  EXPECT_EQ(j["quantization_config"]["quant_method"], "fp8");
  EXPECT_EQ(j["quantization_config"]["weight_block_size"], json::array({128, 128}));
  EXPECT_EQ(j["num_key_value_heads"], 128);
  EXPECT_EQ(j["eos_token_id"], 1);
  const json v2 = json::parse(to_json(parse_model_config(kDeepSeekV2Lite)));
  EXPECT_EQ(v2["architectures"], json::array({"DeepseekV2ForCausalLM"}));
  EXPECT_TRUE(v2["q_lora_rank"].is_null());
  EXPECT_FALSE(v2.contains("quantization_config"));
  EXPECT_FALSE(v2.contains("rope_interleave"));
}

TEST(Config, LoadFromFileAndDirectory) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("dseek_cfg_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "config.json") << kDeepSeekV2Lite;
  }
  EXPECT_EQ(load_model_config(dir.string()).num_hidden_layers, 27);
  EXPECT_EQ(load_model_config((dir / "config.json").string()).hidden_size, 2048);
  {
    std::ofstream(dir / "bad.json") << v3_with("hidden_size", "true");
  }
  try {
    load_model_config((dir / "bad.json").string());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("bad.json"), std::string::npos) << msg;
    EXPECT_NE(msg.find("hidden_size"), std::string::npos) << msg;
  }
  EXPECT_THROW(load_model_config((dir / "missing.json").string()), Error);
  {
    std::ofstream big(dir / "big.json");
    big << std::string(kMaxConfigBytes + 1, ' ');
  }
  try {
    load_model_config((dir / "big.json").string());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("exceeds"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Config, JsonNestingDepth) {
  EXPECT_EQ(json_nesting_depth("1", 64), 0);
  EXPECT_EQ(json_nesting_depth("{\"a\": [1, {\"b\": []}]}", 64), 4);
  EXPECT_EQ(json_nesting_depth(R"(["[[[[", "\"[[", {}])", 64), 2);  // brackets in strings
  EXPECT_EQ(json_nesting_depth("]]]]", 64), 0);
  EXPECT_GT(json_nesting_depth(std::string(1000, '['), 64), 64);
  ParseLimits lim;
  lim.max_depth = 3;
  EXPECT_NO_THROW(parse_json_limited("[[[1]]]", lim));
  EXPECT_THROW(parse_json_limited("[[[[1]]]]", lim), Error);
  lim.max_bytes = 4;
  EXPECT_THROW(parse_json_limited("[1,2]", lim), Error);
  // Deep nesting far beyond any stack: rejected by the scan, not a crash.
  EXPECT_THROW(parse_json_limited(std::string(1 << 20, '['), ParseLimits{}), Error);
}

}  // namespace
}  // namespace dseek
