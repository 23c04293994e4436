"""PDF text without empty boxes, and table headers that wrap between words."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from pantau.documents.fonts import BOLD
from pantau.documents.pdf import CELL_PADDING, column_widths, pdf_text


def test_emoji_are_left_out_and_markup_escaped() -> None:
    assert pdf_text("pupuk langka lagi 😡 #PupukLangka") == "pupuk langka lagi #PupukLangka"
    assert pdf_text("👨‍🌾 petani <b>marah</b> ✊🏽") == " petani &lt;b&gt;marah&lt;/b&gt; "
    assert pdf_text("Kafé – “kutipan” Rp 5.000") == "Kafé – “kutipan” Rp 5.000"  # drawable


def test_every_header_word_fits_its_column() -> None:
    header = ["akun", "post", "jangkauan", "tayangan", "engagement", "ER jangkauan",
              "engagement vs pekan lalu", "pengikut", "perubahan pengikut"]  # fmt: skip
    sizes = [60, 8, 8, 8, 8, 8, 8, 8, 8]  # a long first column takes the room
    widths = column_widths(header, sizes, 500, 7.5)
    assert abs(sum(widths) - 500) < 1
    for h, w in zip(header, widths, strict=True):
        longest = max(stringWidth(word, BOLD, 7.5) for word in h.split())
        assert longest + CELL_PADDING <= w, h
    assert widths[0] == max(widths)
