"""Bimtek: whether participants may see their review (own scores, gain, the correct answers
with the organiser's explanations) once they have sent the post-test
(``training_event_settings.review_open``; closed for events made before).

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("training_event_settings") as batch:
        batch.add_column(
            sa.Column("review_open", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("training_event_settings") as batch:
        batch.drop_column("review_open")
