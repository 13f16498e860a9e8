#!/usr/bin/env python3
"""Training batch 9 for the buyer-intent classifier: innocent words that look rude or unfamiliar.

    python3 scripts/intent/make_train_more9.py [--per-label 1200] [--seed 91] [--out /tmp/train_more9.jsonl] [--stats]

Builds --per-label messages for each of the 7 intents from the hand-written families in train_more9_frames.py
(written independently for this batch; it reads no dataset file, and batch 8's generator was read only for the
interface and record format). The batch teaches four things the model gets wrong:
1. Non-English and regional greetings, how-are-you pleasantries, address words ("ji", "habibi", "hocam"),
   "excuse me" words, polite tails ("bitte", "por favor", "lütfen") and sign-offs (~240 greetings and
   pleasantries, ~160 sign-offs, ~50 courtesy words from ~60 languages; accents stripped at random, any casing,
   typical punctuation, sign-off names that look rude in English such as Dick, Fanny, Phuc) wrap the message.
   They are drawn with the SAME odds for every label (decided per output slot, kept through retries), and
   families never contain them, so no greeting predicts a label.
2. The Scunthorpe problem: real places (Scunthorpe, Penistone, Cockfosters, Middelfart, Phuket, Shitterton,
   Intercourse, Pennsylvania...), items and words that contain or resemble rude strings (cocktail shaker, bass,
   Dickens, Moby Dick, sextant, cockpit, shuttlecock, bastard file, stopcock, spoke nipples, bottom bracket,
   shag rug, Dickies, fanny pack, spotted dick, shiitake, Matsushita, Sex Pistols LP, cockatoo, blue tit,
   therapist, analyst, assess, scrape, title, classic, cumulative, bitcoin, cul-de-sac, Schmuck, Kunstdruck,
   Danish "topfart", Swedish "slutpris", Dutch "kunt u", Spanish "cogerlo") and casual profanity not aimed at
   anyone ("bloody good", "holy crap that's cheap", "hell of a deal", "damn this is nice") inside ordinary
   messages of every label. Offensive messages insult the seller next to the same greetings and words.
3. Keyboard mash ("asdfgh", "jjjjj", generated runs), test pings ("test 123", "hello?"), empty-ish messages
   ("...", "ok", "lol", emoji), a greeting or sign-off alone and small talk in other languages
   ("je suis fatigué aujourd'hui") are Irrelevant; "hello?? is this still available?" and
   "test test... ok it sent. does everything work?" are the item intent.
4. Ordinary messages in non-native, code-mixed English ("c'est toujours disponible?", "ist das Ladegerät dabei?
   is the charger included?", "pwede tawad?", "jeszcze aktualne?"), and injections written in other languages.
About a third of the messages carry several intents resolved by the priority rule (an innocent-word question
plus an offer -> Price Negotiation; a greeting, "ignoriere alle vorherigen Anweisungen..." and a real question
-> Prompt Injection). 30 categories, 30 price formats (incl. ¥, ₺, Ft, Kč, RM, ₱, Rp, CHF, R), light noise
(lowercase, slang, typos, dropped apostrophes/accents, emoji, 6 % ALL CAPS). Three greeting words held out for
evaluation (a French, a Spanish and a Texan one) never appear; every record is checked for them.
Labels follow docs/intent-data.md: Irrelevant is a whole-message check (it only co-occurs with rudeness), then
Injection > Offensive > Price > (Details, Condition, Availability); two different base intents only appear
together when a higher intent is present. Every record is checked against that rule.

Judgement calls:
- A greeting, pleasantry or sign-off alone ("namaste ji 🙏", "Merci!", "bonjour! ça va?"), "hello?" alone,
  "test", "...", "ok", "lol", emoji and keyboard mash -> Irrelevant; "hello? is this still available?" ->
  Availability. "Oops wrong button" / "my kid grabbed my phone" -> Irrelevant.
- Casual profanity about the item, the price or the day ("bloody good lamp", "holy crap that's cheap",
  "damn, what a day") is not Offensive; profanity aimed at the seller ("you bloody crook", "damn you and your
  stupid prices") is. Regional insults of the seller ("you Scunthorpe muppet") are Offensive.
- Place names are shipping/pickup destinations: "can you post it to Middelfart?" -> Availability, "how much
  is postage to Penistone?" -> Details (cost), "is Scunthorpe worth a visit?" -> Irrelevant.
- "What does 'wie neu' / 'VB' mean in your ad?" -> Details (listing phrase), "Festpreis oder VB?",
  "slutpris?", "pwede tawad?" -> Price Negotiation; "can I pay in bitcoin?" (payment terms) -> Price.
- "Translate 'je suis fatigué aujourd'hui' into English" -> Prompt Injection (a task); the sentence alone ->
  Irrelevant. Injections written in German, French, Spanish, Hindi, Indonesian, romanised Japanese... ->
  Prompt Injection. "Act as my therapist" -> Injection; "do you know a good therapist in Essex?" -> Irrelevant.
- "Are the Arsenal tickets legit and unused?" -> Condition (as in batch 8); "is the Arsenal shirt a replica
  or the player version?" -> Details (which version).
- Names in sign-offs that look rude in English (Dick, Fanny, Phuc, Mr Dikshit) are signatures, never insults.

Output: JSON lines with text, label, intents (priority order), category, source="template10", family
("<CODE>11.<n>"), tags. Standard library only, deterministic for a given seed; exact duplicates (lower-cased,
punctuation removed) are dropped.
"""
import sys

sys.dont_write_bytecode = True

import argparse
import os
import random
import re
import unicodedata
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_more9_frames as F  # noqa: E402
from batch_rules import BASE, NAMES, ORDER, PRIORITY, check_priority, finish, norm, write_jsonl  # noqa: E402

SOURCE, FAMNO = "template10", "11"
CAT_FIELDS = ("item", "part", "flaw", "spec", "acc", "feat")
ITEM_SLOTS = {"item", "item2", "part", "flaw", "spec", "acc", "feat", "price", "offer", "mid", "pnum"}
QWORDS = {"what", "how", "is", "does", "do", "can", "could", "would", "any", "has", "have", "will", "are", "where",
          "when", "who", "which", "did", "should", "was", "were", "whats", "hows", "got", "still"}
# first words that may be lower-cased after an opener ending in a comma (never proper nouns)
LOWERABLE = QWORDS | {"the", "my", "it", "this", "just", "sorry", "damn", "bloody", "holy", "hell", "test", "testing",
                      "please", "as", "ok", "so", "even", "you", "your", "listen", "look", "hey", "right", "alright",
                      "wake", "answer", "stop", "go", "ignore", "forget", "disregard", "show", "print", "write",
                      "tell", "translate", "give", "compose", "list", "from", "new", "pretend", "act", "explain",
                      "summarise", "meet", "bundle", "bit", "best", "can't", "i'm", "let", "looks", "crap", "jeez",
                      "shit", "sod", "nobody", "people", "everyone", "only", "take", "sell", "stupid", "useless",
                      "dumb", "filthy", "thieving", "creepy", "clueless", "thick", "dense", "sad", "what", "for",
                      "try", "read", "classic", "split", "trade", "deposit", "free", "split", "smoke-free", "ever",
                      "was", "we", "our", "pretty", "switch", "drop", "reveal", "paste", "roleplay", "message",
                      "developer", "would", "could", "hypothetically", "just", "ok", "quick"}
SLANG = [(r"\byou\b(?!')", "u"), (r"\bplease\b", "plz"), (r"\bthanks\b", "thnx"), (r"\btomorrow\b", "2moro"),
         (r"\bavailable\b", "availble"), (r"\bthe\b", "teh"), (r"\byour\b(?!')", "ur"), (r"\bare\b", "r"),
         (r"\bwhat\b", "wot"), (r"\bokay\b", "ok"), (r"\bto\b", "2"), (r"\bright\b", "rite"),
         (r"\bseriously\b", "srsly"), (r"\bbecause\b", "cuz"), (r"\bbefore\b", "b4"), (r"\bgreat\b", "gr8")]
PLURAL_VERB = {"is": "are", "Is": "Are", "does": "do", "Does": "Do", "has": "have", "Has": "Have", "was": "were"}
EMOJI = ["🙂", "🙏", "👍", "😅", "😊", "🤔", "😂", "👋", "🙌", "😬", "🤞", "✌️"]
SHOUT = ["!!!", "??", "!!", "?!?"]
OPEN_PUNCT = [",", ",", ",", ",", "!", "!", " !", "!!", ".", " -", "...", " :)", " 🙏", "", " 👋"]
CLOSE_PUNCT = ["", "", "!", "!", ".", " 🙏", "!!", " :)", " x", " 🙂"]
ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "poiuytrewq", "lkjhgfdsa"]
FORBIDDEN = re.compile(r"salut|howdy|\bhola\b", re.I)
MASH_BAD = re.compile(r"f+u+c*k|fck|fuk|sh[i1]t|cunt|d[i1]ck|c[o0]ck|piss|twat|wank|slut|fag|nig|rape|tit|ass|"
                      r"cum|sex|kkk|hola|salut|howdy|porn|anal|puta|cazz|merd|kurw|fick|butt|poo|pee|gay", re.I)


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# (multiplier over the category's price range, formatter)
PRICE_STYLES = [
    (1, lambda n: f"${n:,}"), (1, lambda n: f"${n}"), (1, str), (1, lambda n: f"{n}$"), (1, lambda n: f"€{n:,}"),
    (1, lambda n: f"{n} €"), (1, lambda n: f"{n} euro"), (1, lambda n: "€ " + f"{n:,}".replace(",", ".") + ",-"),
    (1, lambda n: f"£{n:,}"), (1, lambda n: f"{n} quid"), (1, lambda n: f"A${n}"), (1, lambda n: f"CHF {n:,}".replace(",", "'")),
    (1, lambda n: f"{n} bucks"), (1, lambda n: f"USD {n:,}"), (1, lambda n: f"{n / 1000:g}k" if n >= 1000 else str(n)),
    (150, lambda n: f"¥{n:,}"), (150, lambda n: f"{n:,}円"), (30, lambda n: f"{n:,} ₺"), (30, lambda n: f"{n} TL"),
    (350, lambda n: f"{n:,} Ft".replace(",", " ")), (23, lambda n: f"{n:,} Kč".replace(",", " ")),
    (4, lambda n: f"RM{n:,}"), (55, lambda n: f"₱{n:,}"), (15000, lambda n: "Rp " + f"{n:,}".replace(",", ".")),
    (18, lambda n: f"R{n:,}".replace(",", " ")), (80, lambda n: f"₹{n:,}"), (80, lambda n: f"Rs. {n}"),
    (4, lambda n: f"{n} zł"), (10, lambda n: f"{n} kr"), (10, lambda n: f"{n},- kr"),
]


class Fam:
    def __init__(self, code, idx, texts, hard, addr, raw, groups, tags, extra, weight):
        self.code, self.idx, self.texts, self.hard, self.addr, self.raw = code, idx, texts, hard, addr, raw
        self.groups, self.tags, self.extra, self.weight = groups, tags, extra, weight
        self.fid = f"{code}{FAMNO}.{idx}"
        self.cats = []


def parse_categories(text):
    cats = {}
    for line in text.strip().splitlines():
        f = [x.strip() for x in line.split("|")]
        assert len(f) == 9, line
        lo, hi = (int(x) for x in f[7].split("-"))
        c = {k: f[i].split("/") for i, k in enumerate(CAT_FIELDS, 1)}
        assert len(c["item"]) >= 2, line
        c.update(name=f[0], lo=lo, hi=hi, groups=set(f[8].split(",")) | {f[0]})
        cats[f[0]] = c
    return cats


SINGLE_GREET = {g.lower() for g in F.GREETINGS + F.SIGNOFFS if " " not in g} - {"ok"}


def parse_block(code, text, cats):
    fams = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        head, body = line.split("::", 1) if "::" in line else ("", line)
        hard = addr = raw = False
        groups, tags, extra, weight = {"goods"}, [], [], 1
        for fl in head.split():
            if fl == "!":
                hard = True
            elif fl == "^":
                addr = True
            elif fl == "=":
                raw = True
            elif fl[0] == "@":
                groups = set(fl[1:].split(","))
            elif fl[0] == "#":
                tags += fl[1:].split(",")
            elif fl[0] == "+":
                extra += fl[1:].split(",")
            elif re.fullmatch(r"w\d", fl):
                weight = int(fl[1:])
            else:
                raise ValueError(f"bad flag {fl!r} in {line!r}")
        texts = [t.strip() for t in body.split(" | ")]
        assert 2 <= len(texts) <= 5, line
        assert hard == bool(tags), f"boundary families and only they carry tags: {line!r}"
        for t in texts:
            assert not FORBIDDEN.search(t), t
            first = re.sub(r"[^\w']", "", t.split()[0].lower()) if t.split() else ""
            assert first not in SINGLE_GREET, f"greeting word inside a family: {t!r}"
            if code == "IRR":
                assert not set(re.findall(r"\{(\w+)\}", t)) & ITEM_SLOTS, t
        fam = Fam(code, len(fams) + 1, texts, hard, addr, raw, groups, tags, extra, weight)
        fam.cats = sorted(n for n, c in cats.items() if "*" in groups or c["groups"] & groups)
        assert fam.cats, f"no category for {line!r}"
        fams.append(fam)
    return fams


def nice_round(x):
    step = 1 if x < 30 else 5 if x < 100 else 10 if x < 1000 else 50 if x < 5000 else 100 if x < 50000 else 1000
    return max(step, int(round(x / step)) * step)


def plural(w):
    if w.endswith("s"):
        return w
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    return w + ("es" if w.endswith(("ch", "sh", "x")) else "s")


def bare_number(disp):
    m = re.search(r"\d[\d.,' ]*\d|\d", disp)
    return m.group(0).strip() + ("k" if disp[m.end():m.end() + 1] == "k" else "")


def mash(rng):
    """Keyboard mash: a run along a keyboard row, a held key, random letters or a two-key drum roll."""
    while True:
        k = rng.random()
        if k < 0.35:
            row = rng.choice(ROWS)
            i = rng.randint(0, 3)
            s = row[i:rng.randint(i + 3, len(row))]
        elif k < 0.5:
            s = rng.choice("jkfdsahlgqwpozmn") * rng.randint(4, 9)
        elif k < 0.8:
            s = "".join(rng.choice("asdfghjklqwertyuiopzxcvbnm") for _ in range(rng.randint(4, 10)))
        else:
            a, b = rng.sample("asdfghjklqwert", 2)
            s = (a + b) * rng.randint(2, 5)
        if rng.random() < 0.12:
            s = s.upper()
        if not MASH_BAD.search(s):
            return s


class Ctx:
    """Slot values of one message: a slot filled twice gets the same value."""

    def __init__(self, rng, cat):
        self.rng, self.cat, self.vals, self.item_used = rng, cat, {}, False
        mult, fmt = rng.choice(PRICE_STYLES)
        p = nice_round(rng.uniform(cat["lo"], cat["hi"]) * mult)
        o = nice_round(p * rng.uniform(0.6, 0.88))
        if o >= p:
            o = max(1, p - max(1, p // 10))
        mid = nice_round((p + o) / 2)
        self.vals.update(price=fmt(p), offer=fmt(o), mid=fmt(mid) if o < mid < p else fmt(o),
                         money=fmt(nice_round(rng.uniform(20, 500) * mult)))
        self.vals["pnum"] = bare_number(self.vals["price"])

    def get(self, slot):
        if slot in ITEM_SLOTS:
            self.item_used = True
        if slot not in self.vals:
            if slot == "item2":
                self.vals[slot] = self.rng.choice([i for i in self.cat["item"] if i != self.get("item")])
            elif slot in CAT_FIELDS:
                self.vals[slot] = self.rng.choice(self.cat[slot])
            elif slot.startswith("mash"):
                self.vals[slot] = mash(self.rng)
            elif slot.startswith("emo"):
                self.vals[slot] = self.rng.choice(EMOJI)
            else:
                self.vals[slot] = self.rng.choice(F.SLOTS[slot])
        return self.vals[slot]

    def fill(self, t):
        if "{part}" in t:
            part = self.get("part")
            if part.endswith("s") and not part.endswith(("ss", "glass")):
                t = re.sub(r"\b(is|Is|does|Does|has|Has|was) the \{part\}",
                           lambda m: PLURAL_VERB[m.group(1)] + " the {part}", t)
        t = re.sub(r"\{item\}s\b", lambda m: plural(self.get("item")), t)
        return re.sub(r"\{(\w+)\}", lambda m: self.get(m.group(1)), t)


def upper_first(s):
    return s[:1].upper() + s[1:]


def lower_first(s):
    w = s.split(" ", 1)[0].lower().strip(",.?!:")
    return s[:1].lower() + s[1:] if w in LOWERABLE and not s[:2].isupper() else s


def join(parts):
    out = ""
    for p in parts:
        if not p:
            continue
        if not out:
            out = p
        elif out.endswith((",", ":", " -")):
            out += " " + lower_first(p)
        else:
            out += " " + p
    return out


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.cats = parse_categories(F.CATEGORIES)
        self.fams = {c: parse_block(c, getattr(F, c), self.cats) for c in ORDER}
        self.used_words = Counter()

    # ---------------------------------------------------------------- greetings (label-blind)
    def word(self, w):
        r = self.rng
        if r.random() < 0.2:
            w = strip_accents(w)
        x = r.random()
        if x < 0.5:
            w = upper_first(w)
        elif x < 0.54:
            w = w.upper()
        elif x < 0.8:
            w = w.lower()
        return w

    def opener(self):
        r = self.rng
        g = r.choice(F.GREETINGS)
        self.used_words["greet:" + g] += 1
        s = self.word(g)
        if r.random() < 0.15:
            s += " " + r.choice(F.ADDRESS)
        s += r.choice(OPEN_PUNCT)
        if r.random() < 0.15:
            p = r.choice(F.PLEASANTRIES)
            self.used_words["pleas:" + p] += 1
            s = s.rstrip(",")
            s += ("!" if s[-1:].isalnum() else "") + " " + self.word(p)
        return s

    def closer(self):
        r = self.rng
        g = r.choice(F.SIGNOFFS)
        self.used_words["sign:" + g] += 1
        s = self.word(g)
        x = r.random()
        if x < 0.1:
            s += ", " + self.word(r.choice([w for w in F.SIGNOFFS if w != g]))
        if x < 0.22:
            return s + r.choice(CLOSE_PUNCT)
        if x < 0.32:
            return s + r.choice([", ", " - ", ", ", "! "]) + r.choice(F.SIG_NAMES)
        return s + r.choice(CLOSE_PUNCT)

    def courtesy(self, parts, tags):
        r = self.rng
        body = [i for i, p in enumerate(parts) if p.endswith("?")]
        if body and r.random() < 0.55:
            i = r.choice(body)
            t = r.choice(F.COURTESY_TAIL)
            self.used_words["tail:" + t] += 1
            parts[i] = re.sub(r"\s*\?+$", "", parts[i]) + ", " + t + "?"
        elif parts:
            h = r.choice(F.COURTESY_HEAD)
            self.used_words["head:" + h] += 1
            parts[0] = self.word(h) + " " + lower_first(parts[0])
        tags.append("courtesy_word")

    # ---------------------------------------------------------------- pieces
    def pick_fam(self, code, cat, hard_p=0.35):
        """A clause family of `code` that fits `cat` (for second and lower-priority clauses)."""
        fams = [f for f in self.fams[code] if cat["name"] in f.cats and not f.addr and not f.extra]
        want = self.rng.random() < hard_p
        return self.rng.choice([f for f in fams if f.hard == want] or fams)

    def clause(self, fam, ctx, cap=0.7):
        t = ctx.fill(self.rng.choice(fam.texts))
        if fam.raw:
            return upper_first(t) if self.rng.random() < 0.3 else t
        return finish(upper_first(t) if self.rng.random() < cap else t, QWORDS)

    def extras(self, ctx, parts, tags, label, fam, meta):
        """Context line, courtesy word, opener and closer: the same odds for every label (meta per output slot)."""
        r = self.rng
        if meta["context"] and "hn_greeting_only" not in fam.tags:
            x = r.random()
            if label == "IRR" or x < 0.35:
                line = ctx.fill(r.choice(F.CONTEXTS_ANY))
            elif x < 0.88 or "goods" not in ctx.cat["groups"]:
                line = ctx.fill(r.choice(F.CONTEXTS_BUY))
                tags.append("personal_context")
            else:
                line = r.choice(F.CONTEXTS_BUY_RUDE3)
                tags += ["personal_context", "hn_insult_not_at_seller"]
            parts.insert(0 if r.random() < 0.7 else len(parts), line)
        if meta["courtesy"]:
            self.courtesy(parts, tags)
        if meta["opener"]:
            parts.insert(0, self.opener())
            tags.append("greet_open")
        if meta["closer"]:
            parts.append(self.closer())
            tags.append("greet_close")
        return parts

    def aside(self, parts, ctx):
        a = ctx.fill(self.rng.choice(F.ASIDES))
        parts.insert(self.rng.randint(1, len(parts)), upper_first(a) if self.rng.random() < 0.5 else a)

    def base_codes(self, cat):
        """One base intent, sometimes two different ones (only used next to a higher intent)."""
        ok = [c for c in BASE if any(cat["name"] in f.cats for f in self.fams[c])]
        codes = [self.rng.choice(ok)]
        if self.rng.random() < 0.12 and len(ok) > 1:
            codes.append(self.rng.choice([c for c in ok if c != codes[0]]))
        return codes

    def question(self, ctx, price_share=0.25):
        """A real item question (or offer) placed next to a higher-priority intent."""
        if self.rng.random() < price_share:
            return [self.clause(self.pick_fam("PRI", ctx.cat), ctx)], ["PRI"]
        codes = self.base_codes(ctx.cat)
        return [self.clause(self.pick_fam(c, ctx.cat), ctx) for c in codes], codes

    # ---------------------------------------------------------------- labels
    def pick_main(self, code, ok=None, hard_p=0.5):
        """The family that decides the label: half boundary families (Irrelevant: 70 %), then by weight."""
        hard = self.rng.random() < hard_p
        pool = [f for f in self.fams[code] if ok is None or ok(f)]
        fams = [f for f in pool if f.hard == hard] or pool
        fam = self.rng.choices(fams, weights=[f.weight for f in fams])[0]
        return fam, self.cats[self.rng.choice(fam.cats)]

    def gen_base(self, code, meta):
        r = self.rng
        fam, cat = self.pick_main(code)
        ctx = Ctx(r, cat)
        parts, tags = [self.clause(fam, ctx)], list(fam.tags)
        if r.random() < 0.18:
            fam2 = self.pick_fam(code, cat, hard_p=0.3)
            if fam2 is not fam:
                parts.append(self.clause(fam2, ctx))
        if r.random() < 0.04:
            self.aside(parts, ctx)
            tags.append("offtopic_aside")
        return parts, [code], fam, tags, ctx

    def gen_pri(self, meta):
        r = self.rng
        fam, cat = self.pick_main("PRI")
        ctx = Ctx(r, cat)
        parts, codes, tags = [self.clause(fam, ctx)], ["PRI"], list(fam.tags)
        if r.random() < 0.55:
            sub = self.base_codes(cat)
            subs = [self.clause(self.pick_fam(c, cat), ctx) for c in sub]
            parts = subs + parts if r.random() < 0.6 else parts + subs
            codes += sub
        return parts, codes, fam, tags, ctx

    def off_sentence(self, fam, ctx):
        t = ctx.fill(self.rng.choice(fam.texts))
        return t if fam.addr else finish(upper_first(t) if self.rng.random() < 0.75 else t, QWORDS)

    def gen_off(self, meta):
        r = self.rng
        fam, cat = self.pick_main("OFF")
        ctx = Ctx(r, cat)
        ins, codes, tags = self.off_sentence(fam, ctx), ["OFF"] + fam.extra, list(fam.tags)
        if fam.addr:
            q, qc = self.question(ctx)
            parts, codes = [ins] + q, codes + qc
        elif fam.extra:
            parts = [ins]
            if r.random() < 0.3:
                c = self.base_codes(cat)[0]
                parts.insert(0, self.clause(self.pick_fam(c, cat), ctx))
                codes.append(c)
        elif r.random() < 0.25:
            parts = [ins]
            if r.random() < 0.25:
                fam2 = r.choice([f for f in self.fams["OFF"] if not f.addr and not f.extra and f is not fam])
                parts.append(self.off_sentence(fam2, ctx))
        else:
            q, qc = self.question(ctx)
            parts, codes = (q + [ins]) if r.random() < 0.6 else ([ins] + q), codes + qc
        return parts, codes, fam, tags, ctx

    def gen_inj(self, meta):
        r = self.rng
        fam, cat = self.pick_main("INJ")
        ctx = Ctx(r, cat)
        inj = self.clause(fam, ctx, cap=0.65)
        codes, tags = ["INJ"] + fam.extra, list(fam.tags)
        if r.random() < 0.3:
            parts = [inj]
        else:
            q, qc = self.question(ctx, price_share=0.0 if fam.extra else 0.25)
            codes += qc
            parts = q + [inj] if r.random() < 0.6 else [inj] + q
        if r.random() < 0.06:
            ofam = r.choice([f for f in self.fams["OFF"] if not f.addr and not f.extra])
            parts.append(self.off_sentence(ofam, ctx))
            codes.append("OFF")
        return parts, codes, fam, tags, ctx

    def gen_irr(self, meta):
        r = self.rng
        # a greeting or sign-off alone only when this slot has one: greeting odds stay equal across labels
        fam, _ = self.pick_main("IRR", ok=lambda f: meta["opener"] or meta["closer"] or "hn_greeting_only" not in f.tags,
                                hard_p=0.7)
        ctx = Ctx(r, self.cats[r.choice(sorted(self.cats))])
        tags, codes = list(fam.tags), ["IRR"]
        if "hn_greeting_only" in fam.tags:
            return [], codes, fam, tags, ctx
        parts = [self.clause(fam, ctx)]
        if r.random() < 0.1 and not fam.raw:
            fam2 = r.choice([f for f in self.fams["IRR"] if not f.raw and not {"hn_greeting_only", "hn_empty"} & set(f.tags)])
            if fam2 is not fam:
                parts.append(self.clause(fam2, ctx))
        # an insult after small talk keeps the message off-topic; after mash or a ping it would just be an insult
        if r.random() < 0.09 and not fam.raw and not {"hn_empty", "hn_test_ping"} & set(fam.tags):
            parts[-1] = finish(parts[-1], QWORDS)
            parts.append(r.choice(F.RUDE_TAILS))
            codes.append("OFF")
            tags.append("rude_offtopic")
        return parts, codes, fam, tags, ctx

    # ---------------------------------------------------------------- record
    def noise(self, text, tags):
        r = self.rng
        if r.random() < 0.06:                                   # shouting
            text = text.upper()
            if r.random() < 0.5:
                text = re.sub(r"[.,?!;:]+(?=\s|$)", "", text)
            if r.random() < 0.4:
                text = text.rstrip(".?! ") + r.choice(SHOUT)
            tags.append("allcaps")
            return text
        if r.random() < 0.2:
            text = text.lower()
        if r.random() < 0.08:
            text = strip_accents(text)
            tags.append("no_accents")
        if r.random() < 0.12:
            text = text.replace("'", "")
        if r.random() < 0.1:
            for pat, rep in SLANG:
                if r.random() < 0.5:
                    text = re.sub(pat, rep, text, count=1)
        if r.random() < 0.1:
            ws = text.split(" ")
            idx = [i for i, w in enumerate(ws) if len(w) >= 5 and w.isalpha()]
            if idx:
                i = r.choice(idx)
                w = ws[i]
                j = r.randint(1, len(w) - 2)
                ws[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:] if r.random() < 0.6 else w[:j] + w[j + 1:]
                text = " ".join(ws)
                tags.append("typo")
        if r.random() < 0.05:
            text = re.sub(r"[.,?!]+(?=\s|$)", "", text) or text
            tags.append("no_punct")
        elif r.random() < 0.1 and text[-1:] in ".?!" and len(text) > 3:
            text = text[:-1]
        if r.random() < 0.04:
            text += " " + r.choice(EMOJI)
        return text

    def record(self, code, meta):
        if code in BASE:
            parts, codes, fam, tags, ctx = self.gen_base(code, meta)
        else:
            parts, codes, fam, tags, ctx = getattr(self, "gen_" + code.lower())(meta)
        parts = self.extras(ctx, parts, tags, code, fam, meta)
        text = re.sub(r"\s+", " ", self.noise(join(parts), tags)).strip()
        intents = sorted({NAMES[c] for c in codes}, key=PRIORITY.index)
        has_item = (ctx.item_used or any(c in ("PRI",) + BASE for c in codes)) and "IRR" not in codes
        rec = {"text": text, "label": intents[0], "intents": intents,
               "category": ctx.cat["name"] if has_item else "none", "source": SOURCE, "family": fam.fid,
               "tags": sorted(set(tags))}
        return rec, fam.hard


def n_sentences(text):
    return len([s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()])


def check(rec):
    check_priority(rec)
    assert 0 < len(rec["text"]) <= 600 and n_sentences(rec["text"]) <= 5, rec
    assert rec["family"][3:].split(".")[0] == FAMNO, rec
    assert rec["source"] == SOURCE, rec
    assert not FORBIDDEN.search(rec["text"]), rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-label", type=int, default=1200)
    ap.add_argument("--seed", type=int, default=91)
    ap.add_argument("--out", default="/tmp/train_more9.jsonl")
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args()

    for w in F.GREETINGS + F.PLEASANTRIES + F.SIGNOFFS + F.COURTESY_HEAD + F.COURTESY_TAIL + F.ADDRESS + F.SIG_NAMES:
        assert not FORBIDDEN.search(w), w
    g = Gen(a.seed)
    seen, out = set(), []
    hard_n, caps_n, op_n, cl_n, co_n, tries_n = Counter(), Counter(), Counter(), Counter(), Counter(), {}
    for code in ORDER:
        got, tries, meta = 0, 0, None
        while got < a.per_label:
            tries += 1
            if tries > a.per_label * 80:
                raise SystemExit(f"could not make {a.per_label} distinct {NAMES[code]} messages")
            if meta is None:  # framing decided per output slot, kept through retries: equal rates per label
                meta = {"opener": g.rng.random() < 0.55, "closer": g.rng.random() < 0.33,
                        "courtesy": g.rng.random() < 0.12, "context": g.rng.random() < 0.14}
            rec, hard = g.record(code, meta)
            if not rec["text"] or len(rec["text"]) > 600 or n_sentences(rec["text"]) > 5:
                continue
            k = norm(rec["text"]) or rec["text"]
            if k in seen:
                continue
            check(rec)
            seen.add(k)
            out.append(rec)
            got += 1
            lab = rec["label"]
            hard_n[lab] += hard
            caps_n[lab] += "allcaps" in rec["tags"]
            op_n[lab] += meta["opener"]
            cl_n[lab] += meta["closer"]
            co_n[lab] += meta["courtesy"]
            meta = None
        tries_n[code] = tries
    g.rng.shuffle(out)
    write_jsonl(a.out, out)

    if a.stats:
        by = Counter(r["label"] for r in out)
        used = defaultdict(set)
        for r in out:
            used[r["label"]].add(r["family"])
        err = sys.stderr
        print(f"wrote {len(out)} messages to {a.out}", file=err)
        print(f"{'label':22s} {'msgs':>5s} {'multi':>6s} {'bound':>6s} {'caps':>5s} {'open':>5s} {'close':>5s} "
              f"{'court':>5s} {'fams def/used':>14s} {'tmpl':>5s} {'tries':>6s}", file=err)
        for code in ORDER:
            lab, n = NAMES[code], by[NAMES[code]]
            m = sum(len(r["intents"]) > 1 for r in out if r["label"] == lab)
            nt = sum(len(f.texts) for f in g.fams[code])
            print(f"{lab:22s} {n:5d} {m / n:6.1%} {hard_n[lab] / n:6.1%} {caps_n[lab] / n:5.1%} "
                  f"{op_n[lab] / n:5.1%} {cl_n[lab] / n:5.1%} {co_n[lab] / n:5.1%} "
                  f"{len(g.fams[code]):6d}/{len(used[lab]):<6d} {nt:5d} {tries_n[code]:6d}", file=err)
        multi = sum(len(r["intents"]) > 1 for r in out)
        print(f"multi-intent share: {multi / len(out):.1%}   all-caps share: {sum(caps_n.values()) / len(out):.1%}",
              file=err)
        combos = Counter(" + ".join(r["intents"]) for r in out if len(r["intents"]) > 1)
        print("top combos: " + ", ".join(f"{c}={n}" for c, n in combos.most_common(8)), file=err)
        kinds = Counter(k.split(":")[0] for k in g.used_words)
        print(f"framing words defined: {len(set(F.GREETINGS))} greetings, {len(set(F.PLEASANTRIES))} pleasantries, "
              f"{len(set(F.SIGNOFFS))} sign-offs, {len(set(F.COURTESY_HEAD)) + len(set(F.COURTESY_TAIL))} courtesy "
              f"words, {len(set(F.ADDRESS))} address words, {len(set(F.SIG_NAMES))} signature names; distinct used "
              f"(incl. rejected drafts): " + ", ".join(f"{k}={n}" for k, n in sorted(kinds.items())), file=err)
        print(f"categories: {len(g.cats)} ({len(set(r['category'] for r in out) - {'none'})} used)", file=err)
        tags = Counter(t for r in out for t in r["tags"])
        print("top tags: " + ", ".join(f"{t}={n}" for t, n in tags.most_common(24)), file=err)


if __name__ == "__main__":
    main()
