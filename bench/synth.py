"""Synthetic canonical posts for benchmarks: fast to make, varied enough to be realistic in
size and shape (tweet-length Indonesian text, authors with a heavy tail, metrics)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import orjson

_WORDS = [
    "harga",
    "beras",
    "pupuk",
    "naik",
    "turun",
    "langka",
    "petani",
    "pasar",
    "subsidi",
    "program",
    "kartu",
    "tani",
    "digital",
    "pemerintah",
    "menteri",
    "warga",
    "antre",
    "gudang",
    "distribusi",
    "desa",
    "kabupaten",
    "provinsi",
    "gak",
    "yg",
    "bgt",
    "udah",
    "belum",
    "tolong",
    "mohon",
    "cek",
    "bantuan",
    "min",
    "kok",
    "sih",
    "dong",
    "parah",
    "mantap",
    "keren",
    "lambat",
    "cepat",
    "data",
    "bansos",
    "kebijakan",
    "minyak",
    "goreng",
    "cabai",
    "bawang",
    "panen",
    "hujan",
    "banjir",
    "kemarau",
    "irigasi",
    "sawah",
    "jagung",
    "kedelai",
    "impor",
    "ekspor",
    "stok",
    "aman",
    "mahal",
    "murah",
    "terima",
    "kasih",
    "semoga",
    "lancar",
    "wkwk",
    "anjir",
]
_PLATFORMS = ("x", "x", "x", "instagram", "facebook", "tiktok", "youtube", "news")
FIRST_ID = 1860000000000000000  # external ids of ``synthetic_posts`` start here by default
_TAGS = ("PupukLangka", "KartuTaniDigital", "HargaBeras", "PetaniSejahtera", "SubsidiTepat")


def synthetic_posts(n: int, seed: int = 7, first_id: int = FIRST_ID) -> Iterator[dict]:
    rnd = random.Random(seed)
    start = datetime(2026, 11, 16, tzinfo=UTC)
    authors = [f"akun_{i:06d}" for i in range(max(n // 20, 10))]
    followers = [int(rnd.paretovariate(1.2) * 50) for _ in authors]
    for i in range(n):
        platform = _PLATFORMS[i % len(_PLATFORMS)]
        words = rnd.choices(_WORDS, k=rnd.randint(8, 40))
        tags = rnd.sample(_TAGS, rnd.randint(0, 2))
        text = " ".join(words) + "".join(f" #{t}" for t in tags)
        a = int(len(authors) * rnd.random() ** 3)
        author = authors[a]
        yield {
            "platform": platform,
            "id": f"{first_id + i}",
            "created_at": (start + timedelta(seconds=i * 0.6)).isoformat(),
            "text": text,
            "author": author,
            "author_name": author.replace("_", " ").title(),
            "author_followers": followers[a],
            "url": f"https://{platform}.example/{author}/{i}",
            "likes": int(rnd.paretovariate(1.5)) - 1,
            "reposts": int(rnd.paretovariate(2.0)) - 1,
            "replies": int(rnd.paretovariate(2.0)) - 1,
            "views": int(rnd.paretovariate(1.1) * 100),
            "hashtags": tags,
        }


def write_posts(path: Path, n: int, seed: int = 7, first_id: int = FIRST_ID) -> int:
    """Canonical JSON Lines."""
    with open(path, "wb", buffering=1 << 20) as f:
        for post in synthetic_posts(n, seed, first_id):
            f.write(orjson.dumps(post))
            f.write(b"\n")
    return n


def write_background(path: Path, n: int, start: datetime, end: datetime, seed: int = 11) -> int:
    """``n`` canonical posts evenly over [start, end) (naive UTC) as a workspace's months of
    ordinary talk: authors drawn with a heavy tail from 100,000 accounts (a few post daily,
    most once or twice), one post in twenty a repost of an earlier post of the same platform,
    one in ten mentioning another account, one account in a hundred repeating its texts, and
    one post in 10,000 carrying the rare word ``kedelaimahal``."""
    rnd = random.Random(seed)
    accounts = 100_000
    cum_weights = []
    total = 0.0
    for i in range(accounts):
        total += 1.0 / (i + 20)
        cum_weights.append(total)
    followers = [int(rnd.paretovariate(1.2) * 40) for _ in range(accounts)]
    step = (end - start) / max(1, n)
    platforms = ("x", "x", "facebook", "instagram", "tiktok", "news")
    drawn: list[int] = []
    with open(path, "wb", buffering=1 << 20) as f:
        for i in range(n):
            if not drawn:
                drawn = rnd.choices(range(accounts), cum_weights=cum_weights, k=20_000)
            a = drawn.pop()
            platform = platforms[i % len(platforms)]
            if a % 100 == 7:  # a copy-paste account: a handful of texts, again and again
                words = random.Random(a * 31 + rnd.randrange(4)).choices(_WORDS, k=14)
            else:
                words = rnd.choices(_WORDS, k=rnd.randint(8, 30))
            if i % 10_000 == 0:
                words.append("kedelaimahal")
            post: dict = {
                "platform": platform,
                "id": f"bg{i}",
                "created_at": (start + step * i).isoformat() + "Z",
                "text": " ".join(words),
                "author": f"warga{a:06d}",
                "author_name": f"Warga {a}",
                "author_followers": followers[a],
                "likes": int(rnd.paretovariate(1.5)) - 1,
                "reposts": int(rnd.paretovariate(2.0)) - 1,
                "replies": int(rnd.paretovariate(2.0)) - 1,
            }
            if i % 20 == 19 and i >= 600:
                post["repost_of"] = f"bg{i - 6 * rnd.randint(1, 100)}"
            if i % 10 == 3:
                other = rnd.choices(range(accounts), cum_weights=cum_weights)[0]
                post["mentions"] = [f"warga{other:06d}"]
                post["text"] += f" @warga{other:06d}"
            f.write(orjson.dumps(post))
            f.write(b"\n")


_CANONICAL_COLUMNS = (
    "platform", "id", "created_at", "text", "author", "author_name", "author_followers", "url",
    "likes", "reposts", "replies", "views", "hashtags",
)  # fmt: skip
# the same posts as a monitoring sheet: Indonesian headers, local day-first dates without a
# zone, platform names as people write them (read by the spreadsheet-manual profile)
SHEET_COLUMNS = (
    "Tanggal", "ID", "Platform", "Akun", "Nama", "Pengikut", "Isi", "Tautan", "Suka",
    "Dibagikan", "Komentar", "Tayangan", "Tagar",
)  # fmt: skip
SHEET_MAP = "id=ID,hashtags=Tagar"  # beside the profile's own columns
_PLATFORM_WORDS = {
    "x": "Twitter",
    "instagram": "IG",
    "facebook": "Facebook",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "news": "Media Online",
}
_WIB = timezone(timedelta(hours=7))


def write_csv(path: Path, n: int, sheet: bool = False, seed: int = 7) -> int:
    """The posts of ``write_posts`` as canonical CSV, or (``sheet``) as a monitoring sheet."""
    with open(path, "w", encoding="utf-8", newline="", buffering=1 << 20) as f:
        writer = csv.writer(f)
        writer.writerow(SHEET_COLUMNS if sheet else _CANONICAL_COLUMNS)
        for post in synthetic_posts(n, seed):
            tags = " ".join(post["hashtags"])
            if not sheet:
                writer.writerow([*(post[c] for c in _CANONICAL_COLUMNS[:-1]), tags])
                continue
            local = datetime.fromisoformat(post["created_at"]).astimezone(_WIB)
            writer.writerow(
                [
                    local.strftime("%d/%m/%Y %H.%M.%S"),
                    post["id"],
                    _PLATFORM_WORDS[post["platform"]],
                    post["author"],
                    post["author_name"],
                    post["author_followers"],
                    post["text"],
                    post["url"],
                    post["likes"],
                    post["reposts"],
                    post["replies"],
                    post["views"],
                    tags,
                ]
            )
    return n
