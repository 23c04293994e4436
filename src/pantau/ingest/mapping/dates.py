"""Dates as people's files hold them.

Detected without being told: ISO 8601 (``2026-11-17 08:15:02+07:00``), numeric dates day first
or month first (``17/11/2026 08.15``, ``11/17/2026 8:15 PM``; the order is read from values
whose day is above 12, and is day first when nothing tells), month names in Indonesian or
English (``Senin, 17 Nopember 2026 pukul 08.15 WIB``, ``Nov 17, 2026``, ``17-Nov-2026
08:15AM``), RFC 2822, Excel serial numbers (``46343.34``), Unix seconds and milliseconds, and
the date cells of a workbook. A time without an offset or zone (WIB, WITA, WIT, UTC, ``+0700``)
is the workspace's local time, applied when the post is validated. ``--date-format`` names a
style (``dmy``, ``mdy``, ``iso``, ``excel``, ``epoch``, ``epoch-ms``) or gives a ``strptime``
pattern, in which Indonesian month names are read too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime

from pantau.errors import PantauError
from pantau.ingest.canonical import RejectRow

MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_ENGLISH = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ZONES = {"z": 0, "utc": 0, "gmt": 0, "wib": 7, "wita": 8, "wit": 9}
STYLES = {
    "iso": "ISO 8601",
    "dmy": "dd/mm/yyyy",
    "mdy": "mm/dd/yyyy",
    "excel": "serial Excel",
    "epoch": "epoch detik",
    "epoch-ms": "epoch milidetik",
}
EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 is 1900-01-01 past Excel's 1900 leap-day bug

_WEEKDAY = (
    r"(?:(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun),?\s+)?"
)
_TIME = (
    r"(?:[\sT,]+(?:pukul\s+|jam\s+|at\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:[.,](\d{1,6}))?)?"
    r"\s*(?:([ap])\.?m\.?)?)?"
)
_ZONE = r"\s*(z|utc|gmt|wib|wita|wit|(?:utc|gmt)?\s?[+-]\d{1,2}(?::?\d{2})?)?\s*$"
_NUMERIC = re.compile(
    rf"^{_WEEKDAY}(\d{{1,4}})[/.\-](\d{{1,2}})[/.\-](\d{{1,4}}){_TIME}{_ZONE}", re.IGNORECASE
)
_NAMED_DAY_FIRST = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})[\s\-/.]*([a-z]+)\.?[\s\-/.,]*(\d{{2,4}}){_TIME}{_ZONE}"
)
_NAMED_MONTH_FIRST = re.compile(
    rf"^{_WEEKDAY}([a-z]+)\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}}){_TIME}{_ZONE}"
)
# the common case of the above, matched first when a column holds numeric dates
_PLAIN_NUMERIC = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$"
)
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MONTH_WORD = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b", re.I)


class _NotADate(ValueError):
    """A reason in Indonesian why a value is not a date (other ValueErrors carry none)."""


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    text = text.lower().replace(" ", "")
    if text in ZONES:
        return timezone(timedelta(hours=ZONES[text]))
    text = text.removeprefix("utc").removeprefix("gmt")
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _clock(groups: tuple[str | None, ...]) -> tuple[int, int, int, int]:
    hh, mm, ss, frac, ampm = groups
    hour = int(hh) if hh else 0
    if ampm:
        if not 1 <= hour <= 12:
            raise _NotADate("jam AM/PM di luar 1–12")
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    micro = int(frac.ljust(6, "0")) if frac else 0
    return hour, int(mm) if mm else 0, int(ss) if ss else 0, micro


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 70 else 1900
    return year


def _numeric(m: re.Match[str], day_first: bool) -> datetime:
    a, b, c = m.group(1), m.group(2), m.group(3)
    if len(a) == 4:  # 2026/11/17
        year, month, day = int(a), int(b), int(c)
    elif day_first:
        year, month, day = _year(c), int(b), int(a)
    else:
        year, month, day = _year(c), int(a), int(b)
    return datetime(year, month, day, *_clock(m.groups()[3:8]), tzinfo=_zone(m.group(9)))


def _named(m: re.Match[str], day_first: bool) -> datetime:
    day, word, year = (m.group(1), m.group(2), m.group(3))
    if not day_first:
        word, day = day, word
    month = MONTHS.get(word)
    if month is None:
        raise _NotADate(f"nama bulan tidak dikenal: {word!r}")
    return datetime(
        _year(year), month, int(day), *_clock(m.groups()[3:8]), tzinfo=_zone(m.group(9))
    )


def _number(value: float, style: str | None) -> datetime:
    """Unix milliseconds or seconds (UTC), or an Excel serial day (local), by magnitude unless
    the style says which."""
    if style == "epoch-ms" or (style is None and 1e11 <= value < 1e14):
        return datetime.fromtimestamp(value / 1000, UTC)
    if style == "epoch" or (style is None and 1e8 <= value < 1e11):
        return datetime.fromtimestamp(value, UTC)
    if 0 < value < 2_958_466:  # Excel's last day is 9999-12-31
        return EXCEL_EPOCH + timedelta(seconds=round(value * 86400))
    raise _NotADate("angka ini bukan tanggal")


def _kind(value: object) -> str | None:
    """The style a sample value is written in, for the description of a detected format."""
    if isinstance(value, datetime | date):
        return "sel tanggal Excel"
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if _NUMBER.match(text):
        number = float(text)
        if 1e11 <= number < 1e14:
            return STYLES["epoch-ms"]
        if 1e8 <= number < 1e11:
            return STYLES["epoch"]
        if len(text) == 8:
            return STYLES["iso"]
        return STYLES["excel"]
    try:
        datetime.fromisoformat(text)
        return STYLES["iso"]
    except ValueError:
        pass
    m = _NUMERIC.match(text)
    if m:
        if len(m.group(1)) == 4:
            return "yyyy-mm-dd"
        return "dmy" if int(m.group(1)) > 12 else "mdy" if int(m.group(2)) > 12 else "d/m"
    lowered = text.lower()
    if _NAMED_DAY_FIRST.match(lowered) or _NAMED_MONTH_FIRST.match(lowered):
        return "nama bulan (17 November 2026)"
    return None


class DateReader:
    """Reads one column's dates: naive results are in the workspace's zone."""

    def __init__(self, label: str, fmt: str | None = None, samples: Iterable[object] = ()):
        self.label = label
        self.pattern: str | None = None
        self.forced: str | None = None
        kinds = Counter(k for k in map(_kind, samples) if k)
        self.day_first = not (kinds["mdy"] and not kinds["dmy"])
        self.numeric_first = bool(kinds) and kinds.most_common(1)[0][0] in ("dmy", "mdy", "d/m")
        if fmt:
            if fmt in STYLES:
                self.forced = fmt
                self.day_first = fmt != "mdy"
            elif "%" in fmt:
                self.pattern = fmt.replace("%b", "%B")  # month names are written out in full
            else:
                raise PantauError(
                    f"--date-format tidak dikenal: {fmt!r} (pilih {', '.join(STYLES)} "
                    "atau pola strptime seperti '%d/%m/%Y %H:%M')"
                )
        order = STYLES["dmy"] if self.day_first else STYLES["mdy"]
        common = [k for k, _ in kinds.most_common()]
        named = {"dmy": order, "mdy": order, "d/m": order}
        self.style = (
            self.pattern
            or STYLES.get(self.forced or "")
            or (named.get(common[0], common[0]) if common else order)
        )

    def __call__(self, value: object) -> datetime:
        try:
            return self._read(value)
        except (ValueError, OverflowError, OSError) as exc:
            why = f"{exc}; " if isinstance(exc, _NotADate) else ""
            raise RejectRow(
                f"{self.label}: bukan tanggal yang dikenali: {str(value)[:40]!r} ({why}dibaca "
                f"sebagai {self.style}; --date-format untuk menyebut bentuk lain)"
            ) from None

    def _read(self, value: object) -> datetime:
        kind = type(value)
        if kind is str:
            return self._text(value.strip())  # type: ignore[attr-defined]  # kind is str
        if kind is datetime:
            return value  # type: ignore[return-value]  # kind is datetime
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._number(value)
        raise _NotADate(f"berjenis {kind.__name__}")

    def _number(self, value: float) -> datetime:
        if self.forced in ("iso", "dmy", "mdy") or self.pattern:
            return self._text(str(int(value)) if float(value).is_integer() else str(value))
        if self.forced is None and isinstance(value, int) and 19000101 <= value <= 29991231:
            return datetime.strptime(str(value), "%Y%m%d")  # 20261117 typed as a number
        return _number(value, self.forced)

    def _text(self, text: str) -> datetime:
        if self.pattern:
            return datetime.strptime(_english_months(text), self.pattern)
        forced = self.forced
        if forced in ("excel", "epoch", "epoch-ms"):
            return _number(float(text), forced)
        if self.numeric_first:
            m = _PLAIN_NUMERIC.match(text)
            if m:
                return self._plain(m)
        if text and text[0].isdigit():
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                if forced == "iso":
                    raise
            m = _NUMERIC.match(text)
            if m:
                return _numeric(m, self.day_first)
            if _NUMBER.match(text):
                return self._number(float(text) if "." in text else int(text))
        return self._words(text)

    def _plain(self, m: re.Match[str]) -> datetime:
        a, b, year, hh, mm, ss = m.groups()
        day, month = (int(a), int(b)) if self.day_first else (int(b), int(a))
        if hh is None:
            return datetime(int(year), month, day)
        return datetime(int(year), month, day, int(hh), int(mm), int(ss) if ss else 0)

    def _words(self, text: str) -> datetime:
        lowered = text.lower()
        m = _NAMED_DAY_FIRST.match(lowered)
        if m:
            return _named(m, day_first=True)
        m = _NAMED_MONTH_FIRST.match(lowered)
        if m:
            return _named(m, day_first=False)
        m = _NUMERIC.match(lowered)
        if m:
            return _numeric(m, self.day_first)
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError("bentuk tidak dikenal") from None


def _english_months(text: str) -> str:
    """Month names (Indonesian or English, full or short) in full English, for ``%B``."""
    return _MONTH_WORD.sub(lambda m: _ENGLISH[MONTHS[m.group(1).lower()]], text)


def combine(parts: list[object]) -> object:
    """Columns of one date joined: a date cell and a time cell, or texts with a space."""
    if len(parts) == 2 and isinstance(parts[0], date) and isinstance(parts[1], time):
        day = parts[0]
        return datetime.combine(day if not isinstance(day, datetime) else day.date(), parts[1])
    return " ".join(str(p) for p in parts)


def date_share(values: list[object], reader: Callable[[object], datetime]) -> float:
    """The share of ``values`` that read as dates between 2000 and 2100."""
    good = 0
    for value in values:
        try:
            when = reader(value)
        except RejectRow:
            continue
        good += 2000 <= when.year < 2100
    return good / len(values) if values else 0.0
