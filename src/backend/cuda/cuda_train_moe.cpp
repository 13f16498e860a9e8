// cuda_train_moe.cpp — the DeepSeekMoE block of the CUDA trainer's layer,
// forward and backward: router on the device, the loads counted there (or,
// with expert parallelism, the choices on the host) — one sync per MoE layer —
// the rows per expert laid out, then the routed experts' GEMMs of
// cuda_train_experts.cpp (grouped in one launch, uniform or load-bucketed
// batches, BF16 or FP8), the shared experts (cuda_train_layers.cpp's MLP), the
// combine, and the sequence-wise balance loss. With expert parallelism the
// block also moves the tokens between GPUs (all-gather + reduce-scatter, or
// all-to-all) through Step::ep's collectives. Mirrors train/moe_grad.cpp op for op.
// What it is not: the attention or the layer's norms (cuda_train_layers.cpp).
#include <algorithm>
#include <cstdlib>

#include "backend/cuda/cuda_train_experts.h"
#include "backend/cuda/cuda_train_impl.h"
#include "core/check.h"

namespace dseek::cu {
namespace {

tk::RouteCfg route_cfg(const ModelConfig& c) {
  tk::RouteCfg rc;
  rc.E = int(c.n_routed_experts);
  rc.K = int(c.num_experts_per_tok);
  rc.groups = int(c.n_group);
  rc.topk_group = int(c.topk_group);
  rc.v3 = c.is_v3();
  rc.norm_topk = c.norm_topk_prob;
  rc.group_limited = c.topk_method == "group_limited_greedy";
  rc.rsf = float(c.routed_scaling_factor);
  return rc;
}

// All-to-all dispatch: every GPU's loads per expert (all-gathered) tell each GPU how many rows
// come from each peer, and for which of its experts, with no payload of ids: choices are sent in
// order of expert (so by destination GPU), and arrive by source GPU, then expert. Sends this GPU's
// choices' input rows; fills A (X: received rows, one choice each; WSEL: ones; the send order and
// counts) and ids (each received row's expert); returns the rows received.
int64_t dispatch_all_to_all(Step& st, const LayerP& w, const float* x, const std::vector<int32_t>& idx, MoeAct& A,
                            std::vector<int32_t>& ids) {
  const ModelConfig& c = *st.c;
  const int64_t N = st.N, Hd = c.hidden_size, E = c.n_routed_experts, K = c.num_experts_per_tok, NK = N * K;
  const int n = st.ep_world;
  Arena& a = *st.a;
  std::vector<int32_t> mine(A.load.begin(), A.load.end());
  int32_t* cnt_d = a.i32(E * (n + 1));
  DSEEK_CUDA_CHECK(cudaMemcpyAsync(cnt_d, mine.data(), size_t(E) * 4, cudaMemcpyHostToDevice, st.s));
  st.ep->all_gather(cnt_d, cnt_d + E, size_t(E) * 4, st.s);
  st.ep_wait("MoE load all-gather");
  std::vector<int32_t> cnt(size_t(E * n));  // cnt[s·E + e]: GPU s's choices of expert e
  DSEEK_CUDA_CHECK(cudaMemcpy(cnt.data(), cnt_d + E, cnt.size() * 4, cudaMemcpyDeviceToHost));
  for (int64_t e = 0; e < E; ++e)
    DSEEK_CHECK_EQ(int64_t(cnt[size_t(st.ep_rank * E + e)]), A.load[size_t(e)], "expert-parallel load exchange");
  const int64_t per = E / n;
  // Send order: by expert, stable in choice order (a counting sort).
  std::vector<int64_t> first(size_t(E) + 1, 0);
  for (int64_t e = 0; e < E; ++e) first[size_t(e) + 1] = first[size_t(e)] + A.load[size_t(e)];
  std::vector<int32_t> send(static_cast<size_t>(NK)), sendpos(static_cast<size_t>(NK));
  for (int64_t s = 0; s < NK; ++s) {
    const int64_t j = first[size_t(idx[size_t(s)])]++;
    send[size_t(j)] = int32_t(s);
    sendpos[size_t(s)] = int32_t(j);
  }
  A.send_rows.assign(size_t(n), 0);
  A.recv_rows.assign(size_t(n), 0);
  for (int d = 0; d < n; ++d)
    for (int64_t e = d * per; e < (d + 1) * per; ++e) A.send_rows[size_t(d)] += A.load[size_t(e)];
  ids.clear();
  for (int s = 0; s < n; ++s)
    for (int64_t e = w.e_lo; e < w.e_hi; ++e) {
      const int32_t m = cnt[size_t(s * E + e)];
      A.recv_rows[size_t(s)] += m;
      ids.insert(ids.end(), size_t(m), int32_t(e));
    }
  const int64_t R = int64_t(ids.size());
  A.send_slots = a.i32(NK);
  A.sendpos = a.i32(NK);
  DSEEK_CUDA_CHECK(cudaMemcpyAsync(A.send_slots, send.data(), size_t(NK) * 4, cudaMemcpyHostToDevice, st.s));
  DSEEK_CUDA_CHECK(cudaMemcpyAsync(A.sendpos, sendpos.data(), size_t(NK) * 4, cudaMemcpyHostToDevice, st.s));
  float* Xs = a.f(NK * Hd);
  tk::moe_gather(x, A.send_slots, int(K), NK, Hd, Xs, st.s);
  std::vector<float> ones(size_t(std::max<int64_t>(R, 1)), 1.0f);
  float* W = a.f(int64_t(ones.size()));
  DSEEK_CUDA_CHECK(cudaMemcpyAsync(W, ones.data(), ones.size() * 4, cudaMemcpyHostToDevice, st.s));
  float* Xr = a.f(std::max<int64_t>(R, 1) * Hd);
  st.ep->all_to_all(Xs, A.send_rows, Xr, A.recv_rows, size_t(Hd) * 4, st.s);
  st.ep_wait("MoE token all-to-all");  // (pageable copies next would wait on it unbounded)
  A.X = Xr;
  A.WSEL = W;
  A.KX = 1;
  return R;
}

}  // namespace

void moe_fwd(Step& st, const LayerP& w, const float* x, float* out, MoeAct& A) {
  const ModelConfig& c = *st.c;
  const int64_t N = st.N, Hd = c.hidden_size, E = c.n_routed_experts, K = c.num_experts_per_tok, NK = N * K,
                I = c.moe_intermediate_size;
  Arena& a = *st.a;
  const tk::RouteCfg rc = route_cfg(c);
  float* logits = a.f(N * E);
  st.gm->linear_fwd(w.gate, x, N, logits, a);
  A.scores = a.f(N * E);
  A.idx = a.i32(NK);
  A.wsel = a.f(NK);
  A.live = a.u8(NK);
  tk::route_fwd(rc, logits, w.bias, N, A.scores, A.idx, A.wsel, A.live, st.s);

  // Token order per expert (stable in slot order, as the CPU's slot lists), padded to a common
  // capacity so all experts run as ONE strided-batched GEMM per projection.
  std::vector<int32_t> idx(st.ep_wait ? static_cast<size_t>(NK) : 0);  // (else read in place from st.pinned)
  bool shared_done = false;
  if (st.ep_wait) {
    st.ep_wait("MoE routing");  // (earlier layers' collectives: a bounded wait)
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(idx.data(), A.idx, size_t(NK) * 4, cudaMemcpyDeviceToHost, st.s));
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(st.s));
  }
  // One GPU with the rows laid out on the device: the loads are counted there (per sequence when the
  // balance loss needs them) and only those counts come back, not every choice.
  const bool aux = st.aux_alpha > 0.0 && N > 0;
  const int64_t ns = aux ? st.nseq : 1;
  const bool dev_count = !st.ep_wait && st.ep_world <= 1 && E <= tk::MoeOffsets::kMax && ns * E + 1 <= NK;
  if (!st.ep_wait) {
    // The result comes back through pinned memory behind an event, and the shared experts (which
    // do not depend on it) are queued first: the GPU runs them while the host lays out the rows.
    const int64_t n = dev_count ? ns * E + 1 : NK;
    DSEEK_CHECK(st.pinned && st.pinned_cap >= n, "cuda train: pinned staging of {} < {} ints", st.pinned_cap, n);
    const int32_t* src = A.idx;
    if (dev_count) {
      int32_t* cnt = a.i32(n);
      tk::moe_seq_count(A.idx, aux ? st.seq_of : nullptr, N, int(K), int(E), ns, cnt, st.s);
      src = cnt;
    }
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(st.pinned, src, size_t(n) * 4, cudaMemcpyDeviceToHost, st.s));
    DSEEK_CUDA_CHECK(cudaEventRecord(st.routed, st.s));
    if (w.has_shared) mlp_fwd(st, w.shared, x, N, out, A.shared);
    else DSEEK_CUDA_CHECK(cudaMemsetAsync(out, 0, size_t(N * Hd) * 4, st.s));
    shared_done = true;
    DSEEK_CUDA_CHECK(cudaEventSynchronize(st.routed));
  }
  // This GPU's choices on the host (the pinned copy stays valid until the next MoE layer's router).
  const int32_t* choices = st.ep_wait ? idx.data() : dev_count ? nullptr : st.pinned;
  A.load.assign(size_t(E), 0);
  if (dev_count) {
    DSEEK_CHECK(st.pinned[ns * E] == 0, "cuda train: the router picked {} experts outside [0, {})", st.pinned[ns * E], E);
    for (int64_t q = 0; q < ns; ++q)
      for (int64_t e = 0; e < E; ++e) A.load[size_t(e)] += st.pinned[q * E + e];
  } else {
    for (int64_t i = 0; i < NK; ++i) {
      const int32_t e = choices[i];
      DSEEK_CHECK(e >= 0 && e < E, "cuda train: router picked expert {} of {}", e, E);
      ++A.load[size_t(e)];
    }
  }
  // Expert parallelism. All-gather: this GPU's experts see every GPU's tokens (inputs, choices,
  // weights all-gathered in rank order); the others' choices get no row here. All-to-all: each
  // choice is sent to its expert's GPU as one row (KX = 1); its output comes back to be combined.
  const bool ep = st.ep_world > 1, a2a = ep && st.ep_alltoall;
  const int64_t lo = w.e_lo, El = w.e_hi - w.e_lo;
  int64_t NN = ep && !a2a ? N * st.ep_world : N;
  A.KX = K;
  A.X = x;
  A.WSEL = A.wsel;
  std::vector<int32_t> gidx;
  if (a2a) {
    NN = dispatch_all_to_all(st, w, x, idx, A, gidx);
  } else if (ep) {
    float* X = a.f(NN * Hd);
    int32_t* IDX = a.i32(NN * K);
    float* WSEL = a.f(NN * K);
    st.ep->all_gather(x, X, size_t(N * Hd) * 4, st.s);
    st.ep->all_gather(A.idx, IDX, size_t(NK) * 4, st.s);
    st.ep->all_gather(A.wsel, WSEL, size_t(NK) * 4, st.s);
    st.ep_wait("MoE token all-gather");
    gidx.resize(size_t(NN * K));
    DSEEK_CUDA_CHECK(cudaMemcpy(gidx.data(), IDX, gidx.size() * 4, cudaMemcpyDeviceToHost));
    A.X = X;
    A.WSEL = WSEL;
  }
  A.NN = NN;
  const int64_t KX = A.KX, NNK = NN * KX;
  std::vector<int64_t> load(size_t(El), 0);  // rows of this GPU's experts
  if (ep) {
    for (int32_t e : gidx) {
      DSEEK_CHECK(e >= 0 && e < E, "cuda train: router picked expert {} of {}", e, E);
      if (e >= lo && e < lo + El) ++load[size_t(e - lo)];
    }
  } else {
    load = A.load;  // (one GPU: all experts)
  }
  A.cap = (std::max<int64_t>(1, *std::max_element(load.begin(), load.end())) + 7) / 8 * 8;
  using Layout = CudaTrainOptions::ExpertLayout;
  A.grouped = st.expert_layout != Layout::kUniform;
  A.off.assign(size_t(El), 0);
  A.rows.assign(size_t(El), A.cap);
  A.own_gemm = A.grouped && own_grouped_gemm(*st.gm, Hd, I, w.expert_stride);
  const bool fp8 = st.gm->fp8_mode() && w.experts[size_t(lo)].gate.wq;
  if (fp8 && !A.own_gemm) A.grouped = false;  // FP8 numerics: the grouped kernel or the uniform layout
  A.fp8_ss = fp8 && A.own_gemm ? fp8_expert_scale_stride(*st.gm, w) : 0;
  if (A.own_gemm) {
    // One grouped launch takes every expert's exact load: no padding. FP8: each expert's rows padded
    // to whole 128-row tiles, so the weight gradients' 128×1 quantisation tiles (along the rows) start
    // at every expert's first row, as in the uniform layout.
    for (int64_t e = 0; e < El; ++e)
      A.rows[size_t(e)] = fp8 ? (load[size_t(e)] + 127) / 128 * 128 : load[size_t(e)];
  } else if (A.grouped) {
    // Experts sorted by load, cut into ≤ 4 buckets of equally many; each expert gets its bucket's
    // busiest load (rounded to 8) rows, so a bucket is one batched GEMM wide enough to fill the GPU,
    // and only the busiest bucket pays for the busiest expert. Idle experts get no rows.
    std::vector<int64_t> by_load(size_t(El), 0);
    for (int64_t e = 0; e < El; ++e) by_load[size_t(e)] = e;
    std::stable_sort(by_load.begin(), by_load.end(),
                     [&](int64_t p, int64_t q) { return load[size_t(p)] < load[size_t(q)]; });
    const int64_t nb = std::min<int64_t>(El, 4);
    for (int64_t b = 0; b < nb; ++b) {
      const int64_t b0 = b * El / nb, b1 = (b + 1) * El / nb;
      const int64_t cap = (load[size_t(by_load[size_t(b1 - 1)])] + 7) / 8 * 8;
      for (int64_t j = b0; j < b1; ++j) {
        const int64_t e = by_load[size_t(j)];
        A.rows[size_t(e)] = load[size_t(e)] > 0 ? cap : 0;
      }
    }
  }
  int64_t rows = 0;
  for (int64_t e = 0; e < El; ++e) {
    A.off[size_t(e)] = rows;
    rows += A.rows[size_t(e)];
  }
  A.total_rows = rows;
  A.perm = a.i32(rows);
  A.pos = a.i32(NNK);
  if (!ep && El <= tk::MoeOffsets::kMax) {  // rows laid out on the device (k_moe_layout.cu): nothing to upload
    tk::MoeOffsets off;
    for (int64_t e = 0; e < El; ++e) off.v[e] = A.off[size_t(e)];
    tk::moe_place(A.idx, NNK, int32_t(lo), int(El), off, rows, A.perm, A.pos, a.i32(tk::moe_place_scratch(NNK, El)),
                  st.s);
  } else {  // stable counting sort on the host (expert parallelism: the slots of every GPU, or received)
    const int32_t* all_idx = ep ? gidx.data() : choices;
    std::vector<int32_t> perm(static_cast<size_t>(rows), -1), pos(static_cast<size_t>(NNK), -1);
    std::vector<int64_t> cur(static_cast<size_t>(El), 0);
    for (int64_t s = 0; s < NNK; ++s) {
      const int64_t e = all_idx[s] - lo;
      if (e < 0 || e >= El) continue;  // another GPU's expert
      const int64_t p = A.off[size_t(e)] + cur[size_t(e)]++;
      perm[size_t(p)] = int32_t(s);
      pos[size_t(s)] = int32_t(p);
    }
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(A.perm, perm.data(), size_t(rows) * 4, cudaMemcpyHostToDevice, st.s));
    DSEEK_CUDA_CHECK(cudaMemcpyAsync(A.pos, pos.data(), size_t(NNK) * 4, cudaMemcpyHostToDevice, st.s));
  }
  if (st.prof) st.prof->count_expert_rows(rows, NK);
  st.mark("moe router fwd");

  if (!shared_done) {
    if (w.has_shared) mlp_fwd(st, w.shared, x, N, out, A.shared);
    else DSEEK_CUDA_CHECK(cudaMemsetAsync(out, 0, size_t(N * Hd) * 4, st.s));
  }
  const int64_t C = A.cap, sW = w.expert_stride;
  const MlpP& e0 = w.experts[size_t(lo)];
  TrainGemm& gm = *st.gm;
  // Grouped BF16: xs and a exist only as BF16 GEMM operands, written by the gather and the SwiGLU
  // directly (no fp32 round trip). Grouped FP8 keeps them fp32, to be quantised per GEMM.
  const bool b16 = A.grouped && gm.bf16_mode() && !fp8;
  // One GPU, exact loads (every slot a row, no padding): by token, from x's BF16 copy (the norm wrote it).
  static const bool by_row = std::getenv("DSEEK_MOE_BY_ROW") != nullptr;  // env: A/B measurement
  A.by_token = b16 && A.own_gemm && !ep && rows == NNK && !by_row && tk::moe_by_token_ok(int(K), Hd);
  if (A.by_token) {
    A.xs_b = a.u16(rows * Hd);
    tk::moe_gather_tok(gm.bf16_input(x, N * Hd, a), A.pos, N, int(K), rows, Hd, A.xs_b, st.s);
  } else if (b16) {
    A.xs_b = a.u16(rows * Hd);
    tk::moe_gather_bf16(A.X, A.perm, int(KX), rows, Hd, A.xs_b, st.s);
  } else {
    A.xs = a.f(rows * Hd);
    tk::moe_gather(A.X, A.perm, int(KX), rows, Hd, A.xs, st.s);
  }
  st.mark("moe gather fwd");
  // One grouped launch for gate and up when their weights lie back to back: g | u in [rows, 2I].
  const LinW egu = b16 && A.own_gemm ? stack_rows(e0.gate, e0.up) : LinW{};
  A.e.stacked = egu.w != nullptr;
  if (A.e.stacked && !ep) {  // g|u and ys as BF16 only: half the bytes through SwiGLU and the combine
    A.gu_b = a.u16(rows * 2 * I);
    A.ys_b = a.u16(rows * Hd);
  } else {
    A.e.g = a.f(rows * (A.e.stacked ? 2 * I : I));
    A.e.u = A.e.stacked ? A.e.g + I : a.f(rows * I);
    A.ys = a.f(rows * Hd);
  }
  if (!b16) A.e.a = a.f(rows * I);
  if (A.grouped) {
    const void* xs_op = b16 ? static_cast<const void*>(A.xs_b) : A.xs;
    // g_e, u_e [m, I] = xs_e [m, Hd] · W_eᵀ
    if (A.fp8_ss) {  // FP8 tensor cores: 1×128 activation tiles, the weights' 128×128 blocks
      const TrainGemm::Fp8Op xq = gm.fp8_rows(A.xs, rows, Hd, false, a);
      experts_fp8(st, A, sW, {false, xq, {}, &e0.gate, false, A.e.g, 0.0f});
      experts_fp8(st, A, sW, {false, xq, {}, &e0.up, false, A.e.u, 0.0f});
    } else if (A.own_gemm) {  // FP8 numerics: 1×128 activation tiles, the weights' 128×128-block copies
      const auto nk = tk::GroupedKind::kRowsNK;
      const uint16_t* xop = fp8 ? gm.act_rows(A.xs, rows, Hd, a) : A.xs_b;
      if (A.e.stacked) {
        experts_gemm(st, A, sW, {nk, xop, e0.gate.wb, Hd, Hd, A.e.g, 2 * I, 0, 2 * I, Hd, 0.0f, A.gu_b});
      } else {
        experts_gemm(st, A, sW, {nk, xop, gemm_weight(e0.gate, fp8), Hd, Hd, A.e.g, I, 0, I, Hd, 0.0f});
        experts_gemm(st, A, sW, {nk, xop, gemm_weight(e0.up, fp8), Hd, Hd, A.e.u, I, 0, I, Hd, 0.0f});
      }
    } else {
      gm.grouped(false, true, b16, Hd, Hd, I, 1.0f, 0.0f, expert_problems(A, b16, xs_op, Hd, weight_operand(e0.gate, b16), sW, A.e.g, I, Hd, I), a);
      gm.grouped(false, true, b16, Hd, Hd, I, 1.0f, 0.0f, expert_problems(A, b16, xs_op, Hd, weight_operand(e0.up, b16), sW, A.e.u, I, Hd, I), a);
    }
    if (b16) {
      A.a_b = a.u16(rows * I);
      if (A.gu_b) tk::swiglu_fwd_gu(A.gu_b, rows, I, nullptr, A.a_b, st.s);
      else if (A.e.stacked) tk::swiglu_fwd_gu(A.e.g, rows, I, nullptr, A.a_b, st.s);
      else tk::swiglu_fwd_bf16(A.e.g, A.e.u, A.a_b, rows * I, st.s);
    } else {
      tk::swiglu_fwd(A.e.g, A.e.u, A.e.a, rows * I, st.s);
    }
    const void* a_op = b16 ? static_cast<const void*>(A.a_b) : A.e.a;
    // ys_e [m, Hd] = a_e [m, I] · down_eᵀ
    if (A.fp8_ss) {
      experts_fp8(st, A, sW, {false, gm.fp8_rows(A.e.a, rows, I, false, a), {}, &e0.down, false, A.ys, 0.0f});
    } else if (A.own_gemm) {
      experts_gemm(st, A, sW, {tk::GroupedKind::kRowsNK, fp8 ? gm.act_rows(A.e.a, rows, I, a) : A.a_b,
                               gemm_weight(e0.down, fp8), I, I, A.ys, Hd, 0, Hd, I, 0.0f, A.ys_b});
    } else {
      gm.grouped(false, true, b16, I, I, Hd, 1.0f, 0.0f, expert_problems(A, b16, a_op, I, weight_operand(e0.down, b16), sW, A.ys, Hd, I, Hd), a);
    }
    st.mark("moe gemm experts fwd");
  } else if (gm.bf16_mode()) {
    // FP8 numerics (fp8): 1x128 activation tiles, 128x128 weight blocks
    A.xs_b = gm.act_rows(A.xs, rows, Hd, a);
    gm.batched_bf16(false, true, C, I, Hd, 1.0f, A.xs_b, Hd, C * Hd, gemm_weight(e0.gate, fp8), Hd, sW, 0.0f, A.e.g,
                    I, C * I, El);
    gm.batched_bf16(false, true, C, I, Hd, 1.0f, A.xs_b, Hd, C * Hd, gemm_weight(e0.up, fp8), Hd, sW, 0.0f, A.e.u, I,
                    C * I, El);
    st.mark("moe gemm gate/up fwd");
    tk::swiglu_fwd(A.e.g, A.e.u, A.e.a, rows * I, st.s);
    A.a_b = gm.act_rows(A.e.a, rows, I, a);
    st.mark("moe swiglu fwd");
    gm.batched_bf16(false, true, C, Hd, I, 1.0f, A.a_b, I, C * I, gemm_weight(e0.down, fp8), I, sW, 0.0f, A.ys, Hd,
                    C * Hd, El);
    st.mark("moe gemm down fwd");
  } else {
    gm.batched_f32(false, true, C, I, Hd, 1.0f, A.xs, Hd, C * Hd, e0.gate.w, Hd, sW, 0.0f, A.e.g, I, C * I, El, false);
    gm.batched_f32(false, true, C, I, Hd, 1.0f, A.xs, Hd, C * Hd, e0.up.w, Hd, sW, 0.0f, A.e.u, I, C * I, El, false);
    tk::swiglu_fwd(A.e.g, A.e.u, A.e.a, rows * I, st.s);
    gm.batched_f32(false, true, C, Hd, I, 1.0f, A.e.a, I, C * I, e0.down.w, I, sW, 0.0f, A.ys, Hd, C * Hd, El, false);
  }
  if (a2a) {  // each received row's output (unpermuted) back to its GPU, combined there
    float* Yr = zeros(st, NN * Hd);
    tk::moe_combine(A.ys, A.pos, A.WSEL, NN, 1, Hd, Yr, st.s);
    A.Ysend = a.f(NK * Hd);
    st.ep->all_to_all(Yr, A.recv_rows, A.Ysend, A.send_rows, size_t(Hd) * 4, st.s);
    tk::moe_combine(A.Ysend, A.sendpos, A.wsel, N, int(K), Hd, out, st.s);
  } else if (ep) {  // every GPU's tokens' share from this GPU's experts, summed back to their own GPU
    float* Y = zeros(st, NN * Hd);
    tk::moe_combine(A.ys, A.pos, A.WSEL, NN, int(K), Hd, Y, st.s);
    float* y = a.f(N * Hd);
    st.ep->reduce_scatter(Y, y, size_t(N * Hd), st.s);
    tk::add(out, y, out, N * Hd, st.s);
  } else if (A.ys_b) {
    tk::moe_combine(A.ys_b, A.pos, A.wsel, N, int(K), Hd, out, st.s);
  } else {
    tk::moe_combine(A.ys, A.pos, A.wsel, N, int(K), Hd, out, st.s);
  }
  st.mark("moe experts fwd");

  // Sequence-wise balance loss: coef[q, e] = α/nseq · f_e/T_q, f_e = E/(K·T_q)·count_e.
  A.coef = nullptr;
  A.aux_tok = nullptr;
  if (!aux) return;
  std::vector<double> cnt(size_t(st.nseq * E), 0.0);
  if (dev_count)
    for (size_t i = 0; i < cnt.size(); ++i) cnt[i] = st.pinned[i];  // (counted per sequence on the device)
  else
    for (int64_t t = 0; t < N; ++t)
      for (int64_t k = 0; k < K; ++k) cnt[size_t(st.seq_of_h[size_t(t)] * E + choices[t * K + k])] += 1.0;
  std::vector<float> coef(size_t(st.nseq * E));
  for (int64_t q = 0; q < st.nseq; ++q) {
    const double Tq = double(st.seq_len[size_t(q)]);
    for (int64_t e = 0; e < E; ++e) {
      const double f = double(E) / (double(K) * Tq) * cnt[size_t(q * E + e)];
      coef[size_t(q * E + e)] = float(st.aux_alpha / double(st.nseq) * f / Tq);
    }
  }
  A.coef = a.f(st.nseq * E);
  DSEEK_CUDA_CHECK(cudaMemcpyAsync(A.coef, coef.data(), coef.size() * 4, cudaMemcpyHostToDevice, st.s));
  A.aux_tok = a.f(N);
  tk::aux_per_token(rc, A.scores, A.coef, st.seq_of, N, A.aux_tok, st.s);
}

void moe_bwd(Step& st, const LayerP& w, const float* x, const MoeAct& A, const float* dout, float* dx,
             const uint16_t* doutb, bool dx_fresh) {
  const ModelConfig& c = *st.c;
  const int64_t N = st.N, Hd = c.hidden_size, E = c.n_routed_experts, K = c.num_experts_per_tok, NK = N * K,
                I = c.moe_intermediate_size;
  Arena& a = *st.a;
  if (w.has_shared) mlp_bwd(st, w.shared, x, N, A.shared, dout, dx, doutb, dx_fresh);
  else if (dx_fresh) DSEEK_CUDA_CHECK(cudaMemsetAsync(dx, 0, size_t(N * Hd) * 4, st.s));  // (the experts add)
  st.mark("mlp/shared bwd");
  const int64_t C = A.cap, rows = A.total_rows, sW = w.expert_stride, El = w.e_hi - w.e_lo, NN = A.NN;
  const MlpP& e0 = w.experts[size_t(w.e_lo)];
  const bool ep = st.ep_world > 1;
  TrainGemm& gm = *st.gm;
  const bool fp8 = gm.fp8_mode() && e0.gate.wq;  // FP8 numerics
  if (st.unzeroed) {  // the experts' gradients hold garbage: overwritten below (beta 0), or zeroed here first
    if (const auto it = std::find(st.unzeroed->begin(), st.unzeroed->end(), &w); it != st.unzeroed->end()) {
      st.unzeroed->erase(it);
      const bool overwrites = st.fresh_grads && A.grouped && A.own_gemm && !A.fp8_ss;  // (experts_gemm's kWgrad)
      if (!overwrites) zero_expert_grads(w, st.s);
    }
  }
  // Grouped BF16 (no FP8 numerics): dys is only ever the GEMMs' BF16 operand, written as such.
  uint16_t* dys16 = A.grouped && !A.fp8_ss && gm.bf16_mode() && !gm.fp8_mode() ? a.u16(rows * Hd) : nullptr;
  float* dys = dys16 ? nullptr : a.f(rows * Hd);
  // Expert parallelism: the output gradients of every GPU's tokens (all-gathered); the choices of
  // other GPUs' experts get their weight gradient there (0 here, summed by the reduce-scatter).
  const bool a2a = ep && st.ep_alltoall;
  const float* dY = dout;
  float* dW = ep && !a2a ? zeros(st, NN * K) : a.f(NK);
  if (a2a) {  // each choice's output gradient (and its gate weight's, here) to its expert's GPU
    float* dYs = a.f(NK * Hd);
    tk::moe_dys(dout, A.Ysend, A.send_slots, A.wsel, int(K), NK, Hd, dYs, dW, st.s);
    float* g = a.f(NN * Hd);
    st.ep->all_to_all(dYs, A.send_rows, g, A.recv_rows, size_t(Hd) * 4, st.s);
    dY = g;
  } else if (ep) {
    float* g = a.f(NN * Hd);
    st.ep->all_gather(dout, g, size_t(N * Hd) * 4, st.s);
    dY = g;
  }
  if (A.by_token && A.ys_b && dys16)
    tk::moe_dys_tok(dY, A.ys_b, A.pos, A.wsel, N, int(K), rows, Hd, dys16, dW, st.s);
  else if (A.ys_b) tk::moe_dys(dY, A.ys_b, A.perm, A.WSEL, int(A.KX), rows, Hd, dys, dW, st.s, dys16);
  else tk::moe_dys(dY, A.ys, A.perm, A.WSEL, int(A.KX), rows, Hd, dys, a2a ? a.f(NN) : dW, st.s, dys16);
  st.mark("moe dys bwd");
  // With gu_b (one GPU, stacked BF16), da and dxs exist in BF16 only, like g|u.
  const bool b16_rows = A.gu_b != nullptr;
  float* da = b16_rows ? nullptr : a.f(rows * I);
  uint16_t* da_b = b16_rows ? a.u16(rows * I) : nullptr;
  float* dg = A.e.stacked ? nullptr : a.f(rows * I);
  float* du = A.e.stacked ? nullptr : a.f(rows * I);
  float* dxs = b16_rows ? nullptr : a.f(rows * Hd);
  uint16_t* dxs_b = b16_rows ? a.u16(rows * Hd) : nullptr;
  if (A.fp8_ss) {
    experts_bwd_fp8(st, A, sW, e0, dys, da, dg, du, dxs);
    st.mark("moe gemm experts bwd");
  } else if (A.grouped) {
    const bool b16 = gm.bf16_mode();
    const void* dys_op = dys16 ? static_cast<const void*>(dys16)
                         : b16 ? static_cast<const void*>(gm.act_rows(dys, rows, Hd, a)) : dys;
    if (A.own_gemm) {
      // FP8 (rows padded to 128 per expert): data-gradient operands in 1×128 tiles along their
      // reduction (act_rows), weight-gradient operands in 128×1 tiles along the rows (act_cols).
      auto cols = [&](const float* v, int64_t n, const uint16_t* same) {
        return fp8 ? static_cast<const uint16_t*>(gm.act_cols(v, rows, n, 128, a)) : same;
      };
      const auto kn = tk::GroupedKind::kRowsKN, wg = tk::GroupedKind::kWgrad;
      const auto* dys_b = static_cast<const uint16_t*>(dys_op);
      // da_e [m, I] = dys_e [m, Hd] · down_e [Hd, I]; down.g_e [Hd, I] += dys_eᵀ · a_e
      experts_gemm(st, A, sW, {kn, dys_b, gemm_weight(e0.down, fp8), Hd, I, da, I, 0, I, Hd, 0.0f, da_b});
      experts_gemm(st, A, sW, {wg, cols(dys, Hd, dys_b), cols(A.e.a, I, A.a_b), Hd, I, e0.down.g, I, Hd, I, 0, 1.0f});
      if (A.e.stacked) {  // dgu_e [m, 2I] (BF16): dxs_e = dgu_e · [gate_e; up_e]; [gate; up].g_e += dgu_eᵀ · xs_e
        uint16_t* dgu = a.u16(rows * 2 * I);
        if (b16_rows) tk::swiglu_bwd_gu_bf16(A.gu_b, da_b, rows, I, dgu, st.s);
        else tk::swiglu_bwd_gu_bf16(A.e.g, da, rows, I, dgu, st.s);
        experts_gemm(st, A, sW, {kn, dgu, e0.gate.wb, 2 * I, Hd, dxs, Hd, 0, Hd, 2 * I, 0.0f, dxs_b});
        experts_gemm(st, A, sW, {wg, dgu, A.xs_b, 2 * I, Hd, e0.gate.g, Hd, 2 * I, Hd, 0, 1.0f});
      } else {
        tk::swiglu_bwd(A.e.g, A.e.u, da, dg, du, rows * I, st.s);
        const uint16_t* dg_b = gm.act_rows(dg, rows, I, a);
        const uint16_t* du_b = gm.act_rows(du, rows, I, a);
        // dxs_e [m, Hd] = dg_e · gate_e + du_e · up_e; gate.g_e / up.g_e [I, Hd] += dg_eᵀ · xs_e, du_eᵀ · xs_e
        experts_gemm(st, A, sW, {kn, dg_b, gemm_weight(e0.gate, fp8), I, Hd, dxs, Hd, 0, Hd, I, 0.0f});
        experts_gemm(st, A, sW, {kn, du_b, gemm_weight(e0.up, fp8), I, Hd, dxs, Hd, 0, Hd, I, 1.0f});
        const uint16_t* xs_c = cols(A.xs, Hd, A.xs_b);
        experts_gemm(st, A, sW, {wg, cols(dg, I, dg_b), xs_c, I, Hd, e0.gate.g, Hd, I, Hd, 0, 1.0f});
        experts_gemm(st, A, sW, {wg, cols(du, I, du_b), xs_c, I, Hd, e0.up.g, Hd, I, Hd, 0, 1.0f});
      }
    } else {
      const size_t es = b16 ? 2 : 4;
      const void* a_op = b16 ? static_cast<const void*>(A.a_b) : A.e.a;
      // da_e [m, I] = dys_e [m, Hd] · down_e [Hd, I]
      gm.grouped(false, false, b16, Hd, I, I, 1.0f, 0.0f, expert_problems(A, b16, dys_op, Hd, weight_operand(e0.down, b16), sW, da, I, Hd, I), a);
      // down.g_e [Hd, I] += dys_eᵀ · a_e
      gm.grouped(true, false, b16, Hd, I, I, 1.0f, 1.0f, expert_wgrad(A, dys_op, Hd, a_op, I, es, e0.down.g, sW, Hd, I), a);
      tk::swiglu_bwd(A.e.g, A.e.u, da, dg, du, rows * I, st.s);
      const void* dg_op = b16 ? static_cast<const void*>(gm.act_rows(dg, rows, I, a)) : dg;
      const void* du_op = b16 ? static_cast<const void*>(gm.act_rows(du, rows, I, a)) : du;
      const void* xs_op = b16 ? static_cast<const void*>(A.xs_b) : A.xs;
      // dxs_e [m, Hd] = dg_e · gate_e + du_e · up_e
      gm.grouped(false, false, b16, I, Hd, Hd, 1.0f, 0.0f, expert_problems(A, b16, dg_op, I, weight_operand(e0.gate, b16), sW, dxs, Hd, I, Hd), a);
      gm.grouped(false, false, b16, I, Hd, Hd, 1.0f, 1.0f, expert_problems(A, b16, du_op, I, weight_operand(e0.up, b16), sW, dxs, Hd, I, Hd), a);
      // gate.g_e / up.g_e [I, Hd] += dg_eᵀ · xs_e, du_eᵀ · xs_e
      gm.grouped(true, false, b16, I, Hd, Hd, 1.0f, 1.0f, expert_wgrad(A, dg_op, I, xs_op, Hd, es, e0.gate.g, sW, I, Hd), a);
      gm.grouped(true, false, b16, I, Hd, Hd, 1.0f, 1.0f, expert_wgrad(A, du_op, I, xs_op, Hd, es, e0.up.g, sW, I, Hd), a);
    }
    st.mark("moe gemm experts bwd");
  } else if (gm.bf16_mode()) {
    // FP8: data-gradient operands tiled along their reduction (columns), weight-gradient operands
    // along the token rows within each expert's block of C rows.
    const uint16_t* dys_b = gm.act_rows(dys, rows, Hd, a);
    gm.batched_bf16(false, false, C, I, Hd, 1.0f, dys_b, Hd, C * Hd, gemm_weight(e0.down, fp8), I, sW, 0.0f, da, I,
                    C * I, El);
    gm.batched_bf16(true, false, Hd, I, C, 1.0f, fp8 ? gm.act_cols(dys, rows, Hd, C, a) : dys_b, Hd, C * Hd,
                    fp8 ? gm.act_cols(A.e.a, rows, I, C, a) : A.a_b, I, C * I, 1.0f, e0.down.g, I, sW, El);
    st.mark("moe gemm down bwd");
    tk::swiglu_bwd(A.e.g, A.e.u, da, dg, du, rows * I, st.s);
    const uint16_t* dg_b = gm.act_rows(dg, rows, I, a);
    const uint16_t* du_b = gm.act_rows(du, rows, I, a);
    st.mark("moe swiglu bwd");
    gm.batched_bf16(false, false, C, Hd, I, 1.0f, dg_b, I, C * I, gemm_weight(e0.gate, fp8), Hd, sW, 0.0f, dxs, Hd,
                    C * Hd, El);
    gm.batched_bf16(false, false, C, Hd, I, 1.0f, du_b, I, C * I, gemm_weight(e0.up, fp8), Hd, sW, 1.0f, dxs, Hd,
                    C * Hd, El);
    st.mark("moe gemm gate/up dgrad bwd");
    const uint16_t* xs_w = fp8 ? gm.act_cols(A.xs, rows, Hd, C, a) : A.xs_b;
    gm.batched_bf16(true, false, I, Hd, C, 1.0f, fp8 ? gm.act_cols(dg, rows, I, C, a) : dg_b, I, C * I, xs_w, Hd,
                    C * Hd, 1.0f, e0.gate.g, Hd, sW, El);
    gm.batched_bf16(true, false, I, Hd, C, 1.0f, fp8 ? gm.act_cols(du, rows, I, C, a) : du_b, I, C * I, xs_w, Hd,
                    C * Hd, 1.0f, e0.up.g, Hd, sW, El);
    st.mark("moe gemm gate/up wgrad bwd");
  } else {
    gm.batched_f32(false, false, C, I, Hd, 1.0f, dys, Hd, C * Hd, e0.down.w, I, sW, 0.0f, da, I, C * I, El, false);
    gm.batched_f32(true, false, Hd, I, C, 1.0f, dys, Hd, C * Hd, A.e.a, I, C * I, 1.0f, e0.down.g, I, sW, El, false);
    tk::swiglu_bwd(A.e.g, A.e.u, da, dg, du, rows * I, st.s);
    gm.batched_f32(false, false, C, Hd, I, 1.0f, dg, I, C * I, e0.gate.w, Hd, sW, 0.0f, dxs, Hd, C * Hd, El, false);
    gm.batched_f32(false, false, C, Hd, I, 1.0f, du, I, C * I, e0.up.w, Hd, sW, 1.0f, dxs, Hd, C * Hd, El, false);
    gm.batched_f32(true, false, I, Hd, C, 1.0f, dg, I, C * I, A.xs, Hd, C * Hd, 1.0f, e0.gate.g, Hd, sW, El, false);
    gm.batched_f32(true, false, I, Hd, C, 1.0f, du, I, C * I, A.xs, Hd, C * Hd, 1.0f, e0.up.g, Hd, sW, El, false);
  }
  float* dw = dW;
  if (a2a) {  // each received row's input gradient back to its GPU, added to its token there
    float* dXr = zeros(st, NN * Hd);
    tk::moe_scatter(dxs, A.pos, NN, 1, Hd, dXr, st.s);
    float* dXs = a.f(NK * Hd);
    st.ep->all_to_all(dXr, A.recv_rows, dXs, A.send_rows, size_t(Hd) * 4, st.s);
    tk::moe_scatter(dXs, A.sendpos, N, int(K), Hd, dx, st.s);
  } else if (ep) {  // the input and weight gradients of every GPU's tokens, summed back to their own GPU
    float* dX = zeros(st, NN * Hd);
    tk::moe_scatter(dxs, A.pos, NN, int(K), Hd, dX, st.s);
    float* part = a.f(N * Hd);
    st.ep->reduce_scatter(dX, part, size_t(N * Hd), st.s);
    tk::add(dx, part, dx, N * Hd, st.s);
    dw = a.f(NK);
    st.ep->reduce_scatter(dW, dw, size_t(NK), st.s);
  } else if (dxs_b) {
    tk::moe_scatter(dxs_b, A.pos, N, int(K), Hd, dx, st.s);
  } else {
    tk::moe_scatter(dxs, A.pos, N, int(K), Hd, dx, st.s);
  }
  st.mark("moe experts bwd");
  float* dlogits = a.f(N * E);
  tk::route_bwd(route_cfg(c), A.scores, A.idx, A.live, dw, A.coef, st.seq_of, N, dlogits, st.s);
  st.gm->linear_bwd(w.gate, x, N, dlogits, dx, a);
}

}  // namespace dseek::cu
