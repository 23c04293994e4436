"""Hoaxes and clarifications: the claims database and the posts matched to each claim.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("clarification", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("claim_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name=op.f("fk_claims_workspace_id_workspaces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint(
            "workspace_id", "claim_key", name=op.f("uq_claims_workspace_id_claim_key")
        ),
    )
    op.create_table(
        "claim_matches",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("passage", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_claim_matches_workspace_id_workspaces"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_matches_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_claim_matches_post_id_posts")
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "claim_id", "post_id", name=op.f("pk_claim_matches")
        ),
    )
    with op.batch_alter_table("claim_matches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_matches_workspace_id_post_id"),
            ["workspace_id", "post_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("claim_matches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_matches_workspace_id_post_id"))
    op.drop_table("claim_matches")
    op.drop_table("claims")
