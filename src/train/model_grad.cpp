// model_grad.cpp — model-level loss + backward (see model_grad.h): binding the
// parameter tensors by name, decoder layers, final norm + head with chunked
// cross-entropy (logits are never materialised for the whole batch), MTP.
#include "train/model_grad.h"

#include <algorithm>
#include <memory>
#include <string>

#include "core/check.h"
#include "model/rope.h"
#include "train/attn_grad.h"
#include "train/moe_grad.h"

namespace dseek::train {
namespace {

template <class S>
PRef<S> get(const ParamSetView<S>& p, const std::string& name) {
  auto it = p.index->find(name);
  DSEEK_CHECK(it != p.index->end(), "training parameters have no tensor '{}'", name);
  DSEEK_CHECK(it->second < p.tensors.size(), "parameter index of '{}' out of range", name);
  return p.tensors[it->second];
}

template <class S>
bool has(const ParamSetView<S>& p, const std::string& name) {
  return p.index->count(name) != 0;
}

template <class S>
MlpW<S> bind_mlp(const ParamSetView<S>& p, const std::string& pre, int64_t inter) {
  return {get(p, pre + ".gate_proj.weight"), get(p, pre + ".up_proj.weight"), get(p, pre + ".down_proj.weight"),
          inter};
}

template <class S>
struct LayerW {
  PRef<S> in_norm, post_norm;
  MlaW<S> attn;
  bool is_moe = false;
  MlpW<S> mlp;
  MoeW<S> moe;
};

template <class S>
LayerW<S> bind_layer(const ParamSetView<S>& p, int64_t L) {
  const ModelConfig& c = *p.cfg;
  const std::string pre = "model.layers." + std::to_string(L);
  const std::string a = pre + ".self_attn.";
  LayerW<S> w;
  w.in_norm = get(p, pre + ".input_layernorm.weight");
  w.post_norm = get(p, pre + ".post_attention_layernorm.weight");
  if (c.has_q_lora()) {
    w.attn.q_a_proj = get(p, a + "q_a_proj.weight");
    w.attn.q_a_layernorm = get(p, a + "q_a_layernorm.weight");
    w.attn.q_b_proj = get(p, a + "q_b_proj.weight");
  } else {
    w.attn.q_proj = get(p, a + "q_proj.weight");
  }
  w.attn.kv_a_proj_with_mqa = get(p, a + "kv_a_proj_with_mqa.weight");
  w.attn.kv_a_layernorm = get(p, a + "kv_a_layernorm.weight");
  w.attn.kv_b_proj = get(p, a + "kv_b_proj.weight");
  w.attn.o_proj = get(p, a + "o_proj.weight");
  w.is_moe = c.is_moe_layer(L);
  if (!w.is_moe) {
    w.mlp = bind_mlp(p, pre + ".mlp", c.intermediate_size);
    return w;
  }
  w.moe.gate = get(p, pre + ".mlp.gate.weight");
  const std::string bias = pre + ".mlp.gate.e_score_correction_bias";
  if (has(p, bias)) w.moe.bias = get(p, bias).w;
  for (int64_t e = 0; e < c.n_routed_experts; ++e)
    w.moe.experts.push_back(bind_mlp(p, pre + ".mlp.experts." + std::to_string(e), c.moe_intermediate_size));
  w.moe.has_shared = c.n_shared_experts > 0;
  if (w.moe.has_shared)
    w.moe.shared = bind_mlp(p, pre + ".mlp.shared_experts", c.moe_intermediate_size * c.n_shared_experts);
  return w;
}

template <class S>
struct LayerState {
  std::vector<S> h_in, xn1, r1, h_mid, xn2, r2;
  MlaState<S> attn;
  MlpState<S> mlp;
  MoeState<S> moe;
};

struct Ctx {  // what every layer call needs
  const GradContext* gc;
  const ModelConfig* cfg;
  const SeqLayout* sl;
  double aux_alpha;
};

// h [N, hidden] in place: h += attn(norm(h)); h += ffn(norm(h)).
template <class S>
void layer_fwd(const Ctx& cx, const LayerW<S>& w, const RopeCache<S>& rope, S* h, LayerState<S>& st) {
  const ModelConfig& c = *cx.cfg;
  const int64_t N = cx.sl->n(), Hd = c.hidden_size;
  const S eps = S(c.rms_norm_eps);
  std::vector<S> y(size_t(N * Hd));
  st.h_in.assign(h, h + N * Hd);
  st.xn1.resize(size_t(N * Hd));
  st.r1.resize(size_t(N));
  rmsnorm_fwd(h, w.in_norm.w, eps, N, Hd, st.xn1.data(), st.r1.data());
  mla_fwd(*cx.gc, c, w.attn, *cx.sl, rope, st.xn1.data(), y.data(), st.attn);
  for (int64_t i = 0; i < N * Hd; ++i) h[i] += y[size_t(i)];
  st.h_mid.assign(h, h + N * Hd);
  st.xn2.resize(size_t(N * Hd));
  st.r2.resize(size_t(N));
  rmsnorm_fwd(h, w.post_norm.w, eps, N, Hd, st.xn2.data(), st.r2.data());
  if (w.is_moe) moe_fwd(*cx.gc, c, w.moe, *cx.sl, st.xn2.data(), y.data(), st.moe, cx.aux_alpha);
  else mlp_fwd(*cx.gc, w.mlp, Hd, st.xn2.data(), N, y.data(), st.mlp);
  for (int64_t i = 0; i < N * Hd; ++i) h[i] += y[size_t(i)];
}

// dh: in ∂L/∂(layer output), out ∂L/∂(layer input).
template <class S>
void layer_bwd(const Ctx& cx, const LayerW<S>& w, const RopeCache<S>& rope, const LayerState<S>& st, S* dh) {
  const ModelConfig& c = *cx.cfg;
  const int64_t N = cx.sl->n(), Hd = c.hidden_size;
  std::vector<S> dx(size_t(N * Hd), S(0));
  if (w.is_moe) moe_bwd(*cx.gc, c, w.moe, *cx.sl, st.xn2.data(), st.moe, dh, dx.data());
  else mlp_bwd(*cx.gc, w.mlp, Hd, st.xn2.data(), N, st.mlp, dh, dx.data());
  rmsnorm_bwd(st.h_mid.data(), w.post_norm.w, st.r2.data(), dx.data(), N, Hd, dh, w.post_norm.g);  // dh: d h_mid
  std::fill(dx.begin(), dx.end(), S(0));
  mla_bwd(*cx.gc, c, w.attn, *cx.sl, rope, st.xn1.data(), st.attn, dh, dx.data());
  rmsnorm_bwd(st.h_in.data(), w.in_norm.w, st.r1.data(), dx.data(), N, Hd, dh, w.in_norm.g);  // dh: d h_in
}

// Σ CE of head(hn) over counted rows, processed in row chunks; with dhn, also
// dhn += ∂(scale·Σ CE)/∂hn and head.g += ∂/∂W.
template <class S>
double head_ce(const GradContext& gc, const PRef<S>& head, int64_t V, int64_t Hd, const S* hn, const int32_t* tg,
               int64_t N, S scale, S* dhn, const S* row_w = nullptr) {
  // Rows per chunk: logits of a chunk stay under ~2M values (8 MiB in fp32).
  const int64_t kChunk = std::clamp<int64_t>((int64_t(2) << 20) / std::max<int64_t>(V, 1), 32, 1024);
  double total = 0.0;
  const int64_t cap = std::min(kChunk, N) * V;  // both buffers are fully written before being read
  std::unique_ptr<S[]> logits(new S[size_t(cap)]), dlogits(dhn ? new S[size_t(cap)] : nullptr);
  for (int64_t r0 = 0; r0 < N; r0 += kChunk) {
    const int64_t n = std::min(kChunk, N - r0);
    if (std::all_of(tg + r0, tg + r0 + n, [](int32_t t) { return t < 0; })) continue;
    linear_fwd(gc, head.w, V, Hd, hn + r0 * Hd, n, logits.get());
    total += cross_entropy_sum<S>(logits.get(), tg + r0, n, V, scale, dlogits.get(), row_w ? row_w + r0 : nullptr);
    if (dhn) linear_bwd(gc, head.w, V, Hd, hn + r0 * Hd, n, dlogits.get(), dhn + r0 * Hd, head.g);
  }
  return total;
}

}  // namespace

void check_batch(const Batch& b, int64_t vocab) {
  const size_t n = size_t(b.B * b.T);
  DSEEK_CHECK(b.B > 0 && b.T > 0, "empty batch ({} x {})", b.B, b.T);
  DSEEK_CHECK(b.tokens.size() == n && b.targets.size() == n && b.segment.size() == n && b.pos.size() == n,
              "batch arrays must hold B*T = {} entries (tokens {}, targets {}, segment {}, pos {})", n,
              b.tokens.size(), b.targets.size(), b.segment.size(), b.pos.size());
  DSEEK_CHECK(b.loss_weight.empty() || b.loss_weight.size() == n, "batch loss_weight must be empty or hold {} entries, "
              "got {}", n, b.loss_weight.size());
  DSEEK_CHECK(b.shared_prefix >= 0 && b.shared_prefix < b.T, "shared prefix {} must be in [0, T={})", b.shared_prefix,
              b.T);
  if (b.shared_prefix > 0)
    for (int64_t r = 0; r < b.B; ++r) {
      const int32_t* seg = &b.segment[size_t(r * b.T)];
      DSEEK_CHECK(seg[b.shared_prefix - 1] == seg[0] && seg[b.shared_prefix] != seg[0],
                  "batch row {}: the shared prefix ({} tokens) must be exactly the row's first segment", r,
                  b.shared_prefix);
    }
  if (vocab > 0)
    for (size_t i = 0; i < n; ++i) {
      DSEEK_CHECK(b.tokens[i] >= 0 && b.tokens[i] < vocab, "token id {} at row {} is outside the vocabulary [0, {})",
                  b.tokens[i], i, vocab);
      DSEEK_CHECK(b.targets[i] >= -1 && b.targets[i] < vocab, "target {} at row {} is outside [-1, {})",
                  b.targets[i], i, vocab);
      DSEEK_CHECK(b.pos[i] >= 0, "negative position {} at row {}", b.pos[i], i);
    }
}

template <class S>
StepStats model_loss(const GradContext& gc, const ParamSetView<S>& p, const Batch& b, const LossOptions& o,
                     bool backward) {
  const ModelConfig& c = *p.cfg;
  check_batch(b, c.vocab_size);
  DSEEK_CHECK(o.mtp_depth == 0 || o.mtp_depth == 1, "mtp_depth {} unsupported (0 or 1)", o.mtp_depth);
  const bool mtp = o.mtp_depth == 1;
  DSEEK_CHECK(!mtp || c.num_nextn_predict_layers >= 1, "mtp_depth 1 needs an MTP layer (num_nextn_predict_layers)");
  const int64_t N = b.B * b.T, Hd = c.hidden_size, V = c.vocab_size, NL = c.num_hidden_layers;
  const SeqLayout sl{b.B, b.T, b.segment.data(), b.pos.data(), b.shared_prefix};
  const Ctx cx{&gc, &c, &sl, double(o.seq_aux_alpha)};
  const RopeCache<S> rope = make_rope_cache<S>(make_rope_table(c), c.qk_rope_head_dim, b.pos.data(), N);
  const S eps = S(c.rms_norm_eps);

  const PRef<S> embed = get(p, "model.embed_tokens.weight");
  const PRef<S> lm_head = c.tie_word_embeddings ? embed : get(p, "lm_head.weight");
  std::vector<LayerW<S>> lw;
  for (int64_t L = 0; L < NL; ++L) lw.push_back(bind_layer(p, L));

  StepStats stats;
  stats.expert_load.assign(size_t(NL + (mtp ? 1 : 0)), {});
  // ---- main model forward ----
  std::vector<S> h(size_t(N * Hd));
  embedding_fwd(embed.w, V, Hd, b.tokens.data(), N, h.data());
  std::vector<LayerState<S>> ls(static_cast<size_t>(NL));
  for (int64_t L = 0; L < NL; ++L) {
    layer_fwd(cx, lw[size_t(L)], rope, h.data(), ls[size_t(L)]);
    if (lw[size_t(L)].is_moe) {
      stats.expert_load[size_t(L)] = ls[size_t(L)].moe.load;
      stats.aux_loss += ls[size_t(L)].moe.aux;
    }
  }
  std::vector<S> hn(size_t(N * Hd)), rf(static_cast<size_t>(N));
  const PRef<S> fnorm = get(p, "model.norm.weight");
  rmsnorm_fwd(h.data(), fnorm.w, eps, N, Hd, hn.data(), rf.data());
  for (int32_t t : b.targets) stats.tokens += t >= 0 ? 1 : 0;
  std::vector<S> dhn(backward ? size_t(N * Hd) : 0, S(0));
  const S main_scale = stats.tokens > 0 ? S(1.0 / double(stats.tokens)) : S(0);
  std::vector<S> row_w;  // Batch::loss_weight in S
  if (!b.loss_weight.empty()) row_w.assign(b.loss_weight.begin(), b.loss_weight.end());
  const double main_sum = head_ce(gc, lm_head, V, Hd, hn.data(), b.targets.data(), N, main_scale,
                                  backward ? dhn.data() : nullptr, row_w.empty() ? nullptr : row_w.data());
  stats.main_loss = !row_w.empty() ? main_sum : stats.tokens > 0 ? main_sum / double(stats.tokens) : 0.0;

  // ---- MTP (depth 1) ----
  if (mtp) {
    const int64_t ML = NL;
    const std::string pre = "model.layers." + std::to_string(ML);
    const LayerW<S> mw = bind_layer(p, ML);
    const PRef<S> enorm = get(p, pre + ".enorm.weight"), hnorm = get(p, pre + ".hnorm.weight"),
                  eh = get(p, pre + ".eh_proj.weight"), snorm = get(p, pre + ".shared_head.norm.weight"),
                  shead = get(p, pre + ".shared_head.head.weight");
    std::vector<int32_t> next(static_cast<size_t>(N)), mtg(static_cast<size_t>(N));
    for (int64_t i = 0; i < N; ++i) {
      const bool same = (i % b.T) + 1 < b.T && b.segment[size_t(i + 1)] == b.segment[size_t(i)];
      next[size_t(i)] = same ? b.tokens[size_t(i + 1)] : b.tokens[size_t(i)];  // unused row: any valid id
      mtg[size_t(i)] = same ? b.targets[size_t(i + 1)] : -1;
      stats.mtp_tokens += mtg[size_t(i)] >= 0 ? 1 : 0;
    }
    std::vector<S> e(size_t(N * Hd)), en(size_t(N * Hd)), re(static_cast<size_t>(N)), hh(size_t(N * Hd)), rh(static_cast<size_t>(N)),
        cat(size_t(N * 2 * Hd)), m(size_t(N * Hd));
    embedding_fwd(embed.w, V, Hd, next.data(), N, e.data());
    rmsnorm_fwd(e.data(), enorm.w, eps, N, Hd, en.data(), re.data());
    rmsnorm_fwd(hn.data(), hnorm.w, eps, N, Hd, hh.data(), rh.data());
    for (int64_t t = 0; t < N; ++t) {
      std::copy_n(&en[size_t(t * Hd)], Hd, &cat[size_t(t * 2 * Hd)]);
      std::copy_n(&hh[size_t(t * Hd)], Hd, &cat[size_t(t * 2 * Hd + Hd)]);
    }
    linear_fwd(gc, eh.w, Hd, 2 * Hd, cat.data(), N, m.data());
    LayerState<S> mst;
    layer_fwd(cx, mw, rope, m.data(), mst);
    if (mw.is_moe) {
      stats.expert_load[size_t(ML)] = mst.moe.load;
      stats.aux_loss += mst.moe.aux;
    }
    std::vector<S> mn(size_t(N * Hd)), rm(static_cast<size_t>(N));
    rmsnorm_fwd(m.data(), snorm.w, eps, N, Hd, mn.data(), rm.data());
    const S mtp_scale = stats.mtp_tokens > 0 ? S(double(o.mtp_lambda) / double(stats.mtp_tokens)) : S(0);
    std::vector<S> dmn(backward ? size_t(N * Hd) : 0, S(0));
    const double mtp_sum =
        head_ce(gc, shead, V, Hd, mn.data(), mtg.data(), N, mtp_scale, backward ? dmn.data() : nullptr);
    stats.mtp_loss = stats.mtp_tokens > 0 ? mtp_sum / double(stats.mtp_tokens) : 0.0;
    if (backward) {
      std::vector<S> dm(size_t(N * Hd), S(0));
      rmsnorm_bwd(m.data(), snorm.w, rm.data(), dmn.data(), N, Hd, dm.data(), snorm.g);
      layer_bwd(cx, mw, rope, mst, dm.data());
      std::vector<S> dcat(size_t(N * 2 * Hd), S(0)), den(size_t(N * Hd)), dhh(size_t(N * Hd)),
          de(size_t(N * Hd), S(0));
      linear_bwd(gc, eh.w, Hd, 2 * Hd, cat.data(), N, dm.data(), dcat.data(), eh.g);
      for (int64_t t = 0; t < N; ++t) {
        std::copy_n(&dcat[size_t(t * 2 * Hd)], Hd, &den[size_t(t * Hd)]);
        std::copy_n(&dcat[size_t(t * 2 * Hd + Hd)], Hd, &dhh[size_t(t * Hd)]);
      }
      rmsnorm_bwd(e.data(), enorm.w, re.data(), den.data(), N, Hd, de.data(), enorm.g);
      if (embed.g) embedding_bwd(Hd, next.data(), N, de.data(), embed.g);
      rmsnorm_bwd(hn.data(), hnorm.w, rh.data(), dhh.data(), N, Hd, dhn.data(), hnorm.g);
    }
  }
  stats.loss = stats.main_loss + double(o.mtp_lambda) * (mtp ? stats.mtp_loss : 0.0) + stats.aux_loss;
  if (!backward) return stats;

  // ---- main model backward ----
  std::vector<S> dh(size_t(N * Hd), S(0));
  rmsnorm_bwd(h.data(), fnorm.w, rf.data(), dhn.data(), N, Hd, dh.data(), fnorm.g);
  for (int64_t L = NL - 1; L >= 0; --L) layer_bwd(cx, lw[size_t(L)], rope, ls[size_t(L)], dh.data());
  if (embed.g) embedding_bwd(Hd, b.tokens.data(), N, dh.data(), embed.g);
  return stats;
}

template StepStats model_loss<float>(const GradContext&, const ParamSetView<float>&, const Batch&,
                                     const LossOptions&, bool);
template StepStats model_loss<double>(const GradContext&, const ParamSetView<double>&, const Batch&,
                                      const LossOptions&, bool);

ParamSetView<float> make_param_view(TrainParams& p, bool with_grad) {
  ParamSetView<float> v;
  v.cfg = &p.cfg;
  v.index = &p.index;
  for (ParamTensor& t : p.tensors) {
    if (with_grad && t.g.size() != t.w.size()) t.g.assign(t.w.size(), 0.0f);
    v.tensors.push_back({t.w.data(), with_grad && t.trainable ? t.g.data() : nullptr});
  }
  return v;
}

ParamSetView<float> make_param_view(const TrainParams& p) {
  ParamSetView<float> v;
  v.cfg = &p.cfg;
  v.index = &p.index;
  for (const ParamTensor& t : p.tensors) v.tensors.push_back({t.w.data(), nullptr});
  return v;
}

StepStats forward_backward(TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx) {
  return model_loss<float>(ctx, make_param_view(p, true), b, o, true);
}

StepStats loss_stats(const TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx) {
  return model_loss<float>(ctx, make_param_view(p), b, o, false);
}

float loss_only(const TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx) {
  return float(loss_stats(p, b, o, ctx).loss);
}

}  // namespace dseek::train
