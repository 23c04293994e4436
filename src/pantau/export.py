"""Exporting posts to the files analysts use: CSV (opens in Excel), XLSX and canonical JSON
Lines (which Pantau, and other tools, can import again)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from datetime import UTC
from pathlib import Path

import orjson
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.io.cells import safe_cell
from pantau.locale import to_local
from pantau.records import Workspace
from pantau.store.posts import PostFilter, iter_posts

# openpyxl is imported inside the functions that use it, not when the CLI starts.

EXPORT_FORMATS = ("csv", "xlsx", "jsonl")
COLUMNS = (
    "platform",
    "id",
    "created_at",
    "author",
    "title",
    "text",
    "url",
    "lang",
    "likes",
    "reposts",
    "replies",
    "views",
    "reply_to",
    "repost_of",
    "quote_of",
    "hashtags",
    "mentions",
    "flags",
)


def _canonical(row: dict, timezone: str) -> dict:
    """A stored post back in canonical form, times in the workspace zone with offset."""
    post = {
        "platform": row["platform"],
        "id": row["external_id"] if row["key_kind"] == "id" else None,
        "created_at": to_local(row["created_at"], timezone).isoformat(),
        "collected_at": row["collected_at"].replace(tzinfo=UTC).isoformat(),
    }
    for key in COLUMNS[3:]:
        if key != "flags":
            post[key] = row[key]
    post["flags"] = row["flags"] or None
    return {k: v for k, v in post.items() if v is not None}


def export_posts(
    engine: Engine,
    workspace: Workspace,
    path: Path,
    fmt: str,
    f: PostFilter | None = None,
    limit: int | None = None,
) -> int:
    """Write the matching posts to ``path``; returns how many were written. With ``limit``,
    more matching posts than that is an error (raised before the file is complete)."""
    if fmt not in EXPORT_FORMATS:
        raise PantauError(
            f"format ekspor tidak dikenal: {fmt!r} (pilih {', '.join(EXPORT_FORMATS)})"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    found = iter_posts(engine, workspace.id, f)
    if limit is not None:
        found = _at_most(found, limit)
    rows = (_canonical(r, workspace.timezone) for r in found)
    writer = {"csv": _write_csv, "xlsx": _write_xlsx, "jsonl": _write_jsonl}[fmt]
    return writer(path, rows)


def _at_most(rows: Iterator[dict], limit: int) -> Iterator[dict]:
    for n, row in enumerate(rows, 1):
        if n > limit:
            raise PantauError(
                f"lebih dari {limit:,} post cocok; pakai ekspor latar belakang".replace(",", ".")
            )
        yield row


def _cell(value: object) -> object:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return safe_cell(value)


def _write_csv(path: Path, rows: Iterable[dict]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for row in rows:
            out.writerow([_cell(row.get(c)) for c in COLUMNS])
            n += 1
    return n


def _write_xlsx(path: Path, rows: Iterable[dict]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("post")
    sheet.append(list(COLUMNS))
    n = 0
    for row in rows:
        # ids as text: Excel would round long numeric ids
        sheet.append([_cell(row.get(c)) for c in COLUMNS])
        n += 1
    book.save(path)
    return n


def _write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    n = 0
    with open(path, "wb") as f:
        for row in rows:
            f.write(orjson.dumps(row) + b"\n")
            n += 1
    return n
