// cuda_model.cpp — the forward pass on the GPU (see cuda_model.h): the same
// layer sequence as model/forward.cpp (pre-norm MLA + MLP/MoE, residuals,
// final norm, head; the MTP module), run as kernels on one stream over
// device-resident weights, activations and the paged latent cache. Few rows
// (decode) use the weight-streaming GEMV kernels; more rows use cuBLAS.
// What it is not: the kernels (k_*.cu) or the weight builders (cuda_weights.cpp).
#include "backend/cuda/cuda_model.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <tuple>

#include <fmt/format.h>

#include "backend/cuda/cuda_linear.h"
#include "backend/cuda/cuda_model_ep.h"
#include "backend/cuda/cuda_weights.h"
#include "model/mla.h"
#include "model/rope.h"

namespace dseek {

namespace cu {
void check_launch_impl(const char* file, int line, cudaError_t e) {
  if (e != cudaSuccess)
    throw_error(file, line, fmt::format("CUDA kernel launch failed: {} ({})", cudaGetErrorName(e), cudaGetErrorString(e)));
}
}  // namespace cu

bool cuda_built() { return true; }

int cuda_device_count() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    (void)cudaGetLastError();
    return 0;
  }
  return n;
}

std::string cuda_device_name(int device) {
  cudaDeviceProp p{};
  if (cudaGetDeviceProperties(&p, device) != cudaSuccess) return "unknown";
  return fmt::format("{} (sm_{}{}, {} SMs, {:.0f} GiB)", p.name, p.major, p.minor, p.multiProcessorCount,
                     double(p.totalGlobalMem) / double(1ull << 30));
}

namespace cuda {
namespace {

using cu::DLinear;

class Impl final : public CudaModel {
 public:
  Impl(const ModelConfig& cfg, const CudaModelOptions& opt, const EpShard& ep = {}) : cfg_(cfg), opt_(opt), ep_(ep) {
    DSEEK_CHECK(ep.world == 1 || ep.all_reduce, "CUDA expert-parallel shard {} of {}: no all-reduce", ep.rank, ep.world);
    const int n = cuda_device_count();
    DSEEK_CHECK(n > 0, "no CUDA device is available (cudaGetDeviceCount found none)");
    DSEEK_CHECK(opt.device >= 0 && opt.device < n, "CUDA device {} does not exist ({} device(s))", opt.device, n);
    DSEEK_CHECK(opt.max_step_tokens > 0 && opt.max_seqs > 0 && opt.cache_tokens > 0, "CUDA options must be positive");
    DSEEK_CHECK(cfg.kv_lora_rank <= 512 && cfg.qk_rope_head_dim <= 256 && cfg.qk_rope_head_dim % 2 == 0,
                "CUDA backend: kv_lora_rank <= 512 and an even qk_rope_head_dim <= 256 are supported, got {} / {}",
                cfg.kv_lora_rank, cfg.qk_rope_head_dim);
    DSEEK_CHECK(cfg.n_routed_experts == 0 || (cfg.num_experts_per_tok <= 32 && cfg.n_group <= 64 &&
                                              cfg.n_routed_experts <= 1024),
                "CUDA backend: top-k <= 32, n_group <= 64 and <= 1024 routed experts are supported");
    DSEEK_CUDA_CHECK(cudaSetDevice(opt.device));
    DSEEK_CUDA_CHECK(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking));
    cudaDeviceProp p{};
    DSEEK_CUDA_CHECK(cudaGetDeviceProperties(&p, opt.device));
    sms_ = p.multiProcessorCount;
    device_ = cuda_device_name(opt.device);
  }
  ~Impl() override {
    for (auto& [k, g] : graphs_) cudaGraphExecDestroy(g);
    if (pinned_) cudaFreeHost(pinned_);
    lin_.reset();
    if (s_) cudaStreamDestroy(s_);
  }

  void finish_init(DeviceWeights&& w) {
    w_ = std::move(w);
    const ModelConfig& c = cfg_;
    const int64_t T = opt_.max_step_tokens, Hd = c.hidden_size, H = c.num_attention_heads;
    const int64_t R = c.kv_lora_rank, dr = c.qk_rope_head_dim, dq = c.qk_head_dim(), dv = c.v_head_dim;
    const int64_t E = std::max<int64_t>(c.n_routed_experts, 1), K = std::max<int64_t>(c.num_experts_per_tok, 1);
    const int64_t inter = std::max(c.intermediate_size, c.moe_intermediate_size * std::max<int64_t>(c.n_shared_experts, 1));
    auto f = [&](int64_t n) { scratch_bytes_ += size_t(n) * 4; return DevMem(size_t(n) * 4); };
    h_ = f(T * Hd); x_ = f(T * Hd); y_ = f(T * Hd); hn_ = f(T * Hd); e_ = f(T * Hd); cat_ = f(T * 2 * Hd);
    qa_ = f(T * std::max<int64_t>(c.q_lora_rank, 1)); q_ = f(T * H * dq); kv_ = f(T * (R + dr));
    qlat_ = f(T * H * R); olat_ = f(T * H * R); att_ = f(T * H * dv);
    part_cap_ = std::max<int64_t>(int64_t(16) << 20, H * (R + 2) * 4);
    part_ = f(part_cap_);
    Linears::Options lo;
    lo.split_floats = 8 * std::max<int64_t>({Hd, int64_t(c.q_lora_rank), R + c.qk_rope_head_dim,
                                            std::max<int64_t>(c.n_routed_experts, 1)});  // K-split GEMV partials
    lo.fp8_lt = opt_.fp8_cublaslt;
    lin_ = std::make_unique<Linears>(s_, lo);
    g_ = f(T * inter); u_ = f(T * inter);
    if (c.n_routed_experts > 0) {
      rlog_ = f(T * E); tkw_ = f(T * K); tki_ = f(T * K); pos_ = f(T * K);
      counts_ = f(E); fill_ = f(E); offs_ = f(E + 1); active_ = f(E + 1);
      xs_ = f(T * K * Hd); ys_ = f(T * K * Hd); hs_ = f(T * K * c.moe_intermediate_size);
    }
    // Step integers: tokens, row_seg, row_pos (T each), last rows / ids (T), pages.
    max_pages_ = (c.max_position_embeddings + cu::kPageTokens - 1) / cu::kPageTokens;
    ints_cap_ = 4 * T + int64_t(std::min<int64_t>(opt_.max_seqs, T)) * max_pages_;
    ints_ = DevMem(size_t(ints_cap_) * 4);
    DSEEK_CUDA_CHECK(cudaMallocHost(reinterpret_cast<void**>(&pinned_), size_t(ints_cap_) * 4));
    // Latent cache pages.
    layers_total_ = int(c.num_hidden_layers + int64_t(w_.mtp.size()));
    const int64_t pages = (opt_.cache_tokens + cu::kPageTokens - 1) / cu::kPageTokens;
    cv_.bf16 = opt_.cache_bf16;
    cv_.layers = layers_total_;
    cv_.R = int(R);
    cv_.dr = int(dr);
    cache_ = DevMem(size_t(pages * cv_.page_elems()) * (cv_.bf16 ? 2 : 4));
    cv_.data = cache_.as();
    for (int64_t p = pages - 1; p >= 0; --p) free_pages_.push_back(int(p));
    seqs_.resize(size_t(opt_.max_seqs));
    // RoPE / softmax scale, as the CPU path computes them.
    const RopeTable rt = make_rope_table(c);
    inv_freq_ = DevMem(rt.inv_freq.size() * 4);
    DSEEK_CUDA_CHECK(cudaMemcpy(inv_freq_.as(), rt.inv_freq.data(), rt.inv_freq.size() * 4, cudaMemcpyHostToDevice));
    rope_ = {inv_freq_.as<float>(), rt.attention_factor, rt.interleave};
    scale_ = attention_softmax_scale(c);
    rp_.E = int(c.n_routed_experts);
    rp_.K = int(c.num_experts_per_tok);
    rp_.n_group = int(std::max<int64_t>(c.n_group, 1));
    rp_.topk_group = int(std::max<int64_t>(c.topk_group, 1));
    rp_.v3 = c.is_v3();
    rp_.group_limited = c.topk_method == "group_limited_greedy";
    rp_.norm_topk = c.norm_topk_prob;
    rp_.scaling = float(c.routed_scaling_factor);
    rp_.e_lo = int(std::min<int64_t>(ep_.slice.lo, c.n_routed_experts));
    rp_.e_hi = int(std::min<int64_t>(ep_.slice.hi, c.n_routed_experts));
    cu::latent_attention_init(cv_);
    logits_buf(std::max(kGemvRows, opt_.max_seqs));  // the decode graphs' rows: no re-allocation under them
    DSEEK_CUDA_CHECK(cudaDeviceSynchronize());
  }

  const ModelConfig& config() const override { return cfg_; }
  bool has_mtp() const override { return !w_.mtp.empty(); }
  int64_t max_step_tokens() const override { return opt_.max_step_tokens; }
  CudaStats stats() const override {
    return {w_.bytes, cache_.bytes(), scratch_bytes_ + ints_.bytes(), device_};
  }

  int new_sequence() override {
    for (size_t i = 0; i < seqs_.size(); ++i)
      if (!seqs_[i].alive) {
        seqs_[i] = Seq{true, {}, std::vector<int64_t>(size_t(layers_total_), 0)};
        return int(i);
      }
    DSEEK_FAIL("CUDA model: all {} sequence slots are in use (raise max_seqs)", seqs_.size());
  }
  void free_sequence(int seq) override {
    Seq& s = get(seq);
    for (int p : s.pages) free_pages_.push_back(p);
    s = Seq{};
  }
  int64_t length(int seq, int64_t layer) const override {
    DSEEK_CHECK(seq >= 0 && size_t(seq) < seqs_.size() && seqs_[size_t(seq)].alive, "no live sequence {}", seq);
    DSEEK_CHECK(layer >= 0 && layer < layers_total_, "cache layer {} out of [0, {})", layer, layers_total_);
    return seqs_[size_t(seq)].len[size_t(layer)];
  }
  size_t cache_bytes(int seq) const override {
    DSEEK_CHECK(seq >= 0 && size_t(seq) < seqs_.size() && seqs_[size_t(seq)].alive, "no live sequence {}", seq);
    return seqs_[size_t(seq)].pages.size() * size_t(cv_.page_elems()) * (cv_.bf16 ? 2 : 4);
  }
  void truncate(int seq, int64_t n) override {
    Seq& s = get(seq);
    int64_t mx = 0;
    for (int64_t& l : s.len) mx = std::max(mx, l = std::min(l, std::max<int64_t>(n, 0)));
    const size_t keep = size_t((mx + cu::kPageTokens - 1) / cu::kPageTokens);
    while (s.pages.size() > keep) {
      free_pages_.push_back(s.pages.back());
      s.pages.pop_back();
    }
  }

  std::vector<float> forward(std::span<const int32_t> tokens, std::span<const CudaSegment> segs, bool all_logits,
                             std::vector<float>* hidden) override {
    const bool graph = !all_logits && graphable(tokens, segs) && !opt_.profile;
    const Step st = setup(tokens, segs, 0, graph ? keys_bucket(segs) : 0);
    const int rows = all_logits ? st.T : st.nseg;
    float* lg = logits_buf(rows);
    if (graph) {
      replay(st, false);
    } else {
      upload(st);
      run_main(st);
      linear(w_.lm_head, select_rows(st, all_logits), rows, lg);
    }
    std::vector<float> logits(size_t(rows) * size_t(cfg_.vocab_size));
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(logits.data(), lg, logits.size() * 4, cudaMemcpyDeviceToHost, s_));
    if (hidden) {
      hidden->resize(size_t(st.T) * size_t(cfg_.hidden_size));
      DSEEK_CUDA_CHECK(cudaMemcpyAsync(hidden->data(), hn_.as(), hidden->size() * 4, cudaMemcpyDeviceToHost, s_));
    }
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    collect_marks();
    commit(st, segs, 0, int(cfg_.num_hidden_layers));
    return logits;
  }

  std::vector<int32_t> forward_greedy(std::span<const int32_t> tokens, std::span<const CudaSegment> segs) override {
    const bool graph = graphable(tokens, segs) && !opt_.profile;
    const Step st = setup(tokens, segs, 0, graph ? keys_bucket(segs) : 0);
    logits_buf(st.nseg);
    if (graph) {
      replay(st, true);
    } else {
      upload(st);
      run_main(st);
      greedy_tail(st);
    }
    std::vector<int32_t> out(size_t(st.nseg));
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(out.data(), ids(), out.size() * 4, cudaMemcpyDeviceToHost, s_));
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    collect_marks();
    commit(st, segs, 0, int(cfg_.num_hidden_layers));
    return out;
  }

  std::vector<float> mtp_forward(int depth, std::span<const int32_t> next_tokens, const float* hidden,
                                 std::span<const CudaSegment> segs, bool all_logits) override {
    DSEEK_CHECK(depth >= 0 && size_t(depth) < w_.mtp.size(), "model has {} MTP module(s), asked for #{}",
                w_.mtp.size(), depth);
    const DMTP& m = w_.mtp[size_t(depth)];
    const int layer = int(cfg_.num_hidden_layers) + depth;
    const Step st = setup(next_tokens, segs, layer);
    upload(st);
    const int64_t Hd = cfg_.hidden_size;
    const float eps = float(cfg_.rms_norm_eps);
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(y_.as(), hidden, size_t(st.T * Hd) * 4, cudaMemcpyHostToDevice, s_));
    cu::embed(w_.embed_tokens.w, w_.embed_tokens.wt, st.tokens, st.T, Hd, e_.as<float>(), s_);
    cu::rmsnorm(e_.as<float>(), Hd, m.enorm, eps, st.T, Hd, e_.as<float>(), Hd, s_);
    cu::rmsnorm(y_.as<float>(), Hd, m.hnorm, eps, st.T, Hd, x_.as<float>(), Hd, s_);
    cu::concat2(e_.as<float>(), x_.as<float>(), st.T, Hd, cat_.as<float>(), s_);
    linear(m.eh_proj, cat_.as<float>(), st.T, h_.as<float>());
    run_layer(m.layer, layer, st);
    cu::rmsnorm(h_.as<float>(), Hd, m.shared_head_norm, eps, st.T, Hd, hn_.as<float>(), Hd, s_);
    const float* src = select_rows(st, all_logits);
    std::vector<float> logits = head(m.shared_head_head, src, all_logits ? st.T : st.nseg);
    collect_marks();
    commit(st, segs, layer, layer + 1);
    return logits;
  }

  void synchronize() override { DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_)); }

 private:
  struct Seq {
    bool alive = false;
    std::vector<int> pages;
    std::vector<int64_t> len;  // per cache layer
  };
  struct Step {
    int T = 0, nseg = 0, max_keys = 0;
    size_t bytes = 0;                 // of the integer upload
    const int32_t* tokens = nullptr;  // device
    const int32_t* last = nullptr;    // device [nseg]: last row of each segment
    cu::RowMap rm;
  };

  // Decode steps (one row per sequence, GEMV path) replay a captured CUDA graph.
  bool graphable(std::span<const int32_t> tokens, std::span<const CudaSegment> segs) const {
    if (!opt_.cuda_graphs || int64_t(tokens.size()) > kGemvRows || int64_t(tokens.size()) != int64_t(segs.size()))
      return false;
    for (const CudaSegment& sg : segs)
      if (sg.rows != 1) return false;
    return true;
  }
  // Keys after this step, rounded up to 1024 (one graph per bucket and batch size).
  int64_t keys_bucket(std::span<const CudaSegment> segs) const {
    int64_t mx = 1;
    for (const CudaSegment& sg : segs)
      if (sg.seq >= 0 && size_t(sg.seq) < seqs_.size() && seqs_[size_t(sg.seq)].alive)
        mx = std::max(mx, seqs_[size_t(sg.seq)].len[0] + 1);
    const int64_t b = (mx + 1023) / 1024 * 1024;
    return std::min(b, (cfg_.max_position_embeddings + cu::kPageTokens - 1) / cu::kPageTokens * cu::kPageTokens);
  }
  int32_t* ids() const { return ints_.as<int32_t>() + 3 * opt_.max_step_tokens; }  // over the consumed last-row list
  void greedy_tail(const Step& st) {
    float* lg = logits_.as<float>();
    mark("final norm");
    linear(w_.lm_head, select_rows(st, false), st.nseg, lg);
    mark("lm_head");
    cu::argmax_rows(lg, st.nseg, cfg_.vocab_size, ids(), part_.as<float>(), s_);
    mark("argmax");
  }

  // Profiling (opt_.profile, no graphs): an event after each stage; times
  // accumulate per stage name between consecutive marks.
  void mark(const char* name) {
    if (!opt_.profile) return;
    cudaEvent_t e;
    DSEEK_CUDA_CHECK(cudaEventCreate(&e));
    DSEEK_CUDA_CHECK(cudaEventRecord(e, s_));
    marks_.emplace_back(name, e);
  }
  void collect_marks() {
    if (marks_.empty()) return;
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    for (size_t i = 1; i < marks_.size(); ++i) {
      float ms = 0;
      DSEEK_CUDA_CHECK(cudaEventElapsedTime(&ms, marks_[i - 1].second, marks_[i].second));
      profile_[marks_[i].first] += ms;
    }
    for (auto& [n, e] : marks_) cudaEventDestroy(e);
    marks_.clear();
  }

 public:
  std::vector<std::pair<std::string, double>> profile() const override {
    return {profile_.begin(), profile_.end()};
  }

 private:
  void replay(const Step& st, bool greedy) {
    const auto key = std::make_tuple(st.T, st.max_keys, greedy);
    auto it = graphs_.find(key);
    if (it == graphs_.end()) {
      DSEEK_CUDA_CHECK(cudaStreamBeginCapture(s_, cudaStreamCaptureModeThreadLocal));
      cudaGraph_t g = nullptr;
      try {
        upload(st);
        run_main(st);
        if (greedy) greedy_tail(st);
        else linear(w_.lm_head, select_rows(st, false), st.nseg, logits_.as<float>());
      } catch (...) {
        cudaStreamEndCapture(s_, &g);
        if (g) cudaGraphDestroy(g);
        throw;
      }
      DSEEK_CUDA_CHECK(cudaStreamEndCapture(s_, &g));
      cudaGraphExec_t exec = nullptr;
      const cudaError_t e = cudaGraphInstantiate(&exec, g, 0);
      cudaGraphDestroy(g);
      DSEEK_CUDA_CHECK(e);
      it = graphs_.emplace(key, exec).first;
    }
    DSEEK_CUDA_CHECK(cudaGraphLaunch(it->second, s_));
  }

  Seq& get(int seq) {
    DSEEK_CHECK(seq >= 0 && size_t(seq) < seqs_.size() && seqs_[size_t(seq)].alive, "no live sequence {}", seq);
    return seqs_[size_t(seq)];
  }

  // Validates the call, gives each sequence the pages it needs, and uploads the
  // step's integers (one copy).
  Step setup(std::span<const int32_t> tokens, std::span<const CudaSegment> segs, int layer, int64_t keys_bucket = 0) {
    const int64_t T = int64_t(tokens.size());
    DSEEK_CHECK(T > 0, "empty token sequence");
    DSEEK_CHECK(T <= opt_.max_step_tokens, "{} rows in one forward call exceed max_step_tokens {} (chunk the prompt)", T,
                opt_.max_step_tokens);
    DSEEK_CHECK(!segs.empty() && int64_t(segs.size()) <= std::min<int64_t>(T, opt_.max_seqs), "bad segment count {}",
                segs.size());
    int64_t rows = 0, pstride = 1, max_keys = 0;
    for (size_t i = 0; i < segs.size(); ++i) {
      const CudaSegment& sg = segs[i];
      Seq& s = get(sg.seq);
      for (size_t j = 0; j < i; ++j) DSEEK_CHECK(segs[j].seq != sg.seq, "sequence {} appears twice in one step", sg.seq);
      DSEEK_CHECK(sg.rows > 0, "segment of sequence {} has no rows", sg.seq);
      const int64_t end = s.len[size_t(layer)] + sg.rows;
      DSEEK_CHECK(end <= cfg_.max_position_embeddings,
                  "context of {} tokens exceeds the model's max_position_embeddings ({})", end,
                  cfg_.max_position_embeddings);
      const size_t need = size_t((end + cu::kPageTokens - 1) / cu::kPageTokens);
      while (s.pages.size() < need) {
        DSEEK_CHECK(!free_pages_.empty(), "latent cache full: all {} tokens of cache are in use (raise cache_tokens)",
                    opt_.cache_tokens);
        s.pages.push_back(free_pages_.back());
        free_pages_.pop_back();
      }
      pstride = std::max<int64_t>(pstride, int64_t(s.pages.size()));
      max_keys = std::max(max_keys, end);
      rows += sg.rows;
    }
    DSEEK_CHECK(rows == T, "segments cover {} rows, the call has {} tokens", rows, T);
    if (keys_bucket > 0) {  // graph replay: shapes fixed per bucket (padding pages are never read)
      max_keys = keys_bucket;
      pstride = keys_bucket / cu::kPageTokens;
    }
    const int64_t nseg = int64_t(segs.size());
    DSEEK_CHECK(4 * opt_.max_step_tokens + nseg * pstride <= ints_cap_, "step page table too large");
    int32_t* tok = pinned_;
    int32_t* seg = pinned_ + opt_.max_step_tokens;
    int32_t* pos = pinned_ + 2 * opt_.max_step_tokens;
    int32_t* last = pinned_ + 3 * opt_.max_step_tokens;
    int32_t* pages = pinned_ + 4 * opt_.max_step_tokens;
    for (int64_t t = 0; t < T; ++t) {
      DSEEK_CHECK(tokens[size_t(t)] >= 0 && tokens[size_t(t)] < cfg_.vocab_size,
                  "token id {} at position {} is outside the vocabulary [0, {})", tokens[size_t(t)], t, cfg_.vocab_size);
      tok[t] = tokens[size_t(t)];
    }
    int64_t r = 0;
    for (int64_t i = 0; i < nseg; ++i) {
      const Seq& s = seqs_[size_t(segs[size_t(i)].seq)];
      const int64_t p0 = s.len[size_t(layer)];
      for (int64_t j = 0; j < segs[size_t(i)].rows; ++j, ++r) {
        seg[r] = int32_t(i);
        pos[r] = int32_t(p0 + j);
      }
      last[i] = int32_t(r - 1);
      for (int64_t j = 0; j < pstride; ++j) pages[i * pstride + j] = j < int64_t(s.pages.size()) ? s.pages[size_t(j)] : 0;
    }
    int32_t* d = ints_.as<int32_t>();
    Step st;
    // One copy (upload()): [tok | seg | pos | last] regions of max_step_tokens, then the pages.
    st.bytes = size_t(4 * opt_.max_step_tokens + nseg * pstride) * 4;
    st.T = int(T);
    st.nseg = int(nseg);
    st.max_keys = int(max_keys);
    st.tokens = d;
    st.last = d + 3 * opt_.max_step_tokens;
    st.rm = {d + opt_.max_step_tokens, d + 2 * opt_.max_step_tokens, d + 4 * opt_.max_step_tokens, int(pstride)};
    return st;
  }

  void upload(const Step& st) {
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(ints_.as(), pinned_, st.bytes, cudaMemcpyHostToDevice, s_));
  }

  void commit(const Step&, std::span<const CudaSegment> segs, int l0, int l1) {
    for (const CudaSegment& sg : segs)
      for (int l = l0; l < l1; ++l) seqs_[size_t(sg.seq)].len[size_t(l)] += sg.rows;
  }

  void run_main(const Step& st) {
    const int64_t Hd = cfg_.hidden_size;
    mark("");
    cu::embed(w_.embed_tokens.w, w_.embed_tokens.wt, st.tokens, st.T, Hd, h_.as<float>(), s_);
    mark("embed");
    for (size_t L = 0; L < w_.layers.size(); ++L) run_layer(w_.layers[L], int(L), st);
    cu::rmsnorm(h_.as<float>(), Hd, w_.norm, float(cfg_.rms_norm_eps), st.T, Hd, hn_.as<float>(), Hd, s_);
  }

  // hn_ rows for the head: all, or the last of each segment (gathered into x_).
  const float* select_rows(const Step& st, bool all) {
    if (all) return hn_.as<float>();
    cu::gather_rows(hn_.as<float>(), st.last, st.nseg, cfg_.hidden_size, x_.as<float>(), s_);
    return x_.as<float>();
  }

  float* logits_buf(int rows) {
    const size_t need = size_t(rows) * size_t(cfg_.vocab_size) * 4;
    if (logits_.bytes() < need) {
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
      // Captured graphs write the old buffer: they go with it (re-captured on their next use).
      for (auto& [k, g] : graphs_) cudaGraphExecDestroy(g);
      graphs_.clear();
      logits_ = DevMem(need);
    }
    return logits_.as<float>();
  }

  std::vector<float> head(const DLinear& w, const float* x, int rows) {
    float* lg = logits_buf(rows);
    linear(w, x, rows, lg);
    std::vector<float> out(size_t(rows) * size_t(cfg_.vocab_size));
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(out.data(), lg, out.size() * 4, cudaMemcpyDeviceToHost, s_));
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    return out;
  }

  // y[rows, out] = x[rows, in] · Wᵀ (cuda_linear: GEMV for few rows, tensor cores for many)
  void linear(const DLinear& w, const float* x, int rows, float* y) { lin_->linear(w, x, rows, y, opt_.prefill_cublas); }

  void mlp(const DMLP& m, const float* x, int T, float* out) {
    const int64_t I = m.gate_proj.out;
    if (T <= kGemvRows) {
      cu::grouped_swiglu(m.tab, m.tab + 1, m.gate_proj, 1, nullptr, nullptr, T, x, g_.as<float>(), s_);
      cu::grouped_linear(m.tab + 2, m.down_proj, 1, nullptr, nullptr, T, g_.as<float>(), out, s_);
      return;
    }
    linear(m.gate_proj, x, T, g_.as<float>());
    linear(m.up_proj, x, T, u_.as<float>());
    cu::silu_mul(g_.as<float>(), u_.as<float>(), int64_t(T) * I, g_.as<float>(), s_);
    linear(m.down_proj, g_.as<float>(), T, out);
  }

  void moe(const DLayer& l, const float* x, int T, float* out) {
    const ModelConfig& c = cfg_;
    const int E = int(c.n_routed_experts), K = int(c.num_experts_per_tok);
    const int64_t Hd = c.hidden_size;
    linear(l.gate, x, T, rlog_.as<float>());
    DSEEK_CUDA_CHECK(cudaMemsetAsync(counts_.as(), 0, size_t(E) * 4, s_));
    mark("moe: gate logits");
    cu::route(rlog_.as<float>(), l.e_score_correction_bias, T, rp_, tki_.as<int32_t>(), tkw_.as<float>(),
              counts_.as<int32_t>(), s_);
    cu::expert_offsets(counts_.as<int32_t>(), E, offs_.as<int32_t>(), fill_.as<int32_t>(), active_.as<int32_t>(), s_);
    mark("moe: route");
    cu::moe_scatter(x, tki_.as<int32_t>(), T, K, Hd, offs_.as<int32_t>(), fill_.as<int32_t>(), pos_.as<int32_t>(),
                    xs_.as<float>(), s_, rp_.e_lo, rp_.e_hi);
    mark("moe: permute");
    const int G = std::min(E, T * K), hint = T == 1 ? 1 : T * K;
    // Per-expert GEMMs pay off with many rows per expert; FP8 experts also pay a
    // dequantisation per expert, so they need ~16 rows per expert on average.
    const bool fp8 = l.expert_gate_shape.wt == cu::kFP8;
    if (opt_.prefill_cublas && T >= opt_.moe_gemm_min_tokens && (!fp8 || int64_t(T) * K >= opt_.moe_gemm_fp8_rows_per_expert * int64_t(E))) {
      experts_gemm(l, T);
    } else {
      cu::grouped_swiglu(l.gate_tab, l.up_tab, l.expert_gate_shape, G, offs_.as<int32_t>(), active_.as<int32_t>(),
                         hint, xs_.as<float>(), hs_.as<float>(), s_);
      cu::grouped_linear(l.down_tab, l.expert_down_shape, G, offs_.as<int32_t>(), active_.as<int32_t>(), hint,
                         hs_.as<float>(), ys_.as<float>(), s_);
    }
    mark("moe: routed experts");
    if (l.has_shared) mlp(l.shared_experts, x, T, out);
    mark("moe: shared expert");
    cu::moe_combine(ys_.as<float>(), pos_.as<int32_t>(), tkw_.as<float>(), T, K, Hd, l.has_shared, out, s_);
    if (ep_.world > 1) {  // expert parallelism: sum the GPUs' shares (identical result on every GPU)
      mark("moe: combine");
      ep_.all_reduce(out, size_t(T) * size_t(Hd), s_);
      mark("moe: all-reduce");
    }
  }

  // Prefill-sized MoE: the rows routed to each expert (contiguous after the
  // scatter) go through tensor-core GEMMs, one expert at a time (FP8 experts
  // dequantised to BF16 just before), which needs the per-expert offsets on
  // the host: one sync per MoE layer, never in a decode step.
  void experts_gemm(const DLayer& l, int T) {
    const ModelConfig& c = cfg_;
    const int E = int(c.n_routed_experts), K = int(c.num_experts_per_tok);
    const int64_t Hd = c.hidden_size, I = c.moe_intermediate_size, rows = int64_t(T) * K;
    const bool f32 = l.expert_gate_shape.wt == cu::kF32;
    if (!f32 && xsb_.bytes() < size_t(opt_.max_step_tokens * K * std::max(Hd, I)) * 2) {
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
      xsb_ = DevMem(size_t(opt_.max_step_tokens * K * std::max(Hd, I)) * 2);
    }
    if (us_.bytes() < size_t(opt_.max_step_tokens * K * I) * 4) {
      DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
      us_ = DevMem(size_t(opt_.max_step_tokens * K * I) * 4);
    }
    std::vector<int32_t> offs(size_t(E) + 1);
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(offs.data(), offs_.as(), offs.size() * 4, cudaMemcpyDeviceToHost, s_));
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    float* xs = xs_.as<float>();
    float* hs = hs_.as<float>();
    float* us = us_.as<float>();
    uint16_t* xb = xsb_.as<uint16_t>();
    if (!f32) cu::to_bf16(xs, rows * Hd, xb, s_);
    for (int e = 0; e < E; ++e) {
      const int r0 = offs[size_t(e)], n = offs[size_t(e) + 1] - r0;
      if (n == 0) continue;
      gemm_rows(l.gate_h[size_t(e)], xs + int64_t(r0) * Hd, xb + int64_t(r0) * Hd, n, hs + int64_t(r0) * I);
      gemm_rows(l.up_h[size_t(e)], xs + int64_t(r0) * Hd, xb + int64_t(r0) * Hd, n, us + int64_t(r0) * I);
    }
    cu::silu_mul(hs, us, rows * I, hs, s_);
    if (!f32) cu::to_bf16(hs, rows * I, xb, s_);
    for (int e = 0; e < E; ++e) {
      const int r0 = offs[size_t(e)], n = offs[size_t(e) + 1] - r0;
      if (n == 0) continue;
      gemm_rows(l.down_h[size_t(e)], hs + int64_t(r0) * I, xb + int64_t(r0) * I, n, ys_.as<float>() + int64_t(r0) * Hd);
    }
  }

  void gemm_rows(const DLinear& w, const float* x, const uint16_t* xb, int rows, float* y) {
    lin_->gemm(w, x, xb, rows, y);
  }

  // MLA's per-head products with kv_b for many rows, as strided-batched GEMMs over heads:
  //   absorb:   q_lat[t, h, :] = q_nope[t, h, :] · W_kb[h*(dn+dv) : +dn, :]
  //   unabsorb: att[t, h, :]   = o_lat[t, h, :] · W_kb[h*(dn+dv)+dn : +dv, :]ᵀ
  // (column-major view: per head an [R x T] or [dv x T] product). BF16 operands
  // (FP8 kv_b dequantised once per call) or fp32 for F32 weights.
  void head_gemm(const DLinear& kvb, bool absorb, int T) {
    const ModelConfig& c = cfg_;
    const int H = int(c.num_attention_heads), dn = int(c.qk_nope_head_dim), dv = int(c.v_head_dim);
    const int dq = int(c.qk_head_dim()), R = int(c.kv_lora_rank);
    const float one = 1.0f, zero = 0.0f;
    const int64_t wstride = int64_t(dn + dv) * R;
    const float* x = absorb ? q_.as<float>() : olat_.as<float>();
    float* y = absorb ? qlat_.as<float>() : att_.as<float>();
    const int m = absorb ? R : dv, k = absorb ? dn : R, ldb = absorb ? H * dq : H * R, ldc = absorb ? H * R : H * dv;
    const int64_t sb = absorb ? dq : R, sc = absorb ? R : dv, a0 = absorb ? 0 : int64_t(dn) * R;
    const cublasOperation_t ta = absorb ? CUBLAS_OP_N : CUBLAS_OP_T;
    if (kvb.wt == cu::kF32) {
      DSEEK_CUBLAS_CHECK(cublasSgemmStridedBatched(lin_->blas(), ta, CUBLAS_OP_N, m, T, k, &one,
                                                   static_cast<const float*>(kvb.w) + a0, R, wstride, x, ldb, sb, &zero,
                                                   y, ldc, sc, H));
      return;
    }
    const void* W = kvb.w;
    if (kvb.wt == cu::kFP8) {
      uint16_t* wb = lin_->weight_scratch(size_t(kvb.out * kvb.in));
      cu::fp8_to_bf16(kvb, wb, s_);
      W = wb;
    }
    const int64_t nx = int64_t(T) * (absorb ? H * dq : H * R);
    uint16_t* xb = lin_->bf16_scratch(size_t(nx));
    cu::to_bf16(x, nx, xb, s_);
    DSEEK_CUBLAS_CHECK(cublasGemmStridedBatchedEx(lin_->blas(), ta, CUBLAS_OP_N, m, T, k, &one,
                                                  static_cast<const uint16_t*>(W) + a0, CUDA_R_16BF, R, wstride, xb,
                                                  CUDA_R_16BF, ldb, sb, &zero, y, CUDA_R_32F, ldc, sc, H,
                                                  CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
  }

  int splits(int T, int max_keys) const {
    const int H = int(cfg_.num_attention_heads), R = int(cfg_.kv_lora_rank);
    const int blocks = T * ((H + 7) / 8), want = 2 * sms_;
    if (blocks >= want) return 1;
    int S = (want + blocks - 1) / blocks;
    S = std::min(S, (max_keys + 63) / 64);
    S = std::min<int64_t>(S, part_cap_ / (int64_t(T) * H * (R + 2)));
    return std::max(1, S);
  }

  void run_layer(const DLayer& l, int L, const Step& st) {
    const ModelConfig& c = cfg_;
    const int T = st.T, H = int(c.num_attention_heads), dn = int(c.qk_nope_head_dim), dv = int(c.v_head_dim);
    const int dq = int(c.qk_head_dim()), R = int(c.kv_lora_rank);
    const int64_t Hd = c.hidden_size;
    const float eps = float(c.rms_norm_eps);
    float* h = h_.as<float>();
    float* x = x_.as<float>();
    float* y = y_.as<float>();
    mark("residual+norm");
    cu::rmsnorm(h, Hd, l.input_layernorm, eps, T, Hd, x, Hd, s_);
    mark("residual+norm");
    if (c.has_q_lora()) {
      linear(l.q_a_proj, x, T, qa_.as<float>());
      cu::rmsnorm(qa_.as<float>(), c.q_lora_rank, l.q_a_layernorm, kLatentNormEps, T, c.q_lora_rank, qa_.as<float>(),
                  c.q_lora_rank, s_);
      linear(l.q_b_proj, qa_.as<float>(), T, q_.as<float>());
    } else {
      linear(l.q_proj, x, T, q_.as<float>());
    }
    linear(l.kv_a_proj_with_mqa, x, T, kv_.as<float>());
    mark("q/kv projections");
    cu::mla_prepare(kv_.as<float>(), l.kv_a_layernorm, kLatentNormEps, q_.as<float>(), T, H, dn, dq, cv_, L, st.rm,
                    rope_, s_);
    mark("norm/rope/cache write");
    const bool batched = opt_.prefill_cublas && T > kGemvRows;
    if (batched) head_gemm(l.kv_b_proj, true, T);
    else cu::absorb_q(l.kv_b_proj, q_.as<float>(), T, H, dn, dv, dq, qlat_.as<float>(), s_);
    mark("absorb W_UK");
    cu::latent_attention(qlat_.as<float>(), q_.as<float>(), dq, dn, T, H, cv_, L, st.rm, st.max_keys, scale_,
                         splits(T, st.max_keys), part_.as<float>(), olat_.as<float>(), s_);
    mark("latent attention");
    if (batched) {
      head_gemm(l.kv_b_proj, false, T);
    } else {
      cu::GemvArgs a;  // un-absorb W_UV per head: att[t, h, :] = W_kb[h*(dn+dv)+dn : +dv, :] · o_lat[t, h, :]
      a.w = l.kv_b_proj;
      a.row0 = dn;
      a.zrow = dn + dv;
      a.nout = dv;
      a.x = olat_.as<float>();
      a.ldx = int64_t(H) * R;
      a.zx = R;
      a.y = att_.as<float>();
      a.ldy = int64_t(H) * dv;
      a.zy = dv;
      a.rows = T;
      a.G = H;
      cu::gemv(a, s_);
    }
    mark("un-absorb W_UV");
    linear(l.o_proj, att_.as<float>(), T, y);
    mark("o_proj");
    cu::add_rmsnorm(h, y, l.post_attention_layernorm, eps, T, Hd, x, s_);
    mark("residual+norm");
    if (l.is_moe) moe(l, x, T, y);
    else mlp(l.mlp, x, T, y);
    mark(l.is_moe ? "moe: combine" : "dense mlp");
    cu::add_inplace(h, y, T * Hd, s_);
  }

  ModelConfig cfg_;
  CudaModelOptions opt_;
  EpShard ep_;  // expert parallelism: this GPU's rank, communicator and experts
  cudaStream_t s_ = nullptr;
  std::unique_ptr<Linears> lin_;
  int sms_ = 132;
  std::string device_;
  DeviceWeights w_;
  size_t scratch_bytes_ = 0;
  DevMem h_, x_, y_, hn_, e_, cat_, qa_, q_, kv_, qlat_, olat_, att_, part_, g_, u_;
  DevMem rlog_, tkw_, tki_, pos_, counts_, fill_, offs_, active_, xs_, ys_, hs_;
  DevMem logits_, ints_, cache_, inv_freq_;
  DevMem xsb_, us_;  // prefill MoE GEMMs (allocated on first use)
  int64_t part_cap_ = 0, ints_cap_ = 0, max_pages_ = 0;
  int32_t* pinned_ = nullptr;
  int layers_total_ = 0;
  cu::CacheView cv_;
  cu::RopeParams rope_;
  cu::RouterParams rp_;
  float scale_ = 1.0f;
  std::vector<Seq> seqs_;
  std::vector<int> free_pages_;
  std::map<std::tuple<int, int, bool>, cudaGraphExec_t> graphs_;
  std::vector<std::pair<std::string, cudaEvent_t>> marks_;
  std::map<std::string, double> profile_;
};

}  // namespace

std::unique_ptr<CudaModel> make_shard(const ModelConfig& cfg, const Model* m, DType dtype, uint64_t seed,
                                      const CudaModelOptions& opt, const EpShard& ep) {
  auto impl = std::make_unique<Impl>(cfg, opt, ep);
  impl->finish_init(m ? upload_weights(*m, opt.progress, ep.slice) : random_weights(cfg, dtype, seed, nullptr, ep.slice));
  return impl;
}

}  // namespace cuda

std::unique_ptr<CudaModel> CudaModel::create(const Model& m, const CudaModelOptions& opt) {
  if (opt.devices.size() > 1) return cuda::make_expert_parallel(m.cfg, &m, DType::BF16, 0, opt);
  return cuda::make_shard(m.cfg, &m, DType::BF16, 0, opt, {});
}

std::unique_ptr<CudaModel> CudaModel::create_random(const ModelConfig& cfg, DType dtype, uint64_t seed,
                                                    const CudaModelOptions& opt) {
  if (opt.devices.size() > 1) return cuda::make_expert_parallel(cfg, nullptr, dtype, seed, opt);
  return cuda::make_shard(cfg, nullptr, dtype, seed, opt, {});
}

}  // namespace dseek
