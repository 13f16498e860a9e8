// cuda_model.h — DeepSeek-V2/V3 inference on an NVIDIA GPU (public API; no
// CUDA headers). The weights are uploaded once in their stored dtype (F32,
// BF16, or FP8 E4M3 + 128x128 block scales); activations are fp32; the
// compressed latent cache (c_kv + k_pe per token and layer) lives in pages of
// 64 tokens shared by all sequences. One forward call runs a batch of
// segments (rows of several sequences: prefill chunks and decode tokens mixed)
// with the same semantics as model/forward.cpp's cached path.
// What it is not: a scheduler (the caller batches), a sampler beyond greedy,
// or available in builds without CUDA (cuda_built() says; every entry point
// then throws a clear error).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/dtype.h"
#include "model/model.h"
#include "runtime/sequence.h"

namespace dseek {

bool cuda_built();                // compiled with the CUDA backend
int cuda_device_count();          // 0 when not built or no usable GPU
std::string cuda_device_name(int device);

struct CudaModelOptions {
  int device = 0;
  std::vector<int> devices;        // 2+ GPUs: expert parallelism over them (routed experts split evenly,
                                   // attention replicated, NCCL all-reduce after each MoE layer; needs NCCL)
  int64_t max_step_tokens = 1024;  // rows per forward call (longer prompts: chunk them)
  int max_seqs = 64;               // sequences alive at once
  int64_t cache_tokens = 65536;    // latent-cache slots shared by all sequences (rounded up to 64)
  bool cache_bf16 = true;          // BF16 latent cache (as FlashMLA); false: fp32 (exact vs the CPU path)
  bool prefill_cublas = true;      // rows > 8: cuBLAS GEMMs (BF16 tensor cores; F32 weights in fp32)
  bool fp8_cublaslt = true;        // FP8 prefill GEMMs through cuBLASLt block scaling (else dequantise + BF16)
  bool cuda_graphs = true;         // decode steps (<= 8 sequences, one row each) replay captured graphs
  int moe_gemm_min_tokens = 32;    // from this many rows, routed experts run as per-expert cuBLAS GEMMs
                                   // (one host sync per MoE layer; decode never does)
  int moe_gemm_fp8_rows_per_expert = 16;  // FP8 experts (dequantised per call) also need this many rows per
                                          // expert on average; below it the grouped GEMV streams FP8 directly
  bool progress = false;           // upload progress bar
  bool profile = false;            // time each stage with events (forward_greedy; disables graphs)
};

// Rows [row0, row0 + rows) of a forward call belong to sequence `seq`.
struct CudaSegment {
  int seq = 0;
  int64_t rows = 0;
};

struct CudaStats {
  size_t weight_bytes = 0, cache_bytes = 0, scratch_bytes = 0;
  std::string device;
};

class CudaModel {
 public:
  // Uploads a loaded model (its mmap'd weights may be released afterwards).
  static std::unique_ptr<CudaModel> create(const Model& m, const CudaModelOptions& opt = {});
  // Random weights (uniform, std 0.02-ish) generated on the device for a config:
  // benchmark presets too large to write as files. dtype: F32 | BF16 | F8_E4M3
  // (embedding, router, norms and lm_head stay BF16/F32 as in DeepSeek's FP8 checkpoints).
  static std::unique_ptr<CudaModel> create_random(const ModelConfig& cfg, DType dtype, uint64_t seed,
                                                  const CudaModelOptions& opt = {});
  virtual ~CudaModel() = default;

  virtual const ModelConfig& config() const = 0;
  virtual CudaStats stats() const = 0;
  virtual bool has_mtp() const = 0;
  virtual int64_t max_step_tokens() const = 0;

  // Sequences: ids are small integers; lengths are per cache layer group
  // (main layers; MTP layer d at index num_hidden_layers + d).
  virtual int new_sequence() = 0;  // throws when max_seqs are alive
  virtual void free_sequence(int seq) = 0;
  virtual int64_t length(int seq, int64_t layer = 0) const = 0;
  virtual void truncate(int seq, int64_t n) = 0;  // every layer to min(length, n)
  virtual size_t cache_bytes(int seq) const = 0;  // device memory of the pages the sequence holds

  // Appends tokens to the segments' sequences and returns logits: all rows
  // ([T, vocab]) or the last row of each segment; `hidden` (when non-null) gets
  // every row's final-norm hidden state [T, hidden] (the MTP module's input).
  virtual std::vector<float> forward(std::span<const int32_t> tokens, std::span<const CudaSegment> segs,
                                     bool all_logits, std::vector<float>* hidden = nullptr) = 0;
  // MTP module `depth`: rows as in mtp_forward (model.h), appended to the MTP
  // layer's cache of each segment's sequence; hidden [T, hidden] on the host.
  virtual std::vector<float> mtp_forward(int depth, std::span<const int32_t> next_tokens, const float* hidden,
                                         std::span<const CudaSegment> segs, bool all_logits) = 0;
  // Greedy next token of each segment's last row (arg-max on the device; only
  // the ids come back). The decode loop of benchmarks.
  virtual std::vector<int32_t> forward_greedy(std::span<const int32_t> tokens, std::span<const CudaSegment> segs) = 0;
  virtual void synchronize() = 0;
  // opt.profile: milliseconds per stage name, summed over the calls so far.
  virtual std::vector<std::pair<std::string, double>> profile() const = 0;
};

// One sequence of a CudaModel as the generator's SequenceModel (runtime/sequence.h);
// the sequence slot is freed with it. Longer steps are cut into max_step_tokens chunks.
std::unique_ptr<SequenceModel> cuda_sequence(CudaModel& cm);

}  // namespace dseek
