// cuda_linear.cpp — see cuda_linear.h.
#include "backend/cuda/cuda_linear.h"

#include <algorithm>

namespace dseek::cuda {
namespace {

constexpr size_t kWorkspace = size_t(64) << 20;

#define DSEEK_LT_CHECK(call) DSEEK_CUBLAS_CHECK(call)

}  // namespace

Linears::Linears(cudaStream_t s, const Options& o) : s_(s), o_(o) {
  DSEEK_CUBLAS_CHECK(cublasCreate(&blas_));
  DSEEK_CUBLAS_CHECK(cublasSetStream(blas_, s_));
  DSEEK_CUBLAS_CHECK(cublasLtCreate(&lt_));
  if (o.split_floats > 0) split_ = DevMem(size_t(o.split_floats) * 4);
  ws_ = DevMem(kWorkspace);
}

Linears::~Linears() {
  for (auto& [k, p] : plans_) cu::lt_plan_destroy(p);
  if (lt_) cublasLtDestroy(lt_);
  if (blas_) cublasDestroy(blas_);
}

DevMem& Linears::grow(DevMem& m, size_t bytes) {
  if (m.bytes() < bytes) {
    DSEEK_CUDA_CHECK(cudaStreamSynchronize(s_));
    m = DevMem(bytes);
  }
  return m;
}

void Linears::linear(const DLinear& w, const float* x, int rows, float* y, bool gemm_ok) {
  if (rows <= kGemvRows || !gemm_ok) {
    cu::GemvArgs a;
    a.w = w;
    a.nout = w.out;
    a.x = x;
    a.ldx = w.in;
    a.y = y;
    a.ldy = w.out;
    a.rows = rows;
    a.part = split_.as<float>();
    a.part_cap = int64_t(split_.bytes() / 4);
    cu::gemv(a, s_);
    return;
  }
  gemm(w, x, nullptr, rows, y);
}

void Linears::gemm(const DLinear& w, const float* x, const uint16_t* xb, int rows, float* y) {
  const float one = 1.0f, zero = 0.0f;
  const int m = int(w.out), n = rows, k = int(w.in);
  if (w.wt == cu::kF32) {
    DSEEK_CUBLAS_CHECK(cublasSgemm(blas_, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &one, static_cast<const float*>(w.w), k, x,
                                   k, &zero, y, m));
    return;
  }
  if (w.wt == cu::kFP8 && o_.fp8_lt && x && fp8_gemm(w, x, rows, y)) return;
  if (!xb) {
    uint16_t* b = bf16_scratch(size_t(rows) * size_t(k));
    cu::to_bf16(x, int64_t(rows) * k, b, s_);
    xb = b;
  }
  const void* W = w.w;
  if (w.wt == cu::kFP8) {
    uint16_t* d = weight_scratch(size_t(m) * size_t(k));
    cu::fp8_to_bf16(w, d, s_);
    W = d;
  }
  DSEEK_CUBLAS_CHECK(cublasGemmEx(blas_, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &one, W, CUDA_R_16BF, k, xb, CUDA_R_16BF, k,
                                  &zero, y, CUDA_R_32F, m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
}

// cuBLASLt, column-major: D[N x Mp] = op(A)·B with A = W stored K-major ([K x N], op T,
// 128x128 block scales) and B = the quantised activations ([K x Mp], 1x128 scales);
// D is BF16 [Mp rows of N] row-major, widened to fp32 into y.
Linears::Plan& Linears::plan(int n_out, int mp, int k, const void* sa, const void* sb) {
  const auto key = std::make_tuple(n_out, mp, k);
  auto it = plans_.find(key);
  if (it != plans_.end()) return it->second;
  Plan p;
  DSEEK_LT_CHECK(cublasLtMatmulDescCreate(&p.op, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t ta = CUBLAS_OP_T, tb = CUBLAS_OP_N;
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta)));
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb)));
  const int32_t am = CUBLASLT_MATMUL_MATRIX_SCALE_BLK128x128_32F, bm = CUBLASLT_MATMUL_MATRIX_SCALE_VEC128_32F;
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_MODE, &am, sizeof(am)));
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_MODE, &bm, sizeof(bm)));
  // The heuristic wants the scale pointers bound (set again on every call).
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &sa, sizeof(sa)));
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &sb, sizeof(sb)));
  DSEEK_LT_CHECK(cublasLtMatrixLayoutCreate(&p.a, CUDA_R_8F_E4M3, k, n_out, k));
  DSEEK_LT_CHECK(cublasLtMatrixLayoutCreate(&p.b, CUDA_R_8F_E4M3, k, mp, k));
  DSEEK_LT_CHECK(cublasLtMatrixLayoutCreate(&p.d, CUDA_R_16BF, n_out, mp, n_out));
  cublasLtMatmulPreference_t pref;
  DSEEK_LT_CHECK(cublasLtMatmulPreferenceCreate(&pref));
  const uint64_t wsb = kWorkspace;
  DSEEK_LT_CHECK(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &wsb, sizeof(wsb)));
  cublasLtMatmulHeuristicResult_t res{};
  int got = 0;
  const cublasStatus_t st = cublasLtMatmulAlgoGetHeuristic(lt_, p.op, p.a, p.b, p.d, p.d, pref, 1, &res, &got);
  cublasLtMatmulPreferenceDestroy(pref);
  p.ok = st == CUBLAS_STATUS_SUCCESS && got > 0 && res.state == CUBLAS_STATUS_SUCCESS;
  if (p.ok) p.algo = res.algo;
  return plans_.emplace(key, p).first->second;
}

bool Linears::fp8_gemm(const DLinear& w, const float* x, int rows, float* y) {
  if (!w.scale_l4 || w.in % 16 != 0 || w.out % 8 != 0) {
    ++lt_fallbacks_;
    return false;
  }
  const int M = rows, Mp = (rows + 3) / 4 * 4, N = int(w.out), K = int(w.in);
  const int64_t L = (K + 127) / 128;
  float* sx = grow(sx_, size_t(L * Mp) * 4).as<float>();
  Plan& p = plan(N, Mp, K, w.scale_l4, sx);
  if (!p.ok) {
    ++lt_fallbacks_;
    return false;
  }
  uint8_t* q = grow(q_, size_t(Mp) * size_t(K)).as<uint8_t>();
  uint16_t* d = grow(d_, size_t(Mp) * size_t(N) * 2).as<uint16_t>();
  cu::act_quant_fp8(x, M, Mp, K, q, sx, s_);
  const void* pa = w.scale_l4;
  const void* pb = sx;
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &pa, sizeof(pa)));
  DSEEK_LT_CHECK(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &pb, sizeof(pb)));
  const float one = 1.0f, zero = 0.0f;
  DSEEK_LT_CHECK(cublasLtMatmul(lt_, p.op, &one, w.w, p.a, q, p.b, &zero, d, p.d, d, p.d, &p.algo, ws_.as(), kWorkspace,
                                s_));
  cu::bf16_to_f32(d, int64_t(M) * N, y, s_);
  ++lt_calls_;
  return true;
}

}  // namespace dseek::cuda
