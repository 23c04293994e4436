"""Throughput of Pantau's text analytics on one core, printed as JSON.

Measures full enrichment, sentiment inference alone (raw text in, probabilities out), the
normaliser, and indoNLP's regex ``replace_slang`` on the same invented tweet-length posts.
Usage: python bench/bench_text.py [--posts N] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from pantau.text.classifier import LinearTextClassifier, TextModel, TrainingSettings
from pantau.text.enrich import enrich
from pantau.text.normalize import normalize
from pantau.text.sentiment import default_model_dir

SUBJECTS = [
    "pelayanan di kantor kelurahan",
    "jalan di depan pasar",
    "aplikasi pajak online",
    "bansos tahap dua",
    "harga beras",
    "antrean bpjs",
    "sinyal di desa kami",
    "petugas dukcapil",
    "pak bupati",
    "program makan bergizi gratis",
    "stok pupuk",
    "lampu jalan",
    "kominfo",
]
OPINIONS = [
    "mantaaap bgt",
    "gak jelas bgt",
    "lemot parah",
    "keren, makasih min",
    "ga bagus sama sekali",
    "cepet banget prosesnya",
    "masih rusak aja",
    "sdh diperbaiki, terima kasih",
    "mahal bgt skrg",
    "biasa aja sih",
    "kapan dibuka ya?",
    "mohon infonya min",
    "udh 3 bulan gak cair",
]
EXTRAS = [
    "",
    "",
    "",
    " 😭😭",
    " 👍",
    " 🙏🙏",
    " #TolakRUU",
    " #pupuklangka",
    " @pemkot_bdg",
    " https://example.go.id/berita?utm_source=tw",
    " wkwkwk",
    " hati2 ya",
    " masa2 sulit",
]
OPENINGS = ["", "Min, ", "Tolong ", "Wah ", "Duh ", "Alhamdulillah ", "Pak, "]


def invented_posts(count: int, seed: int = 7) -> list[str]:
    """Tweet-length posts made of invented phrases with slang, emoji, hashtags and links."""
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        parts = [
            rng.choice(OPENINGS) + rng.choice(SUBJECTS),
            rng.choice(OPINIONS),
            rng.choice(SUBJECTS) + " " + rng.choice(OPINIONS),
            rng.choice(OPINIONS),
        ]
        posts.append(", ".join(parts[: rng.randint(3, 4)]) + rng.choice(EXTRAS))
    return posts


def posts_per_second(run: Callable[[], Any], count: int, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return round(count / best, 1)


def sentiment_model(model_dir: Path | None, posts: Sequence[str]) -> tuple[TextModel, str]:
    directory = model_dir or default_model_dir() / "sentiment"
    if (directory / "model.json").exists():
        return LinearTextClassifier.load(directory), str(directory)
    rng = random.Random(3)
    labels = [rng.choice(["negative", "neutral", "positive"]) for _ in posts]
    settings = TrainingSettings(calibration_folds=2)
    model = LinearTextClassifier(settings=settings).fit(list(posts), labels)
    return model, "stand-in model trained on the benchmark posts (no default model built)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    with threadpool_limits(limits=1):
        run(args.posts, args.model)


def run(count: int, model_dir: Path | None) -> None:
    posts = invented_posts(count)
    model, model_source = sentiment_model(model_dir, posts[:3000])
    enrich(posts[:200], sentiment_model=model)  # warm caches and lazy tables

    result: dict[str, Any] = {
        "posts": count,
        "mean_chars": round(sum(map(len, posts)) / count, 1),
        "sentiment_model": model_source,
        "enrich_posts_per_s": posts_per_second(lambda: enrich(posts, sentiment_model=model), count),
        "sentiment_posts_per_s": posts_per_second(lambda: model.predict_proba(posts), count),
        "normalize_posts_per_s": posts_per_second(lambda: [normalize(p) for p in posts], count),
    }
    from indoNLP.preprocessing import replace_slang

    replace_slang(posts[0])  # compile its pattern outside the timing
    baseline = posts_per_second(lambda: [replace_slang(p) for p in posts], count, repeat=1)
    result["indonlp_replace_slang_posts_per_s"] = baseline
    result["normalize_vs_indonlp_ratio"] = round(result["normalize_posts_per_s"] / baseline, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
