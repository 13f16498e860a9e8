// cupti_trace.cpp — a CUDA injection library that records every kernel, memset and memcpy's GPU
// start/end (CUPTI activity API) and writes them as CSV at exit: the GPU timeline without Nsight
// Systems (the GPU machine has none). Build: scripts/dev/cupti_trace.sh; run any CUDA program with
// CUDA_INJECTION64_PATH=libcupti_trace.so CUPTI_TRACE_OUT=trace.csv; read with timeline_gaps.py.
// What it is not: part of dseek (a developer's tool, not built by CMake).
#include <cupti.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

namespace {
struct Rec {
  unsigned long long start, end;
  std::string name;
};
std::mutex mu;
std::vector<Rec>* recs = new std::vector<Rec>();

void CUPTIAPI buffer_requested(uint8_t** buf, size_t* size, size_t* max_records) {
  *size = 8 << 20;
  *buf = static_cast<uint8_t*>(aligned_alloc(8, *size));
  *max_records = 0;
}
void CUPTIAPI buffer_completed(CUcontext, uint32_t, uint8_t* buf, size_t, size_t valid) {
  CUpti_Activity* r = nullptr;
  std::lock_guard<std::mutex> g(mu);
  while (cuptiActivityGetNextRecord(buf, valid, &r) == CUPTI_SUCCESS) {
    switch (r->kind) {
      case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL:
      case CUPTI_ACTIVITY_KIND_KERNEL: {
        auto* k = reinterpret_cast<CUpti_ActivityKernel9*>(r);
        recs->push_back({k->start, k->end, k->name ? k->name : "?"});
        break;
      }
      case CUPTI_ACTIVITY_KIND_MEMSET: {
        auto* m = reinterpret_cast<CUpti_ActivityMemset4*>(r);
        recs->push_back({m->start, m->end, "[memset " + std::to_string(m->bytes) + "]"});
        break;
      }
      case CUPTI_ACTIVITY_KIND_MEMCPY: {
        auto* m = reinterpret_cast<CUpti_ActivityMemcpy6*>(r);
        recs->push_back({m->start, m->end, "[memcpy kind " + std::to_string(m->copyKind) + " " + std::to_string(m->bytes) + "]"});
        break;
      }
      default:
        break;
    }
  }
  free(buf);
}
void dump() {
  cuptiActivityFlushAll(1);
  const char* path = std::getenv("CUPTI_TRACE_OUT");
  FILE* f = std::fopen(path ? path : "cupti_trace.csv", "w");
  if (!f) return;
  std::lock_guard<std::mutex> g(mu);
  for (const Rec& r : *recs) {
    std::string n = r.name;
    for (char& c : n)
      if (c == ',') c = ';';
    std::fprintf(f, "%llu,%llu,%s\n", r.start, r.end, n.c_str());
  }
  std::fclose(f);
}
}  // namespace

extern "C" int InitializeInjection(void) {
  cuptiActivityRegisterCallbacks(buffer_requested, buffer_completed);
  cuptiActivityEnable(CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL);
  cuptiActivityEnable(CUPTI_ACTIVITY_KIND_MEMSET);
  cuptiActivityEnable(CUPTI_ACTIVITY_KIND_MEMCPY);
  cuptiActivityFlushPeriod(200);  // (records reach buffer_completed while the program runs)
  std::atexit(dump);
  return 1;
}
