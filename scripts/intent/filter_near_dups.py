#!/usr/bin/env python3
"""Drop training messages that are near-duplicates of held-out ones (keeps dev/test honest).

    python3 scripts/intent/filter_near_dups.py IN.jsonl OUT.jsonl --against data/intent/dev.jsonl data/intent/test.jsonl
        [--max-jaccard 0.3]

A message is dropped when its word-5-gram Jaccard similarity to any held-out message is >= --max-jaccard
(messages shorter than 5 words are compared as one gram), or when it equals one ignoring case and spaces.
Prints how many were dropped. Standard library only.
"""
import argparse
import json
import re
from collections import defaultdict


def grams(t, n=5):
    w = re.findall(r"[a-z0-9']+", t.lower())
    return {tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--against", nargs="+", required=True)
    ap.add_argument("--max-jaccard", type=float, default=0.3)
    a = ap.parse_args()
    held = [json.loads(l)["text"] for f in a.against for l in open(f, encoding="utf-8") if l.strip()]
    hg = [grams(t) for t in held]
    norm = {" ".join(t.lower().split()) for t in held}
    index = defaultdict(list)
    for i, g in enumerate(hg):
        for x in g:
            index[x].append(i)
    kept = dropped = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for line in open(a.inp, encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            g = grams(r["text"])
            cand = {i for x in g for i in index.get(x, [])}
            best = max((len(g & hg[i]) / len(g | hg[i]) for i in cand), default=0.0)
            if best >= a.max_jaccard or " ".join(r["text"].lower().split()) in norm:
                dropped += 1
                continue
            out.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    print(f"kept {kept}, dropped {dropped} near-duplicates of {len(held)} held-out messages")


if __name__ == "__main__":
    main()
