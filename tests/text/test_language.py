"""Language decisions: Indonesian first, English only when clearly English."""

from __future__ import annotations

import pytest

from pantau.text.language import detect_language, detect_languages


@pytest.mark.parametrize(
    "text",
    [
        "meeting nya di-cancel, so sad bgt",
        "thank you min, sangat membantu",
        "Jalan rusak parah, tolong diperbaiki",
        "wkwk",
        "ok thanks",
        "good job pak",
    ],
)
def test_short_or_code_mixed_indonesian_is_id(text: str) -> None:
    assert detect_language(text) == "id"


def test_clear_english_is_en() -> None:
    assert detect_language("The government announced a new policy on rice prices today.") == "en"
    assert detect_language("I love this so much") == "en"


def test_malay_is_collapsed_into_indonesian() -> None:
    assert detect_language("Kerajaan akan menaikkan harga minyak esok hari") == "id"


def test_other_languages_and_no_words() -> None:
    assert detect_languages(
        ["El presidente anunció nuevas medidas económicas", "سلام عليكم", ""]
    ) == [
        "other",
        "other",
        "other",
    ]
