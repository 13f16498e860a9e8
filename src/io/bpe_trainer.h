// bpe_trainer.h — trains a byte-level BPE tokenizer of the DeepSeek family
// (`dseek tokenizer train`) and writes it as Hugging Face tokenizer.json +
// tokenizer_config.json that dseek::Tokenizer and HF `tokenizers` both load.
// Pipeline: files -> chunks cut where no pre-token can span -> added/special
// tokens split out -> dseek's own PreTokenizer with the exact DeepSeek-V3
// pre_tokenizer section -> word counts (per thread, then merged) -> the
// standard BPE loop of HF tokenizers' BpeTrainer (pair counts, per-pair word
// index, max-heap with lazy invalidation; ties: higher count, then smaller
// (left id, right id) pair) -> vocab + merges.
// Layout of the ids: specials first (0..k-1, BOS=0, EOS=1, pad=2 by default),
// then the 256 ByteLevel characters sorted by code point, then one id per new
// merge result. --vocab-size counts all of them.
// What it is not: a Unigram/WordPiece trainer, normalizer support, or a way to
// reproduce DeepSeek's own vocabulary.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "io/tokenizer_bpe.h"

namespace dseek {

class ThreadPool;

namespace bpe {

// Default specials, in id order (the DeepSeek-V3 / R1 spellings).
std::vector<std::string> default_special_tokens();
// The `pre_tokenizer` value of DeepSeek-V3's tokenizer.json, as JSON text.
const char* deepseek_pre_tokenizer_json();
// The DeepSeek-R1 chat template (Feb-2025 version, generation opens <think>).
const char* deepseek_r1_chat_template();

struct TrainOptions {
  size_t vocab_size = 32000;        // specials + 256 bytes + merges
  uint64_t min_frequency = 2;       // stop when the best pair is rarer than this
  std::vector<std::string> specials = default_special_tokens();
  size_t bos_index = 0, eos_index = 1, pad_index = 2;  // into `specials`
  int64_t model_max_length = 131072;
  size_t chunk_bytes = size_t(1) << 20;  // pre-tokenization work unit
  bool progress = true;             // progress bars on stderr
};

// word (raw bytes of one pre-token) -> number of occurrences.
using WordCounts = std::unordered_map<std::string, uint64_t, tok::StringHash, std::equal_to<>>;

// Input statistics, filled while counting.
struct CountStats {
  size_t files = 0, skipped_binary = 0, repaired_utf8 = 0;
  uint64_t bytes = 0, words = 0;
};

// Counts the pre-tokens of text held in memory (specials are split out and
// not counted). Adds into `out`.
void count_words(std::string_view text, const TrainOptions& opt, WordCounts& out);

// Regular files named by `inputs` (directories: recursively), sorted by path
// within each directory; duplicates removed. Throws on a missing path.
std::vector<std::filesystem::path> collect_input_files(const std::vector<std::string>& inputs);

// Counts the pre-tokens of every file, in parallel over chunks. Files with a
// NUL byte in their first 8 KiB are skipped as binary; invalid UTF-8 is
// replaced by U+FFFD (both reported in `stats`).
WordCounts count_words_in_files(const std::vector<std::filesystem::path>& files,
                                const TrainOptions& opt, ThreadPool& pool,
                                CountStats* stats = nullptr);

struct TrainResult {
  std::vector<std::string> vocab;                    // id -> token (ByteLevel text)
  std::vector<std::pair<int32_t, int32_t>> merges;   // in rank order (ids)
  size_t num_specials = 0;
};

// The BPE training loop over counted words.
TrainResult train(const WordCounts& words, const TrainOptions& opt);

// File contents (deterministic: same result -> byte-identical text).
std::string tokenizer_json_text(const TrainResult& r, const TrainOptions& opt);
std::string tokenizer_config_json_text(const TrainOptions& opt);

// Writes tokenizer.json to `out` and tokenizer_config.json next to it; an
// `out` that is a directory or does not end in .json is a directory (created).
void write_tokenizer_files(const TrainResult& r, const TrainOptions& opt,
                           const std::filesystem::path& out);

}  // namespace bpe
}  // namespace dseek
