"""One measured job, run in its own process so that its peak memory can be read alone.

usage: python bench/_child.py pantau|pantau-sheet|pandas DATABASE_URL FILE
Prints one JSON object: seconds and the job's own counts. ``pantau-sheet`` imports a
monitoring sheet through the spreadsheet-manual profile and the columns of ``synth.SHEET_MAP``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def run_pantau(url: str, path: Path, sheet: bool = False) -> dict:
    from synth import SHEET_MAP

    from pantau.ingest.importer import import_file
    from pantau.ingest.mapping.plan import MapRequest, plan_import
    from pantau.store import open_database
    from pantau.store.workspaces import create_workspace

    engine = open_database(url)
    ws = create_workspace(engine, "bench", "Bench", "lembaga", "Asia/Jakarta")
    start, cpu = time.perf_counter(), time.process_time()
    request = MapRequest(profile="spreadsheet-manual", spec=SHEET_MAP) if sheet else None
    plan = plan_import(engine, ws, path, request=request)
    summary = import_file(engine, ws, path, rejects_dir=path.parent / "rejects", plan=plan)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu, 2),
        "new": summary.new,
        "rejected": summary.rejected,
    }


def run_pandas(url: str, path: Path) -> dict:
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(url)
    start = time.perf_counter()
    frame = pd.read_json(path, lines=True, dtype=False)
    frame["hashtags"] = frame["hashtags"].map(json.dumps)
    frame.to_sql("posts", engine, if_exists="append", index=False, chunksize=5000)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "new": len(frame)}


if __name__ == "__main__":
    job, url, file = sys.argv[1:4]
    if job == "pandas":
        result = run_pandas(url, Path(file))
    else:
        result = run_pantau(url, Path(file), sheet=job == "pantau-sheet")
    print(json.dumps(result))
