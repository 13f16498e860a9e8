// model_grad.h — the DeepSeek-V2/V3 training loss and its gradient, computed
// with explicit per-op backward passes (train/ops_grad.h, attn_grad.h,
// moe_grad.h) on the FP32 master weights of TrainParams.
//   loss = CE_main + mtp_lambda · CE_mtp + aux
// CE_main: mean cross-entropy of lm_head(norm(h)) over positions whose target
// is not −1. CE_mtp (DeepSeek-V3 §2.2, depth 1): row i computes
//   h'_i = eh_proj([enorm(embed(tokens[i+1])) ; hnorm(h_i)])
// (h_i = main hidden after the final norm; embed_tokens is shared with the
// main model), one decoder layer with model.layers.{N}.* weights (same
// positions/segments as the main model), shared_head.norm, then
// shared_head.head — a SEPARATE tensor, like the official checkpoints (the
// paper shares the output head; init_params should initialise it equal to
// lm_head). Its target is targets[i+1] when i+1 is in the same segment, else
// −1 (batch.h); the mean is over counted MTP targets. aux: the sequence-wise
// balance loss (moe_grad.h) of every MoE layer (main and MTP), summed.
// Gradients are ACCUMULATED into TrainParams.tensors[i].g (gradient
// accumulation = repeated calls; each call's loss is a mean over its own
// counted tokens). e_score_correction_bias gets no gradient (selection only).
// What it is not: the optimizer, the bias-update rule, or the data loader.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "train/batch.h"
#include "train/ops_grad.h"
#include "train/params.h"

namespace dseek::train {

struct LossOptions {
  float mtp_lambda = 0.3f;      // weight of the MTP loss
  int mtp_depth = 1;            // 0: no MTP; 1: the first MTP module (only depth 1 is supported)
  float seq_aux_alpha = 1e-4f;  // α of the sequence-wise balance loss; 0 disables it
};

struct StepStats {
  double loss = 0, main_loss = 0, mtp_loss = 0, aux_loss = 0;  // loss = main + λ·mtp + aux
  int64_t tokens = 0;       // counted main-model targets
  int64_t mtp_tokens = 0;   // counted MTP targets
  // Indexed by layer (0..num_hidden_layers-1 main model, then the MTP layer
  // when it ran); tokens routed per expert, empty for dense layers.
  std::vector<std::vector<int64_t>> expert_load;
};

// The parameters as the templated math sees them: tensor i of TrainParams
// (same order, same names via `index`), weights and optional gradients.
template <class S>
struct ParamSetView {
  const ModelConfig* cfg = nullptr;
  const std::map<std::string, size_t>* index = nullptr;
  std::vector<PRef<S>> tensors;
};
// with_grad: gradients point at p.tensors[i].g (resized to numel if empty).
ParamSetView<float> make_param_view(TrainParams& p, bool with_grad);
ParamSetView<float> make_param_view(const TrainParams& p);  // forward only

// The templated core (float for training; double for gradient checks).
// backward=false skips all gradient work.
template <class S>
StepStats model_loss(const GradContext& ctx, const ParamSetView<S>& p, const Batch& b, const LossOptions& o,
                     bool backward);

// Throws dseek::Error unless b is a well-formed batch: sizes, loss weights, the shared prefix
// being exactly each row's first segment, and (vocab > 0) token ids in [0, vocab) and targets in
// [-1, vocab). Shared by the CPU reference and devices (train/device.h).
void check_batch(const Batch& b, int64_t vocab = 0);

// Total loss and gradient accumulation into p.tensors[i].g.
StepStats forward_backward(TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx = {});
// Forward only (evaluation, finite differences): the total loss.
float loss_only(const TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx = {});
// Forward only, all components.
StepStats loss_stats(const TrainParams& p, const Batch& b, const LossOptions& o, const GradContext& ctx = {});

}  // namespace dseek::train
