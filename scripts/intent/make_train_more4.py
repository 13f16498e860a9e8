#!/usr/bin/env python3
"""make_train_more4.py: batch-4 training messages for the dseek buyer-intent classifier.

A fourth, independently written set of template messages (source "template5", families "<CODE>6.<n>")
for the 7-label buyer-intent task.  Phrases live in train_more4_frames.py: 47 item categories with their
own slot words, 16 writer voices (formal, elderly, bulk buyers, parents, students, collectors and
non-native English of ten first languages) and 430+ paraphrase families.  About a third of each label's
messages come from families aimed at the confusions a small model makes (Condition vs Details, polite
insults vs strong-but-civil complaints, long off-topic stories vs long stories ending in a real question,
price offers vs price information, new kinds of prompt injection vs their look-alikes).

Labelling follows docs/intent-data.md: Irrelevant is a whole-message check (its only companion is
Offensive, for rude off-topic messages); an off-topic aside inside a real message is not an intent;
otherwise Prompt Injection > Offensive > Price Negotiation > the three base intents, and two different
base intents only ever appear together when a higher-priority intent is also present.

Python 3 standard library only, deterministic for a given --seed and --per-label:
    python3 scripts/intent/make_train_more4.py [--per-label 1500] [--seed 31] [--out /tmp/train_more4.jsonl] [--stats]
"""
import argparse
import json
import math
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more4_frames as F  # noqa: E402

IRR, INJ, OFF, PN = "Irrelevant Intent", "Prompt Injection", "Offensive Intent", "Price Negotiation"
DET, CON, AVA = "Product Details", "Product Condition", "Product Availability"
PRIORITY = [IRR, INJ, OFF, PN, DET, CON, AVA]
BASE = (DET, CON, AVA)
CODE = {IRR: "IRR", INJ: "INJ", OFF: "OFF", PN: "PRI", DET: "DET", CON: "CON", AVA: "AVA"}
BY_CODE = {v: k for k, v in CODE.items()}
BY_CODE["PN"] = PN
SOURCE = "template5"

GROUPS = {
    "elec": {"pianos", "drums", "e_scooters", "power_tools", "lab_equipment", "office_equipment", "cameras",
             "mobility_aids", "kitchen_appliances", "coffee_machines", "laptops", "desktop_pcs", "phones",
             "drones", "sewing", "tv_audio", "fitness"},
}
GROUPS["tech"] = GROUPS["elec"] | {"software"}
NONPHYS = {"software", "tickets"}

# Share of each label's messages whose main clause comes from a confusion-targeted ("H") family.
HARD_SHARE = 0.34
# Share of messages (per resolved label) that get companion clauses of lower priority.
MULTI = {PN: 0.66, OFF: 0.80, INJ: 0.80, IRR: 0.30}

RATES = {"USD": 1, "EUR": 0.92, "GBP": 0.8, "INR": 83, "BRL": 5, "TRY": 32, "RUB": 90, "CNY": 7.2,
         "VND": 25000, "AED": 3.67, "MXN": 17}
CUR_FMT = {
    "USD": ["${n}", "{n} dollars", "{n} bucks", "USD {n}", "${n}.00"],
    "EUR": ["€{n}", "{n} EUR", "{n} euros", "{n}€", "{n} euro"],
    "GBP": ["£{n}", "{n} quid", "{n} pounds", "£{n}.00"],
    "INR": ["₹{n}", "Rs {n}", "{n} rupees", "Rs. {n}/-", "INR {n}"],
    "BRL": ["R$ {n}", "R${n}", "{n} reais"],
    "TRY": ["{n} TL", "₺{n}", "{n} lira"],
    "RUB": ["{n} rubles", "{n} ₽", "{n} rub"],
    "CNY": ["¥{n}", "{n} yuan", "{n} RMB", "{n} kuai"],
    "VND": ["{n} VND", "{n}đ", "{m} million dong", "{m} triệu"],
    "AED": ["{n} AED", "{n} dirhams", "AED {n}"],
    "MXN": ["${n} pesos", "{n} pesos", "{n} MXN"],
}
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
       "seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()

SENT_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
SLOT = re.compile(r"\{([a-z_]+)\}")


# ----------------------------------------------------------------------------------------------------
class Family:
    def __init__(self, label, idx, tags, text):
        toks = tags.split()
        self.label, self.fid = label, f"{CODE[label]}6.{idx}"
        self.hard = "H" in toks
        self.nonphys_ok = "N" in toks
        self.add = [BY_CODE[t[1:]] for t in toks if t.startswith("+")]
        self.groups = [t[1:] for t in toks if t.startswith("@")]
        self.tags = [t for t in toks if t not in ("H", "N") and t[0] not in "+@"]
        self.paras = [p.strip() for p in text.split(" | ")]
        assert 2 <= len(self.paras) <= 5, (self.fid, len(self.paras))

    def cat_ok(self, cat):
        if self.groups:
            return any(cat in GROUPS[g] for g in self.groups)
        if self.label in BASE and cat in NONPHYS:
            return self.nonphys_ok
        return True


FAMILIES = {}
for lab, lst in ((DET, F.DET), (CON, F.CON), (AVA, F.AVA), (PN, F.PRI), (OFF, F.OFF), (INJ, F.INJ), (IRR, F.IRR)):
    FAMILIES[lab] = [Family(lab, i, t, x) for i, (t, x) in enumerate(lst, 1)]
CATS = {c["name"]: c for c in F.CATS}
CAT_NAMES = sorted(CATS)
VOICE_NAMES = list(F.VOICES)
VOICE_W = [3 if v in ("formal", "elderly", "bulk", "parent", "student", "collector") else 1.6 for v in VOICE_NAMES]


# ----------------------------------------------------------------------------------------------------
def nice(x):
    if x < 100:
        step = 5
    elif x < 1000:
        step = 10
    elif x < 10000:
        step = 50
    elif x < 100000:
        step = 500
    else:
        step = 10 ** (len(str(int(x))) - 2)
    return max(step, int(round(x / step)) * step)


def words(n):
    if n < 20:
        return ONES[n]
    if n < 100:
        return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])
    h, r = divmod(n, 100)
    head = "a hundred" if h == 1 and r == 0 else ONES[h] + (" hundred" if r == 0 else "")
    if r == 0:
        return head
    return ONES[h] + " " + words(r)  # colloquial "one fifty"


class Msg:
    """Slot values for one message (kept consistent across its clauses)."""

    def __init__(self, rng, cat, voice):
        self.rng, self.cat, self.voice = rng, CATS[cat], F.VOICES[voice]
        self.vname = voice
        self.vals = {}
        self.used_cat = False
        self.cur = rng.choice(self.voice["cur"])
        self.style = rng.choice(CUR_FMT[self.cur])
        usd = rng.uniform(self.cat["lo"], self.cat["hi"])
        self.p = nice(usd * RATES[self.cur])
        self.o = nice(self.p * rng.uniform(0.6, 0.88))
        if self.o >= self.p:
            self.o = nice(self.p * 0.7)
        self.colloquial = rng.random() < 0.3

    def money(self, n):
        r = self.rng
        if self.cur in ("USD", "GBP", "EUR") and self.colloquial:
            if 20 <= n < 1000 and n % 10 == 0 and self.cur != "EUR":
                w = words(n)
                return w + r.choice(["", "", {"USD": " bucks", "GBP": " quid"}[self.cur]])
            if n >= 1000:
                k = f"{n / 1000:.1f}".rstrip("0").rstrip(".") + "k"
                return r.choice(["", {"USD": "$", "GBP": "£", "EUR": "€"}[self.cur]]) + k
        s = f"{n:,}" if n >= 1000 and r.random() < 0.6 else str(n)
        if self.cur == "EUR" and n >= 1000 and r.random() < 0.4:
            s = f"{n:,}".replace(",", ".")
        m = f"{n / 1e6:.1f}".rstrip("0").rstrip(".")
        return self.style.replace("{n}", s).replace("{m}", m)

    def under(self):
        step = 100 if self.p < 1000 else 1000
        t = int(math.ceil(self.o * 1.02 / step) * step)
        if t >= self.p:
            t = max(step, (self.p // step) * step)
        if self.cur in ("USD", "GBP", "EUR") and t <= 900:
            return "under " + words(t)
        if self.cur in ("USD", "GBP") and t % 1000 == 0 and t <= 9000:
            return "under " + ("a grand" if t == 1000 else ONES[t // 1000] + " grand")
        return "under " + self.money(t)

    def slot(self, name):
        if name in self.vals:
            return self.vals[name]
        r = self.rng
        if name in self.cat and isinstance(self.cat[name], list):
            v = r.choice(self.cat[name])
            self.used_cat = True
        elif name == "price":
            v = self.money(self.p)
        elif name == "offer":
            v = self.money(self.o)
        elif name == "mid":
            v = self.money(nice((self.p + self.o) / 2))
        elif name == "mid_off":
            v = self.money(nice(self.p * r.choice([0.1, 0.15, 0.2])))
        elif name == "dep":
            v = self.money(nice(self.p * 0.2))
        elif name == "under":
            v = self.under()
        elif name in F.SLOTS:
            v = r.choice(F.SLOTS[name].split("|"))
        else:
            raise KeyError(f"unknown slot {{{name}}}")
        if name in ("price", "offer", "mid", "mid_off", "dep", "under"):
            self.used_cat = True
        self.vals[name] = v
        return v

    def fill(self, text):
        out, rest = "", text
        while True:
            m = SLOT.search(rest)
            if not m:
                return out + rest
            name = m.group(1)
            before, after = out + rest[:m.start()], rest[m.end():]
            v = self.slot(name)
            if name in ("part", "acc", "fault", "spec") and plural(v):
                before = re.sub(r"\b(Is|is|Has|has|Does|does|Was|was)( the| any)? $",
                                lambda x: AGREE[x.group(1)] + (x.group(2) or "") + " ", before)
                before = re.sub(r"\b[Aa] (spare )?$", lambda x: x.group(1) or "", before)
                after = re.sub(r"^ (is|has|was|does)\b", lambda x: " " + AGREE[x.group(1)], after)
                after = re.sub(r"^, is there any\b", ", are there any", after)
            if v.startswith("a ") and before.endswith("any "):
                before = before[:-4]
            b = before.rstrip(" ")
            if not b or b[-1] in ".!?:":
                v = v[:1].upper() + v[1:]
            elif name in ("cq", "dq") and b.endswith(","):
                v = v[:1].lower() + v[1:]
            out, rest = before + v, after


AGREE = {"Is": "Are", "is": "are", "Has": "Have", "has": "have", "Does": "Do", "does": "do", "Was": "Were", "was": "were"}
SINGULAR_S = {"chassis", "canvas", "lens", "gas", "glass", "harness", "bass", "series"}


def plural(v):
    w = v.split()[-1].lower() if v.split() else ""
    if " and " in v and not v.startswith("a "):
        return True
    if v.startswith(("a ", "an ", "the ")) or w in SINGULAR_S:
        return False
    return w.endswith("s") and not w.endswith(("ss", "us", "is"))


# ----------------------------------------------------------------------------------------------------
# Non-native slips, applied to question clauses (never to openers, which are already written in the voice).
def slips(text, kind, rng):
    def sub(pat, rep, p, s, flags=0):
        return re.sub(pat, lambda m: (m.expand(rep) if rng.random() < p else m.group(0)), s, flags=flags)

    if kind in ("ru", "zh", "hi", "vi", "tr"):
        text = sub(r"(?<=[a-z,]) the ", " ", 0.55, text)
        text = sub(r"(?<=[a-z,]) a (?=[a-z])", " ", 0.35, text)
    if kind in ("es", "pt", "ru", "fr"):
        text = sub(r"\bCould you (kindly )?tell me\b", "Please to tell me", 0.7, text)
    if kind in ("es", "pt", "fr", "tr"):
        text = sub(r"\bIs it possible to\b", "It is possible to", 0.8, text)
    if kind in ("zh", "vi", "es", "pt"):
        text = sub(r"(^|(?<=[.!?] ))Is it ", r"\1It is ", 0.5, text)
    if kind in ("zh", "ru", "vi"):
        text = sub(r"(^|(?<=[.!?] ))Do you have ", r"\1You have ", 0.6, text)
    if kind == "ru":
        text = sub(r"(^|(?<=[.!?] ))Can you ", r"\1You can ", 0.5, text)
    if kind == "de":
        text = sub(r"\btake a (photo|picture|video)\b", r"make a \1", 0.9, text)
        text = sub(r"\bstill for sale\b", "still to sell", 0.6, text)
        text = sub(r"\bCan you\b", "Can you maybe", 0.3, text)
    if kind == "fr":
        text = sub(r"\bstill available\b", "always available", 0.5, text)
        text = sub(r"\binterested in\b", "interested by", 0.8, text)
    if kind == "hi":
        text = sub(r"\bCould you\b", "Kindly", 0.4, text)
        text = sub(r"\?$", " sir?", 0.35, text)
        text = sub(r"\bplease\b", "pls", 0.4, text)
    if kind == "ar":
        text = sub(r"\?$", ", brother?", 0.3, text)
        text = sub(r"\?$", ", my friend?", 0.2, text)
    if kind == "tr":
        text = sub(r"\?$", " abi?", 0.25, text)
    if kind == "vi":
        text = sub(r"\?$", " anh?", 0.25, text)
    if kind == "pt":
        text = sub(r"\bI would like to\b", "I want to", 0.6, text)
    return text


def sentences(text):
    return [s for s in SENT_SPLIT.split(text.strip()) if s.strip()]


def norm_key(text):
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# ----------------------------------------------------------------------------------------------------
class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)

    def pick_family(self, label, hard=None, cat=None, exclude=(), secondary=False):
        fams = [f for f in FAMILIES[label] if f.fid not in exclude and (cat is None or f.cat_ok(cat))]
        if secondary:
            fams = [f for f in fams if "long_context" not in f.tags and "long_offtopic" not in f.tags]
        if hard is not None:
            sub = [f for f in fams if f.hard == hard]
            fams = sub or fams
        return self.rng.choice(fams)

    def clause(self, m, fam):
        text = m.fill(self.rng.choice(fam.paras))
        if m.voice["slip"] and self.rng.random() < 0.6:
            text = slips(text, m.voice["slip"], self.rng)
        first = text.split(" ")[0]
        if not any(c in first for c in "()$_/<{[`-"):
            text = text[:1].upper() + text[1:]
        return text

    def build(self, label):
        r = self.rng
        voice = r.choices(VOICE_NAMES, VOICE_W)[0]
        hard = r.random() < HARD_SHARE
        prim = self.pick_family(label, hard=hard)
        cats = [c for c in CAT_NAMES if prim.cat_ok(c)]
        m = Msg(r, r.choice(cats), voice)
        intents = {label, *prim.add}
        tags = list(prim.tags)
        parts = [(self.clause(m, prim), True)]  # (text, is_primary)

        companions = []
        if label in BASE:
            if r.random() < 0.2:
                companions.append(label)
        elif label == PN:
            if r.random() < MULTI[PN]:
                companions.append(r.choice(BASE))
                if r.random() < 0.3:
                    companions.append(r.choice(BASE))
        elif label == OFF:
            if r.random() < MULTI[OFF]:
                companions += r.choices([[PN], [r.choice(BASE)], [PN, r.choice(BASE)], list(r.sample(BASE, 2))],
                                        [0.3, 0.4, 0.15, 0.15])[0]
        elif label == INJ:
            if r.random() < MULTI[INJ]:
                companions += r.choices([[r.choice(BASE)], [PN], [r.choice(BASE), PN], [OFF], list(r.sample(BASE, 2))],
                                        [0.45, 0.2, 0.15, 0.1, 0.1])[0]
        used = {prim.fid}
        for lab in companions:
            fam = self.pick_family(lab, hard=r.random() < 0.25, cat=m.cat["name"], exclude=used, secondary=True)
            if lab != label and set(fam.add) - set(PRIORITY[PRIORITY.index(lab):]):
                continue  # never let a companion raise the label
            used.add(fam.fid)
            parts.append((self.clause(m, fam), False))
            intents |= {lab, *fam.add}
            tags += [t for t in fam.tags if t not in tags]
        if label == IRR and OFF not in intents and r.random() < MULTI[IRR] * 0.75:
            rude = r.choice(F.RUDE)
            parts.append((rude, False))
            intents.add(OFF)
        if label == IRR and OFF in intents and "rude_offtopic" not in tags:
            tags.append("rude_offtopic")
        r.shuffle(parts)
        body = [t for t, _ in parts]

        # wrappers
        extra = {}
        if label == IRR:
            if r.random() < 0.3 and prim.fid != "IRR6.1":  # IRR6.1 is a bare greeting already
                extra["op"] = m.fill(r.choice(m.voice["op_g"]))
            if r.random() < 0.3:
                extra["cl"] = r.choice(m.voice["cl"])
        else:
            if r.random() < 0.5:
                extra["op"] = m.fill(r.choice(m.voice["op_i"] if r.random() < 0.8 else m.voice["op_g"]))
            if label in BASE + (PN,) and "long_context" not in tags and r.random() < 0.12:
                extra["story"] = m.fill(r.choice(F.LONG_CTX))
            elif r.random() < 0.3:
                src = m.cat["ctx"] if voice not in ("bulk", "parent", "student") and r.random() < 0.5 else m.voice["ctx"]
                extra["ctx"] = m.fill(r.choice(src))
            if r.random() < 0.45:
                extra["cl"] = r.choice(m.voice["cl"])
            if r.random() < 0.07:
                extra["aside"] = m.fill(r.choice(F.SLOTS["aside"].split("|")))

        def assemble(ex):
            seq = list(body)
            if "aside" in ex:
                seq.insert(r.randint(0, len(seq)), ex["aside"])
            pre = [ex[k] for k in ("op", "story", "ctx") if k in ex]
            seq = pre + seq + ([ex["cl"]] if "cl" in ex else [])
            out = ""
            for s in seq:
                s = s.strip()
                if out and out[-1] not in ".!?:,)" and not out.endswith("```"):
                    out += "."
                out += (" " if out else "") + s
            return out

        text = assemble(extra)
        for k in ("aside", "ctx", "story", "op", "cl"):
            if len(sentences(text)) <= 5 and len(text) <= 600:
                break
            extra.pop(k, None)
            text = assemble(extra)
        if len(sentences(text)) > 5 or len(text) > 600:
            return None
        if "aside" in extra:
            tags.append("offtopic_aside")
        if "story" in extra:
            tags.append("long_context")
        if m.vname == "student" and r.random() < 0.4:
            text = text.lower()
        intents = sorted(intents, key=PRIORITY.index)
        cat = "none" if label == IRR or not m.used_cat else m.cat["name"]
        rec = dict(text=text, label=intents[0], intents=intents, category=cat, source=SOURCE, family=prim.fid,
                   tags=tags)
        check(rec, label)
        return rec, prim.hard


def check(rec, label):
    ints = rec["intents"]
    assert rec["label"] == label == ints[0], rec
    assert ints == sorted(set(ints), key=PRIORITY.index), rec
    if IRR in ints:
        assert set(ints) <= {IRR, OFF}, rec
    if len([i for i in ints if i in BASE]) > 1:
        assert any(i in ints for i in (INJ, OFF, PN)), rec
    assert len(sentences(rec["text"])) <= 5 and len(rec["text"]) <= 600, rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=31)
    ap.add_argument("--out", default="/tmp/train_more4.jsonl")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()

    g = Gen(a.seed)
    seen, recs, hard_n = set(), [], {}
    for label in PRIORITY:
        n, tries = 0, 0
        while n < a.per_label:
            tries += 1
            assert tries < a.per_label * 50, f"cannot produce {a.per_label} distinct messages for {label}"
            res = g.build(label)
            if res is None:
                continue
            rec, hard = res
            k = norm_key(rec["text"])
            if k in seen:
                continue
            seen.add(k)
            recs.append(rec)
            hard_n[label] = hard_n.get(label, 0) + hard
            n += 1
    g.rng.shuffle(recs)
    with open(a.out, "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    if a.stats:
        err = sys.stderr
        print(f"wrote {len(recs)} messages to {a.out}", file=err)
        multi = sum(len(r["intents"]) > 1 for r in recs)
        print(f"multi-intent: {multi} ({100 * multi / len(recs):.1f}%)", file=err)
        print(f"{'label':22s} {'count':>6s} {'multi%':>7s} {'hard%':>6s} {'families':>9s} {'used':>5s}", file=err)
        for lab in PRIORITY:
            rs = [r for r in recs if r["label"] == lab]
            mu = sum(len(r["intents"]) > 1 for r in rs)
            used = len({r["family"] for r in rs})
            print(f"{lab:22s} {len(rs):6d} {100 * mu / max(1, len(rs)):6.1f}% {100 * hard_n[lab] / max(1, len(rs)):5.1f}%"
                  f" {len(FAMILIES[lab]):9d} {used:5d}", file=err)
        cats = {r["category"] for r in recs} - {"none"}
        tagc = {}
        for r in recs:
            for t in r["tags"]:
                tagc[t] = tagc.get(t, 0) + 1
        print(f"categories used: {len(cats)}; voices: {len(VOICE_NAMES)}", file=err)
        print("tags: " + ", ".join(f"{k} {v}" for k, v in sorted(tagc.items(), key=lambda x: -x[1])), file=err)


if __name__ == "__main__":
    main()
