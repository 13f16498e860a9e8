// check.h — always-on checks that throw dseek::Error with file:line.
// What it is: the error type of the whole project and the CHECK macros used at
// API edges (loaders, parsers, CLI). They stay on in release builds.
// What it is not: a logging facility, or a debug-only assert.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

namespace dseek {

// Every recoverable failure (bad file, bad request, bad shape) is an Error.
// Library code throws it; the CLI prints what() on one line and exits 1; the
// server turns it into an HTTP error. Nothing in src/ calls exit() or abort().
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& msg) : std::runtime_error(msg) {}
};

[[noreturn]] void throw_error(const char* file, int line, const std::string& msg);

}  // namespace dseek

// DSEEK_FAIL("bad thing {}", x): throw with location.
#define DSEEK_FAIL(...) ::dseek::throw_error(__FILE__, __LINE__, ::fmt::format(__VA_ARGS__))

// DSEEK_CHECK(cond, "msg {}", args...): throw unless cond.
#define DSEEK_CHECK(cond, ...)                                   \
  do {                                                           \
    if (!(cond)) [[unlikely]] DSEEK_FAIL(__VA_ARGS__);           \
  } while (0)

// DSEEK_CHECK_EQ(got, expected, "what"): prints both values.
#define DSEEK_CHECK_EQ(got, expected, what)                                          \
  do {                                                                               \
    const auto& dseek_g_ = (got);                                                    \
    const auto& dseek_e_ = (expected);                                               \
    if (!(dseek_g_ == dseek_e_)) [[unlikely]]                                        \
      DSEEK_FAIL("{}: expected {}, got {}", what, dseek_e_, dseek_g_);               \
  } while (0)
