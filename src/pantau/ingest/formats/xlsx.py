"""Canonical posts in an Excel workbook: the first sheet, a header row with field names."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import orjson

from pantau.errors import PantauError
from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.rejects import Reject
from pantau.io.workbook import check_line, open_workbook

_EXCEL_SAFE_INT = 2**53


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    return head.startswith(b"PK\x03\x04") and path.suffix.lower() in (".xlsx", ".xlsm")


def _default(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _read(state: ReadState) -> Iterator[Row | Reject]:
    try:
        book = open_workbook(state.path)
    except PantauError as exc:
        yield Reject(0, str(exc), "")
        return
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            return
        header = [str(h).strip().lower() if h is not None else "" for h in header_row]
        total = max(sheet.max_row or 1, 1)
        size = state.path.stat().st_size
        for n, values in enumerate(rows, 2):
            state.bytes_done = size * n // total
            if values is None or all(v is None or v == "" for v in values):
                continue
            check_line(n)
            obj = {h: v for h, v in zip(header, values, strict=False) if h}
            raw = orjson.dumps(obj, default=_default, option=orjson.OPT_NON_STR_KEYS).decode()
            ident = obj.get("id")
            if isinstance(ident, float) and abs(ident) >= _EXCEL_SAFE_INT:
                yield Reject(
                    n,
                    "id rusak oleh Excel (angka terlalu besar); format kolom id sebagai teks",
                    raw,
                )
                continue
            yield Row(n, obj, raw)
        state.bytes_done = size
    finally:
        book.close()


register(
    FileFormat(
        name="xlsx",
        description="post kanonik, lembar pertama buku kerja Excel",
        raw_format="canonical",
        sniff=_sniff,
        read=_read,
        priority=10,
        text_based=False,
    )
)
