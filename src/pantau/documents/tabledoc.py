"""A report made of a title, a few facts, summary sentences, tables and caveats, written as
XLSX (openpyxl), DOCX (python-docx) and PDF (ReportLab): the weekly owned-channel report and
the national daily report share it. The libraries are imported when a document is written,
not when the CLI starts."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pantau.documents.fonts import register_pdf_fonts
from pantau.documents.pdf import column_widths, pdf_text
from pantau.documents.xlsx import Table, add_table_sheets
from pantau.errors import PantauError
from pantau.io.cells import safe_row
from pantau.locale import fmt_int

T = TypeVar("T")


@dataclass(frozen=True)
class TableDocument:
    title: str
    subtitle: str  # who and when, under the title
    meta: list[tuple[str, str]]  # facts on the XLSX summary sheet
    summary: list[str]
    tables: list[Table]
    caveats: list[str]
    creator: str  # "Pantau <version>"
    footer: str  # the PDF's page footer, before the page number
    summary_heading: str = "Ringkasan"
    caveats_heading: str = "Catatan"
    page_word: str = "halaman"
    lang: str = "id"

    def cell(self, value: object) -> str:
        return fmt_int(value, self.lang) if isinstance(value, int) else str(value)


def write_xlsx(doc: TableDocument, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook has its first sheet
    ws.title = doc.summary_heading
    ws.append([doc.title])
    ws["A1"].font = Font(bold=True, size=14)
    for key, value in doc.meta:
        ws.append(safe_row([key, value]))
    ws.append([])
    for heading, lines in ((doc.summary_heading, doc.summary), (doc.caveats_heading, doc.caveats)):
        ws.append([heading])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for line in lines:
            ws.append(safe_row([line]))
        ws.append([])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90
    add_table_sheets(wb, doc.tables)
    wb.properties.title = doc.title
    wb.properties.creator = doc.creator
    wb.save(path)


def write_docx(doc: TableDocument, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    out = Document()
    out.core_properties.title = doc.title
    out.core_properties.author = doc.creator
    out.add_heading(doc.title, level=0)
    out.add_paragraph(doc.subtitle)
    out.add_heading(doc.summary_heading, level=1)
    for sentence in doc.summary:
        out.add_paragraph(sentence)
    for table in doc.tables:
        add_docx_table(out, table, doc.cell)
    out.add_heading(doc.caveats_heading, level=1)
    for caveat in doc.caveats:
        out.add_paragraph(caveat, style="List Bullet")
    out.styles["Normal"].font.size = Pt(9)
    out.save(str(path))


def add_docx_table(out: Any, table: Table, cell_text: Callable[[object], str]) -> None:
    """A heading and a grid table (bold header) in a python-docx document; "–" when empty."""
    title, header, rows = table
    out.add_heading(title, level=1)
    if not rows:
        out.add_paragraph("–")
        return
    grid = out.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = cell_text(value)


def write_pdf(
    doc: TableDocument, path: Path, figures: Callable[[], Sequence[Any]] | None = None
) -> None:
    """The PDF on landscape A4; ``figures`` gives flowables (charts) shown after the summary."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    register_pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="PantauSans", fontSize=9.5)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9)
    h1 = ParagraphStyle("h1", parent=base["Title"], fontName="PantauSans-Bold", fontSize=17)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName="PantauSans-Bold")
    e = pdf_text
    page = landscape(A4)
    story: list = [
        Paragraph(e(doc.title), h1),
        Paragraph(e(doc.subtitle), body),
        Spacer(1, 0.3 * cm),
        Paragraph(e(doc.summary_heading), h2),
        *(Paragraph(e(s), body) for s in doc.summary),
    ]
    if figures is not None:
        story += [Spacer(1, 0.3 * cm), *figures()]
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
    caveats = (doc.caveats_heading, [doc.caveats_heading.lower()], [[c] for c in doc.caveats])
    for title, header, rows in [*doc.tables, caveats]:
        story.append(Paragraph(e(title), h2))
        if not rows:
            story.append(Paragraph("–", body))
            continue
        data = [[Paragraph(f"<b>{e(h)}</b>", small) for h in header]]
        data += [[Paragraph(e(doc.cell(c)), small) for c in row] for row in rows]
        # column widths follow the text they hold (long captions get the room)
        sizes = [
            max(8, len(h) + 2, *(min(60, len(doc.cell(row[i]))) for row in rows))
            for i, h in enumerate(header)
        ]
        widths = column_widths(header, sizes, page[0] - 3 * cm, small.fontSize)
        table = PdfTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(grid)
        story.append(table)

    def footer(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont("PantauSans", 7)
        canvas.drawString(1.5 * cm, 1 * cm, f"{doc.footer} · {doc.page_word} {template.page}")
        canvas.restoreState()

    SimpleDocTemplate(
        str(path),
        pagesize=page,
        title=doc.title,
        author=doc.creator,
        leftMargin=1.5 * cm,
        rightMargin=1.5 * cm,
        topMargin=1.3 * cm,
        bottomMargin=1.6 * cm,
    ).build(story, onFirstPage=footer, onLaterPages=footer)


def write_formats(
    report: T,
    stem: Path,
    renderers: Mapping[str, Callable[[T, Path], None]],
    formats: Sequence[str],
) -> list[Path]:
    """Write ``report`` as ``<stem>.<format>`` for each format; a clear error for an unknown
    one."""
    unknown = [f for f in formats if f not in renderers]
    if unknown:
        raise PantauError(
            f"format laporan tidak dikenal: {', '.join(unknown)} (pilih {', '.join(renderers)})"
        )
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        path = stem.with_name(f"{stem.name}.{fmt}")
        renderers[fmt](report, path)
        written.append(path)
    return written
