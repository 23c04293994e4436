"""Actor rollups: what the *Aktor* pages, actor profiles, key actors and the API read instead
of the posts.

Per account × local day of the workspace (``actor_days``): posts, reposts, engagement received
(likes + reposts + replies), reach (views the platform reported), the sentiment mix (with the
posts not enriched), and in a compressed ``detail`` the emotion mix, posts per local hour,
the text signatures of its original posts with their counts (for the duplicate ratio), its
post times and post ids. Per standard period (the last 1, 7, 30 or 90 local days up to the
newest post's day, or everything; ``actor_periods``): each account's sums with the profile
and type it is listed and filtered by, and the period's role thresholds (``actor_windows``).

``update_actor_rollups`` is the ``actors`` stage. It is incremental and idempotent:

1. the local days holding posts stored since its position (``monitor_state`` ``actors``), or
   a post the triggers of migration 0025 marked (``actor_changes``: a rolled-up post updated,
   deleted or enriched again), are recomputed whole from the posts, a few days per
   transaction; the accounts whose rows changed are marked in the same transaction;
2. then, in one transaction with the position: the marked accounts (and those whose days
   entered or left a period, or whose profile or listed type changed) get their period rows
   rewritten from the day rows, each period's thresholds are computed again, and the marks
   handled are removed.

A crash anywhere leaves marks and a position from which the next run finishes the work.
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import orjson
from sqlalchemy import Connection, Engine

from pantau.faults import fault_point
from pantau.network.coordination import simple_normalize
from pantau.records import Workspace
from pantau.store import actors as store
from pantau.store.monitor import (
    latest_post_time,
    max_post_id,
    post_hours_after,
    set_stage_position,
    stage_position,
)
from pantau.store.network import account_list_rows
from pantau.text.account_type import account_type

STAGE = "actors"
PERIODS = (1, 7, 30, 90, 0)  # last local days up to the newest post's day; 0: everything
CHUNK_DAYS = 7  # days recomputed per transaction
MIN_ACTIVE_POSTS, MIN_INFLUENTIAL_ENGAGEMENT, MIN_INFLUENTIAL_FOLLOWERS = 5, 100, 10_000
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(slots=True)
class ActorRollupSummary:
    days: int = 0  # local days recomputed
    posts: int = 0  # posts read for them
    accounts: int = 0  # accounts whose period rows were rewritten
    changes: int = 0  # change marks handled
    last_post_id: int = 0


# --- one day of one account ----------------------------------------------------------------------


def signature(text: str) -> str | None:
    """A short hash of a text as the duplicate ratio compares texts (lower case, links,
    mentions and punctuation dropped); None for a text with nothing left."""
    flat = simple_normalize(text)
    return hashlib.blake2b(flat.encode(), digest_size=8).hexdigest() if flat else None


def pack(detail: dict) -> bytes:
    return zlib.compress(orjson.dumps(detail, option=orjson.OPT_SORT_KEYS), 1)


def unpack(blob: bytes) -> dict:
    return orjson.loads(zlib.decompress(blob))


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.replace(tzinfo=UTC).astimezone(zone).date()


def utc_start(day: date, zone: ZoneInfo) -> datetime:
    """The naive UTC time at which a local day starts."""
    return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)


def day_figures(rows: Iterable[store.ActorPost], zone: ZoneInfo) -> dict[store.DayKey, tuple]:
    """The ``actor_days`` values of the accounts × local days of ``rows`` (posts in time
    order, each day's posts all there)."""
    grouped: dict[store.DayKey, list[store.ActorPost]] = {}
    for row in rows:
        key = (row.platform, row.author, local_day(row.created_at, zone))
        grouped.setdefault(key, []).append(row)
    out = {}
    for key, own in grouped.items():
        first = own[0].created_at
        moods = Counter(r.sentiment if r.sentiment in SENTIMENTS else "unknown" for r in own)
        hours = [0] * 24
        for r in own:
            hours[r.created_at.replace(tzinfo=UTC).astimezone(zone).hour] += 1
        signatures = Counter(s for r in own if not r.repost and (s := signature(r.text)))
        detail = {
            "emotions": dict(Counter(r.emotion for r in own if r.emotion)),
            "hours": hours,
            "signatures": dict(signatures),
            "times": [int((r.created_at - first).total_seconds()) for r in own],
            "ids": [r.id for r in own],
        }
        out[key] = (
            len(own),
            sum(r.repost for r in own),
            sum(r.engagement for r in own),
            sum(r.views for r in own),
            moods["positive"],
            moods["neutral"],
            moods["negative"],
            moods["unknown"],
            first,
            own[-1].created_at,
            pack(detail),
        )
    return out


# --- roles and types -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Active from ``posts`` posts; influential from ``engagement`` engagement or
    ``followers`` followers (None: nobody by followers alone)."""

    posts: int
    engagement: int
    followers: int | None

    def roles(self, posts: int, engagement: int, followers: int | None) -> list[str]:
        out = []
        if posts >= self.posts:
            out.append("active")
        by_followers = (
            self.followers is not None and followers is not None and followers >= self.followers
        )
        if engagement >= self.engagement or by_followers:
            out.append("influential")
        return out


def _at_least(values: Sequence[int], floor: int) -> int:
    """The 90th percentile (linear interpolation), at least ``floor``, rounded up: counts at
    or above it are the top tenth."""
    if not values:
        return floor
    return max(math.ceil(float(np.percentile(values, 90))), floor)


def thresholds(
    posts: Sequence[int], engagement: Sequence[int], followers: Sequence[int]
) -> Thresholds:
    """The roles' thresholds among the accounts of a period: their posts, engagement and
    known followers."""
    return Thresholds(
        _at_least(posts, MIN_ACTIVE_POSTS),
        _at_least(engagement, MIN_INFLUENTIAL_ENGAGEMENT),
        _at_least(followers, MIN_INFLUENTIAL_FOLLOWERS) if followers else None,
    )


def account_profiles(
    conn: Connection, workspace_id: int, accounts: Iterable[store.Account]
) -> dict[store.Account, tuple]:
    """Per account: name, followers, verified, type, institution and whether the type comes
    from the workspace's account list (else from the name: ``text.account_type``)."""
    wanted = set(accounts)
    listed = {(r["platform"], r["handle"]): r for r in account_list_rows(conn, workspace_id)}
    known = store.profiles(conn, workspace_id, wanted)
    out = {}
    for platform, author in wanted:
        name, followers, verified = known.get((platform, author), (None, None, None))
        entry = listed.get((platform, author.lower()))
        kind = entry["type"] if entry else account_type(platform, author, name, followers)
        institution = entry["institution"] if entry else None
        out[(platform, author)] = (name, followers, verified, kind, institution, entry is not None)
    return out


# --- the stage -----------------------------------------------------------------------------------


def _day_runs(days: Iterable[date]) -> list[tuple[date, date]]:
    """Sorted days cut into runs of consecutive days, at most ``CHUNK_DAYS`` long."""
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][-1] == timedelta(days=1) and len(runs[-1]) < CHUNK_DAYS:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [(run[0], run[-1]) for run in runs]


def _rewrite_days(
    engine: Engine, workspace: Workspace, first: date, last: date, zone: ZoneInfo
) -> int:
    """Recompute the days [first, last] from the posts; the accounts whose rows changed are
    marked in the same transaction. Returns the number of posts read."""
    with engine.begin() as conn:
        rows = store.posts_between(
            conn, workspace.id, utc_start(first, zone), utc_start(last + timedelta(days=1), zone)
        )
        new = day_figures(rows, zone)
        old = store.day_rows(conn, workspace.id, first, last)
        changed = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
        if changed:
            store.replace_days(
                conn, workspace.id, changed, {k: new[k] for k in changed if k in new}
            )
            store.mark_accounts(conn, workspace.id, {(p, a) for p, a, _day in changed})
        fault_point("actors.writing")
    fault_point("actors.days_written")
    return len(rows)


def _window_days(days: int, newest: date, oldest: date) -> tuple[date, date]:
    return (newest - timedelta(days=days - 1) if days else oldest), newest


def _moved(
    conn: Connection, workspace_id: int, was: store.Window | None, now: tuple[date, date]
) -> set[store.Account]:
    """The accounts with days that entered or left a period whose days moved."""
    if was is None or (was.first_day, was.last_day) == now:
        return set()
    before = (was.first_day, was.last_day)
    moved: set[store.Account] = set()
    for (a, b), (c, d) in ((before, now), (now, before)):
        # days of [a, b] outside [c, d]
        if a < c:
            moved |= store.accounts_between(conn, workspace_id, a, min(b, c - timedelta(days=1)))
        if b > d:
            moved |= store.accounts_between(conn, workspace_id, max(a, d + timedelta(days=1)), b)
    return moved


def _rewrite_periods(
    engine: Engine, workspace: Workspace, zone: ZoneInfo, handled: Sequence[int]
) -> int:
    """Step 2 of the module docstring, in one transaction; ``handled``: the day marks done.
    Returns the number of accounts rewritten."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        account_marks = [(i, p, a) for i, p, a, t in store.changes(conn, workspace.id) if t is None]
        accounts = {(p, a) for _i, p, a in account_marks}
        lists = store.account_lists_state(conn, workspace.id)
        if lists != store.account_lists_seen(conn, workspace.id):
            accounts |= store.period_accounts(conn, workspace.id)
        newest = latest_post_time(conn, workspace.id)
        oldest, _last = store.day_range(conn, workspace.id)
        stored = store.windows(conn, workspace.id)
        if newest is None or oldest is None:
            for days in PERIODS:
                store.clear_period(conn, workspace.id, days)
                store.drop_window(conn, workspace.id, days)
        else:
            spans = {d: _window_days(d, local_day(newest, zone), oldest) for d in PERIODS}
            for days, span in spans.items():
                if days not in stored:
                    store.clear_period(conn, workspace.id, days)
                    accounts |= store.accounts_between(conn, workspace.id, *span)
                elif days:
                    accounts |= _moved(conn, workspace.id, stored[days], span)
            picks = account_profiles(conn, workspace.id, accounts)
            periods = {d: (None if d == 0 else first, last) for d, (first, last) in spans.items()}
            store.materialize(conn, workspace.id, periods, picks)
            fault_point("actors.saving")
            for days, (first, last) in spans.items():
                figures = store.period_figures(conn, workspace.id, days)
                found = thresholds(*figures)
                window = store.Window(
                    days, first, last, len(figures[0]), found.posts, found.engagement,
                    found.followers, now,
                )  # fmt: skip
                store.save_window(conn, workspace.id, window)
        store.forget_changes(conn, workspace.id, [*handled, *(i for i, _p, _a in account_marks)])
        store.remember_account_lists(conn, workspace.id, lists)
    return len(accounts)


def update_actor_rollups(engine: Engine, workspace: Workspace) -> ActorRollupSummary:
    """The ``actors`` stage (see the module docstring)."""
    zone = ZoneInfo(workspace.timezone)
    summary = ActorRollupSummary()
    with engine.begin() as conn:
        # The days of the posts stored since the position become marks, in one transaction
        # with the new position: from then on the triggers mark any change to those posts.
        position = stage_position(conn, workspace.id, STAGE)
        ceiling = max_post_id(conn, workspace.id)
        summary.last_post_id = max(position, ceiling)
        if ceiling > position:
            hours = post_hours_after(conn, workspace.id, position)
            ends = [h + timedelta(minutes=59, seconds=59) for h in hours]
            days = {local_day(t, zone) for t in (*hours, *ends)}
            store.mark_days(conn, workspace.id, (utc_start(d, zone) for d in days))
            set_stage_position(
                conn, workspace.id, STAGE, ceiling, datetime.now(UTC).replace(tzinfo=None)
            )
        fault_point("actors.position")
    with engine.connect() as conn:
        marks = store.changes(conn, workspace.id)
        lists_changed = store.account_lists_state(conn, workspace.id) != store.account_lists_seen(
            conn, workspace.id
        )
        unwritten = not store.windows(conn, workspace.id) and summary.last_post_id > 0
    day_marks = [(i, t) for i, _p, _a, t in marks if t is not None]
    if not marks and not lists_changed and not unwritten:
        return summary
    for first, last in _day_runs(local_day(t, zone) for _i, t in day_marks):
        summary.posts += _rewrite_days(engine, workspace, first, last, zone)
        summary.days += (last - first).days + 1
    summary.changes = len(marks)
    summary.accounts = _rewrite_periods(engine, workspace, zone, [i for i, _t in day_marks])
    return summary
