"""Google News search feeds: the RSS address Google News gives for a query, in Indonesian
for Indonesia (``hl=id&gl=ID&ceid=ID:id``), so a topic's words also watch national news. Each
item names its outlet (``<source url="…">``), which becomes the post's author; the title's
" - Outlet" suffix is dropped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import orjson

from pantau.errors import PantauError
from pantau.ingest.connectors import (
    Connector,
    Harvest,
    Pull,
    Setting,
    http_url,
    known_settings,
    register,
)
from pantau.ingest.connectors.rss import POLITENESS, fetch_feed
from pantau.ingest.formats import Row

BASE = "https://news.google.com"


def search_url(query: str, base: str = BASE) -> str:
    """The Google News RSS address of a query, for Indonesian news in Indonesia."""
    params = {"q": query, "hl": "id", "gl": "ID", "ceid": "ID:id"}
    return f"{base.rstrip('/')}/rss/search?{urlencode(params)}"


def _outlet(row: Row) -> None:
    if not isinstance(row.obj, dict):
        return
    source = orjson.loads(row.raw).get("source") or {}
    name, link = source.get("title"), source.get("href") or source.get("url")
    if link:
        row.obj["author"] = (urlsplit(link).hostname or "").removeprefix("www.") or None
    if name:
        row.obj["author_name"] = name
        title = row.obj.get("title") or ""
        if title.endswith(f" - {name}"):
            row.obj["title"] = title[: -len(name) - 3]


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("google-news", config, ("query", "api_base"))
    query = str(given.get("query") or "").strip()
    if not query:
        raise PantauError("sumber google-news butuh kata kunci (query)")
    checked = {"query": query}
    if given.get("api_base"):
        checked["api_base"] = http_url(given["api_base"], "api_base")
    return checked


def _collect(pull: Pull) -> Harvest:
    url = search_url(str(pull.config["query"]), str(pull.config.get("api_base") or BASE))
    rows, harvest = fetch_feed(pull, url)
    for row in rows:
        if isinstance(row, Row):
            _outlet(row)
    harvest.rows = rows
    return harvest


register(
    Connector(
        name="google-news",
        description="pencarian Google News (berita nasional untuk kata kunci)",
        platform="news",
        raw_format="feed",
        settings=(Setting("query", "kata kunci pencarian, mis. banjir jakarta"),),
        check=_check,
        target=lambda c: f"«{c.get('query', '')}»",
        collect=_collect,
        default_interval=15,
        politeness=POLITENESS,
    )
)
