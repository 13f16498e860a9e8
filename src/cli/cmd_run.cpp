// cmd_run.cpp — `dseek run` (one prompt, streamed to stdout, stats to stderr)
// and `dseek chat` (interactive terminal chat with the model's template;
// reasoning shown dimmed; /reset, /system; Ctrl-C stops a reply).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/model_args.h"
#include "core/check.h"
#include "io/chat_template.h"
#include "io/reasoning.h"
#include "runtime/generator.h"
#include "runtime/stop.h"

namespace dseek::cli {
namespace {

struct GenArgs {
  int n = 256;
  float temp = 0.7f, top_p = 1.0f, min_p = 0.0f, rep = 1.0f;
  int top_k = 0;
  uint64_t seed = 0;
  bool seed_set = false, mtp = false;
  std::vector<std::string> stop;

  void add_to(CLI::App* c) {
    c->add_option("-n,--max-tokens", n, "Tokens to generate")->capture_default_str();
    c->add_option("--temp", temp, "Temperature (0 = greedy)")->capture_default_str();
    c->add_option("--top-p", top_p, "Nucleus sampling mass")->capture_default_str();
    c->add_option("--top-k", top_k, "Keep the k most likely tokens (0 = off)")->capture_default_str();
    c->add_option("--min-p", min_p, "Drop tokens below min_p × p(max)")->capture_default_str();
    c->add_option("--repeat-penalty", rep, "Repetition penalty (1 = off)")->capture_default_str();
    c->add_option("--seed", seed, "Random seed (reproducible runs)")->each([this](const std::string&) { seed_set = true; });
    c->add_option("--stop", stop, "Stop string (repeatable)");
    c->add_flag("--mtp", mtp, "Speculative decoding with the model's MTP module");
  }
  GenerateParams params(const Tokenizer* tok) const {
    GenerateParams gp;
    gp.sampling.temperature = temp;
    gp.sampling.top_p = top_p;
    gp.sampling.top_k = top_k;
    gp.sampling.min_p = min_p;
    gp.sampling.repetition_penalty = rep;
    gp.sampling.max_tokens = n;
    gp.sampling.seed = seed_set ? seed : uint64_t(std::random_device{}()) << 32 | std::random_device{}();
    gp.mtp = mtp;
    if (tok && tok->eos_id()) gp.stop_token_ids.push_back(*tok->eos_id());
    return gp;
  }
};

std::atomic<bool> g_interrupt{false};
extern "C" void on_sigint(int) { g_interrupt = true; }

// Generates from `prompt`, streaming text through `sink`; returns the full text.
std::string stream_generate(const LoadedModel& lm, const Runner& rn, const std::vector<int32_t>& prompt,
                            const GenerateParams& gp, const std::vector<std::string>& stops,
                            const std::function<void(const std::string&)>& sink, GenerateStats* stats) {
  const Tokenizer& tok = *lm.tokenizer;
  StreamDecoder dec(tok, /*skip_special=*/true);
  StopParams sp;
  sp.stop = stops;
  sp.stop_token_ids = gp.stop_token_ids;
  StopMatcher stopper(sp);
  std::string all;
  g_interrupt = false;
  auto seq = rn.sequence(lm.model, int64_t(prompt.size()) + gp.sampling.max_tokens + 2);
  *stats = generate(*seq, prompt, gp, [&](int32_t t, const SampleResult&) {
    StopResult r = stopper.push_token(t, dec.push(t));
    all += r.text;
    sink(r.text);
    return !r.stopped && !g_interrupt.load();
  });
  if (!stopper.stopped()) {
    std::string tail = stopper.push(dec.flush()).text + stopper.flush();
    all += tail;
    sink(tail);
  }
  return all;
}

void print_stats(const GenerateStats& s) {
  std::fprintf(stderr, "\n[prompt %lld tok, %.1f tok/s | generated %lld tok, %.1f tok/s", (long long)s.prompt_tokens,
               s.prefill_seconds > 0 ? s.prompt_tokens / s.prefill_seconds : 0.0, (long long)s.generated,
               s.decode_seconds > 0 ? (s.generated - 1) / s.decode_seconds : 0.0);
  if (s.mtp_drafted)
    std::fprintf(stderr, " | MTP acceptance %.1f%% (%lld/%lld)", 100.0 * s.mtp_accepted / s.mtp_drafted,
                 (long long)s.mtp_accepted, (long long)s.mtp_drafted);
  std::fprintf(stderr, "]\n");
}

}  // namespace

void add_run_commands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("run", "Generate text from a prompt (streams to stdout, stats to stderr)");
    auto ma = std::make_shared<ModelArgs>();
    auto ga = std::make_shared<GenArgs>();
    auto prompt = std::make_shared<std::string>();
    auto system = std::make_shared<std::string>();
    auto chat = std::make_shared<bool>(false);
    auto tmpl = std::make_shared<std::string>();
    ma->add_to(cmd);
    ga->add_to(cmd);
    cmd->add_option("-p,--prompt", *prompt, "Prompt text")->required();
    cmd->add_flag("--chat", *chat, "Wrap the prompt in the model's chat template");
    cmd->add_option("--system", *system, "System prompt (with --chat)");
    cmd->add_option("--template", *tmpl, "Chat template: deepseek-v3 | deepseek-r1 (default: from tokenizer_config.json)");
    cmd->callback([=] {
      LoadedModel lm = load_for_cli(*ma, true);
      const Runner rn = make_runner(*ma, lm.model);
      std::string text = *prompt;
      std::vector<int32_t> ids;
      if (*chat) {
        nlohmann::json msgs = nlohmann::json::array();
        if (!system->empty()) msgs.push_back({{"role", "system"}, {"content", *system}});
        msgs.push_back({{"role", "user"}, {"content", text}});
        const ChatTemplateKind kind =
            tmpl->empty() ? load_chat_template_kind(ma->model_dir) : parse_chat_template_name(*tmpl);
        RenderOptions ro;
        ro.add_generation_prompt = true;
        ids = lm.tokenizer->encode(render_chat(kind, msgs, ro));  // template writes BOS text itself
      } else {
        ids = lm.tokenizer->bos_id() ? lm.tokenizer->encode_with_bos(text) : lm.tokenizer->encode(text);
      }
      std::signal(SIGINT, on_sigint);
      GenerateStats st;
      stream_generate(lm, rn, ids, ga->params(&*lm.tokenizer), ga->stop,
                      [](const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); std::fflush(stdout); },
                      &st);
      std::fputc('\n', stdout);
      print_stats(st);
    });
  }
  {
    auto* cmd = app.add_subcommand("chat", "Interactive chat in the terminal (/reset, /system TEXT, /quit; Ctrl-C stops a reply)");
    auto ma = std::make_shared<ModelArgs>();
    auto ga = std::make_shared<GenArgs>();
    auto tmpl = std::make_shared<std::string>();
    auto system = std::make_shared<std::string>();
    ma->add_to(cmd);
    ga->add_to(cmd);
    cmd->add_option("--system", *system, "System prompt");
    cmd->add_option("--template", *tmpl, "Chat template: deepseek-v3 | deepseek-r1 (default: from tokenizer_config.json)");
    cmd->callback([=] {
      LoadedModel lm = load_for_cli(*ma, true);
      const Runner rn = make_runner(*ma, lm.model);
      const ChatTemplateKind kind =
          tmpl->empty() ? load_chat_template_kind(ma->model_dir) : parse_chat_template_name(*tmpl);
      const bool tty = isatty(STDOUT_FILENO);
      std::string sys = *system;
      nlohmann::json history = nlohmann::json::array();
      std::signal(SIGINT, on_sigint);
      std::fprintf(stderr, "dseek chat — /reset, /system TEXT, /quit. Ctrl-C stops a reply.\n");
      std::string line;
      while (true) {
        std::fputs(tty ? "\033[1m> \033[0m" : "> ", stdout);
        std::fflush(stdout);
        g_interrupt = false;
        if (!std::getline(std::cin, line)) break;
        if (line == "/quit" || line == "/exit") break;
        if (line == "/reset") { history = nlohmann::json::array(); std::puts("(history cleared)"); continue; }
        if (line.rfind("/system", 0) == 0) {
          sys = line.size() > 8 ? line.substr(8) : "";
          history = nlohmann::json::array();
          std::puts("(system prompt set; history cleared)");
          continue;
        }
        if (line.empty()) continue;
        history.push_back({{"role", "user"}, {"content", line}});
        nlohmann::json msgs = nlohmann::json::array();
        if (!sys.empty()) msgs.push_back({{"role", "system"}, {"content", sys}});
        for (auto& m : history) msgs.push_back(m);
        RenderOptions ro;
        ro.add_generation_prompt = true;
        const std::string prompt = render_chat(kind, msgs, ro);
        ReasoningParser rp(prompt_opens_reasoning(prompt));
        GenerateStats st;
        std::string reply = stream_generate(
            lm, rn, lm.tokenizer->encode(prompt), ga->params(&*lm.tokenizer), ga->stop,
            [&](const std::string& s) {
              ReasoningDelta d = rp.feed(s);
              if (!d.reasoning.empty()) std::printf(tty ? "\033[2m%s\033[0m" : "%s", d.reasoning.c_str());
              std::fputs(d.content.c_str(), stdout);
              std::fflush(stdout);
            },
            &st);
        ReasoningDelta d = rp.flush();
        std::fputs(d.content.c_str(), stdout);
        std::fputc('\n', stdout);
        if (g_interrupt) std::fputs("(stopped)\n", stderr);
        history.push_back({{"role", "assistant"}, {"content", reply}});
      }
    });
  }
}

}  // namespace dseek::cli
