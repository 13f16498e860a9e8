// safetensors_checkpoint.cpp — Checkpoint: a model directory of safetensors files.
// What it is: model.safetensors.index.json validation (SAX, duplicate keys are
// errors, shard names must be plain file names) and the merged name -> view index
// over every shard, with cross-shard duplicate and missing-tensor checks.
// What it is not: the per-file header checks (safetensors.cpp) or any dtype logic.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/check.h"
#include "core/progress.h"
#include "io/safetensors.h"

namespace dseek {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr int kMaxSkipDepth = 64;  // nesting allowed inside ignored index fields

void check_shard_name(const std::string& s, std::string_view tensor, std::string_view src) {
  const bool bad = s.empty() || s.size() > 255 || s.find('/') != std::string::npos ||
                   s.find('\\') != std::string::npos || s.find("..") != std::string::npos ||
                   s.find('\0') != std::string::npos || s == ".";
  DSEEK_CHECK(!bad, "safetensors index {}: tensor '{}' names shard '{}', which is not a plain file name",
              src, tensor, s);
}

// SAX handler for the index: {"metadata": <anything>, "weight_map": {name: file}}.
class IndexSax {
 public:
  IndexSax(std::map<std::string, std::string>& out, std::string_view src) : out_(out), src_(src) {}

  bool null() { return scalar("null"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool number_integer(int64_t) { return scalar("a number"); }
  bool number_unsigned(uint64_t) { return scalar("a number"); }
  bool number_float(double, const std::string&) { return scalar("a number"); }
  bool binary(json::binary_t&) { return scalar("binary data"); }
  bool string(std::string& s) {
    if (state_ == State::Map) {
      check_shard_name(s, key_, src_);
      auto [it, fresh] = out_.emplace(std::move(key_), std::move(s));
      DSEEK_CHECK(fresh, "safetensors index {}: tensor '{}' listed twice in weight_map", src_,
                  it->first);
      return true;
    }
    return scalar("a string");
  }
  bool start_object(size_t) { return open(true); }
  bool start_array(size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    if (state_ == State::Root) {
      DSEEK_CHECK(root_keys_.insert(k).second, "safetensors index {}: duplicate key '{}'", src_, k);
      in_wm_ = k == "weight_map";
      if (in_wm_) seen_wm_ = true;
    } else if (state_ == State::Map) {
      key_ = std::move(k);
    }
    return true;  // keys inside skipped values are ignored
  }
  bool parse_error(size_t pos, const std::string&, const nlohmann::detail::exception& ex) {
    DSEEK_FAIL("safetensors index {}: not valid JSON (byte {}): {}", src_, pos, ex.what());
  }

  bool seen_weight_map() const { return seen_wm_; }

 private:
  enum class State { Top, Root, Map, Skip, Done };

  bool scalar(const char* what) {
    switch (state_) {
      case State::Top:
        DSEEK_FAIL("safetensors index {}: expected a JSON object, got {}", src_, what);
      case State::Root:
        DSEEK_CHECK(!in_wm_, "safetensors index {}: weight_map must be an object, got {}", src_,
                    what);
        return true;
      case State::Map:
        DSEEK_FAIL("safetensors index {}: weight_map['{}'] must be a string, got {}", src_, key_,
                   what);
      case State::Skip:
        return true;
      case State::Done:
        break;
    }
    DSEEK_FAIL("safetensors index {}: unexpected {} after the top-level object", src_, what);
  }
  bool open(bool is_object) {
    const char* what = is_object ? "an object" : "an array";
    switch (state_) {
      case State::Top:
        if (!is_object) DSEEK_FAIL("safetensors index {}: expected a JSON object, got {}", src_, what);
        state_ = State::Root;
        return true;
      case State::Root:
        if (in_wm_) {
          DSEEK_CHECK(is_object, "safetensors index {}: weight_map must be an object, got {}",
                      src_, what);
          state_ = State::Map;
        } else {
          state_ = State::Skip;
          depth_ = 1;
        }
        return true;
      case State::Map:
        DSEEK_FAIL("safetensors index {}: weight_map['{}'] must be a string, got {}", src_, key_,
                   what);
      case State::Skip:
        DSEEK_CHECK(++depth_ <= kMaxSkipDepth, "safetensors index {}: JSON nested too deeply", src_);
        return true;
      case State::Done:
        break;
    }
    DSEEK_FAIL("safetensors index {}: unexpected {} after the top-level object", src_, what);
  }
  bool close() {
    if (state_ == State::Skip) {
      if (--depth_ == 0) state_ = State::Root;
    } else if (state_ == State::Map) {
      state_ = State::Root;
    } else if (state_ == State::Root) {
      state_ = State::Done;
    }
    return true;  // nlohmann only reports balanced closes
  }

  std::map<std::string, std::string>& out_;
  std::string_view src_;
  State state_ = State::Top;
  std::set<std::string> root_keys_;
  std::string key_;
  bool in_wm_ = false, seen_wm_ = false;
  int depth_ = 0;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::map<std::string, std::string> parse_safetensors_index(std::string_view text,
                                                           std::string_view source) {
  DSEEK_CHECK(text.size() <= kSafetensorsMaxHeader * 4,
              "safetensors index {}: {} bytes is too large", source, text.size());
  // nlohmann stops at a NUL byte as if the input ended; raw NUL is never valid JSON.
  const size_t z = text.find('\0');
  DSEEK_CHECK(z == std::string_view::npos, "safetensors index {}: not valid JSON (NUL byte at {})",
              source, z);
  std::map<std::string, std::string> out;
  IndexSax sax(out, source);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true);
  } catch (const nlohmann::json::exception& ex) {
    DSEEK_FAIL("safetensors index {}: not valid JSON: {}", source, ex.what());
  }
  DSEEK_CHECK(ok, "safetensors index {}: not valid JSON", source);
  DSEEK_CHECK(sax.seen_weight_map(), "safetensors index {}: missing 'weight_map'", source);
  return out;
}

// ---------------------------------------------------------------------------

Checkpoint::Checkpoint(const std::string& path, const CheckpointOptions& opt) : source_(path) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  std::map<std::string, std::string> wmap;  // tensor -> shard, when there is an index
  std::string index_path;
  std::vector<std::string> paths;
  if (fs::is_directory(st)) {
    const fs::path idx = fs::path(path) / "model.safetensors.index.json";
    const fs::path single = fs::path(path) / "model.safetensors";
    if (fs::exists(idx, ec)) {
      index_path = idx.string();
    } else if (fs::exists(single, ec)) {
      paths.push_back(single.string());
    } else {
      DSEEK_FAIL("checkpoint {}: no model.safetensors.index.json or model.safetensors in directory",
                 path);
    }
  } else if (fs::is_regular_file(st)) {
    if (ends_with(path, ".json")) index_path = path;
    else paths.push_back(path);
  } else {
    DSEEK_FAIL("checkpoint {}: no such file or directory", path);
  }
  if (!index_path.empty()) {
    {
      MappedFile m(index_path);
      wmap = parse_safetensors_index(std::string_view(reinterpret_cast<const char*>(m.data()), m.size()),
                                     index_path);
    }
    std::set<std::string> shards;
    for (const auto& [tensor, shard] : wmap) shards.insert(shard);
    const fs::path dir = fs::path(index_path).parent_path();
    for (const std::string& shard : shards) paths.push_back((dir / shard).string());
  }
  open_files(paths, index_path, opt);

  if (!index_path.empty()) {
    std::map<std::string, const SafetensorsFile*> by_path;
    for (const auto& f : files_) by_path.emplace(f->path(), f.get());
    const fs::path dir = fs::path(index_path).parent_path();
    for (const auto& [tensor, shard] : wmap) {
      const auto it = by_path.find((dir / shard).string());
      DSEEK_CHECK(it != by_path.end() && it->second->find(tensor) != nullptr,
                  "checkpoint {}: tensor '{}' is mapped to shard '{}' but missing from it", index_path, tensor,
                  shard);
    }
  }
  std::sort(index_.begin(), index_.end(),
            [](const Slot& a, const Slot& b) { return a.name < b.name; });
  for (size_t i = 1; i < index_.size(); ++i)
    if (index_[i - 1].name == index_[i].name)
      DSEEK_FAIL("checkpoint {}: tensor '{}' is present in two shards ('{}' and '{}')", path,
                 index_[i].name, files_[index_[i - 1].file]->path(), files_[index_[i].file]->path());
}

void Checkpoint::open_files(const std::vector<std::string>& paths, const std::string& index_path,
                            const CheckpointOptions& opt) {
  uint64_t total = 0;
  for (const std::string& p : paths) {
    std::error_code ec;
    const uintmax_t n = fs::file_size(p, ec);
    if (!ec) total += n;
  }
  MapMode mode = opt.memory == WeightMemory::Ram ? MapMode::Resident : MapMode::InPlace;
  if (opt.memory == WeightMemory::Auto) mode = map_mode_for(total);
  std::unique_ptr<Progress> prog;
  if (mode == MapMode::Resident) prog = std::make_unique<Progress>("loading", int64_t(total), "B", opt.progress);
  for (const std::string& p : paths) {
    std::unique_ptr<SafetensorsFile> f;
    try {
      f = std::make_unique<SafetensorsFile>(p, mode, prog.get());
    } catch (const Error& e) {
      if (index_path.empty()) throw;
      DSEEK_FAIL("checkpoint {}: shard '{}' named in the index: {}", index_path, fs::path(p).filename().string(),
                 e.what());
    }
    add_file(std::move(f));
  }
  if (prog) prog->done();
}

uint64_t Checkpoint::bytes() const {
  uint64_t n = 0;
  for (const auto& f : files_) n += f->file_size();
  return n;
}

bool Checkpoint::resident() const {
  return !files_.empty() && std::all_of(files_.begin(), files_.end(), [](const auto& f) { return f->resident(); });
}

void Checkpoint::add_file(std::unique_ptr<SafetensorsFile> f) {
  const size_t fi = files_.size();
  const auto& entries = f->entries();
  index_.reserve(index_.size() + entries.size());
  for (const SafetensorsEntry& e : entries) index_.push_back({e.name, f->find(e.name), fi});
  files_.push_back(std::move(f));
}

const TensorView* Checkpoint::find(std::string_view name) const {
  auto it = std::lower_bound(index_.begin(), index_.end(), name,
                             [](const Slot& s, std::string_view n) { return s.name < n; });
  if (it == index_.end() || it->name != name) return nullptr;
  return it->view;
}

bool Checkpoint::has(std::string_view name) const { return find(name) != nullptr; }

const TensorView& Checkpoint::get(std::string_view name) const {
  const TensorView* v = find(name);
  if (!v) DSEEK_FAIL("missing tensor '{}' in {}", name, source_);
  return *v;
}

std::vector<std::string> Checkpoint::names() const {
  std::vector<std::string> out;
  out.reserve(index_.size());
  for (const Slot& s : index_) out.emplace_back(s.name);
  return out;
}

}  // namespace dseek
