"""Owned-channel analytics benchmark: prints one JSON document.

Generates a year of analytics exports for 10 accounts (3 Facebook pages, 3 Instagram accounts,
2 X accounts, 1 YouTube channel, 1 TikTok account; about three posts a day each, plus daily
metric files, follower activity and audience files, in the platforms' own shapes: UTF-16 and
``sep=,`` for Meta daily files, Excel-rounded ids in X files, a zip for TikTok), then measures

- ``import_seconds``: ``import_exports`` of every file into a fresh database (target ≤ 10 s);
- ``best_time_seconds``: ``channel_best_time`` per account, worst and mean (target ≤ 1 s);
- ``channeling_seconds``: ``recommend`` (content channeling, with a target audience) for one
  account at a time, worst and mean (target ≤ 1 s), and for all accounts at once.

Usage: ``python bench/bench_outreach.py [--out DIR] [--no-postgres]``.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import json
import math
import os
import random
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

from pantau.outreach.audience import save_audience
from pantau.outreach.besttime import channel_best_time
from pantau.outreach.channeling import ContentRequest, recommend
from pantau.outreach.importer import import_exports
from pantau.store import open_database
from pantau.store.outreach import find_channels
from pantau.store.workspaces import create_workspace

TARGETS = {
    "import_seconds": 10.0,
    "best_time_seconds_per_account": 1.0,
    "channeling_seconds_per_account": 1.0,
}
YEAR_START = date(2025, 11, 21)
DAYS = 365
DOWNLOADED = YEAR_START + timedelta(days=DAYS)
POSTS_PER_DAY = 3


def _csv(rows: list[list[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _post_times(rnd: random.Random) -> list[datetime]:
    times = []
    for day in range(DAYS):
        for _ in range(rnd.randint(POSTS_PER_DAY - 1, POSTS_PER_DAY + 1)):
            hour = rnd.choice([6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 18, 19, 20, 21, 22])
            start = datetime.combine(YEAR_START + timedelta(days=day), datetime.min.time())
            times.append(start + timedelta(hours=hour, minutes=rnd.randrange(60)))
    return times


def _engagement(rnd: random.Random, when: datetime, scale: float) -> int:
    lift = 1.8 if when.hour in (19, 20) else 1.0
    return max(0, round(scale * lift * math.exp(rnd.gauss(0, 0.6))))


def _facebook(out: Path, n: int, rnd: random.Random) -> list[Path]:
    page_id = f"10452398765{n:04d}"
    negative = [f"Negative feedback from users: {k}" for k in ("Hide all", "Hide", "Unlike page")]
    rows: list[list[object]] = [
        ["Post ID", "Page ID", "Page name", "Title", "Description", "Publish time", "Permalink",
         "Post type", "Views", "Reach", "Reactions", "Comments", "Shares", "Total clicks",
         *negative[: 1 + n % 3]]
    ]  # fmt: skip
    for i, t in enumerate(_post_times(rnd)):
        reactions = _engagement(rnd, t, 150)
        rows.append(
            [f"{page_id}_{i:08d}", page_id, f"Dinas Kominfo {n}", "", f"Kabar daerah {i}",
             t.strftime("%m/%d/%Y %H:%M"), f"https://www.facebook.com/{page_id}/posts/{i}",
             rnd.choice(["Photos", "Reels", "Links", "Videos"]), reactions * 30, reactions * 20,
             reactions, reactions // 8, reactions // 10, reactions * 2, *[0] * (1 + n % 3)]
        )  # fmt: skip
    posts = out / f"facebook{n}_posts.csv"
    posts.write_bytes(codecs.BOM_UTF8 + _csv(rows).encode())
    daily = out / f"facebook{n}_reach.csv"
    lines = [["Date", "Primary"]] + [
        [f"{YEAR_START + timedelta(days=d)}T00:00:00", rnd.randint(1000, 9000)] for d in range(DAYS)
    ]
    daily.write_bytes(
        codecs.BOM_UTF16_LE + ('sep=,\r\n"Facebook reach"\r\n' + _csv(lines)).encode("utf-16-le")
    )
    return [posts, daily]


def _instagram(out: Path, n: int, rnd: random.Random) -> list[Path]:
    handle = f"kominfo.daerah{n}"
    rows: list[list[object]] = [
        ["Post ID", "Account username", "Account name", "Description", "Publish time",
         "Permalink", "Post type", "Views", "Reach", "Likes", "Shares", "Follows", "Comments",
         "Saves"]
    ]  # fmt: skip
    for i, t in enumerate(_post_times(rnd)):
        likes = _engagement(rnd, t, 400)
        rows.append(
            [f"1798765432{n:02d}{i:07d}", handle, f"Kominfo Daerah {n}", f"Info {i} #daerah",
             t.strftime("%m/%d/%Y %H:%M"), f"https://www.instagram.com/p/X{n}{i}/",
             rnd.choice(["IG image", "IG reel", "IG carousel"]), f"{likes * 25:,}",
             f"{likes * 15:,}", f"{likes:,}", likes // 20, likes // 100, likes // 15, likes // 12]
        )  # fmt: skip
    posts = out / f"instagram{n}_posts.csv"
    posts.write_text(_csv(rows), "utf-8")
    followers = out / f"instagram{n}_followers.csv"
    lines = [["Date", "Primary"]] + [
        [f"{YEAR_START + timedelta(days=d)}T00:00:00", 20_000 + 15 * d] for d in range(DAYS)
    ]
    followers.write_bytes(('sep=,\r\n"Instagram followers"\r\n' + _csv(lines)).encode("utf-16-le"))
    return [posts, followers]


def _x(out: Path, n: int, rnd: random.Random) -> list[Path]:
    handle = f"humas_daerah{n}"
    rows: list[list[object]] = [
        ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements",
         "retweets", "replies", "likes", "url clicks"]
    ]  # fmt: skip
    for i, t in enumerate(_post_times(rnd)):
        tweet_id = 1_860_000_000_000_000_000 + n * 10_000_000 + i
        likes = _engagement(rnd, t, 60)
        utc = t - timedelta(hours=7)
        rows.append(
            ["1.86E+18" if i % 4 == 0 else tweet_id,  # Excel rounded a quarter of the ids
             f"https://twitter.com/{handle}/status/{tweet_id}", f"Informasi {i}",
             utc.strftime("%Y-%m-%d %H:%M +0000"), likes * 40, likes * 2, likes // 4,
             likes // 10, likes, likes // 5]
        )  # fmt: skip
    posts = out / f"x{n}_tweets.csv"
    posts.write_text(_csv(rows), "cp1252")
    overview = out / f"x{n}_overview.csv"
    lines = [["Date", "Impressions", "Likes", "Engagements", "New follows", "Unfollows"]] + [
        [(YEAR_START + timedelta(days=d)).strftime("%a, %b %d, %Y"), rnd.randint(2000, 9000),
         rnd.randint(50, 300), rnd.randint(100, 600), rnd.randint(0, 30), rnd.randint(0, 5)]
        for d in range(DAYS)
    ]  # fmt: skip
    overview.write_text(_csv(lines), "utf-8")
    return [posts, overview]


def _youtube(out: Path, rnd: random.Random) -> list[Path]:
    rows: list[list[object]] = [
        ["Content", "Video title", "Video publish time", "Duration", "Views",
         "Watch time (hours)", "Subscribers", "Average view duration", "Impressions"],
        ["Total", "", "", "", 0, 0, 0, "0:00:00", 0],
    ]  # fmt: skip
    for i, t in enumerate(_post_times(rnd)[:400]):
        views = _engagement(rnd, t, 900)
        rows.append(
            [f"vid{i:08d}", f"Video {i}", t.strftime("%b %d, %Y"), rnd.randint(30, 3600), views,
             round(views * 0.05, 4), views // 200, f"0:0{rnd.randint(1, 9)}:{rnd.randint(10, 59)}",
             views * 12]
        )  # fmt: skip
    archive = out / "youtube_studio.zip"
    totals = [["Date", "Views", "Watch time (hours)", "Subscribers"]] + [
        [str(YEAR_START + timedelta(days=d)), rnd.randint(500, 5000), rnd.randint(20, 300),
         rnd.randint(-2, 20)]
        for d in range(DAYS)
    ]  # fmt: skip
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("Table data.csv", _csv(rows))
        z.writestr("Totals.csv", _csv(totals))
    return [archive]


def _tiktok(out: Path, rnd: random.Random) -> list[Path]:
    def day(d: int) -> str:
        return (YEAR_START + timedelta(days=d)).strftime("%B %-d")  # no year, as TikTok writes

    content: list[list[object]] = [
        ["Video title", "Video link", "Post time", "Total likes", "Total comments",
         "Total shares", "Total views"]
    ]  # fmt: skip
    for i, t in enumerate(_post_times(rnd)[:700]):
        likes = _engagement(rnd, t, 500)
        content.append(
            [f"Video {i}", f"https://www.tiktok.com/@kominfodaerah/video/74370000{i:011d}",
             t.strftime("%Y-%m-%d %H:%M:%S"), likes, likes // 20, likes // 8, likes * 30]
        )  # fmt: skip
    overview = [["Date", "Video Views", "Profile Views", "Likes", "Comments", "Shares"]] + [
        [day(d), rnd.randint(1000, 9000), rnd.randint(10, 200), rnd.randint(100, 900),
         rnd.randint(5, 90), rnd.randint(2, 50)]
        for d in range(DAYS)
    ]  # fmt: skip
    history = [["Date", "Followers", "Difference in followers from previous day"]] + [
        [day(d), 15_000 + 20 * d, 20] for d in range(DAYS)
    ]
    activity = [["Date", "Hour", "Active followers"]] + [
        [day(d), h, rnd.randint(50, 500)] for d in range(DAYS - 7, DAYS) for h in range(24)
    ]
    archive = out / "tiktok_studio.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name, rows in (
            ("Content.csv", content),
            ("Overview.csv", overview),
            ("FollowerHistory.csv", history),
            ("FollowerActivity.csv", activity),
            (
                "FollowerGender.csv",
                [["Gender", "Distribution"], ["Female", "55%"], ["Male", "45%"]],
            ),
        ):
            z.writestr(name, codecs.BOM_UTF8 + _csv(rows).encode())
    return [archive]


def generate(out: Path, seed: int = 2026) -> list[tuple[Path, str | None]]:
    """The files of 10 accounts, each with the ``--channel`` its import needs."""
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[Path, str | None]] = []
    for n in range(3):
        posts, daily = _facebook(out, n, rnd)
        jobs += [(posts, None), (daily, f"Dinas Kominfo {n}")]
    for n in range(3):
        posts, followers = _instagram(out, n, rnd)
        jobs += [(posts, None), (followers, f"ig:kominfo.daerah{n}")]
    for n in range(2):
        posts, overview = _x(out, n, rnd)
        jobs += [(posts, None), (overview, f"x:humas_daerah{n}")]
    jobs += [(p, "youtube:Kanal Kominfo Daerah") for p in _youtube(out, rnd)]
    jobs += [(p, None) for p in _tiktok(out, rnd)]
    return jobs


def run(url: str, jobs: list[tuple[Path, str | None]], rejects: Path) -> dict:
    engine = open_database(url)
    ws = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
    started = time.perf_counter()
    rows = rejected = 0
    for path, channel in jobs:
        for s in import_exports(
            engine, ws, [path], rejects_dir=rejects, channel=channel, downloaded=DOWNLOADED
        ):
            rows += s.read
            rejected += s.rejected
    import_seconds = time.perf_counter() - started
    with engine.connect() as conn:
        channels = find_channels(conn, ws.id)
    timings = []
    for ch in channels:
        t0 = time.perf_counter()
        channel_best_time(engine, ws, ch)
        timings.append(time.perf_counter() - t0)
    target = save_audience(engine, ws, "Pemuda", ["18-24", "25-34"], [], ["Jakarta"])
    request = ContentRequest("short_video", "engagement", target, "Harga Pangan")
    channeling = []
    for ch in channels:
        t0 = time.perf_counter()
        recommend(engine, ws, request, [ch])
        channeling.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    recommend(engine, ws, request)
    channeling_all = time.perf_counter() - t0
    engine.dispose()
    return {
        "accounts": len(channels),
        "rows_read": rows,
        "rows_rejected": rejected,
        "import_seconds": round(import_seconds, 2),
        "rows_per_s": round(rows / import_seconds),
        "best_time_seconds_max": round(max(timings), 3),
        "best_time_seconds_mean": round(sum(timings) / len(timings), 3),
        "channeling_seconds_max": round(max(channeling), 3),
        "channeling_seconds_mean": round(sum(channeling) / len(channeling), 3),
        "channeling_seconds_all_accounts": round(channeling_all, 3),
    }


def _met(result: dict) -> dict:
    return {
        "import_seconds": result["import_seconds"] <= TARGETS["import_seconds"],
        "best_time_seconds_per_account": result["best_time_seconds_max"]
        <= TARGETS["best_time_seconds_per_account"],
        "channeling_seconds_per_account": result["channeling_seconds_max"]
        <= TARGETS["channeling_seconds_per_account"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=None, help="folder for the generated files")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pantau-outreach-bench-") as tmp:
        work = Path(tmp)
        files = args.out or work / "exports"
        jobs = generate(files)
        report: dict = {
            "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "files": len(jobs),
            "input_mb": round(sum(p.stat().st_size for p, _ in jobs) / 2**20, 1),
            "targets": TARGETS,
        }
        report["sqlite"] = run(f"sqlite:///{work / 'bench.db'}", jobs, work / "rejects")
        report["met"] = {"sqlite": _met(report["sqlite"])}
        if not args.no_postgres:
            from pantau.store.throwaway import ThrowawayPostgres, find_pg_bin

            if find_pg_bin() is None:
                report["postgres"] = "skipped: PostgreSQL binaries not found"
            else:
                with ThrowawayPostgres() as pg:
                    url = pg.create_database("outreach_bench")
                    report["postgres"] = run(url, jobs, work / "rejects-pg")
                report["met"]["postgres"] = _met(report["postgres"])
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
