// json_util.cpp — size/depth-bounded JSON parsing (see json_util.h).
#include "io/json_util.h"

#include "core/check.h"

namespace dseek {

int json_nesting_depth(std::string_view text, int limit) {
  int depth = 0, max_depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) {
          max_depth = depth;
          if (max_depth > limit) return max_depth;
        }
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;  // unbalanced input is the parser's to reject
        break;
      default: break;
    }
  }
  return max_depth;
}

nlohmann::json parse_json_limited(std::string_view text, const ParseLimits& limits,
                                  std::string_view what) {
  DSEEK_CHECK(text.size() <= limits.max_bytes, "{}: {} bytes exceeds the limit of {} bytes", what,
              text.size(), limits.max_bytes);
  const int depth = json_nesting_depth(text, limits.max_depth);
  DSEEK_CHECK(depth <= limits.max_depth, "{}: nesting deeper than {} levels", what,
              limits.max_depth);
  try {
    return nlohmann::json::parse(text.begin(), text.end(), /*cb=*/nullptr,
                                 /*allow_exceptions=*/true, /*ignore_comments=*/false);
  } catch (const nlohmann::json::exception& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    DSEEK_FAIL("{}: invalid JSON: {}", what, e.what());
  }
}

}  // namespace dseek
