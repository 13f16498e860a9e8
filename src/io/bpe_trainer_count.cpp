// bpe_trainer_count.cpp — input side of the BPE trainer (see bpe_trainer.h):
// collecting files, cutting them into chunks at places no pre-token can span,
// and counting pre-tokens with dseek's own PreTokenizer (the splitting that
// encode() uses), in parallel over chunks with one word map per thread.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "core/progress.h"
#include "core/threadpool.h"
#include "io/bpe_trainer.h"
#include "io/mmap.h"
#include "io/tokenizer_added.h"
#include "io/tokenizer_pretokenize.h"
#include "io/utf8.h"

namespace dseek::bpe {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBinarySniffBytes = 8192;
constexpr size_t kCutSlack = size_t(256) << 10;    // how far past the target to look for a cut
constexpr size_t kBatchBytes = size_t(64) << 20;   // mapped input per parallel region

// ---- pre-tokenization + counting -----------------------------------------

// Immutable state shared by all counting threads.
struct CountContext {
  tok::PreTokenizer pre;
  std::vector<tok::AddedToken> specials;
  tok::AddedMatcher matcher;

  explicit CountContext(const TrainOptions& opt) {
    pre = tok::PreTokenizer::from_json(nlohmann::json::parse(deepseek_pre_tokenizer_json()));
    DSEEK_CHECK(pre.byte_level_pending(), "bpe trainer: pre-tokenizer must end with a plain ByteLevel");
    std::vector<size_t> which;
    for (size_t i = 0; i < opt.specials.size(); ++i) {
      tok::AddedToken a;
      a.id = static_cast<int32_t>(i);
      a.content = opt.specials[i];
      a.special = true;
      specials.push_back(a);
      which.push_back(i);
    }
    matcher.build(specials, which);
  }
};

// Per-thread scratch + word map.
struct CountState {
  tok::RegexScratch scratch;
  tok::PieceSet ps;
  std::vector<tok::AddedSplit> splits;
  std::string repaired;
  WordCounts words;
  uint64_t nwords = 0;
  size_t repaired_chunks = 0;
};

void add_word(WordCounts& m, std::string_view w) {
  auto it = m.find(w);
  if (it != m.end()) ++it->second;
  else m.emplace(std::string(w), 1);
}

// Counts one chunk of (possibly invalid) UTF-8 text.
void count_chunk(const CountContext& ctx, std::string_view text, CountState& st) {
  if (!utf8::valid(text)) {
    st.repaired = utf8::lossy(text);
    text = st.repaired;
    ++st.repaired_chunks;
  }
  ctx.matcher.split(text, ctx.specials, st.splits);
  for (const auto& s : st.splits) {
    if (s.id >= 0) continue;  // special tokens are not words
    st.ps.pieces.assign(1, text.substr(s.begin, s.end - s.begin));
    st.ps.arena.clear();
    ctx.pre.run(st.ps, st.scratch);
    for (std::string_view p : st.ps.pieces) add_word(st.words, p);
    st.nwords += st.ps.pieces.size();
  }
}

void merge_into(WordCounts& dst, WordCounts&& src) {
  if (dst.empty()) { dst = std::move(src); return; }
  for (auto& [w, c] : src) {
    auto it = dst.find(w);
    if (it != dst.end()) it->second += c;
    else dst.emplace(w, c);
  }
  src.clear();
}

// ---- chunking ---------------------------------------------------------------

// A cut at or after `target` such that no pre-token spans it: right after a
// '\n' and before a printable ASCII byte (no alternative of the DeepSeek
// regexes matches "\n" followed by a non-space). Falls back to the next UTF-8
// character boundary when no such place is near.
size_t safe_cut(std::string_view s, size_t target) {
  if (target >= s.size()) return s.size();
  const size_t limit = std::min(s.size(), target + kCutSlack);
  for (size_t i = std::max<size_t>(target, 1); i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (s[i - 1] == '\n' && c > 0x20 && c < 0x7f) return i;
  }
  size_t i = target;
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  return i;
}

bool looks_binary(std::string_view s) {
  return std::memchr(s.data(), 0, std::min(s.size(), kBinarySniffBytes)) != nullptr;
}

}  // namespace

void count_words(std::string_view text, const TrainOptions& opt, WordCounts& out) {
  CountContext ctx(opt);
  CountState st;
  st.words = std::move(out);
  for (size_t pos = 0; pos < text.size();) {
    size_t end = safe_cut(text, pos + std::max<size_t>(opt.chunk_bytes, 1));
    count_chunk(ctx, text.substr(pos, end - pos), st);
    pos = end;
  }
  out = std::move(st.words);
}

std::vector<fs::path> collect_input_files(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  std::set<fs::path> seen;
  auto add = [&](const fs::path& p) {
    fs::path c = fs::weakly_canonical(p);
    if (seen.insert(c).second) files.push_back(p);
  };
  for (const auto& in : inputs) {
    fs::path p(in);
    std::error_code ec;
    auto st = fs::status(p, ec);
    DSEEK_CHECK(!ec && fs::exists(st), "input not found: {}", in);
    if (fs::is_regular_file(st)) { add(p); continue; }
    DSEEK_CHECK(fs::is_directory(st), "input is neither a file nor a directory: {}", in);
    std::vector<fs::path> found;
    auto opts = fs::directory_options::skip_permission_denied;
    for (auto it = fs::recursive_directory_iterator(p, opts, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code fe;
      if (it->is_regular_file(fe) && !fe) found.push_back(it->path());
    }
    DSEEK_CHECK(!ec, "cannot list {}: {}", in, ec.message());
    std::sort(found.begin(), found.end());
    for (const auto& f : found) add(f);
  }
  return files;
}

WordCounts count_words_in_files(const std::vector<fs::path>& files, const TrainOptions& opt,
                                ThreadPool& pool, CountStats* stats) {
  const CountContext ctx(opt);
  const int nt = pool.num_threads();
  std::vector<std::unique_ptr<CountState>> states;
  for (int i = 0; i < nt; ++i) states.push_back(std::make_unique<CountState>());

  uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    auto sz = fs::file_size(f, ec);
    if (!ec) total += sz;
  }
  CountStats cs;
  Progress bar("counting words", static_cast<int64_t>(total), "B", opt.progress);
  std::atomic<uint64_t> done_bytes{0};

  struct Chunk { size_t map; size_t begin, end; };
  std::vector<MappedFile> maps;
  std::vector<Chunk> chunks;
  size_t batch_bytes = 0;

  auto run_batch = [&] {
    pool.parallel_for(static_cast<int64_t>(chunks.size()), [&](int64_t b, int64_t e, int tid) {
      CountState& st = *states[static_cast<size_t>(tid)];
      for (int64_t i = b; i < e; ++i) {
        const Chunk& c = chunks[static_cast<size_t>(i)];
        const MappedFile& m = maps[c.map];
        std::string_view all(reinterpret_cast<const char*>(m.data()), m.size());
        count_chunk(ctx, all.substr(c.begin, c.end - c.begin), st);
        uint64_t d = done_bytes.fetch_add(c.end - c.begin) + (c.end - c.begin);
        if (tid == 0) bar.update(static_cast<int64_t>(d));
      }
    }, 1);
    maps.clear();
    chunks.clear();
    batch_bytes = 0;
  };

  for (const auto& f : files) {
    MappedFile m(f.string());
    if (m.size() == 0) { ++cs.files; continue; }
    std::string_view all(reinterpret_cast<const char*>(m.data()), m.size());
    if (looks_binary(all)) {
      ++cs.skipped_binary;
      done_bytes += m.size();
      continue;
    }
    ++cs.files;
    cs.bytes += m.size();
    const size_t mi = maps.size();
    for (size_t pos = 0; pos < all.size();) {
      size_t end = safe_cut(all, pos + std::max<size_t>(opt.chunk_bytes, 1));
      chunks.push_back({mi, pos, end});
      pos = end;
    }
    batch_bytes += m.size();
    maps.push_back(std::move(m));
    if (batch_bytes >= kBatchBytes) run_batch();
  }
  if (!chunks.empty()) run_batch();

  // Merge the per-thread maps: pairwise in parallel, then the last two.
  for (auto& s : states) {
    cs.words += s->nwords;
    cs.repaired_utf8 += s->repaired_chunks;
  }
  for (size_t step = 1; step < states.size(); step *= 2) {
    const int64_t npairs = static_cast<int64_t>((states.size() + 2 * step - 1) / (2 * step));
    pool.parallel_for(npairs, [&](int64_t i) {
      size_t a = static_cast<size_t>(i) * 2 * step, b = a + step;
      if (b < states.size()) merge_into(states[a]->words, std::move(states[b]->words));
    }, 1);
  }
  bar.done(std::to_string(states[0]->words.size()) + " distinct words");
  if (stats) *stats = cs;
  return std::move(states[0]->words);
}

}  // namespace dseek::bpe
