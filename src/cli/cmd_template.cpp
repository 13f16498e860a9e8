// cmd_template.cpp — `dseek template`: render a chat conversation into the
// exact prompt text the model sees (native DeepSeek-V3 / R1 templates).
// What it is not: a tokenizer; it prints text, not token ids.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "core/check.h"
#include "io/chat_template.h"

namespace dseek::cli {
namespace {

struct TemplateArgs {
  std::string model_dir;
  std::string template_name;
  std::string messages = "-";
  bool add_generation_prompt = false;
};

std::string read_all(const std::string& path) {
  constexpr size_t kMax = 256u << 20;
  std::string text;
  auto slurp = [&](std::istream& in) {
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      text.append(buf, static_cast<size_t>(in.gcount()));
      DSEEK_CHECK(text.size() <= kMax, "{}: larger than {} bytes", path, kMax);
    }
  };
  if (path == "-") {
    slurp(std::cin);
  } else {
    std::ifstream f(path, std::ios::binary);
    DSEEK_CHECK(f.good(), "cannot open {}", path);
    slurp(f);
  }
  return text;
}

void run(const TemplateArgs& a) {
  DSEEK_CHECK(a.model_dir.empty() != a.template_name.empty(),
              "pass exactly one of -m MODEL_DIR or --template deepseek-v3|deepseek-r1");
  ChatTemplateKind kind;
  RenderOptions opts;
  if (!a.model_dir.empty()) {
    LoadedChatTemplate t = load_chat_template(a.model_dir);
    kind = t.info.kind;
    opts = render_options_for(t, a.add_generation_prompt);
  } else {
    kind = parse_chat_template_name(a.template_name);
    opts.add_generation_prompt = a.add_generation_prompt;
  }
  const std::string text = read_all(a.messages);
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  DSEEK_CHECK(!doc.is_discarded(), "{}: not valid JSON", a.messages == "-" ? "stdin" : a.messages);
  // Accept a bare message array or an OpenAI request body {"messages": [...]}.
  if (doc.is_object()) {
    DSEEK_CHECK(doc.contains("messages"), "{}: JSON object without 'messages'", a.messages);
    doc = doc["messages"];
  }
  const std::string prompt = render_chat(kind, doc, opts);
  std::fwrite(prompt.data(), 1, prompt.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

void add_template_command(CLI::App& app) {
  auto args = std::make_shared<TemplateArgs>();
  CLI::App* cmd = app.add_subcommand("template", "Render chat messages (JSON) into the model's prompt text");
  cmd->add_option("-m,--model", args->model_dir, "model dir; its tokenizer_config.json picks the template");
  cmd->add_option("--template", args->template_name, "deepseek-v3 | deepseek-r1 (instead of -m)");
  cmd->add_option("--messages", args->messages, "JSON file with a message array or {\"messages\": [...]}; - = stdin")
      ->capture_default_str();
  cmd->add_flag("--add-generation-prompt", args->add_generation_prompt, "end with the assistant prompt");
  cmd->callback([args] { run(*args); });
}

}  // namespace dseek::cli
