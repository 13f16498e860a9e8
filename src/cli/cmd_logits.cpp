// cmd_logits.cpp — placeholder.
#include "cli/commands.h"
namespace dseek::cli {
void add_logits_command(CLI::App&) {}
void add_inspect_command(CLI::App&) {}
}  // namespace dseek::cli
