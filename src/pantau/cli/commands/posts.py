"""``pantau import``, ``imports``, ``formats``, ``posts``, ``export`` and ``stats``: posts in
and out of a workspace. Thin: parses, calls ``pantau.ingest`` and the store, prints."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, TaskID
from rich.table import Table

from pantau.cli.context import (
    JsonOpt,
    WorkspaceOpt,
    err,
    out,
    parse_day,
    print_json,
    progress_bar,
    state,
)
from pantau.cli.summaries import print_import_summary, print_stats
from pantau.errors import PantauError
from pantau.export import export_posts
from pantau.ingest.formats import all_formats
from pantau.ingest.importer import import_file
from pantau.locale import fmt_datetime, fmt_int
from pantau.overview import workspace_stats
from pantau.records import PLATFORMS
from pantau.search import index_posts, search_terms
from pantau.store.imports import list_runs
from pantau.store.posts import PostFilter, count_posts, list_posts
from pantau.text.stage import enrich_posts, load_models


def _advance(bar: Progress, task: TaskID, done: int, total: int) -> None:
    bar.update(task, completed=done, total=total)


def import_(
    files: Annotated[list[Path], typer.Argument(help="Berkas yang diimpor.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Paksa format (bawaan: dikenali otomatis).")
    ] = None,
    enrich: Annotated[
        bool, typer.Option("--enrich/--no-enrich", help="Analisis teks post baru sesudah impor.")
    ] = True,
    allow_dates: Annotated[
        bool,
        typer.Option(
            "--allow-dates",
            help="Simpan juga post bertanggal sebelum 2000 atau lebih dari sehari ke depan.",
        ),
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor post dari berkas (JSONL/CSV/XLSX/Parquet kanonik, X API v2, RSS/Atom). Mengimpor
    lagi berkas yang sama menyelesaikan analisis dan indeks yang belum selesai."""
    ws = state.workspace(workspace)
    summaries = []
    failed = 0
    for path in files:
        with progress_bar(not json and err.is_terminal) as bar:
            task = bar.add_task(path.name, total=None)
            try:
                summary = import_file(
                    state.engine(),
                    ws,
                    path,
                    rejects_dir=state.settings.rejects_dir,
                    fmt=fmt,
                    progress=partial(_advance, bar, task),
                    allow_dates=allow_dates,
                )
            except PantauError as exc:
                if len(files) == 1:
                    raise
                err.print(f"[red]galat:[/] {escape(f'{path}: {exc}')}", highlight=False)
                failed += 1
                continue
        summaries.append(summary)
        if not json:
            print_import_summary(summary)
    enriched = None
    # both stages resume from their stored positions: an import run again after a crash
    # finishes the analysis and indexing the earlier run left undone
    if enrich and summaries:
        with progress_bar(not json and err.is_terminal) as bar:
            task = bar.add_task("analisis teks", total=None)
            enriched = enrich_posts(
                state.engine(),
                ws,
                load_models(state.settings.data_dir, ws),
                progress=lambda done, _total: bar.update(task, completed=done),
            )
        if not json and enriched.enriched:
            out.print(f"{fmt_int(enriched.enriched)} post baru dianalisis teksnya")
    if summaries:
        with progress_bar(not json and err.is_terminal) as bar:
            task = bar.add_task("indeks pencarian", total=None)
            index_posts(state.engine(), ws, progress=lambda n: bar.advance(task, n))
    if json:
        print_json([s.as_dict() for s in summaries])
    if failed:
        raise typer.Exit(1)


def imports(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Riwayat impor (asal-usul data): berkas, checksum, jumlah, penolakan."""
    ws = state.workspace(workspace)
    runs = list_runs(state.engine(), ws.id)
    if json:
        print_json([asdict(r) for r in runs])
        return
    table = Table("#", "berkas", "format", "status", "baru", "diperbarui", "duplikat", "ditolak")
    for r in runs:
        table.add_row(
            str(r.id),
            r.file_name,
            r.format,
            r.status,
            fmt_int(r.rows_new),
            fmt_int(r.rows_updated),
            fmt_int(r.rows_duplicate),
            fmt_int(r.rows_rejected),
        )
    out.print(table)


def formats(json: JsonOpt = False) -> None:
    """Format berkas yang bisa diimpor."""
    found = [{"name": f.name, "description": f.description} for f in all_formats()]
    if json:
        print_json(found)
        return
    table = Table("format", "keterangan")
    for f in found:
        table.add_row(f["name"], f["description"])
    out.print(table)


def posts(
    search: Annotated[str | None, typer.Option("--search", "-q", help="Teks yang dicari.")] = None,
    platform: Annotated[str | None, typer.Option(help=f"{', '.join(PLATFORMS)}.")] = None,
    author: Annotated[str | None, typer.Option(help="Akun penulis.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD, zona workspace).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Daftar dan cari post."""
    ws = state.workspace(workspace)
    if platform and platform not in PLATFORMS:
        raise PantauError(f"platform tidak dikenal: {platform!r} (pilih {', '.join(PLATFORMS)})")
    f = PostFilter(
        platform=platform,
        author=author,
        terms=search_terms(search),
        since=parse_day(since, ws.timezone),
        until=parse_day(until, ws.timezone, end=True),
    )
    with state.engine().connect() as conn:
        rows = list_posts(conn, ws.id, f, limit=limit, offset=offset)
        total = count_posts(conn, ws.id, f)
    if json:
        print_json({"total": total, "posts": rows})
        return
    table = Table("waktu", "platform", "akun", "teks", "suka", expand=True)
    for r in rows:
        body = r["title"] or r["text"]
        table.add_row(
            fmt_datetime(r["created_at"], ws.timezone),
            r["platform"],
            r["author"] or "",
            (body[:140] + "…") if len(body) > 140 else body,
            fmt_int(r["likes"]) if r["likes"] is not None else "",
        )
    out.print(table)
    out.print(f"{fmt_int(len(rows))} dari {fmt_int(total)} post")


def export(
    path: Annotated[Path, typer.Argument(help="Berkas tujuan (.csv, .xlsx atau .jsonl).")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv, xlsx atau jsonl (bawaan: dari akhiran)."),
    ] = None,
    search: Annotated[str | None, typer.Option("--search", "-q")] = None,
    platform: Annotated[str | None, typer.Option()] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    separator: Annotated[
        str,
        typer.Option(
            "--separator", help="Pemisah kolom CSV: , atau ; (untuk Excel berbahasa Indonesia)."
        ),
    ] = ",",
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor post ke CSV (Excel), XLSX atau JSON Lines kanonik (bisa diimpor lagi)."""
    ws = state.workspace(workspace)
    chosen = fmt or path.suffix.lstrip(".").lower()
    f = PostFilter(
        platform=platform,
        terms=search_terms(search),
        since=parse_day(since, ws.timezone),
        until=parse_day(until, ws.timezone, end=True),
    )
    n = export_posts(state.engine(), ws, path, chosen, f, separator)
    if json:
        print_json({"path": str(path), "format": chosen, "posts": n})
        return
    out.print(f"{fmt_int(n)} post ditulis ke {path}")


def stats(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Ringkasan isi workspace: jumlah post per platform dan per hari."""
    ws = state.workspace(workspace)
    s = workspace_stats(state.engine(), ws)
    if json:
        print_json(s.as_dict())
        return
    print_stats(ws, s)
