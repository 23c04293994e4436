"""Bluesky and Mastodon sources against a local service serving the documented shapes of
``app.bsky.feed.searchPosts``, ``app.bsky.feed.getAuthorFeed``, ``createSession`` and
Mastodon's tag timeline and account lookup: mapping, positions, no duplicates."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from tests.ingest.connectors._service import Reply, collect_now, fixture, service, stored_posts

from pantau.ingest.sources import add_source, get_source
from pantau.records import Workspace


def test_bluesky_search_pages_until_it_reaches_what_it_saw(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = "/xrpc/app.bsky.feed.searchPosts"
    with service() as svc:
        svc.on(
            path,
            Reply.json(fixture("bluesky_search.json")),
            Reply.json(fixture("bluesky_search_2.json")),
            Reply.json(fixture("bluesky_search.json")),
        )
        add_source(
            engine, workspace, "Bsky banjir", "bluesky", {"query": "banjir", "api_base": svc.base}
        )
        first = collect_now(engine, workspace, "Bsky banjir", tmp_path)
        second = collect_now(engine, workspace, "Bsky banjir", tmp_path)
        asked = [s.query for s in svc.requests(path)]
    assert first.ok and first.new == 3 and len(asked) == 3
    assert asked[0]["q"] == ["banjir"] and asked[0]["sort"] == ["latest"]
    assert asked[1]["cursor"] == ["2"]
    assert asked[2]["since"] == ["2026-11-20T01:55:00Z"]  # newest seen, less five minutes
    assert second.ok and second.new == 0 and second.duplicate == 2
    posts = {p.author: p for p in stored_posts(engine, workspace)}
    one = posts["warga1.bsky.social"]
    assert one.platform == "bluesky" and one.likes == 11 and one.reposts == 5
    assert one.url == "https://bsky.app/profile/warga1.bsky.social/post/3lbkq2xyz01"
    assert one.hashtags == ["banjir"] and one.lang == "id"
    assert posts["warga2.bsky.social"].reply_to.endswith("3lbkq2xyz00")


def test_bluesky_author_feed_with_an_app_password_session(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(
            "/xrpc/com.atproto.server.createSession",
            Reply.json('{"accessJwt": "jwt-rahasia-123", "did": "did:plc:humas999"}'),
        )
        svc.on("/xrpc/app.bsky.feed.getAuthorFeed", Reply.json(fixture("bluesky_author.json")))
        add_source(
            engine,
            workspace,
            "Bsky humas",
            "bluesky",
            {"account": "@humas.contoh.go.id", "login": "humas.contoh.go.id", "api_base": svc.base},
            secret="app-pass-word",
        )
        result = collect_now(engine, workspace, "Bsky humas", tmp_path)
        login, feed = svc.seen
    assert result.ok and result.new == 1
    assert b"app-pass-word" in login.body
    assert feed.headers["authorization"] == "Bearer jwt-rahasia-123"
    assert feed.query["actor"] == ["humas.contoh.go.id"]
    assert get_source(engine, workspace, "Bsky humas").secret == "***"


def test_bluesky_public_search_refused_is_an_access_state(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(
            "/xrpc/app.bsky.feed.searchPosts",
            Reply.json('{"error": "Forbidden", "message": "Forbidden"}', status=403),
        )
        add_source(engine, workspace, "Bsky", "bluesky", {"query": "x", "api_base": svc.base})
        result = collect_now(engine, workspace, "Bsky", tmp_path)
    assert not result.ok and result.error_kind == "auth"
    assert "akses ditolak" in (result.error or "")
    assert get_source(engine, workspace, "Bsky").health == "auth"


def test_mastodon_tag_timeline_goes_on_after_the_newest_id(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = "/api/v1/timelines/tag/banjir"
    with service() as svc:
        svc.on(
            path,
            Reply.json(
                fixture("mastodon_tag.json"),
                **{"x-ratelimit-limit": "300", "x-ratelimit-remaining": "299"},
            ),
            Reply.json(fixture("mastodon_tag_new.json")),
        )
        add_source(
            engine, workspace, "Masto", "mastodon", {"instance": svc.base, "hashtag": "#banjir"}
        )
        first = collect_now(engine, workspace, "Masto", tmp_path)
        second = collect_now(engine, workspace, "Masto", tmp_path)
        asked = [s.query for s in svc.requests(path)]
    assert first.ok and first.new == 2 and second.new == 1
    assert "min_id" not in asked[0] and asked[1]["min_id"] == ["113520000000000002"]
    source = get_source(engine, workspace, "Masto")
    assert source.quota is not None and source.quota["left"] == 299
    posts = {p.author: p for p in stored_posts(engine, workspace)}
    host = svc.base.split("//")[1]
    rani = posts[f"rani@{host}"]
    assert rani.text == "Genangan di jalan protokol pagi ini #banjir"
    assert rani.external_id.endswith("/statuses/113520000000000002")
    assert rani.likes == 7 and rani.hashtags == ["banjir"] and rani.media
    assert posts["budi@kota.social"].mentions == ["rani"]


def test_mastodon_account_is_looked_up_once(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/api/v1/accounts/lookup", Reply.json('{"id": "77", "acct": "humas"}'))
        svc.on("/api/v1/accounts/77/statuses", Reply.json(fixture("mastodon_tag_new.json")))
        add_source(
            engine,
            workspace,
            "Masto humas",
            "mastodon",
            {"instance": svc.base, "account": "humas"},
            secret="token-baca",
        )
        collect_now(engine, workspace, "Masto humas", tmp_path)
        again = collect_now(engine, workspace, "Masto humas", tmp_path)
        lookups = svc.requests("/api/v1/accounts/lookup")
        statuses = svc.requests("/api/v1/accounts/77/statuses")
    assert again.ok and len(lookups) == 1 and len(statuses) == 2
    assert statuses[0].headers["authorization"] == "Bearer token-baca"
