"""X API v2 recent search (``GET /2/tweets/search/recent``) with the institution's bearer
token. Every page is read by the same code as the X v2 file importer
(:func:`pantau.ingest.formats.x_api_v2.rows_of_page`), so a collected tweet and an imported
one are stored alike.

Position: ``since_id``, the newest tweet of the last complete collection. Pages come newest
first and are followed with ``next_token``; a collection that stops at ``max_pages`` keeps the
token and goes on from it next time before moving ``since_id``. A 429 waits until
``x-rate-limit-reset``; the requests left in the window are the source's quota.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
from pantau.ingest.connectors.http import SourceError, rate_quota
from pantau.ingest.formats.x_api_v2 import rows_of_page

BASE = "https://api.x.com"
FIELDS = {
    "max_results": 100,
    "tweet.fields": "created_at,author_id,public_metrics,entities,lang,referenced_tweets,"
    "note_tweet,attachments",
    "expansions": "author_id,referenced_tweets.id,attachments.media_keys",
    "user.fields": "username,name,public_metrics,verified",
    "media.fields": "url,preview_image_url,type",
}


def _check(config: Mapping[str, Any]) -> dict[str, Any]:
    given = known_settings("x", config, ("query", "api_base"))
    query = str(given.get("query") or "").strip()
    if not query:
        raise PantauError("sumber x butuh kueri pencarian (query), mis. banjir -is:retweet")
    if len(query) > 512:
        raise PantauError("kueri X paling panjang 512 huruf")
    checked = {"query": query}
    if given.get("api_base"):
        checked["api_base"] = http_url(given["api_base"], "api_base").rstrip("/")
    return checked


def _collect(pull: Pull) -> Harvest:
    base = str(pull.config.get("api_base") or BASE)
    headers = {"Authorization": f"Bearer {pull.secret or ''}"}
    cursor = dict(pull.cursor)
    harvest = Harvest(cursor=cursor)
    since_id = cursor.get("since_id")
    # a collection that stopped mid-way goes on from its token; its newest id waits till the end
    token = cursor.pop("next_token", None)
    newest = cursor.pop("pending_newest", None)
    tokens: set[str] = set()
    url = f"{base}/2/tweets/search/recent"
    for page_no in range(1, pull.max_pages + 1):
        params: dict[str, Any] = {"query": pull.config["query"], **FIELDS}
        if since_id:
            params["since_id"] = since_id
        if token:
            params["next_token"] = token
        answer = pull.client.get(url, params=params, headers=headers)
        harvest.quota = rate_quota(answer.headers) or harvest.quota
        page = answer.json()
        if not isinstance(page, dict):
            raise SourceError("format", "jawaban X API bukan objek JSON")
        meta = page.get("meta") or {}
        if "data" in page:
            harvest.rows.extend(rows_of_page(page, page_no, None))
        elif page.get("errors") and not meta:
            first = page["errors"][0] if isinstance(page["errors"], list) else page["errors"]
            raise SourceError("client", f"X API menolak kueri: {first}")
        if newest is None and meta.get("newest_id"):
            newest = str(meta["newest_id"])
        token = meta.get("next_token")
        if not token or token in tokens:
            token = None
            break
        tokens.add(str(token))
    if token:  # stopped at max_pages: continue from here next time
        cursor["next_token"], cursor["pending_newest"] = token, newest
    elif newest:
        cursor["since_id"] = newest
    return harvest


register(
    Connector(
        name="x",
        description="X API v2 pencarian terbaru (7 hari) dengan bearer token",
        platform="x",
        raw_format="x-v2",
        settings=(Setting("query", "kueri pencarian X, mis. banjir jakarta -is:retweet lang:id"),),
        check=_check,
        target=lambda c: f"«{c.get('query', '')}»",
        collect=_collect,
        default_interval=5,
        politeness=1.0,
        secret="bearer token X API",
        secret_required=True,
    )
)
