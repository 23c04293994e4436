"""``pantau outreach …``: the institution's own accounts, from platform analytics exports.
Thin: parses, calls ``pantau.outreach``, prints."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from babel.numbers import format_decimal
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.locale import current_language, fmt_datetime, fmt_int, zone_label, zone_name
from pantau.outreach.audience import audience_report, find_audience, list_audiences, save_audience
from pantau.outreach.besttime import (
    MIN_POSTS_FOR_ADVICE,
    THIN_CELL,
    WEEKDAYS_ID,
    channel_best_time,
)
from pantau.outreach.calendar import (
    STATUSES,
    add_item,
    agenda_titles,
    check_captions,
    delete_item,
    edit_item,
    holidays_between,
    link_published,
    list_items,
    plan_vs_actual,
    set_status,
    to_csv,
    to_ics,
    to_local,
)
from pantau.outreach.channeling import ContentRequest, recommend
from pantau.outreach.channels import find_channel
from pantau.outreach.formats import all_formats
from pantau.outreach.goals import delete_goal, find_goal, format_value, goal_progress, save_goal
from pantau.outreach.importer import OutreachImportSummary, import_exports
from pantau.outreach.metrics import GROUPINGS, channel_metrics
from pantau.records import Workspace
from pantau.report.weekly import build_weekly_report, parse_week, write_weekly_report
from pantau.shapes import deleted_json
from pantau.store.outreach import channel_summaries, find_channels, list_imports, write_daily
from pantau.store.outreach_records import Channel, DailyItem, PlanItem

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
        print_json([s.as_dict() for s in summaries])
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
    ws = state.workspace(workspace)
    with state.engine().connect() as conn:
        found = channel_summaries(conn, ws.id)
    if json:
        print_json(
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
        print_json(report.as_dict())
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
    ws = state.workspace(workspace)
    with state.engine().connect() as conn:
        ch = find_channel(conn, ws.id, channel)
    result = channel_best_time(state.engine(), ws, ch, top=top)
    if json:
        print_json(result.as_dict())
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
    if not result.advice:
        out.print(
            f"Belum ada rekomendasi jam unggah: perlu minimal {MIN_POSTS_FOR_ADVICE} post "
            f"berwaktu dan {THIN_CELL} post pada jam yang disarankan."
        )
    for i, s in enumerate(result.advice, 1):
        expected = (
            f", perkiraan {_num(round(s.expected_engagements))} engagement"
            if s.expected_engagements is not None
            else ""
        )
        index = format_decimal(s.index, format="0.00", locale=current_language())
        out.print(f"{i}. {s.label} — indeks {index}{expected}; {s.posts} post")
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
        print_json({"channel": ch.label, "date": day, "followers": count})
        return
    out.print(f"Pengikut {escape(ch.label)} pada {day.isoformat()}: {fmt_int(count)}")


@app.command()
def formats(json: JsonOpt = False) -> None:
    """Jenis berkas ekspor yang dikenali."""
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
        print_json(found)
        return
    table = Table("platform", "isi", "keterangan")
    table.add_column("jenis", overflow="fold")
    for f in found:
        table.add_row(f["platform"], f["kind"], escape(f["description"]), f["name"])
    out.print(table)


@app.command()
def imports(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Riwayat impor ekspor analitik (asal-usul data)."""
    ws = state.workspace(workspace)
    runs = list_imports(state.engine(), ws.id)
    if json:
        print_json(runs)
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


# --- goals and KPIs -------------------------------------------------------------------------

goal_app = typer.Typer(
    help="Tujuan dan KPI: sasaran, target, periode, kemajuan.", no_args_is_help=True
)
audience_app = typer.Typer(help="Audiens sasaran kampanye dan jangkauannya.", no_args_is_help=True)
plan_app = typer.Typer(
    help="Kalender konten: rencana, caption per platform, persetujuan, ekspor ICS/CSV.",
    no_args_is_help=True,
)
app.add_typer(goal_app, name="goal")
app.add_typer(audience_app, name="audience")
app.add_typer(plan_app, name="plan")

ByOpt = Annotated[str, typer.Option("--by", help="Email orang yang melakukan perubahan.")]


def _channel_ids(ws_id: int, names: list[str] | None) -> list[int]:
    if not names:
        return []
    with state.engine().connect() as conn:
        return [find_channel(conn, ws_id, n).id for n in names]


def _require_day(value: str, option: str) -> date:
    day = _day(value, option)
    assert day is not None
    return day


@goal_app.command("add")
def goal_add(
    name: Annotated[str, typer.Argument(help="Nama tujuan (unik; menyimpan lagi = mengganti).")],
    objective: Annotated[
        str,
        typer.Option(help="Sasaran: awareness, engagement, participation, reputation."),
    ],
    target: Annotated[
        float, typer.Option(help="Target KPI (tingkat engagement sebagai pecahan: 0.05 = 5%).")
    ],
    since: Annotated[str, typer.Option(help="Awal periode (YYYY-MM-DD).")],
    until: Annotated[str, typer.Option(help="Akhir periode (inklusif).")],
    metric: Annotated[
        str | None,
        typer.Option(help="Metrik KPI (bawaan menurut sasaran; lihat docs/outreach.md)."),
    ] = None,
    channel: Annotated[
        list[str] | None,
        typer.Option("--channel", "-c", help="Akun (boleh berulang); bawaan semua."),
    ] = None,
    audience: Annotated[str | None, typer.Option(help="Audiens sasaran (nama atau id).")] = None,
    notes: Annotated[str | None, typer.Option(help="Catatan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tetapkan tujuan dengan satu KPI, target dan periode."""
    ws = state.workspace(workspace)
    engine = state.engine()
    audience_id = find_audience(engine, ws, audience).id if audience else None
    goal = save_goal(
        engine,
        ws,
        name=name,
        objective=objective,
        metric=metric,
        target=target,
        starts_on=_require_day(since, "--since"),
        ends_on=_require_day(until, "--until"),
        channel_ids=_channel_ids(ws.id, channel),
        audience_id=audience_id,
        notes=notes,
    )
    if json:
        print_json(goal)
        return
    out.print(f"Tujuan #{goal.id} {escape(goal.name)} disimpan ({goal.objective}, {goal.metric}).")


@goal_app.command("list")
def goal_list(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Tanggal penilaian (bawaan hari ini).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tujuan dan kemajuannya: sesuai jalur, berisiko, tercapai."""
    ws = state.workspace(workspace)
    found = goal_progress(state.engine(), ws, _day(as_of, "--as-of"))
    if json:
        print_json([p.as_dict() for p in found])
        return
    if not found:
        out.print("Belum ada tujuan; tambahkan dengan `pantau outreach goal add`.")
        return
    table = Table("#", "tujuan", "sasaran", "KPI", "capaian", "target", "kemajuan", "status")
    colours = {"on_track": "green", "achieved": "bold green", "at_risk": "red", "missed": "red"}
    for p in found:
        g = p.goal
        colour = colours.get(p.status, "")
        table.add_row(
            str(g.id),
            escape(g.name),
            p.objective_label,
            p.metric_label,
            format_value(g.metric, p.actual),
            format_value(g.metric, g.target),
            _pct(p.progress),
            f"[{colour}]{p.status_label}[/]" if colour else p.status_label,
        )
    out.print(table)
    for p in found:
        out.print(f"#{p.goal.id}: {escape(p.explanation)}")


@goal_app.command("delete")
def goal_delete(
    ref: Annotated[str, typer.Argument(help="Nama atau id tujuan.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus tujuan."""
    ws = state.workspace(workspace)
    goal = delete_goal(state.engine(), ws, ref)
    if json:
        print_json(deleted_json("goal", goal.id, goal.name))
        return
    out.print(f"Tujuan #{goal.id} {escape(goal.name)} dihapus.")


# --- audiences ------------------------------------------------------------------------------


@audience_app.command("add")
def audience_add(
    name: Annotated[str, typer.Argument(help="Nama audiens sasaran.")],
    age: Annotated[
        list[str] | None, typer.Option("--age", help="Kelompok usia (18-24, 25-34, …, 65+).")
    ] = None,
    gender: Annotated[list[str] | None, typer.Option("--gender", help="F atau M.")] = None,
    region: Annotated[
        list[str] | None, typer.Option("--region", help="Provinsi atau kota (boleh berulang).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Simpan audiens sasaran (usia, jenis kelamin, wilayah)."""
    ws = state.workspace(workspace)
    found = save_audience(state.engine(), ws, name, age or [], gender or [], region or [])
    if json:
        print_json(found)
        return
    out.print(f"Audiens sasaran #{found.id} {escape(found.name)} disimpan.")


@audience_app.command("list")
def audience_list(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar audiens sasaran."""
    ws = state.workspace(workspace)
    found = list_audiences(state.engine(), ws)
    if json:
        print_json(found)
        return
    table = Table("#", "nama", "usia", "jenis kelamin", "wilayah")
    for a in found:
        table.add_row(
            str(a.id),
            escape(a.name),
            ", ".join(a.ages) or "semua",
            ", ".join(a.genders) or "semua",
            escape(", ".join(a.regions) or "semua"),
        )
    out.print(table)


@audience_app.command("check")
def audience_check(
    target: Annotated[str, typer.Argument(help="Audiens sasaran (nama atau id).")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Audiens tiap akun dibanding audiens sasaran; segmen yang belum terjangkau."""
    ws = state.workspace(workspace)
    engine = state.engine()
    report = audience_report(engine, ws, find_audience(engine, ws, target))
    if json:
        print_json(report.as_dict())
        return
    table = Table(
        "akun", "pengikut", "sesuai usia & gender", "di wilayah", "cakupan", "perkiraan orang",
        title=f"Audiens sasaran: {escape(report.target.name)}",
    )  # fmt: skip
    for f in report.channels:
        table.add_row(
            escape(f.channel) + (" [dim](perkiraan)[/]" if f.estimated else ""),
            _num(f.followers),
            _pct(f.demographic_share),
            _pct(f.region_share),
            _pct(f.coverage),
            _num(round(f.people)) if f.people is not None else "–",
        )
    out.print(table)
    if report.gaps:
        out.print("[bold]Belum terjangkau:[/]")
        for gap in report.gaps:
            out.print(f"  • {escape(gap)}")
    else:
        out.print("Semua segmen sasaran terjangkau oleh setidaknya satu akun.")


# --- channeling -----------------------------------------------------------------------------


@app.command()
def channeling(
    content_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="Jenis konten: infographic, short_video, long_video, thread, photo_story, "
            "press_release, live.",
        ),
    ],
    objective: Annotated[
        str, typer.Option(help="Sasaran: awareness, engagement, participation, reputation.")
    ] = "awareness",
    audience: Annotated[str | None, typer.Option(help="Audiens sasaran (nama atau id).")] = None,
    pillar: Annotated[str | None, typer.Option(help="Pilar konten.")] = None,
    top: Annotated[int, typer.Option(min=1, max=50, help="Jumlah rekomendasi.")] = 5,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kanalisasi konten: platform dan format yang disarankan, berurutan, dengan alasannya."""
    ws = state.workspace(workspace)
    engine = state.engine()
    target = find_audience(engine, ws, audience) if audience else None
    result = recommend(engine, ws, ContentRequest(content_type, objective, target, pillar), top=top)
    if json:
        print_json(result.as_dict())
        return
    for r in result.recommendations:
        index = format_decimal(r.index, format="0.00", locale=current_language())
        out.print(f"[bold]{r.rank}. {escape(r.channel)} — {r.format}[/] (indeks {index})")
        for reason in r.reasons:
            out.print(f"   • {escape(reason)}")
    for note in result.notes:
        out.print(f"[yellow]catatan:[/] {escape(note)}")


# --- content calendar -----------------------------------------------------------------------


def _local_time(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace(" ", "T"))
    except ValueError:
        raise PantauError(f"waktu tidak sah: {value!r} (pakai YYYY-MM-DD HH:MM)") from None


def _captions(values: list[str] | None) -> dict[str, str]:
    found = {}
    for value in values or []:
        platform, sep, text = value.partition("=")
        if not sep:
            raise PantauError(f"--caption ditulis platform=teks, bukan {value!r}")
        found[platform.strip()] = text
    return found


def _print_item(item: PlanItem, ws: Workspace, channels: Mapping[int, Channel]) -> None:
    accounts = ", ".join(channels[c].label for c in item.channel_ids if c in channels)
    out.print(
        f"[bold]#{item.id} {escape(item.title)}[/] — {fmt_datetime(item.scheduled_at, ws.timezone)}"
        f" · {item.content_type} · {escape(accounts) or 'belum ada akun'} · "
        f"{STATUSES[item.status]}"
    )
    for check in check_captions(item.captions):
        colour = "green" if check.ok else "red"
        out.print(f"   caption [{colour}]{escape(check.message)}[/]")


def _channel_map(ws_id: int) -> dict:
    with state.engine().connect() as conn:
        return {c.id: c for c in find_channels(conn, ws_id)}


@plan_app.command("add")
def plan_add(
    title: Annotated[str, typer.Argument(help="Judul konten.")],
    content_type: Annotated[str, typer.Option("--type", help="Jenis konten (lihat `channeling`).")],
    at: Annotated[
        str, typer.Option("--at", help="Waktu tayang, waktu setempat: YYYY-MM-DD HH:MM.")
    ],
    by: ByOpt,
    channel: Annotated[
        list[str] | None, typer.Option("--channel", "-c", help="Akun (boleh berulang).")
    ] = None,
    pillar: Annotated[str | None, typer.Option(help="Pilar konten.")] = None,
    caption: Annotated[
        list[str] | None,
        typer.Option(help="Caption per platform: platform=teks (boleh berulang)."),
    ] = None,
    agenda: Annotated[int | None, typer.Option(help="Id agenda yang didukung.")] = None,
    goal: Annotated[str | None, typer.Option(help="Tujuan (nama atau id).")] = None,
    owner: Annotated[str | None, typer.Option(help="Penanggung jawab.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambahkan rencana konten (status draf)."""
    ws = state.workspace(workspace)
    engine = state.engine()
    item = add_item(
        engine,
        ws,
        title=title,
        content_type=content_type,
        scheduled_at=_local_time(at),
        by=by,
        channel_ids=_channel_ids(ws.id, channel),
        pillar=pillar,
        captions=_captions(caption),
        agenda_item_id=agenda,
        goal_id=find_goal(engine, ws, goal).id if goal else None,
        owner=owner,
    )
    if json:
        print_json(item)
        return
    _print_item(item, ws, _channel_map(ws.id))


@plan_app.command("edit")
def plan_edit(
    item_id: Annotated[int, typer.Argument(help="Id rencana.")],
    title: Annotated[str | None, typer.Option(help="Judul baru.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="Waktu baru (YYYY-MM-DD HH:MM).")] = None,
    channel: Annotated[
        list[str] | None, typer.Option("--channel", "-c", help="Akun (mengganti semua).")
    ] = None,
    caption: Annotated[
        list[str] | None, typer.Option(help="Caption platform=teks (mengganti semua).")
    ] = None,
    pillar: Annotated[str | None, typer.Option(help="Pilar konten.")] = None,
    owner: Annotated[str | None, typer.Option(help="Penanggung jawab.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah rencana; mengubah isi rencana yang sudah disetujui mengembalikannya ke tinjauan."""
    ws = state.workspace(workspace)
    changes: dict[str, object] = {}
    if title is not None:
        changes["title"] = title
    if at is not None:
        changes["scheduled_at"] = _local_time(at)
    if channel is not None:
        changes["channels"] = _channel_ids(ws.id, channel)
    if caption is not None:
        changes["captions"] = _captions(caption)
    if pillar is not None:
        changes["pillar"] = pillar
    if owner is not None:
        changes["owner"] = owner
    item = edit_item(state.engine(), ws, item_id, **changes)
    if json:
        print_json(item)
        return
    _print_item(item, ws, _channel_map(ws.id))


@plan_app.command("status")
def plan_status(
    item_id: Annotated[int, typer.Argument(help="Id rencana.")],
    status: Annotated[
        str, typer.Argument(help="draft, review, approved, scheduled atau published.")
    ],
    by: ByOpt,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah status rencana (menyetujui harus orang lain selain penulisnya)."""
    ws = state.workspace(workspace)
    item = set_status(state.engine(), ws, item_id, status, by)
    if json:
        print_json(item)
        return
    _print_item(item, ws, _channel_map(ws.id))


@plan_app.command("approve")
def plan_approve(
    item_id: Annotated[int, typer.Argument(help="Id rencana.")],
    by: ByOpt,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Setujui rencana (oleh orang lain selain penulisnya)."""
    plan_status(item_id, "approved", by, workspace, json)


@plan_app.command("delete")
def plan_delete(
    item_id: Annotated[int, typer.Argument(help="Id rencana.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus rencana."""
    ws = state.workspace(workspace)
    item = delete_item(state.engine(), ws, item_id)
    if json:
        print_json(deleted_json("plan_item", item.id, item.title))
        return
    out.print(f"Rencana #{item.id} {escape(item.title)} dihapus.")


@plan_app.command("list")
def plan_list(
    since: Annotated[str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Rencana konten dan hari libur nasional pada periode itu."""
    ws = state.workspace(workspace)
    start, end = _day(since, "--since"), _day(until, "--until")
    items = list_items(state.engine(), ws, start, end)
    if json:
        print_json(items)
        return
    channels = _channel_map(ws.id)
    if items:
        first = start or to_local(items[0].scheduled_at, ws.timezone).date()
        last = end or to_local(items[-1].scheduled_at, ws.timezone).date()
        for day, names in holidays_between(first, last).items():
            out.print(f"[magenta]{day.isoformat()} libur: {escape('; '.join(names))}[/]")
    for item in items:
        _print_item(item, ws, channels)
    if not items:
        out.print("Belum ada rencana konten pada periode ini.")


@plan_app.command("export")
def plan_export(
    target: Annotated[Path, typer.Argument(help="Berkas tujuan: .ics atau .csv.")],
    since: Annotated[str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor kalender konten ke ICS (aplikasi kalender) atau CSV (Excel)."""
    ws = state.workspace(workspace)
    engine = state.engine()
    start, end = _day(since, "--since"), _day(until, "--until")
    items = list_items(engine, ws, start, end)
    channels = _channel_map(ws.id)
    suffix = target.suffix.lower()
    if suffix == ".ics":
        first = start or (to_local(items[0].scheduled_at, ws.timezone).date() if items else None)
        last = end or (to_local(items[-1].scheduled_at, ws.timezone).date() if items else None)
        text = to_ics(items, ws, channels, holidays_from=first, holidays_to=last)
        target.write_bytes(text.encode())
    elif suffix == ".csv":
        target.write_text(to_csv(items, ws, channels, agenda_titles(engine, ws)), "utf-8")
    else:
        raise PantauError(f"jenis berkas tidak dikenal: {target.name} (pakai .ics atau .csv)")
    if json:
        print_json({"file": str(target), "items": len(items)})
        return
    out.print(f"{fmt_int(len(items))} rencana ditulis ke {escape(str(target))}")


@plan_app.command("link")
def plan_link(
    since: Annotated[str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tautkan post yang sudah terbit ke rencananya (akun + waktu + kemiripan caption)."""
    ws = state.workspace(workspace)
    summary = link_published(state.engine(), ws, _day(since, "--since"), _day(until, "--until"))
    if json:
        print_json(summary.as_dict())
        return
    out.print(
        f"Diperiksa {fmt_int(summary.examined_items)} rencana: {fmt_int(summary.new_links)} "
        f"tautan baru, {fmt_int(len(summary.published))} rencana menjadi terbit."
    )


@plan_app.command("actual")
def plan_actual(
    since: Annotated[str | None, typer.Option(help="Sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Sampai tanggal (inklusif).")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Rencana dibanding realisasi: akun yang terbit, keterlambatan, kinerja."""
    ws = state.workspace(workspace)
    rows = plan_vs_actual(state.engine(), ws, _day(since, "--since"), _day(until, "--until"))
    if json:
        print_json([r.as_dict() for r in rows])
        return
    table = Table(
        "#", "rencana", "jadwal", "status", "terbit di", "belum terbit", "selisih (menit)",
        "jangkauan", "engagement", "ER",
    )  # fmt: skip
    for r in rows:
        table.add_row(
            str(r.item.id),
            escape(r.item.title),
            r.planned_at.strftime("%d/%m %H.%M"),
            STATUSES[r.item.status],
            escape(", ".join(r.channels_posted)) or "–",
            escape(", ".join(r.channels_missing)) or "–",
            str(r.delay_minutes) if r.delay_minutes is not None else "–",
            fmt_int(r.reach) if r.reach is not None else "– (tidak tersedia)",
            fmt_int(r.engagements),
            _pct(r.engagement_rate),
        )
    out.print(table)


# --- weekly report --------------------------------------------------------------------------


@app.command()
def report(
    week: Annotated[
        str | None,
        typer.Option(help="Pekan: 2026-W47 atau tanggal di dalamnya (bawaan: pekan lalu)."),
    ] = None,
    formats: Annotated[
        str, typer.Option("--format", "-f", help="Format, dipisah koma: pdf, docx, xlsx.")
    ] = "pdf,docx,xlsx",
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder keluaran (bawaan: <data>/reports).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Laporan kinerja mingguan akun resmi (PDF, DOCX, XLSX)."""
    ws = state.workspace(workspace)
    start = parse_week(week, ws.timezone)
    chosen = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    built = build_weekly_report(state.engine(), ws, start)
    target = out_dir or state.settings.data_dir / "reports"
    files = write_weekly_report(built, target, chosen)
    if json:
        print_json({"week": built.week, "summary": built.summary, "files": files})
        return
    out.print(f"[bold]Laporan mingguan {built.week}[/] ({escape(built.period_label)})")
    for sentence in built.summary:
        out.print(f"  {escape(sentence)}")
    for path in files:
        out.print(f"  → {escape(str(path))}")
