// test_cuda_flash.cpp — the training flash-attention kernels (k_train_flash*.cu)
// against a float64 CPU reference of masked softmax attention and its
// gradients: O, the log-sum-exp, dQ, dK and dV, every element checked, with
// BF16 tolerances; outputs are NaN-poisoned first, so an element the kernels
// never write fails. Masks: causal, several documents per row, a shared
// prefix; T not a multiple of the 64-row tile; head dims padded (10/5) and
// V3-like (96/64, 192/128). The backward runs on both kernels (Hopper wgmma,
// k_train_flash_wgmma.cu, where it runs; and mma.sync); the forward's BF16-only O
// (the fp32 O rounded, bit for bit) and the backward from it. Also: the whole CUDA
// trainer's BF16 step with flash attention against the materialised-scores
// path; the packing with RoPE fused against rope() then packing, from fp32 and
// BF16 sources. Skipped
// without CUDA.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"
#include "io/config.h"
#include "train/model_grad.h"
#include "train/params.h"
#include "../../train/trainer_test_util.h"

using namespace dseek;

namespace {

struct Shape {
  int64_t B, H, T, dq, dv, prefix;
};

// start[b·T + t] (flattened segment starts) for random documents, as Batch/segment_starts gives.
std::vector<int32_t> random_starts(const Shape& s, std::mt19937_64& rng) {
  std::vector<int32_t> st(size_t(s.B * s.T));
  for (int64_t b = 0; b < s.B; ++b) {
    int64_t cur = b * s.T;
    for (int64_t t = 0; t < s.T; ++t) {
      const bool brk = s.prefix > 0 ? (t == s.prefix || (t > s.prefix && rng() % 29 == 0)) : (t > 0 && rng() % 37 == 0);
      if (brk) cur = b * s.T + t;
      st[size_t(b * s.T + t)] = int32_t(cur);
    }
  }
  return st;
}

struct Ref {
  std::vector<double> O, lse, dQ, dK, dV;
};

// Inputs q, k [B·T, H, dq], v, dO [B·T, H, dv] (the model's layout); outputs O, dQ in that layout,
// dK, dV as [B·H, T, d], lse [B·H·T].
Ref reference(const Shape& s, float scale, const std::vector<int32_t>& start, const std::vector<float>& Q,
              const std::vector<float>& K, const std::vector<float>& V, const std::vector<float>& dO) {
  const int64_t T = s.T, H = s.H, dq = s.dq, dv = s.dv;
  auto at = [&](int64_t b, int64_t t, int64_t h, int64_t d) { return size_t(((b * T + t) * H + h) * d); };
  Ref r;
  r.O.assign(size_t(s.B * H * T * dv), 0);
  r.lse.assign(size_t(s.B * H * T), 0);
  r.dQ.assign(size_t(s.B * H * T * dq), 0);
  r.dK.assign(r.dQ.size(), 0);
  r.dV.assign(r.O.size(), 0);
  std::vector<double> p(static_cast<size_t>(T)), ds(static_cast<size_t>(T));
  for (int64_t b = 0; b < s.B; ++b)
    for (int64_t h = 0; h < H; ++h) {
      const int64_t bh = b * H + h;
      for (int64_t t = 0; t < T; ++t) {
        const int64_t st = start[size_t(b * T + t)] - b * T, pre = (s.prefix > 0 && st > 0) ? s.prefix : 0;
        const float* qt = &Q[at(b, t, h, dq)];
        double m = -INFINITY;
        for (int64_t j = 0; j < T; ++j) {
          const bool vis = (j >= st && j <= t) || j < pre;
          double acc = 0;
          for (int64_t c = 0; c < dq; ++c) acc += double(qt[c]) * K[at(b, j, h, dq) + size_t(c)];
          p[size_t(j)] = vis ? acc * scale : -INFINITY;
          m = std::max(m, p[size_t(j)]);
        }
        double sum = 0;
        for (int64_t j = 0; j < T; ++j) sum += (p[size_t(j)] = std::exp(p[size_t(j)] - m));
        r.lse[size_t(bh * T + t)] = m + std::log(sum);
        for (int64_t j = 0; j < T; ++j) p[size_t(j)] /= sum;
        const float* dot = &dO[at(b, t, h, dv)];
        double D = 0;
        for (int64_t c = 0; c < dv; ++c) {
          double o = 0;
          for (int64_t j = 0; j < T; ++j) o += p[size_t(j)] * V[at(b, j, h, dv) + size_t(c)];
          r.O[at(b, t, h, dv) + size_t(c)] = o;
          D += o * dot[c];
        }
        for (int64_t j = 0; j < T; ++j) {
          double acc = 0;
          for (int64_t c = 0; c < dv; ++c) acc += double(dot[c]) * V[at(b, j, h, dv) + size_t(c)];
          ds[size_t(j)] = p[size_t(j)] * (acc - D) * scale;
          for (int64_t c = 0; c < dv; ++c) r.dV[size_t((bh * T + j) * dv + c)] += p[size_t(j)] * dot[c];
        }
        for (int64_t j = 0; j < T; ++j) {
          if (ds[size_t(j)] == 0) continue;
          for (int64_t c = 0; c < dq; ++c) {
            r.dQ[at(b, t, h, dq) + size_t(c)] += ds[size_t(j)] * K[at(b, j, h, dq) + size_t(c)];
            r.dK[size_t((bh * T + j) * dq + c)] += ds[size_t(j)] * qt[c];
          }
        }
      }
    }
  return r;
}

std::vector<float> randn(size_t n, std::mt19937_64& rng, float sd) {
  std::normal_distribution<float> nd(0.0f, sd);
  std::vector<float> v(n);
  for (float& x : v) x = nd(rng);
  return v;
}

float* upload(DevMem& m, const std::vector<float>& v) {
  m = DevMem(v.size() * 4);
  DSEEK_CUDA_CHECK(cudaMemcpy(m.as(), v.data(), v.size() * 4, cudaMemcpyHostToDevice));
  return m.as<float>();
}
float* poisoned(DevMem& m, size_t n) {
  m = DevMem(n * 4);
  DSEEK_CUDA_CHECK(cudaMemset(m.as(), 0xff, n * 4));  // 0xffffffff: NaN
  return m.as<float>();
}
std::vector<float> fetch(const DevMem& m, size_t n) {
  std::vector<float> v(n);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), m.as(), n * 4, cudaMemcpyDeviceToHost));
  return v;
}

// Every element finite and |got - ref| <= tol · max|ref|; returns the worst ratio.
double expect_close(const std::vector<float>& got, const std::vector<double>& ref, double tol, const char* what) {
  double mref = 0, worst = 0;
  for (double v : ref) mref = std::max(mref, std::abs(v));
  int64_t bad = 0;
  for (size_t i = 0; i < ref.size(); ++i) {
    const double d = std::abs(double(got[i]) - ref[i]);
    if (!std::isfinite(got[i]) || d > tol * mref) ++bad;
    worst = std::max(worst, std::isfinite(got[i]) ? d / mref : INFINITY);
  }
  EXPECT_EQ(bad, 0) << what << ": " << bad << " of " << ref.size() << " off; worst |diff|/max|ref| " << worst;
  return worst;
}

class CudaFlash : public ::testing::TestWithParam<Shape> {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
};

TEST_P(CudaFlash, MatchesFloat64Reference) {
  const Shape s = GetParam();
  const cu::tk::FlashDims fd = cu::tk::flash_attn_dims(s.dq, s.dv);
  ASSERT_GT(fd.dqp, 0);
  std::mt19937_64 rng(uint64_t(s.T * 131 + s.dq));
  const size_t nq = size_t(s.B * s.H * s.T * s.dq), nv = size_t(s.B * s.H * s.T * s.dv), nr = size_t(s.B * s.H * s.T);
  const std::vector<float> Q = randn(nq, rng, 1.0f), K = randn(nq, rng, 1.0f), V = randn(nv, rng, 1.0f),
                           dO = randn(nv, rng, 1.0f);
  const std::vector<int32_t> start = random_starts(s, rng);
  const float scale = 1.5f / std::sqrt(float(s.dq));  // peaky enough that masking errors show
  const Ref ref = reference(s, scale, start, Q, K, V, dO);

  DevMem q, k, v, dout, st, o, lse, dd, dq, dk, dvv, qb, kb, vb, dob;
  upload(q, Q);
  upload(k, K);
  upload(v, V);
  upload(dout, dO);
  st = DevMem(start.size() * 4);
  DSEEK_CUDA_CHECK(cudaMemcpy(st.as(), start.data(), start.size() * 4, cudaMemcpyHostToDevice));
  poisoned(o, nv);
  poisoned(lse, nr);
  poisoned(dd, nr);
  poisoned(dq, nq);
  poisoned(dk, nq);
  poisoned(dvv, nv);
  poisoned(qb, size_t(nr * fd.dqp) / 2 + 1);  // NaN in the padding too: the packing must zero it
  poisoned(kb, size_t(nr * fd.dqp) / 2 + 1);
  poisoned(vb, size_t(nr * fd.dvp) / 2 + 1);
  poisoned(dob, size_t(nr * fd.dvp) / 2 + 1);
  // K as the trainer packs it: the first columns from one tensor, the rest from a second one.
  const int64_t split = s.dq / 2;
  cu::tk::flash_pack(q.as<float>(), s.H * s.dq, s.dq, s.dq, nullptr, 0, 0, 0, s.B, s.H, s.T, fd.dqp,
                     qb.as<uint16_t>(), nullptr);
  cu::tk::flash_pack(k.as<float>(), s.H * s.dq, s.dq, split, k.as<float>() + split, s.H * s.dq, s.dq, s.dq - split, s.B,
                     s.H, s.T, fd.dqp, kb.as<uint16_t>(), nullptr);
  cu::tk::flash_pack(v.as<float>(), s.H * s.dv, s.dv, s.dv, nullptr, 0, 0, 0, s.B, s.H, s.T, fd.dvp,
                     vb.as<uint16_t>(), nullptr);
  cu::tk::FlashArgs fa;
  fa.Q = qb.as<uint16_t>();
  fa.K = kb.as<uint16_t>();
  fa.V = vb.as<uint16_t>();
  fa.B = s.B;
  fa.H = s.H;
  fa.T = s.T;
  fa.dq = s.dq;
  fa.dv = s.dv;
  fa.prefix = s.prefix;
  fa.scale = scale;
  fa.start = st.as<int32_t>();
  cu::tk::flash_attn_fwd(fa, o.as<float>(), lse.as<float>(), nullptr);
  const std::vector<float> gO = fetch(o, nv), gL = fetch(lse, nr);
  expect_close(gO, ref.O, 2e-2, "O");
  expect_close(gL, ref.lse, 1e-2, "lse");
  {  // the forward without TMA (tiles by cp.async): the same tiles in shared memory, so the same bits
    DevMem o3, lse3;
    poisoned(o3, nv);
    poisoned(lse3, nr);
    fa.no_tma = true;
    cu::tk::flash_attn_fwd(fa, o3.as<float>(), lse3.as<float>(), nullptr);
    fa.no_tma = false;
    EXPECT_EQ(fetch(o3, nv), gO) << "O differs without TMA";
    EXPECT_EQ(fetch(lse3, nr), gL) << "lse differs without TMA";
  }
  // O in BF16 only (where it runs): o's values rounded to nearest even, bit for bit, o left untouched;
  // the backward's D from it gives gradients as close to the reference.
  DevMem ob;
  if (cu::tk::flash_bf16_o_ok(fa)) {
    SCOPED_TRACE("BF16-only O");
    poisoned(ob, nv / 2 + 1);
    DevMem o2;
    poisoned(o2, nv);
    cu::tk::flash_attn_fwd(fa, o2.as<float>(), lse.as<float>(), nullptr, ob.as<uint16_t>());
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<uint16_t> got(nv);
    DSEEK_CUDA_CHECK(cudaMemcpy(got.data(), ob.as(), nv * 2, cudaMemcpyDeviceToHost));
    size_t bad = 0;
    for (size_t i = 0; i < nv; ++i) bad += got[i] != f32_to_bf16(gO[i]);
    EXPECT_EQ(bad, 0u) << "BF16 O differs from the fp32 O rounded";
    const std::vector<float> untouched = fetch(o2, nv);
    EXPECT_TRUE(std::all_of(untouched.begin(), untouched.end(), [](float x) { return std::isnan(x); }))
        << "the fp32 O was written";
    EXPECT_EQ(fetch(lse, nr), gL) << "lse differs with the BF16 O";
    poisoned(dq, nq);
    poisoned(dk, nq);
    poisoned(dvv, nv);
    cu::tk::flash_attn_bwd(fa, nullptr, dout.as<float>(), lse.as<float>(), dob.as<uint16_t>(), dd.as<float>(),
                           dq.as<float>(), dk.as<float>(), dvv.as<float>(), nullptr, nullptr, ob.as<uint16_t>());
    expect_close(fetch(dq, nq), ref.dQ, 3e-2, "dQ (D from the BF16 O)");
    expect_close(fetch(dk, nq), ref.dK, 3e-2, "dK (D from the BF16 O)");
    expect_close(fetch(dvv, nv), ref.dV, 2e-2, "dV (D from the BF16 O)");
  }
  // The backward three times: the default kernel (wgmma with TMA where it runs), the wgmma kernel without
  // TMA (cp.async loads, dQ by atomics), then the mma.sync one.
  for (const int mode : {0, 1, 2}) {
    SCOPED_TRACE(mode == 2 ? "mma.sync backward" : mode == 1 ? "backward without TMA" : "default backward");
    poisoned(dq, nq);
    poisoned(dk, nq);
    poisoned(dvv, nv);
    fa.no_tma = mode == 1;
    fa.mma_sync = mode == 2;
    cu::tk::flash_attn_bwd(fa, o.as<float>(), dout.as<float>(), lse.as<float>(), dob.as<uint16_t>(), dd.as<float>(),
                           dq.as<float>(), dk.as<float>(), dvv.as<float>(), nullptr);
    expect_close(fetch(dq, nq), ref.dQ, 3e-2, "dQ");
    expect_close(fetch(dk, nq), ref.dK, 3e-2, "dK");
    expect_close(fetch(dvv, nv), ref.dV, 2e-2, "dV");
  }
  // MLA's layout straight from the backward (where it runs): bit for bit what the default backward's
  // dK, dV unpacked by attn_unpack_dkv give (dK's first dn columns with dV in BF16, the rest summed over
  // the heads), and the same dQ.
  const int64_t dn = (s.dq - s.dq / 3) / 2 * 2, dr = s.dq - dn;
  fa.mma_sync = false;
  fa.no_tma = false;
  if (!cu::tk::flash_bwd_unpacked_ok(fa, dn)) return;
  const size_t nkv = size_t(s.B * s.T * s.H * (dn + s.dv)), npe = size_t(s.B * s.T * dr);
  DevMem kv1(nkv * 2), kv2(nkv * 2), pe1(npe * 4), pe2(npe * 4), dkr(size_t(s.B * s.T * s.H * dr) * 4);
  DSEEK_CUDA_CHECK(cudaMemset(kv2.as(), 0xff, nkv * 2));
  DSEEK_CUDA_CHECK(cudaMemset(pe2.as(), 0xff, npe * 4));
  poisoned(dk, nq);
  poisoned(dvv, nv);
  cu::tk::flash_attn_bwd(fa, o.as<float>(), dout.as<float>(), lse.as<float>(), dob.as<uint16_t>(), dd.as<float>(),
                         dq.as<float>(), dk.as<float>(), dvv.as<float>(), nullptr);
  cu::tk::attn_unpack_dkv(dk.as<float>(), dvv.as<float>(), s.B, s.T, s.H, dn, dr, s.dv, nullptr, pe1.as<float>(),
                          nullptr, kv1.as<uint16_t>());
  poisoned(dq, nq);
  cu::tk::FlashBwdUnpacked u;
  u.dkvb = kv2.as<uint16_t>();
  u.dkr = dkr.as<float>();
  u.dn = dn;
  cu::tk::flash_attn_bwd(fa, o.as<float>(), dout.as<float>(), lse.as<float>(), dob.as<uint16_t>(), dd.as<float>(),
                         dq.as<float>(), nullptr, nullptr, nullptr, &u);
  cu::tk::sum_heads(dkr.as<float>(), s.B * s.T, s.H, dr, pe2.as<float>(), nullptr);
  DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  std::vector<uint16_t> a(nkv), b(nkv);
  DSEEK_CUDA_CHECK(cudaMemcpy(a.data(), kv1.as(), nkv * 2, cudaMemcpyDeviceToHost));
  DSEEK_CUDA_CHECK(cudaMemcpy(b.data(), kv2.as(), nkv * 2, cudaMemcpyDeviceToHost));
  size_t bad = 0;
  for (size_t i = 0; i < nkv; ++i) bad += a[i] != b[i];
  EXPECT_EQ(bad, 0u) << "dkv (BF16) differs from the unpacked default";
  EXPECT_EQ(fetch(pe2, npe), fetch(pe1, npe)) << "Σ_h of dK's rope columns differs";
  expect_close(fetch(dq, nq), ref.dQ, 3e-2, "dQ (unpacked backward)");
}

INSTANTIATE_TEST_SUITE_P(Shapes, CudaFlash,
                         ::testing::Values(Shape{2, 3, 100, 10, 5, 0},      // padded dims, partial tile
                                           Shape{1, 2, 200, 96, 64, 17},    // moe-400m dims, shared prefix
                                           Shape{3, 2, 100, 96, 64, 0},     // batch rows end inside a tile
                                           Shape{2, 1, 64, 48, 32, 0},      // one tile (the intent model's dims)
                                           Shape{1, 2, 150, 192, 128, 0},   // DeepSeek-V3's dims
                                           Shape{2, 2, 300, 128, 128, 40}));  // many tiles, prefix

// The trainer's BF16 step: flash attention vs the materialised TF32 scores, same weights and batch.
TEST(CudaFlashTrain, Bf16StepAgreesWithMaterialisedAttention) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  // v 16 (padded to 32: O in fp32) and v 32 (O in BF16 only where the wgmma forward runs, the backward's
  // D from it, o_proj's operands through its memo).
  for (const int64_t dv : {16, 32}) {
    SCOPED_TRACE(testing::Message() << "v_head_dim " << dv);
    ModelConfig c = train::testing::tiny_v3_config();
    c.max_position_embeddings = 256;
    c.qk_nope_head_dim = 16;
    c.qk_rope_head_dim = 16;
    c.v_head_dim = dv;
    c.num_experts_per_tok = c.n_routed_experts;  // every expert on every token: no routing flips between the runs
    c.n_group = 1;
    c.topk_group = 1;
    c = parse_model_config(to_json(c));
    const train::TrainParams p0 = train::init_params(c, 4, 0.08f);
    train::Batch b;
    b.B = 2;
    b.T = 130;
    std::mt19937_64 rng(3);
    for (int64_t r = 0; r < b.B; ++r)
      for (int64_t t = 0; t < b.T; ++t) {
        const int32_t seg = int32_t(t / 50);
        b.segment.push_back(seg);
        b.pos.push_back(int32_t(t % 50));
        b.tokens.push_back(int32_t(rng() % uint64_t(c.vocab_size)));
      }
    for (size_t i = 0; i < b.tokens.size(); ++i)
      b.targets.push_back((i + 1) % size_t(b.T) == 0 || b.segment[i + 1] != b.segment[i] ? -1 : b.tokens[i + 1]);
    train::LossOptions o;
    auto run = [&](bool flash) {
      CudaTrainOptions co;
      co.flash_attention = flash;
      train::TrainParams p = p0;
      auto dev = make_cuda_train_device(p0, co);
      dev->zero_grad();
      const train::StepStats st = dev->forward_backward(b, o, true);
      dev->download(p, true);
      return std::make_pair(st, p);
    };
    const auto [sf, pf] = run(true);
    const auto [sm, pm] = run(false);
    EXPECT_NEAR(sf.main_loss, sm.main_loss, 5e-3 * sm.main_loss);
    EXPECT_NEAR(sf.mtp_loss, sm.mtp_loss, 5e-3 * sm.mtp_loss);
    for (size_t i = 0; i < pf.tensors.size(); ++i) {
      const auto& x = pf.tensors[i].g;
      const auto& y = pm.tensors[i].g;
      double dot = 0, xx = 0, yy = 0;
      for (size_t j = 0; j < x.size(); ++j) {
        ASSERT_TRUE(std::isfinite(x[j])) << pf.tensors[i].name;
        dot += double(x[j]) * y[j];
        xx += double(x[j]) * x[j];
        yy += double(y[j]) * y[j];
      }
      if (xx == 0 && yy == 0) continue;
      EXPECT_GT(dot / std::sqrt(xx * yy), 0.99) << pf.tensors[i].name;
    }
  }
}

// n BF16 NaNs on the device (outputs that must be overwritten).
DevMem nan_bf16(size_t n) {
  DevMem d(n * 2);
  DSEEK_CUDA_CHECK(cudaMemset(d.as(), 0xff, n * 2));
  return d;
}
// Two packings' n BF16 outputs: equal bit for bit, and every element written (both start as NaN).
void expect_same_pack(const DevMem& p1, const DevMem& p2, size_t n) {
  std::vector<uint16_t> a(n), b(n);
  DSEEK_CUDA_CHECK(cudaMemcpy(a.data(), p1.as(), n * 2, cudaMemcpyDeviceToHost));
  DSEEK_CUDA_CHECK(cudaMemcpy(b.data(), p2.as(), n * 2, cudaMemcpyDeviceToHost));
  size_t bad = 0, nan = 0;
  for (size_t i = 0; i < n; ++i) {
    bad += a[i] != b[i];
    nan += (b[i] & 0x7fff) > 0x7f80;
  }
  EXPECT_EQ(bad, 0u) << "elements that differ";
  EXPECT_EQ(nan, 0u) << "elements left unwritten";
}

// flash_pack with the RoPE rotation fused: bit for bit what rope() then flash_pack give, for both pair
// layouts, on the vectorised path (96-wide heads) and the two-column one (a 10-wide head).
TEST(CudaFlashPack, FusedRopeEqualsRopeThenPack) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(23);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  struct Case {
    int64_t dq, dv, dn, half;
  };
  for (const Case c : {Case{96, 64, 64, 16}, Case{10, 5, 4, 3}})
    for (const bool interleave : {false, true}) {
      SCOPED_TRACE(testing::Message() << "dq " << c.dq << (interleave ? " interleaved" : " halves"));
      const int64_t B = 2, H = 3, T = 37, N = B * T, P = cu::tk::flash_attn_dims(c.dq, c.dv).dqp;
      ASSERT_GT(P, 0);
      std::vector<float> q(size_t(N * H * c.dq)), cs(size_t(N * c.half)), sn(cs.size());
      for (auto* v : {&q, &cs, &sn})
        for (float& f : *v) f = nd(rng);
      DevMem dq1(q.size() * 4), dq2(q.size() * 4), dcs(cs.size() * 4), dsn(sn.size() * 4);
      DSEEK_CUDA_CHECK(cudaMemcpy(dq1.as(), q.data(), q.size() * 4, cudaMemcpyHostToDevice));
      DSEEK_CUDA_CHECK(cudaMemcpy(dq2.as(), q.data(), q.size() * 4, cudaMemcpyHostToDevice));
      DSEEK_CUDA_CHECK(cudaMemcpy(dcs.as(), cs.data(), cs.size() * 4, cudaMemcpyHostToDevice));
      DSEEK_CUDA_CHECK(cudaMemcpy(dsn.as(), sn.data(), sn.size() * 4, cudaMemcpyHostToDevice));
      const size_t np = size_t(B * H * T * P);
      DevMem p1 = nan_bf16(np), p2 = nan_bf16(np);
      cu::tk::rope(dq1.as<float>(), N, H * c.dq, H, c.dq, c.dn, dcs.as<float>(), dsn.as<float>(), c.half, interleave,
                   false, nullptr);
      cu::tk::flash_pack(dq1.as<float>(), H * c.dq, c.dq, c.dq, nullptr, 0, 0, 0, B, H, T, P, p1.as<uint16_t>(),
                         nullptr);
      cu::tk::PackRope r;
      r.cs = dcs.as<float>();
      r.sn = dsn.as<float>();
      r.half = c.half;
      r.off = c.dn;
      r.interleave = interleave;
      cu::tk::flash_pack(dq2.as<float>(), H * c.dq, c.dq, c.dq, nullptr, 0, 0, 0, B, H, T, P, p2.as<uint16_t>(),
                         nullptr, &r);
      expect_same_pack(p1, p2, np);
      std::vector<float> after(q.size());  // the source stays unrotated
      DSEEK_CUDA_CHECK(cudaMemcpy(after.data(), dq2.as(), q.size() * 4, cudaMemcpyDeviceToHost));
      EXPECT_EQ(after, q);
    }
}

// Packing from a BF16 first source (MLA's kv as the kv_b GEMM writes it) equals packing the same values
// from fp32, bit for bit: K (k_nope from kv, k_pe from an fp32 tensor shared by the heads) and V, on the
// 16-byte path (moe-400m's dims) and the two-column one (odd sizes).
TEST(CudaFlashPack, Bf16SourceEqualsFp32Source) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(29);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  struct Case {
    int64_t dn, dr, dv;
  };
  for (const Case c : {Case{64, 32, 64}, Case{6, 4, 5}}) {
    SCOPED_TRACE(testing::Message() << "dn " << c.dn << " dr " << c.dr << " dv " << c.dv);
    const int64_t B = 2, H = 3, T = 37, N = B * T, wkv = H * (c.dn + c.dv);
    const cu::tk::FlashDims fd = cu::tk::flash_attn_dims(c.dn + c.dr, c.dv);
    ASSERT_GT(fd.dqp, 0);
    std::vector<float> kv(size_t(N * wkv)), pe(size_t(N * c.dr));
    std::vector<uint16_t> kvb(kv.size());
    for (size_t i = 0; i < kv.size(); ++i) {
      kvb[i] = f32_to_bf16(nd(rng));
      kv[i] = bf16_to_f32(kvb[i]);  // the same values both ways
    }
    for (float& f : pe) f = nd(rng);
    DevMem dkv(kv.size() * 4), dkvb(kv.size() * 2), dpe(pe.size() * 4);
    DSEEK_CUDA_CHECK(cudaMemcpy(dkv.as(), kv.data(), kv.size() * 4, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemcpy(dkvb.as(), kvb.data(), kvb.size() * 2, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemcpy(dpe.as(), pe.data(), pe.size() * 4, cudaMemcpyHostToDevice));
    for (const bool k : {true, false}) {
      SCOPED_TRACE(k ? "K" : "V");
      const int64_t P = k ? fd.dqp : fd.dvp, n1 = k ? c.dn : c.dv, off = k ? 0 : c.dn;
      const size_t np = size_t(B * H * T * P);
      DevMem p1 = nan_bf16(np), p2 = nan_bf16(np);
      const float* src2 = k ? dpe.as<float>() : nullptr;
      const int64_t s2 = k ? c.dr : 0, n2 = k ? c.dr : 0;
      cu::tk::flash_pack(dkv.as<float>() + off, wkv, c.dn + c.dv, n1, src2, s2, 0, n2, B, H, T, P,
                         p1.as<uint16_t>(), nullptr);
      cu::tk::flash_pack(dkvb.as<uint16_t>() + off, wkv, c.dn + c.dv, n1, src2, s2, 0, n2, B, H, T, P,
                         p2.as<uint16_t>(), nullptr);
      expect_same_pack(p1, p2, np);
    }
    // q's packing with RoPE fused (the rows as q: heads of dn + dv columns, some of them rotated), from
    // the BF16 source and from its values in fp32: the same bits, both pair layouts.
    const int64_t hw = c.dn + c.dv, half = c.dr / 2, off = c.dn / 2 * 2;
    std::vector<float> cs(size_t(N * half)), sn(cs.size());
    std::uniform_real_distribution<float> ang(-3.2f, 3.2f);
    for (size_t i = 0; i < cs.size(); ++i) {
      const float t = ang(rng);
      cs[i] = std::cos(t);
      sn[i] = std::sin(t);
    }
    DevMem dcs(cs.size() * 4), dsn(sn.size() * 4);
    DSEEK_CUDA_CHECK(cudaMemcpy(dcs.as(), cs.data(), cs.size() * 4, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemcpy(dsn.as(), sn.data(), sn.size() * 4, cudaMemcpyHostToDevice));
    const int64_t P = cu::tk::flash_attn_dims(hw, c.dv).dqp;
    ASSERT_GT(P, 0);
    for (const bool inter : {true, false}) {
      SCOPED_TRACE(inter ? "q, interleaved RoPE" : "q, RoPE on halves");
      cu::tk::PackRope r;
      r.cs = dcs.as<float>();
      r.sn = dsn.as<float>();
      r.half = half;
      r.off = off;
      r.interleave = inter;
      const size_t np = size_t(B * H * T * P);
      DevMem p1 = nan_bf16(np), p2 = nan_bf16(np);
      cu::tk::flash_pack(dkv.as<float>(), wkv, hw, hw, nullptr, 0, 0, 0, B, H, T, P, p1.as<uint16_t>(), nullptr, &r);
      cu::tk::flash_pack(dkvb.as<uint16_t>(), wkv, hw, hw, nullptr, 0, 0, 0, B, H, T, P, p2.as<uint16_t>(), nullptr,
                         &r);
      expect_same_pack(p1, p2, np);
    }
  }
}

}  // namespace
