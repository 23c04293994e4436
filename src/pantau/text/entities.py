"""Named things in a post: institutions, officials, places, hashtags, mentions, URLs.

Institutions come from the project's alias dictionary (``institutions.tsv``: acronyms, old names
and renames such as Kominfo -> Komdigi), places from the Kemendagri list of provinces and
kabupaten/kota (``regions.tsv``) with informal names (``place_aliases.tsv``), officials from a
per-workspace list. Matching is one dictionary lookup per token position and phrase length
(longest phrase first), over the words as written, not one regex per entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pantau.text import resources
from pantau.text.normalize import NormalizedText, normalize

INSTITUTION = "institution"
OFFICIAL = "official"
PLACE = "place"
HASHTAG = "hashtag"
MENTION = "mention"
URL = "url"

_WORD = re.compile(r"\w+")
_REGENCY_PREFIXES: tuple[str, ...] = ("kabupaten", "kab")
_CITY_PREFIXES: tuple[str, ...] = ("kota",)


@dataclass(frozen=True, slots=True)
class Entity:
    """``kind`` (institution, official, place, hashtag, mention, url), canonical name, surface."""

    kind: str
    name: str
    surface: str


Official = str | tuple[str, Sequence[str]]


class EntityMatcher:
    """Dictionary matcher over token n-grams; build once, reuse for many posts."""

    def __init__(self, officials: Iterable[Official] = ()) -> None:
        self._phrases: dict[str, tuple[str, str]] = dict(_base_phrases())
        for official in officials:
            name, aliases = (official, ()) if isinstance(official, str) else official
            for alias in (name, *aliases):
                key = phrase_key(alias)
                if key:
                    self._phrases[key] = (OFFICIAL, name)
        self._longest: dict[str, int] = {}
        for key in self._phrases:
            words = key.split(" ")
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))

    def find(self, normalized: NormalizedText) -> list[Entity]:
        """Entities of one normalised post, each (kind, name) once, in order of appearance."""
        found: list[Entity] = []
        seen: set[tuple[str, str]] = set()

        def add(kind: str, name: str, surface: str) -> None:
            if (kind, name) not in seen:
                seen.add((kind, name))
                found.append(Entity(kind, name, surface))

        words = normalized.words
        index = 0
        while index < len(words):
            longest = self._longest.get(words[index], 0)
            matched = 0
            for size in range(min(longest, len(words) - index), 0, -1):
                surface = " ".join(words[index : index + size])
                hit = self._phrases.get(surface)
                if hit is not None:
                    add(hit[0], hit[1], surface)
                    matched = size
                    break
            index += matched or 1
        for mention in normalized.mentions:
            add(MENTION, mention, mention)
            hit = self._phrases.get(mention[1:])
            if hit is not None and hit[0] == INSTITUTION:
                add(hit[0], hit[1], mention)
        for hashtag in normalized.hashtags:
            add(HASHTAG, hashtag, hashtag)
        for url in normalized.urls:
            add(URL, url, url)
        return found


def phrase_key(text: str) -> str:
    """Lower-case words joined by single spaces: the form phrases are looked up in."""
    return " ".join(_WORD.findall(text.lower()))


def extract_entities(text: str, officials: Iterable[Official] = ()) -> list[Entity]:
    """Entities of one raw post (builds a matcher when officials are given)."""
    matcher = EntityMatcher(officials) if officials else default_matcher()
    return matcher.find(normalize(text))


@cache
def default_matcher() -> EntityMatcher:
    """Matcher without workspace officials."""
    return EntityMatcher()


@cache
def _base_phrases() -> tuple[tuple[str, tuple[str, str]], ...]:
    phrases: dict[str, tuple[str, str]] = {}
    for key, value in _place_phrases().items():
        phrases.setdefault(key, value)
    for name, short, aliases in resources.institutions():
        for alias in (*aliases, short, name):
            key = phrase_key(alias)
            if key:
                phrases[key] = (INSTITUTION, name)
    return tuple(phrases.items())


def _place_phrases() -> dict[str, tuple[str, str]]:
    """Region names with and without their kabupaten/kota prefix, and regional governments."""
    ambiguous = frozenset(resources.data_lines("ambiguous_places.txt"))
    prefixed: dict[str, tuple[str, str]] = {}
    bare: dict[str, tuple[str, str]] = {}
    provinces: dict[str, str] = {}
    for _code, kind, name, _province in resources.data_rows("regions.tsv"):
        if kind == "provinsi":
            provinces[phrase_key(name)] = name
            continue
        core = phrase_key(re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name))
        if kind == "kota":
            prefixes, government = _CITY_PREFIXES, "Pemerintah Kota"
            keys = ("pemkot", "pemerintah kota")
        else:
            prefixes, government = _REGENCY_PREFIXES, "Pemerintah Kabupaten"
            keys = ("pemkab", "pemerintah kabupaten")
        for prefix in prefixes:
            prefixed[f"{prefix} {core}"] = (PLACE, name)
        for key in keys:
            prefixed[f"{key} {core}"] = (INSTITUTION, f"{government} {core.title()}")
        # a bare name means the city when a kabupaten shares it (Kota Bandung / Kab. Bandung)
        if core not in ambiguous and (core not in bare or kind == "kota"):
            bare[core] = (PLACE, name)
    for alias, name in resources.data_rows("place_aliases.tsv"):
        if phrase_key(name) in provinces:
            provinces.setdefault(alias, name)
        else:
            bare[alias] = (PLACE, name)
    for key, name in provinces.items():
        bare[key] = (PLACE, name)
        for government in ("pemprov", "pemerintah provinsi", "provinsi", "prov"):
            target = (INSTITUTION, f"Pemerintah Provinsi {name}")
            prefixed[f"{government} {key}"] = target if government.startswith("pem") else bare[key]
    return {**bare, **prefixed}
