"""The tasks' shared bodies record their runs; the queue's status, retry and cancel; the
worker refuses SQLite."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from pantau.cli import app as cli
from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.task_runs import delete_runs_before, last_runs, run_rows
from pantau.store.throwaway import ThrowawayPostgres
from pantau.store.workspaces import create_workspace
from pantau.tasks import work
from pantau.tasks.queue import open_queue, queue_pipeline
from pantau.tasks.status import AlreadyWaiting, cancel_job, queue_status, retry_job


def test_a_pipeline_run_is_recorded_with_its_counts_or_its_error(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = work.utcnow()
    work.pipeline(engine, workspace, tmp_path, now=now, via="inline")
    work.pipeline(engine, workspace, tmp_path, now=now, via="inline", tick=True)  # not recorded

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk\npenuh")

    monkeypatch.setattr(work, "run_pipeline", broken)
    with pytest.raises(RuntimeError):
        work.pipeline(engine, workspace, tmp_path, now=now, via="inline")
    runs = run_rows(engine, workspace.id, work.PIPELINE)
    assert [r["status"] for r in runs] == ["complete", "failed"]
    assert runs[0]["counts"]["search"] == {"indexed": 0}
    assert runs[1]["error"] == "RuntimeError: disk penuh"
    (last,) = last_runs(engine, work.PIPELINE)
    assert last["slug"] == workspace.slug and last["status"] == "failed"
    assert delete_runs_before(engine, runs[0]["started_at"]) == 0
    assert delete_runs_before(engine, runs[1]["started_at"] + timedelta(seconds=1)) == 2
    assert run_rows(engine, workspace.id) == []


@pytest.mark.postgres
def test_status_retry_and_cancel(pg_server: ThrowawayPostgres) -> None:
    url = pg_server.create_database("queue_status")
    engine = open_database(url)
    workspace = create_workspace(engine, "uji", "Dinas Uji", "pemda", "Asia/Jakarta")
    with open_queue(url) as app:
        assert queue_pipeline(app, workspace.slug)
        assert not queue_pipeline(app, workspace.slug)  # already waiting
        status = queue_status(app, engine)
        assert [(q["name"], q["todo"]) for q in status.queues] == [("pipeline", 1)]
        assert [p.workspace for p in status.pipelines] == [workspace.slug]
        assert status.pipelines[0].status is None  # never run
        (job,) = app.job_manager.list_jobs()
        assert job.id is not None
        cancel_job(app, job.id)
        assert queue_status(app, engine).queues[0]["cancelled"] == 1
        with pytest.raises(NotFoundError):
            cancel_job(app, job.id)  # no longer waiting
        with pytest.raises(NotFoundError):
            retry_job(app, job.id + 1000)
        assert queue_pipeline(app, workspace.slug)  # a cancelled job no longer holds the lock
        (waiting,) = [j for j in app.job_manager.list_jobs() if j.status == "todo"]
        assert waiting.id is not None
        with pytest.raises(NotFoundError):
            retry_job(app, waiting.id)  # neither failed nor running
        with engine.begin() as conn:  # as if a worker had run it and it failed
            conn.execute(
                text("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = :id"),
                {"id": waiting.id},
            )
        assert queue_pipeline(app, workspace.slug)  # the same work queued again meanwhile
        with pytest.raises(AlreadyWaiting):
            retry_job(app, waiting.id)
        statuses = sorted(str(j.status) for j in app.job_manager.list_jobs())
        assert statuses == ["cancelled", "failed", "todo"]
        cancel_job(app, max(j.id or 0 for j in app.job_manager.list_jobs()))
        retry_job(app, waiting.id)  # nothing else waits for the work now
        assert app.job_manager.list_jobs(id=waiting.id)[0].status == "todo"
    engine.dispose()


def test_worker_needs_postgresql(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "worker"])
    assert isinstance(result.exception, PantauError)
    assert "PostgreSQL" in str(result.exception)
