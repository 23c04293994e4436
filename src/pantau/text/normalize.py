"""Normalisation of Indonesian social-media text.

``normalize(text)`` returns a :class:`NormalizedText`: lower-cased words with slang, regional words,
elongations, "2" reduplications, laughter, institution renames and negation normalised, emoji named
in Indonesian, and the URLs, mentions and hashtags taken out. The input string is never modified.
Slang and alias replacement is one dictionary lookup per token (memoised), not one regex per entry.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pantau.text import resources

MAX_ANALYSED_CHARS = 5000
NEGATION = "tidak"
NEGATORS = frozenset({"tidak", "tak", "bukan", "jangan", "belum", "enggak", "nggak", "gak", "ga"})
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "si", "igsh", "igshid"})

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_MENTION = re.compile(r"@(\w{1,50})")
_HASHTAG = re.compile(r"[#＃](\w*[^\W\d_]\w*)")
_URL_TRAILING = ".,;:!?)]}'\"…"
_HTML_BLOCK = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,2000}>")
_HTML_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u200e\u200f\u2028\u2029\ufeff]")
_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[!?]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-z\u00c0-\u024f]")
_CAMEL_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_REDUPLICATION = re.compile(r"([a-z]{2,})2([a-z]{0,4})")
_TRIPLE_LETTER = re.compile(r"([a-z])\1\1")
_DOUBLE_LETTER = re.compile(r"([a-z])\1")
_RUN = re.compile(r"([a-z])\1+")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_LAUGHTER = re.compile(
    r"(?:w+k+|k+w+)(?:w+k+|k+w+|w+)+k*|a*(?:w+o+k+)+w*|(?:h+[aeiou]+){2,}h*|(?:x+i+){2,}"
)
_SKIN_TONES_AND_SELECTORS = dict.fromkeys([*range(0x1F3FB, 0x1F400), 0xFE0F, 0xFE0E])
_MEMO_LIMIT = 200_000
_MAX_SEGMENTED_LENGTH = 40


@dataclass(slots=True)
class NormalizedText:
    """The analysable form of one post.

    ``text`` is the normalised words joined by spaces; ``tokens`` are the same words with each
    negation fused to the word it negates ("tidak bagus" -> "tidak_bagus"), for features;
    ``words`` are the lower-cased words as written (before slang and alias replacement).
    Treat it as read-only (not frozen only because frozen dataclasses are slower to create).
    """

    text: str
    tokens: tuple[str, ...]
    words: tuple[str, ...]
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    urls: tuple[str, ...]
    emojis: tuple[str, ...]
    has_negation: bool
    flags: frozenset[str]


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no "www.", no fragment, no tracking parameters."""
    if url.lower().startswith("www."):
        url = "https://" + url
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if port and (scheme, port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{port}"
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMS
        ]
    )
    path = parts.path.rstrip("/") if parts.path != "/" else ""
    return urlunsplit((scheme, host, path, query, ""))


def strip_html(text: str) -> str:
    """Remove tags, scripts and styles; decode entities."""
    text = _HTML_BLOCK.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return html.unescape(text)


def split_hashtag(tag: str) -> list[str]:
    """Words of a hashtag body: CamelCase split, else dictionary segmentation, lower-cased."""
    if not tag.islower() and not tag.isupper():
        return [part.lower() for part in _CAMEL_PART.findall(tag)]
    return _segment(tag.lower())


def normalize(text: str) -> NormalizedText:
    """Normalise one post (see the module docstring). Never raises on odd input."""
    flags: set[str] = set()
    text = _clean_input(text if isinstance(text, str) else "", flags)
    hashtags: list[str] = []
    mentions: list[str] = []
    urls: list[str] = []
    if (
        "http" in text
        or "www" in text
        or "WWW" in text
        or "@" in text
        or "#" in text
        or "＃" in text
    ):
        text = _take_out_specials(text, hashtags, mentions, urls)
    emojis: list[str] = []
    if not text.isascii():
        text = _name_emojis(text, emojis)
        text = text.lower()
        if _NON_LATIN_LETTER.search(text):
            flags.add("non_latin")
    else:
        text = text.lower()
    written = _TOKEN.findall(text)
    words: list[str] = []
    mapped = _MAPPED
    for token in written:
        replacement = mapped.get(token)
        if replacement is None:
            replacement = _map_new_token(token)
        words.extend(replacement)
    tokens, has_negation = _fuse_negation(words)
    if not words:
        flags.add("empty")
    elif len(emojis) == len(written):  # every token is an emoji name
        flags.add("emoji_only")
    return NormalizedText(
        text=" ".join(words),
        tokens=tokens,
        words=tuple(written),
        hashtags=tuple(hashtags),
        mentions=tuple(mentions),
        urls=tuple(urls),
        emojis=tuple(emojis),
        has_negation=has_negation,
        flags=frozenset(flags),
    )


def _clean_input(text: str, flags: set[str]) -> str:
    if len(text) > MAX_ANALYSED_CHARS:
        text = text[:MAX_ANALYSED_CHARS]
        flags.add("truncated")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            flags.add("invalid_unicode")
        text = unicodedata.normalize("NFKC", text)
    if "<" in text or "&" in text:
        stripped = strip_html(text) if _HTML_TAG.search(text) else text
        if _HTML_ENTITY.search(stripped):
            stripped = html.unescape(stripped)
        if stripped != text:
            flags.add("html")
            text = stripped
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
    return text


def _take_out_specials(text: str, hashtags: list[str], mentions: list[str], urls: list[str]) -> str:
    def replace_url(match: re.Match[str]) -> str:
        url = match.group()
        core = url.rstrip(_URL_TRAILING)
        urls.append(canonical_url(core))
        return " " + url[len(core) :]

    def replace_mention(match: re.Match[str]) -> str:
        if _glued_to_word(match, "@#&"):
            return match.group()
        mentions.append("@" + match.group(1).lower())
        return " "

    def replace_hashtag(match: re.Match[str]) -> str:
        if _glued_to_word(match, "&#"):
            return match.group()
        tag = match.group(1)
        hashtags.append("#" + tag.lower())
        return " " + " ".join(_hashtag_words(tag)) + " "

    lowered = text.lower()
    if "http" in lowered or "www." in lowered:
        text = _URL.sub(replace_url, text)
    if "@" in text:
        text = _MENTION.sub(replace_mention, text)
    if "#" in text or "＃" in text:
        text = _HASHTAG.sub(replace_hashtag, text)
    return text


def _glued_to_word(match: re.Match[str], extra: str) -> bool:
    """True for "a@b" or "x#1": the sign follows a word character, so it is no mention/hashtag."""
    start = match.start()
    if start == 0:
        return False
    before = match.string[start - 1]
    return before.isalnum() or before == "_" or before in extra


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


@cache
def _emoji_table() -> tuple[dict[str, str], int, frozenset[str]]:
    names = resources.emoji_names()
    return names, max(map(len, names)), frozenset(emoji[0] for emoji in names)


def _name_emojis(text: str, found: list[str]) -> str:
    names, longest, first_chars = _emoji_table()

    def replace(match: re.Match[str]) -> str:
        run = match.group().translate(_SKIN_TONES_AND_SELECTORS)
        pieces: list[str] = []
        start = 0
        while start < len(run):
            if run[start] in first_chars:
                for end in range(min(len(run), start + longest), start, -1):
                    name = names.get(run[start:end])
                    if name is not None:
                        found.append(run[start:end])
                        pieces.append(f" {name} ")
                        start = end
                        break
                else:
                    pieces.append(run[start])
                    start += 1
            else:
                pieces.append(run[start])
                start += 1
        return "".join(pieces)

    return _NON_ASCII_RUN.sub(replace, text)


def _fuse_negation(words: list[str]) -> tuple[tuple[str, ...], bool]:
    if NEGATION not in words:
        return tuple(words), False
    tokens: list[str] = []
    fuse_next = False
    for word in words:
        if fuse_next and word not in _NOT_NEGATABLE:
            tokens[-1] = f"{NEGATION}_{word}"
            fuse_next = False
            continue
        tokens.append(word)
        fuse_next = word == NEGATION
    return tuple(tokens), True


_NOT_NEGATABLE = frozenset({NEGATION, "!", "?"})


def _build_token_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for informal, formal in resources.slang_table().items():
        table[informal] = tuple(NEGATION if word in NEGATORS else word for word in formal.split())
    for _name, short, aliases in resources.institutions():
        canonical = short.lower()
        if " " in canonical or "/" in canonical:
            continue
        for alias in aliases:
            if " " not in alias and alias != canonical:
                table[alias] = (canonical,)
    for negator in NEGATORS:
        table[negator] = (NEGATION,)
    return table


_MAPPED: dict[str, tuple[str, ...]] = _build_token_table()
_BASE_SIZE = len(_MAPPED)
# The table's own entries: _MAPPED also remembers every token mapped since, and what a word
# means must not depend on which posts were normalised before it.
_BASE_TOKENS = frozenset(_MAPPED)


def _map_new_token(token: str) -> tuple[str, ...]:
    """Map a token not in the table yet, and remember the answer."""
    if len(_MAPPED) > _BASE_SIZE + _MEMO_LIMIT:
        for key in list(_MAPPED)[_BASE_SIZE:]:
            del _MAPPED[key]
    result = _map_token_rules(token)
    _MAPPED[token] = result
    return result


def _lookup(word: str) -> tuple[str, ...]:
    mapped = _MAPPED.get(word)
    return mapped if mapped is not None else (word,)


def _map_token_rules(token: str) -> tuple[str, ...]:
    if token.isdigit() or not token.isascii():
        return (token,)
    if len(token) >= 4 and _LAUGHTER.fullmatch(token):
        return ("haha",)
    redup = _REDUPLICATION.fullmatch(token)
    if redup:
        base = _lookup(_repair_elongation(redup.group(1)))
        if len(base) == 1:
            return (f"{base[0]}-{base[0]}{redup.group(2)}",)
    repaired = _repair_elongation(token)
    if repaired != token:
        return _lookup(repaired)
    return (token,)


def _repair_elongation(word: str) -> str:
    """mantaaap -> mantap, bangettt -> banget; keeps real double letters (saat, maaf)."""
    known = resources.known_words()
    if word in known or word in _BASE_TOKENS:
        return word
    if _TRIPLE_LETTER.search(word):
        doubled = _LONG_RUN.sub(r"\1\1", word)
        if doubled in known or doubled in _BASE_TOKENS:
            return doubled
        return _RUN.sub(r"\1", word)
    if _DOUBLE_LETTER.search(word):
        single = _RUN.sub(r"\1", word)
        if single in known or single in _BASE_TOKENS:
            return single
    return word


_HASHTAG_MEMO: dict[str, tuple[str, ...]] = {}


def _hashtag_words(tag: str) -> tuple[str, ...]:
    words = _HASHTAG_MEMO.get(tag)
    if words is None:
        if len(_HASHTAG_MEMO) > _MEMO_LIMIT:
            _HASHTAG_MEMO.clear()
        words = tuple(split_hashtag(tag))
        _HASHTAG_MEMO[tag] = words
    return words


def _segment(word: str) -> list[str]:
    """Split a run-together lower-case word into known words (least total cost), if possible."""
    costs = resources.word_costs()
    if (
        word in costs
        or word in _BASE_TOKENS
        or len(word) > _MAX_SEGMENTED_LENGTH
        or not word.isalpha()
    ):
        return [word]
    n = len(word)
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for end in range(2, n + 1):
        for start in range(max(0, end - 20), end - 1):
            if best[start] == float("inf"):
                continue
            piece = word[start:end]
            cost = costs.get(piece)
            if cost is None and piece in _BASE_TOKENS:
                cost = 20.0
            if cost is not None and best[start] + cost < best[end]:
                best[end] = best[start] + cost
                back[end] = start
    if best[n] == float("inf"):
        return [word]
    pieces: list[str] = []
    end = n
    while end > 0:
        pieces.append(word[back[end] : end])
        end = back[end]
    return pieces[::-1]
