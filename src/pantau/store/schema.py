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
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import false as sa_false
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
    # kementerian, lembaga, pemprov, pemkab, pemkot (older: pemda, lainnya)
    Column("kind", String(32), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # Kemendagri codes of the institution's region (migration 0028): "33", "33.05"
    Column("province_code", String(8)),
    Column("regency_code", String(8)),
)

# Live sources Pantau collects by itself (pantau.ingest.sources; queries in store/sources.py).
# kind: the connector (rss, google-news, bluesky, mastodon, youtube, x, meta). secrets: stored
# as given, never shown (masked on every output). last_seen_at: when it last brought a new
# post (what the "source_silent" alert rule reads).
sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("name", String(500), nullable=False),
    Column("platform", String(32)),
    Column("config", JsonType),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime),
    Column("secrets", JsonType),
    Column("status", String(16), nullable=False, server_default="active"),  # active, paused
    Column("interval_minutes", Integer),  # None: the connector's default
    Column("cursor", JsonType),  # the connector's position (ETag, since_id, …)
    Column("next_run_at", DateTime),  # due from then on
    Column("running_until", DateTime),  # a collection holds it until then (or until it ends)
    Column("last_run_at", DateTime),
    Column("last_success_at", DateTime),
    Column("last_error_at", DateTime),
    Column("last_error", Text),  # plain Indonesian, secrets redacted
    Column("health", String(16), nullable=False, server_default="new"),  # new ok error auth limited
    Column("failures", Integer, nullable=False, server_default="0"),  # consecutive
    Column("quota", JsonType),  # what the service says is left (units, requests, reset time)
    Column("updated_at", DateTime),
    UniqueConstraint("workspace_id", "kind", "name"),
    Index(None, "workspace_id", "status", "next_run_at"),
)

# A source that could not be collected: from the first failed attempt to the next success.
source_outages = Table(
    "source_outages",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("source_id", ForeignKey("sources.id"), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("ended_at", DateTime),
    Column("kind", String(16), nullable=False),  # auth, limited, network, server, client, format
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    Index(None, "workspace_id", "source_id", "started_at"),
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
    Column("profile", String(64)),  # the mapping profile used, if any (migration 0022)
    Column("mapping", JsonType),  # the column mapping used; None for canonical files
    Index(None, "workspace_id", "checksum"),
    Index(None, "workspace_id", "source_id", "started_at"),
)

# column mappings a workspace saved by name (``pantau import profiles``)
import_profiles = Table(
    "import_profiles",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("name", String(64), primary_key=True),
    Column("description", String(300)),
    Column("mapping", JsonType, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
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

# --- Owned-channel analytics (pantau.outreach; queries in pantau.store.outreach) -------------

# The institution's own accounts. handle: the platform's stable name for the account
# (username; the page id on Facebook).
channels = Table(
    "channels",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("platform", String(32), nullable=False),
    Column("handle", String(300), nullable=False),
    Column("name", String(500)),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "platform", "handle"),
)

# Lifetime metrics of owned posts as of collected_at (the day the export was downloaded).
channel_posts = Table(
    "channel_posts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("channel_id", ForeignKey("channels.id"), primary_key=True),
    Column("post_id", String(200), primary_key=True),
    Column("published_at", DateTime, nullable=False),
    Column("time_known", Boolean, nullable=False),  # false: the file gave only the day
    Column("caption", Text),
    Column("post_type", String(64)),  # reel, video, image, carousel, link, text, …
    Column("permalink", Text),
    Column("views", BigInteger),
    Column("reach", BigInteger),
    Column("impressions", BigInteger),
    Column("likes", BigInteger),  # reactions on Facebook
    Column("comments", BigInteger),
    Column("shares", BigInteger),  # reposts on X
    Column("saves", BigInteger),
    Column("clicks", BigInteger),
    Column("extra", Text),  # JSON object: the platform's other metrics, by Pantau name
    Column("collected_at", DateTime, nullable=False),
    Column("import_id", Integer),
    Column("raw_format", String(64), nullable=False),
    Column("raw", Text, nullable=False),
    Index(None, "workspace_id", "channel_id", "published_at"),
)

# One account-level metric per day (followers, new_followers, reach, views, …).
channel_daily = Table(
    "channel_daily",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("channel_id", ForeignKey("channels.id"), primary_key=True),
    Column("metric", String(64), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("value", Double, nullable=False),
    Column("collected_at", DateTime, nullable=False),
    Column("import_id", Integer),
)

# Audience slices: age_gender, city, country, gender, territory (shares of 1) and
# activity_hour (active followers in an hour of the day as_of).
channel_audience = Table(
    "channel_audience",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("channel_id", ForeignKey("channels.id"), primary_key=True),
    Column("dimension", String(32), primary_key=True),
    Column("as_of", Date, primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("value", Double, nullable=False),
    Column("collected_at", DateTime, nullable=False),
    Column("import_id", Integer),
)

# Provenance of every analytics export imported (one row per file or archive member).
outreach_imports = Table(
    "outreach_imports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("file_name", String(500), nullable=False),
    Column("file_path", Text, nullable=False),
    Column("member", String(500)),
    Column("file_size", BigInteger, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("format", String(64), nullable=False),
    Column("encoding", String(32)),
    Column("platform", String(32)),
    Column("channel_id", Integer),
    Column("downloaded_on", Date, nullable=False),
    Column("status", String(16), nullable=False),  # running, complete, failed
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("rows_read", Integer, nullable=False, server_default="0"),
    Column("rows_new", Integer, nullable=False, server_default="0"),
    Column("rows_updated", Integer, nullable=False, server_default="0"),
    Column("rows_unchanged", Integer, nullable=False, server_default="0"),
    Column("rows_skipped", Integer, nullable=False, server_default="0"),
    Column("rows_rejected", Integer, nullable=False, server_default="0"),
    Column("rejects_path", Text),
    Column("notes", Text),  # JSON list of warnings shown to the user
    Column("software_version", String(64), nullable=False),
    Column("error", Text),
    Column("source_id", Integer),  # the live source that collected it (Meta Graph API)
    Index(None, "workspace_id", "checksum"),
    Index(None, "workspace_id", "source_id", "started_at"),
)

# --- enrichment (Indonesian text analytics) -------------------------------------------------

post_enrichment = Table(
    "post_enrichment",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("post_id", IdType, primary_key=True),
    Column("normalized_text", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("sentiment", String(16), nullable=False),
    Column("sentiment_score", Double, nullable=False),
    Column("polarity", Double, nullable=False),
    Column("emotion", String(16), nullable=False),
    Column("emotion_score", Double, nullable=False),
    Column("entities", JsonType),  # [[kind, canonical name, surface], ...]
    Column("flags", String(200), nullable=False, server_default=""),
    Column("model_version", String(80), nullable=False),
    Column("enriched_at", DateTime, nullable=False),
)

# Analysts' corrections (from the dashboard or a file): training labels for workspace models.
post_labels = Table(
    "post_labels",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("post_id", IdType, primary_key=True),
    Column("task", String(16), primary_key=True),  # sentiment, emotion
    Column("label", String(32), nullable=False),
    Column("labelled_by", String(200)),
    Column("labelled_at", DateTime, nullable=False),
)

# --- web application: accounts, sessions, API tokens, audit (queries in pantau.store.users) ---
# People are not per-workspace rows: one account may work in several workspaces (memberships)
# or, as a coordinator, in all of them (global_role). Emails are unique by code, in
# lower case, because keys here lead with workspace_id.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),  # lower case
    Column("name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),  # argon2id
    Column("global_role", String(16)),  # coordinator: admin, analyst or viewer everywhere
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("password_changed_at", DateTime, nullable=False),
)

workspace_members = Table(
    "workspace_members",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("user_id", ForeignKey("users.id"), primary_key=True),
    Column("role", String(16), nullable=False),  # admin, analyst, viewer
    Column("created_at", DateTime, nullable=False),
)

# id: SHA-256 of the random session secret the (signed) cookie carries.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

# Failed logins per key ("email:<address>" or "ip:<address>"), kept across restarts.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", DateTime, nullable=False),
    Column("locked_until", DateTime),
)

# Bearer tokens "pantau_<id>_<secret>": only the SHA-256 of the secret is stored.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("user_id", ForeignKey("users.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
    Column("expires_at", DateTime),  # none: until revoked
    Column("scope", String(8), nullable=False, server_default="write"),  # read or write
)

# A workspace admin's invitation: the invitee accepts with the link (secret: SHA-256 only).
invitations = Table(
    "invitations",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", String(16), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("role", String(16), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("invited_by", String(320), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("accepted_at", DateTime),
    Index(None, "workspace_id", "email"),
)

# Who changed what. workspace_id is empty for changes outside any workspace (an account).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("workspace_id", ForeignKey("workspaces.id")),
    Column("at", DateTime, nullable=False),
    Column("actor", String(320)),  # email of the user, or "cli"
    Column("action", String(64), nullable=False),  # topic.create, user.create, token.revoke, …
    Column("target", String(400)),
    Column("details", Text),  # JSON object
    Index(None, "workspace_id", "at"),
)

# --- issue monitoring: rollups, emerging issues, issue tracking (pantau.monitor) ------------

# Hourly totals per topic (0 = all posts) × platform × sentiment ("unknown" before enrichment).
# Recomputed per affected hour, so dashboards never scan raw posts.
rollup_hourly = Table(
    "rollup_hourly",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("hour", DateTime, primary_key=True),
    Column("topic_id", Integer, primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("sentiment", String(16), primary_key=True),
    Column("posts", Integer, nullable=False),
    Column("authors", Integer, nullable=False),
    Column("engagement", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
)

# The hourly rollup summed per local day of the workspace (``workspaces.timezone``; an hour
# belongs to the day its start falls on), kept equal to the sum of its hours whenever hours or
# a topic's rows are replaced. Unique authors are not additive across hours, so they are not
# here. Keyed by topic then day for the overview's reads; the day index serves maintenance.
rollup_daily = Table(
    "rollup_daily",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("topic_id", Integer, primary_key=True),
    Column("day", Date, primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("sentiment", String(16), primary_key=True),
    Column("posts", Integer, nullable=False),
    Column("engagement", BigInteger, nullable=False),
    Column("reach", BigInteger, nullable=False),
    Index(None, "workspace_id", "day"),
)

# The trend and volume detectors' state at the start of ``hour`` (the last hour a monitoring
# run evaluated), so the next run resumes from it instead of replaying days of term rollups;
# ``config`` identifies the detector settings it was learnt with (another: replay instead).
detector_state = Table(
    "detector_state",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("hour", DateTime, nullable=False),
    Column("config", String(64), nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# Posts per hour containing a term ("w:" word, "b:" bigram, "#" hashtag, "e:" entity); only
# keys seen in at least two posts of the hour are kept (single mentions are noise for trends).
# One row per hour: ``payload`` is the zlib-compressed JSON object term -> posts, ``terms``
# how many it holds (see ``store.terms``).
rollup_term_hours = Table(
    "rollup_term_hours",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("hour", DateTime, primary_key=True),
    Column("terms", Integer, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

# How far each monitoring stage got (the last post id it has seen).
monitor_state = Table(
    "monitor_state",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("stage", String(32), primary_key=True),
    Column("last_post_id", BigInteger, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

issues = Table(
    "issues",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("label", String(300), nullable=False),  # the title shown: ``title`` or generated
    Column("title", String(300)),  # the title an analyst gave (kept by runs and merges)
    Column("terms", JsonType, nullable=False),  # signature keys, most significant first
    Column("first_seen", DateTime, nullable=False),  # hour it was first flagged (UTC)
    Column("last_seen", DateTime, nullable=False),  # newest post assigned
    Column("stage", String(16), nullable=False),  # potensial, berkembang, memuncak, mereda
    Column("priority", String(20), nullable=False),  # segera, perlu perhatian, pantau
    Column("priority_score", Double, nullable=False),
    Column("why", Text, nullable=False),
    Column("suggested_response", String(40), nullable=False),
    Column("status", String(16), nullable=False),  # baru, dipantau, ditangani, selesai, diabaikan
    Column("owner", String(200)),
    Column("notes", Text),
    Column("merged_into", Integer),
    Column("representative_post_id", BigInteger),
    Column("metrics", JsonType, nullable=False),  # counts, mixes, series, top posts
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "workspace_id", "last_seen"),
)

issue_posts = Table(
    "issue_posts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("issue_id", ForeignKey("issues.id"), primary_key=True),
    Column("post_id", IdType, primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Index(None, "workspace_id", "post_id"),  # the issues of an account's posts (migration 0025)
)

# The interaction network of an issue (camps, bridges, the picture) as the ``networks`` stage
# computed it for ``posts`` members: zlib-compressed JSON, recomputed when the count changes.
issue_networks = Table(
    "issue_networks",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("issue_id", ForeignKey("issues.id"), primary_key=True),
    Column("posts", Integer, nullable=False),
    Column("computed_at", DateTime, nullable=False),
    Column("payload", LargeBinary, nullable=False),
)

# --- hoaxes and clarifications (pantau.factcheck; queries in pantau.store.claims) ------------

# Known claims (hoaxes and clarifications). claim_key: SHA-256 of the canonical source URL, or of
# the normalised claim text when there is no source, so re-importing a file changes nothing.
claims = Table(
    "claims",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("claim", Text, nullable=False),
    Column("verdict", String(16), nullable=False),  # HOAKS, DISINFORMASI, MISINFORMASI, FAKTA
    Column("category", String(32), nullable=False),  # see pantau.factcheck.claims.CATEGORIES
    Column("clarification", Text),
    Column("source_url", Text),
    Column("published", Date),
    Column("claim_key", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # entered by the coordinator for every workspace's matching (migration 0028)
    Column("shared", Boolean, nullable=False, server_default=sa_false()),
    UniqueConstraint("workspace_id", "claim_key"),
)

# Posts that carry a known claim. method: text (similarity) or url (shares the claim's source).
claim_matches = Table(
    "claim_matches",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("claim_id", ForeignKey("claims.id"), primary_key=True),
    Column("post_id", IdType, ForeignKey("posts.id"), primary_key=True),
    Column("score", Double, nullable=False),
    Column("passage", Text, nullable=False),
    Column("method", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    # "menyebarkan" (spreads the claim) or "membantah" (debunks it); only spreading posts
    # count toward an issue's hoax flag
    Column("stance", String(12), nullable=False, server_default="menyebarkan"),
    Index(None, "workspace_id", "post_id"),
)

# --- bimtek training events, pre-test and post-test (pantau.training; SQL in store.training) --

# Open and close times per test are naive UTC; empty means "no limit on that side".
training_events = Table(
    "training_events",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("venue", String(300)),
    Column("pre_opens_at", DateTime),
    Column("pre_closes_at", DateTime),
    Column("post_opens_at", DateTime),
    Column("post_closes_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Index(None, "workspace_id", "starts_on"),
)

# person_key: lower-case contact, or name|institution when there is none, so that importing a
# file again updates people in place and keeps their codes.
training_participants = Table(
    "training_participants",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), nullable=False),
    Column("name", String(300), nullable=False),
    Column("institution", String(300), nullable=False),
    Column("contact", String(320)),
    Column("mode", String(8), nullable=False),  # onsite, online
    Column("code", String(16), nullable=False),
    Column("person_key", String(700), nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "event_id", "code"),
    UniqueConstraint("workspace_id", "event_id", "person_key"),
)

training_questions = Table(
    "training_questions",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), nullable=False),
    Column("test", String(4), nullable=False),  # pre, post
    Column("position", Integer, nullable=False),  # 1-based order in the test
    Column("text", Text, nullable=False),
    Column("options", JsonType, nullable=False),  # list of option texts
    Column("correct", JsonType, nullable=False),  # sorted list of 0-based option indexes
    Column("explanation", Text),
    UniqueConstraint("workspace_id", "event_id", "test", "position"),
)

# answers: {"<question id>": [chosen 0-based option indexes]}. One submission per test.
training_submissions = Table(
    "training_submissions",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), nullable=False),
    Column("participant_id", ForeignKey("training_participants.id"), nullable=False),
    Column("test", String(4), nullable=False),
    Column("answers", JsonType, nullable=False),
    Column("score", Integer, nullable=False),
    Column("max_score", Integer, nullable=False),
    Column("submitted_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "event_id", "participant_id", "test"),
)

# --- bimtek on the web: links, timed attempts, sessions, attendance (pantau.training) ---------

# One row per event, made on first use. code: the public event code participants type (unique
# across workspaces by construction); secret: keys personal links and the question shuffle.
training_event_settings = Table(
    "training_event_settings",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), primary_key=True),
    Column("code", String(16), nullable=False),
    Column("secret", String(64), nullable=False),
    Column("registration_open", Boolean, nullable=False),
    Column("shuffle", Boolean, nullable=False),
    Column("pre_minutes", Integer),  # time limit per attempt; empty: none
    Column("post_minutes", Integer),
    # participants may see their scores, gain and the key with explanations after the post-test
    Column("review_open", Boolean, nullable=False, server_default=false()),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "code"),
)

# A participant's attempt: started when the test page is first opened (the time limit runs
# from here); answers autosaved as {"<position>": [option indexes]} until submitted.
training_attempts = Table(
    "training_attempts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), primary_key=True),
    Column("participant_id", ForeignKey("training_participants.id"), primary_key=True),
    Column("test", String(4), primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("answers", JsonType, nullable=False),
    Column("saved_at", DateTime, nullable=False),
)

# Sessions of an event with the check-in code shown on the venue screen.
training_sessions = Table(
    "training_sessions",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), nullable=False),
    Column("title", String(300), nullable=False),
    Column("checkin_code", String(8), nullable=False),
    Column("checkin_open", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "event_id", "checkin_code"),
)

training_attendance = Table(
    "training_attendance",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("session_id", ForeignKey("training_sessions.id"), primary_key=True),
    Column("participant_id", ForeignKey("training_participants.id"), primary_key=True),
    Column("event_id", ForeignKey("training_events.id"), nullable=False),
    Column("checked_in_at", DateTime, nullable=False),
    Column("via", String(16), nullable=False),  # kode (the participant), panitia (organiser)
    Index(None, "workspace_id", "event_id"),
)

# --- agenda items and calendar (pantau.agenda; SQL in store.agenda) ---------------------------

# Programmes, policies and messages the institution chose to push in a period. Each item owns
# one topic (``topic_id``, category "agenda") built from its query, so its salience comes from
# the hourly rollups. key_messages: JSON list of strings. priority: tinggi, sedang, rendah.
agenda_items = Table(
    "agenda_items",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("kind", String(16), nullable=False),  # program, kebijakan, pesan
    Column("description", Text),
    Column("key_messages", JsonType, nullable=False),
    Column("query", Text, nullable=False),
    Column("topic_id", Integer),  # no foreign key: deleting the topic is repaired by sync
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("priority", String(8), nullable=False),
    Column("audience", String(300)),
    Column("owner", String(200)),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "title"),
)

# Dates the workspace plans around beside the national holidays (anniversaries, events).
agenda_dates = Table(
    "agenda_dates",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("date", Date, nullable=False),
    Column("name", String(200), nullable=False),
    Column("notes", Text),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "date", "name"),
)

# The institution's own accounts as the agenda measures them, besides the owned channels:
# accounts whose posts are in ``posts`` but that have no analytics export.
agenda_accounts = Table(
    "agenda_accounts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("handle", String(300), primary_key=True),
    Column("created_at", DateTime, nullable=False),
)


# --- narrative kits, narasi tunggal (pantau.agenda.narrative; SQL in store.narratives) --------

# A key message the coordinator asks many accounts to carry. hashtags: without "#", as typed;
# assets: links to images and videos. matched_through: the last post id the matching stage has
# examined under match_key (a digest of what matching depends on: message, hashtags, link,
# release, method version); a different digest means every post is examined again.
narrative_kits = Table(
    "narrative_kits",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("message", Text, nullable=False),
    Column("hashtags", JsonType, nullable=False),
    Column("link", Text),
    Column("assets", JsonType, nullable=False),
    Column("release_at", DateTime, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("matched_through", BigInteger, nullable=False, server_default="0"),
    Column("match_key", String(64)),
    UniqueConstraint("workspace_id", "title"),
)

# The accounts asked to carry a kit. handle: lower case, without "@". via_workspace: the slug
# of the workspace whose own accounts were added (empty for accounts added one by one).
narrative_accounts = Table(
    "narrative_accounts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("kit_id", ForeignKey("narrative_kits.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("handle", String(300), primary_key=True),
    Column("name", String(500)),
    Column("institution", String(300), nullable=False),
    Column("via_workspace", String(64)),
    Column("added_at", DateTime, nullable=False),
)

# Posts that carry a kit. signals: comma-separated hashtag, link, text; fidelity: similarity of
# the post to the key message (0-1); posted_at: the post's time, so reports need no join.
narrative_matches = Table(
    "narrative_matches",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("kit_id", ForeignKey("narrative_kits.id"), primary_key=True),
    Column("post_id", IdType, ForeignKey("posts.id"), primary_key=True),
    Column("signals", String(32), nullable=False),
    Column("fidelity", Double, nullable=False),
    Column("posted_at", DateTime, nullable=False),
    Column("matched_at", DateTime, nullable=False),
)

# --- alerts (pantau.notify; SQL in store.alerts) -----------------------------------------------

# Where alerts go. kind: email, telegram, webhook. config holds the secrets (password, bot token,
# webhook URL) as given; every output path shows pantau.notify.channels.masked_config instead.
# Deleting a channel keeps the row (deleted_at) so the delivery log stays readable.
alert_channels = Table(
    "alert_channels",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("config", JsonType, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("deleted_at", DateTime),
    Index(None, "workspace_id", "name"),
)

# What to watch. kind: issue, volume_spike, negative_surge, hoax, coordination, source_silent;
# params: the kind's thresholds; channels: list of alert_channels ids. Quiet hours are local
# "HH:MM" times of the workspace zone; throttle: messages per channel per hour.
alert_rules = Table(
    "alert_rules",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("params", JsonType, nullable=False),
    Column("channels", JsonType, nullable=False),
    Column("quiet_start", String(5)),
    Column("quiet_end", String(5)),
    Column("urgent_bypass", Boolean, nullable=False),
    Column("throttle_per_hour", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("deleted_at", DateTime),
    Index(None, "workspace_id", "kind"),
)

# One detected thing. dedup_key (e.g. "r3:issue:17:segera") makes detection idempotent: the same
# thing is stored, and so sent, once.
alert_events = Table(
    "alert_events",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("rule_id", ForeignKey("alert_rules.id"), nullable=False),
    Column("dedup_key", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("title", String(500), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", Text),
    Column("details", JsonType, nullable=False),
    Column("detected_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "dedup_key"),
)

# One event to one channel. status: pending, sending (claimed; lease until next_attempt_at),
# sent, retrying, digest (held for the next digest), failed (gave up), cancelled.
# message_key: the message that carried it (one per single send, shared by a digest).
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("event_id", ForeignKey("alert_events.id"), nullable=False),
    Column("channel_id", ForeignKey("alert_channels.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime, nullable=False),
    Column("last_error", String(500)),
    Column("message_key", String(64)),
    Column("sent_at", DateTime),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "event_id", "channel_id"),
    Index(None, "workspace_id", "status", "next_attempt_at"),
    Index(None, "workspace_id", "channel_id", "sent_at"),
)

# Per-workspace notification settings: when the daily report is made (local "HH:MM") and the
# dashboard address used for links in messages.
notify_settings = Table(
    "notify_settings",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("report_time", String(5), nullable=False),
    Column("report_enabled", Boolean, nullable=False),
    Column("report_formats", String(100), nullable=False),
    Column("dashboard_url", Text),
    Column("updated_at", DateTime, nullable=False),
)

# Daily reports made by the scheduler, one row per report date, so a restart does not make a
# report again. status: running, complete, failed.
report_runs = Table(
    "report_runs",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("files", JsonType),
    Column("error", String(500)),
)

# --- outreach plans: goals, target audiences, content calendar (pantau.outreach) ---------------

# Target audiences of campaigns. ages: age bands ("18-24", "65+"); genders: "F", "M"; regions:
# names of provinces or cities as typed. An empty list means "any".
outreach_audiences = Table(
    "outreach_audiences",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("ages", JsonType, nullable=False),
    Column("genders", JsonType, nullable=False),
    Column("regions", JsonType, nullable=False),
    Column("created_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "name"),
)

# Objectives with one KPI each. objective: awareness, engagement, participation, reputation;
# metric: see pantau.outreach.goals.METRICS; channels: JSON list of channel ids (empty: all).
outreach_goals = Table(
    "outreach_goals",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("objective", String(16), nullable=False),
    Column("metric", String(32), nullable=False),
    Column("target", Double, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("channels", JsonType, nullable=False),
    Column("audience_id", Integer),  # outreach_audiences.id; no foreign key, may be deleted
    Column("notes", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("workspace_id", "name"),
)

# Content calendar. status: draft, review, approved, scheduled, published. channels: JSON list
# of channel ids. agenda_item_id: agenda_items.id without a foreign key (the agenda is optional).
outreach_plan_items = Table(
    "outreach_plan_items",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("title", String(300), nullable=False),
    Column("pillar", String(100)),
    Column("content_type", String(32), nullable=False),
    Column("channels", JsonType, nullable=False),
    Column("scheduled_at", DateTime, nullable=False),
    Column("agenda_item_id", Integer),
    Column("goal_id", Integer),
    Column("audience_id", Integer),
    Column("owner", String(200)),
    Column("status", String(16), nullable=False),
    Column("created_by", String(320), nullable=False),
    Column("approved_by", String(320)),
    Column("approved_at", DateTime),
    Column("notes", Text),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index(None, "workspace_id", "scheduled_at"),
)

# One caption per platform of a plan item.
outreach_captions = Table(
    "outreach_captions",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("plan_item_id", ForeignKey("outreach_plan_items.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

# Published owned posts linked to the plan item they carry out (a post carries at most one).
# method: auto (channel + time window + caption similarity) or manual.
outreach_plan_posts = Table(
    "outreach_plan_posts",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("channel_id", ForeignKey("channels.id"), primary_key=True),
    Column("post_id", String(200), primary_key=True),
    Column("plan_item_id", ForeignKey("outreach_plan_items.id"), nullable=False),
    Column("score", Double, nullable=False),
    Column("method", String(8), nullable=False),
    Column("linked_at", DateTime, nullable=False),
    Index(None, "workspace_id", "plan_item_id"),
)

# --- workspace account lists (pantau.network.accounts; SQL in store.network) -----------------

# Accounts the workspace knows (official government accounts, media), overriding the
# heuristic account type. The handle is stored lower case without "@".
account_lists = Table(
    "account_lists",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("handle", String(200), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("institution", String(300)),
    Column("source", String(300)),
    Column("updated_at", DateTime, nullable=False),
)

# --- actors (pantau.network.rollups; queries in pantau.store.actors) ---------------------------

# Per account × local day of the workspace: the ``actors`` stage's rollup of the account's
# posts. ``detail`` is zlib-compressed JSON: emotion counts, posts per local hour (24), text
# signatures of its original posts with their counts, post times (seconds after first_seen)
# and post ids in time order.
actor_days = Table(
    "actor_days",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("author", String(300), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("posts", Integer, nullable=False),
    Column("reposts", Integer, nullable=False),
    Column("engagement", BigInteger, nullable=False),  # likes + reposts + replies received
    Column("views", BigInteger, nullable=False),  # reach: views the platform reported
    Column("positive", Integer, nullable=False),
    Column("neutral", Integer, nullable=False),
    Column("negative", Integer, nullable=False),
    Column("unknown", Integer, nullable=False),  # not enriched
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("detail", LargeBinary, nullable=False),
    Index(None, "workspace_id", "day"),
)

# The accounts of each standard period (``days``: the last 1, 7, 30 or 90 local days up to the
# newest post's day; 0: everything), summed from ``actor_days``, with the profile and type they
# are listed and filtered by.
actor_periods = Table(
    "actor_periods",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("days", Integer, primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("author", String(300), primary_key=True),
    Column("posts", Integer, nullable=False),
    Column("reposts", Integer, nullable=False),
    Column("engagement", BigInteger, nullable=False),
    Column("views", BigInteger, nullable=False),
    Column("positive", Integer, nullable=False),
    Column("neutral", Integer, nullable=False),
    Column("negative", Integer, nullable=False),
    Column("unknown", Integer, nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("name", String(500)),
    Column("followers", BigInteger),
    Column("verified", Boolean),
    Column("type", String(16), nullable=False),  # government, media, influencer, citizen
    Column("institution", String(300)),
    Column("listed", Boolean, nullable=False),  # type from the workspace's account list
    Index(None, "workspace_id", "days", "engagement"),
    Index(None, "workspace_id", "days", "posts"),
)

# Each standard period's days and the thresholds of its roles: active from ``posts_min`` posts,
# influential from ``engagement_min`` engagement or ``followers_min`` followers (None: nobody
# by followers).
actor_windows = Table(
    "actor_windows",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("days", Integer, primary_key=True),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("accounts", Integer, nullable=False),
    Column("posts_min", Integer, nullable=False),
    Column("engagement_min", BigInteger, nullable=False),
    Column("followers_min", BigInteger),
    Column("updated_at", DateTime, nullable=False),
)

# What the ``actors`` stage must look at again, written by database triggers (migration 0025)
# in the transaction of the change: a post already rolled up that was updated or deleted, or
# whose enrichment changed (``created_at``: its time), or an account whose profile changed
# (``created_at`` None). The stage itself adds the accounts whose days it rewrote.
actor_changes = Table(
    "actor_changes",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("platform", String(32), nullable=False),
    Column("author", String(300), nullable=False),
    Column("created_at", DateTime),
    Index(None, "workspace_id", "id"),
)

# --- coordinated account groups (pantau.network.campaigns; SQL in store.coordination) ------

# The groups the coordination stage found in the recent window, replaced as a whole by each
# run. group_key: the first 16 hex digits of the SHA-256 of the sorted members, so a group
# found again keeps its address. evidence: ids of the posts acted on together (a sample, in
# time order); issues: issue id → evidence posts assigned to it.
coordination_groups = Table(
    "coordination_groups",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("group_key", String(16), primary_key=True),
    Column("rank", Integer, nullable=False),  # 1: highest score
    Column("label", String(300), nullable=False),
    Column("score", Double, nullable=False),
    Column("density", Double, nullable=False),
    Column("members", Integer, nullable=False),
    Column("edges", Integer, nullable=False),
    Column("coactions", Integer, nullable=False),
    Column("evidence_total", Integer, nullable=False),
    Column("posts", Integer, nullable=False),
    Column("kinds", JsonType, nullable=False),
    Column("hashtags", JsonType, nullable=False),  # the most shared hashtags, most first
    Column("evidence", JsonType, nullable=False),
    Column("issues", JsonType, nullable=False),
    Column("first_at", DateTime),
    Column("last_at", DateTime),
    Column("window_start", DateTime, nullable=False),
    Column("window_end", DateTime, nullable=False),
    Column("computed_at", DateTime, nullable=False),
)

coordination_members = Table(
    "coordination_members",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), primary_key=True),
    Column("group_key", String(16), primary_key=True),
    Column("platform", String(32), primary_key=True),
    Column("handle", String(200), primary_key=True),
    Index(None, "workspace_id", "platform", "handle"),
)

# --- task runs: one row per run of a workspace's task (pipeline, collection of a source, daily
# report, alert pass) by the service's own scheduler or by a worker (pantau.tasks), for
# `pantau worker status` and the Sistem page. via: "inline" (the service's scheduler) or
# "worker" (then job_id is the task queue's job); status: "running", "complete", "failed".
task_runs = Table(
    "task_runs",
    metadata,
    Column("workspace_id", ForeignKey("workspaces.id"), nullable=False),
    Column("id", Integer, primary_key=True),
    Column("task", String(32), nullable=False),
    Column("job_id", BigInteger),
    Column("via", String(16), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),
    Column("counts", JsonType),
    Column("error", String(500)),
    Index(None, "workspace_id", "task", "started_at"),
    Index(None, "workspace_id", "job_id"),
)
