"""``import_file``: read a file in any registered format and store its posts idempotently.

Batches are written one transaction each, with the import run's counters updated in the same
transaction, so an interrupted import is repaired by running it again: committed batches come
back as duplicates and the rest is added. Every row is either stored or written to the rejects
file with its line number and reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError, ProgrammingError

from pantau import __version__
from pantau.faults import fault_point
from pantau.ingest.canonical import RecordContext, RejectRow, to_record
from pantau.ingest.formats import FileFormat, ReadState, Row, identify, read_head
from pantau.ingest.mapping.bind import Binding
from pantau.ingest.mapping.plan import ImportPlan
from pantau.ingest.mapping.sample import read_sample
from pantau.io.rejects import Reject, RejectsWriter, writable_folder
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


@dataclass(frozen=True)
class Origin:
    """Where the rows of one import run come from: a file, or one collection of a live
    source (``source_id``; its name as the file name, its address as the path)."""

    file_name: str
    file_path: str
    size: int
    checksum: str
    format: str
    raw_format: str
    encoding: str | None = None
    source_id: int | None = None
    profile: str | None = None  # the mapping profile used
    mapping: dict | None = None  # the mapping as recorded with the run


def _rows(
    file_format: FileFormat, state: ReadState, binding: Binding | None, collected_at: datetime
) -> Iterator[Row | Reject]:
    if binding is None:
        return file_format.read(state)
    assert file_format.read_table is not None  # a binding is made for table formats only
    return binding.rows(file_format.read_table(state), collected_at)


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
    writable_folder(rejects_dir, "folder penolakan")
    size, encoding = head.size, head.encoding
    file_format: FileFormat = identify(head, plan.format if plan else fmt)
    binding = None
    if plan is not None and plan.mapping is not None:
        binding = Binding(plan.mapping, read_sample(file_format, path, encoding), path.name)
    origin = Origin(
        file_name=path.name,
        file_path=str(path.resolve()),
        size=size,
        checksum=file_checksum(path),
        format=file_format.name,
        raw_format=MAPPED if binding else file_format.raw_format,
        encoding=encoding if file_format.text_based else None,
        profile=plan.profile if plan else None,
        mapping=plan.record(binding) if plan and binding else None,
    )
    state = ReadState(path=path, encoding=encoding)
    when = (collected_at or started).astimezone(UTC)
    summary = import_rows(
        engine,
        workspace,
        lambda: _rows(file_format, state, binding, when),
        origin,
        rejects_dir=rejects_dir,
        progress=(lambda: progress(state.bytes_done, size)) if progress else None,
        batch_size=batch_size,
        collected_at=collected_at,
        allow_dates=allow_dates,
    )
    if progress:
        progress(size, size)
    summary.file = str(path)
    summary.profile = plan.profile if plan else None
    summary.mapping = plan.mapping.spec() if plan and plan.mapping else None
    return summary


def import_rows(
    engine: Engine,
    workspace: Workspace,
    read: Callable[[], Iterable[Row | Reject]],
    origin: Origin,
    *,
    rejects_dir: Path,
    progress: Callable[[], None] | None = None,
    batch_size: int = BATCH_SIZE,
    collected_at: datetime | None = None,
    allow_dates: bool = False,
) -> ImportSummary:
    """Validate and store rows as one import run: what ``pantau import`` does with a file's
    rows and a live source does with one collection's (``read`` is called once the run is
    recorded, so reading errors mark the run failed). ``collected_at`` (aware) is also when
    the run is recorded as started, when given."""
    started = datetime.now(UTC)
    run_id, repairs = start_run(
        engine,
        workspace.id,
        file_name=origin.file_name,
        file_path=origin.file_path,
        file_size=origin.size,
        checksum=origin.checksum,
        fmt=origin.format,
        encoding=origin.encoding,
        software_version=__version__,
        source_id=origin.source_id,
        started_at=collected_at.astimezone(UTC).replace(tzinfo=None) if collected_at else None,
        profile=origin.profile,
        mapping=origin.mapping,
    )
    ctx = RecordContext(
        timezone=ZoneInfo(workspace.timezone),
        collected_at=(collected_at or started).astimezone(UTC).replace(tzinfo=None),
        raw_format=origin.raw_format,
        allow_dates=allow_dates,
    )
    label = origin.file_name.replace("/", "-").replace("\\", "-")  # a source's name may hold "/"
    rejects = RejectsWriter(rejects_dir / f"{run_id:06d}-{label}.rejects.csv")
    totals = WriteCounts()
    author_cache: dict = {}
    read_count = rejected = 0
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
                progress()

        for found in _records(iter(read()), ctx, rejects):
            read_count += 1
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
    return ImportSummary(
        run_id=run_id,
        file=origin.file_name,
        format=origin.format,
        encoding=origin.encoding,
        read=read_count,
        new=totals.new,
        updated=totals.updated,
        duplicate=totals.duplicate,
        rejected=rejected,
        rejects_path=rejects_path,
        repaired_run_id=repairs,
        seconds=(datetime.now(UTC) - started).total_seconds(),
    )
