"""Search exports that run in the background.

A search with more than ``SYNC_LIMIT`` results is exported in the background while the person
goes on working — by a thread of this process, or, when `pantau worker` processes do the heavy
work (``PANTAU_WORKERS`` with PostgreSQL), by a task of the queue (see ``export.write_job``;
the data folder must then be shared with the workers, as for reports); the *Ekspor* page
lists the workspace's exports with their state and a download link when ready (how an export
is kept: ``export.ExportJob``). The id is random (not guessable) and
every request checks that the export belongs to the workspace in the URL, which the person
must be a member of. Exports older than ``KEEP_DAYS`` are deleted when the page is opened.
If the server stops mid-export, the entry shows as failed (its thread is gone) and can be
started again; a worker's task killed mid-way is taken up again by another worker.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.export import (
    CHOICES,
    ExportJob,
    filter_fields,
    job_folder,
    new_job,
    read_job,
    save_job,
    write_job,
)
from pantau.records import Workspace
from pantau.tasks.queue import submit_export
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.views import SearchQuery

router = APIRouter(include_in_schema=False)

SYNC_LIMIT = 20_000
KEEP_DAYS = 7
WORKERS = 2  # exports written at once by one web process; others wait their turn
PER_USER = 3  # exports one person may have running or waiting
QUEUED_HOURS = 6  # a queued export no worker finished in this time is shown as failed
_RUNNING: dict[str, str] = {}  # export id -> who started it, running or waiting here
_LOCK = threading.Lock()
_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pantau-export")


def _load(folder: Path, job_id: str) -> ExportJob | None:
    job = read_job(folder, job_id)
    if job is not None and job.state == "berjalan" and not _running(job):
        job.state, job.error = "gagal", _STOPPED if not job.queued else _NOT_TAKEN
    return job


_STOPPED = "server berhenti sebelum ekspor selesai"
_NOT_TAKEN = f"tidak ada pekerja yang menyelesaikannya dalam {QUEUED_HOURS} jam"


def _running(job: ExportJob) -> bool:
    """Whether the job is running or waiting here, in another live process of the server, or
    in the task queue (for at most ``QUEUED_HOURS``)."""
    if job.queued:
        age = datetime.now(UTC).replace(tzinfo=None) - datetime.fromisoformat(job.created_at)
        return age < timedelta(hours=QUEUED_HOURS)
    if job.id in _RUNNING:
        return True
    if job.pid is None or job.pid == os.getpid():
        return False
    try:
        os.kill(job.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another user
        pass
    return True


def start_export(
    engine: Engine,
    data_dir: Path,
    workspace: Workspace,
    user: str,
    query: SearchQuery,
    choice: str,
    *,
    queue_url: str | None = None,
) -> ExportJob:
    """Start exporting the posts matching ``query`` as ``choice`` (a key of
    ``export.CHOICES``): in a thread of this process, or as a task of the queue at
    ``queue_url`` for `pantau worker`; returns the job at once."""
    if choice not in CHOICES:
        raise PantauError(f"format ekspor tidak dikenal: {choice!r}")
    f = query.to_filter(workspace.timezone)  # a bad query fails here, not later
    folder = job_folder(data_dir, workspace.id)
    folder.mkdir(parents=True, exist_ok=True)
    job = new_job(
        workspace.id,
        user,
        choice,
        query.params(),
        pid=None if queue_url else os.getpid(),
        queued=queue_url is not None,
        filter=filter_fields(f, query.q),
    )
    queued = list_exports(data_dir, workspace.id)
    waiting = sum(1 for j in queued if j.user == user and j.queued and j.state == "berjalan")
    with _LOCK:
        if waiting + sum(1 for who in _RUNNING.values() if who == user) >= PER_USER:
            raise PantauError(
                f"sudah ada {PER_USER} ekspor Anda yang berjalan; tunggu salah satunya selesai"
            )
        if queue_url is None:
            _RUNNING[job.id] = user
    if queue_url is not None:
        submit_export(queue_url, data_dir, workspace, job)
        return job
    save_job(folder, job)

    def work() -> None:
        try:
            write_job(engine, data_dir, workspace, job.id)
        finally:
            with _LOCK:
                _RUNNING.pop(job.id, None)

    _POOL.submit(work)
    return job


STALE_PART = timedelta(minutes=10)  # a file being written is touched far more often


def clean_stopped_exports(data_dir: Path) -> int:
    """Delete the half-written files of exports a stopped server left behind (not written
    to for ``STALE_PART``; an export running in another server process keeps writing);
    their entries show as failed. Returns how many were removed. Run when the app starts."""
    root = data_dir / "exports"
    if not root.is_dir():
        return 0
    cutoff = datetime.now(UTC).timestamp() - STALE_PART.total_seconds()
    removed = 0
    for part in root.glob("*/*.part.*"):
        try:
            if part.stat().st_mtime < cutoff:
                part.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def list_exports(data_dir: Path, workspace_id: int) -> list[ExportJob]:
    """The workspace's exports, newest first; removes those older than ``KEEP_DAYS``."""
    folder = job_folder(data_dir, workspace_id)
    if not folder.is_dir():
        return []
    cutoff = (datetime.now(UTC) - timedelta(days=KEEP_DAYS)).replace(tzinfo=None).isoformat()
    jobs = []
    for meta in folder.glob("*.json"):
        job = _load(folder, meta.stem)
        if job is None:
            continue
        if job.created_at < cutoff and not _running(job):
            for leftover in folder.glob(f"{job.id}.*"):
                leftover.unlink(missing_ok=True)
            continue
        jobs.append(job)
    return sorted(jobs, key=lambda j: j.created_at, reverse=True)


def wait_for(data_dir: Path, workspace_id: int, job_id: str, timeout: float = 60.0) -> ExportJob:
    """Block until an export of this process ends (for tests and scripts)."""
    deadline = datetime.now(UTC) + timedelta(seconds=timeout)
    while job_id in _RUNNING and datetime.now(UTC) < deadline:
        threading.Event().wait(0.05)
    job = _load(job_folder(data_dir, workspace_id), job_id)
    assert job is not None
    return job


@router.post("/w/{slug}/ekspor")
def export_start(
    request: Request,
    access: PageAccess,
    format: str = Form("csv"),
    q: str = Form(""),
    platform: str = Form(""),
    author: str = Form(""),
    since: str = Form(""),
    until: str = Form(""),
) -> Response:
    if format not in CHOICES:
        raise HTTPException(400)
    query = SearchQuery(q=q, platform=platform, author=author, since=since, until=until)
    ctx = web(request)
    try:
        queue_url = ctx.settings.database_url if ctx.settings.uses_workers else None
        start_export(
            ctx.engine,
            ctx.settings.data_dir,
            access.workspace,
            access.user.email,
            query,
            format,
            queue_url=queue_url,
        )
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse(f"/w/{access.workspace.slug}/ekspor", status_code=303)


def _page(request: Request, access: Access, jobs: list[ExportJob]) -> Response:
    return render_page(
        request,
        "exports.html",
        access,
        "search",
        jobs=jobs,
        running=any(j.state == "berjalan" for j in jobs),
        parse_iso=datetime.fromisoformat,
    )


@router.get("/w/{slug}/ekspor")
def exports_page(request: Request, access: PageAccess) -> Response:
    return _page(request, access, list_exports(web(request).settings.data_dir, access.workspace.id))


@router.get("/w/{slug}/ekspor/{job_id}")
def export_download(request: Request, access: PageAccess, job_id: str) -> Response:
    folder = job_folder(web(request).settings.data_dir, access.workspace.id)
    job = _load(folder, job_id)
    if job is None or job.workspace_id != access.workspace.id or job.state != "selesai":
        raise HTTPException(404)
    path = folder / f"{job.id}.{job.extension}"
    if not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, filename=job.filename)
