"""Cells written from untrusted text into files people open in Excel or LibreOffice.

A cell whose text begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return before
one) is run as a formula by spreadsheet programs — ``=HYPERLINK(...)`` or ``=cmd|...`` in a post,
a participant's name or a rejected row. Every writer of CSV and XLSX cells passes text through
:func:`safe_cell`, which puts an apostrophe before such text (the spreadsheet convention for
"this is text"), so it is shown, never run. Numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]
