// threadpool.h — a fixed-size pool of worker threads with a low-overhead
// parallel_for, built for the decode loop (hundreds of small parallel regions
// per token: a region costs a few microseconds, not a thread start).
// What it is: N participants = the calling thread + (N-1) background workers.
// Workers spin briefly (spin_us) after a region, then sleep on a futex
// (std::atomic::wait). Chunks are handed out dynamically from an atomic
// counter. An exception thrown by f on any thread stops the handing out of
// further chunks and is rethrown to the caller as dseek::Error (a non-Error
// exception is wrapped; its what() is kept).
// What it is not: a task graph or a work-stealing scheduler; no futures.
// One region runs at a time per pool (concurrent callers are serialised);
// a parallel_for called from inside a region of the same pool runs serially
// on the calling thread (no deadlock, no oversubscription).
#pragma once

#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace dseek {

class ThreadPool {
 public:
  // num_threads <= 0: default_num_threads(). spin_us: how long an idle worker
  // busy-waits for the next region before sleeping.
  explicit ThreadPool(int num_threads = 0, int spin_us = 100);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Participants in a region, including the calling thread (>= 1).
  int num_threads() const { return int(workers_.size()) + 1; }

  // Calls f on disjoint chunks covering [0, n), in parallel. f may be
  //   f(int64_t begin, int64_t end, int tid)   tid in [0, num_threads()), unique
  //                                            among threads running at once
  //   f(int64_t begin, int64_t end)
  //   f(int64_t i)                             called once per index
  // grain: chunk size; <= 0 picks ceil(n / (4 * num_threads())).
  // Returns after every chunk finished (or, on error, after every started chunk
  // finished; then throws).
  template <class F>
  void parallel_for(int64_t n, F&& f, int64_t grain = 0) {
    if (n <= 0) return;
    using Fn = std::remove_reference_t<F>;
    const int64_t chunk = grain > 0 ? grain : (n + 4 * num_threads() - 1) / (4 * num_threads());
    auto call = [](void* ctx, int64_t b, int64_t e, int tid) {
      Fn& fn = *static_cast<Fn*>(ctx);
      if constexpr (std::is_invocable_v<Fn&, int64_t, int64_t, int>) fn(b, e, tid);
      else if constexpr (std::is_invocable_v<Fn&, int64_t, int64_t>) fn(b, e);
      else {
        static_assert(std::is_invocable_v<Fn&, int64_t>, "parallel_for: bad callable signature");
        for (int64_t i = b; i < e; ++i) fn(i);
      }
    };
    run(n, chunk, call, const_cast<void*>(static_cast<const void*>(&f)));
  }

  // Default size: env DSEEK_THREADS if set (> 0), else the CPUs this process may
  // run on (sched_getaffinity; taskset/cgroups respected), else hardware_concurrency().
  static int default_num_threads();

 private:
  using ChunkFn = void (*)(void* ctx, int64_t begin, int64_t end, int tid);
  void run(int64_t n, int64_t chunk, ChunkFn fn, void* ctx);
  void work(int tid);              // take chunks until none is left
  void worker_main(int tid);
  void record_error(std::exception_ptr e);

  std::vector<std::thread> workers_;
  const int spin_us_;
  std::mutex call_mu_;             // one region at a time

  // Current region (written by the caller before gen_ is bumped).
  ChunkFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int64_t n_ = 0, chunk_ = 1, nchunks_ = 0;
  std::atomic<int64_t> next_{0};
  std::atomic<bool> cancel_{false};
  std::mutex err_mu_;
  std::exception_ptr error_;

  // Hand-off. A region is "open" until the caller has run out of chunks; only
  // workers that joined while it was open are waited for, so a descheduled
  // worker never delays a region it did not take part in.
  static constexpr uint64_t kClosed = 1ull << 31;
  std::atomic<uint64_t> state_{kClosed};  // (region generation << 32) | kClosed? | joined workers
  std::atomic<uint32_t> gen_{0};          // futex word: bumped (after state_) once per region / at shutdown
  std::atomic<uint32_t> sleepers_{0};     // workers blocked in gen_.wait
  std::atomic<uint32_t> done_{0};         // joined workers finished with this region
  std::atomic<uint32_t> caller_sleeping_{0};
  std::atomic<bool> stop_{false};
};

// Process-wide default pool (created on first use, sized by
// ThreadPool::default_num_threads()). For the CLI and tests; library code
// takes a ThreadPool& parameter instead of calling this.
ThreadPool& default_thread_pool();

}  // namespace dseek
