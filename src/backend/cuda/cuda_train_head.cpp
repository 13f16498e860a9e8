// cuda_train_head.cpp — the CUDA trainer's ends of the model: the output head and
// its loss (logits in row chunks of at most 64 MiB, cross-entropy per row, and the
// head's backward from the logits' gradient, BF16 straight from the loss kernel
// where the head's GEMMs take BF16; used by the main model and MTP), and the
// embedding's backward.
// What it is not: the model-level loss bookkeeping (cuda_train.cpp).
#include <algorithm>
#include <numeric>

#include "backend/cuda/cuda_train_impl.h"
#include "backend/cuda/pinned_stage.h"

namespace dseek::cu {

void head_ce(Step& st, const LinW& head, const float* hn, const std::vector<int32_t>& tg_h, const int32_t* tg,
             const float* row_w, float scale, float* loss, float* dhn) {
  const int64_t N = st.N, V = st.c->vocab_size, Hd = st.c->hidden_size;
  const int64_t chunk = std::clamp<int64_t>((int64_t(64) << 20) / std::max<int64_t>(V, 1), 1, N);
  float* logits = st.a->f(chunk * V);
  // The logits' gradient feeds only the head's backward: as BF16 straight from the kernel when that
  // takes BF16 operands.
  uint16_t* dlb = dhn && st.gm->bf16_dy_ok(head) ? st.a->u16(chunk * V) : nullptr;
  DSEEK_CUDA_CHECK(cudaMemsetAsync(loss, 0, size_t(N) * 4, st.s));
  for (int64_t r0 = 0; r0 < N; r0 += chunk) {
    const int64_t n = std::min(chunk, N - r0);
    if (std::all_of(tg_h.begin() + r0, tg_h.begin() + r0 + n, [](int32_t t) { return t < 0; })) continue;
    st.gm->linear_fwd(head, hn + r0 * Hd, n, logits, *st.a);
    tk::cross_entropy(logits, tg + r0, row_w ? row_w + r0 : nullptr, n, V, scale, loss + r0, dhn ? logits : nullptr,
                      st.s, dlb);
    if (dlb) st.gm->linear_bwd_bf16(head, hn + r0 * Hd, n, dlb, dhn + r0 * Hd, *st.a);
    else if (dhn) st.gm->linear_bwd(head, hn + r0 * Hd, n, logits, dhn + r0 * Hd, *st.a);
  }
}

void embed_bwd(Step& st, const LinW& embed, PinnedStage& stage, const std::vector<int32_t>& ids, const float* dout) {
  if (!embed.g) return;
  const int64_t n = int64_t(ids.size());
  std::vector<int32_t> order(static_cast<size_t>(n)), uniq, off;
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t x, int32_t y) { return ids[size_t(x)] < ids[size_t(y)]; });
  for (int64_t j = 0; j < n; ++j)
    if (j == 0 || ids[size_t(order[size_t(j)])] != ids[size_t(order[size_t(j - 1)])]) {
      uniq.push_back(ids[size_t(order[size_t(j)])]);
      off.push_back(int32_t(j));
    }
  off.push_back(int32_t(n));
  tk::embed_bwd(st.c->hidden_size, stage.up(*st.a, uniq, st.s), stage.up(*st.a, off, st.s), stage.up(*st.a, order, st.s),
                int64_t(uniq.size()), dout, embed.g, st.s);
}

}  // namespace dseek::cu
