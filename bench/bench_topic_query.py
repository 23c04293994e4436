"""Topic query test and save at the demo's size: prints one JSON document.

Seeds the 50,000-post demo week (imported, which indexes it for search, and enriched), then
times, on the search index the way the dashboard does: the query test (``query_matches``:
count and five newest samples) for queries of every kind, saving a new topic (its matches
found from the index, then its rollups) and changing its query. Median of ``--runs`` runs in
ms. Target: test and save each under 500 ms; a query made only of hashtags, accounts or
fields cannot be narrowed by the word index and reads every post (reported, not judged).

    .venv/bin/python bench/bench_topic_query.py [--posts N] [--runs R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from pantau.demo.job import write_demo_file
from pantau.ingest.importer import import_file
from pantau.monitor.topics import add_topic, delete_topic, edit_topic
from pantau.pipeline import run_pipeline
from pantau.search import matching_ids, query_matches
from pantau.store import open_database
from pantau.store.workspaces import create_workspace

QUERIES = {
    "two_words": "pupuk AND langka",
    "minus": "pupuk -langka",
    "common_or": "petani OR nelayan OR pupuk",
    "phrase": '"kartu tani"',
    "prefix": "subsid*",
    "near": "harga NEAR/3 naik",
}
UNNARROWED = {"hashtag": "#KartuTaniGagal"}
TARGET_MS = 500


def _ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        engine = open_database(f"sqlite:///{tmp / 'pantau.db'}")
        ws = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
        demo = tmp / "demo.jsonl"
        write_demo_file(demo, 7, args.posts)
        import_file(engine, ws, demo, rejects_dir=tmp / "rejects")
        run_pipeline(engine, ws, tmp, stages=["enrich", "issues", "search"])
        test_ms = {
            name: _ms(lambda q=q: query_matches(engine, ws, q), args.runs)  # type: ignore[misc]
            for name, q in {**QUERIES, **UNNARROWED}.items()
        }
        counts = {name: query_matches(engine, ws, q, 0)[0] for name, q in QUERIES.items()}
        save_ms, edit_ms = [], []
        for i in range(args.runs):
            name = f"bench-{i}"
            t0 = time.perf_counter()
            add_topic(
                engine, ws, name, QUERIES["minus"],
                matches=matching_ids(engine, ws, QUERIES["minus"]),
            )  # fmt: skip
            save_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            edit_topic(
                engine, ws, name, query=QUERIES["two_words"],
                matches=matching_ids(engine, ws, QUERIES["two_words"]),
            )  # fmt: skip
            edit_ms.append((time.perf_counter() - t0) * 1000)
            delete_topic(engine, ws, name)
        engine.dispose()
    save = round(statistics.median(save_ms), 1)
    edit = round(statistics.median(edit_ms), 1)
    judged = [test_ms[name] for name in QUERIES]
    print(
        json.dumps(
            {
                "posts": args.posts,
                "query_test_ms": test_ms,
                "matches": counts,
                "save_new_topic_ms": save,
                "change_query_ms": edit,
                "target_ms": TARGET_MS,
                "met": max(judged) <= TARGET_MS and save <= TARGET_MS and edit <= TARGET_MS,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
