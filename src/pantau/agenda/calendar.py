"""The calendar an agenda is planned around.

- Public holidays (*libur nasional*) and collective leave days (*cuti bersama*) come from the
  ``holidays`` package (Indonesia, names in Indonesian; moving feasts such as Idul Fitri are
  computed there).
- National commemorations that are not days off (*hari peringatan*: Hari Pahlawan, Hari
  Pangan Sedunia, …) are a fixed list kept here, because the package lists only days off.
- The workspace adds its own dates (anniversaries, events) with ``add_date``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import holidays
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import agenda as store

KIND_HOLIDAY = "libur nasional"
KIND_LEAVE = "cuti bersama"
KIND_COMMEMORATION = "hari peringatan"
KIND_WORKSPACE = "tanggal instansi"
MAX_NAME = 200

# (month, day, name): national commemorations that are working days.
COMMEMORATIONS: tuple[tuple[int, int, str], ...] = (
    (1, 25, "Hari Gizi Nasional"),
    (2, 9, "Hari Pers Nasional"),
    (3, 8, "Hari Perempuan Internasional"),
    (4, 21, "Hari Kartini"),
    (5, 2, "Hari Pendidikan Nasional"),
    (5, 20, "Hari Kebangkitan Nasional"),
    (6, 5, "Hari Lingkungan Hidup Sedunia"),
    (7, 23, "Hari Anak Nasional"),
    (8, 14, "Hari Pramuka"),
    (9, 24, "Hari Tani Nasional"),
    (10, 1, "Hari Kesaktian Pancasila"),
    (10, 2, "Hari Batik Nasional"),
    (10, 16, "Hari Pangan Sedunia"),
    (10, 22, "Hari Santri"),
    (10, 28, "Hari Sumpah Pemuda"),
    (11, 10, "Hari Pahlawan"),
    (11, 12, "Hari Kesehatan Nasional"),
    (11, 25, "Hari Guru Nasional"),
    (12, 19, "Hari Bela Negara"),
    (12, 22, "Hari Ibu"),
)


@dataclass(frozen=True, slots=True)
class CalendarDay:
    date: date
    name: str
    kind: str  # KIND_HOLIDAY, KIND_LEAVE, KIND_COMMEMORATION or KIND_WORKSPACE
    id: int | None = None  # workspace dates only
    notes: str | None = None


def national_dates(start: date, end: date) -> list[CalendarDay]:
    """Holidays, collective leave and commemorations in [start, end], by date."""
    if end < start:
        raise PantauError(f"tanggal akhir ({end}) sebelum tanggal awal ({start})")
    years = range(start.year, end.year + 1)
    found: list[CalendarDay] = []
    for category, kind in (("public", KIND_HOLIDAY), ("government", KIND_LEAVE)):
        table = holidays.country_holidays("ID", years=years, language="id", categories=(category,))
        for day, names in table.items():
            if start <= day <= end:
                found.extend(CalendarDay(day, name, kind) for name in names.split("; "))
    for year in years:
        for month, day_of_month, name in COMMEMORATIONS:
            day = date(year, month, day_of_month)
            if start <= day <= end:
                found.append(CalendarDay(day, name, KIND_COMMEMORATION))
    return sorted(found, key=lambda d: (d.date, d.kind, d.name))


def calendar(engine: Engine, workspace: Workspace, start: date, end: date) -> list[CalendarDay]:
    """National dates and the workspace's own dates in [start, end], by date."""
    found = national_dates(start, end)
    with engine.connect() as conn:
        own = store.dates_between(conn, workspace.id, start, end)
    found.extend(CalendarDay(d.date, d.name, KIND_WORKSPACE, d.id, d.notes) for d in own)
    return sorted(found, key=lambda d: (d.date, d.kind, d.name))


def add_date(
    engine: Engine, workspace: Workspace, day: date, name: str, notes: str | None = None
) -> bool:
    """Add a workspace date; False when the same date and name already exist."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise PantauError("nama tanggal kosong")
    if len(cleaned) > MAX_NAME:
        raise PantauError(f"nama tanggal terlalu panjang (maks. {MAX_NAME} karakter)")
    with engine.begin() as conn:
        return store.insert_date(
            conn,
            workspace.id,
            day,
            cleaned,
            " ".join((notes or "").split()) or None,
            datetime.now(UTC).replace(tzinfo=None),
        )


def delete_date(engine: Engine, workspace: Workspace, date_id: int) -> None:
    with engine.begin() as conn:
        if not store.delete_date(conn, workspace.id, date_id):
            raise NotFoundError(
                f"tanggal #{date_id} tidak ditemukan (lihat `pantau agenda calendar`)"
            )
