// mmap.h — RAII read-only memory mapping of a whole file.
// What it is: open + fstat + mmap(PROT_READ, MAP_PRIVATE) of a regular file,
// unmapped on destruction; move-only. Empty files map to (nullptr, 0).
// What it is not: a writable mapping, a file cache, or protection against the
// file being truncated by another process while mapped (that raises SIGBUS).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace dseek {

class MappedFile {
 public:
  MappedFile() = default;
  // Maps `path`; throws dseek::Error naming the path and errno text.
  explicit MappedFile(const std::string& path);
  ~MappedFile();

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }
  bool is_open() const { return open_; }

 private:
  void reset() noexcept;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::string path_;
  bool open_ = false;
};

}  // namespace dseek
