"""What is in a workspace: totals, platforms, daily volume in local days, top authors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from pantau.locale import to_local
from pantau.records import Workspace
from pantau.store import posts as post_store
from pantau.store.enrichment import enrichment_counts


@dataclass
class WorkspaceStats:
    workspace: str
    timezone: str
    posts: int
    first: str | None
    last: str | None
    by_platform: dict[str, int]
    by_day: dict[str, int]  # local date (ISO) -> posts
    top_authors: list[dict] = field(default_factory=list)
    enrichment: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def workspace_stats(engine: Engine, workspace: Workspace, top: int = 10) -> WorkspaceStats:
    with engine.connect() as conn:
        total = post_store.count_posts(conn, workspace.id)
        by_platform = post_store.counts_by_platform(conn, workspace.id)
        hourly = post_store.hourly_counts(conn, workspace.id)
        first, last = post_store.time_range(conn, workspace.id)
        authors = post_store.top_authors(conn, workspace.id, top)
        enrichment = enrichment_counts(conn, workspace.id)
    days: Counter[date] = Counter()
    for hour, n in hourly:
        days[to_local(hour, workspace.timezone).date()] += n
    return WorkspaceStats(
        workspace=workspace.slug,
        timezone=workspace.timezone,
        posts=total,
        first=to_local(first, workspace.timezone).isoformat() if first else None,
        last=to_local(last, workspace.timezone).isoformat() if last else None,
        by_platform=by_platform,
        by_day={d.isoformat(): days[d] for d in sorted(days)},
        top_authors=[{"platform": p, "author": a, "posts": n} for p, a, n in authors],
        enrichment=enrichment,
    )
