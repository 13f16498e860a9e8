// nccl_dyn.h — NCCL, loaded at run time (dlopen "libnccl.so.2", or the path in
// $DSEEK_NCCL_LIB): dseek's binaries never need NCCL to start, and a
// multi-GPU run on a machine without it gets a clear message. Only the calls
// dseek uses. What it is not: a collective library (NCCL does the work).
#pragma once

#include <cuda_runtime_api.h>

#if __has_include(<nccl.h>)
#include <nccl.h>
#define DSEEK_HAVE_NCCL_H 1
#endif

namespace dseek::cu {

#ifdef DSEEK_HAVE_NCCL_H
struct Nccl {
  ncclResult_t (*CommInitAll)(ncclComm_t*, int, const int*) = nullptr;
  ncclResult_t (*CommDestroy)(ncclComm_t) = nullptr;
  ncclResult_t (*AllReduce)(const void*, void*, size_t, ncclDataType_t, ncclRedOp_t, ncclComm_t, cudaStream_t) = nullptr;
  ncclResult_t (*GroupStart)() = nullptr;
  ncclResult_t (*GroupEnd)() = nullptr;
  const char* (*GetErrorString)(ncclResult_t) = nullptr;
  ncclResult_t (*GetVersion)(int*) = nullptr;
  // Multi-process groups (one rank per process): id exchange, init, gather, abort on faults.
  ncclResult_t (*GetUniqueId)(ncclUniqueId*) = nullptr;
  ncclResult_t (*CommInitRank)(ncclComm_t*, int, ncclUniqueId, int) = nullptr;
  ncclResult_t (*AllGather)(const void*, void*, size_t, ncclDataType_t, ncclComm_t, cudaStream_t) = nullptr;
  // ZeRO-1: gradients reduce-scattered into each rank's slice.
  ncclResult_t (*ReduceScatter)(const void*, void*, size_t, ncclDataType_t, ncclRedOp_t, ncclComm_t,
                                cudaStream_t) = nullptr;
  // Expert-parallel checkpoints: each expert's tensors sent from the GPU that holds them.
  ncclResult_t (*Broadcast)(const void*, void*, size_t, ncclDataType_t, int, ncclComm_t, cudaStream_t) = nullptr;
  ncclResult_t (*CommAbort)(ncclComm_t) = nullptr;
  ncclResult_t (*CommGetAsyncError)(ncclComm_t, ncclResult_t*) = nullptr;
  // Point-to-point (all-to-all as grouped send/recv; bench_cuda_nccl). Null when the library lacks them.
  ncclResult_t (*Send)(const void*, size_t, ncclDataType_t, int, ncclComm_t, cudaStream_t) = nullptr;
  ncclResult_t (*Recv)(void*, size_t, ncclDataType_t, int, ncclComm_t, cudaStream_t) = nullptr;
};
// The process-wide loaded library; throws dseek::Error when it cannot be loaded.
const Nccl& nccl();
void nccl_check(ncclResult_t r, const char* what);
#endif

}  // namespace dseek::cu
