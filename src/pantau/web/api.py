"""REST API ``/api/v1``: the pages' data as JSON, with the same permissions. Callers send
``Authorization: Bearer pantau_…`` (a token from Pengaturan or ``pantau token create``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from pantau.errors import NotFoundError, PantauError
from pantau.locale import to_local
from pantau.monitor.topics import add_topic, edit_topic, list_topics
from pantau.overview import workspace_stats
from pantau.store.topics import Topic
from pantau.web import accounts
from pantau.web.deps import ApiAccess, ApiUser, web
from pantau.web.views import MAX_PER_PAGE, PER_PAGE, SearchQuery, harmless, search, try_query

router = APIRouter(tags=["pantau"])


class WorkspaceOut(BaseModel):
    slug: str
    name: str
    kind: str
    timezone: str
    role: str


class PostOut(BaseModel):
    id: int
    platform: str
    external_id: str
    created_at: str = Field(description="waktu lokal workspace, ISO 8601 dengan offset")
    author: str | None
    title: str | None
    text: str
    url: str | None
    lang: str | None
    likes: int | None
    reposts: int | None
    replies: int | None
    views: int | None


class PostPage(BaseModel):
    total: int
    page: int
    per_page: int
    posts: list[PostOut]


class TopicOut(BaseModel):
    id: int
    name: str
    category: str
    owner: str | None
    query: str
    active: bool
    matches: int
    updated_at: datetime


class TopicIn(BaseModel):
    name: str
    query: str
    category: str = "lainnya"
    owner: str | None = None
    active: bool = True


class TopicPatch(BaseModel):
    name: str | None = None
    query: str | None = None
    category: str | None = None
    owner: str | None = None
    active: bool | None = None


class QueryIn(BaseModel):
    query: str


class QueryTestOut(BaseModel):
    count: int
    samples: list[dict]
    error: str | None
    position: int | None
    caret: str | None


def _topic_out(t: Topic) -> TopicOut:
    return TopicOut(
        id=t.id,
        name=t.name,
        category=t.category,
        owner=t.owner,
        query=t.query,
        active=t.active,
        matches=t.matches,
        updated_at=t.updated_at,
    )


@router.get("/workspaces", response_model=list[WorkspaceOut])
def workspaces(request: Request, user: ApiUser) -> list[WorkspaceOut]:
    return [
        WorkspaceOut(slug=w.slug, name=w.name, kind=w.kind, timezone=w.timezone, role=role)
        for w, role in accounts.visible_workspaces(web(request).engine, user)
    ]


@router.get("/workspaces/{slug}/posts", response_model=PostPage)
def posts(
    request: Request,
    access: ApiAccess,
    q: str = "",
    platform: str = "",
    author: str = "",
    since: str = Query("", description="hari lokal pertama, TTTT-BB-HH"),
    until: str = Query("", description="hari lokal terakhir, TTTT-BB-HH"),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
) -> PostPage:
    query = SearchQuery(q=q, platform=platform, author=author, since=since, until=until)
    try:
        found = search(web(request).engine, access.workspace, query, page, per_page)
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    zone = access.workspace.timezone
    return PostPage(
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        posts=[
            PostOut(
                **{k: row[k] for k in PostOut.model_fields if k not in ("created_at", "text")},
                created_at=to_local(row["created_at"], zone).isoformat(),
                text=harmless(row["text"]),
            )
            for row in found.posts
        ],
    )


@router.get("/workspaces/{slug}/topics", response_model=list[TopicOut])
def topics(request: Request, access: ApiAccess) -> list[TopicOut]:
    return [_topic_out(t) for t in list_topics(web(request).engine, access.workspace)]


@router.post("/workspaces/{slug}/topics", response_model=TopicOut, status_code=201)
def topic_create(request: Request, body: TopicIn, access: ApiAccess) -> TopicOut:
    access.require("analyst")
    engine = web(request).engine
    try:
        topic = add_topic(
            engine,
            access.workspace,
            body.name,
            body.query,
            body.category,
            body.owner,
            active=body.active,
        )
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    with engine.begin() as conn:
        accounts.audit(
            conn,
            access.workspace.id,
            access.user.email,
            "topic.create",
            topic.name,
            {"query": topic.query, "via": "api"},
        )
    return _topic_out(topic)


@router.patch("/workspaces/{slug}/topics/{topic_id}", response_model=TopicOut)
def topic_edit(request: Request, access: ApiAccess, topic_id: int, body: TopicPatch) -> TopicOut:
    access.require("analyst")
    engine = web(request).engine
    found = [t for t in list_topics(engine, access.workspace) if t.id == topic_id]
    if not found:
        raise HTTPException(404, "topik tidak ditemukan")
    try:
        topic = edit_topic(
            engine,
            access.workspace,
            found[0].name,
            new_name=body.name,
            query=body.query,
            category=body.category,
            owner=body.owner,
            active=body.active,
        )
    except NotFoundError:
        raise HTTPException(404, "topik tidak ditemukan") from None
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    with engine.begin() as conn:
        accounts.audit(
            conn,
            access.workspace.id,
            access.user.email,
            "topic.edit",
            topic.name,
            {"before": found[0].query, "query": topic.query, "via": "api"},
        )
    return _topic_out(topic)


@router.post("/workspaces/{slug}/topics/test", response_model=QueryTestOut)
def topic_test(request: Request, body: QueryIn, access: ApiAccess) -> dict:
    """Count and sample the posts a query matches; nothing is saved."""
    return try_query(web(request).engine, access.workspace, body.query).as_dict()


@router.get("/workspaces/{slug}/stats")
def stats(request: Request, access: ApiAccess) -> dict:
    return workspace_stats(web(request).engine, access.workspace).as_dict()
