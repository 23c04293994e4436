"""Owned-channel metrics: engagement rates with their denominators named, Kaushik's
conversation / amplification / applause rates, and follower growth; per account, platform,
format and period.

Definitions (a post counts in a rate only when the rate's inputs are known for it):

- engagements of a post = likes (reactions on Facebook) + comments + shares (reposts on X)
  + saves. Clicks and views are not engagements.
- engagement rate by reach = Σ engagements / Σ reach; by views = Σ engagements / Σ views; by
  impressions = Σ engagements / Σ impressions. Each is its own rate, never a fallback for
  another: the ``denominator`` of every ``Rate`` says which it is.
- engagement rate by followers = (Σ engagements / posts) / followers.
- conversation rate = (Σ comments / posts) / followers; amplification rate = (Σ shares /
  posts) / followers; applause rate = (Σ likes / posts) / followers (Avinash Kaushik, 2011).
- followers = the account's newest follower count on or before the end of the period (metric
  ``followers``: TikTok FollowerHistory or ``pantau outreach followers``); for a group of
  accounts, their sum, and only when every account in the group has one.
- follower growth = the newest follower count in the period − the newest count before it
  (or the first in it); without follower counts, Σ ``follower_change`` (TikTok, YouTube) or
  Σ ``new_followers`` − Σ ``unfollows`` (Meta, X). ``basis`` names the source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau.locale import to_local
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import Channel, PostFacts

GROUPINGS = ("channel", "platform", "format", "month", "week")
_SUM_FIELDS = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "clicks")
_GROWTH_METRICS = ("followers", "follower_change", "new_followers", "unfollows")


def engagements(p: PostFacts) -> int | None:
    parts = (p.likes, p.comments, p.shares, p.saves)
    if all(v is None for v in parts):
        return None
    return sum(v or 0 for v in parts)


@dataclass(frozen=True)
class Rate:
    name: str  # engagement_rate, conversation_rate, amplification_rate, applause_rate
    denominator: str  # reach, views, impressions, followers
    value: float | None
    numerator_total: float
    denominator_total: float
    posts: int  # posts the rate is computed over
    note: str | None = None


@dataclass(frozen=True)
class Growth:
    start: float | None
    end: float | None
    change: float
    percent: float | None
    basis: str  # followers, follower_change, new_followers-unfollows


@dataclass
class MetricsGroup:
    key: dict[str, str]
    posts: int
    totals: dict[str, int]
    rates: list[Rate]
    followers: float | None
    followers_on: date | None
    growth: Growth | None
    channels: list[str] = field(default_factory=list)
    # metrics no post of the group reported (the platform's export lacks them): their
    # totals are 0 only for arithmetic and are shown as "–"
    missing: list[str] = field(default_factory=list)

    def rate(self, name: str, denominator: str) -> Rate:
        return next(r for r in self.rates if r.name == name and r.denominator == denominator)

    def as_dict(self) -> dict:
        return asdict(self)


def _ratio(
    name: str, denominator: str, posts: Sequence[PostFacts], num: Callable, den: Callable
) -> Rate:
    n_total = d_total = 0.0
    used = 0
    for p in posts:
        n, d = num(p), den(p)
        if n is None or d is None or d <= 0:
            continue
        n_total += n
        d_total += d
        used += 1
    value = n_total / d_total if d_total > 0 else None
    return Rate(name, denominator, value, n_total, d_total, used)


def _per_post_per_follower(
    name: str, posts: Sequence[PostFacts], num: Callable, followers: float | None
) -> Rate:
    values = [v for p in posts if (v := num(p)) is not None]
    total = float(sum(values))
    if not followers or followers <= 0:
        return Rate(name, "followers", None, total, 0.0, len(values), "jumlah pengikut belum ada")
    if not values:
        return Rate(name, "followers", None, 0.0, followers, 0)
    return Rate(name, "followers", total / len(values) / followers, total, followers, len(values))


def compute_rates(posts: Sequence[PostFacts], followers: float | None) -> list[Rate]:
    """Every rate of a group of posts; ``followers`` is the group's follower count."""
    return [
        _ratio("engagement_rate", "reach", posts, engagements, lambda p: p.reach),
        _ratio("engagement_rate", "views", posts, engagements, lambda p: p.views),
        _ratio("engagement_rate", "impressions", posts, engagements, lambda p: p.impressions),
        _per_post_per_follower("engagement_rate", posts, engagements, followers),
        _per_post_per_follower("conversation_rate", posts, lambda p: p.comments, followers),
        _per_post_per_follower("amplification_rate", posts, lambda p: p.shares, followers),
        _per_post_per_follower("applause_rate", posts, lambda p: p.likes, followers),
    ]


def follower_growth(
    series: dict[str, list[tuple[date, float]]], lo: date | None = None, hi: date | None = None
) -> Growth | None:
    """Growth of one account over ``[lo, hi]`` from its daily series (metric -> (day, value),
    day order). With follower counts: the newest count on or before ``hi`` minus the newest
    count before ``lo`` (or the first count in the period)."""
    totals = series.get("followers") or []
    before = [(d, v) for d, v in totals if lo is not None and d < lo]
    inside = [(d, v) for d, v in totals if (lo is None or d >= lo) and (hi is None or d <= hi)]
    first = before[-1] if before else (inside[0] if inside else None)
    if first is not None and inside and inside[-1][0] > first[0]:
        start, end = first[1], inside[-1][1]
        return Growth(
            start, end, end - start, (end - start) / start if start else None, "followers"
        )

    def total(metric: str) -> float:
        return sum(
            v
            for d, v in series.get(metric, [])
            if (lo is None or d >= lo) and (hi is None or d <= hi)
        )

    if any(lo is None or d >= lo for d, _ in series.get("follower_change", [])):
        return Growth(None, None, total("follower_change"), None, "follower_change")
    if series.get("new_followers") or series.get("unfollows"):
        change = total("new_followers") - total("unfollows")
        return Growth(None, None, change, None, "new_followers-unfollows")
    return None


def _period(day: date, grouping: str) -> tuple[str, date, date]:
    """Label, first and last day of the period containing ``day``."""
    if grouping == "month":
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return first.strftime("%Y-%m"), first, nxt - timedelta(days=1)
    first = day - timedelta(days=day.weekday())
    iso = first.isocalendar()
    return f"{iso.year}-W{iso.week:02d}", first, first + timedelta(days=6)


@dataclass
class MetricsReport:
    workspace: str
    timezone: str
    since: date | None
    until: date | None
    by: list[str]
    groups: list[MetricsGroup]

    def as_dict(self) -> dict:
        return {
            "workspace": self.workspace,
            "timezone": self.timezone,
            "since": self.since,
            "until": self.until,
            "by": self.by,
            "groups": [g.as_dict() for g in self.groups],
        }


def summarise(
    posts: Sequence[PostFacts],
    channels: dict[int, Channel],
    daily: Sequence[tuple[int, str, date, float]],
    by: Sequence[str],
    timezone: str,
    since: date | None = None,
    until: date | None = None,
) -> list[MetricsGroup]:
    """Group posts by ``by`` (any of ``GROUPINGS``; the account is always a key unless
    ``platform`` replaces it) and compute totals, rates and growth for each group."""
    unknown = set(by) - set(GROUPINGS)
    if unknown:
        raise ValueError(f"unknown grouping: {sorted(unknown)}")
    period_kind = next((g for g in by if g in ("month", "week")), None)
    series: dict[int, dict[str, list[tuple[date, float]]]] = defaultdict(lambda: defaultdict(list))
    for cid, metric, day, value in daily:
        series[cid][metric].append((day, value))

    def key_of(p: PostFacts) -> tuple[tuple[str, str], ...]:
        ch = channels[p.channel_id]
        parts = []
        if "platform" in by:
            parts.append(("platform", ch.platform))
        else:
            parts.append(("channel", ch.label))
        if "format" in by:
            parts.append(("format", p.post_type or "tidak diketahui"))
        if period_kind:
            local_day = to_local(p.published_at, timezone).date()
            parts.append(("period", _period(local_day, period_kind)[0]))
        return tuple(parts)

    groups: dict[tuple, list[PostFacts]] = defaultdict(list)
    for p in posts:
        groups[key_of(p)].append(p)

    out = []
    for key, members in sorted(groups.items()):
        ids = sorted({p.channel_id for p in members})
        lo: date | None
        hi: date | None
        if period_kind:
            first_post = to_local(members[0].published_at, timezone).date()
            _, lo, hi = _period(first_post, period_kind)
        else:
            lo, hi = since, until
        followers, on = _followers_at(ids, series, hi)
        growth = group_growth(ids, series, lo, hi)
        totals = {f: sum(getattr(p, f) or 0 for p in members) for f in _SUM_FIELDS}
        totals["engagements"] = sum(engagements(p) or 0 for p in members)
        out.append(
            MetricsGroup(
                key=dict(key),
                posts=len(members),
                totals=totals,
                rates=compute_rates(members, followers),
                followers=followers,
                followers_on=on,
                growth=growth,
                channels=[channels[i].label for i in ids],
                missing=[f for f in _SUM_FIELDS if all(getattr(p, f) is None for p in members)]
                + (["engagements"] if all(engagements(p) is None for p in members) else []),
            )
        )
    return out


def _followers_at(
    ids: Sequence[int], series: dict, until: date | None
) -> tuple[float | None, date | None]:
    total, newest = 0.0, None
    for cid in ids:
        known = [(d, v) for d, v in series[cid].get("followers", []) if until is None or d <= until]
        if not known:
            return None, None
        day, value = known[-1]
        total += value
        newest = day if newest is None else max(newest, day)
    return total, newest


def group_growth(
    ids: Sequence[int], series: dict, lo: date | None, hi: date | None
) -> Growth | None:
    found = []
    for cid in ids:
        growth = follower_growth(series[cid], lo, hi)
        if growth is None:
            return None
        found.append(growth)
    if len(found) == 1:
        return found[0]
    bases = {g.basis for g in found}
    change = sum(g.change for g in found)
    if bases == {"followers"}:
        start = sum(g.start or 0 for g in found)
        end = sum(g.end or 0 for g in found)
        return Growth(start, end, change, change / start if start else None, "followers")
    return Growth(None, None, change, None, "+".join(sorted(bases)))


def channel_metrics(
    engine: Engine,
    workspace: Workspace,
    channels: Sequence[Channel] | None = None,
    since: date | None = None,
    until: date | None = None,
    by: Sequence[str] = ("channel",),
) -> MetricsReport:
    """Metrics of the workspace's owned posts published between ``since`` and ``until``
    (local days, inclusive)."""
    tz = ZoneInfo(workspace.timezone)

    def utc(day: date | None) -> datetime | None:
        if day is None:
            return None
        local = datetime(day.year, day.month, day.day, tzinfo=tz)
        return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    with engine.connect() as conn:
        known = {c.id: c for c in store.find_channels(conn, workspace.id)}
        ids = [c.id for c in channels] if channels is not None else list(known)
        posts = store.post_facts(
            conn, workspace.id, ids, utc(since), utc(until + timedelta(days=1)) if until else None
        )
        # Follower counts may predate the period: read the whole series, window later.
        daily = store.daily_values(conn, workspace.id, ids, _GROWTH_METRICS, None, until)
    groups = summarise(posts, known, daily, list(by), workspace.timezone, since, until)
    return MetricsReport(workspace.slug, workspace.timezone, since, until, list(by), groups)
