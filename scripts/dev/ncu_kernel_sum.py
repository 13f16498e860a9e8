#!/usr/bin/env python3
"""ncu_kernel_sum.py — sum an `ncu --csv --metrics gpu__time_duration.sum` log by
kernel name: total ms, launches, share; divide by --steps to get per step.
With dram__bytes_read.sum and dram__bytes_write.sum also in the metrics, it adds
the DRAM traffic per step (MB) and the achieved bandwidth (read + write, TB/s),
to compare with the measured copy ceiling (4.28 TB/s).
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
TIME = {"ns": 1e-6, "usecond": 1e-3, "us": 1e-3, "msecond": 1.0, "ms": 1.0, "nsecond": 1e-6}
BYTES = {"byte": 1e-6, "Kbyte": 1e-3, "Mbyte": 1.0, "Gbyte": 1e3, "KB": 1e-3, "MB": 1.0, "GB": 1e3, "B": 1e-6}
tot, cnt, mb = collections.Counter(), collections.Counter(), collections.Counter()
have_bytes = False
for row in csv.DictReader(io.StringIO(text[start:])):
    metric = row.get("Metric Name")
    name = re.sub(r"\(.*", "", row["Kernel Name"])[:90]
    v = float(row["Metric Value"].replace(",", ""))
    unit = row.get("Metric Unit", "")
    if metric == "gpu__time_duration.sum":
        tot[name] += v * TIME.get(unit or "ns", 1e-6)
        cnt[name] += 1
    elif metric in ("dram__bytes_read.sum", "dram__bytes_write.sum"):
        mb[name] += v * BYTES.get(unit or "byte", 1e-6)
        have_bytes = True
all_ms = sum(tot.values())
extra = f" {'MB/step':>9} {'TB/s':>6}" if have_bytes else ""
print(f"{'ms/step':>9} {'share':>6} {'calls/step':>10}{extra}  kernel   (total {all_ms / a.steps:.2f} ms/step)")
for name, ms in tot.most_common(a.top):
    cols = ""
    if have_bytes:
        cols = f" {mb[name] / a.steps:9.1f} {mb[name] / ms * 1e-3 if ms else 0:6.2f}"
    print(f"{ms / a.steps:9.3f} {100 * ms / all_ms:5.1f}% {cnt[name] / a.steps:10.1f}{cols}  {name}")
