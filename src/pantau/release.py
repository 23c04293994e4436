"""What is installed and what an upgrade will do: the software, database schema and model
versions (``pantau version``); the migrations the configured database still needs and its
newest backup (``pantau upgrade --check``), and applying them (``pantau upgrade``)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from pantau import __version__
from pantau.config import Settings, redact_url
from pantau.errors import PantauError
from pantau.store.backup import BACKUP_FOLDER
from pantau.store.engine import (
    Migration,
    SchemaStatus,
    create_db_engine,
    read_schema_status,
    upgrade_schema,
)
from pantau.text.model_versions import default_model_versions

UPGRADE_GUIDE = "docs/upgrade.md"


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    modified: datetime  # UTC

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "size": self.size,
            "modified": self.modified.isoformat(timespec="seconds"),
        }


@dataclass(frozen=True)
class UpgradeCheck:
    database_url: str  # password hidden
    schema: SchemaStatus
    backup_dir: Path
    backups: list[Backup]  # newest first

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": __version__,
            "database": {"url": self.database_url, **schema_dict(self.schema)},
            "backup": {
                "folder": str(self.backup_dir),
                "found": bool(self.backups),
                "count": len(self.backups),
                "newest": self.backups[0].as_dict() if self.backups else None,
            },
            "guide": UPGRADE_GUIDE,
        }


def schema_dict(status: SchemaStatus) -> dict[str, Any]:
    return {
        "head": status.head,
        "current": "+".join(status.current) or None,
        "up_to_date": status.up_to_date,
        "pending": [{"revision": m.revision, "title": m.title} for m in status.pending],
        "newer_than_software": list(status.unknown),
    }


def backup_dir(settings: Settings) -> Path:
    return settings.data_dir / BACKUP_FOLDER


def find_backups(folder: Path) -> list[Backup]:
    """The files in the backup folder, newest first (a missing folder holds none)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        if path.is_file():
            stat = path.stat()
            found.append(Backup(path, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC)))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


def check_upgrade(settings: Settings) -> UpgradeCheck:
    """The migrations this software will apply to the configured database when it opens it,
    and the backups found; database errors propagate (the caller reports them)."""
    folder = backup_dir(settings)
    return UpgradeCheck(
        database_url=redact_url(settings.database_url),
        schema=read_schema_status(settings.database_url),
        backup_dir=folder,
        backups=find_backups(folder),
    )


def apply_upgrade(settings: Settings) -> tuple[Migration, ...]:
    """Apply the pending migrations now (opening the database does the same) and return them."""
    engine = create_db_engine(settings.database_url)
    try:
        return upgrade_schema(engine)
    finally:
        engine.dispose()


def version_report(settings: Settings) -> dict[str, Any]:
    """The software, Python, database schema and default model versions. A database that
    cannot be read is reported as an error beside the rest, never raised."""
    url = settings.database_url
    database: dict[str, Any]
    try:
        database = {"url": redact_url(url), **schema_dict(read_schema_status(url))}
    except (SQLAlchemyError, PantauError) as exc:
        database = {"error": _first_line(exc)}
    return {
        "version": __version__,
        "python": platform.python_version(),
        "database": database,
        "models": default_model_versions(),
    }


def _first_line(exc: Exception) -> str:
    reason = getattr(exc, "orig", None) or exc
    lines = str(reason).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
