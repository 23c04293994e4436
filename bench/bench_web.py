"""Web page speed: prints one JSON document.

Seeds one workspace the way it is used: N − 50,000 synthetic background posts spread over the
months before the demo week (stored, search-indexed and rolled up), then the 50,000-post demo
week imported, enriched and monitored (so the issue list holds real issues), and a topic. Then
times the overview, the issue list, an issue page, searches for a common word, a rare word and
a phrase, a deep search page and an API search, in process through FastAPI's test client: the
figures are server time (routing, queries, rendering), not network. Reports p50/p95 in ms.

    .venv/bin/python bench/bench_web.py [--posts N] [--runs R] [--database-url URL]
        [--postgres] [--keep DIR]

Without ``--database-url`` a temporary SQLite database is used; ``--postgres`` starts a
throwaway PostgreSQL server; ``--keep DIR`` keeps the seeded SQLite database for later runs.
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
from pantau.demo.job import write_demo_file
from pantau.errors import PantauError
from pantau.ingest.importer import import_file
from pantau.monitor.issues import list_issues
from pantau.monitor.rollups import update_rollups
from pantau.monitor.topics import add_topic
from pantau.pipeline import run_pipeline
from pantau.records import PostRecord, Workspace
from pantau.search import index_posts
from pantau.store import open_database
from pantau.store.monitor import set_stage_position
from pantau.store.posts import write_posts
from pantau.store.workspaces import create_workspace
from pantau.users.accounts import create_token, create_user
from pantau.web import create_app

WORDS = (
    "harga beras naik turun banjir rob jalan rusak pupuk langka bansos subsidi guru sekolah "
    "pasar stok gudang petani nelayan listrik air bersih sampah macet"
)
PLATFORMS = ("x", "facebook", "instagram", "tiktok", "news")
PASSWORD = "bench-password-1"
DEMO_POSTS = 50_000
RARE = "kedelaimahal"  # one background post in 10,000 carries it


def seed_background(engine, ws: Workspace, n: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    vocab = WORDS.split()
    start = datetime(2026, 1, 1)
    step = (datetime(2026, 11, 1) - start) / max(1, n)
    batch = []
    for i in range(n):
        words = rng.choices(vocab, k=12)
        if i % 10_000 == 0:
            words.append(RARE)
        batch.append(
            PostRecord(
                platform=PLATFORMS[i % 5],
                external_id=f"bg{i}",
                key_kind="id",
                created_at=start + step * i,
                collected_at=start + timedelta(days=320),
                text=" ".join(words),
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
    index_posts(engine, ws)
    roll = update_rollups(engine, ws)
    last_hour = (start + step * max(0, n - 1)).replace(minute=0, second=0, microsecond=0)
    with engine.begin() as conn:
        set_stage_position(conn, ws.id, "rollup", roll.last_post_id, datetime.now())
        set_stage_position(
            conn,
            ws.id,
            "detect",
            int((last_hour - datetime(1970, 1, 1)).total_seconds() // 3600),
            datetime.now(),
        )


def seed(engine, n: int, tmp: Path) -> tuple:  # type: ignore[no-untyped-def]
    ws = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
    user = create_user(engine, "bench@pantau.local", "Bench", PASSWORD, "admin", ws)
    seed_background(engine, ws, max(0, n - DEMO_POSTS))
    add_topic(engine, ws, "Harga Beras", "harga AND beras")
    demo = tmp / "demo.jsonl"
    write_demo_file(demo, 7, min(n, DEMO_POSTS))
    import_file(engine, ws, demo, rejects_dir=tmp / "rejects")
    run_pipeline(engine, ws, tmp, stages=["enrich", "issues"])
    issues = list_issues(engine, ws)
    return user, len(issues), (issues[0]["id"] if issues else None)


def _seeded(engine):  # type: ignore[no-untyped-def]
    """The user, issue count and first issue of a database seeded by an earlier run."""
    from pantau.store.workspaces import get_workspace
    from pantau.users.accounts import get_user

    try:
        ws = get_workspace(engine, "bench")
        user = get_user(engine, "bench@pantau.local")
    except PantauError:  # not seeded yet
        return None
    issues = list_issues(engine, ws)
    return user, len(issues), (issues[0]["id"] if issues else None)


def _timed(client: TestClient, url: str, runs: int, headers: dict | None = None) -> dict:
    t0 = time.perf_counter()
    client.get(url, headers=headers)  # the first request: caches cold
    first = (time.perf_counter() - t0) * 1000
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = client.get(url, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {
        "first_ms": round(first, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95, 1),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--postgres", action="store_true", help="a throwaway PostgreSQL server instead of SQLite"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="folder for the SQLite database, kept and reused by later runs (seeding 1M "
        "posts takes minutes)",
    )
    args = parser.parse_args()
    if args.postgres and not args.database_url:
        from pantau.store.throwaway import ThrowawayPostgres

        with ThrowawayPostgres() as pg:
            args.database_url = pg.url
            run(args)
    else:
        run(args)


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="pantau-bench-web-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        url = args.database_url or f"sqlite:///{folder / f'pantau-{args.posts}.db'}"
        engine = open_database(url)
        # the application (and every page module) is loaded before the long seeding
        app = create_app(Settings(data_dir=folder, database_url=url), engine)
        t0 = time.perf_counter()
        reuse = _seeded(engine) if args.keep and not args.database_url else None
        if reuse is None:
            user, n_issues, issue_id = seed(engine, args.posts, Path(tmp))
        else:
            user, n_issues, issue_id = reuse
        seeded = time.perf_counter() - t0
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
                "issues": n_issues,
                "overview": _timed(client, "/w/bench", args.runs),
                "issue_list": _timed(client, "/w/bench/isu", args.runs),
                "issue_page": _timed(client, f"/w/bench/isu/{issue_id}", args.runs)
                if issue_id
                else None,
                "search_common_word": _timed(client, "/w/bench/cari?q=beras", args.runs),
                "search_rare_word": _timed(client, f"/w/bench/cari?q={RARE}", args.runs),
                "search_phrase": _timed(client, '/w/bench/cari?q="harga+beras"', args.runs),
                "search_deep_page": _timed(client, f"/w/bench/cari?page={last_page}", args.runs),
                "api_posts": _timed(
                    client,
                    "/api/v1/workspaces/bench/posts?q=banjir&per_page=50",
                    args.runs,
                    {"Authorization": f"Bearer {secret}"},
                ),
                "targets_ms": {"overview_p95": 300, "issue_list_p95": 300, "search_p95": 500},
            }
        engine.dispose()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
