"""``pantau demo``: the whole pipeline on the invented demo workspace, offline and
deterministic, with its reports; ``--serve`` opens the dashboard afterwards."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, err, out, print_json, progress_bar, state
from pantau.cli.serve import serve_web
from pantau.cli.summaries import print_import_summary, print_stats
from pantau.config import redact_url, remember_default_workspace
from pantau.demo.feeds import serve_feeds
from pantau.demo.job import run_demo
from pantau.demo.national import COORDINATOR_EMAIL, ensure_coordinator_login, run_national_demo
from pantau.demo.world import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_login
from pantau.locale import fmt_int
from pantau.monitor.issues import IssueFilter, list_issues


def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder hasil.")] = Path("demo-output"),
    n_posts: Annotated[int, typer.Option("--posts", min=100, help="Jumlah post demo.")] = 50_000,
    seed: Annotated[int, typer.Option(help="Benih acak (hasil sama untuk benih sama).")] = 20261116,
    serve_after: Annotated[
        bool, typer.Option("--serve", help="Sesudahnya, buka dasbor di http://127.0.0.1:8000/.")
    ] = False,
    feeds: Annotated[
        bool,
        typer.Option(
            "--feeds/--no-feeds",
            help="Layani feed berita demo di 127.0.0.1 selama demo berjalan dan ambil sebagai "
            "sumber langsung (halaman Sumber).",
        ),
    ] = True,
    national: Annotated[
        bool,
        typer.Option(
            "--national/--no-national",
            help="Tambahkan instansi demo lain (provinsi, kabupaten, kota, kementerian) untuk "
            "halaman Nasional koordinator.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Jalankan seluruh alur pada workspace demo (luring, deterministik)."""
    with ExitStack() as stack:
        base = stack.enter_context(serve_feeds()) if feeds else None
        _demo(out_dir, n_posts, seed, serve_after, base, json, national)


def _demo(
    out_dir: Path,
    n_posts: int,
    seed: int,
    serve_after: bool,
    feeds: str | None,
    json: bool,
    national: bool = False,
) -> None:
    show = not json
    with progress_bar(show and err.is_terminal) as bar:
        task = bar.add_task("demo", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message, completed=0, total=None)
            if show:
                err.print(f"• {message}")

        result = run_demo(
            state.engine(),
            state.settings.data_dir,
            out_dir,
            seed=seed,
            n_posts=n_posts,
            step=step,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            feeds=feeds,
        )
        others = (
            run_national_demo(
                state.engine(), result.workspace, state.settings.data_dir,
                seed=seed, n_posts=n_posts, step=step,
            )
            if national
            else []
        )  # fmt: skip
    if national:  # several workspaces now: the demo's own stays the one commands act on
        remember_default_workspace(state.settings.data_dir, result.workspace.slug)
    if json:
        print_json(
            {
                "workspace": result.workspace.slug,
                "import": result.imported.as_dict(),
                "enrich": result.enriched.as_dict(),
                "stats": result.stats.as_dict(),
                "sources": [r.as_dict() for r in result.collected],
                "national": [ws.slug for ws in others],
                "outputs": [
                    str(result.stats_file),
                    *map(str, result.report_files),
                    *map(str, result.bimtek.files),
                ],
                "bimtek": {
                    "event_id": result.bimtek.event.id,
                    "participants": result.bimtek.participants,
                    "winners": result.bimtek.winners,
                },
            }
        )
        return
    print_import_summary(result.imported)
    if result.collected:
        out.print(
            f"{fmt_int(len(result.collected))} sumber langsung demo diambil, "
            f"{fmt_int(sum(r.new for r in result.collected))} berita baru (halaman Sumber)."
        )
    out.print(f"{fmt_int(result.enriched.enriched)} post dianalisis teksnya")
    print_stats(result.workspace, result.stats)
    top = list_issues(state.engine(), result.workspace, IssueFilter(shown_only=True))[:8]
    if top:
        issues = Table("#", "isu", "tahap", "prioritas", "post", title="Isu teratas")
        for row in top:
            metrics = row.get("metrics") or {}
            issues.add_row(
                str(row["id"]),
                escape(row["label"]),
                row["stage"],
                row["priority"],
                fmt_int(metrics.get("posts", 0)),
            )
        out.print(issues)
        out.print("Rincian: `pantau issues show <#>`; semua isu: `pantau issues list`.")
    out.print("Laporan harian: " + ", ".join(p.name for p in result.report_files[:-1]))
    b = result.bimtek
    out.print(f"Bimtek #{b.event.id} {escape(b.event.title)}: {fmt_int(b.participants)} peserta")
    for mode, label in (("onsite", "luring"), ("online", "daring")):
        out.print(f"  pemenang post-test {label}: {escape('; '.join(b.winners[mode]))}")
    out.print("Hasil bimtek: " + ", ".join(p.name for p in b.files))
    out.print(f"Hasil: {out_dir}/ — basis data: {redact_url(state.settings.database_url)}")
    ensure_demo_login(state.engine(), result.workspace)
    out.print(f"Login dasbor demo: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    if others:
        ensure_coordinator_login(state.engine())
        out.print(
            f"{fmt_int(len(others))} instansi demo lain; halaman Nasional (/nasional): "
            f"{COORDINATOR_EMAIL} / {DEMO_PASSWORD}"
        )
    if serve_after:
        serve_web("127.0.0.1", 8000, "127.0.0.1")
