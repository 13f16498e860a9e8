#!/usr/bin/env bash
# cpu_pretrain.sh — run on the GPU machine's 16 CPU cores (device tool, with
# .devbundle carried; see bundle.sh): pre-trains the intent base model with
# dseek's own trainer for about BUDGET_S seconds. A short probe measures
# tokens/s and sizes the step count so the cosine schedule ends on time.
# Results (weights, config, tokenizer, log) go to $OUT/base.
# Measured (2026-11-30): the host reached only ~3,500 tok/s on 16 cores (gVisor; before the
# training speed-ups of that day), barely above the 2-core VM, so the embedded model was trained
# locally (scripts/intent/train_intent.sh). Kept for bare-metal hosts; CUDA training is the real fix.
set -euo pipefail
BUDGET_S=${BUDGET_S:-420}
B=.devbundle
OUT=${OUT:-/tmp/out}
D=/tmp/pre; mkdir -p "$D"
for f in $B/data/pre/*.gz; do gunzip -c "$f" > "$D/$(basename "${f%.gz}")"; done
cp $B/data/pre/meta.json "$D/"
nproc; lscpu | grep -i "model name" || true
ARGS=(--model $B/cfg/config.json --data "$D" --tokenizer $B/tok --batch ${BATCH:-16} --seq ${SEQ:-256}
      --lr ${LR:-2e-3} --min-lr 1e-4 --threads $(nproc) --no-progress)
$B/run.sh dseek train "${ARGS[@]}" --steps 8 --warmup 2 --out /tmp/probe > /tmp/probe.txt 2>&1 || { cat /tmp/probe.txt; exit 1; }
TOKS=$(python3 -c "import json;r=[json.loads(l) for l in open('/tmp/probe/train_log.jsonl') if '\"tok_s\"' in l];print(sorted(x['tok_s'] for x in r[2:])[len(r[2:])//2])")
STEPS=$(python3 -c "print(max(20,int($TOKS*$BUDGET_S/(${BATCH:-16}*${SEQ:-256}))))")
echo "probe: $TOKS tok/s -> $STEPS steps"
mkdir -p "$OUT/base"
$B/run.sh dseek train "${ARGS[@]}" --steps "$STEPS" --warmup $((STEPS/20+1)) --eval-every $((STEPS/10+1)) --eval-batches 8 \
  --out /tmp/run 2>&1 | tail -5
CK=/tmp/run/$(cat /tmp/run/latest)
cp "$CK"/config.json "$CK"/model.safetensors "$CK"/tokenizer*.json "$OUT/base/"
cp /tmp/run/train_log.jsonl "$OUT/base/"
tail -3 /tmp/run/train_log.jsonl
