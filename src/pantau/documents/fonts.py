"""Fonts for PDF (ReportLab) and images (Pillow): DejaVu Sans when installed, for its wide
Unicode coverage, else the Vera fonts that ship with ReportLab. ReportLab is imported when a
PDF is made, not when the CLI starts."""

from __future__ import annotations

from pathlib import Path

FONT = "PantauSans"
BOLD = "PantauSans-Bold"

_DEJAVU = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)


def font_files() -> tuple[str, str]:
    """A regular and a bold TrueType font file."""
    for regular, bold in _DEJAVU:
        if Path(regular).exists() and Path(bold).exists():
            return regular, bold
    import reportlab

    fonts = Path(reportlab.__file__).parent / "fonts"
    return str(fonts / "Vera.ttf"), str(fonts / "VeraBd.ttf")


def register_pdf_fonts() -> None:
    """Make ``FONT`` and ``BOLD`` (one family) known to ReportLab, once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = font_files()
    pdfmetrics.registerFont(TTFont(FONT, regular))
    pdfmetrics.registerFont(TTFont(BOLD, bold))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD)
