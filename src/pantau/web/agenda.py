"""The *Agenda* page (the institution's agenda against news and the public, ranks side by
side, lead and lag with what the data can and cannot say, gaps, calendar) and the *Narasi*
pages (narrative kits: adoption, speed, fidelity and reach per account and institution).
Thin over :mod:`pantau.agenda`; every text from posts or files is escaped by the templates."""

from __future__ import annotations

import logging
import threading
from datetime import date
from functools import partial

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from pantau.agenda.analysis import agenda_report, default_period
from pantau.agenda.items import (
    KINDS,
    PRIORITIES,
    add_item,
    delete_item,
    edit_item,
    get_item,
    list_items,
    sync_agenda,
)
from pantau.agenda.narrative import (
    add_account,
    create_kit,
    delete_kit,
    edit_kit,
    get_kit,
    list_accounts,
    list_kits,
    parse_release,
    remove_account,
)
from pantau.agenda.narrative_report import fidelity_band, fmt_delay, narrative_report
from pantau.agenda.salience import ARENA_LABELS, ARENAS
from pantau.errors import NotFoundError, PantauError
from pantau.locale import parse_day_text, to_local
from pantau.records import PLATFORMS, Workspace
from pantau.store.agenda import AgendaItem
from pantau.users import accounts
from pantau.web import charts, i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)
log = logging.getLogger("pantau.web")
MAX_DAYS = 366
_SYNCING: dict[int, threading.Lock] = {}
_SYNC_LOCK = threading.Lock()


def _page(request: Request, name: str, access: Access, section: str, **context: object) -> Response:
    return render_page(request, name, access, section, 200, **context)


def _period(request: Request, access: Access, since: str, until: str) -> tuple[date, date]:
    start, end = default_period(web(request).engine, access.workspace)
    try:
        start = parse_day_text(since) if since else start
        end = parse_day_text(until) if until else end
    except ValueError as exc:
        raise PantauError(str(exc)) from None
    if end < start:
        raise PantauError("tanggal akhir sebelum tanggal awal")
    if (end - start).days >= MAX_DAYS:
        raise PantauError(f"periode paling panjang {MAX_DAYS} hari")
    return start, end


@router.get("/w/{slug}/agenda")
def agenda_page(request: Request, access: PageAccess, since: str = "", until: str = "") -> Response:
    _ = i18n.translations(request.state.lang).gettext
    try:
        start, end = _period(request, access, since, until)
    except PantauError as exc:
        return _page(request, "agenda.html", access, "agenda", report=None, error=str(exc),
                     since=since, until=until, items=[], done=None)  # fmt: skip
    report = agenda_report(web(request).engine, access.workspace, start, end)
    objects = [o for o in report.salience.objects if o.kind == "agenda" or o.arenas["public"].posts]
    figure = None
    agenda_items = [o for o in objects if o.kind == "agenda"]
    if agenda_items:
        names = {a: _(ARENA_LABELS[a]) for a in ARENAS}
        figure = charts.grouped_shares(
            [o.label for o in agenda_items],
            {names[a]: [o.arenas[a].share for o in agenda_items] for a in ARENAS},
            _("Porsi perhatian per agenda"),
        )
    return _page(
        request,
        "agenda.html",
        access,
        "agenda",
        items=list_items(web(request).engine, access.workspace),
        done=request.query_params.get("ok"),
        report=report,
        objects=objects,
        arenas=ARENAS,
        arena_labels=ARENA_LABELS,
        figure=figure,
        error=None,
        since=start.isoformat(),
        until=end.isoformat(),
    )


@router.get("/w/{slug}/narasi")
def narratives_page(request: Request, access: PageAccess) -> Response:
    engine = web(request).engine
    rows = []
    for kit in list_kits(engine, access.workspace):
        r = narrative_report(engine, access.workspace, kit.id)
        rows.append({"kit": kit, "report": r})
    return _page(
        request,
        "narratives.html",
        access,
        "narratives",
        rows=rows,
        fmt_delay=fmt_delay,
        done=request.query_params.get("ok"),
    )


@router.get("/w/{slug}/narasi/{kit_id:int}")
def narrative_page(request: Request, access: PageAccess, kit_id: int) -> Response:
    _ = i18n.translations(request.state.lang).gettext
    try:
        r = narrative_report(web(request).engine, access.workspace, kit_id)
    except NotFoundError:
        raise HTTPException(404) from None
    figure = None
    if r.adoption_curve:
        figure = charts.step_curve(
            [h for h, _n in r.adoption_curve],
            [k for _h, k in r.adoption_curve],
            _("Akun diminta yang sudah memposting, jam setelah rilis"),
        )
    return _page(
        request,
        "narrative.html",
        access,
        "narratives",
        r=r,
        figure=figure,
        fmt_delay=fmt_delay,
        band=fidelity_band,
    )


# --- editing agenda items -------------------------------------------------------------------


def _audit(request: Request, access: Access, action: str, target: str) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, access.workspace.id, access.user.email, action, target[:200], {})


def _sync_later(engine: Engine, workspace: Workspace) -> None:
    """Match the agenda topics against the stored posts in a thread (one per workspace at a
    time): saving an item does not wait for it, and the agenda stage repairs whatever a
    stopped server left undone."""
    with _SYNC_LOCK:
        lock = _SYNCING.setdefault(workspace.id, threading.Lock())

    def work() -> None:
        with lock:
            try:
                sync_agenda(engine, workspace)
            except Exception:  # logged: the next agenda stage repairs it
                log.exception("agenda topics of %s not matched", workspace.slug)

    threading.Thread(target=work, name=f"pantau-agenda-{workspace.slug}", daemon=True).start()


ITEM_FIELDS = ("title", "kind", "priority", "starts_on", "ends_on", "query", "key_messages",
               "audience", "owner", "description")  # fmt: skip


def _item_values(item: AgendaItem | None) -> dict[str, str]:
    if item is None:
        return {f: "" for f in ITEM_FIELDS} | {"kind": "program", "priority": "sedang"}
    return {
        "title": item.title,
        "kind": item.kind,
        "priority": item.priority,
        "starts_on": item.starts_on.isoformat(),
        "ends_on": item.ends_on.isoformat(),
        "query": item.query,
        "key_messages": "\n".join(item.key_messages),
        "audience": item.audience or "",
        "owner": item.owner or "",
        "description": item.description or "",
    }


def _item_form(
    request: Request,
    access: Access,
    item: AgendaItem | None,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    return render_page(
        request,
        "agenda_item.html",
        access,
        "agenda",
        status,
        item=item,
        values=values,
        kinds=KINDS,
        priorities=PRIORITIES,
        error=error,
    )


def _find_item(request: Request, access: Access, item_id: int) -> AgendaItem:
    try:
        return get_item(web(request).engine, access.workspace, item_id)
    except NotFoundError:
        raise HTTPException(404) from None


@router.get("/w/{slug}/agenda/item/baru")
def item_new(request: Request, access: PageAccess) -> Response:
    access.require("analyst")
    return _item_form(request, access, None, _item_values(None))


@router.get("/w/{slug}/agenda/item/{item_id:int}")
def item_page(request: Request, access: PageAccess, item_id: int) -> Response:
    access.require("analyst")
    item = _find_item(request, access, item_id)
    return _item_form(request, access, item, _item_values(item))


def _save_item(request: Request, access: Access, item_id: int | None, form: dict) -> Response:
    access.require("analyst")
    engine = web(request).engine
    item = _find_item(request, access, item_id) if item_id is not None else None
    messages = [m.strip() for m in form["key_messages"].splitlines() if m.strip()]
    fields = {
        "title": form["title"],
        "kind": form["kind"],
        "priority": form["priority"],
        "starts_on": form["starts_on"],
        "ends_on": form["ends_on"],
        "query": form["query"],
        "key_messages": messages,
        "audience": form["audience"],
        "owner": form["owner"],
        "description": form["description"],
    }
    try:
        if item is None:
            saved = add_item(engine, access.workspace, sync_topic=False, **fields)
        else:
            saved = edit_item(engine, access.workspace, item.id, sync_topic=False, **fields)
    except PantauError as exc:
        return _item_form(request, access, item, form, str(exc), 400)
    _sync_later(engine, access.workspace)
    _audit(request, access, "agenda.create" if item is None else "agenda.edit", saved.title)
    return RedirectResponse(f"/w/{access.workspace.slug}/agenda?ok=agenda", status_code=303)


async def _posted(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    form = await request.form()
    return {n: str(form.get(n) or "") for n in names}


@router.post("/w/{slug}/agenda/item/baru")
async def item_create(request: Request, access: PageAccess) -> Response:
    return _save_item(request, access, None, await _posted(request, ITEM_FIELDS))


@router.post("/w/{slug}/agenda/item/{item_id:int}")
async def item_save(request: Request, access: PageAccess, item_id: int) -> Response:
    return _save_item(request, access, item_id, await _posted(request, ITEM_FIELDS))


@router.post("/w/{slug}/agenda/item/{item_id:int}/hapus")
def item_remove(request: Request, access: PageAccess, item_id: int) -> Response:
    access.require("analyst")
    try:
        gone = delete_item(web(request).engine, access.workspace, item_id)
    except NotFoundError:
        raise HTTPException(404) from None
    _audit(request, access, "agenda.delete", gone.title)
    return RedirectResponse(f"/w/{access.workspace.slug}/agenda?ok=hapus", status_code=303)


# --- editing narrative kits -----------------------------------------------------------------


def _kit_form(
    request: Request,
    access: Access,
    kit_id: int | None,
    values: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> Response:
    engine = web(request).engine
    asked = list_accounts(engine, access.workspace, kit_id) if kit_id is not None else []
    return render_page(
        request,
        "narrative_form.html",
        access,
        "narratives",
        status,
        kit_id=kit_id,
        values=values,
        asked=asked,
        platforms=PLATFORMS,
        error=error,
    )


def _kit_values(access: Access, kit_id: int | None, engine: Engine) -> dict[str, str]:
    if kit_id is None:
        return {"title": "", "message": "", "release_at": "", "hashtags": "", "link": "",
                "assets": ""}  # fmt: skip
    kit = get_kit(engine, access.workspace, kit_id)
    release = to_local(kit.release_at, access.workspace.timezone)
    return {
        "title": kit.title,
        "message": kit.message,
        "release_at": release.strftime("%Y-%m-%dT%H:%M"),
        "hashtags": " ".join(f"#{h}" for h in kit.hashtags),
        "link": kit.link or "",
        "assets": "\n".join(kit.assets),
    }


def _kit_or_404(request: Request, access: Access, kit_id: int) -> dict[str, str]:
    try:
        return _kit_values(access, kit_id, web(request).engine)
    except NotFoundError:
        raise HTTPException(404) from None


@router.get("/w/{slug}/narasi/baru")
def kit_new(request: Request, access: PageAccess) -> Response:
    access.require("analyst")
    return _kit_form(request, access, None, _kit_values(access, None, web(request).engine))


@router.get("/w/{slug}/narasi/{kit_id:int}/ubah")
def kit_edit_page(request: Request, access: PageAccess, kit_id: int) -> Response:
    access.require("analyst")
    return _kit_form(request, access, kit_id, _kit_or_404(request, access, kit_id))


KIT_FIELDS = ("title", "message", "release_at", "hashtags", "link", "assets")


def _save_kit(
    request: Request, access: Access, kit_id: int | None, form: dict[str, str]
) -> Response:
    access.require("analyst")
    engine = web(request).engine
    assets = [a.strip() for a in form["assets"].splitlines() if a.strip()]
    try:
        release = parse_release(form["release_at"], access.workspace.timezone)
        save = (
            partial(create_kit, engine, access.workspace)
            if kit_id is None
            else partial(edit_kit, engine, access.workspace, kit_id)
        )
        kit = save(
            message=form["message"],
            release_at=release,
            hashtags=[form["hashtags"]],
            link=form["link"] or None,
            assets=assets,
            title=form["title"] or None,
        )
    except PantauError as exc:
        return _kit_form(request, access, kit_id, form, str(exc), 400)
    _audit(request, access, "narrative.create" if kit_id is None else "narrative.edit", kit.title)
    return RedirectResponse(
        f"/w/{access.workspace.slug}/narasi/{kit.id}/ubah?ok=1", status_code=303
    )


@router.post("/w/{slug}/narasi/baru")
async def kit_create(request: Request, access: PageAccess) -> Response:
    return _save_kit(request, access, None, await _posted(request, KIT_FIELDS))


@router.post("/w/{slug}/narasi/{kit_id:int}/ubah")
async def kit_save(request: Request, access: PageAccess, kit_id: int) -> Response:
    _kit_or_404(request, access, kit_id)
    return _save_kit(request, access, kit_id, await _posted(request, KIT_FIELDS))


@router.post("/w/{slug}/narasi/{kit_id:int}/hapus")
def kit_remove(request: Request, access: PageAccess, kit_id: int) -> Response:
    access.require("analyst")
    try:
        gone = delete_kit(web(request).engine, access.workspace, kit_id)
    except NotFoundError:
        raise HTTPException(404) from None
    _audit(request, access, "narrative.delete", gone.title)
    return RedirectResponse(f"/w/{access.workspace.slug}/narasi?ok=hapus", status_code=303)


@router.post("/w/{slug}/narasi/{kit_id:int}/akun")
def kit_account_add(
    request: Request,
    access: PageAccess,
    kit_id: int,
    platform: str = Form(""),
    handle: str = Form(""),
    institution: str = Form(""),
    name: str = Form(""),
    remove: str = Form(""),
) -> Response:
    """Ask one more account to carry the kit, or (``remove``) stop asking it."""
    access.require("analyst")
    engine = web(request).engine
    values = _kit_or_404(request, access, kit_id)
    try:
        if remove:
            remove_account(engine, access.workspace, kit_id, platform, handle)
        else:
            add_account(
                engine,
                access.workspace,
                kit_id,
                platform=platform,
                handle=handle,
                institution=institution,
                name=name or None,
            )
    except PantauError as exc:
        return _kit_form(request, access, kit_id, values, str(exc), 400)
    return RedirectResponse(
        f"/w/{access.workspace.slug}/narasi/{kit_id}/ubah#asked", status_code=303
    )
