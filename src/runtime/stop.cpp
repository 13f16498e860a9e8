// stop.cpp — StopMatcher (see stop.h for the semantics).
// What it is: incremental stop-string search with a withheld tail. What it is
// not: a regex or token-sequence matcher.
#include "runtime/stop.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace dseek {

void StopParams::validate() const {
  for (size_t i = 0; i < stop.size(); ++i)
    DSEEK_CHECK(!stop[i].empty(), "StopParams.stop[{}] is an empty string", i);
  for (size_t i = 0; i < stop_token_ids.size(); ++i)
    DSEEK_CHECK(stop_token_ids[i] >= 0, "StopParams.stop_token_ids[{}] is {} (< 0)", i,
                stop_token_ids[i]);
}

StopMatcher::StopMatcher(StopParams params) : params_(std::move(params)) {
  params_.validate();
  for (const auto& s : params_.stop) max_len_ = std::max(max_len_, s.size());
}

bool StopMatcher::is_stop_token(int32_t token) const {
  return std::find(params_.stop_token_ids.begin(), params_.stop_token_ids.end(), token) !=
         params_.stop_token_ids.end();
}

StopResult StopMatcher::push(std::string_view delta) {
  if (stopped_) return final_;  // final_.text is empty
  const size_t old_len = buf_.size();
  buf_.append(delta);

  // buf_[0, old_len) holds no complete stop string, so a match must end after
  // old_len. Per string, find() gives its earliest (start = end) occurrence.
  size_t best_start = std::string::npos, best_end = std::string::npos, best = 0;
  for (size_t i = 0; i < params_.stop.size(); ++i) {
    const std::string& s = params_.stop[i];
    const size_t from = old_len + 1 > s.size() ? old_len + 1 - s.size() : 0;
    const size_t pos = buf_.find(s, from);
    if (pos == std::string::npos) continue;
    const size_t end = pos + s.size();
    if (end < best_end || (end == best_end && pos < best_start)) {
      best_start = pos;
      best_end = end;
      best = i;
    }
  }
  if (best_end != std::string::npos) {
    stopped_ = true;
    final_.stopped = true;
    final_.reason = StopReason::kStopString;
    final_.matched = params_.stop[best];
    StopResult r = final_;
    r.text = buf_.substr(0, params_.include_stop_str_in_output ? best_end : best_start);
    buf_.clear();
    return r;
  }

  // Withhold the longest suffix that is a proper prefix of some stop string:
  // any occurrence still to come must start inside it.
  size_t hold = 0;
  const size_t lim = std::min(buf_.size(), max_len_ > 0 ? max_len_ - 1 : 0);
  for (size_t len = lim; len > 0 && hold == 0; --len) {
    const std::string_view tail = std::string_view(buf_).substr(buf_.size() - len);
    for (const auto& s : params_.stop) {
      if (s.size() > len && std::string_view(s).substr(0, len) == tail) {
        hold = len;
        break;
      }
    }
  }
  StopResult r;
  r.text = buf_.substr(0, buf_.size() - hold);
  buf_.erase(0, buf_.size() - hold);
  return r;
}

StopResult StopMatcher::push_token(int32_t token, std::string_view delta) {
  if (stopped_) return final_;
  if (!is_stop_token(token)) return push(delta);
  stopped_ = true;
  final_.stopped = true;
  final_.reason = StopReason::kStopToken;
  final_.token = token;
  StopResult r = final_;
  r.text = std::move(buf_);  // the withheld tail can no longer become a stop string
  buf_.clear();
  return r;
}

std::string StopMatcher::flush() {
  std::string out = std::move(buf_);
  buf_.clear();
  return out;
}

}  // namespace dseek
