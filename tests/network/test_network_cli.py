"""`pantau actors`, `pantau coordination` and `pantau network export` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli import app
from pantau.demo.generator import generate
from pantau.errors import PantauError

runner = CliRunner()


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def failure(tmp_path: Path, *args: str) -> str:
    """The one-line error a failing command shows."""
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    assert result.exit_code == 1 and isinstance(result.exception, PantauError)
    return str(result.exception)


def test_network_commands_on_a_small_demo(tmp_path: Path) -> None:
    posts, truth = generate(n_posts=4000)
    path = tmp_path / "demo.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts), "utf-8")
    assert run(tmp_path, "init", "demo")[0] == 0
    assert run(tmp_path, "import", str(path), "--no-enrich")[0] == 0
    code, text = run(tmp_path, "coordination", "--json")
    assert code == 0, text
    groups = json.loads(text)["groups"]
    members = {m["handle"] for g in groups for m in g["members"]}
    assert members and len(members & truth.ring_handles) / len(members) >= 0.8
    assert run(tmp_path, "run", "--only", "actors")[0] == 0
    code, text = run(tmp_path, "actors", "--json", "--limit", "5")
    assert code == 0 and len(json.loads(text)) == 5
    code, text = run(tmp_path, "actors", "--json", "--since", "2026-11-16", "--until", "2026-11-16")
    assert code == 0 and 0 < len(json.loads(text)) <= 30
    out = tmp_path / "graf.gexf"
    code, text = run(tmp_path, "network", "export", str(out))
    assert code == 0 and out.read_text("utf-8").startswith("<?xml")


def test_account_lists_and_camps_from_the_command_line(tmp_path: Path) -> None:
    posts, _ = generate(n_posts=3000)
    path = tmp_path / "demo.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in posts), "utf-8")
    assert run(tmp_path, "init", "demo")[0] == 0
    assert run(tmp_path, "import", str(path), "--no-enrich")[0] == 0
    author = posts[0]["author"]
    code, text = run(
        tmp_path, "network", "accounts", "add", "x", f"@{author}", "--type", "pemerintah",
        "--institution", "Dinas Kominfo", "--json",
    )  # fmt: skip
    assert code == 0, text
    assert json.loads(text)["type"] == "government"
    csv_file = tmp_path / "akun.csv"
    csv_file.write_text("platform,handle,type,institution\nx,kabar_kita,media,\n", "utf-8")
    code, text = run(tmp_path, "network", "accounts", "import", str(csv_file))
    assert code == 0 and "1 baru" in text, text
    code, text = run(tmp_path, "network", "accounts", "show", "--json")
    assert {r["handle"] for r in json.loads(text)} == {author.lower(), "kabar_kita"}
    assert run(tmp_path, "run", "--only", "actors")[0] == 0
    code, text = run(tmp_path, "actors", "--json", "--limit", "0")
    actor = next(a for a in json.loads(text) if a["handle"] == author)
    assert actor["institution"] == "Dinas Kominfo" and actor["type"] == "government"
    code, text = run(tmp_path, "network", "accounts", "remove", "x", "kabar_kita")
    assert code == 0 and "dihapus" in text
    assert "tidak ada di daftar" in failure(
        tmp_path, "network", "accounts", "remove", "x", "kabar_kita"
    )
    assert "jenis akun tidak dikenal" in failure(
        tmp_path, "network", "accounts", "add", "x", "a", "--type", "buzzer"
    )

    assert run(tmp_path, "run")[0] == 0
    code, text = run(tmp_path, "issues", "list", "--json")
    assert code == 0, text
    issue_id = json.loads(text)[0]["id"]
    code, text = run(tmp_path, "network", "camps", "--issue", str(issue_id), "--json")
    assert code == 0, text
    result = json.loads(text)
    assert result["issue_id"] == issue_id and len(result["nodes"]) <= 150 and result["summary"]
    code, text = run(tmp_path, "network", "camps", "--issue", str(issue_id))
    assert code == 0 and "akun terhubung" in text
    assert "tidak ditemukan" in failure(tmp_path, "network", "camps", "--issue", "99999")
    out = tmp_path / "isu.gexf"
    code, text = run(tmp_path, "network", "export", str(out), "--issue", str(issue_id), "--json")
    assert code == 0, text
    assert json.loads(text)["nodes"] == result["stats"]["accounts"]
    assert 'title="community"' in out.read_text("utf-8")
