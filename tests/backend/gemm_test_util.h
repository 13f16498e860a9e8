// gemm_test_util.h — shared by the CPU GEMM tests: random weights of any
// stored dtype (FP8 with random block scales) owned next to their Linear
// view, and the ISAs this machine can run. Test-only; not in the library.
#pragma once

#include <cstring>
#include <random>
#include <vector>

#include "backend/cpu/cpu_features.h"
#include "core/dtype.h"
#include "model/weights.h"

namespace dseek::cpu::testutil {

// A Linear that owns its storage.
struct OwnedLinear {
  std::vector<uint8_t> wbytes;
  std::vector<float> scale;
  Linear lin;
};

inline OwnedLinear make_linear(DType dt, int64_t out, int64_t in, std::mt19937& rng, int bn = 128, int bk = 128) {
  OwnedLinear L;
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  const int64_t n = out * in;
  L.wbytes.resize(size_t(n * int64_t(dtype_size(dt))) + 1);  // +1: never empty
  for (int64_t i = 0; i < n; ++i) {
    const float v = u(rng);
    switch (dt) {
      case DType::F32: std::memcpy(&L.wbytes[size_t(i) * 4], &v, 4); break;
      case DType::BF16: {
        const uint16_t h = f32_to_bf16(v);
        std::memcpy(&L.wbytes[size_t(i) * 2], &h, 2);
        break;
      }
      case DType::F16: {
        const uint16_t h = f32_to_f16(v * 4.0f);
        std::memcpy(&L.wbytes[size_t(i) * 2], &h, 2);
        break;
      }
      case DType::F8_E4M3: {
        uint8_t b = uint8_t(rng());  // every code incl. subnormals, except NaN
        if ((b & 0x7f) == 0x7f) b ^= 1;
        L.wbytes[size_t(i)] = b;
        break;
      }
      default: break;
    }
  }
  L.lin.weight.dtype = dt;
  L.lin.weight.shape = {out, in};
  L.lin.weight.data = L.wbytes.data();
  L.lin.weight.nbytes = size_t(n * int64_t(dtype_size(dt)));
  L.lin.out = out;
  L.lin.in = in;
  if (dt == DType::F8_E4M3) {
    L.lin.block_n = bn;
    L.lin.block_k = bk;
    const int64_t sr = (out + bn - 1) / bn, sc = (in + bk - 1) / bk;
    std::uniform_real_distribution<float> us(0.25f, 2.0f);
    L.scale.resize(size_t(sr * sc));
    for (auto& s : L.scale) s = us(rng) / 64.0f;
    L.lin.scale_inv.dtype = DType::F32;
    L.lin.scale_inv.shape = {sr, sc};
    L.lin.scale_inv.data = reinterpret_cast<const uint8_t*>(L.scale.data());
    L.lin.scale_inv.nbytes = L.scale.size() * 4;
  }
  return L;
}

inline std::vector<CpuIsa> isas() {
  std::vector<CpuIsa> v{CpuIsa::Scalar};
  if (isa_supported(CpuIsa::Avx2)) v.push_back(CpuIsa::Avx2);
  if (isa_supported(CpuIsa::Avx512)) v.push_back(CpuIsa::Avx512);
  return v;
}

}  // namespace dseek::cpu::testutil
