// cmd_tokenize.cpp — placeholder until the tokenizer lands (owned by the tokenizer work).
#include "cli/commands.h"

namespace dseek::cli {
void add_tokenize_commands(CLI::App&) {}
}  // namespace dseek::cli
