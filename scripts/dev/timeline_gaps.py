#!/usr/bin/env python3
"""timeline_gaps.py — GPU idle time from a cupti_trace.cpp CSV (start_ns,end_ns,name): the union of
kernel, memset and memcpy intervals, the gaps between them, and the idle time by the activities
on either side of each gap (where the GPU waited for the host), plus the busy time by kind.
Usage: timeline_gaps.py trace.csv [--last-ms 0] [--top 30] [--min-us 0]
What it is not: a profiler; it only reads the trace."""
import argparse, collections, re

ap = argparse.ArgumentParser()
ap.add_argument("csv")
ap.add_argument("--last-ms", type=float, default=0.0, help="only the last this many ms of activity (0: all)")
ap.add_argument("--top", type=int, default=30)
ap.add_argument("--min-us", type=float, default=0.0, help="count only gaps at least this long")
ap.add_argument("--largest", type=int, default=0, help="also list this many largest gaps, with their times")
a = ap.parse_args()


def short(name):
    """The innermost name of an Itanium-mangled nested name (_ZN…<len><id>…E), else the name cut to 48."""
    if name.startswith("_ZN"):
        i, last = 3, None
        while i < len(name) and name[i].isdigit():
            j = i
            while name[j].isdigit():
                j += 1
            k = int(name[i:j])
            last = name[j:j + k]
            i = j + k
        if last:
            return last[:48]
    return name[:48]


ev = []
for line in open(a.csv, errors="replace"):
    s, e, n = line.rstrip("\n").split(",", 2)
    n = re.sub(r"\(.*", "", n)
    n = short(re.sub(r"^(void )?", "", n))
    ev.append((int(s), int(e), n))
ev.sort()
if a.last_ms > 0:
    t0 = max(x[1] for x in ev) - a.last_ms * 1e6
    ev = [x for x in ev if x[0] >= t0]
busy, gaps = 0, []
cur_s, cur_e, last = ev[0][0], ev[0][1], ev[0][2]
for s, e, n in ev[1:]:
    if s > cur_e:
        busy += cur_e - cur_s
        gaps.append((s - cur_e, last, n, cur_e))
        cur_s = s
    if e > cur_e:
        cur_e, last = e, n
busy += cur_e - cur_s
span = cur_e - ev[0][0]
idle = sum(g[0] for g in gaps)
big = [g for g in gaps if g[0] >= a.min_us * 1e3]
print(f"span {span/1e6:.2f} ms  busy {busy/1e6:.2f} ms  idle {idle/1e6:.2f} ms ({100*idle/span:.1f} %)  "
      f"gaps {len(gaps)} ({len(big)} >= {a.min_us} us: {sum(g[0] for g in big)/1e6:.2f} ms)")
by, cnt = collections.Counter(), collections.Counter()
for g, p, n, _ in big:
    by[(p, n)] += g
    cnt[(p, n)] += 1
print("idle ms, gaps: activity before -> after")
for k, v in by.most_common(a.top):
    print(f"  {v/1e6:8.3f} {cnt[k]:5d}  {k[0]} -> {k[1]}")
hist = collections.Counter()
for g, _, _, _ in gaps:
    b = "<2us" if g < 2e3 else "2-5us" if g < 5e3 else "5-20us" if g < 2e4 else "20-100us" if g < 1e5 else ">=100us"
    hist[b] += g
print("idle by gap length (ms):", {k: round(v / 1e6, 3) for k, v in hist.items()})
if a.largest:
    t0 = ev[0][0]
    print(f"largest gaps (us, at ms from the window's start):")
    for g, p, n, at in sorted(gaps, reverse=True)[:a.largest]:
        print(f"  {g/1e3:8.1f}  {(at - t0)/1e6:9.3f}  {p} -> {n}")
