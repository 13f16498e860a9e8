// moe_grad.cpp — MLP / MoE forward+backward and the balance loss (see moe_grad.h).
#include "train/moe_grad.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/check.h"

namespace dseek::train {
namespace {

// Indices of the k largest values (ties: lower index first), descending — as model/moe.cpp.
template <class S>
std::vector<int32_t> topk_indices(const std::vector<S>& v, int64_t k) {
  std::vector<int32_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), [&](int32_t a, int32_t b) {
    return v[size_t(a)] > v[size_t(b)] || (v[size_t(a)] == v[size_t(b)] && a < b);
  });
  idx.resize(size_t(k));
  return idx;
}

// Masks (sets to `masked`) the experts outside the topk_group best groups.
template <class S, class GroupScore>
void mask_groups(const ModelConfig& cfg, std::vector<S>& sc, S masked, GroupScore group_score) {
  const int64_t E = cfg.n_routed_experts, G = cfg.n_group, per = E / G;
  std::vector<S> gs(static_cast<size_t>(G));
  for (int64_t g = 0; g < G; ++g) gs[size_t(g)] = group_score(&sc[size_t(g * per)], per);
  std::vector<bool> kept(size_t(G), false);
  for (int32_t g : topk_indices(gs, cfg.topk_group)) kept[size_t(g)] = true;
  for (int64_t e = 0; e < E; ++e)
    if (!kept[size_t(e / per)]) sc[size_t(e)] = masked;
}

}  // namespace

template <class S>
void mlp_fwd(const GradContext& ctx, const MlpW<S>& w, int64_t hidden, const S* x, int64_t rows, S* y,
             MlpState<S>& st) {
  const int64_t I = w.inter;
  st.g.resize(size_t(rows * I));
  st.u.resize(size_t(rows * I));
  st.a.resize(size_t(rows * I));
  linear_fwd(ctx, w.gate_proj.w, I, hidden, x, rows, st.g.data());
  linear_fwd(ctx, w.up_proj.w, I, hidden, x, rows, st.u.data());
  swiglu_fwd(st.g.data(), st.u.data(), rows * I, st.a.data());
  linear_fwd(ctx, w.down_proj.w, hidden, I, st.a.data(), rows, y);
}

template <class S>
void mlp_bwd(const GradContext& ctx, const MlpW<S>& w, int64_t hidden, const S* x, int64_t rows,
             const MlpState<S>& st, const S* dy, S* dx) {
  const int64_t I = w.inter;
  std::vector<S> da(size_t(rows * I), S(0)), dg(size_t(rows * I), S(0)), du(size_t(rows * I), S(0));
  linear_bwd(ctx, w.down_proj.w, hidden, I, st.a.data(), rows, dy, da.data(), w.down_proj.g);
  swiglu_bwd(st.g.data(), st.u.data(), da.data(), rows * I, dg.data(), du.data());
  linear_bwd(ctx, w.gate_proj.w, I, hidden, x, rows, dg.data(), dx, w.gate_proj.g);
  linear_bwd(ctx, w.up_proj.w, I, hidden, x, rows, du.data(), dx, w.up_proj.g);
}

template <class S>
void route_select(const ModelConfig& cfg, const S* logits, const S* bias, S* scores, int32_t* idx, S* wsel,
                  uint8_t* live) {
  const int64_t E = cfg.n_routed_experts, K = cfg.num_experts_per_tok;
  const S rsf = S(cfg.routed_scaling_factor);
  if (cfg.is_v3()) {
    std::vector<S> sc(static_cast<size_t>(E));
    for (int64_t e = 0; e < E; ++e) {
      scores[e] = sigmoid_s(logits[e]);
      sc[size_t(e)] = scores[e] + (bias ? bias[e] : S(0));
    }
    if (cfg.n_group > 1)
      mask_groups(cfg, sc, S(-INFINITY), [](const S* g, int64_t n) {
        S a = -INFINITY, b = -INFINITY;  // sum of the two largest
        for (int64_t i = 0; i < n; ++i) {
          if (g[i] > a) { b = a; a = g[i]; }
          else if (g[i] > b) b = g[i];
        }
        return n >= 2 ? a + b : a;
      });
    const std::vector<int32_t> top = topk_indices(sc, K);
    S sum = 0;
    for (int32_t e : top) sum += scores[e];
    for (int64_t k = 0; k < K; ++k) {
      idx[k] = top[size_t(k)];
      S wgt = scores[idx[k]];
      if (cfg.norm_topk_prob) wgt /= (sum + S(1e-20));
      wsel[k] = wgt * rsf;
      live[k] = 1;
    }
    return;
  }
  std::copy_n(logits, E, scores);
  softmax_inplace(scores, E);
  std::vector<S> s(scores, scores + E);
  if (cfg.topk_method == "group_limited_greedy") {
    mask_groups(cfg, s, S(0), [](const S* g, int64_t n) { return *std::max_element(g, g + n); });
  } else {
    DSEEK_CHECK(cfg.topk_method == "greedy", "deepseek_v2: unsupported topk_method '{}'", cfg.topk_method);
  }
  const std::vector<int32_t> top = topk_indices(s, K);
  for (int64_t k = 0; k < K; ++k) {
    idx[k] = top[size_t(k)];
    live[k] = s[size_t(idx[k])] == scores[idx[k]] ? 1 : 0;  // 0: masked to 0 by the group limit
    wsel[k] = s[size_t(idx[k])] * rsf;
  }
}

template <class S>
void moe_fwd(const GradContext& ctx, const ModelConfig& cfg, const MoeW<S>& w, const SeqLayout& sl, const S* x,
             S* out, MoeState<S>& st, double aux_alpha) {
  const int64_t N = sl.n(), Hd = cfg.hidden_size, E = cfg.n_routed_experts, K = cfg.num_experts_per_tok;
  DSEEK_CHECK(int64_t(w.experts.size()) == E, "moe: {} experts bound, config has {}", w.experts.size(), E);
  std::vector<S> logits(size_t(N * E));
  linear_fwd(ctx, w.gate.w, E, Hd, x, N, logits.data());
  st.scores.resize(size_t(N * E));
  st.idx.resize(size_t(N * K));
  st.wsel.resize(size_t(N * K));
  st.live.resize(size_t(N * K));
  st.slots.assign(size_t(E), {});
  st.load.assign(size_t(E), 0);
  for (int64_t t = 0; t < N; ++t) {
    route_select(cfg, &logits[size_t(t * E)], w.bias, &st.scores[size_t(t * E)], &st.idx[size_t(t * K)],
                 &st.wsel[size_t(t * K)], &st.live[size_t(t * K)]);
    for (int64_t k = 0; k < K; ++k) {
      const int32_t e = st.idx[size_t(t * K + k)];
      st.slots[size_t(e)].push_back(t * K + k);
      ++st.load[size_t(e)];
    }
  }
  if (w.has_shared) mlp_fwd(ctx, w.shared, Hd, x, N, out, st.shared);
  else std::fill(out, out + N * Hd, S(0));
  st.xs.assign(size_t(E), {});
  st.ys.assign(size_t(E), {});
  st.est.assign(size_t(E), {});
  for (int64_t e = 0; e < E; ++e) {
    const auto& sl_e = st.slots[size_t(e)];
    const int64_t n = int64_t(sl_e.size());
    if (n == 0) continue;
    auto& xs = st.xs[size_t(e)];
    auto& ys = st.ys[size_t(e)];
    xs.resize(size_t(n * Hd));
    ys.resize(size_t(n * Hd));
    for (int64_t r = 0; r < n; ++r) std::copy_n(x + (sl_e[size_t(r)] / K) * Hd, Hd, &xs[size_t(r * Hd)]);
    mlp_fwd(ctx, w.experts[size_t(e)], Hd, xs.data(), n, ys.data(), st.est[size_t(e)]);
    for (int64_t r = 0; r < n; ++r) {
      S* o = out + (sl_e[size_t(r)] / K) * Hd;
      const S wt = st.wsel[size_t(sl_e[size_t(r)])];
      for (int64_t i = 0; i < Hd; ++i) o[i] += wt * ys[size_t(r * Hd + i)];
    }
  }

  // Sequence-wise balance loss.
  st.aux = 0.0;
  st.aux_coef.clear();
  if (aux_alpha <= 0.0 || N == 0) return;
  st.aux_coef.assign(size_t(N * E), S(0));
  const std::vector<int64_t> start = segment_starts(sl);
  std::vector<std::pair<int64_t, int64_t>> seqs;  // [begin, end)
  for (int64_t t = 0; t < N; ++t)
    if (start[size_t(t)] == t) seqs.push_back({t, t + 1});
    else seqs.back().second = t + 1;
  const double inv_nseq = 1.0 / double(seqs.size());
  std::vector<double> cnt(static_cast<size_t>(E)), P(static_cast<size_t>(E));
  for (const auto& [b, e] : seqs) {
    const double Tq = double(e - b);
    std::fill(cnt.begin(), cnt.end(), 0.0);
    std::fill(P.begin(), P.end(), 0.0);
    for (int64_t t = b; t < e; ++t) {
      for (int64_t k = 0; k < K; ++k) cnt[size_t(st.idx[size_t(t * K + k)])] += 1.0;
      const S* s = &st.scores[size_t(t * E)];
      double denom = 0.0;
      if (cfg.is_v3())
        for (int64_t i = 0; i < E; ++i) denom += double(s[i]);
      else
        denom = 1.0;  // softmax probabilities are already normalised
      for (int64_t i = 0; i < E; ++i) P[size_t(i)] += double(s[i]) / denom / Tq;
    }
    double L = 0.0;
    for (int64_t i = 0; i < E; ++i) {
      const double f = double(E) / (double(K) * Tq) * cnt[size_t(i)];
      L += f * P[size_t(i)];
      const S coef = S(aux_alpha * inv_nseq * f / Tq);
      for (int64_t t = b; t < e; ++t) st.aux_coef[size_t(t * E + i)] = coef;
    }
    st.aux += aux_alpha * inv_nseq * L;
  }
}

template <class S>
void moe_bwd(const GradContext& ctx, const ModelConfig& cfg, const MoeW<S>& w, const SeqLayout& sl, const S* x,
             const MoeState<S>& st, const S* dout, S* dx) {
  const int64_t N = sl.n(), Hd = cfg.hidden_size, E = cfg.n_routed_experts, K = cfg.num_experts_per_tok;
  if (w.has_shared) mlp_bwd(ctx, w.shared, Hd, x, N, st.shared, dout, dx);
  std::vector<S> dw(size_t(N * K), S(0));  // ∂L/∂(routing weight)
  std::vector<S> dys, dxs;
  for (int64_t e = 0; e < E; ++e) {
    const auto& sl_e = st.slots[size_t(e)];
    const int64_t n = int64_t(sl_e.size());
    if (n == 0) continue;
    const auto& ys = st.ys[size_t(e)];
    dys.assign(size_t(n * Hd), S(0));
    dxs.assign(size_t(n * Hd), S(0));
    for (int64_t r = 0; r < n; ++r) {
      const int64_t slot = sl_e[size_t(r)];
      const S* g = dout + (slot / K) * Hd;
      const S wt = st.wsel[size_t(slot)];
      S acc = 0;
      for (int64_t i = 0; i < Hd; ++i) {
        dys[size_t(r * Hd + i)] = wt * g[i];
        acc += g[i] * ys[size_t(r * Hd + i)];
      }
      dw[size_t(slot)] = acc;
    }
    mlp_bwd(ctx, w.experts[size_t(e)], Hd, st.xs[size_t(e)].data(), n, st.est[size_t(e)], dys.data(), dxs.data());
    for (int64_t r = 0; r < n; ++r) {
      S* d = dx + (sl_e[size_t(r)] / K) * Hd;
      for (int64_t i = 0; i < Hd; ++i) d[i] += dxs[size_t(r * Hd + i)];
    }
  }
  // Router: routing weights (+ balance loss) → scores → logits.
  const S rsf = S(cfg.routed_scaling_factor);
  std::vector<S> dlogits(size_t(N * E), S(0)), ds(static_cast<size_t>(E));
  for (int64_t t = 0; t < N; ++t) {
    const S* s = &st.scores[size_t(t * E)];
    const int32_t* idx = &st.idx[size_t(t * K)];
    const S* gw = &dw[size_t(t * K)];
    std::fill(ds.begin(), ds.end(), S(0));
    if (cfg.is_v3() && cfg.norm_topk_prob) {
      S sum = 0, cross = 0;  // w_k = rsf · s_k / D, D = Σ_sel s + 1e-20
      for (int64_t k = 0; k < K; ++k) sum += s[idx[k]];
      const S D = sum + S(1e-20);
      for (int64_t k = 0; k < K; ++k) cross += gw[k] * s[idx[k]];
      for (int64_t k = 0; k < K; ++k) ds[size_t(idx[k])] += rsf * (gw[k] / D - cross / (D * D));
    } else {
      for (int64_t k = 0; k < K; ++k)
        if (st.live[size_t(t * K + k)]) ds[size_t(idx[k])] += rsf * gw[k];
    }
    if (!st.aux_coef.empty()) {
      const S* c = &st.aux_coef[size_t(t * E)];
      if (cfg.is_v3()) {  // s' = s / Σ s
        S sum = 0, cs = 0;
        for (int64_t i = 0; i < E; ++i) sum += s[i];
        for (int64_t i = 0; i < E; ++i) cs += c[i] * s[i];
        for (int64_t i = 0; i < E; ++i) ds[size_t(i)] += (c[i] - cs / sum) / sum;
      } else {
        for (int64_t i = 0; i < E; ++i) ds[size_t(i)] += c[i];
      }
    }
    S* dl = &dlogits[size_t(t * E)];
    if (cfg.is_v3()) {
      for (int64_t i = 0; i < E; ++i) dl[i] = ds[size_t(i)] * s[i] * (S(1) - s[i]);
    } else {
      S dot = 0;
      for (int64_t i = 0; i < E; ++i) dot += ds[size_t(i)] * s[i];
      for (int64_t i = 0; i < E; ++i) dl[i] = s[i] * (ds[size_t(i)] - dot);
    }
  }
  linear_bwd(ctx, w.gate.w, E, Hd, x, N, dlogits.data(), dx, w.gate.g);
}

#define DSEEK_MOE_GRAD_INSTANTIATE(S)                                                                            \
  template void mlp_fwd<S>(const GradContext&, const MlpW<S>&, int64_t, const S*, int64_t, S*, MlpState<S>&);   \
  template void mlp_bwd<S>(const GradContext&, const MlpW<S>&, int64_t, const S*, int64_t, const MlpState<S>&,  \
                           const S*, S*);                                                                       \
  template void route_select<S>(const ModelConfig&, const S*, const S*, S*, int32_t*, S*, uint8_t*);             \
  template void moe_fwd<S>(const GradContext&, const ModelConfig&, const MoeW<S>&, const SeqLayout&, const S*,   \
                           S*, MoeState<S>&, double);                                                           \
  template void moe_bwd<S>(const GradContext&, const ModelConfig&, const MoeW<S>&, const SeqLayout&, const S*,   \
                           const MoeState<S>&, const S*, S*);

DSEEK_MOE_GRAD_INSTANTIATE(float)
DSEEK_MOE_GRAD_INSTANTIATE(double)
#undef DSEEK_MOE_GRAD_INSTANTIATE

}  // namespace dseek::train
