"""Proposing a mapping for a file nobody described: from its header names (Indonesian and
English synonyms) and its values (links, dates, @handles, platform names, long texts).

The proposal is shown to a person before anything is imported (``pantau import`` without
``--yes`` prints it; a page can show it as a form); ``propose`` returns it as data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

from pantau.ingest.canonical import RejectRow, parse_count
from pantau.ingest.mapping.dates import DateReader, date_share
from pantau.ingest.mapping.fields import COUNTS, SYNONYMS, WORDS, normalise
from pantau.ingest.mapping.platforms import platform_of
from pantau.ingest.mapping.sample import TableSample
from pantau.ingest.mapping.spec import Mapping, Part, Source

REQUIRED = ("created_at", "text", "platform")

_URL = re.compile(r"^https?://\S+$", re.I)
_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{1,50}$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$")


@dataclass
class FieldGuess:
    field: str
    column: str
    reason: str  # why this column: its name, or what its values look like
    example: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Proposal:
    """A proposed mapping for one file and why; ``missing`` names what it could not find."""

    file: str
    format: str
    columns: list[str]
    mapping: Mapping
    guesses: list[FieldGuess]
    date_style: str | None
    unused: list[str]
    missing: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.missing

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "columns": self.columns,
            "fields": [g.as_dict() for g in self.guesses],
            "date_style": self.date_style,
            "platform_from_url": "platform" not in self.mapping.fields
            and "url" in self.mapping.fields,
            "unused": self.unused,
            "missing": self.missing,
            "ready": self.ready,
            "spec": self.mapping.spec(),
        }


@dataclass
class _Column:
    """What one column's sampled values look like."""

    name: str
    values: list[object]
    urls: float = 0.0
    handles: float = 0.0
    numbers: float = 0.0
    platforms: float = 0.0
    clocks: float = 0.0
    texts: float = 0.0  # share of values with a space
    length: float = 0.0  # mean length of the values
    _dates: float | None = None

    @classmethod
    def of(cls, name: str, values: list[object]) -> _Column:
        col = cls(name, values)
        texts = [v for v in values if isinstance(v, str)]
        n = len(values) or 1
        col.urls = sum(1 for v in texts if _URL.match(v.strip())) / n
        col.handles = sum(1 for v in texts if _HANDLE.match(v.strip())) / n
        col.platforms = sum(1 for v in texts if platform_of(v)) / n
        col.clocks = sum(1 for v in values if _is_clock(v)) / n
        col.texts = sum(1 for v in texts if " " in v.strip()) / n
        col.length = sum(len(str(v)) for v in values) / n
        col.numbers = sum(1 for v in values if _is_count(v)) / n
        return col

    def dates(self, numbers_too: bool) -> float:
        """The share of values that are dates; plain numbers count only when the column's
        name says it holds dates (a follower count is not a serial date)."""
        values = [
            v
            for v in self.values
            if numbers_too or (isinstance(v, str) and not _is_count(v)) or isinstance(v, date)
        ]
        if not values:
            return 0.0
        share = date_share(values, DateReader(self.name, samples=values))
        return share * len(values) / len(self.values)


def _is_clock(value: object) -> bool:
    return (isinstance(value, time) and not isinstance(value, date)) or (
        isinstance(value, str) and bool(_CLOCK.match(value.strip()))
    )


def _is_count(value: object) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return parse_count(value, "n") is not None
    except RejectRow:
        return False


def _fits(field_name: str, col: _Column) -> bool:
    """Whether a column named like ``field_name`` holds values of that kind."""
    if not col.values:
        return True
    if field_name in ("created_at",):
        return col.dates(numbers_too=True) >= 0.5
    if field_name == "url":
        return col.urls >= 0.5
    if field_name in COUNTS:
        return col.numbers >= 0.8
    if field_name == "platform":
        return col.platforms >= 0.5
    if field_name in ("author", "author_name", "text", "title"):
        return col.urls < 0.5
    return True


def _name_candidates(column: str) -> list[tuple[int, str, str]]:
    """(score, field, reason) for a header name."""
    norm = normalise(column)
    found = []
    for field_name, names in SYNONYMS.items():
        if norm in names:
            found.append((100 - names.index(norm), field_name, "nama kolom"))
    tokens = set(norm.split("_"))
    for rank, (field_name, words) in enumerate(WORDS.items()):
        if tokens & set(words):
            found.append((50 - rank, field_name, "kata di nama kolom"))
            break
    return found


def propose(
    sample: TableSample, file_name: str, platform: str | None = None, date_missing: str = "reject"
) -> Proposal:
    """A mapping proposed for ``sample``'s file, with the reason for each field."""
    cols = {c: _Column.of(c, sample.values(c)) for c in sample.columns}
    candidates = [
        (score, field_name, column, reason)
        for column in sample.columns
        for score, field_name, reason in _name_candidates(column)
        if _fits(field_name, cols[column])
    ]
    chosen: dict[str, tuple[str, str]] = {}  # field -> (column, reason)
    used: set[str] = set()
    for _score, field_name, column, reason in sorted(candidates, key=lambda c: -c[0]):
        if field_name not in chosen and column not in used:
            chosen[field_name] = (column, reason)
            used.add(column)
    _by_values(cols, chosen, used)
    fields: dict[str, Source] = {}
    guesses = []
    for field_name, (column, reason) in chosen.items():
        parts = tuple(Part(c) for c in column.split("+"))
        fields[field_name] = Source((parts,))
        example = cols[parts[0].name].values[:1]
        guesses.append(
            FieldGuess(field_name, column, reason, str(example[0])[:60] if example else None)
        )
    mapping = Mapping(fields=fields, platform=platform, date_missing=date_missing)
    missing = missing_required(mapping)
    style = None
    if "created_at" in chosen:
        first = chosen["created_at"][0].split("+")[0]
        style = DateReader(first, samples=cols[first].values).style
    return Proposal(
        file=file_name,
        format=sample.format,
        columns=sample.columns,
        mapping=mapping,
        guesses=guesses,
        date_style=style,
        unused=[c for c in sample.columns if c not in used],
        missing=missing,
    )


def missing_required(mapping: Mapping) -> list[str]:
    """The required fields ``mapping`` gives no value for: a text (or a title), a date
    (unless the import time stands in), a platform (a link or a default also tells it)."""
    fields = mapping.fields
    return [
        f
        for f in REQUIRED
        if f not in fields
        and not (f == "text" and "title" in fields)
        and not (f == "created_at" and mapping.date_missing == "import-time")
        and not (f == "platform" and ("url" in fields or mapping.platform))
    ]


def _best(cols: dict[str, _Column], used: set[str], score: str, floor: float) -> str | None:
    free = [c for c in cols.values() if c.name not in used and c.values]
    ranked = sorted(free, key=lambda c: getattr(c, score), reverse=True)
    return ranked[0].name if ranked and getattr(ranked[0], score) >= floor else None


def _by_values(
    cols: dict[str, _Column], chosen: dict[str, tuple[str, str]], used: set[str]
) -> None:
    """Fill the fields that matter most from what the remaining columns hold."""

    def take(field_name: str, column: str | None, reason: str) -> None:
        if column is not None and field_name not in chosen:
            chosen[field_name] = (column, reason)
            used.add(column)

    if "url" not in chosen:
        take("url", _best(cols, used, "urls", 0.8), "isi: tautan")
    if "created_at" not in chosen:
        free = [c for c in cols.values() if c.name not in used and c.values]
        dated = [(c.dates(numbers_too=False), c.name) for c in free]
        best = max(dated, default=(0.0, ""))
        take("created_at", best[1] if best[0] >= 0.8 else None, "isi: tanggal")
    if "created_at" in chosen:
        column, reason = chosen["created_at"]
        clock = _best(cols, used, "clocks", 0.8)
        values = cols[column].values[:20]
        reader = DateReader(column, samples=values)
        if clock and not any(_has_time(reader, v) for v in values):
            chosen["created_at"] = (f"{column}+{clock}", f"{reason}; jam dari {clock}")
            used.add(clock)
    if "platform" not in chosen:
        take("platform", _best(cols, used, "platforms", 0.8), "isi: nama platform")
    if "author" not in chosen:
        take("author", _best(cols, used, "handles", 0.5), "isi: @akun")
    if "text" not in chosen:
        free = [
            c
            for c in cols.values()
            if c.name not in used and c.values and c.texts >= 0.5 and c.urls < 0.5
        ]
        longest = max(free, key=lambda c: c.length, default=None)
        if longest is not None and longest.length >= 20:
            take("text", longest.name, "isi: teks terpanjang")


def _has_time(reader: DateReader, value: object) -> bool:
    """Whether a date value carries a time of day (not midnight)."""
    try:
        when = reader(value)
    except RejectRow:
        return False
    return bool(when.hour or when.minute)
