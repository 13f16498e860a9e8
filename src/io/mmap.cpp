// mmap.cpp — POSIX implementation of MappedFile.
#include "io/mmap.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <utility>

#include "core/check.h"
#include "core/progress.h"

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

namespace {

constexpr size_t kHugePage = size_t(2) << 20;

// "Key:   123 kB" from a /proc file; -1 when absent.
int64_t proc_kb(const char* file, const char* key) {
  FILE* f = std::fopen(file, "re");
  if (!f) return -1;
  char line[256];
  int64_t v = -1;
  const size_t n = std::strlen(key);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, key, n) == 0 && line[n] == ':') {
      long long kb = 0;
      if (std::sscanf(line + n + 1, "%lld", &kb) == 1) v = kb;
      break;
    }
  std::fclose(f);
  return v;
}

}  // namespace

bool fits_in_memory(uint64_t bytes) {
  const int64_t avail_kb = proc_kb("/proc/meminfo", "MemAvailable");
  return avail_kb > 0 && bytes <= uint64_t(avail_kb) * 1024 / 2;
}

MapMode map_mode_for(uint64_t bytes) { return fits_in_memory(bytes) ? MapMode::Resident : MapMode::InPlace; }

uint64_t anon_huge_page_bytes() {
  const int64_t kb = proc_kb("/proc/self/smaps_rollup", "AnonHugePages");
  return kb > 0 ? uint64_t(kb) * 1024 : 0;
}

MappedFile::MappedFile(const std::string& path, MapMode mode, Progress* progress) : path_(path) {
  FdGuard g;
  do {
    g.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (g.fd < 0 && errno == EINTR);
  if (g.fd < 0) DSEEK_FAIL("cannot open '{}': {}", path, std::strerror(errno));

  struct stat st {};
  if (::fstat(g.fd, &st) != 0) DSEEK_FAIL("cannot stat '{}': {}", path, std::strerror(errno));
  DSEEK_CHECK(S_ISREG(st.st_mode), "cannot map '{}': not a regular file", path);
  DSEEK_CHECK(st.st_size >= 0, "cannot map '{}': negative size {}", path, int64_t(st.st_size));
  DSEEK_CHECK(uint64_t(st.st_size) <= uint64_t(std::numeric_limits<size_t>::max()) - 2 * kHugePage,
              "cannot map '{}': size {} does not fit in memory", path, int64_t(st.st_size));

  size_ = size_t(st.st_size);
  if (size_ > 0 && mode == MapMode::InPlace) {
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, g.fd, 0);
    if (p == MAP_FAILED)
      DSEEK_FAIL("cannot mmap '{}' ({} bytes): {}", path, size_, std::strerror(errno));
    data_ = static_cast<const uint8_t*>(p);
    map_base_ = p;
    map_len_ = size_;
  } else if (size_ > 0) {
    // Over-allocate so the data can start on a 2 MB boundary (older kernels do
    // not align large anonymous mappings to huge pages themselves).
    const size_t len = (size_ + kHugePage - 1) / kHugePage * kHugePage + kHugePage;
    void* p = ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      DSEEK_FAIL("cannot allocate {} bytes to hold '{}': {}", len, path, std::strerror(errno));
    map_base_ = p;
    map_len_ = len;
    resident_ = true;
    uint8_t* dst = static_cast<uint8_t*>(p) + (kHugePage - reinterpret_cast<uintptr_t>(p) % kHugePage) % kHugePage;
    (void)::madvise(dst, size_ / kHugePage * kHugePage + kHugePage, MADV_HUGEPAGE);  // advice only
    size_t off = 0;
    while (off < size_) {
      const size_t want = std::min<size_t>(size_ - off, size_t(64) << 20);
      const ssize_t r = ::pread(g.fd, dst + off, want, off_t(off));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        const std::string why = r < 0 ? std::strerror(errno) : "file shrank while being read";
        reset();
        DSEEK_FAIL("cannot read '{}' at byte {} of {}: {}", path, off, size_, why);
      }
      off += size_t(r);
      if (progress) progress->add(r);
    }
    (void)::mprotect(p, len, PROT_READ);
    data_ = dst;
  }
  open_ = true;
}

MappedFile::~MappedFile() { reset(); }

void MappedFile::reset() noexcept {
  if (map_base_ && map_len_ > 0) ::munmap(map_base_, map_len_);
  data_ = nullptr;
  size_ = 0;
  map_base_ = nullptr;
  map_len_ = 0;
  resident_ = false;
  open_ = false;
}

MappedFile::MappedFile(MappedFile&& o) noexcept
    : data_(std::exchange(o.data_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      map_base_(std::exchange(o.map_base_, nullptr)),
      map_len_(std::exchange(o.map_len_, 0)),
      resident_(std::exchange(o.resident_, false)),
      path_(std::move(o.path_)),
      open_(std::exchange(o.open_, false)) {}

MappedFile& MappedFile::operator=(MappedFile&& o) noexcept {
  if (this != &o) {
    reset();
    data_ = std::exchange(o.data_, nullptr);
    size_ = std::exchange(o.size_, 0);
    map_base_ = std::exchange(o.map_base_, nullptr);
    map_len_ = std::exchange(o.map_len_, 0);
    resident_ = std::exchange(o.resident_, false);
    path_ = std::move(o.path_);
    open_ = std::exchange(o.open_, false);
  }
  return *this;
}

}  // namespace dseek
