"""``pantau claims …``: known hoaxes and clarifications, and the posts that carry them. Thin:
parses, calls ``pantau.factcheck``, prints."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.factcheck.claims import delete_claim, import_claims, list_claims
from pantau.factcheck.matching import THRESHOLD, match_claims
from pantau.locale import fmt_int
from pantau.shapes import deleted_json

app = typer.Typer(
    help="Klaim: daftar hoaks dan klarifikasi, dan post yang membawanya.",
    no_args_is_help=True,
)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Berkas CSV atau JSON Lines berisi klaim.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="csv atau jsonl (bawaan: dikenali).")
    ] = None,
    shared: Annotated[
        bool,
        typer.Option("--shared", help="Klaim bersama koordinator: dicocokkan di setiap workspace."),
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor klaim (kolom: klaim, status, kategori, klarifikasi, sumber, tanggal)."""
    ws = state.workspace(workspace)
    s = import_claims(
        state.engine(), ws, file, rejects_dir=state.settings.rejects_dir, fmt=fmt, shared=shared
    )
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"Klaim dari [bold]{escape(file.name)}[/] ({s.format}): {fmt_int(s.rows_read)} baris, "
        f"{fmt_int(s.rows_new)} baru, {fmt_int(s.rows_updated)} diperbarui, "
        f"{fmt_int(s.rows_unchanged)} tidak berubah, {fmt_int(s.rows_rejected)} ditolak."
    )
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {s.rejects_path}")
    if s.rows_new or s.rows_updated:
        out.print("Cocokkan dengan post: `pantau claims match`.")


@app.command("list")
def list_(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar klaim beserta jumlah post yang cocok."""
    ws = state.workspace(workspace)
    found = list_claims(state.engine(), ws)
    if json:
        print_json([asdict(c) for c in found])
        return
    if not found:
        out.print("Belum ada klaim; impor dengan `pantau claims import BERKAS`.")
        return
    table = Table("id", "status", "kategori", "klaim", "post", "sumber")
    for c in found:
        table.add_row(
            str(c.id),
            c.verdict,
            c.category,
            escape(c.claim),
            fmt_int(c.matches),
            escape(c.source_url or ""),
        )
    out.print(table)


@app.command("match")
def match(
    since: Annotated[
        int | None, typer.Option("--since", help="Hanya post dengan id lebih besar dari ini.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Cocokkan post dengan klaim (kemiripan teks dan tautan sumber yang sama)."""
    ws = state.workspace(workspace)
    s = match_claims(state.engine(), ws, since_post_id=since)
    if json:
        print_json({**asdict(s), "threshold": THRESHOLD})
        return
    if s.claims == 0:
        out.print("Belum ada klaim; impor dengan `pantau claims import BERKAS`.")
        return
    out.print(
        f"{fmt_int(s.posts_checked)} post diperiksa terhadap {fmt_int(s.claims)} klaim: "
        f"{fmt_int(s.posts_matched)} post cocok ({fmt_int(s.by_text)} lewat teks, "
        f"{fmt_int(s.by_url)} lewat tautan; ambang skor {THRESHOLD})."
    )
    out.print(
        f"Sikap: {fmt_int(s.spreading)} kecocokan menyebarkan klaim, "
        f"{fmt_int(s.debunking)} membantahnya (hanya yang menyebarkan dihitung sebagai hoaks)."
    )


@app.command("delete")
def delete(
    claim_id: Annotated[int, typer.Argument(help="Id klaim (lihat `pantau claims list`).")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus klaim beserta kecocokannya."""
    ws = state.workspace(workspace)
    c = delete_claim(state.engine(), ws, claim_id)
    if json:
        print_json(deleted_json("claim", c.id, c.claim))
        return
    out.print(f"Klaim #{c.id} dihapus: {escape(c.claim)}")
