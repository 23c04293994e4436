"""Excel bombs: a workbook that unpacks to far more than it weighs, a cell of megabytes, more
rows than Excel allows — each a clear error or a refused row, never gigabytes of memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.ingest.importer import import_file
from pantau.io import workbook
from pantau.io.rejects import MAX_RAW_SHOWN
from pantau.io.tabular import read_rows
from pantau.records import Workspace


def test_a_workbook_that_unpacks_far_beyond_its_size_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (40 << 20))  # 40 MB of zeros
    assert bomb.stat().st_size < 200_000
    with pytest.raises(PantauError, match="mencurigakan"):
        workbook.check_archive(bomb)
    with pytest.raises(PantauError, match="mencurigakan"):
        list(read_rows(bomb))


def test_a_sheet_longer_than_excel_allows_is_a_clear_error(
    engine: Engine, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["platform", "id", "created_at", "text"])
    for i in range(4):
        sheet.append(["x", str(i), "2026-11-16T08:00:00+07:00", "harga pupuk"])
    path = tmp_path / "posts.xlsx"
    book.save(path)
    monkeypatch.setattr(workbook, "MAX_ROWS", 3)
    with pytest.raises(PantauError, match="lebih dari 3 baris"):
        import_file(engine, workspace, path, rejects_dir=tmp_path / "rejects")
    with pytest.raises(PantauError, match="lebih dari 3 baris"):
        list(read_rows(path))


def test_a_huge_refused_row_leaves_a_small_rejects_file(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "besar.jsonl"
    path.write_text('{"platform": "x", "text": "' + "x" * 3_000_000 + '"}\n', "utf-8")
    summary = import_file(engine, workspace, path, rejects_dir=tmp_path / "rejects")
    assert summary.rejected == 1 and summary.rejects_path
    assert Path(summary.rejects_path).stat().st_size < 2 * MAX_RAW_SHOWN
