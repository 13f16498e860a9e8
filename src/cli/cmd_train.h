// cmd_train.h — `dseek train` (training loop), `dseek train data` (text ->
// token shards), `dseek train plot` (log -> SVG) and `dseek train grads`. Registered from main.cpp.
#pragma once

#include <CLI/CLI.hpp>

namespace dseek::cli {

void add_train_command(CLI::App& app);         // cmd_train.cpp
void add_train_grads_command(CLI::App* train);  // cmd_train_grads.cpp: `dseek train grads`

}  // namespace dseek::cli
