"""Settings from flags, environment variables and defaults.

Precedence: explicit argument > environment variable > default.

- ``PANTAU_DATA_DIR``: folder for the embedded database, rejects files and outputs
  (default ``./pantau-data``).
- ``PANTAU_DATABASE_URL``: a SQLAlchemy URL; default is SQLite in the data folder. For
  production use ``postgresql+psycopg://user:password@host/dbname``.
- ``PANTAU_WORKSPACE``: slug of the workspace commands act on when ``--workspace`` is omitted
  (else the slug in ``<data dir>/default-workspace``, which ``pantau demo --national`` writes
  so that the demo's own workspace stays the default beside the extra institutions).
- ``PANTAU_RETRAIN_EVERY``: new sentiment labels after which the workspace model is trained
  again (default 50; 0 turns automatic retraining off).
- ``PANTAU_ALERT_INTRANET``: internal hosts or networks alert webhooks may reach (see
  :func:`intranet_targets`).
- ``PANTAU_DB_CONNECT_TIMEOUT``: seconds to wait for PostgreSQL to accept a connection
  (default 10).
- ``PANTAU_DB_STATEMENT_TIMEOUT``: seconds one SQL statement may run on PostgreSQL before it
  is cancelled (default 600 for commands; the dashboard uses ``PANTAU_WEB_STATEMENT_TIMEOUT``,
  default 30; 0 turns the limit off).
- ``PANTAU_WORKERS``: ``1`` when `pantau worker` processes do the work on the clock
  (PostgreSQL only): `pantau serve` then runs no scheduler of its own (default ``0``).
- ``PANTAU_WORKER_TICK``: seconds between the workers' passes over due sources, reports and
  alerts (default 60); a worker silent for half of it is taken as dead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from pantau.errors import PantauError

DEFAULT_DATA_DIR = Path("pantau-data")
DEFAULT_TIMEZONE = "Asia/Jakarta"
DEFAULT_RETRAIN_EVERY = 50
DEFAULT_CONNECT_TIMEOUT = 10
DEFAULT_STATEMENT_TIMEOUT = 600
DEFAULT_WEB_STATEMENT_TIMEOUT = 30
DEFAULT_WORKER_TICK = 60


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    workspace: str | None = None
    retrain_every: int = DEFAULT_RETRAIN_EVERY
    connect_timeout: int = DEFAULT_CONNECT_TIMEOUT  # seconds (PostgreSQL)
    statement_timeout: int = DEFAULT_STATEMENT_TIMEOUT  # seconds (PostgreSQL); 0: none
    web_statement_timeout: int = DEFAULT_WEB_STATEMENT_TIMEOUT
    workers: bool = False  # `pantau worker` processes do the work on the clock
    worker_tick: int = DEFAULT_WORKER_TICK  # seconds

    @property
    def rejects_dir(self) -> Path:
        return self.data_dir / "rejects"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uses_workers(self) -> bool:
        """Whether `pantau worker` processes take the heavy work (PostgreSQL only)."""
        return self.workers and not self.is_sqlite


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
        workspace=workspace or env.get("PANTAU_WORKSPACE") or _default_workspace(resolved_dir),
        retrain_every=_whole_number("PANTAU_RETRAIN_EVERY", DEFAULT_RETRAIN_EVERY),
        connect_timeout=_whole_number("PANTAU_DB_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
        statement_timeout=_whole_number("PANTAU_DB_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT),
        web_statement_timeout=_whole_number(
            "PANTAU_WEB_STATEMENT_TIMEOUT", DEFAULT_WEB_STATEMENT_TIMEOUT
        ),
        workers=_whole_number("PANTAU_WORKERS", 0) > 0,
        worker_tick=max(_whole_number("PANTAU_WORKER_TICK", DEFAULT_WORKER_TICK), 1),
    )


DEFAULT_WORKSPACE_FILE = "default-workspace"


def _default_workspace(data_dir: Path) -> str | None:
    try:
        slug = (data_dir / DEFAULT_WORKSPACE_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return slug or None


def remember_default_workspace(data_dir: Path, slug: str) -> None:
    """Make ``slug`` the workspace commands act on without ``--workspace``, unless a default
    was already chosen."""
    path = data_dir / DEFAULT_WORKSPACE_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(slug + "\n", encoding="utf-8")


def intranet_targets() -> list[str]:
    """Hosts and networks (``10.1.2.3``, ``hooks.pemda.go.id``, ``10.0.0.0/8``) an admin allows
    alert webhooks to reach although they are internal (``PANTAU_ALERT_INTRANET``, comma
    separated; empty by default: internal targets are refused)."""
    value = os.environ.get("PANTAU_ALERT_INTRANET", "")
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def _whole_number(variable: str, default: int) -> int:
    value = os.environ.get(variable, "").strip()
    if not value:
        return default
    try:
        return max(int(value), 0)
    except ValueError:
        raise PantauError(f"{variable} harus bilangan bulat, bukan {value!r}") from None


def redact_url(url: str) -> str:
    """The URL with any password replaced, safe to print or log."""
    return make_url(url).render_as_string(hide_password=True)
