// data.h — training data: token shards on disk, document sources, and the
// loader that packs documents into fixed-size rows (train/batch.h).
//
// Token shard file (`{train,val}-NNNNN.bin`, little-endian):
//   magic "DSKTOK\0\0" | u32 version (1) | u32 header bytes (32) | u64 token count
//   | u64 document count | count × u32 token ids
// Every document is followed by the EOS id; a document never spans shards.
// A dataset directory also holds meta.json (eos/vocab, shard lists, counts).
// The train/validation split is decided per document by a hash of its text
// (deterministic, independent of file order and sharding).
//
// Packing: documents (shuffled per epoch from a seed) are concatenated, each
// followed by EOS, and cut into rows of T tokens. segment = document index
// within the row, pos restarts at 0 at each document and at each row start (a
// document cut by a row boundary continues as a new segment of the next row),
// targets = next token of the same document piece, -1 at the last token of a
// piece (document end or row end) and where the next token's loss mask is 0
// (SFT: prompt tokens). The (epoch, doc, offset) cursor restores a loader
// exactly.
// What it is not: a tokenizer (io/tokenizer.h) or the chat template renderer
// (SFT examples arrive pre-rendered as {"prompt", "answer"}).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/mmap.h"
#include "train/batch.h"

namespace dseek {
class ThreadPool;
}

namespace dseek::train {

// ---- token shards ------------------------------------------------------------
inline constexpr uint32_t kShardVersion = 1;
inline constexpr size_t kShardHeaderBytes = 32;

// Writes one shard atomically (temp file + fsync + rename).
void write_token_shard(const std::string& path, std::span<const int32_t> tokens, int64_t num_docs);
// A validated, mmap'd shard.
class TokenShard {
 public:
  explicit TokenShard(const std::string& path);
  std::span<const int32_t> tokens() const { return tokens_; }
  int64_t num_docs() const { return num_docs_; }

 private:
  MappedFile file_;
  std::span<const int32_t> tokens_;
  int64_t num_docs_ = 0;
};

// ---- tokenising a text corpus -------------------------------------------------
using EncodeFn = std::function<std::vector<int32_t>(std::string_view)>;

// Byte-level "tokenizer" for tests and demos: id = byte value, EOS = 256.
inline constexpr int32_t kByteEos = 256;
std::vector<int32_t> encode_bytes(std::string_view text);
// The same tokenizer as Hugging Face files (ByteLevel BPE, no merges, id = byte,
// "<eos>" = 256), so models trained on byte data run with `dseek run -m`.
std::string byte_tokenizer_json();
std::string byte_tokenizer_config_json();

struct TokenizeOptions {
  bool paragraphs = false;        // split files at blank lines (else one document per file)
  double val_fraction = 0.01;     // share of documents in the validation split
  uint64_t split_seed = 0;
  int64_t shard_tokens = int64_t(1) << 24;  // a shard is closed once it holds this many
  int32_t eos_id = -1;            // required (>= 0)
  int32_t bos_id = -1;            // prepended to every document when >= 0
  int64_t vocab_size = 0;         // recorded in meta.json; ids must be < it when > 0
  std::string tokenizer;          // recorded in meta.json ("bytes" or the tokenizer path)
  int64_t min_chars = 1;          // shorter documents (after trimming) are dropped
  bool progress = true;
};

struct TokenizeStats {
  int64_t files = 0;
  int64_t docs[2] = {0, 0};    // [train, val]
  int64_t tokens[2] = {0, 0};  // including EOS/BOS
  int64_t shards[2] = {0, 0};
  int64_t bytes = 0;           // input text bytes read
};

// Documents of a file's text: the whole text, or its blank-line-separated paragraphs.
std::vector<std::string> split_documents(std::string_view text, bool paragraphs);
bool is_validation_doc(std::string_view text, uint64_t seed, double val_fraction);

// Tokenises `inputs` (files, or directories searched recursively; sorted by
// path) into out_dir/{train,val}-NNNNN.bin + meta.json. Invalid UTF-8 is
// replaced by U+FFFD. `pool` (optional) encodes a file's documents in parallel.
TokenizeStats tokenize_corpus(const std::vector<std::string>& inputs, const EncodeFn& encode,
                              const std::string& out_dir, const TokenizeOptions& opt, ThreadPool* pool = nullptr);

// ---- document sources -----------------------------------------------------------
struct Document {
  std::span<const int32_t> tokens;     // without the trailing EOS
  std::span<const uint8_t> loss_mask;  // per token: 1 = learn to predict it; empty = all 1
};

class DocSource {
 public:
  virtual ~DocSource() = default;
  virtual int64_t size() const = 0;
  virtual Document doc(int64_t i) const = 0;
  virtual int32_t eos_id() const = 0;
};

// Documents held in memory (tests, SFT).
class MemoryDocs : public DocSource {
 public:
  explicit MemoryDocs(int32_t eos_id) : eos_(eos_id) {}
  void add(std::vector<int32_t> tokens, std::vector<uint8_t> loss_mask = {});
  // Drops the first n tokens of every document.
  void drop_prefix(int64_t n);
  std::span<const int32_t> tokens_of(int64_t i) const { return docs_[size_t(i)].first; }
  int64_t size() const override { return int64_t(docs_.size()); }
  Document doc(int64_t i) const override;
  int32_t eos_id() const override { return eos_; }
  int64_t num_tokens() const;

 private:
  int32_t eos_;
  std::vector<std::pair<std::vector<int32_t>, std::vector<uint8_t>>> docs_;
};

struct DatasetMeta {
  int32_t eos_id = -1;
  int64_t vocab_size = 0;
  std::string tokenizer;                // as given to `dseek train data` ("" when unknown)
  std::vector<std::string> train, val;  // shard file names
};
DatasetMeta read_dataset_meta(const std::string& dir);

// The documents of one split of a tokenised dataset directory (mmap'd shards).
class ShardDocs : public DocSource {
 public:
  ShardDocs(const std::string& dir, const std::string& split);  // split: "train" | "val"
  int64_t size() const override { return int64_t(index_.size()); }
  Document doc(int64_t i) const override;
  int32_t eos_id() const override { return meta_.eos_id; }
  const DatasetMeta& meta() const { return meta_; }
  int64_t num_tokens() const { return tokens_; }

 private:
  DatasetMeta meta_;
  std::vector<std::unique_ptr<TokenShard>> shards_;
  struct Span { uint32_t shard; int64_t begin, len; };
  std::vector<Span> index_;
  int64_t tokens_ = 0;
};

// A JSONL file of {"prompt": str, "answer": str} lines (blank lines skipped;
// the `dseek intent sft-data` format), read by SFT and GRPO. `what` names the
// file in errors ("SFT file", "GRPO prompts").
struct PromptAnswer {
  std::string prompt;  // rendered prompt text (chat template applied)
  std::string answer;  // the answer (SFT target, or the reference given to a GRPO reward)
};
std::vector<PromptAnswer> read_prompt_answer_jsonl(const std::string& path, const std::string& what);

// SFT: each example of read_prompt_answer_jsonl is encode(prompt) ++
// encode(answer) with loss on the answer tokens (and the EOS after them) only.
std::shared_ptr<MemoryDocs> load_sft_jsonl(const std::string& path, const EncodeFn& encode, int32_t eos_id);
// The longest token prefix that every document of `docs` starts with, cut so
// that each document keeps at least one token and no learned (loss_mask 1)
// token is shared; then removes it from every document (for
// LoaderOptions::shared_prefix). Returns the prefix.
std::vector<int32_t> split_common_prefix(MemoryDocs& docs);

// ---- the packing loader -----------------------------------------------------------
struct LoaderState {
  int64_t epoch = 0;   // passes over the documents completed
  int64_t doc = 0;     // position in this epoch's order
  int64_t offset = 0;  // tokens of that document (EOS included) already emitted
  bool operator==(const LoaderState&) const = default;
};

struct LoaderOptions {
  uint64_t seed = 0;
  bool shuffle = true;  // new permutation of the documents every epoch
  // Shared-prefix packing (Batch::shared_prefix): every row starts with these
  // tokens (no loss), then whole documents follow with positions continuing
  // after the prefix; a document never crosses a row (the unused tail of a
  // row is EOS padding without loss). Empty = ordinary packing.
  std::vector<int32_t> shared_prefix;
};

class PackedLoader {
 public:
  PackedLoader(std::shared_ptr<const DocSource> docs, LoaderOptions opt);
  Batch next(int64_t B, int64_t T);
  LoaderState state() const { return st_; }
  void set_state(const LoaderState& s);
  void reset() { set_state({}); }
  const DocSource& docs() const { return *docs_; }

 private:
  void fill_row(int32_t* tok, int32_t* tgt, int32_t* seg, int32_t* pos, int64_t T);
  void fill_row_shared(int32_t* tok, int32_t* tgt, int32_t* seg, int32_t* pos, int64_t T);
  void make_order();

  std::shared_ptr<const DocSource> docs_;
  LoaderOptions opt_;
  LoaderState st_;
  std::vector<int64_t> order_;  // permutation for st_.epoch
  int64_t order_epoch_ = -1;
};

}  // namespace dseek::train
