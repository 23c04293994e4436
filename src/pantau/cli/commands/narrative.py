"""``pantau narrative …``. Thin: parses, calls the capability, prints."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.agenda.narrative import (
    AccountChanges,
    NarrativeKit,
    add_account,
    add_workspace_accounts,
    create_kit,
    delete_kit,
    import_accounts,
    list_accounts,
    list_kits,
    parse_release,
    remove_account,
)
from pantau.agenda.narrative_match import TEXT_THRESHOLD, match_narratives
from pantau.agenda.narrative_report import fmt_delay, narrative_report
from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.locale import fmt_datetime, fmt_int
from pantau.shapes import deleted_json

app = typer.Typer(help="Narasi tunggal: kit narasi dan akun yang membawanya.", no_args_is_help=True)
accounts_app = typer.Typer(help="Akun yang diminta membawa narasi.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")


KitArg = Annotated[int, typer.Argument(help="Nomor kit narasi (lihat `pantau narrative list`).")]
KitOpt = Annotated[int, typer.Option("--kit", "-k", help="Nomor kit narasi.")]


def _kit_line(kit: NarrativeKit, timezone: str) -> str:
    tags = " ".join("#" + t for t in kit.hashtags) or "tanpa tagar"
    return (
        f"#{kit.id} [bold]{escape(kit.title)}[/] — rilis {fmt_datetime(kit.release_at, timezone)}, "
        f"{escape(tags)}, {fmt_int(kit.accounts)} akun diminta, {fmt_int(kit.matches)} post "
        "pembawa"
    )


def _changes_line(changes: AccountChanges) -> str:
    return (
        f"{fmt_int(changes.new)} akun baru, {fmt_int(changes.updated)} diperbarui, "
        f"{fmt_int(changes.unchanged)} tidak berubah."
    )


@app.command("create")
def create(
    message: Annotated[
        str, typer.Option("--message", "--pesan", help="Pesan kunci yang harus dibawa.")
    ],
    release: Annotated[
        str,
        typer.Option(
            "--release", "--rilis", help="Waktu rilis, waktu lokal workspace 'YYYY-MM-DD HH:MM'."
        ),
    ],
    hashtag: Annotated[
        list[str] | None,
        typer.Option("--hashtag", "--tagar", help="Tagar narasi (boleh berulang)."),
    ] = None,
    link: Annotated[
        str | None, typer.Option("--link", "--tautan", help="Tautan utama narasi.")
    ] = None,
    asset: Annotated[
        list[str] | None,
        typer.Option("--asset", "--aset", help="Tautan aset: infografis, video (boleh berulang)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", "--judul", help="Judul kit (bawaan: awal pesan).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Buat kit narasi: pesan kunci, tagar, tautan, aset dan waktu rilis."""
    ws = state.workspace(workspace)
    kit = create_kit(
        state.engine(),
        ws,
        message=message,
        release_at=parse_release(release, ws.timezone),
        hashtags=hashtag or [],
        link=link,
        assets=asset or [],
        title=title,
    )
    if json:
        print_json(asdict(kit))
        return
    out.print("Kit narasi dibuat: " + _kit_line(kit, ws.timezone))
    out.print(f"Tambahkan akun: `pantau narrative accounts import --kit {kit.id} BERKAS`.")


@app.command("list")
def list_(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar kit narasi workspace."""
    ws = state.workspace(workspace)
    kits = list_kits(state.engine(), ws)
    if json:
        print_json([asdict(k) for k in kits])
        return
    if not kits:
        out.print("Belum ada kit narasi; buat dengan `pantau narrative create`.")
        return
    for kit in kits:
        out.print(_kit_line(kit, ws.timezone))


@app.command("delete")
def delete(kit_id: KitArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Hapus kit narasi beserta daftar akun dan kecocokannya."""
    ws = state.workspace(workspace)
    kit = delete_kit(state.engine(), ws, kit_id)
    if json:
        print_json(deleted_json("narrative_kit", kit.id, kit.title))
        return
    out.print(f"Kit narasi #{kit.id} dihapus: {escape(kit.title)}")


@app.command("match")
def match(
    kit_id: Annotated[
        int | None, typer.Argument(help="Nomor kit (bawaan: semua kit workspace).")
    ] = None,
    full: Annotated[
        bool, typer.Option("--full", "--ulang", help="Periksa ulang semua post, bukan hanya baru.")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Cari post pembawa narasi (tagar, tautan, kemiripan teks); hanya post baru kecuali --full."""
    ws = state.workspace(workspace)
    summaries = match_narratives(state.engine(), ws, kit_id, full=full)
    if json:
        print_json([{**asdict(s), "threshold": TEXT_THRESHOLD} for s in summaries])
        return
    if not summaries:
        out.print("Belum ada kit narasi; buat dengan `pantau narrative create`.")
    for s in summaries:
        out.print(
            f"#{s.kit_id} {escape(s.title)}: {fmt_int(s.posts_checked)} post diperiksa"
            + (" (semua, kit berubah atau --full)" if s.rematched else "")
            + f", {fmt_int(s.new_matches)} pembawa baru, {fmt_int(s.matches)} pembawa seluruhnya."
        )


@app.command("show")
def show(
    kit_id: KitArg,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Laporan narasi: adopsi, waktu amplifikasi, kesetiaan pesan, jangkauan, per akun dan
    per instansi, akun yang belum memposting."""
    ws = state.workspace(workspace)
    report = narrative_report(state.engine(), ws, kit_id)
    if json:
        print_json(report.as_dict())
        return
    kit, tz = report.kit, ws.timezone
    out.print(f"[bold]Narasi #{kit.id}: {escape(kit.title)}[/]")
    out.print(f"Rilis {fmt_datetime(kit.release_at, tz)}. Pesan kunci: {escape(kit.message)}")
    if kit.hashtags or kit.link:
        tags = " ".join("#" + t for t in kit.hashtags)
        out.print(f"Tagar: {escape(tags or '–')}  Tautan: {escape(kit.link or '–')}")
    out.print()
    for line in report.summary:
        out.print("• " + escape(line))
    if report.accounts:
        table = Table(
            "platform", "akun", "instansi", "posting pertama", "jeda", "kesetiaan", "sinyal",
            "pengikut", title="Akun yang diminta",
        )  # fmt: skip
        for a in report.accounts:
            table.add_row(
                a.platform,
                escape(a.handle),
                escape(a.institution or ""),
                fmt_datetime(a.first_post_at, tz) if a.first_post_at else "[red]belum[/]",
                fmt_delay(a.delay_minutes),
                f"{fmt_int(round(a.mean_fidelity, 2))} {a.band}"
                if a.mean_fidelity is not None
                else "–",
                ", ".join(a.signals),
                fmt_int(a.followers) if a.followers is not None else "–",
            )
        out.print(table)
        table = Table(
            "instansi", "diminta", "memposting", "adopsi", "median jeda", "kesetiaan",
            "pengikut", title="Per instansi",
        )  # fmt: skip
        for r in report.institutions:
            table.add_row(
                escape(r.institution),
                fmt_int(r.asked),
                fmt_int(r.posted),
                f"{fmt_int(round(r.adoption_rate * 100))}%",
                fmt_delay(r.median_delay_minutes),
                fmt_int(round(r.mean_fidelity, 2)) if r.mean_fidelity is not None else "–",
                fmt_int(r.followers),
            )
        out.print(table)
    if report.not_posted:
        out.print("[bold]Belum memposting:[/]")
        for a in report.not_posted:
            out.print(f"  {a.platform}/{escape(a.handle)} — {escape(a.institution or '')}")
    if report.volunteers:
        table = Table("platform", "akun", "post", "jeda", "kesetiaan", "pengikut")
        table.title = f"Ikut membawa tanpa diminta ({fmt_int(report.volunteers_total)} akun)"
        for a in report.volunteers[:20]:
            table.add_row(
                a.platform,
                escape(a.handle),
                fmt_int(a.posts),
                fmt_delay(a.delay_minutes),
                f"{fmt_int(round(a.mean_fidelity, 2))} {a.band}"
                if a.mean_fidelity is not None
                else "–",
                fmt_int(a.followers) if a.followers is not None else "–",
            )
        out.print(table)
    for note in report.notes:
        out.print(f"[dim]Catatan: {escape(note)}[/]")


@accounts_app.command("import")
def accounts_import(
    file: Annotated[Path, typer.Argument(help="Berkas CSV atau XLSX: platform, akun, instansi.")],
    kit_id: KitOpt,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor daftar akun resmi yang diminta membawa narasi (kolom: platform, akun, instansi,
    nama)."""
    ws = state.workspace(workspace)
    s = import_accounts(state.engine(), ws, kit_id, file, rejects_dir=state.settings.rejects_dir)
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"Akun dari [bold]{escape(file.name)}[/]: {fmt_int(s.rows_read)} baris, "
        f"{fmt_int(s.rows_new)} baru, {fmt_int(s.rows_updated)} diperbarui, "
        f"{fmt_int(s.rows_unchanged)} tidak berubah, {fmt_int(s.rows_rejected)} ditolak."
    )
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {s.rejects_path}")


@accounts_app.command("add")
def accounts_add(
    kit_id: KitOpt,
    platform: Annotated[str, typer.Option("--platform", "-p", help="x, instagram, facebook, …")],
    handle: Annotated[
        str, typer.Option("--akun", "--handle", help="Nama akun atau tautan profil.")
    ],
    institution: Annotated[str, typer.Option("--instansi", "--institution", help="Instansi.")],
    name: Annotated[str | None, typer.Option("--nama", "--name", help="Nama tampilan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambahkan satu akun yang diminta membawa narasi."""
    ws = state.workspace(workspace)
    changes = add_account(
        state.engine(),
        ws,
        kit_id,
        platform=platform,
        handle=handle,
        institution=institution,
        name=name,
    )
    if json:
        print_json(asdict(changes))
        return
    out.print(_changes_line(changes))


@accounts_app.command("workspace")
def accounts_workspace(
    kit_id: KitOpt,
    slug: Annotated[str, typer.Argument(help="Slug workspace instansi yang diminta.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Minta semua akun resmi sebuah workspace (instansi lain) membawa narasi."""
    ws = state.workspace(workspace)
    changes = add_workspace_accounts(state.engine(), ws, kit_id, slug)
    if json:
        print_json(asdict(changes))
        return
    out.print(_changes_line(changes))


@accounts_app.command("list")
def accounts_list(kit_id: KitOpt, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar akun yang diminta membawa narasi."""
    ws = state.workspace(workspace)
    accounts = list_accounts(state.engine(), ws, kit_id)
    if json:
        print_json([asdict(a) for a in accounts])
        return
    if not accounts:
        out.print(
            f"Belum ada akun; impor dengan `pantau narrative accounts import --kit {kit_id}`."
        )
        return
    table = Table("platform", "akun", "nama", "instansi", "dari workspace")
    for a in accounts:
        table.add_row(
            a.platform,
            escape(a.handle),
            escape(a.name or ""),
            escape(a.institution),
            escape(a.via_workspace or ""),
        )
    out.print(table)


@accounts_app.command("remove")
def accounts_remove(
    kit_id: KitOpt,
    platform: Annotated[str, typer.Argument(help="Platform akun.")],
    handle: Annotated[str, typer.Argument(help="Nama akun.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus akun dari daftar kit."""
    ws = state.workspace(workspace)
    remove_account(state.engine(), ws, kit_id, platform, handle)
    if json:
        print_json(deleted_json("narrative_account", f"{platform.lower()}/{handle}", handle))
        return
    out.print(f"Akun {escape(platform)}/{escape(handle)} dihapus dari kit #{kit_id}.")
