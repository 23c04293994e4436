"""Speed of alert evaluation, printed as JSON.

A SQLite workspace (and PostgreSQL with ``--postgres``) with synthetic monitoring output:
``--topics`` topics × 3 platforms × 4 sentiments of hourly rollups over 7 days, ``--issues``
issues (a third seen in the last two days, with every priority), ``--posts`` posts of which
some carry known false claims; rules of every cheap kind (issue, volume spike, negative
surge, hoax, silent source) sending to a webhook on a local HTTP server.

- ``first``: the first evaluation on that workspace (every recent issue is new: many events,
  ten messages sent, the rest held for a digest by the throttle);
- ``after_run``: the evaluation after a pipeline run that raised a few issues and added an hour
  of rollups with a spike — what ``pantau run`` pays each time. Target: ≤ 1 s.

Usage: python bench/bench_alerts.py [--topics N] [--issues N] [--posts N] [--postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sqlalchemy import Engine, insert, update

from pantau.notify import evaluate_alerts
from pantau.notify.setup import add_channel, add_rule
from pantau.records import PostRecord, Workspace
from pantau.store import monitor as monitor_store
from pantau.store import open_database
from pantau.store.posts import write_posts
from pantau.store.schema import claim_matches, claims, issues
from pantau.store.workspaces import create_workspace

NOW = datetime(2026, 11, 20, 5, 0)
TARGETS = {"after_run_s": 1.0}
SENTIMENTS = ("positive", "neutral", "negative", "unknown")
PRIORITIES = ("segera", "perlu perhatian", "pantau")


def webhook() -> tuple[ThreadingHTTPServer, str]:
    class Ok(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/hook"


def rollups(engine: Engine, ws: Workspace, topics: int, hours: list[datetime], seed: int) -> int:
    rnd = random.Random(seed)
    rows = []
    for hour in hours:
        for topic in range(topics + 1):
            for platform in ("x", "facebook", "news"):
                for sentiment in SENTIMENTS:
                    n = rnd.randint(0, 12)
                    rows.append(
                        {
                            "hour": hour,
                            "topic_id": topic,
                            "platform": platform,
                            "sentiment": sentiment,
                            "posts": n,
                            "authors": n,
                            "engagement": 3 * n,
                            "reach": 100 * n,
                        }
                    )
    with engine.begin() as conn:
        monitor_store.replace_rollups(conn, ws.id, hours, rows, {})
    return len(rows)


def build(engine: Engine, args: argparse.Namespace) -> Workspace:
    ws = create_workspace(engine, "bench", "Dinas Bench", "pemda", "Asia/Jakarta")
    hours = [NOW - timedelta(hours=h) for h in range(1, 24 * 7 + 1)]
    rollups(engine, ws, args.topics, hours, 1)
    rnd = random.Random(2)
    with engine.begin() as conn:
        for i in range(args.issues):
            seen = NOW - timedelta(hours=rnd.uniform(0, 144 if i % 3 else 40))
            monitor_store.insert_issue(
                conn,
                ws.id,
                {
                    "label": f"isu sintetis {i}",
                    "terms": [["w:banjir", 1.0]],
                    "first_seen": seen - timedelta(hours=6),
                    "last_seen": seen,
                    "stage": "berkembang",
                    "priority": rnd.choice(PRIORITIES),
                    "priority_score": round(rnd.random(), 3),
                    "why": "volume naik 2,0× dalam 3 jam, 40% negatif",
                    "suggested_response": "pantau",
                    "status": "baru",
                    "metrics": {
                        "posts": 50,
                        "unique_authors": 40,
                        "negative_share": 0.4,
                        "series": {str(h): 3 for h in range(48)},
                        "hoax": {"claim": "klaim palsu", "posts": 5} if i % 50 == 0 else None,
                    },
                    "created_at": seen,
                    "updated_at": seen,
                },
            )
        records = [
            PostRecord(
                platform="x",
                external_id=str(i),
                key_kind="id",
                created_at=NOW - timedelta(seconds=rnd.uniform(0, 7 * 86400)),
                collected_at=NOW,
                text=f"post sintetis {i}",
                raw="{}",
                raw_format="bench",
                author=f"akun{i % 500}",
            )
            for i in range(args.posts)
        ]
        write_posts(conn, ws.id, records)
        for c in range(20):
            conn.execute(
                insert(claims).values(
                    workspace_id=ws.id,
                    id=c + 1,
                    claim=f"klaim palsu {c}",
                    verdict="HOAKS",
                    category="kesehatan",
                    claim_key=f"k{c}",
                    created_at=NOW,
                )
            )
        conn.execute(
            insert(claim_matches),
            [
                {
                    "workspace_id": ws.id,
                    "claim_id": 1 + p % 20,
                    "post_id": p,
                    "score": 0.9,
                    "passage": "…",
                    "method": "text",
                    "created_at": NOW,
                }
                for p in range(1, args.posts + 1, 10)
            ],
        )
    return ws


def measure(url: str, args: argparse.Namespace) -> dict:
    engine = open_database(url)
    server, hook = webhook()
    try:
        ws = build(engine, args)
        if engine.dialect.name == "postgresql":
            # a live database has planner statistics (autovacuum); a bulk-loaded one has none yet
            with engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        add_channel(engine, ws, "wh", "webhook", {"url": hook})
        for kind in ("issue", "volume_spike", "negative_surge", "hoax", "source_silent"):
            add_rule(engine, ws, kind, ["wh"])
        t = time.perf_counter()
        first = evaluate_alerts(engine, ws, NOW)
        first_s = time.perf_counter() - t
        # a pipeline run: one hour more of rollups with a spike on topic 1, a few issues rise
        later = NOW + timedelta(hours=1)
        rollups(engine, ws, args.topics, [NOW], 3)
        with engine.begin() as conn:
            monitor_store.replace_rollups(
                conn,
                ws.id,
                [],
                [
                    {
                        "hour": NOW,
                        "topic_id": 1,
                        "platform": "tiktok",
                        "sentiment": "negative",
                        "posts": 400,
                        "authors": 300,
                        "engagement": 0,
                        "reach": 0,
                    }
                ],
                {},
            )
            conn.execute(
                update(issues)
                .where(
                    issues.c.workspace_id == ws.id,
                    issues.c.priority == "pantau",
                    issues.c.id <= 30,
                )
                .values(priority="segera", last_seen=later - timedelta(minutes=5))
            )
        t = time.perf_counter()
        after = evaluate_alerts(engine, ws, later)
        after_s = time.perf_counter() - t
    finally:
        server.shutdown()
        engine.dispose()
    return {
        "first_s": round(first_s, 3),
        "first": {k: v for k, v in first.as_dict().items() if k != "errors"},
        "after_run_s": round(after_s, 3),
        "after_run": {k: v for k, v in after.as_dict().items() if k != "errors"},
        "errors": first.errors + after.errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--topics", type=int, default=50)
    ap.add_argument("--issues", type=int, default=5000)
    ap.add_argument("--posts", type=int, default=20000)
    ap.add_argument("--postgres", action="store_true")
    args = ap.parse_args()
    os.environ["PANTAU_ALERT_INTRANET"] = "127.0.0.1"  # the webhook receiver is on loopback
    report: dict = {
        "topics": args.topics,
        "issues": args.issues,
        "posts": args.posts,
        "rollup_rows": (args.topics + 1) * 3 * 4 * 24 * 7,
    }
    with tempfile.TemporaryDirectory() as tmp:
        report["sqlite"] = measure(f"sqlite:///{Path(tmp) / 'bench.db'}", args)
    if args.postgres:
        from pantau.store.throwaway import ThrowawayPostgres, find_pg_bin

        if find_pg_bin() is None:
            report["postgres"] = "skipped: PostgreSQL binaries not found"
        else:
            with ThrowawayPostgres() as pg:
                report["postgres"] = measure(pg.create_database("alerts_bench"), args)
    report["targets"] = TARGETS
    report["met"] = {
        name: report[name]["after_run_s"] <= TARGETS["after_run_s"]
        for name in ("sqlite", "postgres")
        if isinstance(report.get(name), dict)
    }
    print(json.dumps(report, indent=2, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
