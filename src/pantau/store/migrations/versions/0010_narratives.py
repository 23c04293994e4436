"""Narrative kits (narasi tunggal) and the posts that carry them.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ws_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _kit_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["kit_id"], ["narrative_kits.id"], name=op.f(f"fk_{table}_kit_id_narrative_kits")
    )


def upgrade() -> None:
    op.create_table(
        "narrative_kits",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("hashtags", _JSON, nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("assets", _JSON, nullable=False),
        sa.Column("release_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("matched_through", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("match_key", sa.String(length=64), nullable=True),
        _ws_fk("narrative_kits"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_kits")),
        sa.UniqueConstraint(
            "workspace_id", "title", name=op.f("uq_narrative_kits_workspace_id_title")
        ),
    )
    op.create_table(
        "narrative_accounts",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kit_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("handle", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("institution", sa.String(length=300), nullable=False),
        sa.Column("via_workspace", sa.String(length=64), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        _ws_fk("narrative_accounts"),
        _kit_fk("narrative_accounts"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "kit_id", "platform", "handle", name=op.f("pk_narrative_accounts")
        ),
    )
    op.create_table(
        "narrative_matches",
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("kit_id", sa.Integer(), nullable=False),
        sa.Column("post_id", _ID, nullable=False),
        sa.Column("signals", sa.String(length=32), nullable=False),
        sa.Column("fidelity", sa.Double(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.Column("matched_at", sa.DateTime(), nullable=False),
        _ws_fk("narrative_matches"),
        _kit_fk("narrative_matches"),
        sa.ForeignKeyConstraint(
            ["post_id"], ["posts.id"], name=op.f("fk_narrative_matches_post_id_posts")
        ),
        sa.PrimaryKeyConstraint(
            "workspace_id", "kit_id", "post_id", name=op.f("pk_narrative_matches")
        ),
    )


def downgrade() -> None:
    op.drop_table("narrative_matches")
    op.drop_table("narrative_accounts")
    op.drop_table("narrative_kits")
