"""``pantau run`` (every stage of the pipeline, or some) and ``pantau enrich`` (text analysis
alone, with a progress bar and ``--all``). Thin: parses, calls ``pantau.pipeline``, prints."""

from __future__ import annotations

from typing import Annotated

import typer

from pantau.cli.context import JsonOpt, WorkspaceOpt, err, out, print_json, progress_bar, state
from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_int, parse_utc
from pantau.monitor.run import RunSummary
from pantau.notify import AlertSummary
from pantau.pipeline import PipelineResult, run_pipeline, stage_names
from pantau.store.enrichment import enrichment_counts
from pantau.text.stage import enrich_posts, load_models


def run_command(
    now: Annotated[
        str | None,
        typer.Option(help="Waktu 'sekarang' (ISO 8601; tanpa zona: UTC); bawaan: post terbaru."),
    ] = None,
    backfill: Annotated[
        str | None,
        typer.Option(help="Nilai ulang isu sejak waktu ini (ISO 8601), walau lebih dari 30 hari."),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            help=f"Hanya tahap ini, dipisah koma (urutan tetap): {', '.join(stage_names())}."
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Proses semua yang baru: analisis teks → klaim hoaks → agenda dan narasi → topik →
    rollup → deteksi → isu → indeks pencarian → peringatan."""
    ws = state.workspace(workspace)
    try:
        when = parse_utc(now) if now else None
        since = parse_utc(backfill) if backfill else None
    except ValueError as exc:
        raise PantauError(f"waktu tidak sah ({exc}); contoh: 2026-11-18T07:00:00+07:00") from None
    names = [n.strip() for n in only.split(",") if n.strip()] if only is not None else None
    result = run_pipeline(
        state.engine(), ws, state.settings.data_dir, until=when, stages=names, backfill=since
    )
    if json:
        print_json(run_json(result))
        return
    monitoring = result.get("issues")
    if monitoring is not None and isinstance(monitoring.output, RunSummary):
        _print_monitoring(monitoring.output, ws.timezone)
    alerts = result.get("alerts")
    if alerts is not None and isinstance(alerts.output, AlertSummary) and alerts.output.rules:
        out.print(alerts.output.line(), highlight=False)
    if only is not None:
        out.print(
            ", ".join(f"{r.name} {r.seconds:.1f} dtk" for r in result.stages), highlight=False
        )


def run_json(result: PipelineResult) -> dict[str, object]:
    """Every stage's result under ``stages``; beside it, as before stages were listed, the
    monitoring summary's fields, ``search_indexed`` and ``alerts`` (of the stages that ran)."""
    data: dict[str, object] = {}
    monitoring = result.get("issues")
    if monitoring is not None and isinstance(monitoring.output, RunSummary):
        data.update(monitoring.output.as_dict())
    search = result.get("search")
    if search is not None:
        data["search_indexed"] = search.counts["indexed"]
    alerts = result.get("alerts")
    if alerts is not None and isinstance(alerts.output, AlertSummary):
        data["alerts"] = alerts.output.as_dict()
    data["stages"] = result.as_list()
    return data


def _print_monitoring(summary: RunSummary, timezone: str) -> None:
    out.print(
        f"{fmt_int(summary.posts)} post baru, {fmt_int(summary.evaluated_hours)} jam dinilai, "
        f"{fmt_int(summary.issues_new)} isu baru, {fmt_int(summary.issues_updated)} isu diperbarui."
    )
    if summary.stale_now:
        out.print(
            "--now lebih awal dari jam terakhir yang sudah dinilai; tidak ada yang dinilai "
            "ulang. Pakai --backfill WAKTU untuk menilai ulang sejak waktu itu.",
            highlight=False,
        )
    if summary.skipped_before is not None:
        out.print(
            "Ada post baru bertanggal sebelum "
            f"{fmt_datetime(summary.skipped_before, timezone)}; isu sebelum itu tidak "
            "dideteksi (pakai --backfill untuk data lama).",
            highlight=False,
        )
    if summary.future_posts:
        out.print(
            f"{fmt_int(summary.future_posts)} post bertanggal lebih dari satu jam di masa depan "
            "(jam sumber atau zona waktu salah?) belum dinilai; dinilai setelah waktunya tiba.",
            highlight=False,
        )


def enrich_command(
    everything: Annotated[
        bool, typer.Option("--all", help="Analisis ulang semua post (setelah model berganti).")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Analisis teks post yang belum dianalisis: bahasa, sentimen, emosi, entitas."""
    ws = state.workspace(workspace)
    models = load_models(state.settings.data_dir, ws)
    with progress_bar(not json and err.is_terminal) as bar:
        task = bar.add_task("analisis teks", total=None)
        summary = enrich_posts(
            state.engine(),
            ws,
            models,
            everything=everything,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    with state.engine().connect() as conn:
        counts = enrichment_counts(conn, ws.id)
    if json:
        print_json({**summary.as_dict(), "counts": counts})
        return
    out.print(f"{fmt_int(summary.enriched)} post dianalisis (model {summary.model_version}).")
    sentiments = counts["sentiment"]
    total = sum(sentiments.values()) or 1
    out.print(
        "Sentimen: "
        + ", ".join(f"{name} {fmt_int(round(100 * n / total))}%" for name, n in sentiments.items())
    )
