"""The dashboard under a team's load: N analysts at once against a real ``pantau serve``.

Builds (or reuses, with ``--keep``) the demo institution's workspace with ``--posts`` posts
(default 1,000,000; :mod:`bigworkspace`), every post enriched, rolled up and indexed — the
state after ``pantau import`` and ``pantau run``, checked before anything is timed. Starts
``pantau serve`` (``--workers N`` processes) on loopback; each simulated analyst logs in with
an account and a session of their own, then walks the pages an analyst uses — overview, issue
list, an issue, its network, *Aktor*, an actor, a search, *Agenda*, *Narasi*, *Kanal*, the
labelling queue — opening one page, reading it for a random 2–8 s, opening the next. Every
level (``--analysts``, default 10, 50, 100) lasts ``--duration`` seconds and prints
p50/p95/max per page, requests per second, errors (any answer but 200, or no answer within
60 s) and the server's CPU (seconds, and cores busy on average) and resident memory (all its
processes).

The saturation point: closed-loop clients without think time, 1, 2, 4, … at once, each step
``--step`` seconds, until some page's p95 passes 1 s or a request fails; the highest rate at
which every page's p95 stayed ≤ 1 s is the saturation point, and the slowest page of the next
step (with the server's CPU use there) is named as its bottleneck.

The client runs on the same machine and takes CPU from it: on a small shared machine the
figures are noisy, so runs are repeated and medians compared.

    .venv/bin/python bench/bench_load.py [--posts N] [--postgres] [--keep DIR]
        [--analysts 10,50,100] [--duration S] [--workers N] [--no-saturation] [--repeat R]
        [--update-readme] [--quick]

``--quick`` (CI): 3,000 posts, 3 analysts for 10 s with 0.2–0.5 s of thinking, saturation
steps of 3 s up to 4 clients; it checks that the benchmark runs and measures what it says,
not the speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import bigworkspace
import httpx
from readme import replace_section
from served import Server, latency
from sqlalchemy import select

from pantau.demo.world import ensure_demo_workspace
from pantau.monitor.issues import IssueFilter, list_issues
from pantau.store import open_database
from pantau.store.monitor import latest_post_time
from pantau.store.posts import top_authors
from pantau.store.schema import posts

PAGES = (
    "overview",
    "issues",
    "issue",
    "network",
    "actors",
    "actor",
    "search",
    "agenda",
    "narratives",
    "channels",
    "label",
)
SEARCHES = ("beras", "banjir", '"harga beras"', "kedelaimahal", "pupuk")
TARGET_P95_MS = 500  # at 50 analysts, every page
SATURATION_P95_MS = 1000
TIMEOUT_S = 60
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Targets:
    """What the walk opens: the workspace, issues and accounts to pick from."""

    slug: str
    issues: list[int]
    actors: list[tuple[str, str]]

    def url(self, page: str, rng: random.Random, issue: int) -> str:
        base = f"/w/{self.slug}"
        if page == "overview":
            return base
        if page == "issues":
            return f"{base}/isu"
        if page == "issue":
            return f"{base}/isu/{issue}"
        if page == "network":
            return f"{base}/isu/{issue}/jaringan"
        if page == "actors":
            return f"{base}/aktor"
        if page == "actor":
            platform, handle = rng.choice(self.actors)
            return f"{base}/aktor/{platform}/{handle}"
        if page == "search":
            return f"{base}/cari?q={rng.choice(SEARCHES)}"
        return (
            f"{base}/"
            + {
                "agenda": "agenda",
                "narratives": "narasi",
                "channels": "kanal",
                "label": "label",
            }[page]
        )


@dataclass
class Tally:
    ms: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PAGES})
    errors: list[str] = field(default_factory=list)

    def requests(self) -> int:
        return sum(len(v) for v in self.ms.values())


def choose_targets(url: str) -> Targets:
    engine = open_database(url)
    try:
        ws = ensure_demo_workspace(engine)
        issues = [i["id"] for i in list_issues(engine, ws, IssueFilter())][:10]
        with engine.connect() as conn:
            top = [(p, a) for p, a, _n in top_authors(conn, ws.id, 10)]
            newest = latest_post_time(conn, ws.id)
            assert newest is not None
            recent = conn.execute(
                select(posts.c.platform, posts.c.author)
                .where(posts.c.workspace_id == ws.id, posts.c.author.is_not(None))
                .where(posts.c.created_at >= newest - timedelta(days=1))
                .distinct()
                .limit(200)
            ).all()
    finally:
        engine.dispose()
    if not issues:
        raise SystemExit("precondition failed: the workspace has no issues to open")
    rng = random.Random(5)
    tail = [tuple(r) for r in rng.sample(recent, min(10, len(recent)))]
    return Targets(ws.slug, issues, top + tail)  # type: ignore[arg-type]


async def login(client: httpx.AsyncClient, email: str) -> str | None:
    """Log in; None, or why the server did not let the analyst in (counted as an error: an
    overloaded server may fail logins too)."""
    try:
        page = await client.get("/login")
        found = _CSRF.search(page.text)
        if page.status_code != 200 or not found:
            return f"login page: status {page.status_code}"
        answer = await client.post(
            "/login",
            data={"email": email, "password": bigworkspace.PASSWORD, "csrf_token": found.group(1)},
        )
    except httpx.HTTPError as exc:
        return f"login of {email}: {type(exc).__name__}"
    if answer.status_code != 303 or "pantau_session" not in client.cookies:
        return f"login of {email}: status {answer.status_code}"
    return None


async def timed_get(client: httpx.AsyncClient, page: str, url: str, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        answer = await client.get(url)
        status = answer.status_code
    except httpx.HTTPError as exc:
        status = type(exc).__name__
    tally.ms[page].append((time.perf_counter() - started) * 1000)
    if status != 200:
        tally.errors.append(f"{page} {url}: {status}")


async def analyst(
    client: httpx.AsyncClient,
    targets: Targets,
    rng: random.Random,
    tally: Tally,
    stop_at: float,
    think: tuple[float, float],
) -> None:
    """Walk the pages in order from a random one, thinking between pages, until ``stop_at``."""
    step = rng.randrange(len(PAGES))
    issue = rng.choice(targets.issues)
    await asyncio.sleep(rng.uniform(0, think[1]))
    while time.perf_counter() < stop_at:
        page = PAGES[step % len(PAGES)]
        if page == "issue":
            issue = rng.choice(targets.issues)
        await timed_get(client, page, targets.url(page, rng, issue), tally)
        step += 1
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))


# uvicorn closes a connection idle for 5 s; a client reusing one at that moment reads a
# closed socket (a browser sends such a request again). Idle connections are dropped first.
KEEPALIVE_S = 4.0


def _clients(base: str, n: int) -> list[httpx.AsyncClient]:
    limits = httpx.Limits(keepalive_expiry=KEEPALIVE_S)
    return [
        httpx.AsyncClient(base_url=base, timeout=TIMEOUT_S, follow_redirects=False, limits=limits)
        for _ in range(n)
    ]


async def run_level(
    server: Server,
    targets: Targets,
    n: int,
    seconds: float,
    think: tuple[float, float],
    seed: int,
) -> dict:
    """``n`` analysts (each its own account and session) for ``seconds``; the figures."""
    clients = _clients(server.base, n)
    try:
        refused = await asyncio.gather(
            *(login(c, bigworkspace.analyst_email(i + 1)) for i, c in enumerate(clients))
        )
        tally = Tally(errors=[why for why in refused if why])
        walking = [c for c, why in zip(clients, refused, strict=True) if why is None]
        rng = random.Random(seed)
        cpu0, started = server.cpu_seconds(), time.perf_counter()
        rss = [server.rss_mb()]

        async def sample() -> None:
            while True:
                await asyncio.sleep(1)
                rss.append(server.rss_mb())

        sampler = asyncio.create_task(sample())
        stop_at = started + seconds
        await asyncio.gather(
            *(
                analyst(c, targets, random.Random(rng.random()), tally, stop_at, think)
                for c in walking
            )
        )
        sampler.cancel()
        elapsed = time.perf_counter() - started
        cpu = server.cpu_seconds() - cpu0
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return {
        "analysts": n,
        "logged_in": len(walking),
        "seconds": round(elapsed, 1),
        "requests": tally.requests(),
        "requests_per_s": round(tally.requests() / elapsed, 2),
        "errors": len(tally.errors),
        "error_samples": tally.errors[:5],
        "server_cpu_s": round(cpu, 1),
        "server_cores_busy": round(cpu / elapsed, 2),
        "server_rss_mb_max": round(max(rss), 1),
        "pages": {p: latency(tally.ms[p]) for p in PAGES},
    }


def _worst(level: dict) -> tuple[str, float]:
    page, figures = max(level["pages"].items(), key=lambda kv: kv[1].get("p95_ms", 0))
    return page, figures.get("p95_ms", 0.0)


async def saturation(
    server: Server, targets: Targets, step_s: float, max_clients: int, seed: int
) -> dict:
    """Closed-loop clients without think time, doubling until a page's p95 passes 1 s."""
    steps = []
    n = 1
    while n <= max_clients:
        level = await run_level(server, targets, n, step_s, (0.0, 0.0), seed + n)
        page, p95 = _worst(level)
        steps.append(
            {
                "clients": n,
                "requests_per_s": level["requests_per_s"],
                "errors": level["errors"],
                "slowest_page": page,
                "slowest_p95_ms": p95,
                "server_cores_busy": level["server_cores_busy"],
            }
        )
        if p95 > SATURATION_P95_MS or level["errors"]:
            break
        n *= 2
    within = [s for s in steps if s["slowest_p95_ms"] <= SATURATION_P95_MS and not s["errors"]]
    best = max(within, key=lambda s: s["requests_per_s"]) if within else None
    beyond = steps[-1] if steps and steps[-1] is not best else None
    bottleneck = None
    if beyond is not None:
        cpu_bound = beyond["server_cores_busy"] >= 0.8 * server_cores(server)
        bottleneck = (
            f"{beyond['slowest_page']} (p95 {beyond['slowest_p95_ms']:.0f} ms at "
            f"{beyond['clients']} clients; server {beyond['server_cores_busy']} cores busy: "
            f"{'CPU-bound' if cpu_bound else 'waiting, not CPU-bound'})"
        )
    return {
        "requests_per_s": best["requests_per_s"] if best else 0.0,
        "clients": best["clients"] if best else 0,
        "bottleneck": bottleneck,
        "steps": steps,
    }


def server_cores(server: Server) -> int:
    """The cores the server may use (the machine's; the client shares them)."""
    return len(os.sched_getaffinity(server.proc.pid)) if hasattr(os, "sched_getaffinity") else 1


def table(result: dict) -> str:
    """The Markdown table of one database's levels (p50 / p95 per page, in ms)."""
    head = ["analysts", "req/s", "errors", "CPU cores", "RSS MB"] + [f"{p} p50/p95" for p in PAGES]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for level in result["levels"]:
        cells = [
            str(level["analysts"]),
            f"{level['requests_per_s']:.1f}",
            str(level["errors"]),
            f"{level['server_cores_busy']:.2f}",
            f"{level['server_rss_mb_max']:.0f}",
        ]
        for p in PAGES:
            f = level["pages"][p]
            cells.append(f"{f['p50_ms']:.0f} / {f['p95_ms']:.0f}" if f["n"] else "–")
        lines.append("| " + " | ".join(cells) + " |")
    sat = result.get("saturation")
    if sat:
        lines.append("")
        lines.append(
            f"Saturation: {sat['requests_per_s']} requests/s ({sat['clients']} clients without "
            f"think time) with every page's p95 ≤ 1 s; bottleneck: {sat['bottleneck'] or '–'}."
        )
    return "\n".join(lines)


def median_level(runs: list[dict]) -> dict:
    """Per analysts count, the run with the median slowest p95 (a whole run, so its
    figures belong together)."""
    ordered = sorted(runs, key=lambda r: _worst(r)[1])
    return ordered[(len(ordered) - 1) // 2]


def measure(url: str, folder: Path, args: argparse.Namespace) -> dict:
    engine = open_database(url)
    try:
        built = time.perf_counter()
        ws = bigworkspace.build(
            engine,
            folder,
            args.posts,
            max(*args.analysts, args.max_clients),
            lambda m: print(m, file=sys.stderr),
        )
        built = time.perf_counter() - built
        facts = bigworkspace.state(engine, ws)
    finally:
        engine.dispose()
    bigworkspace.require_processed(facts)  # before anything is timed
    targets = choose_targets(url)
    serve_args = ("--workers", str(args.workers)) if args.workers else ()
    result: dict = {
        "database": "postgresql" if url.startswith("postgresql") else "sqlite",
        "state": "every post enriched, rolled up and indexed (pantau import + pantau run)",
        "preconditions": facts,
        "build_s": round(built, 1),
        "server": f"pantau serve {' '.join(serve_args)}".strip(),
        "think_s": list(args.think),
    }
    with Server(folder, url, serve_args, log=folder / "serve.log") as server:
        levels = []
        for n in args.analysts:
            runs = [
                asyncio.run(run_level(server, targets, n, args.duration, args.think, 7 + r))
                for r in range(args.repeat)
            ]
            level = median_level(runs)
            level["repeats_slowest_p95_ms"] = [_worst(r)[1] for r in runs]
            levels.append(level)
            print(f"{n} analysts: slowest p95 {_worst(level)}", file=sys.stderr)
        result["levels"] = levels
        if args.saturation:
            result["saturation"] = asyncio.run(
                saturation(server, targets, args.step, args.max_clients, 100)
            )
    at_target = [lv for lv in result["levels"] if lv["analysts"] == 50]
    result["target"] = {"analysts": 50, "every_page_p95_ms": TARGET_P95_MS, "errors": 0}
    result["met"] = (
        all(_worst(lv)[1] <= TARGET_P95_MS and lv["errors"] == 0 for lv in at_target)
        if at_target
        else None
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--keep", type=Path, default=None, help="folder kept between runs")
    parser.add_argument("--analysts", default="10,50,100")
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--think", default="2,8", help="seconds between pages: min,max")
    parser.add_argument("--workers", type=int, default=None, help="pantau serve --workers")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-saturation", dest="saturation", action="store_false")
    parser.add_argument("--step", type=float, default=30.0, help="seconds per saturation step")
    parser.add_argument("--max-clients", type=int, default=64)
    parser.add_argument("--update-readme", action="store_true")
    parser.add_argument("--quick", action="store_true", help="small and short (CI)")
    args = parser.parse_args()
    if args.quick:
        args.posts, args.analysts, args.duration, args.think = 3000, "3", 10.0, "0.2,0.5"
        args.step, args.max_clients, args.repeat = 3.0, 4, 1
    args.analysts = [int(n) for n in args.analysts.split(",")]
    args.think = tuple(float(x) for x in args.think.split(","))
    with ExitStack() as stack:
        folder, url = bigworkspace.database(stack, args.keep, args.postgres, args.posts)
        result = {"benchmark": "load", "posts": args.posts, **measure(url, folder, args)}
    if args.update_readme and not args.quick:
        replace_section(f"load-{result['database']}", table(result))
    medians = {
        lv["analysts"]: statistics.median(lv["repeats_slowest_p95_ms"]) for lv in result["levels"]
    }
    result["median_slowest_p95_ms"] = medians
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
