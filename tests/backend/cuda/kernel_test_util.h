// kernel_test_util.h — what the CUDA kernel tests share: host vectors up to a device buffer and
// back, and buffers that start as NaN (every byte 0xff) so an element a kernel skips fails the
// comparison. BF16 bits to float: core/dtype.h's bf16_to_f32.
// What it is not: a test, or device code.
#pragma once

#include <cstddef>
#include <vector>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_util.h"

namespace dseek::test {

template <class T>
DevMem upload(const std::vector<T>& v) {
  DevMem m(v.size() * sizeof(T));
  DSEEK_CUDA_CHECK(cudaMemcpy(m.as(), v.data(), m.bytes(), cudaMemcpyHostToDevice));
  return m;
}
// The whole buffer as T.
template <class T>
std::vector<T> download(const DevMem& m) {
  std::vector<T> v(m.bytes() / sizeof(T));
  DSEEK_CUDA_CHECK(cudaMemcpy(v.data(), m.as(), m.bytes(), cudaMemcpyDeviceToHost));
  return v;
}
inline DevMem nan_buffer(size_t bytes) {
  DevMem m(bytes);
  DSEEK_CUDA_CHECK(cudaMemset(m.as(), 0xff, bytes));
  return m;
}

}  // namespace dseek::test
