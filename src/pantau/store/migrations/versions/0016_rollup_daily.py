"""Daily rollups: the hourly rollups summed per local day of the workspace, filled from the
hourly rows already stored.

Revision ID: 0016
Revises: 0015
"""

from collections import defaultdict
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_CHUNK = 1000


def _fixed_offset_hours(timezone: str) -> int | None:
    """The zone's offset in whole hours when it is the same all year, else None."""
    zone = ZoneInfo(timezone)
    offsets = {datetime(2026, month, 1, tzinfo=zone).utcoffset() for month in (1, 4, 7, 10)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return seconds // 3600 if seconds % 3600 == 0 else None


def _backfill_in_sql(conn: sa.Connection, workspace_id: int, offset: int) -> None:
    if conn.dialect.name == "sqlite":
        day = f"strftime('%Y-%m-%d', hour, '{offset:+d} hours')"
    else:
        day = f"CAST(hour + interval '{offset} hours' AS DATE)"
    conn.execute(
        sa.text(
            f"""INSERT INTO rollup_daily (workspace_id, topic_id, day, platform, sentiment,
                                          posts, engagement, reach)
                SELECT workspace_id, topic_id, {day}, platform, sentiment,
                       sum(posts), sum(engagement), sum(reach)
                FROM rollup_hourly WHERE workspace_id = :w
                GROUP BY workspace_id, topic_id, {day}, platform, sentiment"""
        ),
        {"w": workspace_id},
    )


def _backfill_in_python(conn: sa.Connection, workspace_id: int, timezone: str) -> None:
    zone = ZoneInfo(timezone)
    hourly = sa.table(
        "rollup_hourly",
        sa.column("workspace_id", sa.Integer()),
        sa.column("hour", sa.DateTime()),
        sa.column("topic_id", sa.Integer()),
        sa.column("platform", sa.String()),
        sa.column("sentiment", sa.String()),
        sa.column("posts", sa.Integer()),
        sa.column("engagement", sa.BigInteger()),
        sa.column("reach", sa.BigInteger()),
    )
    daily = sa.table(
        "rollup_daily",
        sa.column("workspace_id", sa.Integer()),
        sa.column("topic_id", sa.Integer()),
        sa.column("day", sa.Date()),
        sa.column("platform", sa.String()),
        sa.column("sentiment", sa.String()),
        sa.column("posts", sa.Integer()),
        sa.column("engagement", sa.BigInteger()),
        sa.column("reach", sa.BigInteger()),
    )
    h = hourly.c
    sums: defaultdict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = conn.execute(
        sa.select(
            h.hour, h.topic_id, h.platform, h.sentiment, h.posts, h.engagement, h.reach
        ).where(h.workspace_id == workspace_id)
    )
    for hour, topic_id, platform, sentiment, n, engagement, reach in rows:
        if isinstance(hour, str):
            hour = datetime.fromisoformat(hour)
        day = hour.replace(tzinfo=UTC).astimezone(zone).date()
        cell = sums[(topic_id, day, platform, sentiment)]
        cell[0] += n
        cell[1] += engagement
        cell[2] += reach
    values = [
        {
            "workspace_id": workspace_id,
            "topic_id": topic_id,
            "day": day,
            "platform": platform,
            "sentiment": sentiment,
            "posts": n,
            "engagement": engagement,
            "reach": reach,
        }
        for (topic_id, day, platform, sentiment), (n, engagement, reach) in sums.items()
    ]
    for start in range(0, len(values), _CHUNK):
        conn.execute(sa.insert(daily), values[start : start + _CHUNK])


def upgrade() -> None:
    op.create_table(
        "rollup_daily",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("engagement", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_rollup_daily_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "topic_id",
            "day",
            "platform",
            "sentiment",
            name=op.f("pk_rollup_daily"),
        ),
    )
    with op.batch_alter_table("rollup_daily", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rollup_daily_workspace_id_day"), ["workspace_id", "day"], unique=False
        )
    # existing databases: every workspace's days from its hourly rows, in its own zone
    conn = op.get_bind()
    for workspace_id, timezone in conn.execute(sa.text("SELECT id, timezone FROM workspaces")):
        offset = _fixed_offset_hours(timezone)
        if offset is None:
            _backfill_in_python(conn, workspace_id, timezone)
        else:
            _backfill_in_sql(conn, workspace_id, offset)


def downgrade() -> None:
    with op.batch_alter_table("rollup_daily", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rollup_daily_workspace_id_day"))
    op.drop_table("rollup_daily")
