"""Every date style a mapped file may hold, and the workspace zone for times without one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pantau.errors import PantauError
from pantau.ingest.canonical import RecordContext, RejectRow, parse_time
from pantau.ingest.mapping.dates import DateReader, combine

WIB = timezone(timedelta(hours=7))


def utc(value: object, reader: DateReader, zone: str = "Asia/Jakarta") -> datetime:
    """The stored (naive UTC) time of a value read in a workspace of ``zone``."""
    return parse_time(reader(value), ZoneInfo(zone))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-17T08:15:02+07:00", datetime(2026, 11, 17, 1, 15, 2)),
        ("2026-11-17T01:15:02.000Z", datetime(2026, 11, 17, 1, 15, 2)),
        ("2026-11-17 08:15:02.0", datetime(2026, 11, 17, 1, 15, 2)),  # no offset: WIB
        ("20261117", datetime(2026, 11, 16, 17, 0)),
    ],
)
def test_iso_8601(value: str, expected: datetime) -> None:
    assert utc(value, DateReader("created_at")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17/11/2026 08.15", datetime(2026, 11, 17, 8, 15)),
        ("17-11-2026 08:15:30", datetime(2026, 11, 17, 8, 15, 30)),
        ("17.11.26", datetime(2026, 11, 17)),
        ("Senin, 17/11/2026 8:15 PM", datetime(2026, 11, 17, 20, 15)),
        ("2026/11/17 08:15", datetime(2026, 11, 17, 8, 15)),
    ],
)
def test_day_first_numeric_dates(value: str, expected: datetime) -> None:
    assert DateReader("Tanggal", samples=["17/11/2026", "03/12/2026"])(value) == expected


def test_month_first_when_the_values_say_so_or_when_told() -> None:
    seen = DateReader("Date", samples=["11/17/2026 8:15 PM", "12/03/2026 9:00 AM"])
    assert seen.style == "mm/dd/yyyy"
    assert seen("12/03/2026 9:00 AM") == datetime(2026, 12, 3, 9, 0)
    ambiguous = DateReader("Date", samples=["03/04/2026"])
    assert (ambiguous.style, ambiguous("03/04/2026")) == ("dd/mm/yyyy", datetime(2026, 4, 3))
    told = DateReader("Date", "mdy", samples=["03/04/2026"])
    assert told("03/04/2026") == datetime(2026, 3, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("17 November 2026", datetime(2026, 11, 17)),
        ("17 Nopember 2026 08.15", datetime(2026, 11, 17, 8, 15)),
        ("Senin, 17 Nov 2026 pukul 08.15 WIB", datetime(2026, 11, 17, 8, 15, tzinfo=WIB)),
        ("5 Agt 2026", datetime(2026, 8, 5)),
        ("1 Mei 2026 10:00", datetime(2026, 5, 1, 10, 0)),
        ("31 Desember 2026", datetime(2026, 12, 31)),
        ("2 Pebruari 2026", datetime(2026, 2, 2)),
        ("17-Nov-2026 08:15PM", datetime(2026, 11, 17, 20, 15)),
        ("Nov 17, 2026 at 8:15 AM", datetime(2026, 11, 17, 8, 15)),
        ("October 3rd, 2026", datetime(2026, 10, 3)),
    ],
)
def test_month_names_indonesian_and_english(value: str, expected: datetime) -> None:
    assert DateReader("Tanggal")(value) == expected


def test_excel_serial_dates_as_numbers_and_as_text() -> None:
    reader = DateReader("Tanggal", samples=[46343.5])
    assert reader.style == "serial Excel"
    assert reader(46343.5) == datetime(2026, 11, 17, 12, 0)
    assert reader("46343.34375") == datetime(2026, 11, 17, 8, 15)
    assert reader(46343) == datetime(2026, 11, 17)
    # a serial day is the sheet's local time: the workspace zone applies
    assert utc(46343.5, reader, "Asia/Makassar") == datetime(2026, 11, 17, 4, 0)


def test_epoch_seconds_and_milliseconds_are_utc() -> None:
    reader = DateReader("createTime")
    stamp = int(datetime(2026, 11, 17, 1, 15, tzinfo=UTC).timestamp())
    assert utc(stamp, reader) == datetime(2026, 11, 17, 1, 15)
    assert utc(str(stamp), reader) == datetime(2026, 11, 17, 1, 15)
    assert utc(stamp * 1000 + 250, reader) == datetime(2026, 11, 17, 1, 15, 0, 250_000)
    assert DateReader("t", samples=[stamp]).style == "epoch detik"
    assert DateReader("t", samples=[stamp * 1000]).style == "epoch milidetik"
    assert DateReader("t", "epoch")(1000) == datetime(1970, 1, 1, 0, 16, 40, tzinfo=UTC)


def test_zone_names_and_offsets() -> None:
    reader = DateReader("created_at")
    assert utc("2026-11-17 08:15:02 WIB", reader) == datetime(2026, 11, 17, 1, 15, 2)
    assert utc("2026-11-17 09:15:02 WITA", reader) == datetime(2026, 11, 17, 1, 15, 2)
    assert utc("2026-11-17 10:15:02 WIT", reader) == datetime(2026, 11, 17, 1, 15, 2)
    assert utc("2026-11-17 01:15:02 UTC", reader) == datetime(2026, 11, 17, 1, 15, 2)
    assert utc("17/11/2026 08:15 +0700", reader) == datetime(2026, 11, 17, 1, 15)
    assert utc("Tue, 17 Nov 2026 08:15:02 +0700", reader) == datetime(2026, 11, 17, 1, 15, 2)


def test_workbook_cells_and_separate_date_and_time_columns() -> None:
    reader = DateReader("Tanggal+Jam")
    assert reader(datetime(2026, 11, 17, 8, 15)) == datetime(2026, 11, 17, 8, 15)
    assert reader(date(2026, 11, 17)) == datetime(2026, 11, 17)
    assert reader(combine([datetime(2026, 11, 17), time(8, 15)])) == datetime(2026, 11, 17, 8, 15)
    assert reader(combine(["17/11/2026", "08.15"])) == datetime(2026, 11, 17, 8, 15)


def test_a_given_pattern_reads_indonesian_month_names() -> None:
    reader = DateReader("Tanggal", "%d %B %Y %H.%M")
    assert reader("17 Agustus 2026 08.15") == datetime(2026, 8, 17, 8, 15)
    assert DateReader("Tanggal", "%d-%b-%y")("05-Okt-26") == datetime(2026, 10, 5)
    with pytest.raises(PantauError, match="--date-format tidak dikenal"):
        DateReader("Tanggal", "hari-bulan")


@pytest.mark.parametrize("value", ["kemarin sore", "31/02/2026", "13/13/2026", True, 5_000_000])
def test_unreadable_dates_are_rejects_naming_the_column(value: object) -> None:
    with pytest.raises(RejectRow, match=r"^Tanggal: bukan tanggal yang dikenali") as caught:
        DateReader("Tanggal", samples=["17/11/2026"])(value)
    assert "dd/mm/yyyy" in str(caught.value)


def test_dates_out_of_the_window_still_follow_the_window_rule() -> None:
    ctx = RecordContext(ZoneInfo("Asia/Jakarta"), datetime(2026, 11, 20), "mapped")
    with pytest.raises(RejectRow, match="sebelum 2000"):
        ctx.check_date(utc(2026, DateReader("Tanggal")))  # a year typed as a number
