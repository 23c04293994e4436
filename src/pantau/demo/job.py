"""The demo job: the demo workspace, its week of posts imported through the same importer a
user's file goes through, the world it watches, the whole pipeline, the reports, and its
bimtek."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson
from sqlalchemy import Engine

from pantau.demo.bimtek import DemoBimtek, seed_demo_bimtek, write_demo_bimtek
from pantau.demo.feeds import ensure_demo_sources
from pantau.demo.generator import generate_posts
from pantau.demo.world import OWN_NAMES, ensure_demo_workspace, seed_demo_world
from pantau.ingest.collect import CollectResult, collect_due
from pantau.ingest.importer import ImportSummary, import_file
from pantau.monitor.run import RunSummary
from pantau.overview import WorkspaceStats, workspace_stats
from pantau.pipeline import PipelineResult, Stage, run_pipeline
from pantau.records import Workspace
from pantau.report.daily import build_daily_report
from pantau.report.render import write_daily_report
from pantau.report.weekly import build_weekly_report, write_weekly_report
from pantau.text.stage import EnrichSummary

Step = Callable[[str], None]  # announces a step to the person watching
Progress = Callable[[int, int], None]

# The demo week (Monday): the week of the weekly owned-channel report.
DEMO_WEEK = date(2026, 11, 16)


@dataclass
class DemoResult:
    workspace: Workspace
    posts_file: Path
    stats_file: Path
    imported: ImportSummary
    pipeline: PipelineResult
    stats: WorkspaceStats
    report_files: list[Path]
    collected: list[CollectResult]  # the demo's live sources, when their feeds were served
    bimtek: DemoBimtek

    @property
    def enriched(self) -> EnrichSummary:
        return self.pipeline.output("enrich", EnrichSummary)

    @property
    def monitoring(self) -> RunSummary:
        return self.pipeline.output("issues", RunSummary)


def write_demo_file(path: Path, seed: int, n_posts: int) -> int:
    """Write the demo week as canonical JSON Lines; returns the number of posts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        for post in generate_posts(seed=seed, n_posts=n_posts):
            f.write(orjson.dumps(post))
            f.write(b"\n")
            n += 1
    tmp.replace(path)
    return n


def run_demo(
    engine: Engine,
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int,
    n_posts: int,
    step: Step = lambda _msg: None,
    progress: Progress | None = None,
    feeds: str | None = None,
) -> DemoResult:
    """Create the demo workspace, generate its week of posts, import them, set up what it
    watches, collect its live sources from ``feeds`` (the address of the demo's feed bundle
    served on loopback, see ``demo.feeds``), run every stage and write the reports; then the
    demo's bimtek with its results workbook and sample certificates.

    Running it again regenerates the same file and imports nothing new.
    """
    workspace = ensure_demo_workspace(engine)
    posts_file = data_dir / "demo" / f"demo-posts-{seed}-{n_posts}.jsonl"
    if not posts_file.exists():
        step("Membuat data demo")
        write_demo_file(posts_file, seed, n_posts)
    step("Mengimpor post demo")
    summary = import_file(
        engine, workspace, posts_file, rejects_dir=data_dir / "rejects", progress=progress
    )
    step("Kanal resmi, hoaks, narasi, topik dan agenda demo")
    seed_demo_world(engine, workspace, data_dir)
    collected: list[CollectResult] = []
    if feeds is not None:
        step("Mengambil sumber langsung demo (feed berita di komputer ini)")
        ids = ensure_demo_sources(engine, workspace, feeds)
        collected = collect_due(engine, workspace, data_dir=data_dir, only=ids, force=True)

    def announce(stage: Stage) -> None:
        step(stage.title)

    pipeline = run_pipeline(engine, workspace, data_dir, own_names=OWN_NAMES, announce=announce)
    step("Merangkum workspace")
    stats = workspace_stats(engine, workspace)
    out_dir.mkdir(parents=True, exist_ok=True)
    step("Menulis laporan harian (PDF, DOCX, XLSX, HTML, kartu PNG)")
    daily = build_daily_report(engine, workspace)
    report_files = write_daily_report(daily, out_dir)
    write_daily_report(daily, data_dir / "reports")  # listed on the dashboard's Laporan page
    step("Menulis laporan mingguan kanal resmi (PDF, DOCX, XLSX)")
    week = build_weekly_report(engine, workspace, DEMO_WEEK)
    report_files += write_weekly_report(week, out_dir)
    stats_file = out_dir / "ringkasan-workspace.json"
    stats_file.write_bytes(orjson.dumps(stats.as_dict(), option=orjson.OPT_INDENT_2))
    step("Bimtek demo: peserta luring dan daring, bank soal")
    event = seed_demo_bimtek(engine, workspace, data_dir / "demo" / "bimtek", seed, step=step)
    step("Menulis hasil bimtek (XLSX) dan contoh sertifikat (PDF)")
    bimtek = write_demo_bimtek(engine, workspace, event, out_dir)
    return DemoResult(
        workspace, posts_file, stats_file, summary, pipeline, stats, report_files, collected, bimtek
    )
