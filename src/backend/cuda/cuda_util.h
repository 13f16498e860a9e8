// cuda_util.h — host-side CUDA helpers: always-on error checks that throw
// dseek::Error with file:line and CUDA's own message, and an owning device
// allocation. What it is not: kernels (kernels.h) or a caching allocator.
#pragma once

#include <cstddef>
#include <utility>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "core/check.h"

#define DSEEK_CUDA_CHECK(call)                                                                      \
  do {                                                                                              \
    const cudaError_t e_ = (call);                                                                  \
    if (e_ != cudaSuccess) DSEEK_FAIL("CUDA error {} ({}) in {}", cudaGetErrorName(e_), cudaGetErrorString(e_), #call); \
  } while (0)

#define DSEEK_CUBLAS_CHECK(call)                                                                    \
  do {                                                                                              \
    const cublasStatus_t cb_ = (call);                                                               \
    if (cb_ != CUBLAS_STATUS_SUCCESS) DSEEK_FAIL("cuBLAS error {} ({}) in {}", cublasGetStatusName(cb_), cublasGetStatusString(cb_), #call); \
  } while (0)

namespace dseek {

// An owning cudaMalloc'd block.
class DevMem {
 public:
  DevMem() = default;
  explicit DevMem(size_t bytes) : n_(bytes) {
    if (bytes) DSEEK_CUDA_CHECK(cudaMalloc(&p_, bytes));
  }
  ~DevMem() {
    if (p_) cudaFree(p_);
  }
  DevMem(DevMem&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}
  DevMem& operator=(DevMem&& o) noexcept {
    if (this != &o) {
      if (p_) cudaFree(p_);
      p_ = std::exchange(o.p_, nullptr);
      n_ = std::exchange(o.n_, 0);
    }
    return *this;
  }
  DevMem(const DevMem&) = delete;
  DevMem& operator=(const DevMem&) = delete;
  template <typename T = void>
  T* as() const { return static_cast<T*>(p_); }
  size_t bytes() const { return n_; }

 private:
  void* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace dseek
