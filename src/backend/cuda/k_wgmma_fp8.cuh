// k_wgmma_fp8.cuh — Hopper's FP8 warpgroup instruction, e4m3 × e4m3 -> fp32
// (wgmma.mma_async m64nNk32, N 64 or 128), both operands k-major in shared
// memory (FP8 wgmma has no transposed operands), as k_fp8_gemm.cu and
// k_fp8_tma.cu use it, and both kernels' promotion into the fp32 total and
// direct epilogue in its accumulator layout. d[4j..4j+3] is the n8 chunk j
// (rows g and g+8 of the warp, columns 2·(lane%4) and +1). What it is not:
// fences, commits or waits (k_wgmma.cuh). sm_90a only (elsewhere: trap).
#pragma once

#include <cstdint>

namespace dseek::cu {

// d (64×N per warpgroup, fp32) = [d +] a · bᵀ over 32 of k, E4M3 operands from shared memory.
__device__ __forceinline__ void wgmma_e4m3(float (&d)[64], uint64_t da, uint64_t db, int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %66, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n128k32.f32.e4m3.e4m3 {%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, %32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, %48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63}, %64, %65, p, 1, 1;\n}\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]), "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]), "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]), "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]), "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63])
      : "l"(da), "l"(db), "r"(accumulate));
#else
  __trap();
#endif
}
__device__ __forceinline__ void wgmma_e4m3(float (&d)[32], uint64_t da, uint64_t db, int accumulate) {
#if defined(__CUDA_ARCH_FEAT_SM90_ALL)
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %34, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n64k32.f32.e4m3.e4m3 {%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, %16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31}, %32, %33, p, 1, 1;\n}\n"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]), "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]), "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]), "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31])
      : "l"(da), "l"(db), "r"(accumulate));
#else
  __trap();
#endif
}

// The FP8 GEMMs' promotion and direct epilogue in the instruction's accumulator layout (NACC floats a
// thread: the n8 chunk j in acc[4j..4j+3], rows r0 and r0 + 8 of the warpgroup's 64, columns 8j + 2·t4
// and + 1 of the tile). Promote: d += acc · row scale (ra for r0, rb for r0 + 8) · column scale, UNI:
// one column scale for the tile (cs[0]); else cs[8j + 2·t4] and the next (shared memory, float2-aligned).
template <int NACC, bool UNI>
__device__ __forceinline__ void fp8_promote(float (&d)[NACC], const float (&acc)[NACC], float ra, float rb,
                                            const float* cs, int t4) {
  if constexpr (UNI) {
    const float fa = ra * cs[0], fb = rb * cs[0];
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      d[4 * j + 0] = fmaf(acc[4 * j + 0], fa, d[4 * j + 0]);
      d[4 * j + 1] = fmaf(acc[4 * j + 1], fa, d[4 * j + 1]);
      d[4 * j + 2] = fmaf(acc[4 * j + 2], fb, d[4 * j + 2]);
      d[4 * j + 3] = fmaf(acc[4 * j + 3], fb, d[4 * j + 3]);
    }
  } else {
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      const float2 cb = *reinterpret_cast<const float2*>(cs + 8 * j + 2 * t4);
      d[4 * j + 0] = fmaf(acc[4 * j + 0], ra * cb.x, d[4 * j + 0]);
      d[4 * j + 1] = fmaf(acc[4 * j + 1], ra * cb.y, d[4 * j + 1]);
      d[4 * j + 2] = fmaf(acc[4 * j + 2], rb * cb.x, d[4 * j + 2]);
      d[4 * j + 3] = fmaf(acc[4 * j + 3], rb * cb.y, d[4 * j + 3]);
    }
  }
}
// C = alpha · d + beta · C for this thread's part of a tile whose origin is c (rows ldc apart), rows r0 and
// r0 + 8 below mr and columns below nr only (float2 stores: ldc and the origin even).
template <int NACC>
__device__ __forceinline__ void fp8_store_direct(const float (&d)[NACC], float* c, int64_t ldc, int r0, int t4, int mr,
                                                 int nr, float alpha, float beta) {
#pragma unroll
  for (int hf = 0; hf < 2; ++hf) {
    const int r = r0 + 8 * hf;
    if (r >= mr) continue;
    float* const row = c + int64_t(r) * ldc;
#pragma unroll
    for (int j = 0; j < NACC / 4; ++j) {
      const int col = 8 * j + 2 * t4;
      if (col >= nr) continue;
      float2 v = make_float2(alpha * d[4 * j + 2 * hf], alpha * d[4 * j + 2 * hf + 1]);
      float2* dst = reinterpret_cast<float2*>(row + col);
      if (beta != 0.0f) {
        const float2 old = *dst;
        v.x = fmaf(beta, old.x, v.x);
        v.y = fmaf(beta, old.y, v.y);
      }
      *dst = v;
    }
  }
}

}  // namespace dseek::cu
