"""Institutions, officials, places, hashtags, mentions and URLs."""

from __future__ import annotations

from pantau.text.entities import EntityMatcher, extract_entities
from pantau.text.normalize import normalize


def kinds_and_names(text: str, **kwargs: object) -> list[tuple[str, str]]:
    return [(entity.kind, entity.name) for entity in extract_entities(text, **kwargs)]


def test_institution_acronyms_and_renames() -> None:
    found = extract_entities("Kominfo dan Kemenkes rapat bersama KPK")
    assert [(e.name, e.surface) for e in found] == [
        ("Kementerian Komunikasi dan Digital", "kominfo"),
        ("Kementerian Kesehatan", "kemenkes"),
        ("Komisi Pemberantasan Korupsi", "kpk"),
    ]
    assert kinds_and_names("pelayanan BPJS Kesehatan lambat") == [
        ("institution", "Badan Penyelenggara Jaminan Sosial Kesehatan")
    ]
    assert kinds_and_names("laporan ke Polri dan DPR RI") == [
        ("institution", "Kepolisian Negara Republik Indonesia"),
        ("institution", "Dewan Perwakilan Rakyat"),
    ]


def test_places_provinces_regencies_and_regional_governments() -> None:
    assert kinds_and_names("Banjir di Kab. Bandung dan Kota Bandung") == [
        ("place", "Kabupaten Bandung"),
        ("place", "Kota Bandung"),
    ]
    assert kinds_and_names("Pemprov Jabar dan Pemkot Surabaya") == [
        ("institution", "Pemerintah Provinsi Jawa Barat"),
        ("institution", "Pemerintah Kota Surabaya"),
    ]
    assert kinds_and_names("gempa di Papua Barat Daya terasa sampai Sorong")[0] == (
        "place",
        "Papua Barat Daya",
    )
    assert kinds_and_names("mudik ke Jogja") == [("place", "Kota Yogyakarta")]


def test_ambiguous_place_names_need_a_prefix() -> None:
    assert kinds_and_names("nasib malang, batu besar jatuh") == []
    assert kinds_and_names("di kota Malang") == [("place", "Kota Malang")]


def test_officials_come_from_the_workspace_list() -> None:
    officials = [("Budi Gunadi Sadikin", ["budi gunadi", "menkes bgs"]), "Khofifah Indar Parawansa"]
    found = kinds_and_names(
        "Menkes BGS dan Khofifah Indar Parawansa di Surabaya", officials=officials
    )
    assert ("official", "Budi Gunadi Sadikin") in found
    assert ("official", "Khofifah Indar Parawansa") in found
    assert kinds_and_names("Khofifah Indar Parawansa") == []  # not without the list


def test_hashtags_mentions_urls_and_mentioned_institutions() -> None:
    found = kinds_and_names("@kemkominfo cek https://x.com/a?utm_source=1 #TolakRUU")
    assert found == [
        ("mention", "@kemkominfo"),
        ("institution", "Kementerian Komunikasi dan Digital"),
        ("hashtag", "#tolakruu"),
        ("url", "https://x.com/a"),
    ]


def test_each_entity_once_per_post() -> None:
    matcher = EntityMatcher()
    found = matcher.find(normalize("KPK, KPK, dan lagi-lagi Komisi Pemberantasan Korupsi"))
    assert [e.name for e in found] == ["Komisi Pemberantasan Korupsi"]
