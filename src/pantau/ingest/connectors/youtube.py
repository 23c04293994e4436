"""YouTube Data API v3 with the institution's API key: videos found by a query
(``search.list``, newest first) or a channel's uploads (``channels.list`` then
``playlistItems.list``), their statistics (``videos.list``), and optionally the comments of
new videos (``commentThreads.list``). The key goes in the ``X-Goog-Api-Key`` header, never in
an address that is stored.

Quota: the API gives 10,000 units a day, renewed at midnight Pacific time. Every call's cost
(search 100, the others 1) is counted per Pacific day in the source's quota; a collection that
would overrun it waits for the next day instead of failing against the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
    yes,
)
from pantau.ingest.connectors.http import Answer, SourceError
from pantau.ingest.formats import Row
from pantau.io.rejects import Reject

BASE = "https://www.googleapis.com/youtube/v3"
DAILY_UNITS = 10_000
COST = {"search": 100, "channels": 1, "playlistItems": 1, "videos": 1, "commentThreads": 1}
PACIFIC = ZoneInfo("America/Los_Angeles")
MAX_COMMENT_VIDEOS = 10  # videos whose comments one collection reads


class Quota:
    """Units spent on the current Pacific day, kept in the source's quota."""

    def __init__(self, stored: Mapping[str, Any] | None, now: datetime, limit: int) -> None:
        local = now.replace(tzinfo=UTC).astimezone(PACIFIC)
        self.day = local.date().isoformat()
        midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
        self.resets_at = midnight.replace(tzinfo=PACIFIC).astimezone(UTC).replace(tzinfo=None)
        self.limit = limit
        self.used = (
            int((stored or {}).get("used", 0)) if (stored or {}).get("day") == self.day else 0
        )

    def spend(self, call: str) -> None:
        cost = COST[call]
        if self.used + cost > self.limit:
            raise SourceError(
                "limited",
                f"kuota harian YouTube habis ({self.used} dari {self.limit} unit); "
                "dilanjutkan setelah tengah malam waktu Pasifik",
                retry_at=self.resets_at,
                quota=self.as_dict(),
            )
        self.used += cost

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": "unit",
            "day": self.day,
            "used": self.used,
            "limit": self.limit,
            "left": self.limit - self.used,
            "resets_at": self.resets_at.isoformat(),
        }


def _call(pull: Pull, quota: Quota, call: str, params: Mapping[str, Any]) -> dict[str, Any]:
    quota.spend(call)
    base = str(pull.config.get("api_base") or BASE)
    headers = {"X-Goog-Api-Key": pull.secret or ""}
    try:
        answer: Answer = pull.client.get(f"{base}/{call}", params=params, headers=headers)
    except SourceError as exc:
        if exc.status == 403 and ("quotaExceeded" in exc.body or "dailyLimitExceeded" in exc.body):
            quota.used = quota.limit
            raise SourceError(
                "limited",
                "kuota harian YouTube habis menurut Google",
                retry_at=quota.resets_at,
                quota=quota.as_dict(),
            ) from None
        if exc.status == 400 and ("keyInvalid" in exc.body or "API key not valid" in exc.body):
            raise SourceError("auth", "kunci API YouTube tidak sah / kedaluwarsa") from None
        raise
    page = answer.json()
    if not isinstance(page, dict) or not isinstance(page.get("items", []), list):
        raise SourceError("format", f"jawaban YouTube {call} tidak sesuai dokumentasi")
    return page


def video_to_canonical(video: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical post fields of one ``videos.list`` item."""
    snippet = video.get("snippet") or {}
    stats = video.get("statistics") or {}
    vid = str(video.get("id") or "")
    return {
        "platform": "youtube",
        "id": vid or None,
        "url": f"https://www.youtube.com/watch?v={vid}" if vid else None,
        "created_at": snippet.get("publishedAt"),
        "title": snippet.get("title"),
        "text": snippet.get("description") or "",
        "lang": snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"),
        "author": snippet.get("channelId"),
        "author_name": snippet.get("channelTitle"),
        "views": stats.get("viewCount"),
        "likes": stats.get("likeCount"),
        "replies": stats.get("commentCount"),
        "hashtags": snippet.get("tags") or None,
    }


def comment_to_canonical(thread: Mapping[str, Any], video_id: str) -> dict[str, Any]:
    """Canonical post fields of the top comment of one ``commentThreads.list`` item."""
    top = (thread.get("snippet") or {}).get("topLevelComment") or {}
    snippet = top.get("snippet") or {}
    cid = str(top.get("id") or thread.get("id") or "")
    return {
        "platform": "youtube",
        "id": cid or None,
        "url": f"https://www.youtube.com/watch?v={video_id}&lc={cid}",
        "created_at": snippet.get("publishedAt"),
        "text": snippet.get("textOriginal") or snippet.get("textDisplay") or "",
        "author": (snippet.get("authorChannelId") or {}).get("value")
        or snippet.get("authorDisplayName"),
        "author_name": snippet.get("authorDisplayName"),
        "likes": snippet.get("likeCount"),
        "reply_to": video_id,
    }


def _new_video_ids(pull: Pull, quota: Quota, since: datetime | None) -> tuple[list[str], str]:
    """Ids of videos published after ``since`` (newest first) and the newest time seen."""
    found: list[str] = []
    newest = since
    if pull.config.get("channel"):
        uploads = pull.cursor.get("uploads")
        if not uploads:
            channels = _call(
                pull, quota, "channels", {"part": "contentDetails", "id": pull.config["channel"]}
            )
            items = channels.get("items") or []
            if not items:
                raise SourceError("client", f"kanal YouTube {pull.config['channel']} tidak ada")
            uploads = items[0]["contentDetails"]["relatedPlaylists"]["uploads"]
            pull.cursor["uploads"] = uploads
        call, params = "playlistItems", {"part": "snippet,contentDetails", "playlistId": uploads}
    else:
        call, params = (
            "search",
            {
                "part": "snippet",
                "q": pull.config["query"],
                "type": "video",
                "order": "date",
                "regionCode": "ID",
                "relevanceLanguage": "id",
            },
        )
        if since:
            params["publishedAfter"] = since.strftime("%Y-%m-%dT%H:%M:%SZ")
    params["maxResults"] = 50
    tokens: set[str] = set()
    for _ in range(pull.max_pages):
        page = _call(pull, quota, call, params)
        reached = False
        for item in page.get("items") or []:
            snippet = item.get("snippet") or {}
            vid = (item.get("contentDetails") or {}).get("videoId") or (
                (item.get("id") or {}).get("videoId") if isinstance(item.get("id"), dict) else None
            )
            published = utc_time(snippet.get("publishedAt"))
            if since and published and published <= since:
                reached = True
                continue
            if vid and vid not in found:
                found.append(str(vid))
            if published and (newest is None or published > newest):
                newest = published
        token = page.get("nextPageToken")
        if reached or not token or token in tokens:
            break
        tokens.add(str(token))
        params["pageToken"] = token
    return found, newest.isoformat() if newest else ""


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings(
        "youtube", config, ("query", "channel", "comments", "daily_units", "api_base")
    )
    which = one_of(given, ("query", "channel"), "sumber youtube")
    checked: dict[str, Any] = {
        which: str(given[which]).strip(),
        "comments": yes(given.get("comments")),
    }
    if given.get("daily_units"):
        checked["daily_units"] = int(str(given["daily_units"]))
    if given.get("api_base"):
        checked["api_base"] = http_url(given["api_base"], "api_base").rstrip("/")
    return checked


def _collect(pull: Pull) -> Harvest:
    limit = int(pull.config.get("daily_units") or DAILY_UNITS)
    quota = Quota(pull.quota, pull.now, limit)
    since = utc_time(pull.cursor.get("newest")) if pull.cursor.get("newest") else None
    harvest = Harvest(cursor=dict(pull.cursor))
    try:
        ids, newest = _new_video_ids(pull, quota, since)
        if pull.cursor.get("uploads"):
            harvest.cursor["uploads"] = pull.cursor["uploads"]
        for start in range(0, len(ids), 50):
            params = {"part": "snippet,statistics", "id": ",".join(ids[start : start + 50])}
            for video in _call(pull, quota, "videos", params).get("items") or []:
                raw = orjson.dumps(video).decode()
                harvest.rows.append(Row(1, video_to_canonical(video), raw))
        if pull.config.get("comments"):
            for vid in ids[:MAX_COMMENT_VIDEOS]:
                asked = {"part": "snippet", "videoId": vid, "maxResults": 100, "order": "time"}
                for thread in _call(pull, quota, "commentThreads", asked).get("items") or []:
                    raw = orjson.dumps(thread).decode()
                    if not isinstance(thread, dict):
                        harvest.rows.append(Reject(2, "komentar YouTube bukan objek", raw))
                        continue
                    harvest.rows.append(Row(2, comment_to_canonical(thread, vid), raw))
    except SourceError as exc:
        exc.quota = exc.quota or quota.as_dict()
        raise
    harvest.quota = quota.as_dict()
    if newest:
        harvest.cursor["newest"] = newest
    return harvest


register(
    Connector(
        name="youtube",
        description="YouTube Data API v3: video dari pencarian atau unggahan kanal, dan "
        "komentarnya",
        platform="youtube",
        raw_format="youtube-v3",
        settings=(
            Setting("query", "kata kunci pencarian video"),
            Setting("channel", "id kanal (UC…) untuk unggahan kanal"),
            Setting("comments", "ambil juga komentar video baru", True),
            Setting("daily_units", "kuota harian proyek Google (bawaan 10000 unit)"),
        ),
        check=_check,
        target=lambda c: f"«{c['query']}»" if c.get("query") else f"kanal {c.get('channel', '')}",
        collect=_collect,
        default_interval=30,
        politeness=0.5,
        secret="kunci API (API key) Google",
        secret_required=True,
    )
)
