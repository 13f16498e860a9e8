// threadpool.cpp — ThreadPool: spin-then-futex hand-off, dynamic chunking,
// exception propagation. See threadpool.h for the contract.
// What it is not: a general executor (no queue of tasks, no priorities).
#include "core/threadpool.h"

#include <chrono>
#include <cstdlib>
#include <string>

#if defined(__linux__)
#include <sched.h>
#endif

#include "core/check.h"

namespace dseek {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// The pool whose region the current thread is running in (nullptr outside a
// region), for running nested parallel_for calls serially; and its tid there.
thread_local const ThreadPool* tl_pool = nullptr;
thread_local int tl_tid = 0;

}  // namespace

int ThreadPool::default_num_threads() {
  if (const char* s = std::getenv("DSEEK_THREADS"); s && *s) {
    char* end = nullptr;
    const long v = std::strtol(s, &end, 10);
    DSEEK_CHECK(end && *end == '\0' && v > 0 && v <= 4096, "DSEEK_THREADS={:?}: expected a positive integer",
                std::string(s));
    return int(v);
  }
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
#endif
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : int(hc);
}

ThreadPool::ThreadPool(int num_threads, int spin_us) : spin_us_(spin_us < 0 ? 0 : spin_us) {
  if (num_threads <= 0) num_threads = default_num_threads();
  DSEEK_CHECK(num_threads <= 4096, "ThreadPool: {} threads is too many", num_threads);
  workers_.reserve(size_t(num_threads - 1));
  try {
    for (int t = 1; t < num_threads; ++t) workers_.emplace_back([this, t] { worker_main(t); });
  } catch (const std::system_error& e) {
    stop_.store(true);
    gen_.fetch_add(1);
    gen_.notify_all();
    for (auto& w : workers_) w.join();
    DSEEK_FAIL("ThreadPool: cannot start thread: {}", e.what());
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lk(call_mu_);
    stop_.store(true);
    gen_.fetch_add(1);  // state_ stays closed: nobody joins anything
  }
  gen_.notify_all();
  for (auto& w : workers_) w.join();
}

void ThreadPool::record_error(std::exception_ptr e) {
  std::lock_guard lk(err_mu_);
  if (!error_) error_ = e;
  cancel_.store(true, std::memory_order_relaxed);
}

void ThreadPool::work(int tid) {
  const ThreadPool* saved_pool = tl_pool;
  const int saved_tid = tl_tid;
  tl_pool = this;
  tl_tid = tid;
  for (;;) {
    if (cancel_.load(std::memory_order_relaxed)) break;
    const int64_t c = next_.fetch_add(1, std::memory_order_relaxed);
    if (c >= nchunks_) break;
    const int64_t b = c * chunk_;
    const int64_t e = b + chunk_ < n_ ? b + chunk_ : n_;
    try {
      fn_(ctx_, b, e, tid);
    } catch (...) {
      record_error(std::current_exception());
    }
  }
  tl_pool = saved_pool;
  tl_tid = saved_tid;
}

void ThreadPool::worker_main(int tid) {
  uint32_t seen = 0;        // last region generation this worker looked at
  uint32_t joined_gen = 0;  // last region it joined (never join one twice)
  using clock = std::chrono::steady_clock;
  for (;;) {
    uint32_t g = gen_.load(std::memory_order_acquire);
    if (g == seen) {
      // Spin for up to spin_us_, checking the clock every 64 pauses; then sleep.
      const auto deadline = clock::now() + std::chrono::microseconds(spin_us_);
      for (int i = 1; (g = gen_.load(std::memory_order_acquire)) == seen; ++i) {
        cpu_relax();
        if ((i & 63) == 0 && clock::now() >= deadline) break;
      }
      if (g == seen) {
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        while ((g = gen_.load(std::memory_order_seq_cst)) == seen) gen_.wait(seen, std::memory_order_seq_cst);
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
      }
    }
    if (stop_.load(std::memory_order_acquire)) return;
    // Join the open region, if any (state_ is written before gen_).
    uint64_t s = state_.load(std::memory_order_acquire);
    seen = uint32_t(s >> 32);
    bool joined = false;
    while (!(s & kClosed) && uint32_t(s >> 32) != joined_gen) {
      if (state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel, std::memory_order_acquire)) {
        joined = true;
        break;
      }
      if (uint32_t(s >> 32) != seen) break;  // a newer region: pick it up on the next loop
    }
    if (!joined) continue;
    joined_gen = seen;
    work(tid);
    done_.fetch_add(1, std::memory_order_seq_cst);
    if (caller_sleeping_.load(std::memory_order_seq_cst) != 0) done_.notify_all();
  }
}

void ThreadPool::run(int64_t n, int64_t chunk, ChunkFn fn, void* ctx) {
  const int64_t nchunks = (n + chunk - 1) / chunk;
  auto serial = [&](int tid) {
    // Runs all of [0, n) on this thread, as tid; same error contract.
    const ThreadPool* saved_pool = tl_pool;
    const int saved_tid = tl_tid;
    tl_pool = this;
    tl_tid = tid;
    auto restore = [&] { tl_pool = saved_pool; tl_tid = saved_tid; };
    try {
      fn(ctx, 0, n, tid);
    } catch (const Error&) {
      restore();
      throw;
    } catch (const std::exception& e) {
      restore();
      DSEEK_FAIL("parallel_for: {}", e.what());
    } catch (...) {
      restore();
      DSEEK_FAIL("parallel_for: unknown exception");
    }
    restore();
  };
  if (tl_pool == this) return serial(tl_tid);  // nested inside our own region

  std::lock_guard lk(call_mu_);
  if (workers_.empty() || nchunks == 1) return serial(0);
  fn_ = fn;
  ctx_ = ctx;
  n_ = n;
  chunk_ = chunk;
  nchunks_ = nchunks;
  next_.store(0, std::memory_order_relaxed);
  cancel_.store(false, std::memory_order_relaxed);
  error_ = nullptr;
  done_.store(0, std::memory_order_relaxed);
  const uint32_t g = gen_.load(std::memory_order_relaxed) + 1;
  state_.store(uint64_t(g) << 32, std::memory_order_seq_cst);  // open; publishes the fields above
  gen_.store(g, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) != 0) gen_.notify_all();

  work(0);

  // Close the region and wait for the workers that joined it: spin, then sleep.
  const uint32_t joined = uint32_t(state_.fetch_or(kClosed, std::memory_order_seq_cst) & (kClosed - 1));
  using clock = std::chrono::steady_clock;
  if (done_.load(std::memory_order_acquire) != joined) {
    const auto deadline = clock::now() + std::chrono::microseconds(spin_us_ > 0 ? spin_us_ : 1);
    for (int i = 1; done_.load(std::memory_order_acquire) != joined; ++i) {
      cpu_relax();
      if ((i & 63) == 0 && clock::now() >= deadline) break;
    }
    if (done_.load(std::memory_order_acquire) != joined) {
      caller_sleeping_.store(1, std::memory_order_seq_cst);
      uint32_t v;
      while ((v = done_.load(std::memory_order_seq_cst)) != joined) done_.wait(v, std::memory_order_seq_cst);
      caller_sleeping_.store(0, std::memory_order_relaxed);
    }
  }
  std::atomic_thread_fence(std::memory_order_acquire);

  if (error_) {
    std::exception_ptr e = error_;
    error_ = nullptr;
    try {
      std::rethrow_exception(e);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& ex) {
      DSEEK_FAIL("parallel_for: {}", ex.what());
    } catch (...) {
      DSEEK_FAIL("parallel_for: unknown exception");
    }
  }
}

ThreadPool& default_thread_pool() {
  static ThreadPool pool;  // process-wide; see threadpool.h
  return pool;
}

}  // namespace dseek
