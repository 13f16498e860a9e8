#!/usr/bin/env python3
"""augment_distractors.py — robustness augmentation for the intent SFT data.

Dev/test messages wrap their intent in openers, contexts and asides the model
never saw in training; a small model then reacts to the unfamiliar words. This
writes variants of the TRAINING messages with one sentence of unrelated text
(from the Debian corpus: fortunes, the jargon file) inserted before, between or
after their sentences — labels unchanged, as the dataset's own convention says
an off-topic aside does not change the intent — and, as extra "Irrelevant
Intent" examples, messages made only of such sentences. Sentences mentioning
prices, offers, insults, instructions or the item are filtered out so they
cannot carry an intent themselves. Deterministic. Output is not committed.
Usage: augment_distractors.py TRAIN.jsonl [MORE.jsonl...] --corpus DIR --out OUT.jsonl
"""
import argparse, json, os, random, re

BLOCK = re.compile(r"\$|€|£|\d|price|offer|deal|discount|cheap|idiot|stupid|dumb|moron|hate|kill|damn|shit|fuck|"
                   r"ignore|instruction|prompt|assistant|model|system|pretend|sell|buy|item|stock|available|ship|"
                   r"condition|scratch|broken|new|used|color|colour|size|deliver|pick ?up|\bai\b|bot", re.I)


def sentences(corpus):
    out = []
    for sub in ["fortunes", "jargon"]:
        d = os.path.join(corpus, sub)
        for root, _, files in os.walk(d):
            for fn in sorted(files):
                text = open(os.path.join(root, fn), encoding="utf-8", errors="replace").read()
                for para in re.split(r"\n\s*\n|\n%\n", text):
                    para = " ".join(para.split())
                    for s in re.split(r"(?<=[.!?])\s+", para):
                        if 25 <= len(s) <= 110 and s[0].isupper() and s[-1] in ".!?" and not BLOCK.search(s) \
                                and "--" not in s and ":" not in s and '"' not in s:
                            out.append(s)
    return sorted(set(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--share", type=float, default=0.5, help="share of messages that get a distractor variant")
    ap.add_argument("--irrelevant", type=int, default=1500, help="extra corpus-only Irrelevant Intent messages")
    ap.add_argument("--seed", type=int, default=99)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sents = sentences(a.corpus)
    msgs = [json.loads(l) for p in a.inputs for l in open(p, encoding="utf-8") if l.strip()]
    out = []
    for m in msgs:
        if rng.random() >= a.share:
            continue
        parts = re.split(r"(?<=[.!?])\s+", m["text"].strip())
        s = rng.choice(sents)
        if rng.random() < 0.3:
            s = s.lower()
        parts.insert(rng.randint(0, len(parts)), s)
        out.append({"text": " ".join(parts), "label": m["label"], "intents": m.get("intents", [m["label"]]),
                    "source": "augmented", "tags": ["distractor"]})
    for _ in range(a.irrelevant):
        k = 1 if rng.random() < 0.7 else 2
        t = " ".join(rng.choice(sents) for _ in range(k))
        out.append({"text": t, "label": "Irrelevant Intent", "intents": ["Irrelevant Intent"], "source": "augmented",
                    "tags": ["corpus_irrelevant"]})
    rng.shuffle(out)
    with open(a.out, "w", encoding="utf-8") as f:
        for m in out:
            f.write(json.dumps(m, ensure_ascii=False) + "\n")
    print(f"{len(sents)} distractor sentences; {len(out)} augmented messages -> {a.out}")


if __name__ == "__main__":
    main()
