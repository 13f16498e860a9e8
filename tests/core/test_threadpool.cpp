// test_threadpool.cpp — ThreadPool: coverage of [0, n), callable forms, tids,
// exceptions, nesting, concurrent callers, per-call overhead.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/check.h"
#include "core/threadpool.h"

namespace dseek {
namespace {

TEST(ThreadPool, CoversEveryIndexOnce) {
  for (int nt : {1, 2, 3, 8}) {
    ThreadPool pool(nt);
    EXPECT_EQ(pool.num_threads(), nt);
    for (int64_t n : {0, 1, 2, 7, 64, 1000, 100003}) {
      for (int64_t grain : {0, 1, 3, 1000000}) {
        std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
        pool.parallel_for(n, [&](int64_t b, int64_t e) {
          ASSERT_LE(0, b);
          ASSERT_LT(b, e);
          ASSERT_LE(e, n);
          for (int64_t i = b; i < e; ++i) hits[size_t(i)].fetch_add(1);
        }, grain);
        for (int64_t i = 0; i < n; ++i) ASSERT_EQ(hits[size_t(i)].load(), 1) << "nt=" << nt << " n=" << n << " i=" << i;
      }
    }
  }
}

TEST(ThreadPool, PerIndexFormAndTids) {
  ThreadPool pool(4);
  std::vector<int> v(5000, 0);
  pool.parallel_for(int64_t(v.size()), [&](int64_t i) { v[size_t(i)] = int(i) * 2; });
  for (size_t i = 0; i < v.size(); ++i) ASSERT_EQ(v[i], int(i) * 2);

  // tid in range and never used by two threads at the same time.
  std::vector<std::atomic<int>> busy(4);
  std::atomic<int> bad{0};
  for (int rep = 0; rep < 200; ++rep) {
    pool.parallel_for(64, [&](int64_t b, int64_t e, int tid) {
      if (tid < 0 || tid >= 4) { bad++; return; }
      if (busy[size_t(tid)].fetch_add(1) != 0) bad++;
      volatile double s = 0;
      for (int64_t i = b; i < e; ++i) s = s + double(i);
      busy[size_t(tid)].fetch_sub(1);
    }, 1);
  }
  EXPECT_EQ(bad.load(), 0);
}

TEST(ThreadPool, ExceptionsPropagateAsError) {
  ThreadPool pool(3);
  for (int rep = 0; rep < 20; ++rep) {
    // dseek::Error passes through unchanged.
    try {
      pool.parallel_for(1000, [&](int64_t i) {
        if (i == 997) DSEEK_FAIL("boom {}", i);
      }, 1);
      FAIL() << "no exception";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("boom 997"), std::string::npos) << e.what();
    }
    // Other exceptions become dseek::Error, message kept.
    try {
      pool.parallel_for(100, [&](int64_t b, int64_t e) { throw std::runtime_error("plain failure"); }, 1);
      FAIL() << "no exception";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("plain failure"), std::string::npos) << e.what();
    }
    // Pool is still usable afterwards.
    std::atomic<int64_t> sum{0};
    pool.parallel_for(100, [&](int64_t i) { sum += i; });
    EXPECT_EQ(sum.load(), 4950);
  }
  ThreadPool single(1);
  EXPECT_THROW(single.parallel_for(10, [](int64_t) { throw std::runtime_error("x"); }), Error);
}

TEST(ThreadPool, NestedCallsRunSerially) {
  ThreadPool pool(3);
  std::atomic<int64_t> sum{0};
  pool.parallel_for(16, [&](int64_t i) {
    pool.parallel_for(10, [&](int64_t j) { sum += i * 10 + j; });
  }, 1);
  EXPECT_EQ(sum.load(), 159 * 160 / 2);
}

TEST(ThreadPool, ConcurrentCallersAreSerialised) {
  ThreadPool pool(3);
  std::atomic<int64_t> total{0};
  auto caller = [&] {
    for (int rep = 0; rep < 300; ++rep) {
      std::atomic<int64_t> s{0};
      pool.parallel_for(257, [&](int64_t i) { s += i; });
      if (s.load() == 256 * 257 / 2) total++;
    }
  };
  std::thread t1(caller), t2(caller);
  t1.join();
  t2.join();
  EXPECT_EQ(total.load(), 600);
}

TEST(ThreadPool, SleepingWorkersWakeUp) {
  ThreadPool pool(3, /*spin_us=*/0);
  for (int rep = 0; rep < 50; ++rep) {
    std::atomic<int> n{0};
    pool.parallel_for(30, [&](int64_t) { n++; }, 1);
    ASSERT_EQ(n.load(), 30);
    if (rep % 10 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

TEST(ThreadPool, PerCallOverheadIsSmall) {
  ThreadPool pool(2);
  std::vector<float> v(4096, 1.0f);
  auto run = [&] {
    pool.parallel_for(int64_t(v.size()), [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) v[size_t(i)] *= 1.0000001f;
    });
  };
  for (int i = 0; i < 100; ++i) run();
  // Best batch of 200 calls: the machine may be shared with other jobs.
  double us = 1e30;
  for (int batch = 0; batch < 30; ++batch) {
    const int iters = 200;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) run();
    const double t = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / iters;
    us = std::min(us, t);
  }
  std::printf("[          ] parallel_for(4096 floats) on 2 threads: %.2f us/call (best batch)\n", us);
  // Generous bound: a regression to thread-start or sleep-per-call costs
  // (tens of us) still fails.
  EXPECT_LT(us, 50.0);
}

TEST(ThreadPool, DefaultSize) {
  EXPECT_GE(ThreadPool::default_num_threads(), 1);
  EXPECT_GE(default_thread_pool().num_threads(), 1);
}

}  // namespace
}  // namespace dseek
