"""Damaged and hostile files: a clear error or a rejects report, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pantau.errors import PantauError
from pantau.ingest.importer import import_file
from pantau.search import search_terms
from pantau.store import open_database
from pantau.store.workspaces import create_workspace


@pytest.fixture(scope="module")
def sqlite_ws(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("bad")
    engine = open_database(f"sqlite:///{folder / 'p.db'}")
    return engine, create_workspace(engine, "buruk", "Uji", "pemda", "Asia/Jakarta"), folder


def test_empty_file_is_a_clear_error(sqlite_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine, ws, folder = sqlite_ws
    (tmp_path / "kosong.jsonl").write_bytes(b"")
    with pytest.raises(PantauError, match="kosong"):
        import_file(engine, ws, tmp_path / "kosong.jsonl", rejects_dir=folder)


def test_damaged_workbook_goes_to_rejects(sqlite_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine, ws, folder = sqlite_ws
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    summary = import_file(engine, ws, path, rejects_dir=folder)
    assert (summary.format, summary.new, summary.rejected) == ("xlsx", 0, 1)
    assert "tidak bisa dibuka" in Path(summary.rejects_path).read_text("utf-8-sig")


def test_hostile_text_is_stored_verbatim_but_nul(sqlite_ws, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    engine, ws, folder = sqlite_ws
    hostile = "<script>alert('x')</script>'; DROP TABLE posts; -- \u202e\x00 ‮"
    post = {"platform": "x", "id": "h1", "created_at": "2026-11-17", "text": hostile}
    path = tmp_path / "hostile.jsonl"
    path.write_text(json.dumps(post) + "\n", "utf-8")
    summary = import_file(engine, ws, path, rejects_dir=folder)
    assert summary.new == 1
    from pantau.store.posts import PostFilter, list_posts

    with engine.connect() as conn:
        rows = list_posts(conn, ws.id, PostFilter(terms=search_terms("DROP TABLE")))
    # NUL characters are removed (PostgreSQL holds none); the rest is kept as it came
    assert rows[0]["text"] == hostile.replace("\x00", "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=2000))
def test_arbitrary_bytes_never_crash_the_importer(sqlite_ws, data: bytes) -> None:  # type: ignore[no-untyped-def]
    engine, ws, folder = sqlite_ws
    path = folder / "acak.jsonl"
    path.write_bytes(data)
    try:
        summary = import_file(engine, ws, path, rejects_dir=folder, fmt="jsonl")
    except PantauError:
        return
    assert summary.read == summary.new + summary.updated + summary.duplicate + summary.rejected
