"""Live collection: one collector process keeping 500 RSS sources on a 15-minute interval.

A feed server in another process (its CPU is not the collector's) serves 500 news feeds from
50 loopback ports (50 "outlets" of 10 feeds each, as a pack of national media is), each feed
50 items of realistic size (≈60 KB, gzip-encoded on request, with an ETag). Every 15-minute
interval, 60 % of the feeds gain one to three new items and the rest answer 304 Not Modified.

The collector is Pantau's own ``collect_due`` on a fake clock, with the real politeness delay
(2 s between requests to one outlet) into a fresh SQLite database: fetch, gzip, feedparser,
validation, dedup and the import run of every source that changed. Measured: CPU seconds of
the collector process for the first collection (every feed new: 25,000 posts) and for each
steady interval after it, wall time per interval, peak RSS. The share of one core is the
steady interval's CPU time over the interval's 900 seconds.

Targets: < 10 % of one core and < 300 MB peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import multiprocessing as mp
import resource
import shutil
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

SOURCES = 500
OUTLETS = 50
ITEMS = 50
INTERVAL = timedelta(minutes=15)
CHANGED_SHARE = 0.6
BASE = datetime(2026, 11, 20, 0, 0)  # the fake clock's start (naive UTC)
TARGETS = {"cpu_share_of_one_core": 0.10, "peak_rss_mb": 300}
WORDS = tuple(
    [
        "pemerintah",
        "kota",
        "warga",
        "layanan",
        "publik",
        "jalan",
        "sekolah",
        "rumah",
        "sakit",
        "pasar",
        "dinas",
        "kecamatan",
        "kelurahan",
        "program",
        "bantuan",
        "anggaran",
        "rapat",
        "kerja",
        "kunjungan",
        "menteri",
        "gubernur",
        "bupati",
        "wali",
        "pembangunan",
        "jembatan",
        "irigasi",
        "air",
        "bersih",
        "listrik",
        "internet",
        "desa",
        "digital",
        "pelatihan",
        "pemuda",
        "olahraga",
        "budaya",
        "festival",
        "pariwisata",
        "transportasi",
        "terminal",
        "stasiun",
        "bandara",
        "pelabuhan",
    ]
)


def _text(seed: str, words: int) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    out = []
    for i in range(words):
        out.append(WORDS[(digest[i % 32] + i * 7) % len(WORDS)])
    return " ".join(out)


def _new_items(feed: int, cycle: int) -> int:
    """New items feed ``feed`` gained in interval ``cycle`` (0 for an unchanged feed)."""
    if cycle == 0:
        return 0
    h = int(hashlib.sha256(f"{feed}:{cycle}".encode()).hexdigest()[:8], 16)
    return 0 if (h % 1000) / 1000 >= CHANGED_SHARE else 1 + h % 3


def _version(feed: int, cycle: int) -> int:
    """Items published by ``feed`` up to interval ``cycle``, beyond its first ``ITEMS``."""
    return sum(_new_items(feed, k) for k in range(1, cycle + 1))


def feed_xml(feed: int, cycle: int) -> bytes:
    newest = ITEMS + _version(feed, cycle)
    outlet = feed % OUTLETS
    items = []
    for n in range(newest - ITEMS, newest):
        when = BASE - timedelta(hours=12) + timedelta(minutes=5 * n)
        title = _text(f"{feed}:{n}:t", 11).capitalize()
        body = _text(f"{feed}:{n}:b", 85)
        link = f"https://media{outlet}.example/berita/{feed}/{n}/{title[:30].replace(' ', '-')}"
        items.append(
            f"<item><title>{title}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid>'
            f"<pubDate>{format_datetime(when)} +0000</pubDate>"
            f"<category>nasional</category><dc:creator>Redaksi {outlet}</dc:creator>"
            f"<description><![CDATA[<p>{body}.</p><p>{body[:200]}.</p>]]></description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>Media {outlet} kanal {feed}</title><link>https://media{outlet}.example/</link>"
        f"<description>Berita terkini</description><language>id</language>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def serve(ports: Any, cycle: Any, ready: Any) -> None:
    """The feed server process: ``OUTLETS`` ports, feeds ``/f/<n>.xml``."""
    cache: dict[tuple[int, int], tuple[bytes, bytes]] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            feed = int(self.path.rsplit("/", 1)[-1].split(".")[0])
            k = cycle.value
            version = _version(feed, k)
            etag = f'"{feed}-{version}"'
            if self.headers.get("if-none-match") == etag:
                self.send_response(304)
                self.send_header("etag", etag)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            with lock:
                if (feed, version) not in cache:
                    raw = feed_xml(feed, k)
                    cache[(feed, version)] = (raw, gzip.compress(raw, 6))
                raw, packed = cache[(feed, version)]
            zipped = "gzip" in (self.headers.get("accept-encoding") or "")
            body = packed if zipped else raw
            self.send_response(200)
            self.send_header("content-type", "application/rss+xml; charset=utf-8")
            self.send_header("etag", etag)
            if zipped:
                self.send_header("content-encoding", "gzip")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    servers = []
    for i in range(OUTLETS):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        ports[i] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
    ready.set()
    threading.Event().wait()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=SOURCES)
    parser.add_argument("--intervals", type=int, default=4, help="steady intervals measured")
    parser.add_argument("--politeness", type=float, default=2.0)
    args = parser.parse_args()

    from pantau.ingest.collect import Collector, collect_due
    from pantau.ingest.sources import add_source
    from pantau.store import open_database
    from pantau.store.workspaces import create_workspace

    ctx = mp.get_context("spawn")
    ports, cycle, ready = ctx.Array("i", OUTLETS), ctx.Value("i", 0), ctx.Event()
    server = ctx.Process(target=serve, args=(ports, cycle, ready), daemon=True)
    server.start()
    ready.wait(30)
    folder = Path(tempfile.mkdtemp(prefix="pantau-bench-collect-"))
    try:
        engine = open_database(f"sqlite:///{folder / 'pantau.db'}")
        ws = create_workspace(engine, "bench", "Bench", "pemda", "Asia/Jakarta")
        for n in range(args.sources):  # outlets interleaved, as a pack lists them
            url = f"http://127.0.0.1:{ports[n % OUTLETS]}/f/{n}.xml"
            add_source(engine, ws, f"feed {n}", "rss", {"url": url}, now=BASE)
        sample = len(gzip.compress(feed_xml(0, 0))), len(feed_xml(0, 0))
        collector = Collector(politeness=args.politeness)
        runs = []
        for k in range(args.intervals + 1):
            cycle.value = k
            now = BASE + INTERVAL * k
            cpu, wall = _cpu(), time.perf_counter()
            results = collect_due(engine, ws, data_dir=folder, now=now, collector=collector)
            cpu, wall = _cpu() - cpu, time.perf_counter() - wall
            runs.append(
                {
                    "interval": k,
                    "sources": len(results),
                    "failed": sum(1 for r in results if not r.ok),
                    "not_modified": sum(1 for r in results if r.not_modified),
                    "new_posts": sum(r.new for r in results),
                    "cpu_s": round(cpu, 2),
                    "wall_s": round(wall, 1),
                    "cpu_ms_per_source": round(1000 * cpu / max(len(results), 1), 2),
                }
            )
        collector.close()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        server.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    steady = runs[1:]
    cpu_steady = sum(r["cpu_s"] for r in steady) / max(len(steady), 1)
    share = cpu_steady / INTERVAL.total_seconds()
    report = {
        "sources": args.sources,
        "outlets": OUTLETS,
        "items_per_feed": ITEMS,
        "feed_bytes": {"plain": sample[1], "gzip": sample[0]},
        "changed_share_per_interval": CHANGED_SHARE,
        "politeness_s": args.politeness,
        "first_collection": runs[0],
        "steady_intervals": steady,
        "steady_cpu_s_per_interval": round(cpu_steady, 2),
        "cpu_ms_per_source_collection": round(1000 * cpu_steady / args.sources, 2),
        "cpu_share_of_one_core": round(share, 4),
        "peak_rss_mb": round(peak, 1),
        "targets": TARGETS,
        "met": {
            "cpu_share_of_one_core": share < TARGETS["cpu_share_of_one_core"],
            "peak_rss_mb": peak < TARGETS["peak_rss_mb"],
            "every_interval_within_15_minutes": all(
                r["wall_s"] < INTERVAL.total_seconds() for r in runs
            ),
        },
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
