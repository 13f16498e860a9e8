// json_util.h — bounded JSON parsing for untrusted text.
// What it is: parse_json_limited(), which rejects input that is too large or
// nested too deeply (a cheap pre-scan that respects strings) before handing it
// to nlohmann::json, and turns every parse failure into dseek::Error.
// Shared by config.json, tokenizer.json and HTTP request bodies.
// What it is not: a schema validator; callers still check every field's type.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string_view>

namespace dseek {

struct ParseLimits {
  size_t max_bytes = size_t(16) << 20;  // whole text, in bytes
  int max_depth = 64;                   // nesting of [ and { (top-level value = 1)
};

// Max nesting depth of arrays/objects in `text`, ignoring brackets inside
// strings; stops counting (and returns > limit) as soon as `limit` is exceeded.
int json_nesting_depth(std::string_view text, int limit);

// Parses `text` as one JSON value (no comments, no trailing garbage).
// Throws dseek::Error on size/depth limits or malformed JSON; `what` names the
// input in messages, e.g. "config.json".
nlohmann::json parse_json_limited(std::string_view text, const ParseLimits& limits = {},
                                  std::string_view what = "JSON");

}  // namespace dseek
