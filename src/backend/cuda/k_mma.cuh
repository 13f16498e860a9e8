// k_mma.cuh — warp-level tensor-core building blocks shared by the kernels
// that use mma.sync (k_mla_tc.cu, k_train_flash.cu): the m16n8k16 BF16 product
// with fp32 accumulation, ldmatrix fragment loads (plain and transposed) and
// cp.async copies into shared memory (zero-fill when invalid, commit/wait).
// What it is not: a GEMM; tile shapes and schedules stay with each kernel.
#pragma once

#include <cuda_bf16.h>
#include <cstdint>

namespace dseek::cu {

// c (16×8, fp32) += a (16×16, row) · b (16×8, col): the accumulator layout is the A operand's.
__device__ __forceinline__ void mma16816(float (&c)[4], const uint32_t (&a)[4], uint32_t b0, uint32_t b1) {
  asm volatile(
      "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
      : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}

// 16 bytes global -> shared (a shared-space address), asynchronously; !valid: the 16 bytes are
// zero-filled (gmem is not read).
__device__ __forceinline__ void cp_async16(uint32_t smem, const void* gmem, bool valid) {
  const int n = valid ? 16 : 0;
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(smem), "l"(gmem), "r"(n));
}
__device__ __forceinline__ void cp_async16(void* smem, const void* gmem, bool valid) {
  cp_async16(uint32_t(__cvta_generic_to_shared(smem)), gmem, valid);
}
// The same for 4 bytes (through L1).
__device__ __forceinline__ void cp_async4(void* smem, const void* gmem, bool valid) {
  const uint32_t s = uint32_t(__cvta_generic_to_shared(smem));
  const int n = valid ? 4 : 0;
  asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(gmem), "r"(n));
}
__device__ __forceinline__ void cp_commit() { asm volatile("cp.async.commit_group;\n"); }
// Wait until at most N committed groups are still in flight.
template <int N>
__device__ __forceinline__ void cp_wait() {
  asm volatile("cp.async.wait_group %0;\n" ::"n"(N));
}

__device__ __forceinline__ uint32_t ld32(const __nv_bfloat16* p) { return *reinterpret_cast<const uint32_t*>(p); }
__device__ __forceinline__ uint32_t pack_bf16x2(float lo, float hi) {
  const __nv_bfloat162 v = __floats2bfloat162_rn(lo, hi);
  return *reinterpret_cast<const uint32_t*>(&v);
}

// Four 8x8 b16 matrices; lane l supplies the row address of matrix l / 8, row l % 8.
__device__ __forceinline__ void ldmatrix_x4(uint32_t (&r)[4], const __nv_bfloat16* p) {
  const uint32_t s = uint32_t(__cvta_generic_to_shared(p));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(s));
}
// The same, each matrix transposed (B fragments of a row-major [k][n] tile).
__device__ __forceinline__ void ldmatrix_x4_trans(uint32_t (&r)[4], const __nv_bfloat16* p) {
  const uint32_t s = uint32_t(__cvta_generic_to_shared(p));
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0,%1,%2,%3}, [%4];\n"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(s));
}

// Fragment addresses for a 16-row × 16-column step at (r0, c0) of a row-major bf16 tile with leading
// dimension ld, lane l:
// - A operand (rows = m, columns = k), ldmatrix_x4 -> a[0..3];
__device__ __forceinline__ const __nv_bfloat16* frag_a(const __nv_bfloat16* s, int ld, int r0, int c0, int l) {
  return s + (r0 + (l & 15)) * ld + c0 + (l >> 4) * 8;
}
// - B operands of the n8 tiles r0 and r0+8 from an [n][k] tile (B = tileᵀ), ldmatrix_x4 -> {b0, b1} of
//   tile r0 in r[0..1], of tile r0+8 in r[2..3];
__device__ __forceinline__ const __nv_bfloat16* frag_b_nk(const __nv_bfloat16* s, int ld, int r0, int c0, int l) {
  return s + (r0 + (l & 7) + ((l >> 4) << 3)) * ld + c0 + ((l >> 3) & 1) * 8;
}
// - B operands of the n8 tiles c0 and c0+8 from a [k][n] tile (rows r0.. = k), ldmatrix_x4_trans -> the
//   same register order.
__device__ __forceinline__ const __nv_bfloat16* frag_b_kn(const __nv_bfloat16* s, int ld, int r0, int c0, int l) {
  return s + (r0 + (l & 7) + ((l >> 3) & 1) * 8) * ld + c0 + (l >> 4) * 8;
}

}  // namespace dseek::cu
