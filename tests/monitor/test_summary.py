"""Issue titles and summaries: extractive, readable, in Indonesian and English."""

from __future__ import annotations

from datetime import datetime, timedelta

from pantau.monitor.facts import PostFacts, hour_of, keys_of
from pantau.monitor.summary import (
    TITLE_LIMIT,
    clean_title,
    issue_summary,
    issue_title,
    representative,
    summary_facts,
)

T0 = datetime(2026, 11, 20, 2, 0)


def _post(i: int, text: str, author: str, **values: object) -> PostFacts:
    when = T0 + timedelta(minutes=i)
    fields = {
        "id": i,
        "created_at": when,
        "hour": hour_of(when),
        "platform": "x",
        "author": author,
        "is_repost": False,
        "sentiment": "negative",
        "engagement": i,
        "followers": 100,
        "keys": keys_of(text.lower()),
        "named": (),
        "text": text.lower(),
        "raw_text": text,
    }
    fields.update(values)
    return PostFacts(**fields)  # type: ignore[arg-type]


def test_titles_are_cleaned_of_links_mentions_emoji_and_tag_runs() -> None:
    raw = (
        "RT @budi: @kemenpantara pupuk langka lagi di Desa Sukamaju!!! 😡😡 https://t.co/x "
        "#PupukLangka #SavePetani"
    )
    assert clean_title(raw) == "Pupuk langka lagi di Desa Sukamaju!"
    assert (
        clean_title("#A #B info penting soal #kartutani hari ini")
        == "Info penting soal #kartutani hari ini"
    )
    shouting = "INFO PENTING!!! JANGAN DAFTAR KARTU TANI YANG BARU, DATA DIJUAL"
    assert clean_title(shouting) == "Info penting! jangan daftar kartu tani yang baru, data dijual"
    long = "kata " * 40
    cut = clean_title(long)
    assert len(cut) <= TITLE_LIMIT and cut.endswith("…") and "  " not in cut
    sentence = "Harga beras naik di pasar induk. " + "lalu banyak hal lain terjadi " * 5
    assert clean_title(sentence) == "Harga beras naik di pasar induk."
    assert clean_title("😡 @a https://x.y #a #b") == ""


def test_the_representative_post_covers_the_issue_and_is_not_the_institutions() -> None:
    posts = [
        _post(1, "pupuk subsidi langka di kios desa, petani antre lama", "warga1"),
        _post(2, "pupuk subsidi langka lagi, kios desa kosong, petani kecewa", "warga2"),
        _post(
            3, "pupuk subsidi langka di kios desa menurut laporan petani", "humas", engagement=999
        ),
        _post(4, "cuaca cerah hari ini", "warga3"),
    ]
    best = representative(posts, own=["@humas"])
    assert best is not None and best.author in ("warga1", "warga2")
    news = _post(
        5, "isi berita", "media.id", platform="news", headline="Petani Keluhkan Pupuk Langka"
    )
    assert issue_title([*posts, news], own=["humas"]) == "Petani Keluhkan Pupuk Langka"
    assert issue_title([], fallback="pupuk langka") == "pupuk langka"


def test_summaries_say_how_many_since_when_who_where_and_the_hoax() -> None:
    posts = [
        _post(
            i,
            f"pupuk langka di lampung tengah kata warga {i}",
            f"warga{i % 3}",
            places=("Lampung Tengah",),
        )
        for i in range(12)
    ]
    facts = summary_facts(posts, own=())
    assert facts["places"] == ["Lampung Tengah"] and facts["actors"][0]["type"] == "citizen"
    metrics = {
        "posts": 12,
        "unique_authors": 3,
        "first_post": T0.isoformat(),
        "stage": "berkembang",
        "velocity": 2.5,
        "negative_share": 0.75,
        "hoax": {"claim": "Data petani dijual", "posts": 4},
        "debunked": 2,
        **facts,
    }
    indonesian = issue_summary(metrics, "Asia/Jakarta", "id")
    assert indonesian.startswith("12 post dari 3 akun sejak")
    assert "09.00 WIB" in indonesian and "sedang naik (2,5× dalam 3 jam)" in indonesian
    assert "Lampung Tengah" in indonesian and "75% bernada negatif" in indonesian
    assert "«Data petani dijual»" in indonesian and "klarifikasi sudah beredar" in indonesian
    english = issue_summary(metrics, "Asia/Jakarta", "en")
    assert (
        english.startswith("12 posts by 3 accounts since")
        and "growing (2.5× in 3 hours)" in english
    )
    assert "known hoax" in english and "(citizen)" in english
    assert issue_summary({"posts": 0}, "Asia/Jakarta") == ""
