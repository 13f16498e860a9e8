// mla.cpp — MLA forward, naive and absorbed (see mla.h).
#include "model/mla.h"

#include <cmath>
#include <vector>

#include "backend/cpu/ref_ops.h"
#include "core/check.h"

namespace dseek {
namespace {

struct Dims {
  int64_t H, dn, dr, dv, dq, R;
  explicit Dims(const ModelConfig& c)
      : H(c.num_attention_heads), dn(c.qk_nope_head_dim), dr(c.qk_rope_head_dim), dv(c.v_head_dim),
        dq(c.qk_nope_head_dim + c.qk_rope_head_dim), R(c.kv_lora_rank) {}
};

// Shared first half of both forms: q [T, H, dq] with q_pe rotated; the
// normalised latent [T, R] and rotated k_pe [T, dr].
void project(const MLAParams& p, const float* x, int64_t T, const std::vector<int64_t>& pos, std::vector<float>& q,
             std::vector<float>& lat, std::vector<float>& kpe) {
  const ModelConfig& c = *p.cfg;
  const MLAWeights& w = *p.w;
  const Dims d(c);
  q.assign(size_t(T * d.H * d.dq), 0.0f);
  if (c.q_lora_rank > 0) {
    std::vector<float> qa(size_t(T * c.q_lora_rank));
    p.be->linear(w.q_a_proj, x, T, qa.data());
    ref::rmsnorm(qa.data(), w.q_a_layernorm, kLatentNormEps, T, c.q_lora_rank, qa.data());
    p.be->linear(w.q_b_proj, qa.data(), T, q.data());
  } else {
    p.be->linear(w.q_proj, x, T, q.data());
  }
  std::vector<float> ckv(size_t(T * (d.R + d.dr)));
  p.be->linear(w.kv_a_proj_with_mqa, x, T, ckv.data());  // latent first, then k_pe
  lat.resize(size_t(T * d.R));
  kpe.resize(size_t(T * d.dr));
  for (int64_t t = 0; t < T; ++t) {
    std::copy_n(&ckv[size_t(t * (d.R + d.dr))], d.R, &lat[size_t(t * d.R)]);
    std::copy_n(&ckv[size_t(t * (d.R + d.dr) + d.R)], d.dr, &kpe[size_t(t * d.dr)]);
  }
  ref::rmsnorm(lat.data(), w.kv_a_layernorm, kLatentNormEps, T, d.R, lat.data());
  for (int64_t t = 0; t < T; ++t) {
    apply_rope(*p.rope, pos[size_t(t)], &kpe[size_t(t * d.dr)], d.dr);
    for (int64_t h = 0; h < d.H; ++h) apply_rope(*p.rope, pos[size_t(t)], &q[size_t((t * d.H + h) * d.dq + d.dn)], d.dr);
  }
}

}  // namespace

void mla_forward_naive(const MLAParams& p, const float* x, int64_t T, float* out) {
  const Dims d(*p.cfg);
  std::vector<float> q, lat, kpe;
  std::vector<int64_t> pos(static_cast<size_t>(T));
  for (int64_t t = 0; t < T; ++t) pos[size_t(t)] = t;
  project(p, x, T, pos, q, lat, kpe);
  std::vector<float> kv(size_t(T * d.H * (d.dn + d.dv)));  // per head: k_nope then v
  p.be->linear(p.w->kv_b_proj, lat.data(), T, kv.data());

  const float scale = attention_softmax_scale(*p.cfg);
  std::vector<float> att(size_t(T * d.H * d.dv));  // [T, H*dv]
  p.be->parallel_for(d.H, [&](int64_t h0, int64_t h1) {
    std::vector<float> sc(static_cast<size_t>(T));
    for (int64_t h = h0; h < h1; ++h)
      for (int64_t t = 0; t < T; ++t) {
        const float* qh = &q[size_t((t * d.H + h) * d.dq)];
        for (int64_t s = 0; s <= t; ++s) {
          const float* kn = &kv[size_t((s * d.H + h) * (d.dn + d.dv))];
          const float* kp = &kpe[size_t(s * d.dr)];
          float dot = 0.0f;
          for (int64_t i = 0; i < d.dn; ++i) dot += qh[i] * kn[i];
          for (int64_t i = 0; i < d.dr; ++i) dot += qh[d.dn + i] * kp[i];
          sc[size_t(s)] = dot * scale;
        }
        ref::softmax(sc.data(), t + 1);
        float* o = &att[size_t((t * d.H + h) * d.dv)];
        std::fill(o, o + d.dv, 0.0f);
        for (int64_t s = 0; s <= t; ++s) {
          const float* vs = &kv[size_t((s * d.H + h) * (d.dn + d.dv) + d.dn)];
          for (int64_t i = 0; i < d.dv; ++i) o[i] += sc[size_t(s)] * vs[i];
        }
      }
  });
  p.be->linear(p.w->o_proj, att.data(), T, out);
}

void mla_forward_absorbed(const MLAParams& p, std::span<const CacheSegment> segs, int64_t layer, const float* x,
                          int64_t T, float* out) {
  const Dims d(*p.cfg);
  std::vector<int64_t> pos(static_cast<size_t>(T), -1);
  for (const CacheSegment& sg : segs) {
    LatentCache& cache = *sg.cache;
    DSEEK_CHECK(cache.rank() == d.R && cache.rope_dim() == d.dr, "latent cache dims ({}, {}) != model ({}, {})",
                cache.rank(), cache.rope_dim(), d.R, d.dr);
    DSEEK_CHECK(sg.row0 >= 0 && sg.rows > 0 && sg.row0 + sg.rows <= T, "bad cache segment [{}, +{}) of {} rows",
                sg.row0, sg.rows, T);
    const int64_t pos0 = cache.length(layer);
    DSEEK_CHECK(pos0 + sg.rows <= cache.capacity(), "latent cache full: {} + {} tokens > capacity {}", pos0, sg.rows,
                cache.capacity());
    for (int64_t t = 0; t < sg.rows; ++t) {
      DSEEK_CHECK(pos[size_t(sg.row0 + t)] < 0, "cache segments overlap at row {}", sg.row0 + t);
      pos[size_t(sg.row0 + t)] = pos0 + t;
    }
  }
  for (int64_t t = 0; t < T; ++t) DSEEK_CHECK(pos[size_t(t)] >= 0, "row {} belongs to no cache segment", t);

  std::vector<float> q, lat, kpe;
  project(p, x, T, pos, q, lat, kpe);
  for (const CacheSegment& sg : segs) {
    const int64_t pos0 = sg.cache->length(layer);
    for (int64_t t = 0; t < sg.rows; ++t) {
      float* row = sg.cache->row(layer, pos0 + t);
      std::copy_n(&lat[size_t((sg.row0 + t) * d.R)], d.R, row);
      std::copy_n(&kpe[size_t((sg.row0 + t) * d.dr)], d.dr, row + d.R);
    }
    sg.cache->set_length(layer, pos0 + sg.rows);
  }

  const float scale = attention_softmax_scale(*p.cfg);
  const Linear& kvb = p.w->kv_b_proj;
  std::vector<float> att(size_t(T * d.H * d.dv));  // [T, H*dv]
  p.be->parallel_for(d.H, [&](int64_t h0, int64_t h1) {
    std::vector<float> qn(size_t(T * d.dn)), ql(size_t(T * d.R)), ol(size_t(T * d.R)), oh(size_t(T * d.dv));
    std::vector<float> sc, qc, oc;
    for (int64_t h = h0; h < h1; ++h) {
      const int64_t krow = h * (d.dn + d.dv), vrow = krow + d.dn;
      for (int64_t t = 0; t < T; ++t) std::copy_n(&q[size_t((t * d.H + h) * d.dq)], d.dn, &qn[size_t(t * d.dn)]);
      // Absorb W_UK: q_lat[t] = q_nope[t] · W_kb[krow : krow + dn, :]   ([T, R])
      p.be->linear_t_rows(kvb, krow, d.dn, qn.data(), T, ql.data());
      // Scores and the latent output as two small GEMMs over the layer's cache
      // rows (contiguous [length, R + dr]): S = [q_lat | q_pe] · Cᵀ, O = P · C.
      for (const CacheSegment& sg : segs) {
        const LatentCache& cache = *sg.cache;
        const int64_t end = cache.length(layer), first = end - sg.rows, W = d.R + d.dr;
        const Linear kc = f32_linear_view(cache.row(layer, 0), end, W);
        qc.resize(size_t(sg.rows * W));
        sc.resize(size_t(sg.rows * end));
        oc.resize(size_t(sg.rows * W));
        for (int64_t i = 0; i < sg.rows; ++i) {
          const int64_t t = sg.row0 + i;
          std::copy_n(&ql[size_t(t * d.R)], d.R, &qc[size_t(i * W)]);
          std::copy_n(&q[size_t((t * d.H + h) * d.dq + d.dn)], d.dr, &qc[size_t(i * W + d.R)]);
        }
        p.be->linear(kc, qc.data(), sg.rows, sc.data());
        for (int64_t i = 0; i < sg.rows; ++i) {
          float* row = &sc[size_t(i * end)];
          const int64_t n = first + i + 1;  // causal
          for (int64_t s = 0; s < n; ++s) row[s] *= scale;
          p.be->softmax(row, n);
          std::fill(row + n, row + end, 0.0f);
        }
        p.be->linear_t_rows(kc, 0, end, sc.data(), sg.rows, oc.data());
        for (int64_t i = 0; i < sg.rows; ++i)
          std::copy_n(&oc[size_t(i * W)], d.R, &ol[size_t((sg.row0 + i) * d.R)]);
      }
      // Un-absorb W_UV: out_h[t] = W_kb[vrow : vrow + dv, :] · o_lat[t]
      p.be->linear_rows(kvb, vrow, d.dv, ol.data(), T, oh.data());
      for (int64_t t = 0; t < T; ++t) std::copy_n(&oh[size_t(t * d.dv)], d.dv, &att[size_t((t * d.H + h) * d.dv)]);
    }
  });
  p.be->linear(p.w->o_proj, att.data(), T, out);
}

}  // namespace dseek
