"""Batch enrichment with bad input."""

from __future__ import annotations

from pantau.text.emotion import lexicon_emotion_model
from pantau.text.enrich import Enrichment, enrich
from pantau.text.sentiment import train_model


def test_enrich_fields_with_lexicon_defaults() -> None:
    [record] = enrich(["Pelayanan Kominfo gak bagus, kecewa 😡 #TolakRUU https://a.id/x?fbclid=1"])
    assert isinstance(record, Enrichment)
    assert record.language == "id"
    assert record.sentiment == "negative"
    assert record.polarity < 0
    assert record.emotion == "anger"
    assert ("institution", "Kementerian Komunikasi dan Digital", "kominfo") in record.entities
    assert record.hashtags == ("#tolakruu",)
    assert record.urls == ("https://a.id/x",)
    assert "komdigi tidak bagus" in record.normalized_text


def test_enrich_with_a_trained_model_and_officials(small_sentiment_data) -> None:
    model = train_model(small_sentiment_data)
    records = enrich(
        ["terima kasih Bu Risma, bantuannya sangat membantu", "jadwal vaksin hari senin"],
        sentiment_model=model,
        emotion_model=lexicon_emotion_model(),
        officials=[("Tri Rismaharini", ["bu risma", "risma"])],
    )
    assert [r.sentiment for r in records] == ["positive", "neutral"]
    assert ("official", "Tri Rismaharini", "bu risma") in records[0].entities
    assert 0.0 <= records[0].sentiment_score <= 1.0


def test_bad_input_does_not_break_the_batch() -> None:
    texts = [
        "",
        "😂😂😂",
        "bagus " * 200_000,
        "rusak \ud800 parah",
        "<p>Harga &amp; stok</p>",
        "你好",
    ]
    records = enrich(texts)
    assert len(records) == len(texts)
    assert records[0].flags == ("empty",) and records[0].sentiment == "neutral"
    assert "emoji_only" in records[1].flags
    assert "truncated" in records[2].flags
    assert "invalid_unicode" in records[3].flags
    assert "html" in records[4].flags and records[4].normalized_text == "harga stok"
    assert records[5].language == "other"
    assert enrich([]) == []


def test_enrich_is_idempotent() -> None:
    texts = ["Min, jalan rusak parah bgt", "mantaaap, makasih pak"]
    assert enrich(texts) == enrich(texts)
