"""Meta Graph API for the institution's own accounts, with a page access token: a Facebook
Page (``/{page-id}/posts`` with reactions, comments and shares; ``/{page-id}/insights`` for
daily follows and reach) or an Instagram professional account (``/{ig-user-id}/media`` with
likes and comments; ``/{ig-user-id}/insights`` for daily reach; the follower count of the
day). What it brings goes to the owned-channel tables (the *Kanal* pages), not to the
monitored posts. The token travels in the ``Authorization`` header.

Position: the newest post time seen; posts are read newest first until it is reached, and the
posts of the last ``REFRESH_DAYS`` days are read again so their metrics keep growing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson

from pantau.ingest.connectors import (
    Connector,
    Harvest,
    Pull,
    Setting,
    http_url,
    known_settings,
    one_of,
    register,
    utc_time,
)
from pantau.ingest.connectors.http import SourceError
from pantau.store.outreach_records import ChannelRef, DailyItem, Item, PostItem, RowProblem

BASE = "https://graph.facebook.com/v21.0"
REFRESH_DAYS = 7
PAGE_FIELDS = (
    "id,message,created_time,permalink_url,status_type,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)"
)
MEDIA_FIELDS = (
    "id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count"
)
PAGE_INSIGHTS = {"page_follows": "followers", "page_impressions_unique": "reach"}
IG_INSIGHTS = {"reach": "reach"}
FORMATS = {
    "added_photos": "image",
    "added_video": "video",
    "shared_story": "link",
    "mobile_status_update": "text",
    "IMAGE": "image",
    "VIDEO": "video",
    "CAROUSEL_ALBUM": "carousel",
    "REELS": "reel",
    "STORY": "story",
}


def _summary(value: object) -> int | None:
    if isinstance(value, dict):
        total = (value.get("summary") or {}).get("total_count")
        return int(total) if isinstance(total, int) else None
    return None


def page_post(post: Mapping[str, Any], line: int, channel: ChannelRef) -> Item:
    """An owned-channel post of one Facebook ``/posts`` item."""
    raw = orjson.dumps(post).decode()
    published = utc_time(post.get("created_time", "").replace("+0000", "+00:00"))
    if not post.get("id") or published is None:
        return RowProblem(line, "post Facebook tanpa id atau created_time", raw)
    return PostItem(
        line=line,
        post_id=str(post["id"]),
        published_at=published,
        time_known=True,
        raw=raw,
        channel=channel,
        caption=post.get("message"),
        post_type=FORMATS.get(str(post.get("status_type")), post.get("status_type")),
        permalink=post.get("permalink_url"),
        likes=_summary(post.get("reactions")),
        comments=_summary(post.get("comments")),
        shares=(post.get("shares") or {}).get("count"),
    )


def media_post(media: Mapping[str, Any], line: int, channel: ChannelRef) -> Item:
    """An owned-channel post of one Instagram ``/media`` item."""
    raw = orjson.dumps(media).decode()
    published = utc_time(media.get("timestamp", "").replace("+0000", "+00:00"))
    if not media.get("id") or published is None:
        return RowProblem(line, "media Instagram tanpa id atau timestamp", raw)
    kind = media.get("media_product_type") if media.get("media_product_type") == "REELS" else None
    kind = kind or media.get("media_type")
    return PostItem(
        line=line,
        post_id=str(media["id"]),
        published_at=published,
        time_known=True,
        raw=raw,
        channel=channel,
        caption=media.get("caption"),
        post_type=FORMATS.get(str(kind), str(kind).lower() if kind else None),
        permalink=media.get("permalink"),
        likes=media.get("like_count"),
        comments=media.get("comments_count"),
    )


def insight_days(
    page: Mapping[str, Any], names: Mapping[str, str], channel: ChannelRef
) -> list[Item]:
    """Daily values of an ``/insights`` answer (``end_time`` is the end of the day: the value
    belongs to the day before it)."""
    items: list[Item] = []
    for n, metric in enumerate(page.get("data") or [], 1):
        name = names.get(str(metric.get("name")))
        if name is None or metric.get("period") != "day":
            continue
        for value in metric.get("values") or []:
            end = utc_time(str(value.get("end_time", "")).replace("+0000", "+00:00"))
            number = value.get("value")
            if end is None or not isinstance(number, int | float):
                continue
            day = (end - timedelta(seconds=1)).date()
            raw = orjson.dumps({"metric": metric.get("name"), **value}).decode()
            items.append(DailyItem(n, name, day, float(number), raw, channel))
    return items


def _get(pull: Pull, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    base = str(pull.config.get("api_base") or BASE)
    url = path if path.startswith("http") else f"{base}/{path}"
    headers = {"Authorization": f"Bearer {pull.secret or ''}"}
    try:
        page = pull.client.get(url, params=params, headers=headers).json()
    except SourceError as exc:
        if exc.status in (400, 401) and _error_code(exc.body) == 190:  # OAuthException
            raise SourceError("auth", "token halaman Meta tidak sah / kedaluwarsa") from None
        raise
    if not isinstance(page, dict):
        raise SourceError("format", "jawaban Graph API bukan objek JSON")
    return page


def _error_code(body: str) -> int | None:
    try:
        error = orjson.loads(body).get("error") or {}
    except (orjson.JSONDecodeError, AttributeError):
        return None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else None


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("meta", config, ("page", "instagram", "api_base"))
    which = one_of(given, ("page", "instagram"), "sumber meta")
    checked = {which: str(given[which]).strip()}
    if given.get("api_base"):
        checked["api_base"] = http_url(given["api_base"], "api_base").rstrip("/")
    return checked


def _collect(pull: Pull) -> Harvest:
    instagram = bool(pull.config.get("instagram"))
    account = str(pull.config.get("instagram") or pull.config.get("page"))
    profile = _get(
        pull, account, {"fields": "id,username,name,followers_count" if instagram else "id,name"}
    )
    platform = "instagram" if instagram else "facebook"
    handle = str(profile.get("username") or account) if instagram else account
    channel = ChannelRef(platform, handle, profile.get("name") or profile.get("username"))
    harvest = Harvest(cursor=dict(pull.cursor), channel=channel)
    newest_seen = utc_time(pull.cursor["newest"]) if pull.cursor.get("newest") else None
    stop = newest_seen - timedelta(days=REFRESH_DAYS) if newest_seen else None
    path = f"{account}/media" if instagram else f"{account}/posts"
    params: dict[str, Any] | None = {
        "fields": MEDIA_FIELDS if instagram else PAGE_FIELDS,
        "limit": 100,
    }
    newest = newest_seen
    seen_pages: set[str] = set()
    for line in range(1, pull.max_pages + 1):
        page = _get(pull, path, params)
        reached = False
        for entry in page.get("data") or []:
            item = (
                media_post(entry, line, channel) if instagram else page_post(entry, line, channel)
            )
            harvest.items.append(item)
            if isinstance(item, PostItem):
                newest = max(newest, item.published_at) if newest else item.published_at
                reached = reached or (stop is not None and item.published_at < stop)
        following = (page.get("paging") or {}).get("next")
        if reached or not following or following in seen_pages or not page.get("data"):
            break
        seen_pages.add(following)
        path, params = following, None  # the next address carries every parameter
    today = pull.now.date()
    since = today - timedelta(days=3)
    names = IG_INSIGHTS if instagram else PAGE_INSIGHTS
    insights = _get(
        pull,
        f"{account}/insights",
        {
            "metric": ",".join(names),
            "period": "day",
            "since": since.isoformat(),
            "until": today.isoformat(),
        },
    )
    harvest.items.extend(
        insight_days(insights, IG_INSIGHTS if instagram else PAGE_INSIGHTS, channel)
    )
    if instagram and isinstance(profile.get("followers_count"), int):
        raw = orjson.dumps({"followers_count": profile["followers_count"]}).decode()
        harvest.items.append(
            DailyItem(0, "followers", today, float(profile["followers_count"]), raw, channel)
        )
    if newest:
        harvest.cursor["newest"] = newest.isoformat()
    return harvest


register(
    Connector(
        name="meta",
        description="Meta Graph API: Halaman Facebook atau akun Instagram profesional milik "
        "instansi (ke halaman Kanal)",
        platform="facebook",
        raw_format="meta-graph",
        settings=(
            Setting("page", "id Halaman Facebook"),
            Setting("instagram", "id akun Instagram profesional (IG user id)"),
        ),
        check=_check,
        target=lambda c: (
            f"Instagram {c['instagram']}" if c.get("instagram") else f"Halaman {c.get('page', '')}"
        ),
        collect=_collect,
        default_interval=60,
        politeness=0.5,
        secret="token akses Halaman (page access token)",
        secret_required=True,
        owned=True,
    )
)
