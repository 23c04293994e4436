"""Worksheet names Excel accepts, made from long table titles without cutting words."""

from __future__ import annotations

from openpyxl import Workbook

from pantau.documents.xlsx import SHEET_NAME_MAX, add_table_sheets, sheet_name


def test_long_titles_keep_whole_words_and_stay_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("Narasi Tunggal rilis 7 hari terakhir (semua akun)", taken)
    assert first == "Narasi Tunggal rilis 7 hari"  # not "… 7 hari te"
    again = sheet_name("Narasi Tunggal rilis 7 hari terakhir per platform", taken)
    assert again == "Narasi Tunggal rilis 7 hari 2" and len(again) <= SHEET_NAME_MAX
    assert sheet_name("Isu: [baru]/lama?", taken) == "Isu baru lama"
    assert sheet_name("Pertanggungjawabanpemerintahdaerahsetempat", taken) == (
        "Pertanggungjawabanpemerintahdae"  # one word longer than Excel allows: cut
    )
    assert sheet_name("", taken) == "Tabel"


def test_tables_become_sheets_excel_opens() -> None:
    book = Workbook()
    titles = ["Kinerja per akun dan platform selama pekan ini", "Kinerja per akun dan platform"]
    add_table_sheets(book, [(t, ["a"], [[1]]) for t in titles])
    names = book.sheetnames[1:]
    assert all(len(n) <= SHEET_NAME_MAX for n in names) and len(set(names)) == 2
