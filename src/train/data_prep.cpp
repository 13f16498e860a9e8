// data_prep.cpp — `dseek train data`: text files -> token shards + meta.json
// (tokenize_corpus, split_documents, is_validation_doc; see data.h).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/progress.h"
#include "core/threadpool.h"
#include "io/utf8.h"
#include "train/data.h"

namespace fs = std::filesystem;

namespace dseek::train {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

// One split's shard writer: documents accumulate until shard_tokens is reached.
struct ShardSink {
  std::string dir, prefix;
  int64_t shard_tokens;
  std::vector<int32_t> buf;
  int64_t buf_docs = 0;
  std::vector<std::string> names;

  void add(const std::vector<int32_t>& doc) {
    buf.insert(buf.end(), doc.begin(), doc.end());
    ++buf_docs;
    if (int64_t(buf.size()) >= shard_tokens) flush();
  }
  void flush() {
    if (buf.empty()) return;
    char name[64];
    std::snprintf(name, sizeof name, "%s-%05zu.bin", prefix.c_str(), names.size());
    write_token_shard((fs::path(dir) / name).string(), buf, buf_docs);
    names.push_back(name);
    buf.clear();
    buf_docs = 0;
  }
};

std::vector<std::string> list_inputs(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& in : inputs) {
    DSEEK_CHECK(fs::exists(in), "input '{}' does not exist", in);
    if (fs::is_directory(in)) {
      for (const auto& e : fs::recursive_directory_iterator(in, fs::directory_options::skip_permission_denied))
        if (e.is_regular_file()) files.push_back(e.path().string());
    } else {
      files.push_back(in);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace

std::vector<std::string> split_documents(std::string_view text, bool paragraphs) {
  std::vector<std::string> out;
  if (!paragraphs) {
    if (!trim(text).empty()) out.emplace_back(trim(text));
    return out;
  }
  std::string cur;
  size_t i = 0;
  while (i <= text.size()) {
    size_t e = text.find('\n', i);
    if (e == std::string_view::npos) e = text.size();
    const std::string_view line = text.substr(i, e - i);
    if (blank(line)) {
      if (!trim(cur).empty()) out.emplace_back(trim(cur));
      cur.clear();
    } else {
      cur.append(line);
      cur.push_back('\n');
    }
    i = e + 1;
  }
  if (!trim(cur).empty()) out.emplace_back(trim(cur));
  return out;
}

bool is_validation_doc(std::string_view text, uint64_t seed, double val_fraction) {
  if (val_fraction <= 0) return false;
  uint64_t h = 0xcbf29ce484222325ull ^ (seed * 0x9e3779b97f4a7c15ull);
  for (char c : text) h = (h ^ uint8_t(c)) * 0x100000001b3ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return double(h >> 11) * 0x1.0p-53 < val_fraction;
}

TokenizeStats tokenize_corpus(const std::vector<std::string>& inputs, const EncodeFn& encode,
                              const std::string& out_dir, const TokenizeOptions& opt, ThreadPool* pool) {
  DSEEK_CHECK(opt.eos_id >= 0, "tokenize: an EOS id is required");
  DSEEK_CHECK(opt.val_fraction >= 0 && opt.val_fraction < 1, "tokenize: val fraction must be in [0, 1), got {}",
              opt.val_fraction);
  DSEEK_CHECK(opt.shard_tokens >= 1, "tokenize: shard size must be >= 1");
  const std::vector<std::string> files = list_inputs(inputs);
  DSEEK_CHECK(!files.empty(), "tokenize: no input files");
  fs::create_directories(out_dir);
  int64_t total_bytes = 0;
  for (const auto& f : files) total_bytes += int64_t(fs::file_size(f));

  TokenizeStats st;
  ShardSink sinks[2] = {{out_dir, "train", opt.shard_tokens, {}, 0, {}}, {out_dir, "val", opt.shard_tokens, {}, 0, {}}};
  Progress prog("tokenizing", total_bytes, "B", opt.progress);
  for (const std::string& path : files) {
    std::ifstream f(path, std::ios::binary);
    DSEEK_CHECK(f, "cannot read '{}'", path);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string text = ss.str();
    st.bytes += int64_t(text.size());
    ++st.files;
    if (!utf8::valid(text)) text = utf8::lossy(text);
    std::vector<std::string> docs = split_documents(text, opt.paragraphs);
    docs.erase(std::remove_if(docs.begin(), docs.end(),
                              [&](const std::string& d) { return int64_t(d.size()) < opt.min_chars; }),
               docs.end());
    std::vector<std::vector<int32_t>> enc(docs.size());
    auto one = [&](int64_t i) {
      std::vector<int32_t> ids = encode(docs[size_t(i)]);
      std::vector<int32_t>& out = enc[size_t(i)];
      out.reserve(ids.size() + 2);
      if (opt.bos_id >= 0) out.push_back(opt.bos_id);
      for (int32_t t : ids)
        if (t != opt.eos_id) out.push_back(t);  // EOS is the document separator
      out.push_back(opt.eos_id);
    };
    if (pool) pool->parallel_for(int64_t(docs.size()), one, 1);
    else
      for (int64_t i = 0; i < int64_t(docs.size()); ++i) one(i);
    for (size_t i = 0; i < docs.size(); ++i) {
      for (int32_t t : enc[i])
        DSEEK_CHECK(t >= 0 && (opt.vocab_size <= 0 || t < opt.vocab_size), "tokenize: id {} outside vocab {}", t,
                    opt.vocab_size);
      const int s = is_validation_doc(docs[i], opt.split_seed, opt.val_fraction) ? 1 : 0;
      st.docs[s] += 1;
      st.tokens[s] += int64_t(enc[i].size());
      sinks[s].add(enc[i]);
    }
    prog.add(int64_t(text.size()), std::to_string(st.tokens[0] + st.tokens[1]) + " tok");
  }
  for (auto& s : sinks) s.flush();
  prog.done();
  DSEEK_CHECK(st.docs[0] > 0, "tokenize: no training documents in {} file(s)", st.files);
  st.shards[0] = int64_t(sinks[0].names.size());
  st.shards[1] = int64_t(sinks[1].names.size());

  nlohmann::json meta = {{"format", "dseek-tokens"},
                         {"version", kShardVersion},
                         {"eos_id", opt.eos_id},
                         {"bos_id", opt.bos_id},
                         {"vocab_size", opt.vocab_size},
                         {"tokenizer", opt.tokenizer},
                         {"paragraphs", opt.paragraphs},
                         {"val_fraction", opt.val_fraction},
                         {"split_seed", opt.split_seed},
                         {"files", st.files},
                         {"bytes", st.bytes},
                         {"train", sinks[0].names},
                         {"val", sinks[1].names},
                         {"docs", {{"train", st.docs[0]}, {"val", st.docs[1]}}},
                         {"tokens", {{"train", st.tokens[0]}, {"val", st.tokens[1]}}}};
  const fs::path tmp = fs::path(out_dir) / "meta.json.tmp";
  {
    std::ofstream o(tmp);
    o << meta.dump(2) << "\n";
    DSEEK_CHECK(o.good(), "cannot write '{}'", tmp.string());
  }
  fs::rename(tmp, fs::path(out_dir) / "meta.json");
  return st;
}

}  // namespace dseek::train
