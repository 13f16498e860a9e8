// main.cpp — entry point of the `dseek` command-line tool.
#include <malloc.h>

#include <cstdio>
#include <exception>

#include "cli/cmd_serve.h"
#include "cli/cmd_train.h"
#include "cli/commands.h"
#include "core/check.h"

int main(int argc, char** argv) {
  // Keep freed blocks in the heap instead of returning them to the kernel:
  // training and prefill allocate and free the same large buffers every step,
  // and fresh mmap'd pages cost a page fault + zeroing each time (perf showed
  // ~30% of training time in the kernel and memset before this).
  mallopt(M_MMAP_MAX, 0);  // no mmap'd chunks at all (M_MMAP_THRESHOLD caps at 32 MB)
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  CLI::App app{"dseek — DeepSeek-V3/R1 inference, training and serving in C++"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "dseek 0.1.0");
  dseek::cli::add_logits_command(app);
  dseek::cli::add_inspect_command(app);
  dseek::cli::add_compare_command(app);
  dseek::cli::add_tokenize_commands(app);
  dseek::cli::add_template_command(app);
  dseek::cli::add_run_commands(app);
  dseek::cli::add_bench_command(app);
  dseek::cli::add_intent_command(app);
  dseek::cli::add_quantize_command(app);
  dseek::cli::add_train_command(app);
  dseek::cli::add_serve_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const dseek::Error& e) {
    std::fprintf(stderr, "dseek: error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dseek: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
