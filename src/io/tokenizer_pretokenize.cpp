// tokenizer_pretokenize.cpp — see tokenizer_pretokenize.h. Mirrors
// tokenizers/src/pre_tokenizers/{sequence,split,byte_level,digits,whitespace}.rs
// and NormalizedString::split's behaviour folding.
#include "io/tokenizer_pretokenize.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/check.h"
#include "io/utf8.h"

namespace dseek::tok {
namespace {

constexpr const char* kGpt2Pattern =
    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
constexpr int kMaxDepth = 16;

ByteLevelTable build_table() {
  ByteLevelTable t;
  t.to_byte.fill(-1);
  char32_t n = 0;
  for (int b = 0; b < 256; ++b) {
    bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    char32_t cp = printable ? static_cast<char32_t>(b) : 256 + n++;
    t.to_char[b] = cp;
    utf8::append(t.to_utf8[b], cp);
    t.to_byte[cp] = static_cast<int16_t>(b);
  }
  return t;
}

SplitBehavior parse_behavior(const std::string& s) {
  if (s == "Removed") return SplitBehavior::Removed;
  if (s == "Isolated") return SplitBehavior::Isolated;
  if (s == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
  if (s == "MergedWithNext") return SplitBehavior::MergedWithNext;
  if (s == "Contiguous") return SplitBehavior::Contiguous;
  DSEEK_FAIL("pre_tokenizer Split: unknown behavior \"{}\"", s);
}

bool get_bool(const nlohmann::json& j, const char* key, bool dflt) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return dflt;
  DSEEK_CHECK(it->is_boolean(), "pre_tokenizer: \"{}\" must be a boolean", key);
  return it->get<bool>();
}

void flatten(const nlohmann::json& j, std::vector<PreTokStep>& steps, int depth) {
  DSEEK_CHECK(depth < kMaxDepth, "pre_tokenizer: Sequence nested too deeply");
  if (j.is_null()) return;
  DSEEK_CHECK(j.is_object() && j.contains("type") && j["type"].is_string(),
              "pre_tokenizer: expected an object with a string \"type\"");
  const std::string type = j["type"].get<std::string>();
  if (type == "Sequence") {
    auto it = j.find("pretokenizers");
    DSEEK_CHECK(it != j.end() && it->is_array(), "pre_tokenizer Sequence: missing \"pretokenizers\" array");
    for (const auto& sub : *it) flatten(sub, steps, depth + 1);
  } else if (type == "Split") {
    PreTokStep s;
    auto pit = j.find("pattern");
    DSEEK_CHECK(pit != j.end() && pit->is_object() && pit->size() == 1,
                "pre_tokenizer Split: \"pattern\" must be {{\"Regex\": ...}} or {{\"String\": ...}}");
    bool literal;
    if (pit->contains("Regex")) literal = false;
    else if (pit->contains("String")) literal = true;
    else DSEEK_FAIL("pre_tokenizer Split: unknown pattern kind");
    const auto& pv = pit->begin().value();
    DSEEK_CHECK(pv.is_string(), "pre_tokenizer Split: pattern must be a string");
    s.regex = std::make_shared<Regex>(pv.get<std::string>(), literal);
    auto bit = j.find("behavior");
    DSEEK_CHECK(bit != j.end() && bit->is_string(), "pre_tokenizer Split: missing \"behavior\"");
    s.behavior = parse_behavior(bit->get<std::string>());
    s.invert = get_bool(j, "invert", false);
    steps.push_back(std::move(s));
  } else if (type == "ByteLevel") {
    PreTokStep s;
    s.kind = PreTokStep::kByteLevel;
    s.add_prefix_space = get_bool(j, "add_prefix_space", true);
    s.use_regex = get_bool(j, "use_regex", true);
    if (s.use_regex) s.regex = std::make_shared<Regex>(kGpt2Pattern, false);
    steps.push_back(std::move(s));
  } else if (type == "Digits") {
    PreTokStep s;
    s.regex = std::make_shared<Regex>("\\p{N}", false);  // Rust char::is_numeric
    s.behavior = get_bool(j, "individual_digits", false) ? SplitBehavior::Isolated
                                                          : SplitBehavior::Contiguous;
    steps.push_back(std::move(s));
  } else if (type == "Whitespace") {
    PreTokStep s;
    s.regex = std::make_shared<Regex>("\\w+|[^\\w\\s]+", false);
    s.behavior = SplitBehavior::Removed;
    s.invert = true;
    steps.push_back(std::move(s));
  } else {
    DSEEK_FAIL("unsupported pre_tokenizer \"{}\"", type);
  }
}

}  // namespace

const ByteLevelTable& byte_level_table() {
  static const ByteLevelTable table = build_table();
  return table;
}

void byte_level_encode(std::string_view bytes, std::string& out) {
  const auto& t = byte_level_table();
  for (char c : bytes) out += t.to_utf8[static_cast<unsigned char>(c)];
}

PreTokenizer PreTokenizer::from_json(const nlohmann::json& j) {
  PreTokenizer p;
  flatten(j, p.steps_, 0);
  for (const auto& s : p.steps_) p.has_byte_level_ |= s.kind == PreTokStep::kByteLevel;
  if (!p.steps_.empty()) {
    const auto& last = p.steps_.back();
    if (last.kind == PreTokStep::kByteLevel && !last.add_prefix_space && !last.use_regex) {
      p.lazy_byte_level_ = true;
      p.steps_.pop_back();
    }
  }
  return p;
}

void split_pieces(PieceSet& ps, const Regex& re, SplitBehavior behavior, bool invert,
                  RegexScratch& scratch) {
  ps.tmp.clear();
  struct Seg { size_t a, b; bool m; };
  std::vector<Seg> segs, folded;
  for (std::string_view piece : ps.pieces) {
    // 1. Matches -> alternating (segment, is_match) list covering the piece.
    re.find_all(piece, scratch, ps.matches);
    segs.clear();
    if (piece.empty()) {
      segs.push_back({0, 0, false});
    } else {
      size_t prev = 0;
      for (auto [st, en] : ps.matches) {
        if (prev != st) segs.push_back({prev, st, false});
        segs.push_back({st, en, true});
        prev = en;
      }
      if (prev != piece.size()) segs.push_back({prev, piece.size(), false});
    }
    if (invert)
      for (auto& s : segs) s.m = !s.m;
    // 2. Fold according to the behaviour.
    folded.clear();
    switch (behavior) {
      case SplitBehavior::Isolated:
        folded = segs;
        break;
      case SplitBehavior::Removed:
        for (const auto& s : segs)
          if (!s.m) folded.push_back(s);
        break;
      case SplitBehavior::MergedWithPrevious: {
        bool prev_match = false;
        for (const auto& s : segs) {
          if (s.m && !prev_match && !folded.empty()) folded.back().b = s.b;
          else folded.push_back(s);
          prev_match = s.m;
        }
        break;
      }
      case SplitBehavior::MergedWithNext: {
        bool prev_match = false;
        for (size_t k = segs.size(); k-- > 0;) {
          const auto& s = segs[k];
          if (s.m && !prev_match && !folded.empty()) folded.back().a = s.a;
          else folded.push_back(s);
          prev_match = s.m;
        }
        std::reverse(folded.begin(), folded.end());
        break;
      }
      case SplitBehavior::Contiguous: {
        bool prev_match = false;
        for (const auto& s : segs) {
          if (s.m == prev_match && !folded.empty()) folded.back().b = s.b;
          else folded.push_back(s);
          prev_match = s.m;
        }
        break;
      }
    }
    for (const auto& s : folded)
      if (s.b > s.a) ps.tmp.push_back(piece.substr(s.a, s.b - s.a));
  }
  ps.pieces.swap(ps.tmp);
}

void PreTokenizer::run(PieceSet& ps, RegexScratch& scratch) const {
  for (const auto& step : steps_) {
    if (step.kind == PreTokStep::kSplit) {
      split_pieces(ps, *step.regex, step.behavior, step.invert, scratch);
      continue;
    }
    // ByteLevel: optional prefix space, optional GPT-2 split, then byte mapping.
    if (step.add_prefix_space) {
      for (auto& p : ps.pieces) {
        if (!p.empty() && p.front() == ' ') continue;
        std::string& s = ps.arena.emplace_back();
        s.reserve(p.size() + 1);
        s.push_back(' ');
        s.append(p);
        p = s;
      }
    }
    if (step.use_regex) split_pieces(ps, *step.regex, SplitBehavior::Isolated, false, scratch);
    for (auto& p : ps.pieces) {
      std::string& s = ps.arena.emplace_back();
      s.reserve(p.size() * 2);
      byte_level_encode(p, s);
      p = s;
    }
  }
}

}  // namespace dseek::tok
