"""Fixtures for the web application: two institutions, people with different roles, posts."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from pantau.config import Settings
from pantau.network.rollups import update_actor_rollups
from pantau.records import PostRecord, Workspace
from pantau.store.posts import write_posts
from pantau.store.workspaces import create_workspace
from pantau.users.accounts import Policy, create_user
from pantau.web import create_app

PASSWORD = "rahasia-sekali-123"
EVIL = "<script>alert('x')</script> harga beras \u202egnp.exe"


def make_posts(n: int, prefix: str, start: datetime, text: str = "harga beras naik") -> list:
    return [
        PostRecord(
            platform=("x", "facebook", "news")[i % 3],
            external_id=f"{prefix}{i}",
            key_kind="id",
            created_at=start + timedelta(hours=i),
            collected_at=start + timedelta(days=30),
            text=f"{text} {prefix} {i}",
            raw="{}",
            raw_format="test",
            author=f"akun{i % 5}",
        )
        for i in range(n)
    ]


def seed_posts(engine: Engine, ws: Workspace, records: list) -> None:
    """Store posts and roll up their actors, as ``pantau import`` and ``pantau run`` do."""
    with engine.begin() as conn:
        write_posts(conn, ws.id, records)
    update_actor_rollups(engine, ws)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters: the tests are about rules, not hash strength."""
    from argon2 import PasswordHasher

    from pantau.users import accounts

    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    monkeypatch.setattr(accounts, "_DUMMY_HASH", [])


@dataclass
class World:
    engine: Engine
    a: Workspace
    b: Workspace
    settings: Settings


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    a = create_workspace(engine, "dinas-a", "Diskominfo A", "pemda", "Asia/Jakarta")
    b = create_workspace(engine, "dinas-b", "Diskominfo B", "pemda", "Asia/Makassar")
    for email, role, ws in (
        ("admin@a.go.id", "admin", a),
        ("analis@a.go.id", "analyst", a),
        ("baca@a.go.id", "viewer", a),
        ("admin@b.go.id", "admin", b),
    ):
        create_user(engine, email, email.split("@")[0], PASSWORD, role, ws)
    create_user(engine, "pusat@komdigi.go.id", "Pusat", PASSWORD, "viewer", coordinator=True)
    start = datetime(2026, 11, 16, 1, 0)
    seed_posts(engine, a, make_posts(30, "a", start))
    seed_posts(engine, a, [*make_posts(1, "evil", start, EVIL)])
    seed_posts(engine, b, make_posts(12, "b", start, "rahasia dinas b banjir"))
    settings = Settings(data_dir=tmp_path / "data", database_url=str(engine.url))
    return World(engine, a, b, settings)


@pytest.fixture
def app(world: World):  # type: ignore[no-untyped-def]
    return create_app(world.settings, world.engine, Policy(max_failures=3))


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD, follow: bool = False):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    return client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text), "next": "/"},
        follow_redirects=follow,
    )


@pytest.fixture
def signed_in(app) -> Callable[[str], TestClient]:  # type: ignore[no-untyped-def]
    """A new client signed in as the given email."""
    clients: list[TestClient] = []

    def make(email: str) -> TestClient:
        c = TestClient(app)
        clients.append(c)
        response = login(c, email)
        assert response.status_code == 303, response.text
        return c

    yield make
    for c in clients:
        c.close()


def wait_job(c: TestClient, status_url: str) -> dict:
    """The state of an import started on *Impor*, once it has finished or failed."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = c.get(status_url).json()
        if job["state"] in ("selesai", "gagal"):
            return job
        time.sleep(0.2)
    raise AssertionError("the import did not finish")


class Helpers:
    """Shared helpers, handed to test modules by the ``h`` fixture."""

    password = PASSWORD
    evil = EVIL
    csrf_of = staticmethod(csrf_of)
    login = staticmethod(login)
    wait_job = staticmethod(wait_job)


@pytest.fixture
def h() -> Helpers:
    """Helpers for test modules (imported conftest modules are not importable by name)."""
    return Helpers()
