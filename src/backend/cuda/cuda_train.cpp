// cuda_train.cpp — the CUDA TrainDevice (see cuda_train.h): parameters in
// flat device buffers (fp32 weights, gradients, AdamW moments, and the BF16
// copy the GEMMs read), the model-level forward/backward (embedding, layers,
// final norm, head + cross-entropy in row chunks) and the optimizer. Layers:
// cuda_train_layers.cpp (MoE: cuda_train_moe.cpp); MTP: cuda_train_mtp.cpp; several
// GPUs: cuda_train_dp.cpp (one process) and cuda_train_mp.cpp (a process group).
// What it is not: the training loop (train/trainer.cpp drives this).
#include "backend/cuda/cuda_train.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <cstdlib>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "backend/cuda/cuda_model.h"
#include "backend/cuda/cuda_train_experts.h"
#include "backend/cuda/cuda_train_impl.h"
#include "backend/cuda/kernels.h"
#include "backend/cuda/pinned_stage.h"
#include "backend/cuda/train_fp8_weights.h"
#include "backend/cuda/train_kernels.h"
#include "core/check.h"
#include "core/dtype.h"
#include "model/rope.h"

namespace dseek {
namespace {

using cu::LayerP;
using cu::LinW;
using cu::MlpP;
using cu::NormW;
using train::Batch;
using train::LossOptions;
using train::StepStats;
using train::TrainParams;

struct TensorSlot {
  std::string name;
  int64_t off = 0, n = 0;  // off < 0: another GPU's expert (expert parallelism), not stored here
  std::vector<int64_t> shape;
  bool trainable = true, decays = false;
};

class CudaTrainDevice final : public train::TrainDevice {
 public:
  // shards > 1: ZeRO-1, this replica holds the AdamW moments of slice `shard` of `shards` only.
  CudaTrainDevice(const TrainParams& p, const CudaTrainOptions& o, int shard = 0, int shards = 1)
      : cfg_(p.cfg), opt_(o) {
    const int n = cuda_device_count();
    DSEEK_CHECK(n > 0, "cuda train: no usable CUDA device");
    DSEEK_CHECK(o.device >= 0 && o.device < n, "cuda train: device {} out of range (have {})", o.device, n);
    DSEEK_CUDA_CHECK(cudaSetDevice(o.device));
    DSEEK_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking));
    DSEEK_CHECK(!o.fp8 || o.bf16, "cuda train: fp8 needs the bf16 GEMM path");
    DSEEK_CHECK(!o.bf16_moments || shards == 1, "cuda train: BF16 moment storage runs on one GPU only (not with "
                "ZeRO-1 or expert parallelism)");
    mb_ = o.bf16_moments ? 2 : 4;
    gm_ = std::make_unique<cu::TrainGemm>(s_, o.bf16, o.bf16 && o.tf32_attention, o.fp8);
    DSEEK_CHECK(cfg_.n_routed_experts <= 256 && cfg_.num_experts_per_tok <= 16 && cfg_.n_group <= 64,
                "cuda train: at most 256 experts, top-16, 64 groups (got {}, {}, {})", cfg_.n_routed_experts,
                cfg_.num_experts_per_tok, cfg_.n_group);
    // Expert parallelism: GPU `shard` of `shards` holds experts [ep_lo_, ep_hi_) of every MoE layer;
    // the replicated tensors come first ([0, rep_end_): what data parallelism reduces), then its own
    // experts; the other GPUs' experts get no storage.
    const bool ep = o.expert_parallel && shards > 1;
    if (ep) {
      DSEEK_CHECK(!o.zero1, "cuda train: expert parallelism and ZeRO-1 cannot be combined");
      DSEEK_CHECK(cfg_.n_routed_experts > 0 && cfg_.n_routed_experts % shards == 0,
                  "cuda train: expert parallelism over {} GPUs needs a multiple of {} routed experts (the model has {})",
                  shards, shards, cfg_.n_routed_experts);
      ep_rank_ = shard;
      ep_world_ = shards;
      ep_lo_ = cfg_.n_routed_experts / shards * shard;
      ep_hi_ = ep_lo_ + cfg_.n_routed_experts / shards;
      shard = 0;  // the optimizer is not sharded
      shards = 1;
    } else {
      ep_hi_ = cfg_.n_routed_experts;
    }
    // The flat order is TrainParams' except that each kv_a_proj_with_mqa follows its layer's q_a_proj:
    // both multiply the same input, so the two lie back to back and run as one GEMM (stack_rows).
    // (Everything outside this device addresses tensors by name.)
    std::vector<const train::ParamTensor*> order;
    {
      const std::string qa = "q_a_proj.weight", kva = "kv_a_proj_with_mqa.weight";
      auto prefix = [](const std::string& n, const std::string& suf) { return n.substr(0, n.size() - suf.size()); };
      for (const auto& t : p.tensors) {
        if (t.name.ends_with(kva) && p.has(prefix(t.name, kva) + qa)) continue;  // (placed after its q_a)
        order.push_back(&t);
        if (t.name.ends_with(qa) && p.has(prefix(t.name, qa) + kva)) order.push_back(&p.at(prefix(t.name, qa) + kva));
      }
    }
    int64_t off = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (const train::ParamTensor* tp : order) {
        const auto& t = *tp;
        const int64_t e = cu::expert_of(t.name);
        if ((e >= 0 && ep) != (pass == 1)) continue;
        TensorSlot s;
        s.name = t.name;
        s.off = e >= 0 && (e < ep_lo_ || e >= ep_hi_) ? -1 : off;  // -1: another GPU's expert
        s.n = t.numel();
        s.shape = t.shape;
        s.trainable = t.trainable;
        s.decays = train::decays(t);
        index_[t.name] = slots_.size();
        slots_.push_back(s);
        if (s.off >= 0) off += (s.n + 127) / 128 * 128;  // 512-byte aligned fp32, 256-byte aligned BF16
      }
      if (pass == 0) rep_end_ = off;
    }
    DSEEK_CHECK(shards >= 1 && shard >= 0 && shard < shards, "cuda train: optimizer shard {} of {}", shard, shards);
    // Sharded: pad the flat buffers to equal 128-aligned slices (the collectives need equal counts).
    const int64_t slice = (off + 128 * shards - 1) / (128 * shards) * 128;
    total_ = shards > 1 ? slice * shards : off;
    lo_ = shards > 1 ? slice * shard : 0;
    hi_ = shards > 1 ? lo_ + slice : total_;
    sharded_ = shards > 1;
    w_ = DevMem(size_t(total_) * 4);
    g_ = DevMem(size_t(total_) * 4);
    m_ = DevMem(size_t(hi_ - lo_) * mb_);
    v_ = DevMem(size_t(hi_ - lo_) * mb_);
    wb_ = DevMem(size_t(total_) * 2);
    partial_ = DevMem(1024 * 8);
    sched_ = DevMem(sizeof(int32_t));  // the grouped GEMMs' tile counter: zero, and every launch leaves it zero
    DSEEK_CUDA_CHECK(cudaMemsetAsync(sched_.as(), 0, sizeof(int32_t), s_));
    for (DevMem* d : {&w_, &g_, &m_, &v_}) DSEEK_CUDA_CHECK(cudaMemsetAsync(d->as(), 0, d->bytes(), s_));
    // What AdamW does to each 128-element chunk (slots start 128-aligned): 0 nothing (frozen,
    // padding), 1 update, 2 update with weight decay — one launch for the whole buffer.
    std::vector<uint8_t> kind(size_t(total_ / 128), 0);
    for (const TensorSlot& t : slots_)
      if (t.off >= 0 && t.trainable)
        std::fill(kind.begin() + t.off / 128, kind.begin() + (t.off + t.n + 127) / 128, uint8_t(t.decays ? 2 : 1));
    chunk_kind_ = DevMem(std::max<size_t>(kind.size(), 1));
    DSEEK_CUDA_CHECK(cudaMemcpy(chunk_kind_.as(), kind.data(), kind.size(), cudaMemcpyHostToDevice));
    if (o.fp8) {  // every eligible weight's 128×128 blocks, refreshed in one launch (refresh_bf16)
      std::vector<cu::tk::Fp8BlockTensor> t;
      for (const TensorSlot& x : slots_)
        if (x.off >= 0 && fp8_eligible(x)) t.push_back({x.off, x.shape[0], x.shape[1], 0});
      fp8w_ = std::make_unique<cu::Fp8Weights>(std::move(t), total_, gm_->fp8_gemms());
    }
    bind();
    upload(p);
    if (const char* e = std::getenv("DSEEK_TRAIN_PROFILE"); e && *e && *e != '0')
      prof_ = std::make_unique<cu::PhaseTimer>(s_);
  }
  ~CudaTrainDevice() override {
    if (s_) {
      cudaStreamSynchronize(s_);
      cudaStreamDestroy(s_);
    }
    if (pinned_) cudaFreeHost(pinned_);
    if (routed_) cudaEventDestroy(routed_);
    if (losses_down_) cudaEventDestroy(losses_down_);
  }

  std::string name() const override {
    return fmt::format("cuda:{} ({}, {})", opt_.device, cuda_device_name(opt_.device),
                       opt_.fp8 ? (gm_->fp8_gemms() ? "fp8" : "fp8 numerics") : opt_.bf16 ? "bf16" : "fp32");
  }

  void upload(const TrainParams& p) override {
    on();
    check_same(p);
    for (const auto& t : p.tensors) {
      const TensorSlot& s = slots_[index_.at(t.name)];
      if (s.off < 0) continue;  // another GPU's expert
      copy_in(w_, s, t.w);
      if (!t.m.empty()) copy_moments_in(m_, s, t.m);
      if (!t.v.empty()) copy_moments_in(v_, s, t.v);
    }
    refresh_bf16();
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
  }

  void upload_tensor(const TrainParams& p, const std::string& name) override {
    on();
    const TensorSlot& s = slot(name);
    if (s.off < 0) return;
    // Small tensors (the expert biases after every step) go through the pinned ring: no wait, so the
    // host lays out the next batch while the update runs.
    const bool ringed = copy_in(w_, s, p.at(name).w, true);
    cu::to_bf16(w_.as<float>() + s.off, s.n, wb_.as<uint16_t>() + s.off, s_);
    if (!ringed) DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));  // (pageable source)
  }

  void download(TrainParams& p, bool grads) const override {
    check_same(p);
    on();
    settle_grads();
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    for (auto& t : p.tensors) {
      const TensorSlot& s = slots_[index_.at(t.name)];
      if (s.off < 0) continue;  // another GPU's expert: its owner fills it
      copy_out(w_.as<float>(), s, t.w);
      if (s.trainable) {
        copy_moments_out(m_, s, t.m);
        copy_moments_out(v_, s, t.v);
      }
      if (grads) {
        DSEEK_CHECK(!sharded_, "cuda train: gradients of an optimizer-sharded (ZeRO-1) replica are reduced "
                    "to its slice only; download them from an unsharded run");
        copy_out(g_.as<float>(), s, t.g);
      }
    }
  }

  // The routed experts' gradients (most of the buffer) are left for the next backward's grouped
  // weight-gradient GEMMs to overwrite (Step::unzeroed); anything that reads the gradients before a
  // backward has run zeroes them first (settle_grads).
  void zero_grad() override {
    on();
    static const bool all = std::getenv("DSEEK_ZERO_ALL_GRADS") != nullptr;  // env: A/B measurement
    unzeroed_ = cu::zero_grads_but_experts(g_.as<float>(), int64_t(g_.bytes() / 4), all ? std::vector<const LayerP*>{}
                                                                                         : moe_layers(), s_);
    fresh_ = true;
  }
  // Zeroes the expert gradients zero_grad left to the backward, if no backward has taken them.
  void settle_grads() const { cu::zero_expert_grads(unzeroed_, s_); }
  std::vector<const LayerP*> moe_layers() const {
    std::vector<const LayerP*> v;
    for (const LayerP& l : layers_)
      if (l.moe) v.push_back(&l);
    if (mtp_.layer.moe) v.push_back(&mtp_.layer);
    return v;
  }

  double grad_norm(double scale) override { return std::sqrt(grad_sumsq()) * std::abs(scale); }
  void synchronize() override { DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_)); }
  // Σ g² over this replica's optimizer slice (the whole buffer unsharded).
  double grad_sumsq() { return sumsq_range(lo_, hi_); }
  double sumsq_range(int64_t lo, int64_t hi) {
    on();
    settle_grads();
    if (hi <= lo) return 0;
    const int nb = cu::tk::sumsq_partial(g_.as<float>() + lo, hi - lo, partial_.as<double>(), s_);
    std::vector<double> h(static_cast<size_t>(nb));
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(h.data(), partial_.as(), size_t(nb) * 8, cudaMemcpyDeviceToHost, s_));
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    double acc = 0;
    for (double x : h) acc += x;
    return acc;
  }

  void adamw_update(const train::AdamStepArgs& a) override {
    adamw_slice(a, opt_.bf16 && !sharded_);  // the BF16 copy written by the same pass
    refresh_bf16(sharded_);
    if (prof_) prof_->mark("adamw + bf16 copy");
  }
  // AdamW on this replica's optimizer slice only (sharded: the rest of the weights are stale until
  // the caller all-gathers them and calls refresh_bf16).
  // bf16_copy: also write the BF16 copy of every updated weight (an unsharded replica).
  void adamw_slice(const train::AdamStepArgs& a, bool bf16_copy = false) {
    on();
    settle_grads();
    if (prof_) prof_->mark("(host: grad norm)");
    cu::tk::AdamArgs k;
    k.gs = a.gs;
    k.b1 = a.b1;
    k.b2 = a.b2;
    k.eps = a.eps;
    k.decay = a.decay;
    k.step_size = a.step_size;
    k.bc2_sqrt = a.bc2_sqrt;
    k.bf16_moments = a.bf16_moments;
    uint16_t* wb = bf16_copy ? wb_.as<uint16_t>() + lo_ : nullptr;
    if (mb_ == 2) {  // (adamw_chunks refuses BF16 storage without AdamWOptions::bf16_moments)
      cu::tk::adamw_chunks(w_.as<float>() + lo_, g_.as<float>() + lo_, m_.as<uint16_t>(), v_.as<uint16_t>(),
                           hi_ - lo_, chunk_kind_.as<uint8_t>() + lo_ / 128, k, wb, s_);
    } else {
      cu::tk::adamw_chunks(w_.as<float>() + lo_, g_.as<float>() + lo_, m_.as<float>(), v_.as<float>(), hi_ - lo_,
                           chunk_kind_.as<uint8_t>() + lo_ / 128, k, wb, s_);
    }
  }

  StepStats forward_backward(const Batch& b, const LossOptions& o, bool backward) override;
  // A BF16 buffer for the residual gradient's copy that norm_bwd writes and the linears' backward reads
  // (layer_bwd's dhb), where the BF16 GEMMs take a BF16 dy; else null (the linears convert dy).
  uint16_t* dh_bf16(cu::Arena& a, int64_t n) const {
    return !layers_.empty() && gm_->bf16_dy_ok(layers_.back().o) ? a.u16(n) : nullptr;
  }
  // The BF16 (and FP8) copies the GEMMs read, from the fp32 weights (after a sharded all-gather).
  void refresh_weight_copies() {
    on();
    refresh_bf16();
    if (prof_) prof_->mark("adamw + bf16 copy");
  }

  // For data parallelism: the flat buffers, the optimizer slice and the stream that owns them.
  float* grads() {
    settle_grads();
    return g_.as<float>();
  }
  float* weights() { return w_.as<float>(); }
  float* moment1() { return mb_ == 4 ? m_.as<float>() : nullptr; }  // (fp32 storage only)
  float* moment2() { return mb_ == 4 ? v_.as<float>() : nullptr; }
  int64_t slice_lo() const { return lo_; }
  int64_t slice_hi() const { return hi_; }
  int64_t replicated_end() const { return ep_world_ > 1 ? rep_end_ : total_; }
  double replicated_sumsq() { return sumsq_range(0, replicated_end()); }
  double expert_sumsq() { return sumsq_range(replicated_end(), total_); }
  void set_expert_collectives(cu::EpCollectives c) { ep_ = std::move(c); }
  // Moments of every tensor from full-length device buffers (a sharded replica's gathered slices).
  void download_moments(TrainParams& p, const float* m_full, const float* v_full) const {
    on();
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    for (auto& t : p.tensors) {
      const TensorSlot& s = slots_[index_.at(t.name)];
      if (!s.trainable || s.off < 0) continue;
      copy_out(m_full, s, t.m);
      copy_out(v_full, s, t.v);
    }
  }
  int64_t grad_count() const { return total_; }
  cudaStream_t stream() const { return s_; }
  int device() const { return opt_.device; }

  std::string memory_report() const override {
    // fp32 weights + grads (8 B), BF16 copy (2 B), moments of the slice (8 B, or 4 in BF16).
    return fmt::format("parameters+grads+moments {:.1f} MiB{}{}, activations (peak) {:.1f} MiB{}",
                       (double(total_) * 10 + double(hi_ - lo_) * 2 * mb_) / 1048576.0,
                       sharded_ ? " (moments sharded)" : "", mb_ == 2 ? " (moments BF16)" : "",
                       double(arena_.high_water()) / 1048576.0,
                       prof_ ? "\nphases (GPU time per step):\n" + prof_->report() : "");
  }

 private:
  // Every entry point makes this replica's GPU current (the data-parallel wrapper drives several).
  void on() const { DSEEK_CUDA_CHECK(cudaSetDevice(opt_.device)); }
  void check_same(const TrainParams& p) const {
    DSEEK_CHECK(p.tensors.size() == slots_.size(), "cuda train: {} tensors, the device holds {}", p.tensors.size(),
                slots_.size());
    for (const auto& t : p.tensors) {
      auto it = index_.find(t.name);
      DSEEK_CHECK(it != index_.end(), "cuda train: tensor '{}' unknown to the device", t.name);
      DSEEK_CHECK_EQ(t.numel(), slots_[it->second].n, "cuda train: size of " + t.name);
    }
  }
  const TensorSlot& slot(const std::string& name) const {
    auto it = index_.find(name);
    DSEEK_CHECK(it != index_.end(), "cuda train: no tensor '{}'", name);
    return slots_[it->second];
  }
  // ring: a tensor of at most kRingUpload bytes goes through the pinned ring (ring_), so h may die
  // on return; true when it did (else the copy is from pageable h).
  bool copy_in(DevMem& d, const TensorSlot& s, const std::vector<float>& h, bool ring = false) {
    DSEEK_CHECK_EQ(int64_t(h.size()), s.n, "cuda train: upload size of " + s.name);
    const size_t bytes = size_t(s.n) * 4;
    if (ring && bytes <= kRingUpload) {
      ring_.copy_up(d.as<float>() + s.off, h.data(), bytes, s_);
      return true;
    }
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(d.as<float>() + s.off, h.data(), bytes, cudaMemcpyHostToDevice, s_));
    return false;
  }
  // Moments live for [lo_, hi_) only: copy the part of tensor s that falls in the slice (BF16
  // storage: rounded to nearest even on the way in, exact on the way out).
  void copy_moments_in(DevMem& d, const TensorSlot& s, const std::vector<float>& h) {
    DSEEK_CHECK_EQ(int64_t(h.size()), s.n, "cuda train: upload size of " + s.name);
    const int64_t x0 = std::max(s.off, lo_), x1 = std::min(s.off + s.n, hi_);
    if (x0 >= x1) return;
    const float* src = h.data() + (x0 - s.off);
    if (mb_ == 2) {
      std::vector<uint16_t> b(size_t(x1 - x0));
      for (size_t i = 0; i < b.size(); ++i) b[i] = f32_to_bf16(src[i]);
      DSEEK_CUDA_CHECK(cudaMemcpyAsync(d.as<uint16_t>() + (x0 - lo_), b.data(), b.size() * 2, cudaMemcpyHostToDevice, s_));
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));  // (b dies here)
      return;
    }
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(d.as<float>() + (x0 - lo_), src, size_t(x1 - x0) * 4, cudaMemcpyHostToDevice, s_));
  }
  void copy_moments_out(const DevMem& d, const TensorSlot& s, std::vector<float>& h) const {
    h.resize(size_t(s.n));  // (sharded: the other replicas fill the rest)
    const int64_t x0 = std::max(s.off, lo_), x1 = std::min(s.off + s.n, hi_);
    if (x0 >= x1) return;
    if (mb_ == 2) {
      std::vector<uint16_t> b(size_t(x1 - x0));
      DSEEK_CUDA_CHECK(cudaMemcpy(b.data(), d.as<uint16_t>() + (x0 - lo_), b.size() * 2, cudaMemcpyDeviceToHost));
      for (size_t i = 0; i < b.size(); ++i) h[size_t(x0 - s.off) + i] = bf16_to_f32(b[i]);
      return;
    }
    DSEEK_CUDA_CHECK(cudaMemcpy(h.data() + (x0 - s.off), d.as<float>() + (x0 - lo_), size_t(x1 - x0) * 4,
                                cudaMemcpyDeviceToHost));
  }
  // Tensor s of a full-length flat device buffer into h.
  void copy_out(const float* flat, const TensorSlot& s, std::vector<float>& h) const {
    h.resize(size_t(s.n));
    DSEEK_CUDA_CHECK(cudaMemcpy(h.data(), flat + s.off, size_t(s.n) * 4, cudaMemcpyDeviceToHost));
  }
  void refresh_bf16(bool bf16_copy = true) {
    if (opt_.bf16 && bf16_copy) cu::to_bf16(w_.as<float>(), total_, wb_.as<uint16_t>(), s_);
    if (fp8w_) fp8w_->refresh(w_.as<float>(), s_);
  }
  // kAuto, decided once per model: buckets cost ~30 more launches per MoE layer, which small experts
  // do not repay (the intent model, 8 experts of 256 × 256: 24.4 steps/s grouped vs 26.1 uniform;
  // moe-400m, 64 of 1024 × 512: grouped is faster). FP8 grouped runs the one-launch kernel over rows
  // padded to 128 per expert (moe_fwd falls back to uniform where that kernel cannot run).
  CudaTrainOptions::ExpertLayout expert_layout() const {
    using L = CudaTrainOptions::ExpertLayout;
    if (opt_.expert_layout != L::kAuto) return opt_.expert_layout;
    return cfg_.n_routed_experts >= 16 && cfg_.hidden_size * cfg_.moe_intermediate_size >= (int64_t(1) << 19)
               ? L::kGrouped
               : L::kUniform;
  }
  // DeepSeek kept the embedding, the output heads and the MoE gate out of FP8.
  static bool fp8_eligible(const TensorSlot& t) {
    return t.shape.size() == 2 && t.name != "model.embed_tokens.weight" && t.name != "lm_head.weight" &&
           !t.name.ends_with("shared_head.head.weight") && !t.name.ends_with("mlp.gate.weight");
  }

  NormW norm(const std::string& name) {
    const TensorSlot& s = slot(name);
    return {w_.as<float>() + s.off, s.trainable ? g_.as<float>() + s.off : nullptr};
  }
  LinW lin(const std::string& name, bool bf16 = true) {
    const TensorSlot& s = slot(name);
    DSEEK_CHECK(s.shape.size() == 2, "cuda train: '{}' is not a matrix", name);
    LinW l;
    l.out = s.shape[0];
    l.in = s.shape[1];
    if (s.off < 0) return l;  // another GPU's expert: the shape only
    l.w = w_.as<float>() + s.off;
    l.wb = bf16 && opt_.bf16 ? wb_.as<uint16_t>() + s.off : nullptr;
    if (bf16 && fp8w_ && fp8_eligible(s)) fp8w_->bind(l, s.off);
    l.g = s.trainable ? g_.as<float>() + s.off : nullptr;
    l.out = s.shape[0];
    l.in = s.shape[1];
    return l;
  }
  bool has(const std::string& n) const { return index_.count(n) != 0; }
  MlpP mlp(const std::string& pre, int64_t inter) {
    return {lin(pre + ".gate_proj.weight"), lin(pre + ".up_proj.weight"), lin(pre + ".down_proj.weight"), inter};
  }
  LayerP layer(int64_t L) {
    const ModelConfig& c = cfg_;
    const std::string pre = "model.layers." + std::to_string(L), a = pre + ".self_attn.";
    LayerP w;
    w.in_norm = norm(pre + ".input_layernorm.weight");
    w.post_norm = norm(pre + ".post_attention_layernorm.weight");
    w.q_lora = c.has_q_lora();
    if (w.q_lora) {
      w.q_a = lin(a + "q_a_proj.weight");
      w.q_a_ln = norm(a + "q_a_layernorm.weight");
      w.q_b = lin(a + "q_b_proj.weight");
    } else {
      w.q_proj = lin(a + "q_proj.weight");
    }
    w.kv_a = lin(a + "kv_a_proj_with_mqa.weight");
    w.kv_a_ln = norm(a + "kv_a_layernorm.weight");
    w.kv_b = lin(a + "kv_b_proj.weight");
    w.o = lin(a + "o_proj.weight");
    w.moe = c.is_moe_layer(L);
    if (!w.moe) {
      w.mlp = mlp(pre + ".mlp", c.intermediate_size);
      return w;
    }
    w.gate = lin(pre + ".mlp.gate.weight", false);  // the router stays fp32
    const std::string bias = pre + ".mlp.gate.e_score_correction_bias";
    if (has(bias)) w.bias = w_.as<float>() + slot(bias).off;
    for (int64_t e = 0; e < c.n_routed_experts; ++e)
      w.experts.push_back(mlp(pre + ".mlp.experts." + std::to_string(e), c.moe_intermediate_size));
    w.e_lo = ep_lo_;
    w.e_hi = ep_hi_;
    // The experts run as strided batches: their tensors must be equally spaced (the flat layout makes them so).
    const MlpP& m0 = w.experts[size_t(ep_lo_)];
    const int64_t stride = ep_hi_ - ep_lo_ > 1 ? w.experts[size_t(ep_lo_ + 1)].gate.w - m0.gate.w : 0;
    for (int64_t e = ep_lo_; e < ep_hi_; ++e) {
      const MlpP& m = w.experts[size_t(e)];
      const int64_t d = (e - ep_lo_) * stride;
      DSEEK_CHECK(m.gate.w && m.gate.w - m0.gate.w == d && m.up.w - m0.up.w == d && m.down.w - m0.down.w == d,
                  "cuda train: layer {} expert {} tensors are not equally spaced", L, e);
    }
    w.expert_stride = stride;
    cu::find_expert_grads(w);
    w.has_shared = c.n_shared_experts > 0;
    if (w.has_shared) w.shared = mlp(pre + ".mlp.shared_experts", c.moe_intermediate_size * c.n_shared_experts);
    return w;
  }
  void bind() {
    for (int64_t L = 0; L < cfg_.num_hidden_layers; ++L) layers_.push_back(layer(L));
    embed_ = lin("model.embed_tokens.weight");
    head_ = cfg_.tie_word_embeddings ? embed_ : lin("lm_head.weight");
    fnorm_ = norm("model.norm.weight");
    if (cfg_.num_nextn_predict_layers >= 1) {
      const int64_t M = cfg_.num_hidden_layers;
      const std::string pre = "model.layers." + std::to_string(M);
      mtp_.layer = layer(M);
      mtp_.enorm = norm(pre + ".enorm.weight");
      mtp_.hnorm = norm(pre + ".hnorm.weight");
      mtp_.eh = lin(pre + ".eh_proj.weight");
      mtp_.snorm = norm(pre + ".shared_head.norm.weight");
      mtp_.shead = lin(pre + ".shared_head.head.weight");
    }
  }

  ModelConfig cfg_;
  CudaTrainOptions opt_;
  cudaStream_t s_ = nullptr;
  std::unique_ptr<cu::TrainGemm> gm_;
  std::unique_ptr<cu::PhaseTimer> prof_;
  cu::Arena arena_;
  std::vector<TensorSlot> slots_;
  std::map<std::string, size_t> index_;
  int64_t total_ = 0;          // flat length (sharded: padded to equal slices)
  int64_t lo_ = 0, hi_ = 0;     // the optimizer slice: moments m_, v_ hold [lo_, hi_)
  int mb_ = 4;                   // bytes per moment: 4 (fp32) or 2 (BF16, CudaTrainOptions::bf16_moments)
  bool sharded_ = false;
  // Expert parallelism: GPU ep_rank_ of ep_world_, holding experts [ep_lo_, ep_hi_) (all of them,
  // [0, E), without it); [0, rep_end_) of the flat buffers is the replicated part.
  int ep_rank_ = 0, ep_world_ = 1;
  int64_t ep_lo_ = 0, ep_hi_ = 0, rep_end_ = 0;
  cu::EpCollectives ep_;  // set by the data-parallel wrapper
  int32_t* pinned_ = nullptr;  // the router's choices come back through it (Step::pinned)
  int64_t pinned_cap_ = 0;
  cudaEvent_t routed_ = nullptr;
  cudaEvent_t losses_down_ = nullptr;  // recorded after the step's loss rows' copies to the host
  DevMem w_, g_, m_, v_, wb_, partial_, chunk_kind_, sched_;
  std::unique_ptr<cu::Fp8Weights> fp8w_;  // FP8 mode: the eligible weights' FP8 copies
  std::vector<LayerP> layers_;
  cu::MtpP mtp_;
  std::unique_ptr<train::RopeRowCache> rope_;  // RoPE rows per step from a per-position table
  cu::PinnedStage stage_;                      // a step's uploads and loss rows
  cu::PinnedStage ring_;                       // small tensor uploads (upload_tensor), as a ring
  bool fresh_ = true;                          // no backward since the gradients were zeroed (Step::fresh_grads)
  mutable std::vector<const LayerP*> unzeroed_;  // layers whose expert gradients zero_grad left to the backward
  static constexpr size_t kRingUpload = 64 << 10;
  LinW embed_, head_;
  NormW fnorm_;
};

StepStats CudaTrainDevice::forward_backward(const Batch& b, const LossOptions& o, bool backward) {
  const ModelConfig& c = cfg_;
  train::check_batch(b, c.vocab_size);
  DSEEK_CHECK(o.mtp_depth == 0 || o.mtp_depth == 1, "mtp_depth {} unsupported (0 or 1)", o.mtp_depth);
  const bool mtp = o.mtp_depth == 1;
  DSEEK_CHECK(!mtp || c.num_nextn_predict_layers >= 1, "mtp_depth 1 needs an MTP layer (num_nextn_predict_layers)");
  // The attention kernels put (batch row, head) on the grid's y axis.
  DSEEK_CHECK(b.B * c.num_attention_heads <= 65535,
              "cuda train: batch rows x heads = {} x {} exceeds 65,535 per micro-batch (CUDA grid); use a "
              "smaller --batch with --grad-accum", b.B, c.num_attention_heads);
  DSEEK_CUDA_CHECK(cudaSetDevice(opt_.device));
  // No wait for the previous update here: the host lays out this batch (segments, RoPE rows, uploads)
  // while the GPU finishes it. Reusing the arena is safe in stream order — every kernel and every
  // upload of this step is queued on s_ behind the work that last used the memory.
  arena_.reset();
  gm_->forget_bf16();  // the copies lived in the arena
  {  // the step's transfers: ≤ 14 int rows up (tokens, targets, weights, segments, MTP's, embedding
     // gradients' tables), the RoPE rows, and a loss row per head and MoE layer down
    const int64_t rows = 14 + 2 + c.num_hidden_layers + 1;
    const size_t row = cu::PinnedStage::room(size_t(std::max<int64_t>(b.B * b.T, 1)) * 4 + 4);
    const size_t rope_rows = 2 * cu::PinnedStage::room(size_t(b.B * b.T) * size_t(c.qk_rope_head_dim) * 4);
    stage_.reset(size_t(rows) * row + rope_rows);
  }
  cu::Arena& a = arena_;
  const int64_t N = b.B * b.T, Hd = c.hidden_size, NL = c.num_hidden_layers;
  const float eps = float(c.rms_norm_eps);

  cu::Step st;
  st.s = s_;
  st.a = &a;
  st.gm = gm_.get();
  st.c = &c;
  st.prof = prof_.get();
  st.B = b.B;
  st.T = b.T;
  st.N = N;
  st.prefix = b.shared_prefix;
  const train::SeqLayout sl{b.B, b.T, b.segment.data(), b.pos.data(), b.shared_prefix};
  const std::vector<int64_t> start64 = train::segment_starts(sl);
  std::vector<int32_t> start(start64.begin(), start64.end());
  st.start = stage_.up(a, start, s_);
  if (!rope_) rope_ = std::make_unique<train::RopeRowCache>(make_rope_table(c), c.qk_rope_head_dim);
  const train::RopeCache<float>& rope = rope_->rows(b.pos.data(), N);
  st.cos = stage_.up(a, rope.cos, s_);
  st.sin = stage_.up(a, rope.sin, s_);
  st.half = rope.half;
  st.interleave = rope.interleave;
  st.attn_scale = attention_softmax_scale(c);
  st.flash = opt_.bf16 && opt_.flash_attention &&
             cu::tk::flash_attn_dims(c.qk_nope_head_dim + c.qk_rope_head_dim, c.v_head_dim).dqp > 0;
  st.expert_layout = expert_layout();
  st.aux_alpha = o.seq_aux_alpha;
  st.fresh_grads = backward && fresh_;
  if (backward) fresh_ = false;
  if (backward && !unzeroed_.empty()) st.unzeroed = &unzeroed_;
  if (pinned_cap_ < N * c.num_experts_per_tok) {
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));  // (no copy into the old staging may be pending)
    if (pinned_) DSEEK_CUDA_CHECK(cudaFreeHost(pinned_));
    pinned_ = nullptr;
    pinned_cap_ = N * std::max<int64_t>(c.num_experts_per_tok, 1);
    DSEEK_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&pinned_), size_t(pinned_cap_) * 4));
  }
  if (!routed_) DSEEK_CUDA_CHECK(cudaEventCreateWithFlags(&routed_, cudaEventDisableTiming));
  st.pinned = pinned_;
  st.pinned_cap = pinned_cap_;
  st.routed = routed_;
  st.sched = sched_.as<int32_t>();
  if (ep_world_ > 1) {
    DSEEK_CHECK(ep_.all_gather && ep_.reduce_scatter, "cuda train: expert-parallel replica {} has no collectives",
                ep_rank_);
    st.ep = &ep_;
    st.ep_rank = ep_rank_;
    st.ep_world = ep_world_;
    using D = CudaTrainOptions::EpDispatch;
    st.ep_alltoall = opt_.ep_dispatch == D::kAllToAll ||
                     (opt_.ep_dispatch == D::kAuto && ep_world_ >= c.num_experts_per_tok);
    DSEEK_CHECK(!st.ep_alltoall || ep_.all_to_all, "cuda train: all-to-all dispatch needs an all-to-all");
    st.ep_wait = ep_.wait ? ep_.wait : [this](const char*) { DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_)); };
  }
  st.seq_of_h.resize(size_t(N));
  for (int64_t t = 0; t < N; ++t) {
    if (start64[size_t(t)] == t) st.seq_len.push_back(0);
    ++st.seq_len.back();
    st.seq_of_h[size_t(t)] = int32_t(st.seq_len.size() - 1);
  }
  st.nseq = int64_t(st.seq_len.size());
  st.seq_of = stage_.up(a, st.seq_of_h, s_);
  const int32_t* tokens = stage_.up(a, b.tokens, s_);
  const int32_t* targets = stage_.up(a, b.targets, s_);
  const float* row_w = b.loss_weight.empty() ? nullptr : stage_.up(a, b.loss_weight, s_);

  StepStats stats;
  stats.expert_load.assign(size_t(NL + (mtp ? 1 : 0)), {});
  std::vector<float*> aux_parts;

  // ---- main model forward ----
  std::vector<float*> h(size_t(NL + 1));
  for (auto& p : h) p = a.f(N * Hd);
  st.mark("(host: between steps)");
  cu::tk::embed_fwd(embed_.w, Hd, tokens, N, h[0], s_);
  st.mark("embed");
  std::vector<cu::LayerAct> acts(static_cast<size_t>(NL));
  for (int64_t L = 0; L < NL; ++L) {
    cu::layer_fwd(st, layers_[size_t(L)], h[size_t(L)], h[size_t(L + 1)], acts[size_t(L)]);
    if (layers_[size_t(L)].moe) {
      stats.expert_load[size_t(L)] = acts[size_t(L)].moe.load;
      if (acts[size_t(L)].moe.aux_tok) aux_parts.push_back(acts[size_t(L)].moe.aux_tok);
    }
  }
  float* hn = a.f(N * Hd);
  float* rf = a.f(N);
  cu::tk::rmsnorm_fwd(h[size_t(NL)], Hd, fnorm_.w, eps, N, Hd, hn, Hd, rf, s_, gm_->bf16_output(hn, N * Hd, a));
  for (int32_t t : b.targets) stats.tokens += t >= 0 ? 1 : 0;
  float* dhn = backward ? cu::zeros(st, N * Hd) : nullptr;
  const float main_scale = stats.tokens > 0 ? float(1.0 / double(stats.tokens)) : 0.0f;
  float* loss_main = a.f(N);
  cu::head_ce(st, head_, hn, b.targets, targets, row_w, main_scale, loss_main, dhn);
  st.mark("head+ce");
  // The losses come back without a wait of their own (each would idle the GPU): summed during the
  // backward, or after the step's last wait.
  const float* main_h = stage_.down(loss_main, N, s_);
  const float* mtp_h = nullptr;

  // ---- MTP (depth 1) ----
  if (mtp) {
    cu::MtpArgs ma;
    ma.b = &b;
    ma.embed = &embed_;
    ma.hn = hn;
    ma.dhn = dhn;
    ma.lambda = o.mtp_lambda;
    ma.stage = &stage_;
    ma.dmb = backward ? dh_bf16(a, N * Hd) : nullptr;
    cu::MtpOut mo = cu::mtp_step(st, mtp_, ma);
    mtp_h = mo.loss_h;
    stats.mtp_tokens = mo.tokens;
    if (mtp_.layer.moe) stats.expert_load[size_t(NL)] = std::move(mo.load);
    if (mo.aux_tok) aux_parts.push_back(mo.aux_tok);
  }
  std::vector<const float*> aux_h;
  for (float* p : aux_parts) aux_h.push_back(stage_.down(p, N, s_));
  if (!losses_down_) DSEEK_CUDA_CHECK(cudaEventCreateWithFlags(&losses_down_, cudaEventDisableTiming));
  DSEEK_CUDA_CHECK(cudaEventRecord(losses_down_, s_));  // every loss row is on the host after it
  // Once the rows are on the host (losses_down_): Σ of each loss row, in row order (double).
  auto losses = [&] {
    auto sum = [&](const float* h) {
      double acc = 0;
      for (int64_t i = 0; i < N; ++i) acc += double(h[i]);
      return acc;
    };
    const double main_sum = sum(main_h);
    stats.main_loss = row_w ? main_sum : stats.tokens > 0 ? main_sum / double(stats.tokens) : 0.0;
    if (mtp_h) stats.mtp_loss = stats.mtp_tokens > 0 ? sum(mtp_h) / double(stats.mtp_tokens) : 0.0;
    for (const float* h : aux_h) stats.aux_loss += sum(h);
    stats.loss = stats.main_loss + double(o.mtp_lambda) * (mtp ? stats.mtp_loss : 0.0) + stats.aux_loss;
  };
  if (!backward) {
    if (st.ep_wait) st.ep_wait("loss");
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    losses();
    if (prof_) prof_->finish();
    return stats;
  }

  // ---- main model backward ----
  float* dh = a.f(N * Hd);
  uint16_t* dhb = dh_bf16(a, N * Hd);  // dh's BF16 copy, for the linears' data gradients (one buffer)
  cu::norm_bwd(st, h[size_t(NL)], Hd, fnorm_, rf, dhn, Hd, N, Hd, dh, Hd, dhb, false);
  for (int64_t L = NL - 1; L >= 0; --L) cu::layer_bwd(st, layers_[size_t(L)], acts[size_t(L)], dh, dhb);
  cu::embed_bwd(st, embed_, stage_, b.tokens, dh);
  st.mark("embed bwd");
  settle_grads();  // (an MoE layer this backward did not reach: the MTP layer without MTP)
  // Without expert parallelism the loss rows came down before the backward, so the host sums them
  // (~0.15 ms for the moe-400m step) while the GPU runs the backward instead of after it. (Expert
  // parallelism waits only through its bounded waits: a stalled collective in the forward must not
  // hang this event wait. Data-parallel replicas have no collective before the event.)
  static const bool late = std::getenv("DSEEK_LATE_LOSSES") != nullptr;  // env: A/B measurement
  const bool early = !st.ep_wait && !late;
  if (early) {
    DSEEK_CUDA_CHECK(cudaEventSynchronize(losses_down_));
    losses();
  }
  if (st.ep_wait) st.ep_wait("backward");
  DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
  if (!early) losses();
  if (prof_) prof_->finish();
  return stats;
}


}  // namespace

namespace cu {

std::unique_ptr<train::TrainDevice> make_single_gpu_train_device(const train::TrainParams& p, const CudaTrainOptions& o,
                                                                 int shard, int shards) {
  return std::make_unique<CudaTrainDevice>(p, o, shard, shards);
}

namespace {
CudaTrainDevice& single(train::TrainDevice& d) {
  auto* c = dynamic_cast<CudaTrainDevice*>(&d);
  DSEEK_CHECK(c != nullptr, "not a single-GPU CUDA training device");
  return *c;
}
}  // namespace

GradBuffer grad_buffer(train::TrainDevice& d) {
  CudaTrainDevice& c = single(d);
  return {c.grads(),    c.grad_count(), c.stream(),   c.device(),         c.weights(),
          c.moment1(),  c.moment2(),    c.slice_lo(), c.slice_hi(),       c.replicated_end()};
}
void set_expert_collectives(train::TrainDevice& d, EpCollectives c) { single(d).set_expert_collectives(std::move(c)); }
double replicated_grad_sumsq(train::TrainDevice& d) { return single(d).replicated_sumsq(); }
double expert_grad_sumsq(train::TrainDevice& d) { return single(d).expert_sumsq(); }
int64_t expert_of(const std::string& name) {
  const std::string key = ".mlp.experts.";
  const size_t p = name.find(key);
  if (p == std::string::npos || name.compare(0, 13, "model.layers.") != 0) return -1;
  int64_t e = 0;
  size_t i = p + key.size();
  if (i >= name.size() || name[i] < '0' || name[i] > '9') return -1;
  for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && e < (int64_t(1) << 40); ++i) e = e * 10 + (name[i] - '0');
  return i < name.size() && name[i] == '.' ? e : -1;
}
double slice_grad_sumsq(train::TrainDevice& d) { return single(d).grad_sumsq(); }
void slice_adamw(train::TrainDevice& d, const train::AdamStepArgs& a) { single(d).adamw_slice(a); }
void refresh_weight_copies(train::TrainDevice& d) { single(d).refresh_weight_copies(); }
void download_moments(train::TrainDevice& d, train::TrainParams& p, const float* m_full, const float* v_full) {
  single(d).download_moments(p, m_full, v_full);
}

}  // namespace cu

std::unique_ptr<train::TrainDevice> make_cuda_train_device(const train::TrainParams& p, const CudaTrainOptions& o) {
  DSEEK_CHECK(!o.bf16_moments || (o.world <= 1 && o.devices.size() <= 1 && !o.zero1 && !o.expert_parallel),
              "cuda train: BF16 moment storage (--bf16-moments) runs on one GPU only for now");
  if (o.world > 1) {
    DSEEK_CHECK(o.devices.size() <= 1, "cuda train: --gpus (GPUs in one process) and a process group (world {}) "
                "cannot be combined; give each rank one GPU", o.world);
    CudaTrainOptions one = o;
    if (o.devices.size() == 1) one.device = o.devices[0];
    one.devices.clear();
    return cu::make_process_group_train_device(p, one);
  }
  if (o.devices.size() <= 1) {
    CudaTrainOptions one = o;
    if (o.devices.size() == 1) one.device = o.devices[0];
    return std::make_unique<CudaTrainDevice>(p, one);
  }
  for (size_t i = 0; i < o.devices.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      DSEEK_CHECK(o.devices[i] != o.devices[j], "cuda train: GPU {} listed twice", o.devices[i]);
  return cu::make_data_parallel_train_device(p, o);
}

}  // namespace dseek
