"""``pantau bimtek …`` through Typer, mounted the way ``pantau.cli`` will mount it."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner, Result

from pantau.cli.commands.training import app as training_app
from pantau.cli.context import global_options as _global
from pantau.store import open_database
from pantau.store.workspaces import create_workspace

runner = CliRunner()
cli = typer.Typer()
cli.callback()(_global)
cli.add_typer(training_app, name="bimtek")


def invoke(tmp_path: Path, *args: str) -> Result:
    db = f"sqlite:///{tmp_path / 'data' / 'pantau.db'}"
    return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), "--database-url", db, *args])


def run(tmp_path: Path, *args: str) -> str:
    result = invoke(tmp_path, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def make_workspace(tmp_path: Path) -> None:
    """The database under ``tmp_path/data`` with one workspace, ``uji`` (WIB)."""
    (tmp_path / "data").mkdir()
    engine = open_database(f"sqlite:///{tmp_path / 'data' / 'pantau.db'}")
    create_workspace(engine, "uji", "Uji", "pemda", "Asia/Jakarta")
    engine.dispose()


def test_cli_event_import_results_winners(tmp_path: Path) -> None:
    make_workspace(tmp_path)

    ev = json.loads(
        run(
            tmp_path,
            "bimtek",
            "event",
            "create",
            "Bimtek Humas",
            "--start",
            "2026-11-20",
            "--pre-open",
            "2026-11-20 08:00",
            "--pre-close",
            "2026-11-20 09:00",
            "--json",
        )
    )
    assert ev["pre_opens_at"].startswith("2026-11-20T01:00")  # 08.00 WIB in UTC
    (tmp_path / "p.csv").write_text(
        "nama,instansi,email,mode\nAni,BPS,ani@bps.go.id,onsite\nBudi,BPS,,entah\n",
        encoding="utf-8",
    )
    out = run(
        tmp_path,
        "bimtek",
        "participants",
        "import",
        str(tmp_path / "p.csv"),
        "--event",
        str(ev["id"]),
    )
    assert "1 baru" in out and "1 ditolak" in out
    (tmp_path / "q.csv").write_text(
        "tes,pertanyaan,opsi_a,opsi_b,kunci\npre,Apa?,x,y,A\npost,Apa?,x,y,B\n", encoding="utf-8"
    )
    s = json.loads(
        run(
            tmp_path,
            "bimtek",
            "questions",
            "import",
            str(tmp_path / "q.csv"),
            "--event",
            str(ev["id"]),
            "--json",
        )
    )
    assert s["rows_new"] == 2
    res = json.loads(run(tmp_path, "bimtek", "results", str(ev["id"]), "--json"))
    assert res["participants"][0]["gain_note"].startswith("belum lengkap")
    assert "Ani" in run(tmp_path, "bimtek", "results", str(ev["id"]))
    w = json.loads(run(tmp_path, "bimtek", "winners", str(ev["id"]), "--count", "2", "--json"))
    assert w == {"onsite": [], "online": []}
    assert "belum ada" in run(tmp_path, "bimtek", "winners", str(ev["id"]), "--test", "pre")
