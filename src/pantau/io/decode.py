"""Reading text files whose encoding nobody told us: UTF-8 (with or without BOM), UTF-16
and the Windows code page cp1252 that Excel on Indonesian office laptops still writes."""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

SAMPLE_SIZE = 1 << 16
REPLACED = "encoding_replaced"


def detect_encoding(sample: bytes) -> str:
    """Best guess for a file from its first bytes. Never fails."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = sample[:4096]
    if head and head.count(0) * 4 > len(head):
        # ASCII text in UTF-16 without BOM: every other byte is zero.
        odd_zeros = head[1::2].count(0)
        return "utf-16-le" if odd_zeros >= head[0::2].count(0) else "utf-16-be"
    # A sample may end inside a multi-byte character: ignore an incomplete tail.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    valid = invalid = 0
    for chunk in sample.split(b"\n"):
        try:
            chunk.decode("utf-8")
            valid += any(b > 0x7F for b in chunk)
        except UnicodeDecodeError:
            invalid += 1
    # Mostly good UTF-8 with a few damaged lines stays UTF-8 (those lines get flagged).
    return "utf-8" if valid > invalid * 4 else "cp1252"


def decode_bytes(data: bytes, encoding: str) -> tuple[str, bool]:
    """Decode one piece; returns the text and whether bytes had to be replaced."""
    try:
        return data.decode(encoding), False
    except UnicodeDecodeError:
        if encoding == "cp1252":
            # cp1252 leaves five bytes undefined; latin-1 maps them like Windows does.
            return data.decode("latin-1"), False
        return data.decode(encoding, errors="replace"), True


class CountingReader(io.RawIOBase):
    """Wraps a binary file and counts the bytes consumed (for progress bars)."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self.consumed = self._f.seek(offset, whence)
        return self.consumed

    def tell(self) -> int:
        return self._f.tell()

    def close(self) -> None:
        self._f.close()
        super().close()

    def readinto(self, buffer: Any) -> int:
        n = self._f.readinto(buffer)  # type: ignore[attr-defined]  # the wrapped file is a binary file with readinto
        self.consumed += n or 0
        return n or 0


def open_text(path: Path, encoding: str) -> tuple[io.TextIOWrapper, CountingReader]:
    """A text stream over ``path`` that replaces bad bytes, plus its byte counter."""
    raw = CountingReader(open(path, "rb"))  # noqa: SIM115 - closed with the wrapper
    text = io.TextIOWrapper(
        io.BufferedReader(raw, 1 << 20), encoding=encoding, errors="replace", newline=""
    )
    return text, raw


def iter_lines(path: Path, encoding: str) -> Iterator[tuple[int, str, int]]:
    """Lines of a text file as ``(line_no, text, bytes_consumed)``; line numbers start at 1."""
    text, counter = open_text(path, encoding)
    with text:
        for n, line in enumerate(text, 1):
            yield n, line.lstrip("\ufeff") if n == 1 else line, counter.consumed
