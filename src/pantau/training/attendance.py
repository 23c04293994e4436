"""Sessions of an event with a check-in code shown on the venue screen, attendance per session,
and self-registration through the event's public link while the organiser keeps it open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, Row

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.events import get_event, utc_naive
from pantau.training.imports import EMAIL, new_code, normalise_mode, person_key
from pantau.training.links import event_settings

CHECKIN_CODE_LENGTH = 5


@dataclass(frozen=True)
class TrainingSession:
    id: int
    title: str
    checkin_code: str
    checkin_open: bool
    created_at: datetime


@dataclass(frozen=True)
class CheckIn:
    session_id: int
    session_title: str
    new: bool  # False: this participant had already checked in to the session


def _row_to_session(row: Row) -> TrainingSession:
    return TrainingSession(
        row.id, row.title, row.checkin_code, bool(row.checkin_open), row.created_at
    )


def add_session(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    title: str,
    *,
    open_now: bool = True,
    checkin_code: str | None = None,
) -> TrainingSession:
    """A session with a fresh check-in code (``checkin_code``: the one to use if still free)."""
    title = " ".join(title.split())
    if not title:
        raise PantauError("nama sesi tidak boleh kosong")
    if len(title) > 300:
        raise PantauError("nama sesi terlalu panjang (maks. 300 karakter)")
    get_event(engine, workspace, event_id)
    wanted = checkin_code.strip().upper() if checkin_code else None
    for _ in range(20):
        with engine.connect() as conn:
            taken = {s.checkin_code for s in store.sessions(conn, workspace.id, event_id)}
        code = wanted if wanted and wanted not in taken else new_code(taken, CHECKIN_CODE_LENGTH)
        wanted = None
        try:
            with engine.begin() as conn:
                session_id = store.insert_session(
                    conn,
                    workspace.id,
                    event_id,
                    {
                        "title": title,
                        "checkin_code": code,
                        "checkin_open": open_now,
                        "created_at": datetime.now(UTC).replace(tzinfo=None),
                    },
                )
        except store.IntegrityError:
            continue  # the same code was given to a session made at the same moment
        return get_session(engine, workspace, event_id, session_id)
    raise PantauError("kode presensi tidak dapat dibuat; coba lagi")


def list_sessions(engine: Engine, workspace: Workspace, event_id: int) -> list[TrainingSession]:
    with engine.connect() as conn:
        return [_row_to_session(r) for r in store.sessions(conn, workspace.id, event_id)]


def get_session(
    engine: Engine, workspace: Workspace, event_id: int, session_id: int
) -> TrainingSession:
    for s in list_sessions(engine, workspace, event_id):
        if s.id == session_id:
            return s
    raise NotFoundError(f"sesi {session_id} tidak ditemukan pada kegiatan ini")


def set_checkin_open(
    engine: Engine, workspace: Workspace, event_id: int, session_id: int, is_open: bool
) -> TrainingSession:
    get_session(engine, workspace, event_id, session_id)
    with engine.begin() as conn:
        store.update_session(conn, workspace.id, event_id, session_id, {"checkin_open": is_open})
    return get_session(engine, workspace, event_id, session_id)


def check_in(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    participant_id: int,
    checkin_code: str,
    at: datetime,
    *,
    via: str = "kode",
) -> CheckIn:
    """Record attendance of one participant at the session whose code was typed. Checking in
    twice changes nothing."""
    code = checkin_code.strip().upper()
    session = next(
        (s for s in list_sessions(engine, workspace, event_id) if s.checkin_code == code), None
    )
    if session is None:
        raise PantauError(f"kode presensi {code!r} tidak dikenal; periksa kode di layar")
    if not session.checkin_open and via == "kode":
        raise PantauError(f"presensi sesi “{session.title}” sudah ditutup panitia")
    with engine.connect() as conn:
        if store.has_attended(conn, workspace.id, session.id, participant_id):
            return CheckIn(session.id, session.title, False)
    try:
        with engine.begin() as conn:
            store.insert_attendance(
                conn, workspace.id, event_id, session.id, participant_id, utc_naive(at), via
            )
    except store.IntegrityError:
        return CheckIn(session.id, session.title, False)
    return CheckIn(session.id, session.title, True)


def attendance_by_participant(
    engine: Engine, workspace: Workspace, event_id: int
) -> dict[int, set[int]]:
    """participant id → ids of the sessions attended."""
    out: dict[int, set[int]] = {}
    with engine.connect() as conn:
        for a in store.attendance(conn, workspace.id, event_id):
            out.setdefault(a.participant_id, set()).add(a.session_id)
    return out


# --- self-registration --------------------------------------------------------------------


class AlreadyRegistered(PantauError):
    """A registration for a contact the event already has (answers to it are counted per
    address, so the form cannot be used to probe who is registered)."""


def register(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    name: str,
    institution: str,
    contact: str,
    mode: str,
) -> Row:
    """Register through the public link while registration is open. A contact (email or
    phone) is required so that one person is registered once; someone already registered is
    told to ask the organiser, and their code is not shown to whoever typed the contact."""
    if not event_settings(engine, workspace, event_id).registration_open:
        raise PantauError("pendaftaran kegiatan ini sedang ditutup")
    name, institution, contact = (" ".join(v.split()) for v in (name, institution, contact))
    if not name or len(name) > 300:
        raise PantauError("isi nama lengkap (maks. 300 karakter)")
    if not institution or len(institution) > 300:
        raise PantauError("isi nama instansi (maks. 300 karakter)")
    if "@" in contact:
        if not EMAIL.fullmatch(contact) or len(contact) > 320:
            raise PantauError(f"alamat email tidak sah: {contact!r}")
    elif not re.fullmatch(r"\+?[0-9][0-9 .-]{6,20}", contact):
        raise PantauError("isi email atau nomor HP/WhatsApp yang sah")
    chosen = normalise_mode(mode or "")
    if chosen is None:
        raise PantauError("pilih mode kehadiran: luring (onsite) atau daring (online)")
    key = person_key(name, institution, contact)
    for _ in range(20):
        with engine.connect() as conn:
            if store.participant_by_key(conn, workspace.id, event_id, key) is not None:
                raise AlreadyRegistered(
                    "kontak ini sudah terdaftar pada kegiatan ini; minta kode peserta "
                    "Anda kepada panitia"
                )
            taken = {p.code for p in store.participants(conn, workspace.id, event_id)}
        try:
            with engine.begin() as conn:
                store.insert_participant(
                    conn,
                    workspace.id,
                    event_id,
                    {
                        "name": name,
                        "institution": institution,
                        "contact": contact,
                        "mode": chosen,
                        "code": new_code(taken),
                        "person_key": key,
                        "created_at": datetime.now(UTC).replace(tzinfo=None),
                    },
                )
        except store.IntegrityError:
            continue  # a simultaneous registration took the code (or the same person)
        with engine.connect() as conn:
            row = store.participant_by_key(conn, workspace.id, event_id, key)
        assert row is not None
        return row
    raise PantauError("pendaftaran gagal; coba lagi")
