"""Owned-channel analytics: channels, channel posts, daily metrics, audience, import provenance.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _channel_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["channel_id"], ["channels.id"], name=op.f(f"fk_{table}_channel_id_channels")
    )


def upgrade() -> None:
    op.create_table(
        "channels",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _workspace_fk("channels"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_channels")),
        sa.UniqueConstraint(
            "workspace_id",
            "platform",
            "handle",
            name=op.f("uq_channels_workspace_id_platform_handle"),
        ),
    )
    op.create_table(
        "channel_posts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.String(length=200), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("time_known", sa.Boolean(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("post_type", sa.String(length=64), nullable=True),
        sa.Column("permalink", sa.Text(), nullable=True),
        sa.Column("views", sa.BigInteger(), nullable=True),
        sa.Column("reach", sa.BigInteger(), nullable=True),
        sa.Column("impressions", sa.BigInteger(), nullable=True),
        sa.Column("likes", sa.BigInteger(), nullable=True),
        sa.Column("comments", sa.BigInteger(), nullable=True),
        sa.Column("shares", sa.BigInteger(), nullable=True),
        sa.Column("saves", sa.BigInteger(), nullable=True),
        sa.Column("clicks", sa.BigInteger(), nullable=True),
        sa.Column("extra", sa.Text(), nullable=True),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("raw_format", sa.String(length=64), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        _channel_fk("channel_posts"),
        _workspace_fk("channel_posts"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "channel_id", "post_id", name=op.f("pk_channel_posts")
        ),
    )
    with op.batch_alter_table("channel_posts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_channel_posts_workspace_id_channel_id_published_at"),
            ["workspace_id", "channel_id", "published_at"],
            unique=False,
        )

    op.create_table(
        "channel_daily",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        _channel_fk("channel_daily"),
        _workspace_fk("channel_daily"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "channel_id", "metric", "date", name=op.f("pk_channel_daily")
        ),
    )
    op.create_table(
        "channel_audience",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("collected_at", sa.DateTime(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        _channel_fk("channel_audience"),
        _workspace_fk("channel_audience"),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "channel_id",
            "dimension",
            "as_of",
            "key",
            name=op.f("pk_channel_audience"),
        ),
    )
    op.create_table(
        "outreach_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("member", sa.String(length=500), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=64), nullable=False),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("channel_id", sa.Integer(), nullable=True),
        sa.Column("downloaded_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("rows_read", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_new", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_skipped", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_rejected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejects_path", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("software_version", sa.String(length=64), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        _workspace_fk("outreach_imports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outreach_imports")),
    )
    with op.batch_alter_table("outreach_imports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outreach_imports_workspace_id_checksum"),
            ["workspace_id", "checksum"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outreach_imports_workspace_id_checksum"))
    op.drop_table("outreach_imports")
    op.drop_table("channel_audience")
    op.drop_table("channel_daily")
    with op.batch_alter_table("channel_posts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_channel_posts_workspace_id_channel_id_published_at"))
    op.drop_table("channel_posts")
    op.drop_table("channels")
