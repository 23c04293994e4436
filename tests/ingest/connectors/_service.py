"""A scripted HTTP service on 127.0.0.1 for connector tests: each path answers from its own
list of replies (the last one repeats), gzip on request, conditional GET honoured when a
reply carries an ETag, and every request recorded (path, query, headers, time)."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import Engine

from pantau.ingest.collect import Collector, CollectResult, collect_source
from pantau.ingest.sources import get_source
from pantau.records import Workspace
from pantau.store.posts import PostFilter, list_posts

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    gzip: bool = False
    delay: float = 0.0
    cut: bool = False  # close the connection after half the body

    @classmethod
    def json(cls, body: bytes | str, status: int = 200, **headers: str) -> Reply:
        data = body.encode() if isinstance(body, str) else body
        return cls(status, data, {"content-type": "application/json", **headers})

    @classmethod
    def xml(cls, body: bytes, etag: str | None = None, **kw: object) -> Reply:
        headers = {"content-type": "application/rss+xml; charset=utf-8"}
        if etag:
            headers["etag"] = etag
        return cls(200, body, headers, **kw)  # type: ignore[arg-type]


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float
    body: bytes = b""


@dataclass
class Service:
    routes: dict[str, list[Reply]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    base: str = ""
    answer: Callable[[Seen], Reply] | None = None  # replaces the routes when set

    def on(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def _reply(self, path: str) -> Reply:
        if self.answer is not None:
            return self.answer(self.seen[-1])
        found = self.routes.get(path)
        if not found:
            return Reply(404, b'{"error": "not found"}', {"content-type": "application/json"})
        return found.pop(0) if len(found) > 1 else found[0]


@contextmanager
def service() -> Iterator[Service]:
    svc = Service()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            svc.seen.append(
                Seen(parts.path, parse_qs(parts.query), headers, time.monotonic(), body)
            )
            reply = svc._reply(parts.path)
            if reply.delay:
                time.sleep(reply.delay)
            status, data = reply.status, reply.body
            etag = reply.headers.get("etag")
            if etag and headers.get("if-none-match") == etag:
                status, data = 304, b""
            if reply.gzip and status == 200:
                data = gzip.compress(data)
            try:
                self.send_response(status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.gzip and status == 200:
                    self.send_header("content-encoding", "gzip")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                if reply.cut:
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = _answer
        do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    svc.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield svc
    finally:
        server.shutdown()
        server.server_close()


NOW = datetime(2026, 11, 20, 5, 0)  # the collections' clock (naive UTC)


def collect_now(
    engine: Engine, ws: Workspace, ref: str, data_dir: Path, now: datetime = NOW
) -> CollectResult:
    """Collect source ``ref`` once at ``now``, due or not, without politeness delays."""
    source = get_source(engine, ws, ref)
    collector = Collector(politeness=0)
    try:
        result = collect_source(
            engine, ws, source.id, data_dir=data_dir, now=now, collector=collector, force=True
        )
    finally:
        collector.close()
    assert result is not None
    return result


def stored_posts(engine: Engine, ws: Workspace) -> list[SimpleNamespace]:
    with engine.connect() as conn:
        return [SimpleNamespace(**r) for r in list_posts(conn, ws.id, PostFilter(), limit=1000)]
