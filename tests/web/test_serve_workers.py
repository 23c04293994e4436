"""``pantau serve --workers 2``: two processes answer one team, and a session, its CSRF token
and its end hold whichever process answers (each request below opens a new connection)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pantau.store import open_database
from pantau.store.workspaces import create_workspace
from pantau.users.accounts import create_user

EMAIL = "analis@uji.go.id"
PASSWORD = "kata-sandi-uji-yang-panjang-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _workers(server: int) -> list[int]:
    """The processes uvicorn started below the server (its workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == server and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    engine = open_database(url)
    ws = create_workspace(engine, "uji", "Dinas Uji Coba", "pemda", "Asia/Jakarta")
    create_user(engine, EMAIL, "Analis", PASSWORD, "analyst", ws)
    engine.dispose()
    port = _free_port()
    env = dict(os.environ, PANTAU_DATA_DIR=str(tmp_path), PANTAU_DATABASE_URL=url)
    env.pop("PANTAU_SECRET_KEY", None)  # the key file the server makes must serve every worker
    proc = subprocess.Popen(
        [sys.executable, "-m", "pantau", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(_workers(proc.pid)) < 2:
            assert proc.poll() is None, "pantau serve --workers 2 stopped at start"
            time.sleep(0.3)
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/login", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield base, proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _fresh(base: str, cookies: httpx.Cookies) -> httpx.Client:
    """A client on a connection of its own (the kernel hands it to either worker)."""
    return httpx.Client(base_url=base, cookies=cookies, timeout=30, follow_redirects=False)


def test_two_workers_share_sessions_and_csrf(served: tuple[str, int], h) -> None:  # type: ignore[no-untyped-def]
    base, server = served
    csrf_of = h.csrf_of
    assert len(_workers(server)) == 2

    with httpx.Client(base_url=base, timeout=30) as first:
        form = first.get("/login")
        answer = first.post(
            "/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        )
        assert answer.status_code == 303
        cookies = first.cookies

    pages = []
    for _ in range(12):
        with _fresh(base, cookies) as client:
            pages.append(client.get("/w/uji/topik"))
    assert [p.status_code for p in pages] == [200] * 12
    token = csrf_of(pages[-1].text)

    for sent, expected in (("", 403), (token, 303)):
        with _fresh(base, cookies) as client:
            answer = client.post(
                "/w/uji/topik",
                data={"name": "Harga Beras", "query": "harga AND beras", "csrf_token": sent},
            )
        assert answer.status_code == expected
    with _fresh(base, cookies) as client:
        assert "Harga Beras" in client.get("/w/uji/topik").text

    with _fresh(base, cookies) as client:
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    for _ in range(4):  # the session ended for every worker
        with _fresh(base, cookies) as client:
            assert client.get("/w/uji/topik").status_code in (302, 303)
