"""Serving the web application with the service's scheduler (``pantau serve``, and ``pantau
demo --serve`` after the demo)."""

from __future__ import annotations

from pantau.cli.context import out, state
from pantau.config import redact_url
from pantau.scheduler import start_scheduler

# The web application (FastAPI, uvicorn) is imported when it is served, not when the CLI starts.


def serve_web(host: str, port: int, forwarded_allow_ips: str) -> None:
    import uvicorn

    from pantau.web import create_app

    app = create_app(state.settings, state.engine())
    scheduler = start_scheduler(state.engine(), state.settings.data_dir)
    database = redact_url(state.settings.database_url)
    out.print(f"Pantau web di [bold]http://{host}:{port}/[/] (basis data {database})")
    out.print("Akun pertama: `pantau user create --email … --role admin --workspace SLUG`.")
    out.print("Laporan harian otomatis dan peringatan terjadwal aktif (`pantau alerts schedule`).")
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    scheduler.stop()
