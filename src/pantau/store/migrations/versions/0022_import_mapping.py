"""Column mapping: the mapping and profile an import run used (``import_runs.mapping``,
``import_runs.profile``) and the mapping profiles a workspace saved by name
(``import_profiles``).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("import_runs") as batch:
        batch.add_column(sa.Column("profile", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("mapping", _JSON, nullable=True))
    op.create_table(
        "import_profiles",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=True),
        sa.Column("mapping", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_import_profiles_workspace_id_workspaces"),
        ),
        sa.PrimaryKeyConstraint("workspace_id", "name", name=op.f("pk_import_profiles")),
    )


def downgrade() -> None:
    op.drop_table("import_profiles")
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("mapping")
        batch.drop_column("profile")
