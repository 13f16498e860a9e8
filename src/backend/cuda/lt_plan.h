// lt_plan.h — one cuBLASLt matmul plan as dseek keeps them (a descriptor, the three
// matrix layouts and the heuristic's algorithm), and its release. Shared by
// inference's FP8 linears (cuda_linear.cpp) and the trainer's (fp8_lt.cpp).
// What it is not: how a plan is made (scale modes, shapes: each owner's).
#pragma once

#include <cublasLt.h>

namespace dseek::cu {

struct LtPlan {
  bool ok = false;  // the heuristic found an algorithm (else the owner falls back)
  cublasLtMatmulDesc_t op = nullptr;
  cublasLtMatrixLayout_t a = nullptr, b = nullptr, d = nullptr;
  cublasLtMatmulAlgo_t algo{};
};

// Frees what p holds (the handles set so far).
inline void lt_plan_destroy(LtPlan& p) {
  if (p.a) cublasLtMatrixLayoutDestroy(p.a);
  if (p.b) cublasLtMatrixLayoutDestroy(p.b);
  if (p.d) cublasLtMatrixLayoutDestroy(p.d);
  if (p.op) cublasLtMatmulDescDestroy(p.op);
  p = LtPlan{};
}

}  // namespace dseek::cu
