"""Whole numbers typed in forms, links and headers.

``str.isdigit`` accepts "²" and digits of other scripts that ``int`` refuses, and ``int``
refuses strings of more than 4,300 digits: a value checked with one and read with the other
is a server error waiting for a hostile or mistyped value. ``whole_number`` reads ASCII digits
only, bounded.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(value: str | None) -> int | None:
    """``value`` (spaces around it ignored) as a non-negative whole number of at most 18
    digits, or None for anything else."""
    if value is None:
        return None
    value = value.strip()
    return int(value) if _DIGITS.fullmatch(value) else None
