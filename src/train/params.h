// params.h — trainable parameters of a DeepSeek-V2/V3 model in FP32 (master
// weights), one ParamTensor per checkpoint tensor (names and shapes from
// model/layout.h), with gradient and AdamW moment buffers.
// What it is not: the optimizer (train/optim.*), the math (train/model_grad.*)
// or checkpoint I/O (train/checkpoint.*).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/config.h"
#include "model/layout.h"

namespace dseek::train {

struct ParamTensor {
  std::string name;            // HF checkpoint name, e.g. model.layers.3.self_attn.q_a_proj.weight
  std::vector<int64_t> shape;  // as in the checkpoint
  TensorRole role = TensorRole::Linear;
  std::vector<float> w;        // master weights (FP32)
  std::vector<float> g;        // gradient accumulator (same size), zeroed by zero_grad()
  std::vector<float> m, v;     // AdamW moments (allocated by the optimizer)
  bool trainable = true;       // false for e_score_correction_bias (updated by the balance rule)
  int64_t numel() const { return int64_t(w.size()); }
};

struct TrainParams {
  ModelConfig cfg;
  std::vector<ParamTensor> tensors;          // checkpoint_layout order
  std::map<std::string, size_t> index;       // name -> position in tensors

  ParamTensor& at(const std::string& name);  // throws dseek::Error when absent
  const ParamTensor& at(const std::string& name) const;
  bool has(const std::string& name) const { return index.count(name) != 0; }
  void zero_grad();
  int64_t numel() const;
};

// Random init as DeepSeek-V3: N(0, init_std²) for matrices, 1 for norms, 0 for
// the correction bias; deterministic in `seed`.
TrainParams init_params(const ModelConfig& cfg, uint64_t seed, float init_std = 0.006f);

}  // namespace dseek::train
