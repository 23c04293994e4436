"""QR codes for the venue screens: participants in the room scan the event's link (and the
session's check-in code) with their phone camera instead of typing them."""

from __future__ import annotations

# segno is imported where it is used (about 50 ms), not when the CLI starts.


def qr_svg_data_uri(url: str) -> str:
    """The link as a QR code, an SVG ``data:`` URI for an ``<img src>``: black on white with
    the quiet zone the standard asks for, error correction M (a projector's glare and a
    tilted phone still read it)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_data_uri(border=4, dark="#000", light="#fff"))
