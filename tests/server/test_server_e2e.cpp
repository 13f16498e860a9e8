// test_server_e2e.cpp — end-to-end tests of `dseek serve`: starts the real
// binary on 127.0.0.1 (a free port) with the scripted test model, runs the
// Node test files of scripts/server/ (official `openai` client; headless
// Chromium through playwright-core) against it, then checks that SIGTERM ends
// it with exit status 0. Needs node + the packages of
// scripts/server/package.json installed in .deps/server-node (scripts/setup.sh
// does it; or set DSEEK_NODE_MODULES). Artifacts (screenshots, logs) go to
// <build>/server_e2e/.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server_test_util.h"

namespace dseek::test {
namespace {

namespace fs = std::filesystem;

int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(s);
    return -1;
  }
  ::close(s);
  return ntohs(a.sin_port);
}

std::string read_all(const fs::path& p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

struct Env {
  fs::path art, model, node_modules;
  std::string bin;
};

Env setup() {
  Env e;
  e.art = fs::path(dseek_binary()).parent_path() / "server_e2e";
  fs::create_directories(e.art);
  e.model = e.art / "server_test_model";
  write_scripted_model(e.model.string(), 4096);
  const char* nm = std::getenv("DSEEK_NODE_MODULES");
  e.node_modules = nm ? fs::path(nm) : fs::path(source_dir()) / ".deps/server-node/node_modules";
  const char* sb = std::getenv("DSEEK_SERVE_BIN");
  e.bin = sb ? sb : dseek_binary();
  return e;
}

class ServerProc {
 public:
  ServerProc(const Env& e, const std::string& log_name) {
    port_ = free_port();
    const std::string port = std::to_string(port_), model = e.model.string(), log = (e.art / log_name).string();
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(e.bin.c_str(), e.bin.c_str(), "serve", "-m", model.c_str(), "--host", "127.0.0.1", "--port",
              port.c_str(), "--api-key", "test-key", "--max-batch", "2", "--max-queue", "2", "--max-body", "64K",
              "--threads", "1", "--no-prefetch", "--shutdown-timeout", "20", "--intent-model", model.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~ServerProc() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Exit status after SIGTERM (sent unless already exited); -1 on timeout.
  int stop(bool send_term, int timeout_s) {
    if (send_term) ::kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = -1;
};

// Runs `node --test FILES` against the server; returns node's exit status.
int run_node(const Env& e, const ServerProc& s, const std::string& files, const std::string& log_name) {
  const fs::path dir = fs::path(source_dir()) / "scripts/server";
  const std::string log = (e.art / log_name).string();
  const std::string cmd = "cd '" + dir.string() + "' && NODE_PATH='" + e.node_modules.string() +
                          "' DSEEK_URL=http://127.0.0.1:" + std::to_string(s.port()) +
                          " DSEEK_API_KEY=test-key DSEEK_MODEL=server_test_model DSEEK_SERVER_PID=" +
                          std::to_string(s.pid()) + " DSEEK_ARTIFACT_DIR='" + e.art.string() +
                          "' timeout 300 node --test --test-concurrency=1 " + files + " > '" + log + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::printf("---- %s ----\n%s\n", log_name.c_str(), read_all(log).c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

void require_node(const Env& e) {
  ASSERT_EQ(std::system("node --version > /dev/null 2>&1"), 0) << "node is missing: run scripts/setup.sh";
  ASSERT_TRUE(fs::exists(e.node_modules / "openai") && fs::exists(e.node_modules / "playwright-core"))
      << "npm packages missing in " << e.node_modules
      << ": run scripts/setup.sh (npm install --prefix .deps/server-node, see scripts/server/package.json)";
}

TEST(ServerE2E, OpenAIClientProtocolErrorsMetricsAndDrain) {
  const Env e = setup();
  require_node(e);
  ServerProc s(e, "server_openai.log");
  ASSERT_GT(s.port(), 0);
  EXPECT_EQ(run_node(e, s, "e2e.test.cjs", "node_openai.log"), 0);
  EXPECT_EQ(run_node(e, s, "drain.test.cjs", "node_drain.log"), 0);
  EXPECT_EQ(s.stop(false, 30), 0) << read_all(e.art / "server_openai.log");  // SIGTERM came from drain.test.cjs
}

TEST(ServerE2E, WebPageInHeadlessChromium) {
  const Env e = setup();
  require_node(e);
  ASSERT_TRUE(fs::exists("/usr/bin/chromium") || std::getenv("CHROMIUM"))
      << "chromium is missing: apt-get install chromium (scripts/setup.sh)";
  ServerProc s(e, "server_web.log");
  ASSERT_GT(s.port(), 0);
  EXPECT_EQ(run_node(e, s, "web.test.cjs", "node_web.log"), 0);
  EXPECT_TRUE(fs::exists(e.art / "web_chat.png"));
  EXPECT_EQ(s.stop(true, 30), 0) << read_all(e.art / "server_web.log");
}

}  // namespace
}  // namespace dseek::test
