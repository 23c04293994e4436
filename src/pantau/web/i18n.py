"""Interface language: Bahasa Indonesia by default, English on request.

Message catalogs are the ``.po`` files under ``locale/``; they are compiled in memory the first
time a language is used (Babel's ``read_po``/``write_mo``), so there is no build step. Message
ids are the Indonesian texts, so the Indonesian catalog may leave them untranslated.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib.resources import files
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
COOKIE = "pantau_lang"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    po = files("pantau.web") / "locale" / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def pick_language(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    return DEFAULT_LANGUAGE
