"""The *Impor* page: upload a file of posts, watch it being imported and analysed, and the
import history with each run's rejects file.

An upload is refused before any work when it is larger than ``MAX_UPLOAD_BYTES``, empty, or
of no known format (the importer's own sniffing decides). The file is kept under
``<data dir>/uploads/<workspace id>/`` (the import history names it) and imported by a thread,
exactly as ``pantau import`` followed by ``pantau run`` would: :func:`import_file`, then every
stage of the pipeline (or, when the uploader unticks it, only text analysis and search, as
``pantau import`` alone: several files can then be analysed once). The page polls the job's
state (``…/status``); without JavaScript it reloads itself. Jobs of one workspace run one
after the other. A job lives in this process only: after a restart the history still shows
the run (as interrupted when it was cut short), and importing the file again finishes it.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import Engine
from starlette.datastructures import UploadFile

from pantau.errors import PantauError
from pantau.ingest.formats import all_formats, detect_format, get_format
from pantau.ingest.importer import import_file
from pantau.io.decode import SAMPLE_SIZE, detect_encoding
from pantau.pipeline import run_pipeline
from pantau.records import Workspace
from pantau.store.imports import list_runs
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.uploads import save_upload, too_large

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # larger files: `pantau import` on the server
HISTORY = 50
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
    """What the upload form asks besides the file. A column-mapping form adds its fields here
    and passes them on to ``import_file`` in ``_work``."""

    fmt: str | None = None
    allow_dates: bool = False
    analyse: bool = True  # every stage after the import; else only text analysis and search


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


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


def _check_format(path: Path, fmt: str | None) -> None:
    """Refuse a file no registered format reads (before any import run is recorded)."""
    if fmt:
        get_format(fmt)
        return
    with open(path, "rb") as f:
        head = f.read(SAMPLE_SIZE)
    encoding = detect_encoding(head)
    text = head.decode(encoding if encoding != "cp1252" else "latin-1", errors="replace")
    detect_format(head, text, path)


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


@router.post("/w/{slug}/impor")
async def upload(request: Request, access: PageAccess) -> Response:
    """Receive a file and start importing it in the background (analysts and admins)."""
    access.require("analyst")
    if too_large(request.headers.get("content-length"), MAX_UPLOAD_BYTES):
        return _page(request, access, error=_too_large(request), status=413)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        _ = _tr(request)
        return _page(request, access, error=_("Pilih berkas yang diimpor."), status=400)
    fmt = str(form.get("format") or "") or None
    options = ImportOptions(
        fmt=fmt, allow_dates=bool(form.get("allow_dates")), analyse=bool(form.get("analyse"))
    )
    ctx = web(request)
    folder = ctx.settings.data_dir / "uploads" / str(int(access.workspace.id))
    try:
        path = await save_upload(upload, folder, MAX_UPLOAD_BYTES)
        try:
            _check_format(path, options.fmt)
        except PantauError:
            path.unlink(missing_ok=True)
            raise
    except PantauError as exc:
        return _page(request, access, error=str(exc), status=400)
    job = ImportJob(secrets.token_hex(12), access.workspace.id, access.user.email, upload.filename)
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
