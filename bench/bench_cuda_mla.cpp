// bench_cuda_mla.cpp — the MLA decode kernel alone (latent_attention over the
// paged BF16 latent cache) at DeepSeek-V3 shapes (128 heads, kv_lora 512,
// rope 64): batch 64/128 x context 4K..32K, one query row per sequence.
// Reports GB/s (cache bytes read once / time) against the 4.28 TB/s copy
// ceiling and TFLOP/s (scores + weighted sum). CUDA builds only.
// What it is not: the whole decode step (bench_cuda_decode).
#include <chrono>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/kernels.h"

using namespace dseek;

int main(int argc, char** argv) {
  try {
    const int H = 128, R = 512, dr = 64, dn = 128, dq = dn + dr;
    std::vector<std::pair<int, int>> cases = {{64, 4096}, {64, 8192}, {64, 32768}, {128, 4096}, {128, 8192}, {128, 32768}, {1, 32768}, {8, 32768}};
    fmt::print("| batch | context | splits | ms | GB/s | % of 4280 | TFLOP/s |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    cudaStream_t s;
    DSEEK_CUDA_CHECK(cudaStreamCreate(&s));
    cudaEvent_t e0, e1;
    DSEEK_CUDA_CHECK(cudaEventCreate(&e0));
    DSEEK_CUDA_CHECK(cudaEventCreate(&e1));
    for (auto [B, L] : cases) {
      const int64_t pstride = L / cu::kPageTokens, pages = int64_t(B) * pstride;
      cu::CacheView cv;
      cv.bf16 = true;
      cv.layers = 1;
      cv.R = R;
      cv.dr = dr;
      DevMem cache(size_t(pages * cv.page_elems()) * 2);
      cv.data = cache.as();
      cu::latent_attention_init(cv);
      cu::DLinear fake{nullptr, nullptr, cu::kBF16, pages * cu::kPageTokens, R + dr};
      cu::fill_random(fake, cache.as(), nullptr, 1.0f, 11, s);
      DevMem qlat(size_t(B) * H * R * 4), q(size_t(B) * H * dq * 4), olat(size_t(B) * H * R * 4);
      cu::fill_random_f32(qlat.as<float>(), int64_t(B) * H * R, -0.1f, 0.1f, 12, s);
      cu::fill_random_f32(q.as<float>(), int64_t(B) * H * dq, -0.1f, 0.1f, 13, s);
      std::vector<int32_t> ints(size_t(2 * B + pages));
      for (int b = 0; b < B; ++b) { ints[size_t(b)] = b; ints[size_t(B + b)] = L - 1; }
      for (int64_t p = 0; p < pages; ++p) ints[size_t(2 * B + p)] = int32_t(p);
      DevMem di(ints.size() * 4);
      DSEEK_CUDA_CHECK(cudaMemcpy(di.as(), ints.data(), ints.size() * 4, cudaMemcpyHostToDevice));
      cu::RowMap rm{di.as<int32_t>(), di.as<int32_t>() + B, di.as<int32_t>() + 2 * B, int(pstride)};
      for (int splits : {1, 2, 4, 8, 16}) {
        if (int64_t(B) * H * splits * (R + 2) > (int64_t(64) << 20)) continue;
        DevMem part(size_t(int64_t(B) * H * splits * (R + 2)) * 4);
        auto run = [&] { cu::latent_attention(qlat.as<float>(), q.as<float>(), dq, dn, B, H, cv, 0, rm, L, 0.07f, splits,
                                              part.as<float>(), olat.as<float>(), s); };
        run();
        DSEEK_CUDA_CHECK(cudaStreamSynchronize(s));
        const int reps = 5;
        DSEEK_CUDA_CHECK(cudaEventRecord(e0, s));
        for (int r = 0; r < reps; ++r) run();
        DSEEK_CUDA_CHECK(cudaEventRecord(e1, s));
        DSEEK_CUDA_CHECK(cudaEventSynchronize(e1));
        float ms = 0;
        DSEEK_CUDA_CHECK(cudaEventElapsedTime(&ms, e0, e1));
        ms /= reps;
        const double bytes = double(B) * L * (R + dr) * 2, flops = double(B) * H * L * (R + dr + R) * 2;
        fmt::print("| {} | {} | {} | {:.3f} | {:.0f} | {:.1f}% | {:.1f} |\n", B, L, splits, ms, bytes / ms / 1e6,
                   100.0 * bytes / ms / 1e6 / 4280.0, flops / ms / 1e9);
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_cuda_mla: error: {}\n", e.what());
    return 1;
  }
  return 0;
}
