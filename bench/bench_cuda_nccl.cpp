// bench_cuda_nccl.cpp — NCCL collective bandwidth between the GPUs of one host,
// as dseek's multi-GPU training uses them: all-reduce (fp32 sum, the gradient
// all-reduce of data parallelism) and all-to-all (grouped send/recv, the
// token dispatch/combine of expert parallelism), one process driving every GPU
// (ncclCommInitAll). Prints algorithm and bus bandwidth (nccl-tests'
// convention: all-reduce bus = alg x 2(n-1)/n, all-to-all bus = alg x (n-1)/n)
// against the H200's NVLink 4 (450 GB/s per direction per GPU).
// Usage: bench_cuda_nccl [--gpus N] [--iters K] [--max-mb M]
// What it is not: a test (tests/backend/cuda check correctness).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/nccl_dyn.h"

using namespace dseek;

int main(int argc, char** argv) {
#ifndef DSEEK_HAVE_NCCL_H
  (void)argc;
  (void)argv;
  std::fprintf(stderr, "bench_cuda_nccl: built without nccl.h\n");
  return 1;
#else
  int n = 0, iters = 20, max_mb = 1024;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--gpus") && i + 1 < argc) n = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--iters") && i + 1 < argc) iters = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--max-mb") && i + 1 < argc) max_mb = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: bench_cuda_nccl [--gpus N] [--iters K] [--max-mb M]\n");
      return 2;
    }
  }
  try {
    int visible = 0;
    DSEEK_CUDA_CHECK(cudaGetDeviceCount(&visible));
    if (n <= 0) n = visible;
    DSEEK_CHECK(n >= 2 && n <= visible, "bench_cuda_nccl: needs 2..{} GPUs, got --gpus {}", visible, n);
    DSEEK_CHECK(iters >= 1 && max_mb >= 1, "bench_cuda_nccl: bad --iters/--max-mb");
    const cu::Nccl& nc = cu::nccl();
    int ver = 0;
    cu::nccl_check(nc.GetVersion(&ver), "ncclGetVersion");
    std::vector<int> devs(static_cast<size_t>(n));
    for (int g = 0; g < n; ++g) devs[size_t(g)] = g;
    std::vector<ncclComm_t> comms(static_cast<size_t>(n));
    cu::nccl_check(nc.CommInitAll(comms.data(), n, devs.data()), "ncclCommInitAll");
    const size_t max_bytes = size_t(max_mb) << 20;
    std::vector<void*> sendb(static_cast<size_t>(n)), recvb(static_cast<size_t>(n));
    std::vector<cudaStream_t> streams(static_cast<size_t>(n));
    for (int g = 0; g < n; ++g) {
      DSEEK_CUDA_CHECK(cudaSetDevice(g));
      DSEEK_CUDA_CHECK(cudaMalloc(&sendb[size_t(g)], max_bytes));
      DSEEK_CUDA_CHECK(cudaMalloc(&recvb[size_t(g)], max_bytes));
      DSEEK_CUDA_CHECK(cudaMemset(sendb[size_t(g)], 0, max_bytes));
      DSEEK_CUDA_CHECK(cudaStreamCreate(&streams[size_t(g)]));
    }
    auto sync_all = [&] {
      for (int g = 0; g < n; ++g) {
        DSEEK_CUDA_CHECK(cudaSetDevice(g));
        DSEEK_CUDA_CHECK(cudaStreamSynchronize(streams[size_t(g)]));
      }
    };
    auto all_reduce = [&](size_t bytes) {
      cu::nccl_check(nc.GroupStart(), "ncclGroupStart");
      for (int g = 0; g < n; ++g)
        cu::nccl_check(nc.AllReduce(sendb[size_t(g)], recvb[size_t(g)], bytes / 4, ncclFloat, ncclSum,
                                    comms[size_t(g)], streams[size_t(g)]), "ncclAllReduce");
      cu::nccl_check(nc.GroupEnd(), "ncclGroupEnd");
    };
    auto all_to_all = [&](size_t bytes) {  // every rank sends bytes/n to every rank (itself included)
      const size_t chunk = bytes / size_t(n);
      cu::nccl_check(nc.GroupStart(), "ncclGroupStart");
      for (int g = 0; g < n; ++g)
        for (int p = 0; p < n; ++p) {
          cu::nccl_check(nc.Send(static_cast<char*>(sendb[size_t(g)]) + size_t(p) * chunk, chunk, ncclChar, p,
                                 comms[size_t(g)], streams[size_t(g)]), "ncclSend");
          cu::nccl_check(nc.Recv(static_cast<char*>(recvb[size_t(g)]) + size_t(p) * chunk, chunk, ncclChar, p,
                                 comms[size_t(g)], streams[size_t(g)]), "ncclRecv");
        }
      cu::nccl_check(nc.GroupEnd(), "ncclGroupEnd");
    };
    constexpr double kNvlinkGBs = 450.0;  // NVLink 4, per direction per GPU (18 links x 25 GB/s)
    fmt::print("NCCL {}.{}.{}, {} GPUs, {} iterations per size\n\n", ver / 10000, ver / 100 % 100, ver % 100, n, iters);
    fmt::print("| collective | MB per GPU | time (us) | alg GB/s | bus GB/s | bus vs 450 GB/s NVLink |\n");
    fmt::print("|---|---:|---:|---:|---:|---:|\n");
    for (int which = 0; which < (nc.Send && nc.Recv ? 2 : 1); ++which) {
      for (size_t mb = 1; mb <= size_t(max_mb); mb *= 4) {
        const size_t bytes = mb << 20;
        auto run = [&] { which == 0 ? all_reduce(bytes) : all_to_all(bytes); };
        for (int w = 0; w < 3; ++w) run();  // warm-up (connection setup)
        sync_all();
        const auto t0 = std::chrono::steady_clock::now();
        for (int it = 0; it < iters; ++it) run();
        sync_all();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / iters;
        const double alg = double(bytes) / s / 1e9;
        const double bus = alg * (which == 0 ? 2.0 * (n - 1) / n : double(n - 1) / n);
        fmt::print("| {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.0f} % |\n", which == 0 ? "all-reduce fp32" : "all-to-all",
                   mb, s * 1e6, alg, bus, 100.0 * bus / kNvlinkGBs);
      }
    }
    for (int g = 0; g < n; ++g) {
      DSEEK_CUDA_CHECK(cudaSetDevice(g));
      cudaFree(sendb[size_t(g)]);
      cudaFree(recvb[size_t(g)]);
      nc.CommDestroy(comms[size_t(g)]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_cuda_nccl: %s\n", e.what());
    return 1;
  }
  return 0;
#endif
}
