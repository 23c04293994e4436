"""Composing Indonesian posts from parts and roughening them into real-looking social media.

A :class:`Composer` holds the week's fixed facts (the official handles, the launch date, the
handles of other users) and one ``random.Random``; every method draws only from it, so the
same seed yields the same words.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from random import Random
from typing import TypeVar

from pantau.demo import phrases, vocab

_HASHTAG_BODY = re.compile(r"#(\w+)")
_MENTION_BODY = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)")
_SLOT_RE = re.compile(r"\{(\w+)\}")
T = TypeVar("T")


def pick(rng: Random, options: Sequence[T]) -> T:
    """``rng.choice`` without its rejection sampling: faster, and just as deterministic."""
    return options[int(rng.random() * len(options))]


def pick_cumulative(rng: Random, options: Sequence[T], cum_weights: Sequence[float]) -> T:
    """One weighted choice, given cumulative weights (like ``rng.choices(...)[0]``, faster)."""
    return options[bisect_right(cum_weights, rng.random() * cum_weights[-1])]


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in order of first appearance, without '#', as written.

    A '#' counts only at the start of a word (not inside a link or after a letter), and an
    all-digit tag ("#1") is not a hashtag.
    """
    if "#" not in text:
        return []
    seen: dict[str, None] = {}
    for match in _HASHTAG_BODY.finditer(text):
        i = match.start()
        if i and (text[i - 1] in "&/#_" or text[i - 1].isalnum()):
            continue
        tag = match.group(1)
        if not tag.isdigit():
            seen.setdefault(tag, None)
    return list(seen)


def extract_mentions(text: str) -> list[str]:
    """Mentioned handles in order of first appearance, without '@'."""
    if "@" not in text:
        return []
    seen: dict[str, None] = {}
    for match in _MENTION_BODY.finditer(text):
        i = match.start()
        if i and (text[i - 1] in "@/._" or text[i - 1].isalnum()):
            continue
        seen.setdefault(match.group(1), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class Style:
    """How one writer types. Probabilities are per word unless noted as per post."""

    name: str
    slang: float
    typo: float
    lower: float  # per post: everything in lowercase
    particle: float
    emoji: float  # per post
    elongate: float
    english: float  # per post
    regional: str  # "", "jawa" or "sunda"
    regional_rate: float  # per post
    caps: float  # per negative post: ALL CAPS rant
    redup: float  # "hati-hati" -> "hati2"
    laugh: float  # per post: "wkwk", "anjir"...


STYLES: dict[str, Style] = {
    "formal": Style("formal", 0.03, 0.004, 0.05, 0.02, 0.2, 0.0, 0.01, "", 0.0, 0.01, 0.05, 0.0),
    "casual": Style("casual", 0.45, 0.012, 0.45, 0.12, 0.4, 0.05, 0.06, "", 0.0, 0.06, 0.5, 0.12),
    "slangy": Style("slangy", 0.85, 0.025, 0.8, 0.25, 0.6, 0.15, 0.1, "", 0.0, 0.12, 0.85, 0.3),
    "jaksel": Style("jaksel", 0.6, 0.01, 0.7, 0.15, 0.35, 0.08, 0.6, "", 0.0, 0.04, 0.6, 0.2),
    "emak": Style("emak", 0.4, 0.02, 0.3, 0.2, 0.85, 0.1, 0.03, "", 0.0, 0.05, 0.6, 0.1),
    "ranter": Style("ranter", 0.6, 0.02, 0.3, 0.1, 0.55, 0.2, 0.03, "", 0.0, 0.45, 0.5, 0.05),
}

_STYLE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("formal", 0.16),
    ("casual", 0.36),
    ("slangy", 0.18),
    ("jaksel", 0.08),
    ("emak", 0.12),
    ("ranter", 0.10),
)


_EVERYDAY_TOPICS = frozenset({"price", "cooking", "farm", "market", "loose"})
_EVERYDAY_OPENERS = {
    tone: tuple(o for o in options if "{inst" not in o) for tone, options in phrases.OPENERS.items()
}
_EVERYDAY_CLOSERS = {
    tone: tuple(c for c in options if "{inst" not in c) for tone, options in phrases.CLOSERS.items()
}
_REGENCIES = tuple(r for r in vocab.REGIONS if r.kind == "Kabupaten")
_STYLE_NAMES = tuple(name for name, _ in _STYLE_WEIGHTS)
_STYLE_CUM = tuple(accumulate(w for _, w in _STYLE_WEIGHTS))


def pick_style(rng: Random, province: str) -> Style:
    """A writer's style; people from Javanese or Sundanese regions often mix in their words."""
    base = STYLES[pick_cumulative(rng, _STYLE_NAMES, _STYLE_CUM)]
    regional = ""
    if province in vocab.JAVANESE_PROVINCES and rng.random() < 0.35:
        regional = "jawa"
    elif province in vocab.SUNDANESE_PROVINCES and rng.random() < 0.35:
        regional = "sunda"
    if not regional:
        return base
    return Style(
        base.name + "+" + regional,
        base.slang,
        base.typo,
        base.lower,
        base.particle,
        base.emoji,
        base.elongate,
        base.english,
        regional,
        0.45,
        base.caps,
        base.redup,
        base.laugh,
    )


def format_price(rng: Random, value: int, formal: bool = False) -> str:
    """Rupiah the way people write it: "Rp 15.000", "15rb", "15k", "Rp15.000,-"."""
    value = round(value / 500) * 500
    dotted = f"{value:,}".replace(",", ".")
    if formal:
        return f"Rp{dotted}"
    thousands = value / 1000
    short = f"{thousands:g}".replace(".", ",")
    r = rng.random()
    if r < 0.25:
        return f"Rp {dotted}"
    if r < 0.40:
        return f"Rp{dotted}"
    if r < 0.58:
        return f"{short}rb"
    if r < 0.70:
        return f"{short}k"
    if r < 0.80:
        return f"{short} ribu"
    if r < 0.88:
        return f"Rp {dotted},-"
    return dotted


def titlecase(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def hashtag_variant(rng: Random, canonical: str) -> str:
    """People type the same tag as #PupukLangka, #pupuklangka, #PUPUKLANGKA..."""
    r = rng.random()
    if r < 0.55:
        return "#" + canonical
    if r < 0.85:
        return "#" + canonical.lower()
    if r < 0.91:
        return "#" + canonical.upper()
    return "#" + canonical[:1] + canonical[1:].lower()


@dataclass(slots=True)
class Scene:
    """What one post is about; slot values are drawn on first use and then reused."""

    platform: str
    region: vocab.Region
    formal: bool = False
    values: dict[str, str] = field(default_factory=dict)
    commodity: vocab.Commodity | None = None


def _parse(template: str) -> tuple[str, ...]:
    return tuple(_SLOT_RE.split(template))


def _choose_weighted(rng: Random, options: tuple[tuple[float, str], ...]) -> str:
    r = rng.random() * sum(w for w, _ in options)
    for weight, text in options:
        r -= weight
        if r <= 0:
            return text
    return options[-1][1]


_SEPARATORS_NEG = (". ", ", ", "... ", ". ", "\n", ". Terus ", ", mana ", ". Belum lagi ", "!! ")
_SEPARATORS = (". ", ", ", "... ", ". ", "\n", " ", ". Oh iya, ")
_ENDINGS = {
    "neg": ("", ".", "!", "!!", "!!!", "...", "?!", ""),
    "pos": ("", ".", "!", "!!", ""),
    "neu": ("", ".", "?", "", "..", ""),
}


class Composer:
    """Writes every text of the demo week."""

    def __init__(
        self,
        rng: Random,
        official_handles: dict[str, str],
        launch_date: str,
        issue_regions: str,
    ) -> None:
        self.rng = rng
        self.official_handles = official_handles
        self.launch_date = launch_date
        self.issue_regions = issue_regions
        self.user_handles: dict[str, list[str]] = {}
        self._templates: dict[str, tuple[str, ...]] = {}
        self._word_cache: dict[str, _WordInfo | None] = {}
        self._resolvers = {
            "kab": self._kab,
            "prov": self._prov,
            "desa": self._desa,
            "pasar": lambda s: pick(self.rng, vocab.MARKETS),
            "kota": lambda s: pick(self.rng, vocab.CITIES),
            "kom": self._kom,
            "harga": lambda s: self._price(s),
            "harga2": lambda s: self._price(s),
            "naik": self._naik,
            "satuan": lambda s: self._commodity(s).unit,
            "makanan": lambda s: pick(self.rng, vocab.DISHES),
            "makanan2": lambda s: pick(self.rng, vocab.DISHES),
            "tanaman": lambda s: pick(self.rng, vocab.CROPS),
            "cuaca": lambda s: pick(self.rng, vocab.WEATHER),
            "kapan": lambda s: pick(self.rng, vocab.WHEN),
            "jam": lambda s: pick(self.rng, vocab.WAIT_TIMES),
            "hari": lambda s: pick(self.rng, vocab.DAY_SPANS),
            "uang": lambda s: pick(self.rng, vocab.MONEY),
            "pupuk": lambda s: pick(self.rng, vocab.FERTILISERS),
            "kios": lambda s: pick(self.rng, vocab.KIOSKS),
            "org": lambda s: pick(self.rng, vocab.RELATIVES),
            "harga_pupuk": lambda s: format_price(
                self.rng, self.rng.randrange(240_000, 420_000), s.formal
            ),
            "harga_beras": lambda s: format_price(
                self.rng, self.rng.randrange(11_000, 12_600), True
            ),
            "gkp": lambda s: format_price(self.rng, self.rng.randrange(5_800, 7_300), s.formal),
            "n": lambda s: str(self.rng.randrange(3, 41)),
            "arah": lambda s: pick(self.rng, ("naik", "turun", "stabil", "fluktuatif")),
            "pasokan": lambda s: pick(
                self.rng, ("berkurang", "normal", "mulai lancar", "tersendat", "melimpah")
            ),
            "inst": self._inst,
            "inst_at": self._inst_at,
            "prog": self._prog,
            "old": lambda s: pick(self.rng, (vocab.FORMER_ACRONYM, vocab.FORMER_NAME)),
            "new": lambda s: pick(self.rng, (vocab.INSTITUTION_ACRONYM, vocab.INSTITUTION_NAME)),
            "user_at": self._user_at,
            "tgl": lambda s: self.launch_date,
            "issue_regions": lambda s: self.issue_regions,
            "program": lambda s: pick(self.rng, vocab.INSTITUTION_PROGRAMS),
        }

    # --- slots ------------------------------------------------------------------------------

    def fill(self, template: str, scene: Scene) -> str:
        parts = self._templates.get(template)
        if parts is None:
            parts = _parse(template)
            self._templates[template] = parts
        if len(parts) == 1:
            return template
        out = list(parts)
        for i in range(1, len(parts), 2):
            out[i] = self._slot(parts[i], scene)
        return "".join(out)

    def _slot(self, name: str, scene: Scene) -> str:
        value = scene.values.get(name)
        if value is not None:
            return value
        if name[:1].isupper():
            base = self._slot(name.lower(), scene)
            value = base.upper() if name.isupper() else titlecase(base)
        else:
            value = self._resolvers[name](scene)
        scene.values[name] = value
        return value

    def _kab(self, scene: Scene) -> str:
        region = scene.region
        if scene.formal:
            return region.name
        if self.rng.random() < 0.15 and region.province_short != region.name:
            return f"{region.name}, {region.province_short}"
        r = self.rng.random()
        if region.kind == "Kota":
            return ("Kota " + region.name) if r < 0.2 else region.name
        if r < 0.5:
            return region.name
        if r < 0.7:
            return "Kab. " + region.name
        if r < 0.85:
            return "Kabupaten " + region.name
        if r < 0.95:
            return region.name.lower()
        return "Kab " + region.name

    def _prov(self, scene: Scene) -> str:
        if scene.formal or self.rng.random() < 0.5:
            return scene.region.province
        return scene.region.province_short

    def _desa(self, scene: Scene) -> str:
        name = pick(self.rng, vocab.VILLAGES)
        return ("Desa " if scene.formal or self.rng.random() < 0.6 else "desa ") + name

    def _commodity(self, scene: Scene) -> vocab.Commodity:
        if scene.commodity is None:
            scene.commodity = pick(self.rng, vocab.COMMODITIES)
        return scene.commodity

    def _kom(self, scene: Scene) -> str:
        commodity = self._commodity(scene)
        return commodity.names[0] if scene.formal else pick(self.rng, commodity.names)

    def _price(self, scene: Scene) -> str:
        c = self._commodity(scene)
        return format_price(self.rng, self.rng.randrange(c.low, c.high + 1), scene.formal)

    def _naik(self, scene: Scene) -> str:
        c = self._commodity(scene)
        low = self.rng.randrange(c.low, (c.low + c.high) // 2)
        high = self.rng.randrange((c.low + c.high) // 2, c.high + 1)
        return f"dari {format_price(self.rng, low)} jadi {format_price(self.rng, high)}"

    def _inst(self, scene: Scene) -> str:
        if scene.formal:
            return vocab.INSTITUTION_ACRONYM
        return _choose_weighted(self.rng, vocab.INSTITUTION_REFERENCES)

    def _inst_at(self, scene: Scene) -> str:
        handle = self.official_handles.get(scene.platform)
        if handle is None or scene.platform == "facebook" or self.rng.random() < 0.25:
            return self._inst(scene)
        return "@" + handle

    def _prog(self, scene: Scene) -> str:
        if scene.formal:
            return vocab.PROGRAM_NAME
        return _choose_weighted(self.rng, vocab.PROGRAM_REFERENCES)

    def _user_at(self, scene: Scene) -> str:
        handles = self.user_handles.get(scene.platform)
        if not handles:
            return "kalian"
        handle = pick(self.rng, handles)
        return handle if scene.platform == "facebook" else "@" + handle

    # --- social posts -----------------------------------------------------------------------

    def compose(self, scene: Scene, topic: str, mood: str, clauses: int = 0) -> str:
        """Opener + one to three clauses + closer, in plain (not yet roughened) Indonesian."""
        rng = self.rng
        pool = phrases.CLAUSES[topic][mood]
        if not clauses:
            r = rng.random()
            clauses = 1 if r < 0.45 else 2 if r < 0.85 else 3
        k = clauses
        k = min(k, len(pool))
        picked = rng.sample(pool, k) if k > 1 else [pick(rng, pool)]
        tone = mood if mood in ("neg", "pos", "neu") else ("neg" if mood == "spread" else "neu")
        seps = _SEPARATORS_NEG if tone == "neg" else _SEPARATORS
        text = self.fill(picked[0], scene)
        for clause in picked[1:]:
            text += pick(rng, seps) + self.fill(clause, scene)
        # Everyday chatter is not addressed to the institution.
        everyday = topic in _EVERYDAY_TOPICS
        if rng.random() < 0.32:
            openers = _EVERYDAY_OPENERS[tone] if everyday else phrases.OPENERS[tone]
            opener = self.fill(pick(rng, openers), scene)
            text = opener + pick(rng, (" ", ", ", ". ", "\n")) + text
        if rng.random() < 0.28:
            closers = _EVERYDAY_CLOSERS[tone] if everyday else phrases.CLOSERS[tone]
            text += pick(rng, (". ", "\n", ". ", " ")) + self.fill(pick(rng, closers), scene)
        return text + pick(rng, _ENDINGS[tone])

    def roughen(self, text: str, style: Style, tone: str) -> str:
        """Apply a writer's habits: slang, reduplication, typos, stretching, particles, case."""
        rng = self.rng
        random = rng.random
        if "terima kasih" in text and random() < style.slang:
            text = text.replace(
                "terima kasih", pick(rng, ("makasih", "mksh", "thx", "trims", "tengkyu"))
            )
        words = text.split(" ")
        # At most one typo per post, as likely as ``style.typo`` per word.
        typo_at = rng.randrange(len(words)) if random() < style.typo * len(words) else -1
        cache = self._word_cache
        for i, word in enumerate(words):
            if word in cache:
                info = cache[word]
            else:
                info = cache[word] = _word_info(word)
            if info is None and i == typo_at:
                info = _word_info(word, always=True)
            if info is None:
                continue
            core, tail, variants, redup, emotive, particle = info
            if variants is not None:
                if random() < style.slang:
                    new = pick(rng, variants)
                    core = new[:1].upper() + new[1:] if core[:1].isupper() else new
                    emotive = new in vocab.EMOTIVE_WORDS
            elif redup and random() < style.redup:
                core = core.partition("-")[0] + "2"
            if i == typo_at and len(core) > 3 and core.isalpha():
                core = self._typo(core)
            if emotive and random() < style.elongate:
                core = core + core[-1] * rng.randrange(2, 6)
            if particle and random() < style.particle:
                core += " " + pick(rng, vocab.PARTICLES)
            words[i] = core + tail
        text = " ".join(words)
        if style.regional and random() < style.regional_rate:
            pool = vocab.JAVANESE_PHRASES if style.regional == "jawa" else vocab.SUNDANESE_PHRASES
            phrase = pick(rng, pool)
            text = f"{phrase}, {text}" if random() < 0.4 else f"{text} {phrase}"
        if random() < style.english:
            phrase = pick(rng, vocab.ENGLISH_PHRASES)
            text = f"{phrase}, {text}" if random() < 0.5 else f"{text}, {phrase}"
        if tone != "neg" and random() < style.laugh:
            text += " " + pick(rng, vocab.EXCLAMATIONS)
        if tone == "neg" and random() < style.caps:
            text = _recase(text, str.upper)
        elif random() < style.lower:
            text = _recase(text, str.lower)
        if random() < style.emoji:
            emoji = pick(rng, vocab.EMOJI[tone]) * pick(rng, (1, 1, 1, 2, 3))
            text += (" " if random() < 0.7 else "") + emoji
        return text

    def _typo(self, word: str) -> str:
        rng = self.rng
        i = rng.randrange(1, len(word) - 1)
        r = rng.random()
        if r < 0.4:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if r < 0.75:
            return word[:i] + word[i + 1 :]
        return word[:i] + word[i] + word[i:]

    def hashtags(self, canonical: list[str]) -> str:
        return " ".join(hashtag_variant(self.rng, tag) for tag in canonical)

    def short(self) -> str:
        return pick(self.rng, vocab.SHORT_POSTS)

    def emoji_only(self, tone: str) -> str:
        rng = self.rng
        return "".join(pick(rng, vocab.EMOJI[tone]) for _ in range(rng.randrange(1, 5)))

    def long_story(self, scene: Scene) -> str:
        """A ~1,500-character personal story, the kind shared on Facebook."""
        rng = self.rng
        paragraphs = list(phrases.LONG_STORY_PARAGRAPHS)
        first, rest = paragraphs[0], paragraphs[1:]
        rng.shuffle(rest)
        parts = [self.fill(first, scene)]
        for paragraph in rest:
            if sum(len(p) for p in parts) >= 1350:
                break
            parts.append(self.fill(paragraph, scene))
        return "\n\n".join(parts)

    # --- official and news voices -----------------------------------------------------------

    def formal(self, template: str, scene: Scene) -> str:
        scene.formal = True
        return self.fill(template, scene)

    def news(self, kind: str, scene: Scene) -> tuple[str, str]:
        """Headline and lead (without dateline) of an article of ``kind`` ("general"...).

        Everyday stories set in the countryside move ``scene.region`` to a regency.
        """
        rng = self.rng
        scene.formal = True
        if kind == "general":
            story = pick(rng, phrases.NEWS_STORIES)
            if story[2] and scene.region.kind == "Kota":
                scene.region = pick(rng, _REGENCIES)
            title = self.fill(story[0], scene)
            lead = self.fill(pick(rng, story[1]), scene)
            if rng.random() < 0.5:
                lead += " " + pick(rng, phrases.NEWS_CONTEXT)
        else:
            title = self.fill(pick(rng, phrases.NEWS_TITLES[kind]), scene)
            leads = phrases.NEWS_LEADS[kind]
            lead = self.fill(pick(rng, leads), scene)
            second = self.fill(pick(rng, leads), scene)
            if second != lead and rng.random() < 0.5:
                lead = f"{lead} {second}"
        return title, lead

    def dateline(self, place: str, outlet: vocab.Outlet) -> str:
        if self.rng.random() < 0.5:
            return f"{place.upper()}, {outlet.name} - "
        return f"{outlet.name}, {place} — "


_WordInfo = tuple[str, str, "tuple[str, ...] | None", bool, bool, bool]


def _word_info(word: str, always: bool = False) -> _WordInfo | None:
    """What ``roughen`` could do to a word; ``None`` when nothing but a typo applies."""
    if not word or word[0] in "@#" or word.startswith("http"):
        return None
    core = word.rstrip(".,!?:;\n")
    tail = word[len(core) :]
    lower = core.lower()
    variants = vocab.SLANG.get(lower)
    head, dash, rest = core.partition("-")
    redup = bool(dash) and head.lower() == rest.lower()
    emotive = lower in vocab.EMOTIVE_WORDS
    particle = bool(tail) and tail[0] in ",." and len(core) > 3
    if not always and variants is None and not redup and not emotive and not particle:
        return None
    return core, tail, variants, redup, emotive, particle


def _recase(text: str, change: Callable[[str], str]) -> str:
    """Change the case of everything except mentions and links."""
    if "@" not in text and "http" not in text:
        return change(text)
    return " ".join(
        w if w[:1] == "@" or w.startswith("http") else change(w) for w in text.split(" ")
    )
