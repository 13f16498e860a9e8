// test_cuda_kernels.cpp — single CUDA kernels against the CPU reference ops on
// fresh random inputs: the weight-streaming GEMV (F32/BF16/FP8 block-scaled,
// vectorised and scalar paths, odd shapes, 1..11 rows, per-head groups) and
// the MoE router (V3 sigmoid+bias+groups, V2 softmax greedy/group-limited,
// with ties). Outputs are poisoned with NaN first. Skipped when no GPU.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "backend/cpu/ref_ops.h"
#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_linear.h"
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "model/moe.h"
#include "../gemm_test_util.h"
#include "../../model/fixture_util.h"

using namespace dseek;

namespace {

// Random weights of any stored dtype (FP8: every E4M3 code, random block scales), as the CPU GEMM tests use.
using cpu::testutil::make_linear;

double rel(const std::vector<float>& a, const std::vector<float>& b) {
  return test::rel_error(a.data(), b.data(), int64_t(a.size()));
}

template <typename T>
DevMem upload(const std::vector<T>& v) {
  DevMem d(v.size() * sizeof(T));
  DSEEK_CUDA_CHECK(cudaMemcpy(d.as(), v.data(), v.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}
template <typename T>
std::vector<T> download(const DevMem& d, size_t n) {
  std::vector<T> v(n);
  DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), d.as(), n * sizeof(T), cudaMemcpyDeviceToHost));
  return v;
}
DevMem poisoned(size_t n) {
  DevMem d(n * 4);
  DSEEK_CUDA_CHECK(cudaMemset(d.as(), 0xff, n * 4));  // NaN
  return d;
}

class CudaKernels : public ::testing::Test {
 protected:
  void SetUp() override {
    if (cuda_device_count() == 0) GTEST_SKIP() << "no CUDA device";
  }
};

}  // namespace

TEST_F(CudaKernels, GemvMatchesReferenceForEveryDtypeAndShape) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const std::vector<std::pair<int64_t, int64_t>> shapes = {{1, 16}, {7, 5}, {33, 130}, {200, 256}, {300, 1000}, {129, 2048}, {576, 7168}, {40, 18432}};
  for (DType dt : {DType::F32, DType::BF16, DType::F8_E4M3})
    for (auto [out, in] : shapes)
      for (int rows : {1, 3, 8, 11}) {
        const auto h = make_linear(dt, out, in, rng);
        std::vector<float> x(size_t(rows * in));
        for (float& v : x) v = u(rng);
        std::vector<float> ref(size_t(rows * out));
        ref::linear(h.lin, x.data(), rows, ref.data());
        DevMem dw = upload(h.wbytes), ds = h.scale.empty() ? DevMem() : upload(h.scale), dx = upload(x);
        DevMem dy = poisoned(ref.size());
        cu::GemvArgs a;
        a.w = {dw.as(), ds.as<float>(), dt == DType::F32 ? cu::kF32 : dt == DType::BF16 ? cu::kBF16 : cu::kFP8, out, in};
        a.nout = out;
        a.x = dx.as<float>();
        a.ldx = in;
        a.y = dy.as<float>();
        a.ldy = out;
        a.rows = rows;
        cu::gemv(a, nullptr);
        DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
        EXPECT_LE(rel(download<float>(dy, ref.size()), ref), 1e-5)
            << dtype_name(dt) << " [" << out << ", " << in << "] rows " << rows;
        if (rows == 1) {  // again with scratch for the K-split path (taken for few output rows)
          DevMem part = poisoned(size_t(8 * out)), dy2 = poisoned(ref.size());
          a.y = dy2.as<float>();
          a.part = part.as<float>();
          a.part_cap = 8 * out;
          cu::gemv(a, nullptr);
          DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
          EXPECT_LE(rel(download<float>(dy2, ref.size()), ref), 1e-5)
              << "split-K " << dtype_name(dt) << " [" << out << ", " << in << "]";
        }
      }
}

TEST_F(CudaKernels, GemvPerHeadGroups) {
  // MLA's un-absorption: out[t, h, :dv] = W[h*(dn+dv)+dn : +dv, :] · x[t, h, :]
  std::mt19937 rng(8);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const int64_t H = 5, dn = 16, dv = 24, R = 48;
  for (int T : {1, 9}) {
    const auto h = make_linear(DType::BF16, H * (dn + dv), R, rng);
    std::vector<float> x(size_t(T * H * R));
    for (float& v : x) v = u(rng);
    std::vector<float> ref(size_t(T * H * dv));
    for (int64_t hh = 0; hh < H; ++hh) {
      std::vector<float> xh(size_t(T * R)), yh(size_t(T * dv));
      for (int t = 0; t < T; ++t) std::copy_n(&x[size_t((t * H + hh) * R)], R, &xh[size_t(t * R)]);
      ref::linear_rows(h.lin, hh * (dn + dv) + dn, dv, xh.data(), T, yh.data());
      for (int t = 0; t < T; ++t) std::copy_n(&yh[size_t(t * dv)], dv, &ref[size_t((t * H + hh) * dv)]);
    }
    DevMem dw = upload(h.wbytes), dx = upload(x), dy = poisoned(ref.size());
    cu::GemvArgs a;
    a.w = {dw.as(), nullptr, cu::kBF16, H * (dn + dv), R};
    a.row0 = dn;
    a.zrow = dn + dv;
    a.nout = dv;
    a.x = dx.as<float>();
    a.ldx = H * R;
    a.zx = R;
    a.y = dy.as<float>();
    a.ldy = H * dv;
    a.zy = dv;
    a.rows = T;
    a.G = int(H);
    cu::gemv(a, nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    EXPECT_LE(rel(download<float>(dy, ref.size()), ref), 1e-5) << "T " << T;
  }
}

TEST_F(CudaKernels, RouterMatchesReference) {
  std::mt19937 rng(9);
  std::normal_distribution<float> n(0.0f, 2.0f);
  struct Case { const char* type; const char* method; int64_t E, K, G, TG; bool norm; };
  const std::vector<Case> cases = {{"deepseek_v3", "noaux_tc", 256, 8, 8, 4, true}, {"deepseek_v3", "noaux_tc", 16, 3, 1, 1, false},
                                   {"deepseek_v3", "noaux_tc", 64, 6, 8, 3, true}, {"deepseek_v2", "greedy", 64, 6, 1, 1, false},
                                   {"deepseek_v2", "group_limited_greedy", 64, 6, 8, 3, false}};
  for (const Case& c : cases) {
    ModelConfig cfg;
    cfg.model_type = c.type;
    cfg.topk_method = c.method;
    cfg.scoring_func = std::string(c.type) == "deepseek_v3" ? "sigmoid" : "softmax";
    cfg.n_routed_experts = c.E;
    cfg.num_experts_per_tok = c.K;
    cfg.n_group = c.G;
    cfg.topk_group = c.TG;
    cfg.norm_topk_prob = c.norm;
    cfg.routed_scaling_factor = 2.5;
    const int T = 37;
    std::vector<float> logits(size_t(T * c.E)), bias(size_t(c.E));
    for (float& v : logits) v = n(rng);
    for (int t = 0; t < T; t += 5)  // exact ties: lower index must win
      for (int64_t e = 1; e < c.E; e += 3) logits[size_t(t * c.E + e)] = logits[size_t(t * c.E)];
    for (float& v : bias) v = 0.1f * n(rng);
    cu::RouterParams p;
    p.E = int(c.E); p.K = int(c.K); p.n_group = int(c.G); p.topk_group = int(c.TG);
    p.v3 = cfg.is_v3(); p.group_limited = cfg.topk_method == "group_limited_greedy";
    p.norm_topk = c.norm; p.scaling = 2.5f;
    DevMem dl = upload(logits), db = upload(bias), di(size_t(T * c.K) * 4), dwt = poisoned(size_t(T * c.K)), dc(size_t(c.E) * 4);
    DSEEK_CUDA_CHECK(cudaMemset(dc.as(), 0, size_t(c.E) * 4));
    cu::route(dl.as<float>(), p.v3 ? db.as<float>() : nullptr, T, p, di.as<int32_t>(), dwt.as<float>(), dc.as<int32_t>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    const auto idx = download<int32_t>(di, size_t(T * c.K));
    const auto wts = download<float>(dwt, size_t(T * c.K));
    const auto cnt = download<int32_t>(dc, size_t(c.E));
    std::vector<int32_t> ref_cnt(size_t(c.E), 0);
    for (int t = 0; t < T; ++t) {
      const auto ch = route_token(cfg, &logits[size_t(t * c.E)], p.v3 ? bias.data() : nullptr);
      ASSERT_EQ(ch.size(), size_t(c.K));
      for (int64_t k = 0; k < c.K; ++k) {
        EXPECT_EQ(idx[size_t(t * c.K + k)], ch[size_t(k)].expert) << c.type << "/" << c.method << " token " << t << " k " << k;
        EXPECT_NEAR(wts[size_t(t * c.K + k)], ch[size_t(k)].weight, 1e-5f * std::max(1.0f, std::fabs(ch[size_t(k)].weight)));
        ++ref_cnt[size_t(ch[size_t(k)].expert)];
      }
    }
    EXPECT_EQ(cnt, ref_cnt) << c.type << "/" << c.method;
  }
}

TEST_F(CudaKernels, LatentAttentionMatchesReference) {
  // Paged cache (shuffled pages, two sequences, layer 1 of 2), causal rows at
  // different positions, heads not a multiple of 8, R not a multiple of 32;
  // W % 8 == 0 (vector loads) and not; BF16 and fp32 caches holding the same
  // bf16-representable values; 1 and 3 splits.
  std::mt19937 rng(10);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  // R = 64 with a BF16 cache takes the tensor-core kernel (bf16 q and P: bf16 tolerance),
  // with 70 heads (two groups of 64, the second partly empty).
  for (int R : {40, 42, 64})
    for (bool bf16 : {true, false})
      for (int splits : {1, 3}) {
        const int dr = 16, H = R == 64 ? 70 : 11, dn = 8, dq = dn + dr, W = R + dr, layers = 2, L = 1, npages = 6;
        const double tol = R == 64 && bf16 ? 1e-2 : 2e-5;
        cu::CacheView cv;
        cv.bf16 = bf16;
        cv.layers = layers;
        cv.R = R;
        cv.dr = dr;
        std::vector<float> cache(size_t(npages * cv.page_elems()));
        for (float& v : cache) v = bf16_to_f32(f32_to_bf16(u(rng)));
        const std::vector<std::vector<int32_t>> seq_pages = {{4, 1}, {2}};
        const int pstride = 2;
        struct Row { int seg, pos; };
        const std::vector<Row> rows = {{0, 99}, {0, 70}, {1, 39}, {0, 0}};
        const int T = int(rows.size());
        std::vector<float> qlat(size_t(T * H * R)), q(size_t(T * H * dq));
        for (float& v : qlat) v = u(rng);
        for (float& v : q) v = u(rng);
        const float scale = 0.3f;
        auto at = [&](int seg, int j) -> const float* {
          const int page = seq_pages[size_t(seg)][size_t(j / 64)];
          return &cache[size_t(((int64_t(page) * layers + L) * 64 + j % 64) * W)];
        };
        std::vector<float> ref(size_t(T * H * R), 0.0f);
        for (int t = 0; t < T; ++t)
          for (int h = 0; h < H; ++h) {
            const int n = rows[size_t(t)].pos + 1;
            std::vector<double> sc(static_cast<size_t>(n));
            double mx = -1e300;
            for (int j = 0; j < n; ++j) {
              const float* kr = at(rows[size_t(t)].seg, j);
              double d = 0;
              for (int c = 0; c < R; ++c) d += double(qlat[size_t((t * H + h) * R + c)]) * kr[c];
              for (int c = 0; c < dr; ++c) d += double(q[size_t((t * H + h) * dq + dn + c)]) * kr[R + c];
              sc[size_t(j)] = d * scale;
              mx = std::max(mx, sc[size_t(j)]);
            }
            double z = 0;
            for (double& v : sc) z += (v = std::exp(v - mx));
            for (int j = 0; j < n; ++j) {
              const float* kr = at(rows[size_t(t)].seg, j);
              for (int c = 0; c < R; ++c) ref[size_t((t * H + h) * R + c)] += float(sc[size_t(j)] / z * kr[c]);
            }
          }
        std::vector<uint16_t> cb(cache.size());
        for (size_t i = 0; i < cache.size(); ++i) cb[i] = f32_to_bf16(cache[i]);
        DevMem dc = bf16 ? upload(cb) : upload(cache);
        cv.data = dc.as();
        cu::latent_attention_init(cv);
        std::vector<int32_t> ints;
        for (const Row& r : rows) ints.push_back(r.seg);
        for (const Row& r : rows) ints.push_back(r.pos);
        for (const auto& sp : seq_pages)
          for (int i = 0; i < pstride; ++i) ints.push_back(i < int(sp.size()) ? sp[size_t(i)] : 0);
        DevMem di = upload(ints), dql = upload(qlat), dq_ = upload(q), dout = poisoned(ref.size());
        DevMem part = poisoned(size_t(T * H * splits * (R + 2)));
        const cu::RowMap rm{di.as<int32_t>(), di.as<int32_t>() + T, di.as<int32_t>() + 2 * T, pstride};
        cu::latent_attention(dql.as<float>(), dq_.as<float>(), dq, dn, T, H, cv, L, rm, 100, scale, splits,
                             part.as<float>(), dout.as<float>(), nullptr);
        DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
        EXPECT_LE(rel(download<float>(dout, ref.size()), ref), tol)
            << "R " << R << (bf16 ? " bf16" : " f32") << " splits " << splits;
      }
}

TEST_F(CudaKernels, AbsorbQueryMatchesReference) {
  // q_lat[t, h, :] = q_nope[t, h, :] · kv_b[h*(dn+dv) : +dn, :]   (ref::linear_t_rows form)
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const int H = 3, dn = 16, dv = 8, dr = 8, dq = dn + dr;
  for (DType dt : {DType::F32, DType::BF16, DType::F8_E4M3})
    for (int R : {40, 42, 512})
      for (int T : {1, 11}) {
        const auto h = make_linear(dt, H * (dn + dv), R, rng);
        std::vector<float> q(size_t(T * H * dq));
        for (float& v : q) v = u(rng);
        std::vector<float> ref(size_t(T * H * R), 0.0f);
        for (int t = 0; t < T; ++t)
          for (int hh = 0; hh < H; ++hh)
            for (int n = 0; n < dn; ++n) {
              std::vector<float> row(static_cast<size_t>(R));
              ref::linear_row(h.lin, hh * (dn + dv) + n, row.data());
              for (int c = 0; c < R; ++c) ref[size_t((t * H + hh) * R + c)] += q[size_t((t * H + hh) * dq + n)] * row[size_t(c)];
            }
        DevMem dw = upload(h.wbytes), ds = h.scale.empty() ? DevMem() : upload(h.scale), dq_ = upload(q), dy = poisoned(ref.size());
        const cu::DLinear w{dw.as(), ds.as<float>(), dt == DType::F32 ? cu::kF32 : dt == DType::BF16 ? cu::kBF16 : cu::kFP8,
                            H * (dn + dv), R};
        cu::absorb_q(w, dq_.as<float>(), T, H, dn, dv, dq, dy.as<float>(), nullptr);
        DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
        EXPECT_LE(rel(download<float>(dy, ref.size()), ref), 1e-5) << dtype_name(dt) << " R " << R << " T " << T;
      }
}

TEST_F(CudaKernels, ArgmaxLowestIndexOnTies) {
  std::mt19937 rng(12);
  std::uniform_real_distribution<float> u(-5.0f, 5.0f);
  for (int64_t V : {7, 2048, 129280}) {
    const int rows = 3;
    std::vector<float> x(size_t(rows * V));
    for (float& v : x) v = u(rng);
    x[size_t(V - 1)] = 9.0f;                    // row 0: max at the end
    x[size_t(V + V / 2)] = x[size_t(V + 1)] = 9.5f;  // row 1: tie -> index 1
    std::vector<int32_t> want = {int32_t(V - 1), 1, 0};
    want[2] = int32_t(std::max_element(x.begin() + 2 * V, x.end()) - (x.begin() + 2 * V));
    DevMem dx = upload(x), dout(rows * 4), scratch(size_t(rows) * 2 * cu::kArgmaxBlocks * 4);
    cu::argmax_rows(dx.as<float>(), rows, V, dout.as<int32_t>(), scratch.as<float>(), nullptr);
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
    EXPECT_EQ(download<int32_t>(dout, rows), want) << "V " << V;
  }
}

TEST_F(CudaKernels, Fp8BlockScaledGemmMatchesReference) {
  // FP8 weights with 128x128 block scales times activations quantised per 1x128 tile
  // (cuBLASLt), against the fp32 reference on the dequantised weights: the error is
  // the activations' E4M3 rounding (3 mantissa bits: up to 6% per element), measured
  // 3.3% of max|y| at worst here.
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  cudaStream_t s;
  DSEEK_CUDA_CHECK(cudaStreamCreate(&s));
  {
    cuda::Linears lin(s, {});
    for (auto [out, in] : std::vector<std::pair<int64_t, int64_t>>{{384, 640}, {200, 2048}, {256, 7168}, {160, 160}})
      for (int rows : {9, 37, 64}) {
        const auto h = make_linear(DType::F8_E4M3, out, in, rng);
        std::vector<float> x(size_t(rows * in));
        for (float& v : x) v = u(rng) * (1.0f + 3.0f * float(&v - x.data()) / float(x.size()));  // varied tiles
        std::vector<float> ref(size_t(rows * out));
        ref::linear(h.lin, x.data(), rows, ref.data());
        DevMem dw = upload(h.wbytes), ds = upload(h.scale), dx = upload(x), dy = poisoned(ref.size());
        const int64_t nb = (out + 127) / 128, L = (in + 127) / 128, L4 = (L + 3) / 4 * 4;
        DevMem l4(size_t(nb * L4) * 4);
        cu::repack_scales_l4(ds.as<float>(), nb, L, L4, l4.as<float>(), s);
        cu::DLinear w{dw.as(), ds.as<float>(), cu::kFP8, out, in, l4.as<float>()};
        const int64_t calls = lin.fp8_lt_calls();
        lin.gemm(w, dx.as<float>(), nullptr, rows, dy.as<float>());
        DSEEK_CUDA_CHECK(cudaStreamSynchronize(s));
        EXPECT_EQ(lin.fp8_lt_calls(), calls + 1) << "cuBLASLt did not take [" << out << ", " << in << "] x " << rows;
        EXPECT_LE(rel(download<float>(dy, ref.size()), ref), 5e-2) << "[" << out << ", " << in << "] rows " << rows;
        // The fallback (weights dequantised to BF16, activations in BF16): tighter.
        cuda::Linears bf(s, {.split_floats = 0, .fp8_lt = false});
        DevMem dy2 = poisoned(ref.size());
        bf.gemm(w, dx.as<float>(), nullptr, rows, dy2.as<float>());
        DSEEK_CUDA_CHECK(cudaStreamSynchronize(s));
        EXPECT_EQ(bf.fp8_lt_calls(), 0);
        EXPECT_LE(rel(download<float>(dy2, ref.size()), ref), 1e-2) << "BF16 fallback [" << out << ", " << in << "]";
      }
  }
  DSEEK_CUDA_CHECK(cudaStreamDestroy(s));
}
