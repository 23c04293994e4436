"""Guessing a mapping from realistic headers, Indonesian and English, and from values."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from pantau.ingest.mapping.guess import normalise, propose
from pantau.ingest.mapping.sample import TableSample


def sample(columns: list[str], *rows: list[object]) -> TableSample:
    return TableSample("csv", False, columns, [dict(zip(columns, r, strict=True)) for r in rows])


CASES = [
    (  # a shared research dataset of Indonesian tweets: no date, no platform
        ["Tweet", "HS", "Abusive", "HS_Individual", "HS_Group"],
        [["USER pemerintah lambat urus pupuk", "1", "0", "1", "0"]],
        {"text": "Tweet"},
        ["created_at", "platform"],
    ),
    (  # the hand-kept recap
        ["Tanggal", "Akun", "Isi", "Tautan", "Platform"],
        [
            [
                "17/11/2026",
                "@budi_tani",
                "Pupuk langka lagi",
                "https://x.com/budi_tani/status/1",
                "X",
            ]
        ],
        {
            "created_at": "Tanggal",
            "author": "Akun",
            "text": "Isi",
            "url": "Tautan",
            "platform": "Platform",
        },
        [],
    ),
    (  # a humas team's monitoring sheet
        [
            "No",
            "Tanggal Posting",
            "Nama Akun",
            "Isi Postingan",
            "Link",
            "Jumlah Like",
            "Jumlah Komentar",
        ],
        [
            [
                "1",
                "17 November 2026",
                "kemenkes_ri",
                "Vaksin gratis di puskesmas",
                "https://www.instagram.com/p/Cx1/",
                "1.234",
                "56",
            ]
        ],
        {
            "created_at": "Tanggal Posting",
            "author": "Nama Akun",
            "text": "Isi Postingan",
            "url": "Link",
            "likes": "Jumlah Like",
            "replies": "Jumlah Komentar",
        },
        [],
    ),
    (  # Twitter API v1 flattened by a script
        [
            "id_str",
            "created_at",
            "user_screen_name",
            "full_text",
            "retweet_count",
            "favorite_count",
            "lang",
        ],
        [
            [
                "1860000000000000001",
                "Tue Nov 17 01:15:02 +0000 2026",
                "budi_tani",
                "Harga pupuk naik",
                "1",
                "3",
                "in",
            ]
        ],
        {
            "id": "id_str",
            "created_at": "created_at",
            "author": "user_screen_name",
            "text": "full_text",
            "reposts": "retweet_count",
            "likes": "favorite_count",
            "lang": "lang",
        },
        ["platform"],
    ),
    (  # a generic English scraper export
        ["Date", "Username", "Tweet", "Likes", "Retweets", "URL"],
        [
            [
                "2026-11-17 08:15",
                "budi_tani",
                "Harga pupuk naik",
                "3",
                "1",
                "https://twitter.com/budi_tani/status/1",
            ]
        ],
        {
            "created_at": "Date",
            "author": "Username",
            "text": "Tweet",
            "likes": "Likes",
            "reposts": "Retweets",
            "url": "URL",
        },
        [],
    ),
    (  # platform named in a "Sumber" column
        ["Waktu", "Pengguna", "Teks", "Sumber", "Sentimen"],
        [["17/11/2026 08.15", "budi", "Harga pupuk naik", "Twitter", "negatif"]],
        {"created_at": "Waktu", "author": "Pengguna", "text": "Teks", "platform": "Sumber"},
        [],
    ),
    (  # a news clipping sheet: the outlet is not a platform, the link says where it is
        ["Judul", "Tanggal Terbit", "Media", "Tautan Berita", "Ringkasan"],
        [
            [
                "Pupuk langka di Jawa Tengah",
                "17 Nov 2026",
                "Kompas.com",
                "https://www.kompas.com/a/1",
                "Petani mengeluh stok kosong.",
            ]
        ],
        {
            "title": "Judul",
            "created_at": "Tanggal Terbit",
            "url": "Tautan Berita",
            "text": "Ringkasan",
        },
        [],
    ),
    (  # lower-case English with shares and comments
        ["timestamp", "user", "text", "likes", "shares", "comments", "platform"],
        [["1794878102", "budi", "harga naik", "3", "1", "0", "facebook"]],
        {
            "created_at": "timestamp",
            "author": "user",
            "text": "text",
            "likes": "likes",
            "reposts": "shares",
            "replies": "comments",
            "platform": "platform",
        },
        [],
    ),
    (  # date and time kept in two columns
        ["Tgl", "Jam", "Akun", "Isi Konten", "Link Konten", "Platform"],
        [
            [
                datetime(2026, 11, 17),
                time(8, 15),
                "budi",
                "Harga naik",
                "https://x.com/b/status/1",
                "Twitter",
            ]
        ],
        {
            "created_at": "Tgl+Jam",
            "author": "Akun",
            "text": "Isi Konten",
            "url": "Link Konten",
            "platform": "Platform",
        },
        [],
    ),
    (  # a Facebook page export in snake case
        [
            "post_id",
            "post_text",
            "post_url",
            "posted_at",
            "page_name",
            "reactions",
            "shares",
            "comments",
        ],
        [
            [
                "1029",
                "Informasi pupuk",
                "https://www.facebook.com/p/1",
                "2026-11-17T04:00:00Z",
                "KementanRI",
                "830",
                "61",
                "95",
            ]
        ],
        {
            "id": "post_id",
            "text": "post_text",
            "url": "post_url",
            "created_at": "posted_at",
            "author": "page_name",
            "likes": "reactions",
            "reposts": "shares",
            "replies": "comments",
        },
        [],
    ),
    (  # a YouTube channel list
        ["Video Title", "Video URL", "Upload Date", "Channel", "Views", "Likes", "Comments"],
        [
            [
                "Subsidi pupuk 2027",
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                "Nov 17, 2026",
                "Kanal Tani",
                "15.000",
                "640",
                "120",
            ]
        ],
        {
            "title": "Video Title",
            "url": "Video URL",
            "created_at": "Upload Date",
            "author": "Channel",
            "views": "Views",
            "likes": "Likes",
            "replies": "Comments",
        },
        [],
    ),
    (  # columns without names: the values tell
        ["Kolom A", "Kolom B", "Kolom C", "Kolom D"],
        [
            [
                "17/11/2026 08:15",
                "@budi_tani",
                "Harga pupuk naik lagi, gak masuk akal",
                "https://x.com/budi_tani/status/1",
            ],
            [
                "17/11/2026 09:40",
                "@sari",
                "Stok di kios kami kosong sejak minggu lalu",
                "https://x.com/sari/status/2",
            ],
        ],
        {"created_at": "Kolom A", "author": "Kolom B", "text": "Kolom C", "url": "Kolom D"},
        [],
    ),
    (  # an English listening-tool style sheet
        ["Mention Date", "Author Handle", "Mention Content", "Source", "Engagement"],
        [["2026-11-17", "budi_tani", "Harga pupuk naik", "Instagram", "12"]],
        {
            "created_at": "Mention Date",
            "author": "Author Handle",
            "text": "Mention Content",
            "platform": "Source",
        },
        [],
    ),
]


@pytest.mark.parametrize(("columns", "rows", "expected", "missing"), CASES)
def test_realistic_headers(
    columns: list[str], rows: list[list[object]], expected: dict[str, str], missing: list[str]
) -> None:
    proposal = propose(sample(columns, *rows), "berkas.csv")
    chosen = {g.field: g.column for g in proposal.guesses}
    assert {f: chosen.get(f) for f in expected} == expected
    assert proposal.missing == missing
    assert proposal.ready == (not missing)


def test_each_guess_says_why_and_shows_a_value() -> None:
    columns, rows = CASES[11][0], CASES[11][1]
    proposal = propose(sample(columns, *rows), "tanpa-nama.csv")
    reasons = {g.field: g.reason for g in proposal.guesses}
    assert reasons == {
        "url": "isi: tautan",
        "created_at": "isi: tanggal",
        "author": "isi: @akun",
        "text": "isi: teks terpanjang",
    }
    assert proposal.date_style == "dd/mm/yyyy"
    data = proposal.as_dict()
    assert data["platform_from_url"] is True and data["ready"] is True
    assert data["spec"].startswith("url=")


def test_a_default_platform_or_import_time_dates_complete_a_proposal() -> None:
    columns, rows = CASES[0][0], CASES[0][1]
    proposal = propose(sample(columns, *rows), "real.csv", platform="x", date_missing="import-time")
    assert proposal.missing == [] and proposal.mapping.platform == "x"


def test_a_name_is_not_trusted_when_the_values_disagree() -> None:
    # "Tanggal" holding words, "Link" holding no links: neither is taken for what its name says
    proposal = propose(
        sample(["Tanggal", "Link", "Isi"], ["belum diisi", "lihat lampiran", "pupuk langka lagi"]),
        "x.csv",
    )
    chosen = {g.field: g.column for g in proposal.guesses}
    assert "created_at" not in chosen and "url" not in chosen


def test_header_names_are_normalised() -> None:
    assert normalise("Tanggal Posting") == "tanggal_posting"
    assert normalise("likeCount") == "like_count"
    assert normalise(" user.screen_name ") == "user_screen_name"
