// commands.h — the subcommands of the `dseek` binary; each lives in its own
// cmd_*.cpp and adds itself to the CLI11 app. Callbacks throw dseek::Error on
// bad input; main() prints it on one line and exits 1.
#pragma once

#include <CLI/CLI.hpp>

namespace dseek::cli {

void add_logits_command(CLI::App& app);     // cmd_logits.cpp
void add_inspect_command(CLI::App& app);    // cmd_logits.cpp
void add_compare_command(CLI::App& app);    // cmd_logits.cpp: compare-npy
void add_tokenize_commands(CLI::App& app);  // cmd_tokenize.cpp: tokenize, detokenize, tokenizer train
void add_template_command(CLI::App& app);   // cmd_template.cpp: render chat templates
void add_run_commands(CLI::App& app);       // cmd_run.cpp: run, chat
void add_bench_command(CLI::App& app);      // cmd_bench.cpp: bench
void add_intent_command(CLI::App& app);     // cmd_intent.cpp: intent, intent eval, intent sft-data
void add_quantize_command(CLI::App& app);   // cmd_quantize.cpp: quantize

}  // namespace dseek::cli
