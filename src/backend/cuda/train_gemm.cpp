// train_gemm.cpp — device arena and cuBLAS GEMM helpers of the CUDA trainer
// (see train_gemm.h).
#include "backend/cuda/train_gemm.h"

#include <algorithm>
#include <tuple>

#include "backend/cuda/kernels.h"
#include "backend/cuda/train_kernels.h"

namespace dseek::cu {

namespace {
constexpr size_t kAlign = 256;
constexpr size_t kMinChunk = size_t(256) << 20;
inline size_t align_up(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }
inline cublasOperation_t op(bool t) { return t ? CUBLAS_OP_T : CUBLAS_OP_N; }
}  // namespace

void* Arena::raw(size_t bytes) {
  bytes = align_up(std::max<size_t>(bytes, 1));
  while (cur_ < chunks_.size() && used_ + bytes > chunks_[cur_].bytes()) {  // on to the next chunk
    total_ += chunks_[cur_].bytes() - used_;
    ++cur_;
    used_ = 0;
  }
  if (cur_ == chunks_.size()) chunks_.emplace_back(std::max(kMinChunk, bytes));
  void* p = chunks_[cur_].as<char>() + used_;
  used_ += bytes;
  total_ += bytes;
  high_ = std::max(high_, total_);
  return p;
}

void Arena::rewind(const Mark& m) {
  cur_ = m.chunk;
  used_ = m.used;
  total_ = m.total;
}

void Arena::reset() {
  if (chunks_.size() > 1) {
    chunks_.clear();  // frees (cudaFree synchronises)
    chunks_.emplace_back(high_);
  }
  cur_ = 0;
  used_ = 0;
  total_ = 0;
}

PhaseTimer::~PhaseTimer() {
  for (auto& e : ev_) cudaEventDestroy(e.second);
  for (cudaEvent_t e : free_) cudaEventDestroy(e);
}

void PhaseTimer::mark(const char* label) {
  cudaEvent_t e;
  if (!free_.empty()) {
    e = free_.back();
    free_.pop_back();
  } else {
    DSEEK_CUDA_CHECK(cudaEventCreate(&e));
  }
  DSEEK_CUDA_CHECK(cudaEventRecord(e, s_));
  ev_.emplace_back(label, e);
}

void PhaseTimer::finish() {
  if (ev_.empty()) return;
  DSEEK_CUDA_CHECK(cudaEventSynchronize(ev_.back().second));
  if (++seen_ <= 2) {  // warm-up calls (allocation, cuBLAS heuristics) are not counted
    for (auto& e : ev_) free_.push_back(e.second);
    ev_.clear();
    return;
  }
  for (size_t i = 1; i < ev_.size(); ++i) {
    float ms = 0;
    DSEEK_CUDA_CHECK(cudaEventElapsedTime(&ms, ev_[i - 1].second, ev_[i].second));
    ms_[ev_[i].first] += ms;
  }
  for (auto& e : ev_) free_.push_back(e.second);
  ev_.clear();
  ++steps_;
}

std::string PhaseTimer::report() const {
  double total = 0;
  for (const auto& [k, v] : ms_) total += v;
  std::vector<std::pair<double, std::string>> rows;
  for (const auto& [k, v] : ms_) rows.push_back({v, k});
  std::sort(rows.rbegin(), rows.rend());
  std::string out;
  for (const auto& [v, k] : rows)
    out += k + ": " + std::to_string(v / std::max(1, steps_)) + " ms (" + std::to_string(int(100 * v / total)) + "%)\n";
  if (rows_routed_ > 0)
    out += "moe expert rows run / routed (padding): " + std::to_string(rows_run_ / rows_routed_) +
           "\n";
  return out;
}

TrainGemm::TrainGemm(cudaStream_t s, bool bf16, bool tf32, bool fp8) : s_(s), bf16_(bf16), tf32_(tf32), fp8_(fp8) {
  DSEEK_CHECK(!fp8 || bf16, "FP8 training runs its GEMMs on the BF16 path: bf16 must be on");
  fp8_gemms_ = fp8 && tk::fp8_gemm_available();
  if (fp8_gemms_ && !std::getenv("DSEEK_FP8_NO_LT")) lt_ = std::make_unique<Fp8Lt>(s_);
  DSEEK_CUBLAS_CHECK(cublasCreate(&h_));
  DSEEK_CUBLAS_CHECK(cublasSetStream(h_, s_));
  // Default math mode: the compute type of each call decides (32F_PEDANTIC = true fp32, FAST_TF32, or
  // 32F accumulation of BF16 inputs on the tensor cores).
}

TrainGemm::~TrainGemm() {
  if (h_) cublasDestroy(h_);
}

// Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
void TrainGemm::f32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                    const float* B, int64_t ldb, float beta, float* C, int64_t ldc, bool tf32) {
  if (M <= 0 || N <= 0) return;
  DSEEK_CUBLAS_CHECK(cublasGemmEx(h_, op(tb), op(ta), int(N), int(M), int(K), &alpha, B, CUDA_R_32F, int(ldb), A,
                                  CUDA_R_32F, int(lda), &beta, C, CUDA_R_32F, int(ldc),
                                  tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F_PEDANTIC,
                                  CUBLAS_GEMM_DEFAULT));
}

// BF16 operands, fp32 accumulation; C of type ct (fp32 or BF16).
void TrainGemm::bf16_gemm(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A,
                          int64_t lda, const uint16_t* B, int64_t ldb, float beta, void* C, cudaDataType_t ct,
                          int64_t ldc) {
  if (M <= 0 || N <= 0) return;
  DSEEK_CUBLAS_CHECK(cublasGemmEx(h_, op(tb), op(ta), int(N), int(M), int(K), &alpha, B, CUDA_R_16BF, int(ldb), A,
                                  CUDA_R_16BF, int(lda), &beta, C, ct, int(ldc), CUBLAS_COMPUTE_32F,
                                  CUBLAS_GEMM_DEFAULT));
}

void TrainGemm::bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A, int64_t lda,
                     const uint16_t* B, int64_t ldb, float beta, float* C, int64_t ldc) {
  bf16_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, CUDA_R_32F, ldc);
}

void TrainGemm::bf16_to_bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A,
                             int64_t lda, const uint16_t* B, int64_t ldb, uint16_t* C, int64_t ldc) {
  bf16_gemm(ta, tb, M, N, K, alpha, A, lda, B, ldb, 0.0f, C, CUDA_R_16BF, ldc);
}

void TrainGemm::batched(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A, int64_t lda,
                        int64_t sA, const float* B, int64_t ldb, int64_t sB, float beta, float* C, int64_t ldc,
                        int64_t sC, int64_t batch) {
  batched_f32(ta, tb, M, N, K, alpha, A, lda, sA, B, ldb, sB, beta, C, ldc, sC, batch, tf32_);
}

void TrainGemm::batched_f32(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                            int64_t lda, int64_t sA, const float* B, int64_t ldb, int64_t sB, float beta, float* C,
                            int64_t ldc, int64_t sC, int64_t batch, bool tf32) {
  if (M <= 0 || N <= 0 || batch <= 0) return;
  DSEEK_CUBLAS_CHECK(cublasGemmStridedBatchedEx(
      h_, op(tb), op(ta), int(N), int(M), int(K), &alpha, B, CUDA_R_32F, int(ldb), sB, A, CUDA_R_32F, int(lda), sA,
      &beta, C, CUDA_R_32F, int(ldc), sC, int(batch),
      tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F_PEDANTIC, CUBLAS_GEMM_DEFAULT));
}

void TrainGemm::batched_bf16(bool ta, bool tb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A,
                             int64_t lda, int64_t sA, const uint16_t* B, int64_t ldb, int64_t sB, float beta, float* C,
                             int64_t ldc, int64_t sC, int64_t batch) {
  if (M <= 0 || N <= 0 || batch <= 0) return;
  DSEEK_CUBLAS_CHECK(cublasGemmStridedBatchedEx(h_, op(tb), op(ta), int(N), int(M), int(K), &alpha, B, CUDA_R_16BF,
                                                int(ldb), sB, A, CUDA_R_16BF, int(lda), sA, &beta, C, CUDA_R_32F,
                                                int(ldc), sC, int(batch), CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
}

void TrainGemm::grouped(bool ta, bool tb, bool bf16, int64_t lda, int64_t ldb, int64_t ldc, float alpha, float beta,
                        const std::vector<Problem>& ps, Arena& a) {
  // cublasGemmGroupedBatchedEx has no BF16-in / fp32-out (nor pedantic fp32) variant, so problems of
  // equal shape run as one pointer-array cublasGemmBatchedEx each; the MoE layout pads expert row
  // counts to their bucket's busiest so that there are few distinct shapes (moe_fwd).
  std::vector<size_t> order;
  for (size_t i = 0; i < ps.size(); ++i) {
    const Problem& p = ps[i];
    if (p.M <= 0 || p.N <= 0 || p.K <= 0) continue;
    DSEEK_CHECK(p.M <= INT32_MAX && p.N <= INT32_MAX && p.K <= INT32_MAX, "grouped GEMM: dims {}x{}x{} too large",
                p.M, p.N, p.K);
    order.push_back(i);
  }
  if (order.empty()) return;
  auto shape = [&](size_t i) { return std::tuple(ps[i].M, ps[i].N, ps[i].K); };
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return shape(x) < shape(y); });
  // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands (as f32/bf16 do).
  // Per run of equal shapes: [B pointers | A pointers | C pointers], all runs uploaded as one array.
  std::vector<const void*> ptr;
  std::vector<std::pair<size_t, size_t>> runs;  // (first problem in order, count)
  for (size_t r = 0; r < order.size();) {
    size_t q = r;
    while (q < order.size() && shape(order[q]) == shape(order[r])) ++q;
    runs.emplace_back(r, q - r);
    for (size_t j = r; j < q; ++j) ptr.push_back(ps[order[j]].B);
    for (size_t j = r; j < q; ++j) ptr.push_back(ps[order[j]].A);
    for (size_t j = r; j < q; ++j) ptr.push_back(ps[order[j]].C);
    r = q;
  }
  void** dev = static_cast<void**>(a.raw(ptr.size() * sizeof(void*)));
  tk::store_pointers(ptr.data(), int64_t(ptr.size()), dev, s_);
  const cudaDataType_t t = bf16 ? CUDA_R_16BF : CUDA_R_32F;
  size_t at = 0;
  for (const auto& [first, count] : runs) {
    const Problem& p = ps[order[first]];
    void** base = dev + at;
    DSEEK_CUBLAS_CHECK(cublasGemmBatchedEx(h_, op(tb), op(ta), int(p.N), int(p.M), int(p.K), &alpha,
                                           const_cast<const void**>(base), t, int(ldb),
                                           const_cast<const void**>(base + count), t, int(lda), &beta,
                                           base + 2 * count, CUDA_R_32F, int(ldc), int(count),
                                           bf16 ? CUBLAS_COMPUTE_32F : CUBLAS_COMPUTE_32F_PEDANTIC,
                                           CUBLAS_GEMM_DEFAULT));
    at += 3 * count;
  }
}

uint16_t* TrainGemm::to_bf16(const float* x, int64_t n, Arena& a) {
  uint16_t* y = a.u16(n);
  cu::to_bf16(x, n, y, s_);
  return y;
}

const uint16_t* TrainGemm::bf16_input(const float* x, int64_t n, Arena& a) {
  for (const Memo& m : memo_)  // (a copy of a larger tensor serves its sub-ranges: the head's row chunks)
    if (m.kind == 0 && x >= m.x && x + n <= m.x + m.n) return m.b + (x - m.x);
  const size_t at = a.mark().total;
  const uint16_t* b = to_bf16(x, n, a);
  memo_.push_back({x, n, 0, 0, b, {}, at});
  return b;
}

uint16_t* TrainGemm::bf16_output(const float* x, int64_t n, Arena& a) {
  if (!bf16_ || fp8_) return nullptr;
  const size_t at = a.mark().total;
  uint16_t* b = a.u16(n);
  memo_.push_back({x, n, 0, 0, b, {}, at});
  return b;
}

const TrainGemm::Fp8Op* TrainGemm::fp8_memo(int kind, const float* x, int64_t rows, int64_t n) const {
  for (const Memo& m : memo_)
    if (m.kind == kind && m.x == x && m.n == rows * n && m.cols == n) return &m.f;
  return nullptr;
}

// The operands' storage: rows q [rows][n] with scales [n/128][rows rounded up to 4] (cuBLASLt's VEC128
// layout); transposed columns qt [n][rows rounded up to 16] with scales [rows/128][n].
TrainGemm::Fp8Op TrainGemm::fp8_rows_alloc(int64_t rows, int64_t n, Arena& a) {
  Fp8Op o;
  o.ld = n;
  o.lds = (rows + 3) / 4 * 4;
  o.q = a.u8(rows * n);
  o.s = a.f((n + 127) / 128 * o.lds);
  return o;
}
TrainGemm::Fp8Op TrainGemm::fp8_cols_alloc(int64_t rows, int64_t n, Arena& a) {
  Fp8Op o;
  o.ld = (rows + 15) / 16 * 16;
  o.lds = n;
  o.q = a.u8(n * o.ld);
  o.s = a.f((rows + 127) / 128 * n);
  return o;
}

TrainGemm::Fp8Op TrainGemm::fp8_rows(const float* x, int64_t rows, int64_t n, bool memo, Arena& a) {
  if (const Fp8Op* m = memo ? fp8_memo(1, x, rows, n) : nullptr) return *m;
  const size_t at = a.mark().total;
  const Fp8Op o = fp8_rows_alloc(rows, n, a);
  tk::fp8_quant_rows(x, rows, n, o.q, o.s, o.lds, s_);
  if (memo) memo_.push_back({x, rows * n, 1, n, nullptr, o, at});
  return o;
}

TrainGemm::Fp8Op TrainGemm::fp8_cols_t(const float* x, int64_t rows, int64_t n, bool memo, Arena& a) {
  if (const Fp8Op* m = memo ? fp8_memo(2, x, rows, n) : nullptr) return *m;
  const size_t at = a.mark().total;
  const Fp8Op o = fp8_cols_alloc(rows, n, a);
  tk::fp8_quant_cols_t(x, rows, n, o.ld, o.q, o.s, s_);
  if (memo) memo_.push_back({x, rows * n, 2, n, nullptr, o, at});
  return o;
}

std::pair<TrainGemm::Fp8Op, TrainGemm::Fp8Op> TrainGemm::fp8_both(const float* x, int64_t rows, int64_t n, Arena& a) {
  const Fp8Op o = fp8_rows_alloc(rows, n, a), t = fp8_cols_alloc(rows, n, a);
  tk::fp8_quant_both(x, rows, n, o.q, o.s, o.lds, t.q,
                     t.s, t.ld, s_);
  return {o, t};
}

tk::Fp8GemmArgs fp8_weight_product(const TrainGemm::Fp8Op& act, const LinW& w, bool wt, float* C, float beta) {
  const int64_t bx = (w.in + 127) / 128;  // W's blocks per row of blocks
  tk::Fp8GemmArgs g;
  g.A = act.q;
  g.sa = act.s;
  g.lda = act.ld;
  g.ldsa = act.lds;
  g.B = wt ? w.w8t : w.w8;
  g.sb = w.w8s;
  g.ldb = wt ? w.out : w.in;
  g.sbn = wt ? 1 : bx;
  g.sbk = wt ? bx : 1;
  g.nshift = 7;
  g.N = wt ? w.in : w.out;
  g.K = wt ? w.out : w.in;
  g.C = C;
  g.ldc = g.N;
  g.beta = beta;
  return g;
}

tk::Fp8GemmArgs fp8_tiles_product(const TrainGemm::Fp8Op& left, const TrainGemm::Fp8Op& right, int64_t M, int64_t N,
                                  float* C) {
  tk::Fp8GemmArgs g;
  g.A = left.q;
  g.sa = left.s;
  g.lda = left.ld;
  g.ldsa = left.lds;
  g.B = right.q;
  g.sb = right.s;
  g.ldb = right.ld;
  g.sbn = 1;
  g.sbk = right.lds;
  g.nshift = 0;
  g.M = M;
  g.N = N;
  g.K = left.ld;
  g.C = C;
  g.ldc = N;
  g.beta = 1.0f;
  return g;
}

// y [rows, out] = x·Wᵀ: x in 1×128 tiles, W in 128×128 blocks; cuBLASLt where it takes the shape, else
// k_fp8_gemm.cu.
void TrainGemm::fp8_linear_fwd(const LinW& w, const float* x, int64_t rows, float* y, Arena& a) {
  const Fp8Op xq = fp8_rows(x, rows, w.in, true, a);
  if (lt_ && w.w8l4 && lt_->gemm({xq.q, xq.s, w.w8, w.w8l4, true, rows, w.out, w.in, 0.0f, y})) return;
  tk::Fp8GemmArgs g = fp8_weight_product(xq, w, false, y, 0.0f);
  g.M = rows;
  tk::fp8_gemm(g, s_);
}

// dx += dy·W (Wᵀ's blocks, k = out); w.g += dyᵀ·x (both transposed, k = the rows). cuBLASLt where it
// takes the shape, else k_fp8_gemm.cu.
void TrainGemm::fp8_linear_bwd(const LinW& w, const float* x, int64_t rows, const float* dy, float* dx, Arena& a) {
  Fp8Op dq, dt;  // dy in both layouts (one read when both products run)
  if (dx && w.g) std::tie(dq, dt) = fp8_both(dy, rows, w.out, a);
  else if (dx) dq = fp8_rows(dy, rows, w.out, false, a);
  else if (w.g) dt = fp8_cols_t(dy, rows, w.out, false, a);
  if (dx && (!lt_ || !w.w8l4t || !lt_->gemm({dq.q, dq.s, w.w8t, w.w8l4t, true, rows, w.in, w.out, 1.0f, dx}))) {
    tk::Fp8GemmArgs g = fp8_weight_product(dq, w, true, dx, 1.0f);
    g.M = rows;
    tk::fp8_gemm(g, s_);
  }
  if (w.g) {
    const Fp8Op xt = fp8_cols_t(x, rows, w.in, true, a);
    if (lt_ && lt_->gemm({dt.q, dt.s, xt.q, xt.s, false, w.out, w.in, dt.ld, 1.0f, w.g})) return;
    tk::fp8_gemm(fp8_tiles_product(dt, xt, w.out, w.in, w.g), s_);
  }
}

void TrainGemm::linear_bwd_bf16(const LinW& w, const float* x, int64_t rows, const uint16_t* dyb, float* dx,
                                Arena& a, bool dx_add) {
  DSEEK_CHECK(bf16_ && w.wb, "linear_bwd_bf16: BF16 GEMMs and a BF16 weight copy required");
  bwd_xb(w, w.g ? bf16_input(x, rows * w.in, a) : nullptr, rows, dyb, dx, dx_add);
}

void TrainGemm::bwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, const uint16_t* dyb, float* dx, bool dx_add) {
  if (dx) bf16(false, false, rows, w.in, w.out, 1.0f, dyb, w.out, w.wb, w.in, dx_add ? 1.0f : 0.0f, dx, w.in);
  if (w.g) bf16(true, false, w.out, w.in, rows, 1.0f, dyb, w.out, xb, w.in, 1.0f, w.g, w.in);
}

void TrainGemm::linear_fwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, float* y) {
  DSEEK_CHECK(bf16_dy_ok(w) && xb, "linear_fwd_xb: BF16 GEMMs, a BF16 weight copy and a BF16 input required");
  bf16(false, true, rows, w.out, w.in, 1.0f, xb, w.in, w.wb, w.in, 0.0f, y, w.out);
}

void TrainGemm::linear_bwd_xb(const LinW& w, const uint16_t* xb, int64_t rows, const float* dy, const uint16_t* dyb,
                              float* dx, Arena& a, bool dx_add) {
  DSEEK_CHECK(bf16_dy_ok(w) && (xb || !w.g) && (dy || dyb),
              "linear_bwd_xb: BF16 GEMMs, a BF16 weight copy, the BF16 input and a gradient required");
  bwd_xb(w, xb, rows, dyb ? dyb : to_bf16(dy, rows * w.out, a), dx, dx_add);
}

void TrainGemm::linear_fwd_to_bf16(const LinW& w, const float* x, int64_t rows, uint16_t* y, Arena& a) {
  DSEEK_CHECK(bf16_dy_ok(w), "linear_fwd_to_bf16: BF16 GEMMs and a BF16 weight copy required");
  bf16_to_bf16(false, true, rows, w.out, w.in, 1.0f, bf16_input(x, rows * w.in, a), w.in, w.wb, w.in, y, w.out);
}

void TrainGemm::linear_bwd_to_bf16(const LinW& w, const float* x, int64_t rows, const float* dy, const uint16_t* dyb,
                                   uint16_t* dx, Arena& a) {
  DSEEK_CHECK(bf16_dy_ok(w), "linear_bwd_to_bf16: BF16 GEMMs and a BF16 weight copy required");
  if (!dyb) dyb = to_bf16(dy, rows * w.out, a);
  bf16_to_bf16(false, false, rows, w.in, w.out, 1.0f, dyb, w.out, w.wb, w.in, dx, w.in);
  linear_bwd_bf16(w, x, rows, dyb, nullptr, a);  // the weight gradient
}

void TrainGemm::forget_bf16_after(const Arena::Mark& m) {
  std::erase_if(memo_, [&](const Memo& e) { return e.at >= m.total; });
}

uint16_t* TrainGemm::act_rows(const float* x, int64_t rows, int64_t n, Arena& a) {
  if (!fp8_) return to_bf16(x, rows * n, a);
  uint16_t* y = a.u16(rows * n);
  tk::fp8_qdq_rows(x, rows, n, y, s_);
  return y;
}

uint16_t* TrainGemm::act_cols(const float* x, int64_t rows, int64_t n, int64_t group, Arena& a) {
  if (!fp8_) return to_bf16(x, rows * n, a);
  uint16_t* y = a.u16(rows * n);
  tk::fp8_qdq_cols(x, rows, n, group, y, s_);
  return y;
}

void TrainGemm::linear_fwd(const LinW& w, const float* x, int64_t rows, float* y, Arena& a) {
  if (fp8_gemms_ && w.w8) return fp8_linear_fwd(w, x, rows, y, a);
  if (fp8_ && w.wq) {
    bf16(false, true, rows, w.out, w.in, 1.0f, act_rows(x, rows, w.in, a), w.in, w.wq, w.in, 0.0f, y, w.out);
    return;
  }
  if (bf16_ && w.wb) {
    bf16(false, true, rows, w.out, w.in, 1.0f, bf16_input(x, rows * w.in, a), w.in, w.wb, w.in, 0.0f, y, w.out);
    return;
  }
  f32(false, true, rows, w.out, w.in, 1.0f, x, w.in, w.w, w.in, 0.0f, y, w.out);
}

void TrainGemm::linear_bwd(const LinW& w, const float* x, int64_t rows, const float* dy, float* dx, Arena& a,
                           bool dx_add) {
  const float bx = dx_add ? 1.0f : 0.0f;
  if (fp8_gemms_ && w.w8) {  // (its data gradient adds: a zeroed dx for an overwrite)
    if (dx && !dx_add) DSEEK_CUDA_CHECK(cudaMemsetAsync(dx, 0, size_t(rows * w.in) * 4, s_));
    return fp8_linear_bwd(w, x, rows, dy, dx, a);
  }
  if (fp8_ && w.wq) {  // Dgrad: dy tiles along out; Wgrad: dy and x tiles along the token rows
    if (dx) bf16(false, false, rows, w.in, w.out, 1.0f, act_rows(dy, rows, w.out, a), w.out, w.wq, w.in, bx, dx, w.in);
    if (w.g)
      bf16(true, false, w.out, w.in, rows, 1.0f, act_cols(dy, rows, w.out, rows, a), w.out,
           act_cols(x, rows, w.in, rows, a), w.in, 1.0f, w.g, w.in);
    return;
  }
  if (bf16_ && w.wb) return linear_bwd_bf16(w, x, rows, to_bf16(dy, rows * w.out, a), dx, a, dx_add);
  if (dx) f32(false, false, rows, w.in, w.out, 1.0f, dy, w.out, w.w, w.in, bx, dx, w.in);
  if (w.g) f32(true, false, w.out, w.in, rows, 1.0f, dy, w.out, x, w.in, 1.0f, w.g, w.in);
}

LinW stack_rows(const LinW& a, const LinW& b) {
  const int64_t n = a.out * a.in;
  auto next = [&](const auto* p, const auto* q) { return p ? q == p + n : q == nullptr; };
  if (!a.w || a.in != b.in || b.w != a.w + n || !next(a.wb, b.wb) || !next(a.g, b.g) || a.wq || b.wq || a.w8 || b.w8)
    return {};
  LinW s = a;
  s.out = a.out + b.out;
  return s;
}

}  // namespace dseek::cu
