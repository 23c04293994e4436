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
    narrative_accounts,
    narrative_kits,
    narrative_matches,
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
    issues.c.updated_at,
)
_NAMES = [c.name for c in _ISSUE_COLUMNS]
_CHUNK = 1000  # ids in one IN list


def issues_seen_since(conn: Connection, since: datetime) -> list[dict]:
    """Every workspace's live issues (not merged, not dismissed) seen since ``since``, without
    their terms and metrics (``issue_contents``: read only for issues not seen before)."""
    stmt = (
        select(*_ISSUE_COLUMNS)
        .where(
            issues.c.last_seen >= since,
            issues.c.merged_into.is_(None),
            issues.c.status != "diabaikan",
        )
        .order_by(issues.c.workspace_id, issues.c.id)
    )
    return [dict(zip(_NAMES, values, strict=True)) for values in conn.execute(stmt)]


def issue_contents(conn: Connection, ids: list[int]) -> dict[int, tuple[list, dict]]:
    """The ``terms`` and ``metrics`` of these issues by id (read as text and parsed with
    orjson: tens of thousands of metrics objects are most of the time otherwise)."""
    found: dict[int, tuple[list, dict]] = {}
    for start in range(0, len(ids), _CHUNK):
        stmt = select(issues.c.id, cast(issues.c.terms, Text), cast(issues.c.metrics, Text)).where(
            issues.c.id.in_(ids[start : start + _CHUNK])
        )
        for issue_id, terms, metrics in conn.execute(stmt):
            found[int(issue_id)] = (
                orjson.loads(terms) if terms else [],
                orjson.loads(metrics) if metrics else {},
            )
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


def adoption_marker(conn: Connection, since: datetime) -> tuple:
    """What changes whenever the adoption of a kit released since ``since`` may change: the
    kits (number, newest edit, matching position), their asked accounts and their matches."""
    k = narrative_kits.c
    recent = narrative_kits.select().where(k.release_at >= since).subquery()
    kits = select(func.count(), func.max(k.updated_at), func.sum(k.matched_through)).where(
        k.release_at >= since
    )
    found: list = list(conn.execute(kits).one())
    for table, moment in (
        (narrative_accounts, narrative_accounts.c.added_at),
        (narrative_matches, narrative_matches.c.matched_at),
    ):
        stmt = select(func.count(), func.max(moment)).select_from(
            table.join(
                recent,
                (recent.c.workspace_id == table.c.workspace_id) & (recent.c.id == table.c.kit_id),
            )
        )
        found.extend(conn.execute(stmt).one())
    return tuple(found)
