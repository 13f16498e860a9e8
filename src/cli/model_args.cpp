// model_args.cpp — see model_args.h.
#include "cli/model_args.h"

#include <cstdio>
#include <filesystem>

#include "core/check.h"
#include "model/layout.h"

namespace dseek::cli {

std::unique_ptr<IntentModel> open_intent_model(ModelArgs a, const intent::ClassifierOptions& co) {
  a.no_prefetch = true;  // small models: page faults are cheap
  auto im = std::make_unique<IntentModel>(IntentModel{load_for_cli(a, true), a.backend(), nullptr});
  if (im->lm.model.cfg.quant.fp8 && count_params(im->lm.model.cfg).total_params < (int64_t(64) << 20))
    dequantize_fp8_weights(im->lm.model);
  im->clf = std::make_unique<intent::Classifier>(im->lm.model, *im->lm.tokenizer, *im->be, co);
  return im;
}

std::string find_default_intent_model() {
  namespace fs = std::filesystem;
  if (const char* e = std::getenv("DSEEK_INTENT_MODEL"); e && *e) return e;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(exe.parent_path().parent_path() / "models/dseek-intent/config.json"))
    return (exe.parent_path().parent_path() / "models/dseek-intent").string();
#ifdef DSEEK_SOURCE_DIR
  const fs::path src = fs::path(DSEEK_SOURCE_DIR) / "models/dseek-intent";
  if (fs::exists(src / "config.json")) return src.string();
#endif
  return "";
}

void ModelArgs::add_to(CLI::App* cmd, bool model_required) {
  auto* m = cmd->add_option("-m,--model", model_dir, "Model directory (config.json, *.safetensors, tokenizer.json)");
  if (model_required) m->required();
  cmd->add_option("--threads", threads, "CPU threads (default: all available; env DSEEK_THREADS)");
  cmd->add_flag("--reference", reference, "Use the plain reference kernels (slow; for checking)");
  cmd->add_flag("--no-prefetch", no_prefetch, "Do not pre-read the weights at start-up");
}

std::unique_ptr<Backend> ModelArgs::backend() const {
  DSEEK_CHECK(threads >= 0 && threads <= 1024, "--threads: expected 0..1024, got {}", threads);
  return make_cpu_backend({.reference = reference, .threads = threads});
}

LoadedModel load_for_cli(const ModelArgs& a, bool need_tokenizer) {
  namespace fs = std::filesystem;
  LoadedModel lm{load_model(a.model_dir), std::nullopt};
  if (fs::exists(fs::path(a.model_dir) / "tokenizer.json")) {
    lm.tokenizer.emplace(Tokenizer::load(a.model_dir));
  } else {
    DSEEK_CHECK(!need_tokenizer, "no tokenizer.json in '{}' (this command needs one)", a.model_dir);
  }
  if (!a.no_prefetch) prefetch_weights(lm.model, true);
  return lm;
}

}  // namespace dseek::cli
