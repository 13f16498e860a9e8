// npy.h — NumPy .npy (format 1.0) read/write for little-endian float32 arrays.
// What it is: how `dseek logits` hands results to Python, and how tests read
// reference logits. What it is not: a general NumPy reader (no object arrays,
// no Fortran order, no other dtypes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dseek {

struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

// Writes atomically (temp file + rename). Throws dseek::Error on I/O failure.
void write_npy_f32(const std::string& path, const std::vector<int64_t>& shape, const float* data);
// Reads '<f4' (or '<f8', converted) C-order arrays; validates header and size.
NpyArray read_npy_f32(const std::string& path);

}  // namespace dseek
