// fp8_lt.cpp — see fp8_lt.h.
#include "backend/cuda/fp8_lt.h"

#include <cstdio>
#include <cstdlib>

namespace dseek::cu {
namespace {
constexpr size_t kWorkspace = size_t(32) << 20;
}  // namespace

Fp8Lt::Fp8Lt(cudaStream_t s) : s_(s) {
  DSEEK_CUBLAS_CHECK(cublasLtCreate(&lt_));
  ws_ = DevMem(kWorkspace);
}

Fp8Lt::~Fp8Lt() {
  for (auto& [k, p] : plans_) lt_plan_destroy(p);
  if (lt_) cublasLtDestroy(lt_);
}

// Column-major, as cuBLASLt sees it: D [n x m] = op(A) · B with A = other ([k x n], op T: row-major
// [n][k]) and B = act ([k x m]: row-major [m][k]); C = D, fp32 [n x m] = row-major [m][n].
Fp8Lt::Plan& Fp8Lt::plan(const Args& x) {
  const auto key = std::make_tuple(x.m, x.n, x.k, x.other_blocks, x.beta != 0.0f);
  auto it = plans_.find(key);
  if (it != plans_.end()) return it->second;
  Plan p;
  auto ok = [](cublasStatus_t st) { return st == CUBLAS_STATUS_SUCCESS; };
  bool good = ok(cublasLtMatmulDescCreate(&p.op, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t ta = CUBLAS_OP_T, tb = CUBLAS_OP_N;
  const int32_t am = x.other_blocks ? CUBLASLT_MATMUL_MATRIX_SCALE_BLK128x128_32F : CUBLASLT_MATMUL_MATRIX_SCALE_VEC128_32F;
  const int32_t bm = CUBLASLT_MATMUL_MATRIX_SCALE_VEC128_32F;
  const void *sa = x.other_s, *sb = x.act_s;  // the heuristic wants the scale pointers bound
  good = good && ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta))) &&
         ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb))) &&
         ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_MODE, &am, sizeof(am))) &&
         ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_MODE, &bm, sizeof(bm))) &&
         ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &sa, sizeof(sa))) &&
         ok(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &sb, sizeof(sb))) &&
         ok(cublasLtMatrixLayoutCreate(&p.a, CUDA_R_8F_E4M3, uint64_t(x.k), uint64_t(x.n), x.k)) &&
         ok(cublasLtMatrixLayoutCreate(&p.b, CUDA_R_8F_E4M3, uint64_t(x.k), uint64_t(x.m), x.k)) &&
         ok(cublasLtMatrixLayoutCreate(&p.d, CUDA_R_32F, uint64_t(x.n), uint64_t(x.m), x.n));
  if (good) {
    cublasLtMatmulPreference_t pref;
    good = ok(cublasLtMatmulPreferenceCreate(&pref));
    const uint64_t wsb = kWorkspace;
    if (good) {
      cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &wsb, sizeof(wsb));
      cublasLtMatmulHeuristicResult_t res{};
      int got = 0;
      good = ok(cublasLtMatmulAlgoGetHeuristic(lt_, p.op, p.a, p.b, p.d, p.d, pref, 1, &res, &got)) && got > 0 &&
             res.state == CUBLAS_STATUS_SUCCESS;
      if (good) p.algo = res.algo;
      cublasLtMatmulPreferenceDestroy(pref);
    }
  }
  p.ok = good;
  if (!good && std::getenv("DSEEK_TRAIN_PROFILE"))  // which products run on k_fp8_gemm.cu instead
    std::fprintf(stderr, "fp8: cuBLASLt declines %ld x %ld x %ld (%s); dseek's FP8 kernel runs it\n", long(x.m),
                 long(x.n), long(x.k), x.other_blocks ? "128x128 blocks" : "1x128 tiles");
  return plans_.emplace(key, p).first->second;
}

bool Fp8Lt::gemm(const Args& x) {
  if (x.m <= 0 || x.n <= 0 || x.k <= 0 || x.m % 4 || x.n % 4 || x.k % 16) {
    ++declined_;
    return false;
  }
  Plan& p = plan(x);
  if (!p.ok) {
    ++declined_;
    return false;
  }
  const void *sa = x.other_s, *sb = x.act_s;
  DSEEK_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &sa, sizeof(sa)));
  DSEEK_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &sb, sizeof(sb)));
  const float one = 1.0f;
  DSEEK_CUBLAS_CHECK(cublasLtMatmul(lt_, p.op, &one, x.other, p.a, x.act, p.b, &x.beta, x.C, p.d, x.C, p.d, &p.algo,
                                    ws_.as(), kWorkspace, s_));
  ++calls_;
  return true;
}

}  // namespace dseek::cu
