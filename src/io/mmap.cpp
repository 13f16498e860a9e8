// mmap.cpp — POSIX implementation of MappedFile.
#include "io/mmap.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "core/check.h"

namespace dseek {

namespace {

// Closes the descriptor on every exit path of the constructor.
struct FdGuard {
  int fd = -1;
  ~FdGuard() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

MappedFile::MappedFile(const std::string& path) : path_(path) {
  FdGuard g;
  do {
    g.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (g.fd < 0 && errno == EINTR);
  if (g.fd < 0) DSEEK_FAIL("cannot open '{}': {}", path, std::strerror(errno));

  struct stat st {};
  if (::fstat(g.fd, &st) != 0) DSEEK_FAIL("cannot stat '{}': {}", path, std::strerror(errno));
  DSEEK_CHECK(S_ISREG(st.st_mode), "cannot map '{}': not a regular file", path);
  DSEEK_CHECK(st.st_size >= 0, "cannot map '{}': negative size {}", path, int64_t(st.st_size));
  DSEEK_CHECK(uint64_t(st.st_size) <= uint64_t(std::numeric_limits<size_t>::max()),
              "cannot map '{}': size {} does not fit in memory", path, int64_t(st.st_size));

  size_ = size_t(st.st_size);
  if (size_ > 0) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, g.fd, 0);
    if (p == MAP_FAILED)
      DSEEK_FAIL("cannot mmap '{}' ({} bytes): {}", path, size_, std::strerror(errno));
    data_ = static_cast<const uint8_t*>(p);
  }
  open_ = true;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() noexcept {
  if (data_ && size_ > 0) ::munmap(const_cast<uint8_t*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
  open_ = false;
}

MappedFile::MappedFile(MappedFile&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      path_(std::move(o.path_)),
      open_(std::exchange(o.open_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    reset();
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    path_ = std::move(o.path_);
    open_ = std::exchange(o.open_, false);
  }
  return *this;
}

}  // namespace dseek
