"""Shared fixtures. Database tests run on SQLite and on a throwaway PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.monitor import insert_issue
from pantau.store.throwaway import ThrowawayPostgres, find_pg_bin
from pantau.store.workspaces import create_workspace

PG_BIN = find_pg_bin()
_db_names = itertools.count()


def pytest_report_header(config: pytest.Config) -> str:
    if PG_BIN is None:
        return (
            "PostgreSQL: server binaries NOT FOUND (initdb/pg_ctl) — "
            "PostgreSQL tests are SKIPPED; install postgresql to run them"
        )
    return f"PostgreSQL: throwaway server from {PG_BIN}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[ThrowawayPostgres]:
    if PG_BIN is None:
        pytest.skip("PostgreSQL server binaries not found: PostgreSQL tests skipped")
    with ThrowawayPostgres(PG_BIN) as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pantau.db'}"
    server: ThrowawayPostgres = request.getfixturevalue("pg_server")
    return server.create_database(f"t{next(_db_names)}")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = open_database(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def workspace(engine: Engine) -> Workspace:
    return create_workspace(engine, "uji", "Dinas Uji Coba", "pemda", "Asia/Jakarta")


def _store_issue(
    engine: Engine,
    ws: Workspace,
    label: str,
    terms: list[str],
    *,
    at: datetime,
    priority: str = "perlu perhatian",
    score: float = 0.5,
    status: str = "baru",
    owner: str | None = None,
    hoax: str | None = None,
    text: str = "",
) -> int:
    hour = at.replace(minute=0, second=0, microsecond=0).isoformat()
    metrics = {
        "posts": 12,
        "series": {hour: 12},
        "top_posts": [{"id": 1, "platform": "x", "text": text}],
        "hoax": {"claim": hoax, "posts": 3} if hoax else None,
    }
    with engine.begin() as conn:
        return insert_issue(
            conn,
            ws.id,
            {
                "label": label, "terms": terms, "first_seen": at, "last_seen": at,
                "stage": "berkembang", "priority": priority, "priority_score": score,
                "why": "-", "suggested_response": "klarifikasi", "status": status,
                "owner": owner, "metrics": metrics, "created_at": at, "updated_at": at,
            },
        )  # fmt: skip


@pytest.fixture(scope="session")
def store_issue() -> Callable[..., int]:
    """Store an issue as monitoring would, for tests of what reads the issue tables."""
    return _store_issue
