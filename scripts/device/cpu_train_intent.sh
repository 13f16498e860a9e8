#!/usr/bin/env bash
# cpu_train_intent.sh — the whole intent-model recipe on the GPU machine's 16
# CPU cores with dseek's own trainer (run through the device tool with
# .devbundle carried; bundle.sh + the data files listed below make it):
#   1. pre-train the base model on the tokenised corpus for ~PRE_S seconds
#      (a probe measures tokens/s and sizes the cosine schedule);
#   2. SFT on the chat-formatted intent examples (answer-only loss,
#      shared-prefix packing), SFT_EPOCHS epochs;
#   3. GRPO with the label reward, GRPO_STEPS updates;
#   4. FP8 export of the SFT and GRPO models, dev-split evaluation.
# Needs in .devbundle: run.sh (+dseek, lib/), cfg/config.json, tok/,
# data/pre/*.gz + meta.json, sft_train.jsonl, sft_dev.jsonl.
# Results in $OUT (8 files at most, 16 MB each).
# Measured (2026-11-30): the host reached only ~3,500 tok/s on 16 cores (gVisor; before the
# training speed-ups of that day), barely above the 2-core VM, so the embedded model was trained
# locally (scripts/intent/train_intent.sh). Kept for bare-metal hosts; CUDA training is the real fix.
set -euo pipefail
PRE_S=${PRE_S:-300}; SFT_EPOCHS=${SFT_EPOCHS:-3}; GRPO_STEPS=${GRPO_STEPS:-30}
B=.devbundle; OUT=${OUT:-/tmp/out}; W=/tmp/w; mkdir -p $W/pre $W/meta
T=$(nproc)
D() { $B/run.sh dseek "$@"; }
for f in $B/data/pre/*.gz; do gunzip -c "$f" > "$W/pre/$(basename "${f%.gz}")"; done
cp $B/data/pre/meta.json $W/pre/
echo "cores $T"; date +%T
# 1. pre-training
ARGS=(--model $B/cfg/config.json --data $W/pre --tokenizer $B/tok --batch 16 --seq 256 --lr 2e-3 --min-lr 1e-4
      --threads $T --no-progress)
D train "${ARGS[@]}" --steps 6 --warmup 2 --out $W/probe > $W/probe.txt 2>&1 || { cat $W/probe.txt; exit 1; }
TOKS=$(python3 -c "import json;r=[json.loads(l)['tok_s'] for l in open('$W/probe/train_log.jsonl') if '\"tok_s\"' in l][2:];print(sorted(r)[len(r)//2])")
STEPS=$(python3 -c "print(max(20,int($TOKS*$PRE_S/4096)))")
echo "pretrain probe: $TOKS tok/s -> $STEPS steps"
D train "${ARGS[@]}" --steps $STEPS --warmup $((STEPS/20+1)) --eval-every $((STEPS/5+1)) --eval-batches 8 \
  --save-dtype f32 --out $W/base 2>&1 | tail -2
BASE=$W/base/$(cat $W/base/latest); cp $W/base/train_log.jsonl $W/meta/base_log.jsonl; date +%T
# 2. SFT (answer-only loss, all examples behind one copy of the system prompt)
SFT_STEPS=$(python3 -c "print(int($SFT_EPOCHS*4110/20/4)+1)")
D train --init-from $BASE --sft $B/sft_train.jsonl --tokenizer $B/tok --share-prefix --batch 4 --seq 1024 \
  --steps $SFT_STEPS --lr 1e-3 --min-lr 5e-5 --warmup 10 --wd 0.1 --save-dtype f32 --threads $T --no-progress \
  --out $W/sft 2>&1 | tail -2
SFT=$W/sft/$(cat $W/sft/latest); cp $W/sft/train_log.jsonl $W/meta/sft_log.jsonl; date +%T
D quantize -m $SFT -o $W/sft_fp8 --no-progress && cp $W/sft_fp8/model.safetensors $OUT/sft_fp8.safetensors
cp $W/sft_fp8/config.json $W/meta/config_fp8.json; cp $W/sft_fp8/tokenizer*.json $W/meta/
tar czf $OUT/meta.tgz -C $W/meta .   # early copy: survives a later timeout
D intent --threads $T eval data/intent/dev.jsonl --model $SFT 2>&1 | tee $W/meta/eval_sft_dev.txt | tail -4
# 3. GRPO
D train grpo --init-from $SFT --prompts $B/sft_train.jsonl --out $W/grpo --steps $GRPO_STEPS --prompts-per-step 16 \
  --group 8 --beta 0.04 --lr 2e-5 --threads $T --no-progress 2>&1 | tail -2
cp $W/grpo/grpo_log.jsonl $W/meta/; date +%T
D intent --threads $T eval data/intent/dev.jsonl --model $W/grpo 2>&1 | tee $W/meta/eval_grpo_dev.txt | tail -4
# 4. export
D quantize -m $W/grpo -o $W/grpo_fp8 --no-progress
D quantize -m $W/grpo -o $W/grpo_bf16 --dtype bf16 --no-progress
cp $W/grpo_bf16/config.json $W/meta/config_bf16.json
tar czf $OUT/meta.tgz -C $W/meta .
cp $W/grpo_fp8/model.safetensors $OUT/grpo_fp8.safetensors
split -b 12M -d $W/grpo_bf16/model.safetensors $OUT/grpo_bf16.part
ls -la $OUT; date +%T
