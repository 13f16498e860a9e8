// bench_cuda_flash.cpp — the training flash-attention kernels alone
// (k_train_flash.cu: forward, and backward including its D = rowsum(dO·O)
// and dO packing passes) at the moe-400m shape (16 heads, dq 96, dv 64,
// 16 × 1024 tokens, causal, one document per row) and at DeepSeek-V3's head
// dims (dq 192, dv 128). Reports ms and TFLOP/s against the dense BF16
// 782 TFLOP/s ceiling (device/HOPPER.md). FLOPs count only the visible
// (causal) half: forward 2·(dq+dv) per visible (query, key) pair, backward
// 2.5× that (recomputed scores, dV, dP, dK, dQ). Both are timed on the
// default kernels (Hopper wgmma where they run) and on the mma.sync ones. CUDA
// builds only.
// What it is not: the whole training step (bench_cuda_train).
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"
#include "backend/cuda/train_kernels.h"

using namespace dseek;

namespace {
struct Case {
  int64_t B, H, T, dq, dv;
};
}  // namespace

int main(int argc, char** argv) {
  try {
    const int reps = argc > 1 ? std::stoi(argv[1]) : 10;
    const std::vector<Case> cases = {{16, 16, 1024, 96, 64}, {4, 16, 4096, 96, 64}, {4, 16, 1024, 192, 128},
                                     {2, 16, 4096, 192, 128}};
    fmt::print(
        "| B × H × T | dq, dv | fwd ms | fwd TFLOP/s | bwd ms | bwd TFLOP/s | % of 782 (fwd, bwd) | mma.sync fwd ms | "
        "bwd ms |\n|---|---|---:|---:|---:|---:|---|---:|---:|\n");
    cudaStream_t s;
    DSEEK_CUDA_CHECK(cudaStreamCreate(&s));
    cudaEvent_t e0, e1, e2, e3, e4;
    DSEEK_CUDA_CHECK(cudaEventCreate(&e0));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e1));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e2));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e3));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e4));
    for (const Case& c : cases) {
      const cu::tk::FlashDims fd = cu::tk::flash_attn_dims(c.dq, c.dv);
      const int64_t N = c.B * c.T, rows = c.B * c.H * c.T;
      DevMem qf(size_t(N * c.H * c.dq) * 4), kf(size_t(N * c.H * c.dq) * 4), vf(size_t(N * c.H * c.dv) * 4),
          dout(size_t(N * c.H * c.dv) * 4), o(size_t(N * c.H * c.dv) * 4), lse(size_t(rows) * 4), dd(size_t(rows) * 4),
          dq(size_t(N * c.H * c.dq) * 4), dk(size_t(rows * c.dq) * 4), dv(size_t(rows * c.dv) * 4),
          qb(size_t(rows * fd.dqp) * 2), kb(size_t(rows * fd.dqp) * 2), vb(size_t(rows * fd.dvp) * 2),
          dob(size_t(rows * fd.dvp) * 2), st(size_t(N) * 4);
      cu::fill_random_f32(qf.as<float>(), N * c.H * c.dq, -1.0f, 1.0f, 1, s);
      cu::fill_random_f32(kf.as<float>(), N * c.H * c.dq, -1.0f, 1.0f, 2, s);
      cu::fill_random_f32(vf.as<float>(), N * c.H * c.dv, -1.0f, 1.0f, 3, s);
      cu::fill_random_f32(dout.as<float>(), N * c.H * c.dv, -1.0f, 1.0f, 4, s);
      std::vector<int32_t> start(static_cast<size_t>(N));
      for (int64_t b = 0; b < c.B; ++b)
        for (int64_t t = 0; t < c.T; ++t) start[size_t(b * c.T + t)] = int32_t(b * c.T);  // one document per row
      DSEEK_CUDA_CHECK(cudaMemcpyAsync(st.as(), start.data(), start.size() * 4, cudaMemcpyHostToDevice, s));
      cu::tk::flash_pack(qf.as<float>(), c.H * c.dq, c.dq, c.dq, nullptr, 0, 0, 0, c.B, c.H, c.T, fd.dqp,
                         qb.as<uint16_t>(), s);
      cu::tk::flash_pack(kf.as<float>(), c.H * c.dq, c.dq, c.dq, nullptr, 0, 0, 0, c.B, c.H, c.T, fd.dqp,
                         kb.as<uint16_t>(), s);
      cu::tk::flash_pack(vf.as<float>(), c.H * c.dv, c.dv, c.dv, nullptr, 0, 0, 0, c.B, c.H, c.T, fd.dvp,
                         vb.as<uint16_t>(), s);
      cu::tk::FlashArgs fa;
      fa.Q = qb.as<uint16_t>();
      fa.K = kb.as<uint16_t>();
      fa.V = vb.as<uint16_t>();
      fa.B = c.B;
      fa.H = c.H;
      fa.T = c.T;
      fa.dq = c.dq;
      fa.dv = c.dv;
      fa.scale = 0.1f;
      fa.start = st.as<int32_t>();
      auto fwd = [&](bool mma) {
        fa.mma_sync = mma;
        cu::tk::flash_attn_fwd(fa, o.as<float>(), lse.as<float>(), s);
      };
      auto bwd = [&](bool mma) {
        fa.mma_sync = mma;
        cu::tk::flash_attn_bwd(fa, o.as<float>(), dout.as<float>(), lse.as<float>(), dob.as<uint16_t>(), dd.as<float>(),
                               dq.as<float>(), dk.as<float>(), dv.as<float>(), s);
      };
      fwd(true);
      fwd(false);
      bwd(false);
      bwd(true);
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(s));
      DSEEK_CUDA_CHECK(cudaEventRecord(e0, s));
      for (int r = 0; r < reps; ++r) fwd(false);
      DSEEK_CUDA_CHECK(cudaEventRecord(e1, s));
      for (int r = 0; r < reps; ++r) bwd(false);
      DSEEK_CUDA_CHECK(cudaEventRecord(e2, s));
      for (int r = 0; r < reps; ++r) bwd(true);
      DSEEK_CUDA_CHECK(cudaEventRecord(e3, s));
      for (int r = 0; r < reps; ++r) fwd(true);
      DSEEK_CUDA_CHECK(cudaEventRecord(e4, s));
      DSEEK_CUDA_CHECK(cudaEventSynchronize(e4));
      float fms = 0, bms = 0, mms = 0, mfs = 0;
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&fms, e0, e1));
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&bms, e1, e2));
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&mms, e2, e3));
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&mfs, e3, e4));
      fms /= float(reps);
      bms /= float(reps);
      mms /= float(reps);
      mfs /= float(reps);
      const double pairs = double(c.B * c.H) * double(c.T) * double(c.T + 1) / 2.0;
      const double ff = pairs * 2.0 * double(c.dq + c.dv), bf = 2.5 * ff;
      const double ft = ff / fms / 1e9, bt = bf / bms / 1e9;
      fmt::print("| {} × {} × {} | {}, {} | {:.3f} | {:.1f} | {:.3f} | {:.1f} | {:.1f} %, {:.1f} % | {:.3f} | {:.3f} |\n",
                 c.B, c.H, c.T, c.dq, c.dv, fms, ft, bms, bt, 100.0 * ft / 782.0, 100.0 * bt / 782.0, mfs, mms);
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_cuda_flash: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
