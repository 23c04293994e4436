"""Bimtek training events: participants, question banks and test submissions.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _event_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["event_id"],
        ["training_events.id"],
        name=op.f(f"fk_{table}_event_id_training_events"),
    )


def upgrade() -> None:
    op.create_table(
        "training_events",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("pre_opens_at", sa.DateTime(), nullable=True),
        sa.Column("pre_closes_at", sa.DateTime(), nullable=True),
        sa.Column("post_opens_at", sa.DateTime(), nullable=True),
        sa.Column("post_closes_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("training_events"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_events")),
    )
    with op.batch_alter_table("training_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_events_workspace_id_starts_on"),
            ["workspace_id", "starts_on"],
            unique=False,
        )
    op.create_table(
        "training_participants",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("contact", sa.String(length=320), nullable=True),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("person_key", sa.String(length=700), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _ws_fk("training_participants"),
        _event_fk("training_participants"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_participants")),
        sa.UniqueConstraint(
            "workspace_id",
            "event_id",
            "code",
            name=op.f("uq_training_participants_workspace_id_event_id_code"),
        ),
        sa.UniqueConstraint(
            "workspace_id",
            "event_id",
            "person_key",
            name=op.f("uq_training_participants_workspace_id_event_id_person_key"),
        ),
    )
    op.create_table(
        "training_questions",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=4), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("options", _JSON, nullable=False),
        sa.Column("correct", _JSON, nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        _ws_fk("training_questions"),
        _event_fk("training_questions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_questions")),
        sa.UniqueConstraint(
            "workspace_id",
            "event_id",
            "test",
            "position",
            name=op.f("uq_training_questions_workspace_id_event_id_test_position"),
        ),
    )
    op.create_table(
        "training_submissions",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("test", sa.String(length=4), nullable=False),
        sa.Column("answers", _JSON, nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        _ws_fk("training_submissions"),
        _event_fk("training_submissions"),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["training_participants.id"],
            name=op.f("fk_training_submissions_participant_id_training_participants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_submissions")),
        sa.UniqueConstraint(
            "workspace_id",
            "event_id",
            "participant_id",
            "test",
            name=op.f("uq_training_submissions_workspace_id_event_id_participant_id_test"),
        ),
    )


def downgrade() -> None:
    op.drop_table("training_submissions")
    op.drop_table("training_questions")
    op.drop_table("training_participants")
    with op.batch_alter_table("training_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_events_workspace_id_starts_on"))
    op.drop_table("training_events")
