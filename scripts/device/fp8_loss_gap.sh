#!/usr/bin/env bash
# fp8_loss_gap.sh — run ON THE GPU MACHINE: the same pre-training run (same model, data, seed and
# schedule) with BF16 GEMMs and with DeepSeek's FP8 numerics (`--precision fp8`), and the relative
# gap of their losses (DeepSeek-V3 reports < 0.25 %) and step times.
# Usage: fp8_loss_gap.sh TOKEN_DATA_DIR [STEPS] [MODEL]   (needs .devbundle; results under $OUT)
# Env TRAIN_ARGS: extra `dseek train` options for both runs (e.g. "--vocab 4103").
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:?usage: fp8_loss_gap.sh TOKEN_DATA_DIR [STEPS] [MODEL]}
STEPS=${2:-600}; MODEL=${3:-scripts/intent/model_config.json}
OUT=${OUT:-fp8_out}; mkdir -p "$OUT"
for p in bf16 fp8; do
  .devbundle/run.sh dseek train --model "$MODEL" --data "$DATA" --device cuda --precision $p --steps $STEPS \
    --batch 64 --seq 512 --lr 2e-3 --min-lr 1e-4 --warmup 100 --seed 3 --eval-every $STEPS --eval-batches 32 \
    --no-progress --out "/tmp/fp8gap_$p" ${TRAIN_ARGS:-} > "$OUT/fp8gap_$p.log" 2>&1 || { echo "$p run failed:"; tail -5 "$OUT/fp8gap_$p.log"; }
  cp "/tmp/fp8gap_$p/train_log.jsonl" "$OUT/fp8gap_$p.jsonl"
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
r = {}
for p in ("bf16", "fp8"):
    rows = [json.loads(l) for l in open(f"{out}/fp8gap_{p}.jsonl")]
    tr = [x for x in rows if "main_loss" in x]
    val = [x["val_loss"] for x in rows if "val_loss" in x]
    last = tr[-50:]
    r[p] = dict(train=sum(x["main_loss"] for x in last) / len(last), val=val[-1] if val else None,
                tok_s=sum(x["tok_s"] for x in tr[10:]) / max(1, len(tr) - 10), skipped=sum(x["skipped"] for x in tr))
for p, v in r.items():
    print(f"{p}: train loss (last 50 steps) {v['train']:.4f}, val loss {v['val']:.4f}, {v['tok_s']:.0f} tok/s, skipped {v['skipped']}")
print(f"FP8 vs BF16: train loss {100*(r['fp8']['train']/r['bf16']['train']-1):+.3f} %, "
      f"val loss {100*(r['fp8']['val']/r['bf16']['val']-1):+.3f} %, speed {r['fp8']['tok_s']/r['bf16']['tok_s']:.2f}x")
json.dump(r, open(f"{out}/fp8_gap.json", "w"), indent=2)
PY
