"""Indonesian-first formatting of numbers, dates and time zones (English available)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def current_language() -> str:
    lang = os.environ.get("PANTAU_LANG", "id").lower()
    return "en" if lang.startswith("en") else "id"


def zone_name(timezone: str) -> str:
    """An IANA zone from an IANA name or an Indonesian abbreviation (WIB, WITA, WIT)."""
    return ZONE_ALIASES.get(timezone.upper(), timezone)


def zone_label(timezone: str) -> str:
    return ZONE_ABBREVIATIONS.get(timezone, timezone)


def fmt_int(n: int | float, lang: str | None = None) -> str:
    """``50000`` -> ``50.000`` in Indonesian, ``50,000`` in English."""
    return format_decimal(n, locale=lang or current_language())


def to_local(utc_naive: datetime, timezone: str) -> datetime:
    return utc_naive.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone))


def fmt_datetime(utc_naive: datetime, timezone: str, lang: str | None = None) -> str:
    """``17 Nov 2026 08.15 WIB`` style, in the workspace zone."""
    local = to_local(utc_naive, timezone)
    lang = lang or current_language()
    pattern = "d MMM yyyy HH.mm" if lang == "id" else "d MMM yyyy HH:mm"
    return f"{format_datetime(local, pattern, locale=lang)} {zone_label(timezone)}"


def fmt_day(day: date, lang: str | None = None) -> str:
    """``Sen, 16 Nov 2026``: short, for tables."""
    return format_date(day, "EEE, d MMM yyyy", locale=lang or current_language())


def fmt_month(month: str, lang: str | None = None) -> str:
    """``2026-12`` → ``Desember 2026``."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "LLLL yyyy", locale=lang or current_language())


def fmt_date(day: datetime, lang: str | None = None) -> str:
    """``Senin, 16 November 2026``."""
    return format_datetime(day, "EEEE, d MMMM yyyy", locale=lang or current_language())


def parse_utc(text: str) -> datetime:
    """An ISO 8601 moment as naive UTC: its offset honoured (``2026-11-18T07:00+07:00`` is
    00:00 UTC), UTC when it has none. ``ValueError`` when it is not one."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def parse_day_text(value: str, what: str = "tanggal") -> date:
    """A day typed by a person (``YYYY-MM-DD``) within 1900–2999, or one clear ``ValueError``
    in Indonesian (dates like 0001-01-01 or 9999-12-31 overflow every later calculation)."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what} tidak sah: {value[:30]!r} (format TTTT-BB-HH)") from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"{what} di luar rentang 1900–2999: {day.isoformat()}")
    return day


def parse_moment_text(value: str, what: str = "waktu") -> datetime:
    """A moment typed by a person (ISO 8601) within 1900–2999, or one clear ``ValueError``."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what} tidak sah: {value[:30]!r} (format TTTT-BB-HH JJ:MM)") from None
    if not EARLIEST_DAY.year <= moment.year <= LATEST_DAY.year:
        raise ValueError(f"{what} di luar rentang 1900–2999: {value[:30]!r}")
    return moment
