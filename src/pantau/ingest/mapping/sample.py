"""The first rows of a table or JSON file: its columns (dotted paths inside JSON objects) and
values to detect formats, recognise profiles and guess mappings from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pantau.ingest.formats import FileFormat, ReadState, Row
from pantau.io.tabular import column_key

SAMPLE_ROWS = 200
_MAX_DEPTH = 4


@dataclass
class TableSample:
    format: str  # the file format's name (csv, xlsx, jsonl)
    nested: bool  # JSON objects, whose columns are paths
    columns: list[str]  # as written, in the order first seen
    rows: list[dict]  # the first rows as read

    def resolve(self, name: str) -> str | None:
        """The column (or path) ``name`` means, matched without regard to case or spacing;
        a path whose first key exists counts (its value may be empty in these rows)."""
        wanted = column_key(name)
        for column in self.columns:
            if column_key(column) == wanted:
                return column
        if self.nested and "." in name:
            head, rest = name.split(".", 1)
            top = self.resolve(head)
            if top is not None and "." not in top:
                return f"{top}.{rest}"
        return None

    def values(self, column: str) -> list[object]:
        """The non-empty values of one column in the sampled rows."""
        get = getter(column, self.nested)
        return [v for v in map(get, self.rows) if v is not None and v != "" and v != []]


def getter(column: str, nested: bool) -> Callable[[dict], object]:
    """A function reading one column (or JSON path, ``*`` for every item of a list) of a row."""
    if not nested or "." not in column:
        return lambda obj: obj.get(column)
    segments = column.split(".")
    return lambda obj: _walk(obj, segments)


def _walk(value: object, segments: list[str]) -> object:
    for i, segment in enumerate(segments):
        if segment == "*":
            if not isinstance(value, list):
                return None
            found: list[object] = []
            for item in value:
                v = _walk(item, segments[i + 1 :])
                if isinstance(v, list):
                    found.extend(v)
                elif v is not None and v != "":
                    found.append(v)
            return found or None
        if isinstance(value, dict):
            value = value.get(segment)
        elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return None
        if value is None:
            return None
    return value


def _paths(obj: dict, prefix: str, depth: int, out: dict[str, None]) -> None:
    for key, value in obj.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth < _MAX_DEPTH:
            _paths(value, f"{path}.", depth + 1, out)
        elif (
            isinstance(value, list) and value and isinstance(value[0], dict) and depth < _MAX_DEPTH
        ):
            _paths(value[0], f"{path}.*.", depth + 1, out)
        else:
            out.setdefault(path)


def read_sample(fmt: FileFormat, path: Path, encoding: str) -> TableSample:
    """The first rows of ``path`` read by ``fmt`` as a table (rows it rejects are skipped)."""
    if fmt.read_table is None:
        raise ValueError(f"format {fmt.name} has no table reader")
    items = fmt.read_table(ReadState(path=path, encoding=encoding))
    try:
        rows = [
            item.obj
            for item in islice(items, SAMPLE_ROWS)
            if isinstance(item, Row) and isinstance(item.obj, dict)
        ]
    finally:
        close = getattr(items, "close", None)  # a generator holding the file open
        if close is not None:
            close()
    nested = fmt.name == "jsonl"
    columns: dict[str, None] = {}
    for row in rows:
        if nested:
            _paths(row, "", 0, columns)
        else:
            columns.update(dict.fromkeys(row))
    return TableSample(fmt.name, nested, list(columns), rows)
