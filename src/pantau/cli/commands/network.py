"""``pantau actors``, ``pantau coordination``, ``pantau network export`` and ``pantau network
camps``. Thin: parses, calls ``pantau.network``, prints."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, parse_day, print_json, state
from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_int
from pantau.network.accounts import (
    add_account,
    clean_handle,
    import_accounts,
    list_accounts,
    remove_account,
)
from pantau.network.actors import actors_between, list_actors
from pantau.network.camps import issue_graph_with_camps, issue_network
from pantau.network.coordination import CoordinationConfig, workspace_coordination
from pantau.network.graph import build_graph, export_graph
from pantau.shapes import deleted_json

app = typer.Typer(
    help="Jaringan interaksi akun: ekspor graf, kubu dan akun penghubung per isu.",
    no_args_is_help=True,
)


SinceOpt = Annotated[str | None, typer.Option("--since", help="Mulai hari (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Sampai hari (YYYY-MM-DD).")]


def actors_command(
    limit: Annotated[int, typer.Option(help="Jumlah akun ditampilkan (0: semua).")] = 30,
    since: SinceOpt = None,
    until: UntilOpt = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Aktor: akun yang paling banyak memposting dan paling berpengaruh, dengan sinyal bot."""
    ws = state.workspace(workspace)
    if since or until:
        rows = actors_between(
            state.engine(),
            ws,
            parse_day(since, ws.timezone),
            parse_day(until, ws.timezone, end=True),
            limit=limit or None,
        )
    else:
        rows = list_actors(state.engine(), ws, 0, limit=limit or None).actors
    if json:
        print_json(rows)
        return
    if not rows:
        out.print("Belum ada aktor: post dengan akun penulis dihitung oleh `pantau run`.")
        return
    table = Table(title=f"Aktor — {escape(ws.name)}")
    for col in (
        "akun",
        "jenis (instansi)",
        "peran",
        "post",
        "pengikut",
        "interaksi",
        "sentimen",
        "terakhir",
    ):
        table.add_column(col)
    for r in rows:
        mix = ", ".join(f"{k} {v}" for k, v in sorted(r["sentiment"].items()))
        table.add_row(
            escape(f"{r['platform']}:{r['handle']}"),
            escape(f"{r['type']} ({r['institution']})" if r["institution"] else r["type"]),
            ", ".join(r["roles"]) or "-",
            fmt_int(r["posts"]),
            fmt_int(r["followers"]) if r["followers"] is not None else "-",
            fmt_int(r["engagement"]),
            mix or "-",
            fmt_datetime(r["last_seen"], ws.timezone),
        )
    out.print(table)


def coordination_command(
    window: Annotated[int, typer.Option(help="Jendela ko-aksi dalam detik.")] = 60,
    min_coactions: Annotated[int, typer.Option(help="Minimal ko-aksi berulang per pasangan.")] = 3,
    since: SinceOpt = None,
    until: UntilOpt = None,
    evidence: Annotated[bool, typer.Option(help="Sertakan post bukti di JSON.")] = True,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kelompok akun yang bergerak bersamaan di luar kebetulan (dengan post bukti)."""
    if window <= 0:
        raise PantauError("--window harus lebih dari 0 detik")
    ws = state.workspace(workspace)
    result = workspace_coordination(
        state.engine(),
        ws,
        parse_day(since, ws.timezone),
        parse_day(until, ws.timezone, end=True),
        CoordinationConfig(window=float(window), min_coactions=max(1, min_coactions)),
    )
    if json:
        print_json(result.as_dict(evidence=evidence))
        return
    if not result.groups:
        out.print(f"Tidak ada kelompok terkoordinasi di {fmt_int(result.posts)} post.")
        return
    table = Table(title=f"Kelompok terkoordinasi (jendela {window} detik)")
    for col in ("skor", "akun", "ko-aksi", "bukti", "jenis", "anggota"):
        table.add_column(col)
    for g in result.groups:
        names = ", ".join(h for _, h in g.members[:8]) + (" …" if len(g.members) > 8 else "")
        table.add_row(
            f"{g.score:.2f}",
            fmt_int(len(g.members)),
            fmt_int(g.coactions),
            fmt_int(g.evidence),
            ", ".join(f"{k} {v}" for k, v in g.kinds.items()),
            escape(names),
        )
    out.print(table)
    out.print("Skor adalah sinyal untuk ditelaah, bukan vonis; bukti ada di --json.")


@app.command("export")
def export_command(
    path: Annotated[Path, typer.Argument(help="Berkas keluaran (.gexf, .graphml, .csv).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="gexf, graphml atau csv (bawaan: akhiran).")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    issue: Annotated[
        int | None,
        typer.Option("--issue", "-i", help="Hanya jaringan satu isu, dengan kubu dan sentimen."),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor graf repost/balasan/kutipan/mention dengan bobot."""
    ws = state.workspace(workspace)
    camps = None
    if issue is not None:
        graph, camps = issue_graph_with_camps(state.engine(), ws, issue)
    else:
        graph = build_graph(
            state.engine(),
            ws,
            parse_day(since, ws.timezone),
            parse_day(until, ws.timezone, end=True),
        )
    n = export_graph(graph, path, fmt, camps)
    key = graph.key_nodes(10)
    if json:
        print_json({"path": str(path), "nodes": len(graph.nodes), "edges": n, "key_nodes": key})
        return
    out.print(f"{fmt_int(len(graph.nodes))} akun, {fmt_int(n)} sisi → {escape(str(path))}")
    for k in key[:5]:
        out.print(f"  {escape(k['node'])}  PageRank {k['pagerank']:.4f}, masuk {k['in_degree']}")


@app.command("camps")
def camps_command(
    issue: Annotated[
        int, typer.Option("--issue", "-i", help="Id isu (lihat `pantau issues list`).")
    ],
    max_nodes: Annotated[
        int, typer.Option("--max-nodes", min=1, max=1000, help="Jumlah akun di gambar jaringan.")
    ] = 150,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kubu (komunitas × sentimen) dan akun penghubung dalam jaringan satu isu."""
    ws = state.workspace(workspace)
    result = issue_network(state.engine(), ws, issue, max_nodes=max_nodes)
    if json:
        print_json(result)
        return
    for sentence in result["summary"]:
        out.print(escape(sentence))
    if result["communities"]:
        table = Table(title=f"Kubu dalam isu #{issue}")
        for col in ("kubu", "akun", "post", "positif", "netral", "negatif", "akun utama"):
            table.add_column(col)
        for c in result["communities"]:
            mix = c["sentiment"]
            table.add_row(
                escape(c["label"]),
                fmt_int(c["size"]),
                fmt_int(c["posts"]),
                fmt_int(mix["positive"]),
                fmt_int(mix["neutral"]),
                fmt_int(mix["negative"]),
                escape(", ".join(a.split(":", 1)[-1] for a in c["top_accounts"][:3])),
            )
        out.print(table)
    if result["bridges"]:
        table = Table(title="Akun penghubung")
        for col in ("akun", "kubu sendiri", "menghubungkan", "betweenness"):
            table.add_column(col)
        for b in result["bridges"]:
            table.add_row(
                escape(b["id"]),
                str(b["community"] or "-"),
                ", ".join(str(c) for c in b["connects"]),
                f"{b['betweenness']:.4f}",
            )
        out.print(table)


accounts_app = typer.Typer(
    help="Daftar akun workspace (akun resmi pemerintah, media) yang menentukan jenis aktor.",
    no_args_is_help=True,
)
app.add_typer(accounts_app, name="accounts")


def _print_account(r: dict) -> str:
    inst = f" — {r['institution']}" if r.get("institution") else ""
    return escape(f"{r['platform']}:{r['handle']} ({r['type']}){inst}")


@accounts_app.command("add")
def accounts_add(
    platform: Annotated[str, typer.Argument(help="Platform (x, instagram, tiktok, news, …).")],
    handle: Annotated[str, typer.Argument(help="Nama akun, dengan atau tanpa @.")],
    account_type: Annotated[
        str, typer.Option("--type", "-t", help="pemerintah, media, influencer atau warga.")
    ],
    institution: Annotated[
        str | None, typer.Option("--institution", "-i", help="Nama instansi pemilik akun.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambahkan (atau ubah) satu akun di daftar."""
    ws = state.workspace(workspace)
    row = add_account(state.engine(), ws, platform, handle, account_type, institution)
    if json:
        print_json(row)
        return
    out.print(f"Akun tercatat: {_print_account(row)}")


@accounts_app.command("import")
def accounts_import(
    file: Annotated[Path, typer.Argument(help="CSV berkolom platform, handle, type, institution.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor daftar akun dari CSV (mengimpor ulang berkas yang sama tidak mengubah apa pun)."""

    ws = state.workspace(workspace)
    s = import_accounts(state.engine(), ws, file, rejects_dir=state.settings.rejects_dir)
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"Daftar akun dari [bold]{escape(file.name)}[/]: {fmt_int(s.rows_read)} baris, "
        f"{fmt_int(s.rows_new)} baru, {fmt_int(s.rows_updated)} diperbarui, "
        f"{fmt_int(s.rows_unchanged)} tidak berubah, {fmt_int(s.rows_rejected)} ditolak."
    )
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {escape(s.rejects_path)}")


@accounts_app.command("show")
def accounts_show(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Tampilkan daftar akun."""
    ws = state.workspace(workspace)
    rows = list_accounts(state.engine(), ws)
    if json:
        print_json(rows)
        return
    if not rows:
        out.print(
            "Daftar akun masih kosong; tambahkan dengan `pantau network accounts add` "
            "atau `pantau network accounts import BERKAS`."
        )
        return
    table = Table(title=f"Daftar akun — {escape(ws.name)}")
    for col in ("platform", "akun", "jenis", "instansi", "sumber", "diperbarui"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["platform"],
            escape(r["handle"]),
            r["type"],
            escape(r["institution"] or "-"),
            escape(r["source"] or "-"),
            fmt_datetime(r["updated_at"], ws.timezone),
        )
    out.print(table)


@accounts_app.command("remove")
def accounts_remove(
    platform: Annotated[str, typer.Argument(help="Platform.")],
    handle: Annotated[str, typer.Argument(help="Nama akun.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus satu akun dari daftar."""
    ws = state.workspace(workspace)
    remove_account(state.engine(), ws, platform, handle)
    if json:
        key = f"{platform.lower()}/{clean_handle(handle)}"
        print_json(deleted_json("listed_account", key, clean_handle(handle)))
        return
    out.print(
        f"Akun {escape(platform.lower())}:{escape(clean_handle(handle))} dihapus dari daftar."
    )
