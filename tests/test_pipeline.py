"""The demo job end to end on both databases: generate, import, summarise; idempotent."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from pantau.demo.bimtek import CERTIFICATES, WORKBOOK
from pantau.demo.generator import INSTITUTION, generate
from pantau.demo.job import run_demo
from pantau.store.posts import count_posts


def test_demo_job_imports_the_week_and_reruns_cleanly(engine: Engine, tmp_path: Path) -> None:
    result = run_demo(engine, tmp_path / "data", tmp_path / "out", seed=7, n_posts=3000)
    assert result.workspace.slug == INSTITUTION.slug
    assert (result.imported.read, result.imported.new, result.imported.rejected) == (3000, 3000, 0)
    posts, truth = generate(seed=7, n_posts=3000)
    assert result.stats.by_platform == truth.counts_by_platform
    assert sum(result.stats.by_day.values()) == 3000
    assert len(result.stats.by_day) == 7  # one local (WIB) day each
    assert result.enriched.enriched == 3000
    assert sum(result.stats.enrichment["sentiment"].values()) == 3000
    assert set(result.stats.enrichment["sentiment"]) <= {"positive", "neutral", "negative"}
    from pantau.factcheck.claims import list_claims

    claims = list_claims(engine, result.workspace)
    assert len(claims) == 1 and claims[0].verdict == "HOAKS" and claims[0].matches > 0
    suffixes = {p.suffix for p in result.report_files}
    assert {".pdf", ".docx", ".xlsx", ".html", ".png", ".json"} <= suffixes
    assert all(p.parent == tmp_path / "out" and p.stat().st_size > 0 for p in result.report_files)
    written = json.loads(result.stats_file.read_text("utf-8"))
    assert written["posts"] == 3000
    assert [p.name for p in result.bimtek.files] == [WORKBOOK, CERTIFICATES]
    assert all(p.parent == tmp_path / "out" and p.stat().st_size > 0 for p in result.bimtek.files)
    again = run_demo(engine, tmp_path / "data", tmp_path / "out", seed=7, n_posts=3000)
    assert (again.imported.new, again.imported.duplicate) == (0, 3000)
    assert again.bimtek.event.id == result.bimtek.event.id
    assert again.bimtek.winners == result.bimtek.winners
    assert again.enriched.enriched == 0
    with engine.connect() as conn:
        assert count_posts(conn, result.workspace.id) == len(posts)
