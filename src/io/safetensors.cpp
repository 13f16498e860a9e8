// safetensors.cpp — header validation (SAX over nlohmann's parser) and SafetensorsFile.
// What it is: the byte-level checks of a .safetensors file, mirroring the reference
// Rust crate, plus the mmap'd file wrapper. The JSON is consumed through a SAX
// handler (no DOM): it rejects any value whose type or nesting is not what the
// format allows as soon as it appears, so depth stays ≤ 3 and duplicates are seen.
// What it is not: the multi-shard Checkpoint (safetensors_checkpoint.cpp).
#include "io/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>

#include "core/check.h"

namespace dseek {

namespace {

using json = nlohmann::json;

constexpr unsigned kHasDtype = 1, kHasShape = 2, kHasOffsets = 4;

// SAX handler: builds SafetensorsEntry records directly. Every callback either
// accepts the event or throws dseek::Error; nlohmann's parser is iterative and
// RAII-clean, so throwing from a callback is safe.
class HeaderSax {
 public:
  HeaderSax(SafetensorsHeader& out, std::string_view src) : out_(out), src_(src) {}

  bool null() {
    if (state_ == State::Root && pending_meta_) {  // serde: Option<HashMap> accepts null
      pending_meta_ = false;
      return true;
    }
    return unexpected("null");
  }
  bool boolean(bool) { return unexpected("a boolean"); }
  bool number_integer(int64_t v) {
    // nlohmann reports non-negative integers through number_unsigned, except "-0".
    if (v >= 0) return number_unsigned(uint64_t(v));
    if (state_ == State::Shape)
      DSEEK_FAIL("safetensors {}: tensor '{}': negative dimension {} in shape", src_, cur().name, v);
    if (state_ == State::Offsets)
      DSEEK_FAIL("safetensors {}: tensor '{}': negative value {} in data_offsets", src_, cur().name,
                 v);
    return unexpected("a number");
  }
  bool number_unsigned(uint64_t v) {
    if (state_ == State::Shape) {
      DSEEK_CHECK(v <= uint64_t(std::numeric_limits<int64_t>::max()),
                  "safetensors {}: tensor '{}': dimension {} in shape is too large", src_,
                  cur().name, v);
      cur().shape.push_back(int64_t(v));
      return true;
    }
    if (state_ == State::Offsets) {
      DSEEK_CHECK(n_offsets_ < 2, "safetensors {}: tensor '{}': data_offsets must have 2 entries",
                  src_, cur().name);
      (n_offsets_ == 0 ? cur().begin : cur().end) = v;
      ++n_offsets_;
      return true;
    }
    return unexpected("a number");
  }
  bool number_float(double, const std::string& s) {
    if (state_ == State::Shape || state_ == State::Offsets)
      DSEEK_FAIL("safetensors {}: tensor '{}': {} must hold non-negative integers, got {}", src_,
                 cur().name, state_ == State::Shape ? "shape" : "data_offsets", s);
    return unexpected("a number");
  }
  bool string(std::string& s) {
    if (state_ == State::Meta) {
      auto [it, fresh] = out_.metadata.emplace(std::move(meta_key_), std::move(s));
      DSEEK_CHECK(fresh, "safetensors {}: duplicate key '{}' in __metadata__", src_, it->first);
      return true;
    }
    if (state_ == State::Tensor && field_ == kHasDtype) {
      auto t = dtype_from_name(s);
      DSEEK_CHECK(t.has_value(), "safetensors {}: tensor '{}': unknown dtype '{}'", src_,
                  cur().name, s);
      cur().dtype = *t;
      return true;
    }
    return unexpected("a string");
  }
  bool binary(json::binary_t&) { return unexpected("binary data"); }

  bool start_object(size_t) {
    switch (state_) {
      case State::Top:
        state_ = State::Root;
        return true;
      case State::Root:
        if (pending_meta_) {
          pending_meta_ = false;
          state_ = State::Meta;
        } else {
          state_ = State::Tensor;
          fields_ = 0;
          field_ = 0;
        }
        return true;
      default:
        return unexpected("an object");
    }
  }
  bool end_object() {
    if (state_ == State::Meta) {
      state_ = State::Root;
    } else if (state_ == State::Tensor) {
      const char* missing = !(fields_ & kHasDtype)     ? "dtype"
                            : !(fields_ & kHasShape)   ? "shape"
                            : !(fields_ & kHasOffsets) ? "data_offsets"
                                                       : nullptr;
      if (missing) DSEEK_FAIL("safetensors {}: tensor '{}': missing '{}'", src_, cur().name, missing);
      state_ = State::Root;
    } else if (state_ == State::Root) {
      state_ = State::Done;
    } else {
      return unexpected("end of object");
    }
    return true;
  }
  bool start_array(size_t) {
    if (state_ == State::Tensor && field_ == kHasShape) {
      state_ = State::Shape;
      return true;
    }
    if (state_ == State::Tensor && field_ == kHasOffsets) {
      state_ = State::Offsets;
      n_offsets_ = 0;
      return true;
    }
    return unexpected("an array");
  }
  bool end_array() {
    if (state_ == State::Shape) {
      state_ = State::Tensor;
      return true;
    }
    if (state_ == State::Offsets) {
      DSEEK_CHECK(n_offsets_ == 2,
                  "safetensors {}: tensor '{}': data_offsets must have 2 entries, got {}", src_,
                  cur().name, n_offsets_);
      state_ = State::Tensor;
      return true;
    }
    return unexpected("end of array");
  }
  bool key(std::string& k) {
    if (state_ == State::Root) {
      if (k == "__metadata__") {
        DSEEK_CHECK(!seen_meta_, "safetensors {}: duplicate key '__metadata__'", src_);
        seen_meta_ = pending_meta_ = true;
      } else {
        out_.tensors.emplace_back().name = std::move(k);
      }
      return true;
    }
    if (state_ == State::Meta) {
      meta_key_ = std::move(k);
      return true;
    }
    if (state_ == State::Tensor) {
      unsigned f = k == "dtype" ? kHasDtype
                   : k == "shape" ? kHasShape
                   : k == "data_offsets" ? kHasOffsets
                                         : 0;
      DSEEK_CHECK(f != 0, "safetensors {}: tensor '{}': unknown field '{}'", src_, cur().name, k);
      DSEEK_CHECK(!(fields_ & f), "safetensors {}: tensor '{}': duplicate field '{}'", src_,
                  cur().name, k);
      fields_ |= f;
      field_ = f;
      return true;
    }
    return unexpected("a key");
  }
  bool parse_error(size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
    DSEEK_FAIL("safetensors {}: header is not valid JSON (byte {}): {}", src_, pos, ex.what());
  }

 private:
  enum class State { Top, Root, Meta, Tensor, Shape, Offsets, Done };

  SafetensorsEntry& cur() { return out_.tensors.back(); }

  bool unexpected(const char* what) {
    switch (state_) {
      case State::Top:
        DSEEK_FAIL("safetensors {}: header is not a JSON object (starts with {})", src_, what);
      case State::Root:
        if (pending_meta_) DSEEK_FAIL("safetensors {}: __metadata__ must be an object, got {}", src_, what);
        DSEEK_FAIL("safetensors {}: tensor '{}': expected an object, got {}", src_, cur().name, what);
      case State::Meta:
        DSEEK_FAIL("safetensors {}: __metadata__ value '{}' must be a string, got {}", src_,
                   meta_key_, what);
      case State::Tensor:
        DSEEK_FAIL("safetensors {}: tensor '{}': field '{}' has the wrong type ({})", src_,
                   cur().name,
                   field_ == kHasDtype ? "dtype" : field_ == kHasShape ? "shape" : "data_offsets",
                   what);
      case State::Shape:
        DSEEK_FAIL("safetensors {}: tensor '{}': shape must hold non-negative integers, got {}",
                   src_, cur().name, what);
      case State::Offsets:
        DSEEK_FAIL("safetensors {}: tensor '{}': data_offsets must hold non-negative integers, got {}",
                   src_, cur().name, what);
      case State::Done:
        break;
    }
    DSEEK_FAIL("safetensors {}: unexpected {} after the header object", src_, what);
  }

  SafetensorsHeader& out_;
  std::string_view src_;
  State state_ = State::Top;
  bool pending_meta_ = false, seen_meta_ = false;
  std::string meta_key_;
  unsigned fields_ = 0, field_ = 0, n_offsets_ = 0;
};

// Element count and byte size with overflow checks (left fold, like the reference).
uint64_t checked_nbytes(const SafetensorsEntry& e, std::string_view src) {
  int64_t n = 1;
  for (int64_t d : e.shape)
    if (__builtin_mul_overflow(n, d, &n))
      DSEEK_FAIL("safetensors {}: tensor '{}': element count of shape {} overflows", src, e.name,
                 shape_str(e.shape));
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(uint64_t(n), uint64_t(dtype_size(e.dtype)), &bytes))
    DSEEK_FAIL("safetensors {}: tensor '{}': byte size of shape {} {} overflows", src, e.name,
               shape_str(e.shape), dtype_name(e.dtype));
  return bytes;
}

void validate_layout(const SafetensorsHeader& h, std::string_view src) {
  const auto& t = h.tensors;
  // Names: sorted already; adjacent equal names are duplicates.
  for (size_t i = 1; i < t.size(); ++i)
    DSEEK_CHECK(t[i - 1].name != t[i].name, "safetensors {}: duplicate tensor name '{}'", src,
                t[i].name);

  std::vector<uint32_t> order(t.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return t[a].begin != t[b].begin ? t[a].begin < t[b].begin : t[a].end < t[b].end;
  });

  uint64_t pos = 0;
  const SafetensorsEntry* prev = nullptr;
  for (uint32_t i : order) {
    const SafetensorsEntry& e = t[i];
    DSEEK_CHECK(e.begin <= e.end, "safetensors {}: tensor '{}': data_offsets [{}, {}] have begin > end",
                src, e.name, e.begin, e.end);
    DSEEK_CHECK(e.end <= h.data_size,
                "safetensors {}: tensor '{}': data_offsets [{}, {}] out of bounds of the {}-byte "
                "data section",
                src, e.name, e.begin, e.end, h.data_size);
    const uint64_t want = checked_nbytes(e, src);
    DSEEK_CHECK(want == e.end - e.begin,
                "safetensors {}: tensor '{}': shape {} of {} needs {} bytes but data_offsets [{}, "
                "{}] span {}",
                src, e.name, shape_str(e.shape), dtype_name(e.dtype), want, e.begin, e.end,
                e.end - e.begin);
    if (e.begin > pos)
      DSEEK_FAIL("safetensors {}: gap of {} bytes in the data section before tensor '{}' (offset {})",
                 src, e.begin - pos, e.name, e.begin);
    if (e.begin < pos)
      DSEEK_FAIL("safetensors {}: tensor '{}' (offset {}) overlaps tensor '{}' (ends at {})", src,
                 e.name, e.begin, prev ? prev->name : std::string(), pos);
    pos = e.end;
    prev = &e;
  }
  DSEEK_CHECK(pos == h.data_size,
              "safetensors {}: tensors end at data offset {} but the data section has {} bytes "
              "(last tensor must end at end of file)",
              src, pos, h.data_size);
}

}  // namespace

SafetensorsHeader parse_safetensors_header(const uint8_t* data, size_t size,
                                           std::string_view source) {
  DSEEK_CHECK(data != nullptr || size == 0, "safetensors {}: null buffer", source);
  DSEEK_CHECK(size >= 8, "safetensors {}: file is truncated ({} bytes, need at least 8)", source,
              size);
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i) n = (n << 8) | data[i];
  DSEEK_CHECK(n <= kSafetensorsMaxHeader,
              "safetensors {}: header length {} exceeds the limit of {} bytes", source, n,
              kSafetensorsMaxHeader);
  DSEEK_CHECK(n <= size - 8,
              "safetensors {}: header length {} runs past the end of the {}-byte file (truncated?)",
              source, n, size);

  SafetensorsHeader h;
  h.header_size = n;
  h.data_offset = 8 + n;
  h.data_size = size - 8 - n;

  const uint8_t* first = data + 8;
  // nlohmann's lexer treats a NUL byte as end of input, so "{}\0junk" would
  // pass; a raw NUL is never valid JSON (not even inside strings), so refuse it.
  if (const void* z = std::memchr(first, 0, n))
    DSEEK_FAIL("safetensors {}: header is not valid JSON (NUL byte at header offset {})", source,
               static_cast<const uint8_t*>(z) - first);

  // nlohmann silently skips a leading UTF-8 BOM; serde_json (the reference) does not.
  DSEEK_CHECK(!(n >= 3 && first[0] == 0xEF && first[1] == 0xBB && first[2] == 0xBF),
              "safetensors {}: header is not valid JSON (starts with a UTF-8 byte order mark)",
              source);

  HeaderSax sax(h, source);
  bool ok = false;
  try {
    ok = json::sax_parse(first, first + n, &sax, json::input_format_t::json, /*strict=*/true);
  } catch (const nlohmann::json::exception& ex) {
    DSEEK_FAIL("safetensors {}: header is not valid JSON: {}", source, ex.what());
  }
  DSEEK_CHECK(ok, "safetensors {}: header is not valid JSON", source);

  std::sort(h.tensors.begin(), h.tensors.end(),
            [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.name < b.name; });
  validate_layout(h, source);
  return h;
}

// ---------------------------------------------------------------------------

SafetensorsFile::SafetensorsFile(const std::string& path, MapMode mode, Progress* progress)
    : file_(path, mode, progress) {
  header_ = parse_safetensors_header(file_.data(), file_.size(), path);
  entries_.reserve(header_.tensors.size());
  const uint8_t* base = file_.data() + header_.data_offset;
  for (const SafetensorsEntry& e : header_.tensors) {
    TensorView v;
    v.dtype = e.dtype;
    v.shape = e.shape;
    v.data = base + e.begin;
    v.nbytes = size_t(e.end - e.begin);
    entries_.push_back(std::move(v));
  }
}

const TensorView* SafetensorsFile::find(std::string_view name) const {
  const auto& t = header_.tensors;
  auto it = std::lower_bound(t.begin(), t.end(), name,
                             [](const SafetensorsEntry& e, std::string_view n) { return e.name < n; });
  if (it == t.end() || it->name != name) return nullptr;
  return &entries_[size_t(it - t.begin())];
}

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  out.reserve(header_.tensors.size());
  for (const auto& e : header_.tensors) out.push_back(e.name);
  return out;
}

}  // namespace dseek
