// attn_gemm.h — the float training attention of attn_grad.h as GEMMs: per
// (row, head), S = Q·Kᵀ over the whole row with the document/shared-prefix
// mask applied afterwards, then O = P·V; the backward recomputes P from the
// saved log-sum-exp and forms dP = dO·Vᵀ, dQ = dZ·K, dK = dZᵀ·Q, dV = Pᵀ·dO
// with the CPU GEMMs (backend/cpu/gemm.h). Masked pairs are computed and
// discarded: ~2-3x more arithmetic than the pair loop of attn_grad.cpp, at
// GEMM speed instead of scalar speed. Same semantics and outputs (up to
// float summation order); the double path (gradient checks) stays the loop.
// What it is not: flash attention (the [T, T] score block is materialised per
// (row, head) job, 4 MB at T = 1024), or the inference MLA (model/mla.*).
#pragma once

#include "train/attn_grad.h"

namespace dseek::train {

void attention_fwd_gemm(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, float scale, const float* q,
                        const float* kv, const float* kpe, float* out, float* lse);
void attention_bwd_gemm(const GradContext& ctx, const AttnDims& d, const SeqLayout& sl, float scale, const float* q,
                        const float* kv, const float* kpe, const float* out, const float* lse, const float* dout,
                        float* dq, float* dkv, float* dkpe);

}  // namespace dseek::train
