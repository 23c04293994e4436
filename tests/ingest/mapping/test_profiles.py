"""Every shipped profile on a small file in its tool's documented shape: recognised from the
header, imported with the right fields; and the profiles' documentation."""

from __future__ import annotations

import csv
import re
from datetime import datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from pantau.ingest.mapping.profiles import shipped_profiles

from .conftest import FILES, Importer

DOC = Path(__file__).parents[3] / "docs" / "formats" / "profiles.md"


def recognised(importer: Importer, path: Path, profile: str, read: int) -> dict[str, dict]:
    plan, summary = importer.run(path)
    assert (plan.how, plan.profile) == ("dikenali", profile)
    assert (summary.read, summary.rejected, summary.profile) == (read, 0, profile)
    return importer.posts()


def test_brandwatch_mentions_export(importer: Importer) -> None:
    posts = recognised(importer, FILES / "brandwatch.csv", "brandwatch", 4)
    tweet = posts["1860000000000000001"]  # the X id read from the permalink
    assert (tweet["platform"], tweet["author"], tweet["likes"], tweet["reposts"]) == (
        "x",
        "budi_tani",
        3,
        1,
    )
    assert tweet["created_at"] == datetime(2026, 11, 17, 1, 15, 2)  # WIB, stored as UTC
    assert (tweet["hashtags"], tweet["mentions"], tweet["views"]) == (
        ["PupukLangka"],
        ["kementan"],
        1500,
    )
    news = posts["https://warta.example.id/ekonomi/kartu-tani"]
    assert (news["platform"], news["title"]) == ("news", "Kartu Tani Digital diluncurkan")
    assert news["text"].startswith("Jakarta — Pemerintah")  # the snippet when no full text
    assert posts["https://instagram.com/p/C1abcDEF"]["likes"] == 25
    assert posts["https://forum.example.id/t/pupuk-langka/77"]["platform"] == "other"


def test_talkwalker_results_export(importer: Importer) -> None:
    posts = recognised(importer, FILES / "talkwalker.csv", "talkwalker", 3)
    tweet = posts["1860000000000000001"]
    assert (tweet["platform"], tweet["author"], tweet["created_at"]) == (
        "x",
        "budi_tani",
        datetime(2026, 11, 17, 1, 15, 2),  # epoch milliseconds
    )
    assert posts["https://warta.example.id/ekonomi/kartu-tani"]["platform"] == "news"
    video = posts["dQw4w9WgXcQ"]
    assert (video["platform"], video["views"], video["replies"]) == ("youtube", 15000, 12)


def test_meltwater_export_in_utf16_with_tabs(importer: Importer, tmp_path: Path) -> None:
    path = tmp_path / "meltwater.csv"
    header = [
        "Date", "Headline", "URL", "Opening Text", "Hit Sentence", "Source", "Influencer",
        "Country", "Language", "Reach", "Engagement", "Sentiment", "Keywords", "Tweet Id",
        "Twitter Id", "Twitter Screen Name", "User Profile Url", "Twitter Followers",
        "Alternate Date Format", "Time",
    ]  # fmt: skip
    rows = [
        [
            "17-Nov-2026 08:15AM", "Harga pupuk naik lagi", "https://twitter.com/budi_tani/status/1860000000000000001",
            "", "Harga pupuk naik lagi, gak masuk akal #PupukLangka", "Twitter", "@budi_tani",
            "Indonesia", "Indonesian", "120", "4", "Negative", "pupuk", "1860000000000000001",
            "998877", "budi_tani", "https://twitter.com/budi_tani", "120", "Nov 17, 2026",
            "08:15 AM",
        ],
        [
            "17-Nov-2026 10:02AM", "Kartu Tani Digital diluncurkan", "https://warta.example.id/ekonomi/kartu-tani",
            "Jakarta — Pemerintah meluncurkan Kartu Tani Digital.", "", "Warta", "Redaksi",
            "Indonesia", "Indonesian", "50000", "0", "Neutral", "pupuk", "", "", "", "", "",
            "Nov 17, 2026", "10:02 AM",
        ],
    ]  # fmt: skip
    with open(path, "w", encoding="utf-16", newline="") as f:
        csv.writer(f, delimiter="\t").writerows([header, *rows])
    posts = recognised(importer, path, "meltwater", 2)
    tweet = posts["1860000000000000001"]
    assert (tweet["platform"], tweet["author"], tweet["created_at"]) == (
        "x",
        "budi_tani",
        datetime(2026, 11, 17, 1, 15),
    )
    news = posts["https://warta.example.id/ekonomi/kartu-tani"]
    assert (news["platform"], news["title"]) == ("news", "Kartu Tani Digital diluncurkan")


def test_apify_instagram_posts(importer: Importer) -> None:
    posts = recognised(importer, FILES / "apify-instagram.json", "apify-instagram", 2)
    post = posts["3213121314151617181"]
    assert (post["platform"], post["author"], post["likes"], post["replies"]) == (
        "instagram", "kementan", 1250, 42,
    )  # fmt: skip
    assert post["media"] == [{"url": "https://scontent.cdninstagram.example/v/t51/abc.jpg"}]
    reel = posts["3213121314151617999"]
    assert (reel["likes"], reel["views"]) == (None, 8800)  # hidden likes (-1) are unknown


def test_apify_tiktok_videos(importer: Importer) -> None:
    posts = recognised(importer, FILES / "apify-tiktok.json", "apify-tiktok", 1)
    video = posts["7440000000000000001"]
    assert (video["platform"], video["author"], video["views"], video["reposts"]) == (
        "tiktok", "petani.muda", 120000, 410,
    )  # fmt: skip
    assert video["hashtags"] == ["pupuklangka", "petani"]  # from a list of objects
    assert video["created_at"] == datetime(2026, 11, 17, 3, 30)


def test_apify_facebook_page_posts(importer: Importer) -> None:
    posts = recognised(importer, FILES / "apify-facebook.json", "apify-facebook", 1)
    post = posts["1029384756473829"]
    assert (post["platform"], post["author"], post["likes"], post["reposts"]) == (
        "facebook", "KementerianPertanian", 830, 61,
    )  # fmt: skip


def test_apify_youtube_videos(importer: Importer) -> None:
    posts = recognised(importer, FILES / "apify-youtube.json", "apify-youtube", 1)
    video = posts["dQw4w9WgXcQ"]
    assert (video["platform"], video["title"], video["views"]) == (
        "youtube", "Penjelasan Lengkap Subsidi Pupuk 2027", 15000,
    )  # fmt: skip


def test_snscrape_jsonl_old_and_new_field_names(importer: Importer) -> None:
    posts = recognised(importer, FILES / "snscrape.jsonl", "snscrape", 2)
    first, reply = posts["1860000000000000001"], posts["1860000000000000002"]
    assert (first["text"], first["mentions"], first["views"]) == (
        "Harga pupuk naik lagi, gak masuk akal #PupukLangka @kementan", ["kementan"], 1500,
    )  # fmt: skip
    assert (reply["text"], reply["reply_to"]) == (  # "content" of older snscrape versions
        "@budi_tani sama, di kios kami juga kosong", "1860000000000000001",
    )  # fmt: skip


def test_twint_jsonl_with_zone_names_and_epoch_milliseconds(importer: Importer) -> None:
    posts = recognised(importer, FILES / "twint.jsonl", "twint", 2)
    first, second = posts["1860000000000000001"], posts["1860000000000000003"]
    assert first["created_at"] == datetime(2026, 11, 17, 1, 15, 2)  # "… 08:15:02 WIB"
    assert first["mentions"] == ["kementan"]  # objects of newer twint
    assert second["created_at"] == datetime(2026, 11, 17, 3, 30)  # milliseconds of older twint
    assert second["mentions"] == ["kementan"]  # plain names of older twint


def test_spreadsheet_kept_by_hand(importer: Importer, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["REKAP MONITORING MEDIA SOSIAL — NOVEMBER 2026"])
    sheet.append([])
    sheet.append(["No", "Tanggal", "Jam", "Akun", "Isi", "Tautan", "Platform", "Sentimen"])
    tweet_url = "https://x.com/budi_tani/status/1860000000000000001"
    sheet.append([1, datetime(2026, 11, 17), time(8, 15), "@budi_tani", "Pupuk langka lagi",
                  tweet_url, "Twitter", "negatif"])  # fmt: skip
    sheet.append([2, datetime(2026, 11, 17), time(9, 0), "kemenkes_ri", "Vaksin gratis",
                  "https://www.instagram.com/p/Cx1/", "IG", "positif"])  # fmt: skip
    sheet.append([3, datetime(2026, 11, 18), None, "warta.example.id", "Kartu tani",
                  "https://warta.example.id/a", "Media Online", "netral"])  # fmt: skip
    path = tmp_path / "rekap.xlsx"
    book.save(path)
    posts = recognised(importer, path, "spreadsheet-manual", 3)
    tweet = posts["1860000000000000001"]
    assert (tweet["platform"], tweet["author"], tweet["created_at"]) == (
        "x", "budi_tani", datetime(2026, 11, 17, 1, 15),
    )  # fmt: skip
    assert posts["https://instagram.com/p/Cx1"]["platform"] == "instagram"
    news = posts["https://warta.example.id/a"]
    assert (news["platform"], news["created_at"]) == ("news", datetime(2026, 11, 17, 17, 0))


def test_every_shipped_profile_is_documented_with_its_columns() -> None:
    doc = DOC.read_text("utf-8")
    for profile in shipped_profiles():
        section = doc.split(f"### `{profile.name}`", 1)
        assert len(section) == 2, profile.name
        body = section[1].split("\n### ", 1)[0]
        for source in profile.mapping.fields.values():
            for column in source.columns():
                assert f"`{column}`" in body, (profile.name, column)
        assert "written from the tool's documented columns" in body
        assert not re.search(r"\bv?\d+\.\d+(\.\d+)?\b", body), profile.name  # no version


@pytest.mark.parametrize("profile", [p.name for p in shipped_profiles()])
def test_every_shipped_profile_has_a_test_file(profile: str) -> None:
    tested = Path(__file__).read_text("utf-8")
    assert f'"{profile}"' in tested
