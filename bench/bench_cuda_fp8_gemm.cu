// bench_cuda_fp8_gemm.cu — standalone cuBLASLt benchmark for Hopper (sm_90): FP8 E4M3 GEMM with
// DeepSeek-V3 fine-grained scaling (activations 1x128, weights 128x128, fp32 dequant scales, fp32
// accumulation, BF16 output), next to per-tensor-scaled FP8 and BF16 GEMMs of the same shapes.
// It checks correctness on small shapes (every heuristic algo vs a full fp64 reference), times the
// prefill shapes (median of kIters runs, inputs rotated so L2 cannot hold them), re-verifies the chosen
// algo on sampled rows, prints a markdown table and writes JSON to $BENCH_JSON if set.
// It is not: part of the dseek build or src/, a kernel of our own, or a decode (small-M) benchmark.
// Exit status: 0 all checks passed, 1 a correctness check failed, 2 a CUDA/cuBLAS error.
// Build: nvcc -std=c++17 -O2 -gencode=arch=compute_90a,code=sm_90a -o /tmp/bench_fp8
//          bench/bench_cuda_fp8_gemm.cu -lcublasLt -lcublas      (one line)
// Usage: bench_fp8 [M N K]        (default: six DeepSeek-V3 prefill linears)
//
// Conventions. Engine tensors are row-major: X [M,K] activations, W [N,K] weights, Y = X W^T [M,N].
// cuBLASLt is column-major, so row-major X is a K x M column-major matrix (ld K) and W is K x N:
// both K-major, i.e. the "TN" layout FP8 needs on Hopper (transa = T, transb = N). Two mappings:
//   "A=W": cuBLAS A=W (m=N), B=X (n=M), D = N x M col-major (ld N) == row-major Y   <- engine layout
//   "A=X": cuBLAS A=X (m=M), B=W (n=N), D = M x N col-major (ld M) == row-major Y^T
// Scale tensors, cuBLAS docs 3.1.4.5.1 "Scaling factors layouts" (M,N there = GEMM m,n):
//   VEC128_32F: "M-major for A with shape M x L", "N-major for B with shape N x L", L = ceil(K/128)
//     -> activation scales sX[t + kb*M] (token index contiguous: the TRANSPOSE of a per-token
//        [M, L] row-major array as DeepSeek's act_quant produces it).
//   BLK128x128_32F: "K-major and the stride between the consecutive columns must be a multiple of
//     4", shape L4 x ceil(rows/128), L4 = roundup(L,4) -> weight scales sW[kb + nb*L4] (DeepSeek's
//     weight_scale_inv [ceil(N/128), L] row-major, with rows padded from L to L4 with zeros).
//   Also: "M and N must be multiples of 4"; "Starting addresses of scaling factors must be 16B
//   aligned"; the layout "does not allow transposition", so both mappings share the same storage.
//   Supported pairs on sm_90: VEC128/VEC128, VEC128/BLK, BLK/VEC128 (not BLK/BLK).
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp8.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#define CK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) { fprintf(stderr, "CUDA error %s (%d) at %s:%d: %s\n", \
  cudaGetErrorName(e_), (int)e_, __FILE__, __LINE__, #x); exit(2); } } while (0)
#define CKB(x) do { cublasStatus_t s_ = (x); if (s_ != CUBLAS_STATUS_SUCCESS) { fprintf(stderr, "cuBLAS error %s (%d) at " \
  "%s:%d: %s\n", cublasGetStatusName(s_), (int)s_, __FILE__, __LINE__, #x); exit(2); } } while (0)
#define CKLAUNCH() CK(cudaGetLastError())

namespace {

constexpr double kCeilingTflops = 1422.0;  // plain FP8 GEMM measured through PyTorch on this H200
constexpr int kIters = 30, kWarmup = 3;    // timed runs per algo (median reported), untimed warm-up runs
constexpr int kMaxAlgos = 8;               // heuristic candidates requested; each is tried and timed
constexpr size_t kWorkspace = 64ull << 20;
constexpr double kTol = 1e-2;              // ||D - ref|| / ||ref||
constexpr float kPtScaleW = 0.5f, kPtScaleX = 0.25f;  // per-tensor path scalars

// ------------------------------------------------------------------------------------- kernels
__device__ __forceinline__ uint32_t mix(uint32_t x) {
  x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16; return x;
}
// Normal sample for element (r, c), times a per-tile magnitude 2^[-3,3] so that scales differ by
// up to 64x between tiles: a wrong scale layout then gives O(1) errors, not a few percent.
__device__ float gen_val(uint32_t seed, uint32_t r, uint32_t c, uint32_t tile_r, uint32_t tile_c) {
  const uint32_t h1 = mix(seed ^ mix(r * 0x9E3779B1u ^ mix(c + 0x632BE5ABu)));
  const uint32_t h2 = mix(h1 ^ 0x85EBCA6Bu);
  const float u1 = (float)((h1 >> 8) + 1u) * (1.0f / 16777216.0f);  // (0, 1]
  const float u2 = (float)(h2 >> 8) * (1.0f / 16777216.0f);
  const float z = sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2);
  const uint32_t ht = mix(seed * 0x27d4eb2fu ^ mix(tile_r * 0x165667b1u ^ (tile_c + 7u)));
  return z * exp2f((float)((int)(ht % 7u) - 3));
}

// One block (128 threads) per tile of `tr` rows x 128 columns of a row-major [rows, K] matrix:
// scale = amax/448 (dequant scale, value ~= fp8 * scale), q = e4m3(v / scale) (saturating),
// deq = bf16(q * scale) (input of the BF16 GEMM, so all paths share one exact reference).
// vec128 = 1: tr must be 1, scale[r + kb*rows];  vec128 = 0: scale[kb + rt*L4].
__global__ void quant_tiles(uint32_t seed, int rows, int K, int tr, int vec128, int L4,
                            __nv_fp8_e4m3* q, float* scale, __nv_bfloat16* deq) {
  const int kb = blockIdx.x, rt = blockIdx.y, n = tr * 128;
  __shared__ float red[4];
  float amax = 0.0f;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    const int r = rt * tr + i / 128, c = kb * 128 + i % 128;
    if (r < rows) amax = fmaxf(amax, fabsf(gen_val(seed, r, c, rt, kb)));
  }
  for (int o = 16; o > 0; o >>= 1) amax = fmaxf(amax, __shfl_xor_sync(0xffffffffu, amax, o));
  if ((threadIdx.x & 31) == 0) red[threadIdx.x >> 5] = amax;
  __syncthreads();
  amax = fmaxf(fmaxf(red[0], red[1]), fmaxf(red[2], red[3]));
  const float s = amax > 0.0f ? amax / 448.0f : 1.0f;
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    const int r = rt * tr + i / 128, c = kb * 128 + i % 128;
    if (r >= rows) continue;
    const __nv_fp8_e4m3 v(gen_val(seed, r, c, rt, kb) / s);
    q[(size_t)r * K + c] = v;
    deq[(size_t)r * K + c] = __float2bfloat16(static_cast<float>(v) * s);
  }
  if (threadIdx.x == 0) scale[vec128 ? rt + (size_t)kb * rows : kb + (size_t)rt * L4] = s;
}

// i-th of nr sampled rows: every row when nr == M, else spread over M with a varying in-tile offset.
__device__ __forceinline__ int sample_row(int i, int M, int nr) {
  return nr >= M ? i : (int)(((long long)i * M / nr + (i * 37) % (M / nr)) % M);
}
// fp64 reference from the dequantised fp8 values: ref[i*N + n] = Y[sample_row(i), n].
// blk = 1: sx = VEC128 layout, sw = BLK128x128 layout;  blk = 0: per-tensor scalars sx[0], sw[0].
__global__ void ref_gemm(const __nv_fp8_e4m3* qx, const float* sx, const __nv_fp8_e4m3* qw,
                         const float* sw, int M, int N, int K, int L4, int nr, int blk, double* ref) {
  const int n = blockIdx.x * blockDim.x + threadIdx.x, i = blockIdx.y;
  if (n >= N) return;
  const int m = sample_row(i, M, nr);
  const __nv_fp8_e4m3* xr = qx + (size_t)m * K;
  const __nv_fp8_e4m3* wr = qw + (size_t)n * K;
  double acc = 0.0;
  for (int kb = 0; kb * 128 < K; ++kb) {
    double part = 0.0;
    for (int k = kb * 128; k < min(K, kb * 128 + 128); ++k)
      part += (double)static_cast<float>(xr[k]) * (double)static_cast<float>(wr[k]);
    acc += blk ? part * (double)sx[m + (size_t)kb * M] * (double)sw[kb + (size_t)(n / 128) * L4]
               : part;
  }
  if (!blk) acc *= (double)sx[0] * (double)sw[0];
  ref[(size_t)i * N + n] = acc;
}

// acc[0] += sum (D - ref)^2, acc[1] += sum ref^2, nbad += non-finite D (over the sampled rows).
__global__ void compare(const __nv_bfloat16* D, int row_major, const double* ref, int M, int N,
                        int nr, double* acc, unsigned long long* nbad) {
  const size_t idx = blockIdx.x * (size_t)blockDim.x + threadIdx.x;
  double e2 = 0.0, r2 = 0.0;
  unsigned long long bad = 0;
  if (idx < (size_t)nr * N) {
    const int i = (int)(idx / N), n = (int)(idx % N), m = sample_row(i, M, nr);
    const float d = __bfloat162float(row_major ? D[(size_t)m * N + n] : D[m + (size_t)n * M]);
    const double r = ref[idx];
    if (!isfinite(d)) bad = 1; else e2 = ((double)d - r) * ((double)d - r);
    r2 = r * r;
  }
  for (int o = 16; o > 0; o >>= 1) {
    e2 += __shfl_down_sync(~0u, e2, o); r2 += __shfl_down_sync(~0u, r2, o); bad += __shfl_down_sync(~0u, bad, o);
  }
  if ((threadIdx.x & 31) == 0) { atomicAdd(&acc[0], e2); atomicAdd(&acc[1], r2); atomicAdd(nbad, bad); }
}

// --------------------------------------------------------------------------------- host side
int ceil_div(int a, int b) { return (a + b - 1) / b; }

struct Set { __nv_fp8_e4m3 *qx, *qw; float *sx, *sw; __nv_bfloat16 *bx, *bw; };  // fp8 + scales + bf16 copies

Set make_set(int M, int N, int K, uint32_t seed, cudaStream_t st) {
  Set s{};
  const int L = ceil_div(K, 128), L4 = ceil_div(L, 4) * 4;
  CK(cudaMalloc(&s.qx, (size_t)M * K)); CK(cudaMalloc(&s.qw, (size_t)N * K));
  CK(cudaMalloc(&s.bx, (size_t)M * K * 2)); CK(cudaMalloc(&s.bw, (size_t)N * K * 2));
  CK(cudaMalloc(&s.sx, (size_t)M * L * 4)); CK(cudaMalloc(&s.sw, (size_t)L4 * ceil_div(N, 128) * 4));
  CK(cudaMemsetAsync(s.sw, 0, (size_t)L4 * ceil_div(N, 128) * 4, st));  // zero the L..L4 padding
  quant_tiles<<<dim3(L, M), 128, 0, st>>>(seed, M, K, 1, 1, L4, s.qx, s.sx, s.bx); CKLAUNCH();
  quant_tiles<<<dim3(L, ceil_div(N, 128)), 128, 0, st>>>(seed + 1, N, K, 128, 0, L4, s.qw, s.sw, s.bw); CKLAUNCH();
  return s;
}
void free_set(Set& s) {
  CK(cudaFree(s.qx)); CK(cudaFree(s.qw)); CK(cudaFree(s.bx)); CK(cudaFree(s.bw)); CK(cudaFree(s.sx)); CK(cudaFree(s.sw));
}

enum Kind { BLK_WA, BLK_XA, PT, PT_FAST, BF16, NKIND };
const char* kKindName[NKIND] = {"fp8 blk A=W (1x128 on X)", "fp8 blk A=X (1x128 on X)", "fp8 per-tensor",
                                "fp8 per-tensor fastacc", "bf16"};
const char* kKindKey[NKIND] = {"fp8_blk_AW", "fp8_blk_AX", "fp8_pertensor", "fp8_pertensor_fastacc", "bf16"};

struct Ctx {
  cublasLtHandle_t lt; cudaStream_t st; void* ws; float *pt_sx, *pt_sw; double* acc; unsigned long long* nbad;
  std::vector<cudaEvent_t> ev0, ev1;
};

struct Plan {
  Kind kind; int M, N, K; cublasStatus_t heur = CUBLAS_STATUS_SUCCESS;
  cublasLtMatmulDesc_t op = nullptr; cublasLtMatrixLayout_t a = nullptr, b = nullptr, d = nullptr;
  std::vector<cublasLtMatmulHeuristicResult_t> algos;
  bool a_is_x() const { return kind == BLK_XA; }  // only BLK_XA puts X in cuBLAS's A slot (D = Y^T)
};

void bind_scales(const Ctx& c, const Plan& p, const Set& s) {
  if (p.kind == BF16) return;
  const bool pt = p.kind == PT || p.kind == PT_FAST;  // A=W except for BLK_XA
  const void* pa = pt ? c.pt_sw : p.a_is_x() ? s.sx : s.sw;
  const void* pb = pt ? c.pt_sx : p.a_is_x() ? s.sw : s.sx;
  CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &pa, sizeof(pa)));
  CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &pb, sizeof(pb)));
}

Plan make_plan(const Ctx& c, Kind kind, int M, int N, int K, const Set& s0) {
  Plan p; p.kind = kind; p.M = M; p.N = N; p.K = K;
  const cudaDataType_t ab = kind == BF16 ? CUDA_R_16BF : CUDA_R_8F_E4M3;
  const int m = p.a_is_x() ? M : N, n = p.a_is_x() ? N : M;
  CKB(cublasLtMatmulDescCreate(&p.op, CUBLAS_COMPUTE_32F, CUDA_R_32F));
  const cublasOperation_t ta = CUBLAS_OP_T, tb = CUBLAS_OP_N;
  CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSA, &ta, sizeof(ta)));
  CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_TRANSB, &tb, sizeof(tb)));
  if (kind == BLK_WA || kind == BLK_XA) {
    const int32_t blk = CUBLASLT_MATMUL_MATRIX_SCALE_BLK128x128_32F, vec = CUBLASLT_MATMUL_MATRIX_SCALE_VEC128_32F;
    const int32_t am = kind == BLK_WA ? blk : vec, bm = kind == BLK_WA ? vec : blk;
    CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_A_SCALE_MODE, &am, sizeof(am)));
    CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_B_SCALE_MODE, &bm, sizeof(bm)));
  }
  const int8_t fast = 1;  // default 0 (off) elsewhere; PyTorch rejects fast accum for block scaling
  if (kind == PT_FAST) CKB(cublasLtMatmulDescSetAttribute(p.op, CUBLASLT_MATMUL_DESC_FAST_ACCUM, &fast, sizeof(fast)));
  bind_scales(c, p, s0);
  CKB(cublasLtMatrixLayoutCreate(&p.a, ab, K, m, K));  // op(A) = A^T: m x K, stored K-major
  CKB(cublasLtMatrixLayoutCreate(&p.b, ab, K, n, K));  // op(B) = B:   K x n, stored K-major
  CKB(cublasLtMatrixLayoutCreate(&p.d, CUDA_R_16BF, m, n, m));  // C and D
  cublasLtMatmulPreference_t pref;
  CKB(cublasLtMatmulPreferenceCreate(&pref));
  const uint64_t wsb = kWorkspace;
  CKB(cublasLtMatmulPreferenceSetAttribute(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &wsb, sizeof(wsb)));
  std::vector<cublasLtMatmulHeuristicResult_t> res(kMaxAlgos); int got = 0;
  p.heur = cublasLtMatmulAlgoGetHeuristic(c.lt, p.op, p.a, p.b, p.d, p.d, pref, kMaxAlgos, res.data(), &got);
  CKB(cublasLtMatmulPreferenceDestroy(pref));
  if (p.heur == CUBLAS_STATUS_SUCCESS)
    for (int i = 0; i < got; ++i) if (res[i].state == CUBLAS_STATUS_SUCCESS) p.algos.push_back(res[i]);
  return p;
}
void destroy_plan(Plan& p) {
  CKB(cublasLtMatrixLayoutDestroy(p.a)); CKB(cublasLtMatrixLayoutDestroy(p.b)); CKB(cublasLtMatrixLayoutDestroy(p.d));
  CKB(cublasLtMatmulDescDestroy(p.op));
}

// Non-fatal: returns cuBLASLt's status so that NOT_SUPPORTED etc. can be reported and skipped.
cublasStatus_t run_gemm(const Ctx& c, const Plan& p, int ai, const Set& s, __nv_bfloat16* D) {
  bind_scales(c, p, s);
  const void* A = p.kind == BF16 ? (const void*)s.bw : p.a_is_x() ? (const void*)s.qx : (const void*)s.qw;
  const void* B = p.kind == BF16 ? (const void*)s.bx : p.a_is_x() ? (const void*)s.qw : (const void*)s.qx;
  const float alpha = 1.0f, beta = 0.0f;  // C = D (in place, beta = 0)
  return cublasLtMatmul(c.lt, p.op, &alpha, A, p.a, B, p.b, &beta, D, p.d, D, p.d, &p.algos[ai].algo, c.ws, kWorkspace, c.st);
}

// Output buffer D plus fp64 references (block-scaled / per-tensor) for nr sampled rows of set s.
struct Refs {
  __nv_bfloat16* D; double *blk, *pt;
  const double* for_kind(int k) const { return k == PT || k == PT_FAST ? pt : blk; }  // bf16 uses deq = blk
};
Refs make_refs(const Ctx& c, const Set& s, int M, int N, int K, int nr) {
  Refs r{};
  const int L4 = ceil_div(ceil_div(K, 128), 4) * 4;
  CK(cudaMalloc(&r.D, (size_t)M * N * 2)); CK(cudaMalloc(&r.blk, (size_t)nr * N * 8)); CK(cudaMalloc(&r.pt, (size_t)nr * N * 8));
  ref_gemm<<<dim3(ceil_div(N, 128), nr), 128, 0, c.st>>>(s.qx, s.sx, s.qw, s.sw, M, N, K, L4, nr, 1, r.blk); CKLAUNCH();
  ref_gemm<<<dim3(ceil_div(N, 128), nr), 128, 0, c.st>>>(s.qx, c.pt_sx, s.qw, c.pt_sw, M, N, K, L4, nr, 0, r.pt); CKLAUNCH();
  CK(cudaStreamSynchronize(c.st));
  return r;
}
void free_refs(Refs& r) { CK(cudaFree(r.D)); CK(cudaFree(r.blk)); CK(cudaFree(r.pt)); }

// Poison D (0xFFFF = bf16 NaN), run algo ai on set s, compare the sampled rows to ref.
cublasStatus_t check_algo(const Ctx& c, const Plan& p, int ai, const Set& s, __nv_bfloat16* D,
                          const double* ref, int nr, double* rel, unsigned long long* nbad) {
  CK(cudaMemsetAsync(D, 0xFF, (size_t)p.M * p.N * 2, c.st));
  const cublasStatus_t st = run_gemm(c, p, ai, s, D);
  if (st != CUBLAS_STATUS_SUCCESS) return st;
  CK(cudaMemsetAsync(c.acc, 0, 2 * sizeof(double), c.st)); CK(cudaMemsetAsync(c.nbad, 0, sizeof(*nbad), c.st));
  const size_t tot = (size_t)nr * p.N;
  compare<<<(unsigned)((tot + 255) / 256), 256, 0, c.st>>>(D, p.a_is_x() ? 0 : 1, ref, p.M, p.N, nr, c.acc, c.nbad);
  CKLAUNCH();
  double h[2];
  CK(cudaMemcpyAsync(h, c.acc, sizeof(h), cudaMemcpyDeviceToHost, c.st));
  CK(cudaMemcpyAsync(nbad, c.nbad, sizeof(*nbad), cudaMemcpyDeviceToHost, c.st)); CK(cudaStreamSynchronize(c.st));
  *rel = h[1] > 0.0 ? std::sqrt(h[0] / h[1]) : INFINITY;
  return st;
}

// Median time (ms) of kIters runs of algo ai, rotating over the input sets; < 0 if it fails.
double time_algo(const Ctx& c, const Plan& p, int ai, const std::vector<Set>& sets, __nv_bfloat16* D,
                 cublasStatus_t* st) {
  const size_t ns = sets.size();
  for (int w = 0; w < kWarmup; ++w)
    if ((*st = run_gemm(c, p, ai, sets[w % ns], D)) != CUBLAS_STATUS_SUCCESS) return -1.0;
  for (int it = 0; it < kIters; ++it) {
    CK(cudaEventRecord(c.ev0[it], c.st));
    if ((*st = run_gemm(c, p, ai, sets[it % ns], D)) != CUBLAS_STATUS_SUCCESS) { CK(cudaStreamSynchronize(c.st)); return -1.0; }
    CK(cudaEventRecord(c.ev1[it], c.st));
  }
  CK(cudaStreamSynchronize(c.st));
  std::vector<float> t(kIters);
  for (int it = 0; it < kIters; ++it) CK(cudaEventElapsedTime(&t[it], c.ev0[it], c.ev1[it]));
  std::sort(t.begin(), t.end());
  return t[kIters / 2];
}

// Small-shape correctness: every heuristic algo of every kind against the full fp64 reference.
// Returns false on a numeric failure (wrong values / NaN); unsupported is reported, not failed.
bool check_case(const Ctx& c, int M, int N, int K, const char* tag, std::string* log) {
  printf("correctness %s M=%d N=%d K=%d\n", tag, M, N, K);
  *log += "M=" + std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K) + "\n";
  Set s = make_set(M, N, K, 0x1234u + (uint32_t)(M * 7 + N * 13 + K), c.st);
  Refs rf = make_refs(c, s, M, N, K, M);  // full reference: every row
  bool ok = true;
  for (int k = 0; k < NKIND; ++k) {
    Plan p = make_plan(c, (Kind)k, M, N, K, s);
    char buf[160];
    std::string line;
    if (p.algos.empty()) {
      snprintf(buf, sizeof buf, "  %-24s UNSUPPORTED (heuristic: %s, 0 usable algos)", kKindName[k], cublasGetStatusName(p.heur));
      line = buf;
    } else {
      int npass = 0, nwrong = 0; double worst = 0.0; std::string fails;
      for (int ai = 0; ai < (int)p.algos.size(); ++ai) {
        double rel = 0.0; unsigned long long nbad = 0;
        const cublasStatus_t st = check_algo(c, p, ai, s, rf.D, rf.for_kind(k), M, &rel, &nbad);
        if (st != CUBLAS_STATUS_SUCCESS) { fails += " #" + std::to_string(ai) + ":" + cublasGetStatusName(st); continue; }
        worst = std::max(worst, rel);
        if (nbad == 0 && rel < kTol) { ++npass; continue; }
        ++nwrong;
        snprintf(buf, sizeof buf, " #%d:rel=%.3g,nonfinite=%llu", ai, rel, nbad);
        fails += buf;
      }
      if (nwrong) ok = false;
      snprintf(buf, sizeof buf, "  %-24s %s  %d/%zu algos pass, worst rel err %.2e", kKindName[k],
               nwrong ? "FAIL" : npass ? "PASS" : "UNSUPPORTED (no algo ran)", npass, p.algos.size(), worst);
      line = buf + (fails.empty() ? std::string() : "  not passing:" + fails);
    }
    printf("%s\n", line.c_str());
    *log += line + "\n";
    destroy_plan(p);
  }
  free_refs(rf);
  free_set(s);
  return ok;
}

struct KindRes { bool supported = false; int n_algos = 0, best = -1; double ms = 0, tflops = 0, rel = -1; bool ok = true; std::string note; };
struct Row { int M, N, K, nsets; KindRes r[NKIND]; };

Row bench_shape(const Ctx& c, int M, int N, int K, size_t l2) {
  Row row{M, N, K, 0, {}};
  const double fp8b = (double)(M + N) * K;
  row.nsets = std::min(8, std::max(2, (int)std::ceil(3.0 * (double)l2 / fp8b)));
  printf("bench M=%d N=%d K=%d  (%d input sets)\n", M, N, K, row.nsets);
  std::vector<Set> sets;
  for (int i = 0; i < row.nsets; ++i) sets.push_back(make_set(M, N, K, 0xABCD0000u + 2654435761u * (uint32_t)(i + 1) + (uint32_t)K, c.st));
  const int nr = std::min(M, 32);
  Refs rf = make_refs(c, sets[0], M, N, K, nr);
  const double flop = 2.0 * M * (double)N * K;
  for (int k = 0; k < NKIND; ++k) {
    KindRes& R = row.r[k];
    Plan p = make_plan(c, (Kind)k, M, N, K, sets[0]);
    R.n_algos = (int)p.algos.size();
    std::string times;
    for (int ai = 0; ai < R.n_algos; ++ai) {
      cublasStatus_t st = CUBLAS_STATUS_SUCCESS;
      const double ms = time_algo(c, p, ai, sets, rf.D, &st);
      char b[64];
      if (ms < 0) snprintf(b, sizeof b, " #%d:%s", ai, cublasGetStatusName(st));
      else snprintf(b, sizeof b, " #%d:%.3f", ai, ms);
      times += b;
      if (ms > 0 && (R.best < 0 || ms < R.ms)) { R.best = ai; R.ms = ms; }
    }
    if (R.best < 0) {  // heuristic found nothing, or every candidate failed to run
      R.note = R.n_algos ? "UNSUPPORTED: no algo ran:" + times : std::string("UNSUPPORTED: heuristic ") + cublasGetStatusName(p.heur);
      printf("  %-24s %s\n", kKindName[k], R.note.c_str());
      destroy_plan(p);
      continue;
    }
    R.supported = true;
    R.tflops = flop / (R.ms * 1e-3) / 1e12;
    unsigned long long nbad = 0;
    const cublasStatus_t st = check_algo(c, p, R.best, sets[0], rf.D, rf.for_kind(k), nr, &R.rel, &nbad);
    R.ok = st == CUBLAS_STATUS_SUCCESS && nbad == 0 && R.rel < kTol;
    printf("  %-24s best #%d/%d %.3f ms %7.1f TFLOP/s (%.1f%% of %.0f)  verify %s rel %.2e nan %llu  [ms:%s]\n",
           kKindName[k], R.best, R.n_algos, R.ms, R.tflops, 100.0 * R.tflops / kCeilingTflops, kCeilingTflops,
           R.ok ? "PASS" : "FAIL", R.rel, nbad, times.c_str());
    destroy_plan(p);
  }
  free_refs(rf);
  for (Set& s : sets) free_set(s);
  return row;
}

std::string fmt_t(const KindRes& r) {
  char b[64];
  snprintf(b, sizeof b, "%.1f%s", r.tflops, r.ok ? "" : " (WRONG)");
  return r.supported ? b : "n/a";
}

void write_json(const char* path, const char* dev, size_t ltver, bool pass, const std::vector<Row>& rows,
                const std::string& checks) {
  FILE* f = fopen(path, "w");
  if (!f) { fprintf(stderr, "cannot write %s\n", path); return; }
  fprintf(f, "{\"device\": \"%s\", \"cublaslt_version\": %zu, \"ceiling_tflops\": %.1f, \"iters\": %d, "
             "\"correctness\": \"%s\",\n \"results\": [\n", dev, ltver, kCeilingTflops, kIters, pass ? "PASS" : "FAIL");
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& w = rows[i];
    fprintf(f, "  {\"M\": %d, \"N\": %d, \"K\": %d, \"nsets\": %d", w.M, w.N, w.K, w.nsets);
    for (int k = 0; k < NKIND; ++k) {
      const KindRes& r = w.r[k];
      fprintf(f, ",\n   \"%s\": {\"supported\": %s, \"tflops\": %.2f, \"ms\": %.4f, \"pct_of_ceiling\": %.2f, "
                 "\"algo\": %d, \"n_algos\": %d, \"rel_err\": %.3e, \"verified\": %s, \"note\": \"%s\"}",
              kKindKey[k], r.supported ? "true" : "false", r.tflops, r.ms, 100.0 * r.tflops / kCeilingTflops,
              r.best, r.n_algos, std::isfinite(r.rel) ? r.rel : -1.0, r.supported && r.ok ? "true" : "false", r.note.c_str());
    }
    fprintf(f, "}%s\n", i + 1 < rows.size() ? "," : "");
  }
  std::string esc;  // small-shape check log as one JSON string
  for (char ch : checks) { if (ch == '\n') esc += "\\n"; else { if (ch == '"' || ch == '\\') esc += '\\'; esc += ch; } }
  fprintf(f, " ],\n \"small_shape_checks\": \"%s\"}\n", esc.c_str());
  fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::array<int, 3>> shapes = {{4096, 7168, 2048},  {4096, 2048, 7168}, {4096, 24576, 1536},
                                            {4096, 7168, 16384}, {8192, 7168, 7168}, {16384, 4096, 7168}};
  if (argc == 4) {
    const int M = atoi(argv[1]), N = atoi(argv[2]), K = atoi(argv[3]);
    if (M <= 0 || N <= 0 || K <= 0 || K % 128 || M % 4 || N % 4) {
      fprintf(stderr, "need M, N multiples of 4 and K a multiple of 128 (got %d %d %d)\n", M, N, K);
      return 2;
    }
    shapes = {{M, N, K}};
  } else if (argc != 1) { fprintf(stderr, "usage: %s [M N K]\n", argv[0]); return 2; }
  cudaDeviceProp prop; int devid = 0;
  CK(cudaGetDevice(&devid)); CK(cudaGetDeviceProperties(&prop, devid));
  const size_t ltver = cublasLtGetVersion();
  printf("device %s (sm_%d%d, %d SMs, L2 %d MiB), cuBLASLt %zu\n", prop.name, prop.major, prop.minor,
         prop.multiProcessorCount, prop.l2CacheSize >> 20, ltver);
  if (prop.major != 9) printf("WARNING: 1x128/128x128 block scaling in cuBLASLt is documented for sm_90 only\n");

  Ctx c;
  CKB(cublasLtCreate(&c.lt)); CK(cudaStreamCreateWithFlags(&c.st, cudaStreamNonBlocking)); CK(cudaMalloc(&c.ws, kWorkspace));
  CK(cudaMalloc(&c.pt_sx, 16)); CK(cudaMalloc(&c.pt_sw, 16));
  CK(cudaMemcpy(c.pt_sx, &kPtScaleX, 4, cudaMemcpyHostToDevice)); CK(cudaMemcpy(c.pt_sw, &kPtScaleW, 4, cudaMemcpyHostToDevice));
  CK(cudaMalloc(&c.acc, 2 * sizeof(double))); CK(cudaMalloc(&c.nbad, sizeof(unsigned long long)));
  c.ev0.resize(kIters); c.ev1.resize(kIters);
  for (int i = 0; i < kIters; ++i) { CK(cudaEventCreate(&c.ev0[i])); CK(cudaEventCreate(&c.ev1[i])); }

  // 1. Required correctness cases (K=640: L=5 is padded to L4=8; M=200 is not a multiple of 128).
  std::string log;
  bool pass = check_case(c, 256, 384, 640, "required", &log);
  pass = check_case(c, 200, 384, 640, "required", &log) && pass;
  printf("small-shape correctness: %s\n\n", pass ? "PASS" : "FAIL");

  // 2. Benchmark.
  std::vector<Row> rows;
  for (const auto& s : shapes) {
    rows.push_back(bench_shape(c, s[0], s[1], s[2], (size_t)prop.l2CacheSize));
    for (int k = 0; k < NKIND; ++k) pass = pass && rows.back().r[k].ok;
  }

  // 3. Table (+ JSON).
  printf("\n| M x N x K | blk fp8 A=W TFLOP/s | blk fp8 A=X TFLOP/s | best blk %% of %.0f | per-tensor fp8 TFLOP/s | "
         "per-tensor fp8 fastacc | bf16 TFLOP/s | algo # (blkW/blkX/pt/ptf/bf16) |\n", kCeilingTflops);
  printf("|---|---|---|---|---|---|---|---|\n");
  for (const Row& w : rows) {
    const double best = std::max(w.r[BLK_WA].supported ? w.r[BLK_WA].tflops : 0.0, w.r[BLK_XA].supported ? w.r[BLK_XA].tflops : 0.0);
    char pct[32];
    snprintf(pct, sizeof pct, best > 0 ? "%.1f%%" : "n/a", 100.0 * best / kCeilingTflops);
    std::string algos;
    for (int k = 0; k < NKIND; ++k) algos += (k ? "/" : "") + (w.r[k].supported ? std::to_string(w.r[k].best) + "of" + std::to_string(w.r[k].n_algos) : std::string("-"));
    printf("| %d x %d x %d | %s | %s | %s | %s | %s | %s | %s |\n", w.M, w.N, w.K, fmt_t(w.r[BLK_WA]).c_str(),
           fmt_t(w.r[BLK_XA]).c_str(), pct, fmt_t(w.r[PT]).c_str(), fmt_t(w.r[PT_FAST]).c_str(),
           fmt_t(w.r[BF16]).c_str(), algos.c_str());
  }
  printf("\nA=W: output row-major Y [M,N] (engine layout); A=X: output Y^T. Median of %d runs, inputs rotated.\n", kIters);
  printf("OVERALL correctness: %s\n", pass ? "PASS" : "FAIL");
  const char* jpath = getenv("BENCH_JSON");
  if (jpath && *jpath) write_json(jpath, prop.name, ltver, pass, rows, log);

  // 4. Informational probes (never affect the exit status; run last in case they fault):
  //    M=198 violates the documented "multiple of 4"; N=200 leaves a partial 128x128 weight block.
  //    Set BENCH_NO_PROBES=1 to skip them.
  const char* noprobe = getenv("BENCH_NO_PROBES");
  if (!(noprobe && *noprobe == '1')) {
    printf("\ninformational probes (outside the documented constraints / partial tiles; exit status ignores them):\n");
    std::string probes;
    const bool p1 = check_case(c, 198, 384, 640, "probe", &probes);
    const bool p2 = check_case(c, 256, 200, 640, "probe", &probes);
    printf("probes: M=198 %s, N=200 %s (FAIL here = do not rely on such shapes; pad instead)\n",
           p1 ? "no wrong results" : "WRONG RESULTS", p2 ? "no wrong results" : "WRONG RESULTS");
    if (jpath && *jpath) write_json(jpath, prop.name, ltver, pass, rows, log + "probes (informational):\n" + probes);
  }
  if (jpath && *jpath) printf("wrote %s\n", jpath);

  for (int i = 0; i < kIters; ++i) { CK(cudaEventDestroy(c.ev0[i])); CK(cudaEventDestroy(c.ev1[i])); }
  CK(cudaFree(c.ws)); CK(cudaFree(c.pt_sx)); CK(cudaFree(c.pt_sw)); CK(cudaFree(c.acc)); CK(cudaFree(c.nbad));
  CK(cudaStreamDestroy(c.st)); CKB(cublasLtDestroy(c.lt));
  return pass ? 0 : 1;
}
