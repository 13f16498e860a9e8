// tensor.h — a non-owning view of a typed, row-major N-d array.
// What it is: what loaders hand out (pointer into an mmap'd file + dtype + shape).
// What it is not: an owning tensor or an autograd node; compute buffers in the
// reference path are plain std::vector<float>.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/dtype.h"

namespace dseek {

struct TensorView {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;      // row-major, outermost first
  const uint8_t* data = nullptr;   // not owned; lifetime of the loader/mmap
  size_t nbytes = 0;

  int64_t numel() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
  }
  int rank() const { return int(shape.size()); }
  int64_t dim(int i) const { return shape[size_t(i < 0 ? i + rank() : i)]; }
  bool empty() const { return data == nullptr; }
};

std::string shape_str(const std::vector<int64_t>& shape);  // "[3, 4]"

}  // namespace dseek
