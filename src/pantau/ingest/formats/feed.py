"""News items from saved RSS 2.0 / Atom / RDF feed files (parsed by feedparser)."""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

from pantau.ingest.formats import FileFormat, ReadState, Row, register
from pantau.io.rejects import Reject

# feedparser is imported inside the function that uses it, not when the CLI starts.

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _sniff(head: bytes, head_text: str, path: Path) -> bool:
    start = head_text.lstrip("\ufeff \t\r\n")[:4096].lower()
    return start.startswith("<") and ("<rss" in start or "<feed" in start or "<rdf:rdf" in start)


def strip_html(value: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if len(value) == 9 and all(isinstance(v, int) for v in value):  # time.struct_time
            return calendar.timegm(value)  # type: ignore[arg-type]  # feedparser's time.struct_time as a tuple
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def parse_feed(data: bytes) -> Any:
    """The feed as feedparser reads it (tolerant of bad XML: ``bozo`` is set, entries kept)."""
    import feedparser

    return feedparser.parse(data)


def is_feed(parsed: Any) -> bool:
    """Whether feedparser found a feed at all (an HTML page or garbage gives no entries and
    no feed version)."""
    return bool(parsed.entries) or (bool(parsed.get("version")) and not parsed.bozo)


def entry_rows(parsed: Any) -> Iterator[Row | Reject]:
    """One row per news item of a parsed feed."""
    feed = parsed.feed
    outlet_link = feed.get("link") or ""
    outlet_host = (urlsplit(outlet_link).hostname or "").removeprefix("www.")
    for n, entry in enumerate(parsed.entries, 1):
        raw = orjson.dumps(_jsonable(dict(entry))).decode()
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        if when is None:
            yield Reject(n, "butir berita tanpa tanggal terbit (pubDate/published/updated)", raw)
            continue
        link = entry.get("link")
        host = (
            outlet_host or (urlsplit(link).hostname or "").removeprefix("www.")
            if link
            else outlet_host
        )
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary", "")
        author = entry.get("author")
        yield Row(
            n,
            {
                "platform": "news",
                "id": entry.get("id") or None,
                "url": link,
                "created_at": calendar.timegm(when),
                "title": strip_html(entry.get("title", "")),
                "text": strip_html(body or ""),
                "author": host or None,
                "author_name": feed.get("title") or host or None,
                "byline": author,
            },
            raw,
        )


def _read(state: ReadState) -> Iterator[Row | Reject]:
    data = state.path.read_bytes()
    parsed = parse_feed(data)
    state.bytes_done = len(data)
    if parsed.bozo and not parsed.entries:
        yield Reject(
            0,
            f"feed tidak bisa dibaca: {parsed.get('bozo_exception')}",
            data[:500].decode("utf-8", "replace"),
        )
        return
    yield from entry_rows(parsed)


register(
    FileFormat(
        name="feed",
        description="berita dari berkas RSS 2.0 / Atom",
        raw_format="feed",
        sniff=_sniff,
        read=_read,
        priority=10,
    )
)
