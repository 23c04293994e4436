"""Issue monitoring: hourly rollups, term rollups, stage progress, issues and their posts.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _workspace_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def upgrade() -> None:
    op.create_table(
        "rollup_hourly",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("sentiment", sa.String(length=16), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("authors", sa.Integer(), nullable=False),
        sa.Column("engagement", sa.BigInteger(), nullable=False),
        sa.Column("reach", sa.BigInteger(), nullable=False),
        _workspace_fk("rollup_hourly"),
        sa.PrimaryKeyConstraint(
            "workspace_id",
            "hour",
            "topic_id",
            "platform",
            "sentiment",
            name=op.f("pk_rollup_hourly"),
        ),
    )
    op.create_table(
        "rollup_terms",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        _workspace_fk("rollup_terms"),
        sa.PrimaryKeyConstraint("workspace_id", "hour", "term", name=op.f("pk_rollup_terms")),
    )
    op.create_table(
        "monitor_state",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=32), nullable=False),
        sa.Column("last_post_id", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _workspace_fk("monitor_state"),
        sa.PrimaryKeyConstraint("workspace_id", "stage", name=op.f("pk_monitor_state")),
    )
    op.create_table(
        "issues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("terms", _JSON, nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("priority_score", sa.Double(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("suggested_response", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("merged_into", sa.Integer(), nullable=True),
        sa.Column("representative_post_id", sa.BigInteger(), nullable=True),
        sa.Column("metrics", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _workspace_fk("issues"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issues")),
    )
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issues_workspace_id_last_seen"),
            ["workspace_id", "last_seen"],
            unique=False,
        )
    op.create_table(
        "issue_posts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _workspace_fk("issue_posts"),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issues.id"], name=op.f("fk_issue_posts_issue_id_issues")
        ),
        sa.PrimaryKeyConstraint("workspace_id", "issue_id", "post_id", name=op.f("pk_issue_posts")),
    )


def downgrade() -> None:
    op.drop_table("issue_posts")
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issues_workspace_id_last_seen"))
    op.drop_table("issues")
    op.drop_table("monitor_state")
    op.drop_table("rollup_terms")
    op.drop_table("rollup_hourly")
