// attn_grad.cpp — MLA forward/backward for training (see attn_grad.h).
// The core attention recomputes probabilities in the backward from the saved
// log-sum-exp (no [T, T] matrices are stored), parallel over (row, head).
#include "train/attn_grad.h"

#include <algorithm>
#include <cmath>

#include "core/check.h"
#include "model/mla.h"
#include "train/attn_gemm.h"

namespace dseek::train {
namespace {

// Σ a[i]·b[i] with 8 independent partial sums: the compiler turns the inner
// fixed-size loop into one SIMD multiply-add without reassociating a single
// accumulator (which it may not do under strict IEEE semantics). The order is
// fixed, so results are deterministic.
template <class S>
inline S dot(const S* a, const S* b, int64_t n) {
  S acc[8] = {};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8)
    for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  S s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}

}  // namespace

template <class S>
void attention_fwd(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, S scale, const S* q, const S* kv,
                   const S* kpe, S* out, S* lse) {
  if constexpr (std::is_same_v<S, float>) {
    if (ctx.attention_gemm) return attention_fwd_gemm(ctx, d, sl, scale, q, kv, kpe, out, lse);
  }
  const std::vector<int64_t> start = segment_starts(sl);
  const int64_t H = d.H, dn = d.dn, dr = d.dr, dv = d.dv, dq = d.dq(), dkv = dn + dv, T = sl.T;
  grad_pool(ctx).parallel_for(sl.B * H, [&](int64_t b0, int64_t b1) {
    std::vector<S> p(static_cast<size_t>(T));
    for (int64_t job = b0; job < b1; ++job) {
      const int64_t b = job / H, h = job % H;
      for (int64_t t = b * T; t < (b + 1) * T; ++t) {
        const S* qh = q + (t * H + h) * dq;
        const KeyRanges kr = key_ranges(sl, start, t);
        S m = -INFINITY;
        kr.each([&](int64_t s, int64_t j) {
          const S* kn = kv + (s * H + h) * dkv;
          const S* kp = kpe + s * dr;
          p[size_t(j)] = (dot(qh, kn, dn) + dot(qh + dn, kp, dr)) * scale;
          m = std::max(m, p[size_t(j)]);
        });
        S sum = 0;
        for (int64_t j = 0; j < kr.count(); ++j) sum += (p[size_t(j)] = std::exp(p[size_t(j)] - m));
        lse[t * H + h] = m + std::log(sum);
        S* o = out + (t * H + h) * dv;
        std::fill(o, o + dv, S(0));
        kr.each([&](int64_t s, int64_t j) {
          const S ps = p[size_t(j)] / sum;
          const S* vs = kv + (s * H + h) * dkv + dn;
          for (int64_t i = 0; i < dv; ++i) o[i] += ps * vs[i];
        });
      }
    }
  }, 1);
}

template <class S>
void attention_bwd(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, S scale, const S* q, const S* kv,
                   const S* kpe, const S* out, const S* lse, const S* dout, S* dq, S* dkv, S* dkpe) {
  if constexpr (std::is_same_v<S, float>) {
    if (ctx.attention_gemm) return attention_bwd_gemm(ctx, d, sl, scale, q, kv, kpe, out, lse, dout, dq, dkv, dkpe);
  }
  const std::vector<int64_t> start = segment_starts(sl);
  const int64_t H = d.H, dn = d.dn, dr = d.dr, dv = d.dv, dqw = d.dq(), dkvw = dn + dv, T = sl.T, N = sl.n();
  // k_pe is shared by the heads: each head accumulates into its own slice, summed after.
  std::vector<S> dkpe_h(dkpe ? size_t(H * N * dr) : 0, S(0));
  grad_pool(ctx).parallel_for(sl.B * H, [&](int64_t b0, int64_t b1) {
    std::vector<S> p(static_cast<size_t>(T)), qg(static_cast<size_t>(dqw));
    for (int64_t job = b0; job < b1; ++job) {
      const int64_t b = job / H, h = job % H;
      S* dkp_h = dkpe ? &dkpe_h[size_t(h * N * dr)] : nullptr;
      for (int64_t t = b * T; t < (b + 1) * T; ++t) {
        const S* qh = q + (t * H + h) * dqw;
        const S* go = dout + (t * H + h) * dv;
        const S* o = out + (t * H + h) * dv;
        const S D = dot(go, o, dv);  // Σ_s p_s (go · v_s) = go · o
        const S l = lse[t * H + h];
        std::fill(qg.begin(), qg.end(), S(0));
        key_ranges(sl, start, t).each([&](int64_t s, int64_t) {
          const S* kn = kv + (s * H + h) * dkvw;
          const S* kp = kpe + s * dr;
          const S* vs = kn + dn;
          const S qk = dot(qh, kn, dn) + dot(qh + dn, kp, dr), dp = dot(go, vs, dv);
          const S ps = std::exp(qk * scale - l);
          const S dz = ps * (dp - D) * scale;  // ∂L/∂(q·k)
          for (int64_t i = 0; i < dn; ++i) qg[size_t(i)] += dz * kn[i];
          for (int64_t i = 0; i < dr; ++i) qg[size_t(dn + i)] += dz * kp[i];
          if (dkv) {
            S* gk = dkv + (s * H + h) * dkvw;
            for (int64_t i = 0; i < dn; ++i) gk[i] += dz * qh[i];
            for (int64_t i = 0; i < dv; ++i) gk[dn + i] += ps * go[i];
          }
          if (dkp_h)
            for (int64_t i = 0; i < dr; ++i) dkp_h[s * dr + i] += dz * qh[dn + i];
        });
        if (dq) {
          S* g = dq + (t * H + h) * dqw;
          for (int64_t i = 0; i < dqw; ++i) g[i] += qg[size_t(i)];
        }
      }
    }
  }, 1);
  if (dkpe)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < N * dr; ++i) dkpe[i] += dkpe_h[size_t(h * N * dr + i)];
}

template <class S>
void mla_fwd(const GradContext& ctx, const ModelConfig& c, const MlaW<S>& w, const SeqLayout& sl,
             const RopeCache<S>& rope, const S* x, S* out, MlaState<S>& st) {
  const AttnDims d = AttnDims::of(c);
  const int64_t N = sl.n(), Hd = c.hidden_size, R = c.kv_lora_rank, Rq = c.q_lora_rank, dq = d.dq();
  const S eps = S(kLatentNormEps);
  st.q.assign(size_t(N * d.H * dq), S(0));
  if (c.has_q_lora()) {
    st.qa.resize(size_t(N * Rq));
    st.qa_r.resize(size_t(N));
    st.qan.resize(size_t(N * Rq));
    linear_fwd(ctx, w.q_a_proj.w, Rq, Hd, x, N, st.qa.data());
    rmsnorm_fwd(st.qa.data(), w.q_a_layernorm.w, eps, N, Rq, st.qan.data(), st.qa_r.data());
    linear_fwd(ctx, w.q_b_proj.w, d.H * dq, Rq, st.qan.data(), N, st.q.data());
  } else {
    linear_fwd(ctx, w.q_proj.w, d.H * dq, Hd, x, N, st.q.data());
  }
  std::vector<S> ckv(size_t(N * (R + d.dr)));
  linear_fwd(ctx, w.kv_a_proj_with_mqa.w, R + d.dr, Hd, x, N, ckv.data());
  st.lat.resize(size_t(N * R));
  st.kpe.resize(size_t(N * d.dr));
  for (int64_t t = 0; t < N; ++t) {
    std::copy_n(&ckv[size_t(t * (R + d.dr))], R, &st.lat[size_t(t * R)]);
    std::copy_n(&ckv[size_t(t * (R + d.dr) + R)], d.dr, &st.kpe[size_t(t * d.dr)]);
  }
  st.lat_r.resize(size_t(N));
  st.latn.resize(size_t(N * R));
  rmsnorm_fwd(st.lat.data(), w.kv_a_layernorm.w, eps, N, R, st.latn.data(), st.lat_r.data());
  rope_apply(rope, st.kpe.data(), N, d.dr, 1, 0, 0, false);
  rope_apply(rope, st.q.data(), N, d.H * dq, d.H, dq, d.dn, false);
  st.kv.resize(size_t(N * d.H * (d.dn + d.dv)));
  linear_fwd(ctx, w.kv_b_proj.w, d.H * (d.dn + d.dv), R, st.latn.data(), N, st.kv.data());
  st.o.resize(size_t(N * d.H * d.dv));
  st.lse.resize(size_t(N * d.H));
  const S scale = S(attention_softmax_scale(c));
  attention_fwd(ctx, d, sl, scale, st.q.data(), st.kv.data(), st.kpe.data(), st.o.data(), st.lse.data());
  linear_fwd(ctx, w.o_proj.w, Hd, d.H * d.dv, st.o.data(), N, out);
}

template <class S>
void mla_bwd(const GradContext& ctx, const ModelConfig& c, const MlaW<S>& w, const SeqLayout& sl,
             const RopeCache<S>& rope, const S* x, const MlaState<S>& st, const S* dout, S* dx) {
  const AttnDims d = AttnDims::of(c);
  const int64_t N = sl.n(), Hd = c.hidden_size, R = c.kv_lora_rank, Rq = c.q_lora_rank, dq = d.dq();
  std::vector<S> d_o(size_t(N * d.H * d.dv), S(0));
  linear_bwd(ctx, w.o_proj.w, Hd, d.H * d.dv, st.o.data(), N, dout, d_o.data(), w.o_proj.g);
  std::vector<S> d_q(size_t(N * d.H * dq), S(0)), d_kv(size_t(N * d.H * (d.dn + d.dv)), S(0)),
      d_kpe(size_t(N * d.dr), S(0));
  const S scale = S(attention_softmax_scale(c));
  attention_bwd(ctx, d, sl, scale, st.q.data(), st.kv.data(), st.kpe.data(), st.o.data(), st.lse.data(),
                d_o.data(), d_q.data(), d_kv.data(), d_kpe.data());
  // kv_b_proj, kv_a_layernorm, RoPE (transpose = inverse rotation), kv_a_proj_with_mqa.
  std::vector<S> d_latn(size_t(N * R), S(0)), d_lat(size_t(N * R), S(0));
  linear_bwd(ctx, w.kv_b_proj.w, d.H * (d.dn + d.dv), R, st.latn.data(), N, d_kv.data(), d_latn.data(),
             w.kv_b_proj.g);
  rmsnorm_bwd(st.lat.data(), w.kv_a_layernorm.w, st.lat_r.data(), d_latn.data(), N, R, d_lat.data(),
              w.kv_a_layernorm.g);
  rope_apply(rope, d_kpe.data(), N, d.dr, 1, 0, 0, true);
  rope_apply(rope, d_q.data(), N, d.H * dq, d.H, dq, d.dn, true);
  std::vector<S> d_ckv(size_t(N * (R + d.dr)));
  for (int64_t t = 0; t < N; ++t) {
    std::copy_n(&d_lat[size_t(t * R)], R, &d_ckv[size_t(t * (R + d.dr))]);
    std::copy_n(&d_kpe[size_t(t * d.dr)], d.dr, &d_ckv[size_t(t * (R + d.dr) + R)]);
  }
  linear_bwd(ctx, w.kv_a_proj_with_mqa.w, R + d.dr, Hd, x, N, d_ckv.data(), dx, w.kv_a_proj_with_mqa.g);
  if (c.has_q_lora()) {
    std::vector<S> d_qan(size_t(N * Rq), S(0)), d_qa(size_t(N * Rq), S(0));
    linear_bwd(ctx, w.q_b_proj.w, d.H * dq, Rq, st.qan.data(), N, d_q.data(), d_qan.data(), w.q_b_proj.g);
    rmsnorm_bwd(st.qa.data(), w.q_a_layernorm.w, st.qa_r.data(), d_qan.data(), N, Rq, d_qa.data(),
                w.q_a_layernorm.g);
    linear_bwd(ctx, w.q_a_proj.w, Rq, Hd, x, N, d_qa.data(), dx, w.q_a_proj.g);
  } else {
    linear_bwd(ctx, w.q_proj.w, d.H * dq, Hd, x, N, d_q.data(), dx, w.q_proj.g);
  }
}

#define DSEEK_ATTN_GRAD_INSTANTIATE(S)                                                                            \
  template void attention_fwd<S>(const GradContext&, const AttnDims&, const SeqLayout&, S, const S*, const S*,   \
                                 const S*, S*, S*);                                                              \
  template void attention_bwd<S>(const GradContext&, const AttnDims&, const SeqLayout&, S, const S*, const S*,   \
                                 const S*, const S*, const S*, const S*, S*, S*, S*);                            \
  template void mla_fwd<S>(const GradContext&, const ModelConfig&, const MlaW<S>&, const SeqLayout&,             \
                           const RopeCache<S>&, const S*, S*, MlaState<S>&);                                     \
  template void mla_bwd<S>(const GradContext&, const ModelConfig&, const MlaW<S>&, const SeqLayout&,             \
                           const RopeCache<S>&, const S*, const MlaState<S>&, const S*, S*);

DSEEK_ATTN_GRAD_INSTANTIATE(float)
DSEEK_ATTN_GRAD_INSTANTIATE(double)
#undef DSEEK_ATTN_GRAD_INSTANTIATE

}  // namespace dseek::train
