"""Cells as platform exports write them: numbers, dates (some without a year), ids, durations."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from pantau.outreach.values import (
    ValueProblem,
    count,
    decimal,
    duration_seconds,
    id_from_link,
    numeric_day_first,
    parse_when,
    plain_id,
    share,
    to_utc,
    year_for,
)

WIB = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,234", 1234), ("1.234", 1234), ("1.234.567", 1234567), ("12", 12), ("12.0", 12),
     ("", None), ("-", None), ("12rb", 12000)],
)  # fmt: skip
def test_counts_with_either_thousands_separator(text: str, expected: int | None) -> None:
    assert count(text, "Views") == expected


@pytest.mark.parametrize("text", ["abc", "12.5", "-3"])
def test_bad_counts_are_refused_with_the_column_name(text: str) -> None:
    with pytest.raises(ValueProblem, match="Reach"):
        count(text, "Reach")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,5", 12.5), ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1,234", 1234.0),
     ("812.3456", 812.3456), ("-3", -3.0), ("4,21%", 4.21)],
)  # fmt: skip
def test_decimals(text: str, expected: float) -> None:
    assert decimal(text, "x") == pytest.approx(expected)


def test_shares_with_a_percent_sign_become_fractions() -> None:
    assert share("56%", "d") == pytest.approx(0.56)
    assert share("52,3%", "d") == pytest.approx(0.523)
    assert share("0.93", "d") == pytest.approx(0.93)


def test_durations() -> None:
    assert duration_seconds("1:02:13", "d") == 3733
    assert duration_seconds("0:03:55", "d") == 235
    assert duration_seconds("2:13", "d") == 133
    assert duration_seconds("94", "d") == 94
    with pytest.raises(ValueProblem, match="durasi"):
        duration_seconds("1:x:3", "d")


def test_excel_mangled_ids_are_refused_or_recovered_from_the_link() -> None:
    with pytest.raises(ValueProblem, match="dibulatkan Excel"):
        plain_id("1.12233E+15", "Post ID")
    status = re.compile(r"/status/(\d+)")
    link = "https://twitter.com/humas/status/1858123456789012481"
    assert id_from_link("1.86E+18", link, status, "Tweet id") == "1858123456789012481"
    assert id_from_link("185812", link, status, "Tweet id") == "185812"  # a real id wins
    with pytest.raises(ValueProblem, match="dibulatkan Excel"):
        id_from_link("1.86E+18", None, status, "Tweet id")


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("11/17/2026 08:15", False, (2026, 11, 17, 8, 15, None)),
        ("17/11/2026 08.15", False, (2026, 11, 17, 8, 15, None)),  # 17 cannot be a month
        ("03/04/2026 10:00", True, (2026, 4, 3, 10, 0, None)),
        ("03/04/2026 10:00", False, (2026, 3, 4, 10, 0, None)),
        ("2026-11-17 01:15 +0000", False, (2026, 11, 17, 1, 15, 0)),
        ("2026-11-17T00:00:00", False, (2026, 11, 17, 0, 0, None)),
        ("Tue, Nov 17, 2026", False, (2026, 11, 17, None, 0, None)),
        ("Selasa, 17 Nov 2026", False, (2026, 11, 17, None, 0, None)),
        ("17 Agustus 2026 7:05 PM", False, (2026, 8, 17, 19, 5, None)),
        ("November 17", False, (None, 11, 17, None, 0, None)),
        ("28 Desember", False, (None, 12, 28, None, 0, None)),
    ],
)
def test_dates_in_the_forms_exports_use(
    text: str, day_first: bool, expected: tuple[int | None, int, int, int | None, int, int | None]
) -> None:
    w = parse_when(text, "Date", day_first)
    assert (w.year, w.month, w.day, w.hour, w.minute, w.offset_minutes) == expected


@pytest.mark.parametrize("text", ["31/31/2026", "Smarch 3", "kemarin", "2026-02-30"])
def test_impossible_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueProblem, match="Publish time"):
        parse_when(text, "Publish time")


def test_day_order_is_settled_by_a_day_above_twelve() -> None:
    assert numeric_day_first(["03/04/2026", "13/04/2026"], default=False) is True
    assert numeric_day_first(["03/04/2026", "04/13/2026"], default=True) is False
    assert numeric_day_first(["03/04/2026"], default=True) is True


def test_year_is_the_latest_that_is_not_after_the_download_day() -> None:
    downloaded = date(2027, 1, 4)
    assert year_for(12, 28, downloaded) == 2026
    assert year_for(1, 3, downloaded) == 2027
    assert year_for(1, 6, downloaded) == 2027  # two days' grace for time zones
    assert year_for(1, 7, downloaded) == 2026
    assert year_for(2, 29, date(2027, 3, 1)) == 2024  # the latest 29 February


def test_local_times_become_utc_and_a_missing_time_is_noon() -> None:
    when = parse_when("11/17/2026 08:15", "t")
    assert to_utc(when, WIB, date(2026, 11, 20)) == datetime(2026, 11, 17, 1, 15)
    assert to_utc(parse_when("2026-11-17 01:15 +0000", "t"), WIB, date(2026, 11, 20)) == (
        datetime(2026, 11, 17, 1, 15)
    )
    assert to_utc(parse_when("Nov 17, 2026", "t"), WIB, date(2026, 11, 20)) == (
        datetime(2026, 11, 17, 5, 0)
    )
