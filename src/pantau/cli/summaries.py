"""Human-readable summaries that more than one command prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.table import Table

from pantau.cli.context import out
from pantau.ingest.importer import ImportSummary
from pantau.locale import fmt_day, fmt_int, zone_label
from pantau.overview import WorkspaceStats
from pantau.records import Workspace


def print_import_summary(s: ImportSummary) -> None:
    out.print(
        f"[bold]{Path(s.file).name}[/] ({s.format}"
        + (f", {s.encoding}" if s.encoding else "")
        + f"): dibaca {fmt_int(s.read)}, baru {fmt_int(s.new)}, diperbarui {fmt_int(s.updated)}, "
        f"duplikat {fmt_int(s.duplicate)}, ditolak {fmt_int(s.rejected)} "
        f"— {s.seconds:.1f} dtk"
    )
    if s.repaired_run_id:
        out.print(f"  melanjutkan impor #{s.repaired_run_id} yang terputus")
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {s.rejects_path}")


def print_stats(ws: Workspace, s: WorkspaceStats) -> None:
    out.print(f"[bold]{ws.name}[/] ({ws.slug}) — {fmt_int(s.posts)} post")
    platforms = Table("platform", "post", title="Per platform")
    for p, n in s.by_platform.items():
        platforms.add_row(p, fmt_int(n))
    days = Table("hari", "post", title=f"Per hari ({zone_label(ws.timezone)})")
    for d, n in s.by_day.items():
        days.add_row(fmt_day(date.fromisoformat(d)), fmt_int(n))
    out.print(platforms)
    out.print(days)
    sentiments = s.enrichment.get("sentiment", {})
    if sentiments:
        total = sum(sentiments.values())
        mood = Table("sentimen", "post", "%", title="Sentimen")
        for name, n in sentiments.items():
            mood.add_row(name, fmt_int(n), fmt_int(round(100 * n / total)))
        out.print(mood)
