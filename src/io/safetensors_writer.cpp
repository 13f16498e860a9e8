// safetensors_writer.cpp — header construction, layout, and the atomic file write.
#include "io/safetensors_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <unordered_map>

#include "core/check.h"
#include "core/tensor.h"
#include "io/safetensors.h"

namespace dseek {

namespace {

struct Prepared {
  std::string header;                                 // JSON + space padding, length % 8 == 0
  std::vector<const SafetensorsTensorIn*> data_order;  // order of the data section
  uint64_t data_size = 0;
};

// Appends `s` as a JSON string literal. Rejects invalid UTF-8 (overlong forms,
// surrogates, code points above U+10FFFF) so the header is always valid JSON.
void append_json_string(std::string& out, std::string_view s, std::string_view what) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const uint8_t c = uint8_t(s[i]);
    if (c < 0x80) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += char(c);
      } else if (c < 0x20) {
        out += fmt::format("\\u{:04x}", c);
      } else {
        out += char(c);
      }
      ++i;
      continue;
    }
    const size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    bool ok = len != 0 && c <= 0xf4 && c >= 0xc2 && i + len <= s.size();
    uint32_t cp = ok ? uint32_t(c & (0x7f >> len)) : 0;
    for (size_t k = 1; ok && k < len; ++k) {
      const uint8_t cc = uint8_t(s[i + k]);
      ok = (cc & 0xc0) == 0x80;
      cp = (cp << 6) | (cc & 0x3f);
    }
    ok = ok && !(len == 3 && cp < 0x800) && !(len == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
         !(cp >= 0xd800 && cp <= 0xdfff);
    DSEEK_CHECK(ok, "write_safetensors: {} is not valid UTF-8 (byte {})", what, i);
    out.append(s.substr(i, len));
    i += len;
  }
  out += '"';
}

Prepared prepare(const std::vector<SafetensorsTensorIn>& tensors,
                 const std::map<std::string, std::string>& metadata) {
  Prepared p;
  // Header order: by name (duplicates become adjacent).
  std::vector<const SafetensorsTensorIn*> by_name;
  by_name.reserve(tensors.size());
  for (const auto& t : tensors) by_name.push_back(&t);
  std::sort(by_name.begin(), by_name.end(), [](auto* a, auto* b) { return a->name < b->name; });
  for (size_t i = 1; i < by_name.size(); ++i)
    DSEEK_CHECK(by_name[i - 1]->name != by_name[i]->name,
                "write_safetensors: duplicate tensor name '{}'", by_name[i]->name);

  // Data order: descending element size, then name, so every tensor is aligned.
  p.data_order = by_name;
  std::stable_sort(p.data_order.begin(), p.data_order.end(), [](auto* a, auto* b) {
    return dtype_size(a->dtype) > dtype_size(b->dtype);
  });
  std::unordered_map<const SafetensorsTensorIn*, std::pair<uint64_t, uint64_t>> offsets;
  offsets.reserve(tensors.size());
  for (const SafetensorsTensorIn* t : p.data_order) {
    DSEEK_CHECK(t->name != "__metadata__", "write_safetensors: tensor name '__metadata__' is reserved");
    int64_t n = 1;
    for (int64_t d : t->shape) {
      DSEEK_CHECK(d >= 0, "write_safetensors: tensor '{}': negative dimension in shape {}", t->name,
                  shape_str(t->shape));
      DSEEK_CHECK(!__builtin_mul_overflow(n, d, &n),
                  "write_safetensors: tensor '{}': element count of {} overflows", t->name,
                  shape_str(t->shape));
    }
    uint64_t nbytes = 0;
    DSEEK_CHECK(!__builtin_mul_overflow(uint64_t(n), uint64_t(dtype_size(t->dtype)), &nbytes),
                "write_safetensors: tensor '{}': byte size overflows", t->name);
    DSEEK_CHECK_EQ(uint64_t(t->bytes.size()), nbytes,
                   fmt::format("write_safetensors: tensor '{}' ({} {}) byte count", t->name,
                               dtype_name(t->dtype), shape_str(t->shape)));
    const uint64_t begin = p.data_size;
    DSEEK_CHECK(!__builtin_add_overflow(begin, nbytes, &p.data_size),
                "write_safetensors: total size overflows");
    offsets[t] = {begin, p.data_size};
  }

  std::string& h = p.header;
  h += '{';
  if (!metadata.empty()) {
    h += "\"__metadata__\":{";
    bool first = true;
    for (const auto& [k, v] : metadata) {
      if (!first) h += ',';
      first = false;
      append_json_string(h, k, "metadata key");
      h += ':';
      append_json_string(h, v, "metadata value");
    }
    h += '}';
  }
  for (const SafetensorsTensorIn* t : by_name) {
    if (h.size() > 1) h += ',';
    append_json_string(h, t->name, "tensor name");
    const auto [b, e] = offsets.at(t);
    h += fmt::format(":{{\"dtype\":\"{}\",\"shape\":[{}],\"data_offsets\":[{},{}]}}",
                     dtype_name(t->dtype), fmt::join(t->shape, ","), b, e);
    DSEEK_CHECK(h.size() <= kSafetensorsMaxHeader,
                "write_safetensors: header exceeds the {}-byte limit", kSafetensorsMaxHeader);
  }
  h += '}';
  h.append((8 - h.size() % 8) % 8, ' ');
  DSEEK_CHECK(h.size() <= kSafetensorsMaxHeader,
              "write_safetensors: header of {} bytes exceeds the {}-byte limit", h.size(),
              kSafetensorsMaxHeader);
  return p;
}

void le64(uint8_t* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out[i] = uint8_t(v >> (8 * i));
}

void write_all(int fd, const uint8_t* p, size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, std::min<size_t>(n, size_t(1) << 30));
    if (w < 0) {
      if (errno == EINTR) continue;
      DSEEK_FAIL("write_safetensors: write to '{}' failed: {}", path, std::strerror(errno));
    }
    p += w;
    n -= size_t(w);
  }
}

// Owns the temp file until commit(): closes and unlinks it on any failure.
struct TempFile {
  std::string path;
  int fd = -1;
  bool committed = false;
  ~TempFile() {
    if (fd >= 0) ::close(fd);
    if (!committed && !path.empty()) ::unlink(path.c_str());
  }
};

}  // namespace

std::vector<uint8_t> serialize_safetensors(const std::vector<SafetensorsTensorIn>& tensors,
                                           const std::map<std::string, std::string>& metadata) {
  const Prepared p = prepare(tensors, metadata);
  std::vector<uint8_t> out(8 + p.header.size());
  le64(out.data(), p.header.size());
  std::memcpy(out.data() + 8, p.header.data(), p.header.size());
  out.reserve(out.size() + p.data_size);
  for (const SafetensorsTensorIn* t : p.data_order) out.insert(out.end(), t->bytes.begin(), t->bytes.end());
  return out;
}

void write_safetensors(const std::string& path, const std::vector<SafetensorsTensorIn>& tensors,
                       const std::map<std::string, std::string>& metadata) {
  const Prepared p = prepare(tensors, metadata);

  TempFile tmp;
  std::string templ = path + ".tmp.XXXXXX";
  tmp.fd = ::mkostemp(templ.data(), O_CLOEXEC);
  if (tmp.fd < 0)
    DSEEK_FAIL("write_safetensors: cannot create temp file for '{}': {}", path, std::strerror(errno));
  tmp.path = templ;
  ::fchmod(tmp.fd, 0644);

  uint8_t len[8];
  le64(len, p.header.size());
  write_all(tmp.fd, len, 8, tmp.path);
  write_all(tmp.fd, reinterpret_cast<const uint8_t*>(p.header.data()), p.header.size(), tmp.path);
  for (const SafetensorsTensorIn* t : p.data_order)
    write_all(tmp.fd, t->bytes.data(), t->bytes.size(), tmp.path);

  if (::fsync(tmp.fd) != 0)
    DSEEK_FAIL("write_safetensors: fsync of '{}' failed: {}", tmp.path, std::strerror(errno));
  const int fd = tmp.fd;
  tmp.fd = -1;
  if (::close(fd) != 0)
    DSEEK_FAIL("write_safetensors: close of '{}' failed: {}", tmp.path, std::strerror(errno));
  if (::rename(tmp.path.c_str(), path.c_str()) != 0)
    DSEEK_FAIL("write_safetensors: rename '{}' -> '{}' failed: {}", tmp.path, path,
               std::strerror(errno));
  tmp.committed = true;

  // Make the rename durable (best effort: some filesystems refuse fsync on dirs).
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace dseek
