"""Daily report speed: prints one JSON document.

Builds the big workspace the web and load benchmarks use (:mod:`bigworkspace`: background
months and the demo week, every stage run; ``--posts`` in all, default 1,000,000) and times
the daily report of the latest day:
building it (rollups, issues, actors, hoaxes, agenda, narratives) and writing every format
(PDF, DOCX, XLSX, HTML, PNG card, manifest). Target: ≤ 30 s for all formats at 1,000,000
posts. ``--keep DIR`` reuses a database built by an earlier run of this script or of
``bench_web.py`` / ``bench_load.py --keep DIR``.

    .venv/bin/python bench/bench_report.py [--posts N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bigworkspace

from pantau.report.daily import build_daily_report
from pantau.report.render import write_daily_report
from pantau.store import open_database

TARGET_S = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    with ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="pantau-bench-report-"))
        folder, url = bigworkspace.database(stack, args.keep, False, args.posts)
        engine = open_database(url)
        t0 = time.perf_counter()
        workspace = bigworkspace.build(engine, folder, args.posts, 0)
        seeded = time.perf_counter() - t0
        bigworkspace.require_processed(bigworkspace.state(engine, workspace))
        t0 = time.perf_counter()
        report = build_daily_report(engine, workspace)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        files = write_daily_report(report, Path(tmp) / "out")
        written = time.perf_counter() - t0
        engine.dispose()
    total = built + written
    print(
        json.dumps(
            {
                "benchmark": "daily report",
                "posts": args.posts,
                "seed_s": round(seeded, 1),
                "posts_in_period": report.total_posts,
                "issues_in_report": len(report.issues),
                "build_s": round(built, 2),
                "write_all_formats_s": round(written, 2),
                "total_s": round(total, 2),
                "formats": sorted({f.suffix.lstrip(".") for f in files}),
                "target_s": TARGET_S,
                "met": total <= TARGET_S,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
