// fuzz_config.cpp — libFuzzer target for parse_model_config (io/config.h).
// Every input must either throw dseek::Error or yield a config that survives
// to_json -> parse_model_config unchanged; anything else (other exception
// types, sanitizer reports, round-trip mismatch) is a bug.
// Seeds: tests/fuzz/corpus/config/.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/check.h"
#include "io/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  dseek::ModelConfig c;
  try {
    c = dseek::parse_model_config(text);
  } catch (const dseek::Error&) {
    return 0;
  }
  // Accepted configs must be self-consistent.
  for (int64_t l = 0; l < c.num_layers_with_mtp(); ++l) (void)c.is_moe_layer(l);
  const std::string out = dseek::to_json(c);
  dseek::ModelConfig back;
  try {
    back = dseek::parse_model_config(out);
  } catch (const dseek::Error& e) {
    std::fprintf(stderr, "to_json output rejected: %s\n%s\n", e.what(), out.c_str());
    std::abort();
  }
  if (!(back == c)) {
    std::fprintf(stderr, "round trip changed the config:\n%s\n", out.c_str());
    std::abort();
  }
  return 0;
}
