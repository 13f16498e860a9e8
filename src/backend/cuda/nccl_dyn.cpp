// nccl_dyn.cpp — run-time loading of NCCL (see nccl_dyn.h).
#include "backend/cuda/nccl_dyn.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <string>

#include "core/check.h"

namespace dseek::cu {

#ifdef DSEEK_HAVE_NCCL_H

namespace {

template <class F>
void bind(void* h, F& f, const char* name) {
  f = reinterpret_cast<F>(dlsym(h, name));
  DSEEK_CHECK(f != nullptr, "NCCL: symbol {} not found in the loaded library", name);
}

Nccl load() {
  const char* env = std::getenv("DSEEK_NCCL_LIB");
  const std::string path = env && *env ? env : "libnccl.so.2";
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  DSEEK_CHECK(h != nullptr, "multi-GPU needs NCCL: cannot load '{}' ({}); install libnccl2 or set DSEEK_NCCL_LIB "
              "to the library's path", path, dlerror());
  Nccl n;
  bind(h, n.CommInitAll, "ncclCommInitAll");
  bind(h, n.CommDestroy, "ncclCommDestroy");
  bind(h, n.AllReduce, "ncclAllReduce");
  bind(h, n.GroupStart, "ncclGroupStart");
  bind(h, n.GroupEnd, "ncclGroupEnd");
  bind(h, n.GetErrorString, "ncclGetErrorString");
  bind(h, n.GetVersion, "ncclGetVersion");
  bind(h, n.GetUniqueId, "ncclGetUniqueId");
  bind(h, n.CommInitRank, "ncclCommInitRank");
  bind(h, n.AllGather, "ncclAllGather");
  bind(h, n.ReduceScatter, "ncclReduceScatter");
  bind(h, n.Broadcast, "ncclBroadcast");
  bind(h, n.CommAbort, "ncclCommAbort");
  bind(h, n.CommGetAsyncError, "ncclCommGetAsyncError");
  n.Send = reinterpret_cast<decltype(n.Send)>(dlsym(h, "ncclSend"));  // optional (NCCL >= 2.7)
  n.Recv = reinterpret_cast<decltype(n.Recv)>(dlsym(h, "ncclRecv"));
  return n;  // the handle stays open for the process
}

}  // namespace

const Nccl& nccl() {
  static std::once_flag once;
  static Nccl lib;
  static std::string error;
  std::call_once(once, [] {
    try {
      lib = load();
    } catch (const std::exception& e) {
      error = e.what();
    }
  });
  DSEEK_CHECK(error.empty(), "{}", error);
  return lib;
}

void nccl_check(ncclResult_t r, const char* what) {
  if (r != ncclSuccess) DSEEK_FAIL("NCCL error in {}: {}", what, nccl().GetErrorString(r));
}

#endif

}  // namespace dseek::cu
