"""Collecting live sources: :func:`collect_source` takes one source (claimed, so no other
collector runs it at the same time), asks its connector for what is new since the stored
position, stores it through the importer a file goes through (posts) or the owned-channel
store (Meta), and records the outcome: the new position, the health, the next time it is due
(its interval, or a back-off after a failure) and the outage a failure opens.

A collection that brings items is an import run (``import_runs`` or ``outreach_imports``,
with ``source_id``): provenance, counts, rejects file. One that brings nothing (HTTP 304, or
an API with nothing new) records only the attempt on the source. A failed collection stores
nothing and leaves the position where it was, so the next one fetches the same items again:
nothing is lost, and the writer's keys make sure nothing is stored twice.

:func:`collect_due` collects every due source of a workspace (the service's minute tick);
a future task-queue worker calls :func:`collect_source` per source.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine

from pantau import __version__
from pantau.ingest.connectors import MAX_PAGES, Connector, Harvest, Pull, get_connector
from pantau.ingest.connectors.http import (
    HostGate,
    SourceClient,
    SourceError,
    new_http_client,
    redact,
)
from pantau.ingest.formats import Row
from pantau.ingest.importer import Origin, import_rows
from pantau.ingest.sources import interval_of, source_record
from pantau.io.rejects import Reject, RejectsWriter
from pantau.records import Workspace
from pantau.store import outreach as outreach_store
from pantau.store import sources as store
from pantau.store.outreach_records import OutreachCounts, RowProblem

log = logging.getLogger("pantau.collect")

LEASE = timedelta(minutes=15)  # a collection that takes longer is taken as crashed
AUTH_RETRY = timedelta(hours=6)  # a refused token is tried again this rarely (or when edited)
MAX_BACKOFF = timedelta(hours=4)
WORKERS = 4  # sources collected at once by one collector (network-bound)
HEALTH = {"auth": "auth", "limited": "limited"}  # every other failure kind: "error"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Collector:
    """What the collections of one process share: the connection pool and the politeness
    gate per host."""

    http: httpx.Client = field(default_factory=new_http_client)
    gate: HostGate = field(default_factory=HostGate)
    politeness: float | None = None  # seconds between requests to one host; None: connector's

    def client(self, connector: Connector, secret: str | None) -> SourceClient:
        delay = connector.politeness if self.politeness is None else self.politeness
        return SourceClient(self.http, self.gate, delay, [secret] if secret else [])

    def close(self) -> None:
        self.http.close()


@dataclass
class CollectResult:
    source_id: int
    source: str
    kind: str
    ok: bool
    owned: bool = False  # the items went to the owned-channel tables, not to posts
    not_modified: bool = False
    read: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    rejected: int = 0
    run_id: int | None = None
    error: str | None = None
    error_kind: str | None = None
    next_run_at: datetime | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def next_attempt(
    kind: str, failures: int, interval: timedelta, now: datetime, retry_at: datetime | None
) -> datetime:
    """When a source is tried again after its ``failures``-th failure in a row: a refused
    token rarely, a rate limit when the service says, anything else with a doubling back-off
    (never sooner than its interval, never later than four hours)."""
    if kind == "auth":
        return now + AUTH_RETRY
    backoff = max(interval, min(interval * 2 ** max(failures - 1, 0), MAX_BACKOFF))
    if kind == "limited" and retry_at is not None:
        return max(retry_at, now + interval)
    return now + backoff


def collect_source(
    engine: Engine,
    workspace: Workspace,
    source_id: int,
    *,
    data_dir: Path,
    now: datetime | None = None,
    collector: Collector | None = None,
    force: bool = False,
) -> CollectResult | None:
    """Collect one source once. None when it was not taken: another collection holds it,
    or (unless ``force``) it is paused or not due. Never raises for a source's failure."""
    now = now or _utcnow()
    with engine.begin() as conn:
        if not store.claim(conn, workspace.id, source_id, now, now + LEASE, force=force):
            return None
        row = store.source_row(conn, workspace.id, source_id)
    assert row is not None  # claimed just now
    own = collector is None
    collector = collector or Collector()
    try:
        return _collect(engine, workspace, row, data_dir, now, collector)
    finally:
        if own:
            collector.close()


def _pull(
    row: dict[str, Any], collector: Collector, now: datetime, max_pages: int = MAX_PAGES
) -> tuple[Connector, Pull]:
    """The source's connector and what it is given: settings, secret, stored position."""
    connector = get_connector(row["kind"])
    secret = (row["secrets"] or {}).get("secret")
    pull = Pull(
        config=dict(row["config"] or {}),
        secret=secret,
        cursor=dict(row["cursor"] or {}),
        client=collector.client(connector, secret),
        now=now,
        quota=row["quota"],
        max_pages=max_pages,
    )
    return connector, pull


def _collect(
    engine: Engine,
    workspace: Workspace,
    row: dict[str, Any],
    data_dir: Path,
    now: datetime,
    collector: Collector,
) -> CollectResult:
    connector, pull = _pull(row, collector, now)
    client = pull.client
    result = CollectResult(row["id"], row["name"], row["kind"], ok=False, owned=connector.owned)
    interval = timedelta(minutes=interval_of(row))
    try:
        harvest = connector.collect(pull)
        result.notes = [redact(n, client.secrets) for n in harvest.notes]
        if not harvest.not_modified and (harvest.rows or harvest.items):
            _store(engine, workspace, row, connector, harvest, client, data_dir, now, result)
        result.not_modified = harvest.not_modified
    except SourceError as exc:
        _failed(engine, workspace, row, now, interval, result, exc.kind, str(exc), exc)
        return result
    except Exception as exc:  # a bug or a database error must not stop the other sources
        log.exception("collection of source %s failed", row["id"])
        reason = redact(f"galat Pantau: {type(exc).__name__}: {exc}", client.secrets)
        _failed(engine, workspace, row, now, interval, result, "internal", reason, None)
        return result
    result.ok = True
    result.next_run_at = now + interval
    with engine.begin() as conn:
        store.record_success(
            conn,
            workspace.id,
            row["id"],
            now=now,
            next_run_at=result.next_run_at,
            cursor=harvest.cursor,
            quota=harvest.quota,
            new_posts=result.new,
        )
    log.info(
        "%s: source %s: %d read, %d new%s",
        workspace.slug,
        row["id"],
        result.read,
        result.new,
        " (not modified)" if result.not_modified else "",
    )
    return result


def _failed(
    engine: Engine,
    workspace: Workspace,
    row: dict[str, Any],
    now: datetime,
    interval: timedelta,
    result: CollectResult,
    kind: str,
    reason: str,
    exc: SourceError | None,
) -> None:
    failures = int(row["failures"] or 0) + 1
    result.error, result.error_kind = reason, kind
    result.next_run_at = next_attempt(
        kind, failures, interval, now, exc.retry_at if exc is not None else None
    )
    with engine.begin() as conn:
        store.record_failure(
            conn,
            workspace.id,
            row["id"],
            now=now,
            next_run_at=result.next_run_at,
            failures=failures,
            health=HEALTH.get(kind, "error"),
            kind=kind,
            error=reason,
            quota=exc.quota if exc is not None else None,
        )
    log.warning("%s: source %s failed (%s): %s", workspace.slug, row["id"], kind, reason)


def _store(
    engine: Engine,
    workspace: Workspace,
    row: dict[str, Any],
    connector: Connector,
    harvest: Harvest,
    client: SourceClient,
    data_dir: Path,
    now: datetime,
    result: CollectResult,
) -> None:
    origin = Origin(
        file_name=row["name"],
        file_path=client.first_url or connector.target(row["config"] or {}),
        size=client.size,
        checksum=client.checksum,
        format=connector.name,
        raw_format=connector.raw_format,
        source_id=row["id"],
    )
    if connector.owned:
        _store_owned(engine, workspace, origin, harvest, data_dir, now, result)
        return
    summary = import_rows(
        engine,
        workspace,
        lambda: harvest.rows,
        origin,
        rejects_dir=data_dir / "rejects",
        collected_at=now.replace(tzinfo=UTC),
    )
    result.run_id = summary.run_id
    result.read, result.new = summary.read, summary.new
    result.updated, result.duplicate = summary.updated, summary.duplicate
    result.rejected = summary.rejected


def _store_owned(
    engine: Engine,
    workspace: Workspace,
    origin: Origin,
    harvest: Harvest,
    data_dir: Path,
    now: datetime,
    result: CollectResult,
) -> None:
    """Own-channel items of one account, as one owned-channel import."""
    assert harvest.channel is not None
    import_id = outreach_store.start_import(
        engine,
        workspace.id,
        origin.format,
        outreach_store.ImportFile(
            file_name=origin.file_name,
            file_path=origin.file_path,
            member=None,
            file_size=origin.size,
            checksum=origin.checksum,
            encoding=None,
            downloaded_on=now.date(),
            software_version=__version__,
        ),
        source_id=origin.source_id,
        started_at=now,
    )
    rejects = RejectsWriter(data_dir / "rejects" / f"outreach-{import_id:06d}-sumber.rejects.csv")
    status, error, channel_id = "failed", None, None
    counts = OutreachCounts()
    kept = [i for i in harvest.items if not isinstance(i, RowProblem)]
    problems = [i for i in harvest.items if isinstance(i, RowProblem)]
    try:
        for problem in problems:
            rejects.write(problem)
        with engine.begin() as conn:
            channel_id = outreach_store.ensure_channel(conn, workspace.id, harvest.channel).id
            counts = outreach_store.write_items(
                conn, workspace.id, channel_id, kept, import_id, now, origin.raw_format
            )
            outreach_store.add_import_counts(
                conn,
                import_id,
                read=len(harvest.items),
                rejected=len(problems),
                skipped=0,
                counts=counts,
            )
        status = "complete"
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        outreach_store.finish_import(
            engine,
            import_id,
            status,
            platform=harvest.channel.platform,
            channel_id=channel_id,
            rejects_path=rejects.close(),
            notes=harvest.notes,
            error=error,
        )
    result.run_id = import_id
    result.read, result.rejected = len(harvest.items), len(problems)
    result.new, result.updated, result.duplicate = counts.new, counts.updated, counts.unchanged


def collect_due(
    engine: Engine,
    workspace: Workspace,
    *,
    data_dir: Path,
    now: datetime | None = None,
    collector: Collector | None = None,
    only: Sequence[int] | None = None,
    force: bool = False,
    workers: int = WORKERS,
) -> list[CollectResult]:
    """Collect the workspace's due sources (or those in ``only``; with ``force`` whether due
    or not), a few at a time. One source's failure never stops another."""
    now = now or _utcnow()
    with engine.connect() as conn:
        ids = list(only) if only is not None else store.due_ids(conn, workspace.id, now)
    if not ids:
        return []
    own = collector is None
    collector = collector or Collector()
    results: list[CollectResult] = []
    try:
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(ids)))) as pool:
            futures = [
                pool.submit(
                    collect_source,
                    engine,
                    workspace,
                    source_id,
                    data_dir=data_dir,
                    now=now,
                    collector=collector,
                    force=force,
                )
                for source_id in ids
            ]
            for future in futures:
                try:
                    done = future.result()
                except Exception:  # claiming failed (database): the others go on
                    log.exception("%s: a source could not be collected", workspace.slug)
                    continue
                if done is not None:
                    results.append(done)
    finally:
        if own:
            collector.close()
    return results


@dataclass
class TrialResult:
    source: str
    ok: bool
    not_modified: bool = False
    items: int = 0
    rejected: int = 0
    sample: list[str] = field(default_factory=list)
    error: str | None = None
    error_kind: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def try_source(
    engine: Engine, workspace: Workspace, ref: str, collector: Collector | None = None
) -> TrialResult:
    """Ask the source once, from its stored position, and store nothing: whether it answers,
    how many items it would bring and what the first few look like."""
    row = source_record(engine, workspace, ref)
    own = collector is None
    collector = collector or Collector()
    connector, pull = _pull(row, collector, _utcnow(), max_pages=1)
    client = pull.client
    result = TrialResult(row["name"], ok=False)
    try:
        harvest = connector.collect(pull)
    except SourceError as exc:
        result.error, result.error_kind = str(exc), exc.kind
        return result
    finally:
        if own:
            collector.close()
    result.ok, result.not_modified = True, harvest.not_modified
    result.notes = [redact(n, client.secrets) for n in harvest.notes]
    found: list[Any] = [*harvest.rows, *harvest.items]
    result.items = len(found)
    result.rejected = sum(1 for r in found if isinstance(r, Reject | RowProblem))
    for item in found[:5]:
        if isinstance(item, Row) and isinstance(item.obj, dict):
            text = item.obj.get("title") or item.obj.get("text")
        else:
            text = getattr(item, "caption", None) or getattr(item, "metric", None)
        result.sample.append(" ".join(str(text or "").split())[:120])
    return result
