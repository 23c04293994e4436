"""The *Direktori instansi* page (national admins: a coordinator whose role in every workspace
is admin): every workspace's kind, province and regency (Kemendagri codes), editing one, and
the CSV/XLSX import that sets up many workspaces with their official accounts. The same
functions as ``pantau workspaces edit`` and ``pantau workspaces import`` do the checking."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from pantau.errors import NotFoundError, PantauError
from pantau.locale import ZONE_ALIASES, zone_label
from pantau.national.directory import DirectoryEdit, edit_workspace, import_directory
from pantau.national.regions import provinces, region_name, regions
from pantau.records import Workspace
from pantau.store.users import User
from pantau.store.workspaces import WORKSPACE_KINDS, get_workspace, list_workspaces
from pantau.users import accounts
from pantau.web import i18n
from pantau.web.deps import PageSession, web
from pantau.web.limits import BODY_LIMIT
from pantau.web.render import render
from pantau.web.uploads import save_upload, too_large

router = APIRouter(include_in_schema=False)
HOME = "/nasional/direktori"


def national_admin_only(user: User) -> None:
    """Only a coordinator who is admin in every workspace edits the directory."""
    if user.global_role != "admin":
        raise HTTPException(403, "hanya admin nasional")


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _regencies() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regencies and cities grouped under their province, for the form's choice."""
    grouped: dict[str, list[tuple[str, str]]] = {p.code: [] for p in provinces()}
    for region in regions().values():
        if region.kind != "provinsi":
            grouped[region.province_code].append((region.code, region.name))
    return [(region_name(code), found) for code, found in grouped.items() if found]


def _list_page(
    request: Request,
    *,
    message: str | None = None,
    error: str | None = None,
    imported: object = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "directory.html",
        status,
        spaces=list_workspaces(web(request).engine),
        region_name=region_name,
        zone_label=zone_label,
        message=message,
        error=error,
        imported=imported,
        limit_mb=BODY_LIMIT >> 20,
    )


def _edit_page(
    request: Request, ws: Workspace, *, error: str | None = None, status: int = 200
) -> Response:
    return render(
        request,
        "directory_edit.html",
        status,
        ws=ws,
        kinds=WORKSPACE_KINDS,
        zones=ZONE_ALIASES,
        provinces=provinces(),
        regencies=_regencies(),
        error=error,
    )


def _workspace_or_404(request: Request, slug: str) -> Workspace:
    try:
        return get_workspace(web(request).engine, slug)
    except NotFoundError:
        raise HTTPException(404, "workspace") from None


def _audit(
    request: Request, user: User, workspace_id: int | None, action: str, target: str
) -> None:
    with web(request).engine.begin() as conn:
        accounts.audit(conn, workspace_id, user.email, action, target[:200], {})


@router.get(HOME)
def directory_page(request: Request, session: PageSession, ok: str | None = None) -> Response:
    national_admin_only(session.user)
    _ = _tr(request)
    return _list_page(request, message=_("Instansi disimpan.") if ok else None)


@router.post(HOME + "/impor")
async def directory_import(request: Request, session: PageSession) -> Response:
    national_admin_only(session.user)
    _ = _tr(request)
    if too_large(request.headers.get("content-length"), BODY_LIMIT):
        return _list_page(request, error=_("Berkas direktori terlalu besar."), status=413)
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _list_page(request, error=_("Pilih berkas direktori."), status=400)
    ctx = web(request)
    try:
        path = await save_upload(
            upload, ctx.settings.data_dir / "uploads" / "directory", BODY_LIMIT
        )
    except PantauError as exc:
        return _list_page(request, error=str(exc), status=400)
    try:
        result = import_directory(ctx.engine, path)
    finally:
        path.unlink(missing_ok=True)
    _audit(request, session.user, None, "directory.import", upload.filename)
    return _list_page(request, imported=result)


@router.get(HOME + "/w/{slug}")
def directory_entry(request: Request, session: PageSession, slug: str) -> Response:
    national_admin_only(session.user)
    return _edit_page(request, _workspace_or_404(request, slug))


@router.post(HOME + "/w/{slug}")
async def directory_edit(request: Request, session: PageSession, slug: str) -> Response:
    national_admin_only(session.user)
    ws = _workspace_or_404(request, slug)
    form = await request.form()
    value = lambda name: str(form.get(name) or "").strip()  # noqa: E731
    edit = DirectoryEdit(
        name=value("name") or None,
        kind=value("kind") or None,
        timezone=value("timezone") or None,
        province=value("province"),  # "" clears it
        regency=value("regency"),
    )
    try:
        changed = edit_workspace(web(request).engine, ws.slug, edit)
    except PantauError as exc:
        return _edit_page(request, ws, error=str(exc), status=400)
    where = region_name(changed.regency_code or changed.province_code)
    _audit(request, session.user, changed.id, "directory.edit", f"{changed.kind} {where}")
    return RedirectResponse(f"{HOME}?ok=1#ws-{changed.slug}", status_code=303)
