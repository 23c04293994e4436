"""Serving the web application with the service's scheduler (``pantau serve``, and ``pantau
demo --serve`` after the demo)."""

from __future__ import annotations

import os
from typing import Any

from pantau.cli.context import out, state
from pantau.config import pool_for, redact_url
from pantau.errors import PantauError
from pantau.scheduler import start_scheduler
from pantau.users.accounts import load_secret_key

# The web application (FastAPI, uvicorn) is imported when it is served, not when the CLI starts.

MAX_WORKERS = 64


def serve_web(host: str, port: int, forwarded_allow_ips: str, workers: int = 1) -> None:
    """One process serving the app, or ``workers`` processes under uvicorn's supervisor, each
    importing the app by name (``pantau.web.app:app_from_environment``) with the settings
    passed in the environment. Sessions and CSRF tokens live in the database and cookies are
    signed with one key (made here, before any worker starts), so any process answers any
    request. The scheduler runs once, in this process (in `pantau worker` with PANTAU_WORKERS)."""
    import uvicorn

    if not 1 <= workers <= MAX_WORKERS:
        raise PantauError(f"--workers harus antara 1 dan {MAX_WORKERS}")
    engine = state.engine()
    settings = state.settings
    if settings.workers and settings.is_sqlite:
        raise PantauError("PANTAU_WORKERS=1 butuh PostgreSQL (PANTAU_DATABASE_URL)")
    if workers == 1:
        from pantau.web import create_app

        app: Any = create_app(settings, engine)
    else:
        load_secret_key(settings.data_dir)
        os.environ["PANTAU_DATA_DIR"] = str(settings.data_dir.resolve())
        os.environ["PANTAU_DATABASE_URL"] = settings.database_url
        size, overflow = pool_for(workers)  # unless the administrator set them
        os.environ.setdefault("PANTAU_DB_POOL_SIZE", str(size))
        os.environ.setdefault("PANTAU_DB_POOL_OVERFLOW", str(overflow))
        app = "pantau.web.app:app_from_environment"
    # with workers configured, collection, pipelines, reports and alerts run in `pantau worker`
    scheduler = None if settings.workers else start_scheduler(engine, settings.data_dir)
    database = redact_url(settings.database_url)
    processes = f", {workers} proses" if workers > 1 else ""
    out.print(f"Pantau web di [bold]http://{host}:{port}/[/] (basis data {database}{processes})")
    out.print("Akun pertama: `pantau user create --email … --role admin --workspace SLUG`.")
    if scheduler is None:
        out.print("Pekerjaan terjadwal dijalankan oleh `pantau worker` (PANTAU_WORKERS=1).")
    else:
        out.print(
            "Laporan harian otomatis dan peringatan terjadwal aktif (`pantau alerts schedule`)."
        )
    uvicorn.run(
        app,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        factory=workers > 1,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    if scheduler is not None:
        scheduler.stop()
