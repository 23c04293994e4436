"""Distinctive terms by log-odds with an informative Dirichlet prior."""

from __future__ import annotations

from pantau.text.keywords import distinctive_terms, terms_of
from pantau.text.normalize import normalize


def test_terms_skip_stopwords_and_keep_negation_and_hashtags() -> None:
    terms = terms_of(normalize("yang penting pupuk gak langka #SubsidiPupuk 😭"))
    assert "yang" not in terms
    assert "pupuk" in terms
    assert "tidak_langka" in terms
    assert "pupuk tidak_langka" in terms
    assert "#subsidipupuk" in terms
    assert not any(term.startswith("wajah") for term in terms)


def test_distinctive_terms_of_an_issue_against_background() -> None:
    issue = [
        "stok pupuk langka di kios, petani bingung",
        "pupuk subsidi langka lagi #pupuklangka",
        "petani mengeluh pupuk langka menjelang tanam",
        "harga pupuk naik, stok pupuk kosong",
    ]
    background = [
        "jalan rusak di depan pasar",
        "jadwal vaksin hari senin",
        "harga beras naik lagi",
        "petugas kelurahan ramah",
        "banjir di perumahan warga",
        "stok beras aman menjelang lebaran",
    ] * 3
    top = distinctive_terms(issue, background, top=5)
    assert top[0].term in {"pupuk", "langka", "pupuk langka"}
    assert {"pupuk", "langka"} <= {keyword.term for keyword in top}
    assert all(keyword.z > 0 for keyword in top[:3])
    shared = {k.term: k for k in distinctive_terms(issue, background, top=50, min_count=1)}
    assert shared["pupuk"].z > shared["harga"].z  # "harga" is common in the background too


def test_no_terms_for_empty_input() -> None:
    assert distinctive_terms([], ["apa saja"]) == []
