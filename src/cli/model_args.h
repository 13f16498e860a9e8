// model_args.h — options shared by the subcommands that run a model
// (run, chat, bench): model directory, threads, backend choice; and the
// loading of model + tokenizer with clear errors.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "apps/intent/classifier.h"
#include "backend/backend.h"
#include "io/tokenizer.h"
#include "model/model.h"

namespace dseek::cli {

struct ModelArgs {
  std::string model_dir;
  int threads = 0;
  bool reference = false;  // plain reference ops (slow; the oracle)
  bool no_prefetch = false;

  void add_to(CLI::App* cmd, bool model_required = true);
  std::unique_ptr<Backend> backend() const;
};

struct LoadedModel {
  Model model;
  std::optional<Tokenizer> tokenizer;  // when the directory has tokenizer.json
};

// Loads the model (and its tokenizer when present); prints a one-line summary to stderr.
LoadedModel load_for_cli(const ModelArgs& a, bool need_tokenizer);

// An intent classifier with its own model and backend (dseek intent, /v1/intent).
struct IntentModel {
  LoadedModel lm;
  std::unique_ptr<Backend> be;
  std::unique_ptr<intent::Classifier> clf;
};
// Loads a.model_dir (no prefetch; a small FP8 model gets exact F32 copies of
// its weights, which beats decoding FP8 per call) and builds the classifier.
std::unique_ptr<IntentModel> open_intent_model(ModelArgs a, const intent::ClassifierOptions& co = {});

// The embedded intent model: env DSEEK_INTENT_MODEL, else models/dseek-intent
// next to the binary's parent directory, else in the source tree. "" if none.
std::string find_default_intent_model();

}  // namespace dseek::cli
