"""What the browser tests share: Debian's Chromium driven by Playwright (a test module that
imports this one is skipped with a message when either is missing), the web application
served by a real uvicorn on a free loopback port, and full-page screenshots in
``test-artifacts/screenshots/``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pantau.config import Settings

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright not installed: browser tests skipped"
)
if not CHROMIUM.exists():
    pytest.skip(
        "/usr/bin/chromium not found: browser tests skipped (CI: apt-get install chromium)",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(settings: Settings, engine: Engine) -> Iterator[str]:
    """The web application on 127.0.0.1 while the block runs; yields its base URL."""
    import uvicorn

    from pantau.web import create_app

    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, engine), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """A full-page screenshot named ``name`` in ``SHOTS``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium, launched for the block."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
