"""Stance of a post toward the known claim it matched: does it spread the claim or debunk it?

``membantah`` (debunking) when the post carries a debunking cue where it matters, otherwise
``menyebarkan`` (spreading). Rule-based, on the lower-cased text:

1. **Links** to fact-checking pages debunk: any address on a ``cekfakta.*`` or
   ``turnbackhoax.*`` site (cekfakta.com, cekfakta.tempo.co, turnbackhoax.id), and any
   address whose path says cek-fakta, hoaks, hoax, klarifikasi or disinformasi (the hoax
   pages of komdigi.go.id, kominfo.go.id and the news sites' fact-check sections).
2. **Cue phrases** (``DEBUNK_CUES``: "hoaks", "tidak benar", "cek fakta", "klarifikasi",
   "faktanya", "berita bohong", "jangan percaya", "disinformasi", "[salah]" …) debunk when
   they occur in the **opening** (the first ``HEAD_WORDS`` words: "HOAKS! …", "Cek fakta: …")
   or in the **matched passage and the sentences next to it** ("… adalah hoaks").
3. **Questions** about the claim ("… hoaks bukan?", "apakah ini hoax?") pass it on: they are
   removed before looking for cues.
4. **Affirmations** (``AFFIRM_CUES``: "bukan hoaks", "ini fakta", "katanya hoaks" …) mean
   the author insists the claim is true: they override rule 2 (not rule 1: a post quoting a
   fact-check link is read as debunking).

Why not a classifier: there is no labelled Indonesian stance data a user's install could
rebuild, and these cues are how Indonesian fact-checkers and humas teams write their
denials (the ``[SALAH]`` / ``[HOAKS]`` labels of turnbackhoax and cekfakta, "klarifikasi",
"tidak benar bahwa …"). The rules were checked on the project-written set in
:mod:`pantau.factcheck.evaluate` (``stance_accuracy``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SPREADING = "menyebarkan"
DEBUNKING = "membantah"
STANCES = (SPREADING, DEBUNKING)
HEAD_WORDS = 12

DEBUNK_CUES = (
    "hoaks",
    "hoax",
    "hoak",
    "tidak benar",
    "tdk benar",
    "gak benar",
    "nggak benar",
    "bukan fakta",
    "tidak terbukti",
    "cek fakta",
    "cekfakta",
    "faktanya",
    "fakta sebenarnya",
    "klarifikasi",
    "meluruskan",
    "diluruskan",
    "membantah",
    "dibantah",
    "bantahan",
    "disinformasi",
    "misinformasi",
    "berita bohong",
    "kabar bohong",
    "info bohong",
    "informasi bohong",
    "berita palsu",
    "kabar palsu",
    "informasi palsu",
    "info palsu",
    "informasi itu palsu",
    "kabar itu palsu",
    "berita itu palsu",
    "info itu palsu",
    "informasi yang salah",
    "informasi keliru",
    "keliru",
    "menyesatkan",
    "jangan percaya",
    "jangan mudah percaya",
    "jangan langsung percaya",
    "jangan terpancing",
    "jangan ikut menyebarkan",
    "jangan disebarkan",
    "waspada penipuan",
    "modus penipuan",
    "[salah]",
    "[hoaks]",
    "[hoax]",
    "[disinformasi]",
    "[misinformasi]",
)
AFFIRM_CUES = (
    "bukan hoaks",
    "bukan hoax",
    "bukan hoak",
    "ini fakta",
    "ini nyata",
    "beneran terjadi",
    "sudah terbukti",
    "memang benar",
    "benar adanya",
    "bukan berita bohong",
    "bilang hoaks",
    "dibilang hoaks",
    "katanya hoaks",
    "dianggap hoaks",
    "dicap hoaks",
    "dituduh hoaks",
)
_DEBUNK_PATH = re.compile(r"cek-?fakta|hoaks|hoax|klarifikasi|disinformasi")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|[\r\n]+")


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    words = sorted(cues, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])")


_DEBUNK = _cue_pattern(DEBUNK_CUES)
_AFFIRM = _cue_pattern(AFFIRM_CUES)
# "hoaks bukan?", "hoax gak?", "apakah ini hoaks?": asking, which passes the claim on
_QUESTION = re.compile(
    r"(?<![\w])(?:(?:apa(?:kah)?|apa ini|ini)\s+)?(?:hoaks|hoax|hoak)(?:nya)?"
    r"(?:\s*(?:bukan|atau bukan|atau tidak|gak|ga|nggak|ngga|tidak|kah|ya|sih|nih))*\s*\?"
)


def debunk_link(url: str) -> bool:
    """Whether an address is a fact-checking or clarification page."""
    text = url if "://" in url else f"https://{url}"
    try:
        parts = urlsplit(text.lower())
    except ValueError:
        return False
    host = (parts.hostname or "").removeprefix("www.")
    if host.startswith(("cekfakta.", "turnbackhoax.")):
        return True
    return bool(_DEBUNK_PATH.search(parts.path))


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text.lower()).strip()


def _around_passage(text: str, passage: str | None) -> str:
    """The sentence holding the matched passage with its neighbours; the whole text when the
    passage cannot be found."""
    if not passage:
        return text
    parts = [p for p in _SENTENCE.split(text) if p.strip()]
    needle = _squash(passage.rstrip("…"))[:80]
    for i, part in enumerate(parts):
        if needle and needle in _squash(part):
            return " ".join(parts[max(0, i - 1) : i + 2])
    return text


def claim_stance(text: str, passage: str | None = None, url: str | None = None) -> str:
    """``membantah`` or ``menyebarkan`` for a post matched to a claim (see the module
    docstring). ``passage`` is the matched passage, ``url`` the post's own address."""
    links = [m.group().rstrip(".,;:!?)]}'\"…") for m in _URL.finditer(text)]
    if url:
        links.append(url)
    if any(debunk_link(link) for link in links):
        return DEBUNKING
    body = _QUESTION.sub(" ", _URL.sub(" ", text.lower()))
    head = " ".join(body.split()[:HEAD_WORDS]).lower()
    near = _around_passage(body, passage).lower()
    if _AFFIRM.search(head) or _AFFIRM.search(near):
        return SPREADING
    if _DEBUNK.search(head) or _DEBUNK.search(near):
        return DEBUNKING
    return SPREADING
