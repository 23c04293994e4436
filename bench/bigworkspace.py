"""A big workspace as a team has it, for the web and load benchmarks, and the check that it is
in the state a benchmark says it measures.

``build`` makes the demo institution's workspace (owned channels, the known hoax, the
narrative kit, topics, agenda) with N posts: N − 50,000 synthetic background posts spread over
the ten months before the demo week (:func:`synth.write_background`) and the 50,000-post demo
week, both imported through the importer a user's file goes through, then every stage of the
pipeline — the state after ``pantau import`` and ``pantau run``. It also creates the analysts'
accounts. A database already built with as many posts is reused, and the pipeline runs again
only when something is pending (a run with nothing new still takes minutes at 1,000,000
posts: some stages look through every post again).

``state`` reads what a page depends on (posts, enriched posts, the stages' positions) and
``require_processed`` stops a benchmark, loudly, when anything is still pending.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from synth import write_background

from pantau.demo.job import write_demo_file
from pantau.demo.world import OWN_NAMES, ensure_demo_workspace, seed_demo_world
from pantau.errors import PantauError
from pantau.ingest.importer import import_file
from pantau.pipeline import run_pipeline, stage_names
from pantau.records import Workspace
from pantau.store import monitor as monitor_store
from pantau.store.schema import post_enrichment, posts
from pantau.store.throwaway import ThrowawayPostgres
from pantau.users.accounts import create_user, get_user

DEMO_POSTS = 50_000
BACKGROUND_START = datetime(2026, 1, 1)
BACKGROUND_END = datetime(2026, 11, 16)  # the demo week starts here
PASSWORD = "bench-password-1"
# The stages whose stored position must have reached the newest post for a page to show
# every post; a stage the software does not have (an older version) is not asked for.
POSITIONED_STAGES = {"issues": "rollup", "search": "search", "actors": "actors"}


def analyst_email(i: int) -> str:
    return f"analis{i:03d}@bench.local"


def state(engine: Engine, ws: Workspace) -> dict[str, int]:
    """Posts, enriched posts, the newest post id and each positioned stage's position."""
    with engine.connect() as conn:
        facts = {
            "posts": conn.execute(
                select(func.count()).select_from(posts).where(posts.c.workspace_id == ws.id)
            ).scalar_one(),
            "enriched": conn.execute(
                select(func.count())
                .select_from(post_enrichment)
                .where(post_enrichment.c.workspace_id == ws.id)
            ).scalar_one(),
            "max_post_id": monitor_store.max_post_id(conn, ws.id),
        }
        for stage, position in POSITIONED_STAGES.items():
            if stage in stage_names():
                facts[f"{position}_position"] = monitor_store.stage_position(conn, ws.id, position)
    return facts


def pending(facts: dict[str, int]) -> list[str]:
    """What is not yet done, in words (empty: every post enriched, rolled up, indexed)."""
    out = []
    if facts["enriched"] < facts["posts"]:
        out.append(f"{facts['posts'] - facts['enriched']} posts not enriched")
    for key, value in facts.items():
        if key.endswith("_position") and value < facts["max_post_id"]:
            out.append(f"{key} {value} < newest post {facts['max_post_id']}")
    return out


def require_processed(facts: dict[str, int]) -> None:
    """Stop (exit status 1, message on stderr) unless every post is processed."""
    left = pending(facts)
    if left:
        raise SystemExit("precondition failed: " + "; ".join(left))


def require_unindexed(facts: dict[str, int], at_least: int) -> None:
    """Stop unless at least ``at_least`` posts wait for the search index."""
    waiting = facts["max_post_id"] - facts.get("search_position", facts["max_post_id"])
    if waiting < at_least:
        raise SystemExit(
            f"precondition failed: {waiting} posts wait for the search index, "
            f"expected at least {at_least}"
        )


def build(
    engine: Engine,
    folder: Path,
    n_posts: int,
    analysts: int,
    say: Callable[[str], None] = lambda _msg: None,
) -> Workspace:
    """The demo workspace with ``n_posts`` posts, processed by every stage, and ``analysts``
    analyst accounts (see the module docstring)."""
    ws = ensure_demo_workspace(engine)
    with engine.connect() as conn:
        stored = conn.execute(
            select(func.count()).select_from(posts).where(posts.c.workspace_id == ws.id)
        ).scalar_one()
    if stored < n_posts:
        demo = min(DEMO_POSTS, n_posts // 2)
        say("world: channels, hoax, narrative kit, topics, agenda")
        seed_demo_world(engine, ws, folder)
        background = folder / f"background-{n_posts - demo}.jsonl"
        if not background.exists():
            write_background(background, n_posts - demo, BACKGROUND_START, BACKGROUND_END)
        say(f"import {n_posts - demo} background posts")
        import_file(engine, ws, background, rejects_dir=folder / "rejects")
        week = folder / f"demo-{demo}.jsonl"
        write_demo_file(week, 7, demo)
        say(f"import the {demo}-post demo week")
        import_file(engine, ws, week, rejects_dir=folder / "rejects")
    if stored < n_posts or pending(state(engine, ws)):
        say("every stage of the pipeline (pantau run)")
        run_pipeline(engine, ws, folder, own_names=OWN_NAMES)
    for i in range(1, analysts + 1):
        try:
            get_user(engine, analyst_email(i))
        except PantauError:
            create_user(engine, analyst_email(i), f"Analis {i}", PASSWORD, "analyst", ws)
    return ws


def database(stack: ExitStack, keep: Path | None, postgres: bool, n_posts: int) -> tuple[Path, str]:
    """The folder and database URL of a benchmark: under ``keep`` (reused by later runs, the
    PostgreSQL cluster too) or a temporary folder; SQLite unless ``postgres``."""
    root = keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
    folder = root / ("postgres" if postgres else "sqlite")
    folder.mkdir(parents=True, exist_ok=True)
    if postgres:
        pg = stack.enter_context(ThrowawayPostgres(folder=folder / "pg" if keep else None))
        return folder, pg.url
    return folder, f"sqlite:///{folder / f'pantau-{n_posts}.db'}"
