// test_ops_grad.cpp — every training op's backward against central finite
// differences in double (train/ops_grad.h, attn_grad.h, moe_grad.h), the float
// path against the double one, routing against model/moe.cpp's route_token,
// and a check that the checker itself fails on a wrong gradient.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

#include "core/threadpool.h"
#include "model/moe.h"
#include "model/rope.h"
#include "grad_check.h"
#include "train/attn_grad.h"
#include "train/moe_grad.h"
#include "train/ops_grad.h"

using namespace dseek;
using namespace dseek::train;
using dseek::train::testing::check_grads;
using dseek::train::testing::dot;
using dseek::train::testing::GradVar;
using dseek::train::testing::randn;

namespace {

constexpr double kTol = 1e-6;

struct Fixture {
  ThreadPool pool{1};
  GradContext ctx{&pool};
  std::mt19937_64 rng{1234};
};

std::vector<double> zeros(size_t n) { return std::vector<double>(n, 0.0); }

ModelConfig attn_config(bool q_lora, bool yarn, bool interleave) {
  ModelConfig c;
  c.hidden_size = 7;
  c.num_attention_heads = 3;
  c.q_lora_rank = q_lora ? 5 : 0;
  c.kv_lora_rank = 6;
  c.qk_nope_head_dim = 3;
  c.qk_rope_head_dim = 4;
  c.v_head_dim = 5;
  c.rope_interleave = interleave;
  c.rope_theta = 100.0;
  if (yarn) {
    c.rope.type = RopeType::Yarn;
    c.rope.factor = 4.0;
    c.rope.original_max_position_embeddings = 8;
    c.rope.mscale = 1.0;
    c.rope.mscale_all_dim = 0.7;
  }
  return c;
}

// Two rows: row 0 has segments 0,0,0,1,1; row 1 has 0,0,0,0,0 — positions restart per segment.
struct Layout {
  std::vector<int32_t> seg{0, 0, 0, 1, 1, 0, 0, 0, 0, 0}, pos{0, 1, 2, 0, 1, 0, 1, 2, 3, 4};
  SeqLayout sl{2, 5, seg.data(), pos.data()};
};

}  // namespace

TEST(OpsGrad, Embedding) {
  Fixture f;
  const int64_t V = 5, D = 3;
  std::vector<int32_t> ids{1, 3, 1, 0, 4, 1};
  auto table = randn(f.rng, V * D);
  auto r = randn(f.rng, ids.size() * D);
  auto loss = [&] {
    std::vector<double> out(ids.size() * D);
    embedding_fwd(table.data(), V, D, ids.data(), int64_t(ids.size()), out.data());
    return dot(r, out);
  };
  auto g = zeros(table.size());
  embedding_bwd(D, ids.data(), int64_t(ids.size()), r.data(), g.data());
  EXPECT_LT(check_grads(loss, {{"table", &table, &g}}).max_err, kTol);
  std::vector<int32_t> bad{5};
  std::vector<double> out(D);
  EXPECT_THROW(embedding_fwd(table.data(), V, D, bad.data(), 1, out.data()), Error);
}

TEST(OpsGrad, RmsNorm) {
  Fixture f;
  for (auto [rows, n] : {std::pair<int64_t, int64_t>{3, 5}, {1, 8}, {4, 7}}) {
    auto x = randn(f.rng, rows * n), w = randn(f.rng, n, 0.3, 1.0), r = randn(f.rng, rows * n);
    const double eps = 1e-6;
    auto loss = [&] {
      std::vector<double> y(x.size()), ri(rows);
      rmsnorm_fwd(x.data(), w.data(), eps, rows, n, y.data(), ri.data());
      return dot(r, y);
    };
    std::vector<double> y(x.size()), ri(rows), gx = zeros(x.size()), gw = zeros(w.size());
    rmsnorm_fwd(x.data(), w.data(), eps, rows, n, y.data(), ri.data());
    rmsnorm_bwd(x.data(), w.data(), ri.data(), r.data(), rows, n, gx.data(), gw.data());
    auto rep = check_grads(loss, {{"x", &x, &gx}, {"w", &w, &gw}});
    EXPECT_LT(rep.max_err, kTol) << rows << "x" << n << " " << rep.worst;
  }
}

TEST(OpsGrad, LinearDoubleAndFloatPaths) {
  Fixture f;
  for (auto [rows, out, in] : {std::tuple<int64_t, int64_t, int64_t>{3, 5, 7}, {1, 4, 3}, {13, 9, 2}}) {
    auto x = randn(f.rng, rows * in), W = randn(f.rng, out * in), r = randn(f.rng, rows * out);
    auto loss = [&] {
      std::vector<double> y(rows * out);
      linear_fwd(f.ctx, W.data(), out, in, x.data(), rows, y.data());
      return dot(r, y);
    };
    auto gx = zeros(x.size()), gW = zeros(W.size());
    linear_bwd(f.ctx, W.data(), out, in, x.data(), rows, r.data(), gx.data(), gW.data());
    auto rep = check_grads(loss, {{"x", &x, &gx}, {"W", &W, &gW}});
    EXPECT_LT(rep.max_err, kTol) << rows << "," << out << "," << in << " " << rep.worst;

    // float (fast GEMM + transposes) against double, with accumulation into non-zero buffers.
    ThreadPool pool2(2);
    GradContext c2{&pool2};
    std::vector<float> xf(x.begin(), x.end()), Wf(W.begin(), W.end()), rf(r.begin(), r.end()), yf(rows * out),
        gxf(x.size(), 1.0f), gWf(W.size(), 1.0f);
    std::vector<double> y(rows * out);
    linear_fwd(f.ctx, W.data(), out, in, x.data(), rows, y.data());
    linear_fwd(c2, Wf.data(), out, in, xf.data(), rows, yf.data());
    linear_bwd(c2, Wf.data(), out, in, xf.data(), rows, rf.data(), gxf.data(), gWf.data());
    for (size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(yf[i], y[i], 1e-4 * (1 + std::abs(y[i])));
    for (size_t i = 0; i < gx.size(); ++i) EXPECT_NEAR(gxf[i], gx[i] + 1.0, 1e-4 * (1 + std::abs(gx[i])));
    for (size_t i = 0; i < gW.size(); ++i) EXPECT_NEAR(gWf[i], gW[i] + 1.0, 1e-4 * (1 + std::abs(gW[i])));
  }
}

// The per-position table (the CUDA trainer's per-step RoPE rows) equals make_rope_cache bit for bit,
// also after a batch reaches past the table and it grows; negative positions are refused.
TEST(OpsGrad, RopeRowCacheEqualsPerTokenRows) {
  for (bool yarn : {false, true}) {
    const ModelConfig c = attn_config(false, yarn, yarn);
    RopeRowCache cache(make_rope_table(c), c.qk_rope_head_dim);
    for (const std::vector<int32_t>& pos : {std::vector<int32_t>{0, 5, 1023, 2, 5}, std::vector<int32_t>{4000, 0, 77}}) {
      const int64_t n = int64_t(pos.size());
      const auto want = make_rope_cache<float>(make_rope_table(c), c.qk_rope_head_dim, pos.data(), n);
      const auto& got = cache.rows(pos.data(), n);
      EXPECT_EQ(got.half, want.half);
      EXPECT_EQ(got.interleave, want.interleave);
      EXPECT_EQ(got.cos, want.cos);
      EXPECT_EQ(got.sin, want.sin);
    }
    const int32_t bad = -1;
    EXPECT_THROW(cache.rows(&bad, 1), std::exception);
  }
}

TEST(OpsGrad, RopeForwardMatchesModelAndBackwardIsTranspose) {
  Fixture f;
  for (bool yarn : {false, true})
    for (bool inter : {true, false}) {
      const ModelConfig c = attn_config(false, yarn, inter);
      const RopeTable rt = make_rope_table(c);
      const int64_t dr = c.qk_rope_head_dim, n = 3, heads = 2, stride = 11, hs = 5, off = 1;
      std::vector<int32_t> pos{0, 7, 3};
      const auto rc = make_rope_cache<double>(rt, dr, pos.data(), n);
      auto x = randn(f.rng, n * stride), r = randn(f.rng, n * stride);
      auto loss = [&] {
        auto y = x;
        rope_apply(rc, y.data(), n, stride, heads, hs, off, false);
        return dot(r, y);
      };
      auto g = r;  // entries outside the rotated slices pass through unchanged
      rope_apply(rc, g.data(), n, stride, heads, hs, off, true);
      EXPECT_LT(check_grads(loss, {{"x", &x, &g}}).max_err, kTol);
      // float forward equals model/rope.cpp's apply_rope bit for bit.
      const auto rcf = make_rope_cache<float>(rt, dr, pos.data(), n);
      std::vector<float> a(dr), b(dr);
      for (int64_t t = 0; t < n; ++t) {
        for (int64_t i = 0; i < dr; ++i) a[size_t(i)] = b[size_t(i)] = float(x[size_t(t * stride + i)]);
        apply_rope(rt, pos[size_t(t)], a.data(), dr);
        std::vector<float> row(b);
        RopeCache<float> one{rcf.half, rcf.interleave,
                             {rcf.cos.begin() + t * rcf.half, rcf.cos.begin() + (t + 1) * rcf.half},
                             {rcf.sin.begin() + t * rcf.half, rcf.sin.begin() + (t + 1) * rcf.half}};
        rope_apply(one, row.data(), 1, dr, 1, 0, 0, false);
        for (int64_t i = 0; i < dr; ++i) EXPECT_EQ(row[size_t(i)], a[size_t(i)]);
      }
    }
}

TEST(OpsGrad, SwiGlu) {
  Fixture f;
  const int64_t n = 9;
  auto g = randn(f.rng, n, 2.0), u = randn(f.rng, n), r = randn(f.rng, n);
  auto loss = [&] {
    std::vector<double> a(n);
    swiglu_fwd(g.data(), u.data(), n, a.data());
    return dot(r, a);
  };
  auto gg = zeros(n), gu = zeros(n);
  swiglu_bwd(g.data(), u.data(), r.data(), n, gg.data(), gu.data());
  EXPECT_LT(check_grads(loss, {{"g", &g, &gg}, {"u", &u, &gu}}).max_err, kTol);
}

TEST(OpsGrad, CrossEntropyIgnoresMinusOne) {
  Fixture f;
  const int64_t rows = 5, V = 7;
  std::vector<int32_t> tg{3, -1, 0, 6, -1};
  auto logits = randn(f.rng, rows * V, 2.0);
  const double scale = 1.0 / 3.0;
  auto loss = [&] { return scale * cross_entropy_sum<double>(logits.data(), tg.data(), rows, V, scale, nullptr); };
  auto g = zeros(logits.size());
  const double sum = cross_entropy_sum<double>(logits.data(), tg.data(), rows, V, scale, g.data());
  EXPECT_LT(check_grads(loss, {{"logits", &logits, &g}}).max_err, kTol);
  for (int64_t i = 0; i < V; ++i) EXPECT_EQ(g[size_t(V + i)], 0.0);  // ignored row
  // Uniform logits: each counted row costs log V.
  std::vector<double> flat(rows * V, 0.5);
  EXPECT_NEAR(cross_entropy_sum<double>(flat.data(), tg.data(), rows, V, 1.0, nullptr), 3 * std::log(7.0), 1e-12);
  EXPECT_GT(sum, 0.0);
  std::vector<int32_t> bad{7};
  EXPECT_THROW(cross_entropy_sum<double>(flat.data(), bad.data(), 1, V, 1.0, nullptr), Error);
}

TEST(OpsGrad, AttentionCoreWithDocumentMask) {
  Fixture f;
  Layout L;
  const AttnDims d{3, 3, 4, 5};
  const int64_t N = L.sl.n();
  auto q = randn(f.rng, N * d.H * d.dq()), kv = randn(f.rng, N * d.H * (d.dn + d.dv)), kpe = randn(f.rng, N * d.dr);
  auto r = randn(f.rng, N * d.H * d.dv);
  const double scale = 0.4;
  auto fwd = [&](std::vector<double>& o, std::vector<double>& lse) {
    o.resize(N * d.H * d.dv);
    lse.resize(N * d.H);
    attention_fwd(f.ctx, d, L.sl, scale, q.data(), kv.data(), kpe.data(), o.data(), lse.data());
  };
  auto loss = [&] {
    std::vector<double> o, lse;
    fwd(o, lse);
    return dot(r, o);
  };
  std::vector<double> o, lse;
  fwd(o, lse);
  auto gq = zeros(q.size()), gkv = zeros(kv.size()), gkpe = zeros(kpe.size());
  attention_bwd(f.ctx, d, L.sl, scale, q.data(), kv.data(), kpe.data(), o.data(), lse.data(), r.data(), gq.data(),
                gkv.data(), gkpe.data());
  auto rep = check_grads(loss, {{"q", &q, &gq}, {"kv", &kv, &gkv}, {"kpe", &kpe, &gkpe}});
  EXPECT_LT(rep.max_err, kTol) << rep.worst;
  // Document mask: the first token of a segment only sees itself → its output is its own v.
  for (int64_t h = 0; h < d.H; ++h)
    for (int64_t i = 0; i < d.dv; ++i)
      EXPECT_NEAR(o[size_t((3 * d.H + h) * d.dv + i)], kv[size_t((3 * d.H + h) * (d.dn + d.dv) + d.dn + i)], 1e-12);
  std::vector<int32_t> bad_seg{0, 1, 0, 1, 1, 0, 0, 0, 0, 0};
  SeqLayout bad{2, 5, bad_seg.data(), L.pos.data()};
  EXPECT_THROW(attention_fwd(f.ctx, d, bad, scale, q.data(), kv.data(), kpe.data(), o.data(), lse.data()), Error);
}

TEST(OpsGrad, MlaBlock) {
  for (bool q_lora : {true, false})
    for (bool inter : {true, false}) {
      Fixture f;
      Layout L;
      const ModelConfig c = attn_config(q_lora, true, inter);
      const int64_t N = L.sl.n(), Hd = c.hidden_size, H = c.num_attention_heads, dq = c.qk_head_dim(),
                    R = c.kv_lora_rank, Rq = c.q_lora_rank;
      // Storage and gradients of every weight.
      std::vector<std::vector<double>> W, G;
      std::vector<std::string> names;
      auto add = [&](const std::string& name, int64_t n, double sd, double mean) {
        W.push_back(randn(f.rng, size_t(n), sd, mean));
        G.push_back(zeros(size_t(n)));
        names.push_back(name);
        return W.size() - 1;
      };
      std::vector<std::pair<PRef<double>*, size_t>> bind;
      MlaW<double> w;
      if (q_lora) {
        bind.push_back({&w.q_a_proj, add("q_a_proj", Rq * Hd, 0.4, 0)});
        bind.push_back({&w.q_a_layernorm, add("q_a_layernorm", Rq, 0.2, 1)});
        bind.push_back({&w.q_b_proj, add("q_b_proj", H * dq * Rq, 0.4, 0)});
      } else {
        bind.push_back({&w.q_proj, add("q_proj", H * dq * Hd, 0.4, 0)});
      }
      bind.push_back({&w.kv_a_proj_with_mqa, add("kv_a_proj_with_mqa", (R + c.qk_rope_head_dim) * Hd, 0.4, 0)});
      bind.push_back({&w.kv_a_layernorm, add("kv_a_layernorm", R, 0.2, 1)});
      bind.push_back({&w.kv_b_proj, add("kv_b_proj", H * (c.qk_nope_head_dim + c.v_head_dim) * R, 0.4, 0)});
      bind.push_back({&w.o_proj, add("o_proj", Hd * H * c.v_head_dim, 0.4, 0)});
      for (auto& [ref, i] : bind) *ref = {W[i].data(), G[i].data()};
      auto x = randn(f.rng, N * Hd), r = randn(f.rng, N * Hd);
      const auto rope = make_rope_cache<double>(make_rope_table(c), c.qk_rope_head_dim, L.pos.data(), N);
      auto loss = [&] {
        std::vector<double> out(N * Hd);
        MlaState<double> st;
        mla_fwd(f.ctx, c, w, L.sl, rope, x.data(), out.data(), st);
        return dot(r, out);
      };
      std::vector<double> out(N * Hd), gx = zeros(x.size());
      MlaState<double> st;
      mla_fwd(f.ctx, c, w, L.sl, rope, x.data(), out.data(), st);
      mla_bwd(f.ctx, c, w, L.sl, rope, x.data(), st, r.data(), gx.data());
      std::vector<GradVar> vars{{"x", &x, &gx}};
      for (size_t i = 0; i < W.size(); ++i) vars.push_back({names[i], &W[i], &G[i]});
      auto rep = check_grads(loss, vars);
      std::printf("[ mla FD ] q_lora %d interleave %d: max relative error %.3g (%s)\n", int(q_lora), int(inter),
                  rep.max_err, rep.worst.c_str());
      EXPECT_LT(rep.max_err, kTol) << "q_lora " << q_lora << " interleave " << inter << " worst " << rep.worst;
    }
}

namespace {

struct MoeCase {
  std::string type = "deepseek_v3", method = "noaux_tc";
  bool norm = true, shared = true, bias = true;
  int64_t groups = 4, topk_group = 2, K = 2;
  double alpha = 0.05;
};

double run_moe_check(const MoeCase& mc, bool perturb = false) {
  Fixture f;
  Layout L;
  ModelConfig c;
  c.model_type = mc.type;
  c.topk_method = mc.method;
  c.hidden_size = 5;
  c.n_routed_experts = 8;
  c.num_experts_per_tok = mc.K;
  c.n_group = mc.groups;
  c.topk_group = mc.topk_group;
  c.norm_topk_prob = mc.norm;
  c.routed_scaling_factor = 1.7;
  c.moe_intermediate_size = 3;
  c.n_shared_experts = mc.shared ? 2 : 0;
  const int64_t N = L.sl.n(), Hd = c.hidden_size, E = c.n_routed_experts;
  std::vector<std::vector<double>> W, G;
  std::vector<std::string> names;
  W.reserve(64);
  G.reserve(64);
  auto add = [&](const std::string& name, int64_t n) {
    W.push_back(randn(f.rng, size_t(n), 0.6));
    G.push_back(zeros(size_t(n)));
    names.push_back(name);
    return PRef<double>{W.back().data(), G.back().data()};
  };
  auto mlp = [&](const std::string& p, int64_t I) {
    MlpW<double> m;
    m.inter = I;
    m.gate_proj = add(p + ".gate", I * Hd);
    m.up_proj = add(p + ".up", I * Hd);
    m.down_proj = add(p + ".down", Hd * I);
    return m;
  };
  MoeW<double> w;
  w.gate = add("gate", E * Hd);
  auto bias = randn(f.rng, size_t(E), 0.3);
  if (mc.bias) w.bias = bias.data();
  for (int64_t e = 0; e < E; ++e) w.experts.push_back(mlp("expert" + std::to_string(e), c.moe_intermediate_size));
  w.has_shared = mc.shared;
  if (mc.shared) w.shared = mlp("shared", c.moe_intermediate_size * c.n_shared_experts);
  auto x = randn(f.rng, N * Hd), r = randn(f.rng, N * Hd);
  auto loss = [&] {
    std::vector<double> out(N * Hd);
    MoeState<double> st;
    moe_fwd(f.ctx, c, w, L.sl, x.data(), out.data(), st, mc.alpha);
    return dot(r, out) + st.aux;
  };
  std::vector<double> out(N * Hd), gx = zeros(x.size());
  MoeState<double> st;
  moe_fwd(f.ctx, c, w, L.sl, x.data(), out.data(), st, mc.alpha);
  moe_bwd(f.ctx, c, w, L.sl, x.data(), st, r.data(), gx.data());
  EXPECT_EQ(std::accumulate(st.load.begin(), st.load.end(), int64_t(0)), N * mc.K);
  if (mc.alpha > 0) {
    EXPECT_GT(st.aux, 0.0);
  }
  if (perturb) G[0][3] += 1e-3;  // the router gradient is now wrong
  std::vector<GradVar> vars{{"x", &x, &gx}};
  for (size_t i = 0; i < W.size(); ++i) vars.push_back({names[i], &W[i], &G[i]});
  auto rep = check_grads(loss, vars);
  std::printf("[ moe FD ] %s/%s K=%lld: max relative error %.3g (%s)\n", mc.type.c_str(), mc.method.c_str(),
              (long long)mc.K, rep.max_err, rep.worst.c_str());
  EXPECT_TRUE(rep.max_err < kTol || perturb) << mc.type << "/" << mc.method << " norm " << mc.norm << " worst "
                                             << rep.worst << " err " << rep.max_err;
  return rep.max_err;
}

}  // namespace

TEST(OpsGrad, MoeV3GroupLimitedWithBiasAndBalanceLoss) {
  run_moe_check({});
  MoeCase c;
  c.norm = false;
  c.shared = false;
  run_moe_check(c);
  c = {};
  c.groups = 1;  // no group limit
  c.K = 3;
  c.bias = false;
  run_moe_check(c);
}

TEST(OpsGrad, MoeV2SoftmaxRouting) {
  MoeCase c;
  c.type = "deepseek_v2";
  c.method = "greedy";
  c.bias = false;
  run_moe_check(c);
  c.method = "group_limited_greedy";
  c.K = 3;
  run_moe_check(c);
}

TEST(OpsGrad, CheckerFailsOnWrongGradient) {
  EXPECT_GT(run_moe_check({}, /*perturb=*/true), 1e-4);
  // And a plain linear with a flipped entry.
  Fixture f;
  auto x = randn(f.rng, 6), W = randn(f.rng, 6), r = randn(f.rng, 4);  // x [2, 3], W [2, 3], y [2, 2]
  auto loss = [&] {
    std::vector<double> y(4);
    linear_fwd(f.ctx, W.data(), 2, 3, x.data(), 2, y.data());
    return dot(r, y);
  };
  auto gx = zeros(6), gW = zeros(6);
  linear_bwd(f.ctx, W.data(), 2, 3, x.data(), 2, r.data(), gx.data(), gW.data());
  EXPECT_LT(check_grads(loss, {{"W", &W, &gW}}).max_err, kTol);
  gW[4] *= -1.0;
  EXPECT_GT(check_grads(loss, {{"W", &W, &gW}}).max_err, 1e-2);
}

TEST(OpsGrad, RouteSelectMatchesRouteToken) {
  std::mt19937_64 rng(7);
  for (const char* type : {"deepseek_v3", "deepseek_v2"})
    for (const char* method : {"greedy", "group_limited_greedy"})
      for (bool norm : {true, false}) {
        ModelConfig c;
        c.model_type = type;
        c.topk_method = c.is_v3() ? "noaux_tc" : method;
        c.n_routed_experts = 16;
        c.n_group = 4;
        c.topk_group = 2;
        c.num_experts_per_tok = 4;
        c.norm_topk_prob = norm;
        c.routed_scaling_factor = 2.5;
        for (int it = 0; it < 50; ++it) {
          auto ld = randn(rng, 16, 1.5), bd = randn(rng, 16, 0.3);
          std::vector<float> l(ld.begin(), ld.end()), b(bd.begin(), bd.end()), s(16), w(4);
          std::vector<int32_t> idx(4);
          std::vector<uint8_t> live(4);
          route_select<float>(c, l.data(), c.is_v3() ? b.data() : nullptr, s.data(), idx.data(), w.data(),
                              live.data());
          auto ref = route_token(c, l.data(), c.is_v3() ? b.data() : nullptr);
          ASSERT_EQ(ref.size(), 4u);
          for (size_t k = 0; k < 4; ++k) {
            EXPECT_EQ(idx[k], ref[k].expert);
            EXPECT_EQ(w[k], ref[k].weight);
          }
        }
      }
}
