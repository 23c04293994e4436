"""YouTube Studio exports (Analytics → Advanced mode → Export → CSV), a zip of three files.

- ``Table data.csv``: one row per video (``Content`` is the video id, ``Video title``,
  ``Video publish time``, ``Views``, ``Watch time (hours)``, ``Average view duration`` as
  ``H:MM:SS`` …); the first data row is ``Total``, the sum over all videos, which is skipped.
- ``Totals.csv``: the channel's daily totals (``Date`` plus the chart's metrics).
- ``Chart data.csv``: the same per video when a Content dimension is chosen; not stored, since
  the totals file already holds the channel's days.

None of them names the channel, so the import is told with ``--channel``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pantau.outreach.aliases import YOUTUBE, normalise
from pantau.outreach.formats import (
    ExportFormat,
    ReadContext,
    Row,
    caption,
    daily_reader,
    day_first,
    main_table,
    moment,
    post_metrics,
    register,
    rows,
)
from pantau.outreach.table import ExportDoc
from pantau.outreach.values import ValueProblem, decimal, duration_seconds, plain_id
from pantau.store.outreach_records import Item, PostItem, RowProblem

_TOTAL_ROW = {"total", "totals", "jumlah", "total keseluruhan"}
_POST_METRICS = ("views", "impressions", "likes", "comments", "shares", "subscribers")
_DAILY_METRICS = ("views", "impressions", "watch_time_hours", "subscribers", "likes", "shares")


def _read_table(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    first_day = day_first(fmt, block, "publish_time", "video publish time")

    def convert(row: Row) -> Iterator[Item]:
        content = row.get("content")
        if content and normalise(content) in _TOTAL_ROW:
            yield RowProblem(row.line, "baris Total (jumlah semua video)", row.raw, True)
            return
        video_id = plain_id(content, row.column("content"))
        if not row.get("publish_time"):
            raise ValueProblem("Video publish time kosong")
        published, time_known = moment(row, "publish_time", ctx, first_day)
        item = PostItem(
            line=row.line,
            post_id=video_id,
            published_at=published,
            time_known=time_known,
            raw=row.raw,
            caption=caption(row.get("video_title")),
            post_type="video",
            permalink=f"https://www.youtube.com/watch?v={video_id}",
        )
        post_metrics(row, "youtube", _POST_METRICS, item)
        for key, reader in (
            ("watch_time_hours", decimal),
            ("ctr", decimal),
            ("avg_view_duration", duration_seconds),
            ("duration", duration_seconds),
        ):
            value = reader(row.get(key), row.column(key))
            if value is not None:
                item.extra[key if key != "duration" else "duration_seconds"] = value
        yield item

    yield from main_table(fmt, doc, convert)


def _read_chart_by_video(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    for block in doc.blocks:
        for row in rows(fmt, block):
            yield RowProblem(
                row.line,
                "Chart data per video tidak disimpan; impor Totals.csv untuk angka harian kanal",
                row.raw,
                skipped=True,
            )


register(
    ExportFormat(
        name="youtube_table",
        description="YouTube Studio: Table data.csv (per video; baris Total dilewati)",
        aliases=YOUTUBE,
        required=frozenset({"content", "video_title"}),
        excluded=frozenset({"date"}),
        read=_read_table,
        kind="posts",
        platform="youtube",
    )
)
register(
    ExportFormat(
        name="youtube_daily",
        description="YouTube Studio: Totals.csv / Chart data.csv (angka harian kanal)",
        aliases=YOUTUBE,
        required=frozenset({"date"}),
        any_of=frozenset(_DAILY_METRICS),
        excluded=frozenset({"content", "video_title"}),
        titled=False,
        read=daily_reader("youtube", _DAILY_METRICS),
        kind="daily",
        platform="youtube",
        priority=80,
    )
)
register(
    ExportFormat(
        name="youtube_chart_by_video",
        description="YouTube Studio: Chart data.csv per video (dilewati; pakai Totals.csv)",
        aliases=YOUTUBE,
        required=frozenset({"date", "content"}),
        read=_read_chart_by_video,
        kind="daily",
        platform="youtube",
    )
)
