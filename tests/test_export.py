"""Exports open in Excel and the canonical JSON Lines export imports again without loss."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import Engine

from pantau.export import export_posts
from pantau.ingest.importer import import_file
from pantau.records import Workspace
from pantau.store.posts import PostFilter, list_posts
from pantau.store.workspaces import create_workspace

POSTS = [
    {
        "platform": "x",
        "id": "1860000000000000001",
        "created_at": "2026-11-17T08:15:02+07:00",
        "text": "pupuk langka lagi 😡 #PupukLangka",
        "author": "budi",
        "likes": 3,
        "hashtags": ["PupukLangka"],
        "mentions": ["kementan"],
        "reply_to": "1860000000000000000",
    },
    {
        "platform": "news",
        "created_at": "2026-11-17T09:00:00+07:00",
        "title": "Kartu Tani",
        "text": "Isi berita",
        "url": "https://warta.example.id/kartu",
    },
]


def _seed(engine: Engine, ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in POSTS), "utf-8")
    import_file(engine, ws, path, rejects_dir=tmp_path / "rejects")


def _comparable(rows: list[dict]) -> list[tuple]:
    keys = (
        "platform",
        "external_id",
        "created_at",
        "text",
        "title",
        "author",
        "likes",
        "hashtags",
        "mentions",
        "reply_to",
        "url",
    )
    return sorted(tuple(r[k] for k in keys) for r in rows)


def test_jsonl_export_round_trips(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    _seed(engine, workspace, tmp_path)
    out = tmp_path / "out.jsonl"
    assert export_posts(engine, workspace, out, "jsonl") == 2
    other = create_workspace(engine, "salinan", "Salinan", "lembaga", "Asia/Makassar")
    summary = import_file(engine, other, out, rejects_dir=tmp_path / "rejects")
    assert (summary.new, summary.rejected) == (2, 0)
    with engine.connect() as conn:
        original = list_posts(conn, workspace.id, PostFilter())
        copy = list_posts(conn, other.id, PostFilter())
    assert _comparable(original) == _comparable(copy)


def test_csv_and_xlsx_exports(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    _seed(engine, workspace, tmp_path)
    assert export_posts(engine, workspace, tmp_path / "p.csv", "csv", PostFilter(platform="x")) == 1
    with open(tmp_path / "p.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["id"] == "1860000000000000001"
    assert rows[0]["created_at"] == "2026-11-17T08:15:02+07:00"
    assert rows[0]["hashtags"] == "PupukLangka"
    assert export_posts(engine, workspace, tmp_path / "p.xlsx", "xlsx") == 2
    sheet = load_workbook(tmp_path / "p.xlsx").active
    values = list(sheet.values)
    assert values[0][:3] == ("platform", "id", "created_at")
    assert {v[0] for v in values[1:]} == {"x", "news"}
    assert any(v[1] == "1860000000000000001" for v in values[1:])  # long id kept as text
