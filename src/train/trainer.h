// trainer.h — the training loop: micro-batches from a PackedLoader, loss and
// gradients from train/model_grad (accumulated over grad_accum micro-batches,
// averaged), NaN/spike guard, global-norm clipping + AdamW, the
// auxiliary-loss-free expert-bias update, validation loss, JSONL log,
// progress bar and periodic checkpoints (resumable bit-for-bit). The math
// runs on the CPU reference or on a TrainDevice (set_device; e.g. CUDA).
// What it is not: the math (model_grad), the optimizer (optim), data prep
// (data), or the CLI (cli/cmd_train.cpp).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "train/balance.h"
#include "train/checkpoint.h"
#include "train/data.h"
#include "train/device.h"
#include "train/model_grad.h"
#include "train/optim.h"
#include "train/params.h"

namespace dseek {
class ThreadPool;
}

namespace dseek::train {

struct TrainOptions {
  int64_t steps = 100;       // optimizer steps in total (a resumed run continues up to it)
  int64_t stop_at = 0;       // > 0: this run stops after that step (the schedule still spans `steps`)
  int64_t batch = 4;         // rows per micro-batch
  int64_t seq = 128;         // tokens per row
  int64_t grad_accum = 1;    // micro-batches per optimizer step
  LrSchedule lr;             // .total is set to `steps` by the trainer
  AdamWOptions adam;
  LossOptions loss;
  BalanceOptions balance;
  SpikeGuardOptions spike;
  uint64_t seed = 0;
  std::string out_dir;       // checkpoints + log; "" = none
  int64_t save_every = 0;    // 0: only at the end (when out_dir is set)
  int64_t eval_every = 0;    // 0: never (needs a validation loader)
  int64_t eval_batches = 4;
  SaveModelOptions save;
  std::string log_path;      // "" = out_dir/train_log.jsonl (or none without out_dir)
  bool progress = true;
  bool writer = true;  // writes the log and checkpoints (false on ranks > 0 of a process group)
};

struct StepRecord {
  int64_t step = 0;          // 1-based number of this optimizer step
  float lr = 0;
  StepStats stats;           // losses averaged over the micro-batches; loads summed
  double grad_norm = 0;
  double seconds = 0;
  int64_t tokens = 0;        // input tokens processed (B·T·accum)
  bool skipped = false;
  std::string skip_reason;
  std::vector<LayerLoadStats> load;
};

class Trainer {
 public:
  Trainer(TrainParams params, TrainOptions opt, std::unique_ptr<PackedLoader> train,
          std::unique_ptr<PackedLoader> val = nullptr, ThreadPool* pool = nullptr);
  ~Trainer();

  // Runs the math on `dev` from now on (weights and moments are uploaded;
  // the host copy is refreshed when a checkpoint is written or params() asked).
  void set_device(std::unique_ptr<TrainDevice> dev);
  TrainDevice* device() { return dev_.get(); }

  // Loads a checkpoint (step directory or output directory with `latest`).
  void resume(const std::string& path);
  StepRecord step();                 // one optimizer step
  double evaluate();                 // mean loss over eval_batches from the start of the validation set
  std::string save();                // checkpoint into out_dir; returns the step directory
  void run();                        // steps until opt.steps, logging/eval/saving as configured

  TrainParams& params();            // the weights (fetched from the device when one is set)
  const TrainState& state();         // refreshed from the optimizer/loader
  const TrainOptions& options() const { return opt_; }

 private:
  void log(const nlohmann::json& j);
  StepStats micro_step(const Batch& b, bool backward);
  void sync_host();

  TrainParams p_;
  TrainOptions opt_;
  std::unique_ptr<PackedLoader> train_, val_;
  ThreadPool* pool_;
  AdamW adam_;
  SpikeGuard guard_;
  TrainState st_;
  std::FILE* log_ = nullptr;
  std::unique_ptr<TrainDevice> dev_;
  bool host_stale_ = false;  // the device holds newer weights than p_
};

// Model configs for training: "micro" (hidden 32, 2 layers, 4 experts, MTP 1,
// vocab 260 — fits byte-level data), the names of model/presets.h, or a path
// to a config.json / checkpoint directory.
ModelConfig training_model_config(const std::string& spec);
std::vector<std::string> training_preset_names();

}  // namespace dseek::train
