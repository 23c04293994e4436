"""No value in an imported row can abort an import: every value a database cannot hold becomes
a rejected row with its line and reason (or a documented cut), on SQLite and PostgreSQL, and
running the same import again adds nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from pantau.ingest.canonical import MAX_ID, MAX_RAW
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store.posts import count_posts

GOOD = {"platform": "x", "created_at": "2026-11-16T08:00:00+07:00", "text": "harga pupuk"}
HOSTILE = [
    ("views", 10**19),
    ("likes", 1e300),
    ("replies", -1),
    ("reposts", float("nan")),
    ("created_at", "0001-01-01T00:00:00"),
    ("created_at", "9999-12-31T23:59:59-05:00"),
    ("created_at", "1970-01-01T00:00:00Z"),
    ("created_at", 0),
    ("id", 10**20),
    ("id", "x" * (MAX_ID + 1)),
    ("author", "a" * 301),
    ("url", "https://" + "u" * 5000),
    ("lang", "bahasa indonesia yang panjang"),
    ("reply_to", "r" * (MAX_ID + 1)),
    ("text", "teks dengan \x00 NUL"),
    ("author_name", "nama \x00"),
    ("hashtags", ["#ok", "#nu\x00l"]),
    ("id", "id\x00nul"),
    ("text", "x" * (MAX_RAW + 1)),
    ("collected_at", "0001-01-01"),
]


def _line(record: dict) -> str:
    """One JSON line (big integers and NaN written as JSON readers see them in the wild)."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def _import(engine: Engine, workspace: Workspace, path: Path, rejects: Path):  # type: ignore[no-untyped-def]
    return import_file(engine, workspace, path, rejects_dir=rejects, fmt="jsonl")


def _rejected_lines(summary) -> list[int]:  # type: ignore[no-untyped-def]
    if summary.rejects_path is None:
        return []
    with open(summary.rejects_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return [int(r["baris"]) for r in rows]


def test_every_hostile_value_is_stored_safely_or_rejected_with_its_line(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    lines = []
    for i, (field, value) in enumerate(HOSTILE):
        lines.append({**GOOD, "id": f"h{i}", field: value})
    lines.append({**GOOD, "id": "last"})  # a good row after every bad one still goes in
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(_line(p) for p in lines), "utf-8")
    summary = _import(engine, workspace, path, tmp_path / "rejects")
    assert summary.read == len(lines)
    assert summary.new + summary.rejected == summary.read
    rejected = _rejected_lines(summary)
    assert len(rejected) == summary.rejected
    stored = {i + 1 for i in range(len(lines))} - set(rejected)
    # an id of 10**20 is kept as text; the NUL in text, name and tags is removed; everything
    # else listed here is refused
    assert stored == {9, 15, 16, 17, len(lines)}, rejected
    with engine.connect() as conn:
        assert count_posts(conn, workspace.id) == summary.new
    again = _import(engine, workspace, path, tmp_path / "rejects")
    assert again.new == 0 and again.rejected == summary.rejected


def test_posts_without_ids_with_odd_links_are_imported_once(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    """A post without an id is known by its link: a link with a port that is not a number or
    out of range, an IPv6 host or spaces before its query still gives one key, run after run."""
    links = [
        "https://a.id:port/x",
        "https://a.id:99999/x",
        "http://[2001:db8::1]:8080/a/",
        "https://a.id/b/\x0c?",
        "https://a.id/c?q=%ZZ",
    ]
    path = tmp_path / "links.jsonl"
    path.write_text(
        "".join(_line({**GOOD, "text": f"pos {i}", "url": u}) for i, u in enumerate(links)), "utf-8"
    )
    summary = _import(engine, workspace, path, tmp_path / "rejects")
    assert (summary.new, summary.rejected) == (len(links), 0)
    again = _import(engine, workspace, path, tmp_path / "rejects")
    assert (again.new, again.rejected, again.duplicate) == (0, 0, len(links))


hostile_values = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from("\x00\u202e\ud7ff<>'\";"), max_size=10),
    st.sampled_from(["0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00", "2026-02-30", ""]),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=5), max_size=3),
)
FIELDS = ["id", "author", "text", "title", "created_at", "likes", "views", "url", "lang",
          "hashtags", "mentions", "reply_to", "author_followers", "author_name"]  # fmt: skip


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.dictionaries(st.sampled_from(FIELDS), hostile_values, max_size=5), max_size=12))
def test_hostile_records_fuzz(
    engine: Engine, workspace: Workspace, tmp_path_factory, changes
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("fuzz")
    records = [{**GOOD, "id": f"f{n}", **change} for n, change in enumerate(changes)]
    path = folder / "fuzz.jsonl"
    path.write_text("".join(_line(r) for r in records) or "{}\n", "utf-8")
    summary = _import(engine, workspace, path, folder / "rejects")
    assert summary.new + summary.updated + summary.duplicate + summary.rejected == summary.read
    assert len(_rejected_lines(summary)) == summary.rejected
    again = _import(engine, workspace, path, folder / "rejects")
    assert again.new == 0 and again.rejected == summary.rejected


@pytest.mark.parametrize("field", ["text", "title"])
def test_a_huge_line_is_one_rejected_row(
    engine: Engine, workspace: Workspace, tmp_path: Path, field: str
) -> None:
    path = tmp_path / "besar.jsonl"
    big = {**GOOD, "id": "besar", field: "kata " * (MAX_RAW // 5 + 10)}
    path.write_bytes(orjson.dumps(big) + b"\n" + orjson.dumps({**GOOD, "id": "kecil"}) + b"\n")
    summary = _import(engine, workspace, path, tmp_path / "rejects")
    assert (summary.new, summary.rejected) == (1, 1)
