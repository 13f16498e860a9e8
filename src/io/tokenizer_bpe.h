// tokenizer_bpe.h — the BPE model of Hugging Face tokenizers (models/bpe):
// vocab + ranked merges, applied to one pre-token "word" with the
// priority-queue merge of tokenizers' word.rs (O(n log n) in the word length),
// and a bounded per-word cache.
// What it is not: a trainer, dropout, or byte_fallback/unk handling beyond
// what tokenizer.json files of the DeepSeek family use (unsupported options
// are rejected at load time).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dseek::tok {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using VocabMap = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

class BpeModel {
 public:
  BpeModel() = default;
  BpeModel(const BpeModel&) = delete;
  BpeModel& operator=(const BpeModel&) = delete;
  BpeModel(BpeModel&&) = delete;

  // j: the "model" object of tokenizer.json (type BPE).
  void load(const nlohmann::json& j);

  // Appends the ids of one word. If byte_level, `word` is raw bytes that the
  // model maps through the ByteLevel table first.
  void tokenize(std::string_view word, bool byte_level, std::vector<int32_t>& out) const;

  std::optional<int32_t> token_id(std::string_view s) const;
  const VocabMap& vocab() const { return vocab_; }
  int32_t max_id() const { return max_id_; }
  size_t num_merges() const { return merges_.size(); }

 private:
  struct PairHash {
    size_t operator()(uint64_t k) const { return k * 0x9E3779B97F4A7C15ull >> 16; }
  };
  struct MergeVal { uint32_t rank; int32_t new_id; };

  void merge_word(std::string_view model_word, std::vector<int32_t>& out) const;
  void initial_symbols(std::string_view model_word, std::vector<int32_t>& ids,
                       std::vector<uint32_t>& lens) const;

  VocabMap vocab_;
  std::unordered_map<uint64_t, MergeVal, PairHash> merges_;
  int32_t max_id_ = -1;
  std::optional<int32_t> unk_id_;
  bool fuse_unk_ = false;
  bool ignore_merges_ = false;
  std::string continuing_subword_prefix_;
  std::string end_of_word_suffix_;
  int32_t byte_ids_[256];  // ByteLevel byte -> id of its one-char token, or -1

  // Word cache (like tokenizers' BPE cache): bounded, words < kCacheWordMax bytes.
  mutable std::mutex cache_mu_;
  mutable std::unordered_map<std::string, std::vector<int32_t>, StringHash, std::equal_to<>> cache_;
};

}  // namespace dseek::tok
