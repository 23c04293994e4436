"""`make bench-quick` as part of the test suite: every benchmark section runs at a small size
(``bench/run.py --quick``) and the ones that time pages say they measured the state they name.
The speed is not judged here; a benchmark that no longer runs, or that times pages in a state
other than the one its table is labelled with, fails the suite. Sections whose comparison
library belongs to the ``bench`` extras (the coordination toolkit, BERTopic) run their
Pantau half and report the comparison as skipped when the library is not installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN = ROOT / "bench" / "run.py"


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench-quick")
    done = subprocess.run(
        [sys.executable, str(RUN), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _sections() -> list[str]:
    sys.path.insert(0, str(RUN.parent))
    try:
        import run  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(RUN.parent))
    return ["import", *run.OTHER_BENCHMARKS]


def test_every_section_runs(quick: dict) -> None:
    sections = _sections()
    assert len(sections) > 15
    missing = [name for name in sections if name not in quick]
    failed = {name: quick[name]["error"] for name in sections if "error" in quick.get(name, {})}
    assert (missing, failed) == ([], {})


def test_the_web_benchmark_times_the_states_it_names(quick: dict) -> None:
    cases = quick["web"]["cases"]
    done = cases["processed"]["preconditions"]
    assert done["posts"] == done["enriched"] == done["search_position"] == done["max_post_id"]
    fresh = cases["imported"]["preconditions"]
    assert fresh["posts"] > fresh["enriched"] and fresh["search_position"] < fresh["max_post_id"]
    for case in cases.values():
        pages = case["pages"]
        assert {"overview", "aktor", "issue", "issue_network", "actor"} <= set(pages)
        assert all(page["p95_ms"] > 0 for page in pages.values())


def test_the_load_benchmark_walks_every_page_without_errors(quick: dict) -> None:
    load = quick["load"]
    facts = load["preconditions"]
    assert facts["posts"] == facts["enriched"] == facts["search_position"]
    (level,) = load["levels"]
    assert level["errors"] == 0 and level["requests"] > 0
    assert {"overview", "actors", "network", "search"} <= set(level["pages"])
