#!/usr/bin/env python3
"""ncu_kernel_sum.py — sum an `ncu --csv --metrics gpu__time_duration.sum` log by
kernel name: total ms, launches, share; divide by --steps to get per step.
Usage: ncu ... --csv > log.csv; ncu_kernel_sum.py log.csv [--steps N] [--top 40]
What it is not: a profiler; it only reads ncu's CSV."""
import argparse, csv, collections, io, re, sys

ap = argparse.ArgumentParser()
ap.add_argument("csv")
ap.add_argument("--steps", type=float, default=1.0)
ap.add_argument("--top", type=int, default=40)
a = ap.parse_args()
text = open(a.csv, errors="replace").read()
start = text.find('"ID"')
if start < 0:
    sys.exit("ncu_kernel_sum: no CSV header (\"ID\",...) in " + a.csv)
tot, cnt = collections.Counter(), collections.Counter()
for row in csv.DictReader(io.StringIO(text[start:])):
    if row.get("Metric Name") != "gpu__time_duration.sum":
        continue
    name = re.sub(r"\(.*", "", row["Kernel Name"])[:90]
    v = float(row["Metric Value"].replace(",", ""))
    unit = row.get("Metric Unit", "ns")
    v *= {"ns": 1e-6, "usecond": 1e-3, "us": 1e-3, "msecond": 1.0, "ms": 1.0, "nsecond": 1e-6}.get(unit, 1e-6)
    tot[name] += v
    cnt[name] += 1
all_ms = sum(tot.values())
print(f"{'ms/step':>9} {'share':>6} {'calls/step':>10}  kernel   (total {all_ms / a.steps:.2f} ms/step)")
for name, ms in tot.most_common(a.top):
    print(f"{ms / a.steps:9.3f} {100 * ms / all_ms:5.1f}% {cnt[name] / a.steps:10.1f}  {name}")
