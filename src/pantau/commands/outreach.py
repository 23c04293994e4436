"""``pantau outreach …``: the institution's own accounts, from platform analytics exports.
Thin: parses, calls ``pantau.outreach``, prints. Mounted by ``pantau.cli`` with
``app.add_typer(outreach_app, name="outreach")``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from babel.numbers import format_decimal
from rich.markup import escape
from rich.table import Table

from pantau.cli import JsonOpt, WorkspaceOpt, _print_json, out, state
from pantau.errors import PantauError
from pantau.locale import current_language, fmt_datetime, fmt_int, zone_label, zone_name

if TYPE_CHECKING:
    from pantau.outreach.importer import OutreachImportSummary

app = typer.Typer(
    help="Akun resmi: impor ekspor analitik platform, metrik, waktu unggah terbaik "
    "(panduan: docs/outreach.md).",
    no_args_is_help=True,
)

ChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel", "-c", help="Akun: nama/handle, atau platform:nama (mis. ig:humasjateng)."
    ),
]


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PantauError(f"{option} tidak sah: {value!r} (pakai YYYY-MM-DD)") from None


def _pct(value: float | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value * 100, format="#,##0.00", locale=current_language()) + "%"


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return fmt_int(int(value))
    return format_decimal(value, format="#,##0.0", locale=current_language())


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="Berkas ekspor (.csv) atau arsip .zip.")],
    channel: ChannelOpt = None,
    timezone: Annotated[
        str | None,
        typer.Option("--tz", help="Zona waktu jam di berkas (bawaan: zona workspace)."),
    ] = None,
    downloaded: Annotated[
        str | None,
        typer.Option(
            help="Tanggal unduh YYYY-MM-DD (bawaan: tanggal berkas); melengkapi tanggal "
            "tanpa tahun dan menentukan salinan terbaru."
        ),
    ] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="Paksa jenis berkas (lihat `formats`).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor ekspor analitik (Meta, X, YouTube Studio, TikTok Studio); jenis dikenali otomatis."""
    from pantau.outreach.importer import import_exports

    ws = state.workspace(workspace)
    day = _day(downloaded, "--downloaded")
    summaries = []
    failed = 0
    for path in files:
        try:
            summaries += import_exports(
                state.engine(),
                ws,
                [path],
                rejects_dir=state.settings.rejects_dir,
                channel=channel,
                timezone=zone_name(timezone) if timezone else None,
                downloaded=day,
                fmt=fmt,
            )
        except PantauError as exc:
            if len(files) == 1:
                raise
            typer.echo(f"galat: {path}: {exc}", err=True)
            failed += 1
    if json:
        _print_json([s.as_dict() for s in summaries])
    else:
        _print_summaries(summaries)
    if failed:
        raise typer.Exit(1)


def _print_summaries(summaries: list[OutreachImportSummary]) -> None:
    for s in summaries:
        name = Path(s.file).name + (f" › {s.member}" if s.member else "")
        accounts = escape(", ".join(s.channels))
        out.print(
            f"[bold]{escape(name)}[/] ({s.format}, {s.encoding}) → {accounts}: "
            f"dibaca {fmt_int(s.read)}, baru {fmt_int(s.new)}, diperbarui {fmt_int(s.updated)}, "
            f"sama {fmt_int(s.unchanged)}, dilewati {fmt_int(s.skipped)}, "
            f"ditolak {fmt_int(s.rejected)}"
        )
        for note in s.notes:
            out.print(f"  [yellow]catatan:[/] {escape(note)}")
        if s.rejects_path:
            out.print(f"  baris yang ditolak/dilewati dan alasannya: {escape(s.rejects_path)}")


@app.command()
def channels(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar akun resmi yang datanya sudah diimpor."""
    from pantau.store.outreach import channel_summaries

    ws = state.workspace(workspace)
    with state.engine().connect() as conn:
        found = channel_summaries(conn, ws.id)
    if json:
        _print_json(
            [
                {
                    "platform": s.channel.platform,
                    "handle": s.channel.handle,
                    "name": s.channel.name,
                    "posts": s.posts,
                    "first_post": s.first_post,
                    "last_post": s.last_post,
                    "daily_values": s.daily_metrics,
                    "followers": s.followers,
                    "followers_on": s.followers_on,
                }
                for s in found
            ]
        )
        return
    table = Table("platform", "akun", "nama", "post", "post terakhir", "pengikut")
    for s in found:
        table.add_row(
            s.channel.platform,
            escape(s.channel.handle),
            escape(s.channel.name or ""),
            fmt_int(s.posts),
            fmt_datetime(s.last_post, ws.timezone) if s.last_post else "–",
            _num(s.followers) + (f" ({s.followers_on.isoformat()})" if s.followers_on else ""),
        )
    out.print(table)


@app.command()
def metrics(
    channel: Annotated[
        list[str] | None,
        typer.Option("--channel", "-c", help="Akun (boleh berulang); bawaan: semua akun."),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    by: Annotated[
        list[str] | None,
        typer.Option(help="Kelompokkan: channel, platform, format, month, week (boleh berulang)."),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Metrik akun resmi: tingkat engagement (per jangkauan, tayangan, impresi, pengikut),
    tingkat percakapan, amplifikasi dan apresiasi, pertumbuhan pengikut."""
    from pantau.outreach.channels import find_channel
    from pantau.outreach.metrics import GROUPINGS, channel_metrics

    ws = state.workspace(workspace)
    groupings = by or ["channel"]
    bad = [g for g in groupings if g not in GROUPINGS]
    if bad:
        raise PantauError(f"--by tidak dikenal: {', '.join(bad)} (pilih {', '.join(GROUPINGS)})")
    chosen = None
    if channel:
        with state.engine().connect() as conn:
            chosen = [find_channel(conn, ws.id, c) for c in channel]
    report = channel_metrics(
        state.engine(),
        ws,
        chosen,
        _day(since, "--since"),
        _day(until, "--until"),
        groupings,
    )
    if json:
        _print_json(report.as_dict())
        return
    table = Table(title=f"Metrik akun resmi ({zone_label(ws.timezone)})")
    table.add_column("kelompok", min_width=22, overflow="fold")
    for header in (
        "post",
        "engage-\nment",
        "ER\njangkauan",
        "ER\ntayangan",
        "ER\nimpresi",
        "ER\npengikut",
        "percakapan",
        "amplifikasi",
        "apresiasi",
        "pengikut",
        "tumbuh\npengikut",
    ):
        table.add_column(header, justify="right", overflow="fold")
    for g in report.groups:
        growth = "–"
        if g.growth is not None:
            growth = f"{'+' if g.growth.change >= 0 else ''}{_num(g.growth.change)}"
            if g.growth.percent is not None:
                growth += f" ({_pct(g.growth.percent)})"
        table.add_row(
            escape(" · ".join(g.key.values())),
            fmt_int(g.posts),
            fmt_int(g.totals["engagements"]),
            _pct(g.rate("engagement_rate", "reach").value),
            _pct(g.rate("engagement_rate", "views").value),
            _pct(g.rate("engagement_rate", "impressions").value),
            _pct(g.rate("engagement_rate", "followers").value),
            _pct(g.rate("conversation_rate", "followers").value),
            _pct(g.rate("amplification_rate", "followers").value),
            _pct(g.rate("applause_rate", "followers").value),
            _num(g.followers),
            growth,
        )
    out.print(table)
    out.print(
        "ER = engagement (suka + komentar + bagikan + simpan) dibagi penyebut pada judul kolom; "
        "percakapan/amplifikasi/apresiasi = komentar/bagikan/suka per post dibagi pengikut."
    )


@app.command("best-time")
def best_time(
    channel: Annotated[
        str, typer.Option("--channel", "-c", help="Akun: nama/handle atau platform:nama.")
    ],
    top: Annotated[int, typer.Option(min=1, max=168, help="Jumlah slot teratas.")] = 5,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Waktu unggah terbaik: peta hari × jam perkiraan engagement dari riwayat akun sendiri."""
    from pantau.outreach.besttime import WEEKDAYS_ID, channel_best_time
    from pantau.outreach.channels import find_channel

    ws = state.workspace(workspace)
    with state.engine().connect() as conn:
        ch = find_channel(conn, ws.id, channel)
    result = channel_best_time(state.engine(), ws, ch, top=top)
    if json:
        _print_json(result.as_dict())
        return
    top_cells = {(s.weekday, s.hour) for s in result.top}
    table = Table(
        "hari",
        *[f"{h:02d}" for h in range(24)],
        title=f"Indeks engagement {escape(ch.label)} ({zone_label(ws.timezone)}; 1,0 = post biasa)",
        padding=(0, 0),
    )
    for wd in range(7):
        cells = []
        for h in range(24):
            s = result.cell(wd, h)
            text = format_decimal(s.index, format="0.0", locale=current_language())
            style = "bold green" if (wd, h) in top_cells else ("dim" if s.thin else "")
            cells.append(f"[{style}]{text}[/]" if style else text)
        table.add_row(WEEKDAYS_ID[wd][:3], *cells)
    out.print(table)
    out.print(f"Dasar: {result.posts_used} post berwaktu; pola awal: {result.prior}.")
    for i, s in enumerate(result.top, 1):
        expected = (
            f", perkiraan {_num(round(s.expected_engagements))} engagement"
            if s.expected_engagements is not None
            else ""
        )
        index = format_decimal(s.index, format="0.00", locale=current_language())
        out.print(
            f"{i}. {s.label} — indeks {index}{expected}; {s.posts} post"
            + (" [yellow](data tipis)[/]" if s.thin else "")
        )
    for note in result.notes:
        out.print(f"[yellow]catatan:[/] {escape(note)}")


@app.command()
def followers(
    channel: Annotated[str, typer.Argument(help="Akun: nama/handle atau platform:nama.")],
    count: Annotated[int, typer.Argument(min=0, help="Jumlah pengikut.")],
    on: Annotated[
        str | None, typer.Option("--date", help="Tanggal (YYYY-MM-DD); bawaan hari ini.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Catat jumlah pengikut sebuah akun (untuk platform yang ekspornya tidak memuatnya)."""
    from pantau.outreach.channels import find_channel
    from pantau.outreach.records import DailyItem
    from pantau.store.outreach import write_daily

    ws = state.workspace(workspace)
    day = _day(on, "--date") or date.today()
    with state.engine().begin() as conn:
        ch = find_channel(conn, ws.id, channel)
        write_daily(
            conn,
            ws.id,
            ch.id,
            [DailyItem(0, "followers", day, float(count), "")],
            import_id=None,
            collected_at=datetime.now(UTC).replace(tzinfo=None),
        )
    if json:
        _print_json({"channel": ch.label, "date": day, "followers": count})
        return
    out.print(f"Pengikut {escape(ch.label)} pada {day.isoformat()}: {fmt_int(count)}")


@app.command()
def formats(json: JsonOpt = False) -> None:
    """Jenis berkas ekspor yang dikenali."""
    from pantau.outreach.formats import all_formats

    found = [
        {
            "name": f.name,
            "platform": f.platform or "facebook/instagram",
            "kind": f.kind,
            "description": f.description,
        }
        for f in all_formats()
    ]
    if json:
        _print_json(found)
        return
    table = Table("platform", "isi", "keterangan")
    table.add_column("jenis", overflow="fold")
    for f in found:
        table.add_row(f["platform"], f["kind"], escape(f["description"]), f["name"])
    out.print(table)


@app.command()
def imports(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Riwayat impor ekspor analitik (asal-usul data)."""
    from pantau.store.outreach import list_imports

    ws = state.workspace(workspace)
    runs = list_imports(state.engine(), ws.id)
    if json:
        _print_json(runs)
        return
    table = Table("#", "berkas", "jenis", "status", "baru", "diperbarui", "sama", "ditolak")
    for r in runs:
        name = r["file_name"] + (f" › {r['member']}" if r["member"] else "")
        table.add_row(
            str(r["id"]),
            escape(name),
            r["format"],
            r["status"],
            fmt_int(r["rows_new"]),
            fmt_int(r["rows_updated"]),
            fmt_int(r["rows_unchanged"]),
            fmt_int(r["rows_rejected"]),
        )
    out.print(table)
