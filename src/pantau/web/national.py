"""The *Nasional* page and its API: the coordinator's view across institutions. Only a
coordinator (a role in every workspace) may see it; an institution's user gets 403 and an
anonymous visitor the login page (401 on the API)."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from pantau.national.issues import find_national_issue
from pantau.national.view import narrative_xlsx, national_view, region_label, view_json
from pantau.report.national import FORMATS, build_national_report, write_national_report
from pantau.store.users import User
from pantau.web.deps import ApiUser, PageSession, web
from pantau.web.render import render

router = APIRouter(include_in_schema=False)
api_router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MISSING_SHOWN = 20  # institutions not carrying a kit, or of each kind of coverage note, listed
WAITING_SHOWN = 50  # members yet to respond listed (all in the issues' tables and the report)
REPORT_MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": XLSX,
    "png": "image/png",
}


def coordinator_only(user: User) -> None:
    if user.global_role is None:
        raise HTTPException(403, "hanya koordinator nasional")


@router.get("/nasional")
def national_page(request: Request, session: PageSession, isu: int | None = None) -> Response:
    coordinator_only(session.user)
    view = national_view(web(request).engine)
    chosen = find_national_issue(view.issues, isu) if isu is not None else None
    if isu is not None and chosen is None:
        raise HTTPException(404, "isu nasional")
    return render(
        request,
        "national.html",
        view=view,
        chosen=chosen or (view.issues[0] if view.issues else None),
        region_label=region_label,
        max_heat=max((t.issues for t in view.tiles), default=0),
        missing_shown=MISSING_SHOWN,
        waiting_shown=WAITING_SHOWN,
    )


@router.get("/nasional/narasi.xlsx")
def national_narratives_xlsx(request: Request, session: PageSession) -> Response:
    coordinator_only(session.user)
    view = national_view(web(request).engine)
    return Response(
        narrative_xlsx(view.narratives),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="narasi-nasional.xlsx"'},
    )


@router.get("/nasional/laporan.{fmt}")
def national_report_file(request: Request, session: PageSession, fmt: str) -> Response:
    """The national daily report as of now, in the page's language."""
    coordinator_only(session.user)
    if fmt not in FORMATS:
        raise HTTPException(404)
    report = build_national_report(web(request).engine, lang=request.state.lang)
    with TemporaryDirectory() as folder:
        (path,) = write_national_report(report, Path(folder), (fmt,))
        data = path.read_bytes()
    return Response(
        data,
        media_type=REPORT_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )


@api_router.get("/nasional")
def national_api(request: Request, user: ApiUser) -> dict[str, object]:
    coordinator_only(user)
    return view_json(national_view(web(request).engine))
