// cuda_train_mtp.cpp — the CUDA trainer's multi-token prediction module at
// depth 1 (DeepSeek-V3 §2.2): the embedding of token t+1 and the main model's
// final hidden state, each normed, concatenated and projected (eh_proj), one
// decoder layer, then its own norm and head with cross-entropy against token
// t+2; and the backward of all of it into the shared embedding and ∂L/∂hn.
// Semantics: train/model_grad.cpp (the CPU reference).
// What it is not: the main model's step or the loss bookkeeping (cuda_train.cpp).
#include "backend/cuda/cuda_train_impl.h"

namespace dseek::cu {

MtpOut mtp_step(Step& st, const MtpP& w, const MtpArgs& in) {
  const train::Batch& b = *in.b;
  const int64_t N = st.N, Hd = st.c->hidden_size;
  const float eps = float(st.c->rms_norm_eps);
  Arena& a = *st.a;
  TrainGemm& gm = *st.gm;
  PinnedStage& stage = *in.stage;
  MtpOut out;
  // Row i's input token is i+1's and its target i+1's target, within the document; else no target.
  std::vector<int32_t> next(static_cast<size_t>(N)), mtg(static_cast<size_t>(N));
  for (int64_t i = 0; i < N; ++i) {
    const bool same = (i % b.T) + 1 < b.T && b.segment[size_t(i + 1)] == b.segment[size_t(i)];
    next[size_t(i)] = same ? b.tokens[size_t(i + 1)] : b.tokens[size_t(i)];
    mtg[size_t(i)] = same ? b.targets[size_t(i + 1)] : -1;
    out.tokens += mtg[size_t(i)] >= 0 ? 1 : 0;
  }
  const int32_t* d_next = stage.up(a, next, st.s);
  const int32_t* d_mtg = stage.up(a, mtg, st.s);
  float* e = a.f(N * Hd);
  float* cat = a.f(N * 2 * Hd);
  float* re = a.f(N);
  float* rh = a.f(N);
  float* m = a.f(N * Hd);
  tk::embed_fwd(in.embed->w, Hd, d_next, N, e, st.s);
  tk::rmsnorm_fwd(e, Hd, w.enorm.w, eps, N, Hd, cat, 2 * Hd, re, st.s);
  tk::rmsnorm_fwd(in.hn, Hd, w.hnorm.w, eps, N, Hd, cat + Hd, 2 * Hd, rh, st.s);
  gm.linear_fwd(w.eh, cat, N, m, a);
  st.mark("mtp in fwd");
  float* m_out = a.f(N * Hd);
  LayerAct mact;
  layer_fwd(st, w.layer, m, m_out, mact);
  if (w.layer.moe) {
    out.load = mact.moe.load;
    out.aux_tok = mact.moe.aux_tok;
  }
  float* mn = a.f(N * Hd);
  float* rm = a.f(N);
  tk::rmsnorm_fwd(m_out, Hd, w.snorm.w, eps, N, Hd, mn, Hd, rm, st.s);
  const float scale = out.tokens > 0 ? float(in.lambda / double(out.tokens)) : 0.0f;
  const bool backward = in.dhn != nullptr;
  float* dmn = backward ? zeros(st, N * Hd) : nullptr;
  float* loss = a.f(N);
  head_ce(st, w.shead, mn, mtg, d_mtg, nullptr, scale, loss, dmn);
  st.mark("head+ce");
  out.loss_h = stage.down(loss, N, st.s);
  if (!backward) return out;
  float* dm = a.f(N * Hd);  // (overwritten by the norm's backward, as de below)
  norm_bwd(st, m_out, Hd, w.snorm, rm, dmn, Hd, N, Hd, dm, Hd, in.dmb, false);
  layer_bwd(st, w.layer, mact, dm, in.dmb);
  float* dcat = a.f(N * 2 * Hd);  // (overwritten by its GEMM)
  if (in.dmb && gm.bf16_dy_ok(w.eh)) gm.linear_bwd_bf16(w.eh, cat, N, in.dmb, dcat, a, false);
  else gm.linear_bwd(w.eh, cat, N, dm, dcat, a, false);
  float* de = a.f(N * Hd);
  norm_bwd(st, e, Hd, w.enorm, re, dcat, 2 * Hd, N, Hd, de, Hd, nullptr, false);
  embed_bwd(st, *in.embed, stage, next, de);
  norm_bwd(st, in.hn, Hd, w.hnorm, rh, dcat + Hd, 2 * Hd, N, Hd, in.dhn, Hd);
  st.mark("mtp in bwd");
  return out;
}

}  // namespace dseek::cu
