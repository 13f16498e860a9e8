// fuzz_chat.cpp — libFuzzer target for the chat-template renderers, template
// detection and the streaming reasoning parser. Input byte 0 picks the mode;
// the rest is JSON messages (renderers), Jinja source (detection) or model
// output (reasoning). Only dseek::Error may escape the library; the streaming
// parser must agree with the one-shot split for any chunking.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/check.h"
#include "io/chat_template.h"
#include "io/reasoning.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (mode % 3) {
    case 0: {
      nlohmann::json j = nlohmann::json::parse(rest.begin(), rest.end(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) return 0;
      for (auto kind : {dseek::ChatTemplateKind::DeepSeekV3, dseek::ChatTemplateKind::DeepSeekR1}) {
        dseek::RenderOptions o;
        o.add_generation_prompt = (mode & 4) != 0;
        o.r1_generation_opens_think = (mode & 8) != 0;
        try {
          std::string s = dseek::render_chat(kind, j, o);
          if (s.size() < o.bos_token.size()) std::abort();
        } catch (const dseek::Error&) {
        }
      }
      break;
    }
    case 1: {
      (void)dseek::detect_chat_template_info(std::string(rest));
      break;
    }
    case 2: {
      const bool sir = (mode & 4) != 0;
      dseek::ReasoningDelta whole = dseek::split_reasoning(rest, sir);
      // Chunk sizes come from the text itself (1..16 bytes).
      dseek::ReasoningParser p(sir);
      dseek::ReasoningDelta acc;
      size_t i = 0;
      while (i < rest.size()) {
        size_t n = 1 + (static_cast<uint8_t>(rest[i]) * 7u + i) % 16;
        if (n > rest.size() - i) n = rest.size() - i;
        dseek::ReasoningDelta d = p.feed(rest.substr(i, n));
        acc.reasoning += d.reasoning;
        acc.content += d.content;
        i += n;
      }
      dseek::ReasoningDelta d = p.flush();
      acc.reasoning += d.reasoning;
      acc.content += d.content;
      if (!(acc == whole)) std::abort();
      if (whole.reasoning.size() + whole.content.size() > rest.size()) std::abort();
      break;
    }
  }
  return 0;
}
