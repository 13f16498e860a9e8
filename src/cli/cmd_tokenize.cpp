// cmd_tokenize.cpp — `dseek tokenize`, `dseek detokenize` (and, later,
// `dseek tokenizer train`). Text and ids go through stdin/stdout so the
// commands compose in shell pipelines.
// What it is not: the tokenizer itself (src/io/tokenizer*.cpp).
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "core/check.h"
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

  // ---- HOOK: `dseek tokenizer train` -------------------------------------
  // Reserved for the BPE trainer (separate piece of work). Add a subcommand
  // group here, e.g.
  //   auto* grp = app.add_subcommand("tokenizer", "tokenizer tools");
  //   auto* train = grp->add_subcommand("train", "train a BPE tokenizer");
  // and keep the trainer itself in src/train/ or src/io/tokenizer_train*.cpp.
  // -------------------------------------------------------------------------
}

}  // namespace dseek::cli
