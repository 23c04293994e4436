"""Enrichment results per post, and analysts' labels.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "post_enrichment",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("normalized_text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("sentiment_score", sa.Double(), nullable=False),
        sa.Column("polarity", sa.Double(), nullable=False),
        sa.Column("emotion", sa.String(length=16), nullable=False),
        sa.Column("emotion_score", sa.Double(), nullable=False),
        sa.Column("entities", _JSON, nullable=True),
        sa.Column("flags", sa.String(length=200), server_default="", nullable=False),
        sa.Column("model_version", sa.String(length=80), nullable=False),
        sa.Column("enriched_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_post_enrichment_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "post_id", name=op.f("pk_post_enrichment")),
    )
    op.create_table(
        "post_labels",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("task", sa.String(length=16), nullable=False),
        sa.Column("label", sa.String(length=32), nullable=False),
        sa.Column("labelled_by", sa.String(length=200), nullable=True),
        sa.Column("labelled_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_post_labels_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("workspace_id", "post_id", "task", name=op.f("pk_post_labels")),
    )


def downgrade() -> None:
    op.drop_table("post_labels")
    op.drop_table("post_enrichment")
