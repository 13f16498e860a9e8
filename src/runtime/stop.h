// stop.h — stop conditions of a generation: stop strings over the streamed,
// decoded text and stop token ids (EOS and friends).
// What it is: StopMatcher, fed one text delta per generated token. It finds a
// stop string even when it spans several deltas, withholds the tail of the
// text that could still become a stop string, and returns only the text that
// is safe to stream to the client.
// What it is not: the detokenizer (deltas must already be whole UTF-8
// characters; then the withheld tail always starts on a character boundary),
// nor the max_tokens / context-length limits (the scheduler's job).
//
// Semantics: the stream stops at the first stop-string occurrence that
// *completes* earliest in the text (ties: the one that starts earliest, i.e.
// the longest). The emitted text is everything before that occurrence (plus
// the stop string itself with include_stop_str_in_output). Because this is
// what a character-by-character reader would do, the total emitted text does
// not depend on how the text was split into deltas. A stop token ends the
// stream too: the withheld text is released and the token's own text is not
// emitted (like vLLM with skip_special_tokens).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dseek {

struct StopParams {
  std::vector<std::string> stop;        // stop strings; each non-empty
  std::vector<int32_t> stop_token_ids;  // EOS and other ids that end the stream
  bool include_stop_str_in_output = false;

  // Throws dseek::Error for an empty stop string or a negative id.
  void validate() const;
};

enum class StopReason { kNone, kStopString, kStopToken };

struct StopResult {
  std::string text;     // safe to emit now (may be empty)
  bool stopped = false;  // true once the stream has ended
  StopReason reason = StopReason::kNone;
  std::string matched;  // the stop string that matched (kStopString)
  int32_t token = -1;   // the stop token (kStopToken)
};

class StopMatcher {
 public:
  explicit StopMatcher(StopParams params);

  bool is_stop_token(int32_t token) const;

  // Feeds decoded text. After the stream stopped, further calls return an
  // empty text with stopped = true and the original reason.
  StopResult push(std::string_view delta);

  // Feeds one generated token with its decoded text: a stop token ends the
  // stream (releasing the withheld text, dropping `delta`); otherwise push().
  StopResult push_token(int32_t token, std::string_view delta);

  // End of generation without a stop (max_tokens, length): returns and clears
  // the withheld text.
  std::string flush();

  bool stopped() const { return stopped_; }
  // Bytes currently withheld (a proper prefix of some stop string).
  size_t held() const { return buf_.size(); }

 private:
  StopParams params_;
  size_t max_len_ = 0;  // longest stop string
  std::string buf_;     // withheld text
  bool stopped_ = false;
  StopResult final_;    // reason / matched / token of the stop, for repeats
};

}  // namespace dseek
