"""Training events and the open/close times of their pre-test and post-test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine, Row

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import training as store

TESTS = ("pre", "post")
TEST_LABELS = {"pre": "pre-test", "post": "post-test"}


@dataclass
class TrainingEvent:
    id: int
    title: str
    starts_on: date
    ends_on: date
    venue: str | None
    pre_opens_at: datetime | None
    pre_closes_at: datetime | None
    post_opens_at: datetime | None
    post_closes_at: datetime | None
    created_at: datetime

    def window(self, test: str) -> tuple[datetime | None, datetime | None]:
        return getattr(self, f"{test}_opens_at"), getattr(self, f"{test}_closes_at")


def utc_naive(at: datetime) -> datetime:
    """Naive UTC as stored; a naive input is taken to be UTC already."""
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


def check_test(test: str) -> str:
    if test not in TESTS:
        raise PantauError(f"jenis tes tidak dikenal: {test!r} (pilih pre atau post)")
    return test


def _row_to_event(row: Row) -> TrainingEvent:
    return TrainingEvent(**{f: getattr(row, f) for f in TrainingEvent.__dataclass_fields__})


def _window_values(test: str, opens_at: datetime | None, closes_at: datetime | None) -> dict:
    o = utc_naive(opens_at) if opens_at else None
    c = utc_naive(closes_at) if closes_at else None
    if o and c and c <= o:
        raise PantauError(f"waktu tutup {TEST_LABELS[test]} harus setelah waktu bukanya")
    return {f"{test}_opens_at": o, f"{test}_closes_at": c}


def create_event(
    engine: Engine,
    workspace: Workspace,
    title: str,
    starts_on: date,
    ends_on: date | None = None,
    venue: str | None = None,
    *,
    pre_opens_at: datetime | None = None,
    pre_closes_at: datetime | None = None,
    post_opens_at: datetime | None = None,
    post_closes_at: datetime | None = None,
) -> TrainingEvent:
    title = _checked_title(title)
    ends_on = ends_on or starts_on
    if ends_on < starts_on:
        raise PantauError("tanggal selesai kegiatan tidak boleh sebelum tanggal mulai")
    values = {
        "title": title,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "venue": (venue or "").strip() or None,
        "created_at": datetime.now(UTC).replace(tzinfo=None),
        **_window_values("pre", pre_opens_at, pre_closes_at),
        **_window_values("post", post_opens_at, post_closes_at),
    }
    with engine.begin() as conn:
        event_id = store.insert_event(conn, workspace.id, values)
    return get_event(engine, workspace, event_id)


def set_test_window(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    test: str,
    opens_at: datetime | None,
    closes_at: datetime | None,
) -> TrainingEvent:
    values = _window_values(check_test(test), opens_at, closes_at)
    get_event(engine, workspace, event_id)
    with engine.begin() as conn:
        store.update_event(conn, workspace.id, event_id, values)
    return get_event(engine, workspace, event_id)


def _checked_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise PantauError("judul kegiatan tidak boleh kosong")
    if len(title) > 300:
        raise PantauError("judul kegiatan terlalu panjang (maks. 300 karakter)")
    return title


def edit_event(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    *,
    title: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
    venue: str | None = None,
) -> TrainingEvent:
    """Change what is given; an empty venue clears it."""
    event = get_event(engine, workspace, event_id)
    values: dict[str, object] = {}
    if title is not None:
        values["title"] = _checked_title(title)
    start = starts_on or event.starts_on
    end = ends_on or event.ends_on
    if end < start:
        raise PantauError("tanggal selesai kegiatan tidak boleh sebelum tanggal mulai")
    if (start, end) != (event.starts_on, event.ends_on):
        values.update(starts_on=start, ends_on=end)
    if venue is not None:
        values["venue"] = " ".join(venue.split()) or None
    if values:
        with engine.begin() as conn:
            store.update_event(conn, workspace.id, event_id, values)
    return get_event(engine, workspace, event_id)


def delete_event(
    engine: Engine, workspace: Workspace, event_id: int, *, confirmed: bool = False
) -> TrainingEvent:
    """Delete the event with its participants, questions, answers, sessions and attendance.
    An event whose participants already sent answers needs ``confirmed``."""
    event = get_event(engine, workspace, event_id)
    with engine.begin() as conn:
        sent = sum(store.count_submissions(conn, workspace.id, event_id, t) for t in TESTS)
        if sent and not confirmed:
            raise PantauError(
                f"kegiatan {event_id} sudah punya {sent} jawaban tes peserta; semuanya ikut "
                "terhapus — ulangi dengan konfirmasi (--yes) bila memang itu maksudnya"
            )
        store.delete_event(conn, workspace.id, event_id)
    return event


def get_event(engine: Engine, workspace: Workspace, event_id: int) -> TrainingEvent:
    with engine.connect() as conn:
        row = store.get_event(conn, workspace.id, event_id)
    if row is None:
        raise NotFoundError(f"kegiatan bimtek {event_id} tidak ditemukan")
    return _row_to_event(row)


def list_events(engine: Engine, workspace: Workspace) -> list[TrainingEvent]:
    with engine.connect() as conn:
        return [_row_to_event(r) for r in store.list_events(conn, workspace.id)]
