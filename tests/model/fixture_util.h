// fixture_util.h — what the tests over tests/fixtures/models share: the
// directory, the list of fixtures holding a given file, and the relative error
// max|got - ref| / max|ref| (any non-finite `got` value fails as +inf).
// Header-only; used by the model, cached-decode and CUDA model tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace dseek::test {

inline std::filesystem::path fixtures_dir() {
  return std::filesystem::path(DSEEK_SOURCE_DIR) / "tests/fixtures/models";
}

// Fixture names (sorted) whose directory holds `marker`.
inline std::vector<std::string> fixture_names(const char* marker = "tokens.json") {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  if (fs::is_directory(fixtures_dir()))
    for (auto& e : fs::directory_iterator(fixtures_dir()))
      if (fs::exists(e.path() / marker)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

inline double rel_error(const float* got, const float* ref, int64_t n) {
  double md = 0, mr = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(got[i])) return INFINITY;
    md = std::max(md, double(std::fabs(got[i] - ref[i])));
    mr = std::max(mr, double(std::fabs(ref[i])));
  }
  return md / std::max(mr, 1e-30);
}

}  // namespace dseek::test
