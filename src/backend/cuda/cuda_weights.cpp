// cuda_weights.cpp — building DeviceWeights: upload of a loaded checkpoint (in
// its stored dtype; F16 widened to F32) or seeded random weights made on the
// device (benchmark presets with real DeepSeek-V3 shapes that no file holds).
#include "backend/cuda/cuda_weights.h"

#include <algorithm>
#include <memory>

#include "backend/cpu/ref_ops.h"
#include "core/progress.h"

namespace dseek::cuda {
namespace {

int wtype_of(DType t) {
  switch (t) {
    case DType::F32: return cu::kF32;
    case DType::BF16: return cu::kBF16;
    case DType::F8_E4M3: return cu::kFP8;
    default: return -1;
  }
}

size_t wsize(int wt) { return wt == cu::kF32 ? 4 : wt == cu::kBF16 ? 2 : 1; }

class Builder {
 public:
  Builder(DeviceWeights& dw, const ModelConfig& cfg, const ModelWeights* host, DType dtype, uint64_t seed,
          cudaStream_t s, Progress* prog, const ExpertSlice& es)
      : dw_(dw), cfg_(cfg), host_(host), dtype_(dtype), seed_(seed), s_(s), prog_(prog), es_(es) {}

  // An MLP another GPU holds: its random seeds are drawn all the same (so every
  // held tensor gets the whole model's weights) and its bytes count as loaded.
  void skip_mlp(const MLPWeights* h) {
    counter_ += 3;
    if (h && prog_)
      for (const Linear* l : {&h->gate_proj, &h->up_proj, &h->down_proj})
        prog_->add(int64_t(l->weight.nbytes + l->scale_inv.nbytes));
  }

  void* alloc(size_t bytes) {
    try {
      dw_.mem.emplace_back(bytes);
    } catch (const std::exception& e) {
      (void)cudaGetLastError();
      size_t free = 0, total = 0;
      (void)cudaMemGetInfo(&free, &total);
      DSEEK_FAIL("the model's weights do not fit on this GPU: {:.1f} GB placed, {:.2f} GB more requested, {:.1f} GB "
                 "free of {:.1f} GB; split the routed experts over several GPUs (--gpus 0,1,...) or use FP8 "
                 "weights ({})", double(dw_.bytes) / 1e9, double(bytes) / 1e9, double(free) / 1e9,
                 double(total) / 1e9, e.what());
    }
    dw_.bytes += bytes;
    return dw_.mem.back().as();
  }

  void put(void* dst, const void* src, size_t bytes) {
    DSEEK_CUDA_CHECK(cudaMemcpy(dst, src, bytes, cudaMemcpyHostToDevice));
    if (prog_) prog_->add(int64_t(bytes));
  }

  // A projection: from the checkpoint, or random of the build dtype (`rnd` overrides it).
  DLinear linear(const Linear* h, int64_t out, int64_t in, DType rnd = DType::U8) {
    DLinear d;
    d.out = out;
    d.in = in;
    dw_.max_in = std::max(dw_.max_in, in);
    if (host_) {
      DSEEK_CHECK(h && !h->weight.empty(), "CUDA upload: missing weight [{}, {}]", out, in);
      const TensorView& w = h->weight;
      d.wt = wtype_of(w.dtype);
      if (d.wt < 0) {  // F16 (or other float types): widen to F32
        std::vector<float> f = ref::to_f32(w);
        d.wt = cu::kF32;
        void* p = alloc(f.size() * 4);
        put(p, f.data(), f.size() * 4);
        d.w = p;
      } else {
        void* p = alloc(w.nbytes);
        put(p, w.data, w.nbytes);
        d.w = p;
      }
      if (d.wt == cu::kFP8) {
        DSEEK_CHECK(h->block_n == 128 && h->block_k == 128, "CUDA backend: FP8 blocks must be 128x128, got {}x{}",
                    h->block_n, h->block_k);
        std::vector<float> sc = ref::to_f32(h->scale_inv);
        DSEEK_CHECK_EQ(int64_t(sc.size()), ((out + 127) / 128) * ((in + 127) / 128), "FP8 scale_inv elements");
        void* p = alloc(sc.size() * 4);
        put(p, sc.data(), sc.size() * 4);
        d.scale = static_cast<const float*>(p);
        dw_.max_fp8_elems = std::max(dw_.max_fp8_elems, out * in);
        add_l4(d);
      }
      return d;
    }
    const DType dt = rnd == DType::U8 ? dtype_ : rnd;
    d.wt = wtype_of(dt);
    void* p = alloc(size_t(out * in) * wsize(d.wt));
    float* sc = nullptr;
    if (d.wt == cu::kFP8) {
      sc = static_cast<float*>(alloc(size_t(((out + 127) / 128) * ((in + 127) / 128)) * 4));
      dw_.max_fp8_elems = std::max(dw_.max_fp8_elems, out * in);
    }
    cu::fill_random(d, p, sc, 0.0346f, next_seed(), s_);  // uniform, std 0.02
    if (d.wt == cu::kFP8) add_l4(d);
    return d;
  }

  // The scales in cuBLASLt's padded 128x128 layout (the FP8 tensor-core GEMM of prefill).
  void add_l4(DLinear& d) {
    const int64_t nb = (d.out + 127) / 128, L = (d.in + 127) / 128, L4 = (L + 3) / 4 * 4;
    float* p = static_cast<float*>(alloc(size_t(nb * L4) * 4));
    cu::repack_scales_l4(d.scale, nb, L, L4, p, s_);
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    d.scale_l4 = p;
  }

  // A vector kept in fp32 (norm weights, the correction bias).
  const float* vec(const TensorView* h, int64_t n, float lo, float hi) {
    float* p = static_cast<float*>(alloc(size_t(n) * 4));
    if (host_) {
      DSEEK_CHECK(h && !h->empty(), "CUDA upload: missing vector of {} values", n);
      std::vector<float> f = ref::to_f32(*h);
      DSEEK_CHECK_EQ(int64_t(f.size()), n, "vector length");
      put(p, f.data(), f.size() * 4);
    } else {
      cu::fill_random_f32(p, n, lo, hi, next_seed(), s_);
    }
    return p;
  }

  const DLinear* table(const std::vector<DLinear>& v) {
    void* p = alloc(v.size() * sizeof(DLinear));
    DSEEK_CUDA_CHECK(cudaMemcpy(p, v.data(), v.size() * sizeof(DLinear), cudaMemcpyHostToDevice));
    return static_cast<const DLinear*>(p);
  }

  DMLP mlp(const MLPWeights* h, int64_t inter) {
    const int64_t Hd = cfg_.hidden_size;
    DMLP m;
    m.gate_proj = linear(h ? &h->gate_proj : nullptr, inter, Hd);
    m.up_proj = linear(h ? &h->up_proj : nullptr, inter, Hd);
    m.down_proj = linear(h ? &h->down_proj : nullptr, Hd, inter);
    m.tab = table({m.gate_proj, m.up_proj, m.down_proj});
    return m;
  }

  DLayer layer(int64_t L, const LayerWeights* h) {
    const ModelConfig& c = cfg_;
    const int64_t Hd = c.hidden_size, H = c.num_attention_heads;
    const DType small = dtype_ == DType::F32 ? DType::F32 : DType::BF16;
    DLayer d;
    d.input_layernorm = vec(h ? &h->input_layernorm : nullptr, Hd, 0.9f, 1.1f);
    d.post_attention_layernorm = vec(h ? &h->post_attention_layernorm : nullptr, Hd, 0.9f, 1.1f);
    const MLAWeights* a = h ? &h->self_attn : nullptr;
    if (c.has_q_lora()) {
      d.q_a_proj = linear(a ? &a->q_a_proj : nullptr, c.q_lora_rank, Hd);
      d.q_a_layernorm = vec(a ? &a->q_a_layernorm : nullptr, c.q_lora_rank, 0.9f, 1.1f);
      d.q_b_proj = linear(a ? &a->q_b_proj : nullptr, H * c.qk_head_dim(), c.q_lora_rank);
    } else {
      d.q_proj = linear(a ? &a->q_proj : nullptr, H * c.qk_head_dim(), Hd);
    }
    d.kv_a_proj_with_mqa = linear(a ? &a->kv_a_proj_with_mqa : nullptr, c.kv_lora_rank + c.qk_rope_head_dim, Hd);
    d.kv_a_layernorm = vec(a ? &a->kv_a_layernorm : nullptr, c.kv_lora_rank, 0.9f, 1.1f);
    d.kv_b_proj = linear(a ? &a->kv_b_proj : nullptr, H * (c.qk_nope_head_dim + c.v_head_dim), c.kv_lora_rank);
    d.o_proj = linear(a ? &a->o_proj : nullptr, Hd, H * c.v_head_dim);
    d.is_moe = c.is_moe_layer(L);
    if (!d.is_moe) {
      d.mlp = mlp(h ? &h->mlp : nullptr, c.intermediate_size);
      return d;
    }
    const MoEWeights* m = h ? &h->moe : nullptr;
    const int64_t E = c.n_routed_experts, I = c.moe_intermediate_size;
    if (m) {
      const Linear g = linear_view(m->gate, E, Hd);
      d.gate = linear(&g, E, Hd);
      if (!m->e_score_correction_bias.empty()) d.e_score_correction_bias = vec(&m->e_score_correction_bias, E, 0, 0);
    } else {
      d.gate = linear(nullptr, E, Hd, small);
      if (c.is_v3()) d.e_score_correction_bias = vec(nullptr, E, -0.01f, 0.01f);
    }
    std::vector<DLinear> gt, ut, dt;
    const int64_t lo = std::max<int64_t>(0, es_.lo), hi = std::min(E, es_.hi);
    DSEEK_CHECK(lo < hi, "CUDA backend: expert slice [{}, {}) of layer {} holds no expert of {}", es_.lo, es_.hi, L, E);
    for (int64_t e = 0; e < E; ++e) {
      const MLPWeights* ew = m ? &m->experts[size_t(e)] : nullptr;
      if (e < lo || e >= hi) {
        skip_mlp(ew);
        gt.emplace_back();
        ut.emplace_back();
        dt.emplace_back();
        continue;
      }
      gt.push_back(linear(ew ? &ew->gate_proj : nullptr, I, Hd));
      ut.push_back(linear(ew ? &ew->up_proj : nullptr, I, Hd));
      dt.push_back(linear(ew ? &ew->down_proj : nullptr, Hd, I));
      DSEEK_CHECK(gt.back().wt == gt[size_t(lo)].wt && ut.back().wt == gt[size_t(lo)].wt &&
                      dt.back().wt == gt[size_t(lo)].wt,
                  "CUDA backend: experts of layer {} mix weight dtypes", L);
    }
    for (int64_t e = 0; e < E; ++e)  // another GPU's experts: the shape and dtype, no weights
      if (e < lo || e >= hi) {
        for (auto* v : {&gt, &ut, &dt}) {
          DLinear& x = (*v)[size_t(e)];
          x = (*v)[size_t(lo)];
          x.w = nullptr;
          x.scale = x.scale_l4 = nullptr;
        }
      }
    d.gate_h = gt;
    d.up_h = ut;
    d.down_h = dt;
    d.gate_tab = table(gt);
    d.up_tab = table(ut);
    d.down_tab = table(dt);
    d.expert_gate_shape = gt[size_t(lo)];
    d.expert_down_shape = dt[size_t(lo)];
    d.has_shared = m ? m->has_shared : c.n_shared_experts > 0;
    if (d.has_shared && !es_.shared) {
      skip_mlp(m ? &m->shared_experts : nullptr);
      d.has_shared = false;  // another GPU adds them
    } else if (d.has_shared) {
      d.shared_experts = mlp(m ? &m->shared_experts : nullptr, I * c.n_shared_experts);
    }
    return d;
  }

  void build() {
    const ModelConfig& c = cfg_;
    const int64_t Hd = c.hidden_size, V = c.vocab_size;
    const DType small = dtype_ == DType::F32 ? DType::F32 : DType::BF16;
    if (host_) {
      const Linear e = linear_view(host_->embed_tokens, V, Hd);
      dw_.embed_tokens = linear(&e, V, Hd);
      DSEEK_CHECK(dw_.embed_tokens.wt != cu::kFP8, "CUDA backend: an FP8 embedding table is not supported");
    } else {
      dw_.embed_tokens = linear(nullptr, V, Hd, small);
    }
    for (int64_t L = 0; L < c.num_hidden_layers; ++L)
      dw_.layers.push_back(layer(L, host_ ? &host_->layers[size_t(L)] : nullptr));
    dw_.norm = vec(host_ ? &host_->norm : nullptr, Hd, 0.9f, 1.1f);
    dw_.lm_head = linear(host_ ? &host_->lm_head : nullptr, V, Hd, small);
    const size_t nmtp = host_ ? host_->mtp.size() : size_t(c.num_nextn_predict_layers);
    for (size_t d = 0; d < nmtp; ++d) {
      const MTPWeights* h = host_ ? &host_->mtp[d] : nullptr;
      DMTP t;
      t.enorm = vec(h ? &h->enorm : nullptr, Hd, 0.9f, 1.1f);
      t.hnorm = vec(h ? &h->hnorm : nullptr, Hd, 0.9f, 1.1f);
      t.eh_proj = linear(h ? &h->eh_proj : nullptr, Hd, 2 * Hd);
      t.layer = layer(c.num_hidden_layers + int64_t(d), h ? &h->layer : nullptr);
      t.shared_head_norm = vec(h ? &h->shared_head_norm : nullptr, Hd, 0.9f, 1.1f);
      t.shared_head_head = h ? linear(&h->shared_head_head, V, Hd) : dw_.lm_head;
      dw_.mtp.push_back(t);
    }
  }

 private:
  uint64_t next_seed() { return seed_ * 1000003ull + ++counter_; }
  DeviceWeights& dw_;
  const ModelConfig& cfg_;
  const ModelWeights* host_;
  DType dtype_;
  uint64_t seed_, counter_ = 0;
  cudaStream_t s_;
  Progress* prog_;
  ExpertSlice es_;
};

}  // namespace

DeviceWeights upload_weights(const Model& m, bool progress, const ExpertSlice& es) {
  DeviceWeights dw;
  size_t total = 0;
  if (m.ckpt)
    for (const std::string& name : m.ckpt->names()) total += m.ckpt->get(name).nbytes;
  std::unique_ptr<Progress> prog;
  if (progress) prog = std::make_unique<Progress>("upload", int64_t(total), "B");
  Builder b(dw, m.cfg, &m.w, DType::BF16, 0, nullptr, prog.get(), es);
  b.build();
  if (prog) prog->done();
  return dw;
}

DeviceWeights random_weights(const ModelConfig& cfg, DType dtype, uint64_t seed, cudaStream_t s,
                             const ExpertSlice& es) {
  DSEEK_CHECK(dtype == DType::F32 || dtype == DType::BF16 || dtype == DType::F8_E4M3,
              "random CUDA weights: dtype must be F32, BF16 or F8_E4M3, got {}", dtype_name(dtype));
  DeviceWeights dw;
  Builder b(dw, cfg, nullptr, dtype, seed, s, nullptr, es);
  b.build();
  DSEEK_CUDA_CHECK(cudaStreamSynchronize(s));
  return dw;
}

}  // namespace dseek::cuda
