"""An export file as blocks of rows. Platform exports are small CSV files with quirks: a
``sep=,`` first line for Excel, UTF-16, a metric name above the header (Meta daily files), or
several titled tables stacked with blank lines between them (audience files)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import orjson

from pantau.io.decode import SAMPLE_SIZE, decode_bytes, detect_encoding

csv.field_size_limit(16 * 1024 * 1024)
_DELIMITERS = (",", ";", "\t")
_SEP_LINE = re.compile(r"^\s*\"?sep=(.)\"?\s*$", re.IGNORECASE)


@dataclass(slots=True)
class Record:
    line: int  # physical line where the record starts, from 1
    cells: list[str]

    def is_blank(self) -> bool:
        return all(not c.strip() for c in self.cells)

    def filled(self) -> list[str]:
        return [c for c in self.cells if c.strip()]


@dataclass(slots=True)
class Block:
    header: Record
    rows: list[Record] = field(default_factory=list)
    title: str | None = None

    def raw(self, record: Record) -> str:
        """The row as ``{header: cell}`` JSON, exactly as the file wrote it."""
        names = [h.strip() or f"kolom_{i + 1}" for i, h in enumerate(self.header.cells)]
        values = dict(zip(names, record.cells, strict=False))
        for i, extra in enumerate(record.cells[len(names) :], len(names) + 1):
            values[f"kolom_{i}"] = extra
        return orjson.dumps(values).decode()


@dataclass(slots=True)
class ExportDoc:
    name: str  # file name (or archive member name)
    encoding: str
    delimiter: str
    blocks: list[Block]
    replaced: bool  # bytes that were not valid in the detected encoding were replaced

    @property
    def main(self) -> Block | None:
        return self.blocks[0] if self.blocks else None


def _pick_delimiter(lines: list[str]) -> str:
    best, widest = ",", 0
    for delimiter in _DELIMITERS:
        width = max((len(r) for r in csv.reader(lines, delimiter=delimiter)), default=0)
        if width > widest:
            best, widest = delimiter, width
    return best


def _records(text: str, delimiter: str, first_line: int) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[Record] = []
    done = 0
    for cells in reader:
        records.append(Record(first_line + done, [c.strip() for c in cells]))
        done = reader.line_num
    return records


def _blocks(records: list[Record]) -> list[Block]:
    """Split on blank rows; a lone single-cell row above a header is the block's title."""
    blocks: list[Block] = []
    title: str | None = None
    current: Block | None = None
    for rec in records:
        if rec.is_blank():
            current = None
            continue
        if current is None:
            if len(rec.filled()) == 1 and title is None and len(rec.cells) <= 2:
                title = rec.filled()[0]
                continue
            current = Block(header=rec, title=title)
            blocks.append(current)
            title = None
            continue
        current.rows.append(rec)
    return blocks


def read_doc(data: bytes, name: str) -> ExportDoc:
    """Decode and split an export file. Never fails: an unreadable file has no blocks."""
    encoding = detect_encoding(data[:SAMPLE_SIZE])
    text, replaced = decode_bytes(data, encoding)
    text = text.lstrip("\ufeff")
    first_line = 1
    head, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(head)
    if sep:
        delimiter = sep.group(1)
        text, first_line = rest, 2
    else:
        delimiter = _pick_delimiter(text[:SAMPLE_SIZE].splitlines()[:20])
    records = _records(text, delimiter, first_line)
    return ExportDoc(name, encoding, delimiter, _blocks(records), replaced)
