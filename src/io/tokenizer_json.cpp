// tokenizer_json.cpp — loading a Hugging Face tokenizer.json (and the
// bos/eos entries of tokenizer_config.json) into TokenizerImpl. Everything is
// validated: unsupported components fail with "unsupported <kind> X".
// What it is not: encoding (tokenizer.cpp) or writing tokenizer files.
#include <algorithm>
#include <fstream>
#include <iterator>

#include "core/check.h"
#include "io/json_util.h"
#include "io/tokenizer.h"
#include "io/tokenizer_impl.h"
#include "io/utf8.h"

namespace dseek {
namespace {

using nlohmann::json;
using tok::TokenizerImpl;

constexpr size_t kMaxFileBytes = size_t(512) << 20;
constexpr size_t kMaxConfigBytes = size_t(16) << 20;
constexpr size_t kMaxAddedTokens = 1u << 20;
constexpr size_t kMaxAddedTokenBytes = 4096;
constexpr int32_t kMaxIds = 1 << 24;

std::string read_file(const std::filesystem::path& p, size_t limit) {
  std::error_code ec;
  auto size = std::filesystem::file_size(p, ec);
  DSEEK_CHECK(!ec, "cannot stat {}: {}", p.string(), ec.message());
  DSEEK_CHECK(size <= limit, "{} is too large ({} bytes, limit {})", p.string(), size, limit);
  std::ifstream f(p, std::ios::binary);
  DSEEK_CHECK(f.good(), "cannot open {}", p.string());
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  DSEEK_CHECK(!f.bad(), "cannot read {}", p.string());
  return s;
}

// Only identity normalizers are supported (None, empty Sequence).
void check_normalizer(const json& j, int depth) {
  DSEEK_CHECK(depth < 16, "normalizer: Sequence nested too deeply");
  if (j.is_null()) return;
  DSEEK_CHECK(j.is_object() && j.contains("type") && j["type"].is_string(),
              "normalizer: expected an object with a string \"type\"");
  const std::string type = j["type"].get<std::string>();
  if (type == "Sequence") {
    auto it = j.find("normalizers");
    DSEEK_CHECK(it != j.end() && it->is_array(), "normalizer Sequence: missing \"normalizers\"");
    for (const auto& sub : *it) check_normalizer(sub, depth + 1);
    return;
  }
  DSEEK_FAIL("unsupported normalizer \"{}\"", type);
}

bool flag(const json& t, const char* key) {
  auto it = t.find(key);
  if (it == t.end() || it->is_null()) return false;
  DSEEK_CHECK(it->is_boolean(), "added_tokens: \"{}\" must be a boolean", key);
  return it->get<bool>();
}

void load_added_tokens(const json& arr, TokenizerImpl& im) {
  if (arr.is_null()) return;
  DSEEK_CHECK(arr.is_array(), "tokenizer.json: \"added_tokens\" must be an array");
  DSEEK_CHECK(arr.size() <= kMaxAddedTokens, "tokenizer.json: too many added tokens");
  const int64_t model_size = static_cast<int64_t>(im.model.vocab().size());
  int64_t max_added = -1;
  for (const auto& t : arr) {
    DSEEK_CHECK(t.is_object(), "added_tokens: each entry must be an object");
    auto cit = t.find("content");
    auto iit = t.find("id");
    DSEEK_CHECK(cit != t.end() && cit->is_string(), "added_tokens: \"content\" must be a string");
    DSEEK_CHECK(iit != t.end() && iit->is_number_integer(), "added_tokens: \"id\" must be an integer");
    tok::AddedToken a;
    a.content = cit->get<std::string>();
    int64_t declared = iit->get<int64_t>();
    DSEEK_CHECK(a.content.size() <= kMaxAddedTokenBytes, "added_tokens: token too long");
    utf8::check_valid(a.content, "added token");
    a.special = flag(t, "special");
    a.lstrip = flag(t, "lstrip");
    a.rstrip = flag(t, "rstrip");
    a.single_word = flag(t, "single_word");
    a.normalized = flag(t, "normalized");
    if (a.content.empty()) continue;  // tokenizers ignores empty tokens
    // The id tokenizers would give it (AddedVocabulary::add_tokens).
    int64_t id;
    if (auto it = im.added_by_content.find(a.content); it != im.added_by_content.end()) {
      id = it->second;
    } else if (auto vid = im.model.token_id(a.content)) {
      id = *vid;
    } else if (max_added < 0) {
      id = model_size;
    } else {
      id = (max_added >= model_size || model_size == 0) ? max_added + 1 : model_size;
    }
    DSEEK_CHECK(declared == id,
                "added token \"{}\" has id {} but tokenizers would assign {}", a.content, declared, id);
    DSEEK_CHECK(id < kMaxIds, "added token id {} too large", id);
    a.id = static_cast<int32_t>(id);
    max_added = std::max(max_added, id);
    im.added_by_content[a.content] = a.id;
    // A re-declared token replaces the earlier entry.
    auto same = std::find_if(im.added.begin(), im.added.end(),
                             [&](const tok::AddedToken& x) { return x.content == a.content; });
    if (same != im.added.end()) *same = a;
    else im.added.push_back(a);
  }
  std::vector<size_t> raw, norm;
  for (size_t i = 0; i < im.added.size(); ++i) (im.added[i].normalized ? norm : raw).push_back(i);
  im.raw_matcher.build(im.added, raw);
  im.norm_matcher.build(im.added, norm);  // identity normalizer: contents as is
}

void build_id_tables(TokenizerImpl& im) {
  int32_t max_id = im.model.max_id();
  for (const auto& a : im.added) max_id = std::max(max_id, a.id);
  DSEEK_CHECK(max_id >= 0, "tokenizer.json: empty vocabulary");
  size_t n = static_cast<size_t>(max_id) + 1;
  im.id_str.assign(n, std::string());
  im.id_flags.assign(n, 0);
  for (const auto& [s, id] : im.model.vocab()) {
    // Two strings with one id: keep the smaller string, for determinism.
    auto& slot = im.id_str[static_cast<size_t>(id)];
    if (!(im.id_flags[static_cast<size_t>(id)] & 1) || s < slot) slot = s;
    im.id_flags[static_cast<size_t>(id)] |= 1;
  }
  for (const auto& a : im.added) {
    im.id_str[static_cast<size_t>(a.id)] = a.content;
    im.id_flags[static_cast<size_t>(a.id)] |= a.special ? 3 : 1;
  }
  // Decoded bytes: ByteLevel maps every char back to its byte, unless some
  // char is outside the table, in which case the token's own UTF-8 is used.
  const auto& t = tok::byte_level_table();
  im.id_bytes.assign(n, std::string());
  for (size_t id = 0; id < n; ++id) {
    const std::string& s = im.id_str[id];
    if (im.decoder == tok::DecoderKind::kNone) { im.id_bytes[id] = s; continue; }
    std::string out;
    bool all = true;
    size_t i = 0;
    while (i < s.size()) {
      char32_t cp;
      size_t k = utf8::decode(s, i, &cp);
      if (k == 0 || cp >= t.to_byte.size() || t.to_byte[cp] < 0) { all = false; break; }
      out.push_back(static_cast<char>(t.to_byte[cp]));
      i += k;
    }
    im.id_bytes[id] = all ? out : s;
  }
}

std::optional<int32_t> special_from_config(const json& cfg, const char* key, const TokenizerImpl& im,
                                           const char* fallback) {
  auto lookup = [&](const std::string& s) -> std::optional<int32_t> {
    if (auto it = im.added_by_content.find(s); it != im.added_by_content.end()) return it->second;
    return im.model.token_id(s);
  };
  if (cfg.is_object()) {
    auto it = cfg.find(key);
    if (it != cfg.end() && !it->is_null()) {
      std::string content;
      if (it->is_string()) content = it->get<std::string>();
      else if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        content = (*it)["content"].get<std::string>();
      else DSEEK_FAIL("tokenizer_config.json: \"{}\" must be a string or an AddedToken object", key);
      auto id = lookup(content);
      DSEEK_CHECK(id.has_value(), "tokenizer_config.json: {} \"{}\" is not a token", key, content);
      return id;
    }
    if (it != cfg.end()) return std::nullopt;  // explicitly null
  }
  return lookup(fallback);
}

}  // namespace

Tokenizer Tokenizer::from_json_text(std::string_view text, std::string_view config_text) {
  ParseLimits lim;
  lim.max_bytes = kMaxFileBytes;
  lim.max_depth = 32;
  json j = parse_json_limited(text, lim, "tokenizer.json");
  DSEEK_CHECK(j.is_object(), "tokenizer.json: top level must be an object");
  auto im = std::make_unique<TokenizerImpl>();

  for (const char* k : {"truncation", "padding"}) {
    auto it = j.find(k);
    DSEEK_CHECK(it == j.end() || it->is_null(), "tokenizer.json: \"{}\" is not supported (must be null)", k);
  }
  if (auto it = j.find("normalizer"); it != j.end()) check_normalizer(*it, 0);
  auto mit = j.find("model");
  DSEEK_CHECK(mit != j.end(), "tokenizer.json: missing \"model\"");
  im->model.load(*mit);
  if (auto it = j.find("pre_tokenizer"); it != j.end()) im->pre = tok::PreTokenizer::from_json(*it);

  im->decoder = tok::DecoderKind::kNone;
  if (auto it = j.find("decoder"); it != j.end() && !it->is_null()) {
    DSEEK_CHECK(it->is_object() && it->contains("type") && (*it)["type"].is_string(),
                "decoder: expected an object with a string \"type\"");
    std::string type = (*it)["type"].get<std::string>();
    DSEEK_CHECK(type == "ByteLevel", "unsupported decoder \"{}\"", type);
    im->decoder = tok::DecoderKind::kByteLevel;
  }
  // post_processor: not applied (encode() never adds special tokens).
  if (auto it = j.find("added_tokens"); it != j.end()) load_added_tokens(*it, *im);
  build_id_tables(*im);

  json cfg;
  if (!config_text.empty()) {
    ParseLimits clim;
    clim.max_bytes = kMaxConfigBytes;
    cfg = parse_json_limited(config_text, clim, "tokenizer_config.json");
  }
  im->bos = special_from_config(cfg, "bos_token", *im, "<｜begin▁of▁sentence｜>");
  im->eos = special_from_config(cfg, "eos_token", *im, "<｜end▁of▁sentence｜>");
  return Tokenizer(std::move(im));
}

Tokenizer Tokenizer::load(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  if (std::filesystem::is_directory(path)) file = path / "tokenizer.json";
  DSEEK_CHECK(std::filesystem::is_regular_file(file), "tokenizer file not found: {}", file.string());
  std::string text = read_file(file, kMaxFileBytes);
  std::string cfg;
  auto cfg_path = file.parent_path() / "tokenizer_config.json";
  if (std::filesystem::is_regular_file(cfg_path)) cfg = read_file(cfg_path, kMaxConfigBytes);
  try {
    return from_json_text(text, cfg);
  } catch (const Error& e) {
    DSEEK_FAIL("{}: {}", file.string(), e.what());
  }
}

}  // namespace dseek
