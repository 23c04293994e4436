"""Backing up and restoring the database while Pantau runs.

**SQLite**: the online backup API of SQLite (``sqlite3.Connection.backup``) copies a consistent
snapshot page by page while other processes go on writing; a plain copy of the file can miss
what is still in the write-ahead log (``pantau.db-wal``). Restoring copies the backup to the
database path (a database already there is kept aside as ``*.before-restore``), then checks it.

**PostgreSQL**: ``pg_dump --format=custom`` (a consistent snapshot of one transaction) and
``pg_restore --clean --if-exists`` into the configured database, from the PostgreSQL client
programs on the PATH or the server binaries' folder. The password is passed in the
environment of the child process, never on its command line, and is never printed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from pantau.errors import PantauError
from pantau.store.throwaway import find_pg_bin

BACKUP_FOLDER = "backups"
_PAGES_PER_STEP = 1024  # the writer waits at most for these pages to be copied at a time


def backup_name(backend: str, now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return f"pantau-{moment}.{'db' if backend == 'sqlite' else 'dump'}"


def backup_database(url: str, target: Path) -> Path:
    """Write a consistent copy of the database at ``url`` to ``target`` (a file, created with
    its folder; an existing file is not overwritten)."""
    parsed = make_url(url)
    if target.exists():
        raise PantauError(f"berkas cadangan sudah ada: {target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(parsed), partial)
        else:
            _pg(parsed, "pg_dump", ["--format=custom", "--no-owner", f"--file={partial}"])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_database(url: str, source: Path) -> None:
    """Replace the database at ``url`` by the backup ``source``."""
    if not source.is_file():
        raise PantauError(f"berkas cadangan tidak ditemukan: {source}")
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_restore(source, _sqlite_path(parsed))
        return
    _pg(parsed, "pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                               str(source)], dbname_flag=True)  # fmt: skip


def _sqlite_path(parsed: URL) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise PantauError("basis data SQLite di memori tidak bisa dicadangkan")
    return Path(parsed.database)


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise PantauError(f"basis data tidak ditemukan: {database}")
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy, pages=_PAGES_PER_STEP)
        _check_sqlite(copy, target)
    finally:
        copy.close()
        source.close()


def _check_sqlite(conn: sqlite3.Connection, path: Path) -> None:
    verdict = conn.execute("PRAGMA integrity_check").fetchone()
    if not verdict or verdict[0] != "ok":
        raise PantauError(f"berkas bukan basis data Pantau yang utuh: {path}")
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone():
        raise PantauError(f"berkas bukan cadangan basis data Pantau: {path}")


def _sqlite_restore(source: Path, database: Path) -> None:
    try:
        probe = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            _check_sqlite(probe, source)
        finally:
            probe.close()
    except sqlite3.DatabaseError:
        raise PantauError(f"berkas bukan basis data SQLite: {source}") from None
    database.parent.mkdir(parents=True, exist_ok=True)
    if database.exists():
        aside = database.with_name(database.name + ".before-restore")
        shutil.copy2(database, aside)
    for suffix in ("-wal", "-shm"):  # the old write-ahead log must not be replayed over it
        Path(str(database) + suffix).unlink(missing_ok=True)
    partial = database.with_name(database.name + ".restoring")
    shutil.copyfile(source, partial)
    partial.replace(database)


def _pg_program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    folder = find_pg_bin()
    if folder is not None and (folder / name).exists():
        return str(folder / name)
    raise PantauError(f"{name} tidak ditemukan; pasang klien PostgreSQL (paket postgresql-client)")


def _pg(parsed: URL, program: str, args: list[str], dbname_flag: bool = False) -> None:
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    conninfo = [
        f"--host={parsed.host or 'localhost'}",
        f"--port={parsed.port or 5432}",
        f"--username={parsed.username or ''}",
    ]
    database = parsed.database or ""
    command = [_pg_program(program), *conninfo, *args]
    command += [f"--dbname={database}"] if dbname_flag else [database]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise PantauError(f"{program} gagal: {detail[-1] if detail else done.returncode}")
