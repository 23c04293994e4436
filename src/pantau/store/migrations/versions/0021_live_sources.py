"""Live collection: sources get their schedule, position, health and secrets; outages of a
source; import runs (posts and owned-channel) findable by the source that collected them.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("secrets", _JSON, nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(length=16), nullable=False, server_default="active")
        )
        batch.add_column(sa.Column("interval_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("cursor", _JSON, nullable=True))
        batch.add_column(sa.Column("next_run_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("running_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_run_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_success_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_error_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(
            sa.Column("health", sa.String(length=16), nullable=False, server_default="new")
        )
        batch.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("quota", _JSON, nullable=True))
        batch.add_column(sa.Column("updated_at", sa.DateTime(), nullable=True))
        batch.create_index(
            "ix_sources_workspace_id_status_next_run_at",
            ["workspace_id", "status", "next_run_at"],
        )
    op.create_table(
        "source_outages",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["workspaces.id"], name="fk_source_outages_workspace_id_workspaces"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name="fk_source_outages_source_id_sources"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_outages"),
    )
    op.create_index(
        "ix_source_outages_workspace_id_source_id_started_at",
        "source_outages",
        ["workspace_id", "source_id", "started_at"],
    )
    op.create_index(
        "ix_import_runs_workspace_id_source_id_started_at",
        "import_runs",
        ["workspace_id", "source_id", "started_at"],
    )
    with op.batch_alter_table("outreach_imports") as batch:
        batch.add_column(sa.Column("source_id", sa.Integer(), nullable=True))
        batch.create_index(
            "ix_outreach_imports_workspace_id_source_id_started_at",
            ["workspace_id", "source_id", "started_at"],
        )


def downgrade() -> None:
    with op.batch_alter_table("outreach_imports") as batch:
        batch.drop_index("ix_outreach_imports_workspace_id_source_id_started_at")
        batch.drop_column("source_id")
    op.drop_index("ix_import_runs_workspace_id_source_id_started_at", table_name="import_runs")
    op.drop_index(
        "ix_source_outages_workspace_id_source_id_started_at", table_name="source_outages"
    )
    op.drop_table("source_outages")
    with op.batch_alter_table("sources") as batch:
        batch.drop_index("ix_sources_workspace_id_status_next_run_at")
        for column in (
            "updated_at", "quota", "failures", "health", "last_error", "last_error_at",
            "last_success_at", "last_run_at", "running_until", "next_run_at", "cursor",
            "interval_minutes", "status", "secrets",
        ):  # fmt: skip
            batch.drop_column(column)
