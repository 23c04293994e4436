"""Exporting posts to the files analysts use: CSV (opens in Excel), XLSX and canonical JSON
Lines (which Pantau, and other tools, can import again).

CSV and XLSX are for people: Indonesian column names (``HEADERS``), times in the workspace
zone, and what Pantau found about each post beside it (the model's sentiment and emotion, the
topics and issues it belongs to). A CSV is comma-separated, or with ``separator=";"`` split by
semicolons as Excel expects in an Indonesian locale (where the comma is the decimal mark);
long numeric ids are written as text formulas (``="1860…"``) so Excel does not turn them into
scientific notation. JSON Lines keeps the canonical English fields, for importing again."""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.io.cells import safe_cell
from pantau.locale import to_local
from pantau.records import Workspace
from pantau.search import search_terms
from pantau.store.posts import PostContext, PostFilter, iter_posts, post_context

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


# (canonical field, column name) of the CSV and XLSX exports
HEADERS = (
    ("platform", "platform"),
    ("id", "id post"),
    ("created_at", "waktu"),
    ("author", "akun"),
    ("title", "judul"),
    ("text", "teks"),
    ("url", "tautan"),
    ("lang", "bahasa"),
    ("likes", "suka"),
    ("reposts", "dibagikan ulang"),
    ("replies", "balasan"),
    ("views", "tayangan"),
    ("sentiment", "sentimen (model)"),
    ("emotion", "emosi (model)"),
    ("topics", "topik"),
    ("issues", "isu"),
    ("hashtags", "tagar"),
    ("mentions", "akun disebut"),
    ("reply_to", "membalas"),
    ("repost_of", "membagikan ulang"),
    ("quote_of", "mengutip"),
    ("flags", "penanda"),
)
SENTIMENTS = {"positive": "positif", "neutral": "netral", "negative": "negatif"}
EMOTIONS = {
    "anger": "marah",
    "fear": "takut",
    "sadness": "sedih",
    "happy": "senang",
    "love": "sayang/dukungan",
}
SEPARATORS = (",", ";")
# what the dashboard offers: name → (format, CSV separator)
CHOICES = {
    "csv": ("csv", ","),
    "csv_titikkoma": ("csv", ";"),
    "xlsx": ("xlsx", ","),
    "jsonl": ("jsonl", ","),
}
_LONG_ID = 12  # digits from which Excel shows a number in scientific notation


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
    separator: str = ",",
    limit: int | None = None,
) -> int:
    """Write the matching posts to ``path``; returns how many were written. With ``limit``,
    more matching posts than that is an error (raised before the file is complete)."""
    if fmt not in EXPORT_FORMATS:
        raise PantauError(
            f"format ekspor tidak dikenal: {fmt!r} (pilih {', '.join(EXPORT_FORMATS)})"
        )
    if separator not in SEPARATORS:
        raise PantauError(f"pemisah CSV tidak dikenal: {separator!r} (pilih , atau ;)")
    path.parent.mkdir(parents=True, exist_ok=True)
    found = iter_posts(engine, workspace.id, f)
    if limit is not None:
        found = _at_most(found, limit)
    if fmt == "jsonl":
        return _write_jsonl(path, (_canonical(r, workspace.timezone) for r in found))
    rows = _for_people(engine, workspace, found)
    if fmt == "csv":
        return _write_csv(path, rows, separator)
    return _write_xlsx(path, rows)


def _for_people(engine: Engine, workspace: Workspace, found: Iterable[dict]) -> Iterator[list]:
    """The export's rows in ``HEADERS`` order, a batch of posts at a time."""
    posts = iter(found)
    while batch := list(islice(posts, 2_000)):
        with engine.connect() as conn:
            context = post_context(conn, workspace.id, [r["id"] for r in batch])
        for row in batch:
            post = _canonical(row, workspace.timezone)
            about = context.get(row["id"], PostContext())
            post["sentiment"] = SENTIMENTS.get(about.sentiment or "", about.sentiment)
            post["emotion"] = EMOTIONS.get(about.emotion or "")
            post["topics"] = "; ".join(about.topics) or None
            post["issues"] = "; ".join(about.issues) or None
            yield [_cell(post.get(key)) for key, _ in HEADERS]


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


def _as_text(value: object) -> object:
    """A long number as a text formula, so Excel keeps every digit."""
    if isinstance(value, str) and len(value) >= _LONG_ID and value.isdigit():
        return f'="{value}"'
    return value


def _write_csv(path: Path, rows: Iterable[list], separator: str) -> int:
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f, delimiter=separator)
        out.writerow([name for _, name in HEADERS])
        for row in rows:
            out.writerow([_as_text(v) for v in row])
            n += 1
    return n


def _write_xlsx(path: Path, rows: Iterable[list]) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("post")
    sheet.append([name for _, name in HEADERS])
    n = 0
    for row in rows:
        sheet.append(row)  # ids are text cells: Excel would round long numeric ids
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


# --- export jobs --------------------------------------------------------------------------
# A search exported in the background (or a bimtek's certificates): by a thread of the web
# server, or by a `pantau worker` task (queue ``reports``) when workers do the heavy work.
# Each job is an entry in ``<data dir>/exports/<workspace id>/``: ``<id>.json`` (who, what,
# state, count) and the file, written beside its final name and renamed when complete, so a
# download never sees half a file; a job run again (a worker's task retried) writes the file
# again from the start.


@dataclass
class ExportJob:
    id: str
    workspace_id: int
    user: str
    format: str  # a key of CHOICES
    query: dict[str, str]  # the search form as typed, for people
    state: str  # berjalan, selesai, gagal
    created_at: str  # ISO, UTC
    finished_at: str | None = None
    posts: int | None = None
    error: str | None = None
    pid: int | None = None  # the web process writing it (``pantau serve --workers N``)
    queued: bool = False  # written by a worker's task instead
    filter: dict[str, str | None] | None = None  # what is exported (``job_filter``)
    certificates: dict[str, int | bool] | None = None  # a bimtek's: event_id, attended_only

    @property
    def extension(self) -> str:
        return CHOICES.get(self.format, (self.format, ","))[0]

    @property
    def filename(self) -> str:
        kind = "sertifikat" if self.certificates else "ekspor"
        return f"pantau-{kind}-{self.created_at[:10]}-{self.id[:8]}.{self.extension}"


def new_job(
    workspace_id: int, user: str, fmt: str, query: dict[str, str], **kind: Any
) -> ExportJob:
    """A job just started (``kind``: ``filter=`` or ``certificates=``, ``pid=`` or
    ``queued=``)."""
    return ExportJob(
        id=secrets.token_hex(16),
        workspace_id=workspace_id,
        user=user,
        format=fmt,
        query=query,
        state="berjalan",
        created_at=datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        **kind,
    )


def filter_fields(f: PostFilter, query: str) -> dict[str, str | None]:
    """A search filter as a job keeps it (``query``: the search as typed)."""
    return {
        "platform": f.platform,
        "author": f.author,
        "q": query or None,
        "since": f.since.isoformat() if f.since else None,
        "until": f.until.isoformat() if f.until else None,
    }


def job_filter(job: ExportJob) -> PostFilter:
    fields = job.filter or {}
    since, until = fields.get("since"), fields.get("until")
    return PostFilter(
        platform=fields.get("platform"),
        author=fields.get("author"),
        terms=search_terms(fields.get("q")),
        since=datetime.fromisoformat(since) if since else None,
        until=datetime.fromisoformat(until) if until else None,
    )


def job_folder(data_dir: Path, workspace_id: int) -> Path:
    return data_dir / "exports" / str(int(workspace_id))


def save_job(folder: Path, job: ExportJob) -> None:
    tmp = folder / f"{job.id}.json.tmp"
    tmp.write_bytes(orjson.dumps(asdict(job)))
    os.replace(tmp, folder / f"{job.id}.json")


def read_job(folder: Path, job_id: str) -> ExportJob | None:
    """The job as last saved; None when unknown or unreadable."""
    if not job_id.isalnum():
        return None
    try:
        return ExportJob(**orjson.loads((folder / f"{job_id}.json").read_bytes()))
    except (OSError, ValueError, TypeError):
        return None


def write_job(engine: Engine, data_dir: Path, workspace: Workspace, job_id: str) -> ExportJob:
    """Write the job's file and save how it ended (state, posts, error)."""
    folder = job_folder(data_dir, workspace.id)
    job = read_job(folder, job_id)
    if job is None or job.workspace_id != workspace.id:
        raise PantauError(f"ekspor {job_id!r} tidak ditemukan")
    fmt, separator = CHOICES.get(job.format, (job.format, ","))
    final = folder / f"{job.id}.{fmt}"
    part = folder / f"{job.id}.part.{fmt}"
    try:
        if job.certificates:
            from pantau.training.documents import write_certificates

            write_certificates(
                engine,
                workspace,
                int(job.certificates["event_id"]),
                part,
                attended_only=bool(job.certificates.get("attended_only")),
            )
        else:
            job.posts = export_posts(engine, workspace, part, fmt, job_filter(job), separator)
        os.replace(part, final)
        job.state, job.error = "selesai", None
    except Exception as exc:
        part.unlink(missing_ok=True)
        job.state, job.error = "gagal", str(exc).splitlines()[0][:200] if str(exc) else "galat"
    job.finished_at = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
    save_job(folder, job)
    return job
