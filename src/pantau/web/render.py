"""Rendering pages: the Jinja2 environment (autoescaped), ``render`` for any page and
``render_page`` for a workspace page, with the request's language and the workspace zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from pantau import __version__
from pantau.locale import fmt_datetime, fmt_day, fmt_int, fmt_month, zone_label
from pantau.records import Workspace
from pantau.report.daily import channel_name, platform_name
from pantau.store.monitor import latest_post_time
from pantau.today import STALE_AFTER
from pantau.web import charts, i18n
from pantau.web.deps import Access, web
from pantau.web.views import audit_target, harmless, web_link


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pantau.web", "templates"),
        autoescape=True,  # every template, whatever its name: post text is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["harmless"] = harmless
    env.filters["web_link"] = web_link
    env.filters["audit_target"] = audit_target
    env.filters["figure"] = _figure_json
    env.filters["channel"] = _channel_name
    return env


@jinja2.pass_context
def _channel_name(context: jinja2.runtime.Context, label: str) -> str:
    return channel_name(label, context["lang"])


@jinja2.pass_context
def _figure_json(context: jinja2.runtime.Context, figure: dict) -> Markup:
    """A chart's JSON for ``static/pantau.js``, its time axes in the page's language (every
    template embeds figures through this filter)."""
    return htmlsafe_json_dumps(charts.localise(figure, context["lang"]))


def render(request: Request, name: str, status: int = 200, **context: object) -> HTMLResponse:
    """A page in the request's language; workspace times in the workspace zone."""
    ctx = web(request)
    lang = request.state.lang
    tr = i18n.translations(lang)
    session = getattr(request.state, "session", None)
    workspace = context.get("workspace")
    zone = workspace.timezone if isinstance(workspace, Workspace) else "Asia/Jakarta"
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
        "fmt_month": partial(fmt_month, lang=lang),
        "platform_name": partial(platform_name, lang=lang),
        "fmt_iso": lambda iso: _fmt_iso(iso, zone, lang),
        "zone": zone_label(zone),
        "workspace": None,
        "role": None,
        "section": "",
        "data_age": None,
        "version": __version__,
        "lang_url": lambda code: _with_lang(request, code),
    }
    html = ctx.templates.get_template(name).render({**base, **context})
    return HTMLResponse(html, status_code=status)


# Pages whose figures come from the posts: they say so when the newest post is old.
DATA_SECTIONS = frozenset(
    {
        "overview", "issues", "reports", "actors", "coordination", "claims", "agenda",
        "narratives", "kanal", "kalender", "tujuan", "search",
    }
)  # fmt: skip


def data_age(request: Request, access: Access) -> dict[str, object]:
    """The newest post's time and how old it is (one index lookup), for the banner every
    data page shows when the newest data is older than ``STALE_AFTER``."""
    with web(request).engine.connect() as conn:
        newest = latest_post_time(conn, access.workspace.id)
    now = datetime.now(UTC).replace(tzinfo=None)
    age = max(now - newest, timedelta(0)) if newest else None
    return {"newest": newest, "age": age, "stale": age is not None and age > STALE_AFTER}


def render_page(
    request: Request,
    name: str,
    access: Access,
    section: str,
    status: int = 200,
    **context: object,
) -> HTMLResponse:
    """A workspace page: ``render`` with the workspace, the person's role and what it allows,
    the menu entry to highlight and, on data pages, how old the newest data is."""
    return render(
        request,
        name,
        status,
        workspace=access.workspace,
        role=access.role,
        section=section,
        can_edit=access.can("analyst"),
        is_admin=access.can("admin"),
        data_age=data_age(request, access) if section in DATA_SECTIONS else None,
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
