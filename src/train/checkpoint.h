// checkpoint.h — saving and loading trained models and training state.
//
// A model directory is a Hugging Face checkpoint that `dseek run -m DIR`
// (model/load) and transformers read: config.json (io/config to_json) +
// model.safetensors (BF16 or F32; e_score_correction_bias always F32; MTP
// modules as model.layers.{N+d}.*), plus tokenizer files when given.
// A training checkpoint is a model directory plus
//   train_state.safetensors  exp_avg.<name>, exp_avg_sq.<name> (F32), and
//                            master.<name> (F32 master weights) unless the
//                            model itself was saved in F32
//   train_state.json         step, optimizer/guard counters, data cursor,
//                            seed, LR schedule and the run's options
// Layout on disk: OUT/step-00000100/ ... and OUT/latest (text: the step
// directory's name). Every file is written to a temp name, fsynced and
// renamed; a step directory is built as step-N.tmp and renamed into place
// before `latest` is replaced, so a crash leaves the previous checkpoint usable.
// What it is not: the trainer loop (train/trainer.*), sharded (multi-file) writes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dtype.h"
#include "train/data.h"
#include "train/params.h"

namespace dseek::train {

struct SaveModelOptions {
  DType dtype = DType::BF16;   // BF16 or F32 (bias tensors are always F32)
  bool fp8 = false;            // projection weights (TensorRole::Linear) as DeepSeek's FP8: E4M3 + a
                               // float32 weight_scale_inv per 128x128 block; config gets quantization_config
  std::string tokenizer_dir = {};  // copy tokenizer.json / tokenizer_config.json from here when set;
                               // "bytes": write the byte-level tokenizer (data.h byte_tokenizer_json)
  bool progress = false;
};

// config.json + model.safetensors (+ tokenizer files) into `dir` (created).
void save_model(const TrainParams& p, const std::string& dir, const SaveModelOptions& opt);

struct LoadParamsOptions {
  bool allow_missing_mtp = true;  // MTP tensors absent from the checkpoint get a fresh init
  uint64_t seed = 0;              // for those fresh tensors
  bool progress = false;
};

// An HF checkpoint directory -> FP32 TrainParams (BF16/F16/F32/F64 converted,
// FP8 block-dequantised). Every non-MTP tensor of the layout must be present.
// `missing` (optional) receives the names that were freshly initialised.
TrainParams load_params(const std::string& dir, const LoadParamsOptions& opt = {},
                        std::vector<std::string>* missing = nullptr);

struct TrainState {
  int64_t step = 0;          // optimizer steps taken (applied + skipped)
  int64_t adam_steps = 0;    // AdamW bias-correction t
  int64_t skipped = 0;       // updates skipped by the guard
  int64_t tokens = 0;        // training tokens consumed
  double spike_ema = 0;
  int64_t spike_seen = 0;
  LoaderState loader;
  uint64_t seed = 0;
  nlohmann::json info = nlohmann::json::object();  // options of the run (LR schedule, ...), informational
};

// Writes OUT/step-NNNNNNNN (model + state) and points OUT/latest at it.
// Returns the step directory.
std::string save_checkpoint(const std::string& out_dir, const TrainParams& p, const TrainState& st,
                            const SaveModelOptions& opt);

// `path`: a step directory, or an output directory holding `latest`.
// Returns the step directory, or "" when `path` holds no checkpoint.
std::string resolve_checkpoint(const std::string& path);

// Restores weights (bit-exact master copy), AdamW moments and the state.
TrainParams load_checkpoint(const std::string& step_dir, TrainState& st);

}  // namespace dseek::train
