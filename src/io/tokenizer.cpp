// tokenizer.cpp — encode / decode / streaming decode for dseek::Tokenizer
// (see tokenizer.h). Loading is in tokenizer_json.cpp.
#include "io/tokenizer.h"

#include "core/check.h"
#include "io/tokenizer_impl.h"
#include "io/utf8.h"

namespace dseek {

Tokenizer::Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

std::vector<int32_t> Tokenizer::encode(std::string_view text) const {
  const tok::TokenizerImpl& im = *impl_;
  utf8::check_valid(text, "text to encode");
  std::vector<int32_t> ids;
  ids.reserve(text.size() / 3 + 1);
  tok::RegexScratch scratch;
  tok::PieceSet ps;
  std::vector<tok::AddedSplit> raw_splits, norm_splits;
  const bool lazy = im.pre.byte_level_pending();

  auto encode_plain = [&](std::string_view piece) {
    ps.pieces.assign(1, piece);
    ps.arena.clear();
    im.pre.run(ps, scratch);
    for (std::string_view p : ps.pieces) im.model.tokenize(p, lazy, ids);
  };

  im.raw_matcher.split(text, im.added, raw_splits);
  for (const auto& s : raw_splits) {
    if (s.id >= 0) { ids.push_back(s.id); continue; }
    std::string_view piece = text.substr(s.begin, s.end - s.begin);
    // Normalizer: identity (others are rejected at load time).
    if (im.norm_matcher.empty()) { encode_plain(piece); continue; }
    im.norm_matcher.split(piece, im.added, norm_splits);
    for (const auto& t : norm_splits) {
      if (t.id >= 0) ids.push_back(t.id);
      else encode_plain(piece.substr(t.begin, t.end - t.begin));
    }
  }
  return ids;
}

std::vector<int32_t> Tokenizer::encode_with_bos(std::string_view text) const {
  DSEEK_CHECK(impl_->bos.has_value(), "tokenizer has no BOS token");
  std::vector<int32_t> ids{*impl_->bos};
  auto rest = encode(text);
  ids.insert(ids.end(), rest.begin(), rest.end());
  return ids;
}

bool Tokenizer::has_id(int32_t id) const {
  return id >= 0 && static_cast<size_t>(id) < impl_->id_flags.size() &&
         (impl_->id_flags[static_cast<size_t>(id)] & 1);
}

bool Tokenizer::is_special(int32_t id) const {
  return has_id(id) && (impl_->id_flags[static_cast<size_t>(id)] & 2);
}

const std::string& Tokenizer::token_str(int32_t id) const {
  DSEEK_CHECK(has_id(id), "unknown token id {}", id);
  return impl_->id_str[static_cast<size_t>(id)];
}

const std::string& Tokenizer::token_bytes(int32_t id) const {
  DSEEK_CHECK(has_id(id), "unknown token id {}", id);
  return impl_->id_bytes[static_cast<size_t>(id)];
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool skip_special) const {
  std::string bytes;
  bool first = true;
  for (int32_t id : ids) {
    DSEEK_CHECK(has_id(id), "decode: unknown token id {}", id);
    if (skip_special && is_special(id)) continue;
    if (impl_->decoder == tok::DecoderKind::kNone && !first) bytes.push_back(' ');
    bytes += impl_->id_bytes[static_cast<size_t>(id)];
    first = false;
  }
  return utf8::lossy(bytes);
}

std::optional<int32_t> Tokenizer::token_id(std::string_view token) const {
  if (auto it = impl_->added_by_content.find(token); it != impl_->added_by_content.end())
    return it->second;
  return impl_->model.token_id(token);
}

size_t Tokenizer::vocab_size() const { return impl_->id_flags.size(); }
std::optional<int32_t> Tokenizer::bos_id() const { return impl_->bos; }
std::optional<int32_t> Tokenizer::eos_id() const { return impl_->eos; }
bool Tokenizer::byte_level_decoder() const { return impl_->decoder == tok::DecoderKind::kByteLevel; }

std::string StreamDecoder::push(int32_t id) {
  DSEEK_CHECK(tok_->byte_level_decoder(), "StreamDecoder needs a ByteLevel decoder");
  const std::string& b = tok_->token_bytes(id);
  if (skip_special_ && tok_->is_special(id)) return {};
  pending_ += b;
  size_t hold = utf8::incomplete_tail(pending_);
  std::string out = utf8::lossy(std::string_view(pending_).substr(0, pending_.size() - hold));
  pending_.erase(0, pending_.size() - hold);
  return out;
}

std::string StreamDecoder::flush() {
  std::string out = utf8::lossy(pending_);
  pending_.clear();
  return out;
}

}  // namespace dseek
