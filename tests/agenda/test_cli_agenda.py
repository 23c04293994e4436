"""``pantau agenda …`` through a test app that mounts the sub-app, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from sqlalchemy import Engine
from tests.agenda.test_salience import store_agenda_posts
from typer.testing import CliRunner

from pantau.cli.commands.agenda import app as agenda_app
from pantau.cli.context import state
from pantau.config import load_settings
from pantau.errors import PantauError
from pantau.monitor.run import run_monitoring
from pantau.records import Workspace

runner = CliRunner()


@pytest.fixture
def pantau(engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    store_agenda_posts(engine, workspace)
    run_monitoring(engine, workspace)
    monkeypatch.setattr(state, "settings", load_settings(tmp_path, str(engine.url)), raising=False)
    monkeypatch.setattr(state, "_engine", engine)
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        pass

    root.add_typer(agenda_app, name="agenda")

    def invoke(*args: str) -> tuple[int, str]:
        result = runner.invoke(root, ["agenda", *args])
        if isinstance(result.exception, PantauError):  # pantau.cli prints these as one line
            return 1, str(result.exception)
        return result.exit_code, result.output

    return invoke


def test_agenda_commands_end_to_end(pantau, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, text = pantau("accounts", "add", "x", "@kemenpantara")
    assert code == 0 and "ditambahkan" in text
    code, text = pantau(
        "add",
        "Pupuk",
        "--from",
        "2026-11-16",
        "--to",
        "2026-12-31",
        "-k",
        "pupuk",
        "--priority",
        "tinggi",
        "-m",
        "Stok pupuk aman",
    )
    assert code == 0, text
    code, text = pantau("add", "Rusak", "--from", "2026-11-16", "--to", "2026-12-31", "-q", "(x")
    assert code == 1 and "tidak valid" in text
    code, text = pantau("list", "--json")
    items = json.loads(text)
    assert [(i["title"], i["query"], i["key_messages"]) for i in items] == [
        ("Pupuk", "pupuk", ["Stok pupuk aman"])
    ]
    code, text = pantau("edit", "Pupuk", "--priority", "sedang", "--json")
    assert json.loads(text)["priority"] == "sedang"

    exported = tmp_path / "agenda.yaml"
    code, text = pantau("export", "-o", str(exported))
    assert code == 0 and "judul: Pupuk" in exported.read_text("utf-8")
    code, text = pantau("import", str(exported), "--json")
    assert json.loads(text)["rows_unchanged"] == 1

    code, text = pantau("calendar", "add", "2026-11-17", "Rapat koordinasi")
    assert code == 0
    code, text = pantau("calendar", "--from", "2026-11-01", "--to", "2026-11-30", "--json")
    names = {d["name"]: d["kind"] for d in json.loads(text)}
    assert names["Rapat koordinasi"] == "tanggal instansi"
    assert names["Hari Pahlawan"] == "hari peringatan"

    code, text = pantau("salience", "--from", "2026-11-16", "--to", "2026-11-18", "--json")
    data = json.loads(text)
    # only x/kemenpantara is an own account here: its Instagram post counts as public
    assert data["totals"] == {"own": [1, 0, 0], "news": [1, 0, 1], "public": [3, 3, 1]}
    pupuk = next(o for o in data["objects"] if o["label"] == "Pupuk")
    assert pupuk["daily"]["own"] == [1, 0, 0] and pupuk["arenas"]["public"]["posts"] == 3

    code, text = pantau("analyse", "--from", "2026-11-16", "--to", "2026-11-18")
    assert code == 0, text
    assert "agenda instansi vs agenda publik" in text and "terlalu pendek untuk menilai" in text
    code, text = pantau("analyse", "--from", "2026-11-16", "--to", "2026-11-18", "--json")
    assert json.loads(text)["rank_correlations"][0]["name_b"] == "agenda publik"
    code, text = pantau("gaps", "--json")
    assert set(json.loads(text)) == {"push", "respond", "negative"}
    code, text = pantau("delete", "Pupuk")
    assert code == 0 and "dihapus" in text
