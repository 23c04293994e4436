"""Server-rendered pages: login, Ringkasan, Topik, Pencarian, Pengaturan (and the Isu
placeholder). Every workspace page goes through ``page_access``; every form POST through
``page_session``'s CSRF check."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask

from pantau.errors import PantauError
from pantau.export import CHOICES, export_posts
from pantau.locale import fmt_datetime
from pantau.monitor.topics import CATEGORIES, add_topic, edit_topic, list_topics
from pantau.records import PLATFORMS
from pantau.report.daily import platform_name
from pantau.search import matching_ids
from pantau.store import alerts as alert_store
from pantau.store.enrichment import set_label
from pantau.store.posts import SORTS, post_exists
from pantau.store.topics import Topic
from pantau.store.users import Invitation, User
from pantau.store.workspaces import workspace_name, workspace_slug
from pantau.today import today
from pantau.users import accounts
from pantau.web import charts, i18n
from pantau.web.deps import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Access,
    MaybeSession,
    PageAccess,
    PageSession,
    web,
)
from pantau.web.exports import SYNC_LIMIT
from pantau.web.issues import IssueQuery, find_issues
from pantau.web.ratelimit import RateLimit
from pantau.web.render import render, render_page
from pantau.web.values import whole_number
from pantau.web.views import (
    SearchQuery,
    TopicTest,
    overview,
    overview_leads,
    search,
    try_query,
)

TOPIC_TESTS = RateLimit(per_minute=20)  # each test reads the workspace's posts
router = APIRouter(include_in_schema=False)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no ``//host`` or scheme), so login cannot bounce elsewhere."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


# --- login ----------------------------------------------------------------------------------


def _login_page(
    request: Request, status: int = 200, error: str | None = None, email: str = ""
) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        status=status,
        login_csrf=token,
        error=error,
        email=email,
        next=_safe_next(request.query_params.get("next")),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request)
    )
    return response


@router.get("/login")
def login_form(request: Request, session: MaybeSession) -> Response:
    if session is not None:
        return _redirect("/")
    return _login_page(request)


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    csrf_token: str = Form(""),
    next: str = Form("/"),
) -> Response:
    _ = _tr(request)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise HTTPException(403, "csrf")
    ctx = web(request)
    address = request.client.host if request.client else "unknown"
    result = accounts.authenticate(ctx.engine, email, password, address, ctx.policy)
    if result.locked_until is not None:
        until = fmt_datetime(result.locked_until, "Asia/Jakarta", request.state.lang)
        message = _("Terlalu banyak percobaan gagal. Coba lagi setelah %(until)s.") % {
            "until": until
        }
        return _login_page(request, 429, message, email)
    if result.user is None:
        return _login_page(request, 401, _("Email atau kata sandi salah."), email)
    secret, _session = accounts.start_session(ctx.engine, result.user, ctx.policy)
    response = _redirect(_safe_next(next))
    response.set_cookie(
        SESSION_COOKIE,
        ctx.signer.sign(secret),
        max_age=int(ctx.policy.session.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, session: PageSession) -> Response:
    accounts.end_session(web(request).engine, session)
    response = _redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def home(request: Request, session: PageSession) -> Response:
    visible = accounts.visible_workspaces(web(request).engine, session.user)
    if len(visible) == 1:
        return _redirect(f"/w/{visible[0][0].slug}")
    return render(request, "home.html", workspaces=visible)


# --- account --------------------------------------------------------------------------------


@router.get("/akun/sandi")
def password_form(request: Request, session: PageSession) -> Response:
    return render(request, "password.html", error=None, done=False)


@router.post("/akun/sandi")
def password_change(
    request: Request,
    session: PageSession,
    current: str = Form(""),
    new: str = Form(""),
    repeat: str = Form(""),
) -> Response:
    _ = _tr(request)
    if new != repeat:
        return render(
            request, "password.html", 400, error=_("Kata sandi baru tidak sama."), done=False
        )
    try:
        accounts.change_password(web(request).engine, session.user, current, new, session.id)
    except PantauError as exc:
        return render(request, "password.html", 400, error=str(exc), done=False)
    return render(request, "password.html", error=None, done=True)


# --- workspace pages ------------------------------------------------------------------------


def _page(
    request: Request, name: str, access: Access, section: str, status: int = 200, **context: object
) -> Response:
    return render_page(request, name, access, section, status, **context)


@router.get("/w/{slug}")
def overview_page(request: Request, access: PageAccess) -> Response:
    _ = _tr(request)
    engine = web(request).engine
    morning = today(engine, access.workspace)
    data = overview(engine, access.workspace)
    figures = {}
    if data.stats.posts:
        figures["volume"] = charts.volume_by_day(data.stats.by_day, _("Volume post per hari"))
        figures["platform"] = charts.by_platform(
            data.stats.by_platform,
            _("Post per platform"),
            partial(platform_name, lang=request.state.lang),
        )
    if data.sentiment_by_day:
        labels = {"positive": _("positif"), "neutral": _("netral"), "negative": _("negatif")}
        figures["sentiment"] = charts.sentiment_by_day(
            data.sentiment_by_day, _("Sentimen per hari"), lambda s: labels.get(s, s)
        )
    open_issues = [
        i
        for i in find_issues(engine, access.workspace, IssueQuery(), per_page=20).issues
        if i["status"] not in ("selesai", "diabaikan")
    ][:5]
    with engine.connect() as conn:
        alerts = alert_store.recent_events(conn, access.workspace.id)
    return _page(
        request,
        "overview.html",
        access,
        "overview",
        data=data,
        figures=figures,
        leads=overview_leads(data, _, request.state.lang),
        today=morning,
        top_issues=open_issues,
        alerts=alerts,
    )


def _topic_form(
    request: Request,
    access: Access,
    *,
    topic: Topic | None = None,
    values: dict | None = None,
    test: TopicTest | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    topics = list_topics(web(request).engine, access.workspace)
    return _page(
        request,
        "topics.html",
        access,
        "topics",
        topics=topics,
        topic=topic,
        values=values
        or {"name": "", "query": "", "category": "lainnya", "owner": "", "active": True},
        categories=CATEGORIES,
        test=test,
        error=error,
        saved=request.query_params.get("saved"),
        status=status,
    )


@router.get("/w/{slug}/topik")
def topics_page(request: Request, access: PageAccess) -> Response:
    return _topic_form(request, access)


def _find_topic(request: Request, access: Access, topic_id: int) -> Topic:
    found = [t for t in list_topics(web(request).engine, access.workspace) if t.id == topic_id]
    if not found:
        raise HTTPException(404, "topic")
    return found[0]


@router.get("/w/{slug}/topik/{topic_id:int}")
def topic_page(request: Request, topic_id: int, access: PageAccess) -> Response:
    topic = _find_topic(request, access, topic_id)
    values = {
        "name": topic.name,
        "query": topic.query,
        "category": topic.category,
        "owner": topic.owner or "",
        "active": topic.active,
    }
    return _topic_form(request, access, topic=topic, values=values)


@router.get("/w/{slug}/topik/{topic_id:int}/hasil")
def topic_results(request: Request, topic_id: int, access: PageAccess) -> Response:
    """What a topic finds: its trend, sentiment and top accounts, the posts with the most
    interactions, and its issues (the same query language as Pencarian)."""
    topic = _find_topic(request, access, topic_id)
    engine = web(request).engine
    query = SearchQuery(q=topic.query, sort="interaksi")
    results = search(engine, access.workspace, query, per_page=10)
    issues = find_issues(engine, access.workspace, IssueQuery(topic=str(topic.id)), per_page=5)
    return _page(
        request, "topic_results.html", access, "topics",
        topic=topic, results=results, issues=issues, search_params=query.params(),
    )  # fmt: skip


@router.post("/w/{slug}/topik/uji")
def topic_live_test(request: Request, access: PageAccess, query: str = Form("")) -> JSONResponse:
    if not TOPIC_TESTS.allow(access.user.id):
        raise HTTPException(429, "terlalu banyak uji kueri; tunggu sebentar")
    return JSONResponse(try_query(web(request).engine, access.workspace, query).as_dict())


def _save_topic(
    request: Request,
    access: Access,
    topic_id: int | None,
    name: str,
    query: str,
    category: str,
    owner: str,
    active: bool,
    action: str,
) -> Response:
    access.require("analyst")
    engine = web(request).engine
    topic = _find_topic(request, access, topic_id) if topic_id is not None else None
    values = {"name": name, "query": query, "category": category, "owner": owner, "active": active}
    test = try_query(engine, access.workspace, query)
    if action == "test" or test.error:
        status = 400 if test.error else 200
        return _topic_form(request, access, topic=topic, values=values, test=test, status=status)
    try:
        known = matching_ids(engine, access.workspace, query)
        if topic is None:
            saved = add_topic(
                engine, access.workspace, name, query, category, owner or None,
                active=active, matches=known,
            )  # fmt: skip
            action_name, details = "topic.create", {"query": saved.query}
        else:
            saved = edit_topic(
                engine,
                access.workspace,
                topic.name,
                new_name=name,
                query=query,
                category=category,
                owner=owner,
                active=active,
                matches=known,
            )
            action_name, details = "topic.edit", {"before": topic.query, "query": saved.query}
    except PantauError as exc:
        return _topic_form(request, access, topic=topic, values=values, error=str(exc), status=400)
    with engine.begin() as conn:
        accounts.audit(
            conn, access.workspace.id, access.user.email, action_name, saved.name, details
        )
    return _redirect(f"/w/{access.workspace.slug}/topik?saved={saved.id}")


@router.post("/w/{slug}/topik")
def topic_create(
    request: Request,
    access: PageAccess,
    name: str = Form(""),
    query: str = Form(""),
    category: str = Form("lainnya"),
    owner: str = Form(""),
    active: bool = Form(False),
    action: str = Form("save"),
) -> Response:
    return _save_topic(request, access, None, name, query, category, owner, active, action)


@router.post("/w/{slug}/topik/{topic_id:int}")
def topic_edit(
    request: Request,
    access: PageAccess,
    topic_id: int,
    name: str = Form(""),
    query: str = Form(""),
    category: str = Form("lainnya"),
    owner: str = Form(""),
    active: bool = Form(False),
    action: str = Form("save"),
) -> Response:
    return _save_topic(request, access, topic_id, name, query, category, owner, active, action)


def _search_query(q: str, platform: str, author: str, since: str, until: str) -> SearchQuery:
    return SearchQuery(q=q, platform=platform, author=author, since=since, until=until)


SENTIMENT_LABELS = ("positive", "neutral", "negative")


@router.post("/w/{slug}/post/{post_id:int}/label")
def label_post(
    request: Request,
    post_id: int,
    access: PageAccess,
    sentiment: str = Form(""),
    back: str = Form(""),
) -> Response:
    """An analyst's sentiment label for one post: a training example for `pantau model
    train` (the workspace's own model)."""
    access.require("analyst")
    if sentiment not in SENTIMENT_LABELS:
        raise HTTPException(400, "label")
    engine = web(request).engine
    with engine.connect() as conn:
        if not post_exists(conn, access.workspace.id, post_id):
            raise HTTPException(404, "post")
    set_label(engine, access.workspace.id, post_id, "sentiment", sentiment, access.user.email)
    with engine.begin() as conn:
        accounts.audit(
            conn,
            access.workspace.id,
            access.user.email,
            "post.label",
            f"#{post_id}",
            {"sentiment": sentiment},
        )
    home = f"/w/{access.workspace.slug}/"
    target = back if back.startswith(home) and "//" not in back else f"{home}cari"
    return _redirect(target)


@router.get("/w/{slug}/cari")
def search_page(
    request: Request,
    access: PageAccess,
    q: str = "",
    platform: str = "",
    author: str = "",
    since: str = "",
    until: str = "",
    sort: str = "waktu",
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    query = replace(_search_query(q, platform, author, since, until), sort=sort)
    try:
        results = search(web(request).engine, access.workspace, query, page)
        error = None
    except PantauError as exc:
        results, error = None, str(exc)
    return _page(
        request,
        "search.html",
        access,
        "search",
        query=query,
        results=results,
        error=error,
        platforms=PLATFORMS,
        sorts=SORTS,
        sync_limit=SYNC_LIMIT,
    )


@router.get("/w/{slug}/cari/ekspor")
def search_export(
    request: Request,
    access: PageAccess,
    format: str = Query("csv", pattern="^(csv|csv_titikkoma|xlsx)$"),
    q: str = "",
    platform: str = "",
    author: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    query = _search_query(q, platform, author, since, until)
    try:
        f = query.to_filter(access.workspace.timezone)
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    folder = Path(tempfile.mkdtemp(prefix="pantau-export-"))
    fmt, separator = CHOICES[format]
    name = f"pantau-{access.workspace.slug}-{date.today().isoformat()}.{fmt}"
    path = folder / name

    def cleanup() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    try:
        export_posts(
            web(request).engine, access.workspace, path, fmt, f, separator, limit=SYNC_LIMIT
        )
    except PantauError as exc:
        cleanup()
        raise HTTPException(400, str(exc)) from None

    return FileResponse(path, filename=name, background=BackgroundTask(cleanup))


# --- settings -------------------------------------------------------------------------------


def _settings(
    request: Request,
    access: Access,
    *,
    new_token: str | None = None,
    invite_link: str | None = None,
    message: str | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    engine = web(request).engine
    admin = access.can("admin")
    return _page(
        request,
        "settings.html",
        access,
        "settings",
        members=accounts.members(engine, access.workspace) if admin else [],
        invitations=accounts.invitations(engine, access.workspace) if admin else [],
        invite_link=invite_link,
        tokens=accounts.tokens(engine, access.user),
        audit=accounts.audit_entries(engine, access.workspace) if access.can("admin") else [],
        roles=accounts.ROLES,
        new_token=new_token,
        message=message,
        error=error,
        status=status,
    )


@router.get("/w/{slug}/pengaturan")
def settings_page(request: Request, access: PageAccess) -> Response:
    return _settings(request, access)


@router.post("/w/{slug}/pengaturan/anggota")
def member_add(
    request: Request,
    access: PageAccess,
    email: str = Form(""),
    role: str = Form("viewer"),
) -> Response:
    """Invite a person: they join when they accept with the link (the page says the same
    whether the email has an account or not)."""
    access.require("admin")
    _ = _tr(request)
    try:
        _invitation, secret = accounts.invite(
            web(request).engine, access.workspace, email, role, access.user.email
        )
    except PantauError as exc:
        return _settings(request, access, error=str(exc), status=400)
    link = str(request.base_url).rstrip("/") + f"/undangan/{secret}"
    return _settings(request, access, invite_link=link, message=_("Undangan dibuat."))


@router.post("/w/{slug}/pengaturan/undangan/{invitation_id}/batal")
def invitation_cancel(request: Request, access: PageAccess, invitation_id: str) -> Response:
    access.require("admin")
    _ = _tr(request)
    try:
        accounts.cancel_invitation(
            web(request).engine, access.workspace, invitation_id, access.user.email
        )
    except PantauError:
        raise HTTPException(404, "undangan") from None
    return _settings(request, access, message=_("Undangan dibatalkan."))


@router.get("/undangan/{link}")
def invitation_page(request: Request, link: str, session: MaybeSession) -> Response:
    try:
        found = accounts.open_invitation(web(request).engine, link)
    except PantauError:
        raise HTTPException(404, "undangan") from None
    return _invitation_page(request, found, link, session.user if session else None)


def _invitation_page(
    request: Request,
    found: Invitation,
    link: str,
    user: User | None,
    status: int = 200,
    error: str | None = None,
) -> Response:
    token = secrets.token_urlsafe(24)
    name = workspace_name(web(request).engine, found.workspace_id)
    response = render(
        request,
        "invitation.html",
        status,
        invitation=found,
        link=link,
        error=error,
        signed_in=user,
        login_csrf=token,
        workspace_name=name,
    )
    if user is None:  # the form of a person without an account is checked against this
        response.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request)
        )
    return response


@router.post("/undangan/{link}")
def invitation_accept(
    request: Request,
    link: str,
    session: MaybeSession,
    name: str = Form(""),
    password: str = Form(""),
    repeat: str = Form(""),
    csrf_token: str = Form(""),
) -> Response:
    """Accept as the signed-in person, or create the invited account (then sign in)."""
    _ = _tr(request)
    engine = web(request).engine
    try:
        found = accounts.open_invitation(engine, link)
    except PantauError:
        raise HTTPException(404, "undangan") from None
    user = session.user if session else None
    expected = session.csrf if session else request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf_token):
        raise HTTPException(403, "csrf")
    try:
        if user is None and password != repeat:
            raise PantauError(_("Kata sandi baru tidak sama."))
        accounts.accept_invitation(engine, link, user, name=name, password=password)
    except PantauError as exc:
        return _invitation_page(request, found, link, user, 400, str(exc))
    slug = workspace_slug(engine, found.workspace_id)
    return _redirect(f"/w/{slug}" if user else f"/login?next=/w/{slug}")


@router.post("/w/{slug}/pengaturan/anggota/{user_id:int}")
def member_change(
    request: Request,
    access: PageAccess,
    user_id: int,
    role: str = Form(""),
    remove: str = Form(""),
) -> Response:
    access.require("admin")
    _ = _tr(request)
    engine = web(request).engine
    current = {u.id: u for u, _role in accounts.members(engine, access.workspace)}
    if user_id not in current:
        raise HTTPException(404, "member")
    if user_id == access.user.id:
        return _settings(
            request, access, error=_("Anda tidak dapat mengubah peran sendiri."), status=400
        )
    try:
        if remove:
            accounts.remove_member(engine, access.workspace, user_id, access.user.email)
        else:
            accounts.set_member_role(
                engine, access.workspace, current[user_id].email, role, access.user.email
            )
    except PantauError as exc:
        return _settings(request, access, error=str(exc), status=400)
    return _settings(request, access, message=_("Anggota disimpan."))


@router.post("/w/{slug}/pengaturan/token")
def token_create(
    request: Request,
    access: PageAccess,
    name: str = Form(""),
    scope: str = Form("write"),
    days: str = Form(""),
) -> Response:
    try:
        valid_days = whole_number(days)
        if days.strip() and valid_days is None:  # empty: until revoked; anything else: refused
            raise PantauError("masa berlaku token 1 sampai 3650 hari")
        _token, secret = accounts.create_token(
            web(request).engine,
            access.user,
            name,
            access.user.email,
            scope=scope,
            days=valid_days,
        )
    except PantauError as exc:
        return _settings(request, access, error=str(exc), status=400)
    return _settings(request, access, new_token=secret)


@router.post("/w/{slug}/pengaturan/token/{token_id}/cabut")
def token_revoke(request: Request, access: PageAccess, token_id: str) -> Response:
    _ = _tr(request)
    try:
        accounts.revoke_token(web(request).engine, token_id, access.user.email, access.user)
    except PantauError:
        raise HTTPException(404, "token") from None
    return _settings(request, access, message=_("Token dicabut."))
