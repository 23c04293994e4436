"""Shipped word lists: provenance-checked against their sources when those are installed."""

from __future__ import annotations

import re

import pytest

from pantau.text import resources


def test_slang_table_matches_indonlp_where_the_project_does_not_override() -> None:
    indonlp = pytest.importorskip("indoNLP.preprocessing")
    overrides = {
        key
        for name in ("slang_pantau.tsv", "regional_words.tsv")
        for key, _ in resources.data_rows(name)
    }
    table = resources.slang_table()
    for key, value in indonlp.SLANG_DATA.items():
        key = key.replace("\\", "").strip()
        if key in overrides or not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key) or key == value:
            continue
        assert table[key] == value.strip()


def test_english_words_indonlp_maps_to_indonesian_are_removed() -> None:
    table = resources.slang_table()
    for word in ("in", "to", "so", "it", "or"):
        assert word not in table


def test_regions_list_has_all_provinces_and_regencies() -> None:
    rows = list(resources.data_rows("regions.tsv"))
    kinds = [row[1] for row in rows]
    assert kinds.count("provinsi") == 38
    assert kinds.count("kabupaten") + kinds.count("kota") == 514


def test_lexicon_emoji_names_exist_in_the_emoji_table() -> None:
    names = set(resources.emoji_names().values())
    for name in ("emotion_lexicon.tsv", "sentiment_lexicon.tsv"):
        for entry, _label in resources.data_rows(name):
            if "_" in entry:
                assert entry in names, entry


def test_segmentation_vocabulary_has_root_words() -> None:
    known = resources.known_words()
    assert {"pupuk", "langka", "tolak", "ruu", "saat", "maaf"} <= known
