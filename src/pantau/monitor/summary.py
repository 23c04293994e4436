"""What an analyst reads first about an issue: a title a person would write and a short summary.

Both are extractive and template-based (no language model): the **title** is the headline of
the issue's most-shared news article when it has news, else its most representative original
post — the one whose content words the issue's posts share most, per word — cleaned of URLs,
mentions, emoji and hashtag runs, shouting turned into sentence case, cut at a sentence end or
a word boundary (at most ``TITLE_LIMIT`` characters). The **summary** is two or three sentences
built from the numbers: since when and how fast, who carries it (top accounts and their type),
where (places named), the tone, and whether a known hoax is involved.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from pantau.locale import fmt_datetime, fmt_int
from pantau.monitor.facts import PostFacts
from pantau.text.account_type import account_type

TITLE_LIMIT = 90
MIN_WORDS = 4  # a representative post says something: at least this many content words
_RT = re.compile(r"^\s*RT\s+@\w+:?\s*", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@\w{1,50}")
_TAG = r"[#＃]\w+"
_LEADING_TAGS = re.compile(rf"^(?:\s*{_TAG})+\s*")
_TRAILING_TAGS = re.compile(rf"(?:\s*{_TAG})+\s*$")
_TAG_RUN = re.compile(rf"{_TAG}(?:\s+{_TAG})+")
_REPEATED = re.compile(r"([!?.,])\1+")
_SPACE_BEFORE = re.compile(r"\s+([,.!?;:])")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_EDGE = " \t\n,;:-–—|/"
TYPE_NAMES = {
    "id": {"government": "instansi", "media": "media", "influencer": "pemengaruh",
           "citizen": "warga"},
    "en": {"government": "government", "media": "media", "influencer": "influencer",
           "citizen": "citizen"},
}  # fmt: skip


def _drop_symbols(text: str) -> str:
    """Without emoji and other pictographs, joiners and variation selectors."""
    return "".join(
        " " if unicodedata.category(ch) in ("So", "Sk", "Cs") else ch
        for ch in text
        if unicodedata.category(ch) != "Cf" and not ("\ufe00" <= ch <= "\ufe0f")
    )


def _sentence_case(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    if len(letters) >= 12 and upper >= 0.6 * len(letters):
        return text.lower()
    return text


def clean_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """A post or headline as a title: see the module docstring. Empty when nothing is left."""
    text = _RT.sub("", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _drop_symbols(text)
    text = _LEADING_TAGS.sub(" ", text)
    text = _TRAILING_TAGS.sub(" ", text)
    text = _TAG_RUN.sub(" ", text)
    text = _REPEATED.sub(r"\1", text)
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    text = _SPACE_BEFORE.sub(r"\1", " ".join(text.split())).strip(_EDGE)
    text = _sentence_case(text)
    if len(text) > limit:
        ends = [m.end() for m in _SENTENCE_END.finditer(text) if 25 <= m.end() <= limit]
        if ends:
            text = text[: ends[-1]].strip()
        else:
            cut = text.rfind(" ", 0, limit)
            text = text[: cut if cut > limit // 2 else limit - 1].rstrip(_EDGE + ".") + "…"
    text = text.strip(_EDGE)
    return text[:1].upper() + text[1:]


def representative(posts: Sequence[PostFacts], own: Iterable[str] = ()) -> PostFacts | None:
    """The original post whose content words the posts share most (per word, so a long post
    is not favoured), not written by the institution's own accounts; ties go to the most
    engaging, then the earliest."""
    if not posts:
        return None
    mine = {n.lower().lstrip("@") for n in own if n}
    counts = Counter(k for p in posts for k in p.keys if k[:2] == "w:")
    n = len(posts)

    def score(p: PostFacts) -> tuple[float, int, int]:
        words = [k for k in p.keys if k[:2] == "w:"]
        value = math.fsum(counts[k] / n for k in sorted(words)) / math.sqrt(len(words) + 1)
        return (value, p.engagement, -p.id)

    pool = [
        p
        for p in posts
        if not p.is_repost
        and (p.author or "").lower() not in mine
        and sum(1 for k in p.keys if k[:2] == "w:") >= MIN_WORDS
    ]
    if not pool:
        pool = [p for p in posts if not p.is_repost] or list(posts)
    return max(pool, key=score)


def issue_title(posts: Sequence[PostFacts], own: Iterable[str] = (), fallback: str = "") -> str:
    """The title of an issue from its posts (see the module docstring)."""
    news = [p for p in posts if p.platform == "news" and p.headline]
    if news:
        shared = Counter(clean_title(p.headline or "") for p in news)
        engagement = Counter[str]()
        for p in news:
            engagement[clean_title(p.headline or "")] += p.engagement
        best = max(shared, key=lambda t: (shared[t], engagement[t], t))
        if best:
            return best
    post = representative(posts, own)
    title = clean_title(post.raw_text) if post is not None else ""
    return title or fallback


def summary_facts(
    posts: Sequence[PostFacts], own: Iterable[str] = (), limit: int = 3
) -> dict[str, list]:
    """Who carries an issue and where: the top accounts (posts, then engagement) with their
    type, and the places named most (by share of posts)."""
    mine = {n.lower().lstrip("@") for n in own if n}
    per_author: dict[tuple[str, str], list[int]] = {}
    followers: dict[tuple[str, str], int | None] = {}
    for p in posts:
        if p.author:
            key = (p.platform, p.author)
            entry = per_author.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += p.engagement
            followers[key] = p.followers
    top = sorted(per_author.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))[:limit]
    actors = [
        {
            "platform": platform,
            "handle": handle,
            "posts": counts[0],
            "type": "government"
            if handle.lower() in mine
            else account_type(platform, handle, None, followers[(platform, handle)]),
        }
        for (platform, handle), counts in top
    ]
    places = Counter(place for p in posts for place in p.places)
    return {
        "actors": actors,
        "places": [name for name, _ in places.most_common(limit)],
    }


def _stage_phrase(stage: str, velocity: float, recent: int, peak: int, lang: str) -> str:
    if lang == "en":
        if stage == "mereda":
            share = round(100 * recent / peak) if peak else 0
            return f"it is fading ({share}% of its peak in the last 3 hours)"
        if velocity >= 1.3:
            return f"it is growing ({velocity:.1f}× in 3 hours)"
        return {"potensial": "it is still small", "memuncak": "it is at its peak"}.get(
            stage, "it is growing"
        )
    if stage == "mereda":
        share = round(100 * recent / peak) if peak else 0
        return f"kini mereda ({share}% dari puncaknya dalam 3 jam terakhir)"
    if velocity >= 1.3:
        return f"sedang naik ({velocity:.1f}× dalam 3 jam)".replace(".", ",")
    return {"potensial": "masih kecil", "memuncak": "sedang di puncaknya"}.get(stage, "sedang naik")


def issue_summary(metrics: Mapping, timezone: str, lang: str = "id") -> str:
    """Two or three sentences about an issue from its metrics (see the module docstring)."""
    posts = int(metrics.get("posts", 0))
    if not posts:
        return ""
    first = metrics.get("first_post")
    since = fmt_datetime(datetime.fromisoformat(first), timezone, lang) if first else None
    stage = _stage_phrase(
        str(metrics.get("stage", "")),
        float(metrics.get("velocity", 1.0)),
        int(metrics.get("recent_3h", 0)),
        int(metrics.get("peak_3h", 0)),
        lang,
    )
    authors = int(metrics.get("unique_authors", 0))
    names = TYPE_NAMES[lang]
    actors = ", ".join(
        f"@{a['handle']} ({names.get(a['type'], a['type'])})" for a in metrics.get("actors", [])
    )
    places = ", ".join(metrics.get("places", []))
    negative = round(100 * float(metrics.get("negative_share", 0.0)))
    hoax = metrics.get("hoax")
    n = lambda value: fmt_int(value, lang)  # noqa: E731
    if lang == "en":
        first_sentence = f"{n(posts)} posts by {n(authors)} accounts"
        first_sentence += f" since {since}" if since else ""
        sentences = [f"{first_sentence}; {stage}."]
        who = f"Carried mostly by {actors}" if actors else ""
        where = f"naming {places}" if places else ""
        if who or where:
            sentences.append(", ".join(x for x in (who, where) if x) + ".")
        tone = f"{negative}% of the posts are negative"
        if hoax:
            tone += f"; {n(hoax['posts'])} posts spread a known hoax: “{hoax['claim']}”"
            if metrics.get("debunked"):
                tone += " (a clarification is already circulating)"
        sentences.append(tone + ".")
        return " ".join(sentences)
    first_sentence = f"{n(posts)} post dari {n(authors)} akun"
    first_sentence += f" sejak {since}" if since else ""
    sentences = [f"{first_sentence}; {stage}."]
    who = f"Terutama dibawa oleh {actors}" if actors else ""
    where = f"menyebut {places}" if places else ""
    if who or where:
        text = ", ".join(x for x in (who, where) if x)
        sentences.append(text[:1].upper() + text[1:] + ".")
    tone = f"{negative}% bernada negatif"
    if hoax:
        tone += f"; {n(hoax['posts'])} post menyebarkan hoaks yang dikenal: «{hoax['claim']}»"
        if metrics.get("debunked"):
            tone += " (klarifikasi sudah beredar)"
    sentences.append(tone + ".")
    return " ".join(sentences)
