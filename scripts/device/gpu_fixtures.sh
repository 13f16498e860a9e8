#!/usr/bin/env bash
# gpu_fixtures.sh — run on the GPU machine (device tool) in the repo root:
# generates every reference fixture that needs torch/transformers/tokenizers
# and packs them into $OUT/fixtures.tgz (+ logs). Locally: unpack with
#   tar xzf fixtures.tgz -C /tmp/fx   and copy what is committed.
# Usage: bash scripts/device/gpu_fixtures.sh [models] [tokenizer] [chat] [bench]
set -uo pipefail
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/out}; mkdir -p "$OUT"
FX=/tmp/fx; rm -rf "$FX"; mkdir -p "$FX"
steps=("$@"); [ ${#steps[@]} -eq 0 ] && steps=(models tokenizer chat bench)
python3 -c 'import torch, transformers, tokenizers; print("torch", torch.__version__, "transformers", transformers.__version__, "tokenizers", tokenizers.__version__, "cuda", torch.cuda.is_available())'
for s in "${steps[@]}"; do
  echo "=== $s"
  case $s in
    models)
      python3 scripts/fixtures/make_model_fixtures.py "$FX/models" --seed 0 2>&1 | tee "$OUT/models.log"
      python3 scripts/fixtures/make_model_fixtures.py "$FX/models_seed1" --seed 1 2>&1 | tail -20 | tee -a "$OUT/models.log" ;;
    tokenizer)
      python3 scripts/fixtures/make_tokenizer_refs.py .deps/deepseek-v3-tokenizer "$FX/tokenizer" 2>&1 | tee "$OUT/tokenizer.log" ;;
    models_seed1)
      python3 scripts/fixtures/make_model_fixtures.py "$FX/models_seed1" --seed 1 2>&1 | tail -20 | tee "$OUT/models_seed1.log" ;;
    chat)
      python3 scripts/fixtures/make_chat_refs.py "$FX/chat" --compare tests/fixtures/chat/cases.jsonl 2>&1 | tee "$OUT/chat.log" ;;
    bench)
      [ -f scripts/fixtures/bench_hf_tokenizer.py ] && python3 scripts/fixtures/bench_hf_tokenizer.py .deps/deepseek-v3-tokenizer 2>&1 | tee "$OUT/bench_tok.log" ;;
  esac
done
tar czf "$OUT/fixtures.tgz" -C "$FX" .
ls -la "$OUT"
