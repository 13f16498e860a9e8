// data.cpp — token shard files, document sources and the packing loader (see data.h).
#include "train/data.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/json_util.h"
#include "io/tokenizer_pretokenize.h"
#include "runtime/rng.h"

namespace fs = std::filesystem;

namespace dseek::train {

namespace {

constexpr char kMagic[8] = {'D', 'S', 'K', 'T', 'O', 'K', '\0', '\0'};

template <class T>
void put(std::vector<uint8_t>& out, T v) {
  for (size_t i = 0; i < sizeof(T); ++i) out.push_back(uint8_t(uint64_t(v) >> (8 * i)));
}
template <class T>
T get(const uint8_t* p) {
  uint64_t v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v |= uint64_t(p[i]) << (8 * i);
  return T(v);
}

}  // namespace

void write_token_shard(const std::string& path, std::span<const int32_t> tokens, int64_t num_docs) {
  static_assert(std::endian::native == std::endian::little, "token shards assume a little-endian host");
  std::vector<uint8_t> hdr(kMagic, kMagic + 8);
  put<uint32_t>(hdr, kShardVersion);
  put<uint32_t>(hdr, uint32_t(kShardHeaderBytes));
  put<uint64_t>(hdr, uint64_t(tokens.size()));
  put<uint64_t>(hdr, uint64_t(num_docs));
  for (int32_t t : tokens) DSEEK_CHECK(t >= 0, "token shard '{}': negative token id {}", path, t);
  const std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  DSEEK_CHECK(f, "cannot create '{}': {}", tmp, std::strerror(errno));
  bool ok = std::fwrite(hdr.data(), 1, hdr.size(), f) == hdr.size();
  ok = ok && std::fwrite(tokens.data(), 4, tokens.size(), f) == tokens.size();
  ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    DSEEK_FAIL("writing '{}' failed: {}", tmp, std::strerror(errno));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  DSEEK_CHECK(!ec, "cannot rename '{}' to '{}': {}", tmp, path, ec.message());
}

TokenShard::TokenShard(const std::string& path) : file_(path) {
  const uint8_t* d = file_.data();
  const size_t n = file_.size();
  DSEEK_CHECK(n >= kShardHeaderBytes && std::memcmp(d, kMagic, 8) == 0, "'{}': not a dseek token shard", path);
  const uint32_t ver = get<uint32_t>(d + 8), hb = get<uint32_t>(d + 12);
  DSEEK_CHECK(ver == kShardVersion, "'{}': token shard version {} (expected {})", path, ver, kShardVersion);
  DSEEK_CHECK(hb == kShardHeaderBytes, "'{}': header size {} (expected {})", path, hb, kShardHeaderBytes);
  const uint64_t count = get<uint64_t>(d + 16);
  num_docs_ = int64_t(get<uint64_t>(d + 24));
  DSEEK_CHECK(count <= (n - kShardHeaderBytes) / 4 && kShardHeaderBytes + count * 4 == n,
              "'{}': header says {} tokens but the file holds {} bytes of data", path, count, n - kShardHeaderBytes);
  tokens_ = {reinterpret_cast<const int32_t*>(d + kShardHeaderBytes), size_t(count)};
  for (int32_t t : tokens_) DSEEK_CHECK(t >= 0, "'{}': token id out of range", path);
}

std::vector<int32_t> encode_bytes(std::string_view text) {
  std::vector<int32_t> out(text.size());
  for (size_t i = 0; i < text.size(); ++i) out[i] = int32_t(uint8_t(text[i]));
  return out;
}

std::string byte_tokenizer_json() {
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  for (int b = 0; b < 256; ++b) vocab[tok::byte_level_table().to_utf8[size_t(b)]] = b;
  const nlohmann::ordered_json j = {
      {"version", "1.0"},
      {"truncation", nullptr},
      {"padding", nullptr},
      {"added_tokens",
       {{{"id", kByteEos}, {"content", "<eos>"}, {"single_word", false}, {"lstrip", false}, {"rstrip", false},
         {"normalized", false}, {"special", true}}}},
      {"normalizer", nullptr},
      {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}},
      {"post_processor", nullptr},
      {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
      {"model",
       {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
        {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"vocab", vocab},
        {"merges", nlohmann::json::array()}}}};
  return j.dump(2) + "\n";
}

std::string byte_tokenizer_config_json() {
  return nlohmann::json({{"eos_token", "<eos>"}, {"bos_token", nullptr}}).dump(2) + "\n";
}

// ---- document sources ----------------------------------------------------------

void MemoryDocs::add(std::vector<int32_t> tokens, std::vector<uint8_t> loss_mask) {
  DSEEK_CHECK(loss_mask.empty() || loss_mask.size() == tokens.size(), "MemoryDocs: mask size {} != tokens {}",
              loss_mask.size(), tokens.size());
  docs_.emplace_back(std::move(tokens), std::move(loss_mask));
}

void MemoryDocs::drop_prefix(int64_t n) {
  for (auto& [t, m] : docs_) {
    DSEEK_CHECK(n >= 0 && n < int64_t(t.size()), "MemoryDocs: cannot drop {} of {} tokens", n, t.size());
    t.erase(t.begin(), t.begin() + n);
    if (!m.empty()) m.erase(m.begin(), m.begin() + n);
  }
}

std::vector<int32_t> split_common_prefix(MemoryDocs& docs) {
  DSEEK_CHECK(docs.size() > 0, "split_common_prefix: no documents");
  std::span<const int32_t> first = docs.tokens_of(0);
  int64_t n = int64_t(first.size()) - 1;  // every document keeps >= 1 token
  for (int64_t i = 0; i < docs.size() && n > 0; ++i) {
    const Document d = docs.doc(i);
    const auto& t = d.tokens;
    n = std::min<int64_t>(n, int64_t(t.size()) - 1);
    // Never share a token the loss learns (nor the one before it).
    for (int64_t q = 0; q < n && !d.loss_mask.empty(); ++q)
      if (d.loss_mask[size_t(q)] || (q + 1 < int64_t(t.size()) && d.loss_mask[size_t(q + 1)])) n = q;
    if (d.loss_mask.empty()) n = 0;
    int64_t k = 0;
    while (k < n && t[size_t(k)] == first[size_t(k)]) ++k;
    n = k;
  }
  std::vector<int32_t> prefix(first.begin(), first.begin() + std::max<int64_t>(n, 0));
  if (n > 0) docs.drop_prefix(n);
  return prefix;
}

Document MemoryDocs::doc(int64_t i) const {
  DSEEK_CHECK(i >= 0 && i < size(), "MemoryDocs: document {} out of range", i);
  const auto& d = docs_[size_t(i)];
  return {d.first, d.second};
}

int64_t MemoryDocs::num_tokens() const {
  int64_t n = 0;
  for (const auto& d : docs_) n += int64_t(d.first.size()) + 1;
  return n;
}

DatasetMeta read_dataset_meta(const std::string& dir) {
  const fs::path p = fs::path(dir) / "meta.json";
  std::ifstream f(p);
  DSEEK_CHECK(f, "cannot open '{}' (is '{}' a dataset made by `dseek train data`?)", p.string(), dir);
  std::stringstream ss;
  ss << f.rdbuf();
  const nlohmann::json j = parse_json_limited(ss.str(), {}, p.string());
  DatasetMeta m;
  try {
    DSEEK_CHECK(j.at("format").get<std::string>() == "dseek-tokens", "{}: format is not dseek-tokens", p.string());
    m.eos_id = j.at("eos_id").get<int32_t>();
    m.vocab_size = j.at("vocab_size").get<int64_t>();
    if (j.contains("tokenizer") && j["tokenizer"].is_string()) m.tokenizer = j["tokenizer"].get<std::string>();
    m.train = j.at("train").get<std::vector<std::string>>();
    m.val = j.at("val").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    DSEEK_FAIL("{}: {}", p.string(), e.what());
  }
  DSEEK_CHECK(m.eos_id >= 0, "{}: eos_id must be >= 0", p.string());
  for (const auto* list : {&m.train, &m.val})
    for (const std::string& s : *list)
      DSEEK_CHECK(!s.empty() && s.find('/') == std::string::npos && s != "..", "{}: bad shard name '{}'",
                  p.string(), s);
  return m;
}

ShardDocs::ShardDocs(const std::string& dir, const std::string& split) : meta_(read_dataset_meta(dir)) {
  DSEEK_CHECK(split == "train" || split == "val", "ShardDocs: split must be train or val, got '{}'", split);
  const auto& names = split == "train" ? meta_.train : meta_.val;
  for (const std::string& n : names) {
    shards_.push_back(std::make_unique<TokenShard>((fs::path(dir) / n).string()));
    const auto toks = shards_.back()->tokens();
    tokens_ += int64_t(toks.size());
    int64_t begin = 0;
    for (int64_t i = 0; i < int64_t(toks.size()); ++i) {
      if (toks[size_t(i)] != meta_.eos_id) continue;
      index_.push_back({uint32_t(shards_.size() - 1), begin, i - begin});
      begin = i + 1;
    }
    if (begin < int64_t(toks.size()))  // trailing document without EOS
      index_.push_back({uint32_t(shards_.size() - 1), begin, int64_t(toks.size()) - begin});
  }
}

Document ShardDocs::doc(int64_t i) const {
  DSEEK_CHECK(i >= 0 && i < size(), "ShardDocs: document {} out of range", i);
  const Span& s = index_[size_t(i)];
  return {shards_[s.shard]->tokens().subspan(size_t(s.begin), size_t(s.len)), {}};
}

std::vector<PromptAnswer> read_prompt_answer_jsonl(const std::string& path, const std::string& what) {
  std::ifstream f(path);
  DSEEK_CHECK(f, "cannot open {} '{}'", what, path);
  std::vector<PromptAnswer> out;
  std::string line;
  int64_t lineno = 0;
  while (std::getline(f, line)) {
    ++lineno;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(lineno);
    const nlohmann::json j = parse_json_limited(line, {}, where);
    DSEEK_CHECK(j.is_object() && j.contains("prompt") && j["prompt"].is_string() && j.contains("answer") &&
                    j["answer"].is_string(),
                "{}: expected {{\"prompt\": string, \"answer\": string}}", where);
    out.push_back({j["prompt"].get<std::string>(), j["answer"].get<std::string>()});
  }
  DSEEK_CHECK(!out.empty(), "{} '{}' has no examples", what, path);
  return out;
}

std::shared_ptr<MemoryDocs> load_sft_jsonl(const std::string& path, const EncodeFn& encode, int32_t eos_id) {
  auto docs = std::make_shared<MemoryDocs>(eos_id);
  for (const PromptAnswer& ex : read_prompt_answer_jsonl(path, "SFT file")) {
    std::vector<int32_t> toks = encode(ex.prompt);
    std::vector<uint8_t> mask(toks.size(), 0);
    const std::vector<int32_t> ans = encode(ex.answer);
    toks.insert(toks.end(), ans.begin(), ans.end());
    mask.resize(toks.size(), 1);
    docs->add(std::move(toks), std::move(mask));
  }
  return docs;
}

// ---- packing loader --------------------------------------------------------------

PackedLoader::PackedLoader(std::shared_ptr<const DocSource> docs, LoaderOptions opt)
    : docs_(std::move(docs)), opt_(opt) {
  DSEEK_CHECK(docs_ && docs_->size() > 0, "data loader: no documents");
}

void PackedLoader::set_state(const LoaderState& s) {
  DSEEK_CHECK(s.epoch >= 0 && s.doc >= 0 && s.doc < docs_->size() && s.offset >= 0,
              "data loader: bad state (epoch {}, doc {}, offset {}) for {} documents", s.epoch, s.doc, s.offset,
              docs_->size());
  st_ = s;
  make_order();
  DSEEK_CHECK(s.offset <= int64_t(docs_->doc(order_[size_t(s.doc)]).tokens.size()),
              "data loader: offset {} beyond document {}", s.offset, s.doc);
}

void PackedLoader::make_order() {
  if (order_epoch_ == st_.epoch) return;
  const int64_t n = docs_->size();
  order_.resize(size_t(n));
  std::iota(order_.begin(), order_.end(), int64_t(0));
  if (opt_.shuffle) {
    Rng rng(opt_.seed * 0x9e3779b97f4a7c15ull + uint64_t(st_.epoch) * 0xbf58476d1ce4e5b9ull + 1);
    for (int64_t i = n - 1; i > 0; --i) std::swap(order_[size_t(i)], order_[rng.below(uint64_t(i + 1))]);
  }
  order_epoch_ = st_.epoch;
}

void PackedLoader::fill_row(int32_t* tok, int32_t* tgt, int32_t* seg, int32_t* pos, int64_t T) {
  const int32_t eos = docs_->eos_id();
  int64_t i = 0;
  int32_t s = 0;
  while (i < T) {
    make_order();
    const Document d = docs_->doc(order_[size_t(st_.doc)]);
    const int64_t n = int64_t(d.tokens.size());
    const int64_t len = n + 1;  // + EOS
    const int64_t k = std::min(T - i, len - st_.offset);
    auto token_at = [&](int64_t q) { return q < n ? d.tokens[size_t(q)] : eos; };
    auto learn = [&](int64_t q) { return q >= n || d.loss_mask.empty() || d.loss_mask[size_t(q)] != 0; };
    for (int64_t j = 0; j < k; ++j) {
      const int64_t q = st_.offset + j;
      tok[i + j] = token_at(q);
      seg[i + j] = s;
      pos[i + j] = int32_t(j);
      tgt[i + j] = (j + 1 < k && learn(q + 1)) ? token_at(q + 1) : -1;
    }
    st_.offset += k;
    if (st_.offset == len) {
      st_.offset = 0;
      if (++st_.doc == docs_->size()) {
        st_.doc = 0;
        ++st_.epoch;
      }
    }
    i += k;
    ++s;
  }
}

void PackedLoader::fill_row_shared(int32_t* tok, int32_t* tgt, int32_t* seg, int32_t* pos, int64_t T) {
  const int32_t eos = docs_->eos_id();
  const auto& pre = opt_.shared_prefix;
  const int64_t P = int64_t(pre.size());
  for (int64_t i = 0; i < P; ++i) {
    tok[i] = pre[size_t(i)];
    tgt[i] = -1;
    seg[i] = 0;
    pos[i] = int32_t(i);
  }
  int64_t i = P;
  int32_t s = 1;
  for (;;) {
    make_order();
    const Document d = docs_->doc(order_[size_t(st_.doc)]);
    const int64_t n = int64_t(d.tokens.size()), len = n + 1;  // + EOS
    DSEEK_CHECK(P + len <= T, "shared-prefix packing: a document of {} tokens (+EOS) does not fit a row of {} "
                "after the {}-token prefix; raise --seq", n, T, P);
    if (i + len > T) break;
    auto token_at = [&](int64_t q) { return q < n ? d.tokens[size_t(q)] : eos; };
    auto learn = [&](int64_t q) { return q >= n || d.loss_mask.empty() || d.loss_mask[size_t(q)] != 0; };
    for (int64_t j = 0; j < len; ++j) {
      tok[i + j] = token_at(j);
      seg[i + j] = s;
      pos[i + j] = int32_t(P + j);
      tgt[i + j] = (j + 1 < len && learn(j + 1)) ? token_at(j + 1) : -1;
    }
    i += len;
    ++s;
    if (++st_.doc == docs_->size()) {
      st_.doc = 0;
      ++st_.epoch;
    }
  }
  for (; i < T; ++i) {  // padding: its own segment, no loss
    tok[i] = eos;
    tgt[i] = -1;
    seg[i] = s;
    pos[i] = int32_t(P);
  }
}

Batch PackedLoader::next(int64_t B, int64_t T) {
  DSEEK_CHECK(B >= 1 && T >= 2, "data loader: need B >= 1 and T >= 2, got B={} T={}", B, T);
  const bool shared = !opt_.shared_prefix.empty();
  DSEEK_CHECK(!shared || int64_t(opt_.shared_prefix.size()) < T, "shared prefix of {} tokens needs --seq > {}",
              opt_.shared_prefix.size(), opt_.shared_prefix.size());
  Batch b;
  b.B = B;
  b.T = T;
  b.shared_prefix = int64_t(opt_.shared_prefix.size());
  const size_t n = size_t(B * T);
  b.tokens.resize(n);
  b.targets.resize(n);
  b.segment.resize(n);
  b.pos.resize(n);
  for (int64_t r = 0; r < B; ++r) {
    int32_t *tok = &b.tokens[size_t(r * T)], *tgt = &b.targets[size_t(r * T)], *seg = &b.segment[size_t(r * T)],
            *pos = &b.pos[size_t(r * T)];
    if (shared) fill_row_shared(tok, tgt, seg, pos, T);
    else fill_row(tok, tgt, seg, pos, T);
  }
  return b;
}

}  // namespace dseek::train
