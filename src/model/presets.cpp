// presets.cpp — preset configs and their random-weight checkpoints (see presets.h).
#include "model/presets.h"

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/check.h"
#include "core/progress.h"
#include "io/config.h"
#include "io/safetensors_stream.h"
#include "model/layout.h"
#include "model/quantize.h"
#include "runtime/rng.h"

namespace fs = std::filesystem;

namespace dseek {

std::vector<std::string> preset_names() { return {"v3-tiny", "v2lite4", "v3-2l", "v3-4l", "v3-16l"}; }

ModelConfig preset_config(const std::string& name) {
  ModelConfig c;  // DeepSeek-V3 defaults
  c.vocab_size = 129280;
  c.num_nextn_predict_layers = 0;
  c.max_position_embeddings = 4096;
  c.rope.type = RopeType::None;
  if (name == "v3-tiny") {
    c.hidden_size = 256;
    c.num_hidden_layers = 2;
    c.first_k_dense_replace = 1;
    c.intermediate_size = 512;
    c.num_attention_heads = 4;
    c.q_lora_rank = 96;
    c.kv_lora_rank = 64;
    c.qk_nope_head_dim = c.qk_rope_head_dim = c.v_head_dim = 32;
    c.n_routed_experts = 8;
    c.num_experts_per_tok = 2;
    c.moe_intermediate_size = 128;
    c.n_shared_experts = 1;
    c.n_group = 4;
    c.topk_group = 2;
    c.num_nextn_predict_layers = 1;
  } else if (name == "v2lite4") {
    c.model_type = "deepseek_v2";
    c.hidden_size = 2048;
    c.num_hidden_layers = 4;
    c.first_k_dense_replace = 1;
    c.intermediate_size = 10944;
    c.num_attention_heads = 16;
    c.q_lora_rank = 0;
    c.kv_lora_rank = 512;
    c.qk_nope_head_dim = 128;
    c.qk_rope_head_dim = 64;
    c.v_head_dim = 128;
    c.n_routed_experts = 64;
    c.num_experts_per_tok = 6;
    c.moe_intermediate_size = 1408;
    c.n_shared_experts = 2;
    c.n_group = 1;
    c.topk_group = 1;
    c.topk_method = "greedy";
    c.scoring_func = "softmax";
    c.norm_topk_prob = false;
    c.routed_scaling_factor = 1.0;
  } else if (name == "v3-2l") {
    c.num_hidden_layers = 2;
    c.first_k_dense_replace = 1;
    c.n_routed_experts = 16;
    c.n_group = 8;
    c.topk_group = 4;
  } else if (name == "v3-4l" || name == "v3-16l") {  // the real V3 layer shapes, all 256 experts, YaRN 128K, MTP
    c.num_hidden_layers = name == "v3-4l" ? 4 : 16;
    c.first_k_dense_replace = 1;
    c.num_nextn_predict_layers = 1;
    c.max_position_embeddings = 163840;
    c.rope.type = RopeType::Yarn;
    c.rope.factor = 40;
    c.rope.original_max_position_embeddings = 4096;
    c.rope.mscale = c.rope.mscale_all_dim = 1.0;
  } else {
    std::string all;
    for (const auto& n : preset_names()) all += (all.empty() ? "" : ", ") + n;
    DSEEK_FAIL("unknown preset '{}' (choose from: {})", name, all);
  }
  return c;
}

namespace {

std::string default_cache_dir() {
  if (const char* d = std::getenv("DSEEK_CACHE"); d && *d) return d;
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : "/tmp") + "/.cache/dseek";
}

// Uniform noise with std 0.02 (deterministic per tensor).
void fill_random(std::vector<float>& v, uint64_t seed, const std::string& name) {
  uint64_t h = seed ^ 0x9e3779b97f4a7c15ull;
  for (char ch : name) h = (h ^ uint8_t(ch)) * 0x100000001b3ull;
  Rng rng(h);
  const float a = 0.02f * 1.7320508f;
  for (float& x : v) x = float((rng.uniform() * 2.0 - 1.0) * a);
}

}  // namespace

std::string materialize_preset(const std::string& name, const PresetOptions& opt) {
  ModelConfig cfg = preset_config(name);
  DSEEK_CHECK(opt.dtype == DType::BF16 || opt.dtype == DType::F32 || opt.dtype == DType::F8_E4M3,
              "preset dtype must be bf16, f32 or fp8, got {}", dtype_name(opt.dtype));
  const bool fp8 = opt.dtype == DType::F8_E4M3;
  if (fp8) cfg.quant.fp8 = true;
  const std::string tag = name + "-" + std::string(fp8 ? "fp8" : opt.dtype == DType::F32 ? "f32" : "bf16") + "-s" +
                          std::to_string(opt.seed);
  const fs::path dir = fs::path(opt.cache_dir.empty() ? default_cache_dir() : opt.cache_dir) / "presets" / tag;
  if (fs::exists(dir / "model.safetensors") && fs::exists(dir / "config.json")) return dir.string();
  fs::create_directories(dir);

  const std::vector<TensorSpec> layout = checkpoint_layout(cfg);
  const DType dense = fp8 ? DType::BF16 : opt.dtype;
  std::vector<TensorDecl> decls;
  int64_t total_bytes = 0;
  for (const TensorSpec& t : layout) {
    DType d = t.role == TensorRole::Bias ? DType::F32 : (fp8 && t.role == TensorRole::Linear ? DType::F8_E4M3 : dense);
    decls.push_back({t.name, d, t.shape});
    int64_t n = 1;
    for (int64_t s : t.shape) n *= s;
    total_bytes += n * int64_t(dtype_size(d));
    if (d == DType::F8_E4M3) {
      Fp8BlockShape bs{t.shape[0], t.shape[1], cfg.quant.block_n, cfg.quant.block_k};
      decls.push_back({t.name.substr(0, t.name.size() - 6) + "weight_scale_inv", DType::F32,
                       {bs.scale_rows(), bs.scale_cols()}});
    }
  }
  // Declarations must match write order: a weight is followed by its scale.
  SafetensorsStreamWriter w((dir / "model.safetensors").string(), decls, {{"format", "pt"}, {"dseek_preset", tag}});
  Progress prog("writing " + tag, total_bytes, "B", opt.progress);
  std::vector<float> v;
  std::vector<uint8_t> bytes, q;
  std::vector<float> scales;
  for (const TensorSpec& t : layout) {
    int64_t n = 1;
    for (int64_t s : t.shape) n *= s;
    v.assign(size_t(n), 1.0f);
    if (t.role != TensorRole::Norm) fill_random(v, opt.seed, t.name);
    if (t.role == TensorRole::Bias) {
      bytes.resize(size_t(n) * 4);
      std::memcpy(bytes.data(), v.data(), bytes.size());
      w.write_next(bytes);
    } else if (fp8 && t.role == TensorRole::Linear) {
      Fp8BlockShape bs{t.shape[0], t.shape[1], cfg.quant.block_n, cfg.quant.block_k};
      q.resize(size_t(n));
      scales.resize(size_t(bs.scale_rows() * bs.scale_cols()));
      quantize_fp8_blocks(bs, v.data(), q.data(), scales.data());
      w.write_next(q);
      w.write_next(std::span(reinterpret_cast<const uint8_t*>(scales.data()), scales.size() * 4));
    } else if (dense == DType::F32) {
      w.write_next(std::span(reinterpret_cast<const uint8_t*>(v.data()), size_t(n) * 4));
    } else {
      bytes.resize(size_t(n) * 2);
      for (int64_t i = 0; i < n; ++i) {
        const uint16_t b = f32_to_bf16(v[size_t(i)]);
        std::memcpy(&bytes[size_t(i) * 2], &b, 2);
      }
      w.write_next(bytes);
    }
    prog.add(n * int64_t(fp8 && t.role == TensorRole::Linear ? 1 : dtype_size(dense)));
  }
  w.finish();
  prog.done();
  const fs::path tmp = dir / "config.json.tmp";
  std::ofstream(tmp) << to_json(cfg);
  fs::rename(tmp, dir / "config.json");
  return dir.string();
}

}  // namespace dseek
