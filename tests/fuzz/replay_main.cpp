// replay_main.cpp — runs a libFuzzer target over files or directories given on
// the command line, without libFuzzer (gcc builds, CI). Every input must return
// without crashing; sanitizer builds turn memory errors into failures.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void run_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::vector<uint8_t> buf((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(buf.data(), buf.size());
}

int main(int argc, char** argv) {
  size_t n = 0;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file()) { run_file(e.path()); ++n; }
    } else if (std::filesystem::exists(p)) {
      run_file(p); ++n;
    }
  }
  std::printf("replayed %zu inputs\n", n);
  return 0;
}
