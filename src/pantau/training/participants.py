"""The participants of an event, one at a time: list (with attendance and scores), edit,
remove. Imports and self-registration live in ``imports`` and ``attendance``."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Engine, Row

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.attendance import attendance_by_participant, list_sessions
from pantau.training.events import TESTS, get_event
from pantau.training.imports import EMAIL, PARTICIPANT_CODE, normalise_mode, person_key
from pantau.training.results import participant_results


@dataclass
class Participant:
    code: str
    name: str
    institution: str
    institution_type: str
    contact: str | None
    mode: str
    sessions_attended: int
    sessions: int
    pre: int | None
    pre_max: int | None
    post: int | None
    post_max: int | None
    gain: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def list_participants(
    engine: Engine, workspace: Workspace, event_id: int, mode: str | None = None
) -> list[Participant]:
    """Everyone registered, in registration order; ``mode``: only onsite or only online."""
    get_event(engine, workspace, event_id)
    wanted = _mode(mode) if mode else None
    with engine.connect() as conn:
        people = store.participants(conn, workspace.id, event_id)
        subs = store.submissions(conn, workspace.id, event_id)
    present = attendance_by_participant(engine, workspace, event_id)
    n_sessions = len(list_sessions(engine, workspace, event_id))
    out = []
    for p, r in zip(people, participant_results(people, subs), strict=True):
        if wanted and p.mode != wanted:
            continue
        out.append(
            Participant(
                code=p.code,
                name=p.name,
                institution=p.institution,
                institution_type=r.institution_type,
                contact=p.contact,
                mode=p.mode,
                sessions_attended=len(present.get(p.id, ())),
                sessions=n_sessions,
                pre=r.pre,
                pre_max=r.pre_max,
                post=r.post,
                post_max=r.post_max,
                gain=r.gain,
            )
        )
    return out


def _mode(value: str) -> str:
    mode = normalise_mode(value)
    if mode is None:
        raise PantauError(f"mode kehadiran tidak dikenal: {value!r} (onsite/luring, online/daring)")
    return mode


def _by_code(engine: Engine, workspace: Workspace, event_id: int, code: str) -> Row:
    get_event(engine, workspace, event_id)
    code = code.strip().upper()
    with engine.connect() as conn:
        row = store.participant_by_code(conn, workspace.id, event_id, code)
    if row is None:
        raise NotFoundError(f"kode peserta {code!r} tidak terdaftar pada kegiatan ini")
    return row


def _one_line(value: str, what: str, limit: int) -> str:
    value = " ".join(value.split())
    if not value or len(value) > limit:
        raise PantauError(f"{what} tidak boleh kosong (maks. {limit} karakter)")
    return value


def edit_participant(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    code: str,
    *,
    name: str | None = None,
    institution: str | None = None,
    contact: str | None = None,
    mode: str | None = None,
    new_code: str | None = None,
) -> Participant:
    """Change what is given; an empty contact clears it. The participant keeps their answers
    and attendance; a new code makes their old personal link stop working."""
    old = _by_code(engine, workspace, event_id, code)
    name = _one_line(name, "nama peserta", 300) if name is not None else old.name
    if institution is not None:
        institution = _one_line(institution, "instansi", 300)
    institution = institution or old.institution
    contact = old.contact if contact is None else " ".join(contact.split()) or None
    if contact and "@" in contact and not EMAIL.fullmatch(contact):
        raise PantauError(f"alamat email tidak sah: {contact!r}")
    values: dict[str, object] = {
        "name": name,
        "institution": institution,
        "contact": contact,
        "person_key": person_key(name, institution, contact),
    }
    if mode is not None:
        values["mode"] = _mode(mode)
    if new_code is not None:
        chosen = new_code.strip().upper()
        if not PARTICIPANT_CODE.fullmatch(chosen):
            raise PantauError(f"kode peserta tidak sah: {chosen!r} (3–16 huruf/angka)")
        values["code"] = chosen
    try:
        with store.writing(engine) as conn:
            store.update_participant(conn, old.id, values)
    except store.IntegrityError:
        raise PantauError(
            "peserta lain pada kegiatan ini sudah memakai kode, kontak, atau nama dan instansi "
            "yang sama"
        ) from None
    final = str(values.get("code", old.code))
    return next(p for p in list_participants(engine, workspace, event_id) if p.code == final)


def remove_participant(
    engine: Engine, workspace: Workspace, event_id: int, code: str, *, confirmed: bool = False
) -> Participant:
    """Remove a participant with their attendance and answers; someone who already sent a
    test needs ``confirmed``."""
    row = _by_code(engine, workspace, event_id, code)
    gone = next(p for p in list_participants(engine, workspace, event_id) if p.code == row.code)
    with store.writing(engine) as conn:
        sent = [t for t in TESTS if store.get_submission(conn, workspace.id, event_id, row.id, t)]
        if sent and not confirmed:
            raise PantauError(
                f"peserta {row.code} sudah mengirim {' dan '.join(f'{t}-test' for t in sent)}; "
                "jawabannya ikut terhapus — ulangi dengan konfirmasi (--yes)"
            )
        store.delete_participant(conn, workspace.id, event_id, row.id)
    return gone
