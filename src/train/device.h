// device.h — a training accelerator behind a small interface: it holds the
// FP32 master weights, gradients and AdamW moments of a TrainParams on its own
// memory and computes the same loss/gradient as train/model_grad.h, so the
// Trainer can run its loop there (the CUDA implementation lives in
// backend/cuda/cuda_train.h; the CPU reference needs no device).
// What it is not: a scheduler or a parallelism layer (one device, one process).
#pragma once

#include <string>
#include <vector>

#include "train/balance.h"
#include "train/batch.h"
#include "train/model_grad.h"
#include "train/optim.h"
#include "train/params.h"

namespace dseek::train {

class TrainDevice {
 public:
  virtual ~TrainDevice() = default;
  virtual std::string name() const = 0;
  // Weights and (where allocated) AdamW moments of every tensor; shapes must
  // be the ones the device was created for.
  virtual void upload(const TrainParams& p) = 0;
  virtual void upload_tensor(const TrainParams& p, const std::string& name) = 0;  // weights of one tensor
  // Weights and moments back into p (and the gradients when `grads`).
  virtual void download(TrainParams& p, bool grads) const = 0;
  // True when download() is a collective every rank of a process group must join (sharded optimizer
  // state is gathered); otherwise only the rank that writes checkpoints downloads.
  virtual bool download_is_collective() const { return false; }
  virtual void zero_grad() = 0;
  // model_loss(): accumulates gradients when `backward`.
  virtual StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) = 0;
  virtual double grad_norm(double scale) = 0;  // as AdamW::grad_norm
  virtual void adamw_update(const AdamStepArgs& a) = 0;  // one AdamW update of every trainable tensor
  virtual std::string memory_report() const { return {}; }
  // Returns once the work queued so far (the last update included) has finished: for timing. The
  // default is a gradient-norm pass, which every device runs after its queued work.
  virtual void synchronize() { (void)grad_norm(1.0); }
  // Data parallelism: a device made of `replicas()` GPUs runs that many
  // micro-batches at once (one each) and leaves the SUM of their gradients on
  // every replica, exactly as that many accumulated micro-batches would.
  virtual int replicas() const { return 1; }
  virtual std::vector<StepStats> forward_backward_many(const std::vector<Batch>& bs, const LossOptions& o,
                                                       bool backward) {
    std::vector<StepStats> out;
    for (const Batch& b : bs) out.push_back(forward_backward(b, o, backward));
    return out;
  }
};

}  // namespace dseek::train
