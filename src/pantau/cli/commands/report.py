"""``pantau report …``: the daily issue-monitoring report (laporan harian). Thin: parses,
calls ``pantau.report``, prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.locale import fmt_int
from pantau.national.view import view_json
from pantau.report.daily import build_daily_report, language
from pantau.report.national import build_national_report, write_national_report
from pantau.report.render import list_reports, parse_formats, write_daily_report

app = typer.Typer(
    help="Laporan harian monitoring isu (PDF, Word, Excel, HTML, kartu isu PNG).",
    no_args_is_help=True,
)


OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Folder keluaran (bawaan <folder data>/reports)."),
]


def _out_dir(value: Path | None) -> Path:
    return value if value is not None else state.settings.data_dir / "reports"


def _print_lines(summary: list[str], caveats: list[str], paths: list[Path]) -> None:
    for sentence in summary:
        out.print(f"  {escape(sentence)}", highlight=False)
    for caveat in caveats:
        out.print(f"  [yellow]catatan:[/] {escape(caveat)}", highlight=False)
    for path in paths:
        out.print(f"  → {escape(str(path))}", highlight=False)


@app.command("daily")
def daily(
    day: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Tanggal laporan (YYYY-MM-DD): periode 24 jam yang berakhir pukul 07.00 "
            "waktu workspace. Bawaan: hari setelah post terakhir.",
        ),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", help="Daftar format, dipisah koma.")
    ] = "pdf,docx,xlsx,html,png",
    out_dir: OutOpt = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "--bahasa",
            help="Bahasa laporan: id (Bahasa Indonesia) atau en (English). "
            "Bawaan: PANTAU_LANG bila diisi, selain itu id.",
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Buat laporan harian monitoring isu."""
    chosen = parse_formats(formats)
    chosen_lang = language(lang)
    parsed = None
    if day:
        try:
            parsed = date.fromisoformat(day)
        except ValueError:
            raise PantauError(f"tanggal tidak sah: {day!r} (pakai YYYY-MM-DD)") from None
    ws = state.workspace(workspace)
    report = build_daily_report(state.engine(), ws, parsed, lang=chosen_lang)
    paths = write_daily_report(report, _out_dir(out_dir), chosen)
    if json:
        print_json({**report.as_dict(), "files": [str(p) for p in paths]})
        return
    out.print(f"[bold]Laporan harian {escape(ws.name)}[/] — {escape(report.day_label)}")
    out.print(f"Periode: {escape(report.period_label)}")
    _print_lines(report.summary, report.caveats, paths)
    out.print(f"Hash masukan: {report.input_hash}", highlight=False)


@app.command("national")
def national(
    formats: Annotated[str, typer.Option("--format", help="Daftar format, dipisah koma.")] = (
        "pdf,docx,xlsx,png"
    ),
    out_dir: OutOpt = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", "--bahasa", help="Bahasa laporan: id atau en (bawaan id)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Buat laporan harian nasional koordinator (isu lintas instansi, hoaks, narasi)."""
    report = build_national_report(state.engine(), lang=language(lang))
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    paths = write_national_report(report, _out_dir(out_dir), chosen)
    if json:
        print_json(
            {
                **view_json(report.view),
                "summary": report.summary,
                "caveats": report.caveats,
                "files": [str(p) for p in paths],
            }
        )
        return
    out.print(f"[bold]Laporan harian nasional[/] — data per {escape(report.when)}")
    _print_lines(report.summary, report.caveats, paths)


@app.command("list")
def list_command(
    out_dir: OutOpt = None,
    workspace: Annotated[
        str | None, typer.Option("--workspace", "-w", help="Hanya laporan workspace ini (slug).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Daftar laporan yang sudah dibuat (dari manifes di folder keluaran)."""
    folder = _out_dir(out_dir)
    found = list_reports(folder, workspace)
    if json:
        print_json(found)
        return
    if not found:
        out.print(f"belum ada laporan di {escape(str(folder))}")
        return
    table = Table(
        "tanggal", "workspace", "bahasa", "post", "isu", "format", "versi", "hash masukan"
    )
    for m in found:
        formats = ", ".join(Path(f).suffix.lstrip(".") for f in m.get("files", []))
        if m.get("missing"):
            formats += f" (hilang: {len(m['missing'])})"
        table.add_row(
            escape(m.get("day", "")),
            escape(m.get("workspace", "")),
            escape(m.get("language", "id")),
            fmt_int(m.get("total_posts", 0)),
            fmt_int(len(m.get("issues", []))),
            escape(formats),
            escape(m.get("version", "")),
            escape(m.get("input_hash", "")[:16]),
        )
    out.print(table)
