// safetensors_writer.h — writing .safetensors files (checkpoint saving, test fixtures).
// What it is: serialisation of named tensors + string metadata into the
// safetensors format, and an atomic file writer (temp file + fsync + rename).
// Header keys are sorted by name; the data section is laid out by descending
// element size, then name, so every tensor is aligned to its element size
// (the header is space-padded to a multiple of 8 bytes, like the reference).
// What it is not: a reader (safetensors.h) or a dtype converter.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/dtype.h"

namespace dseek {

struct SafetensorsTensorIn {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  std::span<const uint8_t> bytes;  // not owned; must hold numel × dtype_size bytes
};

// Whole file as bytes. Throws dseek::Error on duplicate/reserved names,
// negative dims, size mismatches, overflow or invalid UTF-8 in names/metadata.
std::vector<uint8_t> serialize_safetensors(const std::vector<SafetensorsTensorIn>& tensors,
                                           const std::map<std::string, std::string>& metadata = {});

// Writes atomically: `path` is either untouched or holds the complete file.
void write_safetensors(const std::string& path, const std::vector<SafetensorsTensorIn>& tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace dseek
