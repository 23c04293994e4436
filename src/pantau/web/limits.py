"""Request bodies are bounded and nobody anonymous gets a body read.

Every request body has a limit: ``UPLOAD_LIMIT`` on the routes that take files (participant
and question lists, post and claim files), ``BODY_LIMIT`` everywhere else (forms, API JSON).
A declared ``Content-Length`` over the limit is refused with 413 before anything is read; a
body that streams past the limit is cut off with 413 too. A request to a workspace page or the
API that carries neither a session cookie nor an ``Authorization`` header is answered at once
(to the login page, or 401) without reading its body — the body of an anonymous 300 MB upload
is never written anywhere. The public participant pages of a bimtek and the login form keep
the small default limit.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pantau.web.deps import SESSION_COOKIE
from pantau.web.values import whole_number

BODY_LIMIT = 1 << 20  # 1 MB
UPLOAD_LIMIT = 50 << 20  # 50 MB (bigger post files: `pantau import` on the server)
UPLOAD_PATHS = re.compile(
    r"^/w/[^/]+/(bimtek/\d+/(peserta|soal)|impor(/.*)?|klaim/impor|agenda/impor|sumber/impor)$"
)


class TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware applying the rules of the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = Headers(scope=scope)
        if path.startswith(("/w/", "/api/")) and not _credentials(headers):
            await _anonymous(path)(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if UPLOAD_PATHS.match(path) else BODY_LIMIT
        declared = whole_number(headers.get("content-length"))
        if declared is not None and declared > limit:
            await _too_large(path, limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except TooLarge:
            if not started:
                await _too_large(path, limit)(scope, receive, send)


def _credentials(headers: Headers) -> bool:
    return "authorization" in headers or f"{SESSION_COOKIE}=" in headers.get("cookie", "")


def _anonymous(path: str) -> Response:
    if path.startswith("/api/"):
        return JSONResponse({"detail": "butuh token API (Authorization: Bearer …)"}, 401)
    return RedirectResponse("/login", status_code=303)


def _too_large(path: str, limit: int) -> Response:
    text = f"isi permintaan terlalu besar (batas {limit >> 20} MB)"
    if path.startswith("/api/"):
        return JSONResponse({"detail": text}, status_code=413)
    return PlainTextResponse("413: " + text, status_code=413)
