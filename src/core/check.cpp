// check.cpp — out-of-line part of the error machinery (keeps check.h light).
#include "core/check.h"

#include <cstring>

namespace dseek {

[[noreturn]] void throw_error(const char* file, int line, const std::string& msg) {
  // Keep only the path below src/ (or the basename) so messages stay short.
  const char* p = std::strstr(file, "src/");
  if (!p) p = std::strstr(file, "tests/");
  if (!p) {
    p = std::strrchr(file, '/');
    p = p ? p + 1 : file;
  }
  throw Error(fmt::format("{} ({}:{})", msg, p, line));
}

}  // namespace dseek
