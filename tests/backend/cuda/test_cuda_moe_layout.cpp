// test_cuda_moe_layout.cpp — the MoE rows laid out on the device (k_moe_layout.cu)
// against the host's stable counting sort, every entry of perm and pos: slot
// counts that are not multiples of the 1024-slot blocks, experts of another GPU
// (skipped), padded expert blocks (rows without a slot stay -1), up to the 256
// experts of DeepSeek-V3; the loads per sequence (moe_seq_count); the by-token
// gather and row gradient against the by-row kernels. Skipped
// without CUDA.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_kernels.h"
#include "core/dtype.h"

using namespace dseek;
namespace tk = dseek::cu::tk;

namespace {

TEST(CudaMoeLayout, DevicePlacementEqualsTheHostsStableOrder) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(5);
  struct Case {
    int64_t n;
    int E, lo, all;  // this GPU's experts [lo, lo + E) of `all`
    int pad;         // rows per expert rounded up to a multiple of pad
  };
  for (const Case c : {Case{65536, 32, 0, 32, 1}, Case{3001, 8, 0, 8, 128}, Case{5000, 16, 16, 64, 8},
                       Case{131072, 256, 0, 256, 1}, Case{1, 4, 0, 4, 1}}) {
    SCOPED_TRACE(c.n);
    std::uniform_int_distribution<int> pick(0, c.all - 1);
    std::vector<int32_t> idx(size_t(c.n));
    for (auto& e : idx) e = pick(rng);
    std::vector<int64_t> load(size_t(c.E), 0), off(size_t(c.E), 0);
    for (int32_t e : idx)
      if (e >= c.lo && e < c.lo + c.E) ++load[size_t(e - c.lo)];
    int64_t rows = 0;
    for (int e = 0; e < c.E; ++e) {
      off[size_t(e)] = rows;
      rows += (load[size_t(e)] + c.pad - 1) / c.pad * c.pad;
    }
    std::vector<int32_t> perm(size_t(rows), -1), pos(size_t(c.n), -1);
    std::vector<int64_t> cur(size_t(c.E), 0);
    for (int64_t s = 0; s < c.n; ++s) {
      const int64_t e = idx[size_t(s)] - c.lo;
      if (e < 0 || e >= c.E) continue;
      const int64_t p = off[size_t(e)] + cur[size_t(e)]++;
      perm[size_t(p)] = int32_t(s);
      pos[size_t(s)] = int32_t(p);
    }
    DevMem didx(idx.size() * 4), dperm(std::max<size_t>(1, size_t(rows)) * 4), dpos(idx.size() * 4),
        scratch(size_t(tk::moe_place_scratch(c.n, c.E)) * 4);
    DSEEK_CUDA_CHECK(cudaMemcpy(didx.as(), idx.data(), idx.size() * 4, cudaMemcpyHostToDevice));
    DSEEK_CUDA_CHECK(cudaMemset(dperm.as(), 0x55, dperm.bytes()));  // poison: every entry must be written
    DSEEK_CUDA_CHECK(cudaMemset(dpos.as(), 0x55, dpos.bytes()));
    tk::MoeOffsets mo;
    for (int e = 0; e < c.E; ++e) mo.v[e] = off[size_t(e)];
    tk::moe_place(didx.as<int32_t>(), c.n, c.lo, c.E, mo, rows, dperm.as<int32_t>(), dpos.as<int32_t>(),
                  scratch.as<int32_t>(), nullptr);
    std::vector<int32_t> gperm(static_cast<size_t>(rows)), gpos(idx.size());
    DSEEK_CUDA_CHECK(cudaMemcpy(gperm.data(), dperm.as(), gperm.size() * 4, cudaMemcpyDeviceToHost));
    DSEEK_CUDA_CHECK(cudaMemcpy(gpos.data(), dpos.as(), gpos.size() * 4, cudaMemcpyDeviceToHost));
    EXPECT_EQ(gperm, perm);
    EXPECT_EQ(gpos, pos);
  }
}

}  // namespace

namespace {

// moe_seq_count against a host count: per sequence and expert, all of sequence 0 without seq_of, and
// the choices outside [0, E) counted apart (never in an expert's load).
TEST(CudaMoeLayout, SequenceCountsEqualTheHostsAndFlagBadChoices) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(9);
  const int64_t N = 3001, K = 4, nseq = 7;
  const int E = 32;
  std::uniform_int_distribution<int> pick(0, E - 1), seq(0, int(nseq) - 1);
  std::vector<int32_t> idx(static_cast<size_t>(N * K)), seq_of(static_cast<size_t>(N));
  for (auto& e : idx) e = pick(rng);
  idx[5] = -1;  // two broken choices
  idx[777] = E;
  for (auto& q : seq_of) q = seq(rng);
  DevMem didx(idx.size() * 4), dseq(seq_of.size() * 4), dcnt(size_t(nseq * E + 1) * 4);
  DSEEK_CUDA_CHECK(cudaMemcpy(didx.as(), idx.data(), idx.size() * 4, cudaMemcpyHostToDevice));
  DSEEK_CUDA_CHECK(cudaMemcpy(dseq.as(), seq_of.data(), seq_of.size() * 4, cudaMemcpyHostToDevice));
  for (const bool per_seq : {true, false}) {
    SCOPED_TRACE(per_seq);
    const int64_t ns = per_seq ? nseq : 1;
    std::vector<int32_t> want(size_t(ns * E + 1), 0), got(want.size(), -7);
    for (int64_t s = 0; s < N * K; ++s) {
      const int32_t e = idx[size_t(s)];
      ++want[size_t(e >= 0 && e < E ? (per_seq ? seq_of[size_t(s / K)] : 0) * E + e : ns * E)];
    }
    DSEEK_CUDA_CHECK(cudaMemset(dcnt.as(), 0x7f, size_t(nseq * E + 1) * 4));  // poison: must be overwritten
    tk::moe_seq_count(didx.as<int32_t>(), per_seq ? dseq.as<int32_t>() : nullptr, N, int(K), E, ns,
                      dcnt.as<int32_t>(), nullptr);
    DSEEK_CUDA_CHECK(cudaMemcpy(got.data(), dcnt.as(), got.size() * 4, cudaMemcpyDeviceToHost));
    EXPECT_EQ(got, want);
    EXPECT_EQ(got.back(), 2);
  }
}

}  // namespace

namespace {

// The by-token gather and row gradient (one GPU, exact loads) against the by-row kernels, bit for bit:
// a random permutation of the N·K slots into rows, K from 1 to 8 (both instantiations), rows long enough
// for several columns a thread (the partial sums' order), every output element and every gate-weight
// gradient; and the refusal of padding rows.
TEST(CudaMoeLayout, ByTokenKernelsEqualTheByRowOnes) {
  if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  std::mt19937_64 rng(41);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (const int K : {1, 4, 6, 8}) {
    SCOPED_TRACE(K);
    const int64_t N = 67, Hd = 1032, NK = N * K;
    std::vector<int32_t> perm(static_cast<size_t>(NK)), pos(perm.size());
    for (int64_t i = 0; i < NK; ++i) perm[size_t(i)] = int32_t(i);
    std::shuffle(perm.begin(), perm.end(), rng);
    for (int64_t p = 0; p < NK; ++p) pos[size_t(perm[size_t(p)])] = int32_t(p);
    std::vector<float> x(static_cast<size_t>(N * Hd)), dout(x.size()), wsel(static_cast<size_t>(NK));
    std::vector<uint16_t> xb(x.size()), ys(static_cast<size_t>(NK * Hd));
    for (size_t i = 0; i < x.size(); ++i) {
      x[i] = nd(rng);
      xb[i] = f32_to_bf16(x[i]);
      dout[i] = nd(rng);
    }
    for (uint16_t& y : ys) y = f32_to_bf16(nd(rng));
    for (float& w : wsel) w = nd(rng);
    auto up = [](const auto& v) {
      DevMem d(v.size() * sizeof(v[0]));
      DSEEK_CUDA_CHECK(cudaMemcpy(d.as(), v.data(), d.bytes(), cudaMemcpyHostToDevice));
      return d;
    };
    DevMem dperm = up(perm), dpos = up(pos), dx = up(x), dxb = up(xb), ddout = up(dout), dys = up(ys),
           dwsel = up(wsel);
    DevMem xs1(size_t(NK * Hd) * 2), xs2(xs1.bytes()), g1(xs1.bytes()), g2(xs1.bytes()), w1(size_t(NK) * 4),
        w2(w1.bytes());
    for (DevMem* m : {&xs2, &g2, &w2}) DSEEK_CUDA_CHECK(cudaMemset(m->as(), 0xff, m->bytes()));
    tk::moe_gather_bf16(dx.as<float>(), dperm.as<int32_t>(), K, NK, Hd, xs1.as<uint16_t>(), nullptr);
    tk::moe_gather_tok(dxb.as<uint16_t>(), dpos.as<int32_t>(), N, K, NK, Hd, xs2.as<uint16_t>(), nullptr);
    tk::moe_dys(ddout.as<float>(), dys.as<uint16_t>(), dperm.as<int32_t>(), dwsel.as<float>(), K, NK, Hd, nullptr,
                w1.as<float>(), nullptr, g1.as<uint16_t>());
    tk::moe_dys_tok(ddout.as<float>(), dys.as<uint16_t>(), dpos.as<int32_t>(), dwsel.as<float>(), N, K, NK, Hd,
                    g2.as<uint16_t>(), w2.as<float>(), nullptr);
    EXPECT_THROW(tk::moe_gather_tok(dxb.as<uint16_t>(), dpos.as<int32_t>(), N, K, NK + 8, Hd, xs2.as<uint16_t>(),
                                    nullptr),
                 std::exception)
        << "padding rows must be refused";
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    auto bytes = [](const DevMem& m) {
      std::vector<unsigned char> v(m.bytes());
      DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), m.as(), v.size(), cudaMemcpyDeviceToHost));
      return v;
    };
    EXPECT_EQ(bytes(xs2), bytes(xs1)) << "gathered rows";
    EXPECT_EQ(bytes(g2), bytes(g1)) << "rows' gradient (BF16)";
    EXPECT_EQ(bytes(w2), bytes(w1)) << "gate weights' gradient";
  }
}

}  // namespace
