"""SQL of the stored coordinated account groups (``pantau.network.campaigns``): replaced as a
whole with the stage's position in one transaction, read by the dashboard."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, select, tuple_

from pantau.store.monitor import set_stage_position
from pantau.store.schema import coordination_groups, coordination_members, issue_posts, issues

STAGE = "coordination"
_IN_CHUNK = 500


def replace_groups(
    conn: Connection,
    workspace_id: int,
    groups: Sequence[Mapping[str, object]],
    members: Sequence[tuple[str, str, str]],
    position: int,
    now: datetime,
) -> None:
    """Every stored group of the workspace replaced by ``groups`` (rows of
    ``coordination_groups`` without the workspace) and ``members`` ((group key, platform,
    handle)), with the stage's position, in the caller's transaction."""
    for table in (coordination_members, coordination_groups):
        conn.execute(delete(table).where(table.c.workspace_id == workspace_id))
    if groups:
        conn.execute(
            insert(coordination_groups), [{"workspace_id": workspace_id, **g} for g in groups]
        )
    if members:
        conn.execute(
            insert(coordination_members),
            [
                {"workspace_id": workspace_id, "group_key": k, "platform": p, "handle": h}
                for k, p, h in members
            ],
        )
    set_stage_position(conn, workspace_id, STAGE, position, now)


def group_rows(conn: Connection, workspace_id: int, key: str | None = None) -> list[dict]:
    """The stored groups (or the one with ``key``), highest score first."""
    g = coordination_groups.c
    stmt = select(coordination_groups).where(g.workspace_id == workspace_id)
    if key is not None:
        stmt = stmt.where(g.group_key == key)
    return [dict(r) for r in conn.execute(stmt.order_by(g.rank)).mappings()]


def members_of(conn: Connection, workspace_id: int, key: str) -> list[tuple[str, str]]:
    m = coordination_members.c
    stmt = (
        select(m.platform, m.handle)
        .where(m.workspace_id == workspace_id, m.group_key == key)
        .order_by(m.platform, m.handle)
    )
    return [(p, h) for p, h in conn.execute(stmt)]


def groups_of_accounts(
    conn: Connection, workspace_id: int, accounts: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], list[str]]:
    """(platform, handle) → keys of the stored groups the account belongs to."""
    wanted = sorted(set(accounts))
    m = coordination_members.c
    found: dict[tuple[str, str], list[str]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(m.platform, m.handle, m.group_key).where(
            m.workspace_id == workspace_id,
            tuple_(m.platform, m.handle).in_(wanted[start : start + _IN_CHUNK]),
        )
        for platform, handle, key in conn.execute(stmt):
            found.setdefault((platform, handle), []).append(key)
    return found


def group_count(conn: Connection, workspace_id: int) -> int:
    stmt = select(func.count()).where(coordination_groups.c.workspace_id == workspace_id)
    return int(conn.execute(stmt).scalar_one())


def issue_posts_seen_since(
    conn: Connection, workspace_id: int, since: datetime
) -> list[tuple[int, int]]:
    """(issue id, post id) of the issues seen since ``since`` (not merged away): the issues
    a recent group's posts can belong to."""
    stmt = (
        select(issue_posts.c.issue_id, issue_posts.c.post_id)
        .select_from(
            issues.join(
                issue_posts,
                and_(
                    issue_posts.c.workspace_id == issues.c.workspace_id,
                    issue_posts.c.issue_id == issues.c.id,
                ),
            )
        )
        .where(
            issues.c.workspace_id == workspace_id,
            issues.c.last_seen >= since,
            issues.c.merged_into.is_(None),
        )
    )
    return [(int(i), int(p)) for i, p in conn.execute(stmt)]


def issue_labels(conn: Connection, workspace_id: int, issue_ids: Iterable[int]) -> dict[int, str]:
    """issue id → its title, for the issues named (of this workspace only)."""
    wanted = sorted({int(i) for i in issue_ids})
    found: dict[int, str] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(issues.c.id, issues.c.label).where(
            issues.c.workspace_id == workspace_id,
            issues.c.id.in_(wanted[start : start + _IN_CHUNK]),
        )
        found.update((int(i), str(label)) for i, label in conn.execute(stmt))
    return found
