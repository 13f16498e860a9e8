// load.cpp — binds checkpoint tensors to ModelWeights, checking every shape
// and dtype against the config (expected vs got, with the tensor name).
#include <filesystem>

#include "core/check.h"
#include "core/progress.h"
#include "io/config.h"
#include "backend/cpu/gemm.h"
#include "model/model.h"

#include "model/quantize.h"

namespace dseek {
namespace {

bool is_float(DType t) {
  return t == DType::F32 || t == DType::BF16 || t == DType::F16 || t == DType::F8_E4M3 || t == DType::F64;
}

struct Binder {
  const ModelConfig& cfg;
  const Checkpoint& ck;

  TensorView tensor(const std::string& name, std::vector<int64_t> shape) const {
    const TensorView& t = ck.get(name);
    DSEEK_CHECK(t.shape == shape, "tensor '{}': expected shape {}, got {}", name, shape_str(shape),
                shape_str(t.shape));
    DSEEK_CHECK(is_float(t.dtype) && t.dtype != DType::F8_E4M3, "tensor '{}': unsupported dtype {}", name,
                dtype_name(t.dtype));
    return t;
  }

  Linear linear(const std::string& prefix, int64_t out, int64_t in) const {
    Linear l;
    l.out = out;
    l.in = in;
    const std::string wname = prefix + ".weight";
    l.weight = ck.get(wname);
    DSEEK_CHECK(l.weight.shape == (std::vector<int64_t>{out, in}), "tensor '{}': expected shape {}, got {}",
                wname, shape_str({out, in}), shape_str(l.weight.shape));
    DSEEK_CHECK(is_float(l.weight.dtype), "tensor '{}': unsupported dtype {}", wname, dtype_name(l.weight.dtype));
    DSEEK_CHECK(!ck.has(prefix + ".bias"), "tensor '{}.bias': linear biases are not supported", prefix);
    if (l.weight.dtype == DType::F8_E4M3) {
      l.block_n = int(cfg.quant.block_n);
      l.block_k = int(cfg.quant.block_k);
      const std::string sname = prefix + ".weight_scale_inv";
      DSEEK_CHECK(ck.has(sname), "tensor '{}' is F8_E4M3 but '{}' is missing", wname, sname);
      const std::vector<int64_t> sshape = {(out + l.block_n - 1) / l.block_n, (in + l.block_k - 1) / l.block_k};
      l.scale_inv = tensor(sname, sshape);
    }
    return l;
  }

  MLPWeights mlp(const std::string& p, int64_t inter) const {
    const int64_t Hd = cfg.hidden_size;
    return {linear(p + ".gate_proj", inter, Hd), linear(p + ".up_proj", inter, Hd),
            linear(p + ".down_proj", Hd, inter)};
  }

  LayerWeights layer(int64_t L) const {
    const std::string p = "model.layers." + std::to_string(L);
    const int64_t Hd = cfg.hidden_size, H = cfg.num_attention_heads, dn = cfg.qk_nope_head_dim,
                  dr = cfg.qk_rope_head_dim, dv = cfg.v_head_dim, R = cfg.kv_lora_rank;
    LayerWeights lw;
    lw.input_layernorm = tensor(p + ".input_layernorm.weight", {Hd});
    lw.post_attention_layernorm = tensor(p + ".post_attention_layernorm.weight", {Hd});
    MLAWeights& a = lw.self_attn;
    const std::string ap = p + ".self_attn";
    if (cfg.q_lora_rank > 0) {
      a.q_a_proj = linear(ap + ".q_a_proj", cfg.q_lora_rank, Hd);
      a.q_a_layernorm = tensor(ap + ".q_a_layernorm.weight", {cfg.q_lora_rank});
      a.q_b_proj = linear(ap + ".q_b_proj", H * (dn + dr), cfg.q_lora_rank);
    } else {
      a.q_proj = linear(ap + ".q_proj", H * (dn + dr), Hd);
    }
    a.kv_a_proj_with_mqa = linear(ap + ".kv_a_proj_with_mqa", R + dr, Hd);
    a.kv_a_layernorm = tensor(ap + ".kv_a_layernorm.weight", {R});
    a.kv_b_proj = linear(ap + ".kv_b_proj", H * (dn + dv), R);
    a.o_proj = linear(ap + ".o_proj", Hd, H * dv);

    // MTP layers (L >= num_hidden_layers) are always MoE when the model has experts.
    lw.is_moe = L >= cfg.num_hidden_layers ? cfg.n_routed_experts > 0 : cfg.is_moe_layer(int(L));
    if (!lw.is_moe) {
      lw.mlp = mlp(p + ".mlp", cfg.intermediate_size);
      return lw;
    }
    const int64_t E = cfg.n_routed_experts;
    lw.moe.gate = tensor(p + ".mlp.gate.weight", {E, Hd});
    const std::string bname = p + ".mlp.gate.e_score_correction_bias";
    if (cfg.model_type == "deepseek_v3") lw.moe.e_score_correction_bias = tensor(bname, {E});
    lw.moe.experts.reserve(size_t(E));
    for (int64_t e = 0; e < E; ++e)
      lw.moe.experts.push_back(mlp(p + ".mlp.experts." + std::to_string(e), cfg.moe_intermediate_size));
    if (cfg.n_shared_experts > 0) {
      lw.moe.has_shared = true;
      lw.moe.shared_experts = mlp(p + ".mlp.shared_experts", cfg.moe_intermediate_size * cfg.n_shared_experts);
    }
    return lw;
  }
};

}  // namespace

ModelWeights bind_weights(const ModelConfig& cfg, const Checkpoint& ck, const LoadOptions& opt) {
  Binder b{cfg, ck};
  const int64_t V = cfg.vocab_size, Hd = cfg.hidden_size;
  ModelWeights w;
  w.embed_tokens = b.tensor("model.embed_tokens.weight", {V, Hd});
  for (int64_t L = 0; L < cfg.num_hidden_layers; ++L) w.layers.push_back(b.layer(L));
  w.norm = b.tensor("model.norm.weight", {Hd});
  if (cfg.tie_word_embeddings && !ck.has("lm_head.weight")) {
    w.lm_head.weight = w.embed_tokens;
    w.lm_head.out = V;
    w.lm_head.in = Hd;
  } else {
    w.lm_head = b.linear("lm_head", V, Hd);
  }
  if (opt.load_mtp) {
    for (int d = 0; d < cfg.num_nextn_predict_layers; ++d) {
      const int64_t L = cfg.num_hidden_layers + d;
      const std::string p = "model.layers." + std::to_string(L);
      if (!ck.has(p + ".eh_proj.weight")) {
        // Config announces MTP but the checkpoint has none (e.g. saved by transformers): not an error,
        // but nothing to bind. Any *partial* MTP layer is an error below.
        DSEEK_CHECK(!ck.has(p + ".enorm.weight"), "MTP layer {}: eh_proj.weight missing", L);
        break;
      }
      MTPWeights m;
      m.enorm = b.tensor(p + ".enorm.weight", {Hd});
      m.hnorm = b.tensor(p + ".hnorm.weight", {Hd});
      m.eh_proj = b.linear(p + ".eh_proj", Hd, 2 * Hd);
      m.layer = b.layer(L);
      m.shared_head_norm = b.tensor(p + ".shared_head.norm.weight", {Hd});
      m.shared_head_head = ck.has(p + ".shared_head.head.weight") ? b.linear(p + ".shared_head.head", V, Hd)
                                                                  : w.lm_head;
      w.mtp.push_back(std::move(m));
    }
  }
  return w;
}

size_t prefetch_weights(const Model& m, bool progress) {
  size_t total = 0;
  for (const std::string& n : m.ckpt->names()) total += m.ckpt->get(n).nbytes;
  Progress prog("loading", int64_t(total), "B", progress);
  volatile uint8_t sink = 0;
  size_t done = 0;
  for (const std::string& n : m.ckpt->names()) {
    const TensorView& t = m.ckpt->get(n);
    for (size_t i = 0; i < t.nbytes; i += 4096) sink = sink + t.data[i];
    done += t.nbytes;
    prog.update(int64_t(done));
  }
  prog.done();
  return total;
}

namespace {

template <class W, class F>
void for_each_linear(W& w, F&& f) {
  auto mlp = [&](auto& m) {
    f(m.gate_proj);
    f(m.up_proj);
    f(m.down_proj);
  };
  auto layer = [&](auto& L) {
    auto& a = L.self_attn;
    for (auto* l : {&a.q_proj, &a.q_a_proj, &a.q_b_proj, &a.kv_a_proj_with_mqa, &a.kv_b_proj, &a.o_proj}) f(*l);
    if (L.is_moe) {
      for (auto& e : L.moe.experts) mlp(e);
      if (L.moe.has_shared) mlp(L.moe.shared_experts);
    } else {
      mlp(L.mlp);
    }
  };
  for (auto& L : w.layers) layer(L);
  f(w.lm_head);
  for (auto& t : w.mtp) {
    f(t.eh_proj);
    layer(t.layer);
    f(t.shared_head_head);
  }
}

}  // namespace

size_t dequantize_fp8_weights(Model& m) {
  size_t bytes = 0;
  for_each_linear(m.w, [&](Linear& l) {
    if (l.weight.data == nullptr || l.weight.dtype != DType::F8_E4M3) return;
    DSEEK_CHECK(l.scale_inv.dtype == DType::F32, "FP8 scale_inv must be F32 to dequantize, got {}",
                dtype_name(l.scale_inv.dtype));
    const Fp8BlockShape s{l.out, l.in, l.block_n, l.block_k};
    std::vector<float> w(static_cast<size_t>(l.out * l.in));
    dequantize_fp8_blocks(s, l.weight.data, reinterpret_cast<const float*>(l.scale_inv.data), w.data());
    l.weight.dtype = DType::F32;
    l.weight.data = reinterpret_cast<const uint8_t*>(w.data());
    l.weight.nbytes = w.size() * sizeof(float);
    l.scale_inv = TensorView{};
    bytes += l.weight.nbytes;
    size_t off = 0;  // and once in the prefill kernel's panel layout (no per-call packing)
    std::vector<float> packed = cpu::pack_f32_panels(w.data(), l.out, l.in, &off);
    l.packed = packed.data() + off;
    bytes += packed.size() * sizeof(float);
    m.owned.push_back(std::move(w));  // the buffers do not move: the vectors' heap blocks are kept
    m.owned.push_back(std::move(packed));
  });
  return bytes;
}

namespace {

// The linears worth bf16 panels: BF16/F16/FP8 projections, not the output heads
// (prefill computes the logits of one position).
bool wants_bf16_panels(const ModelWeights& w, const Linear& l) {
  if (l.weight.data == nullptr || l.packed_bf16 != nullptr) return false;
  const DType dt = l.weight.dtype;
  if (dt != DType::BF16 && dt != DType::F16 && dt != DType::F8_E4M3) return false;
  if (&l == &w.lm_head) return false;
  for (const MTPWeights& t : w.mtp)
    if (&l == &t.shared_head_head) return false;
  return true;
}

size_t panel_bytes(const Linear& l) {  // rounded up to 64 bytes, so every matrix starts aligned
  return (size_t(cpu::bf16_panel_words(l.out, l.in)) * 4 + 63) / 64 * 64;
}

}  // namespace

size_t bf16_panel_bytes(const Model& m) {
  size_t total = 0;
  for_each_linear(m.w, [&](const Linear& l) {
    if (wants_bf16_panels(m.w, l)) total += panel_bytes(l);
  });
  return total;
}

size_t prepack_bf16_weights(Model& m, ThreadPool& pool, bool progress) {
  const size_t total = bf16_panel_bytes(m);
  if (total == 0) return 0;
  m.panels.emplace_back(total);  // owned by the model first: a throw below leaves no dangling view
  auto* base = static_cast<uint8_t*>(m.panels.back().data());
  Progress prog("bf16 panels", int64_t(total), "B", progress);
  size_t off = 0;
  for_each_linear(m.w, [&](Linear& l) {
    if (!wants_bf16_panels(m.w, l)) return;
    auto* dst = reinterpret_cast<uint32_t*>(base + off);
    cpu::pack_bf16_panels(l, dst, pool);
    l.packed_bf16 = dst;
    off += panel_bytes(l);
    prog.update(int64_t(off));
  });
  prog.done();
  return total;
}

Model load_model(const std::string& dir, const LoadOptions& opt) {
  namespace fs = std::filesystem;
  DSEEK_CHECK(fs::is_directory(dir), "model directory '{}' does not exist or is not a directory", dir);
  Model m;
  m.cfg = load_model_config((fs::path(dir) / "config.json").string());
  m.ckpt = std::make_unique<Checkpoint>(dir, CheckpointOptions{.memory = opt.memory, .progress = opt.progress});
  m.w = bind_weights(m.cfg, *m.ckpt, opt);
  return m;
}

}  // namespace dseek
