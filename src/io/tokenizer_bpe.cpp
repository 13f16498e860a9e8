// tokenizer_bpe.cpp — see tokenizer_bpe.h. The merge loop follows
// tokenizers/src/models/bpe/word.rs: a min-heap of (rank, position) over
// adjacent symbol pairs in a doubly linked list; stale entries are skipped.
#include "io/tokenizer_bpe.h"

#include <algorithm>
#include <queue>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/tokenizer_pretokenize.h"
#include "io/utf8.h"

namespace dseek::tok {
namespace {

constexpr size_t kCacheWordMax = 256;     // tokenizers' MAX_LENGTH
constexpr size_t kCacheEntries = 100000;  // cleared when full
constexpr size_t kMaxVocab = 1u << 24;
constexpr size_t kMaxTokenBytes = 1u << 16;

inline uint64_t pair_key(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

}  // namespace

void BpeModel::load(const nlohmann::json& j) {
  DSEEK_CHECK(j.is_object(), "tokenizer model: expected an object");
  auto type = j.find("type");
  if (type != j.end()) {
    DSEEK_CHECK(type->is_string(), "tokenizer model: \"type\" must be a string");
    DSEEK_CHECK(type->get<std::string>() == "BPE", "unsupported tokenizer model \"{}\"",
                type->get<std::string>());
  }
  auto str_opt = [&](const char* key) -> std::string {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    DSEEK_CHECK(it->is_string(), "BPE: \"{}\" must be a string or null", key);
    return it->get<std::string>();
  };
  auto bool_opt = [&](const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return false;
    DSEEK_CHECK(it->is_boolean(), "BPE: \"{}\" must be a boolean", key);
    return it->get<bool>();
  };
  if (auto it = j.find("dropout"); it != j.end() && !it->is_null()) {
    DSEEK_CHECK(it->is_number() && it->get<double>() == 0.0,
                "BPE: dropout is not supported (non-deterministic)");
  }
  DSEEK_CHECK(!bool_opt("byte_fallback"), "BPE: byte_fallback is not supported");
  fuse_unk_ = bool_opt("fuse_unk");
  ignore_merges_ = bool_opt("ignore_merges");
  continuing_subword_prefix_ = str_opt("continuing_subword_prefix");
  end_of_word_suffix_ = str_opt("end_of_word_suffix");

  auto vit = j.find("vocab");
  DSEEK_CHECK(vit != j.end() && vit->is_object(), "BPE: \"vocab\" must be an object");
  DSEEK_CHECK(vit->size() <= kMaxVocab, "BPE: vocab too large ({})", vit->size());
  vocab_.reserve(vit->size());
  for (auto it = vit->begin(); it != vit->end(); ++it) {
    DSEEK_CHECK(it.value().is_number_integer(), "BPE: vocab id of \"{}\" is not an integer", it.key());
    int64_t id = it.value().get<int64_t>();
    DSEEK_CHECK(id >= 0 && id < static_cast<int64_t>(kMaxVocab), "BPE: vocab id {} out of range", id);
    DSEEK_CHECK(it.key().size() <= kMaxTokenBytes, "BPE: vocab token too long");
    utf8::check_valid(it.key(), "BPE vocab token");
    vocab_[it.key()] = static_cast<int32_t>(id);
    max_id_ = std::max(max_id_, static_cast<int32_t>(id));
  }

  if (std::string unk = str_opt("unk_token"); !unk.empty()) {
    auto id = token_id(unk);
    DSEEK_CHECK(id.has_value(), "BPE: unk_token \"{}\" is not in the vocab", unk);
    unk_id_ = *id;
  }

  auto mit = j.find("merges");
  if (mit != j.end() && !mit->is_null()) {
    DSEEK_CHECK(mit->is_array(), "BPE: \"merges\" must be an array");
    merges_.reserve(mit->size());
    uint32_t rank = 0;
    std::string a, b;
    for (const auto& m : *mit) {
      if (m.is_string()) {
        const auto& s = m.get_ref<const std::string&>();
        size_t sp = s.find(' ');
        // tokenizers splits on the first space and requires exactly two parts.
        DSEEK_CHECK(sp != std::string::npos && s.find(' ', sp + 1) == std::string::npos,
                    "BPE: merge #{} \"{}\" is not \"a b\"", rank, s);
        a = s.substr(0, sp);
        b = s.substr(sp + 1);
      } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
        a = m[0].get<std::string>();
        b = m[1].get<std::string>();
      } else {
        DSEEK_FAIL("BPE: merge #{} must be \"a b\" or [\"a\", \"b\"]", rank);
      }
      auto ia = token_id(a), ib = token_id(b);
      DSEEK_CHECK(ia && ib, "BPE: merge #{} uses a token missing from the vocab", rank);
      auto inew = token_id(a + b);
      DSEEK_CHECK(inew.has_value(), "BPE: merge #{} result is missing from the vocab", rank);
      merges_[pair_key(*ia, *ib)] = MergeVal{rank, *inew};  // duplicates: last one wins
      ++rank;
    }
  }

  const auto& t = byte_level_table();
  for (int b = 0; b < 256; ++b) {
    auto id = token_id(t.to_utf8[b]);
    byte_ids_[b] = id ? *id : -1;
  }
}

std::optional<int32_t> BpeModel::token_id(std::string_view s) const {
  auto it = vocab_.find(s);
  if (it == vocab_.end()) return std::nullopt;
  return it->second;
}

void BpeModel::initial_symbols(std::string_view w, std::vector<int32_t>& ids,
                               std::vector<uint32_t>& lens) const {
  // One symbol per character (with subword prefix / word suffix); unknown
  // characters become unk (fused if fuse_unk) or are dropped without unk.
  std::string buf;
  size_t i = 0;
  bool prev_unk = false;
  while (i < w.size()) {
    char32_t cp;
    size_t n = utf8::decode(w, i, &cp);
    if (n == 0) n = 1;  // cannot happen on validated input
    bool first = i == 0, last = i + n == w.size();
    std::optional<int32_t> id;
    if (first && last && continuing_subword_prefix_.empty() && end_of_word_suffix_.empty()) {
      id = token_id(w.substr(i, n));
    } else {
      buf.clear();
      if (!first) buf += continuing_subword_prefix_;
      buf.append(w.substr(i, n));
      if (last) buf += end_of_word_suffix_;
      id = token_id(buf);
    }
    if (id) {
      ids.push_back(*id);
      lens.push_back(static_cast<uint32_t>(n));
      prev_unk = false;
    } else if (unk_id_) {
      if (fuse_unk_ && prev_unk) {
        lens.back() += static_cast<uint32_t>(n);
      } else {
        ids.push_back(*unk_id_);
        lens.push_back(static_cast<uint32_t>(n));
      }
      prev_unk = true;
    }
    i += n;
  }
}

void BpeModel::merge_word(std::string_view w, std::vector<int32_t>& out) const {
  if (ignore_merges_) {
    if (auto id = token_id(w)) {
      out.push_back(*id);
      return;
    }
  }
  std::vector<int32_t> sym;
  std::vector<uint32_t> lens;
  initial_symbols(w, sym, lens);
  const size_t n = sym.size();
  if (n <= 1) {
    out.insert(out.end(), sym.begin(), sym.end());
    return;
  }
  std::vector<int32_t> prev(n), next(n);
  std::vector<uint8_t> dead(n, 0);
  for (size_t k = 0; k < n; ++k) {
    prev[k] = static_cast<int32_t>(k) - 1;
    next[k] = k + 1 < n ? static_cast<int32_t>(k + 1) : -1;
  }
  struct Item { uint32_t rank; uint32_t pos; int32_t new_id; };
  auto cmp = [](const Item& x, const Item& y) {  // min-heap on (rank, pos)
    return x.rank != y.rank ? x.rank > y.rank : x.pos > y.pos;
  };
  std::vector<Item> heap_store;
  heap_store.reserve(n);
  std::priority_queue<Item, std::vector<Item>, decltype(cmp)> heap(cmp, std::move(heap_store));
  for (size_t k = 0; k + 1 < n; ++k) {
    auto it = merges_.find(pair_key(sym[k], sym[k + 1]));
    if (it != merges_.end()) heap.push({it->second.rank, static_cast<uint32_t>(k), it->second.new_id});
  }
  while (!heap.empty()) {
    Item top = heap.top();
    heap.pop();
    size_t p = top.pos;
    if (dead[p] || next[p] < 0) continue;
    size_t q = static_cast<size_t>(next[p]);
    auto it = merges_.find(pair_key(sym[p], sym[q]));
    if (it == merges_.end() || it->second.new_id != top.new_id) continue;  // stale
    sym[p] = top.new_id;
    dead[q] = 1;
    next[p] = next[q];
    if (next[q] >= 0) prev[static_cast<size_t>(next[q])] = static_cast<int32_t>(p);
    if (prev[p] >= 0) {
      size_t l = static_cast<size_t>(prev[p]);
      auto jt = merges_.find(pair_key(sym[l], sym[p]));
      if (jt != merges_.end()) heap.push({jt->second.rank, static_cast<uint32_t>(l), jt->second.new_id});
    }
    if (next[p] >= 0) {
      auto jt = merges_.find(pair_key(sym[p], sym[static_cast<size_t>(next[p])]));
      if (jt != merges_.end()) heap.push({jt->second.rank, static_cast<uint32_t>(p), jt->second.new_id});
    }
  }
  for (size_t k = 0; k < n; k = next[k] < 0 ? n : static_cast<size_t>(next[k])) out.push_back(sym[k]);
}

void BpeModel::tokenize(std::string_view word, bool byte_level, std::vector<int32_t>& out) const {
  if (word.empty()) return;
  const bool cacheable = word.size() < kCacheWordMax;
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    auto it = cache_.find(word);
    if (it != cache_.end()) {
      out.insert(out.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  size_t start = out.size();
  if (byte_level) {
    // Fast path: one byte, no affixes -> its byte token.
    if (word.size() == 1 && continuing_subword_prefix_.empty() && end_of_word_suffix_.empty() &&
        byte_ids_[static_cast<unsigned char>(word[0])] >= 0) {
      out.push_back(byte_ids_[static_cast<unsigned char>(word[0])]);
    } else {
      std::string mapped;
      mapped.reserve(word.size() * 2);
      byte_level_encode(word, mapped);
      merge_word(mapped, out);
    }
  } else {
    merge_word(word, out);
  }
  if (cacheable) {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (cache_.size() >= kCacheEntries) cache_.clear();
    cache_.emplace(std::string(word), std::vector<int32_t>(out.begin() + start, out.end()));
  }
}

}  // namespace dseek::tok
