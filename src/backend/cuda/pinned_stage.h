// pinned_stage.h — page-locked host staging for one training step's small
// transfers: the uploads the host lays out (token ids, targets, RoPE rows,
// segment tables) and the per-row losses the host sums once the step is done.
// Each goes through a plain memcpy into the stage and one cudaMemcpyAsync, so
// neither direction blocks the host (a pageable copy may wait for the stream)
// nor needs a wait in the middle of the step.
// Contract: reset(bytes) before a step (waits for the previous step's
// transfers; grows the stage); down()'s host rows are valid after the stream is
// synchronised. copy_up() is the ring use (small tensor uploads between steps):
// at least kRingBytes; when full it waits for its earlier copies and starts over.
// What it is not: an allocator for device memory (the Arena).
#pragma once

#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/train_gemm.h"
#include "core/check.h"

namespace dseek::cu {

class PinnedStage {
 public:
  PinnedStage() = default;
  PinnedStage(const PinnedStage&) = delete;
  PinnedStage& operator=(const PinnedStage&) = delete;
  ~PinnedStage() {
    if (done_) cudaEventSynchronize(done_), cudaEventDestroy(done_);
    if (buf_) cudaFreeHost(buf_);
  }
  // Room for `bytes` of transfers (each rounded up to 256) in this step.
  void reset(size_t bytes) {
    if (done_) DSEEK_CUDA_CHECK(cudaEventSynchronize(done_));  // the previous step's copies are over
    if (!done_) DSEEK_CUDA_CHECK(cudaEventCreateWithFlags(&done_, cudaEventDisableTiming));
    if (bytes > cap_) {
      if (buf_) DSEEK_CUDA_CHECK(cudaFreeHost(buf_));
      buf_ = nullptr;
      DSEEK_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&buf_), bytes));
      cap_ = bytes;
    }
    used_ = 0;
  }
  static constexpr size_t kRingBytes = size_t(1) << 20;  // copy_up's smallest stage
  static size_t room(size_t bytes) { return (bytes + 255) / 256 * 256; }
  // h on the device (an arena allocation), queued on s.
  template <class T>
  T* up(Arena& a, const std::vector<T>& h, cudaStream_t s) {
    T* d = static_cast<T*>(a.raw(std::max<size_t>(1, h.size()) * sizeof(T)));
    if (h.empty()) return d;
    const size_t n = h.size() * sizeof(T);
    char* at = take(n);
    std::memcpy(at, h.data(), n);
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(d, at, n, cudaMemcpyHostToDevice, s));
    DSEEK_CUDA_CHECK(cudaEventRecord(done_, s));
    return d;
  }
  // n bytes of h to device address d, queued on s; h may die on return. Ring use: a full stage waits
  // for its earlier copies (reset) and starts over; a copy larger than the stage grows it.
  void copy_up(void* d, const void* h, size_t n, cudaStream_t s) {
    if (n == 0) return;
    if (used_ + room(n) > cap_) reset(std::max({cap_, room(n), kRingBytes}));
    char* at = take(n);
    std::memcpy(at, h, n);
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(d, at, n, cudaMemcpyHostToDevice, s));
    DSEEK_CUDA_CHECK(cudaEventRecord(done_, s));
  }
  // d [n] copied to the host when the stream reaches this point; read it after a synchronisation.
  const float* down(const float* d, int64_t n, cudaStream_t s) {
    char* at = take(size_t(n) * 4);
    if (n > 0) DSEEK_CUDA_CHECK(cudaMemcpyAsync(at, d, size_t(n) * 4, cudaMemcpyDeviceToHost, s));
    DSEEK_CUDA_CHECK(cudaEventRecord(done_, s));
    return reinterpret_cast<const float*>(at);
  }

 private:
  char* take(size_t n) {
    DSEEK_CHECK(used_ + room(n) <= cap_, "pinned stage: {} + {} bytes exceed the step's {}", used_, room(n), cap_);
    char* at = buf_ + used_;
    used_ += room(n);
    return at;
  }
  char* buf_ = nullptr;
  size_t cap_ = 0, used_ = 0;
  cudaEvent_t done_ = nullptr;
};

}  // namespace dseek::cu
