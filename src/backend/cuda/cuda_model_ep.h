// cuda_model_ep.h — expert parallelism for CUDA inference (internal to the
// CUDA backend). An expert-parallel model is one CudaModel per GPU ("shard"):
// each holds the whole attention, dense MLPs, embedding, head and latent cache
// (replicated: every GPU runs every token through them), the routed experts of
// its slice of every MoE layer, and GPU 0 the shared experts too; after each
// MoE layer the shards' partial outputs are summed with an NCCL all-reduce, so
// every shard continues with the same hidden state. One process drives all
// GPUs, one host thread per GPU.
// What it is not: tensor parallelism (attention is not split), or a multi-node
// launcher (one process, the GPUs of one host).
#pragma once

#include <functional>
#include <memory>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_weights.h"

namespace dseek::cuda {

struct EpShard {
  int rank = 0, world = 1;
  ExpertSlice slice;  // the experts this GPU holds
  // world > 1: in place, every shard's data [n] summed, on stream s — NCCL's all-reduce
  // (make_expert_parallel), or a test's stand-in (not capturable in a graph: cuda_graphs off).
  std::function<void(float* data, size_t n, cudaStream_t s)> all_reduce;
};

// One GPU's part (cuda_model.cpp): weights from `m` when given, else random
// (cfg, dtype, seed) as CudaModel::create_random.
std::unique_ptr<CudaModel> make_shard(const ModelConfig& cfg, const Model* m, DType dtype, uint64_t seed,
                                      const CudaModelOptions& opt, const EpShard& ep);

// The expert-parallel model over opt.devices (cuda_model_ep.cpp).
std::unique_ptr<CudaModel> make_expert_parallel(const ModelConfig& cfg, const Model* m, DType dtype, uint64_t seed,
                                                const CudaModelOptions& opt);

}  // namespace dseek::cuda
