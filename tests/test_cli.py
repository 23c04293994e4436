"""The ``pantau`` command end to end: one-line errors, --json output, the main commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pantau.cli import app

runner = CliRunner()


def pantau(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def test_init_import_posts_stats(tmp_path: Path) -> None:
    code, text = pantau(
        tmp_path,
        "init",
        "dinkominfo-x",
        "--name",
        "Diskominfo X",
        "--kind",
        "pemda",
        "--timezone",
        "WITA",
    )
    assert code == 0, text
    assert "WITA" in text
    posts = tmp_path / "p.jsonl"
    posts.write_text(
        "\n".join(
            json.dumps(
                {
                    "platform": "x",
                    "id": str(i),
                    "created_at": f"2026-11-17T0{i}:00:00+08:00",
                    "text": f"banjir di kota {i}",
                    "author": f"warga{i % 2}",
                    "likes": i,
                }
            )
            for i in range(5)
        )
        + "\n{rusak\n",
        "utf-8",
    )
    code, text = pantau(tmp_path, "import", str(posts), "--json")
    assert code == 0, text
    summary = json.loads(text)[0]
    assert (summary["new"], summary["rejected"]) == (5, 1)
    code, text = pantau(tmp_path, "posts", "--json", "-q", "KOTA 3")
    assert code == 0, text
    listed = json.loads(text)
    assert listed["total"] == 1 and listed["posts"][0]["external_id"] == "3"
    code, text = pantau(tmp_path, "posts", "--json", "--author", "@warga1", "--limit", "1")
    assert json.loads(text)["total"] == 2 and len(json.loads(text)["posts"]) == 1
    code, text = pantau(
        tmp_path, "posts", "--json", "--since", "2026-11-17", "--until", "2026-11-17"
    )
    assert json.loads(text)["total"] == 5
    code, text = pantau(tmp_path, "stats", "--json")
    stats = json.loads(text)
    assert stats["posts"] == 5 and stats["by_platform"] == {"x": 5}
    assert stats["by_day"] == {"2026-11-17": 5}  # local days in WITA
    code, text = pantau(tmp_path, "posts")
    assert code == 0 and "WITA" in text and "banjir di kota 4" in text
    code, text = pantau(tmp_path, "export", str(tmp_path / "semua.xlsx"), "--json")
    assert code == 0 and json.loads(text)["posts"] == 5
    assert (tmp_path / "semua.xlsx").stat().st_size > 0
    code, text = pantau(tmp_path, "imports", "--json")
    assert json.loads(text)[0]["rows_rejected"] == 1


def test_user_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "pantau",
        "--data-dir",
        str(tmp_path / "d"),
        "import",
        str(tmp_path / "tidak-ada.jsonl"),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "workspace" in result.stderr  # no workspace yet: says how to make one


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", "Bad Slug"], "slug"),
        (["init", "ok", "--timezone", "Mars"], "zona waktu"),
        (["posts", "--platform", "myspace"], "platform"),
        (["posts", "--since", "kemarin"], "tanggal"),
        (["import", "--format", "docx", "x.jsonl"], "format"),
    ],
)
def test_bad_arguments_are_explained(tmp_path: Path, args: list[str], message: str) -> None:
    from pantau.errors import PantauError

    pantau(tmp_path, "init", "ws")
    if args[0] == "import":
        (tmp_path / "x.jsonl").write_text("{}\n")
        args = [*args[:-1], str(tmp_path / "x.jsonl")]
    result = runner.invoke(app, ["--data-dir", str(tmp_path / "data"), *args])
    assert result.exit_code != 0
    assert isinstance(result.exception, PantauError) and message in str(result.exception)


def test_formats_lists_every_importer(tmp_path: Path) -> None:
    code, text = pantau(tmp_path, "formats", "--json")
    assert code == 0
    assert {f["name"] for f in json.loads(text)} == {
        "jsonl",
        "csv",
        "xlsx",
        "parquet",
        "x-v2",
        "feed",
    }
