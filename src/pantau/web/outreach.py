"""Dissemination pages: *Kanal* (owned accounts: figures, metrics, best-time heatmap,
audience against a target), *Kalender* (the content calendar: month grid with holidays, plan
items with caption variants and a live length check, approval by a second person, ICS and CSV
download) and *Tujuan* (goals with progress bars, on track or at risk).

Viewers read; analysts and admins edit; approving needs a person other than the item's author
(checked in ``pantau.outreach.calendar``). Every form carries the CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from babel.numbers import format_decimal
from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from pantau.errors import NotFoundError, PantauError
from pantau.locale import parse_day_text, parse_moment_text, zone_label
from pantau.outreach import calendar as plan
from pantau.outreach.audience import audience_report, list_audiences, save_audience
from pantau.outreach.besttime import MIN_POSTS_FOR_ADVICE, THIN_CELL, channel_best_time
from pantau.outreach.goals import (
    DEFAULT_METRIC,
    METRICS,
    OBJECTIVES,
    delete_goal,
    format_value,
    goal_progress,
    list_goals,
    local_today,
    save_goal,
)
from pantau.outreach.metrics import channel_metrics
from pantau.outreach.priors import CONTENT_TYPES
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)

PERIODS = (7, 28, 91)
# Fields that may repeat (checkboxes), empty when none is ticked: one object per parameter,
# since FastAPI keeps a parameter's name on its field object.
_AGES, _GENDERS, _GOAL_CHANNELS = Form([]), Form([]), Form([])
_NEW_CHANNELS, _EDIT_CHANNELS = Form([]), Form([])
# The live caption counter (no inline scripts: the policy allows scripts from this site only).
_COUNTER_JS = """
(function () {
  function weight(text, platform) {
    if (platform !== "x") { return Array.from(text.normalize("NFC")).length; }
    var n = 0, rest = text.normalize("NFC").replace(/https?:\\/\\/\\S+/g, function () {
      n += 23; return ""; });
    Array.from(rest).forEach(function (ch) {
      var cp = ch.codePointAt(0);
      n += (cp <= 0x10FF || (cp >= 0x2000 && cp <= 0x200D) || (cp >= 0x2010 && cp <= 0x201F)
            || (cp >= 0x2032 && cp <= 0x2037)) ? 1 : 2;
    });
    return n;
  }
  function update(area) {
    var out = document.getElementById(area.id + "-count");
    var limit = parseInt(area.dataset.limit, 10), n = weight(area.value, area.dataset.platform);
    if (out) { out.textContent = n + " / " + limit; out.className = n > limit ? "error" : "hint"; }
  }
  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    area.addEventListener("input", function () { update(area); });
    update(area);
  });
})();
"""


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _page(
    request: Request, name: str, access: Access, section: str, status: int = 200, **context: object
) -> Response:
    lang = request.state.lang

    def dec(value: float, digits: int = 2) -> str:
        return format_decimal(value, format="#,##0." + "0" * digits, locale=lang)

    def pct(value: float | None, digits: int = 1) -> str:
        return "–" if value is None else dec(value * 100, digits) + "%"

    return render_page(
        request,
        name,
        access,
        section,
        status,
        pct=pct,
        dec=dec,
        **context,
    )


def _back(access: Access, path: str, **params: object) -> RedirectResponse:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = f"/w/{access.workspace.slug}/{path}" + (f"?{query}" if query else "")
    return RedirectResponse(url, status_code=303)


def _audit(request: Request, access: Access, action: str, target: str, details: dict) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, access.workspace.id, access.user.email, action, target[:200], details)


@router.get("/outreach/kalender.js")
def counter_script() -> Response:
    return Response(
        _COUNTER_JS,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


# --- Kanal ----------------------------------------------------------------------------------


def _local_today(ws: Workspace) -> date:
    return local_today(ws.timezone)


def heatmap(cells: list, title: str, labels: list[str]) -> dict:
    """A plotly heatmap spec of a best-time grid (weekday rows, hour columns)."""
    z = [[round(cells[wd * 24 + h].index, 2) for h in range(24)] for wd in range(7)]
    posts = [[cells[wd * 24 + h].posts for h in range(24)] for wd in range(7)]
    return {
        "data": [
            {
                "type": "heatmap",
                "z": z,
                "x": [f"{h:02d}" for h in range(24)],
                "y": labels,
                "customdata": posts,
                "colorscale": [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]],
                "hovertemplate": "%{y} %{x}.00: %{z}× (%{customdata} post)<extra></extra>",
            }
        ],
        "layout": {
            "title": {"text": title, "font": {"size": 15}},
            "margin": {"l": 70, "r": 12, "t": 40, "b": 40},
            "height": 300,
            "yaxis": {"autorange": "reversed"},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "separators": ",.",
        },
    }


@router.get("/w/{slug}/kanal")
def channels_page(
    request: Request,
    access: PageAccess,
    days: int = Query(28, ge=0, le=3650),
    channel: int = Query(0, ge=0),
    audience: int = Query(0, ge=0),
) -> Response:
    _ = _tr(request)
    engine = web(request).engine
    ws = access.workspace
    with engine.connect() as conn:
        summaries = store.channel_summaries(conn, ws.id)
    newest = max((s.last_post for s in summaries if s.last_post), default=None)
    until = plan.to_local(newest, ws.timezone).date() if newest else _local_today(ws)
    since = until - timedelta(days=days - 1) if days else None
    report = channel_metrics(engine, ws, None, since, until)
    chosen = next((s.channel for s in summaries if s.channel.id == channel), None)
    if chosen is None:
        chosen = next((s.channel for s in summaries if s.posts), None)
    figures = {}
    best = None
    if chosen is not None:
        best = channel_best_time(engine, ws, chosen, top=5)
        figures["besttime"] = heatmap(
            best.cells,
            _("Indeks engagement per hari dan jam") + f" ({zone_label(ws.timezone)})",
            [_("Senin"), _("Selasa"), _("Rabu"), _("Kamis"), _("Jumat"), _("Sabtu"), _("Minggu")],
        )
    targets = list_audiences(engine, ws)
    target = next((a for a in targets if a.id == audience), targets[0] if targets else None)
    fit = audience_report(engine, ws, target) if target else None
    return _page(
        request,
        "outreach_channels.html",
        access,
        "kanal",
        summaries=summaries,
        report=report,
        since=since,
        until=until,
        days=days,
        periods=PERIODS,
        chosen=chosen,
        best=best,
        min_advice_posts=MIN_POSTS_FOR_ADVICE,
        thin_cell=THIN_CELL,
        figures=figures,
        targets=targets,
        target=target,
        fit=fit,
        error=request.query_params.get("error"),
    )


@router.post("/w/{slug}/kanal/audiens")
def add_audience(
    request: Request,
    access: PageAccess,
    name: str = Form(""),
    ages: list[str] = _AGES,
    genders: list[str] = _GENDERS,
    regions: str = Form(""),
) -> Response:
    access.require("analyst")
    places = [r.strip() for r in regions.split(",") if r.strip()]
    try:
        found = save_audience(web(request).engine, access.workspace, name, ages, genders, places)
    except PantauError as exc:
        return _back(access, "kanal", error=str(exc))
    _audit(request, access, "outreach.audience", found.name, {"ages": ages, "genders": genders})
    return _back(access, "kanal", audience=found.id)


# --- Tujuan ---------------------------------------------------------------------------------


@router.get("/w/{slug}/tujuan")
def goals_page(request: Request, access: PageAccess) -> Response:
    engine = web(request).engine
    ws = access.workspace
    progress = goal_progress(engine, ws)
    with engine.connect() as conn:
        channels = store.find_channels(conn, ws.id)
        owned_last = [s.last_post for s in store.channel_summaries(conn, ws.id) if s.last_post]
    return _page(
        request,
        "outreach_goals.html",
        access,
        "tujuan",
        owned_newest=max(owned_last, default=None),
        progress=progress,
        format_value=format_value,
        objectives=OBJECTIVES,
        metrics=METRICS,
        default_metric=DEFAULT_METRIC,
        channels=channels,
        audiences=list_audiences(engine, ws),
        today=_local_today(ws),
        error=request.query_params.get("error"),
    )


def _day(value: str, what: str) -> date:
    try:
        return parse_day_text(value, what)
    except ValueError as exc:
        raise PantauError(str(exc)) from None


def _number(value: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise PantauError(f"target tidak sah: {value!r}") from None


@router.post("/w/{slug}/tujuan")
def add_goal(
    request: Request,
    access: PageAccess,
    name: str = Form(""),
    objective: str = Form(""),
    metric: str = Form(""),
    target: str = Form(""),
    starts_on: str = Form(""),
    ends_on: str = Form(""),
    channels: list[int] = _GOAL_CHANNELS,
    audience: int = Form(0),
) -> Response:
    access.require("analyst")
    try:
        goal = save_goal(
            web(request).engine,
            access.workspace,
            name=name,
            objective=objective,
            metric=metric or None,
            target=_number(target),
            starts_on=_day(starts_on, "tanggal mulai"),
            ends_on=_day(ends_on, "tanggal akhir"),
            channel_ids=channels,
            audience_id=audience or None,
        )
    except PantauError as exc:
        return _back(access, "tujuan", error=str(exc))
    _audit(
        request, access, "outreach.goal", goal.name, {"metric": goal.metric, "target": goal.target}
    )
    return _back(access, "tujuan")


@router.post("/w/{slug}/tujuan/{goal_id:int}/hapus")
def remove_goal(request: Request, goal_id: int, access: PageAccess) -> Response:
    access.require("analyst")
    try:
        goal = delete_goal(web(request).engine, access.workspace, goal_id)
    except NotFoundError as exc:
        return _back(access, "tujuan", error=str(exc))
    _audit(request, access, "outreach.goal.delete", goal.name, {})
    return _back(access, "tujuan")


# --- Kalender -------------------------------------------------------------------------------


def _month(value: str, ws: Workspace) -> tuple[int, int]:
    if value:
        try:
            first = datetime.strptime(value, "%Y-%m")
            return first.year, first.month
        except ValueError:
            pass
    today = _local_today(ws)
    return today.year, today.month


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + month - 1 + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _calendar_context(request: Request, access: Access, month: str) -> dict:
    engine = web(request).engine
    ws = access.workspace
    year, mon = _month(month, ws)
    with engine.connect() as conn:
        channels = {c.id: c for c in store.find_channels(conn, ws.id)}
    return {
        "weeks": plan.month_grid(engine, ws, year, mon),
        "month": f"{year:04d}-{mon:02d}",
        "month_label": date(year, mon, 1),
        "prev_month": _shift(year, mon, -1),
        "next_month": _shift(year, mon, 1),
        "channels": channels,
        "content_types": CONTENT_TYPES,
        "statuses": plan.STATUSES,
        "limits": plan.CAPTION_LIMITS,
        "agenda": plan.agenda_titles(engine, ws),
        "goals": list_goals(engine, ws),
        "to_local": lambda dt: plan.to_local(dt, ws.timezone),
    }


@router.get("/w/{slug}/kalender")
def calendar_page(request: Request, access: PageAccess, month: str = "") -> Response:
    return _page(
        request,
        "outreach_calendar.html",
        access,
        "kalender",
        error=request.query_params.get("error"),
        linked=request.query_params.get("linked"),
        **_calendar_context(request, access, month),
    )


def _form_item(
    access: Access,
    title: str,
    content_type: str,
    scheduled: str,
    channels: list[int],
    pillar: str,
    owner: str,
    agenda_item: int,
    goal: int,
    captions: dict[str, str],
) -> dict:
    try:
        when = parse_moment_text(scheduled, "waktu tayang")
    except ValueError as exc:
        raise PantauError(str(exc)) from None
    return {
        "title": title,
        "content_type": content_type,
        "scheduled_at": when,
        "channels": channels,
        "pillar": pillar or None,
        "owner": owner or None,
        "agenda_item_id": agenda_item or None,
        "goal_id": goal or None,
        "captions": captions,
    }


async def _captions(request: Request) -> dict[str, str]:
    form = await request.form()
    return {
        p: str(form.get(f"caption_{p}") or "")
        for p in plan.CAPTION_LIMITS
        if str(form.get(f"caption_{p}") or "").strip()
    }


@router.post("/w/{slug}/kalender")
async def add_plan_item(
    request: Request,
    access: PageAccess,
    title: str = Form(""),
    content_type: str = Form(""),
    scheduled: str = Form(""),
    channels: list[int] = _NEW_CHANNELS,
    pillar: str = Form(""),
    owner: str = Form(""),
    agenda_item: int = Form(0),
    goal: int = Form(0),
) -> Response:
    access.require("analyst")
    captions = await _captions(request)
    try:
        values = _form_item(
            access, title, content_type, scheduled, channels, pillar, owner, agenda_item, goal,
            captions,
        )  # fmt: skip
        item = plan.add_item(
            web(request).engine,
            access.workspace,
            title=values["title"],
            content_type=values["content_type"],
            scheduled_at=values["scheduled_at"],
            by=access.user.email,
            channel_ids=values["channels"],
            pillar=values["pillar"],
            captions=captions,
            agenda_item_id=values["agenda_item_id"],
            goal_id=values["goal_id"],
            owner=values["owner"],
        )
    except PantauError as exc:
        return _back(access, "kalender", error=str(exc), month=scheduled[:7])
    _audit(request, access, "outreach.plan.add", f"#{item.id} {item.title}", {})
    return _back(access, f"kalender/{item.id}")


def _item_page(
    request: Request, access: Access, item_id: int, error: str | None = None, status: int = 200
) -> Response:
    engine = web(request).engine
    ws = access.workspace
    try:
        item = plan.get_item(engine, ws, item_id)
    except NotFoundError:
        raise HTTPException(404, "rencana tidak ditemukan") from None
    day = plan.to_local(item.scheduled_at, ws.timezone).date()
    actual = next(
        (a for a in plan.plan_vs_actual(engine, ws, day, day) if a.item.id == item.id), None
    )
    context = _calendar_context(request, access, f"{day.year:04d}-{day.month:02d}")
    return _page(
        request,
        "outreach_item.html",
        access,
        "kalender",
        status,
        item=item,
        actual=actual,
        checks={c.platform: c for c in plan.check_captions(item.captions)},
        can_approve=access.user.email.lower() != item.created_by
        and item.status in ("draft", "review"),
        next_statuses=sorted(plan.TRANSITIONS[item.status], key=list(plan.STATUSES).index),
        error=error,
        saved=request.query_params.get("saved"),
        **context,
    )


@router.get("/w/{slug}/kalender/{item_id:int}")
def plan_item_page(request: Request, item_id: int, access: PageAccess) -> Response:
    return _item_page(request, access, item_id)


@router.post("/w/{slug}/kalender/{item_id:int}")
async def edit_plan_item(
    request: Request,
    item_id: int,
    access: PageAccess,
    title: str = Form(""),
    content_type: str = Form(""),
    scheduled: str = Form(""),
    channels: list[int] = _EDIT_CHANNELS,
    pillar: str = Form(""),
    owner: str = Form(""),
    agenda_item: int = Form(0),
    goal: int = Form(0),
) -> Response:
    access.require("analyst")
    captions = await _captions(request)
    try:
        values = _form_item(
            access, title, content_type, scheduled, channels, pillar, owner, agenda_item, goal,
            captions,
        )  # fmt: skip
        plan.edit_item(web(request).engine, access.workspace, item_id, **values)
    except NotFoundError:
        return _item_page(request, access, item_id)
    except PantauError as exc:
        return _item_page(request, access, item_id, str(exc), 400)
    _audit(request, access, "outreach.plan.edit", f"#{item_id} {title}", {})
    return _back(access, f"kalender/{item_id}", saved=1)


@router.post("/w/{slug}/kalender/{item_id:int}/status")
def plan_item_status(
    request: Request, item_id: int, access: PageAccess, status: str = Form("")
) -> Response:
    access.require("analyst")
    try:
        item = plan.set_status(
            web(request).engine, access.workspace, item_id, status, access.user.email
        )
    except NotFoundError:
        return _item_page(request, access, item_id)
    except PantauError as exc:
        return _item_page(request, access, item_id, str(exc), 400)
    _audit(request, access, "outreach.plan.status", f"#{item.id} {item.title}", {"status": status})
    return _back(access, f"kalender/{item_id}", saved=1)


@router.post("/w/{slug}/kalender/tautkan")
def link_posts(request: Request, access: PageAccess, month: str = Form("")) -> Response:
    access.require("analyst")
    summary = plan.link_published(web(request).engine, access.workspace)
    return _back(access, "kalender", month=month, linked=summary.new_links)


def _export_items(request: Request, access: Access, month: str) -> tuple[list, dict, date, date]:
    engine = web(request).engine
    ws = access.workspace
    year, mon = _month(month, ws)
    first = date(year, mon, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    with engine.connect() as conn:
        channels = {c.id: c for c in store.find_channels(conn, ws.id)}
    return plan.list_items(engine, ws, first, last), channels, first, last


@router.get("/w/{slug}/kalender.ics")
def calendar_ics(request: Request, access: PageAccess, month: str = "") -> Response:
    items, channels, first, last = _export_items(request, access, month)
    text = plan.to_ics(items, access.workspace, channels, holidays_from=first, holidays_to=last)
    name = f"kalender-{access.workspace.slug}-{first:%Y-%m}.ics"
    return Response(
        text.encode(),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/w/{slug}/kalender.csv")
def calendar_csv(request: Request, access: PageAccess, month: str = "") -> Response:
    items, channels, first, _last = _export_items(request, access, month)
    agenda = plan.agenda_titles(web(request).engine, access.workspace)
    text = plan.to_csv(items, access.workspace, channels, agenda)
    name = f"kalender-{access.workspace.slug}-{first:%Y-%m}.csv"
    return Response(
        text.encode(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
