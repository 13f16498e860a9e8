// cmd_template.cpp — placeholder until chat templates land (owned by the chat-template work).
#include "cli/commands.h"

namespace dseek::cli {
void add_template_command(CLI::App&) {}
}  // namespace dseek::cli
