// huge_buffer.cpp — see huge_buffer.h.
#include "core/huge_buffer.h"

#include <sys/mman.h>

#include <utility>

#include "core/check.h"

namespace dseek {

HugeBuffer::HugeBuffer(size_t bytes) : n_(bytes) {
  if (bytes == 0) return;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  DSEEK_CHECK(p != MAP_FAILED, "could not allocate {} bytes of memory", bytes);
  constexpr size_t kHuge = size_t(2) << 20;
  if (bytes >= kHuge) (void)::madvise(p, bytes, MADV_HUGEPAGE);  // advice only: 4 KB pages still work
  p_ = p;  // mmap returns page-aligned, zero-filled memory
}

HugeBuffer::~HugeBuffer() {
  if (p_) ::munmap(p_, n_);
}

HugeBuffer::HugeBuffer(HugeBuffer&& o) noexcept : p_(std::exchange(o.p_, nullptr)), n_(std::exchange(o.n_, 0)) {}

HugeBuffer& HugeBuffer::operator=(HugeBuffer&& o) noexcept {
  if (this != &o) {
    if (p_) ::munmap(p_, n_);
    p_ = std::exchange(o.p_, nullptr);
    n_ = std::exchange(o.n_, 0);
  }
  return *this;
}

}  // namespace dseek
