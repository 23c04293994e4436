"""Serving the web application with the service's scheduler (``pantau serve``, and ``pantau
demo --serve`` after the demo)."""

from __future__ import annotations

from pantau.cli.context import out, state
from pantau.config import redact_url
from pantau.errors import PantauError
from pantau.scheduler import start_scheduler

# The web application (FastAPI, uvicorn) is imported when it is served, not when the CLI starts.


def serve_web(host: str, port: int, forwarded_allow_ips: str) -> None:
    import uvicorn

    from pantau.web import create_app

    settings = state.settings
    if settings.workers and settings.is_sqlite:
        raise PantauError("PANTAU_WORKERS=1 butuh PostgreSQL (PANTAU_DATABASE_URL)")
    app = create_app(settings, state.engine())
    # with workers configured, collection, pipelines, reports and alerts run in `pantau worker`
    scheduler = None if settings.workers else start_scheduler(state.engine(), settings.data_dir)
    database = redact_url(settings.database_url)
    out.print(f"Pantau web di [bold]http://{host}:{port}/[/] (basis data {database})")
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
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    if scheduler is not None:
        scheduler.stop()
