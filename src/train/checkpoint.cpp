// checkpoint.cpp — model / training-state save and load (see checkpoint.h).
#include "train/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/check.h"
#include "core/progress.h"
#include "io/config.h"
#include "io/json_util.h"
#include "io/safetensors.h"
#include "io/safetensors_stream.h"
#include "model/layout.h"
#include "model/quantize.h"

namespace fs = std::filesystem;

namespace dseek::train {

namespace {

void fsync_path(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// temp + fsync + rename.
void write_file_atomic(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  DSEEK_CHECK(f, "cannot create '{}': {}", tmp.string(), std::strerror(errno));
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = ok && std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    std::remove(tmp.c_str());
    DSEEK_FAIL("writing '{}' failed: {}", tmp.string(), std::strerror(errno));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  DSEEK_CHECK(!ec, "cannot rename '{}' to '{}': {}", tmp.string(), path.string(), ec.message());
}

std::string read_text(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  DSEEK_CHECK(f, "cannot open '{}'", p.string());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::span<const uint8_t> bytes_of(const std::vector<float>& v) {
  return {reinterpret_cast<const uint8_t*>(v.data()), v.size() * 4};
}

// Any float tensor (FP8 with its block scales) -> FP32 values.
void to_f32(const Checkpoint& ck, const ModelConfig& cfg, const std::string& name, const TensorView& t,
            std::vector<float>& out) {
  const size_t n = size_t(t.numel());
  out.resize(n);
  const uint8_t* d = t.data;
  switch (t.dtype) {
    case DType::F32: std::memcpy(out.data(), d, n * 4); break;
    case DType::F64:
      for (size_t i = 0; i < n; ++i) {
        double x;
        std::memcpy(&x, d + 8 * i, 8);
        out[i] = float(x);
      }
      break;
    case DType::BF16:
    case DType::F16:
      for (size_t i = 0; i < n; ++i) {
        uint16_t h;
        std::memcpy(&h, d + 2 * i, 2);
        out[i] = t.dtype == DType::BF16 ? bf16_to_f32(h) : f16_to_f32(h);
      }
      break;
    case DType::F8_E4M3: {
      DSEEK_CHECK(t.rank() == 2, "tensor '{}': FP8 tensors must be 2-D", name);
      const std::string sname = name.substr(0, name.size() - 6) + "weight_scale_inv";
      const TensorView& s = ck.get(sname);
      Fp8BlockShape bs{t.shape[0], t.shape[1], cfg.quant.block_n, cfg.quant.block_k};
      DSEEK_CHECK(s.dtype == DType::F32 && s.numel() == bs.scale_rows() * bs.scale_cols(),
                  "tensor '{}': bad scale tensor", sname);
      std::vector<float> sc(size_t(s.numel()));
      std::memcpy(sc.data(), s.data, sc.size() * 4);
      dequantize_fp8_blocks(bs, d, sc.data(), out.data());
      break;
    }
    default: DSEEK_FAIL("tensor '{}': cannot train from dtype {}", name, dtype_name(t.dtype));
  }
}

std::string step_name(int64_t step) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "step-%08lld", static_cast<long long>(step));
  return buf;
}

}  // namespace

void save_model(const TrainParams& p, const std::string& dir, const SaveModelOptions& opt) {
  DSEEK_CHECK(opt.dtype == DType::BF16 || opt.dtype == DType::F32, "save_model: dtype must be BF16 or F32, got {}",
              dtype_name(opt.dtype));
  fs::create_directories(dir);
  ModelConfig cfg = p.cfg;
  cfg.quant = Quant{};
  cfg.quant.fp8 = opt.fp8;
  const int64_t bn = cfg.quant.block_n, bk = cfg.quant.block_k;
  auto fp8_of = [&](const ParamTensor& t) { return opt.fp8 && t.role == TensorRole::Linear && t.shape.size() == 2; };
  auto fp8_shape = [&](const ParamTensor& t) { return Fp8BlockShape{t.shape[0], t.shape[1], bn, bk}; };
  std::vector<TensorDecl> decls;
  int64_t total = 0;
  for (const ParamTensor& t : p.tensors) {
    const DType d = t.role == TensorRole::Bias ? DType::F32 : fp8_of(t) ? DType::F8_E4M3 : opt.dtype;
    decls.push_back({t.name, d, t.shape});
    total += t.numel() * int64_t(dtype_size(d));
    if (fp8_of(t)) {
      const Fp8BlockShape s = fp8_shape(t);
      decls.push_back({t.name + "_scale_inv", DType::F32, {s.scale_rows(), s.scale_cols()}});
      total += s.scale_rows() * s.scale_cols() * 4;
    }
  }
  SafetensorsStreamWriter w((fs::path(dir) / "model.safetensors").string(), decls, {{"format", "pt"}});
  Progress prog("saving model", total, "B", opt.progress);
  std::vector<uint8_t> buf;
  for (size_t i = 0, di = 0; i < p.tensors.size(); ++i, ++di) {
    const ParamTensor& t = p.tensors[i];
    if (decls[di].dtype == DType::F8_E4M3) {
      const Fp8BlockShape s = fp8_shape(t);
      buf.resize(t.w.size());
      std::vector<float> sc(static_cast<size_t>(s.scale_rows() * s.scale_cols()));
      quantize_fp8_blocks(s, t.w.data(), buf.data(), sc.data());
      w.write_next(buf);
      w.write_next(bytes_of(sc));
      prog.add(t.numel() + int64_t(sc.size()) * 4);
      ++di;  // the scale_inv declaration
      continue;
    }
    if (decls[di].dtype == DType::F32) {
      w.write_next(bytes_of(t.w));
    } else {
      buf.resize(t.w.size() * 2);
      for (size_t k = 0; k < t.w.size(); ++k) {
        const uint16_t h = f32_to_bf16(t.w[k]);
        std::memcpy(&buf[2 * k], &h, 2);
      }
      w.write_next(buf);
    }
    prog.add(t.numel() * int64_t(dtype_size(decls[di].dtype)));
  }
  w.finish();
  prog.done();
  write_file_atomic(fs::path(dir) / "config.json", to_json(cfg));
  if (opt.tokenizer_dir == "bytes") {
    write_file_atomic(fs::path(dir) / "tokenizer.json", byte_tokenizer_json());
    write_file_atomic(fs::path(dir) / "tokenizer_config.json", byte_tokenizer_config_json());
  } else if (!opt.tokenizer_dir.empty()) {
    const fs::path src = fs::is_directory(opt.tokenizer_dir) ? fs::path(opt.tokenizer_dir)
                                                             : fs::path(opt.tokenizer_dir).parent_path();
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
      if (fs::exists(src / f)) write_file_atomic(fs::path(dir) / f, read_text(src / f));
  }
  fsync_path(dir);
}

TrainParams load_params(const std::string& dir, const LoadParamsOptions& opt, std::vector<std::string>* missing) {
  const ModelConfig cfg = load_model_config(dir);
  TrainParams p = init_params(cfg, opt.seed);
  const Checkpoint ck(dir);
  Progress prog("loading " + dir, int64_t(p.tensors.size()), "", opt.progress);
  std::vector<std::string> absent;
  for (ParamTensor& t : p.tensors) {
    const TensorView* v = ck.find(t.name);
    const bool mtp = t.name.rfind("model.layers.", 0) == 0 &&
                     std::stoll(t.name.substr(13)) >= cfg.num_hidden_layers;
    if (!v) {
      DSEEK_CHECK(mtp && opt.allow_missing_mtp, "load_params: missing tensor '{}' in {}", t.name, dir);
      absent.push_back(t.name);
      continue;
    }
    DSEEK_CHECK(v->shape == t.shape, "tensor '{}': expected shape {}, got {}", t.name, shape_str(t.shape),
                shape_str(v->shape));
    to_f32(ck, cfg, t.name, *v, t.w);
    prog.add(1);
  }
  prog.done();
  // A fresh MTP head starts as the (loaded) main head.
  const std::string head = cfg.tie_word_embeddings ? "model.embed_tokens.weight" : "lm_head.weight";
  for (const std::string& n : absent)
    if (n.ends_with(".shared_head.head.weight")) p.at(n).w = p.at(head).w;
  if (missing) *missing = std::move(absent);
  return p;
}

std::string save_checkpoint(const std::string& out_dir, const TrainParams& p, const TrainState& st,
                            const SaveModelOptions& opt) {
  fs::create_directories(out_dir);
  const std::string name = step_name(st.step);
  const fs::path final_dir = fs::path(out_dir) / name;
  const fs::path tmp_dir = fs::path(out_dir) / (name + ".tmp");
  fs::remove_all(tmp_dir);
  save_model(p, tmp_dir.string(), opt);

  const bool master_in_model = opt.dtype == DType::F32;
  std::vector<TensorDecl> decls;
  std::vector<const std::vector<float>*> data;
  for (const ParamTensor& t : p.tensors) {
    if (!master_in_model) {
      decls.push_back({"master." + t.name, DType::F32, t.shape});
      data.push_back(&t.w);
    }
    if (t.trainable && t.m.size() == t.w.size() && t.v.size() == t.w.size()) {
      decls.push_back({"exp_avg." + t.name, DType::F32, t.shape});
      data.push_back(&t.m);
      decls.push_back({"exp_avg_sq." + t.name, DType::F32, t.shape});
      data.push_back(&t.v);
    }
  }
  {
    SafetensorsStreamWriter w((tmp_dir / "train_state.safetensors").string(), decls, {{"format", "dseek-train"}});
    for (const auto* d : data) w.write_next(bytes_of(*d));
    w.finish();
  }
  const nlohmann::json j = {{"format", "dseek-train-state"},
                            {"version", 1},
                            {"step", st.step},
                            {"adam_steps", st.adam_steps},
                            {"skipped", st.skipped},
                            {"tokens", st.tokens},
                            {"spike_ema", st.spike_ema},
                            {"spike_seen", st.spike_seen},
                            {"loader", {{"epoch", st.loader.epoch}, {"doc", st.loader.doc}, {"offset", st.loader.offset}}},
                            {"seed", st.seed},
                            {"master_in_model", master_in_model},
                            {"info", st.info}};
  write_file_atomic(tmp_dir / "train_state.json", j.dump(2) + "\n");
  fsync_path(tmp_dir);
  fs::remove_all(final_dir);
  fs::rename(tmp_dir, final_dir);
  fsync_path(out_dir);
  write_file_atomic(fs::path(out_dir) / "latest", name + "\n");
  fsync_path(out_dir);
  return final_dir.string();
}

std::string resolve_checkpoint(const std::string& path) {
  const fs::path p(path);
  if (fs::exists(p / "train_state.json")) return p.string();
  if (!fs::exists(p / "latest")) return {};
  std::string name = read_text(p / "latest");
  while (!name.empty() && (name.back() == '\n' || name.back() == '\r' || name.back() == ' ')) name.pop_back();
  DSEEK_CHECK(!name.empty() && name.find('/') == std::string::npos && name != "..",
              "'{}': bad latest pointer '{}'", (p / "latest").string(), name);
  const fs::path d = p / name;
  DSEEK_CHECK(fs::exists(d / "train_state.json"), "'{}' points at '{}', which has no train_state.json",
              (p / "latest").string(), d.string());
  return d.string();
}

TrainParams load_checkpoint(const std::string& step_dir, TrainState& st) {
  const fs::path dir(step_dir);
  const nlohmann::json j = parse_json_limited(read_text(dir / "train_state.json"), {}, "train_state.json");
  bool master_in_model = false;
  try {
    DSEEK_CHECK(j.at("format").get<std::string>() == "dseek-train-state", "{}: not a dseek train state",
                (dir / "train_state.json").string());
    st.step = j.at("step").get<int64_t>();
    st.adam_steps = j.at("adam_steps").get<int64_t>();
    st.skipped = j.at("skipped").get<int64_t>();
    st.tokens = j.at("tokens").get<int64_t>();
    st.spike_ema = j.at("spike_ema").get<double>();
    st.spike_seen = j.at("spike_seen").get<int64_t>();
    st.loader.epoch = j.at("loader").at("epoch").get<int64_t>();
    st.loader.doc = j.at("loader").at("doc").get<int64_t>();
    st.loader.offset = j.at("loader").at("offset").get<int64_t>();
    st.seed = j.at("seed").get<uint64_t>();
    master_in_model = j.at("master_in_model").get<bool>();
    st.info = j.value("info", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    DSEEK_FAIL("{}: {}", (dir / "train_state.json").string(), e.what());
  }
  LoadParamsOptions lo;
  lo.allow_missing_mtp = false;
  TrainParams p = load_params(step_dir, lo);
  const SafetensorsFile sf((dir / "train_state.safetensors").string());
  auto read_into = [&](const std::string& name, const ParamTensor& t, std::vector<float>& out) {
    const TensorView* v = sf.find(name);
    DSEEK_CHECK(v, "{}: missing '{}'", sf.path(), name);
    DSEEK_CHECK(v->dtype == DType::F32 && v->shape == t.shape, "{}: '{}' must be F32 {}", sf.path(), name,
                shape_str(t.shape));
    out.resize(t.w.size());
    std::memcpy(out.data(), v->data, out.size() * 4);
  };
  for (ParamTensor& t : p.tensors) {
    if (!master_in_model) read_into("master." + t.name, t, t.w);
    if (t.trainable && sf.find("exp_avg." + t.name)) {
      read_into("exp_avg." + t.name, t, t.m);
      read_into("exp_avg_sq." + t.name, t, t.v);
    }
  }
  return p;
}

}  // namespace dseek::train
