"""Collection under bad input and failing services: 401/403 (a clear token state and no
retry storm), 429 (waits for the reset), 5xx (doubling back-off, one outage), timeouts, DNS
failure, a refused connection, truncated JSON, a cut connection, a source returning the same
items forever — nothing lost, nothing stored twice; secrets never shown or logged."""

from __future__ import annotations

import logging
import socket
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from tests.ingest.connectors._service import (
    NOW,
    Reply,
    collect_now,
    fixture,
    service,
    stored_posts,
)

from pantau.ingest.collect import (
    AUTH_RETRY,
    MAX_BACKOFF,
    Collector,
    collect_due,
    next_attempt,
)
from pantau.ingest.connectors.http import new_http_client
from pantau.ingest.health import source_health
from pantau.ingest.sources import add_source, edit_source, get_source, list_sources, set_paused
from pantau.records import Workspace
from pantau.store import sources as store

TOKEN = "AAAA-bearer-rahasia-XYZ"


def _tick(engine: Engine, ws: Workspace, tmp_path: Path, now: datetime, **kw: object) -> list:
    collector = Collector(politeness=0, **kw)  # type: ignore[arg-type]
    try:
        return collect_due(engine, ws, data_dir=tmp_path, now=now, collector=collector)
    finally:
        collector.close()


def test_refused_token_is_a_clear_state_without_a_retry_storm(
    engine: Engine, workspace: Workspace, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = "/2/tweets/search/recent"
    caplog.set_level(logging.INFO, logger="pantau")
    with service() as svc:
        svc.on(path, Reply.json('{"title": "Unauthorized", "status": 401}', status=401))
        add_source(
            engine, workspace, "X", "x", {"query": "banjir", "api_base": svc.base}, secret=TOKEN
        )
        for minute in range(0, 180, 1):  # three hours of minute ticks
            _tick(engine, workspace, tmp_path, NOW + timedelta(minutes=minute))
        refused = len(svc.requests(path))
        source = get_source(engine, workspace, "X")
        assert refused == 1 and source.health == "auth"
        assert source.last_error and "token tidak sah / kedaluwarsa" in source.last_error
        assert source.next_run_at == NOW + AUTH_RETRY
        # a new token: due at once, and it works
        svc.on(path, Reply.json(fixture("x_recent_2.json")))
        edit_source(engine, workspace, "X", secret="AAAA-token-baru")
        done = _tick(engine, workspace, tmp_path, NOW + timedelta(hours=3))
    assert [r.ok for r in done] == [True] and get_source(engine, workspace, "X").health == "ok"
    shown = str([s.as_dict() for s in list_sources(engine, workspace)])
    logged = caplog.text + shown + str([h.as_dict() for h in source_health(engine, workspace)])
    assert TOKEN not in logged and "AAAA-token-baru" not in logged and "***" in shown


def test_rate_limit_waits_for_the_reset(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    reset = NOW + timedelta(minutes=12)
    epoch = (reset - datetime(1970, 1, 1)).total_seconds()
    limited = Reply.json(
        '{"title": "Too Many Requests"}',
        status=429,
        **{
            "x-rate-limit-limit": "450",
            "x-rate-limit-remaining": "0",
            "x-rate-limit-reset": str(int(epoch)),
        },
    )
    with service() as svc:
        svc.on("/2/tweets/search/recent", limited, Reply.json(fixture("x_recent_2.json")))
        add_source(engine, workspace, "X", "x", {"query": "q", "api_base": svc.base}, secret=TOKEN)
        (first,) = _tick(engine, workspace, tmp_path, NOW)
        assert first.error_kind == "limited" and first.next_run_at == reset
        assert _tick(engine, workspace, tmp_path, NOW + timedelta(minutes=11)) == []
        (second,) = _tick(engine, workspace, tmp_path, reset)
    source = get_source(engine, workspace, "X")
    assert second.ok and second.new == 1 and source.health == "ok"
    assert source.quota is not None and source.quota["limit"] == 450


def test_server_errors_back_off_and_make_one_outage(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(
            "/feed",
            *[Reply(503, b"Service Unavailable")] * 4,
            Reply.xml(fixture("rss_berita.xml")),
        )
        add_source(engine, workspace, "Feed", "rss", {"url": f"{svc.base}/feed"})
        now, attempts = NOW, []
        for _ in range(5):
            (done,) = _tick(engine, workspace, tmp_path, now)
            attempts.append((now, done))
            now = done.next_run_at  # the next due time
    waits = [b[0] - a[0] for a, b in pairwise(attempts)]
    assert [d.ok for _, d in attempts] == [False] * 4 + [True]
    assert waits == [timedelta(minutes=m) for m in (15, 30, 60, 120)]
    with engine.connect() as conn:
        (outage,) = store.outages_between(conn, workspace.id, NOW, now + timedelta(days=1))
    assert outage["attempts"] == 4 and outage["kind"] == "server"
    assert outage["started_at"] == NOW and outage["ended_at"] == attempts[-1][0]
    assert outage["error"] == f"server {svc.base.split('//')[1]} bermasalah (HTTP 503)"
    assert len(stored_posts(engine, workspace)) == 3


def test_backoff_never_passes_four_hours() -> None:
    hour = timedelta(hours=1)
    assert next_attempt("server", 12, timedelta(minutes=15), NOW, None) == NOW + MAX_BACKOFF
    assert next_attempt("network", 1, hour, NOW, None) == NOW + hour
    assert next_attempt("limited", 3, hour, NOW, NOW + timedelta(minutes=5)) == NOW + hour


def test_timeout_refused_connection_and_dns_failure(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with service() as svc:
        svc.on("/lambat", Reply.xml(fixture("rss_berita.xml"), delay=1.5))
        add_source(engine, workspace, "Lambat", "rss", {"url": f"{svc.base}/lambat"})
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        add_source(engine, workspace, "Mati", "rss", {"url": f"http://127.0.0.1:{closed_port}/f"})
        add_source(engine, workspace, "Nama", "rss", {"url": "http://feed.tidak-ada.invalid/rss"})
        real = socket.getaddrinfo

        def resolve(host: object, *args: object, **kw: object) -> object:
            if host == "feed.tidak-ada.invalid":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return real(host, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        http = new_http_client(httpx.Timeout(0.5))
        results = {r.source: r for r in _tick(engine, workspace, tmp_path, NOW, http=http)}
    assert {r.error_kind for r in results.values()} == {"network"}
    assert "tidak menjawab dalam batas waktu" in (results["Lambat"].error or "")
    assert "tidak bisa tersambung ke 127.0.0.1" in (results["Mati"].error or "")
    assert results["Nama"].error == "alamat server feed.tidak-ada.invalid tidak ditemukan (DNS)"
    assert all(s.health == "error" for s in list_sources(engine, workspace))


def test_truncated_json_and_a_cut_connection(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    page = fixture("mastodon_tag.json")
    with service() as svc:
        svc.on("/api/v1/timelines/tag/a", Reply.json(page[: len(page) // 2]))
        svc.on("/api/v1/timelines/tag/b", Reply(200, page, {"content-type": "json"}, cut=True))
        add_source(engine, workspace, "A", "mastodon", {"instance": svc.base, "hashtag": "a"})
        add_source(engine, workspace, "B", "mastodon", {"instance": svc.base, "hashtag": "b"})
        results = {r.source: r for r in _tick(engine, workspace, tmp_path, NOW)}
        assert not stored_posts(engine, workspace)  # a failed collection stores nothing...
        svc.on("/api/v1/timelines/tag/a", Reply.json(page))
        svc.on("/api/v1/timelines/tag/b", Reply.json(page))
        later = NOW + timedelta(hours=1)
        again = {r.source: r for r in _tick(engine, workspace, tmp_path, later)}
    assert results["A"].error_kind == "format" and "JSON terpotong" in (results["A"].error or "")
    assert results["B"].error_kind == "network" and "terputus" in (results["B"].error or "")
    # both hashtags hold the same two posts: whichever is collected first stores them
    assert sorted((r.new, r.duplicate) for r in again.values()) == [(0, 2), (2, 0)]
    assert len(stored_posts(engine, workspace)) == 2  # ...and the next brings it all, once


def test_the_same_items_forever_are_stored_once_and_the_source_turns_silent(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/feed", Reply.xml(fixture("rss_berita.xml")))  # no ETag: always the full feed
        add_source(engine, workspace, "Sama", "rss", {"url": f"{svc.base}/feed"}, now=NOW)
        for k in range(40):  # ten hours at its 15-minute interval
            _tick(engine, workspace, tmp_path, NOW + timedelta(minutes=15 * k))
        requests = len(svc.seen)
    assert requests == 40 and len(stored_posts(engine, workspace)) == 3
    source = get_source(engine, workspace, "Sama")
    assert source.last_seen_at == NOW and source.health == "ok"
    with engine.connect() as conn:
        runs = store.runs_of(conn, workspace.id, source.id, limit=100)
    assert len(runs) == 40 and sum(r["rows_new"] for r in runs) == 3
    (health,) = source_health(engine, workspace, NOW + timedelta(hours=10))
    assert health.posts_24h == 3 and not health.silent  # no usual volume known yet
    later = NOW + timedelta(days=2, hours=10)
    (health,) = source_health(engine, workspace, later)
    assert health.usual_per_day is not None and health.silent and health.posts_24h == 0


def test_paused_and_claimed_sources_are_not_collected(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/feed", Reply.xml(fixture("rss_berita.xml")))
        add_source(engine, workspace, "Jeda", "rss", {"url": f"{svc.base}/feed"})
        add_source(engine, workspace, "Sibuk", "rss", {"url": f"{svc.base}/feed?b"})
        set_paused(engine, workspace, "Jeda", True)
        busy = get_source(engine, workspace, "Sibuk")
        with engine.begin() as conn:  # another collector holds it
            assert store.claim(conn, workspace.id, busy.id, NOW, NOW + timedelta(minutes=15))
        assert _tick(engine, workspace, tmp_path, NOW) == []
        assert collect_now(engine, workspace, "Jeda", tmp_path).ok  # asked by name: collected
        (after_lease,) = _tick(engine, workspace, tmp_path, NOW + timedelta(minutes=16))
    assert after_lease.source == "Sibuk" and after_lease.ok
