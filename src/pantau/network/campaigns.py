"""Coordinated campaigns kept for the dashboard.

The ``coordination`` stage runs :func:`pantau.network.coordination.detect_coordination` over
the posts of the recent window (``WINDOW`` up to the newest post, or up to the run's "now")
and stores each group with what a person needs to judge it: its members, a sample of the
posts they acted on together (``MAX_EVIDENCE_POSTS``, in time order), the hashtags those
posts share most, and the issues those posts belong to. Pages read the stored groups (a few
rows), never the posts.

The stored groups are replaced as a whole together with the stage's position (the newest
post id seen) in one transaction: running the stage again without new posts changes nothing,
and a run killed half-way leaves the previous groups until the next run replaces them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.network.coordination import Coordination, Group, detect_coordination
from pantau.records import Workspace
from pantau.store import coordination as store
from pantau.store.monitor import latest_post_time, max_post_id, posts_by_id, stage_position
from pantau.store.network import first_post_id_since, iter_activity

WINDOW = timedelta(days=7)
STRONG, CLEAR = 0.6, 0.3  # score bands: very likely coordinated, likely, worth a look
MAX_EVIDENCE_POSTS = 200
TOP_HASHTAGS = 3


@dataclass(frozen=True, slots=True)
class Campaign:
    """One stored group of accounts acting together."""

    key: str
    rank: int
    label: str
    score: float
    density: float
    members: int
    edges: int
    coactions: int
    evidence_total: int
    posts: int
    kinds: dict[str, int]
    hashtags: list[str]
    evidence: list[int]  # post ids, in time order
    issues: dict[int, int]  # issue id → evidence posts in it
    first_at: datetime | None
    last_at: datetime | None
    window_start: datetime
    window_end: datetime
    computed_at: datetime
    accounts: list[tuple[str, str]] = field(default_factory=list)  # filled for one group

    @property
    def strength(self) -> str:
        """``kuat``, ``sedang`` or ``lemah``: how clearly the score says "coordinated"."""
        return "kuat" if self.score >= STRONG else "sedang" if self.score >= CLEAR else "lemah"


@dataclass(slots=True)
class CampaignSummary:
    posts: int = 0
    groups: int = 0
    accounts: int = 0
    skipped: bool = False  # no new post since the last run


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def group_key(members: Iterable[tuple[str, str]]) -> str:
    text = "\n".join(f"{p}:{h}" for p, h in sorted(members))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _by_post_id(rows: Iterable[dict]) -> Iterator[dict]:
    """Rows whose evidence names the stored post id (detection names posts by external id,
    which is unique only within a platform)."""
    for row in rows:
        yield {**row, "external_id": str(row["id"])}


def _label(hashtags: list[str], members: list[tuple[str, str]]) -> str:
    if hashtags:
        return " ".join(f"#{h}" for h in hashtags)
    shown = ", ".join(f"@{h}" for _p, h in members[:2])
    more = len(members) - 2
    return f"{shown} +{more}" if more > 0 else shown


def _group_rows(
    engine: Engine,
    workspace: Workspace,
    result: Coordination,
    issue_of: Mapping[int, list[int]],
    window: tuple[datetime, datetime],
    now: datetime,
) -> tuple[list[dict], list[tuple[str, str, str]]]:
    index = {account: i for i, account in enumerate(result.accounts)}
    groups: list[dict] = []
    members: list[tuple[str, str, str]] = []
    for rank, group in enumerate(result.groups, start=1):
        inside = {index[a] for a in group.members}
        times: dict[int, datetime] = {}
        for edge in result.edges:
            if edge.a in inside and edge.b in inside:
                for post_a, post_b, at_a, at_b, _kinds in edge.evidence:
                    times[int(post_a)], times[int(post_b)] = at_a, at_b
        evidence = sorted(times, key=lambda p: (times[p], p))
        issues: Counter[int] = Counter()
        for post_id in times:
            for issue_id in issue_of.get(post_id, ()):
                issues[issue_id] += 1
        sample = evidence[:MAX_EVIDENCE_POSTS]
        hashtags = _shared_hashtags(engine, workspace, sample)
        key = group_key(group.members)
        groups.append(_row(group, key, rank, hashtags, sample, issues, times, window, now))
        members.extend((key, p, h) for p, h in group.members)
    return groups, members


def _row(
    group: Group,
    key: str,
    rank: int,
    hashtags: list[str],
    sample: list[int],
    issues: Counter[int],
    times: Mapping[int, datetime],
    window: tuple[datetime, datetime],
    now: datetime,
) -> dict:
    return {
        "group_key": key,
        "rank": rank,
        "label": _label(hashtags, group.members)[:300],
        "score": group.score,
        "density": group.density,
        "members": len(group.members),
        "edges": group.edges,
        "coactions": group.coactions,
        "evidence_total": group.evidence,
        "posts": group.posts,
        "kinds": group.kinds,
        "hashtags": hashtags,
        "evidence": sample,
        "issues": {str(i): n for i, n in issues.most_common()},
        "first_at": min(times.values()) if times else None,
        "last_at": max(times.values()) if times else None,
        "window_start": window[0],
        "window_end": window[1],
        "computed_at": now,
    }


def _shared_hashtags(engine: Engine, workspace: Workspace, post_ids: list[int]) -> list[str]:
    """The hashtags most of the evidence posts carry (as first written), most shared first."""
    with engine.connect() as conn:
        found = posts_by_id(conn, workspace.id, post_ids)
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for post in found:
        for tag in {str(t).lstrip("#") for t in post.hashtags or []}:
            counts[tag.lower()] += 1
            spelled.setdefault(tag.lower(), tag)
    enough = max(2, len(found) // 4)
    return [spelled[t] for t, n in counts.most_common(TOP_HASHTAGS) if n >= enough]


def find_campaigns(
    engine: Engine, workspace: Workspace, until: datetime | None = None
) -> CampaignSummary:
    """Detect the coordinated groups of the recent window and store them (see the module
    docstring); nothing to do when no post arrived since the last run."""
    with engine.connect() as conn:
        newest = max_post_id(conn, workspace.id)
        if newest and newest == stage_position(conn, workspace.id, store.STAGE):
            return CampaignSummary(skipped=True)
        end = until or latest_post_time(conn, workspace.id)
    now = _now()
    groups: list[dict] = []
    members: list[tuple[str, str, str]] = []
    posts = 0
    if end is not None:
        start = end - WINDOW
        with engine.connect() as conn:
            first = first_post_id_since(conn, workspace.id, start)
            issue_of: dict[int, list[int]] = {}
            for issue_id, post_id in store.issue_posts_seen_since(conn, workspace.id, start):
                issue_of.setdefault(post_id, []).append(issue_id)
        rows = iter_activity(engine, workspace.id, start, until, after_id=max(first - 1, 0))
        result = detect_coordination(_by_post_id(rows))
        posts = result.posts
        groups, members = _group_rows(engine, workspace, result, issue_of, (start, end), now)
    with engine.begin() as conn:
        store.replace_groups(conn, workspace.id, groups, members, newest, now)
        fault_point("coordination.writing")
    return CampaignSummary(posts=posts, groups=len(groups), accounts=len(members))


def _campaign(row: Mapping, accounts: list[tuple[str, str]] | None = None) -> Campaign:
    return Campaign(
        key=row["group_key"],
        rank=row["rank"],
        label=row["label"],
        score=row["score"],
        density=row["density"],
        members=row["members"],
        edges=row["edges"],
        coactions=row["coactions"],
        evidence_total=row["evidence_total"],
        posts=row["posts"],
        kinds=dict(row["kinds"] or {}),
        hashtags=list(row["hashtags"] or []),
        evidence=[int(p) for p in row["evidence"] or []],
        issues={int(i): int(n) for i, n in (row["issues"] or {}).items()},
        first_at=row["first_at"],
        last_at=row["last_at"],
        window_start=row["window_start"],
        window_end=row["window_end"],
        computed_at=row["computed_at"],
        accounts=accounts or [],
    )


def stored_campaigns(engine: Engine, workspace: Workspace) -> list[Campaign]:
    """The groups the last coordination run stored, highest score first."""
    with engine.connect() as conn:
        return [_campaign(r) for r in store.group_rows(conn, workspace.id)]


def stored_campaign(engine: Engine, workspace: Workspace, key: str) -> Campaign | None:
    """One stored group with its member accounts, or None."""
    with engine.connect() as conn:
        rows = store.group_rows(conn, workspace.id, key)
        if not rows:
            return None
        return _campaign(rows[0], store.members_of(conn, workspace.id, key))


def issue_campaigns(engine: Engine, workspace: Workspace, issue_id: int) -> list[Campaign]:
    """The stored groups whose coordinated posts belong to an issue, most of them first."""
    found = [c for c in stored_campaigns(engine, workspace) if issue_id in c.issues]
    return sorted(found, key=lambda c: (-c.issues[issue_id], c.rank))


def campaigns_of_accounts(
    engine: Engine, workspace: Workspace, accounts: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[str]]:
    """(platform, handle) → keys of the stored groups each account belongs to."""
    with engine.connect() as conn:
        return store.groups_of_accounts(conn, workspace.id, accounts)


def account_campaigns(
    engine: Engine, workspace: Workspace, platform: str, handle: str
) -> list[Campaign]:
    """The stored groups one account belongs to, highest score first."""
    keys = set(
        campaigns_of_accounts(engine, workspace, [(platform, handle)]).get((platform, handle), [])
    )
    return [c for c in stored_campaigns(engine, workspace) if c.key in keys]
