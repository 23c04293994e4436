"""The shared table reader: header below title lines, delimiters, encodings, workbooks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from pantau.errors import PantauError
from pantau.io.tabular import TableFile, header_index, pick_delimiter, read_rows


def test_header_is_found_below_an_exports_title_lines(tmp_path: Path) -> None:
    path = tmp_path / "ekspor.csv"
    path.write_text(
        "Report:,Mentions\nFrom:,2026-11-16\n\nDate,Author,Full Text\n"
        '2026-11-17,budi,"halo, dunia"\n\n2026-11-18,sari,apa kabar\n',
        "utf-8",
    )
    with TableFile(path) as table:
        rows = list(table.rows())
        assert (table.columns, table.header_line, table.delimiter) == (
            ["Date", "Author", "Full Text"],
            4,
            ",",
        )
    assert rows == [
        (5, ["2026-11-17", "budi", "halo, dunia"], None),
        (7, ["2026-11-18", "sari", "apa kabar"], None),
    ]


def test_semicolon_file_with_commas_in_its_text_keeps_its_delimiter() -> None:
    head = "Tanggal;Akun;Isi\n17/11/2026;budi;harga naik, stok kosong, antre lama\n" * 3
    assert pick_delimiter(head) == ";"
    assert pick_delimiter("sep=;\nA;B\n1;2\n") == ";"


def test_header_index_skips_narrow_title_rows() -> None:
    assert header_index([["Rekap Januari"], [], ["a", "b", "c", "d"], ["1", "2", "3", "4"]]) == 2
    assert header_index([["a", "b"], ["1", "2"]]) == 0


def test_utf16_tab_file_and_duplicate_or_empty_headers(tmp_path: Path) -> None:
    path = tmp_path / "meltwater.csv"
    path.write_text("Date\tURL\t\tURL\n17-Nov-2026\thttps://a.example\tx\tb\n", "utf-16")
    with TableFile(path) as table:
        assert table.columns == ["Date", "URL", "kolom_3", "URL (2)"]
        assert [cells for _, cells, _ in table.rows()] == [
            ["17-Nov-2026", "https://a.example", "x", "b"]
        ]


def test_workbook_rows_keep_cell_values_and_line_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Rekap monitoring"])
    sheet.append([])
    sheet.append(["Tanggal", "Akun", "Isi"])
    sheet.append([datetime(2026, 11, 17, 8, 15), "budi", "halo"])
    sheet.append([None, None, None])
    sheet.append([datetime(2026, 11, 18), "sari", "apa"])
    path = tmp_path / "rekap.xlsx"
    book.save(path)
    with TableFile(path) as table:
        assert table.columns == ["Tanggal", "Akun", "Isi"]
        rows = list(table.rows())
    assert [(line, cells[1]) for line, cells, _ in rows] == [(4, "budi"), (6, "sari")]
    assert rows[0][1][0] == datetime(2026, 11, 17, 8, 15)


def test_damaged_workbook_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(PantauError, match="tidak bisa dibuka"):
        TableFile(path)


def test_small_tables_normalise_their_column_names(tmp_path: Path) -> None:
    path = tmp_path / "peserta.csv"
    path.write_text("Nama Lengkap;Email\nBudi ; budi@example.id\n", "utf-8")
    assert list(read_rows(path)) == [
        (2, {"nama_lengkap": "Budi", "email": "budi@example.id"}, "Budi ; budi@example.id")
    ]
