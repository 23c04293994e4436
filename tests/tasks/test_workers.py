"""Real `pantau worker` processes on a throwaway PostgreSQL: many workspaces' pipelines shared
by three workers, each done (never twice at once) with the results of a single-process run;
a worker killed mid-task whose job another worker finishes; periodic tasks deferred once
with three workers running."""

from __future__ import annotations

import functools
import itertools
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, select, text

from pantau.demo.generator import generate
from pantau.ingest.importer import import_file
from pantau.monitor.topics import add_topic
from pantau.notify.setup import add_channel, add_rule, update_settings
from pantau.pipeline import run_pipeline
from pantau.store import open_database
from pantau.store.schema import post_enrichment, posts, rollup_hourly, topic_matches
from pantau.store.task_runs import run_rows
from pantau.store.throwaway import ThrowawayPostgres
from pantau.store.workspaces import create_workspace, list_workspaces
from pantau.tasks.queue import STOPPED

pytestmark = pytest.mark.postgres

N_WORKSPACES = 50  # each with an hour of posts
N_POSTS = 60
TICK = 4  # seconds between the workers' passes; a silent worker is dead after TICK / 2
HOUR = datetime(2026, 11, 20, 2, 0)


@functools.cache
def _week(seed: int) -> list[dict]:
    return generate(seed=seed, n_posts=300)[0]


def _hour_of_posts(path: Path, seed: int) -> Path:
    data = [dict(p) for p in _week(seed)[:N_POSTS]]
    for i, post in enumerate(data):
        post["created_at"] = (HOUR + timedelta(seconds=i * 3600 // N_POSTS)).isoformat() + "Z"
    path.write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in data))
    return path


def _prepare(url: str, folder: Path, n: int) -> Engine:
    engine = open_database(url)
    for i in range(n):
        ws = create_workspace(engine, f"ws{i:02d}", f"Dinas {i}", "pemda", "Asia/Jakarta")
        update_settings(engine, ws, report_enabled=False)
        add_topic(engine, ws, "Pupuk", "pupuk OR #pupuklangka")
        import_file(
            engine, ws, _hour_of_posts(folder / f"{i}.jsonl", i % 4), rejects_dir=folder / "rej"
        )
    return engine


def _state(engine: Engine) -> dict[str, object]:
    """Per workspace: sentiments and topic matches by post key, hourly rollups."""
    with engine.connect() as conn:
        external = {r.id: (r.workspace_id, r.external_id) for r in conn.execute(select(posts))}
        return {
            "enrichment": sorted(
                (external[r.post_id], r.sentiment)
                for r in conn.execute(
                    select(post_enrichment.c.post_id, post_enrichment.c.sentiment)
                )
            ),
            "topics": sorted(
                external[r.post_id] for r in conn.execute(select(topic_matches.c.post_id))
            ),
            "hourly": sorted(
                tuple(r)
                for r in conn.execute(
                    select(
                        rollup_hourly.c.workspace_id,
                        rollup_hourly.c.hour,
                        rollup_hourly.c.platform,
                        rollup_hourly.c.sentiment,
                        rollup_hourly.c.posts,
                    )
                )
            ),
        }


def _worker(data_dir: Path, url: str, name: str, fault: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PANTAU_FAULT"}
    env["PANTAU_WORKER_TICK"] = str(TICK)
    if fault:
        env["PANTAU_FAULT"] = fault
    command = [sys.executable, "-m", "pantau", "--data-dir", str(data_dir), "--database-url", url]
    command += ["worker", "--name", name]
    log = open(data_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _pantau(data_dir: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pantau", "--data-dir", str(data_dir), "--database-url", url]
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)


def _jobs(engine: Engine, task: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, status, args AS task_kwargs FROM procrastinate_jobs"
                " WHERE task_name = :t"
            ),
            {"t": task},
        )
        return [dict(r._mapping) for r in rows]


def _wait(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(workers: list[subprocess.Popen]) -> None:
    for w in workers:
        if w.poll() is None:
            w.send_signal(signal.SIGTERM)
    for w in workers:
        try:
            w.wait(timeout=30)
        except subprocess.TimeoutExpired:
            w.kill()


def _alert_rules(engine: Engine) -> None:
    """ws00 watches for silent sources (a rule only the clock can trigger); ws01 has a rule on
    hoaxes, which only new data can trigger (these workspaces have no claims, so it never
    does): only ws00 needs the minute's alert pass."""
    for slug, kind in (("ws00", "source_silent"), ("ws01", "hoax")):
        ws = next(w for w in list_workspaces(engine) if w.slug == slug)
        add_channel(engine, ws, "wh", "webhook", {"url": "http://127.0.0.1:9/hook"})
        add_rule(engine, ws, kind, ["wh"])


def test_three_workers_share_many_workspaces_and_periodic_tasks_fire_once(
    pg_server: ThrowawayPostgres, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PANTAU_ALERT_INTRANET", "127.0.0.1")
    single_url = pg_server.create_database("single")
    single = _prepare(single_url, tmp_path, N_WORKSPACES)
    for ws in list_workspaces(single):
        run_pipeline(single, ws, tmp_path)
    expected = _state(single)
    single.dispose()
    assert expected["topics"] and expected["hourly"]

    url = pg_server.create_database("shared")
    engine = _prepare(url, tmp_path, N_WORKSPACES)
    _alert_rules(engine)
    queued = _pantau(tmp_path, url, "worker", "enqueue", "--all", "--json")
    assert queued.returncode == 0, queued.stderr
    assert len(orjson.loads(queued.stdout)["queued"]) == N_WORKSPACES
    workers = [_worker(tmp_path, url, f"w{i}") for i in range(3)]
    try:
        _wait(
            lambda: (
                sum(j["status"] == "succeeded" for j in _jobs(engine, "pantau.pipeline"))
                >= N_WORKSPACES
            ),
            240,
            "every pipeline",
        )
        _wait(lambda: len(_jobs(engine, "pantau.minute")) >= 3, 4 * TICK, "three minute passes")
    finally:
        _stop(workers)
    assert all(w.returncode == 0 for w in workers), [w.returncode for w in workers]

    # every workspace's pipeline done, each job once, never two runs of a workspace at once
    for ws in list_workspaces(engine):
        runs = [r for r in run_rows(engine, ws.id, "pipeline")]
        assert runs and all(r["status"] == "complete" and r["via"] == "worker" for r in runs)
        assert len({r["job_id"] for r in runs}) == len(runs)
        for before, after in itertools.pairwise(runs):
            assert before["finished_at"] <= after["started_at"]
    assert _state(engine) == expected

    # periodic passes deferred once per time, whichever of the three workers saw it first
    stamps = [j["task_kwargs"]["timestamp"] for j in _jobs(engine, "pantau.minute")]
    assert len(stamps) == len(set(stamps))
    # the minute's alert pass only where the clock gives it work
    alerted = {j["task_kwargs"]["workspace"] for j in _jobs(engine, "pantau.alerts")}
    assert alerted == {"ws00"}
    status = _pantau(tmp_path, url, "worker", "status", "--json")
    assert status.returncode == 0, status.stderr
    found = orjson.loads(status.stdout)
    assert {q["name"] for q in found["queues"]} >= {"pipeline", "schedule"}
    assert all(p["status"] == "complete" and p["seconds"] >= 0 for p in found["pipelines"])
    engine.dispose()


@pytest.mark.parametrize("queued_again", [False, True], ids=["alone", "queued-again"])
def test_a_killed_workers_task_is_finished_by_another(
    pg_server: ThrowawayPostgres, tmp_path: Path, queued_again: bool
) -> None:
    """The dead worker's job goes back to the queue and another worker finishes it — or, when
    the same pipeline was queued again while it ran (the hourly pass, a source's new posts),
    it ends as aborted and the waiting job does the work; the dead run is marked failed."""
    case = "again" if queued_again else "alone"
    url = pg_server.create_database(f"killed_{case}")
    engine = _prepare(url, tmp_path, 1)
    clean_url = pg_server.create_database(f"clean_{case}")
    clean = _prepare(clean_url, tmp_path, 1)
    run_pipeline(clean, list_workspaces(clean)[0], tmp_path)
    expected = _state(clean)
    clean.dispose()

    assert _pantau(tmp_path, url, "worker", "enqueue", "--all").returncode == 0
    doomed = _worker(tmp_path, url, "doomed", fault="rollups.hours_written")
    doomed.wait(timeout=120)  # killed (as kill -9) in the middle of the pipeline
    assert doomed.returncode == -signal.SIGKILL
    assert [j["status"] for j in _jobs(engine, "pantau.pipeline")] == ["doing"]
    # within ten minutes after the hour the worker deferred the hour's pass, which would queue
    # the pipeline again; each case here decides that for itself
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE procrastinate_jobs SET status = 'cancelled'"
                " WHERE task_name = 'pantau.hourly' AND status = 'todo'"
            )
        )
    if queued_again:
        assert _pantau(tmp_path, url, "worker", "enqueue", "--all").returncode == 0
    final = ["aborted", "succeeded"] if queued_again else ["succeeded"]
    survivor = _worker(tmp_path, url, "survivor")
    try:
        _wait(
            lambda: sorted(j["status"] for j in _jobs(engine, "pantau.pipeline")) == final,
            120,
            "the pipeline finished by the survivor",
        )
    finally:
        _stop([survivor])
    runs = run_rows(engine, list_workspaces(engine)[0].id, "pipeline")
    assert [(r["status"], r["error"]) for r in runs] == [("failed", STOPPED), ("complete", None)]
    jobs = {j["status"]: j["id"] for j in _jobs(engine, "pantau.pipeline")}
    assert runs[1]["job_id"] == jobs["succeeded"]
    assert (runs[0]["job_id"] == runs[1]["job_id"]) is not queued_again
    assert _state(engine) == expected
    engine.dispose()
