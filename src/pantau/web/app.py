"""The FastAPI application: pages (server-rendered Jinja2, autoescaped) and ``/api/v1``.

``create_app(settings)`` opens the database and wires routes, static files (including the
plotly.js that ships inside the ``plotly`` package, so charts work without internet),
security headers, language selection and error pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from pantau import __version__
from pantau.config import Settings
from pantau.locale import fmt_datetime, fmt_day, fmt_int, zone_label
from pantau.web import i18n
from pantau.web.accounts import CookieSigner, Policy, load_secret_key
from pantau.web.deps import LoginRequired, WebContext, web
from pantau.web.views import harmless, web_link

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def _plotly_js() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pantau.web", "templates"),
        autoescape=True,  # every template, whatever its name: post text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["harmless"] = harmless
    env.filters["web_link"] = web_link
    return env


def render(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
    """A page in the request's language; workspace times in the workspace zone."""
    ctx = web(request)
    lang = request.state.lang
    tr = i18n.translations(lang)
    session = getattr(request.state, "session", None)
    workspace = context.get("workspace")
    zone = workspace.timezone if workspace is not None else "Asia/Jakarta"  # type: ignore[attr-defined]
    base = {
        "_": tr.gettext,
        "ngettext": tr.ngettext,
        "lang": lang,
        "request": request,
        "user": session.user if session else None,
        "csrf": session.csrf if session else "",
        "fmt_int": partial(fmt_int, lang=lang),
        "fmt_dt": lambda dt: fmt_datetime(dt, zone, lang) if dt else "",
        "fmt_day": partial(fmt_day, lang=lang),
        "fmt_iso": lambda iso: _fmt_iso(iso, zone, lang),
        "zone": zone_label(zone),
        "workspace": None,
        "role": None,
        "section": "",
        "version": __version__,
        "lang_url": lambda code: _with_lang(request, code),
    }
    html = ctx.templates.get_template(name).render({**base, **context})  # type: ignore[attr-defined]
    return HTMLResponse(html, status_code=status)


def render_page(
    request: Request,
    name: str,
    access: object,
    section: str,
    status: int = 200,
    **context: object,
) -> HTMLResponse:
    """A workspace page: ``render`` with the workspace, the person's role and what it allows
    (``access`` is a ``pantau.web.deps.Access``), and the menu entry to highlight."""
    return render(
        request,
        name,
        status,
        workspace=access.workspace,  # type: ignore[attr-defined]
        role=access.role,  # type: ignore[attr-defined]
        section=section,
        can_edit=access.can("analyst"),  # type: ignore[attr-defined]
        is_admin=access.can("admin"),  # type: ignore[attr-defined]
        **context,
    )


def _fmt_iso(iso: str, zone: str, lang: str) -> str:
    """An ISO time with offset (as ``WorkspaceStats`` gives) in the workspace's words."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return fmt_datetime(moment, zone, lang)


def _with_lang(request: Request, code: str) -> str:
    url = request.url.include_query_params(lang=code)
    return f"{url.path}?{url.query}"


def create_app(
    settings: Settings, engine: Engine | None = None, policy: Policy | None = None
) -> FastAPI:
    from pantau.store import open_database
    from pantau.web import actors, agenda, api, exports, issues, outreach, pages, reports, training
    from pantau.web.labelling import router as labelling_router

    app = FastAPI(
        title="Pantau API",
        version=__version__,
        description="Data workspace Pantau: post, topik, statistik. Autentikasi: "
        "`Authorization: Bearer <token>` (buat token di Pengaturan atau dengan "
        "`pantau token create`).",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # the interactive docs load their scripts from a CDN
        redoc_url=None,
    )
    app.state.web = WebContext(
        engine=engine or open_database(settings.database_url),
        settings=settings,
        signer=CookieSigner(load_secret_key(settings.data_dir)),
        policy=policy or Policy(),
        templates=_templates(),
    )
    app.mount("/static", StaticFiles(directory=str(files("pantau.web") / "static")), name="static")
    plotly_js = _plotly_js()

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_script() -> FileResponse:
        return FileResponse(
            plotly_js,
            media_type="text/javascript",
            headers={"Cache-Control": "public, max-age=86400"},
        )

    @app.middleware("http")
    async def language_and_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        asked = request.query_params.get("lang")
        request.state.lang = i18n.pick_language(asked, request.cookies.get(i18n.COOKIE))
        response: Response = await call_next(request)
        if asked and asked[:2].lower() in i18n.LANGUAGES:
            response.set_cookie(
                i18n.COOKIE, request.state.lang, max_age=365 * 86400, samesite="lax"
            )
        response.headers.setdefault("Content-Security-Policy", _CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith(("/static/", "/vendor/")):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _exc: LoginRequired) -> RedirectResponse:
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(HTTPException)
    async def errors(request: Request, exc: HTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        return render(request, "error.html", status=exc.status_code, code=exc.status_code)

    app.include_router(issues.router)  # before pages: its Isu page replaces the placeholder
    app.include_router(actors.router)
    app.include_router(exports.router)
    app.include_router(outreach.router)
    app.include_router(reports.router)
    app.include_router(agenda.router)
    app.include_router(training.router)
    app.include_router(labelling_router)
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api/v1")
    return app
