"""``pantau import profiles``: column-mapping profiles, shipped for common tools' exports or
saved by the workspace. Thin: parses, calls ``pantau.ingest.mapping.profiles``, prints."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.ingest.mapping.plan import MapRequest
from pantau.ingest.mapping.profiles import (
    FILES,
    add_profile,
    all_profiles,
    find_profile,
    remove_profile,
)
from pantau.ingest.mapping.spec import Mapping
from pantau.shapes import deleted_json

app = typer.Typer(
    help="Profil pemetaan kolom: bawaan (Brandwatch, Talkwalker, Meltwater, Apify, snscrape, "
    "twint, rekap manual) dan yang disimpan workspace.",
    no_args_is_help=True,
)
NameArg = Annotated[str, typer.Argument(help="Nama profil.")]


def _kind(files: str | None) -> str:
    return {"table": "CSV/XLSX", "json": "JSON/JSONL"}.get(files or "", "semua")


@app.command("list")
def list_command(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Profil pemetaan yang bisa dipakai dengan --profile (dan dikenali otomatis)."""
    ws = state.workspace(workspace)
    profiles = all_profiles(state.engine(), ws.id)
    if json:
        print_json([p.as_dict() for p in profiles])
        return
    table = Table("nama", "asal", "berkas", "keterangan")
    for p in profiles:
        source = "bawaan" if p.shipped else "tersimpan"
        table.add_row(escape(p.name), source, _kind(p.files), escape(p.description))
    out.print(table)


@app.command("show")
def show(name: NameArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Isi satu profil: kolom untuk tiap field kanonik."""
    ws = state.workspace(workspace)
    profile = find_profile(state.engine(), ws.id, name)
    if json:
        print_json(profile.as_dict())
        return
    origin = "bawaan" if profile.shipped else "tersimpan"
    out.print(f"[bold]{escape(profile.name)}[/] ({origin}, {_kind(profile.files)})")
    out.print(escape(profile.description))
    if profile.tool:
        out.print(f"alat: {escape(profile.tool)} — {escape(profile.export or '')}")
    table = Table("field", "kolom (| pilihan, + digabung, ? boleh tidak ada)")
    for field, source in profile.mapping.fields.items():
        table.add_row(field, escape(source.text()))
    out.print(table)
    mapping = profile.mapping
    if mapping.platform:
        out.print(f"platform bawaan: {mapping.platform}")
    if mapping.date_format:
        out.print(f"bentuk tanggal: {mapping.date_format}")
    out.print(f"baris tanpa tanggal: {mapping.date_missing}")


@app.command("add")
def add(
    name: NameArg,
    map_: Annotated[
        list[str],
        typer.Option("--map", help="Pemetaan field=kolom,… (lihat docs/formats/mapping.md)."),
    ],
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform untuk baris yang tidak menyebutnya.")
    ] = None,
    date_format: Annotated[
        str | None, typer.Option("--date-format", help="Bentuk tanggal (bawaan: dikenali).")
    ] = None,
    date_missing: Annotated[
        str | None, typer.Option("--date-missing", help="reject (bawaan) atau import-time.")
    ] = None,
    files: Annotated[
        str | None, typer.Option("--files", help="table (CSV/XLSX) atau json (bawaan: semua).")
    ] = None,
    description: Annotated[str | None, typer.Option("--description", help="Keterangan.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Simpan pemetaan kolom sebagai profil bernama (nama yang sama: diganti)."""
    ws = state.workspace(workspace)
    if files is not None and files not in FILES:
        raise PantauError(f"--files harus table atau json, bukan {files!r}")
    request = MapRequest(
        spec=",".join(map_), platform=platform, date_format=date_format, date_missing=date_missing
    )
    mapping = request.onto(Mapping(fields={}))
    new = add_profile(state.engine(), ws.id, name, mapping, description, files)
    if json:
        print_json({"name": name, "new": new, "spec": mapping.spec()})
        return
    out.print(f"profil pemetaan [bold]{escape(name)}[/] {'disimpan' if new else 'diperbarui'}")


@app.command("remove")
def remove(name: NameArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Hapus profil yang disimpan workspace (profil bawaan tetap)."""
    ws = state.workspace(workspace)
    remove_profile(state.engine(), ws.id, name)
    if json:
        print_json(deleted_json("import_profile", name, name))
        return
    out.print(f"profil pemetaan [bold]{escape(name)}[/] dihapus")
