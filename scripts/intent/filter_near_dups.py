#!/usr/bin/env python3
"""Drop training messages that are near-duplicates of held-out ones (keeps dev/test honest).

    python3 scripts/intent/filter_near_dups.py IN.jsonl OUT.jsonl --against data/intent/dev.jsonl data/intent/test.jsonl
        [--max-jaccard 0.3] [--heldout-framing]

A message is dropped when its word-5-gram Jaccard similarity to any held-out message is >= --max-jaccard
(messages shorter than 5 words are compared as one gram), or when it equals one ignoring case and spaces.
With --heldout-framing it is also dropped when it contains one of the openers, context sentences, closers,
asides or listing phrases that make_dataset.py reserved for dev or test (word-bounded, case and punctuation
ignored, "{item}" matching any words), so a training batch written to teach "framing does not change the
intent" cannot teach the held-out framings themselves.
Prints how many were dropped. Standard library only.
"""
import argparse
import json
import os
import random
import re
import sys
from collections import defaultdict


def words(t):
    return " ".join(tokens(t))


def heldout_framing():
    """Regexes for make_dataset.py's dev/test framing templates (its split of families, seed 1234)."""
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import make_dataset as md
    inv = md.Inventory(random.Random(1234 + 1))  # the generator's default seed + 1, as Gen does
    pats = []
    for pool in ["OPEN", "CTX", "CLOSE", "ASIDE", "PHRASE"]:
        for split in ["dev", "test"]:
            for f in inv.p[pool][split]:
                for t in f["tpls"]:
                    parts = [re.escape(words(x)) for x in re.split(r"\{\w+\}", t)]
                    pats.append(re.compile(r"(?:^| )" + r"(?: [a-z0-9' ]+ )?".join(p for p in parts if p) + r"(?: |$)"))
    return pats


def tokens(t):
    return re.findall(r"[a-z0-9']+", t.lower())


def grams(t, n=5):
    w = tokens(t)
    return {tuple(w[i:i + n]) for i in range(max(1, len(w) - n + 1))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--against", nargs="+", required=True)
    ap.add_argument("--max-jaccard", type=float, default=0.3)
    ap.add_argument("--heldout-framing", action="store_true", help="also drop messages using dev/test framing")
    a = ap.parse_args()
    framing = heldout_framing() if a.heldout_framing else []
    held = [json.loads(l)["text"] for f in a.against for l in open(f, encoding="utf-8") if l.strip()]
    hg = [grams(t) for t in held]
    norm = {" ".join(t.lower().split()) for t in held}
    index = defaultdict(list)
    for i, g in enumerate(hg):
        for x in g:
            index[x].append(i)
    kept = dropped = framed = 0
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
            if framing and any(p.search(words(r["text"])) for p in framing):
                framed += 1
                continue
            out.write(line if line.endswith("\n") else line + "\n")
            kept += 1
    print(f"kept {kept}, dropped {dropped} near-duplicates of {len(held)} held-out messages"
          + (f" and {framed} using dev/test framing" if framing else ""))


if __name__ == "__main__":
    main()
