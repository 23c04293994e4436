"""SQL of the coordinator's national view: reads across workspaces, from issue tables and the
narrative kits (never from posts)."""

from __future__ import annotations

from datetime import datetime

import orjson
from sqlalchemy import Connection, Integer, Text, cast, func, select

from pantau.store.schema import (
    claim_matches,
    claims,
    issues,
    monitor_state,
    narrative_kits,
)

_ISSUE_COLUMNS = (
    issues.c.id,
    issues.c.workspace_id,
    issues.c.label,
    issues.c.stage,
    issues.c.priority,
    issues.c.priority_score,
    issues.c.status,
    issues.c.owner,
    issues.c.first_seen,
    issues.c.last_seen,
)
_NAMES = [c.name for c in _ISSUE_COLUMNS]


def issues_seen_since(conn: Connection, since: datetime) -> list[dict]:
    """Every workspace's live issues (not merged, not dismissed) seen since ``since``, with
    their ``terms`` and ``metrics`` (read as text and parsed with orjson: tens of thousands of
    metrics objects are most of the time otherwise)."""
    stmt = (
        select(*_ISSUE_COLUMNS, cast(issues.c.terms, Text), cast(issues.c.metrics, Text))
        .where(
            issues.c.last_seen >= since,
            issues.c.merged_into.is_(None),
            issues.c.status != "diabaikan",
        )
        .order_by(issues.c.workspace_id, issues.c.id)
    )
    found = []
    for *values, terms, metrics in conn.execute(stmt):
        row = dict(zip(_NAMES, values, strict=True))
        row["terms"] = orjson.loads(terms) if terms else []
        row["metrics"] = orjson.loads(metrics) if metrics else {}
        found.append(row)
    return found


def kits_released_since(conn: Connection, since: datetime) -> list[tuple[int, int]]:
    """(workspace id, kit id) of the narrative kits released since ``since``, newest first."""
    stmt = (
        select(narrative_kits.c.workspace_id, narrative_kits.c.id)
        .where(narrative_kits.c.release_at >= since)
        .order_by(narrative_kits.c.release_at.desc(), narrative_kits.c.id)
    )
    return [(int(w), int(k)) for w, k in conn.execute(stmt)]


def shared_claim_matches(conn: Connection, since: datetime) -> list[dict]:
    """Per shared claim and workspace: posts spreading and debunking it matched since
    ``since`` (by match time)."""
    spreading = func.sum(func.cast(claim_matches.c.stance == "menyebarkan", Integer))
    stmt = (
        select(
            claims.c.id,
            claims.c.claim,
            claims.c.verdict,
            claims.c.clarification,
            claim_matches.c.workspace_id,
            func.count().label("matched"),
            spreading.label("spreading"),
        )
        .join(claims, claims.c.id == claim_matches.c.claim_id)
        .where(claims.c.shared, claim_matches.c.created_at >= since)
        .group_by(
            claims.c.id,
            claims.c.claim,
            claims.c.verdict,
            claims.c.clarification,
            claim_matches.c.workspace_id,
        )
        .order_by(claims.c.id, claim_matches.c.workspace_id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def newest_issue_time(conn: Connection) -> datetime | None:
    """When the newest post of any workspace's issue was seen."""
    value = conn.execute(select(func.max(issues.c.last_seen))).scalar()
    return value if isinstance(value, datetime) or value is None else datetime.fromisoformat(value)


def last_detection_runs(conn: Connection) -> dict[int, datetime]:
    """When each workspace's issue detection last moved on (naive UTC)."""
    stmt = select(monitor_state.c.workspace_id, monitor_state.c.updated_at).where(
        monitor_state.c.stage == "detect"
    )
    return {int(w): at for w, at in conn.execute(stmt)}


def issue_marker(conn: Connection, since: datetime) -> tuple:
    """What changes whenever an issue seen since ``since`` is added, changed or removed: their
    number, newest change and highest id."""
    stmt = select(func.count(), func.max(issues.c.updated_at), func.max(issues.c.id)).where(
        issues.c.last_seen >= since
    )
    return tuple(conn.execute(stmt).one())
