"""Real-text surges: the halves a corpus is split into and the surges built from it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from pantau.monitor.bursts import burst_of_author
from pantau.monitor.surges import build_surges, split_halves

START = datetime(2026, 11, 2)
WORDS = ("macet", "banjir", "gempa", "listrik", "sekolah")
WORDS += ("harga", "rumah", "kantor", "pasar", "jalan")


def _corpus(n: int = 3000, seed: int = 3) -> list[str]:
    """Texts of everyday words, each of ``WORDS`` used by about a hundred of them."""
    rnd = random.Random(seed)
    texts = [f"cerita nomor {i} {rnd.choice(['ya', 'lho'])}" for i in range(n)]
    for word in WORDS:
        for i in rnd.sample(range(n), rnd.randint(95, 130)):
            texts[i] += f" {word}"
    return texts


def test_halves_are_stable_disjoint_and_keep_copies_together() -> None:
    texts = [*_corpus(), "teks yang sama persis", "teks yang sama persis"]
    halves = split_halves(texts)
    assert halves == split_halves(list(texts))
    assert len(halves["dev"]) + len(halves["report"]) == len(texts)
    assert abs(len(halves["dev"]) - len(halves["report"])) < 0.1 * len(texts)
    assert any(h.count("teks yang sama persis") == 2 for h in halves.values())


def test_surges_move_real_posts_using_one_word_into_short_windows() -> None:
    texts = _corpus(5000)
    end = START + timedelta(days=7)
    rest, surges = build_surges(texts, START, end, 3, seed=5, size=(60, 90), background=(5, 50))
    again = build_surges(texts, START, end, 3, seed=5, size=(60, 90), background=(5, 50))
    assert [[p.text for p in s.posts] for s in surges] == [
        [p.text for p in s.posts] for s in again[1]
    ]
    moved = [p.text for s in surges for p in s.posts]
    assert len(rest) + len(moved) == len(texts)
    for surge in surges:
        word = surge.topic.name
        assert 60 <= len(surge.posts) <= 90
        assert all(word in p.text.split() for p in surge.posts)
        assert all(
            surge.start <= p.created_at < surge.start + timedelta(hours=3) for p in surge.posts
        )
        assert len({p.author for p in surge.posts}) == len(surge.posts)
        assert {burst_of_author(p.author) for p in surge.posts} == {surge.index}
        assert sum(1 for t in rest if word in t.split()) >= 5  # the word's usual chatter stays
    assert len({s.topic.name for s in surges}) == 3
