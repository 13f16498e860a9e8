// cmd_serve.h — `dseek serve`: the OpenAI-compatible HTTP server.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

namespace dseek::cli {

void add_serve_command(CLI::App& app);  // cmd_serve.cpp

// "1MB", "512K", "2g", "1048576" -> bytes (binary units). Throws dseek::Error.
size_t parse_byte_size(const std::string& s);

}  // namespace dseek::cli
