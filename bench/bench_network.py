"""Network benchmarks on one core; prints JSON.

* ``coordination``: co-post + co-repost detection over N synthetic posts (60 s window);
  ``--posts 1000000`` for the target (≤ 60 s).
* ``camps``: the metrics of an issue network (PageRank, Leiden, sampled betweenness, layout of
  the picture) on a synthetic graph of ``--edges`` edges (100,000: target ≤ 10 s).
* ``toolkit``: side by side with coordination-network-toolkit (PyPI; SQLite self-joins) on
  the same ``--toolkit-posts`` synthetic posts: its co-tweet and co-retweet networks with a
  60 s window, one thread, against our co-post + co-repost detection. Time (the toolkit's
  loading into its database counted apart), the ratio, and whether both find the same
  accounts: the toolkit has no significance test, so its groups are taken as the connected
  components of edges of weight ≥ 3 (our ``min_coactions``); reported as the Jaccard index of
  the two sets of grouped accounts and of each against the planted ring. Skipped when the
  toolkit is not installed (``pip install coordination-network-toolkit``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from pantau.network.actors import account_signals
from pantau.network.camps import analyse_network
from pantau.network.coordination import CoordinationConfig, detect_coordination
from pantau.network.graph import InteractionGraph
from pantau.network.rollups import day_figures, unpack
from pantau.store.actors import ActorPost

WORDS = [
    "harga",
    "pupuk",
    "beras",
    "petani",
    "kartu",
    "tani",
    "digital",
    "subsidi",
    "langka",
    "antre",
    "pasar",
    "desa",
]


def synthetic(n: int, seed: int = 7) -> tuple[list[dict], set[str]]:
    rng = random.Random(seed)
    start = datetime(2026, 11, 16)
    week = 7 * 86400
    accounts = max(1000, n // 20)
    originals = max(100, n // 50)
    rows: list[dict] = []
    ring = {f"ring{k}" for k in range(30)}
    for i in range(n):
        t = start + timedelta(seconds=rng.randrange(week))
        author = f"u{rng.randrange(accounts)}"
        if rng.random() < 0.3:
            rows.append(
                {
                    "platform": "x",
                    "external_id": str(i),
                    "author": author,
                    "created_at": t,
                    "text": "RT",
                    "repost_of": f"o{rng.randrange(originals)}",
                }
            )
        else:
            text = " ".join(rng.choices(WORDS, k=12))
            rows.append(
                {
                    "platform": "x",
                    "external_id": str(i),
                    "author": author,
                    "created_at": t,
                    "text": text,
                }
            )
    for b in range(10):  # the ring: 30 accounts, 10 bursts of the same text and repost
        t0 = start + timedelta(seconds=rng.randrange(week))
        for k, handle in enumerate(sorted(ring)):
            t = t0 + timedelta(seconds=rng.randrange(45))
            rows.append(
                {
                    "platform": "x",
                    "external_id": f"r{b}-{k}",
                    "author": handle,
                    "created_at": t,
                    "text": f"kartu tani gagal total pupuk hilang {b} ya",
                }
            )
            rows.append(
                {
                    "platform": "x",
                    "external_id": f"rr{b}-{k}",
                    "author": handle,
                    "created_at": t,
                    "text": "RT",
                    "repost_of": f"ringorig{b}",
                }
            )
    return rows, ring


def bench_coordination(posts: int, window: float) -> dict:
    rows, ring = synthetic(posts)
    cfg = CoordinationConfig(window=window, kinds=("co_post", "co_repost"))
    started = time.perf_counter()
    result = detect_coordination(rows, cfg)
    seconds = time.perf_counter() - started
    found = {h for g in result.groups for _, h in g.members}
    tp = len(found & ring)
    return {
        "bench": "coordination co_post+co_repost",
        "posts": len(rows),
        "window_s": window,
        "seconds": round(seconds, 2),
        "posts_per_s": round(len(rows) / seconds),
        "candidate_pairs": result.candidate_pairs,
        "edges": len(result.edges),
        "groups": len(result.groups),
        "ring_precision": round(tp / len(found), 3) if found else None,
        "ring_recall": round(tp / len(ring), 3),
    }


def synthetic_issue_network(
    edges: int, camps: int = 12, seed: int = 7
) -> tuple[InteractionGraph, dict[str, dict[str, int]]]:
    """An issue network of ``edges`` distinct edges among ``edges // 5`` accounts in ``camps``
    planted camps (85 % of the edges inside a camp, heavy-tailed targets), each camp with a
    leaning sentiment."""
    rng = random.Random(seed)
    n = max(10, edges // 5)
    camp = [rng.randrange(camps) for _ in range(n)]
    members: dict[int, list[int]] = {}
    for v, c in enumerate(camp):
        members.setdefault(c, []).append(v)
    kinds = ("repost", "reply", "quote", "mention")
    seen: dict[tuple[int, int, str], int] = {}
    while len(seen) < edges:
        s = rng.randrange(n)
        pool = members[camp[s]] if rng.random() < 0.85 else members[rng.randrange(camps)]
        t = pool[int(len(pool) * rng.random() ** 3)]  # a few popular targets per camp
        if s != t:
            key = (s, t, rng.choice(kinds))
            seen[key] = seen.get(key, 0) + 1
    nodes = [f"x:akun{v}" for v in range(n)]
    leaning = ("negative", "positive", "neutral")
    sentiments = {}
    for v in range(n):
        lean = leaning[camp[v] % 3]
        sentiments[nodes[v]] = {
            lean: rng.randrange(1, 5),
            leaning[rng.randrange(3)]: rng.randrange(0, 2),
        }
    graph_edges = [(s, t, k, w) for (s, t, k), w in sorted(seen.items())]
    return InteractionGraph(nodes, graph_edges), sentiments


def bench_camps(edges: int) -> dict:
    graph, sentiments = synthetic_issue_network(edges)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    result = analyse_network(graph, sentiments, timings=timings)
    seconds = time.perf_counter() - started
    return {
        "bench": "issue network camps (PageRank, Leiden, sampled betweenness, layout)",
        "accounts": len(graph.nodes),
        "edges": len(graph.edges),
        "seconds": round(seconds, 2),
        "seconds_by_metric": {k: round(v, 2) for k, v in timings.items()},
        "betweenness": result["stats"]["betweenness"],
        "camps_listed": len(result["communities"]),
        "bridges": len(result["bridges"]),
        "shown_nodes": len(result["nodes"]),
        "shown_edges": len(result["edges"]),
        "target_seconds": 10,
        "met": seconds <= 10,
    }


def _components(edges: list[tuple[str, str]]) -> list[set[str]]:
    parent: dict[str, str] = {}

    def find(v: str) -> str:
        parent.setdefault(v, v)
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = {}
    for v in list(parent):
        groups.setdefault(find(v), set()).add(v)
    return [g for g in groups.values() if len(g) >= 2]


def _jaccard(a: set[str], b: set[str]) -> float | None:
    return round(len(a & b) / len(a | b), 3) if a | b else None


def bench_toolkit(posts: int, window: float, min_weight: int = 3) -> dict:
    try:
        from coordination_network_toolkit import compute_networks, graph, preprocess
    except ImportError:
        return {"skipped": "coordination-network-toolkit not installed"}
    import contextlib
    import io
    import tempfile
    from pathlib import Path

    rows, ring = synthetic(posts)
    cfg = CoordinationConfig(window=window, kinds=("co_post", "co_repost"))
    started = time.perf_counter()
    ours = detect_coordination(rows, cfg)
    ours_seconds = time.perf_counter() - started
    ours_accounts = {h for g in ours.groups for _, h in g.members}

    def messages():  # the toolkit's documented message tuple
        for r in rows:
            yield (
                r["external_id"],
                r["author"],
                r["author"],
                r.get("repost_of") or "",
                "",
                r["text"],
                r["created_at"].timestamp(),
                [],
            )

    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "toolkit.db")
        quiet = contextlib.redirect_stdout(io.StringIO())
        with quiet:
            started = time.perf_counter()
            preprocess.preprocess_data(db, messages())
            load_seconds = time.perf_counter() - started
            started = time.perf_counter()
            compute_networks.compute_co_tweet_network(
                db, window, min_edge_weight=min_weight, n_threads=1
            )
            compute_networks.compute_co_retweet_parallel(
                db, window, n_threads=1, min_edge_weight=min_weight
            )
            toolkit_seconds = time.perf_counter() - started
        edges = []
        for command in ("co_tweet", "co_retweet"):
            for row in graph.get_edge_rows(db, command):
                if row[2] >= min_weight:
                    edges.append((str(row[0]), str(row[1])))
    toolkit_groups = _components(edges)
    toolkit_accounts = set().union(*toolkit_groups) if toolkit_groups else set()
    return {
        "bench": "coordination-network-toolkit co_tweet + co_retweet vs ours (one thread)",
        "posts": len(rows),
        "window_s": window,
        "ours_seconds": round(ours_seconds, 2),
        "toolkit_load_seconds": round(load_seconds, 2),
        "toolkit_seconds": round(toolkit_seconds, 2),
        "ratio_toolkit_vs_ours": round(toolkit_seconds / ours_seconds, 1),
        "ratio_with_loading": round((toolkit_seconds + load_seconds) / ours_seconds, 1),
        "ours_groups": len(ours.groups),
        "toolkit_groups": len(toolkit_groups),
        "ours_accounts": len(ours_accounts),
        "toolkit_accounts": len(toolkit_accounts),
        "jaccard_accounts": _jaccard(ours_accounts, toolkit_accounts),
        "jaccard_ours_vs_ring": _jaccard(ours_accounts, ring),
        "jaccard_toolkit_vs_ring": _jaccard(toolkit_accounts, ring),
        "toolkit_min_edge_weight": min_weight,
    }


def bench_one_loud_account(posts: int = 100_000) -> dict:
    """Bad input at scale: one account posting the same text ``posts`` times, one a second.
    Expected: no group (nobody to coordinate with), signals computed, no crash."""
    start = datetime(2026, 11, 16)
    text = "kartu tani digital gagal total petani susah pupuk hilang di mana-mana"
    rows = [
        {
            "id": i,
            "platform": "x",
            "external_id": f"p{i}",
            "author": "spam",
            "created_at": start + timedelta(seconds=i),
            "text": text,
        }
        for i in range(posts)
    ]
    started = time.perf_counter()
    result = detect_coordination(rows)
    coordination_s = time.perf_counter() - started
    started = time.perf_counter()  # as the actors stage rolls the days up, then the page
    own = [ActorPost(r["id"], "x", "spam", r["created_at"], False, 0, 0, text, None, None)
           for r in rows]  # fmt: skip
    days = day_figures(own, ZoneInfo("Asia/Jakarta"))
    signals = account_signals((day[8], unpack(day[10])) for day in days.values())
    return {
        "posts": posts,
        "groups": len(result.groups),
        "coordination_s": round(coordination_s, 2),
        "signals_s": round(time.perf_counter() - started, 2),
        "duplicate_ratio": signals["duplicate_ratio"],
    }


SECTIONS = ("coordination", "camps", "toolkit", "one_account")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--window", type=float, default=60.0)
    ap.add_argument("--edges", type=int, default=100_000)
    ap.add_argument("--toolkit-posts", type=int, default=100_000)
    ap.add_argument("--only", default=",".join(SECTIONS), help=",".join(SECTIONS))
    args = ap.parse_args()
    chosen = args.only.split(",")
    report: dict = {}
    if "coordination" in chosen:
        report["coordination"] = bench_coordination(args.posts, args.window)
    if "camps" in chosen:
        report["camps"] = bench_camps(args.edges)
    if "toolkit" in chosen:
        report["toolkit"] = bench_toolkit(args.toolkit_posts, args.window)
    if "one_account" in chosen:
        report["one_account"] = bench_one_loud_account()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
