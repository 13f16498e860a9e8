// npy.cpp — .npy reader/writer (see npy.h).
#include "io/npy.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/check.h"

namespace dseek {

void write_npy_f32(const std::string& path, const std::vector<int64_t>& shape, const float* data) {
  std::string dims;
  int64_t n = 1;
  for (int64_t d : shape) {
    dims += std::to_string(d) + ", ";
    n *= d;
  }
  // "(3, 4)"; a 1-D shape keeps its trailing comma: "(3,)".
  if (!dims.empty()) dims.resize(dims.size() - (shape.size() == 1 ? 1 : 2));
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
  // Pad so that 10 + header + '\n' is a multiple of 64.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    DSEEK_CHECK(f.good(), "cannot write '{}': {}", tmp, std::strerror(errno));
    const char magic[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
    f.write(magic, 8);
    const uint16_t hl = uint16_t(header.size());
    f.write(reinterpret_cast<const char*>(&hl), 2);
    f.write(header.data(), std::streamsize(header.size()));
    f.write(reinterpret_cast<const char*>(data), std::streamsize(n * 4));
    f.flush();
    DSEEK_CHECK(f.good(), "write to '{}' failed", tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  DSEEK_CHECK(!ec, "cannot rename '{}' to '{}': {}", tmp, path, ec.message());
}

NpyArray read_npy_f32(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  DSEEK_CHECK(f.good(), "cannot open '{}'", path);
  std::vector<char> buf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  DSEEK_CHECK(buf.size() >= 10 && std::memcmp(buf.data(), "\x93NUMPY", 6) == 0, "'{}' is not a .npy file", path);
  const int major = buf[6];
  size_t hl, off;
  if (major == 1) {
    hl = uint8_t(buf[8]) | (size_t(uint8_t(buf[9])) << 8);
    off = 10;
  } else {
    DSEEK_CHECK(buf.size() >= 12, "'{}': truncated header", path);
    hl = uint8_t(buf[8]) | (size_t(uint8_t(buf[9])) << 8) | (size_t(uint8_t(buf[10])) << 16) |
         (size_t(uint8_t(buf[11])) << 24);
    off = 12;
  }
  DSEEK_CHECK(off + hl <= buf.size(), "'{}': truncated header", path);
  const std::string header(buf.data() + off, hl);
  std::smatch md, ms;
  DSEEK_CHECK(std::regex_search(header, md, std::regex("'descr':\\s*'([<|=]?[fF][48])'")),
              "'{}': only float32/float64 arrays are supported ({})", path, header);
  DSEEK_CHECK(header.find("'fortran_order': False") != std::string::npos, "'{}': Fortran order unsupported", path);
  DSEEK_CHECK(std::regex_search(header, ms, std::regex("'shape':\\s*\\(([^)]*)\\)")), "'{}': no shape", path);
  NpyArray a;
  int64_t n = 1;
  std::string dims = ms[1];
  std::regex num("\\d+");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), num); it != std::sregex_iterator(); ++it) {
    a.shape.push_back(std::stoll(it->str()));
    n *= a.shape.back();
  }
  const bool f64 = md[1].str().back() == '8';
  const size_t esz = f64 ? 8 : 4;
  DSEEK_CHECK(buf.size() - off - hl == size_t(n) * esz, "'{}': data size {} != shape product {} x {}", path,
              buf.size() - off - hl, n, esz);
  a.data.resize(size_t(n));
  const char* p = buf.data() + off + hl;
  for (int64_t i = 0; i < n; ++i) {
    if (f64) {
      double v;
      std::memcpy(&v, p + i * 8, 8);
      a.data[size_t(i)] = float(v);
    } else {
      std::memcpy(&a.data[size_t(i)], p + i * 4, 4);
    }
  }
  return a;
}

}  // namespace dseek
