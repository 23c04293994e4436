"""Full-text search index over posts (SQLite FTS5; PostgreSQL tsvector with GIN).

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE post_fts USING fts5("
            "ws, body, content='', tokenize='unicode61 remove_diacritics 2')"
        )
    else:
        op.execute(
            "CREATE TABLE post_search ("
            "workspace_id integer NOT NULL REFERENCES workspaces (id), "
            "post_id bigint NOT NULL, doc tsvector NOT NULL, "
            "PRIMARY KEY (workspace_id, post_id))"
        )
        op.execute("CREATE INDEX ix_post_search_doc ON post_search USING gin (doc)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE post_fts")
    else:
        op.execute("DROP TABLE post_search")
    op.execute("DELETE FROM monitor_state WHERE stage = 'search'")
