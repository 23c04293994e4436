"""Posts in an Excel workbook: the first sheet, a header row (below any title lines) with
canonical field names, or any columns read through a column mapping."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import orjson

from pantau.errors import PantauError
from pantau.ingest.canonical import EXCEL_SAFE_INT, MANGLED_ID
from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.rejects import Reject
from pantau.io.tabular import TableFile


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    return head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".xlsx", ".xlsm")


def _default(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _rows(state: ReadState, canonical: bool) -> Iterator[Row | Reject]:
    try:
        table = TableFile(state.path)
    except PantauError as exc:
        yield Reject(0, str(exc), "")
        return
    with table:
        header = [c.lower() for c in table.columns] if canonical else table.columns
        for line, values, _ in table.rows():
            state.bytes_done = table.bytes_done
            obj = dict(zip(header, values, strict=False))
            raw = orjson.dumps(obj, default=_default, option=orjson.OPT_NON_STR_KEYS).decode()
            ident = obj.get("id") if canonical else None
            if isinstance(ident, float) and abs(ident) >= EXCEL_SAFE_INT:
                yield Reject(line, MANGLED_ID, raw)
                continue
            yield Row(line, obj, raw)


def _read(state: ReadState) -> Iterator[Row | Reject]:
    return _rows(state, canonical=True)


def _read_table(state: ReadState) -> Iterator[Row | Reject]:
    return _rows(state, canonical=False)


register(
    FileFormat(
        name="xlsx",
        description="post kanonik, lembar pertama buku kerja Excel",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        read_table=_read_table,
        priority=10,
        text_based=False,
    )
)
