// forward.cpp — the forward pass: embedding → decoder layers (pre-norm MLA +
// MLP/MoE, residuals) → final norm → lm_head; and the MTP module. One code
// path for the oracle (reference backend, naive MLA) and the fast/cached one
// (any backend, absorbed MLA over the latent cache).
#include <algorithm>

#include "backend/cpu/ref_ops.h"
#include "core/check.h"
#include "model/mla.h"
#include "model/model.h"
#include "model/moe.h"

namespace dseek {
namespace {

void embed(const Model& m, std::span<const int32_t> tokens, float* out) {
  const int64_t Hd = m.cfg.hidden_size;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const int32_t id = tokens[t];
    DSEEK_CHECK(id >= 0 && id < m.cfg.vocab_size, "token id {} at position {} is outside the vocabulary [0, {})",
                id, t, m.cfg.vocab_size);
    for (int64_t i = 0; i < Hd; ++i) out[int64_t(t) * Hd + i] = ref::load_f32(m.w.embed_tokens, id * Hd + i);
  }
}

// h[T, hidden] += attn(norm(h)); h += mlp(norm(h)).  `layer` indexes the cache.
void decoder_layer(const Model& m, Backend& be, const LayerWeights& lw, int64_t layer, const RopeTable& rope,
                   float* h, int64_t T, const ForwardOptions& opt) {
  const ModelConfig& c = m.cfg;
  const int64_t Hd = c.hidden_size;
  const float eps = float(c.rms_norm_eps);
  std::vector<float> x(size_t(T * Hd)), y(size_t(T * Hd));
  ref::rmsnorm(h, lw.input_layernorm, eps, T, Hd, x.data());
  const MLAParams mp{&c, &lw.self_attn, &rope, &be};
  const CacheSegment single{opt.cache, 0, T};
  if (!opt.segments.empty()) mla_forward_absorbed(mp, opt.segments, layer, x.data(), T, y.data());
  else if (opt.cache) mla_forward_absorbed(mp, std::span(&single, 1), layer, x.data(), T, y.data());
  else mla_forward_naive(mp, x.data(), T, y.data());
  for (int64_t i = 0; i < T * Hd; ++i) h[i] += y[size_t(i)];
  ref::rmsnorm(h, lw.post_attention_layernorm, eps, T, Hd, x.data());
  if (lw.is_moe) {
    std::vector<int64_t>* load = nullptr;
    if (opt.expert_load) {
      if (opt.expert_load->size() <= size_t(layer)) opt.expert_load->resize(size_t(layer) + 1);
      load = &(*opt.expert_load)[size_t(layer)];
    }
    moe_forward(be, c, lw.moe, x.data(), T, y.data(), load);
  } else {
    mlp_forward(be, lw.mlp, x.data(), T, y.data());
  }
  for (int64_t i = 0; i < T * Hd; ++i) h[i] += y[size_t(i)];
}

void check_positions(const Model& m, int64_t T, const ForwardOptions& opt, int64_t layer) {
  auto check = [&](int64_t start, int64_t n) {
    DSEEK_CHECK(start + n <= m.cfg.max_position_embeddings,
                "context of {} tokens exceeds the model's max_position_embeddings ({})", start + n,
                m.cfg.max_position_embeddings);
  };
  if (!opt.segments.empty()) {
    for (const CacheSegment& s : opt.segments) check(s.cache->length(layer), s.rows);
  } else {
    check(opt.cache ? opt.cache->length(layer) : 0, T);
  }
}

// Logits of all rows, or of the last row (of each segment when batched).
std::vector<float> head(Backend& be, const Linear& lm_head, const float* hn, int64_t T, int64_t Hd,
                        const ForwardOptions& opt) {
  if (opt.all_logits) {
    std::vector<float> logits(size_t(T * lm_head.out));
    be.linear(lm_head, hn, T, logits.data());
    return logits;
  }
  std::vector<int64_t> rows;
  if (opt.segments.empty()) rows.push_back(T - 1);
  for (const CacheSegment& s : opt.segments) rows.push_back(s.row0 + s.rows - 1);
  std::vector<float> x(rows.size() * size_t(Hd)), logits(rows.size() * size_t(lm_head.out));
  for (size_t i = 0; i < rows.size(); ++i) std::copy_n(hn + rows[i] * Hd, Hd, &x[i * size_t(Hd)]);
  be.linear(lm_head, x.data(), int64_t(rows.size()), logits.data());
  return logits;
}

}  // namespace

ForwardResult forward(const Model& m, Backend& be, std::span<const int32_t> tokens, const ForwardOptions& opt) {
  const ModelConfig& c = m.cfg;
  const int64_t T = int64_t(tokens.size()), Hd = c.hidden_size;
  DSEEK_CHECK(T > 0, "empty token sequence");
  check_positions(m, T, opt, 0);
  const RopeTable rope = make_rope_table(c);
  std::vector<float> h(size_t(T * Hd));
  embed(m, tokens, h.data());
  for (size_t L = 0; L < m.w.layers.size(); ++L) decoder_layer(m, be, m.w.layers[L], int64_t(L), rope, h.data(), T, opt);
  ForwardResult r;
  r.hidden.resize(h.size());
  ref::rmsnorm(h.data(), m.w.norm, float(c.rms_norm_eps), T, Hd, r.hidden.data());
  r.logits = head(be, m.w.lm_head, r.hidden.data(), T, Hd, opt);
  return r;
}

std::vector<float> mtp_forward(const Model& m, Backend& be, int depth, std::span<const int32_t> next_tokens,
                               const float* hidden, const ForwardOptions& opt) {
  const ModelConfig& c = m.cfg;
  DSEEK_CHECK(depth >= 0 && size_t(depth) < m.w.mtp.size(), "model has {} MTP module(s), asked for #{}",
              m.w.mtp.size(), depth);
  const MTPWeights& mw = m.w.mtp[size_t(depth)];
  const int64_t T = int64_t(next_tokens.size()), Hd = c.hidden_size, layer = c.num_hidden_layers + depth;
  DSEEK_CHECK(T > 0, "MTP: no input rows");
  check_positions(m, T, opt, layer);
  const float eps = float(c.rms_norm_eps);
  std::vector<float> e(size_t(T * Hd)), hn(size_t(T * Hd)), cat(size_t(T * 2 * Hd)), h(size_t(T * Hd));
  embed(m, next_tokens, e.data());
  ref::rmsnorm(e.data(), mw.enorm, eps, T, Hd, e.data());
  ref::rmsnorm(hidden, mw.hnorm, eps, T, Hd, hn.data());
  for (int64_t t = 0; t < T; ++t) {  // [enorm(embed(t[i+1])) ; hnorm(h[i])]
    std::copy_n(&e[size_t(t * Hd)], Hd, &cat[size_t(t * 2 * Hd)]);
    std::copy_n(&hn[size_t(t * Hd)], Hd, &cat[size_t(t * 2 * Hd + Hd)]);
  }
  be.linear(mw.eh_proj, cat.data(), T, h.data());
  const RopeTable rope = make_rope_table(c);
  decoder_layer(m, be, mw.layer, layer, rope, h.data(), T, opt);
  ref::rmsnorm(h.data(), mw.shared_head_norm, eps, T, Hd, h.data());
  return head(be, mw.shared_head_head, h.data(), T, Hd, opt);
}

LatentCache make_cache(const Model& m, int64_t capacity) {
  return LatentCache(m.cfg.num_hidden_layers + int64_t(m.w.mtp.size()), m.cfg.kv_lora_rank, m.cfg.qk_rope_head_dim,
                     capacity);
}

ForwardResult forward_reference(const Model& m, std::span<const int32_t> tokens) {
  auto be = make_cpu_backend({.reference = true});
  return forward(m, *be, tokens);
}

std::vector<float> mtp_forward_reference(const Model& m, int depth, std::span<const int32_t> tokens,
                                         const std::vector<float>& hidden) {
  DSEEK_CHECK(tokens.size() >= 2, "MTP needs at least 2 tokens");
  const int64_t T = int64_t(tokens.size()) - 1;
  DSEEK_CHECK_EQ(int64_t(hidden.size()), (T + 1) * m.cfg.hidden_size, "MTP hidden size");
  auto be = make_cpu_backend({.reference = true});
  return mtp_forward(m, *be, depth, tokens.subspan(1), hidden.data());
}

}  // namespace dseek
