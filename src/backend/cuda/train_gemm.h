// train_gemm.h — what the CUDA training step allocates and multiplies with:
// a bump arena of device memory reset every step (grows, then settles), and
// row-major GEMM helpers over cuBLAS. A linear's three products (y = x·Wᵀ,
// dx += dy·W, dW += dyᵀ·x) run in BF16 on the tensor cores with fp32
// accumulation and fp32 outputs (mixed precision: the weights' BF16 copy is
// refreshed from the fp32 masters after every update), or in plain fp32
// (exact mode: the tests' comparison against the CPU reference), or in FP8
// (fp8 mode: E4M3 operands with DeepSeek's 1×128 / 128×128 scales, on
// cuBLASLt (fp8_lt.h) or k_fp8_gemm.cu; the same roundings into BF16 GEMMs
// where FP8 tensor cores are not available).
// What it is not: the kernels (train_kernels.h) or the model (cuda_train*.cpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include "backend/cuda/cuda_util.h"
#include "backend/cuda/fp8_lt.h"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu {

class Arena {
 public:
  void* raw(size_t bytes);
  float* f(int64_t n) { return static_cast<float*>(raw(size_t(n) * 4)); }
  int32_t* i32(int64_t n) { return static_cast<int32_t*>(raw(size_t(n) * 4)); }
  uint16_t* u16(int64_t n) { return static_cast<uint16_t*>(raw(size_t(n) * 2)); }
  uint8_t* u8(int64_t n) { return static_cast<uint8_t*>(raw(size_t(n))); }
  double* f64(int64_t n) { return static_cast<double*>(raw(size_t(n) * 8)); }
  // A position to rewind to: everything handed out after mark() is free again
  // once rewind() returns (stream order makes reuse safe on one stream).
  struct Mark {
    size_t chunk = 0, used = 0, total = 0;
  };
  Mark mark() const { return {cur_, used_, total_}; }
  void rewind(const Mark& m);
  // Frees everything handed out (the caller has synchronised); several chunks
  // become one of their total size.
  void reset();
  size_t high_water() const { return high_; }

 private:
  std::vector<DevMem> chunks_;
  size_t cur_ = 0;    // chunk being handed out
  size_t used_ = 0;   // in chunk cur_
  size_t total_ = 0;  // handed out since reset
  size_t high_ = 0;
};

// A parameter matrix [out, in] as the GEMMs see it.
struct LinW {
  const float* w = nullptr;     // fp32 master
  const uint16_t* wb = nullptr; // BF16 copy (null: always fp32)
  const uint16_t* wq = nullptr; // FP8 mode: the FP8-rounded copy (128×128 blocks) in BF16; null: not an FP8 GEMM
  // FP8 tensor-core GEMMs (TrainGemm::fp8_gemms): the same rounding as E4M3 bytes, W [out, in] and Wᵀ [in, out],
  // with the blocks' scales [ceil(out/128), ceil(in/128)]; null: the BF16 GEMMs over wq.
  const uint8_t* w8 = nullptr;
  const uint8_t* w8t = nullptr;
  const float* w8s = nullptr;
  const float *w8l4 = nullptr, *w8l4t = nullptr;  // the scales in cuBLASLt's layout for W and Wᵀ (fp8_lt.h)
  float* g = nullptr;           // gradient accumulator (null: none)
  int64_t out = 0, in = 0;
};

// Two linears of the same input as one [a.out + b.out, in] linear when their tensors lie back to back
// (master, BF16 copy and gradient; the MLP's gate_proj then up_proj) and neither has FP8 copies: one
// GEMM per product instead of two. Otherwise a LinW with w == nullptr.
LinW stack_rows(const LinW& a, const LinW& b);

// Optional GPU timing of a step's phases (DSEEK_TRAIN_PROFILE=1): mark(l)
// closes phase `l`, which began at the previous mark; finish() waits and adds
// the phases up over calls (the first two calls are warm-up, not counted).
class PhaseTimer {
 public:
  explicit PhaseTimer(cudaStream_t s) : s_(s) {}
  ~PhaseTimer();
  void mark(const char* label);
  void finish();
  std::string report() const;  // per phase: ms per step and share
  // MoE expert rows: run (padded to the busiest expert) and routed, summed over layers and steps.
  void count_expert_rows(int64_t run, int64_t routed) {
    rows_run_ += double(run);
    rows_routed_ += double(routed);
  }

 private:
  cudaStream_t s_;
  std::vector<std::pair<std::string, cudaEvent_t>> ev_;
  std::vector<cudaEvent_t> free_;
  std::map<std::string, double> ms_;
  int steps_ = 0, seen_ = 0;
  double rows_run_ = 0, rows_routed_ = 0;
};

class TrainGemm {
 public:
  // bf16: tensor-core GEMMs for the linears; fp8 (needs bf16): the linears that have an FP8
  // weight copy (LinW::wq) see FP8-rounded operands in all three GEMMs (train_kernels.h).
  TrainGemm(cudaStream_t s, bool bf16, bool tf32_attention, bool fp8 = false);
  ~TrainGemm();
  TrainGemm(const TrainGemm&) = delete;
  TrainGemm& operator=(const TrainGemm&) = delete;

  // Row-major C[M, N] = alpha·op(A)·op(B) + beta·C, fp32 (tf32: TF32 tensor cores).
  void f32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
           const float* B, int64_t ldb, float beta, float* C, int64_t ldc, bool tf32 = false);
  void bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A, int64_t lda,
            const uint16_t* B, int64_t ldb, float beta, float* C, int64_t ldc);
  // The same with C = alpha·op(A)·op(B) rounded to BF16 (fp32 accumulation; no beta: C is overwritten).
  void bf16_to_bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A, int64_t lda,
                    const uint16_t* B, int64_t ldb, uint16_t* C, int64_t ldc);
  // The same over `batch` matrices at element strides sA, sB, sC (attention; TF32 when enabled).
  void batched(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda, int64_t sA,
               const float* B, int64_t ldb, int64_t sB, float beta, float* C, int64_t ldc, int64_t sC, int64_t batch);

  void batched_bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A, int64_t lda,
                    int64_t sA, const uint16_t* B, int64_t ldb, int64_t sB, float beta, float* C, int64_t ldc,
                    int64_t sC, int64_t batch);
  // fp32 batched with an explicit choice of TF32 (the expert GEMMs of fp32 mode use false).
  void batched_f32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                   int64_t sA, const float* B, int64_t ldb, int64_t sB, float beta, float* C, int64_t ldc, int64_t sC,
                   int64_t batch, bool tf32);
  // Several independent row-major products C_i = alpha·op(A_i)·op(B_i) + beta·C_i of their own
  // shapes (MoE experts with their own token counts): one pointer-array batched cuBLAS call per
  // distinct shape. BF16 operands (bf16 = true) or fp32 (pedantic), fp32 C. Problems with a zero
  // dimension are dropped.
  struct Problem {
    int64_t M = 0, N = 0, K = 0;
    const void *A = nullptr, *B = nullptr;
    float* C = nullptr;
  };
  void grouped(bool ta, bool tb, bool bf16, int64_t lda, int64_t ldb, int64_t ldc, float alpha, float beta,
               const std::vector<Problem>& ps, Arena& a);
  // An E4M3 operand of an FP8 GEMM (tk::fp8_gemm): q [rows][ld], scales s [k/128][lds] (lds >= rows).
  struct Fp8Op {
    uint8_t* q = nullptr;
    float* s = nullptr;
    int64_t ld = 0, lds = 0;
  };
  // x [rows, n] in 1×128 tiles along its rows (k = n); memo: x is a step activation that is not
  // written again (linear inputs), else a gradient quantised afresh.
  Fp8Op fp8_rows(const float* x, int64_t rows, int64_t n, bool memo, Arena& a);
  // xᵀ [n][rows rounded up to 16] in 128×1 tiles along the rows (k = rows), for weight gradients.
  Fp8Op fp8_cols_t(const float* x, int64_t rows, int64_t n, bool memo, Arena& a);
  // Both from one read of a gradient x (first: fp8_rows, second: fp8_cols_t; not remembered).
  std::pair<Fp8Op, Fp8Op> fp8_both(const float* x, int64_t rows, int64_t n, Arena& a);
  // Whether FP8 mode runs FP8 tensor-core GEMMs (sm_90a, Hopper, DSEEK_FP8_QDQ unset) where the
  // weight has E4M3 copies (LinW::w8), instead of BF16 GEMMs over quantise-dequantised operands.
  bool fp8_gemms() const { return fp8_gemms_; }
  // The dense linears' FP8 GEMMs through cuBLASLt (null: off, or DSEEK_FP8_NO_LT set); shapes it
  // declines run on k_fp8_gemm.cu.
  const Fp8Lt* fp8_lt() const { return lt_.get(); }

  // An activation [rows, n] as a BF16 GEMM operand: FP8-rounded per 1×128 row tile in fp8 mode
  // (reduction over n), plain BF16 otherwise.
  uint16_t* act_rows(const float* x, int64_t rows, int64_t n, Arena& a);
  // The same for a weight-gradient operand (reduction over rows): 128-row tiles within groups of
  // `group` rows in fp8 mode.
  uint16_t* act_cols(const float* x, int64_t rows, int64_t n, int64_t group, Arena& a);

  // y[rows, out] = x·Wᵀ (overwrite).
  void linear_fwd(const LinW& w, const float* x, int64_t rows, float* y, Arena& a);
  // dx[rows, in] += dy·W (dx may be null; dx_add false: dx = dy·W, overwritten, never read, so it
  // needs no zeroing); w.g += dyᵀ·x (when non-null).
  void linear_bwd(const LinW& w, const float* x, int64_t rows, const float* dy, float* dx, Arena& a,
                  bool dx_add = true);
  // The same with dy already in BF16 (no conversion pass); bf16_dy_ok(w): linear_bwd would take this
  // path for w too (BF16 GEMMs: BF16 numerics, or a linear FP8 training keeps in BF16 such as the
  // head), so the result is the same.
  bool bf16_dy_ok(const LinW& w) const {
    return bf16_ && w.wb && !(fp8_gemms_ && w.w8) && !(fp8_ && w.wq);
  }
  void linear_bwd_bf16(const LinW& w, const float* x, int64_t rows, const uint16_t* dyb, float* dx, Arena& a,
                       bool dx_add = true);
  // The same two with the input only in BF16 (xb [rows, in]; no fp32 x exists: flash attention's O),
  // where bf16_dy_ok(w): y = xb·Wᵀ (overwrite); dx (+)= dy·W and w.g += dyᵀ·xb, with dy in BF16 (dyb) or
  // fp32 (dy, converted). xb may be null when w.g is (no weight gradient).
  void linear_fwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, float* y);
  void linear_bwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, const float* dy, const uint16_t* dyb, float* dx,
                     Arena& a, bool dx_add = true);
  // BF16 outputs where the next consumer reads BF16 only (the SwiGLU MLP's g|u and its data
  // gradient), when bf16_dy_ok(w): y[rows, out] = x·Wᵀ rounded to BF16 (overwrite); and the backward
  // with dx[rows, in] = dy·W rounded to BF16 (overwrite) and w.g += dyᵀ·x as linear_bwd. dyb: dy in
  // BF16 already, else dy is converted.
  void linear_fwd_to_bf16(const LinW& w, const float* x, int64_t rows, uint16_t* y, Arena& a);
  void linear_bwd_to_bf16(const LinW& w, const float* x, int64_t rows, const float* dy, const uint16_t* dyb,
                          uint16_t* dx, Arena& a);

  // Linear inputs (x) are step activations that stay unchanged once written, so their BF16 copy is
  // made once and reused by every linear that reads them, forward and backward. forget_bf16 drops
  // the copies (the arena was reset); forget_bf16_after those handed out after mark m (call before
  // rewinding the arena to m).
  void forget_bf16() { memo_.clear(); }
  // A buffer for the BF16 copy of x [n] that the kernel about to write x fills in the same pass
  // (rmsnorm_fwd's yb), remembered as x's copy; nullptr when the linears take no BF16 inputs (fp32
  // or FP8 numerics), and the kernel writes none.
  uint16_t* bf16_output(const float* x, int64_t n, Arena& a);
  void forget_bf16_after(const Arena::Mark& m);
  // x [n]'s BF16 copy: the remembered one (bf16_output's, or an earlier linear's), else made now and
  // remembered.
  const uint16_t* bf16_input(const float* x, int64_t n, Arena& a);

  bool bf16_mode() const { return bf16_; }
  bool fp8_mode() const { return fp8_; }

 private:
  void bf16_gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A, int64_t lda,
                 const uint16_t* B, int64_t ldb, float beta, void* C, cudaDataType_t ct, int64_t ldc);
  uint16_t* to_bf16(const float* x, int64_t n, Arena& a);
  // dx (+)= dyb·W, w.g += dybᵀ·xb (the BF16 backward of linear_bwd_bf16 and linear_bwd_xb).
  void bwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, const uint16_t* dyb, float* dx, bool dx_add);
  const Fp8Op* fp8_memo(int kind, const float* x, int64_t rows, int64_t n) const;
  static Fp8Op fp8_rows_alloc(int64_t rows, int64_t n, Arena& a);
  static Fp8Op fp8_cols_alloc(int64_t rows, int64_t n, Arena& a);
  void fp8_linear_fwd(const LinW& w, const float* x, int64_t rows, float* y, Arena& a);
  void fp8_linear_bwd(const LinW& w, const float* x, int64_t rows, const float* dy, float* dx, Arena& a);
  struct Memo {
    const float* x;
    int64_t n;
    int kind;  // 0: BF16 copy (b); 1: fp8_rows, 2: fp8_cols_t (f; n = rows·columns, cols the columns)
    int64_t cols;
    const uint16_t* b;
    Fp8Op f;
    size_t at;  // the arena's bytes handed out before b / f
  };
  std::vector<Memo> memo_;
  cublasHandle_t h_ = nullptr;
  cudaStream_t s_;
  bool bf16_, tf32_, fp8_, fp8_gemms_ = false;
  std::unique_ptr<Fp8Lt> lt_;
};

// The arguments of tk::fp8_gemm for the trainer's two FP8 product shapes; the caller adds M (a dense
// product) or the group table (the experts):
// C [M, N] (+)= act · W(ᵀ) — the weight's 128×128-block E4M3 copy, W for the forward (N = out, k = in),
// Wᵀ for the data gradient (wt; N = in, k = out) — with C's row stride N;
tk::Fp8GemmArgs fp8_weight_product(const TrainGemm::Fp8Op& act, const LinW& w, bool wt, float* C, float beta);
// C [M, N] += left · rightᵀ over the rows, both operands transposed in 128×1 tiles (the weight gradient,
// left: the output gradient's, right: the input's; k = left.ld).
tk::Fp8GemmArgs fp8_tiles_product(const TrainGemm::Fp8Op& left, const TrainGemm::Fp8Op& right, int64_t M, int64_t N,
                                  float* C);

}  // namespace dseek::cu
