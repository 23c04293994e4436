"""When the database cannot be reached or does not answer, pages and the API answer 503 with a
clear message instead of an internal error or a request that never ends."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from tests.web.conftest import csrf_of

from pantau.config import WEB_CONNECTIONS, Settings, pool_for
from pantau.store.engine import create_db_engine
from pantau.users import accounts
from pantau.web import create_app
from pantau.web.exports import STALE_PART, clean_stopped_exports

NOBODY = "postgresql+psycopg://pantau:rahasia@127.0.0.1:9/pantau"  # port 9: discard, closed


def _app(tmp_path: Path, timeout: int = 30):  # type: ignore[no-untyped-def]
    settings = Settings(
        data_dir=tmp_path / "data", database_url=NOBODY, web_statement_timeout=timeout
    )
    return create_app(settings, create_db_engine(NOBODY, connect_timeout=2))


def test_pages_and_the_api_answer_503_when_the_database_is_down(tmp_path: Path) -> None:
    client = TestClient(_app(tmp_path), raise_server_exceptions=False)
    form = client.get("/login")
    assert form.status_code == 200  # a page that needs no database still works
    token = csrf_of(form.text)
    page = client.post("/login", data={"csrf_token": token, "email": "a@b.id", "password": "x"})
    assert page.status_code == 503 and page.headers["retry-after"] == "30"
    assert "Basis data tidak bisa dihubungi" in page.text
    api = client.get(
        "/api/v1/workspaces/dinas-a/issues", headers={"Authorization": "Bearer pantau_1_abc"}
    )
    assert api.status_code == 503 and "basis data" in api.json()["detail"]
    assert "rahasia" not in page.text + api.text  # the URL's password is never shown
    assert client.get("/login").status_code == 200  # and the server keeps answering


def test_a_request_that_hangs_is_answered_503_after_its_bound(tmp_path: Path) -> None:
    app = _app(tmp_path, timeout=1)

    @app.get("/lambat")
    def slow() -> dict[str, bool]:
        time.sleep(4)
        return {"ok": True}

    started = time.perf_counter()
    response = TestClient(app).get("/lambat")
    assert response.status_code == 503 and "basis data" in response.text
    assert time.perf_counter() - started < 3.5


def test_exports_a_stopped_server_left_half_written_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "exports" / "1"
    folder.mkdir(parents=True)
    stale, fresh = folder / "a.part.csv", folder / "b.part.csv"
    stale.write_text("x")
    fresh.write_text("y")
    old = time.time() - STALE_PART.total_seconds() - 60
    os.utime(stale, (old, old))
    assert clean_stopped_exports(tmp_path) == 1
    assert not stale.exists() and fresh.exists()


def test_a_pool_held_by_others_answers_503_busy_and_login_hashes_without_a_connection(
    engine: Engine, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=engine.url.render_as_string(hide_password=False),
        pool_size=1,
        pool_overflow=0,
        pool_timeout=1,
    )
    app = create_app(settings)
    pool = app.state.web.engine.pool
    held_while_hashing: list[int] = []
    verify = accounts._verify

    def watched(stored: str, password: str) -> bool:
        held_while_hashing.append(pool.checkedout())
        return verify(stored, password)

    monkeypatch.setattr(accounts, "_verify", watched)
    client = TestClient(app, raise_server_exceptions=False)

    def login() -> dict[str, str]:
        token = csrf_of(client.get("/login").text)
        return {"csrf_token": token, "email": "a@b.id", "password": "salah"}

    assert client.post("/login", data=login()).status_code == 401
    assert held_while_hashing == [0]
    form = login()
    with app.state.web.engine.connect():  # another request holds the only connection
        started = time.perf_counter()
        page = client.post("/login", data=form)
        api = client.get(
            "/api/v1/workspaces/dinas-a/issues", headers={"Authorization": "Bearer pantau_1_abc"}
        )
        waited = time.perf_counter() - started
    assert page.status_code == 503 and page.headers["retry-after"] == "5"
    assert "Server sedang sibuk" in page.text
    assert api.status_code == 503 and api.headers["retry-after"] == "5"
    assert api.json()["detail"] == "server sedang sibuk; coba lagi sebentar lagi"
    assert waited < 10  # the pool's timeout, not the statement's
    assert client.post("/login", data=login()).status_code == 401  # free again: served


def test_web_processes_share_the_connections() -> None:
    assert pool_for(1) == (5, 10)  # one process: the library's usual pool
    sizes = {n: pool_for(n) for n in (2, 4, 8, 16, 64)}
    assert all(n * sum(sizes[n]) <= WEB_CONNECTIONS for n in (2, 4, 8))
    assert sizes[64] == (2, 2)  # at least two and two each
