// cmd_quantize.cpp — `dseek quantize`: rewrite a checkpoint's weights in
// another dtype — DeepSeek's FP8 (E4M3 projection weights with a float32
// weight_scale_inv per 128×128 block; embeddings, heads, norms, router and
// biases stay BF16/F32), BF16 or F32. Tokenizer files are copied.
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "core/check.h"
#include "train/checkpoint.h"

namespace fs = std::filesystem;

namespace dseek::cli {

void add_quantize_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("quantize", "Convert a checkpoint's weights to FP8 (128x128 blocks), BF16 or F32");
  struct Args {
    std::string in, out, dtype = "fp8";
    bool no_progress = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("-m,--model", a->in, "Input model directory")->required();
  cmd->add_option("-o,--out", a->out, "Output directory (must differ from the input)")->required();
  cmd->add_option("--dtype", a->dtype, "fp8 | bf16 | f32")->capture_default_str();
  cmd->add_flag("--no-progress", a->no_progress, "No progress bar");
  cmd->callback([a] {
    DSEEK_CHECK(a->dtype == "fp8" || a->dtype == "bf16" || a->dtype == "f32",
                "--dtype: expected fp8, bf16 or f32, got '{}'", a->dtype);
    DSEEK_CHECK(!fs::exists(a->out) || !fs::equivalent(a->in, a->out), "--out must differ from the input directory");
    train::LoadParamsOptions lo;
    lo.progress = !a->no_progress;
    std::vector<std::string> missing;
    const train::TrainParams p = train::load_params(a->in, lo, &missing);
    DSEEK_CHECK(missing.empty(), "'{}' lacks {} tensors (first: {})", a->in, missing.size(),
                missing.empty() ? "" : missing[0]);
    train::SaveModelOptions so;
    so.dtype = a->dtype == "f32" ? DType::F32 : DType::BF16;
    so.fp8 = a->dtype == "fp8";
    so.tokenizer_dir = a->in;
    so.progress = !a->no_progress;
    train::save_model(p, a->out, so);
    uintmax_t bytes = 0;
    for (const auto& e : fs::directory_iterator(a->out))
      if (e.is_regular_file()) bytes += e.file_size();
    fmt::print("{} -> {} ({}, {:.2f} MB)\n", a->in, a->out, a->dtype, double(bytes) / 1e6);
  });
}

}  // namespace dseek::cli
