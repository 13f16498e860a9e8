// model_args.cpp — see model_args.h.
#include "cli/model_args.h"

#include <charconv>
#include <climits>
#include <cstdlib>
#include <cstdio>
#include <filesystem>

#include "backend/cpu/cpu_features.h"
#include "core/check.h"
#include "core/threadpool.h"
#include "io/mmap.h"
#include "model/layout.h"

namespace dseek::cli {

std::unique_ptr<IntentModel> open_intent_model(ModelArgs a, const intent::ClassifierOptions& co) {
  a.no_prefetch = true;  // small models: page faults are cheap
  auto im = std::make_unique<IntentModel>(IntentModel{load_for_cli(a, true), nullptr, nullptr, {}, {}});
  const ActiveCounts n = count_params(im->lm.model.cfg);
  // One message of a small model is a few dozen tokens through matrices of a few hundred rows: waking
  // a second thread for every linear costs more than it saves (embedded model on 2 cores: p50 1.50 ms
  // on one thread vs 1.68 ms on two). --threads or DSEEK_THREADS still decide when given.
  const char* env_threads = std::getenv("DSEEK_THREADS");
  if (a.threads == 0 && !(env_threads && *env_threads) && n.active_params < kIntentOneThreadBelow) a.threads = 1;
  im->be = a.backend();
  // Small FP8 models: exact F32 copies (prepacked), unless bf16 panels were made (--bf16-activations).
  if (!a.bf16x() && im->lm.model.cfg.quant.fp8 && n.total_params < (int64_t(64) << 20))
    dequantize_fp8_weights(im->lm.model);
  im->clf = std::make_unique<intent::Classifier>(im->lm.model, *im->lm.tokenizer, *im->be, co);
  im->args = a;
  im->opts = co;
  return im;
}

IntentWorker intent_worker(const IntentModel& im) {
  ModelArgs a = im.args;
  a.threads = 1;
  IntentWorker w{a.backend(), nullptr};
  w.clf = std::make_unique<intent::Classifier>(im.lm.model, *im.lm.tokenizer, *w.be, im.opts);
  return w;
}

std::string find_default_intent_model() {
  namespace fs = std::filesystem;
  if (const char* e = std::getenv("DSEEK_INTENT_MODEL"); e && *e) return e;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && fs::exists(exe.parent_path().parent_path() / "models/dseek-intent/config.json"))
    return (exe.parent_path().parent_path() / "models/dseek-intent").string();
#ifdef DSEEK_SOURCE_DIR
  const fs::path src = fs::path(DSEEK_SOURCE_DIR) / "models/dseek-intent";
  if (fs::exists(src / "config.json")) return src.string();
#endif
  return "";
}

void ModelArgs::add_to(CLI::App* cmd, bool model_required) {
  auto* m = cmd->add_option("-m,--model", model_dir, "Model directory (config.json, *.safetensors, tokenizer.json)");
  if (model_required) m->required();
  cmd->add_option("--threads", threads, "CPU threads (default: all available; env DSEEK_THREADS)");
  cmd->add_flag("--reference", reference, "Use the plain reference kernels (slow; for checking)");
  cmd->add_flag("--bf16-activations", bf16_activations,
                "CPU: round activations to bf16 for BF16/FP8 weights and use AVX512-BF16 dot products; the "
                "projections are also kept as bf16 prefill panels when they fit in half of the free memory (prefill "
                "~1.6x faster; ~1e-2 relative error, like llama.cpp's BF16 path)");
  cmd->add_flag("--no-prefetch", no_prefetch, "Do not pre-read the weights at start-up (with --memory mmap)");
  cmd->add_option("--memory", memory,
                  "Where the weights live: ram = read into memory on 2 MB pages (fastest CPU decode), mmap = map "
                  "the files in place (any size), auto = ram when they take at most half of the available memory "
                  "(mmap with --device cuda)")
      ->check(CLI::IsMember({"auto", "ram", "mmap"}))
      ->capture_default_str();
  cmd->add_option("--device", device, "Where to run: cpu | cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  cmd->add_option("--gpu", gpu, "CUDA device index (with --device cuda)")->capture_default_str();
  cmd->add_option("--gpus", gpus,
                  "cuda: expert parallelism over these GPUs of this host, e.g. 0,1 — the routed experts are split "
                  "among them (a model larger than one GPU), attention is replicated, NCCL sums each MoE layer");
}

std::vector<int> parse_gpu_list(const std::string& gpus) {
  std::vector<int> d;
  for (int32_t g : parse_token_list(gpus)) d.push_back(int(g));
  DSEEK_CHECK(d.size() >= 2, "--gpus: expert parallelism needs at least 2 GPUs, got '{}' (use --gpu N for one)", gpus);
  return d;
}

CudaModelOptions ModelArgs::cuda_options() const {
  CudaModelOptions o;
  o.device = gpu;
  if (!gpus.empty()) {
    DSEEK_CHECK(cuda(), "--gpus needs --device cuda");
    o.devices = parse_gpu_list(gpus);
    o.device = o.devices[0];
  }
  return o;
}

Runner make_runner(const ModelArgs& a, const Model& m) {
  Runner r;
  r.be = a.backend();
  DSEEK_CHECK(a.gpus.empty() || a.cuda(), "--gpus needs --device cuda");
  if (a.cuda()) {
    DSEEK_CHECK(cuda_built(), "--device cuda: this dseek was built without CUDA (reconfigure with nvcc on the PATH)");
    DSEEK_CHECK(cuda_device_count() > 0, "--device cuda: no CUDA device is visible");
    CudaModelOptions o = a.cuda_options();
    o.progress = true;
    // One conversation at a time (run/chat/bench): room for one full context, at most 64K
    // tokens (4.6 GB of BF16 latent cache for the real V3's 61 layers).
    o.cache_tokens = std::min<int64_t>(m.cfg.max_position_embeddings + 64, 65536);
    o.max_seqs = 2;
    r.cuda = CudaModel::create(m, o);
    const CudaStats st = r.cuda->stats();
    std::fprintf(stderr, "cuda: %s, weights %.2f GB, latent cache %.2f GB\n", st.device.c_str(), st.weight_bytes / 1e9,
                 st.cache_bytes / 1e9);
  }
  return r;
}

std::unique_ptr<SequenceModel> Runner::sequence(const Model& m, int64_t capacity) const {
  if (cuda) return cuda_sequence(*cuda);
  return cpu_sequence(m, *be, std::min(capacity, m.cfg.max_position_embeddings + 1));
}

std::string Runner::name() const { return cuda ? cuda->stats().device : be->name(); }

std::unique_ptr<Backend> ModelArgs::backend() const {
  DSEEK_CHECK(threads >= 0 && threads <= 1024, "--threads: expected 0..1024, got {}", threads);
  return make_cpu_backend({.reference = reference, .threads = threads, .bf16_activations = bf16_activations});
}

bool ModelArgs::bf16x() const {
  return bf16_activations && !cuda() && !reference && cpu::bf16x_supported(cpu::selected_isa());
}

WeightMemory ModelArgs::weight_memory() const {
  if (memory == "ram") return WeightMemory::Ram;
  if (memory == "mmap" || cuda()) return WeightMemory::Mmap;  // a GPU run copies the weights to the device
  return WeightMemory::Auto;
}

LoadedModel load_for_cli(const ModelArgs& a, bool need_tokenizer) {
  namespace fs = std::filesystem;
  LoadedModel lm{load_model(a.model_dir, {.memory = a.weight_memory(), .progress = !a.no_prefetch}), std::nullopt};
  if (fs::exists(fs::path(a.model_dir) / "tokenizer.json")) {
    lm.tokenizer.emplace(Tokenizer::load(a.model_dir));
  } else {
    DSEEK_CHECK(!need_tokenizer, "no tokenizer.json in '{}' (this command needs one)", a.model_dir);
  }
  if (!a.no_prefetch && !lm.model.ckpt->resident()) prefetch_weights(lm.model, true);
  // --bf16-activations: the prefill kernel's bf16 panels, made once here instead of per call,
  // when they fit in half of the free memory (they are a second copy of the projections).
  if (a.bf16x()) {
    const size_t bytes = bf16_panel_bytes(lm.model);
    if (bytes > 0 && fits_in_memory(bytes)) {
      ThreadPool pool(a.threads);
      prepack_bf16_weights(lm.model, pool, !a.no_prefetch);
    } else if (bytes > 0) {
      std::fprintf(stderr, "note: %.2f GB of bf16 prefill panels do not fit in half of the free memory; "
                           "converting per call\n", double(bytes) / 1e9);
    }
  }
  return lm;
}

std::vector<int32_t> parse_token_list(const std::string& s) {
  std::vector<int32_t> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    std::string_view part(s.data() + i, j - i);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    int64_t v = 0;
    auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    DSEEK_CHECK(ec == std::errc() && p == part.data() + part.size() && !part.empty() && v >= 0 && v <= INT32_MAX,
                "--tokens: '{}' is not a non-negative integer", part);
    out.push_back(int32_t(v));
    i = j + 1;
  }
  DSEEK_CHECK(!out.empty(), "--tokens: no token ids given");
  return out;
}


}  // namespace dseek::cli
