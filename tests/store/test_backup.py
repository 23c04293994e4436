"""``pantau backup`` during writes and ``pantau restore`` into a new place, on SQLite and
PostgreSQL: the copy is consistent, restorable, and holds what was there before it began."""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from tests.web.conftest import make_posts, seed_posts

from pantau.errors import PantauError
from pantau.monitor.topics import add_topic, list_topics
from pantau.records import Workspace
from pantau.store import open_database
from pantau.store.backup import backup_database, restore_database
from pantau.store.schema import posts

_names = itertools.count()


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(posts)).scalar_one())


def test_backup_during_writes_restores_into_a_new_place(
    engine: Engine,
    workspace: Workspace,
    db_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    start = datetime(2026, 11, 16, 1, 0)
    seed_posts(engine, workspace, make_posts(200, "a", start))
    add_topic(engine, workspace, "Pupuk", "pupuk")  # made minutes before the backup
    before = _count(engine)
    stop = threading.Event()

    def keep_writing() -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            seed_posts(engine, workspace, make_posts(20, f"w{n}-", start))

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        target = backup_database(db_url, tmp_path / "cadangan" / "pantau.bak")
    finally:
        stop.set()
        writer.join()
    after = _count(engine)
    with pytest.raises(PantauError, match="sudah ada"):
        backup_database(db_url, target)
    if db_url.startswith("sqlite"):
        restored_url = f"sqlite:///{tmp_path / 'baru' / 'pantau.db'}"
    else:
        restored_url = request.getfixturevalue("pg_server").create_database(f"r{next(_names)}")
    restore_database(restored_url, target)
    restored = open_database(restored_url)
    try:
        assert before <= _count(restored) <= after
        assert [t.name for t in list_topics(restored, workspace)] == ["Pupuk"]
    finally:
        restored.dispose()


def test_restoring_something_else_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "bukan.db"
    bogus.write_text("ini bukan basis data")
    with pytest.raises(PantauError, match="bukan"):
        restore_database(f"sqlite:///{tmp_path / 'x' / 'pantau.db'}", bogus)
    with pytest.raises(PantauError, match="tidak ditemukan"):
        restore_database(f"sqlite:///{tmp_path / 'x' / 'pantau.db'}", tmp_path / "hilang.db")
