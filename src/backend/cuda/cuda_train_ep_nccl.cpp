// cuda_train_ep_nccl.cpp — the expert-parallel collectives of the CUDA trainer's
// MoE layer (EpCollectives: all-gather, reduce-scatter, all-to-all) over one NCCL
// communicator, loaded at run time (nccl_dyn.h). What it is not: the dispatch
// (cuda_train_moe.cpp) or the process group (cuda_train_mp.cpp, _dp.cpp).
#include "backend/cuda/cuda_train_impl.h"
#include "backend/cuda/nccl_dyn.h"
#include "core/check.h"

namespace dseek::cu {

EpCollectives make_nccl_collectives(void* comm, std::function<void(const char*)> wait, const std::atomic<bool>* aborted) {
  EpCollectives c;
#ifdef DSEEK_HAVE_NCCL_H
  auto cm = static_cast<ncclComm_t>(comm);
  auto live = [aborted](const char* what) {
    DSEEK_CHECK(!aborted || !aborted->load(), "expert parallelism: {} on an aborted communicator", what);
  };
  c.all_gather = [cm, live](const void* send, void* recv, size_t bytes, cudaStream_t s) {
    live("all-gather");
    nccl_check(nccl().AllGather(send, recv, bytes, ncclInt8, cm, s), "ncclAllGather (expert parallelism)");
  };
  c.reduce_scatter = [cm, live](const float* send, float* recv, size_t n, cudaStream_t s) {
    live("reduce-scatter");
    nccl_check(nccl().ReduceScatter(send, recv, n, ncclFloat32, ncclSum, cm, s), "ncclReduceScatter (expert parallelism)");
  };
  c.all_to_all = [cm, live](const void* send, const std::vector<int64_t>& send_rows, void* recv,
                            const std::vector<int64_t>& recv_rows, size_t row_bytes, cudaStream_t s) {
    live("all-to-all");
    const Nccl& n = nccl();
    DSEEK_CHECK(n.Send && n.Recv, "expert parallelism: all-to-all needs ncclSend/ncclRecv (NCCL >= 2.7)");
    nccl_check(n.GroupStart(), "ncclGroupStart");
    size_t so = 0, ro = 0;
    for (size_t d = 0; d < send_rows.size(); ++d) {  // (to itself too: NCCL copies)
      const size_t sb = size_t(send_rows[d]) * row_bytes, rb = size_t(recv_rows[d]) * row_bytes;
      if (sb) nccl_check(n.Send(static_cast<const char*>(send) + so, sb, ncclInt8, int(d), cm, s), "ncclSend");
      if (rb) nccl_check(n.Recv(static_cast<char*>(recv) + ro, rb, ncclInt8, int(d), cm, s), "ncclRecv");
      so += sb;
      ro += rb;
    }
    nccl_check(n.GroupEnd(), "ncclGroupEnd");
  };
#else
  (void)comm, (void)aborted;
  DSEEK_FAIL("expert parallelism needs NCCL (this dseek was built without nccl.h)");
#endif
  c.wait = std::move(wait);
  return c;
}

}  // namespace dseek::cu
