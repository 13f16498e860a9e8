// train_fp8_weights.cpp — see train_fp8_weights.h.
#include "backend/cuda/train_fp8_weights.h"

#include <algorithm>

namespace dseek::cu {

Fp8Weights::Fp8Weights(std::vector<tk::Fp8BlockTensor> t, int64_t total, bool gemms) {
  blocks_ = tk::fp8_block_table(t);
  tensors_ = int(t.size());
  wq_ = DevMem(size_t(total) * 2);
  if (gemms) {  // E4M3 copies of W and Wᵀ at the masters' offsets, and the blocks' scales
    w8_ = DevMem(size_t(total));
    w8t_ = DevMem(size_t(total));
    w8s_ = DevMem(size_t(std::max<int64_t>(blocks_, 1)) * 4);
    int64_t l4 = 0;  // the scales again in cuBLASLt's layouts, for W and Wᵀ (fp8_lt.h)
    for (tk::Fp8BlockTensor& x : t) {
      if (x.out % 16 || x.in % 16) continue;
      const int64_t bo = (x.out + 127) / 128, bi = (x.in + 127) / 128;
      x.l4 = l4;
      l4 += bo * ((bi + 3) / 4 * 4);
      x.l4t = l4;
      l4 += bi * ((bo + 3) / 4 * 4);
    }
    l4_ = DevMem(size_t(std::max<int64_t>(l4, 1)) * 4);
    DSEEK_CUDA_CHECK(cudaMemset(l4_.as(), 0, l4_.bytes()));  // the padding columns stay zero
  }
  for (const tk::Fp8BlockTensor& x : t) of_[x.off] = x;
  table_ = DevMem(std::max<size_t>(t.size(), 1) * sizeof(tk::Fp8BlockTensor));
  DSEEK_CUDA_CHECK(cudaMemcpy(table_.as(), t.data(), t.size() * sizeof(tk::Fp8BlockTensor), cudaMemcpyHostToDevice));
}

void Fp8Weights::refresh(const float* w, cudaStream_t s) const {
  tk::fp8_quant_blocks_many(w, static_cast<const tk::Fp8BlockTensor*>(table_.as()), tensors_, blocks_,
                            wq_.as<uint16_t>(), w8_.as<uint8_t>(), w8t_.as<uint8_t>(), w8s_.as<float>(),
                            l4_.as<float>(), s);
}

void Fp8Weights::bind(LinW& l, int64_t off) const {
  const tk::Fp8BlockTensor& x = of_.at(off);
  l.wq = wq_.as<uint16_t>() + off;
  if (x.l4 < 0) return;  // no E4M3 copies: FP8 GEMMs off, or dims not multiples of 16
  l.w8 = w8_.as<uint8_t>() + off;
  l.w8t = w8t_.as<uint8_t>() + off;
  l.w8s = w8s_.as<float>() + x.first_block;
  l.w8l4 = l4_.as<float>() + x.l4;
  l.w8l4t = l4_.as<float>() + x.l4t;
}

}  // namespace dseek::cu
