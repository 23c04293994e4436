"""Workspace account lists (official and media accounts) and the stance of claim matches.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def upgrade() -> None:
    op.create_table(
        "account_lists",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("account_lists"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "platform", "handle", name=op.f("pk_account_lists")
        ),
    )
    op.add_column(
        "claim_matches",
        sa.Column("stance", sa.String(length=12), nullable=False, server_default="menyebarkan"),
    )


def downgrade() -> None:
    with op.batch_alter_table("claim_matches", schema=None) as batch_op:
        batch_op.drop_column("stance")
    op.drop_table("account_lists")
