"""TikTok Studio exports (Analytics → Download data), a zip or loose CSV files:

- ``Overview``: ``Date, Video Views, Profile Views, Likes, Comments, Shares`` per day;
- ``FollowerHistory``: ``Date, Followers, Difference in followers from previous day``;
- ``FollowerActivity``: ``Date, Hour, Active followers``; TikTok keeps only the last 7 days,
  so a gap between two downloads is reported (the importer checks);
- ``FollowerGender``: ``Gender, Distribution``; ``FollowerTopTerritories``:
  ``Top territories, Distribution``;
- ``Content``: one row per video (``Video link, Post time, Total likes, …``).

Dates are often written without a year (``November 17``, ``17 November``): the year is the
latest one that does not put the date after the download day. Headers may be in Indonesian.
Only ``Content`` names the account (in the video link); the other files take the account from
``Content`` in the same zip, from ``--channel`` or from the workspace's only TikTok account.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pantau.outreach.aliases import TIKTOK, normalise
from pantau.outreach.formats import (
    ExportFormat,
    ReadContext,
    Row,
    caption,
    daily_reader,
    day_first,
    day_of,
    extra_blocks,
    fraction_scale,
    guarded,
    main_table,
    moment,
    post_metrics,
    register,
)
from pantau.outreach.table import ExportDoc
from pantau.outreach.values import ValueProblem, decimal, is_empty, share
from pantau.store.outreach_records import AudienceItem, ChannelRef, Item, PostItem

_VIDEO = re.compile(r"tiktok\.com/@([A-Za-z0-9_.]{1,64})/video/(\d+)", re.IGNORECASE)
_HOUR = re.compile(r"^(\d{1,2})(?:[:.]\d{2})?\s*(am|pm)?$", re.IGNORECASE)
_GENDERS = {
    "female": "female",
    "perempuan": "female",
    "wanita": "female",
    "f": "female",
    "male": "male",
    "laki-laki": "male",
    "pria": "male",
    "m": "male",
}
_OVERVIEW = ("video_views", "profile_views", "likes", "comments", "shares")
_CONTENT = ("total_views", "total_likes", "total_comments", "total_shares")


def _hour(text: str | None) -> int:
    m = _HOUR.match((text or "").strip())
    if not m:
        raise ValueProblem(f"jam tidak sah: {(text or '')[:10]!r}")
    hour = int(m.group(1))
    ampm = (m.group(2) or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23:
        raise ValueProblem(f"jam tidak sah: {text!r}")
    return hour


def _read_activity(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    first_day = day_first(fmt, block, "date", "date")

    def convert(row: Row) -> Iterator[Item]:
        day = day_of(row, "date", ctx, first_day)
        hour = _hour(row.get("hour"))
        value = decimal(row.get("active_followers"), row.column("active_followers"))
        if value is None:
            raise ValueProblem("Active followers kosong")
        yield AudienceItem(row.line, "activity_hour", f"{hour:02d}", value, day, row.raw)

    yield from main_table(fmt, doc, convert)


def _shares(
    fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext, dimension: str, label_key: str
) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    found: list[tuple[Row, str, float]] = []
    percent_sign = False

    def convert(row: Row) -> Iterator[Item]:
        nonlocal percent_sign
        label = row.get(label_key)
        if is_empty(label):
            raise ValueProblem(f"{label_key} kosong")
        assert label is not None
        if dimension == "gender":
            label = _GENDERS.get(normalise(label), "other")
        value = share(row.get("distribution"), row.column("distribution"))
        if value is None:
            raise ValueProblem("Distribution kosong")
        percent_sign = percent_sign or "%" in (row.get("distribution") or "")
        found.append((row, label, value))
        yield from ()

    yield from guarded(fmt, block, convert)
    scale = fraction_scale([v for _, _, v in found], percent_sign)
    for row, label, value in found:
        yield AudienceItem(row.line, dimension, label[:200], value * scale, ctx.downloaded, row.raw)
    yield from extra_blocks(doc)


def _read_gender(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    return _shares(fmt, doc, ctx, "gender", "gender")


def _read_territories(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    return _shares(fmt, doc, ctx, "territory", "territory")


def _read_content(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    first_day = day_first(fmt, block, "post_time", "post time")

    def convert(row: Row) -> Iterator[Item]:
        link = row.get("video_link")
        found = _VIDEO.search(link or "")
        if not found:
            raise ValueProblem("Video link tidak memuat @akun/video/ID")
        published, time_known = moment(row, "post_time", ctx, first_day)
        item = PostItem(
            line=row.line,
            post_id=found.group(2),
            published_at=published,
            time_known=time_known,
            raw=row.raw,
            channel=ChannelRef("tiktok", found.group(1).lower()),
            caption=caption(row.get("video_title")),
            post_type="video",
            permalink=link,
        )
        post_metrics(row, "tiktok", _CONTENT, item)
        yield item

    yield from main_table(fmt, doc, convert)


def _tiktok(
    name: str,
    description: str,
    required: set[str],
    read: Callable[[ExportFormat, ExportDoc, ReadContext], Iterator[Item]],
    kind: str,
    **options: Any,
) -> None:
    register(
        ExportFormat(
            name=name,
            description=f"TikTok Studio: {description}",
            aliases=TIKTOK,
            required=frozenset(required),
            read=read,
            kind=kind,
            platform="tiktok",
            **options,
        )
    )


_tiktok(
    "tiktok_overview",
    "Overview (tayangan video, profil, suka, komentar, dibagikan per hari)",
    {"date", "video_views", "profile_views"},
    daily_reader("tiktok", _OVERVIEW),
    "daily",
)
_tiktok(
    "tiktok_follower_history",
    "FollowerHistory (jumlah pengikut per hari)",
    {"date", "followers"},
    daily_reader("tiktok", ("followers", "follower_change")),
    "daily",
    excluded=frozenset({"hour", "active_followers"}),
)
_tiktok(
    "tiktok_follower_activity",
    "FollowerActivity (pengikut aktif per jam, 7 hari terakhir)",
    {"date", "hour", "active_followers"},
    _read_activity,
    "audience",
)
_tiktok(
    "tiktok_follower_gender",
    "FollowerGender (sebaran jenis kelamin)",
    {"gender", "distribution"},
    _read_gender,
    "audience",
)
_tiktok(
    "tiktok_territories",
    "FollowerTopTerritories (wilayah teratas)",
    {"territory", "distribution"},
    _read_territories,
    "audience",
)
_tiktok(
    "tiktok_content",
    "Content (per video: tautan, waktu posting, total suka/komentar/dibagikan/tayangan)",
    {"video_link", "post_time"},
    _read_content,
    "posts",
    names_account=True,
)
