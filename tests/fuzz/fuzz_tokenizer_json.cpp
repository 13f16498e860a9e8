// fuzz_tokenizer_json.cpp — libFuzzer target: arbitrary bytes as a
// tokenizer.json. Loading must either succeed or throw dseek::Error; a loaded
// tokenizer must then encode/decode a few fixed strings without crashing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/check.h"
#include "io/tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    dseek::Tokenizer t = dseek::Tokenizer::from_json_text(text);
    for (std::string_view s : {"Hello world 123", "  <｜User｜> 中文😀\r\n", "aaaaaaaaaaaaaaaa", ""}) {
      try {
        auto ids = t.encode(s);
        (void)t.decode(ids);
        dseek::StreamDecoder sd(t);
        for (int32_t id : ids) (void)sd.push(id);
        (void)sd.flush();
      } catch (const dseek::Error&) {
      }
    }
    for (int32_t id : {0, 1, 255, 1000, -1}) {
      if (t.has_id(id)) (void)t.token_str(id);
    }
  } catch (const dseek::Error&) {
  }
  return 0;
}
