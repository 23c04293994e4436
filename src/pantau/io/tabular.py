"""Small tables from people's files: CSV (comma, semicolon or tab, any encoding), XLSX or a
JSON list, with column names normalised (lower case, spaces as ``_``) so Indonesian and
English headers can be matched by aliases; and small list files read as text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pantau.errors import NotFoundError, PantauError
from pantau.io.decode import decode_bytes, detect_encoding
from pantau.io.workbook import check_line, open_workbook

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class ImportSummary:
    """What importing a small table did, row by row."""

    file: str
    rows_read: int
    rows_new: int
    rows_updated: int
    rows_unchanged: int
    rows_rejected: int
    rejects_path: str | None


def column_key(name: object) -> str:
    return re.sub(r"\s+", "_", str(name or "").strip().lower())


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel with Indonesian settings) or tab: whichever the first line has
    most of."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first.count)


def csv_reader(text: str) -> Any:  # csv's reader type is private to typeshed
    """A CSV reader over decoded text, with the delimiter sniffed from the first line."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))


def read_rows(path: Path, allow_json: bool = False) -> Iterator[tuple[int, dict, str]]:
    """(line, {normalised column: value}, raw text) for each non-empty data row of a CSV
    (comma, semicolon or tab; any encoding), XLSX or, with ``allow_json``, JSON list file."""
    if not path.is_file():
        raise PantauError(f"berkas tidak ditemukan: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PantauError(f"berkas terlalu besar: {path} (maks. 50 MB)")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        yield from _read_xlsx(path)
        return
    data = path.read_bytes()
    if not data.strip():
        raise PantauError(f"berkas kosong: {path}")
    text, _ = decode_bytes(data, detect_encoding(data[:65536]))
    text = text.lstrip("\ufeff")
    if allow_json and (suffix == ".json" or text.lstrip().startswith("[")):
        try:
            items = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            raise PantauError(f"berkas JSON tidak dapat dibaca: {path}: {exc}") from None
        if not isinstance(items, list):
            raise PantauError(f"berkas JSON harus berisi daftar (list) soal: {path}")
        for i, item in enumerate(items, start=1):
            raw = orjson.dumps(item).decode()
            if isinstance(item, dict):
                yield i, {column_key(k): v for k, v in item.items()}, raw
            else:
                yield i, {}, raw
        return
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [column_key(h) for h in next(reader, [])]
    for row in reader:
        if not any(c.strip() for c in row):
            continue
        line = reader.line_num
        raw = delimiter.join(row)
        yield line, dict(zip(header, row, strict=False)), raw


def _read_xlsx(path: Path) -> Iterator[tuple[int, dict, str]]:
    wb = open_workbook(path)
    try:
        rows = wb.worksheets[0].iter_rows(values_only=True)
        header = [column_key(h) for h in next(rows, ())]
        for line, row in enumerate(rows, start=2):
            check_line(line)
            cells = [cell_text(c) for c in row]
            if not any(cells):
                continue
            yield line, dict(zip(header, cells, strict=False)), ";".join(cells)
    finally:
        wb.close()


def pick(obj: dict, aliases: tuple[str, ...]) -> object:
    """The first non-empty value among the column names ``aliases``."""
    for a in aliases:
        if a in obj and obj[a] not in (None, ""):
            return obj[a]
    return None


def read_text_file(path: Path, *, max_bytes: int, what: str, expected: str) -> str:
    """A small list file (claims, accounts) as text, whatever its encoding (UTF-8, UTF-16,
    Excel's cp1252); one-line errors name ``what`` the file should hold and the ``expected``
    format."""
    if not path.is_file():
        raise NotFoundError(f"berkas tidak ditemukan: {path}")
    size = path.stat().st_size
    if size == 0:
        raise PantauError(f"berkas kosong: {path}")
    if size > max_bytes:
        raise PantauError(f"berkas terlalu besar untuk {what}: {path} ({size} bita)")
    data = path.read_bytes()
    text, _ = decode_bytes(data, detect_encoding(data[:65536]))
    text = text.lstrip("\ufeff")
    if re.search(r"[\x00-\x08\x0e-\x1f]", text[:4096]):
        raise PantauError(f"berkas bukan teks ({expected}): {path}")
    if not text.strip():
        raise PantauError(f"berkas kosong: {path}")
    return text
