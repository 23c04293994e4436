"""Crash safety: a real ``pantau import`` / ``pantau run`` killed at a named fault point
(``PANTAU_FAULT``, as ``kill -9`` would), then the same command run again, leaves exactly what
an uninterrupted run leaves — on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from unittest.mock import patch

import orjson
import pytest
from sqlalchemy import Engine, func, select

from pantau.demo.agenda import seed_demo_agenda
from pantau.demo.generator import generate
from pantau.demo.narrative import seed_demo_narrative
from pantau.factcheck.claims import add_claim
from pantau.monitor.topics import add_topic
from pantau.notify.setup import add_channel, add_rule
from pantau.pipeline import stage_names
from pantau.store import monitor as monitor_store
from pantau.store import open_database
from pantau.store.schema import (
    actor_changes,
    actor_days,
    actor_periods,
    agenda_items,
    alert_deliveries,
    alert_events,
    claim_matches,
    coordination_members,
    issue_networks,
    issues,
    narrative_matches,
    post_enrichment,
    posts,
    rollup_daily,
    rollup_hourly,
    topic_matches,
)
from pantau.store.workspaces import create_workspace, get_workspace

N_POSTS = 1500
LOCAL_RECEIVER = {"PANTAU_ALERT_INTRANET": "127.0.0.1"}  # the alert webhook nobody answers
SLUG = "uji"
CLAIM = "Data petani yang mendaftar Kartu Tani Digital dijual ke perusahaan asing"
# (command that is killed, fault point). PG_POINTS (at least one in every stage of the
# pipeline) run on PostgreSQL; every other point runs on SQLite, and so does a PG point whose
# stage has no other point: every point is killed once, every stage on both databases.
FAULTS = [
    ("import", "import.writing"),
    ("import", "import.batch_written"),
    ("import", "enrich.writing"),
    ("import", "enrich.batch_written"),
    ("import", "search.writing"),
    ("run", "claims.writing"),
    ("run", "agenda.items_synced"),
    ("run", "narratives.writing"),
    ("run", "narratives.batch_written"),
    ("run", "rollups.writing"),
    ("run", "rollups.hours_written"),
    ("run", "monitor.rollup_position"),
    ("run", "monitor.detecting@60"),
    ("run", "monitor.saving_issues"),
    ("run", "monitor.done"),
    ("run", "coordination.writing"),
    ("run", "networks.writing"),
    ("run", "actors.position"),
    ("run", "actors.writing"),
    ("run", "actors.days_written"),
    ("run", "actors.saving"),
    ("run", "alerts.storing_events"),
    ("run", "alerts.events_stored"),
]
PG_POINTS = {
    "import.writing",
    "enrich.batch_written",
    "search.writing",
    "claims.writing",
    "agenda.items_synced",
    "narratives.batch_written",
    "monitor.saving_issues",
    "coordination.writing",
    "networks.writing",
    "actors.writing",
    "alerts.events_stored",
}


@pytest.fixture(scope="module")
def posts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "posts.jsonl"
    data, _truth = generate(n_posts=N_POSTS)
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in data))
    return path


def _pantau(
    data_dir: Path, url: str, *args: str, fault: str | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PANTAU_FAULT"}
    env.update(LOCAL_RECEIVER, PANTAU_WORKSPACE=SLUG)
    if fault:
        env["PANTAU_FAULT"] = fault
    command = [sys.executable, "-m", "pantau", "--data-dir", str(data_dir)]
    command += ["--database-url", url, *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)


def _prepare(url: str) -> None:
    """What every stage works on: the workspace, a topic, a known hoax, the demo's agenda
    items and narrative kit, and an alert rule whose webhook nobody answers (set up in-process:
    only the steps under test run as separate processes)."""
    engine = open_database(url)
    try:
        workspace = create_workspace(engine, SLUG, "Dinas Uji", "pemda", "Asia/Jakarta")
        add_topic(engine, workspace, "Pupuk", "pupuk OR #pupuklangka")
        add_claim(engine, workspace, CLAIM, "HOAKS", "pemerintahan")
        seed_demo_agenda(engine, workspace)
        seed_demo_narrative(engine, workspace)
        with patch.dict(os.environ, LOCAL_RECEIVER):
            add_channel(engine, workspace, "tim", "webhook", {"url": "http://127.0.0.1:9/hook"})
        add_rule(engine, workspace, "issue", ["tim"], {"min_priority": "pantau"})
    finally:
        engine.dispose()


def _steps(data_dir: Path, url: str, posts_file: Path, killed: str | None, fault: str | None):
    """Import then run; the step ``killed`` is run with the fault (and must die of it), then
    again without it."""
    for step, args in (("import", ("import", str(posts_file))), ("run", ("run",))):
        if step == killed:
            dead = _pantau(data_dir, url, *args, fault=fault)
            assert dead.returncode == -signal.SIGKILL, (fault, dead.stderr[-2000:])
        result = _pantau(data_dir, url, *args)
        assert result.returncode == 0, (fault, result.stderr[-2000:])


def _state(engine: Engine) -> dict[str, object]:
    """Every table that matters, keyed by posts' external ids (not by surrogate ids)."""
    workspace = get_workspace(engine, SLUG)
    with engine.connect() as conn:
        external = dict(conn.execute(select(posts.c.id, posts.c.external_id)).all())

        def by_post(rows: Sequence) -> list[tuple]:
            return sorted((external[r[0]], *r[1:]) for r in rows)

        issue_rows = [
            r for r in monitor_store.issue_rows(conn, workspace.id) if r["merged_into"] is None
        ]
        members = monitor_store.issue_post_ids(conn, workspace.id, [r["id"] for r in issue_rows])
        return {
            "posts": sorted(external.values()),
            "enrichment": by_post(
                conn.execute(select(post_enrichment.c.post_id, post_enrichment.c.sentiment)).all()
            ),
            "topics": by_post(conn.execute(select(topic_matches.c.post_id)).all()),
            "claims": by_post(
                conn.execute(select(claim_matches.c.post_id, claim_matches.c.stance)).all()
            ),
            "narratives": by_post(
                conn.execute(
                    select(narrative_matches.c.post_id, narrative_matches.c.fidelity)
                ).all()
            ),
            "agenda_topics": sorted(
                tuple(r)
                for r in conn.execute(select(agenda_items.c.title, agenda_items.c.topic_id))
            ),
            # the kinds of the events (their keys hold issue ids, which PostgreSQL's sequences
            # skip after a rolled-back insert)
            "alerts": sorted(conn.execute(select(alert_events.c.kind)).scalars()),
            "deliveries": conn.execute(select(func.count()).select_from(alert_deliveries)).scalar(),
            "hourly": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        rollup_hourly.c.hour,
                        rollup_hourly.c.topic_id,
                        rollup_hourly.c.platform,
                        rollup_hourly.c.sentiment,
                        rollup_hourly.c.posts,
                    )
                )
            ),
            "daily": sorted(tuple(r) for r in conn.execute(select(rollup_daily))),
            "issues": sorted(
                (r["label"], r["priority"], tuple(sorted(external[p] for p in members[r["id"]])))
                for r in issue_rows
            ),
            "coordinated": sorted(
                tuple(r)
                for r in conn.execute(
                    select(coordination_members.c.platform, coordination_members.c.handle)
                )
            ),
            "all_searchable": monitor_store.stage_position(conn, workspace.id, "search")
            >= max(external),
            "actor_days": sorted(
                tuple(r)
                for r in conn.execute(
                    select(actor_days).with_only_columns(
                        *(c for c in actor_days.c if c.name not in ("workspace_id", "detail"))
                    )
                )
            ),
            "actor_periods": sorted(
                tuple(r)
                for r in conn.execute(
                    select(actor_periods).with_only_columns(
                        *(c for c in actor_periods.c if c.name != "workspace_id")
                    )
                )
            ),
            "actor_changes": conn.execute(select(func.count()).select_from(actor_changes)).scalar(),
            "networks": sorted(
                (label, n)
                for label, n in conn.execute(
                    select(issues.c.label, issue_networks.c.posts).join(
                        issues, issues.c.id == issue_networks.c.issue_id
                    )
                )
            ),
        }


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, posts_file: Path) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("clean")
    url = f"sqlite:///{folder / 'pantau.db'}"
    _prepare(url)
    _steps(folder, url, posts_file, None, None)
    engine = open_database(url)
    try:
        state = _state(engine)
    finally:
        engine.dispose()
    assert state["issues"], "the data makes issues"
    return state


@pytest.mark.parametrize(("killed", "fault"), FAULTS, ids=[f for _, f in FAULTS])
def test_a_killed_step_run_again_ends_as_a_clean_run(
    db_url: str, tmp_path: Path, posts_file: Path, clean: dict, killed: str, fault: str
) -> None:
    if db_url.startswith("postgresql") and fault not in PG_POINTS:
        pytest.skip("on PostgreSQL one point per stage (the others run on SQLite)")
    if not db_url.startswith("postgresql") and fault in SQLITE_SKIPS:
        pytest.skip("killed on PostgreSQL; its stage has other points on SQLite")
    _prepare(db_url)
    _steps(tmp_path, db_url, posts_file, killed, fault)
    engine = open_database(db_url)
    try:
        state = _state(engine)
    finally:
        engine.dispose()
    for table, expected in clean.items():
        assert state[table] == expected, (fault, table)


def _stage(point: str) -> str:
    return STAGE_OF_POINT[point.split(".")[0]]


STAGE_OF_POINT = {
    "import": "enrich",  # `pantau import` analyses and indexes what it stored
    "enrich": "enrich",
    "search": "search",
    "claims": "claims",
    "agenda": "agenda",
    "narratives": "narratives",
    "rollups": "issues",
    "monitor": "issues",
    "coordination": "coordination",
    "networks": "networks",
    "actors": "actors",
    "alerts": "alerts",
}
# PG points that SQLite need not repeat: their stage has other points there
SQLITE_SKIPS = {
    p for p in PG_POINTS if any(_stage(f) == _stage(p) and f not in PG_POINTS for _, f in FAULTS)
}


def test_every_stage_of_the_pipeline_is_killed_somewhere_on_both_databases() -> None:
    def stages(points: set[str]) -> set[str]:
        return {_stage(p) for p in points}

    on_sqlite = {f for _, f in FAULTS} - SQLITE_SKIPS
    assert stages(on_sqlite) == set(stage_names())
    assert stages(PG_POINTS) == set(stage_names())
