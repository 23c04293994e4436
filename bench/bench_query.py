"""Topic query speed: prints one JSON document.

Matching: one compiled topic query against N tweet-length Indonesian documents (default
100,000), already turned into ``MatchDoc`` s, on one core; best of three runs. Target: one
topic over 100,000 documents in well under a second. Building the documents (normalising the
text, once per post for all topics) is measured separately.

    .venv/bin/python bench/bench_query.py [--docs N] [--seed S]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import time
from datetime import datetime

from pantau.monitor.query import compile_query
from pantau.monitor.topics import build_match_doc
from pantau.store.topics import PostText

TOPICAL = [
    "harga",
    "beras",
    "naik",
    "turun",
    "mahal",
    "murah",
    "langka",
    "stok",
    "aman",
    "bbm",
    "pertalite",
    "solar",
    "subsidi",
    "subsidinya",
    "pupuk",
    "petani",
    "bansos",
    "blt",
    "pkh",
    "banjir",
    "longsor",
    "gempa",
    "rob",
    "jalan",
    "rusak",
    "berlubang",
    "vaksin",
    "puskesmas",
    "sekolah",
    "guru",
    "ujian",
    "tarif",
    "bahan",
    "bakar",
    "kartu",
    "tani",
    "pemerintah",
    "menteri",
    "bupati",
    "gubernur",
    "warga",
    "desa",
    "kabupaten",
    "hoaks",
    "penipuan",
    "link",
    "antre",
    "distribusi",
    "gudang",
    "pasar",
]
CASUAL = [
    "gak",
    "ga",
    "nggak",
    "tdk",
    "tidak",
    "yg",
    "bgt",
    "udah",
    "belum",
    "kok",
    "sih",
    "dong",
    "min",
    "wkwk",
    "anjir",
    "tolong",
    "mohon",
]
PHRASES = (
    "harga beras gak naik",
    "harga beras nggak naik",
    "stok beras aman",
    "harga bbm naik lagi",
    "subsidi pupuk telat",
    "tarif bahan bakar",
)
TAGS = ("PupukLangka", "HargaBeras", "BBMNaik", "BansosTepat", "BanjirSemarang")
PLATFORMS = ("x", "x", "x", "instagram", "facebook", "tiktok", "youtube", "news")

QUERIES = {
    "one_word": "banjir",
    "boolean": "(bbm OR pertalite OR solar) AND (naik OR mahal OR langka) -hoaks",
    "phrase_slang": '"harga beras gak naik" OR "stok beras aman"',
    "near_wildcard": '(harga OR tarif) NEAR/3 (bbm OR "bahan bakar") OR subsid* NEAR/5 pupuk',
    "hashtag_field": "#pupuklangka OR (pupuk platform:tiktok) OR @kementan",
    "wildcard_only": "subsid* OR penipu*",
    "broad_not": "NOT (wkwk OR anjir)",
    "or_200_words": " OR ".join(f"kata{i}" for i in range(0, 400, 2)),
}


def synthetic_posts(n: int, seed: int) -> list[PostText]:
    """Zipf-like vocabulary (a few common words, a long tail), topical and casual words and
    phrases mixed in, hashtags and mentions now and then: roughly a week of monitored posts."""
    rnd = random.Random(seed)
    filler = [f"kata{i}" for i in range(20_000)]
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(filler))))
    created = datetime(2026, 11, 17)
    out = []
    for i in range(n):
        size = rnd.randint(12, 40)
        words = rnd.choices(filler, cum_weights=cumulative, k=size)
        for _ in range(rnd.randint(0, 4)):
            words[rnd.randrange(size)] = rnd.choice(TOPICAL)
        for _ in range(rnd.randint(0, 2)):
            words[rnd.randrange(size)] = rnd.choice(CASUAL)
        if rnd.random() < 0.03:
            words.insert(rnd.randrange(size), rnd.choice(PHRASES))
        if rnd.random() < 0.15:
            words.append(f"#{rnd.choice(TAGS)}")
        if rnd.random() < 0.05:
            words.append("@kementan")
        out.append(
            PostText(
                id=i + 1,
                platform=PLATFORMS[i % len(PLATFORMS)],
                created_at=created,
                author=f"akun_{rnd.randrange(5000):04d}",
                lang="id",
                title=None,
                text=" ".join(words),
                hashtags=None,
                mentions=None,
            )
        )
    return out


def best_of(runs: int, job) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261117)
    args = parser.parse_args()

    posts = synthetic_posts(args.docs, args.seed)
    started = time.perf_counter()
    docs = [build_match_doc(p) for p in posts]
    build_seconds = time.perf_counter() - started

    report: dict = {
        "docs": args.docs,
        "build_docs": {
            "seconds": round(build_seconds, 3),
            "docs_per_s": round(args.docs / build_seconds),
        },
        "queries": {},
    }
    for name, text in QUERIES.items():
        compile_seconds = best_of(3, lambda text=text: compile_query(text))
        matches = compile_query(text).matches
        seconds = best_of(3, lambda matches=matches: sum(1 for d in docs if matches(d)))
        report["queries"][name] = {
            "query": text if len(text) < 100 else text[:97] + "…",
            "matched": sum(1 for d in docs if matches(d)),
            "seconds": round(seconds, 4),
            "docs_per_s": round(args.docs / seconds),
            "compile_ms": round(compile_seconds * 1000, 3),
        }
    slowest = max(q["seconds"] for q in report["queries"].values())
    report["target"] = {"one_topic_100k_docs_s": 1.0, "slowest_s_per_100k": slowest}
    report["met"] = slowest * 100_000 / args.docs < 1.0
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
