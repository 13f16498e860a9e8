// reasoning.h — splits DeepSeek-R1 style output into reasoning and content.
// What it is: a streaming parser fed decoded text pieces in order; it separates
// the text inside <think>…</think> (reasoning) from the rest (content), holding
// back a possible partial tag at the end of a piece until the next piece or
// flush() decides it. Bytes are passed through unchanged (no trimming).
// What it is not: a tokenizer-level parser, or a tool-call parser.
//
// Rules (close to vLLM's deepseek_r1 reasoning parser):
//  * starts_in_reasoning (the prompt ended with "<think>\n", as the Feb-2025 R1
//    template does): everything up to the first "</think>" is reasoning. A
//    "<think>" that the model repeats at the very start is dropped.
//  * otherwise: a "<think>" at the very start of the output opens reasoning;
//    output that does not start with "<think>" is all content.
//  * after the first "</think>" everything is content, tags included.
//  * output that ends inside reasoning stays reasoning (no content).
#pragma once

#include <string>
#include <string_view>

namespace dseek {

struct ReasoningDelta {
  std::string reasoning;
  std::string content;
  bool operator==(const ReasoningDelta&) const = default;
};

class ReasoningParser {
 public:
  explicit ReasoningParser(bool starts_in_reasoning = false);

  // Feeds the next decoded piece; returns what can be attributed now.
  ReasoningDelta feed(std::string_view piece);
  // End of stream: releases held-back bytes.
  ReasoningDelta flush();

  bool in_reasoning() const { return state_ == State::Reasoning || state_ == State::ReasoningStart; }
  bool reasoning_done() const { return state_ == State::Content && saw_close_; }

 private:
  enum class State { Start, ReasoningStart, Reasoning, Content };
  void run(ReasoningDelta& out, bool final);

  State state_;
  bool saw_close_ = false;
  std::string pending_;  // bytes not yet attributed (a possible partial tag)
};

// Non-streaming: the same rules over a whole text.
ReasoningDelta split_reasoning(std::string_view text, bool starts_in_reasoning);

// True when a rendered prompt leaves the model inside a think block (it ends
// with "<think>" optionally followed by a newline).
bool prompt_opens_reasoning(std::string_view prompt);

}  // namespace dseek
