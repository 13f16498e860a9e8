#!/usr/bin/env bash
# mp_train_check.sh — run ON A 2-GPU MACHINE (device tool, nvidia-h200-x2, .devbundle carried):
# (1) the same training run in one process over --gpus 0,1 and as two processes
#     (--rank 0/1 --world 2, one GPU each): their loss curves must be identical;
# (1b, PARTS=zero1) ZeRO-1 across the two processes vs the all-reduce, and its stop + resume;
# (1c, PARTS=accum) 2 processes x 2 accumulated micro-batches (all-reduce and ZeRO-1) vs one GPU
#     with 4: the same curve within bf16 rounding (the gradients are reduced once per step);
# (1d, PARTS=ep) expert parallelism: 2 processes (each holding half of the experts) x 2 accumulated
#     vs one GPU with 4 (bf16 rounding), vs one process over --gpus 0,1 (identical), and a run
#     stopped at step 15 (checkpoint gathers the experts) then resumed vs uninterrupted;
# (2) throughput of 1 GPU and of 2 processes on the moe-400m preset (TP_BATCH=8 x 1024 tokens per GPU);
# (3) a fault: rank 1 is killed mid-run; rank 0 must exit non-zero with a clear message
#     within --timeout instead of hanging.
# Results under $OUT (or ./mp_out).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-mp_out}; mkdir -p "$OUT"
D() { .devbundle/run.sh dseek "$@"; }
D train data --tokenizer bytes -o /tmp/mpd docs README.md scripts > /dev/null 2>&1
PARTS=${PARTS:-same,speed,fault}  # which checks to run
A=(train --model micro --data /tmp/mpd --device cuda --batch 8 --seq 256 --lr 3e-3 --warmup 5 --no-progress --seed 1)
if [[ $PARTS == *same* ]]; then
rm -rf /tmp/mp_one /tmp/mp_two
D "${A[@]}" --steps 40 --gpus 0,1 --out /tmp/mp_one > "$OUT/one.log" 2>&1; echo "one process: rc $?"
D "${A[@]}" --steps 40 --rank 1 --world 2 --gpu 1 --out /tmp/mp_two > "$OUT/two_r1.log" 2>&1 &
D "${A[@]}" --steps 40 --rank 0 --world 2 --gpu 0 --out /tmp/mp_two > "$OUT/two_r0.log" 2>&1; echo "two processes: rank 0 rc $?"
wait; ls -a /tmp/mp_two | tr '\n' ' '; echo
python3 - /tmp/mp_one/train_log.jsonl /tmp/mp_two/train_log.jsonl <<'PY' | tee "$OUT/compare.txt"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1]) if '"main_loss"' in l]
b = [json.loads(l) for l in open(sys.argv[2]) if '"main_loss"' in l]
same = len(a) == len(b) and all(x["loss"] == y["loss"] and x["grad_norm"] == y["grad_norm"] for x, y in zip(a, b))
worst = max(abs(x["loss"] - y["loss"]) for x, y in zip(a, b)) if a and b else float("nan")
print(f"steps {len(a)} vs {len(b)}; bit-identical losses and grad norms: {same}; worst |diff| {worst:.3g}")
print(f"first/last loss: {a[0]['loss']:.4f} -> {a[-1]['loss']:.4f}")
PY
fi
if [[ $PARTS == *zero1* ]]; then
# ZeRO-1 over two processes: the same curve as the plain all-reduce (one process, --gpus 0,1), and a
# run stopped at step 20 then resumed (its checkpoint's AdamW moments gathered from both slices)
# must continue exactly as the uninterrupted one.
rm -rf /tmp/mp_z /tmp/mp_zr
[ -f /tmp/mp_one/train_log.jsonl ] || D "${A[@]}" --steps 40 --gpus 0,1 --out /tmp/mp_one > "$OUT/one.log" 2>&1
Z() { D "${A[@]}" --steps 40 --zero1 --rank 1 --world 2 --gpu 1 "$@" > /dev/null 2>&1 &
      D "${A[@]}" --steps 40 --zero1 --rank 0 --world 2 --gpu 0 "$@" > "$OUT/z_r0.log" 2>&1; echo "zero1 $*: rank 0 rc $?"; wait; }
Z --out /tmp/mp_z
Z --out /tmp/mp_zr --stop-at 20
Z --out /tmp/mp_zr --resume /tmp/mp_zr
python3 - /tmp/mp_one/train_log.jsonl /tmp/mp_z/train_log.jsonl /tmp/mp_zr/train_log.jsonl <<'PY' | tee -a "$OUT/compare.txt"
import json, sys
def rows(p): return {r["step"]: r for r in (json.loads(l) for l in open(p)) if '"main_loss"' in json.dumps(r)}
a, z, zr = (rows(p) for p in sys.argv[1:4])
rel = max(abs(z[s]["loss"] - a[s]["loss"]) / a[s]["loss"] for s in a)
print(f"zero1 (2 processes) vs all-reduce (1 process): {len(z)} vs {len(a)} steps, worst relative loss diff {rel:.3g}")
same = all(zr[s]["loss"] == z[s]["loss"] and zr[s]["grad_norm"] == z[s]["grad_norm"] for s in z)
wr = max(abs(zr[s]["loss"] - z[s]["loss"]) / z[s]["loss"] for s in z)
print(f"zero1 stopped at 20 + resumed vs uninterrupted: {len(zr)} steps, bit-identical: {same}, worst relative diff {wr:.3g}")
PY
fi
if [[ $PARTS == *accum* ]]; then
rm -rf /tmp/mp_a1 /tmp/mp_a2 /tmp/mp_az
D "${A[@]}" --steps 30 --grad-accum 4 --gpu 0 --out /tmp/mp_a1 > /dev/null 2>&1
for z in a2 az; do
  X=(); [ $z = az ] && X=(--zero1)
  D "${A[@]}" --steps 30 --grad-accum 2 "${X[@]}" --rank 1 --world 2 --gpu 1 --out /tmp/mp_$z > /dev/null 2>&1 &
  D "${A[@]}" --steps 30 --grad-accum 2 "${X[@]}" --rank 0 --world 2 --gpu 0 --out /tmp/mp_$z > /dev/null 2>&1
  echo "accum $z: rank 0 rc $?"; wait
done
python3 - /tmp/mp_a1/train_log.jsonl /tmp/mp_a2/train_log.jsonl /tmp/mp_az/train_log.jsonl <<'PY' | tee -a "$OUT/compare.txt"
import json, sys
def rows(p): return {r["step"]: r for r in (json.loads(l) for l in open(p)) if "main_loss" in r}
one, a2, az = (rows(p) for p in sys.argv[1:4])
for name, x in (("all-reduce", a2), ("ZeRO-1", az)):
    rl = max(abs(x[s]["loss"] - one[s]["loss"]) / one[s]["loss"] for s in one)
    rg = max(abs(x[s]["grad_norm"] - one[s]["grad_norm"]) / one[s]["grad_norm"] for s in one)
    print(f"2 processes x 2 accumulated ({name}) vs 1 GPU x 4: {len(x)} vs {len(one)} steps, "
          f"worst relative diff: loss {rl:.3g}, grad norm {rg:.3g}")
PY
fi
if [[ $PARTS == *ep* ]]; then
rm -rf /tmp/mp_e /tmp/mp_er /tmp/mp_e1
[ -f /tmp/mp_a1/train_log.jsonl ] || D "${A[@]}" --steps 30 --grad-accum 4 --gpu 0 --out /tmp/mp_a1 > /dev/null 2>&1
EP=("${A[@]}" --steps 30 --grad-accum 2 --expert-parallel)  # + --ep-dispatch (the micro preset's auto = alltoall)
E() { local d=$1; shift
      D "${EP[@]}" --ep-dispatch $d --rank 1 --world 2 --gpu 1 "$@" > "$OUT/e_r1.log" 2>&1 &
      D "${EP[@]}" --ep-dispatch $d --rank 0 --world 2 --gpu 0 "$@" > "$OUT/e_r0.log" 2>&1; echo "expert-parallel $d $*: rank 0 rc $?"; wait; }
E allgather --out /tmp/mp_e
E allgather --out /tmp/mp_er --stop-at 15
E allgather --out /tmp/mp_er --resume /tmp/mp_er
rm -rf /tmp/mp_ea; E alltoall --out /tmp/mp_ea
D "${EP[@]}" --ep-dispatch allgather --gpus 0,1 --out /tmp/mp_e1 > "$OUT/e_one.log" 2>&1; echo "expert-parallel, one process: rc $?"
python3 - /tmp/mp_a1/train_log.jsonl /tmp/mp_e/train_log.jsonl /tmp/mp_er/train_log.jsonl /tmp/mp_e1/train_log.jsonl /tmp/mp_ea/train_log.jsonl <<'PY' | tee -a "$OUT/compare.txt"
import json, sys
def rows(p): return {r["step"]: r for r in (json.loads(l) for l in open(p)) if "main_loss" in r}
one, e, er, e1, ea = (rows(p) for p in sys.argv[1:6])
rl = max(abs(e[s]["loss"] - one[s]["loss"]) / one[s]["loss"] for s in one)
rg = max(abs(e[s]["grad_norm"] - one[s]["grad_norm"]) / one[s]["grad_norm"] for s in one)
print(f"expert-parallel 2 processes x 2 vs 1 GPU x 4: {len(e)} vs {len(one)} steps, worst relative diff: loss {rl:.3g}, grad norm {rg:.3g}")
rl = max(abs(ea[s]["loss"] - one[s]["loss"]) / one[s]["loss"] for s in one)
rg = max(abs(ea[s]["grad_norm"] - one[s]["grad_norm"]) / one[s]["grad_norm"] for s in one)
print(f"expert-parallel all-to-all, 2 processes x 2 vs 1 GPU x 4: {len(ea)} steps, worst relative diff: loss {rl:.3g}, grad norm {rg:.3g}")
same = all(e1[s]["loss"] == e[s]["loss"] and e1[s]["grad_norm"] == e[s]["grad_norm"] for s in e)
print(f"expert-parallel one process (--gpus 0,1) vs 2 processes: {len(e1)} steps, bit-identical: {same}")
same = all(er[s]["loss"] == e[s]["loss"] and er[s]["grad_norm"] == e[s]["grad_norm"] for s in e)
wr = max(abs(er[s]["loss"] - e[s]["loss"]) / e[s]["loss"] for s in e)
print(f"expert-parallel stopped at 15 + resumed vs uninterrupted: {len(er)} steps, bit-identical: {same}, worst relative diff {wr:.3g}")
PY
fi
if [[ $PARTS == *speed* ]]; then
# Throughput on the moe-400m preset (random tokens of the bytes corpus; steps 2.. averaged in the log).
B=(train --model moe-400m --data /tmp/mpd --device cuda --steps 12 --batch ${TP_BATCH:-8} --seq 1024 --no-progress --seed 1)
rm -rf /tmp/tp0 /tmp/tp2
D "${B[@]}" --gpu 0 --out /tmp/tp0 > "$OUT/tp_gpu1.log" 2>&1
D "${B[@]}" --rank 1 --world 2 --gpu 1 --out /tmp/tp2 > /dev/null 2>&1 &
D "${B[@]}" --rank 0 --world 2 --gpu 0 --out /tmp/tp2 > "$OUT/tp_two.log" 2>&1; wait
python3 - /tmp/tp0/train_log.jsonl /tmp/tp2/train_log.jsonl ${TP_BATCH:-8} <<'PY' | tee -a "$OUT/compare.txt"
import json, sys
for name, p in zip(("1 GPU", "2 processes"), sys.argv[1:3]):
    r = [json.loads(l) for l in open(p) if '"tok_s"' in l][3:]
    print(f"moe-400m {sys.argv[3]}x1024 per GPU, {name}: {sum(x['tok_s'] for x in r) / max(1, len(r)):,.0f} tok/s")
PY
fi
[[ $PARTS == *fault* ]] || exit 0
# Fault: kill rank 1 after KILL_AFTER (20) s of a long run; rank 0 must fail within --timeout 30.
# FAULT_EXTRA adds options to both ranks (e.g. --expert-parallel: collectives inside every MoE layer).
rm -rf /tmp/mp_f
A+=(${FAULT_EXTRA:-})
D "${A[@]}" --steps 100000 --rank 1 --world 2 --gpu 1 --timeout 30 --out /tmp/mp_f > "$OUT/fault_r1.log" 2>&1 &
P1=$!
( S=$(date +%s); D "${A[@]}" --steps 100000 --rank 0 --world 2 --gpu 0 --timeout 30 --out /tmp/mp_f > "$OUT/fault_r0.log" 2>&1
  echo "rank 0 rc $? after $(( $(date +%s) - S )) s" > "$OUT/fault.txt" ) &
P0=$!
sleep ${KILL_AFTER:-20}; pkill -9 -f -- "--rank 1 --world 2 --gpu 1 --timeout 30" ; K=$(date +%s)
wait $P0; echo "killed rank 1; rank 0 gone $(( $(date +%s) - K )) s later" >> "$OUT/fault.txt"
cat "$OUT/fault.txt"; tail -2 "$OUT/fault_r0.log"
