"""The *Sumber* page (admins): the workspace's live sources with their health (last success,
last error in plain Indonesian, new posts in 24 hours against the usual day, silent, quota
left), adding one source or a shipped pack of news feeds, editing, pausing and resuming,
"collect at the next minute" and removing. Secrets are write-only: a form field to set or
clear, never shown back (``***``). Every form carries the CSRF token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from pantau.errors import NotFoundError, PantauError
from pantau.ingest.connectors import all_connectors
from pantau.ingest.health import source_health
from pantau.ingest.sources import (
    add_pack,
    add_source,
    collect_soon,
    edit_source,
    get_source,
    packs,
    remove_source,
    set_paused,
)
from pantau.store import sources as store
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.values import whole_number

router = APIRouter(include_in_schema=False)

# The settings a form may carry: every connector takes some of them (``pantau sources kinds``).
FIELDS = (
    "url",
    "query",
    "account",
    "hashtag",
    "instance",
    "channel",
    "page",
    "instagram",
    "login",
)
FLAGS = ("full_text", "comments")


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _admin(access: Access) -> None:
    access.require("admin")


def _settings(form: dict[str, Any]) -> dict[str, Any]:
    config: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in FIELDS}
    config = {k: v for k, v in config.items() if v}
    config.update({k: True for k in FLAGS if form.get(k)})
    return config


def _interval(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    minutes = whole_number(value)
    if minutes is None:
        raise PantauError(f"interval harus bilangan menit, bukan {value[:40]!r}")
    return minutes


def _page(
    request: Request,
    access: Access,
    *,
    message: str | None = None,
    error: str | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    engine = web(request).engine
    return render_page(
        request,
        "sources.html",
        access,
        "sources",
        status,
        health=source_health(engine, access.workspace),
        connectors=all_connectors(),
        packs=packs(),
        message=message,
        error=error,
        values=values or {},
    )


@router.get("/w/{slug}/sumber")
def sources_page(request: Request, access: PageAccess) -> Response:
    _admin(access)
    return _page(request, access)


@router.post("/w/{slug}/sumber")
async def source_add(request: Request, access: PageAccess) -> Response:
    _admin(access)
    _ = _tr(request)
    form = dict(await request.form())
    try:
        added = add_source(
            web(request).engine,
            access.workspace,
            str(form.get("name") or ""),
            str(form.get("kind") or ""),
            _settings(form),
            secret=str(form.get("secret") or "") or None,
            interval=_interval(str(form.get("interval") or "")),
        )
    except PantauError as exc:
        values = {k: v for k, v in form.items() if k not in ("secret", "csrf_token")}
        return _page(request, access, error=str(exc), values=values, status=400)
    return _page(request, access, message=_("Sumber ditambahkan: ") + added.name)


@router.post("/w/{slug}/sumber/paket")
def source_pack(request: Request, access: PageAccess, pack: str = Form("")) -> Response:
    _admin(access)
    _ = _tr(request)
    try:
        added, skipped = add_pack(web(request).engine, access.workspace, pack)
    except PantauError as exc:
        return _page(request, access, error=str(exc), status=400)
    text = _("Sumber dari paket ditambahkan: ") + str(len(added))
    if skipped:
        text += " · " + _("sudah ada: ") + str(len(skipped))
    return _page(request, access, message=text)


def _source_or_404(request: Request, access: Access, source_id: int) -> Any:
    try:
        return get_source(web(request).engine, access.workspace, str(source_id))
    except NotFoundError:
        raise HTTPException(404, "source") from None


def _detail(
    request: Request,
    access: Access,
    source_id: int,
    *,
    error: str | None = None,
    message: str | None = None,
    status: int = 200,
) -> Response:
    source = _source_or_404(request, access, source_id)
    engine = web(request).engine
    with engine.connect() as conn:
        runs = store.runs_of(conn, access.workspace.id, source.id, limit=15)
    health = next(h for h in source_health(engine, access.workspace) if h.source.id == source.id)
    return render_page(
        request,
        "source.html",
        access,
        "sources",
        status,
        source=source,
        health=health,
        runs=runs,
        fields=FIELDS,
        flags=FLAGS,
        error=error,
        message=message,
    )


@router.get("/w/{slug}/sumber/{source_id:int}")
def source_page(request: Request, access: PageAccess, source_id: int) -> Response:
    _admin(access)
    return _detail(request, access, source_id)


@router.post("/w/{slug}/sumber/{source_id:int}")
async def source_edit(request: Request, access: PageAccess, source_id: int) -> Response:
    _admin(access)
    _ = _tr(request)
    source = _source_or_404(request, access, source_id)
    form = dict(await request.form())
    config: dict[str, Any] = {k: str(form.get(k) or "").strip() for k in FIELDS}
    config = {k: v or None for k, v in config.items() if k in source.config or v}
    config.update({k: bool(form.get(k)) for k in FLAGS if k in source.config or form.get(k)})
    secret = str(form.get("secret") or "")
    try:
        edit_source(
            web(request).engine,
            access.workspace,
            str(source.id),
            name=str(form.get("name") or source.name),
            config=config,
            secret="" if form.get("clear_secret") else (secret or None),
            interval=_interval(str(form.get("interval") or "")),
            default_interval=not str(form.get("interval") or "").strip(),
        )
    except PantauError as exc:
        return _detail(request, access, source_id, error=str(exc), status=400)
    return _detail(request, access, source_id, message=_("Sumber disimpan."))


@router.post("/w/{slug}/sumber/{source_id:int}/{action}")
def source_action(request: Request, access: PageAccess, source_id: int, action: str) -> Response:
    _admin(access)
    source = _source_or_404(request, access, source_id)
    engine, ws = web(request).engine, access.workspace
    if action == "jeda":
        set_paused(engine, ws, str(source.id), True)
    elif action == "lanjut":
        set_paused(engine, ws, str(source.id), False)
    elif action == "ambil":
        collect_soon(engine, ws, str(source.id))
    elif action == "hapus":
        remove_source(engine, ws, str(source.id))
    else:
        raise HTTPException(404, "action")
    return RedirectResponse(f"/w/{ws.slug}/sumber", status_code=303)
