"""Canonical posts as CSV (comma, semicolon or tab separated; header row with field names)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.decode import REPLACED, open_text
from pantau.io.rejects import Reject

csv.field_size_limit(16 * 1024 * 1024)
_REQUIRED = ("platform", "created_at")


def _header_fields(head_text: str) -> tuple[str, list[str]] | None:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    for delimiter in (",", ";", "\t"):
        names = [n.strip().strip('"').lower() for n in first.split(delimiter)]
        if all(r in names for r in _REQUIRED):
            return delimiter, names
    return None


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    return _header_fields(head_text) is not None


def _read(state: ReadState) -> Iterator[Row | Reject]:
    stream, counter = open_text(state.path, state.encoding)
    with stream:
        head = stream.read(1 << 16)
        stream.seek(0)
        found = _header_fields(head)
        if found is None:
            yield Reject(1, "baris judul harus memuat kolom platform dan created_at", head[:500])
            return
        delimiter, _ = found
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
        except StopIteration:
            return
        width = len(header)
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield Reject(reader.line_num, f"CSV rusak: {exc}", "")
                continue
            state.bytes_done = counter.consumed
            line = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            raw = orjson.dumps(dict(zip(header, cells, strict=False))).decode()
            if len(cells) != width:
                yield Reject(line, f"jumlah kolom {len(cells)}, seharusnya {width}", raw)
                continue
            obj = {k: (v if v != "" else None) for k, v in zip(header, cells, strict=True)}
            flags = [REPLACED] if any("\ufffd" in c for c in cells) else None
            yield Row(line, obj, raw, flags)


register(
    FileFormat(
        name="csv",
        description="post kanonik, CSV dengan baris judul (pemisah , ; atau tab)",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        priority=90,
    )
)
