"""Mastodon (and compatible servers) through the documented REST API: a hashtag's public
timeline (``/api/v1/timelines/tag/:hashtag``) or an account's posts (``/api/v1/accounts/
lookup`` then ``/api/v1/accounts/:id/statuses``). Public timelines need no token on most
servers; a server that asks for one gets the access token given as the secret.

Position: the newest status id seen; the next collection asks for what came right after it
(``min_id``), page by page, so nothing in between is skipped. A post's key is its ``uri``,
which is the same on every server.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import orjson

from pantau.errors import PantauError
from pantau.ingest.connectors import (
    Connector,
    Harvest,
    Pull,
    Setting,
    http_url,
    known_settings,
    one_of,
    register,
)
from pantau.ingest.connectors.http import SourceError, rate_quota
from pantau.ingest.formats import Row
from pantau.io.rejects import Reject

PAGE = 40  # the most a Mastodon timeline gives per request
_BREAK = re.compile(r"<br\s*/?>|</p>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(content: str) -> str:
    """A status's HTML as text: line and paragraph breaks become spaces, inline markup
    (hashtag and mention links) goes without a trace, so ``#<span>banjir</span>`` stays
    ``#banjir``."""
    return " ".join(html.unescape(_TAG.sub("", _BREAK.sub(" ", content))).split())


def status_to_canonical(status: Mapping[str, Any], server: str) -> dict[str, Any]:
    """Canonical post fields of one Mastodon ``Status``; ``server`` completes local handles."""
    account = status.get("account") or {}
    acct = str(account.get("acct") or "")
    if acct and "@" not in acct:
        acct = f"{acct}@{server}"
    shown = status.get("reblog") or status
    post: dict[str, Any] = {
        "platform": "mastodon",
        "id": status.get("uri") or status.get("url"),
        "url": status.get("url") or status.get("uri"),
        "created_at": status.get("created_at"),
        "text": plain_text(str(shown.get("content") or ""))
        or plain_text(str(shown.get("spoiler_text") or "")),
        "lang": status.get("language"),
        "author": acct or None,
        "author_name": account.get("display_name") or None,
        "author_followers": account.get("followers_count"),
        "likes": status.get("favourites_count"),
        "reposts": status.get("reblogs_count"),
        "replies": status.get("replies_count"),
    }
    if status.get("reblog"):
        post["repost_of"] = status["reblog"].get("uri")
    if status.get("in_reply_to_id"):
        post["reply_to"] = f"{server}:{status['in_reply_to_id']}"
    tags = [t.get("name") for t in shown.get("tags") or [] if t.get("name")]
    if tags:
        post["hashtags"] = tags
    mentions = [m.get("acct") for m in shown.get("mentions") or [] if m.get("acct")]
    if mentions:
        post["mentions"] = mentions
    media = [
        {"type": m.get("type"), "url": m.get("url")}
        for m in shown.get("media_attachments") or []
        if m.get("url")
    ]
    if media:
        post["media"] = media
    return post


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("mastodon", config, ("instance", "hashtag", "account"))
    which = one_of(given, ("hashtag", "account"), "sumber mastodon")
    instance = str(given.get("instance") or "").strip()
    if not instance:
        raise PantauError("sumber mastodon butuh alamat server (instance), mis. mastodon.social")
    if "://" not in instance:
        instance = f"https://{instance}"
    value = str(given[which]).strip().lstrip("#" if which == "hashtag" else "@")
    return {"instance": http_url(instance, "instance").rstrip("/"), which: value}


def _account_id(pull: Pull, base: str, headers: dict[str, str]) -> str:
    known = pull.cursor.get("account_id")
    if known:
        return str(known)
    found = pull.client.get(
        f"{base}/api/v1/accounts/lookup", params={"acct": pull.config["account"]}, headers=headers
    ).json()
    if not isinstance(found, dict) or not found.get("id"):
        raise SourceError("format", "jawaban accounts/lookup tanpa id akun")
    return str(found["id"])


def _collect(pull: Pull) -> Harvest:
    base = str(pull.config["instance"])
    server = urlsplit(base).netloc
    headers = {"Authorization": f"Bearer {pull.secret}"} if pull.secret else {}
    harvest = Harvest(cursor=dict(pull.cursor))
    if pull.config.get("hashtag"):
        endpoint = f"{base}/api/v1/timelines/tag/{quote(str(pull.config['hashtag']))}"
    else:
        account = _account_id(pull, base, headers)
        harvest.cursor["account_id"] = account
        endpoint = f"{base}/api/v1/accounts/{account}/statuses"
    newest = pull.cursor.get("newest_id")
    for page_no in range(1, pull.max_pages + 1):
        params: dict[str, Any] = {"limit": PAGE}
        if newest:
            params["min_id"] = newest
        answer = pull.client.get(endpoint, params=params, headers=headers)
        harvest.quota = rate_quota(answer.headers) or harvest.quota
        page = answer.json()
        if not isinstance(page, list):
            raise SourceError("format", "jawaban timeline Mastodon bukan daftar status")
        ids = []
        for status in page:
            raw = orjson.dumps(status).decode()
            if not isinstance(status, dict) or not status.get("id"):
                harvest.rows.append(Reject(page_no, "status Mastodon tanpa id", raw))
                continue
            ids.append(str(status["id"]))
            harvest.rows.append(Row(page_no, status_to_canonical(status, server), raw))
        if not ids:
            break
        top = max(ids, key=lambda i: (len(i), i))  # ids are numbers written as text
        if newest and (len(top), top) <= (len(str(newest)), str(newest)):
            break  # the server ignored min_id: nothing newer
        newest = top
        if len(page) < PAGE or not pull.cursor.get("newest_id"):
            break  # all caught up; or the first collection, which takes the latest page only
    if newest:
        harvest.cursor["newest_id"] = newest
    return harvest


register(
    Connector(
        name="mastodon",
        description="Mastodon: linimasa tagar atau post sebuah akun",
        platform="mastodon",
        raw_format="mastodon",
        settings=(
            Setting("instance", "alamat server, mis. mastodon.social"),
            Setting("hashtag", "tagar tanpa #"),
            Setting("account", "akun, mis. kemkominfo@mastodon.social"),
        ),
        check=_check,
        target=lambda c: (
            f"#{c['hashtag']} di {c.get('instance', '')}"
            if c.get("hashtag")
            else f"@{c.get('account', '')} di {c.get('instance', '')}"
        ),
        collect=_collect,
        default_interval=5,
        politeness=1.0,
        secret="access token (bila server meminta)",
    )
)
