"""Tables as XLSX worksheets (openpyxl)."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from pantau.io.cells import safe_row

Table = tuple[str, list[str], list[list]]  # title, header, rows


def add_table_sheets(wb: Workbook, tables: list[Table]) -> None:
    """One worksheet per table: bold header, wrapped cells, widths from the content, the
    header row frozen."""
    for title, header, rows in tables:
        sheet = wb.create_sheet(title[:31].replace("(", "").replace(")", ""))
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
