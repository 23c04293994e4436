"""Meta Business Suite post exports (Insights → Content → Export): Facebook and Instagram.

Facebook files carry ``Post ID, Page ID, Page name, Title, Description, Publish time,
Permalink, Post type, Views, Reach, Reactions, Comments, Shares, Total clicks`` plus a varying
number of ``Negative feedback from users: …`` columns; the caption sits in Title or
Description depending on the post type. Instagram files carry ``Post ID, Account username,
Description, Publish time, Permalink, Post type, Views, Reach, Likes, Shares, Follows,
Comments, Saves``. Times are written without a zone (``MM/DD/YYYY HH:MM``, day first when an
Indonesian Excel saved the file) and are read in the import's time zone.
"""

from __future__ import annotations

from collections.abc import Iterator

from pantau.outreach.aliases import META, META_PREFIXES, post_format
from pantau.outreach.formats import (
    ExportFormat,
    ReadContext,
    Row,
    caption,
    day_first,
    main_table,
    moment,
    post_metrics,
    register,
)
from pantau.outreach.table import ExportDoc
from pantau.outreach.values import ValueProblem, count, decimal, plain_id
from pantau.store.outreach_records import ChannelRef, Item, PostItem

_FACEBOOK_METRICS = (
    "views",
    "impressions",
    "reach",
    "reactions",
    "likes",
    "comments",
    "shares",
    "total_clicks",
    "link_clicks",
)
_INSTAGRAM_METRICS = (
    "views",
    "impressions",
    "reach",
    "likes",
    "comments",
    "shares",
    "saves",
    "follows",
)


def _post(row: Row, channel: ChannelRef, ctx: ReadContext, first_day: bool) -> PostItem:
    published, time_known = moment(row, "publish_time", ctx, first_day)
    item = PostItem(
        line=row.line,
        post_id=plain_id(row.get("post_id"), row.column("post_id")),
        published_at=published,
        time_known=time_known,
        raw=row.raw,
        channel=channel,
        caption=caption(row.get("description") or row.get("title")),
        post_type=post_format(row.get("post_type")),
        permalink=row.get("permalink"),
    )
    duration = decimal(row.get("duration"), row.column("duration"))
    if duration is not None:
        item.extra["duration_seconds"] = duration
    return item


def _read_facebook(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    first_day = day_first(fmt, block, "publish_time", "publish time")

    def convert(row: Row) -> Iterator[Item]:
        page_id = plain_id(row.get("page_id"), row.column("page_id"))
        channel = ChannelRef("facebook", page_id, row.get("page_name"))
        item = _post(row, channel, ctx, first_day)
        post_metrics(row, "facebook", _FACEBOOK_METRICS, item)
        # Facebook's "likes" are reactions of every kind; clicks are all clicks when given.
        if "reactions" in item.extra:
            item.likes = int(item.extra.pop("reactions"))
        if "total_clicks" in item.extra:
            item.clicks = int(item.extra.pop("total_clicks"))
        elif "link_clicks" in item.extra:
            item.clicks = int(item.extra["link_clicks"])
        negative = [
            count(row.get(k), row.column(k)) for k in row.keys_with_prefix("negative_feedback:")
        ]
        if any(n is not None for n in negative):
            item.extra["negative_feedback"] = sum(n or 0 for n in negative)
        yield item

    yield from main_table(fmt, doc, convert)


def _read_instagram(fmt: ExportFormat, doc: ExportDoc, ctx: ReadContext) -> Iterator[Item]:
    block = doc.main
    assert block is not None
    first_day = day_first(fmt, block, "publish_time", "publish time")

    def convert(row: Row) -> Iterator[Item]:
        username = (row.get("account_username") or "").strip().lstrip("@").lower()
        if not username:
            raise ValueProblem("Account username kosong")
        channel = ChannelRef("instagram", username, row.get("account_name"))
        item = _post(row, channel, ctx, first_day)
        post_metrics(row, "instagram", _INSTAGRAM_METRICS, item)
        yield item

    yield from main_table(fmt, doc, convert)


register(
    ExportFormat(
        name="meta_facebook_posts",
        description="Meta Business Suite: post Facebook (Post ID, Page ID, Publish time, …)",
        aliases=META,
        prefixes=META_PREFIXES,
        required=frozenset({"post_id", "page_id", "publish_time"}),
        read=_read_facebook,
        kind="posts",
        platform="facebook",
        names_account=True,
    )
)
register(
    ExportFormat(
        name="meta_instagram_posts",
        description="Meta Business Suite: post Instagram (Post ID, Account username, …)",
        aliases=META,
        required=frozenset({"post_id", "account_username", "publish_time"}),
        read=_read_instagram,
        kind="posts",
        platform="instagram",
        names_account=True,
    )
)
