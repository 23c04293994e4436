"""*Isu* pages: the tracked issues, most urgent first, and one issue with its timeline, mix,
posts, assessment and the analyst's workflow form. Also the shared helpers the API uses
(``issue_filter``, ``summary``, ``detail``), so pages and API show the same thing.

Issue ids are looked up only inside the requested workspace (``get_issue`` filters by
workspace), so an id of another institution is "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.locale import to_local
from pantau.memo import Memo
from pantau.monitor.assess import PRIORITIES, STAGES, STATUSES
from pantau.monitor.facts import key_label
from pantau.monitor.issues import (
    IssueFilter,
    get_issue,
    is_relevant,
    list_issues,
    update_workflow,
)
from pantau.network.actors import key_actors
from pantau.network.campaigns import campaigns_of_accounts, issue_campaigns
from pantau.network.camps import stored_issue_network
from pantau.network.roles import roles_from_payload
from pantau.records import Workspace
from pantau.store import monitor as monitor_store
from pantau.store import topics as topic_store
from pantau.store.topics import Topic
from pantau.users import accounts
from pantau.web import charts, i18n
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.views import MAX_PER_PAGE, PER_PAGE, _utc_start, emotion_mix, harmless

router = APIRouter(include_in_schema=False)

SENTIMENTS = ("positive", "neutral", "negative", "unknown")
# network pictures drawn, by the stored network's version and the page's language
_FIGURES: Memo[dict] = Memo(64)


# --- shared with the API --------------------------------------------------------------------


@dataclass(frozen=True)
class IssueQuery:
    """List filters as typed (empty = any); days are local to the workspace."""

    status: str = ""
    priority: str = ""
    stage: str = ""
    topic: str = ""  # topic id
    since: str = ""  # YYYY-MM-DD: seen on or after
    until: str = ""  # YYYY-MM-DD: first seen on or before
    semua: str = ""  # "1": also issues below the listing size

    def to_filter(self, workspace: Workspace) -> IssueFilter:
        topic_id = None
        if self.topic:
            try:
                topic_id = int(self.topic)
            except ValueError:
                raise PantauError(f"topik tidak sah: {self.topic!r}") from None
        return IssueFilter(
            status=self.status or None,
            priority=self.priority or None,
            stage=self.stage or None,
            topic_id=topic_id,
            since=_utc_start(self.since, workspace.timezone, 0),
            until=_utc_start(self.until, workspace.timezone, 1),
            shown_only=not self.semua,
        )

    def params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass
class IssuePage:
    issues: list[dict]  # summaries
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _local(moment: datetime | None, zone: str) -> str | None:
    return to_local(moment, zone).isoformat() if moment else None


def summary(row: dict, zone: str) -> dict:
    """One issue as the list shows it (times local to the workspace, ISO with offset)."""
    m = row.get("metrics") or {}
    return {
        "id": row["id"],
        "label": harmless(row["label"]),
        "stage": row["stage"],
        "priority": row["priority"],
        "priority_score": row["priority_score"],
        "why": harmless(row["why"]),
        "suggested_response": row["suggested_response"],
        "status": row["status"],
        "owner": row["owner"],
        "first_seen": _local(row["first_seen"], zone),
        "last_seen": _local(row["last_seen"], zone),
        "posts": int(m.get("posts", 0)),
        "unique_authors": int(m.get("unique_authors", 0)),
        "negative_share": float(m.get("negative_share", 0.0)),
        "merged_into": row["merged_into"],
        "title": harmless(row["title"]) if row.get("title") else None,
        "key_terms": [harmless(t) for t in m.get("key_terms") or []],
        "summary": {k: harmless(v) for k, v in (m.get("summary") or {}).items()},
        "relevant": is_relevant(row),
    }


def find_issues(
    engine: Engine,
    workspace: Workspace,
    query: IssueQuery,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> IssuePage:
    """Issues matching the filters, most urgent first, one page of them."""
    rows = list_issues(engine, workspace, query.to_filter(workspace))
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    chosen = rows[(page - 1) * per_page : page * per_page]
    return IssuePage([summary(r, workspace.timezone) for r in chosen], len(rows), page, per_page)


def _topic_names(engine: Engine, workspace: Workspace) -> list[Topic]:
    """The workspace's topics without counting their matches (which reads every match)."""
    with engine.connect() as conn:
        return topic_store.topics_of(conn, workspace.id)


def load_issue(engine: Engine, workspace: Workspace, issue_id: int, topics: bool = True) -> dict:
    """The issue of this workspace (with its topics' counts: ``topics``), or HTTP 404
    (whoever else's id it is)."""
    try:
        return get_issue(engine, workspace, issue_id, topics=topics)
    except NotFoundError:
        raise HTTPException(404, "isu tidak ditemukan") from None


def detail(engine: Engine, workspace: Workspace, row: dict) -> dict:
    """Everything the issue page shows, with untrusted text cleaned (escaping is the
    template's or JSON's job)."""
    zone = workspace.timezone
    m = row.get("metrics") or {}
    data = summary(row, zone)
    representative = None
    if row["representative_post_id"] is not None:
        with engine.connect() as conn:
            found = monitor_store.posts_by_id(conn, workspace.id, [row["representative_post_id"]])
        if found:
            p = found[0]
            representative = {
                "id": p.id,
                "platform": p.platform,
                "author": p.author,
                "created_at": _local(p.created_at, zone),
                "text": harmless(p.text),
            }
    names = {t.id: t.name for t in _topic_names(engine, workspace)}
    series = {}
    for hour, n in (m.get("series") or {}).items():
        local = to_local(datetime.fromisoformat(hour), zone)
        series[local.strftime("%Y-%m-%d %H:%M")] = int(n)
    data.update(
        {
            "notes": row["notes"],
            "hoax": {"claim": harmless(m["hoax"]["claim"]), "posts": int(m["hoax"]["posts"])}
            if m.get("hoax")
            else None,
            "unique_messages": int(m.get("unique_messages", 0)),
            "news_posts": int(m.get("news_posts", 0)),
            "reach": int(m.get("reach", 0)),
            "engagement": int(m.get("engagement", 0)),
            "terms": [harmless(key_label(k)) for k, _w in (row.get("terms") or [])][:10],
            "series": series,
            "sentiment": {k: int(v) for k, v in (m.get("sentiment") or {}).items()},
            "platforms": {k: int(v) for k, v in (m.get("platforms") or {}).items()},
            "top_posts": [
                {
                    "id": p.get("id"),
                    "platform": p.get("platform"),
                    "author": p.get("author"),
                    "engagement": p.get("engagement", 0),
                    "text": harmless(p.get("text")),
                }
                for p in m.get("top_posts") or []
            ],
            "representative_post": representative,
            "actors": [
                {**a, "name": harmless(a["name"]) if a["name"] else None}
                for a in key_actors(engine, workspace, row["id"])
            ],
            "topics": [
                {"id": t, "name": names.get(t, f"#{t}"), "posts": n}
                for t, n in sorted((row.get("topics") or {}).items(), key=lambda kv: -kv[1])
            ],
        }
    )
    return data


def save_workflow(
    engine: Engine,
    access: Access,
    issue_id: int,
    *,
    status: str | None,
    owner: str | None,
    notes: str | None,
    via: str,
    title: str | None = None,
) -> dict:
    """Analyst or admin: change status, owner, notes or title and record it in the audit
    log."""
    access.require("analyst")
    before = load_issue(engine, access.workspace, issue_id)
    try:
        after = update_workflow(
            engine,
            access.workspace,
            issue_id,
            status=status,
            owner=owner,
            notes=notes,
            title=title,
        )
    except NotFoundError:
        raise HTTPException(404, "isu tidak ditemukan") from None
    fields = ("status", "owner", "notes", "title")
    changed = {k: {"before": before[k], "after": after[k]} for k in fields if before[k] != after[k]}
    with engine.begin() as conn:
        accounts.audit(
            conn,
            access.workspace.id,
            access.user.email,
            "issue.workflow",
            f"#{issue_id} {after['label']}"[:200],
            {"changed": changed, "via": via},
        )
    return after


# --- pages ----------------------------------------------------------------------------------


def _tr(request: Request) -> Callable[[str], str]:
    return i18n.translations(request.state.lang).gettext


def _page(
    request: Request, name: str, access: Access, status: int = 200, **context: object
) -> Response:
    return render_page(
        request,
        name,
        access,
        "issues",
        status,
        stages=STAGES,
        priorities=PRIORITIES,
        statuses=STATUSES,
        **context,
    )


@router.get("/w/{slug}/isu")
def issues_page(
    request: Request,
    access: PageAccess,
    status: str = "",
    priority: str = "",
    stage: str = "",
    topic: str = "",
    since: str = "",
    until: str = "",
    semua: str = "",
    page: int = Query(1, ge=1, le=100_000),
) -> Response:
    engine = web(request).engine
    query = IssueQuery(status, priority, stage, topic, since, until, "1" if semua else "")
    try:
        found, error = find_issues(engine, access.workspace, query, page), None
    except PantauError as exc:
        found, error = None, str(exc)
    return _page(
        request,
        "issue_list.html",
        access,
        400 if error else 200,
        query=query,
        found=found,
        error=error,
        topics=_topic_names(engine, access.workspace),
        page_url=lambda n: "?" + urlencode({**query.params(), "page": n}),
        query_all=urlencode({**query.params(), "semua": "1"}),
    )


def _issue_page(
    request: Request,
    access: Access,
    issue_id: int,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    _ = _tr(request)
    engine = web(request).engine
    data = detail(engine, access.workspace, load_issue(engine, access.workspace, issue_id))
    figures = {}
    if data["series"]:
        figures["timeline"] = charts.volume_by_day(data["series"], _("Volume post per jam"))
        figures["timeline"]["layout"]["bargap"] = 0.1
    counts = data["sentiment"]
    total = sum(counts.values()) or 1
    mix = [(s, counts.get(s, 0), counts.get(s, 0) / total) for s in SENTIMENTS]
    # roles and emotions as the ``networks`` stage stored them with the issue's network
    stored = stored_issue_network(engine, access.workspace, issue_id) or {}
    roles = roles_from_payload(stored.get("roles"))
    emotions = stored.get("emotions") or {}
    return _page(
        request,
        "issue_detail.html",
        access,
        status,
        issue=data,
        figures=figures,
        mix=[row for row in mix if row[1]],
        emotions=emotion_mix(emotions),
        roles=roles,
        campaigns=issue_campaigns(engine, access.workspace, issue_id),
        coordinated=campaigns_of_accounts(engine, access.workspace, roles.accounts),
        network_computed=bool(stored),
        error=error,
        saved=request.query_params.get("saved"),
    )


@router.get("/w/{slug}/isu/{issue_id:int}")
def issue_page(request: Request, issue_id: int, access: PageAccess) -> Response:
    return _issue_page(request, access, issue_id)


@router.post("/w/{slug}/isu/{issue_id:int}")
def issue_workflow(
    request: Request,
    issue_id: int,
    access: PageAccess,
    status: str = Form(""),
    owner: str = Form(""),
    notes: str = Form(""),
    title: str | None = Form(None),
) -> Response:
    try:
        save_workflow(
            web(request).engine,
            access,
            issue_id,
            status=status or None,
            owner=owner,
            notes=notes,
            title=title,
            via="web",
        )
    except PantauError as exc:
        return _issue_page(request, access, issue_id, error=str(exc), status=400)
    return RedirectResponse(f"/w/{access.workspace.slug}/isu/{issue_id}?saved=1", status_code=303)


QUICK_ACTIONS = {
    "ambil": "ditangani",  # take it: the person becomes its owner
    "pantau": "dipantau",
    "selesai": "selesai",
}


def _back_to(access: Access, back: str, issue_id: int) -> str:
    """``back`` when it is a page of this workspace, else the issue's page."""
    home = f"/w/{access.workspace.slug}"
    if (back == home or back.startswith(home + "/") or back.startswith(home + "?")) and (
        "//" not in back and "\\" not in back
    ):
        return back
    return f"{home}/isu/{issue_id}"


@router.post("/w/{slug}/isu/{issue_id:int}/tindak")
def issue_quick_action(
    request: Request,
    issue_id: int,
    access: PageAccess,
    action: str = Form(""),
    back: str = Form(""),
) -> Response:
    """One-click workflow from a list: take the issue (owner: the person, status
    *ditangani*), mark it watched or done. Other fields are left as they are."""
    if action not in QUICK_ACTIONS:
        raise HTTPException(400, "tindakan tidak dikenal")
    owner = (access.user.name or access.user.email) if action == "ambil" else None
    save_workflow(
        web(request).engine,
        access,
        issue_id,
        status=QUICK_ACTIONS[action],
        owner=owner,
        notes=None,
        via="web:" + action,
    )
    return RedirectResponse(_back_to(access, back, issue_id), status_code=303)


@router.get("/w/{slug}/isu/{issue_id:int}/jaringan")
def issue_network_page(request: Request, issue_id: int, access: PageAccess) -> Response:
    """Who interacts with whom in an issue: camps by sentiment and the accounts that bridge
    them, as the ``networks`` stage of ``pantau run`` stored them (none yet: a note)."""
    _ = _tr(request)
    engine = web(request).engine
    issue = load_issue(engine, access.workspace, issue_id, topics=False)
    net = stored_issue_network(engine, access.workspace, issue_id)
    figure = None
    if net and net["nodes"]:
        key = (str(engine.url), access.workspace.id, issue_id, net["posts"], net["computed_at"])
        figure = _FIGURES.get(
            (*key, request.state.lang),
            lambda: charts.network(net["nodes"], net["edges"], _("Jaringan interaksi")),
        )
    posts = int((issue.get("metrics") or {}).get("posts", 0))
    return _page(
        request,
        "issue_network.html",
        access,
        issue={"id": issue_id, "label": issue["label"], "posts": posts},
        net=net,
        figure=figure,
    )
