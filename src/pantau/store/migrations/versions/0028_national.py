"""The national view: workspaces carry the Kemendagri codes of their region
(``workspaces.province_code``, ``workspaces.regency_code``), and a claim can be shared by the
coordinator with every workspace's matching (``claims.shared``).

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN, never a batch copy: on SQLite a copy of ``claims`` (which a default
    # given as an expression would cause) cannot drop the old table while claim matches refer
    # to it, and every table refers to ``workspaces``
    op.add_column("workspaces", sa.Column("province_code", sa.String(length=8), nullable=True))
    op.add_column("workspaces", sa.Column("regency_code", sa.String(length=8), nullable=True))
    op.add_column(
        "claims", sa.Column("shared", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch copy would drop tables others refer to
    op.drop_column("claims", "shared")
    op.drop_column("workspaces", "regency_code")
    op.drop_column("workspaces", "province_code")
