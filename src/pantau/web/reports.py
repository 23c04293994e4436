"""The *Laporan* page: the workspace's daily reports (written by the service every morning,
by ``pantau report daily`` or by the button here), listed from their manifests, with their
files to download. Only files named in a manifest of this workspace are served."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from pantau.errors import PantauError
from pantau.report.daily import build_daily_report
from pantau.report.render import list_reports, write_daily_report
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page

router = APIRouter(include_in_schema=False)
# An HTML report carries post text: shown inline, it may style itself and show its own
# images, but runs no script, loads nothing and stays apart from the dashboard's origin.
REPORT_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)
MEDIA = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".json": "application/json",
}


def _reports(request: Request, access: Access) -> list[dict]:
    return list_reports(web(request).settings.data_dir / "reports", access.workspace.slug)


@router.get("/w/{slug}/laporan")
def reports_page(request: Request, access: PageAccess, error: str = "") -> Response:
    return render_page(
        request, "reports.html", access, "reports", reports=_reports(request, access), error=error
    )


@router.post("/w/{slug}/laporan")
def report_now(request: Request, access: PageAccess) -> Response:
    """Write the daily report of the latest day now (every format)."""
    access.require("analyst")
    ctx = web(request)
    try:
        report = build_daily_report(ctx.engine, access.workspace)
        write_daily_report(report, ctx.settings.data_dir / "reports")
    except PantauError as exc:
        return render_page(
            request, "reports.html", access, "reports", 400,
            reports=_reports(request, access), error=str(exc),
        )  # fmt: skip
    return RedirectResponse(f"/w/{access.workspace.slug}/laporan", status_code=303)


@router.get("/w/{slug}/laporan/{name}")
def report_file(request: Request, access: PageAccess, name: str) -> Response:
    allowed = {f for m in _reports(request, access) for f in [*m.get("files", [])]}
    allowed |= {m["manifest"].rsplit("/", 1)[-1] for m in _reports(request, access)}
    if name not in allowed or "/" in name or name.startswith("."):
        raise HTTPException(404)
    path = web(request).settings.data_dir / "reports" / name
    if not path.is_file():
        raise HTTPException(404)
    suffix = path.suffix.lower()
    inline = suffix in (".pdf", ".png", ".html")
    response = FileResponse(
        path,
        media_type=MEDIA.get(suffix, "application/octet-stream"),
        filename=name,
        content_disposition_type="inline" if inline else "attachment",
    )
    if suffix == ".html":  # opens in the browser, as a sandboxed page that runs nothing
        response.headers["Content-Security-Policy"] = REPORT_CSP
    return response
