"""Posts as CSV (comma, semicolon or tab separated, a header row): canonical field names, or
any columns read through a column mapping."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.decode import REPLACED
from pantau.io.rejects import Reject
from pantau.io.tabular import DELIMITERS, TableFile

_REQUIRED = ("platform", "created_at")


def _header_fields(head_text: str) -> tuple[str, list[str]] | None:
    first = head_text.lstrip("\ufeff").splitlines()[0] if head_text.strip() else ""
    for delimiter in DELIMITERS:
        names = [n.strip().strip('"').lower() for n in first.split(delimiter)]
        if all(r in names for r in _REQUIRED):
            return delimiter, names
    return None


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    return _header_fields(head_text) is not None


def _rows(state: ReadState, canonical: bool) -> Iterator[Row | Reject]:
    """Canonical rows (field names in any case, empty cells as None), or rows keyed by the
    file's own column names as written."""
    with TableFile(state.path, encoding=state.encoding) as table:
        header = [c.lower() for c in table.columns] if canonical else table.columns
        if canonical and not all(r in header for r in _REQUIRED):
            reason = "baris judul harus memuat kolom platform dan created_at"
            yield Reject(table.header_line, reason, ",".join(table.columns)[:500])
            return
        width = len(header)
        dumps = orjson.dumps
        for line, cells, damage in table.rows():
            state.bytes_done = table.bytes_done
            if damage:
                yield Reject(line, damage, "")
                continue
            obj = dict(zip(header, cells, strict=False))
            raw = dumps(obj).decode()
            # a mapped file may carry empty cells past its last column (sheets saved as CSV)
            if len(cells) != width and (canonical or any(c.strip() for c in cells[width:])):
                yield Reject(line, f"jumlah kolom {len(cells)}, seharusnya {width}", raw)
                continue
            if canonical:
                obj = {k: (v if v != "" else None) for k, v in obj.items()}
            flags = [REPLACED] if any("\ufffd" in c for c in cells) else None
            yield Row(line, obj, raw, flags)


def _read(state: ReadState) -> Iterator[Row | Reject]:
    return _rows(state, canonical=True)


def _read_table(state: ReadState) -> Iterator[Row | Reject]:
    return _rows(state, canonical=False)


register(
    FileFormat(
        name="csv",
        description="post kanonik, CSV dengan baris judul (pemisah , ; atau tab)",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        read_table=_read_table,
        priority=90,
    )
)
