// cuda_train.h — training on an NVIDIA GPU (public API; no CUDA headers): a
// train::TrainDevice that keeps the FP32 master weights, gradients and AdamW
// moments on the GPU and computes DeepSeek-V2/V3's training loss (main CE +
// λ·MTP CE + sequence-wise balance loss) and its gradient with explicit
// backward passes, as train/model_grad.h does on the CPU.
// Precision: `bf16` runs every linear's three GEMMs (forward, data gradient,
// weight gradient) in BF16 on the tensor cores with fp32 accumulation; the
// router, norms, softmaxes, losses and the optimizer stay fp32; attention runs
// as flash attention (BF16 tensor cores, fp32 online softmax, no [T, T] scores;
// or, with flash_attention off, materialised scores with TF32 GEMMs). bf16 = false is fp32 throughout (the tests'
// exact comparison with the CPU reference). `fp8` adds DeepSeek's FP8 rounding.
// What it is not: tensor/pipeline parallelism, FP8 GEMMs (fp8 = numerics only), or available without CUDA
// (cuda_built() says; creation then throws a clear error).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "train/device.h"

namespace dseek {

struct CudaTrainOptions {
  int device = 0;
  // Data parallelism in this process: one replica per listed GPU, gradients summed
  // with NCCL all-reduce (loaded at run time). Empty or one entry: `device` alone.
  std::vector<int> devices;
  bool bf16 = true;            // BF16 GEMMs for the linears (else fp32)
  bool tf32_attention = true;  // TF32 attention GEMMs (else fp32); ignored (fp32) when bf16 is false
  // bf16 mode: flash-attention kernels (k_train_flash.cu) for head dims they support; off: the
  // materialised [B·H, T, T] scores (tf32_attention). Ignored when bf16 is false.
  bool flash_attention = true;
  // Routed experts' rows: kGrouped — experts sorted by load in 4 buckets, each padded to its
  // busiest (one batched GEMM per bucket); kUniform — every expert padded to the busiest expert's
  // load (one strided batch); kAuto — grouped for models with ≥ 16 experts of ≥ 2^19 weights per
  // projection, where the saved rows outweigh the extra launches. FP8 numerics always use uniform.
  enum class ExpertLayout { kAuto, kGrouped, kUniform };
  ExpertLayout expert_layout = ExpertLayout::kAuto;
  // FP8 numerics (DeepSeek-V3 §3.3; needs bf16): every projection's three GEMMs see E4M3-rounded
  // operands — activations per 1x128 tile, weights per 128x128 block, power-of-two scales — computed
  // on the BF16 tensor cores with fp32 accumulation. Embedding, output heads, router, norms,
  // attention and the optimizer stay BF16/fp32. Numerics only: not faster than bf16.
  bool fp8 = false;
  // AdamW moments stored in BF16 (DeepSeek-V3 §3.3): 4 bytes a parameter less and less optimizer
  // traffic; the values are those of train::AdamOptions::bf16_moments (moments rounded to BF16 after
  // each update), which must be on. One GPU only for now (not with ZeRO-1, several GPUs or processes).
  bool bf16_moments = false;
  // Data parallelism across processes (one GPU each; `mpirun -np N dseek train`, or one launch per
  // rank): this process is `rank` of `world`; gradients are summed with NCCL all-reduce and every
  // rank's step statistics all-gathered, so all ranks take identical steps. Rank 0 writes the NCCL
  // id to `rendezvous` (a fresh path on a file system all ranks see); the others wait for it up to
  // `timeout_s`, which also bounds every collective: a rank that dies makes the others fail with a
  // clear message instead of hanging. world > 1 excludes `devices`.
  int rank = 0, world = 1;
  // ZeRO-1 for data parallelism (either kind): gradients reduce-scattered instead of all-reduced,
  // each GPU keeps the AdamW moments of its 1/N slice of the parameters only and updates that slice,
  // then the fp32 weights are all-gathered. Same steps as the all-reduce, 8·(N−1)/N bytes/param less.
  bool zero1 = false;
  // Expert parallelism, on top of data parallelism (either kind): the routed experts of every MoE
  // layer are split evenly among the GPUs (n_routed_experts divisible by their number); each GPU
  // holds, trains and updates only its own experts (weights, gradients and AdamW moments: 1/N of
  // the expert bytes). In each MoE layer the GPUs all-gather their tokens' inputs and routing, run
  // their experts on every GPU's tokens, and reduce-scatter the outputs back (Megatron's "allgather"
  // token dispatcher; the backward mirrors it). Everything else is replicated and all-reduced as in
  // data parallelism; the same steps as data parallelism. Excludes zero1.
  bool expert_parallel = false;
  // How expert parallelism moves the tokens: kAllGather — every GPU's tokens to every GPU, outputs
  // reduce-scattered back (N·H per GPU each way: the cheaper one while GPUs < top-k); kAllToAll —
  // each choice sent only to the GPU of its expert and its output back (k·N·H·(n−1)/n, as DeepEP);
  // kAuto — all-gather below top-k GPUs, else all-to-all.
  enum class EpDispatch { kAuto, kAllGather, kAllToAll };
  EpDispatch ep_dispatch = EpDispatch::kAuto;
  std::string rendezvous;
  double timeout_s = 300;
};

std::unique_ptr<train::TrainDevice> make_cuda_train_device(const train::TrainParams& p, const CudaTrainOptions& o);

}  // namespace dseek
