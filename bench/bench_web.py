"""Web page speed: prints one JSON document.

Seeds one workspace with N synthetic posts (default 20,000; ``--posts 1000000`` for the
issue's target) and a topic, then times the overview page, a search page (a word, first page),
a deep search page and an API search, in process through FastAPI's test client: the figures
are server time (routing, queries, rendering), not network. Reports p50/p95 in ms.

    .venv/bin/python bench/bench_web.py [--posts N] [--runs R] [--database-url URL]

Without ``--database-url`` a temporary SQLite database is used.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from pantau.config import Settings
from pantau.monitor.topics import add_topic
from pantau.records import PostRecord
from pantau.store import open_database
from pantau.store.posts import write_posts
from pantau.store.workspaces import create_workspace
from pantau.web import create_app
from pantau.web.accounts import create_token, create_user

WORDS = "harga beras naik turun banjir rob jalan rusak pupuk langka bansos subsidi guru sekolah"
PLATFORMS = ("x", "facebook", "instagram", "tiktok", "news")
PASSWORD = "bench-password-1"


def seed(engine, n: int) -> None:  # type: ignore[no-untyped-def]
    ws = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
    user = create_user(engine, "bench@pantau.local", "Bench", PASSWORD, "admin", ws)
    rng = random.Random(7)
    vocab = WORDS.split()
    start = datetime(2026, 1, 1)
    batch = []
    for i in range(n):
        batch.append(
            PostRecord(
                platform=PLATFORMS[i % 5],
                external_id=str(i),
                key_kind="id",
                created_at=start + timedelta(seconds=i * 30),
                collected_at=start + timedelta(days=400),
                text=" ".join(rng.choices(vocab, k=12)),
                raw="{}",
                raw_format="bench",
                author=f"akun{rng.randrange(5000)}",
            )
        )
        if len(batch) == 20_000:
            with engine.begin() as conn:
                write_posts(conn, ws.id, batch)
            batch = []
    if batch:
        with engine.begin() as conn:
            write_posts(conn, ws.id, batch)
    add_topic(engine, ws, "Harga Beras", "harga AND beras")
    return user


def _timed(client: TestClient, url: str, runs: int, headers: dict | None = None) -> dict:
    client.get(url, headers=headers)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(p95, 1), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-bench-web-") as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'pantau.db'}"
        engine = open_database(url)
        t0 = time.perf_counter()
        user = seed(engine, args.posts)
        seeded = time.perf_counter() - t0
        app = create_app(Settings(data_dir=Path(tmp), database_url=url), engine)
        _token, secret = create_token(engine, user, "bench", actor="bench")
        with TestClient(app) as client:
            page = client.get("/login")
            csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
            client.post(
                "/login",
                data={"email": "bench@pantau.local", "password": PASSWORD, "csrf_token": csrf},
            )
            last_page = max(1, min(1000, args.posts // 25 // 2))
            result = {
                "benchmark": "web",
                "database": engine.dialect.name,
                "posts": args.posts,
                "seed_s": round(seeded, 1),
                "overview": _timed(client, "/w/bench", args.runs),
                "search_word": _timed(client, "/w/bench/cari?q=beras", args.runs),
                "search_deep_page": _timed(client, f"/w/bench/cari?page={last_page}", args.runs),
                "api_posts": _timed(
                    client,
                    "/api/v1/workspaces/bench/posts?q=banjir&per_page=50",
                    args.runs,
                    {"Authorization": f"Bearer {secret}"},
                ),
                "targets_ms": {"overview_p95": 300, "search_p95": 500},
            }
        engine.dispose()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
