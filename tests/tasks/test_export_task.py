"""A search export started while `pantau worker` processes do the heavy work is written by a
worker's task, not by the web process, and shows as running until the worker finishes it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from tests.tasks.test_workers import _prepare, _stop, _wait, _worker

from pantau.export import job_folder, read_job
from pantau.store.throwaway import ThrowawayPostgres
from pantau.store.workspaces import get_workspace
from pantau.web import exports
from pantau.web.views import SearchQuery

pytestmark = pytest.mark.postgres


def test_a_queued_export_is_written_by_a_worker(
    pg_server: ThrowawayPostgres, tmp_path: Path
) -> None:
    url = pg_server.create_database("export_task")
    engine = _prepare(url, tmp_path, 1)
    ws = get_workspace(engine, "ws00")
    job = exports.start_export(
        engine, tmp_path, ws, "analis@a.go.id", SearchQuery(q="pupuk"), "csv_titikkoma",
        queue_url=url,
    )  # fmt: skip
    folder = job_folder(tmp_path, ws.id)
    assert job.queued and job.pid is None
    assert not exports._RUNNING  # no thread of this process writes it
    (listed,) = exports.list_exports(tmp_path, ws.id)
    assert listed.state == "berjalan"  # waiting in the queue is not "the server stopped"
    worker = _worker(tmp_path, url, "w0")
    try:
        _wait(lambda: (read_job(folder, job.id) or job).state != "berjalan", 90, "the export")
    finally:
        _stop([worker])
    done = read_job(folder, job.id)
    assert done is not None and done.state == "selesai", done
    written = (folder / f"{job.id}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(written), delimiter=";"))
    assert done.posts == len(rows) > 0
    assert all("pupuk" in (r["teks"] + r["judul"]).lower() for r in rows)
    engine.dispose()
