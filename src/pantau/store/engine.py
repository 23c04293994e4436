"""Opening the database: engine set-up, SQLite pragmas and schema upgrade on start; where a
database stands against this software's migrations (``schema_status``, read without change)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from pantau.errors import PantauError


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("pantau.store") / "migrations"))
    return cfg


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


def create_db_engine(
    url: str, connect_timeout: int = 10, statement_timeout: int = 0, **pool: int
) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL mode. On
    PostgreSQL a connection waits at most ``connect_timeout`` seconds and a statement runs at
    most ``statement_timeout`` seconds (0: no limit), so a stopped or frozen server gives an
    error instead of a request that never ends. ``pool``: ``pool_size``, ``max_overflow``,
    ``pool_timeout`` (seconds to wait for a free connection, then
    ``sqlalchemy.exc.TimeoutError``) of the connection pool of a database file or server."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PantauError(
                    f"folder data tidak bisa dibuat: {folder} ({exc.strerror})"
                ) from None
            if not os.access(folder, os.W_OK):
                raise PantauError(f"folder data tidak bisa ditulis (izin?): {folder}")
        in_memory = parsed.database in (None, "", ":memory:")
        engine = create_engine(url, **({} if in_memory else pool))
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        options = (
            f"-c statement_timeout={int(statement_timeout) * 1000}" if statement_timeout else ""
        )
        connect_args: dict[str, Any] = {"connect_timeout": max(1, int(connect_timeout))}
        if options:
            connect_args["options"] = options
        return create_engine(
            url, pool_pre_ping=True, connect_args=connect_args, **{"pool_timeout": 30, **pool}
        )
    raise PantauError(
        f"basis data tidak didukung: {parsed.get_backend_name()} (pakai sqlite atau postgresql)"
    )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


@dataclass(frozen=True)
class Migration:
    revision: str
    title: str  # the first paragraph of the migration's docstring, on one line


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database stands against the migrations this software carries."""

    head: str  # the newest revision this software knows
    current: tuple[str, ...]  # the database's revision(s); empty before the first migration
    pending: tuple[Migration, ...]  # what opening the database will apply, oldest first
    unknown: tuple[str, ...]  # revisions this software does not know: the database is newer

    @property
    def up_to_date(self) -> bool:
        return not self.pending and not self.unknown


def schema_status(conn: Connection) -> SchemaStatus:
    """The database's revision and the migrations it still needs; changes nothing."""
    script = ScriptDirectory.from_config(_alembic_config())
    current = tuple(sorted(MigrationContext.configure(conn).get_current_heads()))
    unknown = tuple(rev for rev in current if not _known(script, rev))
    pending: list[Migration] = []
    if not unknown:
        for step in script.iterate_revisions("heads", current or "base"):
            pending.append(Migration(step.revision, " ".join((step.doc or "").split())))
    return SchemaStatus(
        head="+".join(script.get_heads()),
        current=current,
        pending=tuple(reversed(pending)),
        unknown=unknown,
    )


def read_schema_status(url: str) -> SchemaStatus:
    """``schema_status`` of the database at ``url`` without opening it for use: nothing is
    migrated, and a SQLite file that does not exist yet is not created (an empty database
    stands in for it: it needs every migration)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").is_file():
        url = "sqlite://"
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            return schema_status(conn)
    finally:
        engine.dispose()


def upgrade_schema(engine: Engine) -> tuple[Migration, ...]:
    """Bring the schema to the newest revision and return the migrations applied. Refuses a
    database newer than this software."""
    with engine.begin() as conn:
        status = schema_status(conn)
        if status.unknown:
            raise PantauError(
                "basis data dibuat oleh versi Pantau yang lebih baru "
                f"(revisi {', '.join(status.unknown)}); perbarui Pantau"
            )
        if not status.pending:
            return ()
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return status.pending


def open_database(
    url: str, connect_timeout: int = 10, statement_timeout: int = 0, **pool: int
) -> Engine:
    engine = create_db_engine(url, connect_timeout, statement_timeout, **pool)
    upgrade_schema(engine)
    return engine
