// cuda_train_experts.cpp — see cuda_train_experts.h.
#include "backend/cuda/cuda_train_experts.h"

#include <algorithm>

namespace dseek::cu {

// Expert e's weight operand: BF16 copy (bf16 mode) or the fp32 master.
const void* weight_operand(const LinW& w, bool bf16) { return bf16 ? static_cast<const void*>(w.wb) : w.w; }
// A weight as a BF16 GEMM operand: its FP8-rounded copy under FP8 numerics, else the BF16 copy.
const uint16_t* gemm_weight(const LinW& w, bool fp8) { return fp8 ? w.wq : w.wb; }

// Grouped layout, activation × weight: expert e's C rows [off_e, off_e + rows_e) of C (ld ldc) =
// act rows of the same range (ld lda) · weight e (base + e·sW). M = rows_e, N, K fixed.
std::vector<TrainGemm::Problem> expert_problems(const MoeAct& A, bool bf16, const void* act, int64_t lda,
                                                const void* w, int64_t sW, float* C, int64_t ldc, int64_t K,
                                                int64_t N) {
  const size_t es = bf16 ? 2 : 4;
  std::vector<TrainGemm::Problem> ps;
  for (size_t e = 0; e < A.off.size(); ++e)
    ps.push_back({A.rows[e], N, K, static_cast<const char*>(act) + size_t(A.off[e] * lda) * es,
                  static_cast<const char*>(w) + size_t(int64_t(e) * sW) * es, C + A.off[e] * ldc});
  return ps;
}
// Grouped layout, weight gradient: G_e [M, N] (base + e·sW) += left_eᵀ [M, rows_e] · right_e [rows_e, N]
// (left and right: the expert's row ranges of two activations, ld ldl / ldr; K = rows_e).
std::vector<TrainGemm::Problem> expert_wgrad(const MoeAct& A, const void* left, int64_t ldl, const void* right,
                                             int64_t ldr, size_t es, float* G, int64_t sW, int64_t M, int64_t N) {
  std::vector<TrainGemm::Problem> ps;
  for (size_t e = 0; e < A.off.size(); ++e)
    ps.push_back({M, N, A.rows[e], static_cast<const char*>(left) + size_t(A.off[e] * ldl) * es,
                  static_cast<const char*>(right) + size_t(A.off[e] * ldr) * es, G + int64_t(e) * sW});
  return ps;
}

// The experts' BF16 products of one kind in one grouped launch over their exact row counts
// (k_grouped_gemm.cu): rows kinds C rows = act rows · weight_e(ᵀ), wgrad C_e += leftᵀ · right.
void experts_gemm(const Step& st, const MoeAct& A, int64_t sW, const ExpertGemm& x) {
  tk::GroupedGemmArgs g;
  g.kind = x.kind;
  g.A = x.a;
  g.B = x.b;
  g.C = x.C;
  g.Cb = x.Cb;
  g.lda = x.lda;
  g.ldb = x.ldb;
  g.ldc = x.ldc;
  g.sB = x.kind == tk::GroupedKind::kWgrad ? 0 : sW;
  g.sC = x.kind == tk::GroupedKind::kWgrad ? sW : 0;
  g.M = x.M;
  g.N = x.N;
  g.K = x.K;
  g.beta = x.kind == tk::GroupedKind::kWgrad && st.fresh_grads ? 0.0f : x.beta;
  g.off = A.off.data();
  g.cnt = A.rows.data();
  g.groups = int64_t(A.off.size());
  g.sched = st.sched;  // (the persistent kernel's tile counter)
  tk::grouped_gemm(g, st.s);
}
// The experts' FP8 tensor-core products of one kind in one launch (tk::fp8_gemm): rows kinds C rows
// = act rows · W_e (w8, forward) or · W_eᵀ (w8t: the data gradient, k = the weight's rows); wgrad
// C_e += leftᵀ · right over each expert's rows (both transposed operands, k = rows).
void experts_fp8(const Step& st, const MoeAct& A, int64_t sW, const ExpertFp8& x) {
  const LinW& w = *x.w;
  tk::Fp8GemmArgs g;
  if (x.wgrad) {  // C_e [out, in] += (leftᵀ [out, rows_e]) · (rightᵀ [in, rows_e])ᵀ
    g = fp8_tiles_product(x.a, x.b, w.out, w.in, x.C);
    g.wgrad = true;
    g.sC = sW;
  } else {
    g = fp8_weight_product(x.a, w, x.wt, x.C, x.beta);
    g.sB = sW;
    g.sSB = A.fp8_ss;
  }
  g.off = A.off.data();
  g.cnt = A.rows.data();
  g.groups = int64_t(A.off.size());
  tk::fp8_gemm(g, st.s);
}
// FP8 GEMMs for the experts of w: every local expert's weights have E4M3 copies sW apart whose block
// scales lie equally far apart (one launch indexes them by expert); that distance (> 0), else 0.
int64_t fp8_expert_scale_stride(const TrainGemm& gm, const LayerP& w) {
  if (!gm.fp8_gemms()) return 0;
  const MlpP& e0 = w.experts[size_t(w.e_lo)];
  if (!e0.gate.w8 || !e0.up.w8 || !e0.down.w8) return 0;
  const int64_t ss = w.e_hi - w.e_lo > 1 ? w.experts[size_t(w.e_lo + 1)].gate.w8s - e0.gate.w8s : 1;
  if (ss <= 0) return 0;
  for (int64_t e = w.e_lo; e < w.e_hi; ++e) {
    const MlpP& m = w.experts[size_t(e)];
    const int64_t i = e - w.e_lo;
    for (auto [l, l0] : {std::pair(&m.gate, &e0.gate), std::pair(&m.up, &e0.up), std::pair(&m.down, &e0.down)})
      if (!l->w8 || l->w8 != l0->w8 + i * w.expert_stride || l->w8t != l0->w8t + i * w.expert_stride ||
          l->w8s != l0->w8s + i * ss)
        return 0;
  }
  return ss;
}
// Whether the grouped BF16 kernel takes this MoE's shapes (else: cuBLAS over load buckets).
bool own_grouped_gemm(const TrainGemm& gm, int64_t Hd, int64_t I, int64_t sW) {
  return gm.bf16_mode() && Hd % 8 == 0 && I % 8 == 0 && sW % 8 == 0;
}

// The experts' backward on the FP8 tensor cores (MoeAct::fp8_ss): data gradients through Wᵀ's blocks,
// weight gradients over transposed 128×1 tiles (experts start at 128-row tiles; padding rows are zero).
void experts_bwd_fp8(Step& st, const MoeAct& A, int64_t sW, const MlpP& e0, const float* dys, float* da, float* dg,
                     float* du, float* dxs) {
  TrainGemm& gm = *st.gm;
  Arena& a = *st.a;
  const int64_t rows = A.total_rows, Hd = e0.down.out, I = e0.down.in;
  // da_e [m, I] = dys_e · down_e; down.g_e [Hd, I] += dys_eᵀ · a_e (gradients in both layouts from one read)
  const auto [dq, dt] = gm.fp8_both(dys, rows, Hd, a);
  experts_fp8(st, A, sW, {false, dq, {}, &e0.down, true, da, 0.0f});
  experts_fp8(st, A, sW, {true, dt, gm.fp8_cols_t(A.e.a, rows, I, false, a), &e0.down, false, e0.down.g, 1.0f});
  tk::swiglu_bwd(A.e.g, A.e.u, da, dg, du, rows * I, st.s);
  // dxs_e [m, Hd] = dg_e · gate_e + du_e · up_e; gate.g_e / up.g_e [I, Hd] += dg_eᵀ · xs_e, du_eᵀ · xs_e
  const auto [gq, gt] = gm.fp8_both(dg, rows, I, a);
  const auto [uq, ut] = gm.fp8_both(du, rows, I, a);
  experts_fp8(st, A, sW, {false, gq, {}, &e0.gate, true, dxs, 0.0f});
  experts_fp8(st, A, sW, {false, uq, {}, &e0.up, true, dxs, 1.0f});
  const TrainGemm::Fp8Op xt = gm.fp8_cols_t(A.xs, rows, Hd, false, a);
  experts_fp8(st, A, sW, {true, gt, xt, &e0.gate, false, e0.gate.g, 1.0f});
  experts_fp8(st, A, sW, {true, ut, xt, &e0.up, false, e0.up.g, 1.0f});
}

void find_expert_grads(LayerP& w) {
  const int64_t El = w.e_hi - w.e_lo;
  if (El <= 0) return;
  const MlpP& m0 = w.experts[size_t(w.e_lo)];
  const int64_t in = m0.gate.in, inter = m0.gate.out, n = inter * in, sW = w.expert_stride;
  bool block = m0.gate.g && (El == 1 || sW == 3 * n);
  for (int64_t e = w.e_lo; e < w.e_hi && block; ++e) {
    const MlpP& m = w.experts[size_t(e)];
    block = m.gate.g == m0.gate.g + (e - w.e_lo) * sW && m.up.g == m.gate.g + n && m.down.g == m.up.g + n &&
            m.gate.out * m.gate.in == n && m.up.out * m.up.in == n && m.down.out * m.down.in == n;
  }
  if (!block) return;
  w.expert_grads = m0.gate.g;
  w.expert_grads_n = El * 3 * n;
}

std::vector<const LayerP*> zero_grads_but_experts(float* g, int64_t n, const std::vector<const LayerP*>& layers,
                                                 cudaStream_t s) {
  std::vector<const LayerP*> skip;
  for (const LayerP* l : layers)
    if (l->expert_grads) skip.push_back(l);
  std::sort(skip.begin(), skip.end(), [](const LayerP* a, const LayerP* b) { return a->expert_grads < b->expert_grads; });
  float* at = g;
  for (const LayerP* l : skip) {
    if (l->expert_grads > at) DSEEK_CUDA_CHECK(cudaMemsetAsync(at, 0, size_t(l->expert_grads - at) * 4, s));
    at = std::max(at, l->expert_grads + l->expert_grads_n);
  }
  if (g + n > at) DSEEK_CUDA_CHECK(cudaMemsetAsync(at, 0, size_t(g + n - at) * 4, s));
  return skip;
}

void zero_expert_grads(const LayerP& l, cudaStream_t s) {
  DSEEK_CUDA_CHECK(cudaMemsetAsync(l.expert_grads, 0, size_t(l.expert_grads_n) * 4, s));
}

void zero_expert_grads(std::vector<const LayerP*>& unzeroed, cudaStream_t s) {
  for (const LayerP* l : unzeroed) zero_expert_grads(*l, s);
  unzeroed.clear();
}

}  // namespace dseek::cu
