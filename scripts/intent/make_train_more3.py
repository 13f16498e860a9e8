#!/usr/bin/env python3
"""make_train_more3.py - extra TRAINING messages for the dseek buyer-intent classifier (batch "template4").

A third independently written template batch, in the voice of a marketplace chat app: short, lowercase,
abbreviations (u, ur, pls, thx, rn, tmrw, obo, lmk, wya), emoji, typos, ALL CAPS now and then, '??' and '!!!',
greetings only sometimes. 47 product categories, each with its own slot words (parts, specs, typical faults,
accessories), so Details and Condition questions are concrete. The phrase inventory lives in
train_more3_frames.py; every phrasing was written for this batch (its author did not read the dataset
files or the other generators).

About a third of each label's messages come from "confusion" families (tagged in `tags`): condition questions
phrased with spec words vs details questions with condition words, blunt/profane/impatient messages that are
not offensive vs real insults next to a question, real questions wrapped in personal stories vs whole-message
off-topic chat, stock vs model variants, chat-style injections vs "ignore my last msg".

Labelling follows docs/intent-data.md: Irrelevant is a whole-message check (rude off-topic messages are
[Irrelevant, Offensive]); otherwise Injection > Offensive > Price > the base intents; two different base
intents only appear together under a higher-priority intent. The priority rule is asserted for every record.

Usage: python3 scripts/intent/make_train_more3.py [--per-label 1500] [--seed 21] [--out /tmp/train_more3.jsonl] [--stats]
Python 3 standard library only; deterministic for a given seed.
"""
import argparse
import json
import os
import random
import re
import sys
from collections import Counter

sys.dont_write_bytecode = True  # do not leave a __pycache__ next to the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more3_frames as F  # noqa: E402

DET, CON, AVL = "Product Details", "Product Condition", "Product Availability"
PRC, OFF, INJ, IRR = "Price Negotiation", "Offensive Intent", "Prompt Injection", "Irrelevant Intent"
PRIORITY = [IRR, INJ, OFF, PRC, DET, CON, AVL]
BASE = {DET, CON, AVL}
CODE = {"DET": DET, "CON": CON, "AVL": AVL, "PRC": PRC, "OFF": OFF, "INJ": INJ, "IRR": IRR}
LABEL_CODE = {v: k for k, v in CODE.items()}
FAMILIES = {DET: F.DETAILS, CON: F.CONDITION, AVL: F.AVAILABILITY, PRC: F.PRICE, OFF: F.OFFENSIVE,
            INJ: F.INJECTION, IRR: F.IRRELEVANT}

SLOT_RE = re.compile(r"\{(\w+)\}")
CLAUSE_SLOTS = {"Q": None, "QD": DET, "QC": CON, "QA": AVL, "P": PRC}
CAT_KEYS = {"inc", "spec", "cond", "fault", "part", "rpart", "mvar", "use", "svc", "unit", "spec2", "cond2"}
ITEM_SLOTS = {"item", "pitem", "eitem"} | set(F.ITEM_GROUPS)
PRICE_SLOTS = {"price", "offer", "offer2"}
OTHER_SLOTS = set(F.SLOTS) | {"story", "task"}
HARD_SHARE = 1 / 3  # share of each label's messages drawn from tagged (confusion) families


# ------------------------------------------------------------------------------------------ helpers
def norm_key(text):
    t = text.lower()
    t = "".join(ch for ch in t if ch.isalnum() or ch.isspace())
    return " ".join(t.split())


def cat_ok(cat, name, slots):
    """Can category `name` fill every category/item slot of a template?"""
    for s in slots:
        if s in CAT_KEYS and s.rstrip("2").lstrip("r") not in cat:
            return False
        if s == "rpart" and name in F.NO_REPLACE:
            return False
        if s == "pitem" and cat.get("nophys"):
            return False
        if s == "eitem" and not cat.get("elec"):
            return False
        if s in F.ITEM_GROUPS and name not in F.ITEM_GROUPS[s]:
            return False
    return True


def nice_round(v):
    for lim, step in ((60, 5), (300, 10), (1000, 25), (5000, 50), (10 ** 9, 100)):
        if v < lim:
            return max(step, int(round(v / step)) * step)
    return int(v)


def fmt_money(v, style):
    if style == "k" and v >= 1000:
        return ("%.1f" % (v / 1000)).rstrip("0").rstrip(".") + "k"
    if style == "comma":
        return "${:,}".format(v)
    return {"$": "$%d", "plain": "%d", "bucks": "%d bucks", "gbp": "£%d", "quid": "%d quid", "eur": "€%d",
            "post$": "%d$", "usd": "%d usd", "dollars": "%d dollars", "k": "$%d"}[style] % v


PRICE_STYLES = ["$", "$", "$", "plain", "plain", "bucks", "gbp", "quid", "eur", "post$", "usd", "dollars", "k", "comma"]


class Msg:
    """Rendering state of one message: chosen category, prices and the set of intents found."""

    def __init__(self, rng, label, cat_name):
        self.rng, self.label = rng, label
        self.cat_name = cat_name
        self.cat = F.CATEGORIES[cat_name]
        self.used_cat = False
        self.intents = {label}
        lo, hi = self.cat["price"]
        self.price = nice_round(rng.uniform(lo, hi))
        self.offer = nice_round(self.price * rng.uniform(0.55, 0.88))
        if self.offer >= self.price:
            self.offer = nice_round(self.price * 0.7)
        self.offer2 = nice_round((self.offer + self.price) / 2)
        self.style = rng.choice(PRICE_STYLES)
        self.memo = {}

    def slot(self, name):
        rng, cat = self.rng, self.cat
        if name in ITEM_SLOTS:
            self.used_cat = True
            return rng.choice(cat["items"])
        if name in CAT_KEYS:
            self.used_cat = True
            key = name.rstrip("2").lstrip("r")
            val = cat[key]
            if isinstance(val, str):
                return val
            if name.endswith("2"):
                rest = [x for x in val if x != self.memo.get(key)] or val
                return rng.choice(rest)
            self.memo[key] = rng.choice(val)
            return self.memo[key]
        if name in PRICE_SLOTS:
            self.used_cat = True
            return fmt_money(getattr(self, name), self.style)
        if name == "story":
            return rng.choice(F.STORIES)
        if name == "task":
            return self.fill(rng.choice(F.TASKS))
        if name in CLAUSE_SLOTS:
            return self.clause(CLAUSE_SLOTS[name]).rstrip("?!. ")
        return rng.choice(F.SLOTS[name])

    def fill(self, template):
        def sub(m):
            val = self.slot(m.group(1))
            if m.group(1) == "fault" and re.search(r"\b(any|no|the) $", template[:m.start()]):
                val = re.sub(r"^(a|an) ", "", val)  # "any {fault}": no article
            return val
        text = SLOT_RE.sub(sub, template)
        part = self.memo.get("part")
        if part and ("{part}" in template or "{rpart}" in template) and part.endswith("s") and not part.endswith(("ss", "lens")):
            for sing, plur in (("is the", "r the"), ("does the", "do the"), ("has the", "have the"),
                               ("is that the original", "r those the original")):
                text = re.sub(r"\b%s %s\b" % (sing, re.escape(part)), "%s %s" % (plur, part), text)
        return text

    def clause(self, label=None):
        """A plain question/offer of `label` (a random base label when None), rendered for this category."""
        rng = self.rng
        if label is None:
            label = rng.choice([DET, CON, AVL])
        pool = [t for t in CLAUSE_POOL[label] if cat_ok(self.cat, self.cat_name, SLOT_RE.findall(t))]
        self.intents.add(label)
        text = self.fill(rng.choice(pool)).strip()
        if label != PRC and not text.endswith(("?", "!")):
            text += "?"
        return text


def build_clause_pool():
    pool = {}
    for label in (DET, CON, AVL, PRC):
        pool[label] = []
        for tags, extra, temps in FAMILIES[label]:
            if tags or extra:
                continue
            for t in temps:
                if not set(SLOT_RE.findall(t)) & (set(CLAUSE_SLOTS) | {"story"}):
                    pool[label].append(t)
    return pool


CLAUSE_POOL = build_clause_pool()


# ------------------------------------------------------------------------------------------ noise
ABBREV = [(r"\byou\b", ["u"], .6), (r"\byour\b", ["ur"], .6), (r"\bare\b", ["r"], .5), (r"\bplease\b", ["pls", "plz"], .6),
          (r"\bthanks\b", ["thx"], .5), (r"\btomorrow\b", ["tmrw", "2moro"], .5), (r"\bsaturday\b", ["sat"], .4),
          (r"\bright now\b", ["rn"], .5), (r"\bbecause\b", ["bc", "cuz"], .6), (r"\bwith\b", ["w/", "w"], .25),
          (r"\bokay\b", ["k", "ok"], .5), (r"\byes\b", ["ya", "yep"], .5), (r"\bdont\b", ["dnt"], .1),
          (r"\bstill\b", ["stil"], .06), (r"\bthe\b", ["da", "teh"], .03), (r"\bpics\b", ["pix"], .2),
          (r"\bavailable\b", ["availble", "avail"], .1), (r"\bwhat\b", ["wat", "wht"], .05)]
EXPAND = [(r"\bu\b", "you"), (r"\bur\b", "your"), (r"\br\b", "are"), (r"\bpls\b", "please"), (r"\bw\b", "with"),
          (r"\bthx\b", "thanks"), (r"\btmrw\b", "tomorrow"), (r"\brn\b", "right now"), (r"\bwhats\b", "what's"),
          (r"\bdont\b", "don't"), (r"\bim\b", "I'm"), (r"\bits\b", "it's"), (r"\bdoesnt\b", "doesn't")]
PROTECT = {"ignore", "instructions", "prompt", "system", "model", "available", "price", "offer"}


def typo(rng, text):
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha() and w.lower() not in PROTECT]
    if not idx:
        return text
    i = rng.choice(idx)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    if rng.random() < 0.5:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    else:
        w = w[:j] + w[j + 1:]
    words[i] = w
    return " ".join(words)


def noisify(rng, text, label, tags):
    if rng.random() < 0.25:  # a more "written out" message
        for pat, rep in EXPAND:
            if rng.random() < 0.7:
                text = re.sub(pat, rep, text)
    else:
        for pat, reps, prob in ABBREV:
            if rng.random() < prob:
                text = re.sub(pat, lambda m: rng.choice(reps), text)
    if rng.random() < 0.3:
        text = text.replace(",", "")
    if rng.random() < 0.2:
        text = text.replace("?", "??" if rng.random() < 0.6 else "???", 1) if text.endswith("?") else text
    elif rng.random() < 0.25:
        text = text.rstrip("?")
    if rng.random() < 0.15:
        text = typo(rng, text)
    angry = label == OFF or "hn_impatient_not_offensive" in tags or "rude_offtopic" in tags
    if rng.random() < (0.12 if angry else 0.035):
        text = text.upper()
    elif rng.random() < 0.3:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.14:
        em = rng.choice(F.EMOJI_NEG if label == OFF or "rude_offtopic" in tags else F.EMOJI_POS)
        text = text + (" " if rng.random() < 0.7 else "") + em * rng.choice([1, 1, 1, 2])
    if angry and rng.random() < 0.15:
        text = text.rstrip("!?. ") + "!!!"
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------ messages
def join(a, b, rng):
    if a.endswith(("?", "!", ".")):
        return a + " " + b
    return a + rng.choice([". ", ", ", " ", ". "]) + b


def render(rng, label, fam_index):
    tags_s, extra_s, temps = FAMILIES[label][fam_index]
    tags = tags_s.split()
    temp = rng.choice(temps)
    slots = SLOT_RE.findall(temp)
    names = [n for n, c in F.CATEGORIES.items() if cat_ok(c, n, slots)]
    m = Msg(rng, label, rng.choice(names))
    text = m.fill(temp).strip()
    for code in extra_s.split():
        m.intents.add(CODE[code])
    has_clause = bool(set(slots) & set(CLAUSE_SLOTS))

    # Attach a second clause to higher-priority messages (the resolved label does not change).
    if label == PRC and not has_clause and not extra_s and rng.random() < 0.5:
        c = m.clause()
        text = join(c, text, rng) if rng.random() < 0.5 else join(text, c, rng)
    elif label == OFF and not has_clause and "insult_plus_price" not in tags and rng.random() < 0.6:
        c = m.clause(PRC if rng.random() < 0.2 else None)
        text = join(text, c, rng) if rng.random() < 0.6 else join(c, text, rng)
    elif label == INJ and not has_clause and rng.random() < 0.5:
        c = m.clause(PRC if rng.random() < 0.1 else None)
        glue = rng.choice(["", "", "also ", "btw ", "and ", "oh and "])
        text = join(c, glue + text, rng) if rng.random() < 0.7 else join(text, c, rng)
        if rng.random() < 0.06:
            text = join(text, rng.choice(["u useless bot", "dumb machine", "idiot"]), rng)
            m.intents.add(OFF)

    # Off-topic aside inside a real message: not an intent.
    if label in BASE | {PRC} and not tags and rng.random() < 0.08:
        text = join(text, m.fill(rng.choice(F.ASIDES)), rng) if rng.random() < 0.6 else join(m.fill(rng.choice(F.ASIDES)), text, rng)
        tags = tags + ["offtopic_aside"]

    solo = {"greeting_only", "test_msg", "hn_name_alone"} & set(tags)
    if not solo and rng.random() < 0.22:
        g = rng.choice(F.GREETINGS)
        sep = " " if g[-1] in "!?." or not g[-1].isalnum() else rng.choice([" ", ", ", "! ", " - ", ". ", " "])
        text = g + sep + text
    if not solo and label not in (IRR,) and rng.random() < (0.04 if label == OFF else 0.13):
        text = join(text, rng.choice(F.CLOSERS), rng)
    text = noisify(rng, text, label, tags)

    intents = [p for p in PRIORITY if p in m.intents]
    family = "%s5.%d" % (LABEL_CODE[label], fam_index + 1)
    return {"text": text, "label": intents[0], "intents": intents,
            "category": m.cat_name if m.used_cat else "none", "source": "template4", "family": family,
            "tags": tags}


def check_priority(rec):
    intents, label = rec["intents"], rec["label"]
    assert intents, rec
    assert len(set(intents)) == len(intents), rec
    assert intents == sorted(intents, key=PRIORITY.index), rec
    assert label == intents[0], rec
    if IRR in intents:
        assert set(intents) <= {IRR, OFF}, rec
    if label in BASE:
        assert len(intents) == 1, rec  # no two base intents without a higher one
    assert rec["text"].strip(), rec


def validate_frames():
    known = set(CLAUSE_SLOTS) | CAT_KEYS | ITEM_SLOTS | PRICE_SLOTS | OTHER_SLOTS
    for label, fams in FAMILIES.items():
        for tags, extra, temps in fams:
            assert 2 <= len(temps) <= 5, (label, temps)
            for code in extra.split():
                assert PRIORITY.index(CODE[code]) > PRIORITY.index(label), temps
            for t in temps:
                unknown = set(SLOT_RE.findall(t)) - known
                assert not unknown, (t, unknown)
                assert any(cat_ok(c, n, SLOT_RE.findall(t)) for n, c in F.CATEGORIES.items()), t
    for text in F.TASKS + F.ASIDES:
        assert set(SLOT_RE.findall(text)) <= set(F.SLOTS), text


def generate(per_label, seed):
    validate_frames()
    seen, out = set(), []
    for label in PRIORITY:
        rng = random.Random("%d-%s" % (seed, label))
        fams = FAMILIES[label]
        hard = [i for i, f in enumerate(fams) if f[0]]
        plain = [i for i, f in enumerate(fams) if not f[0]]
        if label == IRR:  # rude off-topic families count double
            hard = hard + [i for i in hard if "rude_offtopic" in fams[i][0]]
        n, tries = 0, 0
        while n < per_label:
            tries += 1
            if tries > per_label * 60:
                raise RuntimeError("could not make %d unique messages for %s" % (per_label, label))
            idx = rng.choice(hard if hard and rng.random() < HARD_SHARE else plain)
            rec = render(rng, label, idx)
            check_priority(rec)
            key = norm_key(rec["text"])
            if not key or key in seen:
                continue
            seen.add(key)
            out.append(rec)
            n += 1
    random.Random(seed).shuffle(out)
    return out


def print_stats(recs, stream=sys.stderr):
    by_label = Counter(r["label"] for r in recs)
    multi = sum(1 for r in recs if len(r["intents"]) > 1)
    print("messages: %d" % len(recs), file=stream)
    for label in PRIORITY:
        lab = [r for r in recs if r["label"] == label]
        fams = len(FAMILIES[label])
        used = len({r["family"] for r in lab})
        hard = sum(1 for r in lab if r["tags"])
        mul = sum(1 for r in lab if len(r["intents"]) > 1)
        print("  %-22s %5d  families %3d (used %3d)  tagged %4.1f%%  multi-intent %4.1f%%"
              % (label, by_label[label], fams, used, 100.0 * hard / max(1, len(lab)), 100.0 * mul / max(1, len(lab))),
              file=stream)
    print("multi-intent share: %.1f%% (%d)" % (100.0 * multi / max(1, len(recs)), multi), file=stream)
    combos = Counter(" + ".join(r["intents"]) for r in recs if len(r["intents"]) > 1)
    for k, v in combos.most_common(12):
        print("    %5d  %s" % (v, k), file=stream)
    cats = Counter(r["category"] for r in recs)
    print("categories: %d (+none %d)" % (len([c for c in cats if c != "none"]), cats["none"]), file=stream)
    tags = Counter(t for r in recs for t in r["tags"])
    print("tags: " + ", ".join("%s %d" % kv for kv in tags.most_common()), file=stream)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--out", default="/tmp/train_more3.jsonl")
    ap.add_argument("--stats", action="store_true")
    args = ap.parse_args()
    recs = generate(args.per_label, args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("wrote %d messages to %s" % (len(recs), args.out), file=sys.stderr)
    if args.stats:
        print_stats(recs)


if __name__ == "__main__":
    main()
