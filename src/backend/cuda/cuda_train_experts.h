// cuda_train_experts.h — the routed experts' GEMMs of the CUDA trainer's MoE
// layer (cuda_train_moe.cpp): the operands of each expert in the grouped
// layout, one-launch grouped BF16 products (k_grouped_gemm.cu) and FP8 tensor-
// core products (k_fp8_gemm.cu), the FP8 experts' backward, and their gradients'
// range that zero_grad leaves to the backward.
// What it is not: routing, dispatch or the layer (cuda_train_moe.cpp).
#pragma once

#include <cstdint>
#include <vector>

#include "backend/cuda/cuda_train_impl.h"

namespace dseek::cu {

// Expert e's weight operand: BF16 copy (bf16 mode) or the fp32 master.
const void* weight_operand(const LinW& w, bool bf16);
// A weight as a BF16 GEMM operand: its FP8-rounded copy under FP8 numerics, else the BF16 copy.
const uint16_t* gemm_weight(const LinW& w, bool fp8);
// Grouped layout, activation × weight: expert e's C rows [off_e, off_e + rows_e) of C (ld ldc) =
// act rows of the same range (ld lda) · weight e (base + e·sW). M = rows_e, N, K fixed.
std::vector<TrainGemm::Problem> expert_problems(const MoeAct& A, bool bf16, const void* act, int64_t lda,
                                                const void* w, int64_t sW, float* C, int64_t ldc, int64_t K,
                                                int64_t N);
// Grouped layout, weight gradient: G_e [M, N] (base + e·sW) += left_eᵀ [M, rows_e] · right_e [rows_e, N].
std::vector<TrainGemm::Problem> expert_wgrad(const MoeAct& A, const void* left, int64_t ldl, const void* right,
                                             int64_t ldr, size_t es, float* G, int64_t sW, int64_t M, int64_t N);

// The experts' BF16 products of one kind in one grouped launch over their exact row counts
// (k_grouped_gemm.cu): rows kinds C rows = act rows · weight_e(ᵀ), wgrad C_e += leftᵀ · right.
struct ExpertGemm {
  tk::GroupedKind kind;
  const uint16_t *a, *b;  // activation (or wgrad's left) and weights base (or wgrad's right)
  int64_t lda, ldb;
  float* C;
  int64_t ldc, M, N, K;  // rows kinds: N, K; wgrad: M, N
  float beta;
  uint16_t* Cb = nullptr;  // instead of C (rows kinds, beta 0): the product in BF16
};
void experts_gemm(const Step& st, const MoeAct& A, int64_t sW, const ExpertGemm& x);

// The experts' FP8 tensor-core products of one kind in one launch (tk::fp8_gemm): rows kinds C rows
// = act rows · W_e (w8, forward) or · W_eᵀ (w8t: the data gradient, k = the weight's rows); wgrad
// C_e += leftᵀ · right over each expert's rows (both transposed operands, k = rows).
struct ExpertFp8 {
  bool wgrad;
  TrainGemm::Fp8Op a, b;  // b: wgrad's right operand (rows kinds: the weight's copies)
  const LinW* w;          // expert e0's weight (rows kinds: its E4M3 copies and scales; wgrad: the gradient)
  bool wt;                // rows kinds: multiply by Wᵀ
  float* C;               // row stride: the product's N
  float beta;             // rows kinds (wgrad accumulates)
};
void experts_fp8(const Step& st, const MoeAct& A, int64_t sW, const ExpertFp8& x);
// FP8 GEMMs for the experts of w: every local expert's weights have E4M3 copies sW apart whose block
// scales lie equally far apart (one launch indexes them by expert); that distance (> 0), else 0.
int64_t fp8_expert_scale_stride(const TrainGemm& gm, const LayerP& w);
// The local experts' gradients of w as one range (LayerP::expert_grads): set where gate, up and down
// of every local expert lie back to back with nothing between them, else left null.
void find_expert_grads(LayerP& w);
// zero_grad: zeroes the gradient buffer g [n] but the expert ranges of `layers`, and returns the layers
// whose range it left (Step::unzeroed: the next backward overwrites or zeroes them).
std::vector<const LayerP*> zero_grads_but_experts(float* g, int64_t n, const std::vector<const LayerP*>& layers,
                                                 cudaStream_t s);
// Zeroes layer l's expert range; the ranges of the layers still in `unzeroed`, and empties it.
void zero_expert_grads(const LayerP& l, cudaStream_t s);
void zero_expert_grads(std::vector<const LayerP*>& unzeroed, cudaStream_t s);
// Whether the grouped BF16 kernel takes this MoE's shapes (else: cuBLAS over load buckets).
bool own_grouped_gemm(const TrainGemm& gm, int64_t Hd, int64_t I, int64_t sW);
// The experts' backward on the FP8 tensor cores (MoeAct::fp8_ss), from the output rows' gradient dys
// to da, dg, du (SwiGLU's) and dxs, and the weight gradients.
void experts_bwd_fp8(Step& st, const MoeAct& A, int64_t sW, const MlpP& e0, const float* dys, float* da, float* dg,
                     float* du, float* dxs);

}  // namespace dseek::cu
