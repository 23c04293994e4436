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

from pantau import __version__
from pantau.faults import fault_point
from pantau.ingest.canonical import RecordContext, RejectRow, to_record
from pantau.ingest.formats import FileFormat, ReadState, Row, identify, read_head
from pantau.ingest.mapping.bind import Binding
from pantau.ingest.mapping.plan import ImportPlan
from pantau.ingest.mapping.sample import read_sample
from pantau.io.rejects import Reject, RejectsWriter
from pantau.records import PostRecord, Workspace, WriteCounts
from pantau.store.imports import add_progress, finish_run, start_run
from pantau.store.posts import write_posts

BATCH_SIZE = 20_000
MAPPED = "mapped"  # raw_format of posts read through a mapping (kept with the import run)
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
    profile: str | None = None  # the mapping profile used
    mapping: str | None = None  # the column mapping used, as --map text; None: canonical

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
) -> Iterator[PostRecord | None]:
    """Records for stored rows; ``None`` marks a row that went to the rejects file."""
    for item in rows:
        if isinstance(item, Reject):
            rejects.write(item)
            yield None
            continue
        try:
            yield to_record(item.obj, ctx, item.raw, item.flags)
        except RejectRow as exc:
            rejects.write(Reject(item.line, str(exc), item.raw))
            yield None


def _rows(
    file_format: FileFormat, state: ReadState, binding: Binding | None, ctx: RecordContext
) -> Iterator[Row | Reject]:
    if binding is None:
        return file_format.read(state)
    assert file_format.read_table is not None  # a binding is made for table formats only
    return binding.rows(file_format.read_table(state), ctx.collected_at.replace(tzinfo=UTC))


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
    plan: ImportPlan | None = None,
) -> ImportSummary:
    """Import ``path``: as canonical posts, or through the mapping of ``plan`` (made by
    ``mapping.plan.plan_import``)."""
    started = datetime.now(UTC)
    head = read_head(path)
    size, encoding = head.size, head.encoding
    file_format: FileFormat = identify(head, plan.format if plan else fmt)
    binding = None
    if plan is not None and plan.mapping is not None:
        binding = Binding(plan.mapping, read_sample(file_format, path, encoding), path.name)
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
        profile=plan.profile if plan else None,
        mapping=plan.record(binding) if plan and binding else None,
    )
    ctx = RecordContext(
        timezone=ZoneInfo(workspace.timezone),
        collected_at=(collected_at or started).astimezone(UTC).replace(tzinfo=None),
        raw_format=MAPPED if binding else file_format.raw_format,
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
        batch_read = batch_rejected = 0

        def flush() -> None:
            nonlocal batch, batch_read, batch_rejected
            with engine.begin() as conn:
                counts = write_posts(conn, workspace.id, batch, run_id, author_cache)
                add_progress(conn, run_id, batch_read, batch_rejected, counts)
                fault_point("import.writing")
            fault_point("import.batch_written")
            totals.add(counts)
            batch, batch_read, batch_rejected = [], 0, 0
            if progress:
                progress(state.bytes_done, size)

        for record in _records(_rows(file_format, state, binding, ctx), ctx, rejects):
            read += 1
            batch_read += 1
            if record is None:
                rejected += 1
                batch_rejected += 1
            else:
                batch.append(record)
            if batch_read >= batch_size:
                flush()
        if batch_read:
            flush()
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
        profile=plan.profile if plan else None,
        mapping=plan.mapping.spec() if plan and plan.mapping else None,
    )
