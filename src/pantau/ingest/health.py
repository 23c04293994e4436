"""The health of a workspace's live sources, as the *Sumber* page and ``pantau sources list``
show it: the state of the last collection (with its error in plain Indonesian), new posts in
the last 24 hours against the source's own usual day (the median of the 7 days before), a
silent source flagged, and the quota left."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from pantau.ingest.sources import SourceInfo, info
from pantau.locale import fmt_int
from pantau.records import Workspace
from pantau.store import sources as store

SILENT_HOURS = 6  # as the "source_silent" alert rule's default
USUAL_DAYS = 7


@dataclass(frozen=True, slots=True)
class SourceHealth:
    source: SourceInfo
    state: str  # new, ok, error, auth, limited, paused
    label: str  # the state in Indonesian
    posts_24h: int
    usual_per_day: float | None  # None: not collected long enough to know
    silent: bool
    quota_left: str | None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["source"] = self.source.as_dict()
        return data


def quota_text(quota: dict[str, Any] | None) -> str | None:
    """``9.800 dari 10.000 unit`` (or requests) as the service last said."""
    if not quota or quota.get("left") is None:
        return None
    unit = quota.get("unit", "")
    left = fmt_int(int(quota["left"]))
    if quota.get("limit") is not None:
        return f"{left} dari {fmt_int(int(quota['limit']))} {unit}".strip()
    return f"{left} {unit}".strip()


def source_health(
    engine: Engine,
    workspace: Workspace,
    now: datetime | None = None,
    silent_hours: float = SILENT_HOURS,
) -> list[SourceHealth]:
    now = now or datetime.now(UTC).replace(tzinfo=None)
    day_start = datetime(now.year, now.month, now.day)
    with engine.connect() as conn:
        rows = store.source_rows(conn, workspace.id)
        recent = store.new_posts_since(conn, workspace.id, now - timedelta(hours=24))
        by_day = store.new_posts_by_day(conn, workspace.id, day_start - timedelta(days=USUAL_DAYS))
    found = []
    for row in rows:
        source = info(row)
        days = by_day.get(source.id, {})
        first = source.created_at.date()
        usual_days = [(day_start - timedelta(days=k)).date() for k in range(1, USUAL_DAYS + 1)]
        counted = [days.get(d, 0) for d in usual_days if d >= first]
        usual = float(statistics.median(counted)) if counted else None
        last_new = source.last_seen_at or source.created_at
        silent = (
            source.status == "active"
            and source.last_success_at is not None
            and bool(usual)
            and now - last_new >= timedelta(hours=silent_hours)
        )
        state = "paused" if source.status == "paused" else source.health
        label = "dijeda" if state == "paused" else source.health_label
        found.append(
            SourceHealth(
                source=source,
                state=state,
                label=label,
                posts_24h=recent.get(source.id, 0),
                usual_per_day=usual,
                silent=silent,
                quota_left=quota_text(source.quota),
            )
        )
    return found
