// huge_buffer.h — an owned, zero-filled, 64-byte aligned block of anonymous
// memory, advised onto 2 MB pages (Linux MADV_HUGEPAGE) when it is large: for
// weights converted at load time (the bf16 panels of the CPU prefill kernel),
// which are streamed like the checkpoint itself and deserve the same TLB reach.
// What it is not: a general allocator (no growth, no copy); move-only.
#pragma once

#include <cstddef>

namespace dseek {

class HugeBuffer {
 public:
  HugeBuffer() = default;
  explicit HugeBuffer(size_t bytes);  // throws dseek::Error when the memory cannot be had
  ~HugeBuffer();
  HugeBuffer(HugeBuffer&& o) noexcept;
  HugeBuffer& operator=(HugeBuffer&& o) noexcept;
  HugeBuffer(const HugeBuffer&) = delete;
  HugeBuffer& operator=(const HugeBuffer&) = delete;

  void* data() const { return p_; }
  size_t size() const { return n_; }

 private:
  void* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace dseek
