// config.cpp — config.json <-> ModelConfig (see io/config.h).
// Semantics follow transformers 5.17 (docs/hf-semantics.md): DeepseekV3Config /
// DeepseekV2Config defaults, and RotaryEmbeddingConfigMixin's rules —
// `rope_scaling or rope_parameters` picks the RoPE dict, its "rope_theta" beats
// the top-level one (default 10000), "rope_type" beats "type", "default" means
// no scaling. Everything read is type- and range-checked; unknown keys are
// ignored, as transformers keeps them as plain attributes.
#include "io/config.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/json_util.h"

namespace dseek {
namespace {

using json = nlohmann::json;

// Caps that keep later size arithmetic (products of a few of these) in int64.
constexpr int64_t kMaxDim = int64_t(1) << 20;
constexpr int64_t kMaxVocab = int64_t(1) << 24;
constexpr int64_t kMaxLayers = 1024;
constexpr int64_t kMaxHeads = int64_t(1) << 16;
constexpr int64_t kMaxExperts = int64_t(1) << 16;
constexpr int64_t kMaxPositions = int64_t(1) << 30;
constexpr size_t kMaxEosIds = 1024;

// Short, printable rendering of an untrusted string for error messages.
std::string shown(std::string_view s) {
  std::string out = "\"";
  size_t n = 0;
  for (unsigned char ch : s) {
    if (++n > 64) {
      out += "...";
      break;
    }
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += char(ch);
    } else if (ch < 0x20 || ch >= 0x7f) {
      out += fmt::format("\\x{:02x}", ch);
    } else {
      out += char(ch);
    }
  }
  return out + "\"";
}

// What a JSON value is, for "expected X, got Y" messages.
std::string describe(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string: return "string " + shown(v.get_ref<const std::string&>());
    case json::value_t::number_integer: return fmt::format("{}", v.get<int64_t>());
    case json::value_t::number_unsigned: return fmt::format("{}", v.get<uint64_t>());
    case json::value_t::number_float: return fmt::format("{}", v.get<double>());
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "a non-JSON value";
  }
}

std::string int_kind(int64_t lo) {
  return lo == 1 ? "a positive integer" : lo == 0 ? "a non-negative integer" : "an integer";
}

// Integer in [lo, hi]. Floats are rejected even when integral (transformers
// would hand a float to nn.Linear and fail).
int64_t as_int(const json& v, const std::string& name, int64_t lo, int64_t hi) {
  int64_t x = 0;
  if (v.is_number_integer() && !v.is_number_unsigned()) {
    x = v.get<int64_t>();
  } else if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    DSEEK_CHECK(u <= uint64_t(hi), "{}: expected {} <= {}, got {}", name, int_kind(lo), hi, u);
    x = int64_t(u);
  } else {
    DSEEK_FAIL("{}: expected {}, got {}", name, int_kind(lo), describe(v));
  }
  DSEEK_CHECK(x >= lo && x <= hi, "{}: expected {} in [{}, {}], got {}", name, int_kind(lo), lo,
              hi, x);
  return x;
}

// Finite number in (lo, hi] (lo_open) or [lo, hi]; JSON integers accepted.
double as_num(const json& v, const std::string& name, double lo, double hi, bool lo_open) {
  DSEEK_CHECK(v.is_number(), "{}: expected a number, got {}", name, describe(v));
  const double x = v.get<double>();
  const bool ok = std::isfinite(x) && (lo_open ? x > lo : x >= lo) && x <= hi;
  DSEEK_CHECK(ok, "{}: expected a number in {}{}, {}], got {}", name, lo_open ? "(" : "[", lo, hi,
              x);
  return x;
}

bool as_bool(const json& v, const std::string& name) {
  DSEEK_CHECK(v.is_boolean(), "{}: expected true or false, got {}", name, describe(v));
  return v.get<bool>();
}

std::string as_str(const json& v, const std::string& name) {
  DSEEK_CHECK(v.is_string(), "{}: expected a string, got {}", name, describe(v));
  return v.get<std::string>();
}

// A JSON object and the dotted prefix of its keys in messages.
struct Obj {
  const json& j;
  std::string prefix;  // "" or "rope_scaling."

  const json* find(const char* key) const {
    auto it = j.find(key);
    return it == j.end() ? nullptr : &*it;
  }
  std::string name(const char* key) const { return prefix + key; }

  // Absent -> def; null is an error (transformers would pass None through).
  int64_t int_or(const char* key, int64_t def, int64_t lo, int64_t hi) const {
    const json* v = find(key);
    return v ? as_int(*v, name(key), lo, hi) : def;
  }
  // Absent -> def; null or 0 -> 0 ("None").
  int64_t nullable_int_or(const char* key, int64_t def, int64_t hi) const {
    const json* v = find(key);
    if (!v) return def;
    if (v->is_null()) return 0;
    DSEEK_CHECK(v->is_number_integer(), "{}: expected a non-negative integer or null, got {}",
                name(key), describe(*v));
    return as_int(*v, name(key), 0, hi);
  }
  double num_or(const char* key, double def, double lo, double hi, bool lo_open) const {
    const json* v = find(key);
    return v ? as_num(*v, name(key), lo, hi, lo_open) : def;
  }
  bool bool_or(const char* key, bool def) const {
    const json* v = find(key);
    return v ? as_bool(*v, name(key)) : def;
  }
  std::string str_or(const char* key, const std::string& def) const {
    const json* v = find(key);
    return v ? as_str(*v, name(key)) : def;
  }
};

ModelConfig v3_defaults() { return ModelConfig{}; }  // the struct's initialisers are V3's

// transformers (5.17) DeepseekV2Config defaults.
ModelConfig v2_defaults() {
  ModelConfig c;
  c.model_type = "deepseek_v2";
  c.vocab_size = 102400;
  c.hidden_size = 4096;
  c.intermediate_size = 11008;
  c.moe_intermediate_size = 1407;
  c.num_hidden_layers = 32;
  c.num_attention_heads = 32;
  c.q_lora_rank = 1536;
  c.kv_lora_rank = 512;
  c.qk_nope_head_dim = 128;
  c.qk_rope_head_dim = 64;
  c.v_head_dim = 128;
  c.n_routed_experts = 64;
  c.n_shared_experts = 2;
  c.num_experts_per_tok = 0;  // None
  c.n_group = 0;              // None
  c.topk_group = 0;           // None
  c.topk_method = "greedy";
  c.scoring_func = "softmax";
  c.norm_topk_prob = false;
  c.routed_scaling_factor = 1.0;
  c.first_k_dense_replace = 0;
  c.max_position_embeddings = 2048;
  c.bos_token_id = 1;
  c.eos_token_id = {2};
  c.num_nextn_predict_layers = 0;  // not a DeepseekV2Config field
  return c;
}

void parse_rope(const Obj& top, ModelConfig& c) {
  // transformers: rope_parameters = rope_scaling or rope_parameters (an empty
  // dict is falsy), then setdefault("rope_theta", top-level rope_theta).
  const json* dict = nullptr;
  std::string dict_name;
  for (const char* key : {"rope_scaling", "rope_parameters"}) {
    const json* v = top.find(key);
    if (!v || v->is_null()) continue;
    DSEEK_CHECK(v->is_object(), "{}: expected an object or null, got {}", key, describe(*v));
    if (v->empty()) continue;
    dict = v;
    dict_name = key;
    break;
  }

  const json* theta = dict ? Obj{*dict, ""}.find("rope_theta") : nullptr;
  std::string theta_name = dict_name + ".rope_theta";
  if (!theta) {
    theta = top.find("rope_theta");
    theta_name = "rope_theta";
  }
  // > 1 so that log(base) (YaRN correction range) is positive.
  c.rope_theta = theta ? as_num(*theta, theta_name, 1.0, 1e12, /*lo_open=*/true) : 10000.0;

  c.rope = RopeScaling{};
  if (!dict) return;
  const Obj d{*dict, dict_name + "."};

  std::string type = "default";
  if (const json* t = d.find("rope_type")) type = as_str(*t, d.name("rope_type"));
  else if (const json* t2 = d.find("type")) type = as_str(*t2, d.name("type"));
  const std::string type_key = d.find("rope_type") ? "rope_type" : "type";
  if (type == "default") return;
  DSEEK_CHECK(type == "yarn" || type == "linear",
              "{}{}: unsupported RoPE type {} (supported: \"default\", \"yarn\", \"linear\")",
              d.prefix, type_key, shown(type));

  if (const json* p = d.find("partial_rotary_factor"); p && !p->is_null()) {
    const double f = as_num(*p, d.name("partial_rotary_factor"), 0.0, 1.0, true);
    DSEEK_CHECK(f == 1.0, "{}: only 1.0 is supported, got {}", d.name("partial_rotary_factor"), f);
  }

  RopeScaling& r = c.rope;
  const json* factor = d.find("factor");
  DSEEK_CHECK(factor, "{}: required for rope type {}", d.name("factor"), shown(type));
  if (type == "linear") {
    r.type = RopeType::Linear;
    r.factor = as_num(*factor, d.name("factor"), 1.0, 1e6, /*lo_open=*/false);
    return;
  }

  r.type = RopeType::Yarn;
  // standardize_rope_params: setdefault(original_max_position_embeddings,
  // max_position_embeddings); _compute_yarn_parameters: factor None ->
  // max_position_embeddings / original_max_position_embeddings.
  r.original_max_position_embeddings = d.int_or("original_max_position_embeddings",
                                                c.max_position_embeddings, 1, kMaxPositions);
  if (factor->is_null()) {
    r.factor = double(c.max_position_embeddings) / double(r.original_max_position_embeddings);
    DSEEK_CHECK(r.factor >= 1.0,
                "{}: null factor means max_position_embeddings / original_max_position_embeddings "
                "= {} / {}, which is < 1",
                d.name("factor"), c.max_position_embeddings, r.original_max_position_embeddings);
  } else {
    r.factor = as_num(*factor, d.name("factor"), 1.0, 1e6, /*lo_open=*/false);
  }
  // transformers: `get("beta_fast") or 32` — null and 0 mean the default.
  auto beta = [&](const char* key, double def) {
    const json* v = d.find(key);
    if (!v || v->is_null() || (v->is_number() && v->get<double>() == 0.0)) return def;
    return as_num(*v, d.name(key), 0.0, 1e6, /*lo_open=*/true);
  };
  r.beta_fast = beta("beta_fast", 32.0);
  r.beta_slow = beta("beta_slow", 1.0);
  // mscale / mscale_all_dim: transformers tests truthiness, so null == 0 == absent.
  auto mscale = [&](const char* key) {
    const json* v = d.find(key);
    if (!v || v->is_null()) return 0.0;
    return as_num(*v, d.name(key), 0.0, 1e3, /*lo_open=*/false);
  };
  r.mscale = mscale("mscale");
  r.mscale_all_dim = mscale("mscale_all_dim");
  if (const json* a = d.find("attention_factor"); a && !a->is_null())
    r.attention_factor = as_num(*a, d.name("attention_factor"), 0.0, 1e3, /*lo_open=*/true);
  r.truncate = d.bool_or("truncate", true);
}

void parse_quant(const Obj& top, ModelConfig& c) {
  const json* q = top.find("quantization_config");
  if (!q || q->is_null()) return;
  DSEEK_CHECK(q->is_object(), "quantization_config: expected an object or null, got {}",
              describe(*q));
  const Obj o{*q, "quantization_config."};
  const json* method = o.find("quant_method");
  DSEEK_CHECK(method, "quantization_config.quant_method: missing");
  const std::string m = as_str(*method, o.name("quant_method"));
  DSEEK_CHECK(m == "fp8", "quantization_config.quant_method: only \"fp8\" is supported, got {}",
              shown(m));
  Quant& qt = c.quant;
  qt.fp8 = true;
  qt.fmt = o.str_or("fmt", "e4m3");
  DSEEK_CHECK(qt.fmt == "e4m3", "quantization_config.fmt: only \"e4m3\" is supported, got {}",
              shown(qt.fmt));
  qt.activation_scheme = o.str_or("activation_scheme", "dynamic");
  DSEEK_CHECK(qt.activation_scheme == "dynamic",
              "quantization_config.activation_scheme: only \"dynamic\" is supported, got {}",
              shown(qt.activation_scheme));
  if (const json* s = o.find("scale_fmt"); s && !s->is_null()) {
    qt.scale_fmt = as_str(*s, o.name("scale_fmt"));
    DSEEK_CHECK(qt.scale_fmt == "ue8m0",
                "quantization_config.scale_fmt: only \"ue8m0\" or null is supported, got {}",
                shown(qt.scale_fmt));
  }
  if (const json* b = o.find("weight_block_size")) {
    DSEEK_CHECK(b->is_array() && b->size() == 2,
                "quantization_config.weight_block_size: expected [block_n, block_k] (2 positive "
                "integers), got {}",
                b->is_array() ? fmt::format("{} elements", b->size()) : describe(*b));
    qt.block_n = as_int((*b)[0], "quantization_config.weight_block_size[0]", 1, kMaxDim);
    qt.block_k = as_int((*b)[1], "quantization_config.weight_block_size[1]", 1, kMaxDim);
  }
}

void parse_token_ids(const Obj& top, ModelConfig& c) {
  if (const json* b = top.find("bos_token_id"))
    c.bos_token_id = b->is_null() ? -1 : as_int(*b, "bos_token_id", 0, c.vocab_size - 1);
  if (const json* e = top.find("eos_token_id")) {
    c.eos_token_id.clear();
    if (e->is_array()) {
      DSEEK_CHECK(e->size() <= kMaxEosIds, "eos_token_id: more than {} ids", kMaxEosIds);
      for (size_t i = 0; i < e->size(); ++i)
        c.eos_token_id.push_back(
            as_int((*e)[i], fmt::format("eos_token_id[{}]", i), 0, c.vocab_size - 1));
    } else if (!e->is_null()) {
      c.eos_token_id.push_back(as_int(*e, "eos_token_id", 0, c.vocab_size - 1));
    }
  } else {
    for (int64_t id : c.eos_token_id)
      DSEEK_CHECK(id < c.vocab_size, "eos_token_id: default {} is outside vocab_size {}", id,
                  c.vocab_size);
  }
  if (!top.find("bos_token_id"))
    DSEEK_CHECK(c.bos_token_id < c.vocab_size, "bos_token_id: default {} is outside vocab_size {}",
                c.bos_token_id, c.vocab_size);
}

// Routing settings: only what transformers (and the released remote code)
// implement for each model_type.
void check_moe(ModelConfig& c) {
  const bool v3 = c.is_v3();
  if (v3) {
    DSEEK_CHECK(c.topk_method == "noaux_tc",
                "topk_method: deepseek_v3 supports only \"noaux_tc\", got {}", shown(c.topk_method));
    DSEEK_CHECK(c.scoring_func == "sigmoid",
                "scoring_func: deepseek_v3 supports only \"sigmoid\", got {}", shown(c.scoring_func));
  } else {
    DSEEK_CHECK(c.topk_method == "greedy" || c.topk_method == "group_limited_greedy",
                "topk_method: deepseek_v2 supports \"greedy\" or \"group_limited_greedy\", got {}",
                shown(c.topk_method));
    DSEEK_CHECK(c.scoring_func == "softmax",
                "scoring_func: deepseek_v2 supports only \"softmax\", got {}", shown(c.scoring_func));
  }
  if (c.n_group > 0 && c.n_routed_experts > 0)
    DSEEK_CHECK(c.n_routed_experts % c.n_group == 0,
                "n_group: n_routed_experts ({}) is not divisible by n_group ({})", c.n_routed_experts,
                c.n_group);
  if (c.n_group > 0)
    DSEEK_CHECK(c.topk_group <= c.n_group, "topk_group: {} exceeds n_group ({})", c.topk_group,
                c.n_group);

  const bool moe_used =
      c.n_routed_experts > 0 && c.first_k_dense_replace < c.num_layers_with_mtp();
  if (!moe_used) return;
  DSEEK_CHECK(c.num_experts_per_tok >= 1 && c.num_experts_per_tok <= c.n_routed_experts,
              "num_experts_per_tok: expected an integer in [1, n_routed_experts = {}], got {}",
              c.n_routed_experts, c.num_experts_per_tok == 0 ? "null" : fmt::format("{}", c.num_experts_per_tok));
  if (c.topk_method != "greedy") {  // group-limited routing
    DSEEK_CHECK(c.n_group >= 1, "n_group: required (>= 1) for topk_method {}",
                shown(c.topk_method));
    DSEEK_CHECK(c.topk_group >= 1, "topk_group: required (>= 1) for topk_method {}",
                shown(c.topk_method));
    const int64_t per_group = c.n_routed_experts / c.n_group;
    if (c.topk_method == "noaux_tc")  // group score = sum of the top-2 experts of the group
      DSEEK_CHECK(per_group >= 2, "n_group: noaux_tc needs >= 2 experts per group, got {} / {}",
                  c.n_routed_experts, c.n_group);
    DSEEK_CHECK(c.num_experts_per_tok <= c.topk_group * per_group,
                "num_experts_per_tok: {} exceeds the {} experts in topk_group ({}) groups",
                c.num_experts_per_tok, c.topk_group * per_group, c.topk_group);
  }
}

ModelConfig parse_config_object(const json& j) {
  DSEEK_CHECK(j.is_object(), "config: expected a JSON object, got {}", describe(j));
  const Obj top{j, ""};

  const json* mt = top.find("model_type");
  DSEEK_CHECK(mt, "model_type: missing (expected \"deepseek_v3\" or \"deepseek_v2\")");
  const std::string type = as_str(*mt, "model_type");
  DSEEK_CHECK(type == "deepseek_v3" || type == "deepseek_v2",
              "model_type: expected \"deepseek_v3\" or \"deepseek_v2\", got {}", shown(type));
  ModelConfig c = type == "deepseek_v3" ? v3_defaults() : v2_defaults();

  c.vocab_size = top.int_or("vocab_size", c.vocab_size, 1, kMaxVocab);
  c.hidden_size = top.int_or("hidden_size", c.hidden_size, 1, kMaxDim);
  c.intermediate_size = top.int_or("intermediate_size", c.intermediate_size, 1, kMaxDim);
  c.moe_intermediate_size = top.int_or("moe_intermediate_size", c.moe_intermediate_size, 1, kMaxDim);
  c.num_hidden_layers = top.int_or("num_hidden_layers", c.num_hidden_layers, 1, kMaxLayers);
  c.num_attention_heads = top.int_or("num_attention_heads", c.num_attention_heads, 1, kMaxHeads);

  c.q_lora_rank = top.nullable_int_or("q_lora_rank", c.q_lora_rank, kMaxDim);
  c.kv_lora_rank = top.int_or("kv_lora_rank", c.kv_lora_rank, 1, kMaxDim);
  c.qk_nope_head_dim = top.int_or("qk_nope_head_dim", c.qk_nope_head_dim, 1, kMaxDim);
  c.qk_rope_head_dim = top.int_or("qk_rope_head_dim", c.qk_rope_head_dim, 2, kMaxDim);
  DSEEK_CHECK(c.qk_rope_head_dim % 2 == 0, "qk_rope_head_dim: must be even, got {}",
              c.qk_rope_head_dim);
  c.v_head_dim = top.int_or("v_head_dim", c.v_head_dim, 1, kMaxDim);

  // attribute_map aliases: V3 num_local_experts, V2 num_experts.
  const char* experts_key = "n_routed_experts";
  if (!top.find(experts_key)) experts_key = c.is_v3() ? "num_local_experts" : "num_experts";
  c.n_routed_experts = top.nullable_int_or(experts_key, c.n_routed_experts, kMaxExperts);
  c.n_shared_experts = top.nullable_int_or("n_shared_experts", c.n_shared_experts, kMaxExperts);
  c.num_experts_per_tok =
      top.nullable_int_or("num_experts_per_tok", c.num_experts_per_tok, kMaxExperts);
  c.n_group = top.nullable_int_or("n_group", c.n_group, kMaxExperts);
  c.topk_group = top.nullable_int_or("topk_group", c.topk_group, kMaxExperts);
  c.topk_method = top.str_or("topk_method", c.topk_method);
  c.scoring_func = top.str_or("scoring_func", c.scoring_func);
  if (const json* v = top.find("norm_topk_prob"))  // V2 annotates bool | None
    c.norm_topk_prob = v->is_null() ? false : as_bool(*v, "norm_topk_prob");
  c.routed_scaling_factor =
      top.num_or("routed_scaling_factor", c.routed_scaling_factor, 0.0, 1e6, /*lo_open=*/true);
  c.first_k_dense_replace =
      top.int_or("first_k_dense_replace", c.first_k_dense_replace, 0, kMaxLayers);
  DSEEK_CHECK(c.first_k_dense_replace <= c.num_hidden_layers,
              "first_k_dense_replace: {} exceeds num_hidden_layers ({})", c.first_k_dense_replace,
              c.num_hidden_layers);
  c.moe_layer_freq = top.int_or("moe_layer_freq", 1, 1, kMaxLayers);
  DSEEK_CHECK(c.moe_layer_freq == 1,
              "moe_layer_freq: only 1 is supported (transformers ignores it), got {}",
              c.moe_layer_freq);

  c.max_position_embeddings =
      top.int_or("max_position_embeddings", c.max_position_embeddings, 1, kMaxPositions);
  parse_rope(top, c);
  // transformers' V2 applies RoPE as complex multiplication (interleaved
  // pairs) and never reads rope_interleave; only V3 honours the key.
  c.rope_interleave = c.is_v3() ? top.bool_or("rope_interleave", true) : true;
  c.rms_norm_eps = top.num_or("rms_norm_eps", c.rms_norm_eps, 0.0, 1.0, /*lo_open=*/true);
  c.tie_word_embeddings = top.bool_or("tie_word_embeddings", c.tie_word_embeddings);
  if (c.is_v3()) {  // 5.x field num_mtp_layers, aliased by num_nextn_predict_layers
    const int64_t mtp = top.int_or("num_mtp_layers", c.num_nextn_predict_layers, 0, kMaxLayers);
    c.num_nextn_predict_layers = top.int_or("num_nextn_predict_layers", mtp, 0, kMaxLayers);
    DSEEK_CHECK(!top.find("num_mtp_layers") || mtp == c.num_nextn_predict_layers,
                "num_mtp_layers: {} disagrees with num_nextn_predict_layers ({})", mtp,
                c.num_nextn_predict_layers);
  }
  DSEEK_CHECK(c.num_layers_with_mtp() <= kMaxLayers,
              "num_nextn_predict_layers: num_hidden_layers + num_nextn_predict_layers = {} exceeds "
              "{}",
              c.num_layers_with_mtp(), kMaxLayers);
  parse_token_ids(top, c);

  c.hidden_act = top.str_or("hidden_act", c.hidden_act);
  DSEEK_CHECK(c.hidden_act == "silu", "hidden_act: only \"silu\" is supported, got {}",
              shown(c.hidden_act));
  c.attention_bias = top.bool_or("attention_bias", false);
  DSEEK_CHECK(!c.attention_bias, "attention_bias: only false is supported");
  DSEEK_CHECK(!top.bool_or("mlp_bias", false), "mlp_bias: only false is supported");
  if (const json* kv = top.find("num_key_value_heads"); kv && !kv->is_null()) {
    const int64_t n = as_int(*kv, "num_key_value_heads", 1, kMaxHeads);
    DSEEK_CHECK(n == c.num_attention_heads,
                "num_key_value_heads: MLA needs num_key_value_heads == num_attention_heads ({}), "
                "got {}",
                c.num_attention_heads, n);
  }
  if (!c.is_v3())  // DeepseekV2Config.validate_architecture
    DSEEK_CHECK(c.hidden_size % c.num_attention_heads == 0,
                "hidden_size: {} is not a multiple of num_attention_heads ({})", c.hidden_size,
                c.num_attention_heads);

  check_moe(c);
  parse_quant(top, c);
  return c;
}

}  // namespace

ModelConfig parse_model_config(const std::string& json_text) {
  ParseLimits limits;
  limits.max_bytes = kMaxConfigBytes;
  return parse_config_object(parse_json_limited(json_text, limits, "config.json"));
}

ModelConfig load_model_config(const std::string& path_or_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path_or_dir);
  if (fs::is_directory(p, ec)) p /= "config.json";
  const auto st = fs::status(p, ec);
  DSEEK_CHECK(!ec && fs::exists(st), "{}: no such file", p.string());
  DSEEK_CHECK(fs::is_regular_file(st), "{}: not a regular file", p.string());
  const auto size = fs::file_size(p, ec);
  DSEEK_CHECK(!ec, "{}: cannot stat: {}", p.string(), ec.message());
  DSEEK_CHECK(size <= kMaxConfigBytes, "{}: {} bytes exceeds the limit of {} bytes", p.string(),
              size, kMaxConfigBytes);
  std::ifstream f(p, std::ios::binary);
  DSEEK_CHECK(f.good(), "{}: cannot open", p.string());
  std::string text(size_t(size), '\0');
  f.read(text.data(), std::streamsize(size));
  DSEEK_CHECK(f.gcount() == std::streamsize(size), "{}: short read", p.string());
  try {
    return parse_model_config(text);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", p.string(), e.what()));
  }
}

std::string to_json(const ModelConfig& c) {
  auto nullable = [](int64_t v) { return v > 0 ? json(v) : json(nullptr); };
  json o = json::object();
  o["architectures"] = json::array({c.is_v3() ? "DeepseekV3ForCausalLM" : "DeepseekV2ForCausalLM"});
  o["model_type"] = c.model_type;
  o["vocab_size"] = c.vocab_size;
  o["hidden_size"] = c.hidden_size;
  o["intermediate_size"] = c.intermediate_size;
  o["moe_intermediate_size"] = c.moe_intermediate_size;
  o["num_hidden_layers"] = c.num_hidden_layers;
  o["num_attention_heads"] = c.num_attention_heads;
  // transformers' V3 default is 128 regardless of num_attention_heads.
  o["num_key_value_heads"] = c.num_attention_heads;
  o["q_lora_rank"] = nullable(c.q_lora_rank);
  o["kv_lora_rank"] = c.kv_lora_rank;
  o["qk_nope_head_dim"] = c.qk_nope_head_dim;
  o["qk_rope_head_dim"] = c.qk_rope_head_dim;
  o["v_head_dim"] = c.v_head_dim;
  o["n_routed_experts"] = nullable(c.n_routed_experts);
  o["n_shared_experts"] = c.n_shared_experts;
  o["num_experts_per_tok"] = nullable(c.num_experts_per_tok);
  o["n_group"] = nullable(c.n_group);
  o["topk_group"] = nullable(c.topk_group);
  o["topk_method"] = c.topk_method;
  o["scoring_func"] = c.scoring_func;
  o["norm_topk_prob"] = c.norm_topk_prob;
  o["routed_scaling_factor"] = c.routed_scaling_factor;
  o["first_k_dense_replace"] = c.first_k_dense_replace;
  o["moe_layer_freq"] = c.moe_layer_freq;
  o["rope_theta"] = c.rope_theta;
  if (c.is_v3()) o["rope_interleave"] = c.rope_interleave;
  o["max_position_embeddings"] = c.max_position_embeddings;
  o["rms_norm_eps"] = c.rms_norm_eps;
  o["tie_word_embeddings"] = c.tie_word_embeddings;
  if (c.is_v3()) o["num_nextn_predict_layers"] = c.num_nextn_predict_layers;
  o["bos_token_id"] = c.bos_token_id >= 0 ? json(c.bos_token_id) : json(nullptr);
  if (c.eos_token_id.empty()) o["eos_token_id"] = nullptr;
  else if (c.eos_token_id.size() == 1) o["eos_token_id"] = c.eos_token_id[0];
  else o["eos_token_id"] = c.eos_token_id;
  o["hidden_act"] = c.hidden_act;
  o["attention_bias"] = c.attention_bias;

  const RopeScaling& r = c.rope;
  if (r.type == RopeType::None) {
    o["rope_scaling"] = nullptr;
  } else {
    json rs = {{"type", rope_type_name(r.type)}, {"factor", r.factor}};
    if (r.type == RopeType::Yarn) {
      rs["original_max_position_embeddings"] = r.original_max_position_embeddings;
      rs["beta_fast"] = r.beta_fast;
      rs["beta_slow"] = r.beta_slow;
      if (r.mscale != 0.0) rs["mscale"] = r.mscale;
      if (r.mscale_all_dim != 0.0) rs["mscale_all_dim"] = r.mscale_all_dim;
      if (r.attention_factor != 0.0) rs["attention_factor"] = r.attention_factor;
      if (!r.truncate) rs["truncate"] = false;
    }
    o["rope_scaling"] = std::move(rs);
  }

  if (c.quant.fp8) {
    json q = {{"quant_method", "fp8"},
              {"fmt", c.quant.fmt},
              {"activation_scheme", c.quant.activation_scheme},
              {"weight_block_size", {c.quant.block_n, c.quant.block_k}}};
    if (!c.quant.scale_fmt.empty()) q["scale_fmt"] = c.quant.scale_fmt;
    o["quantization_config"] = std::move(q);
  }
  return o.dump(2) + "\n";
}

}  // namespace dseek
