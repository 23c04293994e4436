"""Table definitions (SQLAlchemy Core). Every key and index leads with ``workspace_id``.

Times are stored as naive UTC. The raw payload of every post is kept unchanged as text so
that everything can be derived again when a parser improves.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

JsonType = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-assigns INTEGER PRIMARY KEY columns; PostgreSQL gets a 64-bit identity.
IdType = BigInteger().with_variant(Integer(), "sqlite")

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(32), nullable=False),  # kementerian, lembaga, pemda, lainnya
    Column("timezone", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("kind", String(32), nullable=False),  # file, feed, api
    Column("name", String(500), nullable=False),
    Column("platform", String(32)),
    Column("config", JsonType),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime),
    UniqueConstraint("workspace_id", "kind", "name"),
)

authors = Table(
    "authors",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("handle", String(300), primary_key=True),
    Column("name", String(500)),
    Column("followers", BigInteger),
    Column("verified", Boolean),
    # time of the post the profile was read from: a newer post's profile wins
    Column("profile_at", DateTime, nullable=False),
)

posts = Table(
    "posts",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("external_id", String(500), nullable=False),
    Column("key_kind", String(8), nullable=False),  # id, url, hash
    Column("created_at", DateTime, nullable=False),
    Column("collected_at", DateTime, nullable=False),
    Column("author", String(300)),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("lang", String(16)),
    Column("likes", BigInteger),
    Column("reposts", BigInteger),
    Column("replies", BigInteger),
    Column("views", BigInteger),
    Column("reply_to", String(500)),
    Column("repost_of", String(500)),
    Column("quote_of", String(500)),
    Column("hashtags", JsonType),
    Column("mentions", JsonType),
    Column("media", JsonType),
    Column("flags", String(200), nullable=False, server_default=""),
    Column("import_run_id", Integer),
    Column("raw_format", String(32), nullable=False),
    Column("raw", Text, nullable=False),
    UniqueConstraint("workspace_id", "platform", "external_id"),
    Index(None, "workspace_id", "created_at"),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("source_id", Integer),
    Column("file_name", String(500), nullable=False),
    Column("file_path", Text, nullable=False),
    Column("file_size", BigInteger, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("format", String(32), nullable=False),
    Column("encoding", String(32)),
    Column("status", String(16), nullable=False),  # running, complete, failed, interrupted
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("rows_read", Integer, nullable=False, server_default="0"),
    Column("rows_new", Integer, nullable=False, server_default="0"),
    Column("rows_updated", Integer, nullable=False, server_default="0"),
    Column("rows_duplicate", Integer, nullable=False, server_default="0"),
    Column("rows_rejected", Integer, nullable=False, server_default="0"),
    Column("rejects_path", Text),
    Column("software_version", String(64), nullable=False),
    Column("repairs_run_id", Integer),
    Column("error", Text),
    Index(None, "workspace_id", "checksum"),
)

topics = Table(
    "topics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("category", String(32), nullable=False),  # see pantau.monitor.topics.CATEGORIES
    Column("owner", String(200)),
    Column("query", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "name"),
)

# Which posts each topic matches; created_at is the post's, so time-range counts per topic
# need no join with posts.
topic_matches = Table(
    "topic_matches",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), primary_key=True),
    Column("post_id", IdType, ForeignKey("posts.id"), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Index(None, "workspace_id", "topic_id", "created_at"),
)
