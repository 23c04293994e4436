"""What the PNG cards for WhatsApp share (Pillow): text wrapped to a width."""

from __future__ import annotations

from PIL import ImageDraw, ImageFont


def wrap_lines(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont,
    width: int,
    max_lines: int,
) -> list[str]:
    """At most ``max_lines`` lines of ``text`` that fit ``width`` pixels; "…" when cut."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = word
        if len(lines) == max_lines:
            break
    if line and len(lines) < max_lines:
        lines.append(line)
    if len(lines) == max_lines and " ".join(lines) != " ".join(words):
        lines[-1] = lines[-1].rstrip(".,;") + "…"
    return lines


def badge_line(
    draw: ImageDraw.ImageDraw,
    x: int,
    y: int,
    badge: str,
    fill: str,
    beside: str,
    font: ImageFont.FreeTypeFont,
    bold: ImageFont.FreeTypeFont,
) -> None:
    """A coloured label (a priority) with a line of text beside it, 46 pixels high."""
    width = draw.textlength(badge, font=bold) + 30
    draw.rounded_rectangle([x, y, x + width, y + 46], radius=10, fill=fill)
    draw.text((x + 15, y + 7), badge, font=bold, fill="white")
    draw.text((x + width + 20, y + 6), beside, font=font, fill="#374151")
