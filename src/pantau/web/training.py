"""Bimtek pages: the participant's pages (no account) and the organiser's event pages.

Participants arrive with a personal link ``/bimtek/<event code>/p/<participant code>/<key>``
or type the event code and their participant code. Their pages only ever show their own data,
are light (no chart library; a small script for autosave and the timer, and everything works
without it by plain form posts), and every post carries a token bound to the participant.

Organiser pages live inside a workspace (``/w/<slug>/bimtek``): viewers read, analysts and
admins change things. All the rules live in ``pantau.training``; this module only translates
HTTP to calls and back.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections import deque
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Row
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from pantau.errors import NotFoundError, PantauError
from pantau.export import new_job
from pantau.io.tabular import ImportSummary
from pantau.locale import parse_day_text, parse_moment_text, to_local
from pantau.store import training as store
from pantau.tasks.queue import submit_export
from pantau.training import attendance as att
from pantau.training import links, taking
from pantau.training.documents import export_workbook, write_certificates
from pantau.training.events import (
    TESTS,
    TrainingEvent,
    create_event,
    get_event,
    list_events,
    set_test_window,
)
from pantau.training.imports import import_participants, import_questions
from pantau.training.qr import qr_svg_data_uri
from pantau.training.results import event_results, winners
from pantau.training.review import participant_review
from pantau.users import accounts
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render, render_page
from pantau.web.values import whole_number

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOKEN_FIELD = "token"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


# --- limits on guessing codes -----------------------------------------------------------------


class _Limiter:
    """At most ``limit`` hits per key in a sliding window (per process). Counting failures
    only, and generously, because a whole venue may share one address; still enough to make
    guessing 30-bit participant codes hopeless."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window = limit, window_s
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        q = self._seen.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def hit(self, key: str) -> None:
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._recent(key).append(time.monotonic())


_failures = _Limiter(200, 600)  # wrong entries per address
_code_failures = _Limiter(10, 600)  # wrong PINs per participant code: guessing one is hopeless
_entries = _Limiter(600, 600)  # every entry by hand per address, successful ones too
_registrations = _Limiter(300, 600)
_duplicates = _Limiter(5, 3600)  # "already registered" answers per address: no contact probing


def _client(request: Request) -> str:
    return request.client.host if request.client else "-"


# --- participant pages --------------------------------------------------------------------


_EVENT_TTL_S = 5.0


def _found(request: Request, code: str, *, recent: bool = False) -> links.PublicEvent:
    """The event behind a public code. ``recent``: a copy up to a few seconds old will do —
    for the test pages, which every participant hits several times a minute; entry,
    registration and the participant's home page always read it fresh."""
    key = code.strip().upper()[:16]
    engine = web(request).engine
    cache = getattr(request.app.state, "bimtek_events", None)
    if cache is None:
        cache = request.app.state.bimtek_events = {}
    now = time.monotonic()
    hit = cache.get(key) if recent else None
    if hit is None or now - hit[0] > _EVENT_TTL_S:
        if len(cache) > 1000:
            cache.clear()
        hit = cache[key] = (now, links.find_by_code(engine, key))
    if hit[1] is None:
        raise HTTPException(404, "kegiatan")
    return hit[1]


def _person(
    request: Request, code: str, pcode: str, key: str, recent: bool = False
) -> tuple[links.PublicEvent, Row]:
    engine = web(request).engine
    found = _found(request, code, recent=recent)
    person = links.participant_by_link(engine, found, pcode, key)
    if person is None:
        raise HTTPException(404, "peserta")
    return found, person


def _public(
    request: Request, name: str, found: links.PublicEvent | None, status: int = 200, **ctx: object
) -> Response:
    return render(
        request,
        name,
        status,
        workspace=found.workspace if found else None,
        event=found.event if found else None,
        code=found.settings.code if found else "",
        **ctx,
    )


@router.get("/bimtek")
def entry_page(request: Request, kode: str = "") -> Response:
    return _public(request, "bimtek_entry.html", None, event_code=kode[:16], error=None)


def _checkin_code(value: str) -> str:
    """A check-in code carried by the venue screen's QR code, or "" when it is not one."""
    value = value.strip().upper()
    return value if value.isalnum() and len(value) <= 8 else ""


@router.get("/bimtek/{code}")
def event_entry_page(request: Request, code: str, hadir: str = "") -> Response:
    found = _found(request, code)
    return _public(
        request,
        "bimtek_entry.html",
        found,
        event_code=found.settings.code,
        registration_open=found.settings.registration_open,
        checkin_code=_checkin_code(hadir),
        error=None,
    )


@router.post("/bimtek/masuk")
def enter(
    request: Request,
    event_code: str = Form(""),
    participant_code: str = Form(""),
    pin: str = Form(""),
    checkin_code: str = Form(""),
) -> Response:
    engine = web(request).engine
    client = _client(request)
    code_key = f"{event_code.strip().upper()[:16]}/{participant_code.strip().upper()[:16]}"
    if _failures.blocked(client) or _entries.blocked(client) or _code_failures.blocked(code_key):
        raise HTTPException(429, "terlalu banyak percobaan")
    _entries.hit(client)
    found = links.find_by_code(engine, event_code)
    person = (
        links.participant_by_code_and_pin(engine, found, participant_code, pin) if found else None
    )
    if found is None or person is None:
        _failures.hit(client)
        _code_failures.hit(code_key)
        return _public(
            request,
            "bimtek_entry.html",
            found,
            400,
            event_code=event_code[:16],
            registration_open=bool(found and found.settings.registration_open),
            checkin_code=_checkin_code(checkin_code),
            error="Kode kegiatan, kode peserta atau PIN tidak cocok. Periksa kembali.",
        )
    if _checkin_code(checkin_code):  # came by the check-in screen's QR code
        return _check_in(request, found, person, _checkin_code(checkin_code))
    return _redirect(links.personal_path(found.settings, person.id, person.code))


@router.get("/bimtek/{code}/daftar")
def register_page(request: Request, code: str) -> Response:
    found = _found(request, code)
    return _public(request, "bimtek_register.html", found, form={}, error=None)


@router.post("/bimtek/{code}/daftar")
def register_submit(
    request: Request,
    code: str,
    name: str = Form(""),
    institution: str = Form(""),
    contact: str = Form(""),
    mode: str = Form(""),
) -> Response:
    engine = web(request).engine
    found = _found(request, code)
    form = {"name": name, "institution": institution, "contact": contact, "mode": mode}
    client = _client(request)
    if _registrations.blocked(client) or _duplicates.blocked(client):
        raise HTTPException(429, "terlalu banyak pendaftaran")
    _registrations.hit(client)
    try:
        person = att.register(
            engine, found.workspace, found.event.id, name, institution, contact, mode
        )
    except PantauError as exc:
        if isinstance(exc, att.AlreadyRegistered):
            _duplicates.hit(client)
        return _public(request, "bimtek_register.html", found, 400, form=form, error=str(exc))
    return _redirect(links.personal_path(found.settings, person.id, person.code) + "?baru=1")


def _home(
    request: Request,
    found: links.PublicEvent,
    person: Row,
    status: int = 200,
    message: str | None = None,
    error: str | None = None,
) -> Response:
    now = _now()
    engine = web(request).engine
    states = taking.all_states(engine, found, person.id, now)
    sessions = att.list_sessions(engine, found.workspace, found.event.id)
    attended = att.attendance_by_participant(engine, found.workspace, found.event.id).get(
        person.id, set()
    )
    post_sent = any(s.test == "post" and s.status == taking.SUBMITTED for s in states)
    return _public(
        request,
        "bimtek_home.html",
        found,
        status,
        person=person,
        base=links.personal_path(found.settings, person.id, person.code),
        pin=links.entry_pin(found.settings, person.id, person.code),
        token=links.form_token(found.settings, person.id),
        states=states,
        review_open=found.settings.review_open and post_sent,
        sessions=sessions,
        attended=attended,
        is_new=request.query_params.get("baru") == "1",
        message=message,
        error=error,
    )


@router.get("/bimtek/{code}/p/{pcode}/{key}")
def participant_home(request: Request, code: str, pcode: str, key: str) -> Response:
    found, person = _person(request, code, pcode, key)
    sent = request.query_params.get("terkirim")
    message = None
    if sent in TESTS:
        state = taking.test_state(web(request).engine, found, person.id, sent, _now())
        if state.status == taking.SUBMITTED:
            message = f"Jawaban {state.label} Anda sudah terkirim. Terima kasih!"
    return _home(request, found, person, message=message)


def _check_token(found: links.PublicEvent, person_id: int, sent: object) -> None:
    if not links.token_matches(found.settings, person_id, sent if isinstance(sent, str) else None):
        raise HTTPException(403, "token")


@router.post("/bimtek/{code}/p/{pcode}/{key}/hadir")
def participant_check_in(
    request: Request,
    code: str,
    pcode: str,
    key: str,
    checkin_code: str = Form(""),
    token: str = Form(""),
) -> Response:
    found, person = _person(request, code, pcode, key)
    _check_token(found, person.id, token)
    return _check_in(request, found, person, checkin_code)


def _check_in(
    request: Request, found: links.PublicEvent, person: Row, checkin_code: str
) -> Response:
    if _failures.blocked(_client(request)):
        raise HTTPException(429, "terlalu banyak percobaan")
    try:
        done = att.check_in(
            web(request).engine, found.workspace, found.event.id, person.id, checkin_code, _now()
        )
    except PantauError as exc:
        _failures.hit(_client(request))
        return _home(request, found, person, 400, error=str(exc))
    text = "Kehadiran Anda tercatat" if done.new else "Kehadiran Anda sudah tercatat sebelumnya"
    return _home(request, found, person, message=f"{text}: {done.session_title}.")


@router.get("/bimtek/{code}/p/{pcode}/{key}/pembahasan")
def participant_review_page(request: Request, code: str, pcode: str, key: str) -> Response:
    """The participant's own scores, gain and the key with explanations, once the organiser
    allows it and the participant has sent the post-test."""
    found, person = _person(request, code, pcode, key)
    review = participant_review(web(request).engine, found, person.id)
    if review is None:
        raise HTTPException(404, "pembahasan")
    return _public(
        request,
        "bimtek_review.html",
        found,
        person=person,
        base=links.personal_path(found.settings, person.id, person.code),
        review=review,
    )


def _test_page(
    request: Request,
    found: links.PublicEvent,
    person: Row,
    test: str,
    status: int = 200,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    now = _now()
    state, shown = taking.start_attempt(web(request).engine, found, person.id, test, now)
    base = links.personal_path(found.settings, person.id, person.code)
    return _public(
        request,
        "bimtek_test.html",
        found,
        status,
        person=person,
        base=base,
        token=links.form_token(found.settings, person.id),
        state=state,
        questions=shown,
        chosen={int(k): set(v) for k, v in state.answers.items()},
        seconds_left=state.seconds_left(now),
        error=error,
        message=message,
    )


def _test(test: str) -> str:
    if test not in TESTS:
        raise HTTPException(404, "tes")
    return test


@router.get("/bimtek/{code}/p/{pcode}/{key}/{test}")
def participant_test(request: Request, code: str, pcode: str, key: str, test: str) -> Response:
    found, person = _person(request, code, pcode, key, True)
    return _test_page(request, found, person, _test(test))


async def _form_fields(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    return {k: [v for v in form.getlist(k) if isinstance(v, str)] for k in form}


def _answers(fields: dict[str, list[str]]) -> dict[int, list[int]]:
    try:
        return taking.parse_answers(fields)
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None


def _first(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


LATE = (
    "Waktu pengerjaan sudah habis; jawaban yang terlambat tidak diterima. Jawaban yang "
    "tersimpan sebelum batas waktu telah dikirim."
)


def _post_test_form(
    request: Request, code: str, pcode: str, key: str, test: str, fields: dict[str, list[str]]
) -> Response:
    """The form without the script: save, or submit (one thread-pool trip per request)."""
    found, person = _person(request, code, pcode, key, True)
    _test(test)
    _check_token(found, person.id, _first(fields, TOKEN_FIELD))
    answers = _answers(fields)
    engine = web(request).engine
    if _first(fields, "aksi") == "kirim":
        try:
            outcome = taking.submit_attempt(
                engine, found, person.id, test, answers, _now(), code=person.code
            )
        except PantauError as exc:
            return _home(request, found, person, 409, None, str(exc))
        if outcome.late:
            return _home(request, found, person, 409, None, LATE)
        base = links.personal_path(found.settings, person.id, person.code)
        return _redirect(f"{base}?terkirim={test}")
    try:
        taking.save_draft(engine, found, person.id, test, answers, _now())
    except PantauError as exc:
        return _test_page(request, found, person, test, 409, str(exc))
    return _test_page(request, found, person, test, 200, None, "Jawaban tersimpan.")


@router.post("/bimtek/{code}/p/{pcode}/{key}/{test}")
async def participant_test_post(
    request: Request, code: str, pcode: str, key: str, test: str
) -> Response:
    fields = await _form_fields(request)
    return await run_in_threadpool(_post_test_form, request, code, pcode, key, test, fields)


def _autosave(
    request: Request, code: str, pcode: str, key: str, test: str, fields: dict[str, list[str]]
) -> Response:
    found, person = _person(request, code, pcode, key, True)
    _test(test)
    _check_token(
        found, person.id, request.headers.get("x-bimtek-token") or _first(fields, TOKEN_FIELD)
    )
    try:
        now = _now()
        state = taking.save_draft(
            web(request).engine, found, person.id, test, taking.parse_answers(fields), now
        )
    except PantauError as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    return JSONResponse(
        {
            "saved": len(state.answers),
            "saved_at": to_local(now, found.workspace.timezone).strftime("%H.%M.%S"),
            "seconds_left": state.seconds_left(now),
        }
    )


@router.post("/bimtek/{code}/p/{pcode}/{key}/{test}/simpan")
async def participant_autosave(
    request: Request, code: str, pcode: str, key: str, test: str
) -> Response:
    """Called by the page's script on every change; answers JSON."""
    fields = await _form_fields(request)
    return await run_in_threadpool(_autosave, request, code, pcode, key, test, fields)


# --- organiser pages ------------------------------------------------------------------------


def _org(
    request: Request, name: str, access: Access, status: int = 200, **context: object
) -> Response:
    return render_page(request, name, access, "bimtek", status, **context)


def _event_or_404(request: Request, access: Access, event_id: int) -> TrainingEvent:
    try:
        return get_event(web(request).engine, access.workspace, event_id)
    except NotFoundError:
        raise HTTPException(404, "kegiatan") from None


def _audit(request: Request, access: Access, action: str, target: str, details: dict) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, access.workspace.id, access.user.email, action, target[:200], details)


def _events_page(
    request: Request, access: Access, status: int = 200, error: str | None = None
) -> Response:
    return _org(
        request,
        "bimtek_events.html",
        access,
        status,
        events=list_events(web(request).engine, access.workspace),
        error=error,
    )


@router.get("/w/{slug}/bimtek")
def events_page(request: Request, access: PageAccess) -> Response:
    return _events_page(request, access)


def _day(value: str, what: str) -> date | None:
    try:
        return parse_day_text(value, f"tanggal {what}") if value.strip() else None
    except ValueError as exc:
        raise PantauError(str(exc)) from None


def _local_time(value: str, zone: str) -> datetime | None:
    if not value.strip():
        return None
    try:
        local = parse_moment_text(value)
    except ValueError as exc:
        raise PantauError(str(exc)) from None
    return local.replace(tzinfo=ZoneInfo(zone)) if local.tzinfo is None else local


@router.post("/w/{slug}/bimtek")
def event_create(
    request: Request,
    access: PageAccess,
    title: str = Form(""),
    starts_on: str = Form(""),
    ends_on: str = Form(""),
    venue: str = Form(""),
) -> Response:
    access.require("analyst")
    try:
        start = _day(starts_on, "mulai")
        if start is None:
            raise PantauError("isi tanggal mulai kegiatan")
        ev = create_event(
            web(request).engine, access.workspace, title, start, _day(ends_on, "selesai"), venue
        )
    except PantauError as exc:
        return _events_page(request, access, 400, str(exc))
    _audit(request, access, "bimtek.create", f"#{ev.id} {ev.title}", {})
    return _redirect(f"/w/{access.workspace.slug}/bimtek/{ev.id}")


def _local_input(at: datetime | None, zone: str) -> str:
    return to_local(at, zone).strftime("%Y-%m-%dT%H:%M") if at else ""


def _event_page(
    request: Request,
    access: Access,
    event_id: int,
    status: int = 200,
    error: str | None = None,
    message: str | None = None,
) -> Response:
    engine = web(request).engine
    ws = access.workspace
    event = _event_or_404(request, access, event_id)
    settings = links.event_settings(engine, ws, event_id)
    base_url = str(request.base_url).rstrip("/")
    people = links.personal_links(engine, ws, event_id) if access.can("analyst") else []
    sessions = att.list_sessions(engine, ws, event_id)
    present = att.attendance_by_participant(engine, ws, event_id)
    results = event_results(engine, ws, event_id)

    with engine.connect() as conn:
        ids = {p.code: p.id for p in store.participants(conn, ws.id, event_id)}
        questions = store.questions(conn, ws.id, event_id)
    counts = {t: sum(1 for q in questions if q.test == t) for t in TESTS}
    board = winners(engine, ws, event_id)
    per_session = {s.id: 0 for s in sessions}
    for attended in present.values():
        for sid in attended:
            per_session[sid] = per_session.get(sid, 0) + 1
    return _org(
        request,
        "bimtek_event.html",
        access,
        status,
        event=event,
        settings=settings,
        public_url=f"{base_url}/bimtek/{settings.code}",
        base_url=base_url,
        links_by_code={p["code"]: p["path"] for p in people},
        pins={p["code"]: p["pin"] for p in people},
        show_codes=access.can("analyst"),  # codes open nothing alone, but viewers need none
        sessions=sessions,
        per_session=per_session,
        attended={code: len(present.get(pid, ())) for code, pid in ids.items()},
        results=results,
        board=board,
        question_counts=counts,
        windows={t: tuple(_local_input(x, ws.timezone) for x in event.window(t)) for t in TESTS},
        error=error,
        message=message,
        queued_certificates=web(request).settings.uses_workers,
    )


@router.get("/w/{slug}/bimtek/{event_id:int}")
def event_page(request: Request, event_id: int, access: PageAccess) -> Response:
    return _event_page(request, access, event_id)


def _minutes(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    minutes = whole_number(value)
    if minutes is None:
        raise PantauError(f"batas waktu harus angka menit: {value[:40]!r}")
    return minutes


@router.post("/w/{slug}/bimtek/{event_id:int}/pengaturan")
def event_settings_post(
    request: Request,
    event_id: int,
    access: PageAccess,
    registration_open: str = Form(""),
    shuffle: str = Form(""),
    review_open: str = Form(""),
    pre_minutes: str = Form(""),
    post_minutes: str = Form(""),
    pre_opens_at: str = Form(""),
    pre_closes_at: str = Form(""),
    post_opens_at: str = Form(""),
    post_closes_at: str = Form(""),
) -> Response:
    access.require("analyst")
    engine = web(request).engine
    ws = access.workspace
    _event_or_404(request, access, event_id)
    given = {
        "pre": (pre_opens_at, pre_closes_at),
        "post": (post_opens_at, post_closes_at),
    }
    try:
        for test, (opens, closes) in given.items():
            set_test_window(
                engine,
                ws,
                event_id,
                test,
                _local_time(opens, ws.timezone),
                _local_time(closes, ws.timezone),
            )
        links.update_settings(
            engine,
            ws,
            event_id,
            registration_open=registration_open == "1",
            shuffle=shuffle == "1",
            review_open=review_open == "1",
            pre_minutes=_minutes(pre_minutes),
            post_minutes=_minutes(post_minutes),
        )
    except PantauError as exc:
        return _event_page(request, access, event_id, 400, error=str(exc))
    _audit(request, access, "bimtek.settings", f"#{event_id}", {})
    return _redirect(f"/w/{ws.slug}/bimtek/{event_id}?disimpan=1#pengaturan")


async def _upload_to_temp(upload: UploadFile) -> Path:
    suffix = Path(upload.filename or "berkas.csv").suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm", ".json", ".txt"):
        raise PantauError("jenis berkas tidak didukung (CSV, XLSX atau JSON)")
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PantauError("berkas terlalu besar (maks. 10 MB)")
    if not data.strip():
        raise PantauError("berkas kosong")
    folder = Path(tempfile.mkdtemp(prefix="pantau-bimtek-"))
    name = Path(upload.filename or f"berkas{suffix}").name
    path = folder / name
    path.write_bytes(data)
    return path


def _import_message(what: str, s: ImportSummary) -> str:
    text = (
        f"{what}: {s.rows_read} baris, {s.rows_new} baru, {s.rows_updated} diperbarui, "
        f"{s.rows_unchanged} tidak berubah, {s.rows_rejected} ditolak."
    )
    if s.rows_rejected:
        text += f" Baris yang ditolak dan alasannya: {s.rejects_path}"
    return text


async def _import(
    request: Request, access: Access, event_id: int, upload: UploadFile, kind: str
) -> Response:
    access.require("analyst")
    await run_in_threadpool(_event_or_404, request, access, event_id)
    engine = web(request).engine
    rejects = web(request).settings.rejects_dir
    try:
        path = await _upload_to_temp(upload)
    except PantauError as exc:
        return await run_in_threadpool(_event_page, request, access, event_id, 400, str(exc))
    try:
        if kind == "peserta":
            s = await run_in_threadpool(
                lambda: import_participants(
                    engine, access.workspace, event_id, path, rejects_dir=rejects
                )
            )
        else:
            s = await run_in_threadpool(
                lambda: import_questions(
                    engine, access.workspace, event_id, path, rejects_dir=rejects
                )
            )
    except PantauError as exc:
        return await run_in_threadpool(_event_page, request, access, event_id, 400, str(exc))
    finally:
        path.unlink(missing_ok=True)
        path.parent.rmdir()
    await run_in_threadpool(
        _audit, request, access, f"bimtek.import.{kind}", f"#{event_id}", {"rows": s.rows_read}
    )
    what = "Peserta" if kind == "peserta" else "Soal"
    return await run_in_threadpool(
        _event_page, request, access, event_id, 200, None, _import_message(what, s)
    )


@router.post("/w/{slug}/bimtek/{event_id:int}/peserta")
async def participants_upload(
    request: Request, event_id: int, access: PageAccess, file: UploadFile
) -> Response:
    return await _import(request, access, event_id, file, "peserta")


@router.post("/w/{slug}/bimtek/{event_id:int}/soal")
async def questions_upload(
    request: Request, event_id: int, access: PageAccess, file: UploadFile
) -> Response:
    return await _import(request, access, event_id, file, "soal")


@router.post("/w/{slug}/bimtek/{event_id:int}/sesi")
def session_add(
    request: Request, event_id: int, access: PageAccess, title: str = Form("")
) -> Response:
    access.require("analyst")
    _event_or_404(request, access, event_id)
    try:
        s = att.add_session(web(request).engine, access.workspace, event_id, title)
    except PantauError as exc:
        return _event_page(request, access, event_id, 400, error=str(exc))
    _audit(request, access, "bimtek.session", f"#{event_id} {s.title}", {})
    return _redirect(f"/w/{access.workspace.slug}/bimtek/{event_id}#presensi")


@router.post("/w/{slug}/bimtek/{event_id:int}/sesi/{session_id:int}")
def session_toggle(
    request: Request,
    event_id: int,
    session_id: int,
    access: PageAccess,
    checkin_open: str = Form(""),
) -> Response:
    access.require("analyst")
    try:
        att.set_checkin_open(
            web(request).engine, access.workspace, event_id, session_id, checkin_open == "1"
        )
    except NotFoundError:
        raise HTTPException(404, "sesi") from None
    return _redirect(f"/w/{access.workspace.slug}/bimtek/{event_id}#presensi")


@router.get("/w/{slug}/bimtek/{event_id:int}/sesi/{session_id:int}")
def session_screen(
    request: Request, event_id: int, session_id: int, access: PageAccess
) -> Response:
    engine = web(request).engine
    event = _event_or_404(request, access, event_id)
    try:
        session = att.get_session(engine, access.workspace, event_id, session_id)
    except NotFoundError:
        raise HTTPException(404, "sesi") from None
    present = att.attendance_by_participant(engine, access.workspace, event_id)
    count = sum(1 for s in present.values() if session_id in s)
    public_url = _public_url(request, access, event_id)
    checkin_url = f"{public_url}?hadir={session.checkin_code}"
    return _org(
        request,
        "bimtek_screen.html",
        access,
        screen="presensi",
        event=event,
        session=session,
        present=count,
        public_url=public_url,
        qr=qr_svg_data_uri(checkin_url) if session.checkin_open else None,
    )


def _public_url(request: Request, access: Access, event_id: int) -> str:
    """The event's page for participants, as people outside reach this server."""
    settings = links.event_settings(web(request).engine, access.workspace, event_id)
    return f"{str(request.base_url).rstrip('/')}/bimtek/{settings.code}"


@router.get("/w/{slug}/bimtek/{event_id:int}/layar")
def link_screen(request: Request, event_id: int, access: PageAccess) -> Response:
    """The venue screen with the test link: its QR code, the address and the event code."""
    event = _event_or_404(request, access, event_id)
    public_url = _public_url(request, access, event_id)
    return _org(
        request,
        "bimtek_screen.html",
        access,
        screen="tautan",
        event=event,
        public_url=public_url,
        event_code=public_url.rsplit("/", 1)[1],
        qr=qr_svg_data_uri(public_url),
    )


@router.post("/w/{slug}/bimtek/{event_id:int}/selesaikan")
def finalise(request: Request, event_id: int, access: PageAccess) -> Response:
    access.require("analyst")
    _event_or_404(request, access, event_id)
    n = taking.finalise_expired(web(request).engine, access.workspace, event_id, _now())
    _audit(request, access, "bimtek.finalise", f"#{event_id}", {"submitted": n})
    return _event_page(
        request,
        access,
        event_id,
        message=f"{n} jawaban yang waktunya habis telah dikirim dan dinilai.",
    )


@router.get("/w/{slug}/bimtek/{event_id:int}/pemenang")
def winners_screen(
    request: Request, event_id: int, access: PageAccess, test: str = "post", count: int = 3
) -> Response:
    event = _event_or_404(request, access, event_id)
    if test not in TESTS or not 1 <= count <= 20:
        raise HTTPException(400, "tes atau jumlah tidak sah")
    board = winners(web(request).engine, access.workspace, event_id, test, count)
    return _org(
        request,
        "bimtek_screen.html",
        access,
        screen="pemenang",
        event=event,
        board=board,
        test=test,
    )


def _download(path: Path, name: str) -> FileResponse:
    def cleanup() -> None:
        path.unlink(missing_ok=True)
        path.parent.rmdir()

    return FileResponse(path, filename=name, background=BackgroundTask(cleanup))


@router.get("/w/{slug}/bimtek/{event_id:int}/ekspor.xlsx")
def export_xlsx(request: Request, event_id: int, access: PageAccess) -> Response:
    _event_or_404(request, access, event_id)
    folder = Path(tempfile.mkdtemp(prefix="pantau-bimtek-"))
    name = f"bimtek-{access.workspace.slug}-{event_id}.xlsx"
    export_workbook(web(request).engine, access.workspace, event_id, folder / name)
    return _download(folder / name, name)


@router.post("/w/{slug}/bimtek/{event_id:int}/sertifikat")
def certificates_queued(
    request: Request, event_id: int, access: PageAccess, hadir: str = Form("")
) -> Response:
    """With `pantau worker` doing the heavy work, a worker writes the certificates and the
    *Ekspor* page offers them when ready."""
    event = _event_or_404(request, access, event_id)
    ctx = web(request)
    if not ctx.settings.uses_workers:
        raise HTTPException(404)
    shown = {"sertifikat": event.title, **({"peserta": "hadir saja"} if hadir == "1" else {})}
    job = new_job(
        access.workspace.id,
        access.user.email,
        "pdf",
        shown,
        queued=True,
        certificates={"event_id": event_id, "attended_only": hadir == "1"},
    )
    submit_export(ctx.settings.database_url, ctx.settings.data_dir, access.workspace, job)
    return RedirectResponse(f"/w/{access.workspace.slug}/ekspor", status_code=303)


@router.get("/w/{slug}/bimtek/{event_id:int}/sertifikat.pdf")
def certificates_pdf(
    request: Request, event_id: int, access: PageAccess, hadir: str = ""
) -> Response:
    _event_or_404(request, access, event_id)
    folder = Path(tempfile.mkdtemp(prefix="pantau-bimtek-"))
    name = f"sertifikat-{access.workspace.slug}-{event_id}.pdf"
    try:
        write_certificates(
            web(request).engine,
            access.workspace,
            event_id,
            folder / name,
            attended_only=hadir == "1",
        )
    except PantauError as exc:
        folder.rmdir()
        return _event_page(request, access, event_id, 400, error=str(exc))
    return _download(folder / name, name)
