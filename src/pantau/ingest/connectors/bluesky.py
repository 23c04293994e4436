"""Bluesky through its documented public XRPC endpoints: ``app.bsky.feed.searchPosts``
(a query, newest first) and ``app.bsky.feed.getAuthorFeed`` (an account's posts). Without a
login the public AppView answers (``public.api.bsky.app``); where it asks for one, a handle
and an app password (``login`` and the secret) open a session on ``bsky.social`` first.

Position: the newest post time seen. Pages are read newest first until a page reaches it (or
``max_pages``); a search also asks the server for posts ``since`` then.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
from pantau.ingest.formats import Row
from pantau.io.rejects import Reject

PUBLIC = "https://public.api.bsky.app"
SERVICE = "https://bsky.social"
PAGE = 100


def post_to_canonical(view: Mapping[str, Any]) -> dict[str, Any]:
    """Canonical post fields of one ``app.bsky.feed.defs#postView``."""
    author = view.get("author") or {}
    record = view.get("record") or {}
    uri = str(view.get("uri") or "")
    handle = author.get("handle")
    post: dict[str, Any] = {
        "platform": "bluesky",
        "id": uri or None,
        "created_at": record.get("createdAt") or view.get("indexedAt"),
        "text": record.get("text") or "",
        "lang": (record.get("langs") or [None])[0],
        "author": handle,
        "author_name": author.get("displayName") or None,
        "likes": view.get("likeCount"),
        "reposts": view.get("repostCount"),
        "replies": view.get("replyCount"),
    }
    if handle and uri:
        post["url"] = f"https://bsky.app/profile/{handle}/post/{uri.rsplit('/', 1)[-1]}"
    parent = ((record.get("reply") or {}).get("parent") or {}).get("uri")
    if parent:
        post["reply_to"] = parent
    embed = record.get("embed") or {}
    quoted = (embed.get("record") or {}).get("uri") or (
        ((embed.get("record") or {}).get("record") or {}).get("uri")
    )
    if quoted:
        post["quote_of"] = quoted
    tags = [
        f.get("tag")
        for facet in record.get("facets") or []
        for f in facet.get("features") or []
        if f.get("$type") == "app.bsky.richtext.facet#tag" and f.get("tag")
    ]
    if tags:
        post["hashtags"] = tags
    return post


def _views(page: Mapping[str, Any], author_feed: bool) -> list[Mapping[str, Any]]:
    if author_feed:
        items = page.get("feed")
        if not isinstance(items, list):
            raise SourceError("format", "jawaban getAuthorFeed tanpa daftar 'feed'")
        # reposts of others' posts are the account's activity too; the post is theirs
        return [i.get("post") or {} for i in items if isinstance(i, dict)]
    posts = page.get("posts")
    if not isinstance(posts, list):
        raise SourceError("format", "jawaban searchPosts tanpa daftar 'posts'")
    return [p for p in posts if isinstance(p, dict)]


def _rows(views: list[Mapping[str, Any]], line: int) -> Iterator[Row | Reject]:
    for view in views:
        raw = orjson.dumps(view).decode()
        if not isinstance(view.get("record"), dict):
            yield Reject(line, "post Bluesky tanpa 'record'", raw)
            continue
        yield Row(line, post_to_canonical(view), raw)


def _session(pull: Pull) -> tuple[str, dict[str, str]]:
    """The base address and headers: the public AppView, or a session opened with the
    account's app password."""
    login = pull.config.get("login")
    if not login:
        return str(pull.config.get("api_base") or PUBLIC), {}
    base = str(pull.config.get("api_base") or SERVICE)
    answer = pull.client.post_json(
        f"{base}/xrpc/com.atproto.server.createSession",
        {"identifier": login, "password": pull.secret or ""},
    )
    token = answer.json().get("accessJwt")
    if not token:
        raise SourceError("format", "createSession tidak memberi accessJwt")
    pull.client.secrets.append(str(token))
    return base, {"Authorization": f"Bearer {token}"}


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("bluesky", config, ("query", "account", "login", "api_base"))
    which = one_of(given, ("query", "account"), "sumber bluesky")
    checked = {which: str(given[which]).strip().lstrip("@")}
    if given.get("login"):
        checked["login"] = str(given["login"]).strip().lstrip("@")
    if given.get("api_base"):
        checked["api_base"] = http_url(given["api_base"], "api_base").rstrip("/")
    return checked


def _collect(pull: Pull) -> Harvest:
    if pull.config.get("login") and not pull.secret:
        raise SourceError("auth", "login Bluesky butuh app password sebagai rahasia")
    base, headers = _session(pull)
    author_feed = bool(pull.config.get("account"))
    if author_feed:
        endpoint = f"{base}/xrpc/app.bsky.feed.getAuthorFeed"
        params: dict[str, Any] = {"actor": pull.config["account"], "limit": PAGE}
    else:
        endpoint = f"{base}/xrpc/app.bsky.feed.searchPosts"
        params = {"q": pull.config["query"], "limit": PAGE, "sort": "latest"}
    newest_seen = utc_time(pull.cursor.get("newest")) if pull.cursor.get("newest") else None
    if newest_seen and not author_feed:
        params["since"] = (newest_seen - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    harvest = Harvest(cursor=dict(pull.cursor))
    newest = newest_seen
    tokens: set[str] = set()
    for page_no in range(1, pull.max_pages + 1):
        page = pull.client.get(endpoint, params=params, headers=headers).json()
        if not isinstance(page, dict):
            raise SourceError("format", "jawaban Bluesky bukan objek JSON")
        views = _views(page, author_feed)
        harvest.rows.extend(_rows(views, page_no))
        stamps = (utc_time((v.get("record") or {}).get("createdAt")) for v in views)
        times = [t for t in stamps if t]
        if times:
            newest = max([newest, *times]) if newest else max(times)
        token = page.get("cursor")
        reached = newest_seen is not None and bool(times) and min(times) <= newest_seen
        if not token or not views or reached or token in tokens:
            break
        tokens.add(str(token))
        params["cursor"] = token
    if newest:
        harvest.cursor["newest"] = newest.isoformat()
    return harvest


register(
    Connector(
        name="bluesky",
        description="Bluesky: pencarian kata kunci atau post sebuah akun (API publik)",
        platform="bluesky",
        raw_format="bluesky",
        settings=(
            Setting("query", "kata kunci pencarian"),
            Setting("account", "handle akun, mis. humas.bsky.social"),
            Setting("login", "handle untuk masuk bila API publik menolak (rahasia: app password)"),
        ),
        check=_check,
        target=lambda c: f"«{c['query']}»" if c.get("query") else f"@{c.get('account', '')}",
        collect=_collect,
        default_interval=5,
        politeness=1.0,
        secret="app password (hanya bila memakai login)",
    )
)
