"""Coordinated account groups of the recent window, stored by the coordination stage so the
dashboard reads them instead of scanning posts: the groups with their evidence posts and
issues, and their members (looked up per account).

The search index is emptied and its position reset, so the next ``pantau run`` indexes every
post again as words only (the words topic queries see: emoji stuck to a word and links no
longer make index words of their own); search stays complete meanwhile, slower.

Revision ID: 0026
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0026"
down_revision = "0023"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def upgrade() -> None:
    op.create_table(
        "coordination_groups",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("density", sa.Double(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("edges", sa.Integer(), nullable=False),
        sa.Column("coactions", sa.Integer(), nullable=False),
        sa.Column("evidence_total", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("kinds", _JSON, nullable=False),
        sa.Column("hashtags", _JSON, nullable=False),
        sa.Column("evidence", _JSON, nullable=False),
        sa.Column("issues", _JSON, nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=True),
        sa.Column("last_at", sa.DateTime(), nullable=True),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("window_end", sa.DateTime(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        _ws_fk("coordination_groups"),
        sa.PrimaryKeyConstraint("workspace_id", "group_key", name=op.f("pk_coordination_groups")),
    )
    op.create_table(
        "coordination_members",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("group_key", sa.String(length=16), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        _ws_fk("coordination_members"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "group_key", "platform", "handle", name=op.f("pk_coordination_members")
        ),
    )
    op.create_index(
        op.f("ix_coordination_members_workspace_id_platform_handle"),
        "coordination_members",
        ["workspace_id", "platform", "handle"],
        unique=False,
    )

    _reindex_search()


def _reindex_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO post_fts(post_fts) VALUES ('delete-all')")
    else:
        op.execute("DELETE FROM post_search")
    op.execute("DELETE FROM monitor_state WHERE stage = 'search'")


def downgrade() -> None:
    op.drop_index(
        op.f("ix_coordination_members_workspace_id_platform_handle"),
        table_name="coordination_members",
    )
    op.drop_table("coordination_members")
    op.drop_table("coordination_groups")
