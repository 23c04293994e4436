"""How participants reach an event without an account: the public event code, personal links,
the form token bound to a participant, and the event's web settings (registration open or
closed, time limit per test, shuffling).

A personal link is ``/bimtek/<event code>/p/<participant code>/<key>``; the key is an HMAC of
the participant under the event's secret, so links cannot be guessed from the codes alone.
Entering by hand takes the participant code *and* a six-digit PIN (another HMAC), sent with the
personal link and shown on the participant's own page: the code alone, printed on certificates
and known to organisers, opens nothing. The
secret also seeds each participant's question order, so the order is the same on every reload.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, Row

from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.store.workspaces import list_workspaces
from pantau.training.events import TEST_LABELS, TrainingEvent, get_event
from pantau.training.imports import new_code

EVENT_CODE_LENGTH = 6
MAX_MINUTES = 24 * 60
_UNSET = object()


@dataclass(frozen=True)
class EventSettings:
    event_id: int
    code: str
    registration_open: bool
    shuffle: bool
    pre_minutes: int | None
    post_minutes: int | None
    review_open: bool  # participants see scores, gain and the key after their post-test
    secret: str  # never shown or exported

    def minutes(self, test: str) -> int | None:
        return self.pre_minutes if test == "pre" else self.post_minutes

    def public(self) -> dict:
        return {
            "event_id": self.event_id,
            "code": self.code,
            "registration_open": self.registration_open,
            "shuffle": self.shuffle,
            "pre_minutes": self.pre_minutes,
            "post_minutes": self.post_minutes,
            "review_open": self.review_open,
        }


def _row_to_settings(row: Row) -> EventSettings:
    return EventSettings(
        event_id=row.event_id,
        code=row.code,
        registration_open=bool(row.registration_open),
        shuffle=bool(row.shuffle),
        pre_minutes=row.pre_minutes,
        post_minutes=row.post_minutes,
        review_open=bool(row.review_open),
        secret=row.secret,
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def event_settings(
    engine: Engine, workspace: Workspace, event_id: int, *, code: str | None = None
) -> EventSettings:
    """The event's web settings, made on first use (a public code and a fresh secret).
    ``code``: the public code to give the event when the settings are made, if still free."""
    with engine.connect() as conn:
        row = store.get_settings(conn, workspace.id, event_id)
    if row is not None:
        return _row_to_settings(row)
    get_event(engine, workspace, event_id)
    wanted = code.strip().upper() if code else None
    for _ in range(20):
        code, wanted = wanted or new_code((), EVENT_CODE_LENGTH), None
        try:
            with engine.begin() as conn:
                if store.settings_by_code(conn, code) is not None:
                    continue
                store.insert_settings(
                    conn,
                    workspace.id,
                    event_id,
                    {
                        "code": code,
                        "secret": secrets.token_hex(32),
                        "registration_open": False,
                        "shuffle": True,
                        "pre_minutes": None,
                        "post_minutes": None,
                        "review_open": False,
                        "updated_at": _now(),
                    },
                )
        except store.IntegrityError:
            pass  # another request made the row first, or the code was taken meanwhile
        with engine.connect() as conn:
            row = store.get_settings(conn, workspace.id, event_id)
        if row is not None:
            return _row_to_settings(row)
    raise PantauError("kode kegiatan tidak dapat dibuat; coba lagi")


def _minutes(test: str, value: int | None) -> int | None:
    if value is None or value == 0:
        return None
    if not 1 <= value <= MAX_MINUTES:
        raise PantauError(
            f"batas waktu {TEST_LABELS[test]} harus 1–{MAX_MINUTES} menit (0: tanpa batas)"
        )
    return value


def update_settings(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    *,
    registration_open: bool | None = None,
    shuffle: bool | None = None,
    pre_minutes: object = _UNSET,  # int, or None/0 for no limit
    post_minutes: object = _UNSET,
    review_open: bool | None = None,
) -> EventSettings:
    """Change what is given; minutes 0 or None mean no time limit."""
    event_settings(engine, workspace, event_id)
    values: dict[str, object] = {"updated_at": _now()}
    if registration_open is not None:
        values["registration_open"] = registration_open
    if shuffle is not None:
        values["shuffle"] = shuffle
    if review_open is not None:
        values["review_open"] = review_open
    for test, given in (("pre", pre_minutes), ("post", post_minutes)):
        if given is not _UNSET:
            values[f"{test}_minutes"] = _minutes(test, given)  # type: ignore[arg-type]  # _UNSET is told apart just above
    with engine.begin() as conn:
        store.update_settings(conn, workspace.id, event_id, values)
    return event_settings(engine, workspace, event_id)


@dataclass(frozen=True)
class PublicEvent:
    workspace: Workspace
    event: TrainingEvent
    settings: EventSettings


def find_by_code(engine: Engine, code: str) -> PublicEvent | None:
    """The event behind a public code (any workspace), or None."""
    code = code.strip().upper()
    if not code or len(code) > 16:
        return None
    with engine.connect() as conn:
        row = store.settings_by_code(conn, code)
    if row is None:
        return None
    workspace = next((w for w in list_workspaces(engine) if w.id == row.workspace_id), None)
    if workspace is None:
        return None
    return PublicEvent(workspace, get_event(engine, workspace, row.event_id), _row_to_settings(row))


def _mac(settings: EventSettings, message: str, length: int) -> str:
    digest = hmac.new(settings.secret.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().rstrip("=").lower()[:length]


def personal_key(settings: EventSettings, participant_id: int, participant_code: str) -> str:
    """80 bits: enough that a personal link cannot be guessed."""
    return _mac(settings, f"link:{participant_id}:{participant_code}", 16)


PIN_DIGITS = 6


def entry_pin(settings: EventSettings, participant_id: int, participant_code: str) -> str:
    """The participant's PIN: the second thing, besides their code, that entering by hand
    needs (one in a million to guess, and guesses are limited per code)."""
    digest = hmac.new(
        settings.secret.encode(), f"pin:{participant_id}:{participant_code}".encode(), "sha256"
    ).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 10**PIN_DIGITS:0{PIN_DIGITS}d}"


def participant_by_code_and_pin(
    engine: Engine, found: PublicEvent, participant_code: str, pin: str
) -> Row | None:
    """The participant entering by hand, or None unless both the code and the PIN match."""
    return _proven(engine, found, participant_code, entry_pin, "".join(pin.split()))


def form_token(settings: EventSettings, participant_id: int) -> str:
    """Sent back with every form and autosave of the participant's pages."""
    return _mac(settings, f"form:{participant_id}", 24)


def token_matches(settings: EventSettings, participant_id: int, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(form_token(settings, participant_id), sent or "")


def personal_path(settings: EventSettings, participant_id: int, participant_code: str) -> str:
    key = personal_key(settings, participant_id, participant_code)
    return f"/bimtek/{settings.code}/p/{participant_code}/{key}"


def participant_by_link(
    engine: Engine, found: PublicEvent, participant_code: str, key: str
) -> Row | None:
    """The participant row a personal link names, or None when the key does not match."""
    return _proven(engine, found, participant_code, personal_key, key.strip().lower())


def _proven(
    engine: Engine,
    found: PublicEvent,
    participant_code: str,
    secret_of: Callable[[EventSettings, int, str], str],
    given: str,
) -> Row | None:
    """The participant with this code when ``given`` is their ``secret_of``, else None."""
    person = participant_by_code(engine, found, participant_code)
    if person is None:
        return None
    expected = secret_of(found.settings, person.id, person.code)
    return person if hmac.compare_digest(expected, given) else None


def participant_by_code(engine: Engine, found: PublicEvent, participant_code: str) -> Row | None:
    code = participant_code.strip().upper()
    if not code or len(code) > 16:
        return None
    with engine.connect() as conn:
        return store.participant_by_code(conn, found.workspace.id, found.event.id, code)


def personal_links(engine: Engine, workspace: Workspace, event_id: int) -> list[dict]:
    """Every participant's personal link path (to send by email or WhatsApp)."""
    settings = event_settings(engine, workspace, event_id)
    with engine.connect() as conn:
        people = store.participants(conn, workspace.id, event_id)
    return [
        {
            "code": p.code,
            "name": p.name,
            "institution": p.institution,
            "contact": p.contact,
            "mode": p.mode,
            "path": personal_path(settings, p.id, p.code),
            "pin": entry_pin(settings, p.id, p.code),
        }
        for p in people
    ]
