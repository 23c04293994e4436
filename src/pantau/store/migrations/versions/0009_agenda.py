"""Agenda items, workspace calendar dates and agenda measurements.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def upgrade() -> None:
    op.create_table(
        "agenda_items",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("key_messages", _JSON, nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("priority", sa.String(length=8), nullable=False),
        sa.Column("audience", sa.String(length=300), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("agenda_items"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
        sa.UniqueConstraint(
            "workspace_id", "title", name=op.f("uq_agenda_items_workspace_id_title")
        ),
    )
    op.create_table(
        "agenda_dates",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("agenda_dates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_dates")),
        sa.UniqueConstraint(
            "workspace_id", "date", "name", name=op.f("uq_agenda_dates_workspace_id_date_name")
        ),
    )
    op.create_table(
        "agenda_accounts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("agenda_accounts"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "platform", "handle", name=op.f("pk_agenda_accounts")
        ),
    )


def downgrade() -> None:
    op.drop_table("agenda_accounts")
    op.drop_table("agenda_dates")
    op.drop_table("agenda_items")
