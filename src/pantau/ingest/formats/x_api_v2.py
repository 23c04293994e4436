"""Responses of the X (Twitter) API v2: ``data`` with ``includes.users``/``tweets``/``media``.

Accepts one response object, a JSON array of responses, or JSON Lines with one response per
line (what a paginating collector writes). Referenced tweets found in ``includes.tweets`` are
imported too, flagged ``referenced``, so an original is there beside its reposts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.decode import REPLACED, decode_bytes
from pantau.io.rejects import Reject

_MARKERS = (b'"edit_history_tweet_ids"', b'"author_id"', b'"public_metrics"', b'"includes"')
_REF_FIELD = {"retweeted": "repost_of", "replied_to": "reply_to", "quoted": "quote_of"}


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    stripped = head_text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    compact = head.replace(b" ", b"")
    return b'"data":' in compact and any(m in head for m in _MARKERS)


def tweet_to_canonical(tweet: dict, users: dict[str, dict], media: dict[str, dict]) -> dict:
    """Canonical post fields for one v2 tweet object."""
    user = users.get(str(tweet.get("author_id")), {})
    metrics = tweet.get("public_metrics") or {}
    entities = tweet.get("entities") or {}
    note = tweet.get("note_tweet") or {}
    post: dict = {
        "platform": "x",
        "id": tweet.get("id"),
        "created_at": tweet.get("created_at"),
        "text": note.get("text") or tweet.get("text"),
        "lang": tweet.get("lang"),
        "likes": metrics.get("like_count"),
        "reposts": metrics.get("retweet_count"),
        "replies": metrics.get("reply_count"),
        "views": metrics.get("impression_count"),
        "hashtags": [h.get("tag") for h in entities.get("hashtags", []) if h.get("tag")] or None,
        "mentions": [m.get("username") for m in entities.get("mentions", []) if m.get("username")]
        or None,
    }
    if user:
        user_metrics = user.get("public_metrics") or {}
        post["author"] = user.get("username")
        post["author_name"] = user.get("name")
        post["author_followers"] = user_metrics.get("followers_count")
        post["author_verified"] = user.get("verified")
        if user.get("username") and tweet.get("id"):
            post["url"] = f"https://x.com/{user['username']}/status/{tweet['id']}"
    for ref in tweet.get("referenced_tweets") or []:
        field = _REF_FIELD.get(ref.get("type"))
        if field and ref.get("id"):
            post[field] = ref["id"]
    keys = (tweet.get("attachments") or {}).get("media_keys") or []
    items = []
    for key in keys:
        m = media.get(key)
        if m:
            items.append({"type": m.get("type"), "url": m.get("url") or m.get("preview_image_url")})
    if items:
        post["media"] = items
    return post


def rows_of_page(page: object, line: int, flags: list[str] | None) -> Iterator[Row | Reject]:
    """The tweets of one response page (and the referenced tweets it includes) as rows."""
    if not isinstance(page, dict):
        yield Reject(line, "respons X API harus objek JSON", orjson.dumps(page).decode()[:2000])
        return
    data = page.get("data")
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        errors = page.get("errors")
        reason = "respons tanpa 'data'" + (
            f" (galat API: {errors[0].get('detail') or errors[0]})" if errors else ""
        )
        yield Reject(line, reason, orjson.dumps(page).decode()[:2000])
        return
    includes = page.get("includes") or {}
    users = {str(u.get("id")): u for u in includes.get("users", []) if isinstance(u, dict)}
    media = {
        m["media_key"]: m
        for m in includes.get("media", [])
        if isinstance(m, dict) and isinstance(m.get("media_key"), str)
    }
    seen: set[str] = set()
    for group, extra in ((data, None), (includes.get("tweets", []), "referenced")):
        for tweet in group:
            if not isinstance(tweet, dict):
                yield Reject(line, "tweet harus objek JSON", orjson.dumps(tweet).decode()[:2000])
                continue
            tid = str(tweet.get("id"))
            if extra and tid in seen:
                continue
            seen.add(tid)
            if not tweet.get("created_at"):
                yield Reject(
                    line,
                    f"tweet {tid} tanpa created_at (minta tweet.fields=created_at)",
                    orjson.dumps(tweet).decode(),
                )
                continue
            user = users.get(str(tweet.get("author_id")))
            raw = orjson.dumps({"tweet": tweet, "user": user}).decode()
            row_flags = list(flags or [])
            if extra:
                row_flags.append(extra)
            yield Row(line, tweet_to_canonical(tweet, users, media), raw, row_flags or None)


def _read(state: ReadState) -> Iterator[Row | Reject]:
    data = state.path.read_bytes()
    text, replaced = decode_bytes(data, state.encoding)
    flags = [REPLACED] if replaced else None
    text = text.lstrip("\ufeff")
    try:
        whole = orjson.loads(text)
    except orjson.JSONDecodeError:
        whole = None
    if whole is not None:
        pages = whole if isinstance(whole, list) else [whole]
        for i, page in enumerate(pages, 1):
            yield from rows_of_page(page, i, flags)
        state.bytes_done = len(data)
        return
    consumed = 0
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        consumed += len(line)
        state.bytes_done = min(consumed, len(data))
        if not line.strip():
            continue
        try:
            page = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield Reject(n, f"JSON tidak sah: {exc}", line.strip()[:2000])
            continue
        yield from rows_of_page(page, n, flags)


register(
    FileFormat(
        name="x-v2",
        description="respons X API v2 (data + includes), satu objek atau JSON Lines",
        raw_format="x-v2",
        sniff=_sniff,
        read=_read,
        priority=20,
    )
)
