// reasoning.cpp — streaming <think>…</think> splitter (see reasoning.h).
#include "io/reasoning.h"

#include <algorithm>

namespace dseek {
namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";

// Length of the longest suffix of `s` that is a proper prefix of `tag`.
size_t partial_tag_suffix(std::string_view s, std::string_view tag) {
  size_t max = std::min(s.size(), tag.size() - 1);
  for (size_t n = max; n > 0; --n)
    if (s.substr(s.size() - n) == tag.substr(0, n)) return n;
  return 0;
}

}  // namespace

ReasoningParser::ReasoningParser(bool starts_in_reasoning)
    : state_(starts_in_reasoning ? State::ReasoningStart : State::Start) {}

ReasoningDelta ReasoningParser::feed(std::string_view piece) {
  ReasoningDelta out;
  pending_.append(piece);
  run(out, /*final=*/false);
  return out;
}

ReasoningDelta ReasoningParser::flush() {
  ReasoningDelta out;
  run(out, /*final=*/true);
  return out;
}

void ReasoningParser::run(ReasoningDelta& out, bool final) {
  for (;;) {
    std::string_view p = pending_;
    switch (state_) {
      case State::Start:
      case State::ReasoningStart: {
        // Is the output (so far) a prefix of "<think>", or does it start with it?
        const size_t n = std::min(p.size(), kOpen.size());
        if (p.substr(0, n) == kOpen.substr(0, n)) {
          if (p.size() < kOpen.size()) {
            if (!final) return;  // undecided: wait for more bytes
          } else {
            pending_.erase(0, kOpen.size());
            state_ = State::Reasoning;
            continue;
          }
        }
        state_ = state_ == State::Start ? State::Content : State::Reasoning;
        continue;
      }
      case State::Reasoning: {
        size_t pos = p.find(kClose);
        if (pos != std::string_view::npos) {
          out.reasoning.append(p.substr(0, pos));
          pending_.erase(0, pos + kClose.size());
          state_ = State::Content;
          saw_close_ = true;
          continue;
        }
        size_t hold = final ? 0 : partial_tag_suffix(p, kClose);
        out.reasoning.append(p.substr(0, p.size() - hold));
        pending_.erase(0, p.size() - hold);
        return;
      }
      case State::Content:
        out.content.append(pending_);
        pending_.clear();
        return;
    }
  }
}

ReasoningDelta split_reasoning(std::string_view text, bool starts_in_reasoning) {
  ReasoningParser p(starts_in_reasoning);
  ReasoningDelta a = p.feed(text);
  ReasoningDelta b = p.flush();
  a.reasoning += b.reasoning;
  a.content += b.content;
  return a;
}

bool prompt_opens_reasoning(std::string_view prompt) {
  if (!prompt.empty() && prompt.back() == '\n') prompt.remove_suffix(1);
  return prompt.size() >= kOpen.size() && prompt.substr(prompt.size() - kOpen.size()) == kOpen;
}

}  // namespace dseek
