"""Speed of the coordinator's national view and report, printed as JSON.

Builds the directory and its issues directly in SQL (detecting them from posts is measured by
``bench_monitor.py``): ``--workspaces`` institutions (default 600: ministries, provinces,
regencies and cities across the 38 provinces) with ``--days`` (30) days of issues,
``--per-day`` (2) new issues per workspace per day, each with the metrics the monitoring
stage stores (hourly series, five top posts, key terms). A third of the issues belong to one
of 40 national stories shared by many institutions (their terms, titles and a link in their
top posts); the rest are local, with their own terms. One narrative kit asks two accounts of
every workspace.

Measured, after one warm-up, ``--runs`` times (p50, p95): ``national_view`` (the data of the
page) and the *Nasional* page served to a signed-in coordinator (server time through the ASGI
app), each as served between pipeline runs (the linked national issues and the narrative
adoption kept, the markers unchanged) and with the linking redone every time
(``*_uncached``: what the first request after a pipeline run pays; each issue's facts, its
phrases, links and daily posts, are kept since they change only with that issue);
``view_cold`` with nothing kept (the first request after a restart); and once: the national
report built and written in every format.
Targets: page p95 ≤ 500 ms on PostgreSQL; report ≤ 60 s.

Usage: ``python bench/bench_national.py [--workspaces N] [--days D] [--per-day K]
[--runs R] [--sqlite]`` (PostgreSQL is a throwaway server unless ``--sqlite``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from pantau.agenda.narrative import AskedAccount, add_accounts, create_kit
from pantau.config import Settings
from pantau.national.issues import forget_linked_issues
from pantau.national.narrative import forget_adoption
from pantau.national.regions import regions
from pantau.national.view import national_view
from pantau.report.national import build_national_report, write_national_report
from pantau.store import open_database
from pantau.store.schema import issues, workspaces
from pantau.store.workspaces import list_workspaces
from pantau.users.accounts import create_user
from pantau.web import create_app

PAGE_TARGET_MS = 500.0
REPORT_TARGET_S = 60.0
NOW = datetime(2026, 11, 30, 5, 0)
STORIES = 40
PASSWORD = "sandi-bench-nasional-1"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
WORDS = [f"kata{i}" for i in range(5000)]


def _directory(rng: random.Random, n: int) -> list[dict]:
    """Workspace rows: a tenth ministries, then provinces, regencies and cities in turn."""
    provinces = [r for r in regions().values() if r.kind == "provinsi"]
    local = [r for r in regions().values() if r.kind != "provinsi"]
    rows = []
    for i in range(n):
        if i % 10 == 0:
            kind, prov, reg = "kementerian", None, None
        elif i % 10 == 1:
            p = provinces[i % len(provinces)]
            kind, prov, reg = "pemprov", p.code, None
        else:
            r = local[rng.randrange(len(local))]
            kind = "pemkab" if r.kind == "kabupaten" else "pemkot"
            prov, reg = r.province_code, r.code
        rows.append(
            {"slug": f"instansi-{i}", "name": f"Instansi {i}", "kind": kind,
             "timezone": "Asia/Jakarta", "created_at": NOW, "province_code": prov,
             "regency_code": reg}
        )  # fmt: skip
    return rows


def _issue(rng: random.Random, ws_id: int, day: int, story: int | None) -> dict:
    seen = NOW - timedelta(days=day, hours=rng.randrange(24))
    if story is None:
        terms = [f"w:{rng.choice(WORDS)}" for _ in range(8)]
        title = " ".join(rng.choice(WORDS) for _ in range(6))
        link = f"https://lokal.example/{ws_id}/{day}"
    else:
        base = [f"w:cerita{story}-{k}" for k in range(6)]
        terms = rng.sample(base, 5) + [f"w:{rng.choice(WORDS)}" for _ in range(3)]
        title = f"Isu nasional {story} " + " ".join(rng.choice(WORDS) for _ in range(3))
        link = f"https://berita.example/cerita-{story}"
    series = {(seen - timedelta(hours=h)).replace(minute=0).isoformat(): rng.randrange(1, 40)
              for h in range(24)}  # fmt: skip
    text = " ".join(rng.choice(WORDS) for _ in range(40))
    metrics = {
        "posts": sum(series.values()),
        "series": series,
        "top_posts": [{"id": k, "platform": "x", "author": f"akun{k}", "engagement": k,
                       "text": f"{text} {link if k == 0 else ''}"} for k in range(5)],
        "hoax": None,
        "key_terms": [t[2:] for t in terms[:6]],
    }  # fmt: skip
    priority = rng.choice(("segera", "perlu perhatian", "pantau", "pantau"))
    return {
        "workspace_id": ws_id, "label": title, "terms": terms, "first_seen": seen,
        "last_seen": seen, "stage": "berkembang", "priority": priority,
        "priority_score": round(rng.random(), 3), "why": "-", "suggested_response": "pantau",
        "status": rng.choice(("baru", "baru", "dipantau", "ditangani")), "owner": None,
        "metrics": metrics, "created_at": seen, "updated_at": seen,
    }  # fmt: skip


def seed(engine: Engine, n_workspaces: int, days: int, per_day: int) -> int:
    rng = random.Random(20)
    with engine.begin() as conn:
        conn.execute(insert(workspaces), _directory(rng, n_workspaces))
        ids = [r.id for r in conn.execute(workspaces.select().order_by(workspaces.c.id))]
    count = 0
    for ws_id in ids:
        rows = [
            _issue(rng, ws_id, day, rng.randrange(STORIES) if rng.random() < 1 / 3 else None)
            for day in range(days)
            for _ in range(per_day)
        ]
        with engine.begin() as conn:
            conn.execute(insert(issues), rows)
        count += len(rows)
    spaces = list_workspaces(engine)
    release = NOW - timedelta(days=2)
    kit = create_kit(engine, spaces[0], message="Stok pangan aman", release_at=release,
                     hashtags=["#PanganAman"])  # fmt: skip
    asked = [AskedAccount("x", f"{ws.slug}-{k}", ws.name) for ws in spaces for k in range(2)]
    add_accounts(engine, spaces[0], kit.id, asked)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    return count


def _timed(fn: Callable[[], object], runs: int) -> dict:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
    }


def run(url: str, folder: Path, args: argparse.Namespace) -> dict:
    engine = open_database(url)
    started = time.perf_counter()
    n_issues = seed(engine, args.workspaces, args.days, args.per_day)
    seeded = time.perf_counter() - started
    view = national_view(engine)
    result: dict = {
        "database": engine.dialect.name,
        "workspaces": args.workspaces,
        "issues": n_issues,
        "seed_seconds": round(seeded, 1),
        "national_issues": len(view.issues),
        "widest_institutions": max((i.institutions for i in view.issues), default=0),
        "view_cold": _timed(
            lambda: (forget_linked_issues(facts=True), forget_adoption(), national_view(engine)),
            args.runs,
        ),
        "view_uncached": _timed(lambda: (forget_linked_issues(), national_view(engine)), args.runs),
        "view": _timed(lambda: national_view(engine), args.runs),
    }
    create_user(engine, "pusat@bench.go.id", "Pusat", PASSWORD, "viewer", coordinator=True)
    app = create_app(Settings(data_dir=folder, database_url=url), engine)
    with TestClient(app) as client:
        login = client.get("/login")
        token = _CSRF.search(login.text)
        assert token is not None
        client.post("/login", data={"email": "pusat@bench.go.id", "password": PASSWORD,
                                    "csrf_token": token.group(1), "next": "/"})  # fmt: skip

        def page() -> None:
            response = client.get("/nasional")
            assert response.status_code == 200

        result["page_uncached"] = _timed(lambda: (forget_linked_issues(), page()), args.runs)
        result["page"] = _timed(page, args.runs)
    start = time.perf_counter()
    report = build_national_report(engine)
    files = write_national_report(report, folder / "reports")
    result["report_seconds"] = round(time.perf_counter() - start, 2)
    result["report_files"] = [p.suffix for p in files]
    result["targets"] = {"page_p95_ms": PAGE_TARGET_MS, "report_seconds": REPORT_TARGET_S}
    result["met"] = (
        result["page_uncached"]["p95_ms"] <= PAGE_TARGET_MS
        and result["report_seconds"] <= REPORT_TARGET_S
    )
    engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspaces", type=int, default=600)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--per-day", type=int, default=2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-bench-national-") as tmp:
        folder = Path(tmp)
        if args.sqlite:
            result = run(f"sqlite:///{folder / 'national.db'}", folder, args)
        else:
            from pantau.store.throwaway import ThrowawayPostgres

            with ThrowawayPostgres() as pg:
                result = run(pg.url, folder, args)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
