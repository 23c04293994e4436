"""What is installed and what an upgrade will do: ``pantau version`` (software, schema and model
versions), ``pantau upgrade --check`` (pending migrations, backups) and ``pantau upgrade``; the
version written once and named by the changelog; the build pin kept in step."""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.store._revisions import migrated_to
from typer.testing import CliRunner, Result

from pantau import __version__
from pantau.cli import app
from pantau.errors import PantauError
from pantau.release import find_backups
from pantau.store import open_database
from pantau.store.engine import read_schema_status

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "src" / "pantau" / "store" / "migrations" / "versions"


def _chain() -> list[str]:
    """The revisions in the order Alembic applies them: following ``down_revision``, not the
    numbers (0025 was placed after 0028 when two lines of work were merged)."""
    down: dict[str, str | None] = {}
    for path in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"):
        found = re.search(r'^down_revision = "?(\w+)"?$', path.read_text(), re.MULTILINE)
        down[path.name[:4]] = None if found is None or found[1] == "None" else found[1]
    after = {parent: child for child, parent in down.items()}
    chain, at = [], after[None]
    while at is not None:
        chain.append(at)
        at = after.get(at)
    assert len(chain) == len(down), "the migrations form one line"
    return chain


REVISIONS = _chain()
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_installed_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(tmp_path / "models"))


def invoke(data_dir: Path, db_url: str, *args: str) -> Result:
    return runner.invoke(app, ["--data-dir", str(data_dir), "--database-url", db_url, *args])


def pantau(data_dir: Path, db_url: str, *args: str) -> tuple[int, str]:
    result = invoke(data_dir, db_url, *args)
    return result.exit_code, result.output


def test_version_reports_schema_and_models_without_touching_a_new_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "pantau.db"
    code, output = pantau(tmp_path / "data", f"sqlite:///{database}", "version", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["version"] == __version__
    assert report["database"]["current"] is None
    assert report["database"]["head"] == REVISIONS[-1]
    assert [m["revision"] for m in report["database"]["pending"]] == REVISIONS
    assert not database.exists() and not database.parent.exists()
    assert {task: m["kind"] for task, m in report["models"].items()} == {
        "sentiment": "lexicon",
        "emotion": "lexicon",
    }

    open_database(f"sqlite:///{database}").dispose()
    code, output = pantau(tmp_path / "data", f"sqlite:///{database}", "version")
    assert code == 0, output
    assert output.splitlines()[0].startswith(f"pantau {__version__} ")
    assert f"revisi {REVISIONS[-1]} (terbaru)" in output


def test_version_survives_an_unreachable_database_and_hides_its_password(tmp_path: Path) -> None:
    url = "postgresql+psycopg://pantau:rahasia-sekali@127.0.0.1:9/pantau?connect_timeout=2"
    code, output = pantau(tmp_path, url, "version", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["version"] == __version__
    assert report["database"]["error"]
    assert "rahasia-sekali" not in output


def test_upgrade_check_lists_what_the_installed_version_will_apply(
    db_url: str, tmp_path: Path
) -> None:
    migrated_to(db_url, "0018").dispose()
    data = tmp_path / "data"
    code, output = pantau(data, db_url, "upgrade", "--check", "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["database"]["current"] == "0018"
    assert [m["revision"] for m in report["database"]["pending"]] == REVISIONS[18:]
    assert report["database"]["pending"][0]["title"].startswith("Issue titles an analyst gave")
    assert report["backup"] == {
        "folder": str(data / "backups"), "found": False, "count": 0, "newest": None
    }  # fmt: skip
    assert read_schema_status(db_url).current == ("0018",)  # the check changed nothing

    code, output = pantau(data, db_url, "upgrade", "--check")
    assert "tidak ada cadangan ditemukan" in output and "docs/upgrade.md" in output
    assert "0019  Issue titles an analyst gave" in output

    (data / "backups").mkdir(parents=True)
    (data / "backups" / "pantau-sebelum-upgrade.db").write_bytes(b"x" * 10)
    code, output = pantau(data, db_url, "upgrade", "--json")
    assert code == 0, output
    applied = json.loads(output)["applied"]
    assert [m["revision"] for m in applied] == REVISIONS[18:]
    code, output = pantau(data, db_url, "upgrade", "--check", "--json")
    report = json.loads(output)
    assert report["database"]["up_to_date"] and report["database"]["pending"] == []
    assert report["backup"]["newest"]["path"].endswith("pantau-sebelum-upgrade.db")
    code, output = pantau(data, db_url, "upgrade")
    assert code == 0 and "sudah terbaru" in output


def test_a_database_newer_than_the_software_is_named_not_touched(
    db_url: str, tmp_path: Path
) -> None:
    engine = open_database(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    code, output = pantau(tmp_path, db_url, "upgrade", "--check", "--json")
    assert code == 0, output
    database = json.loads(output)["database"]
    assert database["newer_than_software"] == ["0999"] and not database["up_to_date"]
    result = invoke(tmp_path, db_url, "upgrade")
    assert isinstance(result.exception, PantauError)
    assert "lebih baru" in str(result.exception) and "0999" in str(result.exception)
    assert read_schema_status(db_url).current == ("0999",)


def test_backups_newest_first(tmp_path: Path) -> None:
    assert find_backups(tmp_path / "none") == []
    for age, name in enumerate(["c.dump", "a.db", "b.sql.gz"]):
        path = tmp_path / name
        path.write_text(name)
        os.utime(path, (1_800_000_000 - age * 3600, 1_800_000_000 - age * 3600))
    (tmp_path / "folder").mkdir()
    assert [b.path.name for b in find_backups(tmp_path)] == ["c.dump", "a.db", "b.sql.gz"]


def test_changelog_has_an_entry_for_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, flags=re.MULTILINE)
    assert headings[0] == "Unreleased"
    release = re.match(r"\d+\.\d+\.\d+", __version__)
    assert release is not None
    if release.group(0) == __version__:  # a release version: its entry is written and dated
        assert re.search(
            rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M
        )


def test_build_requirement_pinned_as_in_the_constraints() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "constraints.txt").read_text().split()
        if "==" in line
    )
    assert project["build-system"]["requires"] == [f"setuptools=={pins['setuptools']}"]
    assert project["project"]["license"] == "Apache-2.0"
    assert (ROOT / "LICENSE").read_text().lstrip().startswith("Apache License")
