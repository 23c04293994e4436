"""YouTube Data API v3, X API v2 recent search and Meta Graph API sources against a local
service serving their documented JSON shapes: mapping, pagination and positions, quota
counted and shown, the key and tokens sent in headers and never stored in an address."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, select
from tests.ingest.connectors._service import (
    NOW,
    Reply,
    collect_now,
    fixture,
    service,
    stored_posts,
)

from pantau.ingest.formats import ReadState, get_format
from pantau.ingest.sources import add_source, get_source
from pantau.records import Workspace
from pantau.store.imports import list_runs
from pantau.store.schema import channel_daily, channel_posts, channels, outreach_imports

YT = "/youtube/v3"


def test_youtube_search_videos_and_comments_with_quota_counted(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(f"{YT}/search", Reply.json(fixture("youtube_search.json")))
        svc.on(f"{YT}/videos", Reply.json(fixture("youtube_videos.json")))
        svc.on(f"{YT}/commentThreads", Reply.json(fixture("youtube_comments.json")))
        add_source(
            engine,
            workspace,
            "YT banjir",
            "youtube",
            {"query": "banjir jakarta", "comments": True, "api_base": f"{svc.base}{YT}"},
            secret="AIzaKunciRahasia",
        )
        first = collect_now(engine, workspace, "YT banjir", tmp_path)
        second = collect_now(engine, workspace, "YT banjir", tmp_path)
        search = svc.requests(f"{YT}/search")
    assert first.ok and (first.new, first.duplicate) == (3, 1)  # the comment comes twice
    assert all(s.headers["x-goog-api-key"] == "AIzaKunciRahasia" for s in svc.seen)
    assert all("AIzaKunciRahasia" not in str(s.query) for s in svc.seen)
    assert "publishedAfter" not in search[0].query
    assert search[1].query["publishedAfter"] == ["2026-11-20T01:00:00Z"]
    assert second.ok and second.new == 0
    quota = get_source(engine, workspace, "YT banjir").quota
    # search 100 + videos 1 + two comment threads, then a search that finds nothing new
    assert quota is not None and quota["used"] == 203 and quota["left"] == 10_000 - 203
    assert quota["day"] == "2026-11-19"  # 05:00 UTC is still the day before in California
    videos = {p.external_id: p for p in stored_posts(engine, workspace)}
    video = videos["vidBanjir01"]
    assert video.views == 1520 and video.likes == 87 and video.replies == 12
    assert video.title == "Banjir di Jakarta Timur pagi ini" and video.author == "UCwarga01"
    comment = videos["UgzKomentar01"]
    assert comment.reply_to == "vidBanjir01" and comment.author == "UCpenonton1"
    runs = [r for r in list_runs(engine, workspace.id) if r.format == "youtube"]
    assert runs and all("AIza" not in r.file_name for r in runs)


def test_youtube_channel_uploads_and_the_daily_quota(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(f"{YT}/channels", Reply.json(fixture("youtube_channels.json")))
        svc.on(f"{YT}/playlistItems", Reply.json(fixture("youtube_playlist.json")))
        svc.on(f"{YT}/videos", Reply.json(fixture("youtube_videos.json")))
        add_source(
            engine,
            workspace,
            "YT humas",
            "youtube",
            {"channel": "UChumas01", "daily_units": 4, "api_base": f"{svc.base}{YT}"},
            secret="AIzaKunci",
        )
        first = collect_now(engine, workspace, "YT humas", tmp_path)
        assert first.ok  # channels 1 + playlistItems 1 + videos 1
        collect_now(engine, workspace, "YT humas", tmp_path)  # playlistItems 1 (+0 videos)
        spent = collect_now(engine, workspace, "YT humas", tmp_path)  # none left: not asked
        calls = len(svc.seen)
        assert not spent.ok and spent.error_kind == "limited"
        assert "kuota harian YouTube habis" in (spent.error or "")
        # midnight Pacific time: a new day's quota
        renewed = collect_now(engine, workspace, "YT humas", tmp_path, NOW + timedelta(days=1))
    assert calls == 4 and len(svc.requests(f"{YT}/channels")) == 1
    assert spent.next_run_at == datetime(2026, 11, 20, 8, 0)  # 00:00 PST is 08:00 UTC
    assert renewed.ok
    source = get_source(engine, workspace, "YT humas")
    assert source.quota is not None and source.quota["day"] == "2026-11-20"


def test_youtube_quota_exceeded_and_bad_key(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on(f"{YT}/search", Reply.json(fixture("youtube_quota.json"), status=403))
        svc.on("/lain/search", Reply.json(fixture("youtube_badkey.json"), status=400))
        for name, base in (("Kuota", f"{svc.base}{YT}"), ("Kunci", f"{svc.base}/lain")):
            add_source(
                engine,
                workspace,
                name,
                "youtube",
                {"query": "x", "api_base": base},
                secret="AIzaKunciSalah",
            )
        quota = collect_now(engine, workspace, "Kuota", tmp_path)
        key = collect_now(engine, workspace, "Kunci", tmp_path)
    assert quota.error_kind == "limited" and "menurut Google" in (quota.error or "")
    assert get_source(engine, workspace, "Kuota").health == "limited"
    assert key.error_kind == "auth" and "kunci API YouTube tidak sah" in (key.error or "")


def test_x_recent_search_follows_next_token_and_keeps_since_id(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    path = "/2/tweets/search/recent"
    limits = {
        "x-rate-limit-limit": "450",
        "x-rate-limit-remaining": "447",
        "x-rate-limit-reset": "1795669200",
    }
    with service() as svc:
        svc.on(
            path,
            Reply.json(fixture("x_recent_1.json"), **limits),
            Reply.json(fixture("x_recent_2.json"), **limits),
            Reply.json(fixture("x_recent_empty.json"), **limits),
        )
        add_source(
            engine,
            workspace,
            "X banjir",
            "x",
            {"query": "banjir lang:id", "api_base": svc.base},
            secret="AAAAbearer",
        )
        first = collect_now(engine, workspace, "X banjir", tmp_path)
        second = collect_now(engine, workspace, "X banjir", tmp_path)
        asked = [s.query for s in svc.requests(path)]
        auth = {s.headers["authorization"] for s in svc.seen}
    assert first.ok and first.new == 4  # three tweets and the referenced original
    assert asked[1]["next_token"] == ["b26v89c19zqg8o3fpzbkk1"]
    assert "since_id" not in asked[0] and asked[2]["since_id"] == ["1859000000000000003"]
    assert second.ok and second.run_id is None  # nothing new: no import run
    assert auth == {"Bearer AAAAbearer"}
    quota = get_source(engine, workspace, "X banjir").quota
    assert quota is not None and quota["left"] == 447 and quota["limit"] == 450


def test_x_connector_and_the_x_file_importer_store_the_same_rows(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    """One code path: the page the API gives and the same page saved as a file."""
    with service() as svc:
        svc.on("/2/tweets/search/recent", Reply.json(fixture("x_recent_2.json")))
        add_source(engine, workspace, "X", "x", {"query": "q", "api_base": svc.base}, secret="t")
        collect_now(engine, workspace, "X", tmp_path)
    saved = tmp_path / "page.json"
    saved.write_bytes(fixture("x_recent_2.json"))
    rows = list(get_format("x-v2").read(ReadState(path=saved, encoding="utf-8")))
    (post,) = stored_posts(engine, workspace)
    assert len(rows) == 1 and rows[0].obj["id"] == post.external_id  # type: ignore[union-attr]
    assert post.raw_format == "x-v2" and post.author == rows[0].obj["author"]  # type: ignore[union-attr]


def test_x_stops_at_max_pages_and_goes_on_from_the_token(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    """A server that gives the same page and token forever: bounded, nothing twice."""
    page = json.loads(fixture("x_recent_1.json"))
    with service() as svc:
        svc.on("/2/tweets/search/recent", Reply.json(json.dumps(page)))
        add_source(engine, workspace, "X", "x", {"query": "q", "api_base": svc.base}, secret="t")
        first = collect_now(engine, workspace, "X", tmp_path)
        second = collect_now(engine, workspace, "X", tmp_path)
        requests = len(svc.seen)
    assert first.ok and second.ok and requests == 4  # the repeated token ends each collection
    assert (first.new, first.duplicate) == (3, 3) and (second.new, second.duplicate) == (0, 6)
    assert len(stored_posts(engine, workspace)) == 3


def test_meta_page_posts_and_insights_fill_the_owned_channel(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    with service() as svc:
        svc.on("/v21/104857600001", Reply.json(fixture("meta_page.json")))
        svc.on("/v21/104857600001/posts", Reply.json(fixture("meta_posts.json")))
        svc.on("/v21/104857600001/insights", Reply.json(fixture("meta_insights.json")))
        add_source(
            engine,
            workspace,
            "FB Diskominfo",
            "meta",
            {"page": "104857600001", "api_base": f"{svc.base}/v21"},
            secret="EAAGtokenhalaman",
        )
        first = collect_now(engine, workspace, "FB Diskominfo", tmp_path)
        second = collect_now(engine, workspace, "FB Diskominfo", tmp_path)
        headers = {s.headers["authorization"] for s in svc.seen}
    assert first.ok and first.owned and first.new == 6  # 2 posts + 4 daily values
    assert second.ok and second.new == 0
    assert headers == {"Bearer EAAGtokenhalaman"}
    with engine.connect() as conn:
        (channel,) = conn.execute(select(channels)).mappings()
        stored = {r["post_id"]: r for r in conn.execute(select(channel_posts)).mappings()}
        daily = {
            (r["metric"], str(r["date"])): r["value"]
            for r in conn.execute(select(channel_daily)).mappings()
        }
        run = (
            conn.execute(select(outreach_imports).order_by(outreach_imports.c.id))
            .mappings()
            .first()
        )
    assert channel["platform"] == "facebook" and channel["handle"] == "104857600001"
    assert channel["name"] == "Diskominfo Kota Contoh"
    post = stored["104857600001_900000000002"]
    assert (post["likes"], post["comments"], post["shares"]) == (230, 31, 14)
    assert post["post_type"] == "image"
    assert daily[("followers", "2026-11-20")] == 15262 and daily[("reach", "2026-11-19")] == 4100
    assert run is not None and run["source_id"] == get_source(engine, workspace, "FB Diskominfo").id
    assert "EAAG" not in run["file_path"]


def test_meta_instagram_account(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    with service() as svc:
        svc.on("/v21/17841400000000001", Reply.json(fixture("ig_profile.json")))
        svc.on("/v21/17841400000000001/media", Reply.json(fixture("ig_media.json")))
        svc.on("/v21/17841400000000001/insights", Reply.json(fixture("ig_insights.json")))
        add_source(
            engine,
            workspace,
            "IG",
            "meta",
            {"instagram": "17841400000000001", "api_base": f"{svc.base}/v21"},
            secret="EAAGig",
        )
        result = collect_now(engine, workspace, "IG", tmp_path)
    assert result.ok and result.new == 4  # 2 posts, reach, followers
    with engine.connect() as conn:
        (channel,) = conn.execute(select(channels)).mappings()
        kinds = {
            r["post_id"]: r["post_type"] for r in conn.execute(select(channel_posts)).mappings()
        }
    assert channel["platform"] == "instagram" and channel["handle"] == "diskominfo.contoh"
    assert kinds == {"17900000000000002": "reel", "17900000000000001": "carousel"}


def test_meta_expired_token(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    body = (
        '{"error": {"message": "Error validating access token: Session has expired", '
        '"type": "OAuthException", "code": 190, "error_subcode": 463}}'
    )
    with service() as svc:
        svc.on("/v21/1", Reply.json(body, status=400))
        add_source(
            engine,
            workspace,
            "FB",
            "meta",
            {"page": "1", "api_base": f"{svc.base}/v21"},
            secret="EAAGkedaluwarsa",
        )
        result = collect_now(engine, workspace, "FB", tmp_path)
    assert result.error_kind == "auth" and "token halaman Meta" in (result.error or "")
