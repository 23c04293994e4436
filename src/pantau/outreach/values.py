"""The values platform exports write: counts and decimals with either separator, dates in
several orders and two languages (sometimes without a year), H:MM:SS durations, and ids that
Excel rounded to a float. Every failure is a ``ValueProblem`` with a reason in Indonesian."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from pantau.ingest.canonical import RejectRow, parse_count

_EMPTY = {"", "-", "--", "—", "n/a", "na", "null", "none"}
_THOUSANDS_COMMA = re.compile(r"-?\d{1,3}(,\d{3})+")
_THOUSANDS_DOT = re.compile(r"-?\d{1,3}(\.\d{3})+")
_MANGLED = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$")

MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "february": 2, "peb": 2, "pebruari": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "may": 5, "mei": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "agu": 8, "ags": 8, "agt": 8, "agustus": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "okt": 10, "oktober": 10, "october": 10,
    "nov": 11, "nop": 11, "nopember": 11, "november": 11,
    "dec": 12, "des": 12, "desember": 12, "december": 12,
}  # fmt: skip
_WEEKDAY = (
    r"(?:mon|tue|wed|thu|fri|sat|sun|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
    r"[a-z]*\.?,?\s+"
)
_TIME = (
    r"(?:[ t,]+(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:[:.](?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>am|pm)?)?"
    r"\s*(?P<tz>z|utc|gmt|[+-]\d{2}:?\d{2})?"
)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})" + _TIME + "$")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<y>\d{4}|\d{2})" + _TIME + "$")
_NAME_FIRST = re.compile(r"(?P<mon>[a-z]+)\.? (?P<d>\d{1,2})(?:,? (?P<y>\d{4}))?" + _TIME + "$")
_DAY_FIRST = re.compile(r"(?P<d>\d{1,2})[ -](?P<mon>[a-z]+)\.?(?:[ -](?P<y>\d{4}))?" + _TIME + "$")


class ValueProblem(ValueError):
    """A cell that cannot be read; the message says why, in Indonesian."""


def is_empty(text: str | None) -> bool:
    return text is None or text.strip().lower() in _EMPTY


def count(text: str | None, column: str) -> int | None:
    """A non-negative whole number: ``1.234``, ``1,234``, ``12rb``; ``12.0`` from a spreadsheet."""
    if is_empty(text):
        return None
    assert text is not None
    cleaned = text.strip()
    if re.fullmatch(r"\d+[.,]0+", cleaned):
        cleaned = re.split(r"[.,]", cleaned)[0]
    try:
        return parse_count(cleaned, column)
    except RejectRow as exc:
        raise ValueProblem(str(exc)) from None


def decimal(text: str | None, column: str) -> float | None:
    """A number that may have decimals or a sign: ``12,5``, ``1.234,5``, ``1,234.5``, ``-3``.

    One comma followed by exactly three digits is a thousands separator (``1,234``), as in
    English-language exports; one dot is always the decimal point."""
    if is_empty(text):
        return None
    assert text is not None
    s = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if "," in s and "." in s:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if decimal_mark == "," else ",", "").replace(decimal_mark, ".")
    elif "," in s:
        s = s.replace(",", "") if _THOUSANDS_COMMA.fullmatch(s) else s.replace(",", ".")
    elif s.count(".") > 1 and _THOUSANDS_DOT.fullmatch(s):
        s = s.replace(".", "")
    try:
        value = float(s)
    except ValueError:
        raise ValueProblem(f"{column} bukan angka: {text.strip()[:30]!r}") from None
    if not math.isfinite(value):
        raise ValueProblem(f"{column} bukan angka: {text.strip()[:30]!r}")
    return value


def share(text: str | None, column: str) -> float | None:
    """A proportion: ``52%`` and ``52,3%`` become 0.52 and 0.523; a bare number stays as is
    (the caller decides, per block, whether bare numbers are percentages)."""
    value = decimal(text, column)
    if value is None or text is None:
        return value
    return value / 100 if text.strip().endswith("%") else value


def duration_seconds(text: str | None, column: str) -> float | None:
    """``1:02:13``, ``2:13`` or a plain number of seconds."""
    if is_empty(text):
        return None
    assert text is not None
    parts = text.strip().split(":")
    if len(parts) == 1:
        return decimal(text, column)
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ValueProblem(f"{column} bukan durasi (J:MM:DD): {text.strip()[:20]!r}") from None
    if len(numbers) > 3:
        raise ValueProblem(f"{column} bukan durasi (J:MM:DD): {text.strip()[:20]!r}")
    seconds = 0.0
    for n in numbers:
        seconds = seconds * 60 + n
    return seconds


def plain_id(text: str | None, column: str) -> str:
    """An id as text; refuses an id Excel rounded into scientific notation."""
    if is_empty(text):
        raise ValueProblem(f"{column} kosong")
    assert text is not None
    value = text.strip().lstrip("'")
    if _MANGLED.match(value):
        raise ValueProblem(
            f"{column} {value!r} telah dibulatkan Excel; unduh ulang berkas aslinya "
            "dan jangan simpan ulang dari Excel"
        )
    return value


def id_from_link(text: str | None, link: str | None, pattern: re.Pattern[str], column: str) -> str:
    """The id, recovered from the post's link when Excel rounded it (``1.86E+18``)."""
    value = (text or "").strip().lstrip("'")
    if value.isdigit():
        return value
    found = pattern.search(link or "")
    if found and (not value or _MANGLED.match(value)):
        return found.group(1)
    return plain_id(text, column)


@dataclass(frozen=True, slots=True)
class When:
    """A moment as written in a file; parts the file leaves out are ``None``."""

    year: int | None
    month: int
    day: int
    hour: int | None = None
    minute: int = 0
    second: int = 0
    offset_minutes: int | None = None  # None: local time of the file

    @property
    def has_time(self) -> bool:
        return self.hour is not None


def _time_parts(m: re.Match[str]) -> dict:
    hour = m.group("h")
    parts: dict = {"hour": None}
    if hour is not None:
        h = int(hour)
        ampm = m.group("ampm")
        if ampm == "pm" and h < 12:
            h += 12
        elif ampm == "am" and h == 12:
            h = 0
        parts = {"hour": h, "minute": int(m.group("mi")), "second": int(m.group("s") or 0)}
    tz = m.group("tz")
    if tz:
        if tz in ("z", "utc", "gmt"):
            parts["offset_minutes"] = 0
        else:
            digits = tz[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:])
            parts["offset_minutes"] = -minutes if tz[0] == "-" else minutes
    return parts


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


def _month(name: str, original: str, column: str) -> int:
    try:
        return MONTHS[name]
    except KeyError:
        raise ValueProblem(f"{column}: nama bulan tidak dikenal dalam {original!r}") from None


def parse_when(text: str | None, column: str, day_first: bool = False) -> When:
    """Read a date or date-time in the forms the exports use. ``day_first`` settles
    ``03/04/2026`` (3 April when true); a part above 12 settles it regardless."""
    if is_empty(text):
        raise ValueProblem(f"{column} kosong")
    assert text is not None
    s = re.sub(r"\s+", " ", text.strip().lower())
    s = re.sub(r"^" + _WEEKDAY, "", s)
    s = re.sub(r"\s+(pukul|at|jam)\s+", " ", s)
    try:
        if m := _ISO.match(s):
            when = When(_year(m["y"]), int(m["m"]), int(m["d"]), **_time_parts(m))
        elif m := _NUMERIC.match(s):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 or (day_first and b <= 12):
                a, b = b, a
            when = When(_year(m["y"]), a, b, **_time_parts(m))
        elif (m := _NAME_FIRST.match(s)) or (m := _DAY_FIRST.match(s)):
            when = When(
                _year(m["y"]), _month(m["mon"], text, column), int(m["d"]), **_time_parts(m)
            )
        else:
            raise ValueProblem(f"{column} bukan tanggal yang dikenal: {text.strip()[:40]!r}")
        date(when.year or 2024, when.month, when.day)  # 2024: a leap year accepts 29 Feb
        if when.hour is not None and not (0 <= when.hour < 24 and 0 <= when.minute < 60):
            raise ValueError
    except ValueError as exc:
        if isinstance(exc, ValueProblem):
            raise
        raise ValueProblem(f"{column} bukan tanggal yang sah: {text.strip()[:40]!r}") from None
    return when


def numeric_day_first(values: list[str], default: bool) -> bool:
    """Whether ``NN/NN/YYYY`` dates in one column are day-first: settled by any part above 12,
    otherwise the format's convention."""
    for v in values:
        m = _NUMERIC.match(v.strip().lower())
        if m:
            if int(m["a"]) > 12:
                return True
            if int(m["b"]) > 12:
                return False
    return default


def year_for(month: int, day: int, reference: date) -> int:
    """The year of a date written without one: the latest such date not after the file was
    downloaded (two days' grace for time zones), so a December row in a January file falls in
    the previous year."""
    for year in range(reference.year, reference.year - 5, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # 29 February in a common year
            continue
        if candidate <= reference + timedelta(days=2):
            return year
    raise ValueProblem(f"tanggal {day}/{month} tidak sah")


def local_day(when: When, reference: date) -> date:
    return date(when.year or year_for(when.month, when.day, reference), when.month, when.day)


def to_utc(when: When, tz: tzinfo, reference: date) -> datetime:
    """A naive UTC datetime; times without an offset are in ``tz``; a missing time is noon
    (the caller records that the time is unknown)."""
    day = local_day(when, reference)
    hour = 12 if when.hour is None else when.hour
    local = datetime(day.year, day.month, day.day, hour, when.minute, when.second)
    if when.offset_minutes is None:
        aware = local.replace(tzinfo=tz)
    else:
        aware = local.replace(tzinfo=UTC) - timedelta(minutes=when.offset_minutes)
    return aware.astimezone(UTC).replace(tzinfo=None)
