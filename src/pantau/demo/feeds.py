"""The demo's live sources: a small static bundle of neutral news feeds (``feeds/``) served
on loopback while the demo runs, added to the demo workspace as RSS sources, so the *Sumber*
page works offline. The items are dated inside the demo week and match none of its topics,
so the demo's issues stay as they are."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import as_file, files

from sqlalchemy import Engine

from pantau.errors import NotFoundError
from pantau.ingest.sources import add_source, edit_source, get_source
from pantau.records import Workspace

# (source name, file of the bundle)
DEMO_FEEDS = (
    ("Warta Daerah (demo)", "berita-daerah.xml"),
    ("Siaran Pers MPP (demo)", "siaran-pers.xml"),
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_feeds() -> Iterator[str]:
    """Serve the bundle on 127.0.0.1 (a free port) until the block ends; yields its address.
    Files carry ``Last-Modified``, so the service's conditional GETs get 304."""
    with as_file(files("pantau.demo") / "feeds") as folder:
        handler = partial(_Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, name="demo-feeds", daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


def ensure_demo_sources(engine: Engine, workspace: Workspace, base: str) -> list[int]:
    """The demo's RSS sources pointing at ``base`` (the port changes from run to run);
    returns their ids."""
    ids = []
    for name, file in DEMO_FEEDS:
        url = f"{base}/{file}"
        try:
            source = get_source(engine, workspace, name)
        except NotFoundError:
            source = add_source(engine, workspace, name, "rss", {"url": url})
        if source.config.get("url") != url:
            source = edit_source(engine, workspace, name, config={"url": url})
        ids.append(source.id)
    return ids
