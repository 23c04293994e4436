"""Actor rollups (``actor_days``, ``actor_periods``, ``actor_windows``), the changes the
``actors`` stage must look at again (``actor_changes``, written by triggers), the stored issue
networks (``issue_networks``) and an index to find the issues of given posts.

The triggers mark, in the transaction of the change, what an incremental rollup cannot see
from post ids alone: a post already rolled up that is updated (a re-import with new metrics)
or deleted, a change of its enrichment, a changed author profile. They cost nothing for the
common fresh import: new posts lie beyond the stage's position and are not marked.

Revision ID: 0025
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0025"
down_revision = "0028"
branch_labels = None
depends_on = None

_COUNTS = ("posts", "reposts", "engagement", "views", "positive", "neutral", "negative", "unknown")

_POSITION = (
    "(SELECT last_post_id FROM monitor_state "
    "WHERE workspace_id = {row}.workspace_id AND stage = 'actors')"
)
_MARK = "INSERT INTO actor_changes (workspace_id, platform, author, created_at) "
_SQLITE_TRIGGERS = {
    "actor_changes_post_update": (
        f"AFTER UPDATE ON posts WHEN OLD.id <= {_POSITION.format(row='OLD')} BEGIN "
        f"{_MARK}SELECT OLD.workspace_id, OLD.platform, OLD.author, OLD.created_at "
        "WHERE OLD.author IS NOT NULL AND OLD.author <> ''; "
        f"{_MARK}SELECT NEW.workspace_id, NEW.platform, NEW.author, NEW.created_at "
        "WHERE NEW.author IS NOT NULL AND NEW.author <> '' "
        "AND (NEW.platform, NEW.author, NEW.created_at) IS NOT "
        "(OLD.platform, OLD.author, OLD.created_at); END"
    ),
    # SQLite gives a new row the highest id + 1, which after deleting the newest posts can lie
    # at or below the position (PostgreSQL's sequences never go back)
    "actor_changes_post_insert": (
        f"AFTER INSERT ON posts WHEN NEW.id <= {_POSITION.format(row='NEW')} "
        "AND NEW.author IS NOT NULL AND NEW.author <> '' BEGIN "
        f"{_MARK}VALUES (NEW.workspace_id, NEW.platform, NEW.author, NEW.created_at); END"
    ),
    "actor_changes_post_delete": (
        f"AFTER DELETE ON posts WHEN OLD.id <= {_POSITION.format(row='OLD')} "
        "AND OLD.author IS NOT NULL AND OLD.author <> '' BEGIN "
        f"{_MARK}VALUES (OLD.workspace_id, OLD.platform, OLD.author, OLD.created_at); END"
    ),
    "actor_changes_enrichment_insert": (
        f"AFTER INSERT ON post_enrichment WHEN NEW.post_id <= {_POSITION.format(row='NEW')} "
        f"BEGIN {_MARK}SELECT workspace_id, platform, author, created_at FROM posts "
        "WHERE id = NEW.post_id AND author IS NOT NULL AND author <> ''; END"
    ),
    "actor_changes_enrichment_update": (
        "AFTER UPDATE ON post_enrichment "
        "WHEN (OLD.sentiment, OLD.emotion, OLD.normalized_text) IS NOT "
        "(NEW.sentiment, NEW.emotion, NEW.normalized_text) "
        f"AND NEW.post_id <= {_POSITION.format(row='NEW')} "
        f"BEGIN {_MARK}SELECT workspace_id, platform, author, created_at FROM posts "
        "WHERE id = NEW.post_id AND author IS NOT NULL AND author <> ''; END"
    ),
    "actor_changes_author_update": (
        "AFTER UPDATE ON authors "
        "WHEN (OLD.name, OLD.followers, OLD.verified) IS NOT "
        "(NEW.name, NEW.followers, NEW.verified) "
        f"AND {_POSITION.format(row='NEW')} IS NOT NULL "
        f"BEGIN {_MARK}VALUES (NEW.workspace_id, NEW.platform, NEW.handle, NULL); END"
    ),
}

# PostgreSQL: statement-level triggers over the transition tables (one call per statement).
_PG_FUNCTIONS = {
    "actor_changes_of_posts": (
        f"{_MARK}SELECT c.workspace_id, c.platform, c.author, c.created_at FROM changed_rows c "
        "JOIN monitor_state m ON m.workspace_id = c.workspace_id AND m.stage = 'actors' "
        "WHERE c.id <= m.last_post_id AND c.author IS NOT NULL AND c.author <> ''"
    ),
    "actor_changes_of_enrichment": (
        f"{_MARK}SELECT p.workspace_id, p.platform, p.author, p.created_at FROM changed_rows e "
        "JOIN monitor_state m ON m.workspace_id = e.workspace_id AND m.stage = 'actors' "
        "AND e.post_id <= m.last_post_id "
        "JOIN posts p ON p.id = e.post_id WHERE p.author IS NOT NULL AND p.author <> ''"
    ),
    "actor_changes_of_authors": (
        f"{_MARK}SELECT n.workspace_id, n.platform, n.handle, NULL FROM new_rows n "
        "JOIN old_rows o ON o.workspace_id = n.workspace_id AND o.platform = n.platform "
        "AND o.handle = n.handle "
        "JOIN monitor_state m ON m.workspace_id = n.workspace_id AND m.stage = 'actors' "
        "WHERE (o.name, o.followers, o.verified) IS DISTINCT FROM "
        "(n.name, n.followers, n.verified)"
    ),
}
_PG_TRIGGERS = {
    "actor_changes_post_update_old": (
        "AFTER UPDATE ON posts REFERENCING OLD TABLE AS changed_rows",
        "actor_changes_of_posts",
    ),
    "actor_changes_post_update_new": (
        "AFTER UPDATE ON posts REFERENCING NEW TABLE AS changed_rows",
        "actor_changes_of_posts",
    ),
    "actor_changes_post_delete": (
        "AFTER DELETE ON posts REFERENCING OLD TABLE AS changed_rows",
        "actor_changes_of_posts",
    ),
    "actor_changes_enrichment_insert": (
        "AFTER INSERT ON post_enrichment REFERENCING NEW TABLE AS changed_rows",
        "actor_changes_of_enrichment",
    ),
    "actor_changes_enrichment_update": (
        "AFTER UPDATE ON post_enrichment REFERENCING NEW TABLE AS changed_rows",
        "actor_changes_of_enrichment",
    ),
    "actor_changes_author_update": (
        "AFTER UPDATE ON authors REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "actor_changes_of_authors",
    ),
}
_TRIGGER_TABLES = {
    "actor_changes_post_update": "posts",
    "actor_changes_post_insert": "posts",
    "actor_changes_post_update_old": "posts",
    "actor_changes_post_update_new": "posts",
    "actor_changes_post_delete": "posts",
    "actor_changes_enrichment_insert": "post_enrichment",
    "actor_changes_enrichment_update": "post_enrichment",
    "actor_changes_author_update": "authors",
}


def _workspace() -> sa.Column:
    return sa.Column("workspace_id", sa.Integer(), nullable=False)


def _fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace_id"], ["workspaces.id"], name=op.f(f"fk_{table}_workspace_id_workspaces")
    )


def _counts() -> list[sa.Column]:
    wide = {"engagement", "views"}
    return [
        sa.Column(c, sa.BigInteger() if c in wide else sa.Integer(), nullable=False)
        for c in _COUNTS
    ] + [
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_index(
        op.f("ix_issue_posts_workspace_id_post_id"),
        "issue_posts",
        ["workspace_id", "post_id"],
    )
    op.create_table(
        "issue_networks",
        _workspace(),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issues.id"], name=op.f("fk_issue_networks_issue_id_issues")
        ),
        _fk("issue_networks"),
        sa.PrimaryKeyConstraint("workspace_id", "issue_id", name=op.f("pk_issue_networks")),
    )
    op.create_table(
        "actor_days",
        _workspace(),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        *_counts(),
        sa.Column("detail", sa.LargeBinary(), nullable=False),
        _fk("actor_days"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "platform", "author", "day", name=op.f("pk_actor_days")
        ),
    )
    op.create_index(op.f("ix_actor_days_workspace_id_day"), "actor_days", ["workspace_id", "day"])
    op.create_table(
        "actor_periods",
        _workspace(),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        *_counts(),
        sa.Column("name", sa.String(length=500), nullable=True),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=True),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("institution", sa.String(length=300), nullable=True),
        sa.Column("listed", sa.Boolean(), nullable=False),
        _fk("actor_periods"),
        sa.PrimaryKeyConstraint(
            "workspace_id", "days", "platform", "author", name=op.f("pk_actor_periods")
        ),
    )
    for column in ("engagement", "posts"):
        op.create_index(
            op.f(f"ix_actor_periods_workspace_id_days_{column}"),
            "actor_periods",
            ["workspace_id", "days", column],
        )
    op.create_table(
        "actor_windows",
        _workspace(),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("accounts", sa.Integer(), nullable=False),
        sa.Column("posts_min", sa.Integer(), nullable=False),
        sa.Column("engagement_min", sa.BigInteger(), nullable=False),
        sa.Column("followers_min", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("actor_windows"),
        sa.PrimaryKeyConstraint("workspace_id", "days", name=op.f("pk_actor_windows")),
    )
    op.create_table(
        "actor_changes",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True),
        _workspace(),
        sa.Column("platform", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        _fk("actor_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_changes")),
    )
    op.create_index(
        op.f("ix_actor_changes_workspace_id_id"), "actor_changes", ["workspace_id", "id"]
    )
    if op.get_bind().dialect.name == "sqlite":
        for name, body in _SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    for name, body in _PG_FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body}; RETURN NULL; END $$"
        )
    for name, (event, function) in _PG_TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} {event} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
        )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name in _SQLITE_TRIGGERS if sqlite else _PG_TRIGGERS:
        op.execute(f"DROP TRIGGER {name}" + ("" if sqlite else f" ON {_TRIGGER_TABLES[name]}"))
    if not sqlite:
        for name in _PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}()")
    for table in ("actor_changes", "actor_windows", "actor_periods", "actor_days"):
        op.drop_table(table)
    op.drop_table("issue_networks")
    op.drop_index(op.f("ix_issue_posts_workspace_id_post_id"), table_name="issue_posts")
    op.execute("DELETE FROM monitor_state WHERE stage IN ('actors', 'actors:lists')")
