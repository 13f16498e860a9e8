// cuda_train_layers.cpp — one decoder layer of the CUDA trainer, forward and
// backward: MLA (q compression, latent kv, RoPE, flash or materialised
// attention), the SwiGLU MLP, and the layer around them (norms, residuals);
// the MoE block is cuda_train_moe.cpp's. Mirrors train/attn_grad.cpp op for op.
// What it is not: the model-level loss, embedding or head (cuda_train.cpp), or
// the MTP module around its layer (cuda_train_mtp.cpp).
#include <algorithm>
#include <cstdlib>

#include "backend/cuda/cuda_train_experts.h"
#include "backend/cuda/cuda_train_impl.h"
#include "core/check.h"
#include "model/mla.h"

namespace dseek::cu {

float* zeros(Step& st, int64_t n) {
  float* p = st.a->f(n);
  DSEEK_CUDA_CHECK(cudaMemsetAsync(p, 0, size_t(n) * 4, st.s));
  return p;
}

void norm_bwd(Step& st, const float* x, int64_t ldx, const NormW& w, const float* rinv, const float* dy, int64_t lddy,
              int64_t rows, int64_t n, float* dx, int64_t lddx, uint16_t* dxb, bool dx_add) {
  float* part = w.g ? st.a->f(tk::rmsnorm_bwd_partial(rows, n)) : nullptr;
  tk::rmsnorm_bwd(x, ldx, w.w, rinv, dy, lddy, rows, n, dx, lddx, w.g, part, st.s, dxb, dx_add);
}

namespace {

struct Dims {
  int64_t H, dn, dr, dv, dq, R, Rq;
  explicit Dims(const ModelConfig& c)
      : H(c.num_attention_heads), dn(c.qk_nope_head_dim), dr(c.qk_rope_head_dim), dv(c.v_head_dim),
        dq(c.qk_nope_head_dim + c.qk_rope_head_dim), R(c.kv_lora_rank), Rq(c.q_lora_rank) {}
};

// Flash attention's inputs: q, [k_nope ; k_pe] (k_pe shared by the heads) and v as padded BF16 rows.
void flash_pack_inputs(Step& st, const Dims& d, MlaAct& A) {
  const int64_t BH = st.B * d.H, T = st.T, wkv = d.H * (d.dn + d.dv);
  const tk::FlashDims fd = tk::flash_attn_dims(d.dq, d.dv);
  A.Qb = st.a->u16(BH * T * fd.dqp);
  A.Kb = st.a->u16(BH * T * fd.dqp);
  A.Vb = st.a->u16(BH * T * fd.dvp);
  A.lse = st.a->f(BH * T);
  tk::PackRope rope;  // q's RoPE columns rotated on the way (mla_fwd leaves q unrotated here)
  rope.cs = st.cos;
  rope.sn = st.sin;
  rope.half = st.half;
  rope.off = d.dn;
  rope.interleave = st.interleave;
  auto pack_q = [&](const auto* q) {  // q fp32 or BF16 (q_b16)
    tk::flash_pack(q, d.H * d.dq, d.dq, d.dq, nullptr, 0, 0, 0, st.B, d.H, T, fd.dqp, A.Qb, st.s, &rope);
  };
  if (A.q_b16) pack_q(A.q_b16);
  else pack_q(A.q);
  auto pack_kv = [&](const auto* kv) {  // kv fp32 or BF16 (kv_b16), k_pe fp32
    tk::flash_pack(kv, wkv, d.dn + d.dv, d.dn, A.kpe, d.dr, 0, d.dr, st.B, d.H, T, fd.dqp, A.Kb, st.s);
    tk::flash_pack(kv + d.dn, wkv, d.dn + d.dv, d.dv, nullptr, 0, 0, 0, st.B, d.H, T, fd.dvp, A.Vb, st.s);
  };
  if (A.kv_b16) pack_kv(A.kv_b16);
  else pack_kv(A.kv);
}
tk::FlashArgs flash_args(const Step& st, const Dims& d, const MlaAct& A) {
  tk::FlashArgs fa;
  fa.Q = A.Qb;
  fa.K = A.Kb;
  fa.V = A.Vb;
  fa.B = st.B;
  fa.H = d.H;
  fa.T = st.T;
  fa.dq = d.dq;
  fa.dv = d.dv;
  fa.prefix = st.prefix;
  fa.scale = st.attn_scale;
  fa.start = st.start;
  return fa;
}

void mla_fwd(Step& st, const LayerP& w, const float* x, float* out, MlaAct& A) {
  const Dims d(*st.c);
  const int64_t N = st.N, B = st.B, T = st.T, BH = B * d.H, W = d.R + d.dr;
  Arena& a = *st.a;
  TrainGemm& gm = *st.gm;
  // With flash, q feeds only the packing: BF16 straight from the GEMM where it takes BF16 (half the
  // bytes each way; the RoPE columns are rotated from the BF16 values as they are packed).
  const LinW& wq = w.q_lora ? w.q_b : w.q_proj;
  static const bool q_f32 = std::getenv("DSEEK_Q_FP32") != nullptr;  // env: A/B measurement
  A.q_b16 = st.flash && !q_f32 && gm.bf16_dy_ok(wq) ? a.u16(N * d.H * d.dq) : nullptr;
  A.q = A.q_b16 ? nullptr : a.f(N * d.H * d.dq);
  // q_a and kv_a stacked (adjacent in the flat buffer): one GEMM writes [qa | ckv] rows.
  if (const LinW qkv = w.q_lora ? stack_rows(w.q_a, w.kv_a) : LinW{}; qkv.w) {
    A.qa = a.f(N * qkv.out);
    A.ckv = A.qa + d.Rq;
    A.ldqa = A.ldckv = qkv.out;
    gm.linear_fwd(qkv, x, N, A.qa, a);
  } else {
    A.ldqa = d.Rq;
    A.ldckv = W;
    if (w.q_lora) {
      A.qa = a.f(N * d.Rq);
      gm.linear_fwd(w.q_a, x, N, A.qa, a);
    }
    A.ckv = a.f(N * W);
    gm.linear_fwd(w.kv_a, x, N, A.ckv, a);
  }
  if (w.q_lora) {
    A.qan = a.f(N * d.Rq);
    A.qa_r = a.f(N);
    tk::rmsnorm_fwd(A.qa, A.ldqa, w.q_a_ln.w, kLatentNormEps, N, d.Rq, A.qan, d.Rq, A.qa_r, st.s,
                    gm.bf16_output(A.qan, N * d.Rq, a));
  }
  const float* qin = w.q_lora ? A.qan : x;
  if (A.q_b16) gm.linear_fwd_to_bf16(wq, qin, N, A.q_b16, a);
  else gm.linear_fwd(wq, qin, N, A.q, a);
  A.latn = a.f(N * d.R);
  A.lat_r = a.f(N);
  tk::rmsnorm_fwd(A.ckv, A.ldckv, w.kv_a_ln.w, kLatentNormEps, N, d.R, A.latn, d.R, A.lat_r, st.s,
                  gm.bf16_output(A.latn, N * d.R, a));
  A.kpe = a.f(N * d.dr);
  tk::copy2d(A.ckv + d.R, A.ldckv, A.kpe, d.dr, N, d.dr, false, st.s);
  tk::rope(A.kpe, N, d.dr, 1, 0, 0, st.cos, st.sin, st.half, st.interleave, false, st.s);
  if (!st.flash)  // (flash: rotated as it is packed)
    tk::rope(A.q, N, d.H * d.dq, d.H, d.dq, d.dn, st.cos, st.sin, st.half, st.interleave, false, st.s);
  // kv feeds only the packing where flash runs: BF16 straight from the GEMM (half the bytes each way).
  static const bool kv_f32 = std::getenv("DSEEK_KV_FP32") != nullptr;  // env: A/B measurement
  A.kv = nullptr;
  A.kv_b16 = nullptr;
  if (st.flash && !kv_f32 && gm.bf16_dy_ok(w.kv_b)) {
    A.kv_b16 = a.u16(N * d.H * (d.dn + d.dv));
    gm.linear_fwd_to_bf16(w.kv_b, A.latn, N, A.kv_b16, a);
  } else {
    A.kv = a.f(N * d.H * (d.dn + d.dv));
    gm.linear_fwd(w.kv_b, A.latn, N, A.kv, a);
  }
  st.mark("attn proj fwd");
  if (st.flash) {
    flash_pack_inputs(st, d, A);
    const tk::FlashArgs fa = flash_args(st, d, A);
    // O feeds only o_proj (forward and weight gradient) and the backward's D: in BF16 only where those
    // read BF16 (the copy a conversion pass would make, written by the kernel instead).
    static const bool o_f32 = std::getenv("DSEEK_FLASH_O_FP32") != nullptr;  // env: A/B measurement
    const bool ob = !o_f32 && gm.bf16_dy_ok(w.o) && tk::flash_bf16_o_ok(fa);
    A.ob = ob ? a.u16(N * d.H * d.dv) : nullptr;
    A.o = ob ? nullptr : a.f(N * d.H * d.dv);
    tk::flash_attn_fwd(fa, A.o, A.lse, st.s, A.ob);
  } else {
    A.o = a.f(N * d.H * d.dv);
    A.Q = a.f(BH * T * d.dq);
    A.K = a.f(BH * T * d.dq);
    A.V = a.f(BH * T * d.dv);
    tk::attn_pack_q(A.q, B, T, d.H, d.dq, A.Q, st.s);
    tk::attn_pack_kv(A.kv, A.kpe, B, T, d.H, d.dn, d.dr, d.dv, A.K, A.V, st.s);
    float* O = a.f(BH * T * d.dv);
    A.P = a.f(BH * T * T);
    gm.batched(false, true, T, T, d.dq, st.attn_scale, A.Q, d.dq, T * d.dq, A.K, d.dq, T * d.dq, 0.0f, A.P, T, T * T,
               BH);
    tk::attn_softmax(A.P, B, d.H, T, st.start, st.prefix, st.s);
    gm.batched(false, false, T, d.dv, T, 1.0f, A.P, T, T * T, A.V, d.dv, T * d.dv, 0.0f, O, d.dv, T * d.dv, BH);
    tk::attn_bhtd(O, B, T, d.H, d.dv, A.o, false, st.s);
  }
  st.mark("attn core fwd");
  if (A.ob) gm.linear_fwd_xb(w.o, A.ob, N, out);
  else gm.linear_fwd(w.o, A.o, N, out, a);
}

// dx += ∂L/∂x (dx_fresh: dx = ∂L/∂x, its first GEMM overwrites it: no zeroing needed).
void mla_bwd(Step& st, const LayerP& w, const float* x, const MlaAct& A, const float* dout, float* dx,
             const uint16_t* doutb, bool dx_fresh) {
  const Dims d(*st.c);
  const int64_t N = st.N, B = st.B, T = st.T, BH = B * d.H, W = d.R + d.dr;
  Arena& a = *st.a;
  TrainGemm& gm = *st.gm;
  float* dov = a.f(N * d.H * d.dv);  // (overwritten by its GEMM, as dlatn, dqan below)
  if (A.ob) gm.linear_bwd_xb(w.o, A.ob, N, dout, doutb, dov, a, false);
  else if (doutb && gm.bf16_dy_ok(w.o)) gm.linear_bwd_bf16(w.o, A.o, N, doutb, dov, a, false);
  else gm.linear_bwd(w.o, A.o, N, dout, dov, a, false);
  st.mark("attn proj bwd");
  // dkv feeds only kv_b's backward: as BF16 straight away when that takes BF16 operands. The flash
  // backward writes it (and dK's rope columns per head) in this layout itself where it can.
  const bool dkv_b16 = gm.bf16_dy_ok(w.kv_b);
  float* dkv = dkv_b16 ? nullptr : a.f(N * d.H * (d.dn + d.dv));
  uint16_t* dkvb = dkv_b16 ? a.u16(N * d.H * (d.dn + d.dv)) : nullptr;
  float* dkpe = a.f(N * d.dr);
  float* dq = a.f(N * d.H * d.dq);
  const tk::FlashArgs fa = st.flash ? flash_args(st, d, A) : tk::FlashArgs{};
  if (st.flash && dkv_b16 && tk::flash_bwd_unpacked_ok(fa, d.dn)) {
    const tk::FlashDims fd = tk::flash_attn_dims(d.dq, d.dv);
    tk::FlashBwdUnpacked u;
    u.dkvb = dkvb;
    u.dkr = a.f(N * d.H * d.dr);
    u.dn = d.dn;
    tk::flash_attn_bwd(fa, A.o, dov, A.lse, a.u16(BH * T * fd.dvp), a.f(BH * T), dq, nullptr, nullptr, st.s, &u,
                       A.ob);
    tk::sum_heads(u.dkr, N, d.H, d.dr, dkpe, st.s);
  } else {
    float* dV = a.f(BH * T * d.dv);
    float* dK = a.f(BH * T * d.dq);
    if (st.flash) {
      const tk::FlashDims fd = tk::flash_attn_dims(d.dq, d.dv);
      tk::flash_attn_bwd(fa, A.o, dov, A.lse, a.u16(BH * T * fd.dvp), a.f(BH * T), dq, dK, dV, st.s, nullptr,
                         A.ob);
    } else {
      float* dO = a.f(BH * T * d.dv);
      tk::attn_bhtd(dov, B, T, d.H, d.dv, dO, true, st.s);
      float* dS = a.f(BH * T * T);
      gm.batched(false, true, T, T, d.dv, 1.0f, dO, d.dv, T * d.dv, A.V, d.dv, T * d.dv, 0.0f, dS, T, T * T, BH);
      gm.batched(true, false, T, d.dv, T, 1.0f, A.P, T, T * T, dO, d.dv, T * d.dv, 0.0f, dV, d.dv, T * d.dv, BH);
      tk::attn_softmax_bwd(A.P, dS, BH, T, st.attn_scale, st.s);
      float* dQ = a.f(BH * T * d.dq);
      gm.batched(false, false, T, d.dq, T, 1.0f, dS, T, T * T, A.K, d.dq, T * d.dq, 0.0f, dQ, d.dq, T * d.dq, BH);
      gm.batched(true, false, T, d.dq, T, 1.0f, dS, T, T * T, A.Q, d.dq, T * d.dq, 0.0f, dK, d.dq, T * d.dq, BH);
      tk::attn_bhtd(dQ, B, T, d.H, d.dq, dq, false, st.s);
    }
    tk::attn_unpack_dkv(dK, dV, B, T, d.H, d.dn, d.dr, d.dv, dkv, dkpe, st.s, dkvb);
  }
  // dq feeds only q_b's (or q_proj's) backward: where that takes BF16, the inverse rotation writes dq's
  // BF16 copy with the rest of the columns, one pass instead of the rotation and a conversion.
  const LinW& wq = w.q_lora ? w.q_b : w.q_proj;
  static const bool dq_f32 = std::getenv("DSEEK_DQ_ROPE_F32") != nullptr;  // env: A/B measurement
  uint16_t* dqb = !dq_f32 && gm.bf16_dy_ok(wq) ? a.u16(N * d.H * d.dq) : nullptr;
  if (dqb)
    tk::rope_to_bf16(dq, N, d.H * d.dq, d.H, d.dq, d.dn, st.cos, st.sin, st.half, st.interleave, true, dqb, st.s);
  else tk::rope(dq, N, d.H * d.dq, d.H, d.dq, d.dn, st.cos, st.sin, st.half, st.interleave, true, st.s);
  tk::rope(dkpe, N, d.dr, 1, 0, 0, st.cos, st.sin, st.half, st.interleave, true, st.s);
  st.mark("attn core bwd");
  float* dlatn = a.f(N * d.R);
  if (dkv_b16) gm.linear_bwd_bf16(w.kv_b, A.latn, N, dkvb, dlatn, a, false);
  else gm.linear_bwd(w.kv_b, A.latn, N, dkv, dlatn, a, false);
  const LinW qkv = w.q_lora ? stack_rows(w.q_a, w.kv_a) : LinW{};
  DSEEK_CHECK((qkv.w != nullptr) == (A.ldqa != d.Rq), "mla_bwd: q_a/kv_a stacking differs from the forward's");
  // Stacked: dqkv [N, Rq + R + dr] = [dqa | dckv], one data- and one weight-gradient GEMM. Its column
  // ranges are each written once (the norms' backward and the copy overwrite): no zeroing.
  float* dqkv = qkv.w ? st.a->f(N * qkv.out) : nullptr;
  float* dckv = qkv.w ? dqkv + d.Rq : st.a->f(N * W);
  norm_bwd(st, A.ckv, A.ldckv, w.kv_a_ln, A.lat_r, dlatn, d.R, N, d.R, dckv, A.ldckv, nullptr, false);
  tk::copy2d(dkpe, d.dr, dckv + d.R, A.ldckv, N, d.dr, false, st.s);
  bool dx_add = !dx_fresh;  // (the first GEMM into dx overwrites it when fresh)
  if (!qkv.w) {
    gm.linear_bwd(w.kv_a, x, N, dckv, dx, a, dx_add);
    dx_add = true;
  }
  if (w.q_lora) {
    float* dqan = a.f(N * d.Rq);
    if (dqb) gm.linear_bwd_bf16(w.q_b, A.qan, N, dqb, dqan, a, false);
    else gm.linear_bwd(w.q_b, A.qan, N, dq, dqan, a, false);
    float* dqa = qkv.w ? dqkv : st.a->f(N * d.Rq);
    norm_bwd(st, A.qa, A.ldqa, w.q_a_ln, A.qa_r, dqan, d.Rq, N, d.Rq, dqa, A.ldqa, nullptr, false);
    if (qkv.w) gm.linear_bwd(qkv, x, N, dqkv, dx, a, dx_add);
    else gm.linear_bwd(w.q_a, x, N, dqa, dx, a, dx_add);
  } else {
    if (dqb) gm.linear_bwd_bf16(w.q_proj, x, N, dqb, dx, a, dx_add);
    else gm.linear_bwd(w.q_proj, x, N, dq, dx, a, dx_add);
  }
}

}  // namespace

void mlp_fwd(Step& st, const MlpP& w, const float* x, int64_t rows, float* y, MlpAct& A) {
  const int64_t I = w.inter;
  A = MlpAct{};
  if (const LinW gu = stack_rows(w.gate, w.up); gu.w) {  // gate and up in one GEMM: [rows, 2I]
    A.stacked = true;
    A.a = st.a->f(rows * I);
    // down's BF16 operand written in the same pass, and then no fp32 copy (its GEMMs read only that)
    uint16_t* ab = w.down.wb ? st.gm->bf16_output(A.a, rows * I, *st.a) : nullptr;
    static const bool f32_gu = std::getenv("DSEEK_MLP_FP32_GU") != nullptr;  // env: A/B measurement
    if (ab && !f32_gu && st.gm->bf16_dy_ok(gu) && st.gm->bf16_dy_ok(w.down)) {  // g|u only as SwiGLU's BF16 input
      A.gu_b = st.a->u16(rows * 2 * I);
      st.gm->linear_fwd_to_bf16(gu, x, rows, A.gu_b, *st.a);
      tk::swiglu_fwd_gu(A.gu_b, rows, I, nullptr, ab, st.s);
    } else {
      A.g = st.a->f(rows * 2 * I);
      A.u = A.g + I;
      st.gm->linear_fwd(gu, x, rows, A.g, *st.a);
      tk::swiglu_fwd_gu(A.g, rows, I, ab ? nullptr : A.a, ab, st.s);
    }
    st.gm->linear_fwd(w.down, A.a, rows, y, *st.a);
    return;
  }
  A.g = st.a->f(rows * I);
  A.u = st.a->f(rows * I);
  A.a = st.a->f(rows * I);
  st.gm->linear_fwd(w.gate, x, rows, A.g, *st.a);
  st.gm->linear_fwd(w.up, x, rows, A.u, *st.a);
  tk::swiglu_fwd(A.g, A.u, A.a, rows * I, st.s);
  st.gm->linear_fwd(w.down, A.a, rows, y, *st.a);
}

void mlp_bwd(Step& st, const MlpP& w, const float* x, int64_t rows, const MlpAct& A, const float* dy, float* dx,
             const uint16_t* dyb, bool dx_fresh) {
  const int64_t I = w.inter;
  Arena& a = *st.a;
  const bool dx_add = !dx_fresh;  // the first GEMM into dx (gate's, or the stacked one) overwrites it when fresh
  const LinW gu = A.stacked ? stack_rows(w.gate, w.up) : LinW{};  // gate and up as one linear
  if (A.gu_b) {  // BF16 throughout: da and dg|du as the GEMMs write and read them
    uint16_t* dab = a.u16(rows * I);
    st.gm->linear_bwd_to_bf16(w.down, A.a, rows, dy, dyb, dab, a);
    uint16_t* dgu = a.u16(rows * 2 * I);
    tk::swiglu_bwd_gu_bf16(A.gu_b, dab, rows, I, dgu, st.s);
    st.gm->linear_bwd_bf16(gu, x, rows, dgu, dx, a, dx_add);
    return;
  }
  float* da = a.f(rows * I);  // (overwritten by down's data gradient)
  if (dyb && st.gm->bf16_dy_ok(w.down)) st.gm->linear_bwd_bf16(w.down, A.a, rows, dyb, da, a, false);
  else st.gm->linear_bwd(w.down, A.a, rows, dy, da, a, false);
  if (A.stacked) {  // dgu [rows, 2I]: one data-gradient and one weight-gradient GEMM for gate and up
    if (st.gm->bf16_dy_ok(gu)) {
      uint16_t* dgu = a.u16(rows * 2 * I);
      tk::swiglu_bwd_gu_bf16(A.g, da, rows, I, dgu, st.s);
      st.gm->linear_bwd_bf16(gu, x, rows, dgu, dx, a, dx_add);
    } else {
      float* dgu = a.f(rows * 2 * I);
      tk::swiglu_bwd_gu(A.g, da, rows, I, dgu, st.s);
      st.gm->linear_bwd(gu, x, rows, dgu, dx, a, dx_add);
    }
    return;
  }
  if (st.gm->bf16_dy_ok(w.gate) && st.gm->bf16_dy_ok(w.up)) {  // dg, du only as the GEMMs' BF16 operands
    uint16_t* dg = a.u16(rows * I);
    uint16_t* du = a.u16(rows * I);
    tk::swiglu_bwd_bf16(A.g, A.u, da, dg, du, rows * I, st.s);
    st.gm->linear_bwd_bf16(w.gate, x, rows, dg, dx, a, dx_add);
    st.gm->linear_bwd_bf16(w.up, x, rows, du, dx, a);
    return;
  }
  float* dg = a.f(rows * I);
  float* du = a.f(rows * I);
  tk::swiglu_bwd(A.g, A.u, da, dg, du, rows * I, st.s);
  st.gm->linear_bwd(w.gate, x, rows, dg, dx, a, dx_add);
  st.gm->linear_bwd(w.up, x, rows, du, dx, a);
}

void layer_fwd(Step& st, const LayerP& w, const float* h_in, float* h_out, LayerAct& A) {
  const int64_t N = st.N, Hd = st.c->hidden_size;
  const float eps = float(st.c->rms_norm_eps);
  Arena& a = *st.a;
  A.h_in = h_in;
  A.xn1 = a.f(N * Hd);
  A.r1 = a.f(N);
  tk::rmsnorm_fwd(h_in, Hd, w.in_norm.w, eps, N, Hd, A.xn1, Hd, A.r1, st.s, st.gm->bf16_output(A.xn1, N * Hd, a));
  float* y = a.f(N * Hd);
  mla_fwd(st, w, A.xn1, y, A.attn);
  st.mark("attn out fwd");
  A.h_mid = a.f(N * Hd);
  A.xn2 = a.f(N * Hd);
  A.r2 = a.f(N);
  tk::add_rmsnorm_fwd(h_in, y, A.h_mid, w.post_norm.w, eps, N, Hd, A.xn2, A.r2, st.s,
                      st.gm->bf16_output(A.xn2, N * Hd, a));
  if (w.moe) moe_fwd(st, w, A.xn2, y, A.moe);
  else mlp_fwd(st, w.mlp, A.xn2, N, y, A.mlp);
  tk::add(A.h_mid, y, h_out, N * Hd, st.s);
  st.mark(w.moe ? "moe aux+norms fwd" : "mlp/shared fwd");
}

void layer_bwd(Step& st, const LayerP& w, const LayerAct& A, float* dh, uint16_t* dhb) {
  const int64_t N = st.N, Hd = st.c->hidden_size;
  const Arena::Mark scratch = st.a->mark();  // this layer's backward temporaries die with it
  float* dx = st.a->f(N * Hd);  // (the block's first GEMM into it overwrites it)
  if (w.moe) moe_bwd(st, w, A.xn2, A.moe, dh, dx, dhb, true);
  else mlp_bwd(st, w.mlp, A.xn2, N, A.mlp, dh, dx, dhb, true);
  norm_bwd(st, A.h_mid, Hd, w.post_norm, A.r2, dx, Hd, N, Hd, dh, Hd, dhb);  // dh: ∂L/∂h_mid
  st.mark(w.moe ? "moe router bwd" : "mlp/shared bwd");
  float* dx2 = st.a->f(N * Hd);
  mla_bwd(st, w, A.xn1, A.attn, dh, dx2, dhb, true);
  norm_bwd(st, A.h_in, Hd, w.in_norm, A.r1, dx2, Hd, N, Hd, dh, Hd, dhb);  // dh: ∂L/∂h_in
  st.mark("attn q/kv-a bwd");
  st.gm->forget_bf16_after(scratch);
  st.a->rewind(scratch);
}

}  // namespace dseek::cu
