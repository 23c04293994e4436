"""Outreach goals and KPIs, content plan items and caption variants, campaign audiences.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _plan_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["plan_item_id"],
        ["outreach_plan_items.id"],
        name=op.f(f"fk_{table}_plan_item_id_outreach_plan_items"),
    )


def upgrade() -> None:
    op.create_table(
        "outreach_audiences",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("ages", _JSON, nullable=False),
        sa.Column("genders", _JSON, nullable=False),
        sa.Column("regions", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("outreach_audiences"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_audiences")),
        sa.UniqueConstraint(
            "workspace_id", "name", name=op.f("uq_outreach_audiences_workspace_id_name")
        ),
    )
    op.create_table(
        "outreach_goals",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("objective", sa.String(length=16), nullable=False),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("target", sa.Double(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("channels", _JSON, nullable=False),
        sa.Column("audience_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("outreach_goals"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_goals")),
        sa.UniqueConstraint(
            "workspace_id", "name", name=op.f("uq_outreach_goals_workspace_id_name")
        ),
    )
    op.create_table(
        "outreach_plan_items",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("pillar", sa.String(length=100), nullable=True),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("channels", _JSON, nullable=False),
        sa.Column("scheduled_at", sa.DateTime(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("goal_id", sa.Integer(), nullable=True),
        sa.Column("audience_id", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("approved_by", sa.String(length=320), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("outreach_plan_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_plan_items")),
    )
    with op.batch_alter_table("outreach_plan_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_plan_items_workspace_id_scheduled_at"),
            ["workspace_id", "scheduled_at"],
            unique=False,
        )
    op.create_table(
        "outreach_captions",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("outreach_captions"),
        _plan_fk("outreach_captions"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "plan_item_id", "platform", name=op.f("pk_outreach_captions")
        ),
    )
    op.create_table(
        "outreach_plan_posts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.String(length=200), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        _ws_fk("outreach_plan_posts"),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channels.id"], name=op.f("fk_outreach_plan_posts_channel_id_channels")
        ),
        _plan_fk("outreach_plan_posts"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "channel_id", "post_id", name=op.f("pk_outreach_plan_posts")
        ),
    )
    with op.batch_alter_table("outreach_plan_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_plan_posts_workspace_id_plan_item_id"),
            ["workspace_id", "plan_item_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_plan_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_plan_posts_workspace_id_plan_item_id"))
    op.drop_table("outreach_plan_posts")
    op.drop_table("outreach_captions")
    with op.batch_alter_table("outreach_plan_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_plan_items_workspace_id_scheduled_at"))
    op.drop_table("outreach_plan_items")
    op.drop_table("outreach_goals")
    op.drop_table("outreach_audiences")
