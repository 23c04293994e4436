"""News and any RSS/Atom feed, read by feedparser (bad XML tolerated: the items it could read
are kept). Conditional GET with the stored ``ETag`` and ``Last-Modified``, so an unchanged
feed costs one small request; a permanent redirect moves the source to its new address.
Optionally (``full_text``, off by default) the article of each new item is fetched and its
text extracted with trafilatura, in place of the feed's summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pantau.ingest.connectors import (
    Connector,
    Harvest,
    Pull,
    Setting,
    http_url,
    known_settings,
    register,
    yes,
)
from pantau.ingest.connectors.http import SourceError
from pantau.ingest.formats import Row
from pantau.ingest.formats.feed import entry_rows, is_feed, parse_feed
from pantau.io.rejects import Reject

# trafilatura is imported by the function that extracts articles: it is slow to import and
# only sources with full_text use it.

POLITENESS = 2.0  # seconds between two requests to one news site
MAX_ARTICLES = 30  # articles fetched for their full text in one collection
SEEN = 500  # item keys remembered so an article is fetched once


def fetch_feed(pull: Pull, url: str) -> tuple[list[Row | Reject], Harvest]:
    """Fetch and read one feed from the stored position: its rows and the harvest to return
    (rows not yet in it, so a caller can adjust them first)."""
    cursor = dict(pull.cursor)
    headers = {}
    if cursor.get("etag"):
        headers["If-None-Match"] = str(cursor["etag"])
    if cursor.get("last_modified"):
        headers["If-Modified-Since"] = str(cursor["last_modified"])
    answer = pull.client.get(url, headers=headers, ok=(200, 304))
    if answer.status == 304:
        return [], Harvest(cursor=cursor, not_modified=True)
    parsed = parse_feed(answer.body)
    if not is_feed(parsed):
        kind = answer.headers.get("content-type", "").split(";")[0].strip() or "tanpa jenis"
        looks_html = b"<html" in answer.body[:2000].lower() or "html" in kind
        raise SourceError(
            "format",
            "yang diterima bukan feed RSS/Atom"
            + (" melainkan halaman HTML" if looks_html else f" ({kind})")
            + "; periksa alamat feed",
        )
    harvest = Harvest(cursor={k: v for k, v in cursor.items() if k in ("seen", "url")})
    for header, key in (("etag", "etag"), ("last-modified", "last_modified")):
        if answer.headers.get(header):
            harvest.cursor[key] = answer.headers[header]
    if answer.moved:
        harvest.cursor["url"] = answer.moved
        harvest.notes.append(f"feed pindah permanen ke {answer.moved}")
    if parsed.bozo:
        harvest.notes.append(
            f"XML feed tidak rapi ({type(parsed.get('bozo_exception')).__name__}); "
            f"{len(parsed.entries)} butir tetap terbaca"
        )
    return list(entry_rows(parsed)), harvest


def with_full_text(pull: Pull, rows: list[Row | Reject], harvest: Harvest) -> list[Row | Reject]:
    """The rows with each new item's summary replaced by its article's text. Items of earlier
    collections are left out: they are stored with their article already, which the feed's
    summary must not overwrite (and an article is fetched once)."""
    import trafilatura

    seen = list(harvest.cursor.get("seen") or [])
    before = set(seen)
    kept: list[Row | Reject] = []
    fetched = 0
    for row in rows:
        link = row.obj.get("url") if isinstance(row, Row) and isinstance(row.obj, dict) else None
        if link in before:
            continue
        kept.append(row)
        if not isinstance(row, Row) or not isinstance(row.obj, dict) or not link:
            continue
        if fetched >= MAX_ARTICLES:
            continue
        fetched += 1
        seen.append(str(link))
        try:
            page = pull.client.get(str(link))
        except SourceError as exc:
            harvest.notes.append(f"artikel {link} tidak terambil: {exc}")
            continue
        text = trafilatura.extract(page.body.decode("utf-8", "replace"), include_comments=False)
        if text:
            row.obj["text"] = text
            row.flags = [*(row.flags or []), "full_text"]
    harvest.cursor["seen"] = seen[-SEEN:]
    return kept


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("rss", config, ("url", "full_text"))
    return {"url": http_url(given.get("url"), "url feed"), "full_text": yes(given.get("full_text"))}


def _collect(pull: Pull) -> Harvest:
    url = str(pull.cursor.get("url") or pull.config["url"])
    rows, harvest = fetch_feed(pull, url)
    if rows and pull.config.get("full_text"):
        rows = with_full_text(pull, rows, harvest)
    harvest.rows = rows
    return harvest


register(
    Connector(
        name="rss",
        description="feed RSS/Atom (situs berita, blog, siaran pers)",
        platform="news",
        raw_format="feed",
        settings=(
            Setting("url", "alamat feed RSS/Atom"),
            Setting("full_text", "ambil teks lengkap artikel (trafilatura); bawaan tidak", True),
        ),
        check=_check,
        target=lambda c: str(c.get("url", "")),
        collect=_collect,
        default_interval=15,
        politeness=POLITENESS,
    )
)
