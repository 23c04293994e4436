from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.ingest.canonical import RecordContext, RejectRow, parse_count, parse_time, to_record
from pantau.ingest.keys import canonical_url, content_key
from pantau.io.decode import detect_encoding

JKT = ZoneInfo("Asia/Jakarta")
CTX = RecordContext(JKT, datetime(2026, 11, 20), "canonical")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.Detik.com/berita/123/?utm_source=wa&utm_medium=x&id=5#komentar",
            "https://detik.com/berita/123?id=5",
        ),
        ("http://twitter.com/budi/status/42?s=20&t=abc", "https://x.com/budi/status/42"),
        ("https://example.go.id:443/a?b=2&a=1&fbclid=zz", "https://example.go.id/a?a=1&b=2"),
        ("https://instagram.com/p/Cx1/?igsh=MTIz", "https://instagram.com/p/Cx1"),
        ("bukan url", "bukan url"),
        ("https://a.id:port/x", "https://a.id:port/x"),  # not a port: left as it is
        ("http://[2001:db8::1]:80/a/", "https://[2001:db8::1]/a"),
        ("https://a.id/x/\x0c?", "https://a.id/x"),
        ("https://a.id/x?q=\ud800", "https://a.id/x?q=%EF%BF%BD"),  # broken text, no error
    ],
)
def test_canonical_url_strips_tracking(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@given(st.from_regex(r"https://[a-z]{1,8}\.(id|com)/[a-z0-9/]{0,12}(\?[a-z]{1,4}=[a-z0-9]{0,4})?"))
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


_URL_CHARS = st.sampled_from(list("/ ?&=#:%a+;@[]\x0c\t\u00a0\u2003\ud800")) | st.characters()


@given(
    st.text(_URL_CHARS, max_size=40),
    st.sampled_from(
        ["https://a.id/", "http://www.b.com:80/x/?q=1&", "", "http://[::1]/", "https://A.id:8080"]
    ),
)
@settings(max_examples=500)
def test_canonical_url_is_idempotent_on_any_text(tail: str, head: str) -> None:
    once = canonical_url(head + tail)
    assert canonical_url(once) == once


def test_content_key_depends_on_every_part() -> None:
    base = content_key("budi", "2026-11-17T01:00:00", "harga naik")
    assert base.startswith("sha256:")
    assert base == content_key("budi", "2026-11-17T01:00:00", "harga naik")
    assert base != content_key("sari", "2026-11-17T01:00:00", "harga naik")
    assert base != content_key("budi", "2026-11-17T01:00:01", "harga naik")
    assert base != content_key("budi", "2026-11-17T01:00:00", "harga turun")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-17T08:15:02+07:00", datetime(2026, 11, 17, 1, 15, 2)),
        ("2026-11-17T01:15:02Z", datetime(2026, 11, 17, 1, 15, 2)),
        ("2026-11-17 08:15", datetime(2026, 11, 17, 1, 15)),  # naive: workspace zone (WIB)
        ("Tue, 17 Nov 2026 08:15:02 +0700", datetime(2026, 11, 17, 1, 15, 2)),
        (1_794_878_102, datetime(2026, 11, 17, 1, 15, 2)),
        (1_794_878_102_000, datetime(2026, 11, 17, 1, 15, 2)),
        (datetime(2026, 11, 17, 8, 15, 2), datetime(2026, 11, 17, 1, 15, 2)),
        (datetime(2026, 11, 17, 1, 15, 2, tzinfo=UTC), datetime(2026, 11, 17, 1, 15, 2)),
    ],
)
def test_parse_time(value: object, expected: datetime) -> None:
    assert parse_time(value, JKT) == expected


@pytest.mark.parametrize("value", ["kemarin sore", "", "2026-13-45", True, [1], float("nan")])
def test_parse_time_rejects(value: object) -> None:
    with pytest.raises(RejectRow):
        parse_time(value, JKT)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12),
        (12.0, 12),
        ("1.234", 1234),
        ("1,234,567", 1234567),
        ("15rb", 15000),
        ("1,2 jt", 1_200_000),
        ("2.5K", 2500),
        ("", None),
        (None, None),
    ],
)
def test_parse_count(value: object, expected: int | None) -> None:
    assert parse_count(value, "likes") == expected


@pytest.mark.parametrize("value", [-1, "banyak", 1.5, True, "-3", [3]])
def test_parse_count_rejects(value: object) -> None:
    with pytest.raises(RejectRow):
        parse_count(value, "likes")


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_count_roundtrips_thousands_separators(n: int) -> None:
    assert parse_count(f"{n:,}".replace(",", "."), "views") == n
    assert parse_count(str(n), "views") == n


def test_record_key_falls_back_to_url_then_content_hash() -> None:
    by_id = to_record({"platform": "X", "id": 42, "created_at": "2026-11-17", "text": "a"}, CTX, "")
    assert (by_id.platform, by_id.external_id, by_id.key_kind) == ("x", "42", "id")
    by_url = to_record(
        {
            "platform": "news",
            "created_at": "2026-11-17",
            "title": "t",
            "url": "https://a.id/b?utm_x=1",
        },
        CTX,
        "",
    )
    assert (by_url.external_id, by_url.key_kind) == ("https://a.id/b", "url")
    by_hash = to_record({"platform": "ig", "created_at": "2026-11-17", "text": "a"}, CTX, "")
    assert by_hash.key_kind == "hash" and by_hash.platform == "instagram"


def test_record_normalises_lists_and_handles() -> None:
    rec = to_record(
        {
            "platform": "x",
            "id": "1",
            "created_at": "2026-11-17",
            "text": "a",
            "author": "@budi",
            "hashtags": "#Satu, Dua",
            "mentions": '["@kominfo"]',
            "author_verified": "ya",
            "media": "https://a.id/1.jpg",
        },
        CTX,
        "",
    )
    assert rec.author == "budi"
    assert rec.hashtags == ["Satu", "Dua"]
    assert rec.mentions == ["kominfo"]
    assert rec.author_verified is True
    assert rec.media == [{"url": "https://a.id/1.jpg"}]


def test_huge_text_is_truncated_and_flagged() -> None:
    rec = to_record(
        {"platform": "x", "id": "1", "created_at": "2026-11-17", "text": "a" * 1_500_000}, CTX, ""
    )
    assert len(rec.text) == 1_000_000 and "text_truncated" in rec.flags


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("harga beras naik 😡".encode(), "utf-8"),
        ("\ufeffharga".encode(), "utf-8-sig"),
        ("harga beras".encode("utf-16"), "utf-16"),
        ("harga beras naik lagi".encode("utf-16-le"), "utf-16-le"),
        ("caf\u00e9 \u201cpenting\u201d \u2013 kabar".encode("cp1252"), "cp1252"),
    ],
)
def test_detect_encoding(data: bytes, expected: str) -> None:
    assert detect_encoding(data) == expected
