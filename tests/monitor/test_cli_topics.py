"""``pantau topics …`` through a test app that mounts the sub-app, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from pantau.cli.commands.topics import app as topics_app
from pantau.cli.context import state
from pantau.config import load_settings
from pantau.ingest.importer import import_file
from pantau.monitor.query import QuerySyntaxError
from pantau.records import Workspace

TEXTS = (
    "Harga beras gak naik, stok Bulog aman",
    "harga beras nggak naik tapi cabai naik",
    "Banjir rob di Pekalongan, warga mengungsi",
)
POSTS = [
    {"platform": "x", "id": str(1000 + i), "created_at": "2026-11-17T08:00:00+07:00", "text": t}
    for i, t in enumerate(TEXTS)
]

runner = CliRunner()


@pytest.fixture
def pantau(engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in POSTS), "utf-8")
    import_file(engine, workspace, path, rejects_dir=tmp_path / "rejects")
    monkeypatch.setattr(state, "settings", load_settings(tmp_path, str(engine.url)), raising=False)
    monkeypatch.setattr(state, "_engine", engine)
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        pass

    root.add_typer(topics_app, name="topics")

    def invoke(*args: str) -> tuple[int, str, BaseException | None]:
        result = runner.invoke(root, ["topics", *args])
        return result.exit_code, result.output, result.exception

    return invoke


def test_topics_commands_end_to_end(pantau) -> None:  # type: ignore[no-untyped-def]
    code, text, _ = pantau(
        "add", "Harga Beras", "-q", '"beras tidak naik"', "-c", "ekonomi", "-o", "Tim Humas"
    )
    assert code == 0, text
    assert "cocok dengan 2 post" in text
    code, text, _ = pantau("add", "Semua", "-q", "NOT gempa", "--json")
    assert code == 0, text
    assert json.loads(text)["matches"] == 3
    code, text, _ = pantau("list", "--json")
    listed = json.loads(text)
    assert [(t["name"], t["category"], t["matches"]) for t in listed] == [
        ("Harga Beras", "ekonomi", 2),
        ("Semua", "lainnya", 3),
    ]
    code, text, _ = pantau("list")
    assert code == 0 and "Harga Beras" in text and "Tim Humas" in text
    code, text, _ = pantau("edit", "harga beras", "--query", "banjir", "--inactive", "--json")
    assert code == 0, text
    assert (json.loads(text)["active"], json.loads(text)["matches"]) == (False, 0)
    code, text, _ = pantau("match", "--json")
    assert json.loads(text)["topics"] == 1
    code, text, _ = pantau("delete", "Semua")
    assert code == 0 and "3 kecocokan ikut dihapus" in text


def test_topics_test_command_and_warnings(pantau) -> None:  # type: ignore[no-untyped-def]
    code, text, _ = pantau("test", "gak naik", "--json")
    assert code == 0, text
    result = json.loads(text)
    assert (result["matches"], result["posts"], len(result["samples"])) == (2, 3, 2)
    code, text, _ = pantau("test", "beras")
    assert "2 dari 3 post cocok" in text and "Contoh terbaru" in text
    code, text, _ = pantau("test", "gempa")
    assert "tidak ada post yang cocok" in text
    code, text, _ = pantau("test", "NOT gempa")
    assert "semua post cocok" in text
    code, _, exc = pantau("test", "(beras OR cabai")
    assert code == 1 and isinstance(exc, QuerySyntaxError)
    assert "kurung tutup kurang untuk '(' di posisi 1" in str(exc)
