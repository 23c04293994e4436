"""``import_exports``: read platform analytics files (loose or zipped), detect each one's type,
and store its rows idempotently, keeping provenance, notes and rejected rows.

Every row is either stored or written to the rejects file with its line and reason (skipped
rows, such as YouTube's ``Total`` line, are written there too, marked ``dilewati``). Files in
one zip are read in an order that lets the file naming the account (TikTok's ``Content``) lend
it to the files that do not.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from pantau import __version__
from pantau.errors import PantauError
from pantau.io.rejects import RejectsWriter
from pantau.outreach.channels import channel_for_file, only_channel
from pantau.outreach.formats import ExportFormat, ReadContext, detect, get_format
from pantau.outreach.table import ExportDoc, read_doc
from pantau.records import Workspace
from pantau.store import outreach as store
from pantau.store.outreach_records import (
    AudienceItem,
    ChannelRef,
    Item,
    OutreachCounts,
    RowProblem,
)

BATCH_SIZE = 5_000
_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class OutreachImportSummary:
    import_id: int
    file: str
    member: str | None
    format: str
    platform: str
    channels: list[str]
    encoding: str
    downloaded_on: date
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0
    rejects_path: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Member:
    path: Path
    name: str  # file name, or archive member name
    data: bytes
    stamp: datetime  # naive local time the file was written (download time)
    in_zip: bool


def _members(path: Path) -> list[_Member]:
    if not path.is_file():
        raise PantauError(f"berkas tidak ditemukan: {path}")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            found = [
                _Member(path, info.filename, archive.read(info), datetime(*info.date_time), True)
                for info in archive.infolist()
                if not info.is_dir()
                and info.filename.lower().endswith(_SUFFIXES)
                and not Path(info.filename).name.startswith(".")
                and "__MACOSX" not in info.filename
            ]
        if not found:
            raise PantauError(f"arsip {path.name} tidak berisi berkas CSV")
        return found
    stamp = datetime.fromtimestamp(path.stat().st_mtime)
    return [_Member(path, path.name, path.read_bytes(), stamp, False)]


class _Importer:
    def __init__(
        self,
        engine: Engine,
        workspace: Workspace,
        rejects_dir: Path,
        channel: str | None,
        timezone: str | None,
        downloaded: date | None,
        fmt: str | None,
    ) -> None:
        self.engine = engine
        self.workspace = workspace
        self.rejects_dir = rejects_dir
        self.channel_arg = channel
        self.timezone = ZoneInfo(timezone or workspace.timezone)
        self.downloaded = downloaded
        self.forced = get_format(fmt) if fmt else None
        self.pending_notes: list[str] = []  # for the next file imported

    def run(self, path: Path) -> list[OutreachImportSummary]:
        members = _members(path)
        parsed = []
        unknown = []
        for m in members:
            doc = read_doc(m.data, Path(m.name).name)
            try:
                parsed.append((m, doc, self.forced or detect(doc)))
            except PantauError:
                if not m.in_zip or len(members) == 1:
                    raise
                unknown.append(m.name)
        if not parsed:
            raise PantauError(f"tidak ada berkas ekspor yang dikenali di dalam {path.name}")
        # Files that name their account go first and lend it to their siblings.
        parsed.sort(key=lambda p: (not p[2].names_account, p[0].name))
        learned: dict[str, ChannelRef] = {}
        if unknown:
            self.pending_notes.append(
                f"berkas di dalam arsip yang tidak dikenali dan dilewati: {', '.join(unknown)}"
            )
        return [self._one(m, doc, fmt, learned) for m, doc, fmt in parsed]

    def _platform(self, doc: ExportDoc, fmt: ExportFormat) -> str | None:
        if fmt.platform:
            return fmt.platform
        if fmt.platform_from and (found := fmt.platform_from(doc)):
            return found
        return None

    def _default_channel(
        self, doc: ExportDoc, fmt: ExportFormat, learned: dict[str, ChannelRef], notes: list[str]
    ) -> ChannelRef | None:
        platform = self._platform(doc, fmt)
        with self.engine.connect() as conn:
            if fmt.names_account:
                # The rows name their account; --channel only covers rows that do not.
                if not self.channel_arg:
                    return None
                try:
                    return channel_for_file(conn, self.workspace.id, self.channel_arg, platform)
                except PantauError:
                    return None
            if self.channel_arg:
                return channel_for_file(conn, self.workspace.id, self.channel_arg, platform)
            if platform is None:
                raise PantauError(
                    f"{doc.name}: platform dan akun tidak tertulis di berkas; sebutkan dengan "
                    "--channel facebook:NAMA atau --channel instagram:NAMA"
                )
            if platform in learned:
                return learned[platform]
            only = only_channel(conn, self.workspace.id, platform)
        if only is None:
            raise PantauError(
                f"{doc.name}: berkas ini tidak menyebut akunnya; sebutkan dengan "
                f"--channel {platform}:NAMA"
            )
        notes.append(f"akun tidak tertulis di berkas; dipakai satu-satunya akun {platform}")
        return only

    def _one(
        self, m: _Member, doc: ExportDoc, fmt: ExportFormat, learned: dict[str, ChannelRef]
    ) -> OutreachImportSummary:
        started = datetime.now(UTC)
        notes, self.pending_notes = self.pending_notes, []
        default = self._default_channel(doc, fmt, learned, notes)
        downloaded = self.downloaded or m.stamp.date()
        ctx = ReadContext(self.timezone, downloaded, default, notes)
        if doc.replaced:
            ctx.note(f"sebagian byte bukan {doc.encoding} yang sah dan diganti '\ufffd'")
        file_info = store.ImportFile(
            file_name=m.path.name,
            file_path=str(m.path.resolve()),
            member=m.name if m.in_zip else None,
            file_size=len(m.data),
            checksum=hashlib.sha256(m.data).hexdigest(),
            encoding=doc.encoding,
            downloaded_on=downloaded,
            software_version=__version__,
        )
        import_id = store.start_import(self.engine, self.workspace.id, fmt.name, file_info)
        label = f"{m.path.name}-{Path(m.name).name}" if m.in_zip else m.name
        rejects = RejectsWriter(self.rejects_dir / f"outreach-{import_id:06d}-{label}.rejects.csv")
        summary = OutreachImportSummary(
            import_id=import_id,
            file=str(m.path),
            member=m.name if m.in_zip else None,
            format=fmt.name,
            platform=(default.platform if default else fmt.platform) or "",
            channels=[],
            encoding=doc.encoding,
            downloaded_on=downloaded,
            notes=notes,
        )
        status, error, channel_id = "failed", None, None
        try:
            channel_id = self._write(fmt, doc, ctx, summary, rejects, import_id, learned)
            status = "complete"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            summary.rejects_path = rejects.close()
            store.finish_import(
                self.engine,
                import_id,
                status,
                platform=summary.platform or None,
                channel_id=channel_id,
                rejects_path=summary.rejects_path,
                notes=notes,
                error=error,
            )
        summary.seconds = (datetime.now(UTC) - started).total_seconds()
        return summary

    def _write(
        self,
        fmt: ExportFormat,
        doc: ExportDoc,
        ctx: ReadContext,
        summary: OutreachImportSummary,
        rejects: RejectsWriter,
        import_id: int,
        learned: dict[str, ChannelRef],
    ) -> int | None:
        collected_at = datetime(ctx.downloaded.year, ctx.downloaded.month, ctx.downloaded.day)
        ids: dict[ChannelRef, int] = {}
        activity: dict[int, set[date]] = defaultdict(set)
        batch: list[Item] = []

        def flush() -> None:
            nonlocal batch
            by_channel: dict[ChannelRef, list[Item]] = defaultdict(list)
            read = rejected = skipped = 0
            for item in batch:
                read += 1
                if not isinstance(item, RowProblem) and item.channel is None:
                    item.channel = ctx.channel
                    if item.channel is None:
                        item = RowProblem(
                            item.line, "akun tidak diketahui; sebutkan dengan --channel", item.raw
                        )
                if isinstance(item, RowProblem):
                    rejects.write(
                        RowProblem(item.line, f"dilewati: {item.reason}", item.raw)
                        if item.skipped
                        else item
                    )
                    skipped += item.skipped
                    rejected += not item.skipped
                    continue
                assert item.channel is not None
                by_channel[item.channel].append(item)
            counts = OutreachCounts()
            with self.engine.begin() as conn:
                for ref, items in by_channel.items():
                    if ref not in ids:
                        ids[ref] = store.ensure_channel(conn, self.workspace.id, ref).id
                    counts.add(
                        store.write_items(
                            conn,
                            self.workspace.id,
                            ids[ref],
                            items,
                            import_id,
                            collected_at,
                            fmt.name,
                        )
                    )
                    for it in items:
                        if isinstance(it, AudienceItem) and it.dimension == "activity_hour":
                            activity[ids[ref]].add(it.as_of)
                store.add_import_counts(
                    conn, import_id, read=read, rejected=rejected, skipped=skipped, counts=counts
                )
            summary.read += read
            summary.rejected += rejected
            summary.skipped += skipped
            summary.new += counts.new
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            batch = []

        for item in fmt.items(doc, ctx):
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                flush()
        flush()
        for ref in ids:
            learned.setdefault(ref.platform, ref)
            summary.platform = summary.platform or ref.platform
            summary.channels.append(f"{ref.platform}:{ref.name or ref.handle}")
        for cid, days in activity.items():
            self._check_activity_gaps(cid, days, ctx)
        return next(iter(ids.values())) if len(ids) == 1 else None

    def _check_activity_gaps(self, channel_id: int, days: set[date], ctx: ReadContext) -> None:
        """TikTok keeps follower activity for 7 days only: say which days are now missing."""
        with self.engine.connect() as conn:
            stored = store.audience_days(conn, self.workspace.id, channel_id, "activity_hour")
        lo, hi = min(days), max(days)
        for a, b in pairwise(sorted(set(stored) | days)):
            if (b - a).days > 1 and (lo <= b <= hi + timedelta(days=1) or lo <= a <= hi):
                first, last = a + timedelta(days=1), b - timedelta(days=1)
                ctx.note(
                    f"aktivitas pengikut tidak ada untuk {first.isoformat()} s.d. "
                    f"{last.isoformat()} ({(last - first).days + 1} hari): TikTok Studio hanya "
                    "menyimpan 7 hari terakhir, jadi unduh FollowerActivity setiap minggu"
                )


def import_exports(
    engine: Engine,
    workspace: Workspace,
    paths: Sequence[Path],
    *,
    rejects_dir: Path,
    channel: str | None = None,
    timezone: str | None = None,
    downloaded: date | None = None,
    fmt: str | None = None,
) -> list[OutreachImportSummary]:
    """Import analytics exports; one summary per file (per member of a zip).

    ``channel`` names the account for files that do not (``platform:name`` for a new one);
    ``timezone`` is the zone of times written without one (default: the workspace's);
    ``downloaded`` is the download day, which completes dates without a year and decides which
    copy of a metric is newest (default: the file's modification day)."""
    importer = _Importer(engine, workspace, rejects_dir, channel, timezone, downloaded, fmt)
    summaries: list[OutreachImportSummary] = []
    for path in paths:
        summaries.extend(importer.run(path))
    return summaries
