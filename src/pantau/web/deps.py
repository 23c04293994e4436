"""Who is asking, and may they: sessions with CSRF checks for pages, bearer tokens for the
API, and the workspace a request may touch. Every data route goes through ``Access``, so a
workspace the caller has no role in is "not found" whatever id is guessed."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

import jinja2
from fastapi import Depends, HTTPException, Request
from sqlalchemy import Engine

from pantau.config import Settings
from pantau.errors import NotFoundError
from pantau.records import Workspace
from pantau.store.users import User
from pantau.store.workspaces import get_workspace
from pantau.users.accounts import (
    CookieSigner,
    Policy,
    Session,
    find_session,
    role_in,
    role_rank,
    token_user,
)

SESSION_COOKIE = "pantau_session"
LOGIN_CSRF_COOKIE = "pantau_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class WebContext:
    engine: Engine
    settings: Settings
    signer: CookieSigner
    policy: Policy
    templates: jinja2.Environment


class LoginRequired(Exception):
    """Raised for a page request without a valid session: answered with a redirect."""


def web(request: Request) -> WebContext:
    return request.app.state.web


def _session(request: Request) -> Session | None:
    ctx = web(request)
    raw = request.cookies.get(SESSION_COOKIE)
    secret = ctx.signer.unsign(raw) if raw else None
    return find_session(ctx.engine, secret) if secret else None


def optional_session(request: Request) -> Session | None:
    session = _session(request)
    request.state.session = session
    return session


def signed_in(request: Request) -> Session:
    session = optional_session(request)
    if session is None:
        raise LoginRequired()
    return session


async def page_session(
    request: Request, session: Annotated[Session, Depends(signed_in)]
) -> Session:
    """The signed-in session; on unsafe methods the CSRF token must match (form field or
    ``X-CSRF-Token`` header)."""
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None:
            form = await request.form()
            value = form.get(CSRF_FIELD)
            sent = value if isinstance(value, str) else None
        if not sent or not hmac.compare_digest(sent, session.csrf):
            raise HTTPException(403, "csrf")
    return session


@dataclass(frozen=True)
class Access:
    user: User
    workspace: Workspace
    role: str
    session: Session | None = None

    def can(self, role: str) -> bool:
        return role_rank(self.role) >= role_rank(role)

    def require(self, role: str) -> None:
        if not self.can(role):
            raise HTTPException(403, "role")


def workspace_for(ctx: WebContext, user: User, slug: str) -> tuple[Workspace, str]:
    """The workspace and the user's role in it; 404 when it does not exist *or* the user has
    no role in it, so existence is not revealed either."""
    try:
        ws = get_workspace(ctx.engine, slug)
    except NotFoundError:
        raise HTTPException(404, "workspace") from None
    with ctx.engine.connect() as conn:
        role = role_in(conn, user, ws.id)
    if role is None:
        raise HTTPException(404, "workspace")
    return ws, role


def page_access(
    slug: str, request: Request, session: Annotated[Session, Depends(page_session)]
) -> Access:
    ws, role = workspace_for(web(request), session.user, slug)
    return Access(session.user, ws, role, session)


def api_user(request: Request) -> User:
    """The user of the request's bearer token; a ``read`` token may only read (GET)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    found = token_user(web(request).engine, token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        raise HTTPException(
            401,
            "token API tidak ada, tidak sah atau kedaluwarsa",
            headers={"WWW-Authenticate": "Bearer"},
        )
    user, scope = found
    if scope != "write" and request.method not in ("GET", "HEAD"):
        raise HTTPException(403, "token ini hanya untuk membaca (cakupan read)")
    return user


def api_access(slug: str, request: Request, user: Annotated[User, Depends(api_user)]) -> Access:
    ws, role = workspace_for(web(request), user, slug)
    return Access(user, ws, role)


PageSession = Annotated[Session, Depends(page_session)]
MaybeSession = Annotated[Session | None, Depends(optional_session)]
PageAccess = Annotated[Access, Depends(page_access)]
ApiUser = Annotated[User, Depends(api_user)]
ApiAccess = Annotated[Access, Depends(api_access)]
