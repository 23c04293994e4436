"""Topics (saved boolean queries) and the posts each topic matches.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_topics_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("workspace_id", "name", name=op.f("uq_topics_workspace_id_name")),
    )
    op.create_table(
        "topic_matches",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_topic_matches_workspace_id_workspaces"),
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_topic_matches_topic_id_topics")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_topic_matches_post_id_posts")
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "topic_id", "post_id", name=op.f("pk_topic_matches")
        ),
    )
    with op.batch_alter_table("topic_matches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_topic_matches_workspace_id_topic_id_created_at"),
            ["workspace_id", "topic_id", "created_at"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("topic_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_topic_matches_workspace_id_topic_id_created_at"))

    op.drop_table("topic_matches")
    op.drop_table("topics")
