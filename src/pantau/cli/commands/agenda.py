"""``pantau agenda …``. Thin: parses, calls the capability, prints."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.agenda.analysis import agenda_report, default_period
from pantau.agenda.calendar import add_date, calendar, delete_date
from pantau.agenda.gaps import find_gaps
from pantau.agenda.items import (
    KINDS,
    PRIORITIES,
    add_item,
    add_own_account,
    delete_item,
    edit_item,
    export_items,
    get_item,
    import_items,
    list_items,
    own_accounts,
    parse_day,
    remove_own_account,
    sync_agenda,
)
from pantau.agenda.salience import measure_salience
from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.locale import fmt_day, fmt_int, to_local
from pantau.records import Workspace
from pantau.shapes import deleted_json
from pantau.store.agenda import AgendaItem

app = typer.Typer(
    help="Agenda institusi: program dan pesan, kalender, dan perbandingannya dengan agenda publik.",
    no_args_is_help=True,
)
accounts_app = typer.Typer(help="Akun resmi instansi yang diukur sebagai agenda instansi.")
calendar_app = typer.Typer(
    help="Kalender: hari libur nasional, cuti bersama, hari peringatan dan tanggal instansi."
)
app.add_typer(accounts_app, name="accounts")
app.add_typer(calendar_app, name="calendar")


RefArg = Annotated[str, typer.Argument(help="Id atau judul agenda (lihat `pantau agenda list`).")]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="Hari pertama (TTTT-BB-HH, zona workspace).")
]
ToOpt = Annotated[str | None, typer.Option("--to", help="Hari terakhir (TTTT-BB-HH).")]
DaysOpt = Annotated[
    int, typer.Option("--days", help="Tanpa --from: jumlah hari sampai post terbaru.")
]
QueryOpt = Annotated[
    str | None,
    typer.Option("--query", "-q", help="Kueri topik, mis. '\"kartu tani\" OR #kartutani'."),
]
KeywordOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--keyword",
        "-k",
        help="Kata kunci atau tagar (boleh berulang); dipakai bila tanpa --query.",
    ),
]
MessageOpt = Annotated[
    list[str] | None, typer.Option("--message", "-m", help="Pesan kunci (boleh berulang).")
]


def _pct(share: float | None) -> str:
    if share is None:
        return "-"
    return f"{100 * share:.1f}%".replace(".", ",")


def _period(ws: Workspace, start: str | None, end: str | None, days: int) -> tuple[date, date]:
    if start is None and end is None:
        return default_period(state.engine(), ws, days)
    if start is None:
        last = parse_day(end, "--to")
        return last - timedelta(days=days - 1), last
    first = parse_day(start, "--from")
    return first, parse_day(end, "--to") if end else first + timedelta(days=days - 1)


def _item_dict(item: AgendaItem) -> dict:
    return asdict(item)


# --- items ----------------------------------------------------------------------------------


@app.command("add")
def add(
    title: Annotated[str, typer.Argument(help="Judul agenda, mis. 'Kartu Tani Digital'.")],
    start: Annotated[str, typer.Option("--from", help="Mulai (TTTT-BB-HH).")],
    end: Annotated[str, typer.Option("--to", help="Selesai (TTTT-BB-HH).")],
    query: QueryOpt = None,
    keyword: KeywordOpt = None,
    kind: Annotated[str, typer.Option(help=f"Jenis: {', '.join(KINDS)}.")] = "program",
    priority: Annotated[str, typer.Option(help=f"Prioritas: {', '.join(PRIORITIES)}.")] = "sedang",
    message: MessageOpt = None,
    audience: Annotated[str | None, typer.Option(help="Sasaran khalayak.")] = None,
    owner: Annotated[str | None, typer.Option(help="Penanggung jawab.")] = None,
    description: Annotated[str | None, typer.Option(help="Keterangan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah agenda; topiknya langsung dicocokkan dengan semua post."""
    ws = state.workspace(workspace)
    item = add_item(
        state.engine(),
        ws,
        title,
        starts_on=start,
        ends_on=end,
        query=query,
        keywords=keyword or (),
        kind=kind,
        priority=priority,
        key_messages=message or (),
        audience=audience,
        owner=owner,
        description=description,
    )
    if json:
        print_json(_item_dict(item))
        return
    out.print(
        f"Agenda #{item.id} [bold]{escape(item.title)}[/] ditambahkan "
        f"(kueri: {escape(item.query)})."
    )


@app.command("list")
def list_(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar agenda."""
    ws = state.workspace(workspace)
    items = list_items(state.engine(), ws)
    if json:
        print_json([_item_dict(i) for i in items])
        return
    if not items:
        out.print(
            "Belum ada agenda; tambahkan dengan `pantau agenda add` atau `pantau agenda import`."
        )
        return
    table = Table("id", "judul", "jenis", "prioritas", "periode", "pemilik", "kueri")
    for i in items:
        table.add_row(
            str(i.id),
            escape(i.title),
            i.kind,
            i.priority,
            f"{fmt_day(i.starts_on)} – {fmt_day(i.ends_on)}",
            escape(i.owner or ""),
            escape(i.query),
        )
    out.print(table)


@app.command("show")
def show(ref: RefArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Rincian satu agenda."""
    ws = state.workspace(workspace)
    item = get_item(state.engine(), ws, ref)
    if json:
        print_json(_item_dict(item))
        return
    out.print(f"[bold]#{item.id} {escape(item.title)}[/] ({item.kind}, prioritas {item.priority})")
    out.print(f"  periode: {fmt_day(item.starts_on)} – {fmt_day(item.ends_on)}")
    out.print(f"  kueri: {escape(item.query)}")
    for label, value in (
        ("sasaran", item.audience),
        ("pemilik", item.owner),
        ("keterangan", item.description),
    ):
        if value:
            out.print(f"  {label}: {escape(value)}")
    for msg in item.key_messages:
        out.print(f"  • {escape(msg)}")


@app.command("edit")
def edit(
    ref: RefArg,
    title: Annotated[str | None, typer.Option("--title", help="Judul baru.")] = None,
    query: QueryOpt = None,
    keyword: KeywordOpt = None,
    kind: Annotated[str | None, typer.Option(help=f"Jenis: {', '.join(KINDS)}.")] = None,
    priority: Annotated[
        str | None, typer.Option(help=f"Prioritas: {', '.join(PRIORITIES)}.")
    ] = None,
    message: MessageOpt = None,
    start: Annotated[str | None, typer.Option("--from", help="Mulai (TTTT-BB-HH).")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Selesai (TTTT-BB-HH).")] = None,
    audience: Annotated[str | None, typer.Option(help="Sasaran khalayak.")] = None,
    owner: Annotated[str | None, typer.Option(help="Penanggung jawab.")] = None,
    description: Annotated[str | None, typer.Option(help="Keterangan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah agenda; kueri baru menghitung ulang post yang cocok."""
    ws = state.workspace(workspace)
    item = edit_item(
        state.engine(),
        ws,
        ref,
        title=title,
        query=query,
        keywords=keyword,
        kind=kind,
        priority=priority,
        key_messages=message,
        starts_on=start,
        ends_on=end,
        audience=audience,
        owner=owner,
        description=description,
    )
    if json:
        print_json(_item_dict(item))
        return
    out.print(f"Agenda #{item.id} [bold]{escape(item.title)}[/] diperbarui.")


@app.command("delete")
def delete(ref: RefArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Hapus agenda beserta topiknya."""
    ws = state.workspace(workspace)
    item = delete_item(state.engine(), ws, ref)
    if json:
        print_json(deleted_json("agenda_item", item.id, item.title))
        return
    out.print(f"Agenda #{item.id} {escape(item.title)} dihapus.")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Berkas YAML atau CSV (lihat docs/agenda.md).")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="yaml atau csv (bawaan: dari nama berkas).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor agenda; judul yang sudah ada diperbarui, impor ulang tidak mengubah apa pun."""
    ws = state.workspace(workspace)
    s = import_items(state.engine(), ws, file, fmt)
    if json:
        print_json(s.as_dict())
        return
    out.print(
        f"Agenda dari [bold]{escape(file.name)}[/] ({s.format}): {fmt_int(s.rows_read)} entri, "
        f"{fmt_int(s.rows_new)} baru, {fmt_int(s.rows_updated)} diperbarui, "
        f"{fmt_int(s.rows_unchanged)} tidak berubah, {fmt_int(len(s.rejected))} ditolak."
    )
    for number, reason in s.rejected:
        out.print(f"  entri {number}: {escape(reason)}")
    if s.rejected:
        raise typer.Exit(1)


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="yaml atau csv.")] = "yaml",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Berkas tujuan (bawaan: layar).")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Ekspor agenda ke YAML atau CSV (dapat diimpor kembali)."""
    ws = state.workspace(workspace)
    text = export_items(state.engine(), ws, fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8-sig" if fmt.lower() == "csv" else "utf-8")
    out.print(f"Agenda diekspor ke {escape(str(output))}.")


@app.command("sync")
def sync(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Selaraskan topik agenda dan topik akun resmi (aman dijalankan berulang)."""
    ws = state.workspace(workspace)
    s = sync_agenda(state.engine(), ws)
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"Agenda selaras: {fmt_int(s.topics_repaired)} topik diperbaiki, "
        f"{fmt_int(s.own_accounts)} akun resmi."
    )


# --- own accounts ---------------------------------------------------------------------------


@accounts_app.command("list")
def accounts_list(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Akun resmi: kanal milik instansi dan daftar tambahan agenda."""
    ws = state.workspace(workspace)
    found = own_accounts(state.engine(), ws)
    if json:
        print_json([asdict(a) for a in found])
        return
    if not found:
        out.print(
            "Belum ada akun resmi; tambahkan dengan `pantau agenda accounts add PLATFORM AKUN`."
        )
        return
    table = Table("platform", "akun", "sumber")
    for a in found:
        table.add_row(a.platform, escape(a.handle), a.source)
    out.print(table)


@accounts_app.command("add")
def accounts_add(
    platform: Annotated[str, typer.Argument(help="x, instagram, facebook, tiktok, youtube, …")],
    handle: Annotated[str, typer.Argument(help="Nama akun, mis. kemenpantara.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah akun resmi; post-postnya dihitung sebagai agenda instansi."""
    ws = state.workspace(workspace)
    added = add_own_account(state.engine(), ws, platform, handle)
    if json:
        print_json({"added": added})
        return
    out.print("Akun ditambahkan." if added else "Akun sudah ada di daftar.")


@accounts_app.command("remove")
def accounts_remove(
    platform: Annotated[str, typer.Argument(help="Platform akun.")],
    handle: Annotated[str, typer.Argument(help="Nama akun.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus akun dari daftar akun resmi agenda."""
    ws = state.workspace(workspace)
    remove_own_account(state.engine(), ws, platform, handle)
    if json:
        print_json(deleted_json("own_account", f"{platform.lower()}/{handle}", handle))
        return
    out.print("Akun dihapus dari daftar.")


# --- calendar -------------------------------------------------------------------------------


@calendar_app.callback(invoke_without_command=True)
def calendar_list(
    ctx: typer.Context,
    start: FromOpt = None,
    end: ToOpt = None,
    days: Annotated[int, typer.Option("--days", help="Tanpa --to: jumlah hari.")] = 60,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tanggal penting dalam periode (bawaan: 60 hari mulai hari ini)."""
    if ctx.invoked_subcommand is not None:
        return

    ws = state.workspace(workspace)
    first = (
        parse_day(start, "--from")
        if start
        else to_local(datetime.now(UTC).replace(tzinfo=None), ws.timezone).date()
    )
    last = parse_day(end, "--to") if end else first + timedelta(days=days - 1)
    found = calendar(state.engine(), ws, first, last)
    if json:
        print_json([asdict(d) for d in found])
        return
    table = Table("tanggal", "nama", "jenis", "id", "catatan")
    for d in found:
        table.add_row(
            fmt_day(d.date), escape(d.name), d.kind, str(d.id or ""), escape(d.notes or "")
        )
    out.print(table)


@calendar_app.command("add")
def calendar_add(
    day: Annotated[str, typer.Argument(help="Tanggal (TTTT-BB-HH).")],
    name: Annotated[str, typer.Argument(help="Nama, mis. 'HUT Kementerian'.")],
    notes: Annotated[str | None, typer.Option(help="Catatan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah tanggal instansi ke kalender."""
    ws = state.workspace(workspace)
    added = add_date(state.engine(), ws, parse_day(day), name, notes)
    if json:
        print_json({"added": added})
        return
    out.print("Tanggal ditambahkan." if added else "Tanggal itu sudah ada.")


@calendar_app.command("delete")
def calendar_delete(
    date_id: Annotated[int, typer.Argument(help="Id tanggal instansi (lihat kalender).")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus tanggal instansi."""
    ws = state.workspace(workspace)
    delete_date(state.engine(), ws, date_id)
    if json:
        print_json(deleted_json("date", date_id, str(date_id)))
        return
    out.print(f"Tanggal #{date_id} dihapus.")


# --- measuring and analysing ----------------------------------------------------------------


@app.command("salience")
def salience(
    start: FromOpt = None,
    end: ToOpt = None,
    days: DaysOpt = 30,
    daily: Annotated[bool, typer.Option("--daily", help="Tampilkan juga angka per hari.")] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Perhatian pada setiap agenda dan isu: unggahan instansi, berita, media sosial publik."""
    ws = state.workspace(workspace)
    first, last = _period(ws, start, end, days)
    s = measure_salience(state.engine(), ws, first, last)
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"Periode {fmt_day(first)} – {fmt_day(last)}: "
        f"post instansi {fmt_int(sum(s.totals['own']))}, "
        f"berita {fmt_int(sum(s.totals['news']))}, publik {fmt_int(sum(s.totals['public']))}."
    )
    table = Table(
        "objek", "prioritas", "instansi", "berita", "publik", "% publik", "negatif publik"
    )
    for o in sorted(s.objects, key=lambda o: -o.arenas["public"].posts):
        table.add_row(
            f"{'agenda' if o.kind == 'agenda' else 'isu'}: {escape(o.label)}",
            o.priority,
            fmt_int(o.arenas["own"].posts),
            fmt_int(o.arenas["news"].posts),
            fmt_int(o.arenas["public"].posts),
            _pct(o.arenas["public"].share),
            _pct(o.arenas["public"].negative_share),
        )
    out.print(table)
    if daily:
        per_day = Table("hari", *(escape(o.label[:24]) for o in s.objects))
        for i, day in enumerate(s.days):
            per_day.add_row(
                fmt_day(day),
                *(
                    f"{fmt_int(o.daily['own'][i])}/{fmt_int(o.daily['news'][i])}/"
                    f"{fmt_int(o.daily['public'][i])}"
                    for o in s.objects
                ),
            )
        out.print("Per hari: instansi/berita/publik")
        out.print(per_day)
    for note in s.notes:
        out.print(f"[yellow]Catatan:[/] {escape(note)}")


@app.command("analyse")
def analyse(
    start: FromOpt = None,
    end: ToOpt = None,
    days: DaysOpt = 30,
    max_lag: Annotated[
        int, typer.Option("--max-lag", help="Jeda terpanjang (hari) yang diuji.")
    ] = 7,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Analisis agenda-setting: peringkat berdampingan, korelasi, uji Granger, dan artinya."""
    ws = state.workspace(workspace)
    first, last = _period(ws, start, end, days)
    report = agenda_report(state.engine(), ws, first, last, max_lag=max_lag)
    if json:
        print_json(asdict(report))
        return
    for line in report.summary:
        out.print(escape(line))
    for rc in report.rank_correlations:
        out.print()
        out.print(f"[bold]{escape(rc.name_a)} vs {escape(rc.name_b)}[/]")
        if rc.rows:
            table = Table("objek", "jenis", f"peringkat {rc.name_a}", f"peringkat {rc.name_b}")
            for row in rc.rows:
                table.add_row(escape(row.label), row.kind, _rank(row.rank_a), _rank(row.rank_b))
            out.print(table)
        out.print(escape(rc.explanation))
    for ll in report.lead_lag:
        out.print()
        out.print(f"[bold]Siapa lebih dulu — {escape(ll.label)}[/]")
        for line in ll.result.explanation:
            out.print(f"  {escape(line)}")


def _rank(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")


@app.command("gaps")
def gaps(
    start: FromOpt = None,
    end: ToOpt = None,
    days: DaysOpt = 30,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kesenjangan agenda: yang perlu didorong, isu yang perlu ditanggapi, sentimen memburuk."""
    ws = state.workspace(workspace)
    first, last = _period(ws, start, end, days)
    engine = state.engine()
    report = find_gaps(engine, ws, measure_salience(engine, ws, first, last))
    if json:
        print_json(asdict(report))
        return
    sections = (
        ("Agenda prioritas yang kurang mendapat perhatian publik (dorong konten)", report.push),
        ("Isu publik besar di luar agenda (pertimbangkan menanggapi)", report.respond),
        ("Agenda dengan sentimen publik yang memburuk", report.negative),
    )
    for title, found in sections:
        out.print(f"[bold]{title}[/]")
        if not found:
            out.print("  tidak ada")
        for g in found:
            out.print(f"  • {escape(g.label)}: {escape(g.why)}. Saran: {escape(g.action)}.")
