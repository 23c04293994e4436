"""The *Klaim* pages: the workspace's database of known hoaxes and their clarifications —
add, import a file (CSV or JSON Lines, the same columns as ``pantau claims import``), edit,
delete — and one claim with the posts matched to it. Thin over :mod:`pantau.factcheck.claims`.

Everyone reads; analysts and admins change. An imported file's refused rows go to a rejects
file under ``<rejects>/claims/<workspace id>/``, served only to that workspace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from pantau.errors import NotFoundError, PantauError
from pantau.factcheck.claims import (
    CATEGORIES,
    VERDICTS,
    Claim,
    ClaimImportSummary,
    add_claim,
    claim_matches_of,
    delete_claim,
    edit_claim,
    get_claim,
    import_claims,
    list_claims,
)
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.uploads import save_upload, too_large

router = APIRouter(include_in_schema=False)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MATCHES_SHOWN = 50
EMPTY = {"claim": "", "verdict": "HOAKS", "category": "lainnya", "clarification": "",
         "source_url": "", "published": ""}  # fmt: skip


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _rejects_folder(request: Request, access: Access) -> Path:
    return web(request).settings.rejects_dir / "claims" / str(int(access.workspace.id))


def _audit(request: Request, access: Access, action: str, target: str) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, access.workspace.id, access.user.email, action, target[:200], {})


def _page(
    request: Request,
    access: Access,
    *,
    values: dict | None = None,
    message: str | None = None,
    error: str | None = None,
    imported: ClaimImportSummary | None = None,
    status: int = 200,
) -> Response:
    return render_page(
        request,
        "claims.html",
        access,
        "claims",
        status,
        claims=list_claims(web(request).engine, access.workspace),
        verdicts=VERDICTS,
        categories=CATEGORIES,
        values=values or EMPTY,
        message=message,
        error=error,
        imported=imported,
        rejects_name=Path(imported.rejects_path).name
        if imported and imported.rejects_path
        else None,
    )


def _fields(
    claim: str, verdict: str, category: str, clarification: str, source_url: str, published: str
) -> dict[str, str]:
    return {
        "claim": claim,
        "verdict": verdict,
        "category": category,
        "clarification": clarification,
        "source_url": source_url,
        "published": published,
    }


@router.get("/w/{slug}/klaim")
def claims_page(request: Request, access: PageAccess) -> Response:
    _ = _tr(request)
    done = {"hapus": _("Klaim dihapus."), "simpan": _("Klaim disimpan.")}
    return _page(request, access, message=done.get(request.query_params.get("ok", "")))


@router.post("/w/{slug}/klaim")
def claim_create(
    request: Request,
    access: PageAccess,
    claim: str = Form(""),
    verdict: str = Form("HOAKS"),
    category: str = Form("lainnya"),
    clarification: str = Form(""),
    source_url: str = Form(""),
    published: str = Form(""),
) -> Response:
    access.require("analyst")
    values = _fields(claim, verdict, category, clarification, source_url, published)
    try:
        saved = add_claim(
            web(request).engine,
            access.workspace,
            claim,
            verdict,
            category,
            clarification or None,
            source_url or None,
            published or None,
        )
    except PantauError as exc:
        return _page(request, access, values=values, error=str(exc), status=400)
    _audit(request, access, "claim.create", f"#{saved.id} {saved.claim}")
    return RedirectResponse(f"/w/{access.workspace.slug}/klaim?ok=simpan", status_code=303)


@router.post("/w/{slug}/klaim/impor")
async def claims_import(request: Request, access: PageAccess) -> Response:
    access.require("analyst")
    _ = _tr(request)
    if too_large(request.headers.get("content-length"), MAX_UPLOAD_BYTES):
        return _page(request, access, error=_("Berkas klaim terlalu besar."), status=413)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _page(request, access, error=_("Pilih berkas klaim."), status=400)
    ctx = web(request)
    folder = ctx.settings.data_dir / "uploads" / str(int(access.workspace.id)) / "claims"
    try:
        path = await save_upload(upload, folder, MAX_UPLOAD_BYTES)
        summary = import_claims(
            ctx.engine, access.workspace, path, rejects_dir=_rejects_folder(request, access)
        )
    except PantauError as exc:
        return _page(request, access, error=str(exc), status=400)
    _audit(request, access, "claim.import", upload.filename)
    return _page(request, access, imported=summary)


@router.get("/w/{slug}/klaim/penolakan/{name}")
def claims_rejects(request: Request, access: PageAccess, name: str) -> Response:
    folder = _rejects_folder(request, access)
    path = folder / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=name)


def _claim_page(
    request: Request,
    access: Access,
    claim: Claim,
    *,
    values: dict | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    posts, stances = claim_matches_of(
        web(request).engine, access.workspace, claim.id, MATCHES_SHOWN
    )
    current = values or {
        "claim": claim.claim,
        "verdict": claim.verdict,
        "category": claim.category,
        "clarification": claim.clarification or "",
        "source_url": claim.source_url or "",
        "published": claim.published.isoformat() if claim.published else "",
    }
    return render_page(
        request,
        "claim.html",
        access,
        "claims",
        status,
        claim=claim,
        posts=posts,
        stances=stances,
        values=current,
        verdicts=VERDICTS,
        categories=CATEGORIES,
        error=error,
    )


def _find(request: Request, access: Access, claim_id: int) -> Claim:
    try:
        return get_claim(web(request).engine, access.workspace, claim_id)
    except NotFoundError:
        raise HTTPException(404) from None


@router.get("/w/{slug}/klaim/{claim_id:int}")
def claim_page(request: Request, access: PageAccess, claim_id: int) -> Response:
    return _claim_page(request, access, _find(request, access, claim_id))


@router.post("/w/{slug}/klaim/{claim_id:int}")
def claim_save(
    request: Request,
    access: PageAccess,
    claim_id: int,
    claim: str = Form(""),
    verdict: str = Form("HOAKS"),
    category: str = Form("lainnya"),
    clarification: str = Form(""),
    source_url: str = Form(""),
    published: str = Form(""),
) -> Response:
    access.require("analyst")
    found = _find(request, access, claim_id)
    values = _fields(claim, verdict, category, clarification, source_url, published)
    try:
        saved = edit_claim(
            web(request).engine,
            access.workspace,
            claim_id,
            claim=claim,
            verdict=verdict,
            category=category,
            clarification=clarification or None,
            source_url=source_url or None,
            published=published or None,
        )
    except PantauError as exc:
        return _claim_page(request, access, found, values=values, error=str(exc), status=400)
    _audit(request, access, "claim.edit", f"#{saved.id} {saved.claim}")
    return RedirectResponse(f"/w/{access.workspace.slug}/klaim/{claim_id}?ok=1", status_code=303)


@router.post("/w/{slug}/klaim/{claim_id:int}/hapus")
def claim_remove(request: Request, access: PageAccess, claim_id: int) -> Response:
    access.require("analyst")
    try:
        gone = delete_claim(web(request).engine, access.workspace, claim_id)
    except NotFoundError:
        raise HTTPException(404) from None
    _audit(request, access, "claim.delete", f"#{gone.id} {gone.claim}")
    return RedirectResponse(f"/w/{access.workspace.slug}/klaim?ok=hapus", status_code=303)
