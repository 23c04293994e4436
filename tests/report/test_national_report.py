"""The national daily report: top national issues with their institutions, coverage caveats,
every format, Indonesian and English."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import Engine
from typer.testing import CliRunner

from pantau.cli import app
from pantau.national.directory import init_workspace
from pantau.report.national import build_national_report, write_national_report

AT = datetime(2026, 11, 5, 3, 0)
TERMS = ["b:pupuk subsidi", "w:pupuk", "w:langka"]


def _world(engine: Engine, store_issue: Callable[..., int]) -> None:
    kementan = init_workspace(
        engine, "kementan", "Kementerian Pertanian", "kementerian", "Asia/Jakarta"
    )
    jateng = init_workspace(engine, "jateng", "Pemprov Jawa Tengah", "pemprov", "Asia/Jakarta",
                            "33")  # fmt: skip
    store_issue(engine, kementan, "Pupuk subsidi langka", TERMS, at=AT, priority="segera",
                score=0.9, owner="Humas")  # fmt: skip
    store_issue(engine, jateng, "Petani Jateng antre pupuk", TERMS, at=AT)


def test_report_in_every_format(
    engine: Engine, tmp_path: Path, store_issue: Callable[..., int]
) -> None:
    _world(engine, store_issue)
    report = build_national_report(engine)
    assert "«Pupuk subsidi langka» di 2 instansi (segera)" in report.summary[0]
    assert "Kementerian Pertanian: analisis isu belum pernah berjalan." in report.caveats
    files = write_national_report(report, tmp_path)
    assert [p.suffix for p in files] == [".pdf", ".docx", ".xlsx", ".png"]
    assert files[0].read_bytes()[:4] == b"%PDF"
    text = "\n".join(p.text for p in Document(str(files[1])).paragraphs)
    assert "Laporan Harian Nasional" in text and "Catatan cakupan" in text
    book = load_workbook(files[2])
    assert book.sheetnames[1] == "Isu nasional teratas"
    assert book["Isu nasional teratas"]["F2"].value.startswith("Kementerian Pertanian (baru)")
    assert Image.open(files[3]).size == (1080, 1350)
    english = build_national_report(engine, lang="en")
    assert english.summary[0].startswith("1 national issues appear")
    (path,) = write_national_report(english, tmp_path, ("xlsx",))
    assert path.name == "laporan-nasional-2026-11-05-en.xlsx"


def test_cli_national_report(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["--data-dir", str(tmp_path / "data"), "report", "national", "--format", "xlsx",
         "--out", str(tmp_path / "out"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["issues"] == [] and len(data["files"]) == 1
