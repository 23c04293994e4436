"""Each platform export read without a database: detection by a required subset of columns,
localised headers, odd encodings, Excel damage, and a reason for every row not kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pantau.errors import PantauError
from pantau.outreach.formats import ReadContext, all_formats, detect
from pantau.outreach.table import read_doc
from pantau.store.outreach_records import (
    AudienceItem,
    ChannelRef,
    DailyItem,
    Item,
    PostItem,
    RowProblem,
)

ReadExport = Callable[..., tuple[str, list[Item], list[str]]]


def posts(items: list) -> list[PostItem]:
    return [i for i in items if isinstance(i, PostItem)]


def problems(items: list) -> dict[int, str]:
    return {i.line: i.reason for i in items if isinstance(i, RowProblem)}


@pytest.mark.parametrize(
    ("name", "fmt", "encoding"),
    [
        ("meta_facebook_posts.csv", "meta_facebook_posts", "utf-8-sig"),
        ("meta_facebook_posts_id_excel.csv", "meta_facebook_posts", "cp1252"),
        ("meta_facebook_reach_daily.csv", "meta_daily", "utf-16"),
        ("meta_instagram_followers_daily.csv", "meta_daily", "utf-16-le"),
        ("meta_audience.csv", "meta_audience", "utf-16"),
        ("instagram_posts.csv", "meta_instagram_posts", "utf-8"),
        ("instagram_posts_2026_old.csv", "meta_instagram_posts", "utf-8"),
        ("x_tweets_classic_excel.csv", "x_tweets_classic", "cp1252"),
        ("x_posts.csv", "x_posts", "utf-8-sig"),
        ("x_account_overview.csv", "x_account_daily", "utf-8"),
        ("youtube/Table data.csv", "youtube_table", "utf-8"),
        ("youtube/Totals.csv", "youtube_daily", "utf-8"),
        ("youtube/Chart data.csv", "youtube_chart_by_video", "utf-8"),
        ("youtube_id/Table data.csv", "youtube_table", "utf-8-sig"),
        ("tiktok/Overview.csv", "tiktok_overview", "utf-8-sig"),
        ("tiktok/FollowerHistory.csv", "tiktok_follower_history", "utf-8-sig"),
        ("tiktok/FollowerActivity.csv", "tiktok_follower_activity", "utf-8-sig"),
        ("tiktok/FollowerGender.csv", "tiktok_follower_gender", "utf-8-sig"),
        ("tiktok/FollowerTopTerritories.csv", "tiktok_territories", "utf-8-sig"),
        ("tiktok/Content.csv", "tiktok_content", "utf-8-sig"),
        ("tiktok_id/Overview.csv", "tiktok_overview", "utf-8-sig"),
    ],
)
def test_every_fixture_is_detected(fx: Path, name: str, fmt: str, encoding: str) -> None:
    doc = read_doc((fx / name).read_bytes(), name)
    assert (detect(doc).name, doc.encoding) == (fmt, encoding)


def test_detection_needs_only_the_required_columns_in_any_order() -> None:
    text = "Reach,Something new,Publish time,Page ID,Post ID\n10,x,11/17/2026 08:15,1,2\n"
    assert detect(read_doc(text.encode(), "a.csv")).name == "meta_facebook_posts"
    without_page = "Reach,Publish time,Post ID\n10,11/17/2026 08:15,2\n"
    with pytest.raises(PantauError, match=r"tidak dikenali.*Reach, Publish time, Post ID"):
        detect(read_doc(without_page.encode(), "b.csv"))


def test_every_registered_format_describes_itself() -> None:
    names = [f.name for f in all_formats()]
    assert len(names) == len(set(names)) >= 15
    assert all(f.description and f.kind in ("posts", "daily", "audience") for f in all_formats())


def test_facebook_posts(read_export: ReadExport) -> None:
    _, items, _ = read_export("meta_facebook_posts.csv")
    found = {p.post_id: p for p in posts(items)}
    assert len(found) == 4
    photo = found["1122334455667701"]
    assert photo.channel == ChannelRef("facebook", "104523987654321", "Diskominfo Sukamaju")
    assert photo.published_at == datetime(2026, 11, 17, 1, 15)  # 08:15 WIB
    assert (photo.views, photo.reach, photo.likes, photo.comments, photo.shares) == (
        15234, 9876, 432, 37, 21
    )  # fmt: skip
    assert (photo.clicks, photo.post_type, photo.extra["negative_feedback"]) == (610, "image", 3)
    assert found["1122334455667702"].caption.startswith("Cek fakta")  # caption in Title
    assert found["1122334455667702"].post_type == "reel"
    assert found["1122334455667703"].caption.splitlines()[2] == '"Jangan percaya calo!"'
    assert "\r" not in found["1122334455667703"].caption
    assert problems(items) == {
        8: "Reach bukan angka: 'abc'",
        9: "Post ID '1.12233E+15' telah dibulatkan Excel; unduh ulang berkas aslinya dan "
        "jangan simpan ulang dari Excel",
    }


def test_facebook_posts_saved_again_by_an_indonesian_excel(read_export: ReadExport) -> None:
    _, items, _ = read_export("meta_facebook_posts_id_excel.csv")
    found = {p.post_id: p for p in posts(items)}
    culture = found["1122334455667690"]
    assert culture.caption == "Pekan Kebudayaan “Sukamaju” 2026 – hari pertama"  # cp1252
    assert culture.views == 12450  # "Impresi" lines up with today's "Views"
    assert culture.published_at == datetime(2026, 11, 13, 9, 45)  # 13/11 16.45 WIB
    assert culture.extra["negative_feedback"] == 2  # three columns summed
    assert not problems(items)


def test_meta_daily_files_name_their_metric_above_the_header(read_export: ReadExport) -> None:
    page = ChannelRef("facebook", "104523987654321")
    _, items, _ = read_export("meta_facebook_reach_daily.csv", channel=page)
    assert {i.metric for i in items} == {"reach"}
    assert (items[0].line, items[0].day, items[0].value) == (4, date(2026, 11, 11), 1520)
    ig = ChannelRef("instagram", "diskominfo.sukamaju")
    _, items, _ = read_export("meta_instagram_followers_daily.csv", channel=ig)
    assert {i.metric for i in items} == {"followers"}  # "Pengikut Instagram"
    assert [i.value for i in items][-1] == 20287


def test_meta_audience_blocks(read_export: ReadExport) -> None:
    _, items, _ = read_export("meta_audience.csv", channel=ChannelRef("facebook", "1"))
    by_dim: dict[str, dict[str, float]] = {}
    for i in items:
        assert isinstance(i, AudienceItem) and i.as_of == date(2026, 11, 20)
        by_dim.setdefault(i.dimension, {})[i.key] = i.value
    assert set(by_dim) == {"age_gender", "city", "country"}
    assert sum(by_dim["age_gender"].values()) == pytest.approx(1.0)
    assert by_dim["age_gender"]["F 25-34"] == pytest.approx(0.186)
    assert by_dim["city"]["Sukamaju, Jawa Barat, Indonesia"] == pytest.approx(0.345)
    assert by_dim["country"]["Indonesia"] == pytest.approx(0.962)


def test_instagram_posts(read_export: ReadExport) -> None:
    _, items, _ = read_export("instagram_posts.csv")
    found = {p.post_id: p for p in posts(items)}
    reel = found["17987654321000002"]
    assert reel.channel == ChannelRef("instagram", "diskominfo.sukamaju", "Diskominfo Sukamaju")
    assert (reel.views, reel.reach, reel.likes, reel.saves) == (45210, 30002, 2310, 1020)
    assert reel.published_at == datetime(2026, 11, 17, 12, 5)
    assert reel.extra["new_followers"] == 35
    assert "🇮🇩" in found["17987654321000001"].caption
    assert problems(items) == {
        7: "Account username kosong",
        8: "Publish time bukan tanggal yang sah: '31/31/2026 99:99'",
    }
    _, old, _ = read_export("instagram_posts_2026_old.csv")
    assert posts(old)[0].views == 5400 and posts(old)[0].impressions is None


def test_x_classic_recovers_ids_excel_rounded(read_export: ReadExport) -> None:
    _, items, _ = read_export("x_tweets_classic_excel.csv")
    found = {p.post_id: p for p in posts(items)}
    assert set(found) == {"1858123456789012481", "1858223456789012482", "1858323456789012483"}
    bridge = found["1858123456789012481"]
    assert bridge.channel == ChannelRef("x", "humas_sukamaju")
    assert bridge.published_at == datetime(2026, 11, 17, 1, 15)  # +0000 in the file
    assert (bridge.impressions, bridge.likes, bridge.comments, bridge.shares) == (5230, 150, 12, 45)
    assert bridge.caption.endswith("– arus lalu lintas dialihkan sementara")
    assert bridge.extra["engagements"] == 312
    assert list(problems(items)) == [5]  # no link to recover the id from


def test_x_new_export_has_days_without_time(read_export: ReadExport) -> None:
    _, items, _ = read_export("x_posts.csv")
    post = {p.post_id: p for p in posts(items)}["1858423456789012484"]
    assert (post.time_known, post.published_at) == (False, datetime(2026, 11, 18, 5, 0))
    assert (post.shares, post.saves, post.extra["sends"]) == (20, 12, 4)


def test_x_account_overview(read_export: ReadExport) -> None:
    _, items, _ = read_export("x_account_overview.csv", channel=ChannelRef("x", "humas"))
    metrics = {i.metric for i in items if isinstance(i, DailyItem)}
    assert {"impressions", "new_followers", "unfollows", "comments", "shares"} <= metrics
    assert min(i.day for i in items) == date(2026, 11, 11)


def test_youtube_table_skips_the_total_row(read_export: ReadExport) -> None:
    channel = ChannelRef("youtube", "sukamajutv")
    _, items, _ = read_export("youtube/Table data.csv", channel=channel)
    skipped = [i for i in items if isinstance(i, RowProblem)]
    assert [(s.line, s.skipped) for s in skipped] == [(2, True)]
    live = {p.post_id: p for p in posts(items)}["aB3dE5fG7hJ"]
    assert (live.views, live.impressions, live.time_known) == (6540, 80210, False)
    assert live.extra["avg_view_duration"] == 286  # 0:04:46
    assert live.extra["watch_time_hours"] == pytest.approx(520.1)
    assert live.permalink == "https://www.youtube.com/watch?v=aB3dE5fG7hJ"
    assert posts(items)[-1].caption == "Profil Desa Wisata Sukamaju, Episode 3"


def test_youtube_in_indonesian_tayangan_means_impressions(read_export: ReadExport) -> None:
    channel = ChannelRef("youtube", "sukamajutv")
    _, items, _ = read_export("youtube_id/Table data.csv", channel=channel)
    video = posts(items)[0]
    assert (video.views, video.impressions, video.extra["ctr"]) == (3100, 41000, 3.9)
    assert video.published_at.date() == date(2026, 11, 17)


def test_tiktok_dates_without_a_year(read_export: ReadExport) -> None:
    channel = ChannelRef("tiktok", "diskominfosukamaju")
    _, items, notes = read_export("tiktok/Overview.csv", channel=channel)
    assert min(i.day for i in items) == date(2026, 11, 11)
    assert any("tahun tidak tertulis" in n and "2026-11-20" in n for n in notes)
    assert {i.metric for i in items} == {"views", "profile_views", "likes", "comments", "shares"}
    _, items, _ = read_export("tiktok_id/Overview.csv", date(2027, 1, 4), channel)
    days = sorted({i.day for i in items})
    assert (days[0], days[-1]) == (date(2026, 12, 28), date(2027, 1, 3))


def test_tiktok_audience_files(read_export: ReadExport) -> None:
    channel = ChannelRef("tiktok", "diskominfosukamaju")
    _, gender, _ = read_export("tiktok/FollowerGender.csv", channel=channel)
    assert {i.key: round(i.value, 2) for i in gender} == {
        "female": 0.56,
        "male": 0.43,
        "other": 0.01,
    }
    _, places, _ = read_export("tiktok/FollowerTopTerritories.csv", channel=channel)
    assert places[0].key == "ID" and places[0].value == pytest.approx(0.93)
    _, activity, _ = read_export("tiktok/FollowerActivity.csv", channel=channel)
    assert len(activity) == 7 * 24
    assert {i.key for i in activity} == {f"{h:02d}" for h in range(24)}


def test_tiktok_content_names_the_account_in_the_link(read_export: ReadExport) -> None:
    _, items, _ = read_export("tiktok/Content.csv")
    video = posts(items)[0]
    assert video.channel == ChannelRef("tiktok", "diskominfosukamaju")
    assert (video.post_id, video.likes, video.views) == ("7437000000000000001", 2310, 45210)
    assert video.published_at == datetime(2026, 11, 15, 12, 2)
    assert problems(items) == {4: "Video link tidak memuat @akun/video/ID"}


def test_a_row_with_too_many_cells_is_rejected() -> None:
    text = "Date,Views\n2026-11-11,5\n2026-11-12,6,7\n"
    doc = read_doc(text.encode(), "Totals.csv")
    fmt = detect(doc)
    ctx = ReadContext(ZoneInfo("Asia/Jakarta"), date(2026, 11, 20), ChannelRef("youtube", "a"))
    items = list(fmt.items(doc, ctx))
    assert problems(items) == {3: "jumlah kolom 3, seharusnya 2"}
