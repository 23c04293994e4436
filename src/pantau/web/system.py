"""The *Sistem* page (admins): the task queue as this workspace sees it — the queues' totals,
its running and failed jobs with their error, its recent task runs (pipeline with duration,
collections, reports) — with retry and cancel. On SQLite, or without workers, only the runs
of the service's own scheduler."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pantau.errors import NotFoundError
from pantau.tasks.queue import open_queue
from pantau.tasks.status import AlreadyWaiting, cancel_job, retry_job, workspace_tasks
from pantau.web.deps import PageAccess, web
from pantau.web.render import render_page
from pantau.web.values import whole_number

router = APIRouter(include_in_schema=False)


@router.get("/w/{slug}/sistem")
def system_page(request: Request, access: PageAccess) -> Response:
    access.require("admin")
    context = web(request)
    if context.settings.uses_workers:
        with open_queue(context.settings.database_url) as app:
            found = workspace_tasks(app, context.engine, access.workspace)
    else:
        found = workspace_tasks(None, context.engine, access.workspace)
    return render_page(
        request,
        "system.html",
        access,
        "system",
        found=found,
        workers=context.settings.workers,
        already_waiting=whole_number(request.query_params.get("sudah-menunggu")),
    )


@router.post("/w/{slug}/sistem/{job_id:int}/{action}")
def job_action(request: Request, access: PageAccess, job_id: int, action: str) -> Response:
    access.require("admin")
    context = web(request)
    slug = access.workspace.slug
    if action not in ("ulangi", "batal") or not context.settings.workers:
        raise HTTPException(404)
    with open_queue(context.settings.database_url) as app:
        try:
            (retry_job if action == "ulangi" else cancel_job)(app, job_id, slug)
        except AlreadyWaiting:
            return RedirectResponse(f"/w/{slug}/sistem?sudah-menunggu={job_id}", status_code=303)
        except NotFoundError:
            raise HTTPException(404) from None
    return RedirectResponse(f"/w/{slug}/sistem", status_code=303)
