#!/usr/bin/env python3
"""Training batch 6 for the buyer-intent classifier: label boundaries and adversarial messages.

    python3 scripts/intent/make_train_more6.py [--per-label 1500] [--seed 51] [--out /tmp/train_more6.jsonl] [--stats]

Builds --per-label messages for each of the 7 intents from the hand-written families in
train_more6_frames.py (written independently for this batch; it reads no dataset file). About half of each
label's messages come from hard families near a label boundary (prompt-injection styles vs their hard
negatives, insults vs blunt buyers, off-topic vs item questions with an aside, offers vs price information,
condition vs details); the other half are ordinary messages with new wording. Labels follow
docs/intent-data.md: Irrelevant is a whole-message check (it can only co-occur with rudeness), then
Injection > Offensive > Price > (Details, Condition, Availability), and two different base intents only
appear together when a higher intent is present. Every record is checked against that rule.

Output: JSON lines with text, label, intents (priority order), category, source="template7", family
("<CODE>8.<n>"), tags. Standard library only, deterministic for a given seed; exact duplicates (lower-cased,
punctuation removed) are dropped.
"""
import sys

sys.dont_write_bytecode = True

import argparse
import os
import random
import re
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more6_frames as F  # noqa: E402
from batch_rules import BASE, NAMES, ORDER, PRIORITY, check_priority, finish, norm, write_jsonl  # noqa: E402

CAT_SLOTS = ("item", "part", "flaw", "spec", "acc", "feat")
ITEM_SLOTS = {"item", "item2", "part", "flaw", "spec", "acc", "feat", "price", "offer"}
# hard families whose clause can also serve as the second, lower-priority clause of a message
SAFE_SUB_TAGS = {"hn_price_question", "hn_model_word", "hn_instructions_word", "hn_system_word", "hn_listing_phrase",
                 "hn_listing_condition", "hn_condition_word", "hn_model_vs_stock", "hn_age_vs_model",
                 "hn_condition_vs_details", "hn_battery_condition", "hn_other_listing", "hn_name_for_pickup",
                 "hn_app_word", "hn_shipping_time_not_cost", "hn_usage_history", "hn_code_word", "hn_prompt_word",
                 "hn_json_word", "hn_repair_original", "hn_language_word"}
QWORDS = ("what", "how", "is", "does", "do", "can", "could", "would", "any", "has", "have", "will", "are", "where",
          "when", "who", "which", "did", "should", "was", "were")
SLANG = [(r"\byou\b", "u"), (r"\bplease\b", "pls"), (r"\bthanks\b", "thx"), (r"\btomorrow\b", "tmrw"),
         (r"\bavailable\b", "availble"), (r"\bbecause\b", "cos"), (r"\byour\b", "ur"), (r"\bare\b", "r"),
         (r"\bthe\b", "teh"), (r"\bdefinitely\b", "definately"), (r"\btonight\b", "tonite"), (r"\bokay\b", "ok")]
PLURAL_VERB = {"is": "are", "Is": "Are", "does": "do", "Does": "Do", "has": "have", "Has": "Have",
               "how's": "how are", "How's": "How are"}
EMOJI = ["🙂", "🙏", "👍", "😅", "😊", "🤔"]
IRR_OPENERS = ["Hi,", "Hey,", "Hello,", "Hiya,", "Morning,", "Yo,"]


class Fam:
    def __init__(self, code, idx, texts, hard, addr, only, tags, extra):
        self.code, self.idx, self.texts, self.hard, self.addr = code, idx, texts, hard, addr
        self.only, self.tags, self.extra = only, tags, extra
        self.fid = f"{code}8.{idx}"
        self.cats = None


def parse_categories(text):
    cats = {}
    for line in text.strip().splitlines():
        f = [x.strip() for x in line.split("|")]
        assert len(f) == 9, line
        lo, hi = (int(x) for x in f[7].split("-"))
        c = {k: f[i].split("/") for i, k in enumerate(("item", "part", "flaw", "spec", "acc", "feat"), 1)}
        c.update(name=f[0], lo=lo, hi=hi, groups=set(f[8].split(",")) | {f[0]})
        cats[f[0]] = c
    return cats


def parse_block(code, text, cats):
    fams = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        head, body = line.split("::", 1) if "::" in line else ("", line)
        hard = addr = False
        only, tags, extra = None, [], []
        for fl in head.split():
            if fl == "!":
                hard = True
            elif fl == "^":
                addr = True
            elif fl[0] == "@":
                only = set(fl[1:].split(","))
            elif fl[0] == "#":
                tags += fl[1:].split(",")
            elif fl[0] == "+":
                extra += fl[1:].split(",")
            else:
                raise ValueError(f"bad flag {fl!r} in {line!r}")
        texts = [t.strip() for t in body.split(" | ")]
        assert 2 <= len(texts) <= 5, line
        fam = Fam(code, len(fams) + 1, texts, hard, addr, only, tags, extra)
        fam.cats = sorted(n for n, c in cats.items() if only is None or c["groups"] & only)
        assert fam.cats, f"no category for {line!r}"
        fams.append(fam)
    return fams


def nice_round(x):
    step = 5 if x < 100 else 10 if x < 1000 else 50 if x < 5000 else 100
    return max(step, int(round(x / step)) * step)


def price_formatter(rng):
    styles = ["${:,}", "{}", "{} dollars", "£{:,}", "€{:,}", "{} quid", "{} bucks", "{} euro", "${}", "{}$",
              "USD {}", "£{}", "{}k"]
    s = rng.choice(styles)

    def fmt(n):
        if s == "{}k":
            return f"{n / 1000:g}k" if n >= 1000 else f"{n}"
        return s.format(n)
    return fmt


def plural(w):
    if w.endswith("s"):
        return w
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


class Ctx:
    """Slot values of one message: a slot filled twice gets the same value."""

    def __init__(self, rng, cat):
        self.rng, self.cat, self.vals, self.item_used = rng, cat, {}, False
        p = nice_round(rng.uniform(cat["lo"], cat["hi"]))
        o = nice_round(p * rng.uniform(0.6, 0.88))
        if o >= p:
            o = max(1, p - (5 if p < 100 else 10))
        fmt = price_formatter(rng)
        self.vals["price"], self.vals["offer"] = fmt(p), fmt(o)

    def get(self, slot):
        if slot in ITEM_SLOTS:
            self.item_used = True
        if slot not in self.vals:
            if slot == "item2":
                rest = [i for i in self.cat["item"] if i != self.get("item")]
                self.vals[slot] = self.rng.choice(rest)
            elif slot in CAT_SLOTS:
                self.vals[slot] = self.rng.choice(self.cat[slot])
            else:
                self.vals[slot] = self.rng.choice(F.SLOTS[slot])
        return self.vals[slot]

    def fill(self, t):
        if "{part}" in t:
            part = self.get("part")
            if part.endswith("s") and not part.endswith(("ss", "lens", "canvas")):
                t = re.sub(r"\b(is|Is|does|Does|has|Has|how's|How's) the \{part\}",
                           lambda m: PLURAL_VERB[m.group(1)] + " the {part}", t)
        t = re.sub(r"\{item\}s\b", lambda m: plural(self.get("item")), t)
        return re.sub(r"\{(\w+)\}", lambda m: self.get(m.group(1)), t)


def upper_first(s):
    return s[:1].upper() + s[1:]


def lower_first(s):
    if s[:2].isupper() or re.match(r"I\b|I'", s) or s[:1] in "#[<.{/":
        return s
    return s[:1].lower() + s[1:]


def join(parts):
    out = ""
    for p in parts:
        if not out:
            out = p
        elif out.endswith((",", ":")):
            out += " " + lower_first(p)
        else:
            out += " " + p
    return out


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cats = parse_categories(F.CATEGORIES)
        self.fams = {c: parse_block(c, getattr(F, c), self.cats) for c in ORDER}

    # ---------------------------------------------------------------- pieces
    def pick_fam(self, code, cat, hard=None, plain_only=False, sub=False):
        fams = [f for f in self.fams[code] if cat["name"] in f.cats and not f.addr and not f.extra]
        if sub:
            fams = [f for f in fams if not f.hard or set(f.tags) & SAFE_SUB_TAGS]
        if plain_only:
            fams = [f for f in fams if not f.hard] or fams
        elif hard is not None:
            fams = [f for f in fams if f.hard == hard] or fams
        return self.rng.choice(fams)

    def clause(self, fam, ctx):
        t = ctx.fill(self.rng.choice(fam.texts))
        return finish(upper_first(t) if self.rng.random() < 0.65 else t, QWORDS)

    def sub_clause(self, code, ctx):
        """A lower-priority clause inside a message with a higher intent; its tags are not kept."""
        fam = self.pick_fam(code, ctx.cat, hard=self.rng.random() < 0.25, sub=True)
        return self.clause(fam, ctx)

    def extras(self, ctx, parts, opener=0.3, context=0.15, closer=0.3):
        r = self.rng
        if r.random() < context:
            parts.insert(0, ctx.fill(r.choice(F.CONTEXTS)))
        if r.random() < opener:
            parts.insert(0, ctx.fill(r.choice(F.OPENERS)))
        if r.random() < closer:
            parts.append(ctx.fill(r.choice(F.CLOSERS)))
        return parts

    def aside(self, parts):
        a = upper_first(self.rng.choice(F.ASIDES)) if self.rng.random() < 0.5 else self.rng.choice(F.ASIDES)
        parts.insert(self.rng.randint(0, len(parts)) if len(parts) > 1 else self.rng.randint(0, 1), a)

    # ---------------------------------------------------------------- labels
    def pick_main(self, code, hard):
        """The family that decides the label: every family of the label gets an equal share."""
        fams = [f for f in self.fams[code] if f.hard == hard] or self.fams[code]
        fam = self.rng.choice(fams)
        return fam, self.cats[self.rng.choice(fam.cats)]

    def gen_base(self, code):
        r = self.rng
        fam, cat = self.pick_main(code, r.random() < 0.45)
        ctx = Ctx(r, cat)
        parts, tags = [self.clause(fam, ctx)], list(fam.tags)
        if r.random() < 0.2:
            fam2 = self.pick_fam(code, cat, plain_only=True)
            if fam2 is not fam:
                parts.append(self.clause(fam2, ctx))
        hard = fam.hard
        if r.random() < (0.06 if fam.hard else 0.15):
            self.aside(parts)
            tags.append("offtopic_aside")
            hard = True
        parts = self.extras(ctx, parts)
        return join(parts), [code], fam, tags, ctx, hard

    def question(self, ctx, price_share=0.25):
        """A real item question (or offer) to put next to a higher-priority intent."""
        r = self.rng
        if r.random() < price_share:
            fam = self.pick_fam("PRI", ctx.cat, plain_only=r.random() < 0.7)
            return [self.clause(fam, ctx)], ["PRI"] + fam.extra
        codes = [r.choice(BASE)]
        if r.random() < 0.12:
            codes.append(r.choice([c for c in BASE if c != codes[0]]))
        return [self.sub_clause(c, ctx) for c in codes], codes

    def gen_pri(self):
        r = self.rng
        fam, cat = self.pick_main("PRI", r.random() < 0.5)
        ctx = Ctx(r, cat)
        parts, codes, tags = [self.clause(fam, ctx)], ["PRI"] + fam.extra, list(fam.tags)
        if r.random() < 0.55 and not fam.extra:
            sub = [r.choice(BASE)]
            if r.random() < 0.12:
                sub.append(r.choice([c for c in BASE if c != sub[0]]))
            subs = [self.sub_clause(c, ctx) for c in sub]
            parts = subs + parts if r.random() < 0.55 else parts + subs
            codes += sub
        hard = fam.hard
        if r.random() < 0.06:
            self.aside(parts)
            tags.append("offtopic_aside")
            hard = True
        return join(self.extras(ctx, parts, closer=0.25)), codes, fam, tags, ctx, hard

    def off_sentence(self, fam, ctx):
        t = ctx.fill(self.rng.choice(fam.texts))
        return t if fam.addr else finish(upper_first(t) if self.rng.random() < 0.6 else t, QWORDS)

    def gen_off(self):
        r = self.rng
        fam, cat = self.pick_main("OFF", r.random() < 0.5)
        ctx, pool = Ctx(r, cat), self.fams["OFF"]
        ins, codes, tags = self.off_sentence(fam, ctx), ["OFF"] + fam.extra, list(fam.tags)
        if fam.extra:
            parts = [ins]
        elif fam.addr:
            q, qc = self.question(ctx)
            parts, codes = [ins] + q, codes + qc
        elif r.random() < 0.25:
            parts = [ins]
            if r.random() < 0.25:
                fam2 = r.choice([f for f in pool if not f.addr and not f.extra and f is not fam])
                parts.append(self.off_sentence(fam2, ctx))
        else:
            q, qc = self.question(ctx)
            parts, codes = (q + [ins]) if r.random() < 0.6 else ([ins] + q), codes + qc
        parts = self.extras(ctx, parts, opener=0.15, context=0.05, closer=0.05)
        return join(parts), codes, fam, tags, ctx, fam.hard

    def gen_inj(self):
        r = self.rng
        fam, cat = self.pick_main("INJ", r.random() < 0.5)
        ctx = Ctx(r, cat)
        t = ctx.fill(r.choice(fam.texts))
        inj = finish(upper_first(t) if r.random() < 0.5 else t, QWORDS)
        codes, tags = ["INJ"], list(fam.tags)
        if r.random() < 0.3:
            parts = [inj]
        else:
            q, qc = self.question(ctx)
            codes += qc
            if r.random() < 0.6:
                parts = q + [inj]
            else:
                parts = [inj] + q
        if r.random() < 0.08:
            ofam = r.choice([f for f in self.fams["OFF"] if not f.addr and not f.extra])
            parts.append(self.off_sentence(ofam, ctx))
            codes.append("OFF")
        parts = self.extras(ctx, parts, opener=0.25, context=0.08, closer=0.12)
        return join(parts), codes, fam, tags, ctx, fam.hard

    def gen_irr(self):
        r = self.rng
        fam, _ = self.pick_main("IRR", r.random() < 0.5)
        cat = self.cats[r.choice(sorted(n for n, c in self.cats.items() if c["lo"] >= 60))]
        ctx = Ctx(r, cat)
        parts, codes, tags = [self.clause(fam, ctx)], ["IRR"], list(fam.tags)
        if r.random() < 0.12:
            fam2 = self.pick_fam("IRR", cat)
            if fam2 is not fam:
                parts.append(self.clause(fam2, ctx))
        if r.random() < 0.1 and len(parts[0]) > 12:
            parts.insert(0, r.choice(IRR_OPENERS))
        if r.random() < 0.12:
            parts.append(r.choice(F.RUDE_TAILS_Q if parts[-1].endswith("?") else F.RUDE_TAILS))
            codes.append("OFF")
            tags.append("rude_offtopic")
        ctx.item_used = False  # nothing in an off-topic message is about the listed item
        return join(parts), codes, fam, tags, ctx, fam.hard

    # ---------------------------------------------------------------- record
    def noise(self, text, fam):
        r = self.rng
        obf = "obfuscated" in fam.tags
        if r.random() < 0.22:
            text = text.lower()
        if r.random() < 0.18:
            text = text.replace("'", "").replace("’", "")
        if r.random() < 0.12 and not obf:
            for pat, rep in SLANG:
                if r.random() < 0.5:
                    text = re.sub(pat, rep, text, count=1)
        if r.random() < 0.09 and not obf:
            words = [i for i, w in enumerate(text.split(" ")) if len(w) >= 5 and w.isalpha()]
            if words:
                ws = text.split(" ")
                i = r.choice(words)
                j = r.randint(1, len(ws[i]) - 2)
                w = ws[i]
                ws[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
                text = " ".join(ws)
        if r.random() < 0.12 and text[-1:] in ".?!":
            text = text[:-1]
        if r.random() < 0.04:
            text += " " + r.choice(EMOJI)
        return text

    def record(self, label_code):
        if label_code in BASE:
            text, codes, fam, tags, ctx, hard = self.gen_base(label_code)
        else:
            text, codes, fam, tags, ctx, hard = getattr(self, "gen_" + label_code.lower())()
        cat = ctx.cat
        text = re.sub(r"\s+", " ", self.noise(text, fam)).strip()
        intents = sorted({NAMES[c] for c in codes}, key=PRIORITY.index)
        has_item = ctx.item_used or any(c in ("PRI",) + BASE for c in codes if c != "IRR")
        if "IRR" in codes:
            has_item = False
        rec = {"text": text, "label": intents[0], "intents": intents,
               "category": cat["name"] if has_item else "none", "source": "template7", "family": fam.fid,
               "tags": sorted(set(tags))}
        return rec, hard


def check(rec):
    check_priority(rec)
    assert len(rec["text"]) <= 600, rec
    assert len([s for s in re.split(r"(?<=[.!?])\s+", rec["text"]) if s.strip()]) <= 5, rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=51)
    ap.add_argument("--out", default="/tmp/train_more6.jsonl")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()

    g = Gen(a.seed)
    seen, out, hard_n = set(), [], Counter()
    for code in ORDER:
        got, tries = 0, 0
        while got < a.per_label:
            tries += 1
            if tries > a.per_label * 80:
                raise SystemExit(f"could not make {a.per_label} distinct {NAMES[code]} messages")
            rec, hard = g.record(code)
            if len(rec["text"]) > 600 or len([s for s in re.split(r"(?<=[.!?])\s+", rec["text"]) if s]) > 5:
                continue
            k = norm(rec["text"])
            if k in seen:
                continue
            check(rec)
            seen.add(k)
            out.append(rec)
            got += 1
            hard_n[rec["label"]] += hard
    g.rng.shuffle(out)
    write_jsonl(a.out, out)

    if a.stats:
        by = Counter(r["label"] for r in out)
        multi = sum(len(r["intents"]) > 1 for r in out)
        used = defaultdict(set)
        for r in out:
            used[r["label"]].add(r["family"])
        err = sys.stderr
        print(f"wrote {len(out)} messages to {a.out}", file=err)
        print(f"{'label':22s} {'msgs':>5s} {'multi':>6s} {'hard':>6s} {'fams def/used':>14s}", file=err)
        for code in ORDER:
            lab = NAMES[code]
            m = sum(len(r["intents"]) > 1 for r in out if r["label"] == lab)
            print(f"{lab:22s} {by[lab]:5d} {m / by[lab]:6.1%} {hard_n[lab] / by[lab]:6.1%} "
                  f"{len(g.fams[code]):6d}/{len(used[lab]):<6d}", file=err)
        print(f"multi-intent share: {multi / len(out):.1%}", file=err)
        print(f"categories: {len(g.cats)} ({len(set(r['category'] for r in out)) - 1} used)", file=err)
        tags = Counter(t for r in out for t in r["tags"])
        print("top tags: " + ", ".join(f"{t}={n}" for t, n in tags.most_common(20)), file=err)


if __name__ == "__main__":
    main()
