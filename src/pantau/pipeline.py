"""Wiring of the stages. Each stage is an idempotent batch function; this module runs them
in-process (the embedded default). The demo job runs every stage that exists on the demo
workspace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson
from sqlalchemy import Engine

from pantau.errors import NotFoundError
from pantau.ingest.importer import ImportSummary, import_file
from pantau.monitor.run import RunSummary
from pantau.overview import WorkspaceStats, workspace_stats
from pantau.records import Workspace
from pantau.store.workspaces import create_workspace, get_workspace
from pantau.text.stage import EnrichSummary

DEMO_TOPICS = (
    ("Pupuk dan Kartu Tani", "ekonomi", '(pupuk OR "kartu tani" OR #kartutanidigital) -resep'),
    (
        "Harga pangan",
        "ekonomi",
        "(harga OR mahal OR murah) AND (beras OR cabai OR minyak OR bawang OR telur)",
    ),
    ("Hoaks data petani", "hukum", "(data NEAR/4 petani) AND (jual* OR asing OR bocor)"),
    ("Cuaca dan panen", "bencana", "panen OR banjir OR kemarau OR hujan OR gagal_panen"),
)

Step = Callable[[str], None]  # announces a step to the person watching
Progress = Callable[[int, int], None]


@dataclass
class DemoResult:
    workspace: Workspace
    posts_file: Path
    stats_file: Path
    imported: ImportSummary
    enriched: EnrichSummary
    monitoring: RunSummary
    stats: WorkspaceStats
    report_files: list[Path]


# The demo week (Monday): the week of the weekly owned-channel report.
DEMO_WEEK = date(2026, 11, 16)


def write_demo_file(path: Path, seed: int, n_posts: int) -> int:
    """Write the demo week as canonical JSON Lines; returns the number of posts."""
    from pantau.demo.generator import generate_posts

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


def ensure_demo_workspace(engine: Engine) -> Workspace:
    from pantau.demo.generator import INSTITUTION

    try:
        return get_workspace(engine, INSTITUTION.slug)
    except NotFoundError:
        return create_workspace(
            engine, INSTITUTION.slug, INSTITUTION.name, INSTITUTION.kind, INSTITUTION.timezone
        )


def ensure_demo_topics(engine: Engine, workspace: Workspace) -> None:
    """The demo's saved topics (added once; adding backfills their matches)."""
    from pantau.monitor.topics import add_topic, list_topics

    existing = {t.name for t in list_topics(engine, workspace)}
    for name, category, query in DEMO_TOPICS:
        if name not in existing:
            add_topic(engine, workspace, name, query, category, owner="tim humas")


def ensure_demo_claims(engine: Engine, workspace: Workspace) -> None:
    """The demo's known hoax and its official clarification (added once)."""
    from pantau.demo import vocab
    from pantau.factcheck.claims import add_claim, list_claims

    if not list_claims(engine, workspace):
        add_claim(
            engine,
            workspace,
            vocab.HOAX_CLAIM,
            "HOAKS",
            "pemerintahan",
            clarification=(
                "Kementerian menegaskan data pendaftar Kartu Tani Digital disimpan di pusat data "
                "nasional dan tidak dibagikan atau dijual kepada pihak mana pun."
            ),
        )


def run_demo(
    engine: Engine,
    data_dir: Path,
    out_dir: Path,
    *,
    seed: int,
    n_posts: int,
    step: Step = lambda _msg: None,
    progress: Progress | None = None,
) -> DemoResult:
    """Create the demo workspace, generate its week of posts, import and summarise them.

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
    step("Menganalisis teks (bahasa, sentimen, emosi, entitas)")
    from pantau.text.stage import enrich_posts, load_models

    enriched = enrich_posts(engine, workspace, load_models(data_dir, workspace))
    step("Kanal resmi: mengimpor ekspor analitik demo, tujuan dan kalender konten")
    from pantau.outreach.demo import seed_demo_outreach

    seed_demo_outreach(
        engine, workspace, data_dir / "demo" / "outreach", rejects_dir=data_dir / "rejects"
    )
    step("Mencocokkan post dengan basis data hoaks")
    ensure_demo_claims(engine, workspace)
    from pantau.factcheck.matching import match_claims

    match_claims(engine, workspace)
    step("Narasi tunggal: mencari post pembawa kit narasi")
    from pantau.agenda.narrative_demo import seed_demo_narrative
    from pantau.agenda.narrative_match import match_narratives

    seed_demo_narrative(engine, workspace)
    match_narratives(engine, workspace)
    step("Memantau isu: topik, rollup, deteksi isu yang muncul")
    ensure_demo_topics(engine, workspace)
    from pantau.agenda.demo import seed_demo_agenda

    seed_demo_agenda(engine, workspace)
    from pantau.demo.generator import INSTITUTION
    from pantau.monitor.run import run_monitoring

    monitoring = run_monitoring(
        engine,
        workspace,
        own_names=[INSTITUTION.acronym, *INSTITUTION.official_handles.values()],
    )
    step("Mengindeks post untuk pencarian")
    from pantau.search import index_posts

    index_posts(engine, workspace)
    step("Merangkum workspace")
    stats = workspace_stats(engine, workspace)
    out_dir.mkdir(parents=True, exist_ok=True)
    step("Menulis laporan harian (PDF, DOCX, XLSX, HTML, kartu PNG)")
    from pantau.report.daily import build_daily_report
    from pantau.report.render import write_daily_report

    daily = build_daily_report(engine, workspace)
    report_files = write_daily_report(daily, out_dir)
    write_daily_report(daily, data_dir / "reports")  # listed on the dashboard's Laporan page
    step("Menulis laporan mingguan kanal resmi (PDF, DOCX, XLSX)")
    from pantau.report.weekly import build_weekly_report, write_weekly_report

    week = build_weekly_report(engine, workspace, DEMO_WEEK)
    report_files += write_weekly_report(week, out_dir)
    stats_file = out_dir / "ringkasan-workspace.json"
    stats_file.write_bytes(orjson.dumps(stats.as_dict(), option=orjson.OPT_INDENT_2))
    return DemoResult(
        workspace, posts_file, stats_file, summary, enriched, monitoring, stats, report_files
    )
