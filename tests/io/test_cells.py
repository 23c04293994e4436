"""Text from posts, participants and rejected rows never runs as a spreadsheet formula in the
CSV and XLSX files Pantau writes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import Engine

from pantau.documents.xlsx import add_table_sheets
from pantau.export import export_posts
from pantau.ingest.importer import import_file
from pantau.io.cells import safe_cell
from pantau.records import Workspace

ATTACKS = ['=HYPERLINK("http://jahat.example","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_text_gets_an_apostrophe_and_numbers_stay() -> None:
    for attack in ATTACKS:
        assert safe_cell(attack) == "'" + attack
    assert (
        safe_cell("harga naik") == "harga naik" and safe_cell(-5) == -5 and safe_cell(None) is None
    )


def test_exports_reports_and_rejects_never_hold_a_live_formula(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    rows = [
        {"platform": "x", "id": f"p{i}", "created_at": "2026-11-16T08:00:00+07:00", "text": a}
        for i, a in enumerate(ATTACKS)
    ]
    path = tmp_path / "p.jsonl"
    bad = "=cmd|' /C calc'!A0"  # not JSON: a rejected row whose raw text is a formula
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + bad + "\n", "utf-8")
    summary = import_file(engine, workspace, path, rejects_dir=tmp_path / "rejects")
    assert summary.rejected == 1 and summary.rejects_path
    with open(summary.rejects_path, encoding="utf-8-sig", newline="") as f:
        (rejected,) = list(csv.DictReader(f))
    assert rejected["data_asli"] == "'" + bad
    export_posts(engine, workspace, tmp_path / "e.csv", "csv")
    with open(tmp_path / "e.csv", encoding="utf-8-sig", newline="") as f:
        texts = [r["teks"] for r in csv.DictReader(f)]
    assert sorted(texts) == sorted("'" + a for a in ATTACKS)
    export_posts(engine, workspace, tmp_path / "e.xlsx", "xlsx")
    sheet = load_workbook(tmp_path / "e.xlsx").active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)  # no formula anywhere
    book = Workbook()
    add_table_sheets(book, [("Isu", ["judul"], [[a] for a in ATTACKS])])
    book.save(tmp_path / "r.xlsx")
    report = load_workbook(tmp_path / "r.xlsx")["Isu"]
    assert all(c.data_type != "f" for row in report.iter_rows() for c in row)
