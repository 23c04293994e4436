"""`pantau actors`, `pantau coordination` and `pantau network export` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pantau.cli import app
from pantau.demo.generator import generate

runner = CliRunner()


def run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


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
    code, text = run(tmp_path, "actors", "--json", "--limit", "5")
    assert code == 0 and len(json.loads(text)) <= 5
    out = tmp_path / "graf.gexf"
    code, text = run(tmp_path, "network", "export", str(out))
    assert code == 0 and out.read_text("utf-8").startswith("<?xml")
