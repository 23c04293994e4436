"""Large search exports run in the background and are downloaded from the Ekspor page."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from pantau.export import save_job
from pantau.web import exports, pages


def test_large_search_is_exported_in_the_background(signed_in, world, h, monkeypatch) -> None:
    monkeypatch.setattr(pages, "SYNC_LIMIT", 5)  # 31 posts in A now count as a large result
    c = signed_in("analis@a.go.id")
    search = c.get("/w/dinas-a/cari?q=beras")
    assert 'id="export-background"' in search.text and "/cari/ekspor?" not in search.text
    form = {"csrf_token": h.csrf_of(search.text), "q": "beras", "format": "csv"}
    started = c.post("/w/dinas-a/ekspor", data=form, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"] == "/w/dinas-a/ekspor"
    (entry,) = exports.list_exports(world.settings.data_dir, world.a.id)
    done = exports.wait_for(world.settings.data_dir, world.a.id, entry.id)
    assert done.state == "selesai" and done.posts == 31
    listing = c.get("/w/dinas-a/ekspor").text
    job_id = re.findall(r"/w/dinas-a/ekspor/([0-9a-f]{32})", listing)
    assert job_id == [entry.id]
    download = c.get(f"/w/dinas-a/ekspor/{entry.id}")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == 31  # 30 ordinary posts and the hostile one all say "beras"
    assert any(r["teks"].startswith("<script>") for r in rows)  # data as it was, in a file
    # another workspace's member sees neither the list entry nor the file
    other = signed_in("admin@b.go.id")
    assert other.get(f"/w/dinas-a/ekspor/{job_id[0]}").status_code == 404
    assert other.get(f"/w/dinas-b/ekspor/{job_id[0]}").status_code == 404
    assert job_id[0] not in other.get("/w/dinas-b/ekspor").text
    assert c.get("/w/dinas-a/ekspor/..%2F..%2Fpantau").status_code == 404


def test_starting_an_export_needs_the_form_token_and_a_valid_query(signed_in, h) -> None:
    c = signed_in("baca@a.go.id")
    assert c.post("/w/dinas-a/ekspor", data={"q": "beras"}).status_code == 403
    token = h.csrf_of(c.get("/w/dinas-a/cari").text)
    bad = c.post("/w/dinas-a/ekspor", data={"csrf_token": token, "since": "kemarin"})
    assert bad.status_code == 400
    assert "Belum ada ekspor" in c.get("/w/dinas-a/ekspor").text


def _running_job(world, job_id: str, pid: int | None = None) -> None:  # type: ignore[no-untyped-def]
    """An export entry saying it runs (as a server process writes it when it starts)."""
    folder = world.settings.data_dir / "exports" / str(world.a.id)
    folder.mkdir(parents=True, exist_ok=True)
    job = exports.ExportJob(
        id=job_id,
        workspace_id=world.a.id,
        user="x",
        format="csv",
        query={},
        state="berjalan",
        created_at="2099-01-01T00:00:00",
        pid=pid,
    )
    save_job(folder, job)


def test_an_export_cut_off_by_a_restart_shows_as_failed(world, tmp_path) -> None:
    _running_job(world, "a" * 32)
    (found,) = exports.list_exports(world.settings.data_dir, world.a.id)
    assert found.state == "gagal" and "server berhenti" in (found.error or "")


def test_a_queued_export_no_worker_took_shows_as_failed_after_hours(world) -> None:
    folder = exports.job_folder(world.settings.data_dir, world.a.id)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(tzinfo=None)
    late = (now - timedelta(hours=exports.QUEUED_HOURS + 1)).isoformat(timespec="seconds")
    for job_id, created in (("c" * 32, late), ("d" * 32, now.isoformat(timespec="seconds"))):
        save_job(
            folder,
            exports.ExportJob(
                id=job_id, workspace_id=world.a.id, user="x", format="csv", query={},
                state="berjalan", created_at=created, queued=True,
            ),
        )  # fmt: skip
    states = {
        j.id[0]: (j.state, j.error) for j in exports.list_exports(folder.parents[1], world.a.id)
    }
    assert states["d"] == ("berjalan", None)  # waiting for a worker
    assert states["c"][0] == "gagal" and "pekerja" in (states["c"][1] or "")


def test_an_export_running_in_another_worker_process_shows_as_running(world) -> None:
    """With ``pantau serve --workers N`` the process listing an export may not be the one
    writing it: the job names its process, which decides while it lives."""
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _running_job(world, "b" * 32, worker.pid)
        (found,) = exports.list_exports(world.settings.data_dir, world.a.id)
        assert found.state == "berjalan" and found.error is None
    finally:
        worker.kill()
        worker.wait()
    (found,) = exports.list_exports(world.settings.data_dir, world.a.id)
    assert found.state == "gagal"


def test_costly_requests_are_bounded(signed_in, world, h, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = signed_in("analis@a.go.id")
    monkeypatch.setattr(pages, "SYNC_LIMIT", 5)  # a direct export of 31 posts is too big now
    direct = c.get("/w/dinas-a/cari/ekspor", params={"format": "csv", "q": "beras"})
    assert direct.status_code == 400 and "ekspor latar belakang" in direct.text
    token = h.csrf_of(c.get("/w/dinas-a/topik").text)
    monkeypatch.setattr(pages, "TOPIC_TESTS", pages.RateLimit(per_minute=3))
    answers = [
        c.post("/w/dinas-a/topik/uji", data={"csrf_token": token, "query": "beras"}).status_code
        for _ in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    monkeypatch.setitem(exports._RUNNING, "x1", "analis@a.go.id")  # three already waiting
    monkeypatch.setitem(exports._RUNNING, "x2", "analis@a.go.id")
    monkeypatch.setitem(exports._RUNNING, "x3", "analis@a.go.id")
    form = {"csrf_token": h.csrf_of(c.get("/w/dinas-a/cari").text), "q": "beras"}
    refused = c.post("/w/dinas-a/ekspor", data=form)
    assert refused.status_code == 400 and "tunggu" in refused.text
