"""``pantau init`` and ``pantau workspaces``: one workspace per institution."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, default_command_group, out, print_json, state
from pantau.errors import PantauError
from pantau.locale import zone_label, zone_name
from pantau.national.directory import (
    DirectoryEdit,
    edit_workspace,
    import_directory,
    init_workspace,
)
from pantau.national.regions import region_name
from pantau.records import Workspace
from pantau.shapes import workspace_json
from pantau.store.workspaces import list_workspaces

ProvinceOpt = Annotated[
    str | None, typer.Option("--province", help="Provinsi: kode Kemendagri (33) atau nama.")
]
RegencyOpt = Annotated[
    str | None,
    typer.Option("--regency", help="Kabupaten/kota: kode Kemendagri (33.05) atau nama."),
]
KIND_HELP = "kementerian, lembaga, pemprov, pemkab atau pemkot (juga pemda, lainnya)."


def init(
    slug: Annotated[str, typer.Argument(help="Nama pendek workspace, mis. kominfo-jateng.")],
    name: Annotated[str | None, typer.Option(help="Nama lengkap instansi.")] = None,
    kind: Annotated[str, typer.Option(help=KIND_HELP)] = "lembaga",
    timezone: Annotated[str, typer.Option(help="WIB, WITA, WIT atau nama zona IANA.")] = "WIB",
    province: ProvinceOpt = None,
    regency: RegencyOpt = None,
    json: JsonOpt = False,
) -> None:
    """Buat workspace (satu instansi)."""
    ws = init_workspace(
        state.engine(), slug, name or slug, kind, zone_name(timezone), province, regency
    )
    if json:
        print_json(workspace_json(ws))
        return
    out.print(f"Workspace [bold]{ws.slug}[/] dibuat: {_described(ws)}.")


def _described(ws: Workspace) -> str:
    where = region_name(ws.regency_code or ws.province_code)
    return f"{ws.name} ({ws.kind}, {zone_label(ws.timezone)}{', ' + where if where else ''})"


def workspaces(json: JsonOpt = False) -> None:
    """Daftar workspace."""
    found = list_workspaces(state.engine())
    if json:
        print_json([workspace_json(w) for w in found])
        return
    table = Table("slug", "nama", "jenis", "zona", "provinsi", "kabupaten/kota")
    for w in found:
        table.add_row(
            w.slug,
            w.name,
            w.kind,
            zone_label(w.timezone),
            region_name(w.province_code),
            region_name(w.regency_code),
        )
    out.print(table)


app = default_command_group(
    workspaces, help="Daftar, ubah dan impor workspace (direktori instansi)."
)


@app.command("edit")
def edit(
    slug: Annotated[str, typer.Argument(help="Workspace yang diubah.")],
    name: Annotated[str | None, typer.Option(help="Nama lengkap instansi.")] = None,
    kind: Annotated[str | None, typer.Option(help=KIND_HELP)] = None,
    timezone: Annotated[str | None, typer.Option(help="WIB, WITA, WIT atau zona IANA.")] = None,
    province: Annotated[
        str | None, typer.Option("--province", help="Kode atau nama provinsi; '' mengosongkan.")
    ] = None,
    regency: Annotated[
        str | None,
        typer.Option("--regency", help="Kode atau nama kabupaten/kota; '' mengosongkan."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Ubah nama, jenis, zona atau wilayah sebuah workspace."""
    ws = edit_workspace(
        state.engine(), slug, DirectoryEdit(name, kind, timezone, province, regency)
    )
    if json:
        print_json(workspace_json(ws))
        return
    out.print(f"Workspace [bold]{ws.slug}[/] diubah: {_described(ws)}.")


@app.command("import")
def import_(
    path: Annotated[
        Path,
        typer.Argument(
            help="CSV/XLSX: slug, nama, jenis, provinsi, kabupaten_kota, zona, akun "
            "(mis. 'x:@humas instagram:@humas')."
        ),
    ],
    json: JsonOpt = False,
) -> None:
    """Buat atau perbarui banyak workspace sekaligus beserta akun resminya."""
    result = import_directory(state.engine(), path)
    if json:
        print_json(asdict(result))
    else:
        out.print(
            f"{len(result.created)} workspace dibuat, {len(result.updated)} diperbarui, "
            f"{result.accounts} akun resmi."
        )
        for line in result.errors:
            out.print(f"[red]{escape(line)}[/]")
    if result.errors and not (result.created or result.updated):
        raise PantauError("tidak ada baris yang bisa diimpor")
