// moe.cpp — reference DeepSeekMoE (see moe.h). Semantics follow transformers
// 5.x (docs/hf-semantics.md §5): V3 masks dropped groups with -inf after the
// bias and weights experts by their unbiased sigmoid score; V2 uses softmax,
// masks dropped groups with 0, never renormalises, always scales.
#include "model/moe.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include "backend/cpu/ref_ops.h"
#include "core/check.h"

namespace dseek {

// Indices of the k largest values (ties: lower index first), descending.
static std::vector<int32_t> topk_indices(const std::vector<float>& v, int64_t k) {
  std::vector<int32_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int32_t a, int32_t b) {
    return v[size_t(a)] > v[size_t(b)] || (v[size_t(a)] == v[size_t(b)] && a < b);
  });
  idx.resize(size_t(k));
  return idx;
}

// Keep the topk_group best groups (group score by `group_score`); others get `masked`.
template <typename GroupScore>
static void mask_groups(const ModelConfig& cfg, std::vector<float>& sc, float masked, GroupScore group_score) {
  const int64_t E = cfg.n_routed_experts, G = cfg.n_group, per = E / G;
  std::vector<float> gs(static_cast<size_t>(G));
  for (int64_t g = 0; g < G; ++g) gs[size_t(g)] = group_score(&sc[size_t(g * per)], per);
  std::vector<int32_t> keep = topk_indices(gs, cfg.topk_group);
  std::vector<bool> kept(size_t(G), false);
  for (int32_t g : keep) kept[size_t(g)] = true;
  for (int64_t e = 0; e < E; ++e)
    if (!kept[size_t(e / per)]) sc[size_t(e)] = masked;
}

std::vector<ExpertChoice> route_token(const ModelConfig& cfg, const float* logits, const float* bias) {
  const int64_t E = cfg.n_routed_experts, K = cfg.num_experts_per_tok;
  std::vector<float> s(logits, logits + E);
  std::vector<ExpertChoice> out;
  if (cfg.model_type == "deepseek_v3") {
    // noaux_tc: sigmoid scores, biased selection, unbiased weights.
    for (auto& v : s) v = ref::sigmoid(v);
    std::vector<float> sc = s;
    if (bias)
      for (int64_t e = 0; e < E; ++e) sc[size_t(e)] += bias[e];
    if (cfg.n_group > 1) {
      mask_groups(cfg, sc, -INFINITY, [](const float* g, int64_t n) {
        float a = -INFINITY, b = -INFINITY;  // sum of the two largest
        for (int64_t i = 0; i < n; ++i) {
          if (g[i] > a) { b = a; a = g[i]; }
          else if (g[i] > b) b = g[i];
        }
        return n >= 2 ? a + b : a;
      });
    }
    std::vector<int32_t> idx = topk_indices(sc, K);
    float sum = 0.0f;
    for (int32_t e : idx) sum += s[size_t(e)];
    for (int32_t e : idx) {
      float wgt = s[size_t(e)];
      if (cfg.norm_topk_prob) wgt /= (sum + 1e-20f);
      out.push_back({e, wgt * float(cfg.routed_scaling_factor)});
    }
    return out;
  }
  // deepseek_v2: softmax scores.
  ref::softmax(s.data(), E);
  if (cfg.topk_method == "group_limited_greedy") {
    mask_groups(cfg, s, 0.0f, [](const float* g, int64_t n) { return *std::max_element(g, g + n); });
  } else {
    DSEEK_CHECK(cfg.topk_method == "greedy", "deepseek_v2: unsupported topk_method '{}'", cfg.topk_method);
  }
  for (int32_t e : topk_indices(s, K)) out.push_back({e, s[size_t(e)] * float(cfg.routed_scaling_factor)});
  return out;
}

void mlp_forward(Backend& be, const MLPWeights& w, const float* x, int64_t T, float* out) {
  const int64_t I = w.gate_proj.out;
  // Uninitialised scratch: the linears overwrite every element.
  const std::unique_ptr<float[]> g(new float[size_t(T * I)]), u(new float[size_t(T * I)]);
  be.linear(w.gate_proj, x, T, g.get());
  be.linear(w.up_proj, x, T, u.get());
  be.silu_mul(g.get(), u.get(), T * I);
  be.linear(w.down_proj, g.get(), T, out);
}

void moe_forward(Backend& be, const ModelConfig& cfg, const MoEWeights& w, const float* x, int64_t T, float* out,
                 std::vector<int64_t>* load) {
  const int64_t Hd = cfg.hidden_size, E = cfg.n_routed_experts;
  // Router in fp32 on the stored gate weight.
  const Linear gate = linear_view(w.gate, E, Hd);
  std::vector<float> logits(size_t(T * E));
  be.linear(gate, x, T, logits.data());
  std::vector<float> bias;
  if (!w.e_score_correction_bias.empty()) bias = ref::to_f32(w.e_score_correction_bias);

  // Permute: tokens (and weights) per expert.
  std::vector<std::vector<std::pair<int64_t, float>>> per_expert(static_cast<size_t>(E));
  for (int64_t t = 0; t < T; ++t)
    for (const ExpertChoice& ch : route_token(cfg, &logits[size_t(t * E)], bias.empty() ? nullptr : bias.data()))
      per_expert[size_t(ch.expert)].push_back({t, ch.weight});
  if (load) {
    load->resize(size_t(E), 0);
    for (int64_t e = 0; e < E; ++e) (*load)[size_t(e)] += int64_t(per_expert[size_t(e)].size());
  }

  if (w.has_shared) mlp_forward(be, w.shared_experts, x, T, out);
  else std::fill(out, out + T * Hd, 0.0f);
  std::vector<float> xs, ys;
  for (int64_t e = 0; e < E; ++e) {
    const auto& rows = per_expert[size_t(e)];
    if (rows.empty()) continue;
    const int64_t n = int64_t(rows.size());
    xs.resize(size_t(n * Hd));
    ys.resize(size_t(n * Hd));
    for (int64_t r = 0; r < n; ++r) std::copy_n(x + rows[size_t(r)].first * Hd, Hd, &xs[size_t(r * Hd)]);
    mlp_forward(be, w.experts[size_t(e)], xs.data(), n, ys.data());
    for (int64_t r = 0; r < n; ++r) {
      float* o = out + rows[size_t(r)].first * Hd;
      const float wt = rows[size_t(r)].second;
      for (int64_t i = 0; i < Hd; ++i) o[i] += wt * ys[size_t(r * Hd + i)];
    }
  }
}

}  // namespace dseek
