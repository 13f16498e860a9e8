// safetensors.h — validated reading of Hugging Face .safetensors checkpoints.
// What it is: (1) parse_safetensors_header, a pure function over the bytes of a
// whole file that validates the header the way the reference Rust crate does
// (size limit, JSON object, known dtypes, contiguous offsets, byte counts,
// no duplicates); (2) SafetensorsFile, one mmap'd file; (3) Checkpoint, a model
// directory (single file or shards listed by model.safetensors.index.json).
// What it is not: a writer (see safetensors_writer.h), a dtype converter, or a
// loader that converts weights — views point into the read-only mapping (the
// file in place, or a resident huge-page copy of it: MapMode).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/dtype.h"
#include "core/tensor.h"
#include "io/mmap.h"

namespace dseek {

// Largest header the reference implementation accepts (bytes after the 8-byte length).
inline constexpr uint64_t kSafetensorsMaxHeader = 100'000'000;

struct SafetensorsEntry {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0;  // offsets relative to the start of the data section
  uint64_t end = 0;
};

struct SafetensorsHeader {
  std::vector<SafetensorsEntry> tensors;       // sorted by name, names unique
  std::map<std::string, std::string> metadata;  // "__metadata__" (empty when absent)
  uint64_t header_size = 0;                     // N, the JSON length
  uint64_t data_offset = 0;                     // 8 + N
  uint64_t data_size = 0;                       // file size - 8 - N
};

// Validates and parses the header of a complete safetensors file held in
// [data, data + size). `source` names the file in error messages. Throws
// dseek::Error for every malformed input; never reads outside the buffer.
SafetensorsHeader parse_safetensors_header(const uint8_t* data, size_t size,
                                           std::string_view source = "<buffer>");

// One mmap'd .safetensors file. Views stay valid while the object lives
// (moving the object keeps them valid: the mapping does not move).
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path, MapMode mode = MapMode::InPlace, Progress* progress = nullptr);

  const TensorView* find(std::string_view name) const;  // nullptr when absent
  std::vector<std::string> names() const;               // sorted
  size_t size() const { return entries_.size(); }
  const std::map<std::string, std::string>& metadata() const { return header_.metadata; }
  const std::vector<SafetensorsEntry>& entries() const { return header_.tensors; }
  const std::string& path() const { return file_.path(); }
  bool resident() const { return file_.resident(); }
  size_t file_size() const { return file_.size(); }

 private:
  MappedFile file_;
  SafetensorsHeader header_;
  std::vector<TensorView> entries_;  // parallel to header_.tensors (sorted by name)
};

// All tensors of a model: `path` is a directory holding either
// model.safetensors.index.json (+ the shards its weight_map names) or
// model.safetensors; or directly a .safetensors file; or an *.index.json file.
enum class WeightMemory {
  Auto,  // Ram when the files take at most half of the available memory, else Mmap
  Mmap,  // map the files in place (MapMode::InPlace)
  Ram,   // read them into huge-page memory (MapMode::Resident)
};

struct CheckpointOptions {
  WeightMemory memory = WeightMemory::Mmap;
  bool progress = false;  // a progress bar while reading into RAM
};

class Checkpoint {
 public:
  explicit Checkpoint(const std::string& path, const CheckpointOptions& opt = {});

  bool has(std::string_view name) const;
  const TensorView* find(std::string_view name) const;  // nullptr when absent
  const TensorView& get(std::string_view name) const;   // throws "missing tensor 'X' in <dir>"
  std::vector<std::string> names() const;               // sorted
  size_t size() const { return index_.size(); }
  const std::string& source() const { return source_; }
  const std::vector<std::unique_ptr<SafetensorsFile>>& files() const { return files_; }
  bool resident() const;  // every file is held in RAM (WeightMemory::Ram)
  uint64_t bytes() const;  // total size of the files

 private:
  void add_file(std::unique_ptr<SafetensorsFile> f);
  void open_files(const std::vector<std::string>& paths, const std::string& index_path,
                  const CheckpointOptions& opt);

  std::string source_;
  std::vector<std::unique_ptr<SafetensorsFile>> files_;
  struct Slot {
    std::string_view name;  // points into the owning file's header (stable)
    const TensorView* view;
    size_t file;  // index into files_
  };
  std::vector<Slot> index_;  // sorted by name, unique
};

// Parses the text of a model.safetensors.index.json: returns tensor -> shard
// file name, validated (object with a "weight_map" object of string->string,
// no duplicate keys, plain shard file names). `source` names it in errors.
std::map<std::string, std::string> parse_safetensors_index(std::string_view text,
                                                           std::string_view source);

}  // namespace dseek
