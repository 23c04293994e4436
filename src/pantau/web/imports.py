"""The *Impor* page: upload a file of posts, watch it being imported and analysed, and the
import history with each run's rejects file.

An upload is refused before any work when it is larger than ``MAX_UPLOAD_BYTES``, empty, or
of no known format (the importer's own sniffing decides). The file is kept under
``<data dir>/uploads/<workspace id>/`` (the import history names it) and read as ``pantau
import`` reads it (``plan_import``): canonical columns, a recognised profile or columns named
like Pantau's fields import at once; for other column names the page shows the proposed
column mapping as a form (one choice of column per field, the first rows as they would be
read) and imports once the person confirms it, as ``pantau import --map`` would. The import
runs in a thread, exactly as ``pantau import`` followed by ``pantau run`` would:
:func:`import_file`, then every
stage of the pipeline (or, when the uploader unticks it, only text analysis and search, as
``pantau import`` alone: several files can then be analysed once). The page polls the job's
state (``…/status``); without JavaScript it reloads itself. Jobs of one workspace run one
after the other. A job lives in this process only: after a restart the history still shows
the run (as interrupted when it was cut short), and importing the file again finishes it.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import FormData, UploadFile

from pantau.errors import PantauError
from pantau.ingest.formats import all_formats, identify, read_head
from pantau.ingest.importer import import_file
from pantau.ingest.mapping.guess import missing_required
from pantau.ingest.mapping.plan import ImportPlan, MapRequest, plan_import
from pantau.ingest.mapping.spec import Mapping, Part, Source
from pantau.locale import fmt_datetime
from pantau.pipeline import run_pipeline
from pantau.records import PLATFORMS, Workspace
from pantau.report.daily import platform_name
from pantau.store.imports import list_runs
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.uploads import save_upload, too_large

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # larger files: `pantau import` on the server
HISTORY = 50
PREVIEW_ROWS = 5
# the fields the mapping form offers, the ones people fill most first
MAPPED_FIELDS = (
    "text", "title", "created_at", "platform", "author", "author_name", "url", "id", "likes",
    "reposts", "replies", "views", "author_followers", "author_verified", "lang", "hashtags",
    "mentions", "media", "reply_to", "repost_of", "quote_of", "collected_at",
)  # fmt: skip
MAIN_FIELDS = 12  # the others fold away on the form
_UPLOAD_NAME = re.compile(r"[0-9a-f]{12}-[\w.\-]+")  # as uploads.save_upload names files
QUICK_STAGES = ("enrich", "search")  # what `pantau import` itself does after storing
_JOBS: dict[str, ImportJob] = {}
_LOCK = threading.Lock()
_WORKSPACE_LOCKS: dict[int, threading.Lock] = {}


@dataclass
class ImportJob:
    id: str
    workspace_id: int
    user: str
    file_name: str
    state: str = "menunggu"  # menunggu, berjalan, selesai, gagal
    step: str = ""  # what is being done, in Indonesian (stage titles)
    done: int = 0  # bytes read
    total: int = 0
    summary: dict = field(default_factory=dict)
    error: str | None = None
    started_at: str = field(
        default_factory=lambda: datetime.now(UTC).replace(tzinfo=None).isoformat("T", "seconds")
    )

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class ImportOptions:
    """What the upload form asks besides the file, and how the file is read (``plan``)."""

    fmt: str | None = None
    allow_dates: bool = False
    analyse: bool = True  # every stage after the import; else only text analysis and search
    plan: ImportPlan | None = None  # canonical, or through the column mapping confirmed


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def field_labels(_: Callable[[str], str]) -> dict[str, str]:
    """What each Pantau field is called on the mapping form."""
    return {
        "text": _("Teks post"),
        "title": _("Judul (berita, video)"),
        "created_at": _("Tanggal dan waktu post"),
        "platform": _("Platform"),
        "author": _("Akun (@nama pengguna)"),
        "author_name": _("Nama akun"),
        "url": _("Tautan post"),
        "id": _("ID post"),
        "likes": _("Suka"),
        "reposts": _("Bagikan ulang"),
        "replies": _("Komentar"),
        "views": _("Tayangan"),
        "author_followers": _("Pengikut akun"),
        "author_verified": _("Akun terverifikasi"),
        "lang": _("Bahasa"),
        "hashtags": _("Tagar"),
        "mentions": _("Akun yang disebut"),
        "media": _("Media (gambar, video)"),
        "reply_to": _("Membalas post (ID)"),
        "repost_of": _("Bagikan ulang dari post (ID)"),
        "quote_of": _("Mengutip post (ID)"),
        "collected_at": _("Waktu pengumpulan"),
    }


def _workspace_lock(workspace_id: int) -> threading.Lock:
    with _LOCK:
        return _WORKSPACE_LOCKS.setdefault(workspace_id, threading.Lock())


def _work(
    job: ImportJob,
    engine: Engine,
    workspace: Workspace,
    data_dir: Path,
    rejects_dir: Path,
    path: Path,
    options: ImportOptions,
) -> None:
    with _workspace_lock(workspace.id):
        job.state, job.step = "berjalan", "Membaca dan menyimpan post"

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total

        try:
            summary = import_file(
                engine,
                workspace,
                path,
                rejects_dir=rejects_dir,
                fmt=options.fmt,
                progress=progress,
                allow_dates=options.allow_dates,
                plan=options.plan,
            )
            job.summary = summary.as_dict()
            run_pipeline(
                engine,
                workspace,
                data_dir,
                stages=None if options.analyse else QUICK_STAGES,
                announce=lambda stage: setattr(job, "step", stage.title),
            )
            job.state, job.step = "selesai", ""
        except Exception as exc:  # the job reports any failure; the history keeps the run
            first = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
            job.state, job.error = "gagal", first


def _page(
    request: Request, access: Access, *, error: str | None = None, status: int = 200
) -> Response:
    ctx = web(request)
    jobs = [j for j in _JOBS.values() if j.workspace_id == access.workspace.id]
    jobs.sort(key=lambda j: j.started_at, reverse=True)
    return render_page(
        request,
        "imports.html",
        access,
        "imports",
        status,
        runs=list_runs(ctx.engine, access.workspace.id, HISTORY),
        jobs=jobs[:10],
        formats=all_formats(),
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        error=error,
    )


@router.get("/w/{slug}/impor")
def imports_page(request: Request, access: PageAccess) -> Response:
    return _page(request, access)


def _options(form: FormData, plan: ImportPlan | None = None) -> ImportOptions:
    return ImportOptions(
        fmt=str(form.get("format") or "") or None,
        allow_dates=bool(form.get("allow_dates")),
        analyse=bool(form.get("analyse")),
        plan=plan,
    )


@router.post("/w/{slug}/impor")
async def upload(request: Request, access: PageAccess) -> Response:
    """Receive a file and start importing it in the background (analysts and admins); a file
    whose columns need a mapping first gets the mapping form."""
    access.require("analyst")
    if too_large(request.headers.get("content-length"), MAX_UPLOAD_BYTES):
        return _page(request, access, error=_too_large(request), status=413)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        _ = _tr(request)
        return _page(request, access, error=_("Pilih berkas yang diimpor."), status=400)
    options = _options(form)
    ctx = web(request)
    try:
        path = await save_upload(upload, _folder(request, access), MAX_UPLOAD_BYTES)
        try:
            plan = plan_import(ctx.engine, access.workspace, path, fmt=options.fmt)
            _check_readable(plan, options.fmt)
        except PantauError:
            path.unlink(missing_ok=True)  # refused before any import run is recorded
            raise
    except PantauError as exc:
        return _page(request, access, error=str(exc), status=400)
    if plan.needs_confirmation:
        return _mapping_page(request, access, plan, options, upload.filename)
    return _start(request, access, path, upload.filename, replace(options, plan=plan))


def _check_readable(plan: ImportPlan, fmt: str | None) -> None:
    """Refuse, before any import run is recorded, a file that no format reads as it is and
    in which nothing looks like posts (a picture read as text, a table without rows)."""
    guessed = plan.proposal is None or plan.proposal.guesses
    if plan.how == "kanonik" or not guessed:
        identify(read_head(plan.path), fmt)


def _folder(request: Request, access: Access) -> Path:
    return web(request).settings.data_dir / "uploads" / str(int(access.workspace.id))


def _start(
    request: Request, access: Access, path: Path, file_name: str, options: ImportOptions
) -> Response:
    """Start importing ``path`` in a thread and send the person to the job's page."""
    ctx = web(request)
    job = ImportJob(secrets.token_hex(12), access.workspace.id, access.user.email, file_name)
    job.total = path.stat().st_size
    with _LOCK:
        _JOBS[job.id] = job
    with ctx.engine.begin() as conn:
        accounts.audit(
            conn, access.workspace.id, access.user.email, "import.upload", job.file_name, {}
        )
    threading.Thread(
        target=_work,
        args=(job, ctx.engine, access.workspace, ctx.settings.data_dir),
        kwargs={"rejects_dir": ctx.settings.rejects_dir, "path": path, "options": options},
        name=f"pantau-import-{job.id[:8]}",
        daemon=True,
    ).start()
    return RedirectResponse(f"/w/{access.workspace.slug}/impor/{job.id}", status_code=303)


def _mapping_page(
    request: Request,
    access: Access,
    plan: ImportPlan,
    options: ImportOptions,
    file_name: str,
    *,
    error: str | None = None,
) -> Response:
    """The column-mapping form: the file's columns chosen per field (the proposal or the
    person's last choice preselected) and the first rows as this mapping reads them."""
    assert plan.mapping is not None and plan.sample is not None  # a mapped table file
    chosen = {name: _form_value(source) for name, source in plan.mapping.fields.items()}
    shown = [f for f in MAPPED_FIELDS if f in plan.mapping.fields or f == "platform"]
    preview = [
        row if isinstance(row, str) else [_cell(row.get(f), f, request, access) for f in shown]
        for row in plan.preview(PREVIEW_ROWS, datetime.now(UTC))
    ]
    return render_page(
        request,
        "import_mapping.html",
        access,
        "imports",
        400 if error else 200,
        upload=plan.path.name,
        file_name=file_name,
        columns=plan.sample.columns,
        fields=MAPPED_FIELDS,
        main=MAIN_FIELDS,
        labels=field_labels(_tr(request)),
        chosen=chosen,
        choices=_choices(plan),
        reasons={g.field: g.reason for g in plan.proposal.guesses} if plan.proposal else {},
        missing=missing_required(plan.mapping),
        mapping=plan.mapping,
        date_style=plan.proposal.date_style if plan.proposal else None,
        preview=preview,
        preview_fields=shown,
        platforms=PLATFORMS,
        options=options,
        error=error,
    )


def _form_value(source: Source) -> str | None:
    """A source as the form's selects name it: a column, or columns joined by ``+``."""
    if source.constant is not None or not source.alternatives:
        return None
    return "+".join(part.name for part in source.alternatives[0])


def _choices(plan: ImportPlan) -> dict[str, str]:
    """What each select offers, value -> label: the file's columns, plus the joined columns
    a proposal made for a field (a date and a time column read as one)."""
    assert plan.sample is not None and plan.mapping is not None
    found = {column: column for column in plan.sample.columns}
    for source in plan.mapping.fields.values():
        value = _form_value(source)
        if value is not None and value not in found:
            found[value] = value.replace("+", " + ")
    return found


def _cell(value: object, name: str, request: Request, access: Access) -> str:
    """One value of the preview as a person reads it."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # without an offset: the workspace's local time
        zone = access.workspace.timezone
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(zone))
        return fmt_datetime(aware.astimezone(UTC).replace(tzinfo=None), zone, request.state.lang)
    if name == "platform" and isinstance(value, str):
        return platform_name(value, request.state.lang)
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


def _source(value: str, columns: list[str]) -> Source:
    """A form's choice as a mapping source: a column of the file, or columns joined."""
    if value in columns:
        return Source(((Part(value),),))
    parts = value.split("+")
    if all(p in columns for p in parts):
        return Source((tuple(Part(p) for p in parts),))
    raise HTTPException(400)  # not a choice the form offered


@router.post("/w/{slug}/impor/pemetaan")
async def confirm_mapping(request: Request, access: PageAccess) -> Response:
    """Preview the mapping chosen in the form again, or import the file with it."""
    access.require("analyst")
    form = await request.form()
    name = str(form.get("upload") or "")
    path = _folder(request, access) / name
    if not _UPLOAD_NAME.fullmatch(name) or not path.is_file():
        raise HTTPException(404)
    file_name = str(form.get("file_name") or name)[:200]
    options = _options(form)
    ctx = web(request)
    # the columns come from the file, not from the form
    proposed = plan_import(ctx.engine, access.workspace, path, fmt=options.fmt)
    if proposed.sample is None:
        raise HTTPException(400)
    fields = {
        f: _source(value, proposed.sample.columns)
        for f in MAPPED_FIELDS
        if (value := str(form.get(f"map_{f}") or ""))
    }
    platform = str(form.get("default_platform") or "") or None
    if platform is not None and platform not in PLATFORMS:
        raise HTTPException(400)
    date_missing = "import-time" if form.get("date_missing") else None
    wanted = Mapping(fields, platform=platform, date_missing=date_missing or "reject")
    plan, error = replace(proposed, mapping=wanted), None
    if missing := missing_required(wanted):
        labels = field_labels(_tr(request))
        error = _tr(request)("Pemetaan belum lengkap: pilih kolom untuk %(fields)s.") % {
            "fields": ", ".join(labels[f] for f in missing)
        }
    else:
        chosen = MapRequest(fields=fields, platform=platform, date_missing=date_missing)
        try:
            plan = plan_import(ctx.engine, access.workspace, path, fmt=options.fmt, request=chosen)
        except PantauError as exc:
            error = str(exc)
    if error is not None or form.get("action") != "import":
        return _mapping_page(request, access, plan, options, file_name, error=error)
    return _start(request, access, path, file_name, replace(options, plan=plan))


def _too_large(request: Request) -> str:
    _ = _tr(request)
    return _("Berkas terlalu besar untuk diunggah (paling besar %(mb)s MB).") % {
        "mb": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _job(access: Access, job_id: str) -> ImportJob:
    job = _JOBS.get(job_id) if job_id.isalnum() else None
    if job is None or job.workspace_id != access.workspace.id:
        raise HTTPException(404)
    return job


@router.get("/w/{slug}/impor/{job_id}/status")
def job_status(access: PageAccess, job_id: str) -> JSONResponse:
    job = _job(access, job_id)
    return JSONResponse({**asdict(job), "percent": job.percent})


@router.get("/w/{slug}/impor/{job_id}")
def job_page(request: Request, access: PageAccess, job_id: str) -> Response:
    return render_page(request, "import_job.html", access, "imports", job=_job(access, job_id))


@router.get("/w/{slug}/impor/riwayat/{run_id:int}/penolakan")
def rejects_file(request: Request, access: PageAccess, run_id: int) -> Response:
    """The rejects CSV of one import run of this workspace (only files in the rejects
    folder)."""
    ctx = web(request)
    runs = list_runs(ctx.engine, access.workspace.id, 1, run_id=run_id)
    if not runs or not runs[0].rejects_path:
        raise HTTPException(404)
    path = Path(runs[0].rejects_path).resolve()
    folder = ctx.settings.rejects_dir.resolve()
    if folder not in path.parents or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=path.name)
