#!/usr/bin/env bash
# gpu_train_intent.sh — run ON THE GPU MACHINE (device tool): the embedded
# intent model's recipe (scripts/intent/train_intent.sh) with the base
# pre-training and the SFT on the GPU (`dseek train --device cuda`), so the
# base model sees far more tokens than the CPU recipe's 2.5 M:
#   corpus -> tokens (the committed tokenizer) -> pre-train for PRETRAIN_MIN
#   minutes of the GPU (steps sized by a 30-step probe) -> one token per label
#   -> SFT -> FP8 export -> evaluation on dev/test/seed.
# Needs (carry): .devbundle (scripts/device/bundle.sh build/dseek) and .devdata
# with corpus.tar.xz (the Debian corpus sources of docs/corpus.md), tok/
# (the 4,096-id tokenizer) and sft_mix.jsonl.xz (the SFT examples of
# train_intent.sh, dev/test families excluded). Results under $OUT: the chosen
# model (FP8, without tokenizer) and logs.tgz (pipeline log, training logs,
# evaluations, the tokenizer).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-gpu_intent_out}; mkdir -p "$OUT"
W=${W:-/tmp/gi}; mkdir -p "$W/corpus"
L="$W/logs"; mkdir -p "$L"  # logs, packed into $OUT/logs.tgz at the end
PRETRAIN_MIN=${PRETRAIN_MIN:-4}
MODEL_CONFIG=${MODEL_CONFIG:-scripts/intent/model_config.json}
BATCH=${BATCH:-64}; SEQ=${SEQ:-512}
[ -x .devbundle/unpack.sh ] && .devbundle/unpack.sh  # BUNDLE_XZ=1 bundles
mkdir -p build && printf '#!/bin/sh\nexec %s/.devbundle/run.sh dseek "$@"\n' "$PWD" > build/dseek && chmod +x build/dseek
D=build/dseek
t0=$(date +%s)
tar xJf .devdata/corpus.tar.xz -C "$W/corpus"
xz -dc .devdata/sft_mix.jsonl.xz > "$W/sft_mix.jsonl"
python3 -c "
import json
with open('$W/intent_train.txt','w') as f:
    for l in open('data/intent/train.jsonl'): f.write(json.loads(l)['text']+'\n\n')"
C="$W/corpus"
$D train data --tokenizer .devdata/tok --paragraphs -o "$W/pre" "$C/fortunes" "$C/jargon" "$C/python-doc" \
  "$C/bible-kjv" "$C/linux-doc" "$C/wordnet" "$W/intent_train.txt" 2>&1 | tail -2 | tee "$L/pipeline.log"
echo "data ready: $(( $(date +%s) - t0 )) s" | tee -a "$L/pipeline.log"

# Probe the step time, then size the schedule to PRETRAIN_MIN minutes.
$D train --model "$MODEL_CONFIG" --data "$W/pre" --tokenizer .devdata/tok --device cuda \
  --steps 30 --batch $BATCH --seq $SEQ --no-progress --out "$W/probe" > /dev/null 2>&1
SPS=$(python3 -c "
import json
r=[json.loads(l) for l in open('$W/probe/train_log.jsonl') if '\"tok_s\"' in l][10:]
print(sum(x['tok_s'] for x in r)/len(r)/($BATCH*$SEQ))")
STEPS=$(python3 -c "print(int($SPS*60*$PRETRAIN_MIN*0.92))")
echo "probe: $SPS steps/s at $BATCH x $SEQ -> $STEPS pre-training steps" | tee -a "$L/pipeline.log"
$D train --model "$MODEL_CONFIG" --data "$W/pre" --tokenizer .devdata/tok --device cuda \
  --steps $STEPS --batch $BATCH --seq $SEQ --lr ${LR:-2e-3} --min-lr 1e-4 --warmup 200 \
  --eval-every $(( STEPS / 8 )) --eval-batches 16 --no-progress --out "$W/base" 2>&1 | tail -3 | tee -a "$L/pipeline.log"
cp "$W/base/train_log.jsonl" "$L/base_log.jsonl"
BASE="$W/base/$(cat "$W/base/latest")"
echo "pre-trained: $(( $(date +%s) - t0 )) s" | tee -a "$L/pipeline.log"

python3 scripts/intent/add_label_tokens.py "$BASE" "$W/base_lab" | tail -1
# SFT data: the CPU recipe's mix, plus (when present) the messages of the independent training-only
# batches (dev/test families stay unseen; near-duplicates of dev/test/seed are dropped):
#   1 make_train_more.py   new families          2 make_train_more2.py  nine regional voices
#   3 make_train_more3.py  chat-app voice        4 make_train_more4.py  long, formal, non-native
#   5 make_train_more5.py  social/code-mixed     6 make_train_more6.py  label boundaries, adversarial
#   7 make_train_more7.py  framing robustness (benign openers/closers/context around every label);
#   8 make_train_more8.py  boundaries: price information vs offers, item questions vs trivia, caps;
#   9 make_train_more9.py  non-English greetings/sign-offs, innocent words that look rude, keyboard mash;
#     from batch 7 on, messages using the framing make_dataset.py reserved for dev/test are dropped too.
# add_batches OUT FROM N...: dataset OUT = dataset FROM + batches N (""= batch 1).
DATASETS="mix"
add_batches() {
  local out=$1 from=$2 b; shift 2
  for b in "$@"; do [ -f "scripts/intent/make_train_more$b.py" ] || return 0; done
  cp "$W/sft_$from.jsonl" "$W/sft_$out.jsonl"
  for b in "$@"; do
    python3 "scripts/intent/make_train_more$b.py" --out "$W/more${b}_all.jsonl" > /dev/null 2>&1
    python3 scripts/intent/filter_near_dups.py "$W/more${b}_all.jsonl" "$W/more$b.jsonl" \
      --against data/intent/dev.jsonl data/intent/test.jsonl data/intent/seed.jsonl \
      $([ "${b:-1}" -ge 7 ] && echo --heldout-framing) | tee -a "$L/pipeline.log"
    $D intent sft-data "$W/more$b.jsonl" -o "$W/sft_more$b.jsonl" > /dev/null
    cat "$W/sft_more$b.jsonl" >> "$W/sft_$out.jsonl"
  done
  DATASETS="$DATASETS $out"
}
add_batches mixmore mix ""
[ "$DATASETS" = "mix mixmore" ] && add_batches mixmore2 mixmore 2
[ "$DATASETS" = "mix mixmore mixmore2" ] && add_batches mixmore4 mixmore2 3 4
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4" ] && add_batches mixmore6 mixmore4 5 6
# Free-form messages (data/intent/train_free_*.jsonl, written one by one, no templates), repeated
# FREE_REPEAT times so ~1,700 messages weigh against ~63,000 template ones.
if ls data/intent/train_free_*.jsonl > /dev/null 2>&1 && [ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6" ]; then
  cat data/intent/train_free_*.jsonl > "$W/free_all.jsonl"
  python3 scripts/intent/filter_near_dups.py "$W/free_all.jsonl" "$W/free.jsonl" \
    --against data/intent/dev.jsonl data/intent/test.jsonl data/intent/seed.jsonl | tee -a "$L/pipeline.log"
  $D intent sft-data "$W/free.jsonl" -o "$W/sft_free.jsonl" > /dev/null
  cp "$W/sft_mixmore6.jsonl" "$W/sft_mixfree.jsonl"
  for _ in $(seq ${FREE_REPEAT:-4}); do cat "$W/sft_free.jsonl" >> "$W/sft_mixfree.jsonl"; done
  DATASETS="$DATASETS mixfree"
fi
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree" ] && add_batches mix7 mixfree 7
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree mix7" ] && add_batches mix8 mix7 8
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree mix7 mix8" ] && add_batches mix9 mix8 9
# SFT sweep (name:data:steps:lr), each scored on DEV only; the best one is exported and tested.
RUNS=${SFT_RUNS:-"a:mix:520:1e-3 b:mix:260:1e-3"}
[ "$DATASETS" = "mix mixmore" ] && RUNS=${SFT_RUNS:-"a:mix:520:1e-3 b:mixmore:520:1e-3 c:mixmore:900:1e-3 d:mixmore:520:5e-4"}
[ "$DATASETS" = "mix mixmore mixmore2" ] && RUNS=${SFT_RUNS:-"c:mixmore:900:1e-3 e:mixmore2:900:1e-3 f:mixmore2:1300:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4" ] && RUNS=${SFT_RUNS:-"f:mixmore2:1300:1e-3 g:mixmore4:1300:1e-3 h:mixmore4:2000:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6" ] && RUNS=${SFT_RUNS:-"h:mixmore4:2000:1e-3 i:mixmore6:2000:1e-3 j:mixmore6:3000:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree" ] && RUNS=${SFT_RUNS:-"j:mixmore6:3000:1e-3 k:mixfree:3000:1e-3 l:mixfree:4000:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree mix7" ] && RUNS=${SFT_RUNS:-"o:mix7:6000:1e-3 p:mix7:8000:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree mix7 mix8" ] && RUNS=${SFT_RUNS:-"q:mix8:6000:1e-3 r:mix8:7500:1e-3"}
[ "$DATASETS" = "mix mixmore mixmore2 mixmore4 mixmore6 mixfree mix7 mix8 mix9" ] && RUNS=${SFT_RUNS:-"s:mix9:7500:1e-3 t:mix9:9000:1e-3"}
best=""; best_acc=-1
for r in $RUNS; do
  IFS=: read -r name data steps lr <<< "$r"
  $D train --init-from "$W/base_lab" --sft "$W/sft_$data.jsonl" --tokenizer "$W/base_lab" --share-prefix --device cuda \
    --batch ${SFT_BATCH:-4} --seq 1024 --steps $steps --lr $lr --min-lr 3e-5 --warmup 20 --spike-factor 0 \
    --save-dtype f32 --no-progress --out "$W/sft_$name" 2>&1 | tail -1
  cp "$W/sft_$name/train_log.jsonl" "$L/sft_${name}_log.jsonl"
  ck="$W/sft_$name/$(cat "$W/sft_$name/latest")"
  acc=$($D intent eval data/intent/dev.jsonl --model "$ck" 2>/dev/null | awk '/^dseek/ {print $3}' | tr -d '%')
  echo "sft $name ($data, $steps steps, lr $lr): dev accuracy $acc% ($(( $(date +%s) - t0 )) s)" | tee -a "$L/pipeline.log"
  if python3 -c "import sys; sys.exit(0 if float('$acc') > float('$best_acc') else 1)"; then best="$ck"; best_acc=$acc; fi
done
echo "chosen on dev: $best ($best_acc%)" | tee -a "$L/pipeline.log"
SFT="$best"

$D quantize -m "$SFT" -o "$OUT/dseek-intent" --dtype fp8 2>&1 | tail -1
cp "$W/base_lab/tokenizer.json" "$W/base_lab/tokenizer_config.json" "$L/" 2>/dev/null || true
python3 -c "
import json
with open('$W/test_hw.jsonl', 'w') as f:
    for l in open('data/intent/test.jsonl'):
        if json.loads(l).get('source') == 'handwritten': f.write(l)"
for s in data/intent/dev data/intent/test data/intent/seed $W/test_hw; do
  $D intent eval $s.jsonl --model "$OUT/dseek-intent" --confusion 2>&1 | tee "$L/eval_$(basename $s).txt" | head -8
done
echo "total: $(( $(date +%s) - t0 )) s" | tee -a "$L/pipeline.log"
rm -f "$OUT/dseek-intent/tokenizer.json" "$OUT/dseek-intent/tokenizer_config.json"  # = logs/tokenizer.json
tar czf "$OUT/logs.tgz" -C "$L" .
