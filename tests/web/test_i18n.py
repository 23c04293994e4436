"""Every interface text has an English translation; catalogs compile without a build step."""

from __future__ import annotations

from importlib.resources import files

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pantau.web.i18n import pick_language, translations

_METHODS = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
_OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}


def test_every_message_has_an_english_translation() -> None:
    web = files("pantau.web")
    found = {
        msg if isinstance(msg, str) else msg[0]
        for _f, _l, msg, _c, _ctx in extract_from_dir(
            str(web), _METHODS, keywords={"_": None}, options_map=_OPTIONS
        )
    }
    with (web / "locale" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        english = {m.id: m.string for m in read_po(f) if m.id}
    missing = sorted(m for m in found if not english.get(m))
    assert missing == [], "add these to locale/en/LC_MESSAGES/messages.po"
    assert translations("en").gettext("Ringkasan") == "Overview"
    assert translations("id").gettext("analyst") == "analis"


def test_language_choice() -> None:
    assert pick_language(None, None) == "id"
    assert pick_language("en", "id") == "en"
    assert pick_language(None, "en-US") == "en"
    assert pick_language("fr", None) == "id"
