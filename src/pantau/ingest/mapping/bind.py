"""A mapping tied to one file's columns: checked once before the import starts (every named
column exists, the required fields are covered), then applied to each row to give the
canonical object that ``canonical.to_record`` validates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from pantau.errors import PantauError
from pantau.ingest.canonical import EXCEL_SAFE_INT, MANGLED_ID, RejectRow
from pantau.ingest.formats import Row
from pantau.ingest.keys import post_id_from_url
from pantau.ingest.mapping.dates import DateReader, combine
from pantau.ingest.mapping.fields import COUNTS
from pantau.ingest.mapping.platforms import platform_of, platform_of_url
from pantau.ingest.mapping.sample import TableSample, getter
from pantau.ingest.mapping.spec import Mapping, Source
from pantau.io.rejects import Reject

DATE_MISSING_FLAG = "date_missing"
_DATE_FIELDS = ("created_at", "collected_at")
_SHOWN_COLUMNS = 15

Getter = Callable[[dict], object]


def _first_of(alternatives: list[list[Getter]]) -> Getter:
    """The first alternative whose first column has a value; its other columns joined."""

    def get(obj: dict) -> object:
        for getters in alternatives:
            first = getters[0](obj)
            if first is None or first == "":
                continue
            if len(getters) == 1:
                return first
            rest = [g(obj) for g in getters[1:]]
            return combine([first, *(v for v in rest if v is not None and v != "")])
        return None

    return get


class Binding:
    """``mapping`` bound to the columns of ``sample``'s file."""

    def __init__(self, mapping: Mapping, sample: TableSample, file_name: str) -> None:
        self.mapping = mapping
        self.sample = sample
        self.file_name = file_name
        self.resolved: dict[str, str] = {}  # field -> source as bound, for people to read
        self._simple: list[tuple[str, str]] = []  # (field, column) read with dict.get
        self._complex: list[tuple[str, Getter]] = []
        self._constants: dict[str, object] = {}
        for name, source in mapping.fields.items():
            self._bind(name, source)
        self._check_required()
        self._dates = {
            name: DateReader(self.resolved[name], mapping.date_format, self._values(name))
            for name in _DATE_FIELDS
            if name in self.resolved and name not in self._constants
        }
        self._platforms: dict[str, str | None] = {}
        self._created = self._dates.get("created_at")
        self._text_cells = sample.format == "csv"

    # -- binding ----------------------------------------------------------------------------

    def _missing(self, name: str, columns: list[str]) -> PantauError:
        shown = ", ".join(self.sample.columns[:_SHOWN_COLUMNS])
        more = ", …" if len(self.sample.columns) > _SHOWN_COLUMNS else ""
        return PantauError(
            f"kolom {' / '.join(repr(c) for c in columns)} untuk {name} tidak ada di "
            f"{self.file_name} (kolom yang ada: {shown}{more})"
        )

    def _bind(self, name: str, source: Source) -> None:
        if source.constant is not None:
            self._constant(name, source.constant)
            return
        nested = self.sample.nested
        alternatives: list[list[str]] = []
        for alt in source.alternatives:
            columns: list[str] = []
            for part in alt:
                column = self.sample.resolve(part.name)
                if column is None and not part.optional:
                    break
                if column is not None:
                    columns.append(column)
            else:
                if columns:
                    alternatives.append(columns)
        if not alternatives:
            only = source.alternatives[0] if len(source.alternatives) == 1 else ()
            if name == "platform" and len(only) == 1 and platform_of(only[0].name):
                self._constant(name, only[0].name)  # platform=x: a platform, not a column
                return
            if all(p.optional for alt in source.alternatives for p in alt):
                return  # an optional column this file does not have
            raise self._missing(name, source.columns())
        self.resolved[name] = "|".join("+".join(alt) for alt in alternatives)
        if len(alternatives) == 1 and len(alternatives[0]) == 1:
            column = alternatives[0][0]
            if not nested or "." not in column:
                self._simple.append((name, column))
                return
        getters = [[getter(c, nested) for c in alt] for alt in alternatives]
        self._complex.append((name, _first_of(getters)))

    def _constant(self, name: str, value: str) -> None:
        if name == "platform":
            platform = platform_of(value)
            if platform is None:
                raise PantauError(f"platform tidak dikenal di pemetaan: {value!r}")
            value = platform
        self._constants[name] = value
        self.resolved[name] = f"'{value}'"

    def _check_required(self) -> None:
        fields, mapping = self.resolved, self.mapping
        if "text" not in fields and "title" not in fields:
            raise PantauError(
                f"pemetaan untuk {self.file_name} tidak menyebut kolom teks: tambahkan "
                "text=KOLOM (atau title=KOLOM untuk berita)"
            )
        if "created_at" not in fields and mapping.date_missing != "import-time":
            raise PantauError(
                f"pemetaan untuk {self.file_name} tidak menyebut kolom tanggal: tambahkan "
                "created_at=KOLOM, atau --date-missing=import-time untuk memakai waktu impor"
            )
        if "platform" not in fields and "url" not in fields and not mapping.platform:
            raise PantauError(
                f"pemetaan untuk {self.file_name} tidak menyebut platform: tambahkan "
                "platform=KOLOM, platform=x, atau --platform"
            )
        if mapping.platform and platform_of(mapping.platform) is None:
            raise PantauError(f"--platform tidak dikenal: {mapping.platform!r}")

    def _values(self, name: str) -> list[object]:
        values = []
        for row in self.sample.rows:
            value = self._read_field(name, row)
            if value is not None and value != "" and value != []:
                values.append(value)
        return values

    def _read_field(self, name: str, obj: dict) -> object:
        for field, column in self._simple:
            if field == name:
                return obj.get(column)
        for field, get in self._complex:
            if field == name:
                return get(obj)
        return self._constants.get(name)

    def describe(self) -> list[dict]:
        """For each field the mapping fills: where it comes from and the first sampled value."""
        rows = []
        for name, source in self.resolved.items():
            values = self._values(name)
            rows.append({"field": name, "source": source, "example": _shown(values)})
        if "platform" not in self.resolved:
            default = f"'{self.mapping.platform}'" if self.mapping.platform else ""
            source = f"dari tautan (url), selain itu {default}" if default else "dari tautan (url)"
            if "url" not in self.resolved:
                source = f"{default} (--platform)"
            rows.append({"field": "platform", "source": source, "example": None})
        style = self.date_style()
        if style:
            rows.append({"field": "bentuk tanggal", "source": style, "example": None})
        return rows

    def date_style(self) -> str | None:
        reader = self._dates.get("created_at")
        return reader.style if reader else None

    # -- applying ---------------------------------------------------------------------------

    def rows(self, items: Iterator[Row | Reject], collected_at: datetime) -> Iterator[Row | Reject]:
        """The file's rows as canonical objects; a row the mapping cannot read is a reject.
        ``collected_at`` (aware) stands in for a missing date when the mapping allows it."""
        convert = self.convert
        for item in items:
            if type(item) is not Row:
                yield item
                continue
            try:
                obj, flag = convert(item.obj, collected_at)  # type: ignore[arg-type]  # rows of tables are dicts
            except RejectRow as exc:
                yield Reject(item.line, str(exc), item.raw)
                continue
            if flag:
                item.flags = [*(item.flags or ()), flag]
            item.obj = obj
            yield item

    def convert(self, row: dict, collected_at: datetime) -> tuple[dict, str | None]:
        """The canonical object for one row, and a flag to add to it (or None)."""
        if type(row) is not dict:
            raise RejectRow(f"baris harus objek JSON, bukan {type(row).__name__}")
        get = row.get
        if self._text_cells:  # CSV: every cell is text, so an empty one is falsy
            out = {name: v for name, column in self._simple if (v := get(column))}
        else:
            out = {
                name: v
                for name, column in self._simple
                if (v := get(column)) is not None and v != ""
            }
            for name in COUNTS:
                value = out.get(name)
                if type(value) is int and value < 0:
                    del out[name]  # scrapers write -1 for a count the platform hides
        if self._constants:
            out.update(self._constants)
        for name, read in self._complex:
            value = read(row)
            if value is not None and value != "" and value != []:
                out[name] = value
        flag = None
        created = out.get("created_at")
        if created is None:
            if self.mapping.date_missing != "import-time":
                column = self.resolved.get("created_at", "created_at")
                raise RejectRow(
                    f"tanggal kosong ({column}); --date-missing=import-time untuk tetap "
                    "menyimpan dengan waktu impor"
                )
            out["created_at"], flag = collected_at, DATE_MISSING_FLAG
        elif self._created is not None:
            out["created_at"] = self._created(created)
        if "collected_at" in out and "collected_at" in self._dates:
            out["collected_at"] = self._dates["collected_at"](out["collected_at"])
        platform = out["platform"] = self._platform(out.get("platform"), out.get("url"))
        ident = out.get("id")
        if ident is None:
            url = out.get("url")
            if type(url) is str and platform in ("x", "tiktok", "youtube"):
                found = post_id_from_url(platform, url)
                if found:
                    out["id"] = found
        elif isinstance(ident, float) and abs(ident) >= EXCEL_SAFE_INT:
            raise RejectRow(MANGLED_ID)
        return out, flag

    def _platform(self, value: object, url: object) -> str:
        if value is not None:
            key = value if type(value) is str else str(value)
            try:
                found = self._platforms[key]
            except KeyError:
                found = self._platforms[key] = platform_of(key)
            if found:
                return found
        if type(url) is str:
            found = platform_of_url(url)
            if found:
                return found
        if self.mapping.platform:
            return platform_of(self.mapping.platform) or self.mapping.platform
        if value is not None:
            raise RejectRow(
                f"platform tidak dikenal: {str(value)[:30]!r} (--platform untuk platform bawaan)"
            )
        raise RejectRow("platform tidak diketahui: kolom platform kosong dan tautan tidak dikenali")


def _shown(values: list[object]) -> str | None:
    if not values:
        return None
    text = str(values[0])
    return text if len(text) <= 60 else text[:57] + "…"
