#!/usr/bin/env python3
"""make_train_extra.py — more training messages for the intent model, from the
TRAIN families only (same family partition as make_dataset.py --seed 1234,
fresh sampling seed), so dev/test stay unseen. Messages equal (normalised) to
any committed split message, or near-duplicates (5-gram Jaccard >= 0.8) of a
dev/test/seed message, are dropped. Deterministic; output is not committed.
Usage: python3 scripts/intent/make_train_extra.py --per-label 2000 --out /tmp/train_extra.jsonl
"""
import argparse, json, os, random, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_dataset as md  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-label", type=int, default=2000)
    ap.add_argument("--sample-seed", type=int, default=777)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    g = md.Gen(1234)                      # the committed family partition
    g.rng = random.Random(a.sample_seed)  # new messages from it
    held = []
    seen = set()
    for s in ["train", "dev", "test", "seed"]:
        for m in md.read_jsonl(os.path.join(md.OUTDIR, s + ".jsonl")):
            seen.add(md.norm(m["text"]))
            if s != "train":
                held.append(m)
    out = []
    for lab in md.LABELS:
        got = tries = 0
        while got < a.per_label and tries < a.per_label * 40:
            tries += 1
            m = g.message(lab, "train")
            if md.n_sentences(m["text"]) > 5:
                continue
            k = md.norm(m["text"])
            if k in seen:
                continue
            seen.add(k)
            out.append(m)
            got += 1
    A = [(i, md.shingles(m["text"])) for i, m in enumerate(out)]
    B = [(i, md.shingles(m["text"])) for i, m in enumerate(held)]
    _, _, hits = md.max_cross_sim(A, B, 0.8)
    bad = {h[0] for h in hits}
    out = [m for i, m in enumerate(out) if i not in bad]
    random.Random(a.sample_seed).shuffle(out)
    with open(a.out, "w", encoding="utf-8") as f:
        for m in out:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")
    print(f"{len(out)} messages ({len(bad)} near-duplicates of dev/test/seed dropped) -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
