"""Meta Business Suite account-level files (Insights → Results / Audience → Export).

Daily files hold one metric each: UTF-16LE text whose first line is ``sep=,``, then a line
naming the metric (``Facebook reach``, ``Jangkauan Instagram``), then ``Date,Primary`` and one
row per day. Neither the account nor (always) the platform is in the file, so the import is
told the account with ``--channel``.

Audience files stack titled tables separated by blank lines: age and gender
(``Age,Women,Men``), top cities (``City,Value``) and top countries (``Country,Value``).
Shares are stored as fractions of 1; a table whose bare numbers add up to more than 1.5 is
read as percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pantau.outreach.aliases import (
    META,
    daily_metric_from_title,
    metric_name,
    normalise,
    platform_from_title,
)
from pantau.outreach.formats import (
    ExportFormat,
    ReadContext,
    Row,
    day_of,
    fraction_scale,
    header_keys,
    main_table,
    register,
    rows,
)
from pantau.outreach.table import Block, ExportDoc
from pantau.outreach.values import ValueProblem, decimal, is_empty, share
from pantau.store.outreach_records import AudienceItem, DailyItem, Item, RowProblem


def _metric(title: str) -> tuple[str, bool]:
    """The metric a daily file holds and whether Pantau knows it."""
    known = daily_metric_from_title(title)
    if known:
        return known, True
    return re.sub(r"[^a-z0-9]+", "_", normalise(title)).strip("_")[:64] or "metrik", False


def _platform(doc: ExportDoc) -> str | None:
    for block in doc.blocks:
        if block.title and (found := platform_from_title(block.title)):
            return found
    return None


def _read_daily(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None and block.title is not None and ctx.channel is not None
    metric, known = _metric(block.title)
    metric = metric_name(ctx.channel.platform, metric)
    if not known:
        ctx.note(f"metrik {block.title!r} belum dikenal Pantau; disimpan sebagai {metric!r}")

    def convert(row: Row) -> Iterator[Item]:
        value = decimal(row.get("primary"), row.column("primary"))
        if value is None:
            raise ValueProblem("nilai kosong")
        yield DailyItem(row.line, metric, day_of(row, "date", ctx), value, row.raw)

    yield from main_table(fmt, doc, convert)


def _block_keys(block: Block) -> set[str]:
    keys = {k for k in header_keys(block.header, META, {}) if k}
    if block.title and (titled := META.get(normalise(block.title))):
        keys.add(titled)
    return keys


def _dimension(block: Block) -> str | None:
    keys = _block_keys(block)
    if "age" in keys and keys & {"women", "men"}:
        return "age_gender"
    if "city" in keys:
        return "city"
    if "country" in keys:
        return "country"
    return None


def _claims_audience(doc: ExportDoc) -> bool:
    dims = [_dimension(b) for b in doc.blocks]
    return bool(dims) and any(dims) and not any("post_id" in _block_keys(b) for b in doc.blocks)


def _cell_share(row: Row, column: str) -> tuple[float | None, bool]:
    cell = row.get(column)
    if cell is None and column == "value" and len(row.record.cells) > 1:
        cell = row.record.cells[-1]  # the value column is the last, whatever its name
    return share(cell, column), "%" in (cell or "")


def _block_items(
    fmt: ExportFormat, block: Block, dimension: str, ctx: ReadContext
) -> Iterator[Item]:
    if dimension == "age_gender":
        parts = [("women", "F"), ("men", "M")]
        label_key = "age"
    else:
        parts = [("value", "")]
        label_key = dimension
    found: list[tuple[Row, str, float]] = []
    percent_sign = False
    for row in rows(fmt, block):
        label = row.get(label_key) or (row.record.cells[0] if row.record.cells else None)
        if is_empty(label):
            yield RowProblem(row.line, "label kosong", row.raw)
            continue
        assert label is not None
        try:
            values = [(prefix, _cell_share(row, column)) for column, prefix in parts]
        except ValueProblem as exc:
            yield RowProblem(row.line, str(exc), row.raw)
            continue
        for prefix, (value, had_percent) in values:
            if value is not None:
                percent_sign = percent_sign or had_percent
                found.append((row, f"{prefix} {label}".strip(), value))
    scale = fraction_scale([v for _, _, v in found], percent_sign)
    for row, key, value in found:
        yield AudienceItem(row.line, dimension, key[:200], value * scale, ctx.downloaded, row.raw)


def _read_audience(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    for block in doc.blocks:
        dimension = _dimension(block)
        if dimension is None:
            for record in [block.header, *block.rows]:
                yield RowProblem(
                    record.line,
                    f"tabel {block.title or block.header.filled()[:1]!r} tidak dikenal",
                    block.raw(record),
                )
            continue
        yield from _block_items(fmt, block, dimension, ctx)


register(
    ExportFormat(
        name="meta_daily",
        description="Meta Business Suite: satu metrik harian (sep=, / nama metrik / Date,Primary)",
        aliases=META,
        required=frozenset({"date", "primary"}),
        read=_read_daily,
        kind="daily",
        titled=True,
        platform_from=_platform,
    )
)
register(
    ExportFormat(
        name="meta_audience",
        description="Meta Business Suite: audiens (usia & gender, kota, negara) bertumpuk",
        aliases=META,
        required=frozenset({"audience"}),
        read=_read_audience,
        kind="audience",
        claims=_claims_audience,
        platform_from=_platform,
    )
)
