"""Opening the database: engine set-up, SQLite pragmas and schema upgrade on start."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event
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


def create_db_engine(url: str, connect_timeout: int = 10, statement_timeout: int = 0) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL mode. On
    PostgreSQL a connection waits at most ``connect_timeout`` seconds and a statement runs at
    most ``statement_timeout`` seconds (0: no limit), so a stopped or frozen server gives an
    error instead of a request that never ends."""
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
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        options = (
            f"-c statement_timeout={int(statement_timeout) * 1000}" if statement_timeout else ""
        )
        connect_args: dict[str, Any] = {"connect_timeout": max(1, int(connect_timeout))}
        if options:
            connect_args["options"] = options
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args, pool_timeout=30)
    raise PantauError(
        f"basis data tidak didukung: {parsed.get_backend_name()} (pakai sqlite atau postgresql)"
    )


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade_schema(engine: Engine) -> None:
    """Bring the schema to the newest revision. Refuses a database newer than this software."""
    cfg = _alembic_config()
    script = ScriptDirectory.from_config(cfg)
    heads = set(script.get_heads())
    with engine.begin() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
        if current == heads:
            return
        unknown = {rev for rev in current if not _known(script, rev)}
        if unknown:
            raise PantauError(
                "basis data dibuat oleh versi Pantau yang lebih baru "
                f"(revisi {', '.join(sorted(unknown))}); perbarui Pantau"
            )
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str, connect_timeout: int = 10, statement_timeout: int = 0) -> Engine:
    engine = create_db_engine(url, connect_timeout, statement_timeout)
    upgrade_schema(engine)
    return engine
