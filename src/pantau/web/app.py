"""The FastAPI application: pages (server-rendered Jinja2, autoescaped) and ``/api/v1``.

``create_app(settings)`` opens the database and wires routes, static files (including the
plotly.js that ships inside the ``plotly`` package, so charts work without internet),
security headers, language selection and error pages.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import threading
from collections.abc import Awaitable, Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

import plotly
from fastapi import FastAPI, Request
from fastapi.responses import (
    FileResponse,
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pantau import __version__
from pantau.agenda import stats as agenda_stats
from pantau.config import Settings, load_settings
from pantau.store import open_database
from pantau.users.accounts import CookieSigner, Policy, load_secret_key
from pantau.web import (
    actors,
    agenda,
    alerts,
    api,
    claims,
    coordination,
    directory,
    exports,
    i18n,
    imports,
    issues,
    labelling,
    national,
    outreach,
    pages,
    reports,
    sources,
    system,
    training,
)
from pantau.web.deps import LoginRequired, WebContext
from pantau.web.limits import BodyLimit
from pantau.web.render import render, templates

log = logging.getLogger("pantau.web")

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)


def _plotly_js() -> Path:
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@cache
def _gzipped(path: Path) -> bytes:
    """A static file's gzip bytes, compressed once per process."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


UNAVAILABLE = "basis data tidak bisa dihubungi; coba lagi sebentar lagi"
BAD_VALUE = "masukan memuat nilai yang tidak bisa disimpan (mis. karakter NUL)"


BUSY = "server sedang sibuk; coba lagi sebentar lagi"


def _unavailable(request: Request, busy: bool = False) -> Response:
    """503 with ``Retry-After``: JSON for the API, a page (needing no database) otherwise.
    ``busy``: every database connection of this process stayed in use for the pool's timeout
    (a burst of requests), so the answer says so and asks to come back sooner."""
    headers = {"Retry-After": "5" if busy else "30"}
    if request.url.path.startswith("/api/"):
        message = BUSY if busy else UNAVAILABLE
        return JSONResponse({"detail": message}, status_code=503, headers=headers)
    if not hasattr(request.state, "lang"):
        request.state.lang = i18n.pick_language(None, request.cookies.get(i18n.COOKIE))
    request.state.session = None
    _ = i18n.translations(request.state.lang).gettext
    detail = _("Server sedang sibuk. Coba muat ulang halaman ini sebentar lagi.") if busy else None
    response = render(request, "error.html", status=503, code=503, detail=detail)
    response.headers.update(headers)
    return response


def app_from_environment() -> FastAPI:
    """The application of one worker process of ``pantau serve --workers N`` (uvicorn imports
    it by name in each process): the settings come from the environment the server set."""
    return create_app(load_settings())


def create_app(
    settings: Settings, engine: Engine | None = None, policy: Policy | None = None
) -> FastAPI:
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
        engine=engine
        or open_database(
            settings.database_url,
            settings.connect_timeout,
            settings.web_statement_timeout,
            **settings.pool_options(),
        ),
        settings=settings,
        signer=CookieSigner(load_secret_key(settings.data_dir)),
        policy=policy or Policy(),
        templates=templates(),
    )
    exports.clean_stopped_exports(settings.data_dir)
    threading.Thread(target=agenda_stats.preload, name="pantau-preload", daemon=True).start()
    app.mount("/static", StaticFiles(directory=str(files("pantau.web") / "static")), name="static")
    plotly_js = _plotly_js()

    static_headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_script(request: Request) -> Response:
        """plotly.js gzip-compressed for browsers that take it (4.8 MB becomes about 1.4)."""
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(
                _gzipped(plotly_js),
                media_type="text/javascript",
                headers={**static_headers, "Content-Encoding": "gzip"},
            )
        return FileResponse(plotly_js, media_type="text/javascript", headers=static_headers)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        icon = Path(str(files("pantau.web") / "static" / "favicon.svg"))
        return FileResponse(icon, media_type="image/svg+xml", headers=static_headers)

    @app.middleware("http")
    async def language_and_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
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

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def database_down(request: Request, exc: Exception) -> Response:
        log.error("database unavailable: %s", str(exc).splitlines()[0][:200] if str(exc) else exc)
        return _unavailable(request)

    @app.exception_handler(PoolTimeout)
    async def database_busy(request: Request, _exc: PoolTimeout) -> Response:
        log.warning("no free database connection for %s", request.url.path)
        return _unavailable(request, busy=True)

    @app.exception_handler(DataError)
    async def bad_value(request: Request, exc: DataError) -> Response:
        """A value the database cannot hold (a NUL character, a number out of range) came in
        with the request: the request is wrong, not the server."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": BAD_VALUE}, status_code=400)
        return render(request, "error.html", status=400, code=400, detail=None)

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
        # a request error says what was wrong with it; others say only what happened
        detail = exc.detail if exc.status_code in (400, 413, 429) else None
        return render(
            request, "error.html", status=exc.status_code, code=exc.status_code, detail=detail
        )

    app.include_router(issues.router)  # before pages: its Isu page replaces the placeholder
    app.include_router(actors.router)
    app.include_router(coordination.router)
    app.include_router(alerts.router)
    app.include_router(imports.router)
    app.include_router(claims.router)
    app.include_router(exports.router)
    app.include_router(outreach.router)
    app.include_router(reports.router)
    app.include_router(agenda.router)
    app.include_router(training.router)
    app.include_router(labelling.router)
    app.include_router(sources.router)
    app.include_router(system.router)
    app.include_router(national.router)
    app.include_router(directory.router)
    app.include_router(pages.router)
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(national.api_router, prefix="/api/v1")
    app.add_middleware(Bounded, seconds=max(settings.web_statement_timeout, 1) * 2)
    app.add_middleware(BodyLimit)
    return app


class Bounded:
    """Answers 503 to a request still unanswered after ``seconds``: a frozen database server
    answers nothing, not even a statement timeout, and a sync endpoint's thread cannot be
    stopped. The late request goes on in the background and what it sends is dropped."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = late = False

        async def guarded(message: Message) -> None:
            nonlocal started
            if late:
                return
            started = True
            await send(message)

        task = asyncio.ensure_future(self.app(scope, receive, guarded))
        done, _pending = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            task.result()
            return
        late = True
        if started:  # the answer began; let it finish in the background
            return
        path = scope.get("path", "")
        log.warning("request %s %s unanswered after %s s", scope.get("method"), path, self.seconds)
        response = (
            JSONResponse({"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "30"})
            if path.startswith("/api/")
            else PlainTextResponse(
                "503: " + UNAVAILABLE, status_code=503, headers={"Retry-After": "30"}
            )
        )
        await response(scope, receive, send)
