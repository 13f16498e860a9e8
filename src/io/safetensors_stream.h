// safetensors_stream.h — writes a .safetensors file tensor by tensor, for
// checkpoints too large to hold twice in memory (presets, trained models).
// Tensors are declared up front (name, dtype, shape), then their bytes are
// written in declaration order; finish() fsyncs and renames the temp file
// into place (atomic). What it is not: a reader (safetensors.h) or the
// in-memory writer (safetensors_writer.h).
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/dtype.h"

namespace dseek {

struct TensorDecl {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
};

class SafetensorsStreamWriter {
 public:
  SafetensorsStreamWriter(const std::string& path, std::vector<TensorDecl> decls,
                          const std::map<std::string, std::string>& metadata = {});
  ~SafetensorsStreamWriter();  // removes the temp file if finish() was not reached
  SafetensorsStreamWriter(const SafetensorsStreamWriter&) = delete;
  SafetensorsStreamWriter& operator=(const SafetensorsStreamWriter&) = delete;

  // Bytes of the next declared tensor (exactly numel × dtype_size).
  void write_next(std::span<const uint8_t> bytes);
  void finish();

 private:
  std::string path_, tmp_;
  std::vector<TensorDecl> decls_;
  size_t next_ = 0;
  std::FILE* f_ = nullptr;
};

}  // namespace dseek
