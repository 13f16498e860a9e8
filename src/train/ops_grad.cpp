// ops_grad.cpp — elementary training ops, forward and backward (see ops_grad.h).
// Explicitly instantiated for float and double at the end of the file.
#include "train/ops_grad.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <type_traits>

#include "backend/cpu/gemm.h"
#include "core/check.h"
#include "model/weights.h"

namespace dseek::train {

ThreadPool& grad_pool(const GradContext& ctx) { return ctx.pool ? *ctx.pool : default_thread_pool(); }

std::vector<int64_t> segment_starts(const SeqLayout& sl) {
  DSEEK_CHECK(sl.B >= 0 && sl.T >= 0 && sl.segment != nullptr, "segment_starts: bad layout");
  std::vector<int64_t> st(size_t(sl.n()));
  for (int64_t b = 0; b < sl.B; ++b)
    for (int64_t t = 0; t < sl.T; ++t) {
      const int64_t i = b * sl.T + t;
      if (t == 0 || sl.segment[i] != sl.segment[i - 1]) {
        DSEEK_CHECK(t == 0 || sl.segment[i] > sl.segment[i - 1],
                    "batch row {}: segment ids must not decrease (position {}: {} after {})", b, t, sl.segment[i],
                    sl.segment[i - 1]);
        st[size_t(i)] = i;
      } else {
        st[size_t(i)] = st[size_t(i - 1)];
      }
    }
  return st;
}

// ---- embedding ---------------------------------------------------------------

template <class S>
void embedding_fwd(const S* table, int64_t vocab, int64_t dim, const int32_t* ids, int64_t n, S* out) {
  for (int64_t t = 0; t < n; ++t) {
    const int32_t id = ids[t];
    DSEEK_CHECK(id >= 0 && id < vocab, "token id {} at row {} is outside the vocabulary [0, {})", id, t, vocab);
    std::copy_n(table + int64_t(id) * dim, dim, out + t * dim);
  }
}

template <class S>
void embedding_bwd(int64_t dim, const int32_t* ids, int64_t n, const S* dout, S* dtable) {
  for (int64_t t = 0; t < n; ++t) {
    S* row = dtable + int64_t(ids[t]) * dim;
    const S* d = dout + t * dim;
    for (int64_t i = 0; i < dim; ++i) row[i] += d[i];
  }
}

// ---- RMSNorm -----------------------------------------------------------------

template <class S>
void rmsnorm_fwd(const S* x, const S* w, S eps, int64_t rows, int64_t n, S* y, S* rinv) {
  for (int64_t r = 0; r < rows; ++r) {
    const S* xr = x + r * n;
    S ss = 0;
    for (int64_t i = 0; i < n; ++i) ss += xr[i] * xr[i];
    const S inv = S(1) / std::sqrt(ss / S(n) + eps);  // same operation order as ref::rmsnorm
    if (rinv) rinv[r] = inv;
    for (int64_t i = 0; i < n; ++i) y[r * n + i] = w[i] * (xr[i] * inv);
  }
}

template <class S>
void rmsnorm_bwd(const S* x, const S* w, const S* rinv, const S* dy, int64_t rows, int64_t n, S* dx, S* dw) {
  for (int64_t r = 0; r < rows; ++r) {
    const S* xr = x + r * n;
    const S* dr = dy + r * n;
    const S inv = rinv[r];
    if (dw)
      for (int64_t i = 0; i < n; ++i) dw[i] += dr[i] * xr[i] * inv;
    if (!dx) continue;
    S dot = 0;  // Σ x ⊙ w ⊙ dy
    for (int64_t i = 0; i < n; ++i) dot += xr[i] * w[i] * dr[i];
    const S c = dot * inv * inv * inv / S(n);
    S* o = dx + r * n;
    for (int64_t i = 0; i < n; ++i) o[i] += inv * w[i] * dr[i] - xr[i] * c;
  }
}

// ---- linear ------------------------------------------------------------------
// 16×16 tiles staged through a local buffer so each destination cache line is
// written in one burst (the destination stride is often a multiple of 4 KB,
// where a naive loop thrashes one L1 set).
void transpose(ThreadPool& pool, const float* src, int64_t rows, int64_t cols, float* dst) {
  constexpr int64_t B = 16;
  const int64_t rb = (rows + B - 1) / B;
  pool.parallel_for(rb, [&](int64_t b, int64_t e) {
    float tile[B][B];
    for (int64_t r0 = b * B; r0 < std::min(rows, e * B); r0 += B) {
      const int64_t nr = std::min(B, rows - r0);
      for (int64_t c0 = 0; c0 < cols; c0 += B) {
        const int64_t nc = std::min(B, cols - c0);
        for (int64_t r = 0; r < nr; ++r)
          for (int64_t c = 0; c < nc; ++c) tile[c][r] = src[(r0 + r) * cols + c0 + c];
        for (int64_t c = 0; c < nc; ++c)
          for (int64_t r = 0; r < nr; ++r) dst[(c0 + c) * rows + r0 + r] = tile[c][r];
      }
    }
  }, std::max<int64_t>(1, 2048 / std::max<int64_t>(1, B * cols)));
}

namespace {

// Uninitialised float scratch (every element is written before it is read).
struct Scratch {
  explicit Scratch(int64_t n) : p(new float[size_t(n)]) {}
  float* get() { return p.get(); }
  std::unique_ptr<float[]> p;
};

void add_into(ThreadPool& pool, const float* src, int64_t n, float* dst) {
  pool.parallel_for(n, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) dst[i] += src[i];
  }, 1 << 16);
}

}  // namespace

template <class S>
void linear_fwd(const GradContext& ctx, const S* W, int64_t out, int64_t in, const S* x, int64_t rows, S* y) {
  if (rows == 0 || out == 0) return;
  if (in == 0) {
    std::fill(y, y + rows * out, S(0));
    return;
  }
  ThreadPool& pool = grad_pool(ctx);
  if constexpr (std::is_same_v<S, float>) {
    cpu::linear(f32_linear_view(W, out, in), x, rows, y, pool);
  } else {
    pool.parallel_for(rows * out, [&](int64_t b, int64_t e) {
      for (int64_t k = b; k < e; ++k) {
        const S* xr = x + (k / out) * in;
        const S* wr = W + (k % out) * in;
        S acc = 0;
        for (int64_t i = 0; i < in; ++i) acc += xr[i] * wr[i];
        y[k] = acc;
      }
    });
  }
}

template <class S>
void linear_bwd(const GradContext& ctx, const S* W, int64_t out, int64_t in, const S* x, int64_t rows, const S* dy,
                S* dx, S* dW) {
  if (rows == 0 || out == 0 || in == 0) return;
  ThreadPool& pool = grad_pool(ctx);
  if constexpr (std::is_same_v<S, float>) {
    // Both products are "x · W" with W row-major, i.e. cpu::linear_t_rows,
    // which runs on the calling thread: parallel over row blocks of the result.
    if (dx) {  // dx[rows, in] += dy[rows, out] · W[out, in]
      Scratch tmp(rows * in);
      const Linear lw = f32_linear_view(W, out, in);
      pool.parallel_for(rows, [&](int64_t b, int64_t e) {
        cpu::linear_t_rows(lw, 0, out, dy + b * out, e - b, tmp.get() + b * in);
      }, 16);
      add_into(pool, tmp.get(), rows * in, dx);
    }
    if (dW) {  // dW[out, in] += dyᵀ[out, rows] · x[rows, in]
      Scratch dyt(out * rows), tmp(out * in);
      transpose(pool, dy, rows, out, dyt.get());
      const Linear lx = f32_linear_view(x, rows, in);
      pool.parallel_for(out, [&](int64_t b, int64_t e) {
        cpu::linear_t_rows(lx, 0, rows, dyt.get() + b * rows, e - b, tmp.get() + b * in);
      }, 8);
      add_into(pool, tmp.get(), out * in, dW);
    }
  } else {
    if (dx)
      pool.parallel_for(rows, [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r)
          for (int64_t o = 0; o < out; ++o) {
            const S g = dy[r * out + o];
            const S* wr = W + o * in;
            S* d = dx + r * in;
            for (int64_t i = 0; i < in; ++i) d[i] += g * wr[i];
          }
      });
    if (dW)
      pool.parallel_for(out, [&](int64_t b, int64_t e) {
        for (int64_t o = b; o < e; ++o)
          for (int64_t r = 0; r < rows; ++r) {
            const S g = dy[r * out + o];
            const S* xr = x + r * in;
            S* d = dW + o * in;
            for (int64_t i = 0; i < in; ++i) d[i] += g * xr[i];
          }
      });
  }
}

// ---- RoPE --------------------------------------------------------------------

template <class S>
RopeCache<S> make_rope_cache(const RopeTable& rt, int64_t dim, const int32_t* pos, int64_t n) {
  DSEEK_CHECK(dim % 2 == 0 && int64_t(rt.inv_freq.size()) * 2 == dim, "rope: table for dim {} used with dim {}",
              rt.inv_freq.size() * 2, dim);
  RopeCache<S> rc;
  rc.half = dim / 2;
  rc.interleave = rt.interleave;
  rc.cos.resize(size_t(n * rc.half));
  rc.sin.resize(size_t(n * rc.half));
  for (int64_t t = 0; t < n; ++t) {
    DSEEK_CHECK(pos[t] >= 0, "rope: negative position {} at row {}", pos[t], t);
    for (int64_t i = 0; i < rc.half; ++i) {
      // Angle in float32 exactly as model/rope.cpp; cos/sin in S.
      const float ang = float(pos[t]) * rt.inv_freq[size_t(i)];
      rc.cos[size_t(t * rc.half + i)] = S(std::cos(S(ang))) * S(rt.attention_factor);
      rc.sin[size_t(t * rc.half + i)] = S(std::sin(S(ang))) * S(rt.attention_factor);
    }
  }
  return rc;
}

const RopeCache<float>& RopeRowCache::rows(const int32_t* pos, int64_t n) {
  int32_t top = 0;
  for (int64_t t = 0; t < n; ++t) {
    DSEEK_CHECK(pos[t] >= 0, "rope: negative position {} at row {}", pos[t], t);
    top = std::max(top, pos[t]);
  }
  if (int64_t(top) >= positions_) {
    const int64_t P = std::max({int64_t(top) + 1, 2 * positions_, int64_t(1024)});
    std::vector<int32_t> all(static_cast<size_t>(P));
    std::iota(all.begin(), all.end(), 0);
    table_ = make_rope_cache<float>(rt_, dim_, all.data(), P);
    positions_ = P;
  }
  const int64_t half = table_.half;
  rows_.half = half;
  rows_.interleave = table_.interleave;
  rows_.cos.resize(size_t(n * half));
  rows_.sin.resize(size_t(n * half));
  for (int64_t t = 0; t < n; ++t) {
    const ptrdiff_t from = ptrdiff_t(pos[t]) * ptrdiff_t(half), to = ptrdiff_t(t * half);
    std::copy_n(table_.cos.begin() + from, half, rows_.cos.begin() + to);
    std::copy_n(table_.sin.begin() + from, half, rows_.sin.begin() + to);
  }
  return rows_;
}

template <class S>
void rope_apply(const RopeCache<S>& rc, S* x, int64_t n, int64_t row_stride, int64_t heads, int64_t head_stride,
                int64_t offset, bool inverse) {
  const int64_t half = rc.half;
  for (int64_t t = 0; t < n; ++t) {
    const S* cs = &rc.cos[size_t(t * half)];
    const S* sn = &rc.sin[size_t(t * half)];
    for (int64_t h = 0; h < heads; ++h) {
      S* v = x + t * row_stride + h * head_stride + offset;
      for (int64_t i = 0; i < half; ++i) {
        S& a = rc.interleave ? v[2 * i] : v[i];
        S& b = rc.interleave ? v[2 * i + 1] : v[i + half];
        const S a0 = a, b0 = b, c = cs[i], s = inverse ? -sn[i] : sn[i];
        a = a0 * c - b0 * s;
        b = a0 * s + b0 * c;
      }
    }
  }
}

// ---- SwiGLU ------------------------------------------------------------------

template <class S>
void swiglu_fwd(const S* g, const S* u, int64_t n, S* a) {
  for (int64_t i = 0; i < n; ++i) a[i] = g[i] / (S(1) + std::exp(-g[i])) * u[i];
}

template <class S>
void swiglu_bwd(const S* g, const S* u, const S* da, int64_t n, S* dg, S* du) {
  for (int64_t i = 0; i < n; ++i) {
    const S sg = sigmoid_s(g[i]);
    const S silu = g[i] * sg;
    if (dg) dg[i] += da[i] * u[i] * (sg * (S(1) + g[i] * (S(1) - sg)));
    if (du) du[i] += da[i] * silu;
  }
}

// ---- cross-entropy -----------------------------------------------------------

template <class S>
void softmax_inplace(S* x, int64_t n) {
  S m = x[0];
  for (int64_t i = 1; i < n; ++i) m = std::max(m, x[i]);
  S s = 0;
  for (int64_t i = 0; i < n; ++i) s += (x[i] = std::exp(x[i] - m));
  for (int64_t i = 0; i < n; ++i) x[i] /= s;
}

template <class S>
double cross_entropy_sum(const S* logits, const int32_t* targets, int64_t rows, int64_t V, S scale, S* dlogits,
                         const S* row_w) {
  double total = 0.0;
  for (int64_t r = 0; r < rows; ++r) {
    const S* l = logits + r * V;
    S* d = dlogits ? dlogits + r * V : nullptr;
    const int32_t tg = targets[r];
    if (tg < 0) {
      if (d) std::fill(d, d + V, S(0));
      continue;
    }
    DSEEK_CHECK(tg < V, "target id {} at row {} is outside the vocabulary [0, {})", tg, r, V);
    S m = l[0];
    for (int64_t i = 1; i < V; ++i) m = std::max(m, l[i]);
    double s = 0.0;  // sum of exp in double: the loss is reported in double
    for (int64_t i = 0; i < V; ++i) s += std::exp(double(l[i] - m));
    const double lse = double(m) + std::log(s);
    const S sc = row_w ? row_w[r] : scale;
    total += (lse - double(l[tg])) * (row_w ? double(row_w[r]) : 1.0);
    if (d) {
      for (int64_t i = 0; i < V; ++i) d[i] = sc * S(std::exp(double(l[i]) - lse));
      d[tg] -= sc;
    }
  }
  return total;
}

// ---- instantiations ----------------------------------------------------------
#define DSEEK_OPS_GRAD_INSTANTIATE(S)                                                                          \
  template void embedding_fwd<S>(const S*, int64_t, int64_t, const int32_t*, int64_t, S*);                    \
  template void embedding_bwd<S>(int64_t, const int32_t*, int64_t, const S*, S*);                             \
  template void rmsnorm_fwd<S>(const S*, const S*, S, int64_t, int64_t, S*, S*);                              \
  template void rmsnorm_bwd<S>(const S*, const S*, const S*, const S*, int64_t, int64_t, S*, S*);             \
  template void linear_fwd<S>(const GradContext&, const S*, int64_t, int64_t, const S*, int64_t, S*);          \
  template void linear_bwd<S>(const GradContext&, const S*, int64_t, int64_t, const S*, int64_t, const S*, S*, \
                              S*);                                                                             \
  template RopeCache<S> make_rope_cache<S>(const RopeTable&, int64_t, const int32_t*, int64_t);               \
  template void rope_apply<S>(const RopeCache<S>&, S*, int64_t, int64_t, int64_t, int64_t, int64_t, bool);     \
  template void swiglu_fwd<S>(const S*, const S*, int64_t, S*);                                               \
  template void swiglu_bwd<S>(const S*, const S*, const S*, int64_t, S*, S*);                                 \
  template void softmax_inplace<S>(S*, int64_t);                                                              \
  template double cross_entropy_sum<S>(const S*, const int32_t*, int64_t, int64_t, S, S*, const S*);

DSEEK_OPS_GRAD_INSTANTIATE(float)
DSEEK_OPS_GRAD_INSTANTIATE(double)
#undef DSEEK_OPS_GRAD_INSTANTIATE

}  // namespace dseek::train
