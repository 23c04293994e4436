"""What the PDF reports share: text a ReportLab paragraph can print, and table column widths
that never break a header word. ReportLab is imported when a PDF is made, not when the CLI
starts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import cache

from pantau.documents.fonts import BOLD, FONT, register_pdf_fonts

CELL_PADDING = 6.0  # ReportLab's default left + right padding of a table cell, in points
_SPACES = re.compile(r"[ \t]{2,}")
# Emoji: pictographs above U+1F000, the symbol and dingbat blocks, and what joins or styles
# them. DejaVu draws some of them in black and white and others not at all; a report with
# half its emoji is worse than one without, so all are left out.
_EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF))
_EMOJI_MARKS = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x20E3, 0xE0020})


@cache
def _drawable() -> frozenset[int]:
    """The code points the PDF font has a glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_pdf_fonts()
    return frozenset(pdfmetrics.getFont(FONT).face.charToGlyph)


def _emoji(c: str) -> bool:
    code = ord(c)
    return code in _EMOJI_MARKS or any(lo <= code <= hi for lo, hi in _EMOJI_BLOCKS)


def pdf_text(text: str) -> str:
    """``text`` for a ReportLab paragraph: its markup characters escaped, and the characters
    the font cannot draw (emoji, with their joiners and variation selectors) left out, so
    nothing prints as an empty box."""
    escaped = html.escape(text)
    if escaped.isascii():
        return escaped
    drawable = _drawable()
    kept = "".join(c for c in escaped if c.isascii() or (ord(c) in drawable and not _emoji(c)))
    return _SPACES.sub(" ", kept) if len(kept) != len(escaped) else kept


def column_widths(
    header: Sequence[str], sizes: Sequence[float], usable: float, header_size: float
) -> list[float]:
    """Column widths sharing ``usable`` points in proportion to ``sizes`` (how much text each
    column holds), each at least as wide as the longest word of its bold header, so headers
    wrap between words ("jangkauan", never "jangkaua n"); the room this takes comes from the
    columns wider than their own minimum."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_pdf_fonts()
    least = [
        max((stringWidth(word, BOLD, header_size) for word in h.split()), default=0.0)
        + CELL_PADDING
        + 1
        for h in header
    ]
    total = sum(sizes) or 1.0
    widths = [usable * s / total for s in sizes]
    short = sum(max(0.0, m - w) for m, w in zip(least, widths, strict=True))
    spare = sum(max(0.0, w - m) for m, w in zip(least, widths, strict=True))
    if short <= 0 or spare <= 0:
        return [max(m, w) for m, w in zip(least, widths, strict=True)]
    take = min(1.0, short / spare)
    return [m if w <= m else w - (w - m) * take for m, w in zip(least, widths, strict=True)]
