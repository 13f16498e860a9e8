// bench_serve.cpp — load test of a running `dseek serve` on loopback:
// N concurrent streaming chat clients (each R requests of M tokens), reporting
// throughput (generated tokens/s), p50/p99 time-to-first-token and
// inter-token latency, and errors; then D clients that disconnect mid-stream,
// after which /metrics must show 0 running sequences and 0 KV-cache bytes.
//   bench_serve --port 8080 [--host 127.0.0.1] [--api-key K] [--clients 64]
//               [--requests 2] [--max-tokens 64] [--disconnects 1000]
// Exit status 1 when any request failed or the disconnects leaked.
// Only loopback addresses are accepted (it is a load generator).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#ifdef DSEEK_HAVE_HTTPLIB
#include <httplib.h>

namespace {

using Clock = std::chrono::steady_clock;
double secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Opts {
  std::string host = "127.0.0.1", key;
  int port = 8080, clients = 64, requests = 2, max_tokens = 64, disconnects = 1000;
};

struct Stats {
  std::mutex mu;
  std::vector<double> ttft, itl;
  int64_t tokens = 0, ok = 0, errors = 0;
};

httplib::Headers headers(const Opts& o) {
  httplib::Headers h;
  if (!o.key.empty()) h.emplace("Authorization", "Bearer " + o.key);
  return h;
}

std::string body(int max_tokens, int i) {
  return "{\"messages\":[{\"role\":\"user\",\"content\":\"hello number " + std::to_string(i) +
         "\"}],\"stream\":true,\"max_tokens\":" + std::to_string(max_tokens) + ",\"temperature\":0.7,\"seed\":" +
         std::to_string(i) + "}";
}

// One streaming request; `abort_after` > 0: disconnect after that many chunks.
void one(const Opts& o, int i, int abort_after, Stats& st) {
  httplib::Client cli(o.host, o.port);
  cli.set_read_timeout(120, 0);
  httplib::Request req;
  req.method = "POST";
  req.path = "/v1/chat/completions";
  req.headers = headers(o);
  req.headers.emplace("Content-Type", "application/json");
  req.body = body(o.max_tokens, i);
  const auto t0 = Clock::now();
  auto last = t0;
  std::vector<double> itl;
  double ttft = -1;
  int64_t chunks = 0;
  std::string buf;
  bool saw_done = false;
  req.content_receiver = [&](const char* data, size_t n, uint64_t, uint64_t) {
    buf.append(data, n);
    size_t p;
    while ((p = buf.find("\n\n")) != std::string::npos) {
      const std::string ev = buf.substr(0, p);
      buf.erase(0, p + 2);
      if (ev == "data: [DONE]") { saw_done = true; continue; }
      if (ev.find("\"content\":\"") == std::string::npos && ev.find("\"reasoning_content\":\"") == std::string::npos)
        continue;
      const auto now = Clock::now();
      if (ttft < 0) ttft = secs(now - t0);
      else itl.push_back(secs(now - last));
      last = now;
      ++chunks;
      if (abort_after > 0 && chunks >= abort_after) return false;
    }
    return true;
  };
  auto res = cli.send(req);
  std::lock_guard lk(st.mu);
  if (abort_after > 0) {
    ++st.ok;
    return;
  }
  if (!res || res->status != 200 || !saw_done) {
    ++st.errors;
    if (st.errors <= 3)
      std::fprintf(stderr, "request %d failed: %s\n", i,
                   res ? (std::to_string(res->status) + " " + res->body).c_str() : httplib::to_string(res.error()).c_str());
    return;
  }
  ++st.ok;
  st.tokens += chunks;
  if (ttft >= 0) st.ttft.push_back(ttft);
  st.itl.insert(st.itl.end(), itl.begin(), itl.end());
}

double pct(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

double metric(const Opts& o, const std::string& name) {
  httplib::Client cli(o.host, o.port);
  auto r = cli.Get("/metrics", headers(o));
  if (!r || r->status != 200) return -1;
  const std::string key = "\n" + name + " ";
  const size_t p = r->body.find(key);
  return p == std::string::npos ? -1 : std::atof(r->body.c_str() + p + key.size());
}

}  // namespace

int main(int argc, char** argv) {
  Opts o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--host") o.host = v;
    else if (a == "--port") o.port = std::atoi(v.c_str());
    else if (a == "--api-key") o.key = v;
    else if (a == "--clients") o.clients = std::atoi(v.c_str());
    else if (a == "--requests") o.requests = std::atoi(v.c_str());
    else if (a == "--max-tokens") o.max_tokens = std::atoi(v.c_str());
    else if (a == "--disconnects") o.disconnects = std::atoi(v.c_str());
    else { std::fprintf(stderr, "unknown option %s\n", a.c_str()); return 2; }
  }
  if (o.host != "127.0.0.1" && o.host != "localhost" && o.host != "::1") {
    std::fprintf(stderr, "bench_serve: loopback hosts only\n");
    return 2;
  }
  if (o.clients < 1 || o.clients > 1024 || o.requests < 1 || o.requests > 100 || o.disconnects < 0 ||
      o.disconnects > 10000) {
    std::fprintf(stderr, "bench_serve: clients 1..1024, requests 1..100, disconnects 0..10000\n");
    return 2;
  }
  Stats st;
  const auto t0 = Clock::now();
  std::vector<std::thread> th;
  for (int c = 0; c < o.clients; ++c)
    th.emplace_back([&, c] {
      for (int r = 0; r < o.requests; ++r) one(o, c * o.requests + r, 0, st);
    });
  for (auto& t : th) t.join();
  const double wall = secs(Clock::now() - t0);
  std::printf("clients %d x %d requests, %d tokens each: %lld ok, %lld errors, %.2f s\n", o.clients, o.requests,
              o.max_tokens, (long long)st.ok, (long long)st.errors, wall);
  std::printf("throughput %.1f tokens/s | TTFT p50 %.1f ms p99 %.1f ms | inter-token p50 %.2f ms p99 %.2f ms\n",
              double(st.tokens) / wall, 1e3 * pct(st.ttft, 0.5), 1e3 * pct(st.ttft, 0.99), 1e3 * pct(st.itl, 0.5),
              1e3 * pct(st.itl, 0.99));
  bool leak = false;
  if (o.disconnects > 0) {
    Stats ds;
    const auto d0 = Clock::now();
    std::atomic<int> next{0};
    std::vector<std::thread> dt;
    for (int c = 0; c < std::min(o.clients, o.disconnects); ++c)
      dt.emplace_back([&] {
        for (int i; (i = next++) < o.disconnects;) one(o, 100000 + i, 2, ds);
      });
    for (auto& t : dt) t.join();
    double running = -1, kv = -1;
    for (int i = 0; i < 200; ++i) {  // the engine drops them at its next step
      running = metric(o, "dseek_running_sequences");
      kv = metric(o, "dseek_kv_cache_bytes");
      if (running == 0 && kv == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::printf("%d mid-stream disconnects in %.2f s -> running sequences %.0f, KV-cache bytes %.0f, queue %.0f\n",
                o.disconnects, secs(Clock::now() - d0), running, kv, metric(o, "dseek_queue_depth"));
    leak = running != 0 || kv != 0;
  }
  return st.errors == 0 && !leak ? 0 : 1;
}

#else
int main() {
  std::fprintf(stderr, "bench_serve: built without cpp-httplib\n");
  return 1;
}
#endif
