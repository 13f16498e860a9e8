// safetensors_stream.cpp — streaming safetensors writer (see safetensors_stream.h).
#include "io/safetensors_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/check.h"

namespace dseek {

SafetensorsStreamWriter::SafetensorsStreamWriter(const std::string& path, std::vector<TensorDecl> decls,
                                                 const std::map<std::string, std::string>& metadata)
    : path_(path), tmp_(path + ".tmp"), decls_(std::move(decls)) {
  nlohmann::ordered_json h = nlohmann::ordered_json::object();
  if (!metadata.empty()) h["__metadata__"] = metadata;
  uint64_t off = 0;
  for (const TensorDecl& d : decls_) {
    uint64_t n = dtype_size(d.dtype);
    for (int64_t s : d.shape) {
      DSEEK_CHECK(s >= 0, "tensor '{}': negative dimension", d.name);
      DSEEK_CHECK(!__builtin_mul_overflow(n, uint64_t(s), &n), "tensor '{}': size overflows", d.name);
    }
    DSEEK_CHECK(!h.contains(d.name), "tensor '{}' declared twice", d.name);
    h[d.name] = {{"dtype", std::string(dtype_name(d.dtype))}, {"shape", d.shape}, {"data_offsets", {off, off + n}}};
    off += n;
  }
  std::string hs = h.dump();
  hs.append((8 - hs.size() % 8) % 8, ' ');
  f_ = std::fopen(tmp_.c_str(), "wb");
  DSEEK_CHECK(f_, "cannot create '{}': {}", tmp_, std::strerror(errno));
  const uint64_t hl = hs.size();
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = uint8_t(hl >> (8 * i));
  DSEEK_CHECK(std::fwrite(le, 1, 8, f_) == 8 && std::fwrite(hs.data(), 1, hs.size(), f_) == hs.size(),
              "write to '{}' failed: {}", tmp_, std::strerror(errno));
}

SafetensorsStreamWriter::~SafetensorsStreamWriter() {
  if (f_) {
    std::fclose(f_);
    std::remove(tmp_.c_str());
  }
}

void SafetensorsStreamWriter::write_next(std::span<const uint8_t> bytes) {
  DSEEK_CHECK(f_ && next_ < decls_.size(), "safetensors writer: no tensor left to write");
  const TensorDecl& d = decls_[next_];
  size_t n = dtype_size(d.dtype);
  for (int64_t s : d.shape) n *= size_t(s);
  DSEEK_CHECK_EQ(bytes.size(), n, fmt::format("bytes of tensor '{}'", d.name));
  DSEEK_CHECK(std::fwrite(bytes.data(), 1, n, f_) == n, "write to '{}' failed: {}", tmp_, std::strerror(errno));
  ++next_;
}

void SafetensorsStreamWriter::finish() {
  DSEEK_CHECK(f_, "safetensors writer: already finished");
  DSEEK_CHECK(next_ == decls_.size(), "safetensors writer: {} of {} tensors written", next_, decls_.size());
  DSEEK_CHECK(std::fflush(f_) == 0 && ::fsync(fileno(f_)) == 0, "flush of '{}' failed: {}", tmp_, std::strerror(errno));
  std::fclose(f_);
  f_ = nullptr;
  std::error_code ec;
  std::filesystem::rename(tmp_, path_, ec);
  DSEEK_CHECK(!ec, "cannot rename '{}' to '{}': {}", tmp_, path_, ec.message());
}

}  // namespace dseek
