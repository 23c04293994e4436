"""``import_file``: read a file in any registered format and store its posts idempotently.

Batches are written one transaction each, with the import run's counters updated in the same
transaction, so an interrupted import is repaired by running it again: committed batches come
back as duplicates and the rest is added. Every row is either stored or written to the rejects
file with its line number and reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from pantau import __version__
from pantau.errors import PantauError
from pantau.faults import fault_point
from pantau.ingest.canonical import RecordContext, RejectRow, to_record
from pantau.ingest.formats import FileFormat, ReadState, Row, detect_format, get_format
from pantau.io.decode import SAMPLE_SIZE, detect_encoding
from pantau.io.rejects import Reject, RejectsWriter, writable_folder
from pantau.records import PostRecord, Workspace, WriteCounts
from pantau.store.imports import add_progress, finish_run, start_run
from pantau.store.posts import write_posts

BATCH_SIZE = 20_000
Progress = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass
class ImportSummary:
    run_id: int
    file: str
    format: str
    encoding: str | None
    read: int
    new: int
    updated: int
    duplicate: int
    rejected: int
    rejects_path: str | None
    repaired_run_id: int | None
    seconds: float

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _records(
    rows: Iterator[Row | Reject], ctx: RecordContext, rejects: RejectsWriter
) -> Iterator[tuple[PostRecord, int] | None]:
    """Records for stored rows, with their line; ``None`` marks a row that went to the
    rejects file."""
    for item in rows:
        if isinstance(item, Reject):
            rejects.write(item)
            yield None
            continue
        try:
            yield to_record(item.obj, ctx, item.raw, item.flags), item.line
        except RejectRow as exc:
            rejects.write(Reject(item.line, str(exc), item.raw))
            yield None


# what a database says of a value it cannot hold (not of being unreachable)
_REFUSED = (DataError, IntegrityError, ProgrammingError, OverflowError, ValueError)


def import_file(
    engine: Engine,
    workspace: Workspace,
    path: Path,
    *,
    rejects_dir: Path,
    fmt: str | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    collected_at: datetime | None = None,
    allow_dates: bool = False,
) -> ImportSummary:
    started = datetime.now(UTC)
    if not path.is_file():
        raise PantauError(f"berkas tidak ditemukan: {path}")
    writable_folder(rejects_dir, "folder penolakan")
    size = path.stat().st_size
    if size == 0:
        raise PantauError(f"berkas kosong: {path}")
    with open(path, "rb") as f:
        head = f.read(SAMPLE_SIZE)
    encoding = detect_encoding(head)
    head_text = head.decode(encoding if encoding != "cp1252" else "latin-1", errors="replace")
    file_format: FileFormat = get_format(fmt) if fmt else detect_format(head, head_text, path)
    run_id, repairs = start_run(
        engine,
        workspace.id,
        file_name=path.name,
        file_path=str(path.resolve()),
        file_size=size,
        checksum=file_checksum(path),
        fmt=file_format.name,
        encoding=encoding if file_format.text_based else None,
        software_version=__version__,
    )
    ctx = RecordContext(
        timezone=ZoneInfo(workspace.timezone),
        collected_at=(collected_at or started).astimezone(UTC).replace(tzinfo=None),
        raw_format=file_format.raw_format,
        allow_dates=allow_dates,
    )
    state = ReadState(path=path, encoding=encoding)
    rejects = RejectsWriter(rejects_dir / f"{run_id:06d}-{path.name}.rejects.csv")
    totals = WriteCounts()
    author_cache: dict = {}
    read = rejected = 0
    status, error = "failed", None
    try:
        batch: list[PostRecord] = []
        lines: list[int] = []
        batch_read = batch_rejected = refused = 0

        def flush() -> None:
            nonlocal batch, lines, batch_read, batch_rejected, refused
            known = dict(author_cache)
            try:
                with engine.begin() as conn:
                    counts = write_posts(conn, workspace.id, batch, run_id, author_cache)
                    add_progress(conn, run_id, batch_read, batch_rejected, counts)
                    fault_point("import.writing")
            except _REFUSED:  # a value the database cannot hold: find it row by row
                author_cache.clear()
                author_cache.update(known)
                counts = WriteCounts()
                for record, line in zip(batch, lines, strict=True):
                    try:
                        with engine.begin() as conn:
                            counts.add(
                                write_posts(conn, workspace.id, [record], run_id, author_cache)
                            )
                    except _REFUSED as exc:
                        author_cache.clear()
                        author_cache.update(known)
                        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
                        rejects.write(
                            Reject(line, f"basis data menolak baris ini: {reason}", record.raw)
                        )
                        batch_rejected += 1
                        refused += 1
                with engine.begin() as conn:
                    add_progress(conn, run_id, batch_read, batch_rejected, counts)
            fault_point("import.batch_written")
            totals.add(counts)
            batch, lines, batch_read, batch_rejected = [], [], 0, 0
            if progress:
                progress(state.bytes_done, size)

        for found in _records(file_format.read(state), ctx, rejects):
            read += 1
            batch_read += 1
            if found is None:
                rejected += 1
                batch_rejected += 1
            else:
                batch.append(found[0])
                lines.append(found[1])
            if batch_read >= batch_size:
                flush()
        if batch_read:
            flush()
        rejected += refused
        status = "complete"
    except KeyboardInterrupt:
        status, error = "interrupted", "dihentikan pengguna"
        raise
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        rejects_path = rejects.close()
        finish_run(engine, run_id, status, rejects_path, error)
    if progress:
        progress(size, size)
    return ImportSummary(
        run_id=run_id,
        file=str(path),
        format=file_format.name,
        encoding=encoding if file_format.text_based else None,
        read=read,
        new=totals.new,
        updated=totals.updated,
        duplicate=totals.duplicate,
        rejected=rejected,
        rejects_path=rejects_path,
        repaired_run_id=repairs,
        seconds=(datetime.now(UTC) - started).total_seconds(),
    )
