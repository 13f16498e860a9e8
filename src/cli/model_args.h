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
#include "backend/cuda/cuda_model.h"
#include "io/tokenizer.h"
#include "model/model.h"

namespace dseek::cli {

struct ModelArgs {
  std::string model_dir;
  int threads = 0;
  bool reference = false;  // plain reference ops (slow; the oracle)
  bool bf16_activations = false;  // --bf16-activations (CpuBackendOptions)
  bool no_prefetch = false;
  std::string memory = "auto";  // auto | ram | mmap: where the weights live (WeightMemory)
  std::string device = "cpu";  // cpu | cuda
  int gpu = 0;                 // CUDA device index
  std::string gpus;            // --gpus 0,1: expert parallelism over these GPUs (CUDA)

  void add_to(CLI::App* cmd, bool model_required = true);
  std::unique_ptr<Backend> backend() const;
  bool cuda() const { return device == "cuda"; }
  // --bf16-activations and a CPU run that can do it (fast backend, avx512 ISA with avx512_bf16).
  bool bf16x() const;
  WeightMemory weight_memory() const;  // --memory, with auto = mmap when the weights go to a GPU
  // CUDA options of --gpu / --gpus (devices: the --gpus list, empty for one GPU).
  CudaModelOptions cuda_options() const;
};

// What runs a loaded model: a CPU backend, or the model uploaded to a GPU.
struct Runner {
  std::unique_ptr<Backend> be;      // always (the CPU side: tokenizer-free helpers, CPU runs)
  std::unique_ptr<CudaModel> cuda;  // --device cuda
  // A fresh sequence (its own latent cache) for up to `capacity` tokens.
  std::unique_ptr<SequenceModel> sequence(const Model& m, int64_t capacity) const;
  std::string name() const;
};
Runner make_runner(const ModelArgs& a, const Model& m);

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
  ModelArgs args;                  // as resolved by open_intent_model (threads, activations)
  intent::ClassifierOptions opts;
};
// Another classifier on im's weights with its own one-thread backend: for classifying several
// messages at once (the model and tokenizer are shared read-only; im must outlive it).
struct IntentWorker {
  std::unique_ptr<Backend> be;
  std::unique_ptr<intent::Classifier> clf;
};
IntentWorker intent_worker(const IntentModel& im);
// Loads a.model_dir (no prefetch; a small FP8 model gets exact F32 copies of
// its weights, which beats decoding FP8 per call) and builds the classifier.
// Models with fewer active parameters per token than kIntentOneThreadBelow run
// on one thread unless --threads / DSEEK_THREADS say otherwise.
inline constexpr int64_t kIntentOneThreadBelow = int64_t(16) << 20;
std::unique_ptr<IntentModel> open_intent_model(ModelArgs a, const intent::ClassifierOptions& co = {});

// The embedded intent model: env DSEEK_INTENT_MODEL, else models/dseek-intent
// next to the binary's parent directory, else in the source tree. "" if none.
std::string find_default_intent_model();

// "0,17,42" -> token ids (non-negative int32; clear error otherwise). For --tokens options.
std::vector<int32_t> parse_token_list(const std::string& s);
// --gpus "0,1,...": the GPUs of an expert-parallel model (at least 2; one GPU is --gpu N).
std::vector<int> parse_gpu_list(const std::string& gpus);

}  // namespace dseek::cli
