"""Language of a post: "id" (Indonesian, Malay included), "en" (English) or "other".

A cheap lexical vote decides first: Indonesian function words, slang and root words against
English function words. Only posts the vote cannot settle go to lingua, restricted to a few
Latin-script languages, and "en" needs lingua's clear confidence, so one English word in a
code-mixed Indonesian post does not make it English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal

from pantau.text import resources
from pantau.text.normalize import NormalizedText, normalize

# lingua is imported inside the functions that use it, not when the CLI starts.

if TYPE_CHECKING:
    from lingua import LanguageDetector

Language = Literal["id", "en", "other"]
CLEAR_ENGLISH = 0.75
_MIN_LATIN_SHARE = 0.5


def detect_language(text: str) -> Language:
    """Language of one raw post."""
    return language_of(normalize(text))


def detect_languages(texts: Sequence[str]) -> list[Language]:
    """Language of each raw post."""
    return [language_of(normalize(text)) for text in texts]


def language_of(normalized: NormalizedText) -> Language:
    """Language of a post from its normalised form (uses the words as written)."""
    words = [word for word in normalized.words if "_" not in word and not word.isdigit()]
    if not words:
        return "other"
    latin = [word for word in words if word.isascii()]
    if len(latin) < _MIN_LATIN_SHARE * len(words):
        return "other"
    indonesian, english = _lexical_votes(latin)
    if indonesian >= 2 and indonesian >= english:
        return "id"
    if indonesian >= 1 and english == 0:
        return "id"
    if english >= 3 and indonesian == 0:
        return "en"
    return _ask_lingua(" ".join(latin), indonesian, english)


def _lexical_votes(words: Iterable[str]) -> tuple[int, int]:
    indonesian_words, english_words = _lexicons()
    indonesian = english = 0
    for word in words:
        if word in english_words:
            english += 1
        elif word in indonesian_words or word.startswith(("wkwk", "kwkw")):
            indonesian += 1
    return indonesian, english


@cache
def _lexicons() -> tuple[frozenset[str], frozenset[str]]:
    english = resources.english_words()
    indonesian = (
        resources.stopwords_id() | frozenset(resources.slang_table()) | resources.root_words()
    )
    return frozenset(indonesian - english), english


def _ask_lingua(text: str, indonesian: int, english: int) -> Language:
    from lingua import Language as LinguaLanguage

    values = _detector().compute_language_confidence_values(text)
    if not values:
        return "id" if indonesian else "other"
    best = values[0]
    if best.language in (LinguaLanguage.INDONESIAN, LinguaLanguage.MALAY):
        return "id"
    if best.language == LinguaLanguage.ENGLISH:
        if best.value >= CLEAR_ENGLISH and english >= indonesian:
            return "en"
        return "id" if indonesian else "en"
    return "id" if indonesian and indonesian >= english else "other"


@cache
def _detector() -> LanguageDetector:
    from lingua import Language as LinguaLanguage
    from lingua import LanguageDetectorBuilder

    languages = [
        LinguaLanguage.INDONESIAN,
        LinguaLanguage.MALAY,
        LinguaLanguage.ENGLISH,
        LinguaLanguage.TAGALOG,
        LinguaLanguage.SPANISH,
        LinguaLanguage.PORTUGUESE,
        LinguaLanguage.FRENCH,
        LinguaLanguage.GERMAN,
        LinguaLanguage.DUTCH,
        LinguaLanguage.ITALIAN,
        LinguaLanguage.TURKISH,
    ]
    # Low-accuracy mode (trigram models only) loads in well under a second instead of ~9 s;
    # lingua is only consulted when the word-list vote cannot decide, mostly on longer texts
    # where trigrams are enough.
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
