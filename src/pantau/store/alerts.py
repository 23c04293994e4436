"""SQL of alerts: channels, rules, detected events, deliveries, notification settings and the
scheduler's report runs; plus the cheap reads alert detection needs (rollup sums, recent issues,
false-claim counts, last activity per platform and source).

Delivery state changes are conditional updates, so two runners (the web service's scheduler
and a ``pantau run`` in another process) never send the same delivery twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Connection, Table, and_, case, func, insert, select, update

from pantau.store.claims import FALSE_VERDICTS
from pantau.store.schema import (
    alert_channels,
    alert_deliveries,
    alert_events,
    alert_rules,
    claim_matches,
    claims,
    issues,
    monitor_state,
    notify_settings,
    posts,
    report_runs,
    rollup_hourly,
    sources,
    topics,
)
from pantau.store.sql import insert_ignoring_duplicates

_IN_CHUNK = 500
OPEN_STATUSES = ("pending", "retrying", "sending")


def _as_datetime(value: datetime | str | None) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# --- channels and rules ---------------------------------------------------------------------


def insert_channel(
    conn: Connection, workspace_id: int, name: str, kind: str, config: Mapping, now: datetime
) -> int:
    result = conn.execute(
        insert(alert_channels)
        .values(
            workspace_id=workspace_id, name=name, kind=kind, config=dict(config), created_at=now
        )
        .returning(alert_channels.c.id)
    )
    return int(result.scalar_one())


def _rows(conn: Connection, table: Table, workspace_id: int, include_deleted: bool) -> list[dict]:
    stmt = select(table).where(table.c.workspace_id == workspace_id)
    if not include_deleted:
        stmt = stmt.where(table.c.deleted_at.is_(None))
    return [dict(r) for r in conn.execute(stmt.order_by(table.c.id)).mappings()]


def channel_rows(conn: Connection, workspace_id: int, include_deleted: bool = False) -> list[dict]:
    return _rows(conn, alert_channels, workspace_id, include_deleted)


def update_channel(
    conn: Connection, workspace_id: int, channel_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(alert_channels)
        .where(alert_channels.c.workspace_id == workspace_id, alert_channels.c.id == channel_id)
        .values(**values)
    )


def mark_channel_deleted(
    conn: Connection, workspace_id: int, channel_id: int, now: datetime
) -> None:
    conn.execute(
        update(alert_channels)
        .where(alert_channels.c.workspace_id == workspace_id, alert_channels.c.id == channel_id)
        .values(deleted_at=now)
    )
    _cancel_open(conn, workspace_id, now, alert_deliveries.c.channel_id == channel_id)


def insert_rule(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> int:
    result = conn.execute(
        insert(alert_rules).values(workspace_id=workspace_id, **values).returning(alert_rules.c.id)
    )
    return int(result.scalar_one())


def update_rule(
    conn: Connection, workspace_id: int, rule_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(alert_rules)
        .where(alert_rules.c.workspace_id == workspace_id, alert_rules.c.id == rule_id)
        .values(**values)
    )


def rule_rows(conn: Connection, workspace_id: int, include_deleted: bool = False) -> list[dict]:
    return _rows(conn, alert_rules, workspace_id, include_deleted)


def mark_rule_deleted(conn: Connection, workspace_id: int, rule_id: int, now: datetime) -> None:
    conn.execute(
        update(alert_rules)
        .where(alert_rules.c.workspace_id == workspace_id, alert_rules.c.id == rule_id)
        .values(deleted_at=now)
    )
    of_rule = select(alert_events.c.id).where(
        alert_events.c.workspace_id == workspace_id, alert_events.c.rule_id == rule_id
    )
    _cancel_open(conn, workspace_id, now, alert_deliveries.c.event_id.in_(of_rule))


def _cancel_open(
    conn: Connection, workspace_id: int, now: datetime, condition: ColumnElement[bool]
) -> None:
    conn.execute(
        update(alert_deliveries)
        .where(
            alert_deliveries.c.workspace_id == workspace_id,
            alert_deliveries.c.status.in_((*OPEN_STATUSES, "digest")),
            condition,
        )
        .values(status="cancelled", updated_at=now)
    )


# --- events and deliveries ------------------------------------------------------------------


def existing_keys(conn: Connection, workspace_id: int, keys: Iterable[str]) -> set[str]:
    wanted = sorted(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(alert_events.c.dedup_key).where(
            alert_events.c.workspace_id == workspace_id,
            alert_events.c.dedup_key.in_(wanted[start : start + _IN_CHUNK]),
        )
        found.update(k for (k,) in conn.execute(stmt))
    return found


def add_events(
    conn: Connection, workspace_id: int, rows: Sequence[Mapping[str, object]]
) -> dict[str, int]:
    """Store events (all of one rule and one detection time); keys already stored, by this
    or another run, are left alone. Returns dedup key → id of the events stored here."""
    if not rows:
        return {}
    conn.execute(
        insert_ignoring_duplicates(conn, alert_events),
        [{"workspace_id": workspace_id, **r} for r in rows],
    )
    keys = [str(r["dedup_key"]) for r in rows]
    found: dict[str, int] = {}
    for start in range(0, len(keys), _IN_CHUNK):
        stmt = select(alert_events.c.dedup_key, alert_events.c.id).where(
            alert_events.c.workspace_id == workspace_id,
            alert_events.c.dedup_key.in_(keys[start : start + _IN_CHUNK]),
            alert_events.c.rule_id == rows[0]["rule_id"],
            alert_events.c.detected_at == rows[0]["detected_at"],
        )
        found.update((k, int(i)) for k, i in conn.execute(stmt))
    return found


def add_deliveries(
    conn: Connection, workspace_id: int, pairs: Sequence[tuple[int, int]], now: datetime
) -> None:
    """A pending delivery per (event id, channel id); pairs already stored are left alone."""
    if pairs:
        conn.execute(
            insert_ignoring_duplicates(conn, alert_deliveries),
            [
                {
                    "workspace_id": workspace_id,
                    "event_id": e,
                    "channel_id": c,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                    "created_at": now,
                    "updated_at": now,
                }
                for e, c in pairs
            ],
        )


def _delivery_select():
    return select(
        alert_deliveries,
        alert_events.c.rule_id,
        alert_events.c.dedup_key,
        alert_events.c.kind,
        alert_events.c.urgent,
        alert_events.c.title,
        alert_events.c.body,
        alert_events.c.link,
        alert_events.c.details,
        alert_events.c.detected_at,
    ).select_from(
        alert_deliveries.join(
            alert_events,
            and_(
                alert_events.c.workspace_id == alert_deliveries.c.workspace_id,
                alert_events.c.id == alert_deliveries.c.event_id,
            ),
        )
    )


def due_deliveries(
    conn: Connection, workspace_id: int, now: datetime, statuses: Sequence[str]
) -> list[dict]:
    """Deliveries in ``statuses`` whose next attempt time has come, oldest first, with their
    event's fields."""
    stmt = (
        _delivery_select()
        .where(
            alert_deliveries.c.workspace_id == workspace_id,
            alert_deliveries.c.status.in_(list(statuses)),
            alert_deliveries.c.next_attempt_at <= now,
        )
        .order_by(alert_deliveries.c.id)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def tick_due(
    conn: Connection, workspace_id: int, now: datetime, clock_kinds: Sequence[str]
) -> bool:
    """Whether the clock alone gives the workspace alert work at ``now``: a live rule of one of
    ``clock_kinds``, or a delivery (open or held for a digest) whose time has come. Two
    indexed lookups, so a scheduler can ask it of every workspace every minute."""
    rule = select(alert_rules.c.id).where(
        alert_rules.c.workspace_id == workspace_id,
        alert_rules.c.kind.in_(list(clock_kinds)),
        alert_rules.c.deleted_at.is_(None),
    )
    if conn.execute(rule.limit(1)).first() is not None:
        return True
    due = select(alert_deliveries.c.id).where(
        alert_deliveries.c.workspace_id == workspace_id,
        alert_deliveries.c.status.in_((*OPEN_STATUSES, "digest")),
        alert_deliveries.c.next_attempt_at <= now,
    )
    return conn.execute(due.limit(1)).first() is not None


def claim_delivery(
    conn: Connection,
    workspace_id: int,
    delivery_id: int,
    status: str,
    attempts: int,
    lease_until: datetime,
    now: datetime,
) -> bool:
    """Take a delivery for sending if nobody changed it since it was read."""
    result = conn.execute(
        update(alert_deliveries)
        .where(
            alert_deliveries.c.workspace_id == workspace_id,
            alert_deliveries.c.id == delivery_id,
            alert_deliveries.c.status == status,
            alert_deliveries.c.attempts == attempts,
        )
        .values(status="sending", next_attempt_at=lease_until, updated_at=now)
    )
    return result.rowcount == 1


def set_deliveries(
    conn: Connection, workspace_id: int, delivery_ids: Sequence[int], values: Mapping[str, object]
) -> None:
    ids = list(delivery_ids)
    for start in range(0, len(ids), _IN_CHUNK):
        conn.execute(
            update(alert_deliveries)
            .where(
                alert_deliveries.c.workspace_id == workspace_id,
                alert_deliveries.c.id.in_(ids[start : start + _IN_CHUNK]),
            )
            .values(**values)
        )


def hold_for_digest(
    conn: Connection, workspace_id: int, delivery_ids: Sequence[int], now: datetime
) -> None:
    """Put due deliveries aside for the next digest (those still due: not taken meanwhile)."""
    ids = list(delivery_ids)
    for start in range(0, len(ids), _IN_CHUNK):
        conn.execute(
            update(alert_deliveries)
            .where(
                alert_deliveries.c.workspace_id == workspace_id,
                alert_deliveries.c.id.in_(ids[start : start + _IN_CHUNK]),
                alert_deliveries.c.status.in_(OPEN_STATUSES),
                alert_deliveries.c.next_attempt_at <= now,
            )
            .values(status="digest", next_attempt_at=now, updated_at=now)
        )


def messages_sent_since(
    conn: Connection, workspace_id: int, channel_id: int, since: datetime
) -> int:
    """Messages (a digest counts once) sent to a channel since ``since``."""
    stmt = select(func.count(func.distinct(alert_deliveries.c.message_key))).where(
        alert_deliveries.c.workspace_id == workspace_id,
        alert_deliveries.c.channel_id == channel_id,
        alert_deliveries.c.sent_at >= since,
    )
    return int(conn.execute(stmt).scalar_one())


def delivery_log(
    conn: Connection, workspace_id: int, limit: int = 50, status: str | None = None
) -> list[dict]:
    """Newest deliveries first, with the event and the channel's name and kind."""
    stmt = (
        _delivery_select()
        .add_columns(
            alert_channels.c.name.label("channel"), alert_channels.c.kind.label("channel_kind")
        )
        .join(
            alert_channels,
            and_(
                alert_channels.c.workspace_id == alert_deliveries.c.workspace_id,
                alert_channels.c.id == alert_deliveries.c.channel_id,
            ),
        )
        .where(alert_deliveries.c.workspace_id == workspace_id)
    )
    if status:
        stmt = stmt.where(alert_deliveries.c.status == status)
    stmt = stmt.order_by(alert_deliveries.c.id.desc()).limit(limit)
    return [dict(r) for r in conn.execute(stmt).mappings()]


# --- settings and report runs ---------------------------------------------------------------


def settings_row(conn: Connection, workspace_id: int) -> dict | None:
    row = (
        conn.execute(select(notify_settings).where(notify_settings.c.workspace_id == workspace_id))
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def save_settings(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> None:
    done = conn.execute(
        update(notify_settings)
        .where(notify_settings.c.workspace_id == workspace_id)
        .values(**values)
    ).rowcount
    if not done:
        conn.execute(insert(notify_settings).values(workspace_id=workspace_id, **values))


def report_run(conn: Connection, workspace_id: int, day: date) -> dict | None:
    row = (
        conn.execute(
            select(report_runs).where(
                report_runs.c.workspace_id == workspace_id, report_runs.c.day == day
            )
        )
        .mappings()
        .first()
    )
    return None if row is None else dict(row)


def start_report_run(
    conn: Connection, workspace_id: int, day: date, now: datetime, max_attempts: int
) -> bool:
    """Record that the report of ``day`` is being made; False when it is already made, being
    made, or failed ``max_attempts`` times."""
    inserted = conn.execute(
        insert_ignoring_duplicates(conn, report_runs)
        .values(workspace_id=workspace_id, day=day, status="running", attempts=1, started_at=now)
        .returning(report_runs.c.day)
    ).scalar_one_or_none()
    if inserted is not None:
        return True
    retried = conn.execute(
        update(report_runs)
        .where(
            report_runs.c.workspace_id == workspace_id,
            report_runs.c.day == day,
            report_runs.c.status == "failed",
            report_runs.c.attempts < max_attempts,
        )
        .values(status="running", attempts=report_runs.c.attempts + 1, started_at=now, error=None)
    ).rowcount
    return retried == 1


def finish_report_run(
    conn: Connection, workspace_id: int, day: date, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(report_runs)
        .where(report_runs.c.workspace_id == workspace_id, report_runs.c.day == day)
        .values(**values)
    )


# --- what detection reads -------------------------------------------------------------------


def latest_rollup_hour(conn: Connection, workspace_id: int) -> datetime | None:
    stmt = select(func.max(rollup_hourly.c.hour)).where(
        rollup_hourly.c.workspace_id == workspace_id, rollup_hourly.c.topic_id == 0
    )
    return _as_datetime(conn.execute(stmt).scalar_one())


def window_sums(
    conn: Connection, workspace_id: int, start: datetime, cut: datetime, end: datetime
) -> list[tuple[int, str, int, int]]:
    """(topic id, sentiment, posts in [cut, end), posts in [start, cut)), platforms summed."""
    recent = rollup_hourly.c.hour >= cut
    stmt = (
        select(
            rollup_hourly.c.topic_id,
            rollup_hourly.c.sentiment,
            func.sum(case((recent, rollup_hourly.c.posts), else_=0)),
            func.sum(case((recent, 0), else_=rollup_hourly.c.posts)),
        )
        .where(
            rollup_hourly.c.workspace_id == workspace_id,
            rollup_hourly.c.hour >= start,
            rollup_hourly.c.hour < end,
        )
        .group_by(rollup_hourly.c.topic_id, rollup_hourly.c.sentiment)
    )
    return [(t, s, int(a or 0), int(b or 0)) for t, s, a, b in conn.execute(stmt)]


def first_rollup_hours(conn: Connection, workspace_id: int) -> dict[int, datetime]:
    """topic id → the first hour it has any rollup row."""
    stmt = (
        select(rollup_hourly.c.topic_id, func.min(rollup_hourly.c.hour))
        .where(rollup_hourly.c.workspace_id == workspace_id)
        .group_by(rollup_hourly.c.topic_id)
    )
    return {t: _as_datetime(h) for t, h in conn.execute(stmt)}  # type: ignore[misc]  # max() over stored hours is never NULL per group


def topic_names(conn: Connection, workspace_id: int) -> dict[int, str]:
    stmt = select(topics.c.id, topics.c.name).where(topics.c.workspace_id == workspace_id)
    return dict(conn.execute(stmt).all())


def recent_issues(conn: Connection, workspace_id: int, seen_since: datetime) -> list[dict]:
    stmt = (
        select(
            issues.c.id,
            issues.c.label,
            issues.c.stage,
            issues.c.priority,
            issues.c.priority_score,
            issues.c.why,
            issues.c.suggested_response,
            issues.c.status,
            issues.c.merged_into,
            issues.c.first_seen,
            issues.c.last_seen,
            issues.c.metrics["posts"].as_integer().label("posts"),
            issues.c.metrics["unique_authors"].as_integer().label("unique_authors"),
            issues.c.metrics["negative_share"].as_float().label("negative_share"),
            issues.c.metrics[("hoax", "claim")].as_string().label("hoax_claim"),
            issues.c.metrics[("hoax", "posts")].as_integer().label("hoax_posts"),
            issues.c.metrics[("summary", "id")].as_string().label("summary"),
        )
        .where(issues.c.workspace_id == workspace_id, issues.c.last_seen >= seen_since)
        .order_by(issues.c.id)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def false_claim_counts(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> list[tuple[int, str, str, str | None, int]]:
    """(claim id, claim, verdict, clarification, posts) for false claims carried by posts
    created in [start, end)."""
    stmt = (
        select(
            claims.c.id,
            claims.c.claim,
            claims.c.verdict,
            claims.c.clarification,
            func.count(func.distinct(claim_matches.c.post_id)),
        )
        .select_from(
            claim_matches.join(
                claims,
                and_(
                    claims.c.id == claim_matches.c.claim_id,  # shared claims: any workspace's
                ),
            ).join(
                posts,
                and_(
                    posts.c.workspace_id == claim_matches.c.workspace_id,
                    posts.c.id == claim_matches.c.post_id,
                ),
            )
        )
        .where(
            claim_matches.c.workspace_id == workspace_id,
            claims.c.verdict.in_(FALSE_VERDICTS),
            claim_matches.c.stance == "menyebarkan",  # a post denying the hoax is no alarm
            posts.c.created_at >= start,
            posts.c.created_at < end,
        )
        .group_by(claims.c.id, claims.c.claim, claims.c.verdict, claims.c.clarification)
    )
    return [(i, c, v, cl, int(n)) for i, c, v, cl, n in conn.execute(stmt)]


def platform_activity(conn: Connection, workspace_id: int, since: datetime) -> dict[str, datetime]:
    """platform → time of its newest post since ``since``: rolled-up hours (as the end of the
    hour) plus the posts stored after the last rollup."""
    found: dict[str, datetime] = {}
    stmt = (
        select(rollup_hourly.c.platform, func.max(rollup_hourly.c.hour))
        .where(
            rollup_hourly.c.workspace_id == workspace_id,
            rollup_hourly.c.topic_id == 0,
            rollup_hourly.c.hour >= since,
        )
        .group_by(rollup_hourly.c.platform)
    )
    for platform, hour in conn.execute(stmt):
        found[platform] = datetime.fromisoformat(hour) if isinstance(hour, str) else hour
        found[platform] += timedelta(hours=1)
    position = conn.execute(
        select(monitor_state.c.last_post_id).where(
            monitor_state.c.workspace_id == workspace_id, monitor_state.c.stage == "rollup"
        )
    ).scalar_one_or_none()
    fresh = (
        select(posts.c.platform, func.max(posts.c.created_at))
        .where(
            posts.c.workspace_id == workspace_id,
            posts.c.id > int(position or 0),
            posts.c.created_at >= since,
        )
        .group_by(posts.c.platform)
    )
    for platform, when in conn.execute(fresh):
        when = _as_datetime(when)
        if platform not in found or when > found[platform]:  # type: ignore[operator]  # post times are never NULL
            found[platform] = when  # type: ignore[assignment]  # post times are never NULL
    return found


def source_activity(conn: Connection, workspace_id: int, since: datetime) -> list[dict]:
    stmt = select(
        sources.c.id, sources.c.name, sources.c.kind, sources.c.platform, sources.c.last_seen_at
    ).where(
        sources.c.workspace_id == workspace_id,
        sources.c.last_seen_at >= since,
        sources.c.status == "active",  # a paused source is silent on purpose
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


def recent_events(conn: Connection, workspace_id: int, limit: int = 8) -> list[dict]:
    """The newest alert events of the workspace (what the dashboard's overview lists)."""
    e = alert_events.c
    stmt = (
        select(e.id, e.kind, e.urgent, e.title, e.body, e.detected_at)
        .where(e.workspace_id == workspace_id)
        .order_by(e.detected_at.desc(), e.id.desc())
        .limit(limit)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]
