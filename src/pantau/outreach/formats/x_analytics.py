"""X (Twitter) analytics exports.

- Classic per-tweet file: ``Tweet id, Tweet permalink, Tweet text, time, impressions,
  engagements, …`` with times like ``2026-11-17 01:15 +0000``. Excel turns the 19-digit ids
  into ``1.86E+18``; the id is then recovered from the permalink.
- Newer per-post file: ``Post id, Date, Post text, Post Link, Impressions, Likes,
  Engagements, Bookmarks, Shares, …`` (a day, no time of day).
- Account overview: ``Date, Impressions, Likes, Engagements, New follows, Unfollows, …``.

X's reposts are stored as shares (the amplification metric); X's own "Shares" (sending a post
by message or link) go to ``sends``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pantau.outreach.aliases import X
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
)
from pantau.outreach.table import ExportDoc
from pantau.outreach.values import decimal, id_from_link
from pantau.store.outreach_records import ChannelRef, Item, PostItem

_STATUS = re.compile(r"/status(?:es)?/(\d+)")
_HANDLE = re.compile(r"(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status", re.IGNORECASE)
_POST_METRICS = (
    "impressions",
    "likes",
    "replies",
    "reposts",
    "bookmarks",
    "url_clicks",
    "engagements",
    "profile_clicks",
    "detail_expands",
    "media_views",
    "video_views",
    "new_follows",
    "sends",
)
_DAILY_METRICS = (
    "impressions",
    "likes",
    "engagements",
    "bookmarks",
    "sends",
    "new_follows",
    "unfollows",
    "replies",
    "reposts",
    "profile_clicks",
    "video_views",
    "media_views",
)


def _read_posts(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    time_key = "time" if fmt.name == "x_tweets_classic" else "date"
    first_day = day_first(fmt, block, time_key, time_key)

    def convert(row: Row) -> Iterator[Item]:
        link = row.get("permalink")
        post_id = id_from_link(row.get("post_id"), link, _STATUS, "Tweet id")
        handle = _HANDLE.search(link or "")
        published, time_known = moment(row, time_key, ctx, first_day)
        item = PostItem(
            line=row.line,
            post_id=post_id,
            published_at=published,
            time_known=time_known,
            raw=row.raw,
            channel=ChannelRef("x", handle.group(1).lower()) if handle else None,
            caption=caption(row.get("text")),
            post_type="post",
            permalink=link,
        )
        if row.get("post_id") and row.get("post_id") != post_id:
            item.extra["id_recovered_from_link"] = 1
        post_metrics(row, "x", _POST_METRICS, item)
        rate = decimal(row.get("engagement_rate"), row.column("engagement_rate"))
        if rate is not None:
            item.extra["x_engagement_rate"] = rate
        yield item

    yield from main_table(fmt, doc, convert)


register(
    ExportFormat(
        name="x_tweets_classic",
        description="X analytics lama: Tweet id, Tweet permalink, time, impressions, …",
        aliases=X,
        required=frozenset({"post_id", "permalink", "time", "impressions"}),
        read=_read_posts,
        kind="posts",
        platform="x",
        names_account=True,
    )
)
register(
    ExportFormat(
        name="x_posts",
        description="X analytics baru: Post id, Date, Post Link, Impressions, …",
        aliases=X,
        required=frozenset({"post_id", "date", "permalink", "impressions"}),
        read=_read_posts,
        kind="posts",
        platform="x",
        names_account=True,
    )
)
register(
    ExportFormat(
        name="x_account_daily",
        description="X analytics: ringkasan akun harian (Date, Impressions, New follows, …)",
        aliases=X,
        required=frozenset({"date", "impressions", "new_follows"}),
        excluded=frozenset({"post_id"}),
        read=daily_reader("x", _DAILY_METRICS),
        kind="daily",
        platform="x",
    )
)
