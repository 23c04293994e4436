"""A column mapping and its text form.

``text=Tweet,created_at="Tanggal Posting",author=user.screen_name,platform=x``: each item
names a canonical field and where its value comes from. As in SQL, ``"Nama Kolom"`` is a
column (the quotes allow commas, ``|`` and ``+`` in a name) and ``'teks'`` a constant; a bare
word is a column (a dotted path inside JSON objects), except that ``platform`` takes a
platform name as a constant when no column has that name. ``a|b`` takes the first of the
columns that has a value, ``Tanggal+Jam`` joins columns with a space, and a ``?`` after a
column marks it optional (a file without it still fits the mapping).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from pantau.errors import PantauError
from pantau.ingest.canonical import FIELDS
from pantau.ingest.mapping.fields import SYNONYMS, normalise

DATE_MISSING = ("reject", "import-time")


@dataclass(frozen=True)
class Part:
    """One column (or JSON path) of a source."""

    name: str
    optional: bool = False

    def text(self) -> str:
        plain = re.sub(r"[._*-]", "", self.name).isalnum()
        return (self.name if plain else f'"{self.name}"') + ("?" if self.optional else "")


@dataclass(frozen=True)
class Source:
    """Where one field's value comes from: a constant, or alternatives (the first with a
    value wins), each a column or several columns joined with a space."""

    alternatives: tuple[tuple[Part, ...], ...] = ()
    constant: str | None = None

    def text(self) -> str:
        if self.constant is not None:
            return "'" + self.constant + "'"
        return "|".join("+".join(p.text() for p in alt) for alt in self.alternatives)

    def columns(self) -> list[str]:
        return [p.name for alt in self.alternatives for p in alt]


@dataclass(frozen=True)
class Mapping:
    """Which source feeds each canonical field, and how to read the rows."""

    fields: dict[str, Source]
    platform: str | None = None  # default platform, for rows that name none
    date_format: str | None = None  # a strptime pattern or a style name; None: detected
    date_missing: str = "reject"  # or "import-time": stored at the import time, flagged

    def spec(self) -> str:
        return ",".join(f"{name}={source.text()}" for name, source in self.fields.items())

    def as_dict(self) -> dict:
        return {
            "fields": {name: source.text() for name, source in self.fields.items()},
            "platform": self.platform,
            "date_format": self.date_format,
            "date_missing": self.date_missing,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        return cls(
            fields={name: parse_source(name, text) for name, text in data["fields"].items()},
            platform=data.get("platform"),
            date_format=data.get("date_format"),
            date_missing=data.get("date_missing") or "reject",
        )

    def with_options(
        self,
        fields: dict[str, Source] | None = None,
        platform: str | None = None,
        date_format: str | None = None,
        date_missing: str | None = None,
    ) -> Mapping:
        """This mapping with some fields and options given on the command line instead."""
        return replace(
            self,
            fields={**self.fields, **(fields or {})},
            platform=platform or self.platform,
            date_format=date_format or self.date_format,
            date_missing=date_missing or self.date_missing,
        )


def check_field(name: str) -> str:
    if name in FIELDS:
        return name
    known = [field for field, names in SYNONYMS.items() if normalise(name) in names]
    close = known or difflib.get_close_matches(name, FIELDS, n=1)
    hint = f"; maksud Anda {close[0]!r}?" if close else f" (pilih: {', '.join(FIELDS)})"
    raise PantauError(f"field kanonik tidak dikenal di --map: {name!r}{hint}")


def check_date_missing(value: str) -> str:
    if value not in DATE_MISSING:
        raise PantauError(f"--date-missing harus reject atau import-time, bukan {value!r}")
    return value


def _split(text: str, sep: str) -> list[str]:
    """``text`` cut at ``sep`` outside double and single quotes."""
    pieces: list[str] = []
    current: list[str] = []
    quote = ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == sep:
            pieces.append("".join(current))
            current = []
            continue
        current.append(ch)
    if quote:
        raise PantauError(f"tanda kutip tidak ditutup di --map: {text!r}")
    pieces.append("".join(current))
    return pieces


def _part(field_name: str, text: str) -> Part:
    text = text.strip()
    optional = text.endswith("?")
    if optional:
        text = text[:-1].rstrip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not text:
        raise PantauError(f"nama kolom kosong untuk {field_name} di --map")
    return Part(text, optional)


def parse_source(field_name: str, text: str) -> Source:
    text = text.strip()
    if not text:
        raise PantauError(f"{field_name}= tanpa kolom di --map")
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return Source(constant=text[1:-1])
    alternatives = tuple(
        tuple(_part(field_name, piece) for piece in _split(alt, "+")) for alt in _split(text, "|")
    )
    return Source(alternatives)


def parse_spec(text: str) -> dict[str, Source]:
    """The fields of a ``--map`` text (several ``--map`` options are joined with commas)."""
    fields: dict[str, Source] = {}
    for item in _split(text, ","):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        if not sep:
            raise PantauError(f"--map memerlukan field=kolom, bukan {item.strip()!r}")
        name = check_field(name.strip())
        if name in fields:
            raise PantauError(f"field {name!r} disebut dua kali di --map")
        fields[name] = parse_source(name, value)
    return fields
