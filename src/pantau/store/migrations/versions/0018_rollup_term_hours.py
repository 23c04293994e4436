"""Term rollups as one row per workspace × hour (``rollup_term_hours``: the hour's counts as a
zlib-compressed JSON object) instead of one row per term; the stored counts are carried over.

Revision ID: 0018
Revises: 0017
"""

import zlib
from datetime import datetime

import orjson
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_CHUNK = 50  # hours per insert (an hour of a busy workspace is about half a megabyte)

_terms = sa.table(
    "rollup_terms",
    sa.column("workspace_id", sa.Integer()),
    sa.column("hour", sa.DateTime()),
    sa.column("term", sa.String()),
    sa.column("posts", sa.Integer()),
)
_hours = sa.table(
    "rollup_term_hours",
    sa.column("workspace_id", sa.Integer()),
    sa.column("hour", sa.DateTime()),
    sa.column("terms", sa.Integer()),
    sa.column("payload", sa.LargeBinary()),
)


def _hour(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def upgrade() -> None:
    op.create_table(
        "rollup_term_hours",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("terms", sa.Integer(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_rollup_term_hours_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "hour", name=op.f("pk_rollup_term_hours")),
    )
    conn = op.get_bind()
    t = _terms.c
    rows = conn.execute(
        sa.select(t.workspace_id, t.hour, t.term, t.posts).order_by(t.workspace_id, t.hour)
    )
    batch: list[dict] = []
    current: tuple[int, datetime] | None = None
    counts: dict[str, int] = {}

    def close() -> None:
        if current is not None and counts:
            batch.append(
                {
                    "workspace_id": current[0],
                    "hour": current[1],
                    "terms": len(counts),
                    "payload": zlib.compress(orjson.dumps(counts), 1),
                }
            )

    for workspace_id, hour, term, posts in rows:
        key = (workspace_id, _hour(hour))
        if key != current:
            close()
            if len(batch) >= _CHUNK:
                conn.execute(sa.insert(_hours), batch)
                batch.clear()
            current, counts = key, {}
        counts[term] = posts
    close()
    if batch:
        conn.execute(sa.insert(_hours), batch)
    op.drop_table("rollup_terms")


def downgrade() -> None:
    op.create_table(
        "rollup_terms",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_rollup_terms_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "hour", "term", name=op.f("pk_rollup_terms")),
    )
    conn = op.get_bind()
    h = _hours.c
    for workspace_id, hour, payload in conn.execute(sa.select(h.workspace_id, h.hour, h.payload)):
        counts = orjson.loads(zlib.decompress(payload))
        values = [
            {"workspace_id": workspace_id, "hour": _hour(hour), "term": term, "posts": posts}
            for term, posts in counts.items()
        ]
        for start in range(0, len(values), 5000):
            conn.execute(sa.insert(_terms), values[start : start + 5000])
    op.drop_table("rollup_term_hours")
