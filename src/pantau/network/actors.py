"""Actors: who posts about the institution, how much, how far it reaches, and signals of
automation (shown as values, never a verdict) — read from the actor rollups the ``actors``
stage keeps (:mod:`pantau.network.rollups`), never from the posts, so a page costs the same
at a thousand posts and at a million.

Periods: the last 1, 7, 30 or 90 local days up to the newest post's day, or everything
(``PERIODS``; another number of days is served by the next longer period). The command line
also sums any range of days (``actors_between``).

Account type: the workspace's account list first (:mod:`pantau.network.accounts`, which also
gives the institution), else a heuristic (:func:`pantau.text.account_type.account_type`).

Roles, judged among the accounts of the period: ``active`` — posts at or above the 90th
percentile (and ≥ 5); ``influential`` — engagement received or followers at or above the 90th
percentile (and ≥ 100 / ≥ 10,000).

Signals, computed only for the accounts a page shows and kept until the rollups change:
posts per day, burstiness (coefficient of variation of the gaps between posts, to the second;
> 1 bursty, ≈ 1 random, < 1 regular), hour-of-day entropy in bits over local hours (0 = one
hour only, 4.58 = every hour alike), duplicate ratio (share of its original posts repeating a
text it already posted). Values need at least 3 posts, else ``None``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Connection, Engine

from pantau.network.camps import stored_issue_network
from pantau.network.roles import GROUPS, IssueActor, roles_from_payload
from pantau.network.rollups import (
    PERIODS,
    SENTIMENTS,
    STAGE,
    Thresholds,
    account_profiles,
    local_day,
    thresholds,
    unpack,
)
from pantau.records import Workspace
from pantau.store import actors as store
from pantau.store.monitor import stage_position

ROLES = ("active", "influential")
SORTS = store.SORTS
RECENT_POSTS = 20
ISSUE_POSTS = 5000  # an account's newest posts whose issues its profile lists
WAITING_CAP = 10_000

_CACHE: dict[tuple, object] = {}
_CACHE_MAX = 256


def period_for(days: int) -> int:
    """The standard period serving a request for the last ``days`` days (0: everything)."""
    return next((p for p in PERIODS if p and days and p >= days), 0)


@dataclass
class ActorList:
    """One page of a period's actors. ``window`` is None before the first ``actors`` run;
    ``waiting`` counts (up to ``WAITING_CAP``) the posts stored since, not yet counted."""

    actors: list[dict] = field(default_factory=list)
    total: int = 0
    window: store.Window | None = None
    waiting: int = 0


def _epoch(value: datetime) -> float:
    return value.replace(tzinfo=UTC).timestamp()


def account_signals(days: Iterable[tuple[datetime, dict]]) -> dict:
    """The automation signals of one account from its days in a period: (first post of the
    day, the day's ``detail``) pairs."""
    times: list[float] = []
    hours = np.zeros(24)
    signatures: Counter[str] = Counter()
    for first, detail in days:
        start = _epoch(first)
        times.extend(start + t for t in detail["times"])
        hours += detail["hours"]
        signatures.update(detail["signatures"])
    t = np.sort(np.asarray(times))
    n = len(t)
    if n == 0:
        return {}
    out: dict = {"posts_per_day": round(n / max((t[-1] - t[0]) / 86400.0, 1.0), 3)}
    out["burstiness"] = out["hour_entropy"] = None
    if n >= 3:
        gaps = np.diff(t)
        mean = gaps.mean()
        out["burstiness"] = round(float(gaps.std() / mean), 3) if mean > 0 else None
        share = hours[hours > 0] / n
        out["hour_entropy"] = round(float(-(share * np.log2(share)).sum()), 3)
    originals = sum(signatures.values())
    out["duplicate_ratio"] = round(1 - len(signatures) / originals, 3) if originals >= 3 else None
    return out


def _signals(
    conn: Connection,
    workspace_id: int,
    accounts: Sequence[store.Account],
    first: date | None,
    last: date | None,
) -> dict[store.Account, dict]:
    found: dict[store.Account, list[tuple[datetime, dict]]] = {}
    for platform, author, _day, _n, seen, detail in store.account_days(
        conn, workspace_id, accounts, first, last
    ):
        found.setdefault((platform, author), []).append((seen, unpack(detail)))
    return {key: account_signals(days) for key, days in found.items()}


def _shown(row: dict, roles: Thresholds, signals: dict[store.Account, dict] | None) -> dict:
    """A period row as the pages, the API and ``--json`` show an actor."""
    key = (row["platform"], row["author"])
    out = {
        "platform": row["platform"],
        "handle": row["author"],
        "name": row.get("name"),
        "type": row["type"],
        "institution": row.get("institution"),
        "listed": bool(row["listed"]),
        "roles": roles.roles(row["posts"], row["engagement"], row.get("followers")),
        "posts": row["posts"],
        "reposts": row["reposts"],
        "followers": row.get("followers"),
        "verified": row.get("verified"),
        "engagement": row["engagement"],
        "views": row["views"],
        "sentiment": {s: row[s] for s in SENTIMENTS if row[s]},
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
    }
    if signals is not None:
        out["signals"] = {**signals.get(key, {}), "followers": row.get("followers")}
    return out


def _roles(window: store.Window) -> Thresholds:
    return Thresholds(window.posts_min, window.engagement_min, window.followers_min)


def _window(conn: Connection, workspace_id: int, days: int) -> store.Window | None:
    return store.windows(conn, workspace_id).get(period_for(days))


def _remember(key: tuple, value: object) -> None:
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = value


def list_actors(
    engine: Engine,
    workspace: Workspace,
    days: int = 7,
    *,
    platform: str | None = None,
    kind: str | None = None,
    role: str | None = None,
    sort: str = "engagement",
    limit: int | None = 100,
    signals: bool = True,
) -> ActorList:
    """The actors of a standard period (see ``period_for``), filtered by platform, type
    (``kind``) and role, sorted (``SORTS``), the first ``limit`` (all: None) with their
    signals; kept in memory until the rollups change."""
    with engine.connect() as conn:
        window = _window(conn, workspace.id, days)
        waiting = store.posts_after(
            conn, workspace.id, stage_position(conn, workspace.id, STAGE), WAITING_CAP
        )
        if window is None:
            return ActorList(waiting=waiting)
        key = (str(engine.url), workspace.id, window.days, platform, kind, role, sort, limit,
               signals, window.updated_at)  # fmt: skip
        cached = _CACHE.get(key)
        if isinstance(cached, ActorList):
            return ActorList(cached.actors, cached.total, window, waiting)
        roles = _roles(window)
        f = store.PeriodFilter(
            platform=platform or None,
            type=kind or None,
            active_from=roles.posts if role == "active" else None,
            influential_from=(roles.engagement, roles.followers) if role == "influential" else None,
        )
        rows, total = store.period_page(conn, workspace.id, window.days, f, sort, limit)
        first = window.first_day if window.days else None
        shown = [(r["platform"], r["author"]) for r in rows]
        found = _signals(conn, workspace.id, shown, first, window.last_day) if signals else None
    result = ActorList([_shown(r, roles, found) for r in rows], total, window, waiting)
    _remember(key, result)
    return result


def actors_between(
    engine: Engine,
    workspace: Workspace,
    since: datetime | None,
    until: datetime | None,
    limit: int | None = 30,
    signals: bool = True,
) -> list[dict]:
    """The actors of any range of local days: ``since`` and ``until`` (naive UTC, exclusive)
    as the command line gives them, each to its local day; most engagement first. Summed
    from the day rollups of that range on request (the command line's; pages use
    ``list_actors``)."""
    zone = ZoneInfo(workspace.timezone)
    first = local_day(since, zone) if since else None
    last = local_day(until - timedelta(microseconds=1), zone) if until else None
    with engine.connect() as conn:
        totals = store.totals_between(conn, workspace.id, first, last)
        accounts = [(t["platform"], t["author"]) for t in totals]
        profiles = account_profiles(conn, workspace.id, accounts)
        known = [f for _n, f, *_r in profiles.values() if f is not None]
        roles = thresholds([t["posts"] for t in totals], [t["engagement"] for t in totals], known)
        rows = [
            {**t, **dict(zip(store.PROFILE, profiles[(t["platform"], t["author"])], strict=True))}
            for t in totals
        ]
        rows.sort(key=lambda r: (-r["engagement"], -r["posts"], r["author"]))
        rows = rows[:limit] if limit else rows
        shown = [(r["platform"], r["author"]) for r in rows]
        found = _signals(conn, workspace.id, shown, first, last) if signals else None
    return [_shown(r, roles, found) for r in rows]


def actor_profile(
    engine: Engine, workspace: Workspace, platform: str, handle: str, days: int = 30
) -> dict | None:
    """One account in a standard period: the figures of ``list_actors`` (roles judged among
    everyone's of the period), its signals and emotions, the issues of its posts and its
    newest posts; None when it has no posts in the period. Kept until the rollups change."""
    account = (platform, handle)
    with engine.connect() as conn:
        window = _window(conn, workspace.id, days)
        if window is None:
            return None
        key = (str(engine.url), workspace.id, window.days, account, window.updated_at)
        cached = _CACHE.get(key)
        if isinstance(cached, dict):
            return cached
        row = store.period_rows(conn, workspace.id, window.days, [account]).get(account)
        if row is None:
            return None
        first = window.first_day if window.days else None
        days_found = store.account_days(conn, workspace.id, [account], first, window.last_day)
        details = [(seen, unpack(detail)) for *_k, seen, detail in days_found]
        ids = [i for _seen, d in details for i in reversed(d["ids"])]
        emotions: Counter[str] = Counter()
        for _seen, d in details:
            emotions.update(d["emotions"])
        shown = _shown(row, _roles(window), {account: account_signals(details)})
        shown["emotions"] = dict(emotions.most_common())
        shown["issues"] = store.issues_of_posts(conn, workspace.id, ids[:ISSUE_POSTS])
        shown["recent"] = store.posts_by_ids(conn, workspace.id, ids[:RECENT_POSTS])
        shown["period"] = {"days": window.days, "first_day": first, "last_day": window.last_day}
    _remember(key, shown)
    return shown


def key_actors(
    engine: Engine, workspace: Workspace, issue_id: int, limit: int | None = None
) -> list[dict]:
    """The key accounts of an issue as the ``networks`` stage stored them with its network
    (originators, amplifiers, fact-checkers, official accounts, media; ``role`` names the
    group), most posts in the issue first (the first ``limit``; None: all), with the type
    and roles the actor rollups give them over everything. None until the issue's network is
    computed: nothing here reads posts. The issue page and the API both show these."""
    stored = stored_issue_network(engine, workspace, issue_id) or {}
    roles = roles_from_payload(stored.get("roles"))
    found: dict[store.Account, tuple[str, IssueActor]] = {}
    for group in GROUPS:
        for person in getattr(roles, group):
            found.setdefault((person.platform, person.handle), (group, person))
    chosen = sorted(found.values(), key=lambda g: (-g[1].posts, -g[1].engagement, g[1].handle))
    chosen = chosen[:limit]
    with engine.connect() as conn:
        window = store.windows(conn, workspace.id).get(0)
        accounts = [(a.platform, a.handle) for _g, a in chosen]
        rows = store.period_rows(conn, workspace.id, 0, accounts)
    out = []
    for group, a in chosen:
        row = rows.get((a.platform, a.handle))
        rollup_roles = (
            _roles(window).roles(row["posts"], row["engagement"], row["followers"])
            if row and window
            else []
        )
        out.append(
            {
                "platform": a.platform,
                "handle": a.handle,
                "name": a.name,
                "followers": a.followers,
                "posts": a.posts,
                "engagement": a.engagement,
                "role": group,
                "type": row["type"] if row else None,
                "roles": rollup_roles,
            }
        )
    return out
