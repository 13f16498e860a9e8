// cmd_train.h — `dseek train` (training loop), `dseek train data` (text ->
// token shards) and `dseek train plot` (log -> SVG). Registered from main.cpp.
#pragma once

#include <CLI/CLI.hpp>

namespace dseek::cli {

void add_train_command(CLI::App& app);  // cmd_train.cpp

}  // namespace dseek::cli
