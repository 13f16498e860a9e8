// cmd_tokenize.cpp — `dseek tokenize`, `dseek detokenize` and
// `dseek tokenizer train`. Text and ids go through stdin/stdout so the
// commands compose in shell pipelines.
// What it is not: the tokenizer itself (src/io/tokenizer*.cpp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/check.h"
#include "core/threadpool.h"
#include "io/bpe_trainer.h"
#include "io/json_util.h"
#include "io/tokenizer.h"

namespace dseek::cli {
namespace {

constexpr size_t kMaxStdinBytes = size_t(1) << 30;

std::string read_stdin() {
  std::string s;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    s.append(buf, n);
    DSEEK_CHECK(s.size() <= kMaxStdinBytes, "stdin: input larger than {} bytes", kMaxStdinBytes);
  }
  DSEEK_CHECK(!std::ferror(stdin), "stdin: read error");
  return s;
}

std::vector<int32_t> parse_ids(const std::string& text) {
  ParseLimits lim;
  lim.max_bytes = size_t(256) << 20;
  lim.max_depth = 2;
  nlohmann::json j = parse_json_limited(text, lim, "ids");
  DSEEK_CHECK(j.is_array(), "ids: expected a JSON array of integers");
  std::vector<int32_t> ids;
  ids.reserve(j.size());
  for (const auto& v : j) {
    DSEEK_CHECK(v.is_number_integer(), "ids: expected a JSON array of integers");
    int64_t x = v.get<int64_t>();
    DSEEK_CHECK(x >= 0 && x <= INT32_MAX, "ids: id {} out of range", x);
    ids.push_back(static_cast<int32_t>(x));
  }
  return ids;
}

void write_out(const std::string& s) {
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fflush(stdout);
}

}  // namespace

void add_tokenize_commands(CLI::App& app) {
  struct TokOpts {
    std::string tokenizer;
    std::string text;
    bool bos = false;
  };
  auto topts = std::make_shared<TokOpts>();
  auto* tok = app.add_subcommand("tokenize", "encode text (stdin, or --text) to a JSON array of ids");
  tok->add_option("-t,--tokenizer", topts->tokenizer, "tokenizer.json, or a directory holding it")
      ->required();
  auto* text_opt = tok->add_option("--text", topts->text, "text to encode (default: all of stdin)");
  tok->add_flag("--bos", topts->bos, "prepend the BOS token");
  tok->callback([topts, text_opt] {
    Tokenizer t = Tokenizer::load(topts->tokenizer);
    std::string text = text_opt->count() ? topts->text : read_stdin();
    auto ids = topts->bos ? t.encode_with_bos(text) : t.encode(text);
    write_out(nlohmann::json(ids).dump() + "\n");
  });

  struct DetokOpts {
    std::string tokenizer;
    std::string ids;
    bool skip_special = false;
  };
  auto dopts = std::make_shared<DetokOpts>();
  auto* detok = app.add_subcommand("detokenize", "decode a JSON array of ids (stdin, or --ids) to text");
  detok->add_option("-t,--tokenizer", dopts->tokenizer, "tokenizer.json, or a directory holding it")
      ->required();
  auto* ids_opt = detok->add_option("--ids", dopts->ids, "JSON array of ids (default: stdin)");
  detok->add_flag("--skip-special", dopts->skip_special, "drop special tokens");
  detok->callback([dopts, ids_opt] {
    Tokenizer t = Tokenizer::load(dopts->tokenizer);
    auto ids = parse_ids(ids_opt->count() ? dopts->ids : read_stdin());
    write_out(t.decode(ids, dopts->skip_special));
  });

  // ---- `dseek tokenizer train` (src/io/bpe_trainer*.cpp) -------------------
  struct TrainOpts {
    std::vector<std::string> inputs, specials;
    std::string out;
    size_t vocab_size = 0;
    uint64_t min_frequency = 2;
    int threads = 0;
    bool quiet = false;
  };
  auto tr = std::make_shared<TrainOpts>();
  auto* grp = app.add_subcommand("tokenizer", "tokenizer tools");
  grp->require_subcommand(1);
  auto* train = grp->add_subcommand(
      "train", "train a byte-level BPE tokenizer (DeepSeek pre-tokenizer) on text files");
  train->add_option("--vocab-size", tr->vocab_size, "total vocab size: specials + 256 bytes + merges")
      ->required()
      ->check(CLI::Range(size_t(1), size_t(1) << 24));
  train->add_option("-i,--input", tr->inputs, "text files or directories (recursive)")->required();
  train->add_option("-o,--output", tr->out,
                    "tokenizer.json to write (tokenizer_config.json goes next to it); a path not "
                    "ending in .json is a directory that gets both")
      ->required();
  train->add_option("--special", tr->specials,
                    "extra special tokens, after the defaults <｜begin▁of▁sentence｜> <｜end▁of▁sentence｜> "
                    "<｜▁pad▁｜> <｜User｜> <｜Assistant｜> <think> </think>");
  train->add_option("--min-frequency", tr->min_frequency,
                    "stop merging when the best pair occurs fewer times (default 2)");
  train->add_option("--threads", tr->threads, "worker threads (default: all CPUs)");
  train->add_flag("-q,--quiet", tr->quiet, "no progress bars or summary");
  train->callback([tr] {
    bpe::TrainOptions opt;
    opt.vocab_size = tr->vocab_size;
    opt.min_frequency = tr->min_frequency;
    opt.progress = !tr->quiet;
    for (const auto& s : tr->specials)
      if (std::find(opt.specials.begin(), opt.specials.end(), s) == opt.specials.end())
        opt.specials.push_back(s);
    DSEEK_CHECK(opt.vocab_size >= opt.specials.size() + 256,
                "--vocab-size must be at least {} (specials + 256 byte tokens)", opt.specials.size() + 256);
    auto files = bpe::collect_input_files(tr->inputs);
    DSEEK_CHECK(!files.empty(), "no input files found");
    ThreadPool pool(tr->threads);
    const auto t0 = std::chrono::steady_clock::now();
    bpe::CountStats st;
    auto words = bpe::count_words_in_files(files, opt, pool, &st);
    const auto t1 = std::chrono::steady_clock::now();
    auto result = bpe::train(words, opt);
    const auto t2 = std::chrono::steady_clock::now();
    bpe::write_tokenizer_files(result, opt, tr->out);
    if (tr->quiet) return;
    auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
    std::fprintf(stderr,
                 "tokenizer train: %zu files (%zu binary skipped, %zu chunks with invalid UTF-8 repaired), "
                 "%.1f MB, %llu words, %zu distinct\n"
                 "tokenizer train: counting %.1f s (%.1f MB/s), merging %.1f s; vocab %zu, %zu merges%s\n",
                 st.files, st.skipped_binary, st.repaired_utf8, double(st.bytes) / 1e6,
                 static_cast<unsigned long long>(st.words), words.size(), secs(t0, t1),
                 double(st.bytes) / 1e6 / std::max(secs(t0, t1), 1e-9), secs(t1, t2), result.vocab.size(),
                 result.merges.size(),
                 result.vocab.size() < opt.vocab_size ? " (fewer than requested: corpus exhausted; "
                                                        "lower --min-frequency or add text)"
                                                      : "");
  });
}

}  // namespace dseek::cli
