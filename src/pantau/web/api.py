"""REST API ``/api/v1``: the pages' data as JSON, with the same permissions. Callers send
``Authorization: Bearer pantau_…`` (a token from Pengaturan or ``pantau token create``)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, Field

from pantau.errors import NotFoundError, PantauError
from pantau.locale import to_local
from pantau.monitor.topics import add_topic, edit_topic, list_topics
from pantau.network.actors import list_actors
from pantau.shapes import topic_json, workspace_json
from pantau.store.topics import Topic
from pantau.users import accounts
from pantau.web.deps import ApiAccess, ApiUser, web
from pantau.web.issues import IssueQuery, find_issues, load_issue, save_workflow
from pantau.web.issues import detail as issue_detail
from pantau.web.views import (
    MAX_PER_PAGE,
    PER_PAGE,
    SearchQuery,
    harmless,
    overview,
    search,
    try_query,
)

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
    total_exact: bool = Field(
        True, description="false: at least `total` posts match (counting stopped there)"
    )
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
    created_at: datetime
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
    return TopicOut.model_validate(topic_json(t))


@router.get("/workspaces", response_model=list[WorkspaceOut])
def workspaces(request: Request, user: ApiUser) -> list[WorkspaceOut]:
    return [
        WorkspaceOut.model_validate({**workspace_json(w), "role": role})
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
        total_exact=found.exact,
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


class IssueOut(BaseModel):
    id: int
    label: str
    stage: str = Field(description="potensial, berkembang, memuncak, mereda")
    priority: str = Field(description="segera, perlu perhatian, pantau")
    priority_score: float
    why: str = Field(description="alasan prioritas dalam bahasa sehari-hari")
    suggested_response: str
    status: str = Field(description="baru, dipantau, ditangani, selesai, diabaikan")
    owner: str | None
    first_seen: str | None = Field(description="waktu lokal workspace, ISO 8601 dengan offset")
    last_seen: str | None
    posts: int
    unique_authors: int
    negative_share: float
    merged_into: int | None
    title: str | None = Field(description="judul dari analis (label: judul yang ditampilkan)")
    key_terms: list[str] = Field(description="kata kunci isu, yang paling khas dulu")
    summary: dict[str, str] = Field(description="ringkasan singkat per bahasa (id, en)")
    relevant: bool = Field(description="false: isu 'lainnya' (tidak menyangkut instansi)")


class IssuePageOut(BaseModel):
    total: int
    page: int
    per_page: int
    issues: list[IssueOut]


class KeyActorOut(BaseModel):
    platform: str
    handle: str
    name: str | None
    followers: int | None
    posts: int = Field(description="post akun ini di isu ini")
    engagement: int = Field(description="interaksi yang diterima post itu")
    role: str = Field(description="originators, amplifiers, checkers, officials, media")
    type: str | None = Field(description="government, media, influencer, citizen (perkiraan)")
    roles: list[str] = Field(description="active, influential (atas semua post akun)")


UNAVAILABLE_DOC = (
    "metrik yang bernilai null karena platform tidak melaporkannya (bukan 0), dengan "
    "alasannya: {metrik: alasan}"
)


class IssueDetailOut(IssueOut):
    notes: str | None
    unique_messages: int
    news_posts: int
    reach: int | None = Field(description="pengikut atau tayangan; null: tidak dilaporkan")
    engagement: int | None = Field(description="suka + bagikan + balasan; null: tidak dilaporkan")
    unavailable: dict[str, str] = Field(default_factory=dict, description=UNAVAILABLE_DOC)
    terms: list[str] = Field(description="kata kunci isu, yang paling khas dulu")
    series: dict[str, int] = Field(description="jam lokal (TTTT-BB-HH JJ:MM) → post")
    sentiment: dict[str, int]
    platforms: dict[str, int]
    top_posts: list[dict]
    representative_post: dict | None
    topics: list[dict]
    actors: list[KeyActorOut] = Field(
        description="aktor kunci menurut perannya, seperti halaman isu; kosong sampai jaringan "
        "isu dihitung (tahap networks)"
    )


class IssuePatch(BaseModel):
    status: str | None = None
    owner: str | None = None
    notes: str | None = None
    title: str | None = Field(None, description='judul sendiri; "" kembali ke judul otomatis')


@router.get("/workspaces/{slug}/issues", response_model=IssuePageOut)
def issue_list(
    request: Request,
    access: ApiAccess,
    status: str = "",
    priority: str = "",
    stage: str = "",
    topic: str = Query("", description="id topik"),
    since: str = Query("", description="terlihat sejak hari lokal, TTTT-BB-HH"),
    until: str = Query("", description="muncul sampai hari lokal, TTTT-BB-HH"),
    semua: bool = Query(False, description="juga isu di bawah ambang daftar"),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(PER_PAGE, ge=1, le=MAX_PER_PAGE),
) -> dict:
    """Isu, yang paling mendesak dulu; isu 'lainnya' di akhir."""
    query = IssueQuery(status, priority, stage, topic, since, until, "1" if semua else "")
    try:
        found = find_issues(web(request).engine, access.workspace, query, page, per_page)
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    return {
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "issues": found.issues,
    }


@router.get("/workspaces/{slug}/issues/{issue_id}", response_model=IssueDetailOut)
def issue_show(request: Request, access: ApiAccess, issue_id: int) -> dict:
    engine = web(request).engine
    found = issue_detail(engine, access.workspace, load_issue(engine, access.workspace, issue_id))
    return _issue_metrics(found)


@router.patch("/workspaces/{slug}/issues/{issue_id}", response_model=IssueDetailOut)
def issue_update(request: Request, access: ApiAccess, issue_id: int, body: IssuePatch) -> dict:
    """Ubah status, penanggung jawab atau catatan (analis)."""
    engine = web(request).engine
    try:
        row = save_workflow(
            engine,
            access,
            issue_id,
            status=body.status,
            owner=body.owner,
            notes=body.notes,
            title=body.title,
            via="api",
        )
    except PantauError as exc:
        raise HTTPException(400, str(exc)) from None
    return _issue_metrics(issue_detail(engine, access.workspace, row))


# why a metric is null: a sum of 0 over posts that never report it is not a measured 0
NO_REACH = "tidak dilaporkan: post ini tidak memuat jumlah pengikut atau tayangan"
NO_VIEWS = "tidak dilaporkan: platform tidak memuat jumlah tayangan post akun ini"
NO_INTERACTIONS = "tidak dilaporkan: berita daring tidak memuat angka interaksi"


def _issue_metrics(data: dict) -> dict:
    """An issue's reach and interactions, null with the reason when no post reports them."""
    unavailable = {}
    if not data["reach"]:
        unavailable["reach"] = NO_REACH
    if not data["engagement"] and data["platforms"] and set(data["platforms"]) <= {"news"}:
        unavailable["engagement"] = NO_INTERACTIONS
    return {**data, **dict.fromkeys(unavailable), "unavailable": unavailable}


@router.get("/workspaces/{slug}/stats")
def stats(request: Request, access: ApiAccess) -> dict:
    """Totals per platform and per local day over the last 30 days up to the newest post's
    day, from the monitoring rollups once they exist
    (fast at any size; ``top_authors`` and ``enrichment`` are then empty — see the actors
    endpoint or ``pantau stats``), else counted from the posts."""
    return overview(web(request).engine, access.workspace).stats.as_dict()


class ActorOut(BaseModel):
    platform: str
    handle: str
    name: str | None
    type: str = Field(description="government, media, influencer, citizen (perkiraan)")
    institution: str | None
    roles: list[str] = Field(description="active, influential")
    posts: int
    reposts: int
    followers: int | None
    engagement: int | None = Field(description="interaksi diterima; null: tidak dilaporkan")
    views: int | None = Field(
        description="tayangan yang dilaporkan platform (jangkauan); null: tidak dilaporkan"
    )
    unavailable: dict[str, str] = Field(default_factory=dict, description=UNAVAILABLE_DOC)
    sentiment: dict[str, int]
    first_seen: str = Field(description="waktu lokal workspace, ISO 8601 dengan offset")
    last_seen: str
    signals: dict = Field(
        description="posts_per_day, burstiness, hour_entropy, duplicate_ratio (nilai, bukan vonis)"
    )

    def with_unavailable(self) -> ActorOut:
        """Views and interactions null with the reason when the account's posts never report
        them (no platform reports zero views for every post)."""
        if not self.views:
            self.views, self.unavailable["views"] = None, NO_VIEWS
        if not self.engagement and self.platform == "news":
            self.engagement, self.unavailable["engagement"] = None, NO_INTERACTIONS
        return self


@router.get("/workspaces/{slug}/actors", response_model=list[ActorOut])
def actors(
    request: Request,
    access: ApiAccess,
    days: int = Query(
        7,
        ge=0,
        le=3660,
        description="hari lokal terakhir sampai hari post terbaru: 1, 7, 30, 90, atau 0 (semua); "
        "angka lain dilayani periode berikutnya yang lebih panjang",
    ),
    limit: int = Query(50, ge=1, le=500),
) -> list[ActorOut]:
    zone = access.workspace.timezone
    found = list_actors(web(request).engine, access.workspace, days, limit=limit)
    return [
        ActorOut(
            **{
                k: r[k]
                for k in ActorOut.model_fields
                if k not in ("first_seen", "last_seen", "unavailable")
            },
            first_seen=_iso(r["first_seen"], zone),
            last_seen=_iso(r["last_seen"], zone),
        ).with_unavailable()
        for r in found.actors
    ]


def _iso(moment: datetime, zone: str) -> str:
    return to_local(moment, zone).isoformat()
