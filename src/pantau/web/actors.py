"""The *Aktor* pages: who talks about the institution in a period (table with filters) and one
account's profile (figures, roles, automation signals as values, issues, recent posts).

The period is counted back from the newest stored post, not from the clock, so a workspace
fed by files downloaded last week still shows its actors.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from pantau.network.actors import actor_profile, list_actors
from pantau.network.campaigns import account_campaigns
from pantau.records import PLATFORMS
from pantau.store.monitor import latest_post_time
from pantau.store.network import emotion_counts
from pantau.store.posts import PostFilter, list_posts
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.views import emotion_mix

router = APIRouter(include_in_schema=False)

PERIODS = (1, 7, 30, 90, 0)  # days; 0: everything
TYPES = ("government", "media", "influencer", "citizen")
ROLES = ("active", "influential")
SORTS = {
    "engagement": lambda r: (-r["engagement"], -r["posts"]),
    "posts": lambda r: (-r["posts"], -r["engagement"]),
    "followers": lambda r: (-(r["followers"] or 0), -r["engagement"]),
}
SHOWN = 100


def _window(request: Request, access: Access, days: int) -> tuple[datetime | None, datetime | None]:
    if not days:
        return None, None
    with web(request).engine.connect() as conn:
        latest = latest_post_time(conn, access.workspace.id)
    if latest is None:
        return None, None
    until = latest + timedelta(seconds=1)
    return until - timedelta(days=days), until


def _page(request: Request, name: str, access: Access, **context: object) -> Response:
    return render_page(request, name, access, "actors", 200, periods=PERIODS, **context)


def actor_url(slug: str, platform: str, handle: str, days: int) -> str:
    return f"/w/{slug}/aktor/{quote(platform, safe='')}/{quote(handle, safe='')}?days={days}"


@router.get("/w/{slug}/aktor")
def actors_page(
    request: Request,
    access: PageAccess,
    days: int = Query(7, ge=0, le=3660),
    platform: str = "",
    type: str = "",
    role: str = "",
    sort: str = "engagement",
) -> Response:
    since, until = _window(request, access, days)
    rows = list_actors(web(request).engine, access.workspace, since, until, None, signals=False)
    if platform in PLATFORMS:
        rows = [r for r in rows if r["platform"] == platform]
    if type in TYPES:
        rows = [r for r in rows if r["type"] == type]
    if role in ROLES:
        rows = [r for r in rows if role in r["roles"]]
    rows.sort(key=SORTS.get(sort, SORTS["engagement"]))
    params = {"days": days, "platform": platform, "type": type, "role": role, "sort": sort}
    return _page(
        request,
        "actors.html",
        access,
        actors=rows[:SHOWN],
        total=len(rows),
        params=params,
        platforms=PLATFORMS,
        types=TYPES,
        roles=ROLES,
        sorts=tuple(SORTS),
        since=since,
        until=until,
        actor_url=lambda r: actor_url(access.workspace.slug, r["platform"], r["handle"], days),
        sort_url=lambda s: "?" + urlencode({**params, "sort": s}),
    )


@router.get("/w/{slug}/aktor/{platform}/{handle}")
def actor_page(
    request: Request,
    access: PageAccess,
    platform: str,
    handle: str,
    days: int = Query(30, ge=0, le=3660),
) -> Response:
    engine = web(request).engine
    since, until = _window(request, access, days)
    actor = actor_profile(engine, access.workspace, platform, handle, since, until)
    if actor is None:
        raise HTTPException(404)
    with engine.connect() as conn:
        recent = list_posts(
            conn,
            access.workspace.id,
            PostFilter(platform=platform, author=handle, since=since, until=until),
            limit=20,
        )
        emotions = emotion_counts(
            conn, access.workspace.id, account=(platform, handle), since=since, until=until
        )
    mix = actor["sentiment"]
    total = sum(mix.values()) or 1
    return _page(
        request,
        "actor.html",
        access,
        actor=actor,
        recent=recent,
        mix=[
            (s, mix.get(s, 0), mix.get(s, 0) / total) for s in ("positive", "neutral", "negative")
        ],
        emotions=emotion_mix(emotions),
        campaigns=account_campaigns(engine, access.workspace, platform, handle),
        days=days,
        since=since,
        until=until,
    )
