"""``pantau import``, ``imports``, ``formats``, ``posts``, ``export`` and ``stats``: posts in
and out of a workspace. Thin: parses, calls ``pantau.ingest`` and the store, prints."""

from __future__ import annotations

import sys
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
from pantau.ingest.mapping.plan import HOW, ImportPlan, MapRequest, plan_import
from pantau.ingest.mapping.profiles import add_profile
from pantau.locale import fmt_datetime, fmt_int
from pantau.overview import workspace_stats
from pantau.records import PLATFORMS, Workspace
from pantau.search import index_posts, search_terms
from pantau.store.imports import list_runs
from pantau.store.posts import PostFilter, count_posts, list_posts, resolve
from pantau.text.stage import enrich_posts, load_models


def _advance(bar: Progress, task: TaskID, done: int, total: int) -> None:
    bar.update(task, completed=done, total=total)


MapOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="Pemetaan kolom field=kolom,… (mis. text=Tweet,created_at=Tanggal,platform=x); "
        "lihat docs/formats/mapping.md.",
    ),
]
PlatformOpt = Annotated[
    str | None, typer.Option("--platform", help="Platform untuk baris yang tidak menyebutnya.")
]
DateFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="Bentuk tanggal: dmy, mdy, iso, excel, epoch, epoch-ms atau pola strptime "
        "(bawaan: dikenali dari isi).",
    ),
]
DateMissingOpt = Annotated[
    str | None,
    typer.Option(
        "--date-missing",
        help="Baris tanpa tanggal: reject (bawaan) atau import-time (disimpan dengan waktu "
        "impor, ditandai date_missing).",
    ),
]


def _interactive(json: bool) -> bool:
    return not json and sys.stdin.isatty() and err.is_terminal


def _print_plan(plan: ImportPlan, accepted: bool) -> None:
    """The mapping a file is read with: field, column and first value (and, for a proposal,
    why each column was chosen and what is left over)."""
    proposal = plan.proposal
    name = escape(plan.path.name)
    if proposal is None:
        profile = f": [bold]{escape(plan.profile)}[/]" if plan.profile else ""
        out.print(f"[bold]{name}[/] — {HOW[plan.how]}{profile}")
    else:
        state_text = "disetujui dengan --yes" if accepted else "belum diimpor"
        out.print(f"[bold]Usulan pemetaan kolom untuk {name}[/] ({state_text}):")
    reasons = {g.field: g.reason for g in proposal.guesses} if proposal else {}
    rows = plan.described or [
        {"field": g.field, "source": g.column, "example": g.example}
        for g in (proposal.guesses if proposal else [])
    ]
    table = (
        Table("field", "kolom", "contoh", "alasan")
        if proposal
        else Table("field", "kolom", "contoh")
    )
    for row in rows:
        cells = [row["field"], escape(row["source"]), escape(row["example"] or "")]
        table.add_row(*cells, *([reasons.get(row["field"], "")] if proposal else []))
    out.print(table)
    if proposal is not None:
        if proposal.unused:
            out.print(f"  kolom tidak dipakai: {escape(', '.join(proposal.unused))}")
        if plan.mapping is not None and plan.mapping.fields:
            out.print(f"  sama dengan: --map {escape(repr(plan.mapping.spec()))}")


def _save_profile(ws: Workspace, name: str, plan: ImportPlan, json: bool) -> None:
    if plan.mapping is None:
        raise PantauError(
            f"{plan.path.name} dibaca sebagai post kanonik: tidak ada pemetaan untuk disimpan"
        )
    files = "json" if plan.format == "jsonl" else "table"
    new = add_profile(state.engine(), ws.id, name, plan.mapping, f"dari {plan.path.name}", files)
    if not json:
        out.print(f"profil pemetaan [bold]{escape(name)}[/] {'disimpan' if new else 'diperbarui'}")


_MISSING = {
    "text": "kolom teks (--map text=KOLOM)",
    "created_at": "kolom tanggal (--map created_at=KOLOM, atau --date-missing=import-time)",
    "platform": "platform (--platform x, atau --map platform=KOLOM)",
}


def _settle(plan: ImportPlan, yes: bool, json: bool) -> None:
    """Show how a mapped file will be read; a proposed mapping needs the person's yes."""
    if plan.mapping is None:
        return
    if not json:
        _print_plan(plan, yes)
    proposal = plan.proposal
    if proposal is None:
        return
    if json and not yes:
        print_json({"proposal": plan.as_dict()})
    if proposal.missing:
        wanted = "; ".join(_MISSING[f] for f in proposal.missing)
        raise PantauError(f"pemetaan kolom {plan.path.name} belum lengkap: sebutkan {wanted}")
    if yes:
        return
    if _interactive(json) and typer.confirm("Impor dengan pemetaan ini?", default=False):
        return
    raise PantauError(
        f"pemetaan kolom {plan.path.name} belum disetujui: periksa usulan di atas, lalu "
        "jalankan lagi dengan --yes (atau sebutkan --map / --profile)"
    )


def import_(
    files: Annotated[list[Path], typer.Argument(help="Berkas yang diimpor.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Paksa format (bawaan: dikenali otomatis).")
    ] = None,
    map_: MapOpt = None,
    profile: Annotated[
        str | None,
        typer.Option("--profile", "-p", help="Profil pemetaan (pantau import profiles list)."),
    ] = None,
    platform: PlatformOpt = None,
    date_format: DateFormatOpt = None,
    date_missing: DateMissingOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Setujui usulan pemetaan kolom tanpa bertanya.")
    ] = False,
    save_profile: Annotated[
        str | None,
        typer.Option("--save-profile", help="Simpan pemetaan yang dipakai sebagai profil bernama."),
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
    """Impor post dari berkas: JSONL/CSV/XLSX/Parquet kanonik, X API v2, RSS/Atom, dan tabel
    atau JSON lain lewat pemetaan kolom (--map, --profile, profil yang dikenali, atau usulan
    yang disetujui dengan --yes). Profil: pantau import profiles list|show|add|remove.
    Mengimpor lagi berkas yang sama menyelesaikan analisis dan indeks yang belum selesai."""
    ws = state.workspace(workspace)
    request = MapRequest(
        spec=",".join(map_) if map_ else None,
        profile=profile,
        platform=platform,
        date_format=date_format,
        date_missing=date_missing,
    )
    summaries = []
    failed = 0
    for path in files:
        try:
            plan = plan_import(state.engine(), ws, path, fmt=fmt, request=request)
            _settle(plan, yes, json)
            with progress_bar(not json and err.is_terminal) as bar:
                task = bar.add_task(path.name, total=None)
                summary = import_file(
                    state.engine(),
                    ws,
                    path,
                    rejects_dir=state.settings.rejects_dir,
                    progress=partial(_advance, bar, task),
                    allow_dates=allow_dates,
                    plan=plan,
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
        if save_profile:
            _save_profile(ws, save_profile, plan, json)
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
    table = Table(
        "#", "berkas", "format", "pemetaan", "status", "baru", "diperbarui", "duplikat", "ditolak"
    )
    for r in runs:
        table.add_row(
            str(r.id),
            r.file_name,
            r.format,
            r.profile
            or ("--map" if r.mapping and r.mapping.get("how") == "pemetaan" else "")
            or ("tebakan" if r.mapping else ""),
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
        f = resolve(conn, ws.id, f)
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
