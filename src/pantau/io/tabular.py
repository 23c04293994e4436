"""Tables from people's files: CSV (comma, semicolon or tab, any encoding) and XLSX read as a
stream by ``TableFile`` (the header found below any title lines, then the data rows with
their line numbers); small tables (``read_rows``) with column names normalised (lower case,
spaces as ``_``) so Indonesian and English headers can be matched by aliases; and small list
files read as text."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from pantau.errors import NotFoundError, PantauError
from pantau.io.decode import SAMPLE_SIZE, decode_bytes, detect_encoding, open_text
from pantau.io.workbook import check_line, open_workbook

MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SCAN_ROWS = 30  # the header is looked for among the first rows (exports put titles above)
DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"^\s*\"?sep=(.)\"?\s*$", re.IGNORECASE)

csv.field_size_limit(16 * 1024 * 1024)

# (line, cells, damage): cells as read (text for CSV, cell values for XLSX); ``damage`` is the
# reason a CSV record could not be read (then ``cells`` is empty), else None.
TableRow = tuple[int, list[Any], str | None]


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
    return max(DELIMITERS, key=first.count)


def csv_reader(text: str) -> Any:  # csv's reader type is private to typeshed
    """A CSV reader over decoded text, with the delimiter sniffed from the first line."""
    return csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))


def header_index(rows: list[list[Any]]) -> int:
    """Which of the first rows is the header: the first of the table's usual width (the most
    common number of cells) filled at least half as much as the fullest row of that width,
    so a report title or a date range written above the table is skipped."""
    filled = [sum(1 for c in row if c is not None and str(c).strip()) for row in rows]
    widths = Counter(len(row) for row, n in zip(rows, filled, strict=True) if n)
    if not widths:
        return 0
    width = max(widths.items(), key=lambda wc: (wc[1], wc[0]))[0]
    fullest = max(n for row, n in zip(rows, filled, strict=True) if len(row) == width)
    for i, (row, n) in enumerate(zip(rows, filled, strict=True)):
        if len(row) == width and n and n * 2 >= fullest:
            return i
    return 0


def column_names(cells: list[Any]) -> list[str]:
    """Header cells as written (trimmed), every name unique and none empty."""
    names: list[str] = []
    seen: Counter[str] = Counter()
    for i, cell in enumerate(cells, 1):
        name = str(cell if cell is not None else "").replace("\ufeff", "").strip() or f"kolom_{i}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _complete_records(head: str, delimiter: str, truncated: bool) -> list[list[str]]:
    records = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    if truncated and records:
        records.pop()  # the sample may end inside the last record
    return records[:HEADER_SCAN_ROWS]


def pick_delimiter(head: str, truncated: bool = False) -> str:
    """The delimiter under which most of the first records share one width (more than one
    column): commas inside a semicolon-separated file's text do not fool it."""
    first = head.split("\n", 1)[0]
    sep = _SEP_LINE.match(first)
    if sep:
        return sep.group(1)
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = Counter(
            len(r) for r in _complete_records(head, delimiter, truncated) if len(r) > 1
        )
        if widths:
            width, count = max(widths.items(), key=lambda wc: (wc[1], wc[0]))
            if (count, width) > best_score:
                best, best_score = delimiter, (count, width)
    return best


class TableFile:
    """A CSV or XLSX table read as a stream: ``columns`` (the header row as written, found
    below any title lines) and ``rows()`` (the rows after it, with their line numbers).
    ``bytes_done`` tells how far the reading got, for progress bars."""

    def __init__(
        self, path: Path, *, encoding: str | None = None, delimiter: str | None = None
    ) -> None:
        self.path = path
        self.kind = "xlsx" if path.suffix.lower() in (".xlsx", ".xlsm") else "csv"
        self.size = path.stat().st_size
        self.bytes_done = 0
        self.encoding: str | None = None
        self.delimiter: str | None = None
        self.header_line = 1
        self.columns: list[str] = []
        self._head: list[tuple[int, list[Any]]] = []  # rows read while finding the header
        if self.kind == "xlsx":
            self._open_xlsx()
        else:
            self._open_csv(encoding, delimiter)

    def __enter__(self) -> TableFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open_csv(self, encoding: str | None, delimiter: str | None) -> None:
        if encoding is None:
            with open(self.path, "rb") as f:
                encoding = detect_encoding(f.read(SAMPLE_SIZE))
        self.encoding = encoding
        self._stream, self._counter = open_text(self.path, encoding)
        head = self._stream.read(SAMPLE_SIZE).lstrip("\ufeff")
        self._stream.seek(0)
        truncated = len(head) >= SAMPLE_SIZE - 1
        self.delimiter = delimiter or pick_delimiter(head, truncated)
        scanned = _complete_records(head, self.delimiter, truncated)
        skip = header_index(scanned)
        self._reader = csv.reader(self._stream, delimiter=self.delimiter)
        for _ in range(skip):
            next(self._reader, None)
        header = next(self._reader, [])
        if header:
            header[0] = header[0].lstrip("\ufeff")
        self.header_line = self._reader.line_num
        self.columns = column_names(header)

    def _open_xlsx(self) -> None:
        self._book = open_workbook(self.path)
        try:
            sheet = self._book.worksheets[0]
            self._total = max(sheet.max_row or 1, 1)
            self._cells = sheet.iter_rows(values_only=True)
            for line, values in enumerate(self._cells, 1):
                self._head.append((line, list(values)))
                if line >= HEADER_SCAN_ROWS:
                    break
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise PantauError(f"berkas Excel tidak bisa dibuka: {exc}") from None
        skip = header_index([cells for _, cells in self._head])
        if self._head:
            self.header_line, header = self._head[skip]
            self.columns = column_names(header)
            self._head = self._head[skip + 1 :]

    def rows(self) -> Iterator[TableRow]:
        """The data rows after the header; blank rows are left out."""
        if self.kind == "xlsx":
            yield from self._xlsx_rows()
        else:
            yield from self._csv_rows()

    def _csv_rows(self) -> Iterator[TableRow]:
        reader, counter = self._reader, self._counter
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                yield reader.line_num, [], f"CSV rusak: {exc}"
                continue
            self.bytes_done = counter.consumed
            if not cells or all(not c.strip() for c in cells):
                continue
            yield reader.line_num, cells, None
        self.bytes_done = self.size

    def _xlsx_rows(self) -> Iterator[TableRow]:
        size, total = self.size, self._total
        for line, values in self._head:
            yield from self._xlsx_row(line, values)
        for line, values in enumerate(self._cells, self.header_line + len(self._head) + 1):
            self.bytes_done = size * line // total
            yield from self._xlsx_row(line, list(values))
        self.bytes_done = size

    @staticmethod
    def _xlsx_row(line: int, values: list[Any]) -> Iterator[TableRow]:
        check_line(line)
        if any(v is not None and v != "" for v in values):
            yield line, values, None

    def close(self) -> None:
        if self.kind == "xlsx":
            if hasattr(self, "_book"):
                self._book.close()
        else:
            self._stream.close()


def read_rows(path: Path, allow_json: bool = False) -> Iterator[tuple[int, dict, str]]:
    """(line, {normalised column: value}, raw text) for each non-empty data row of a CSV
    (comma, semicolon or tab; any encoding), XLSX or, with ``allow_json``, JSON list file."""
    if not path.is_file():
        raise PantauError(f"berkas tidak ditemukan: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise PantauError(f"berkas terlalu besar: {path} (maks. 50 MB)")
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        data = path.read_bytes()
        if not data.strip():
            raise PantauError(f"berkas kosong: {path}")
        text = decode_bytes(data, detect_encoding(data[:65536]))[0].lstrip("\ufeff")
        if allow_json and (suffix == ".json" or text.lstrip().startswith("[")):
            yield from _json_rows(path, text)
            return
    with TableFile(path) as table:
        header = [column_key(c) for c in table.columns]
        joiner = table.delimiter or ";"
        for line, cells, damage in table.rows():
            if damage:
                yield line, {}, damage
                continue
            texts = [cell_text(c) for c in cells]
            raw = joiner.join(cells if table.kind == "csv" else texts)
            yield line, dict(zip(header, texts, strict=False)), raw


def _json_rows(path: Path, text: str) -> Iterator[tuple[int, dict, str]]:
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
