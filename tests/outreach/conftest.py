"""Fixtures for the outreach tests: the export files, zips built from them, shortcuts to read
a file without a database and to import files into the ``engine``/``workspace`` database."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from pantau.outreach.formats import ReadContext, detect
from pantau.outreach.importer import OutreachImportSummary, import_exports
from pantau.outreach.records import ChannelRef, Item
from pantau.outreach.table import read_doc
from pantau.records import Workspace

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
