// k_moe_layout.cu — the MoE layer's token order per expert, on the device:
// every choice (slot) goes to row off[e] + (the number of earlier slots that
// chose the same expert e), the order the host's stable counting sort gives,
// so the GPU needs no upload of perm/pos after the router. Two passes over
// blocks of 1024 slots: per-block expert counts, then each block's rows from
// the counts of the blocks before it plus ranks inside the block (warp match
// + per-warp prefix). moe_seq_count gives the loads (per sequence, for the
// balance loss), so the host reads E·sequences counts, not every choice.
// What it is not: expert parallelism.
#include "backend/cuda/cuda_util.h"
#include "backend/cuda/k_common.cuh"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu::tk {
namespace {

constexpr int kSlots = 1024;  // slots per block (one per thread)

__global__ void moe_hist_k(const int32_t* idx, int64_t n, int32_t lo, int E, int32_t* hist) {
  extern __shared__ int32_t cnt[];  // [E]
  for (int e = threadIdx.x; e < E; e += blockDim.x) cnt[e] = 0;
  __syncthreads();
  const int64_t s = int64_t(blockIdx.x) * kSlots + threadIdx.x;
  if (s < n) {
    const int e = idx[s] - lo;
    if (e >= 0 && e < E) atomicAdd(&cnt[e], 1);
  }
  __syncthreads();
  for (int e = threadIdx.x; e < E; e += blockDim.x) hist[int64_t(blockIdx.x) * E + e] = cnt[e];
}

__global__ void moe_place_k(const int32_t* idx, int64_t n, int32_t lo, int E, MoeOffsets off, const int32_t* hist,
                            int32_t* perm, int32_t* pos) {
  extern __shared__ int32_t sm[];  // base [E] | per-warp counts, then their prefix [32][E]
  int32_t* base = sm;
  int32_t* wc = sm + E;
  const int warp = threadIdx.x / kWarp, lane = threadIdx.x % kWarp;
  for (int e = threadIdx.x; e < E; e += blockDim.x) {
    int64_t b = off.v[e];
    for (int i = 0; i < int(blockIdx.x); ++i) b += hist[int64_t(i) * E + e];
    base[e] = int32_t(b);
  }
  for (int i = threadIdx.x; i < 32 * E; i += blockDim.x) wc[i] = 0;
  __syncthreads();
  const int64_t s = int64_t(blockIdx.x) * kSlots + threadIdx.x;
  int e = -1;
  if (s < n) {
    e = idx[s] - lo;
    if (e < 0 || e >= E) e = -1;
  }
  const unsigned same = __match_any_sync(0xffffffffu, e);
  const int rank = __popc(same & ((1u << lane) - 1u));
  if (e >= 0 && rank == 0) wc[warp * E + e] = __popc(same);
  __syncthreads();
  for (int x = threadIdx.x; x < E; x += blockDim.x) {  // per expert: exclusive prefix over the warps
    int run = 0;
    for (int w = 0; w < 32; ++w) {
      const int c = wc[w * E + x];
      wc[w * E + x] = run;
      run += c;
    }
  }
  __syncthreads();
  if (s >= n) return;
  if (e < 0) {
    pos[s] = -1;
    return;
  }
  const int32_t p = base[e] + wc[warp * E + e] + rank;
  perm[p] = int32_t(s);
  pos[s] = p;
}

__global__ void moe_seq_count_k(const int32_t* idx, const int32_t* seq_of, int64_t n, int K, int E, int64_t nseq,
                                int32_t* cnt) {
  const int64_t s = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
  if (s >= n) return;
  const int e = idx[s];
  const int64_t q = seq_of ? seq_of[s / K] : 0;
  atomicAdd(&cnt[e >= 0 && e < E ? q * E + e : nseq * E], 1);
}

}  // namespace

void moe_seq_count(const int32_t* idx, const int32_t* seq_of, int64_t N, int K, int E, int64_t nseq, int32_t* cnt,
                   cudaStream_t s) {
  DSEEK_CUDA_CHECK(cudaMemsetAsync(cnt, 0, size_t(nseq * E + 1) * 4, s));
  const int64_t n = N * K;
  if (n <= 0) return;
  moe_seq_count_k<<<unsigned((n + 255) / 256), 256, 0, s>>>(idx, seq_of, n, K, E, nseq, cnt);
  check_launch(__FILE__, __LINE__);
}

int64_t moe_place_scratch(int64_t n, int64_t E) { return (n + kSlots - 1) / kSlots * E; }

void moe_place(const int32_t* idx, int64_t n, int32_t lo, int E, const MoeOffsets& off, int64_t rows, int32_t* perm,
               int32_t* pos, int32_t* scratch, cudaStream_t s) {
  DSEEK_CHECK(E > 0 && E <= MoeOffsets::kMax, "moe_place: {} experts (1..{})", E, MoeOffsets::kMax);
  if (rows > 0) DSEEK_CUDA_CHECK(cudaMemsetAsync(perm, 0xFF, size_t(rows) * 4, s));  // rows without a slot: -1
  if (n <= 0) return;
  const unsigned blocks = unsigned((n + kSlots - 1) / kSlots);
  moe_hist_k<<<blocks, kSlots, size_t(E) * 4, s>>>(idx, n, lo, E, scratch);
  check_launch(__FILE__, __LINE__);
  moe_place_k<<<blocks, kSlots, size_t(33 * E) * 4, s>>>(idx, n, lo, E, off, scratch, perm, pos);
  check_launch(__FILE__, __LINE__);
}

}  // namespace dseek::cu::tk
