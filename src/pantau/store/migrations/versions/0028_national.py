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
    with op.batch_alter_table("workspaces") as batch:
        batch.add_column(sa.Column("province_code", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("regency_code", sa.String(length=8), nullable=True))
    with op.batch_alter_table("claims") as batch:
        batch.add_column(
            sa.Column("shared", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch copy would drop tables others refer to
    op.drop_column("claims", "shared")
    op.drop_column("workspaces", "regency_code")
    op.drop_column("workspaces", "province_code")
