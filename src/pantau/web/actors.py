"""The *Aktor* pages: who talks about the institution in a period (table with filters) and one
account's profile (figures, roles, automation signals as values, issues, recent posts).

Both read the actor rollups of the ``actors`` stage (:mod:`pantau.network.actors`): the last
1, 7, 30 or 90 local days up to the newest post's day, or everything — counted from the
newest stored post, not from the clock, so a workspace fed by files downloaded last week
still shows its actors. No request reads the posts of the period.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from pantau.network.actors import ROLES, SORTS, actor_profile, list_actors
from pantau.network.campaigns import account_campaigns
from pantau.network.rollups import PERIODS
from pantau.records import PLATFORMS
from pantau.web.deps import Access, PageAccess, web
from pantau.web.render import render_page
from pantau.web.views import emotion_mix

router = APIRouter(include_in_schema=False)

TYPES = ("government", "media", "influencer", "citizen")
SHOWN = 100


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
    found = list_actors(
        web(request).engine,
        access.workspace,
        days,
        platform=platform if platform in PLATFORMS else None,
        kind=type if type in TYPES else None,
        role=role if role in ROLES else None,
        sort=sort if sort in SORTS else "engagement",
        limit=SHOWN,
    )
    params = {"days": days, "platform": platform, "type": type, "role": role, "sort": sort}
    return _page(
        request,
        "actors.html",
        access,
        actors=found.actors,
        total=found.total,
        window=found.window,
        waiting=found.waiting,
        params=params,
        platforms=PLATFORMS,
        types=TYPES,
        roles=ROLES,
        sorts=SORTS,
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
    actor = actor_profile(engine, access.workspace, platform, handle, days)
    if actor is None:
        raise HTTPException(404)
    mix = actor["sentiment"]
    total = sum(mix.values()) or 1
    return _page(
        request,
        "actor.html",
        access,
        actor=actor,
        recent=actor["recent"],
        mix=[
            (s, mix.get(s, 0), mix.get(s, 0) / total) for s in ("positive", "neutral", "negative")
        ],
        emotions=emotion_mix(actor["emotions"]),  # from the rollups
        campaigns=account_campaigns(engine, access.workspace, platform, handle),
        days=days,
        period=actor["period"],
    )
