"""Normalisation rules on real Indonesian social-media phrasing."""

from __future__ import annotations

import pytest

from pantau.text.normalize import MAX_ANALYSED_CHARS, canonical_url, normalize, split_hashtag


@pytest.mark.parametrize("negator", ["gak", "ga", "nggak", "enggak", "tdk", "tak", "belum"])
def test_negators_become_tidak_and_fuse_with_the_next_word(negator: str) -> None:
    result = normalize(f"Pelayanannya {negator} bagus")
    assert result.text == "pelayanannya tidak bagus"
    assert result.tokens == ("pelayanannya", "tidak_bagus")
    assert result.has_negation


def test_negated_and_plain_word_differ_in_tokens() -> None:
    assert "bagus" in normalize("bagus banget").tokens
    assert "bagus" not in normalize("gak bagus banget").tokens


def test_common_slang_and_abbreviations() -> None:
    assert normalize("yg penting bgt dgn cepat").text == "yang penting banget dengan cepat"
    assert normalize("gpp kok").text == "tidak apa-apa kok"


def test_elongation_collapses_but_real_double_letters_stay() -> None:
    assert normalize("mantaaap").text == "mantap"
    assert normalize("bangettt kereeen").text == "banget keren"
    assert normalize("saat ini maaf").text == "saat ini maaf"
    assert normalize("gakkk").text == "tidak"


def test_reduplication_with_two() -> None:
    assert normalize("masa2 sulit, hati2 di jalan").text == "masa-masa sulit hati-hati di jalan"
    assert normalize("kata2nya").text == "kata-katanya"


@pytest.mark.parametrize("laugh", ["wkwk", "wkwkwk", "wkwkwkwk", "hahaha", "hehehe"])
def test_laughter_is_one_token(laugh: str) -> None:
    assert normalize(f"lucu {laugh}").tokens == ("lucu", "haha")


def test_hashtags_are_split_and_kept() -> None:
    result = normalize("Ayo #TolakRUU dan #pupuklangka #RUUCiptaker")
    assert result.hashtags == ("#tolakruu", "#pupuklangka", "#ruuciptaker")
    assert result.text == "ayo tolak ruu dan pupuk langka ruu ciptaker"
    assert split_hashtag("jalanrusak") == ["jalan", "rusak"]
    assert split_hashtag("xqzv") == ["xqzv"]


def test_mentions_and_urls_leave_the_text() -> None:
    result = normalize("@Kominfo cek https://www.Example.go.id/a/?utm_source=tw&id=3&fbclid=z#x.")
    assert result.mentions == ("@kominfo",)
    assert result.urls == ("https://example.go.id/a?id=3",)
    assert result.text == "cek"
    assert "email" not in normalize("kirim ke info@kominfo.go.id").mentions


def test_canonical_url_drops_tracking_and_fragment() -> None:
    assert canonical_url("HTTP://WWW.Site.id:80/p/?si=abc&igsh=1&q=2#top") == "http://site.id/p?q=2"
    assert canonical_url("www.site.id") == "https://site.id"


def test_emoji_become_indonesian_words() -> None:
    result = normalize("capek 😭👍🏽")
    assert result.emojis == ("😭", "👍")
    assert result.text == "capek wajah_menangis_keras jempol_ke_atas"


def test_code_mixed_english_words_are_not_mangled() -> None:
    assert normalize("meeting nya di-cancel, so sad bgt").text == (
        "meeting nya di-cancel so sad banget"
    )


def test_javanese_and_sundanese_negation() -> None:
    assert normalize("ora iso").tokens == ("tidak_iso",)
    assert normalize("mboten wonten").text == "tidak wonten"
    assert normalize("teu acan").text == "tidak acan"
    assert normalize("geulis pisan").text == "cantik sekali"


def test_institution_rename() -> None:
    assert normalize("Kominfo dan Kemkominfo lemot").text == "komdigi dan komdigi lambat"
    assert normalize("kemendikbud").text == "kemendikdasmen"


def test_original_text_is_not_changed() -> None:
    original = "Mantaaap bgt #TolakRUU"
    copy = str(original)
    normalize(original)
    assert original == copy


def test_bad_input_is_flagged_not_raised() -> None:
    assert normalize("").flags == {"empty"}
    assert "emoji_only" in normalize("😂😂").flags
    huge = normalize("bagus " * 200_000)
    assert "truncated" in huge.flags
    assert len(huge.text) <= MAX_ANALYSED_CHARS
    broken = normalize("bagus \ud800 sekali")
    assert "invalid_unicode" in broken.flags
    assert broken.text == "bagus sekali"
    html = normalize("<p>Harga&nbsp;beras <b>naik</b></p><script>x()</script>")
    assert html.text == "harga beras naik"
    assert "html" in html.flags
    mixed = normalize("selamat 你好 سلام")
    assert "non_latin" in mixed.flags


def test_normalize_is_idempotent_on_its_output() -> None:
    first = normalize("Gak bgt deh, mantaaap wkwk masa2")
    assert normalize(first.text).text == first.text


def test_a_word_means_the_same_whatever_was_normalised_before() -> None:
    """Tokens are remembered as they are mapped; that memory must not change later answers."""
    from pantau.text import normalize as module

    fresh = normalize("#bansostelat dan bansostelat").text
    normalize("bansostelat kartutanigagal mantaaap")  # now remembered as plain tokens
    module._HASHTAG_MEMO.clear()
    assert normalize("#bansostelat dan bansostelat").text == fresh
    assert normalize("#kartutanigagal").text == "kartu tani gagal"
