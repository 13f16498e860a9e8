// cuda_train_impl.h — internals of the CUDA trainer shared by cuda_train.cpp
// (parameters, the step, the optimizer), cuda_train_layers.cpp (one decoder
// layer's MLA + MLP forward and backward), cuda_train_moe.cpp (its MoE
// block) and cuda_train_mtp.cpp (the MTP module): the parameter views, the
// per-call context, and the activations a layer keeps for its backward.
// Semantics: train/model_grad.cpp, attn_grad.cpp, moe_grad.cpp.
// What it is not: public API (cuda_train.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "backend/cuda/cuda_train.h"
#include "backend/cuda/pinned_stage.h"
#include "backend/cuda/train_gemm.h"
#include "backend/cuda/train_kernels.h"
#include "model/config.h"

namespace dseek::cu {

// Expert parallelism's collectives among the GPUs of the group, on a stream: NCCL over a
// communicator (make_nccl_collectives), or a test's stand-in. Every GPU calls them in the same order.
struct EpCollectives {
  // recv [world × bytes] = every GPU's send [bytes], in rank order.
  std::function<void(const void* send, void* recv, size_t bytes, cudaStream_t s)> all_gather;
  // recv [n] = Σ over the GPUs of chunk `rank` of their send [world × n].
  std::function<void(const float* send, float* recv, size_t n, cudaStream_t s)> reduce_scatter;
  // All-to-all of rows: send holds send_rows[d] rows for GPU d, consecutive in rank order; recv
  // gets recv_rows[s] rows from GPU s, in rank order. row_bytes per row.
  std::function<void(const void* send, const std::vector<int64_t>& send_rows, void* recv,
                     const std::vector<int64_t>& recv_rows, size_t row_bytes, cudaStream_t s)>
      all_to_all;
  // Blocks until the stream's work (collectives included) is done: a process group bounds it with
  // its timeout; empty: a plain synchronisation.
  std::function<void(const char* what)> wait;
};

struct NormW {
  const float* w = nullptr;
  float* g = nullptr;
};
struct MlpP {
  LinW gate, up, down;
  int64_t inter = 0;
};
struct LayerP {
  NormW in_norm, post_norm;
  bool q_lora = false;
  LinW q_proj, q_a, q_b, kv_a, kv_b, o;
  NormW q_a_ln, kv_a_ln;
  bool moe = false;
  MlpP mlp;
  LinW gate;                    // router [E, hidden]: always fp32
  const float* bias = nullptr;  // e_score_correction_bias [E] or null
  std::vector<MlpP> experts;    // [E]; expert parallelism: null pointers outside [e_lo, e_hi)
  int64_t e_lo = 0, e_hi = 0;   // the experts this GPU holds (all of them without expert parallelism)
  int64_t expert_stride = 0;    // elements between expert e's and e+1's tensors (same for weights, BF16, grads)
  // The local experts' gradients as one range [expert_grads, + expert_grads_n) holding nothing else
  // (gate, up, down of each expert back to back, the experts expert_stride apart), or null: zero_grad
  // may leave it unzeroed for the grouped weight-gradient GEMMs to overwrite (Step::unzeroed).
  float* expert_grads = nullptr;
  int64_t expert_grads_n = 0;
  bool has_shared = false;
  MlpP shared;
};

// What every op of one forward/backward call needs.
struct Step {
  cudaStream_t s = nullptr;
  Arena* a = nullptr;
  TrainGemm* gm = nullptr;
  const ModelConfig* c = nullptr;
  int64_t B = 0, T = 0, N = 0, prefix = 0;
  const int32_t* start = nullptr;  // device [N]: flattened index of each token's segment start
  const float* cos = nullptr;      // device [N, half] (× attention factor)
  const float* sin = nullptr;
  int64_t half = 0;
  bool interleave = true;
  float attn_scale = 1;
  bool flash = false;  // flash-attention kernels (BF16) instead of the materialised fp32/TF32 scores
  CudaTrainOptions::ExpertLayout expert_layout = CudaTrainOptions::ExpertLayout::kUniform;  // MoE experts' rows
  double aux_alpha = 0;
  // No gradient accumulated since the last zeroing: a routed expert's weight-gradient GEMM (one per
  // expert weight and pass) overwrites its zeroed gradient (beta 0) instead of reading it to add.
  bool fresh_grads = false;
  // The layers whose expert gradient range (LayerP::expert_grads) zero_grad left unzeroed, for this
  // backward to overwrite: moe_bwd takes its layer off the list, zeroing the range first where its
  // weight gradients add instead of overwrite. Null: none.
  std::vector<const LayerP*>* unzeroed = nullptr;
  int32_t* sched = nullptr;  // the grouped GEMMs' tile counter (GroupedGemmArgs::sched: zero, left zero)
  int64_t nseq = 0;                 // sequences (runs of one segment) for the balance loss
  std::vector<int32_t> seq_of_h;    // host [N]
  std::vector<int64_t> seq_len;     // host [nseq]
  const int32_t* seq_of = nullptr;  // device [N]
  PhaseTimer* prof = nullptr;       // phase timing, or null
  // Expert parallelism: this GPU is ep_rank of ep_world; ep the collectives (null without it);
  // ep_wait(what) blocks until the stream's work is done (a bounded wait in a process group).
  const EpCollectives* ep = nullptr;
  int ep_rank = 0, ep_world = 1;
  bool ep_alltoall = false;  // dispatch by all-to-all (else all-gather + reduce-scatter)
  int32_t* pinned = nullptr;     // pinned host staging for the router's choices [pinned_cap]
  int64_t pinned_cap = 0;
  cudaEvent_t routed = nullptr;  // recorded after their copy
  std::function<void(const char*)> ep_wait;
  void mark(const char* label) const {
    if (prof) prof->mark(label);
  }
};

struct MlpAct {
  float *g = nullptr, *u = nullptr, *a = nullptr;  // [rows, inter]
  bool stacked = false;  // g, u: the halves of one [rows, 2·inter] buffer (u = g + inter; stack_rows)
  // Stacked with BF16 GEMMs (the shared and dense MLPs): g|u [rows, 2·inter] in BF16 only (g, u null),
  // as the GEMM rounds it, and the backward's da and dg|du in BF16 likewise.
  uint16_t* gu_b = nullptr;
};
struct MlaAct {
  float *qa = nullptr, *qa_r = nullptr, *qan = nullptr;  // q compression
  float* q = nullptr;                                    // [N, H·dq], q_pe rotated (flash: unrotated)
  uint16_t* q_b16 = nullptr;  // flash with BF16 GEMMs: q in BF16 only, unrotated, the packing's source (q null)
  float* ckv = nullptr;                                  // [N, R + dr] kv_a_proj output (latent before norm)
  int64_t ldqa = 0, ldckv = 0;  // row strides of qa, ckv (q_a and kv_a stacked: both Rq + R + dr, ckv = qa + Rq)
  float *latn = nullptr, *lat_r = nullptr;               // normalised latent [N, R]
  float* kpe = nullptr;                                  // [N, dr] rotated
  float* kv = nullptr;                                   // [N, H·(dn+dv)]
  uint16_t* kv_b16 = nullptr;  // flash with BF16 GEMMs: kv in BF16 only, the packs' source (kv null)
  float *Q = nullptr, *K = nullptr, *V = nullptr;        // [B·H, T, d]
  float* P = nullptr;                                    // [B·H, T, T] probabilities (materialised path)
  uint16_t *Qb = nullptr, *Kb = nullptr, *Vb = nullptr;  // flash: packed BF16 [B·H, T, dqp|dvp]
  float* lse = nullptr;                                  // flash: [B·H·T] log-sum-exp
  float* o = nullptr;                                    // [N, H·dv] (null when ob holds O)
  uint16_t* ob = nullptr;  // flash with BF16 GEMMs: O in BF16 only, [N, H·dv], o_proj's operand
                           // (TrainGemm::linear_fwd_xb / linear_bwd_xb) and the backward's D
};
struct MoeAct {
  float* scores = nullptr;  // [N, E]
  int32_t* idx = nullptr;   // [N, K]
  float* wsel = nullptr;
  uint8_t* live = nullptr;
  int64_t cap = 0;                          // uniform layout: rows per expert (max load, padded to 8)
  bool grouped = false;                     // per-expert blocks (off[e], rows[e]) instead of e·cap
  bool own_gemm = false;                    // grouped, BF16: one grouped-GEMM launch, rows[e] = load (no padding)
  bool by_token = false;  // own_gemm on one GPU, BF16: the gather and dys kernels go by token (moe_gather_tok)
  int64_t fp8_ss = 0;                       // own_gemm, FP8 tensor-core GEMMs: the experts' scale stride (0: BF16 GEMMs)
  std::vector<int64_t> off, rows;           // grouped: expert e's first row and row count (load padded to 8)
  int64_t total_rows = 0;                   // rows of xs/ys/e.* (E·cap, or Σ rows[e])
  int32_t *perm = nullptr, *pos = nullptr;  // row -> slot (-1: padding), slot -> row
  float *xs = nullptr, *ys = nullptr;       // [total_rows, hidden] (xs: null in grouped BF16, xs_b only)
  uint16_t *xs_b = nullptr, *a_b = nullptr; // BF16 xs and e.a (bf16 mode; grouped: e.a is null)
  // Grouped BF16 with stacked gate/up, one GPU: the GEMMs write g|u [total_rows, 2·moe_inter] and ys
  // in BF16 only (e.g, e.u, ys null), and the backward's da and dxs likewise.
  uint16_t *gu_b = nullptr, *ys_b = nullptr;
  MlpAct e;                                 // [E·cap, moe_inter]
  MlpAct shared;
  float* coef = nullptr;     // [nseq, E] ∂aux/∂s' (balance loss), or null
  float* aux_tok = nullptr;  // [N] per-token share of the aux loss, or null
  std::vector<int64_t> load;  // [E] this GPU's tokens per expert (the step statistics)
  // The rows the experts see and their gate weights: without expert parallelism NN = N, x and
  // wsel; all-gather dispatch: every GPU's tokens, NN = ep_world·N in rank order; all-to-all: the
  // NN rows received, one choice each (weights 1: combined at the token's GPU).
  int64_t NN = 0;
  const float* X = nullptr;
  const float* WSEL = nullptr;
  int64_t KX = 0;  // choices per row the experts see: K, or 1 with all-to-all (a row is one choice)
  // All-to-all dispatch: this GPU's N·K choices in send order (by destination GPU, then expert):
  // send_slots[j] = the choice sent j-th, sendpos its inverse; the row counts each way; NN = rows
  // received; Ysend [N·K, hidden] the experts' outputs back in send order (kept for the backward).
  int32_t *send_slots = nullptr, *sendpos = nullptr;
  std::vector<int64_t> send_rows, recv_rows;
  float* Ysend = nullptr;
};
struct LayerAct {
  const float* h_in = nullptr;
  float *xn1 = nullptr, *r1 = nullptr, *h_mid = nullptr, *xn2 = nullptr, *r2 = nullptr;
  MlaAct attn;
  MlpAct mlp;
  MoeAct moe;
};

float* zeros(Step& st, int64_t n);
// RMSNorm backward: dx += … (dx_add false: dx = …, no zeroing needed), w.g += … (rows at strides);
// dxb (optional, [rows, n]): the new dx in BF16.
void norm_bwd(Step& st, const float* x, int64_t ldx, const NormW& w, const float* rinv, const float* dy, int64_t lddy,
              int64_t rows, int64_t n, float* dx, int64_t lddx, uint16_t* dxb = nullptr, bool dx_add = true);

// The SwiGLU MLP (cuda_train_layers.cpp; also the MoE block's shared experts): y = mlp(x) over rows;
// the backward accumulates dx and the parameter gradients. dyb (optional): dy in BF16 already.
void mlp_fwd(Step& st, const MlpP& w, const float* x, int64_t rows, float* y, MlpAct& A);
// dx_fresh: dx holds nothing yet (not zeroed): the first GEMM into it overwrites instead of adding.
void mlp_bwd(Step& st, const MlpP& w, const float* x, int64_t rows, const MlpAct& A, const float* dy, float* dx,
             const uint16_t* dyb = nullptr, bool dx_fresh = false);
// The DeepSeekMoE block (cuda_train_moe.cpp): out = moe(x); the backward accumulates dx.
void moe_fwd(Step& st, const LayerP& w, const float* x, float* out, MoeAct& A);
void moe_bwd(Step& st, const LayerP& w, const float* x, const MoeAct& A, const float* dout, float* dx,
             const uint16_t* doutb = nullptr, bool dx_fresh = false);

// Σ CE of head(hn) over the rows with a target (tg_h: the host's copy of tg) into loss[N], weighted
// by row_w and scale; with dhn, dhn += ∂(scale·Σ CE)/∂hn (cuda_train_head.cpp).
void head_ce(Step& st, const LinW& head, const float* hn, const std::vector<int32_t>& tg_h, const int32_t* tg,
             const float* row_w, float scale, float* loss, float* dhn);
// embed.g[ids[t]] += dout[t], summed per id in position order (no atomics); the index tables go up
// through `stage` (cuda_train_head.cpp).
void embed_bwd(Step& st, const LinW& embed, PinnedStage& stage, const std::vector<int32_t>& ids, const float* dout);

// The MTP module at depth 1 (DeepSeek-V3 §2.2; shares the main model's embedding): its own decoder
// layer, the norms of its two inputs, the projection of their concatenation, and its head's norm and head.
struct MtpP {
  LayerP layer;
  NormW enorm, hnorm, snorm;
  LinW eh, shead;
};
struct MtpArgs {
  const train::Batch* b = nullptr;  // the host batch: tokens, targets, segments
  const LinW* embed = nullptr;      // the shared embedding (its gradient accumulates)
  const float* hn = nullptr;        // [N, hidden] the main model's final-norm output
  float* dhn = nullptr;             // [N, hidden] backward: += ∂L/∂hn; null: forward only
  double lambda = 0.3;              // the MTP loss weight
  PinnedStage* stage = nullptr;     // the step's uploads and its loss row down
  uint16_t* dmb = nullptr;          // backward, optional [N, hidden] BF16: the residual gradient's copy
};
struct MtpOut {
  const float* loss_h = nullptr;  // [N] per-row CE (host, valid once the stream passes the step's loss copies)
  int64_t tokens = 0;             // rows with an MTP target
  std::vector<int64_t> load;      // the MTP layer's expert loads (an MoE layer)
  float* aux_tok = nullptr;       // its sequence-wise balance loss terms (device), or null
};
// One MTP pass (cuda_train_mtp.cpp): predicts token t+2 from hn[t] and the embedding of token t+1 (no
// target across a document's end), loss λ/n·Σ CE; with a.dhn, the backward too.
MtpOut mtp_step(Step& st, const MtpP& w, const MtpArgs& a);

// h_out = layer(h_in); `act` keeps what layer_bwd needs.
void layer_fwd(Step& st, const LayerP& w, const float* h_in, float* h_out, LayerAct& act);
// dh: in ∂L/∂h_out, out ∂L/∂h_in; parameter gradients accumulate. dhb (optional, [N, hidden] BF16):
// in dh's BF16 copy, out the new dh's (the linears' dy operands without a conversion pass).
void layer_bwd(Step& st, const LayerP& w, const LayerAct& act, float* dh, uint16_t* dhb = nullptr);

// The single-GPU trainer (cuda_train.cpp) as the multi-process wrapper (cuda_train_mp.cpp) sees it:
// its fp32 gradient buffer (every tensor, one allocation), stream and device.
struct GradBuffer {
  float* data = nullptr;  // flat fp32 gradients [count]
  int64_t count = 0;
  cudaStream_t stream = nullptr;
  int device = 0;
  float* weights = nullptr;                    // flat fp32 weights [count]
  float *m = nullptr, *v = nullptr;            // AdamW moments of the optimizer slice [hi - lo]
  int64_t lo = 0, hi = 0;                      // the optimizer slice (the whole buffer unsharded)
  int64_t rep = 0;  // [0, rep): replicated tensors (reduced over GPUs); [rep, count): this GPU's
                    // experts (expert parallelism; rep == count without it)
};
// shards > 1: ZeRO-1 — the replica keeps AdamW moments for its slice `shard` of `shards` equal,
// 128-aligned slices of the (padded) flat buffer only; or, with o.expert_parallel, the replica is
// GPU `shard` of `shards` of expert parallelism (its collectives' communicator: set_expert_comm).
std::unique_ptr<train::TrainDevice> make_single_gpu_train_device(const train::TrainParams& p, const CudaTrainOptions& o,
                                                                 int shard = 0, int shards = 1);
GradBuffer grad_buffer(train::TrainDevice& d);  // d made by make_single_gpu_train_device
// For a sharded d: Σ g² over its slice; AdamW on its slice only (the caller then all-gathers the
// weights and refreshes the BF16/FP8 copies); moments of every tensor from gathered full buffers.
double slice_grad_sumsq(train::TrainDevice& d);
// Expert parallelism: d's MoE collectives (NCCL over comm, an ncclComm_t, with a process group's
// bounded wait; or a test's stand-in); Σ g² of d's replicated part and of its own experts.
// aborted (when given): set once the communicator is aborted; the collectives then fail at once.
EpCollectives make_nccl_collectives(void* comm, std::function<void(const char*)> wait = {},
                                    const std::atomic<bool>* aborted = nullptr);
void set_expert_collectives(train::TrainDevice& d, EpCollectives c);
double replicated_grad_sumsq(train::TrainDevice& d);
double expert_grad_sumsq(train::TrainDevice& d);
// Expert parallelism: "model.layers.L.mlp.experts.E.…" -> E, else -1.
int64_t expert_of(const std::string& tensor_name);
void slice_adamw(train::TrainDevice& d, const train::AdamStepArgs& a);
void refresh_weight_copies(train::TrainDevice& d);
void download_moments(train::TrainDevice& d, train::TrainParams& p, const float* m_full, const float* v_full);
// devices.size() > 1: data parallelism over them in this process (cuda_train_dp.cpp).
std::unique_ptr<train::TrainDevice> make_data_parallel_train_device(const train::TrainParams& p,
                                                                    const CudaTrainOptions& o);
// world > 1: one rank of a process group (cuda_train_mp.cpp).
std::unique_ptr<train::TrainDevice> make_process_group_train_device(const train::TrainParams& p,
                                                                    const CudaTrainOptions& o);

}  // namespace dseek::cu
