"""The Sistem page: admins only; the service's own task runs on SQLite; with workers, the
queues, this workspace's jobs (not another's) with cancel and retry."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from pantau.tasks import work
from pantau.tasks.queue import open_queue, queue_pipeline
from pantau.users.accounts import Policy
from pantau.web import create_app


def test_admins_see_the_task_runs_of_their_workspace(signed_in, world, tmp_path: Path) -> None:
    work.pipeline(world.engine, world.a, tmp_path, now=work.utcnow(), via="inline")
    admin = signed_in("admin@a.go.id")
    page = admin.get("/w/dinas-a/sistem")
    assert page.status_code == 200 and 'id="run-table"' in page.text
    assert "pipeline" in page.text and "inline" in page.text
    assert 'href="/w/dinas-a/sistem"' in page.text
    assert "tanpa pekerja antrean tugas" in page.text
    assert "Belum ada tugas" in signed_in("admin@b.go.id").get("/w/dinas-b/sistem").text
    assert signed_in("analis@a.go.id").get("/w/dinas-a/sistem").status_code == 403


def _with_workers(world):  # type: ignore[no-untyped-def]
    """The database's URL and the service's settings with workers (PostgreSQL only)."""
    if world.engine.dialect.name != "postgresql":
        pytest.skip("the task queue lives in PostgreSQL")
    url = world.engine.url.render_as_string(hide_password=False)
    return url, dataclasses.replace(world.settings, workers=True, database_url=url)


def test_with_workers_jobs_are_listed_and_cancelled(world, h) -> None:
    url, settings = _with_workers(world)
    with open_queue(url) as queue:
        assert queue_pipeline(queue, "dinas-a") and queue_pipeline(queue, "dinas-b")
        jobs = {j.task_kwargs["workspace"]: j.id for j in queue.job_manager.list_jobs()}
    with TestClient(create_app(settings, world.engine, Policy(max_failures=3))) as admin:
        assert h.login(admin, "admin@a.go.id").status_code == 303
        page = admin.get("/w/dinas-a/sistem")
        assert page.status_code == 200 and 'id="queue-table"' in page.text
        assert f'id="job-{jobs["dinas-a"]}"' in page.text
        assert f'id="job-{jobs["dinas-b"]}"' not in page.text  # another workspace's job
        token = h.csrf_of(page.text)
        other = admin.post(f"/w/dinas-a/sistem/{jobs['dinas-b']}/batal", data={"csrf_token": token})
        assert other.status_code == 404
        done = admin.post(
            f"/w/dinas-a/sistem/{jobs['dinas-a']}/batal",
            data={"csrf_token": token},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert f'id="job-{jobs["dinas-a"]}"' not in admin.get("/w/dinas-a/sistem").text
    with open_queue(url) as queue:
        status = {j.id: j.status for j in queue.job_manager.list_jobs()}
    assert status == {jobs["dinas-a"]: "cancelled", jobs["dinas-b"]: "todo"}


def test_retrying_a_job_whose_work_waits_again_says_so(world, h) -> None:
    url, settings = _with_workers(world)
    with open_queue(url) as queue:
        assert queue_pipeline(queue, "dinas-a")
        (failed,) = queue.job_manager.list_jobs()
        with world.engine.begin() as conn:  # as if a worker had run it and it failed
            conn.execute(
                text("UPDATE procrastinate_jobs SET status = 'failed' WHERE id = :id"),
                {"id": failed.id},
            )
        assert queue_pipeline(queue, "dinas-a")  # the hourly pass queued it again
    with TestClient(create_app(settings, world.engine, Policy(max_failures=3))) as admin:
        assert h.login(admin, "admin@a.go.id").status_code == 303
        page = admin.get("/w/dinas-a/sistem")
        assert f'id="job-{failed.id}"' in page.text
        retried = admin.post(
            f"/w/dinas-a/sistem/{failed.id}/ulangi",
            data={"csrf_token": h.csrf_of(page.text)},
        )
        assert retried.status_code == 200
        assert str(retried.url).endswith(f"/w/dinas-a/sistem?sudah-menunggu={failed.id}")
        assert "pekerjaan yang sama sudah menunggu" in retried.text
        for junk in ("x", "\u00b2", "9" * 5000):  # not a job number: no message, no error
            other = admin.get("/w/dinas-a/sistem", params={"sudah-menunggu": junk})
            assert other.status_code == 200 and "sudah menunggu" not in other.text
    with open_queue(url) as queue:
        assert sorted(str(j.status) for j in queue.job_manager.list_jobs()) == ["failed", "todo"]
