// bpe_trainer.cpp — the BPE training loop (see bpe_trainer.h). The approach
// of HF tokenizers' BpeTrainer: count every adjacent symbol pair over the
// distinct words (weighted by word count), keep for each pair the list of
// words that may contain it, and repeatedly take the most frequent pair from
// a max-heap whose entries may be stale (an entry is trusted only when its
// count equals the pair's current count; otherwise it is re-pushed with the
// current count). Merging a pair rewrites only the words in its list and
// applies exact count deltas for the pairs around each merged occurrence.
#include <algorithm>
#include <bit>
#include <unordered_map>

#include "core/check.h"
#include "core/progress.h"
#include "io/bpe_trainer.h"
#include "io/tokenizer_pretokenize.h"

namespace dseek::bpe {
namespace {

inline uint64_t pair_key(uint32_t a, uint32_t b) { return (uint64_t(a) << 32) | b; }
inline uint32_t key_left(uint64_t k) { return static_cast<uint32_t>(k >> 32); }
inline uint32_t key_right(uint64_t k) { return static_cast<uint32_t>(k); }

// ---- pair table: open addressing, key -> dense index -------------------------

class PairTable {
 public:
  PairTable() { rehash(1u << 16); }

  uint32_t find_or_add(uint64_t key) {
    size_t h = hash(key);
    while (true) {
      uint32_t s = slot_idx_[h];
      if (s == kEmpty) break;
      if (keys[s] == key) return s;
      h = (h + 1) & mask_;
    }
    const auto idx = static_cast<uint32_t>(keys.size());
    DSEEK_CHECK(idx < kEmpty - 1, "bpe trainer: too many distinct pairs");
    slot_idx_[h] = idx;
    keys.push_back(key);
    count.push_back(0);
    where.emplace_back();
    last_word.push_back(0);
    touched_iter.push_back(0);
    if (keys.size() * 2 > slot_idx_.size()) rehash(slot_idx_.size() * 2);
    return idx;
  }

  int64_t find(uint64_t key) const {
    size_t h = hash(key);
    while (true) {
      uint32_t s = slot_idx_[h];
      if (s == kEmpty) return -1;
      if (keys[s] == key) return s;
      h = (h + 1) & mask_;
    }
  }

  // Dense per-pair state.
  std::vector<uint64_t> keys;
  std::vector<int64_t> count;                 // weighted occurrences now
  std::vector<std::vector<uint32_t>> where;    // words that may contain it
  std::vector<uint32_t> last_word;             // 1 + last word appended to `where`
  std::vector<uint32_t> touched_iter;          // last merge step that raised its count

 private:
  static constexpr uint32_t kEmpty = 0xFFFFFFFFu;
  size_t hash(uint64_t k) const { return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> shift_); }
  void rehash(size_t cap) {
    slot_idx_.assign(cap, kEmpty);
    mask_ = cap - 1;
    shift_ = 64 - std::countr_zero(cap);
    for (uint32_t i = 0; i < keys.size(); ++i) {
      size_t h = hash(keys[i]);
      while (slot_idx_[h] != kEmpty) h = (h + 1) & mask_;
      slot_idx_[h] = i;
    }
  }
  std::vector<uint32_t> slot_idx_;
  size_t mask_ = 0;
  int shift_ = 48;
};

struct HeapEntry {
  int64_t count;
  uint64_t key;
};
// std heap "less": the top is the highest count, then the smallest pair.
inline bool heap_less(const HeapEntry& x, const HeapEntry& y) {
  return x.count != y.count ? x.count < y.count : x.key > y.key;
}

// ---- the trainer state --------------------------------------------------------

class Trainer {
 public:
  Trainer(const WordCounts& words, const TrainOptions& opt) : opt_(opt) {
    init_vocab();
    init_words(words);
  }

  TrainResult run() {
    const size_t start = vocab_.size();
    const size_t target = std::max(opt_.vocab_size, start);
    Progress bar("merging", static_cast<int64_t>(target - start), "", opt_.progress);
    count_initial_pairs();
    uint32_t step = 0;
    while (vocab_.size() < target && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), heap_less);
      HeapEntry top = heap_.back();
      heap_.pop_back();
      const auto idx = static_cast<uint32_t>(pairs_.find(top.key));
      const int64_t cur = pairs_.count[idx];
      if (cur != top.count) {  // stale: re-queue with the current count
        if (cur > 0) push(cur, top.key);
        continue;
      }
      if (cur < static_cast<int64_t>(std::max<uint64_t>(opt_.min_frequency, 1))) break;
      ++step;
      const uint32_t a = key_left(top.key), b = key_right(top.key);
      std::string tok = vocab_[a] + vocab_[b];
      uint32_t c;
      if (auto it = vocab_ids_.find(tok); it != vocab_ids_.end()) {
        c = it->second;
      } else {
        c = static_cast<uint32_t>(vocab_.size());
        vocab_ids_.emplace(tok, c);
        vocab_.push_back(std::move(tok));
      }
      merges_.emplace_back(static_cast<int32_t>(a), static_cast<int32_t>(b));

      std::vector<uint32_t> ws = std::move(pairs_.where[idx]);
      pairs_.where[idx] = {};
      pairs_.last_word[idx] = 0;
      std::sort(ws.begin(), ws.end());
      ws.erase(std::unique(ws.begin(), ws.end()), ws.end());
      for (uint32_t w : ws) merge_word(w, a, b, c, step);
      DSEEK_CHECK(pairs_.count[idx] == 0, "bpe trainer: pair count {} left after merging", pairs_.count[idx]);
      for (uint32_t p : touched_) {
        if (pairs_.count[p] > 0) push(pairs_.count[p], pairs_.keys[p]);
      }
      touched_.clear();
      bar.update(static_cast<int64_t>(vocab_.size() - start));
    }
    bar.done(std::to_string(merges_.size()) + " merges, vocab " + std::to_string(vocab_.size()));
    TrainResult r;
    r.vocab = std::move(vocab_);
    r.merges = std::move(merges_);
    r.num_specials = opt_.specials.size();
    return r;
  }

 private:
  void init_vocab() {
    for (const auto& s : opt_.specials) {
      DSEEK_CHECK(!s.empty(), "bpe trainer: empty special token");
      DSEEK_CHECK(!vocab_ids_.count(s), "bpe trainer: special token \"{}\" given twice", s);
      vocab_ids_.emplace(s, static_cast<uint32_t>(vocab_.size()));
      vocab_.push_back(s);
    }
    // The 256 ByteLevel characters, sorted by code point (as HF's trainer
    // sorts its alphabet).
    const auto& t = tok::byte_level_table();
    std::vector<std::pair<char32_t, int>> chars;
    for (int byte = 0; byte < 256; ++byte) chars.emplace_back(t.to_char[byte], byte);
    std::sort(chars.begin(), chars.end());
    for (auto [cp, byte] : chars) {
      const std::string& s = t.to_utf8[byte];
      if (auto it = vocab_ids_.find(s); it != vocab_ids_.end()) {
        byte_id_[byte] = it->second;  // a one-character special shadows it
        continue;
      }
      byte_id_[byte] = static_cast<uint32_t>(vocab_.size());
      vocab_ids_.emplace(s, byte_id_[byte]);
      vocab_.push_back(s);
    }
  }

  // Words with at least two symbols, as ids in one flat array.
  void init_words(const WordCounts& words) {
    size_t total = 0, n = 0;
    for (const auto& [w, c] : words)
      if (w.size() >= 2) { total += w.size(); ++n; }
    DSEEK_CHECK(n < 0xFFFFFFFFu, "bpe trainer: too many distinct words ({})", n);
    sym_.reserve(total);
    off_.reserve(n);
    len_.reserve(n);
    cnt_.reserve(n);
    for (const auto& [w, c] : words) {
      if (w.size() < 2) continue;
      off_.push_back(sym_.size());
      len_.push_back(static_cast<uint32_t>(w.size()));
      cnt_.push_back(static_cast<int64_t>(c));
      for (unsigned char ch : w) sym_.push_back(byte_id_[ch]);
    }
  }

  void count_initial_pairs() {
    for (uint32_t w = 0; w < off_.size(); ++w) {
      const uint32_t* s = sym_.data() + off_[w];
      for (uint32_t i = 0; i + 1 < len_[w]; ++i) {
        uint32_t p = pairs_.find_or_add(pair_key(s[i], s[i + 1]));
        pairs_.count[p] += cnt_[w];
        if (pairs_.last_word[p] != w + 1) {
          pairs_.where[p].push_back(w);
          pairs_.last_word[p] = w + 1;
        }
      }
    }
    heap_.reserve(pairs_.keys.size());
    for (uint32_t p = 0; p < pairs_.keys.size(); ++p)
      if (pairs_.count[p] > 0) heap_.push_back({pairs_.count[p], pairs_.keys[p]});
    std::make_heap(heap_.begin(), heap_.end(), heap_less);
  }

  void push(int64_t count, uint64_t key) {
    heap_.push_back({count, key});
    std::push_heap(heap_.begin(), heap_.end(), heap_less);
  }

  void sub_pair(uint32_t x, uint32_t y, int64_t n) {
    uint32_t p = pairs_.find_or_add(pair_key(x, y));
    int64_t& c = pairs_.count[p];
    c -= n;
    if (c == 0) {  // no word holds it any more: drop its word list
      std::vector<uint32_t>().swap(pairs_.where[p]);
      pairs_.last_word[p] = 0;
    }
  }

  void add_pair(uint32_t x, uint32_t y, int64_t n, uint32_t w, uint32_t step) {
    uint32_t p = pairs_.find_or_add(pair_key(x, y));
    pairs_.count[p] += n;
    if (pairs_.last_word[p] != w + 1) {
      pairs_.where[p].push_back(w);
      pairs_.last_word[p] = w + 1;
    }
    if (pairs_.touched_iter[p] != step) {
      pairs_.touched_iter[p] = step;
      touched_.push_back(p);
    }
  }

  // Replaces every (a, b) in word w by c, left to right without overlaps, and
  // updates the counts of the pairs that changed.
  void merge_word(uint32_t w, uint32_t a, uint32_t b, uint32_t c, uint32_t step) {
    uint32_t* s = sym_.data() + off_[w];
    const uint32_t n = len_[w];
    uint32_t i0 = 0;
    while (i0 + 1 < n && !(s[i0] == a && s[i0 + 1] == b)) ++i0;
    if (i0 + 1 >= n) return;  // stale entry of the word list
    const int64_t cnt = cnt_[w];
    // Pass 1: which old positions a merge consumes; remove the pairs touching them.
    consumed_.assign(n, 0);
    for (uint32_t i = i0; i + 1 < n;) {
      if (s[i] == a && s[i + 1] == b) {
        consumed_[i] = consumed_[i + 1] = 1;
        i += 2;
      } else {
        ++i;
      }
    }
    for (uint32_t i = i0 == 0 ? 0 : i0 - 1; i + 1 < n; ++i)
      if (consumed_[i] | consumed_[i + 1]) sub_pair(s[i], s[i + 1], cnt);
    // Pass 2: compact in place; then add the pairs touching new symbols.
    fresh_.clear();
    uint32_t j = i0;
    for (uint32_t i = i0; i < n;) {
      if (consumed_[i]) {
        s[j++] = c;
        fresh_.push_back(1);
        i += 2;
      } else {
        s[j++] = s[i++];
        fresh_.push_back(0);
      }
    }
    len_[w] = j;
    // fresh_[k] describes position i0 + k.
    const uint32_t first = i0 == 0 ? 0 : i0 - 1;
    for (uint32_t k = first; k + 1 < j; ++k) {
      bool nk = k >= i0 && fresh_[k - i0];
      bool nk1 = fresh_[k + 1 - i0];
      if (nk || nk1) add_pair(s[k], s[k + 1], cnt, w, step);
    }
  }

  const TrainOptions& opt_;
  std::vector<std::string> vocab_;
  std::unordered_map<std::string, uint32_t> vocab_ids_;
  std::vector<std::pair<int32_t, int32_t>> merges_;
  uint32_t byte_id_[256] = {};

  std::vector<uint32_t> sym_;
  std::vector<size_t> off_;
  std::vector<uint32_t> len_;
  std::vector<int64_t> cnt_;

  PairTable pairs_;
  std::vector<HeapEntry> heap_;
  std::vector<uint32_t> touched_;
  std::vector<uint8_t> consumed_, fresh_;
};

}  // namespace

std::vector<std::string> default_special_tokens() {
  return {
      "<\xef\xbd\x9c" "begin\xe2\x96\x81of\xe2\x96\x81sentence\xef\xbd\x9c>",  // <｜begin▁of▁sentence｜>
      "<\xef\xbd\x9c" "end\xe2\x96\x81of\xe2\x96\x81sentence\xef\xbd\x9c>",    // <｜end▁of▁sentence｜>
      "<\xef\xbd\x9c\xe2\x96\x81pad\xe2\x96\x81\xef\xbd\x9c>",                 // <｜▁pad▁｜>
      "<\xef\xbd\x9cUser\xef\xbd\x9c>",                                        // <｜User｜>
      "<\xef\xbd\x9c" "Assistant\xef\xbd\x9c>",                                // <｜Assistant｜>
      "<think>",
      "</think>",
  };
}

TrainResult train(const WordCounts& words, const TrainOptions& opt) {
  const size_t min_vocab = opt.specials.size() + 256;
  DSEEK_CHECK(opt.vocab_size >= min_vocab,
              "--vocab-size {} is smaller than the specials + 256 byte tokens ({})", opt.vocab_size,
              min_vocab);
  for (size_t k : {opt.bos_index, opt.eos_index, opt.pad_index})
    DSEEK_CHECK(k < opt.specials.size(), "bpe trainer: BOS/EOS/pad index {} out of range", k);
  Trainer t(words, opt);
  return t.run();
}

}  // namespace dseek::bpe
