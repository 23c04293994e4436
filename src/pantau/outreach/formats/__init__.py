"""Platform analytics exports Pantau reads. Each module registers the file types of one
platform's export as ``ExportFormat`` objects.

Detection looks at column names only: a format claims a file when its *required* columns
(a subset; platforms add and rename the others all the time) are all present after the
family's aliases are applied. When several formats claim a file, the one with the most required
columns wins (then the lower ``priority``): ``Date, Views`` alone is YouTube's daily totals, but
``Date, Video views, Profile views`` is TikTok's overview.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import orjson

from pantau.errors import PantauError
from pantau.outreach.aliases import Aliases, metric_name, normalise
from pantau.outreach.table import Block, ExportDoc, Record
from pantau.outreach.values import (
    ValueProblem,
    count,
    decimal,
    local_day,
    numeric_day_first,
    parse_when,
    to_utc,
)
from pantau.store.outreach_records import (
    POST_METRICS,
    ChannelRef,
    DailyItem,
    Item,
    PostItem,
    RowProblem,
)


@dataclass
class ReadContext:
    timezone: ZoneInfo  # for times the file writes without an offset
    downloaded: date  # the day the file was downloaded: completes dates without a year
    channel: ChannelRef | None = None  # the account, when the file does not name it
    notes: list[str] = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    aliases: Aliases
    required: frozenset[str]
    read: Callable[[ExportFormat, ExportDoc, ReadContext], Iterator[Item]]  # (self, doc, ctx)
    kind: str  # posts, daily, audience
    platform: str | None = None  # None: decided by the file (Meta daily files) or --channel
    names_account: bool = False  # the rows say which account they belong to
    titled: bool | None = None  # True: needs a title line above the header; None: either
    any_of: frozenset[str] = frozenset()  # at least one of these columns must be present
    excluded: frozenset[str] = frozenset()  # a column that means the file is something else
    prefixes: dict[str, str] = field(default_factory=dict)  # header prefix -> key prefix
    claims: Callable[[ExportDoc], bool] | None = None  # for shapes columns cannot describe
    platform_from: Callable[[ExportDoc], str | None] | None = None  # when platform is None
    priority: int = 50

    def items(self, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
        return self.read(self, doc, ctx)

    def columns(self, block: Block) -> list[str | None]:
        return header_keys(block.header, self.aliases, self.prefixes)

    def score(self, doc: ExportDoc) -> int | None:
        """How specifically this format matches the file; ``None`` when it does not."""
        if self.claims is not None:
            return len(self.required) if self.claims(doc) else None
        block = doc.main
        if block is None:
            return None
        if self.titled is not None and (block.title is not None) != self.titled:
            return None
        keys = set(self.columns(block))
        if not self.required <= keys or keys & self.excluded:
            return None
        if self.any_of and not keys & self.any_of:
            return None
        return len(self.required) + (1 if self.any_of else 0)


_REGISTRY: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    _REGISTRY[fmt.name] = fmt
    return fmt


def all_formats() -> list[ExportFormat]:
    _load_builtin()
    return sorted(_REGISTRY.values(), key=lambda f: (f.platform or "", f.name))


def get_format(name: str) -> ExportFormat:
    _load_builtin()
    try:
        return _REGISTRY[name]
    except KeyError:
        names = ", ".join(sorted(_REGISTRY))
        raise PantauError(f"format ekspor tidak dikenal: {name!r} (pilih: {names})") from None


def detect(doc: ExportDoc) -> ExportFormat:
    scored = [(s, f) for f in all_formats() if (s := f.score(doc)) is not None]
    if not scored:
        header = ", ".join(doc.main.header.filled()[:8]) if doc.main else "(kosong)"
        raise PantauError(
            f"berkas {doc.name} tidak dikenali sebagai ekspor analitik platform "
            f"(kolom: {header}); lihat `pantau outreach formats`"
        )
    scored.sort(key=lambda sf: (-sf[0], sf[1].priority, sf[1].name))
    return scored[0][1]


def header_keys(header: Record, aliases: Aliases, prefixes: dict[str, str]) -> list[str | None]:
    keys: list[str | None] = []
    for cell in header.cells:
        name = normalise(cell)
        key = aliases.get(name)
        if key is None:
            for prefix, key_prefix in prefixes.items():
                if name.startswith(prefix):
                    key = f"{key_prefix}:{name[len(prefix) :].strip(' :-')}"
                    break
        keys.append(key)
    return keys


class Row:
    """One record of a block, read by column key."""

    __slots__ = ("_block", "_index", "line", "record")

    def __init__(self, block: Block, index: dict[str, int], record: Record) -> None:
        self._block = block
        self._index = index
        self.record = record
        self.line = record.line

    def get(self, key: str) -> str | None:
        i = self._index.get(key)
        if i is None or i >= len(self.record.cells):
            return None
        value = self.record.cells[i]
        return value if value != "" else None

    def column(self, key: str) -> str:
        """The column's name as the file writes it (for messages)."""
        i = self._index.get(key)
        return self._block.header.cells[i].strip() if i is not None else key

    def keys_with_prefix(self, prefix: str) -> list[str]:
        return [k for k in self._index if k.startswith(prefix)]

    @property
    def raw(self) -> str:
        return self._block.raw(self.record)


def rows(fmt: ExportFormat, block: Block) -> Iterator[Row]:
    index: dict[str, int] = {}
    for i, key in enumerate(fmt.columns(block)):
        if key is not None:
            index.setdefault(key, i)
    for record in block.rows:
        yield Row(block, index, record)


def guarded(
    fmt: ExportFormat, block: Block, convert: Callable[[Row], Iterator[Item]]
) -> Iterator[Item]:
    """Run ``convert`` over each row; a row it cannot read becomes a reject with its reason."""
    width = len(block.header.cells)
    for row in rows(fmt, block):
        if len(row.record.cells) > width and any(c for c in row.record.cells[width:]):
            yield RowProblem(
                row.line,
                f"jumlah kolom {len(row.record.cells)}, seharusnya {width}",
                row.raw,
            )
            continue
        try:
            yield from convert(row)
        except ValueProblem as exc:
            yield RowProblem(row.line, str(exc), row.raw)


def extra_blocks(doc: ExportDoc) -> Iterator[Item]:
    """Tables after the first in a single-table file are reported, not silently dropped."""
    for block in doc.blocks[1:]:
        for record in [block.header, *block.rows]:
            yield RowProblem(
                record.line,
                "tabel tambahan di bawah tabel utama tidak dibaca",
                orjson.dumps(record.cells).decode(),
            )


def caption(value: str | None) -> str | None:
    """Caption text with Windows line endings made plain."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if value else None


def column_values(fmt: ExportFormat, block: Block, key: str) -> list[str]:
    keys = fmt.columns(block)
    if key not in keys:
        return []
    i = keys.index(key)
    return [r.cells[i] for r in block.rows if i < len(r.cells)]


def day_first(fmt: ExportFormat, block: Block, key: str, english: str) -> bool:
    """Whether numeric dates in a column are day-first: settled by the values when a day is
    above 12, otherwise by the header's language (Indonesian headers: day first)."""
    keys = fmt.columns(block)
    localised = key in keys and normalise(block.header.cells[keys.index(key)]) != english
    return numeric_day_first(column_values(fmt, block, key), default=localised)


def moment(row: Row, key: str, ctx: ReadContext, first_day: bool = False) -> tuple[datetime, bool]:
    """The row's time as naive UTC and whether the file gave a time of day."""
    when = parse_when(row.get(key), row.column(key), first_day)
    if when.year is None:
        ctx.note(year_note(ctx))
    return to_utc(when, ctx.timezone, ctx.downloaded), when.has_time


def day_of(row: Row, key: str, ctx: ReadContext, first_day: bool = False) -> date:
    when = parse_when(row.get(key), row.column(key), first_day)
    if when.year is None:
        ctx.note(year_note(ctx))
    return local_day(when, ctx.downloaded)


def year_note(ctx: ReadContext) -> str:
    return (
        "tahun tidak tertulis di berkas; dipakai tahun yang membuat tanggal tidak melewati "
        f"tanggal unduh {ctx.downloaded.isoformat()} (ubah dengan --downloaded)"
    )


def main_table(
    fmt: ExportFormat, doc: ExportDoc, convert: Callable[[Row], Iterator[Item]]
) -> Iterator[Item]:
    """``convert`` over the rows of the file's table; further tables are reported."""
    assert doc.main is not None  # detection needs a header
    yield from guarded(fmt, doc.main, convert)
    yield from extra_blocks(doc)


def daily_reader(
    platform: str, columns: tuple[str, ...]
) -> Callable[[ExportFormat, ExportDoc, ReadContext], Iterator[Item]]:
    """A reader for a file of dated rows: one ``DailyItem`` per metric column of each row."""

    def read(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
        assert doc.main is not None
        first_day = day_first(fmt, doc.main, "date", "date")

        def convert(row: Row) -> Iterator[Item]:
            day = day_of(row, "date", ctx, first_day)
            values = [(key, decimal(row.get(key), row.column(key))) for key in columns]
            if all(v is None for _, v in values):
                raise ValueProblem("tidak ada nilai metrik")
            for key, value in values:
                if value is not None:
                    yield DailyItem(row.line, metric_name(platform, key), day, value, row.raw)

        return main_table(fmt, doc, convert)

    return read


def fraction_scale(values: list[float], percent_sign: bool) -> float:
    """1 when shares are already fractions; 0.01 when bare numbers are percentages (a table
    whose values add up to more than 1.5 cannot be fractions of one whole)."""
    return 0.01 if not percent_sign and sum(values) > 1.5 else 1.0


def post_metrics(row: Row, platform: str, columns: tuple[str, ...], item: PostItem) -> None:
    """Fill the post's metric fields from ``columns``. A column the platform renamed (Meta's
    impressions are now views) fills the new name unless the file also has the new column;
    anything that is not a standard post metric goes to ``extra``."""
    renamed: list[tuple[str, str]] = []
    for key in columns:
        target = metric_name(platform, key)
        if target == key:
            _set_metric(row, key, target, item)
        else:
            renamed.append((key, target))
    for key, target in renamed:
        if target in POST_METRICS and getattr(item, target) is not None:
            target = key
        _set_metric(row, key, target, item)


def _set_metric(row: Row, key: str, target: str, item: PostItem) -> None:
    value = count(row.get(key), row.column(key))
    if value is None:
        return
    if target in POST_METRICS:
        setattr(item, target, value)
    else:
        item.extra[target] = value


def _load_builtin() -> None:
    """Import the built-in format modules, which register themselves. They import this
    package, so they are imported on first use rather than at its top."""
    if _REGISTRY:
        return
    from pantau.outreach.formats import (  # noqa: F401
        meta_insights,
        meta_posts,
        tiktok_studio,
        x_analytics,
        youtube_studio,
    )
