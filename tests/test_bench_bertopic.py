"""The scoring and background helpers of ``bench/bench_bertopic.py`` (no BERTopic needed)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "bench_bertopic.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_bertopic", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cluster_belongs_to_burst_only_with_a_strict_majority(bench) -> None:
    clusters = {
        "a": [0, 0, 0, None],  # burst 0
        "b": [1, 1, None, None],  # exactly half: mixed
        "c": [None, None, 1],  # background
        "d": [0, 0, 1],  # burst 0 again
        "e": [],  # ignored
    }
    scored = bench.match_clusters(clusters, {0: 10, 1: 4, 2: 7})
    assert scored["clusters"] == 4
    assert scored["found"] == "1/3"
    assert scored["background_clusters"] == 1
    assert scored["mixed_clusters"] == 1
    by_burst = {row["burst"]: row for row in scored["per_burst"]}
    assert by_burst[0] == {"burst": 0, "posts": 10, "clusters": 2, "posts_in_its_clusters": 5}
    assert by_burst[1]["clusters"] == 0
    assert by_burst[2]["clusters"] == 0


def test_resampled_background_uses_every_text_once_then_near_copies(bench) -> None:
    texts = [f"kalimat nomor {i} tentang harga beras di pasar" for i in range(20)]
    out = bench.resample_texts(texts, 50, random.Random(3))
    assert len(out) == 50
    assert sorted(out[:20]) == sorted(texts)
    for copy in out[20:]:
        assert copy not in texts
        assert len(copy.split()) == len(texts[0].split()) - 1
    assert out == bench.resample_texts(texts, 50, random.Random(3))
