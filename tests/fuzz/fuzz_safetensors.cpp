// fuzz_safetensors.cpp — libFuzzer target for parse_safetensors_header.
// What it is: feeds raw bytes (a whole "file") to the header parser. Only
// dseek::Error is an acceptable failure; any other exception, sanitizer report
// or broken invariant on an accepted input aborts (a finding).
// What it is not: a test of mmap or Checkpoint (no filesystem access here).
#include <cstdint>
#include <cstdlib>

#include "core/check.h"
#include "io/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dseek::SafetensorsHeader h;
  try {
    h = dseek::parse_safetensors_header(data, size, "fuzz");
  } catch (const dseek::Error&) {
    return 0;
  }
  // Accepted input: the promised invariants must hold.
  if (h.data_offset != 8 + h.header_size || h.data_offset + h.data_size != size) std::abort();
  uint64_t covered = 0;
  for (size_t i = 0; i < h.tensors.size(); ++i) {
    const auto& e = h.tensors[i];
    if (i > 0 && !(h.tensors[i - 1].name < e.name)) std::abort();  // sorted, unique
    if (e.begin > e.end || e.end > h.data_size) std::abort();
    uint64_t n = dseek::dtype_size(e.dtype);
    for (int64_t d : e.shape) {
      if (d < 0) std::abort();
      n *= uint64_t(d);  // validated not to overflow
    }
    if (n != e.end - e.begin) std::abort();
    covered += e.end - e.begin;
    // Touch the first and last byte of the tensor (ASan catches out-of-bounds).
    if (e.end > e.begin) {
      volatile uint8_t a = data[h.data_offset + e.begin];
      volatile uint8_t b = data[h.data_offset + e.end - 1];
      (void)a;
      (void)b;
    }
  }
  if (covered != h.data_size) std::abort();  // contiguous, no overlap, no gap
  return 0;
}
