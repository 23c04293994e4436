"""The coordination evaluation: injected rings among organic background posts."""

from __future__ import annotations

import random
from pathlib import Path

from pantau.network.evaluate import (
    evaluate_coordination,
    inject_rings,
    run_coordination_evaluation,
)

WORDS = [
    "aku",
    "kamu",
    "dia",
    "hari",
    "ini",
    "besok",
    "macet",
    "hujan",
    "panas",
    "kopi",
    "nasi",
    "kerja",
    "kantor",
    "sekolah",
    "anak",
    "ibu",
    "bapak",
    "senang",
    "sedih",
    "marah",
    "takut",
    "sayang",
    "rindu",
    "pulang",
    "pergi",
    "jalan",
    "pasar",
    "harga",
    "murah",
    "mahal",
]


def _chatter(n: int, seed: int = 3) -> list[str]:
    """Invented everyday tweets (the real evaluation uses EmoT tweets)."""
    rnd = random.Random(seed)
    return [" ".join(rnd.choices(WORDS, k=rnd.randint(5, 20))) for _ in range(n)]


def test_rings_are_found_among_organic_chatter() -> None:
    result = evaluate_coordination(_chatter(3000), seed=2)
    assert result["ring_accounts"] >= 30
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9, result
    assert set(result["by_ring_kind"]) == {"copy_paste", "paraphrase", "co_repost"}
    assert result == evaluate_coordination(_chatter(3000), seed=2) | {"seconds": result["seconds"]}


def test_rings_are_seeded_and_of_three_kinds() -> None:
    rows_a, members_a = inject_rings(random.Random(5), "t", 500)
    rows_b, members_b = inject_rings(random.Random(5), "t", 500)
    assert rows_a == rows_b and members_a == members_b
    assert set(members_a.values()) == {"copy_paste", "paraphrase", "co_repost"}
    paraphrased = [r["text"] for r in rows_a if r["author"] in members_a and not r.get("repost_of")]
    assert len(set(paraphrased)) < len(paraphrased)  # copy-paste repeats a text
    # the reposts of one round fall within one minute
    rounds: dict[str, list] = {}
    for r in rows_a:
        if r.get("repost_of"):
            rounds.setdefault(r["repost_of"], []).append(r["created_at"])
    assert rounds
    assert all((max(ts) - min(ts)).total_seconds() <= 60 for ts in rounds.values())


def test_skips_without_data(tmp_path: Path) -> None:
    assert "skipped" in run_coordination_evaluation(tmp_path / "tidak-ada")
