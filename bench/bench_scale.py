"""Scale-out: throughput of hourly pipelines for many workspaces with 1, 2 and 4 `pantau worker`
processes on one throwaway PostgreSQL.

A template database holds ``--workspaces`` workspaces, each with a topic and an hour of
``--posts`` synthetic posts (imported, not yet analysed). For each worker count a fresh copy
of it (``CREATE DATABASE … TEMPLATE``) gets every workspace's pipeline queued, then that many
worker processes start; measured until the last pipeline succeeded: wall seconds (with the
workers' start-up, which loads the text models once per process), pipelines per hour, the
median pipeline's own seconds (``task_runs``) and the workers' CPU seconds. The speed-up over
one worker says where adding processes stops paying on this machine.

The one-worker run's cost per pipeline (its own seconds, of which the worker's CPU; the rest
is mostly PostgreSQL) gives the projection printed under ``projection``: worker processes
needed to run the hourly pipelines of 600 workspaces of 5,000 posts an hour within half the
hour, and the database time they ask for (bench/README.md discusses it).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_posts  # noqa: E402

from pantau.ingest.importer import import_file  # noqa: E402
from pantau.monitor.topics import add_topic  # noqa: E402
from pantau.notify.setup import update_settings  # noqa: E402
from pantau.store import open_database  # noqa: E402
from pantau.store.task_runs import last_runs  # noqa: E402
from pantau.store.throwaway import ThrowawayPostgres  # noqa: E402
from pantau.store.workspaces import create_workspace, list_workspaces  # noqa: E402
from pantau.tasks.queue import open_queue, queue_pipeline  # noqa: E402
from pantau.tasks.work import PIPELINE  # noqa: E402

PROJECTED_WORKSPACES = 600
PROJECTED_POSTS = 5_000


def seed_template(url: str, folder: Path, workspaces: int, posts: int) -> None:
    files = []
    for seed in range(3):
        path = folder / f"posts-{seed}.jsonl"
        write_posts(path, posts, seed=seed)
        files.append(path)
    engine = open_database(url)
    for i in range(workspaces):
        ws = create_workspace(engine, f"ws{i:03d}", f"Instansi {i}", "pemda", "Asia/Jakarta")
        update_settings(engine, ws, report_enabled=False)
        add_topic(engine, ws, "Pupuk", "pupuk OR #pupuklangka")
        import_file(engine, ws, files[i % 3], rejects_dir=folder / "rejects")
    engine.dispose()


def copy_database(server: ThrowawayPostgres, template: str, name: str) -> str:
    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    admin.dispose()
    return server.url.rsplit("/", 1)[0] + f"/{name}"


def succeeded(engine_url: str) -> int:
    engine = create_engine(engine_url)
    try:
        with engine.connect() as conn:
            return int(
                conn.execute(
                    text(
                        "SELECT count(*) FROM procrastinate_jobs "
                        "WHERE task_name = 'pantau.pipeline' AND status = 'succeeded'"
                    )
                ).scalar_one()
            )
    finally:
        engine.dispose()


def run_workers(url: str, data_dir: Path, count: int, expected: int) -> dict:
    engine = open_database(url)
    with open_queue(url) as app:
        for ws in list_workspaces(engine):
            queue_pipeline(app, ws.slug)
    command = [sys.executable, "-m", "pantau", "--data-dir", str(data_dir)]
    command += ["--database-url", url, "worker"]
    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [*command, "--name", f"w{i}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for i in range(count)
    ]
    while succeeded(url) < expected:
        time.sleep(0.5)
    wall = time.perf_counter() - started
    cpu = 0.0
    for w in workers:
        w.terminate()
    for w in workers:
        _, _, usage = os.wait4(w.pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
    runs = [r for r in last_runs(engine, PIPELINE) if r["finished_at"]]
    engine.dispose()
    own = [(r["finished_at"] - r["started_at"]).total_seconds() for r in runs]
    return {
        "workers": count,
        "wall_seconds": round(wall, 1),
        "pipelines_per_hour": round(expected / wall * 3600),
        "median_pipeline_seconds": round(statistics.median(own), 2),
        "worker_cpu_seconds": round(cpu, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workspaces", type=int, default=40)
    parser.add_argument("--posts", type=int, default=5_000)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    counts = [int(c) for c in args.workers.split(",")]
    with tempfile.TemporaryDirectory(prefix="pantau-scale-") as tmp, ThrowawayPostgres() as pg:
        folder = Path(tmp)
        template = pg.create_database("template_scale")
        seed_template(template, folder, args.workspaces, args.posts)
        runs = []
        for count in counts:
            url = copy_database(pg, "template_scale", f"scale_{count}")
            runs.append(run_workers(url, folder, count, args.workspaces))
    one = runs[0]
    for run in runs:
        run["speedup"] = round(one["wall_seconds"] / run["wall_seconds"], 2)
    # a pipeline's own seconds (worker and database) and the worker's CPU share of them, per
    # post, from the one-worker run, scaled to the projected workspace
    scale = PROJECTED_POSTS / args.posts
    per_pipeline = one["median_pipeline_seconds"] * scale
    worker_cpu = one["worker_cpu_seconds"] / args.workspaces * scale
    report = {
        "workspaces": args.workspaces,
        "posts_per_workspace": args.posts,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "runs": runs,
        "projection": {
            "workspaces": PROJECTED_WORKSPACES,
            "posts_per_workspace_hour": PROJECTED_POSTS,
            "seconds_per_pipeline": round(per_pipeline, 2),
            "worker_cpu_seconds_per_pipeline": round(worker_cpu, 2),
            # every hourly pipeline done within half the hour, the rest left as headroom
            "worker_processes_needed": math.ceil(PROJECTED_WORKSPACES * per_pipeline / 1800),
            "database_seconds_per_hour": round(PROJECTED_WORKSPACES * (per_pipeline - worker_cpu)),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
