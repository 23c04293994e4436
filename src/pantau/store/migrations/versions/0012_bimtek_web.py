"""Bimtek on the web: event settings (public code, link secret, registration, time limits),
timed attempts with autosaved answers, sessions with check-in codes, attendance.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "training_event_settings",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("registration_open", sa.Boolean(), nullable=False),
        sa.Column("shuffle", sa.Boolean(), nullable=False),
        sa.Column("pre_minutes", sa.Integer(), nullable=True),
        sa.Column("post_minutes", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _ws_fk("training_event_settings"),
        _fk("training_event_settings", "event_id", "training_events"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "event_id", name=op.f("pk_training_event_settings")
        ),
        sa.UniqueConstraint(
            "workspace_id", "code", name=op.f("uq_training_event_settings_workspace_id_code")
        ),
    )
    op.create_table(
        "training_attempts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=4), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("answers", _JSON, nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        _ws_fk("training_attempts"),
        _fk("training_attempts", "event_id", "training_events"),
        _fk("training_attempts", "participant_id", "training_participants"),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "event_id",
            "participant_id",
            "test",
            name=op.f("pk_training_attempts"),
        ),
    )
    op.create_table(
        "training_sessions",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("checkin_code", sa.String(length=8), nullable=False),
        sa.Column("checkin_open", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("training_sessions"),
        _fk("training_sessions", "event_id", "training_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
        sa.UniqueConstraint(
            "workspace_id",
            "event_id",
            "checkin_code",
            name=op.f("uq_training_sessions_workspace_id_event_id_checkin_code"),
        ),
    )
    op.create_table(
        "training_attendance",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        _ws_fk("training_attendance"),
        _fk("training_attendance", "session_id", "training_sessions"),
        _fk("training_attendance", "participant_id", "training_participants"),
        _fk("training_attendance", "event_id", "training_events"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "session_id", "participant_id", name=op.f("pk_training_attendance")
        ),
    )
    with op.batch_alter_table("training_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_attendance_workspace_id_event_id"),
            ["workspace_id", "event_id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("training_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_attendance_workspace_id_event_id"))
    op.drop_table("training_attendance")
    op.drop_table("training_sessions")
    op.drop_table("training_attempts")
    op.drop_table("training_event_settings")
