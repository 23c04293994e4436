"""Fixtures for the outreach tests: the export files, zips built from them, shortcuts to read
a file without a database and to import files into the ``engine``/``workspace`` database."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import typer
from sqlalchemy import Engine
from typer.testing import CliRunner

from pantau.cli import app as pantau_app
from pantau.cli.commands.outreach import app as outreach_app
from pantau.cli.context import state
from pantau.config import load_settings
from pantau.outreach.formats import ReadContext, detect
from pantau.outreach.importer import OutreachImportSummary, import_exports
from pantau.outreach.table import read_doc
from pantau.records import Workspace
from pantau.store.outreach_records import ChannelRef, Item

from .plans import Cli

FIXTURES = Path(__file__).parent / "fixtures"
WIB = ZoneInfo("Asia/Jakarta")

ReadExport = Callable[..., tuple[str, list[Item], list[str]]]


@pytest.fixture
def fx() -> Path:
    return FIXTURES


@pytest.fixture
def read_export() -> ReadExport:
    """(format name, items, notes) of a fixture file, read without a database."""

    def read(
        name: str, downloaded: date = date(2026, 11, 20), channel: ChannelRef | None = None
    ) -> tuple[str, list[Item], list[str]]:
        path = FIXTURES / name
        doc = read_doc(path.read_bytes(), path.name)
        fmt = detect(doc)
        ctx = ReadContext(WIB, downloaded, channel)
        return fmt.name, list(fmt.items(doc, ctx)), ctx.notes

    return read


@pytest.fixture
def zipped(tmp_path: Path) -> Callable[[str], Path]:
    """A zip of one fixture folder, as the platform's download button makes it."""

    def make(folder: str) -> Path:
        target = tmp_path / f"{folder}.zip"
        with zipfile.ZipFile(target, "w") as archive:
            for path in sorted((FIXTURES / folder).iterdir()):
                archive.write(path, path.name)
        return target

    return make


@pytest.fixture
def run_import(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> Callable[..., list[OutreachImportSummary]]:
    def run(*paths: Path, **kw: object) -> list[OutreachImportSummary]:
        kw.setdefault("downloaded", date(2026, 11, 20))
        return import_exports(
            engine, workspace, list(paths), rejects_dir=tmp_path / "rejects", **kw
        )

    return run


runner = CliRunner()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """Runs ``pantau outreach …`` on a small root app that only sets the data folder."""
    root = typer.Typer()

    @root.callback()
    def _global() -> None:
        state.settings = load_settings(data_dir=tmp_path / "data")
        state._engine = None

    root.add_typer(outreach_app, name="outreach")
    code = runner.invoke(pantau_app, ["--data-dir", str(tmp_path / "data"), "init", "uji"])
    assert code.exit_code == 0, code.output

    def run(*args: str) -> tuple[int, str, BaseException | None]:
        result = runner.invoke(root, ["outreach", *args])
        return result.exit_code, result.output, result.exception

    return run
