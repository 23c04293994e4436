"""What monitoring knows of one post: its trend keys, hour, sentiment, engagement, reach.

Trend keys are what rollups count and detection watches: ``w:`` content words, ``b:`` bigrams
of neighbouring content words, ``#`` hashtags, ``@`` mentions and ``e:`` named entities
(institutions, officials, places). They come from the stored normalised text when the post
has been enriched, else from :func:`pantau.text.normalize.normalize` on the spot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import compress, pairwise

from pantau.store.monitor import PostRow
from pantau.text import resources
from pantau.text.entities import HASHTAG, MENTION, PLACE, URL, default_matcher
from pantau.text.normalize import normalize

MAX_KEY = 200
NAMED_KINDS = frozenset({"institution", "official"})
UNKNOWN = "unknown"

_HASHTAG = re.compile(r"[#＃](\w+)")
_MENTION = re.compile(r"@(\w{1,50})")


@dataclass(slots=True)
class PostFacts:
    id: int
    created_at: datetime
    hour: datetime
    platform: str
    author: str | None
    is_repost: bool
    sentiment: str  # positive, negative, neutral or "unknown" (not enriched)
    engagement: int
    followers: int | None
    keys: tuple[str, ...]  # distinct
    named: tuple[str, ...]  # institutions and officials named
    text: str  # normalised text (for near-duplicate detection)
    raw_text: str
    places: tuple[str, ...] = ()  # places named
    headline: str | None = None  # a news article's title


def hour_of(when: datetime) -> datetime:
    return when.replace(minute=0, second=0, microsecond=0)


_ONE_HOUR = timedelta(hours=1)
_last_hour: list[datetime] = [datetime.min, datetime.min]  # [hour, hour + 1 h] of the last post


def _hour(when: datetime) -> datetime:
    """``hour_of`` for posts read in time order: the previous post's hour is reused."""
    start, end = _last_hour
    if start <= when < end:
        return start
    hour = hour_of(when)
    _last_hour[:] = [hour, hour + _ONE_HOUR if hour < datetime.max - _ONE_HOUR else datetime.max]
    return hour


@cache
def _stopwords() -> frozenset[str]:
    return resources.stopwords_id()


@cache
def _not_alone() -> frozenset[str]:
    return resources.chatter_words() | resources.english_words() | _stopwords()


def lone_word_allowed(word: str) -> bool:
    """Whether a content word may make an issue on its own: not a stopword, not a word of
    everyday talk (``chatter_id.txt``) nor a frequent English word."""
    return word not in _not_alone()


MAX_WORD = 60  # a longer "word" is noise (a pasted string), not a content word


def _content(word: str, stopwords: frozenset[str]) -> bool:
    return 2 < len(word) <= MAX_WORD and word not in stopwords and word.isalpha()


# word → its key ("w:…") when it is a content word, else ""; bounded, as the vocabulary of a
# stream is unbounded. Keys come back as the same string objects, whose hashes are cached.
_WORD_KEYS: dict[str, str] = {}
_MEMO_LIMIT = 500_000


def _word_keys(words: list[str]) -> list[str]:
    memo = _WORD_KEYS
    try:
        return [memo[w] for w in words]
    except KeyError:
        stopwords = _stopwords()
        keys = []
        for w in words:
            key = memo.get(w)
            if key is None:
                key = "w:" + w if _content(w, stopwords) else ""
                if len(memo) < _MEMO_LIMIT:
                    memo[w] = key
            keys.append(key)
        return keys


def keys_of(
    normalized_text: str,
    hashtags: tuple[str, ...] | list[str] = (),
    mentions: tuple[str, ...] | list[str] = (),
    entities: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
) -> tuple[str, ...]:
    """Trend keys of one post (see the module docstring); each key once per post, none
    longer than ``MAX_KEY``. A tuple: a million posts' keys are held during a run, and a
    tuple takes a sixth of a set's memory; callers intersect from the set side."""
    split = normalized_text.split()
    word_keys = _word_keys(split)
    words = list(compress(split, word_keys))
    keys = {f"b:{a} {b}" for a, b in pairwise(words)}  # at most 2 * MAX_WORD + 3 long
    keys.update(word_keys)
    keys.discard("")
    if hashtags:
        keys.update(("#" + h.lower().lstrip("#＃"))[:MAX_KEY] for h in hashtags if h.strip("#＃"))
    if mentions:
        keys.update(("@" + m.lower().lstrip("@"))[:MAX_KEY] for m in mentions if m.strip("@"))
    if entities:
        keys.update(
            f"e:{name}"[:MAX_KEY] for kind, name in entities if kind not in (HASHTAG, MENTION, URL)
        )
    return tuple(keys)


def facts_of(row: PostRow, with_keys: bool = True) -> PostFacts:
    """The facts of one post; without ``with_keys`` its trend keys, names and places are left
    empty (counting posts per hour needs none of them, and they are most of the cost)."""
    body = f"{row.title}\n{row.text}" if row.title else row.text
    keys: tuple[str, ...] = ()
    text = row.normalized_text or body
    entities: list[tuple[str, str]] = []
    if with_keys:
        hashtags = {h.lower().lstrip("#") for h in row.hashtags} if row.hashtags else set()
        if "#" in body or "＃" in body:
            hashtags.update(h.lower() for h in _HASHTAG.findall(body))
        mentions = {m.lower() for m in _MENTION.findall(body)} if "@" in body else set()
        if row.normalized_text is not None:
            entities = [(e[0], e[1]) for e in row.entities or () if len(e) >= 2]
        else:
            normalized = normalize(body)
            text = normalized.text
            entities = [(e.kind, e.name) for e in default_matcher().find(normalized)]
        keys = keys_of(text, tuple(hashtags), tuple(mentions), entities)
    engagement = (row.likes or 0) + (row.reposts or 0) + (row.replies or 0)
    return PostFacts(
        id=row.id,
        created_at=row.created_at,
        hour=_hour(row.created_at),
        platform=row.platform,
        author=row.author,
        is_repost=bool(row.repost_of) or row.text.startswith("RT @"),
        sentiment=row.sentiment or UNKNOWN,
        engagement=engagement,
        followers=row.followers,
        keys=keys,
        named=tuple(dict.fromkeys(name for kind, name in entities if kind in NAMED_KINDS))
        if entities
        else (),
        text=text,
        raw_text=row.text,
        places=tuple(dict.fromkeys(name for kind, name in entities if kind == PLACE))
        if entities
        else (),
        headline=row.title,
    )


def key_label(key: str) -> str:
    """How a key reads to a person: ``b:pupuk langka`` → ``pupuk langka``."""
    return key[2:] if key[:2] in ("w:", "b:", "e:") else key
