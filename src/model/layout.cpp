// layout.cpp — checkpoint_layout / count_params (see layout.h).
#include "model/layout.h"

namespace dseek {
namespace {

void add_mlp(std::vector<TensorSpec>& out, const std::string& p, int64_t hidden, int64_t inter, int64_t layer,
             int64_t expert) {
  out.push_back({p + ".gate_proj.weight", {inter, hidden}, TensorRole::Linear, layer, expert});
  out.push_back({p + ".up_proj.weight", {inter, hidden}, TensorRole::Linear, layer, expert});
  out.push_back({p + ".down_proj.weight", {hidden, inter}, TensorRole::Linear, layer, expert});
}

void add_layer(std::vector<TensorSpec>& out, const ModelConfig& c, int64_t L, bool moe) {
  const std::string p = "model.layers." + std::to_string(L);
  const int64_t Hd = c.hidden_size, H = c.num_attention_heads, dq = c.qk_head_dim();
  out.push_back({p + ".input_layernorm.weight", {Hd}, TensorRole::Norm, L});
  out.push_back({p + ".post_attention_layernorm.weight", {Hd}, TensorRole::Norm, L});
  const std::string a = p + ".self_attn";
  if (c.q_lora_rank > 0) {
    out.push_back({a + ".q_a_proj.weight", {c.q_lora_rank, Hd}, TensorRole::Linear, L});
    out.push_back({a + ".q_a_layernorm.weight", {c.q_lora_rank}, TensorRole::Norm, L});
    out.push_back({a + ".q_b_proj.weight", {H * dq, c.q_lora_rank}, TensorRole::Linear, L});
  } else {
    out.push_back({a + ".q_proj.weight", {H * dq, Hd}, TensorRole::Linear, L});
  }
  out.push_back({a + ".kv_a_proj_with_mqa.weight", {c.kv_lora_rank + c.qk_rope_head_dim, Hd}, TensorRole::Linear, L});
  out.push_back({a + ".kv_a_layernorm.weight", {c.kv_lora_rank}, TensorRole::Norm, L});
  out.push_back({a + ".kv_b_proj.weight", {H * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank},
                 TensorRole::Linear, L});
  out.push_back({a + ".o_proj.weight", {Hd, H * c.v_head_dim}, TensorRole::Linear, L});
  if (!moe) {
    add_mlp(out, p + ".mlp", Hd, c.intermediate_size, L, -1);
    return;
  }
  out.push_back({p + ".mlp.gate.weight", {c.n_routed_experts, Hd}, TensorRole::Router, L});
  if (c.is_v3()) out.push_back({p + ".mlp.gate.e_score_correction_bias", {c.n_routed_experts}, TensorRole::Bias, L});
  for (int64_t e = 0; e < c.n_routed_experts; ++e)
    add_mlp(out, p + ".mlp.experts." + std::to_string(e), Hd, c.moe_intermediate_size, L, e);
  if (c.n_shared_experts > 0)
    add_mlp(out, p + ".mlp.shared_experts", Hd, c.moe_intermediate_size * c.n_shared_experts, L, -1);
}

}  // namespace

std::vector<TensorSpec> checkpoint_layout(const ModelConfig& c, bool with_mtp) {
  std::vector<TensorSpec> out;
  const int64_t V = c.vocab_size, Hd = c.hidden_size;
  out.push_back({"model.embed_tokens.weight", {V, Hd}, TensorRole::Embedding});
  for (int64_t L = 0; L < c.num_hidden_layers; ++L) add_layer(out, c, L, c.is_moe_layer(L));
  out.push_back({"model.norm.weight", {Hd}, TensorRole::Norm});
  if (!c.tie_word_embeddings) out.push_back({"lm_head.weight", {V, Hd}, TensorRole::Head});
  if (with_mtp)
    for (int64_t d = 0; d < c.num_nextn_predict_layers; ++d) {
      const int64_t L = c.num_hidden_layers + d;
      const std::string p = "model.layers." + std::to_string(L);
      out.push_back({p + ".enorm.weight", {Hd}, TensorRole::Norm, L});
      out.push_back({p + ".hnorm.weight", {Hd}, TensorRole::Norm, L});
      out.push_back({p + ".eh_proj.weight", {Hd, 2 * Hd}, TensorRole::Linear, L});
      add_layer(out, c, L, c.n_routed_experts > 0);
      out.push_back({p + ".shared_head.norm.weight", {Hd}, TensorRole::Norm, L});
      out.push_back({p + ".shared_head.head.weight", {V, Hd}, TensorRole::Head, L});
    }
  return out;
}

ActiveCounts count_params(const ModelConfig& c) {
  ActiveCounts a;
  for (const TensorSpec& t : checkpoint_layout(c, false)) {
    int64_t n = 1;
    for (int64_t d : t.shape) n *= d;
    a.total_params += n;
    if (t.role == TensorRole::Embedding) continue;
    if (t.expert >= 0) {
      if (t.expert < c.num_experts_per_tok) a.active_params += n;  // k experts' worth
      continue;
    }
    a.active_params += n;
  }
  if (c.tie_word_embeddings) a.active_params += c.vocab_size * c.hidden_size;
  return a;
}

}  // namespace dseek
