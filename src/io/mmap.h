// mmap.h — RAII read-only memory mapping of a whole file.
// What it is: open + fstat + mmap(PROT_READ, MAP_PRIVATE) of a regular file,
// unmapped on destruction; move-only. Empty files map to (nullptr, 0).
// MapMode::Resident instead reads the file into anonymous memory advised for
// 2 MB transparent huge pages (then made read-only): decode GEMVs stream
// weights ~1.5x faster than through 4 KB page-cache pages, which cost a TLB
// miss and a hardware-prefetcher restart every 4 KB.
// What it is not: a writable mapping, a file cache, or protection against the
// file being truncated by another process while mapped (that raises SIGBUS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dseek {

class Progress;

enum class MapMode {
  InPlace,   // mmap the file (any size; pages come and go with the page cache)
  Resident,  // read into anonymous huge-page memory (needs the RAM)
};

// Whether `bytes` is at most half of the memory available now (MemAvailable; false if unknown).
bool fits_in_memory(uint64_t bytes);
// Resident when fits_in_memory(bytes), else InPlace.
MapMode map_mode_for(uint64_t bytes);
// Bytes of this process's anonymous memory on transparent huge pages (0 if unknown).
uint64_t anon_huge_page_bytes();

class MappedFile {
 public:
  MappedFile() = default;
  // Maps `path`; throws dseek::Error naming the path and errno text. Resident
  // mode reports the bytes it reads to `progress` (optional) with add().
  explicit MappedFile(const std::string& path, MapMode mode = MapMode::InPlace, Progress* progress = nullptr);
  ~MappedFile();

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }
  bool is_open() const { return open_; }
  bool resident() const { return resident_; }  // set only with a mapping

 private:
  void reset() noexcept;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* map_base_ = nullptr;  // what munmap gets (Resident: the 2 MB-aligned block's allocation)
  size_t map_len_ = 0;
  bool resident_ = false;
  std::string path_;
  bool open_ = false;
};

}  // namespace dseek
