"""Exports open in Excel and the canonical JSON Lines export imports again without loss."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from pantau.errors import PantauError
from pantau.export import export_posts
from pantau.ingest.importer import import_file
from pantau.monitor.topics import add_topic
from pantau.records import Workspace
from pantau.store.posts import PostFilter, list_posts
from pantau.store.schema import post_enrichment, posts
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
    assert rows[0]["id post"] == '="1860000000000000001"'  # Excel keeps every digit
    assert rows[0]["waktu"] == "2026-11-17T08:15:02+07:00"
    assert rows[0]["tagar"] == "PupukLangka"
    assert export_posts(engine, workspace, tmp_path / "p.xlsx", "xlsx") == 2
    sheet = load_workbook(tmp_path / "p.xlsx").active
    values = list(sheet.values)
    assert values[0][:3] == ("platform", "id post", "waktu")
    assert {v[0] for v in values[1:]} == {"x", "news"}
    assert any(v[1] == "1860000000000000001" for v in values[1:])  # long id kept as text


def test_exports_for_people_carry_what_pantau_found_and_split_for_indonesian_excel(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    _seed(engine, workspace, tmp_path)
    add_topic(engine, workspace, "Pupuk", "pupuk")
    with engine.begin() as conn:
        (pid,) = conn.execute(
            select(posts.c.id).where(posts.c.external_id == "1860000000000000001")
        ).one()
        conn.execute(
            post_enrichment.insert().values(
                workspace_id=workspace.id, post_id=pid, normalized_text="x", language="id",
                sentiment="negative", sentiment_score=0.9, polarity=-0.8, emotion="anger",
                emotion_score=0.7, model_version="t", enriched_at=datetime(2026, 12, 1),
            )
        )  # fmt: skip
    path = tmp_path / "id.csv"
    export_posts(engine, workspace, path, "csv", separator=";")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = {r["platform"]: r for r in csv.DictReader(f, delimiter=";")}
    assert rows["x"]["sentimen (model)"] == "negatif" and rows["x"]["emosi (model)"] == "marah"
    assert rows["x"]["topik"] == "Pupuk" and rows["news"]["topik"] == ""
    assert rows["news"]["judul"] == "Kartu Tani"
    with pytest.raises(PantauError, match="pemisah"):
        export_posts(engine, workspace, path, "csv", separator="|")
