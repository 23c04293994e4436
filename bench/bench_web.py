"""Web page speed in the states users have: prints one JSON document.

Builds (or reuses, with ``--keep``) the demo institution's workspace with ``--posts`` posts
(default 1,000,000; :mod:`bigworkspace`) and times, in process through FastAPI's test client
(server time: routing, queries, rendering — not the network), every page of the navigation
(read from the overview's menu, so a new page is timed without a change here), the detail
pages (an issue, its network, an actor, a topic), searches (a common word, a rare word, a
phrase, a deep results page) and the API (search, actors), in two labelled cases:

``processed``
    every post enriched, rolled up and indexed — the state after ``pantau import`` and
    ``pantau run``; checked before timing (:func:`bigworkspace.require_processed`).
``imported``
    right after importing ``--new-posts`` more posts (default 10,000) and before any
    ``pantau run``: they are not enriched, rolled up or indexed, and the pages and searches
    read them directly; checked before timing (at least that many posts wait for the index).

Per page: ``cold_ms`` (its first request in the case: caches empty or stale) and warm
p50/p95 over ``--runs`` more requests; every answer must be 200. With ``--keep`` the imported
posts stay and the next run's build processes them first.

    .venv/bin/python bench/bench_web.py [--posts N] [--new-posts M] [--runs R] [--postgres]
        [--keep DIR] [--update-readme] [--quick]

``--quick`` (CI): 3,000 posts, 300 new, 2 runs per page — it checks that every page answers
and that each case is in the state it names, not the speed.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import bigworkspace
from fastapi.testclient import TestClient
from readme import replace_section
from synth import write_posts

from pantau.config import Settings
from pantau.errors import PantauError
from pantau.ingest.importer import import_file
from pantau.monitor.issues import IssueFilter, list_issues
from pantau.monitor.topics import list_topics
from pantau.network.actors import list_actors
from pantau.records import Workspace
from pantau.store import open_database
from pantau.users.accounts import create_token, create_user, get_user
from pantau.web import create_app

ADMIN = "admin@bench.local"  # an admin sees every page of the menu
RARE = "kedelaimahal"  # one background post in 10,000 carries it
TARGET_P95_MS = 500  # every page, warm, processed
NEW_POSTS_FIRST_ID = 1870000000000000000
_MENU = re.compile(r'<nav class="main".*?</nav>', re.S)
_HREF = re.compile(r'href="([^"]+)"')


def _timed(client: TestClient, url: str, runs: int, headers: dict | None = None) -> dict:
    def get() -> float:
        started = time.perf_counter()
        answer = client.get(url, headers=headers)
        ms = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            raise SystemExit(f"{url}: status {answer.status_code}")
        return ms

    cold = get()
    times = sorted(get() for _ in range(runs))
    return {
        "url": url,
        "cold_ms": round(cold, 1),
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 1),
        "runs": runs,
    }


def menu(client: TestClient, slug: str) -> dict[str, str]:
    """The navigation's pages: name (last part of the path, ``overview`` for the first) →
    URL."""
    found = _MENU.search(client.get(f"/w/{slug}").text)
    if not found:
        raise SystemExit("precondition failed: the overview has no navigation menu")
    out = {}
    for href in _HREF.findall(found.group(0)):
        name = href.rstrip("/").split("/")[-1]
        out["overview" if name == slug else name] = href
    return out


def details(engine: Any, ws: Workspace) -> dict[str, str]:
    """The detail pages: the most urgent issue, its network, the most engaged actor of the
    week, the first topic; and the searches."""
    issues = list_issues(engine, ws, IssueFilter())
    actors = list_actors(engine, ws, 7, limit=1, signals=False).actors
    topics = list_topics(engine, ws)
    if not issues or not actors or not topics:
        raise SystemExit(
            f"precondition failed: {len(issues)} issues, {len(actors)} actors, "
            f"{len(topics)} topics (each page needs one)"
        )
    base = f"/w/{ws.slug}"
    issue, actor = issues[0]["id"], actors[0]
    return {
        "issue": f"{base}/isu/{issue}",
        "issue_network": f"{base}/isu/{issue}/jaringan",
        "actor": f"{base}/aktor/{actor['platform']}/{actor['handle']}",
        "topic": f"{base}/topik/{topics[0].id}",
        "search_common_word": f"{base}/cari?q=beras",
        "search_rare_word": f"{base}/cari?q={RARE}",
        "search_phrase": f'{base}/cari?q="harga+beras"',
        "search_deep_page": f"{base}/cari?page=400",
    }


def time_pages(client: TestClient, engine: Any, ws: Workspace, runs: int, token: str) -> dict:
    print(f"timing the pages ({runs} runs each)", file=sys.stderr, flush=True)
    urls = {**menu(client, ws.slug), **details(engine, ws)}
    pages = {name: _timed(client, url, runs) for name, url in urls.items()}
    auth = {"Authorization": f"Bearer {token}"}
    api = f"/api/v1/workspaces/{ws.slug}"
    pages["api_search"] = _timed(client, f"{api}/posts?q=banjir&per_page=50", runs, auth)
    pages["api_actors"] = _timed(client, f"{api}/actors?days=7&limit=50", runs, auth)
    return pages


def sign_in(client: TestClient) -> None:
    page = client.get("/login")
    csrf = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={"email": ADMIN, "password": bigworkspace.PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    if answer.status_code != 303:
        raise SystemExit(f"login refused (status {answer.status_code})")


def table(result: dict) -> str:
    """Markdown: one row per page, cold and warm p50/p95 (ms) per case."""
    cases = result["cases"]
    head = ["page"] + [f"{c}: cold / p50 / p95" for c in cases]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for page in next(iter(cases.values()))["pages"]:
        cells = [page]
        for case in cases.values():
            f = case["pages"].get(page)
            cells.append(
                f"{f['cold_ms']:.0f} / {f['p50_ms']:.0f} / {f['p95_ms']:.0f}" if f else "–"
            )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for name, case in cases.items():
        facts = case["preconditions"]
        lines.append(
            f"*{name}*: {case['state']} ({facts['posts']:,} posts, {facts['enriched']:,} "
            f"enriched, search index at post {facts.get('search_position', '–'):,} of "
            f"{facts['max_post_id']:,})."
        )
    return "\n".join(lines)


def measure(url: str, folder: Path, args: argparse.Namespace) -> dict:
    engine = open_database(url)
    try:
        built = time.perf_counter()
        ws = bigworkspace.build(engine, folder, args.posts, 0, lambda m: print(m, file=sys.stderr))
        built = time.perf_counter() - built
        try:
            admin = get_user(engine, ADMIN)
        except PantauError:
            admin = create_user(engine, ADMIN, "Admin", bigworkspace.PASSWORD, "admin", ws)
        _token, secret = create_token(engine, admin, "bench", actor="bench")
        app = create_app(Settings(data_dir=folder, database_url=url), engine)
        result: dict = {
            "database": engine.dialect.name,
            "posts": args.posts,
            "build_s": round(built, 1),
            "runs": args.runs,
            "cases": {},
        }
        with TestClient(app) as client:
            sign_in(client)
            facts = bigworkspace.state(engine, ws)
            bigworkspace.require_processed(facts)  # before anything is timed
            result["cases"]["processed"] = {
                "state": "every post enriched, rolled up and indexed (pantau import + pantau run)",
                "preconditions": facts,
                "pages": time_pages(client, engine, ws, args.runs, secret),
            }
            new = folder / f"new-{facts['max_post_id']}.jsonl"
            write_posts(new, args.new_posts, first_id=NEW_POSTS_FIRST_ID + facts["max_post_id"])
            import_file(engine, ws, new, rejects_dir=folder / "rejects")
            new.unlink()
            facts = bigworkspace.state(engine, ws)
            bigworkspace.require_unindexed(facts, args.new_posts)
            result["cases"]["imported"] = {
                "state": f"right after importing {args.new_posts:,} more posts, before pantau "
                "run (not enriched, rolled up or indexed)",
                "preconditions": facts,
                "pages": time_pages(client, engine, ws, args.runs, secret),
            }
    finally:
        engine.dispose()
    warm = result["cases"]["processed"]["pages"]
    result["target"] = {"every_page_warm_p95_ms": TARGET_P95_MS, "case": "processed"}
    result["met"] = all(f["p95_ms"] <= TARGET_P95_MS for f in warm.values())
    result["slower_than_target"] = sorted(p for p, f in warm.items() if f["p95_ms"] > TARGET_P95_MS)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--new-posts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="folder kept between runs")
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--quick", action="store_true", help="small and short (CI)")
    args = parser.parse_args()
    if args.quick:
        args.posts, args.new_posts, args.runs = 3000, 300, 2
    with ExitStack() as stack:
        folder, url = bigworkspace.database(stack, args.keep, args.postgres, args.posts)
        result = {"benchmark": "web", **measure(url, folder, args)}
    if args.update_readme and not args.quick:
        replace_section(f"web-{result['database']}", table(result))
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
