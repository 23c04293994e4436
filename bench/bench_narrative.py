"""Narrative matching (``pantau.agenda.narrative_match``) over N posts in SQLite on one core;
prints JSON. Target: 1,000,000 posts in at most 30 s.

Input: the demo week (50,000 posts about food prices, farming and markets, so many posts share
words with the key message) repeated with new ids until there are ``--posts`` posts, imported
once into ``--out`` and kept for later runs. The demo kit is released before the first post, so
every post is examined; the week carries its 18 carrying posts once per copy.

Measured: a full first run, then an incremental run with no new posts. Baseline, side by side:
scoring every post with the same similarity (no filter), timed on ``--baseline-posts`` posts and
scaled to N, which is what the filter saves.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import orjson

from pantau.agenda.narrative import create_kit, find_kit
from pantau.agenda.narrative_match import KitMatcher, match_kit
from pantau.demo import vocab
from pantau.demo.generator import DEFAULT_START, generate
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.claims import recent_post_texts
from pantau.store.narratives import iter_posts_since, max_post_id
from pantau.store.workspaces import create_workspace, get_workspace

TARGET_SECONDS = 30.0
DEMO_WEEK = 50_000


def write_input(path: Path, n: int) -> None:
    week, _ = generate(n_posts=DEMO_WEEK)
    with open(path, "wb") as f:
        for i in range(n):
            post = dict(week[i % DEMO_WEEK])
            copy = i // DEMO_WEEK
            if copy:
                post["id"] = f"{post['id']}-{copy}"
                post["text"] = f"[{copy}] {post['text']}"  # no copy scores for free
                for key in ("reply_to", "repost_of", "quote_of"):
                    if key in post:
                        post[key] = f"{post[key]}-{copy}"
            f.write(orjson.dumps(post) + b"\n")


def prepare(out: Path, n: int) -> tuple[str, Workspace]:
    out.mkdir(parents=True, exist_ok=True)
    db = out / f"narrative-{n}.db"
    url = f"sqlite:///{db}"
    if not db.exists():
        data = out / f"narrative-{n}.jsonl"
        if not data.exists():
            write_input(data, n)
        engine = open_database(url)
        ws = create_workspace(engine, "bench", "Bench", "kementerian", "Asia/Jakarta")
        import_file(engine, ws, data, rejects_dir=out / "rejects")
        engine.dispose()
    engine = open_database(url)
    with engine.connect() as conn:
        ws = get_workspace(conn, "bench")
    engine.dispose()
    return url, ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--baseline-posts", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=Path("bench-output"))
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    url, ws = prepare(args.out, args.posts)
    engine = open_database(url)
    kit = find_kit(engine, ws, vocab.NARRATIVE_TITLE) or create_kit(
        engine,
        ws,
        title=vocab.NARRATIVE_TITLE,
        message=vocab.NARRATIVE_MESSAGE,
        hashtags=[vocab.NARRATIVE_HASHTAG],
        link=vocab.NARRATIVE_LINK,
        release_at=DEFAULT_START - timedelta(days=1),
    )
    started = time.perf_counter()
    full = match_kit(engine, ws, kit.id, full=True)
    full_s = time.perf_counter() - started
    started = time.perf_counter()
    again = match_kit(engine, ws, kit.id)
    again_s = time.perf_counter() - started

    # Baseline: the same similarity on every post, no filter.
    with engine.connect() as conn:
        background = recent_post_texts(conn, ws.id, 3000)
        through = max_post_id(conn, ws.id)
    matcher = KitMatcher(kit, lambda: background)
    matcher.scores(["pemanasan"])  # fit the vectorisers outside the timing
    batch = next(
        iter_posts_since(
            engine,
            ws.id,
            after_id=0,
            through_id=through,
            since=kit.release_at,
            batch=args.baseline_posts,
        )
    )
    started = time.perf_counter()
    matcher.scores([f"{title}\n{text}" if title else text for _, _, title, text, *_ in batch])
    baseline_s = (time.perf_counter() - started) * args.posts / len(batch)
    engine.dispose()
    report = {
        "posts": args.posts,
        "full_run": {
            "posts_checked": full.posts_checked,
            "matches": full.matches,
            "seconds": round(full_s, 2),
            "posts_per_s": round(full.posts_checked / full_s),
        },
        "incremental_run_no_new_posts": {
            "posts_checked": again.posts_checked,
            "seconds": round(again_s, 3),
        },
        "baseline_score_every_post": {
            "measured_on_posts": len(batch),
            "seconds_scaled_to_posts": round(baseline_s, 1),
        },
        "speedup_vs_baseline": round(baseline_s / full_s, 1),
        "target_seconds": TARGET_SECONDS,
        "met": full_s <= TARGET_SECONDS,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
