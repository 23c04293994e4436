"""``pantau init`` and ``pantau workspaces``: one workspace per institution."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from pantau.cli.context import JsonOpt, out, print_json, state
from pantau.locale import zone_label, zone_name
from pantau.shapes import workspace_json
from pantau.store.workspaces import create_workspace, list_workspaces


def init(
    slug: Annotated[str, typer.Argument(help="Nama pendek workspace, mis. kominfo-jateng.")],
    name: Annotated[str | None, typer.Option(help="Nama lengkap instansi.")] = None,
    kind: Annotated[
        str, typer.Option(help="kementerian, lembaga, pemda atau lainnya.")
    ] = "lembaga",
    timezone: Annotated[str, typer.Option(help="WIB, WITA, WIT atau nama zona IANA.")] = "WIB",
    json: JsonOpt = False,
) -> None:
    """Buat workspace (satu instansi)."""
    ws = create_workspace(state.engine(), slug, name or slug, kind, zone_name(timezone))
    if json:
        print_json(workspace_json(ws))
        return
    out.print(
        f"Workspace [bold]{ws.slug}[/] dibuat: {ws.name} ({ws.kind}, {zone_label(ws.timezone)})."
    )


def workspaces(json: JsonOpt = False) -> None:
    """Daftar workspace."""
    found = list_workspaces(state.engine())
    if json:
        print_json([workspace_json(w) for w in found])
        return
    table = Table("slug", "nama", "jenis", "zona")
    for w in found:
        table.add_row(w.slug, w.name, w.kind, zone_label(w.timezone))
    out.print(table)
