// attn_gemm.cpp — see attn_gemm.h.
#include "train/attn_gemm.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "backend/cpu/gemm.h"
#include "core/threadpool.h"

namespace dseek::train {
namespace {

// Per-job buffers: one (row, head) of the batch.
struct Head {
  std::vector<float> Q, K, V, S;  // [T, dq], [T, dq], [T, dv], [T, T]
  void gather(const AttnDims& d, int64_t T, int64_t b, int64_t h, const float* q, const float* kv, const float* kpe) {
    const int64_t H = d.H, dq = d.dq(), dkv = d.dn + d.dv;
    Q.resize(size_t(T * dq));
    K.resize(size_t(T * dq));
    V.resize(size_t(T * d.dv));
    for (int64_t t = 0; t < T; ++t) {
      const int64_t g = b * T + t;
      std::copy_n(q + (g * H + h) * dq, dq, &Q[size_t(t * dq)]);
      std::copy_n(kv + (g * H + h) * dkv, d.dn, &K[size_t(t * dq)]);
      std::copy_n(kpe + g * d.dr, d.dr, &K[size_t(t * dq + d.dn)]);
      std::copy_n(kv + (g * H + h) * dkv + d.dn, d.dv, &V[size_t(t * d.dv)]);
    }
  }
};

// Visits the allowed keys of query t (row-local) as [lo, hi) ranges.
template <class F>
void allowed(const SeqLayout& sl, const std::vector<int64_t>& start, int64_t row0, int64_t t, F&& f) {
  const KeyRanges kr = key_ranges(sl, start, row0 + t);
  if (kr.a1 > kr.a0) f(kr.a0 - row0, kr.a1 - row0);
  f(kr.b0 - row0, kr.b1 - row0);
}

}  // namespace

void attention_fwd_gemm(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, float scale, const float* q,
                        const float* kv, const float* kpe, float* out, float* lse) {
  const std::vector<int64_t> start = segment_starts(sl);
  const int64_t H = d.H, T = sl.T, dv = d.dv, dq = d.dq();
  ThreadPool& pool = grad_pool(ctx);
  pool.parallel_for(sl.B * H, [&](int64_t j0, int64_t j1) {
    Head hd;
    std::vector<float> O(static_cast<size_t>(T * dv));
    for (int64_t job = j0; job < j1; ++job) {
      const int64_t b = job / H, h = job % H, row0 = b * T;
      hd.gather(d, T, b, h, q, kv, kpe);
      hd.S.resize(size_t(T * T));
      cpu::linear(f32_linear_view(hd.K.data(), T, dq), hd.Q.data(), T, hd.S.data(), pool);  // nested: runs serially
      for (int64_t t = 0; t < T; ++t) {
        float* s = &hd.S[size_t(t * T)];
        float m = -INFINITY;
        allowed(sl, start, row0, t, [&](int64_t lo, int64_t hi) {
          for (int64_t k = lo; k < hi; ++k) m = std::max(m, s[k] * scale);
        });
        double sum = 0;
        allowed(sl, start, row0, t, [&](int64_t lo, int64_t hi) {
          for (int64_t k = lo; k < hi; ++k) sum += (s[k] = std::exp(s[k] * scale - m));
        });
        const float l = m + float(std::log(sum)), inv = float(1.0 / sum);
        lse[(row0 + t) * H + h] = l;
        // Normalise the allowed entries, zero the rest (ranges are sorted: prefix, then own segment).
        int64_t k = 0;
        allowed(sl, start, row0, t, [&](int64_t lo, int64_t hi) {
          std::fill(s + k, s + lo, 0.0f);
          for (k = lo; k < hi; ++k) s[k] *= inv;
        });
        std::fill(s + k, s + T, 0.0f);
      }
      cpu::linear_t_rows(f32_linear_view(hd.V.data(), T, dv), 0, T, hd.S.data(), T, O.data());
      for (int64_t t = 0; t < T; ++t) std::copy_n(&O[size_t(t * dv)], dv, out + ((row0 + t) * H + h) * dv);
    }
  }, 1);
}

void attention_bwd_gemm(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, float scale, const float* q,
                        const float* kv, const float* kpe, const float* out, const float* lse, const float* dout,
                        float* dq, float* dkv, float* dkpe) {
  const std::vector<int64_t> start = segment_starts(sl);
  const int64_t H = d.H, T = sl.T, dn = d.dn, dr = d.dr, dv = d.dv, dqw = d.dq(), dkvw = dn + dv, N = sl.n();
  ThreadPool& pool = grad_pool(ctx);
  std::vector<float> dkpe_h(dkpe ? size_t(H * N * dr) : 0, 0.0f);  // per head: heads share k_pe rows
  pool.parallel_for(sl.B * H, [&](int64_t j0, int64_t j1) {
    Head hd;
    std::vector<float> dO(static_cast<size_t>(T * dv)), dP(static_cast<size_t>(T * T)),
        Tt(static_cast<size_t>(T * T)), G(static_cast<size_t>(T * dqw)), D(static_cast<size_t>(T));
    for (int64_t job = j0; job < j1; ++job) {
      const int64_t b = job / H, h = job % H, row0 = b * T;
      hd.gather(d, T, b, h, q, kv, kpe);
      for (int64_t t = 0; t < T; ++t) {
        const float* go = dout + ((row0 + t) * H + h) * dv;
        const float* o = out + ((row0 + t) * H + h) * dv;
        std::copy_n(go, dv, &dO[size_t(t * dv)]);
        double acc = 0;
        for (int64_t i = 0; i < dv; ++i) acc += double(go[i]) * double(o[i]);
        D[size_t(t)] = float(acc);
      }
      hd.S.resize(size_t(T * T));
      cpu::linear(f32_linear_view(hd.K.data(), T, dqw), hd.Q.data(), T, hd.S.data(), pool);  // scores
      cpu::linear(f32_linear_view(hd.V.data(), T, dv), dO.data(), T, dP.data(), pool);       // dP = dO · Vᵀ
      // S <- P (masked), dP <- dZ = P ⊙ (dP − D) · scale (masked).
      for (int64_t t = 0; t < T; ++t) {
        float* s = &hd.S[size_t(t * T)];
        float* g = &dP[size_t(t * T)];
        const float l = lse[(row0 + t) * H + h], Dt = D[size_t(t)];
        int64_t k = 0;
        allowed(sl, start, row0, t, [&](int64_t lo, int64_t hi) {
          for (; k < lo; ++k) s[k] = g[k] = 0.0f;
          for (; k < hi; ++k) {
            const float p = std::exp(s[k] * scale - l);
            s[k] = p;
            g[k] = p * (g[k] - Dt) * scale;
          }
        });
        for (; k < T; ++k) s[k] = g[k] = 0.0f;
      }
      if (dq) {  // dQ = dZ · K
        cpu::linear_t_rows(f32_linear_view(hd.K.data(), T, dqw), 0, T, dP.data(), T, G.data());
        for (int64_t t = 0; t < T; ++t) {
          float* dst = dq + ((row0 + t) * H + h) * dqw;
          for (int64_t i = 0; i < dqw; ++i) dst[i] += G[size_t(t * dqw + i)];
        }
      }
      if (dkv || dkpe) {  // dK = dZᵀ · Q
        transpose(pool, dP.data(), T, T, Tt.data());  // nested: serial
        cpu::linear_t_rows(f32_linear_view(hd.Q.data(), T, dqw), 0, T, Tt.data(), T, G.data());
        for (int64_t t = 0; t < T; ++t) {
          if (dkv) {
            float* dst = dkv + ((row0 + t) * H + h) * dkvw;
            for (int64_t i = 0; i < dn; ++i) dst[i] += G[size_t(t * dqw + i)];
          }
          if (dkpe) {
            float* dst = &dkpe_h[size_t(h * N * dr + (row0 + t) * dr)];
            for (int64_t i = 0; i < dr; ++i) dst[i] += G[size_t(t * dqw + dn + i)];
          }
        }
      }
      if (dkv) {  // dV = Pᵀ · dO
        transpose(pool, hd.S.data(), T, T, Tt.data());
        cpu::linear_t_rows(f32_linear_view(dO.data(), T, dv), 0, T, Tt.data(), T, G.data());
        for (int64_t t = 0; t < T; ++t) {
          float* dst = dkv + ((row0 + t) * H + h) * dkvw + dn;
          for (int64_t i = 0; i < dv; ++i) dst[i] += G[size_t(t * dv + i)];
        }
      }
    }
  }, 1);
  if (dkpe)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t i = 0; i < N * dr; ++i) dkpe[i] += dkpe_h[size_t(h * N * dr + i)];
}

}  // namespace dseek::train
