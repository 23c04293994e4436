"""The *Agenda* page (the institution's agenda against news and the public, ranks side by
side, lead and lag with what the data can and cannot say, gaps, calendar) and the *Narasi*
pages (narrative kits: adoption, speed, fidelity and reach per account and institution).
Thin over :mod:`pantau.agenda`; every text from posts or files is escaped by the templates."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from pantau.agenda.analysis import agenda_report, default_period
from pantau.agenda.narrative import list_kits
from pantau.agenda.narrative_report import fidelity_band, fmt_delay, narrative_report
from pantau.agenda.salience import ARENA_LABELS, ARENAS
from pantau.errors import NotFoundError, PantauError
from pantau.locale import parse_day_text
from pantau.web import charts, i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)
MAX_DAYS = 366


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
                     since=since, until=until)  # fmt: skip
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
    return _page(request, "narratives.html", access, "narratives", rows=rows, fmt_delay=fmt_delay)


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
