// bench_tokenizer.cpp — single-thread encode throughput (MB/s) of
// dseek::Tokenizer on a few MB of deterministic mixed text (English, code,
// numbers, CJK, Cyrillic, emoji, special tokens). The same text and FNV-1a
// checksum come from scripts/fixtures/bench_hf_tokenizer.py for comparison.
// Usage: bench_tokenizer TOKENIZER_PATH [MB]   (default 4 MB)
// It is not a correctness test (tests/io/test_tokenizer*.cpp are).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/check.h"
#include "io/tokenizer.h"

namespace {

// Keep identical to FRAGMENTS in scripts/fixtures/bench_hf_tokenizer.py.
const char* const kFragments[] = {
    "The quick brown fox jumps over the lazy dog. ",
    "In 2024, revenue grew 17.5% to $3,141,592 across 42 regions.\n",
    "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\n",
    "for (int i = 0; i < n; ++i) { sum += a[i] * b[i]; }\n",
    "深度求索发布了新的大语言模型，支持长上下文推理。",
    "日本語のテキストとカタカナ、ひらがなを含む文章です。",
    "Привет, как дела? Всё хорошо.\n",
    "emoji 😀👍🏽 and family 👨‍👩‍👧 ",
    "<｜User｜>What is 2+2?<｜Assistant｜><think>\nsimple\n</think>\n\n4<｜end▁of▁sentence｜>",
    "   indented\tline\r\n",
    "https://example.com/api/v1/items?id=12345&sort=desc ",
    "naïve café résumé — “quoted” ‘text’ … ",
    "{\"key\": [1, 2, 3], \"nested\": {\"a\": null, \"b\": true}}\n",
    "0123456789 98765432101234567890 ",
};

std::string make_text(size_t nbytes) {
  uint64_t state = 0x9E3779B97F4A7C15ull;
  const size_t n = sizeof(kFragments) / sizeof(kFragments[0]);
  std::string out;
  while (out.size() < nbytes) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    out += kFragments[(state >> 33) % n];
  }
  return out;
}

uint64_t fnv1a(const std::string& s) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
  return h;
}

double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s TOKENIZER_PATH [MB]\n", argv[0]);
    return 2;
  }
  try {
    double mb = argc > 2 ? std::atof(argv[2]) : 4.0;
    double t0 = now();
    dseek::Tokenizer tok = dseek::Tokenizer::load(argv[1]);
    double load_s = now() - t0;
    std::string text = make_text(static_cast<size_t>(mb * 1e6));
    tok.encode(text.substr(0, 100000));  // warm-up (fills the word cache)
    double best = 1e30;
    size_t ntok = 0;
    for (int rep = 0; rep < 3; ++rep) {
      t0 = now();
      ntok = tok.encode(text).size();
      best = std::min(best, now() - t0);
    }
    // Cold cache: a fresh tokenizer object encodes the text once.
    dseek::Tokenizer cold = dseek::Tokenizer::load(argv[1]);
    t0 = now();
    cold.encode(text);
    double cold_s = now() - t0;
    std::printf("{\"bytes\": %zu, \"fnv1a\": \"%016llx\", \"tokens\": %zu, \"load_s\": %.3f, "
                "\"seconds\": %.4f, \"MB_per_s\": %.2f, \"cold_MB_per_s\": %.2f}\n",
                text.size(), static_cast<unsigned long long>(fnv1a(text)), ntok, load_s, best,
                text.size() / best / 1e6, text.size() / cold_s / 1e6);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
    return 1;
  }
  return 0;
}
