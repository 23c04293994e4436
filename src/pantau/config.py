"""Settings from flags, environment variables and defaults.

Precedence: explicit argument > environment variable > default.

- ``PANTAU_DATA_DIR``: folder for the embedded database, rejects files and outputs
  (default ``./pantau-data``).
- ``PANTAU_DATABASE_URL``: a SQLAlchemy URL; default is SQLite in the data folder. For
  production use ``postgresql+psycopg://user:password@host/dbname``.
- ``PANTAU_WORKSPACE``: slug of the workspace commands act on when ``--workspace`` is omitted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

DEFAULT_DATA_DIR = Path("pantau-data")
DEFAULT_TIMEZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    workspace: str | None = None

    @property
    def rejects_dir(self) -> Path:
        return self.data_dir / "rejects"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    workspace: str | None = None,
) -> Settings:
    env = os.environ
    resolved_dir = Path(data_dir or env.get("PANTAU_DATA_DIR") or DEFAULT_DATA_DIR)
    url = database_url or env.get("PANTAU_DATABASE_URL") or ""
    if not url:
        url = f"sqlite:///{(resolved_dir / 'pantau.db').resolve()}"
    return Settings(
        data_dir=resolved_dir,
        database_url=url,
        workspace=workspace or env.get("PANTAU_WORKSPACE") or None,
    )


def redact_url(url: str) -> str:
    """The URL with any password replaced, safe to print or log."""
    return make_url(url).render_as_string(hide_password=True)
