"""Tables as XLSX worksheets (openpyxl)."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pantau.io.cells import safe_row

Table = tuple[str, list[str], list[list]]  # title, header, rows

SHEET_NAME_MAX = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\()]")


def sheet_name(title: str, taken: set[str]) -> str:
    """A worksheet name for ``title`` that Excel accepts: without the characters it refuses,
    whole words only up to 31 characters (a last word that does not fit is left out, not cut),
    and different from every name in ``taken`` (compared without case, as Excel does; a
    number is added when needed). The name is added to ``taken``."""
    words = _NOT_IN_SHEET_NAMES.sub(" ", title).split()
    name = ""
    for word in words:
        longer = f"{name} {word}".strip()
        if len(longer) > SHEET_NAME_MAX:
            break
        name = longer
    name = name or (words[0][:SHEET_NAME_MAX] if words else "Tabel")
    unique, n = name, 1
    while unique.lower() in taken:
        n += 1
        suffix = f" {n}"
        unique = name[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    taken.add(unique.lower())
    return unique


def add_table_sheets(wb: Workbook, tables: list[Table]) -> None:
    """One worksheet per table: bold header, wrapped cells, widths from the content, the
    header row frozen."""
    taken = {name.lower() for name in wb.sheetnames}
    for title, header, rows in tables:
        sheet = wb.create_sheet(sheet_name(title, taken))
        sheet.append(safe_row(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row(row))
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
            for c in column[1:]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
