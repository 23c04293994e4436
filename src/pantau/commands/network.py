"""``pantau actors``, ``pantau coordination`` and ``pantau network export``. Thin: parses,
calls ``pantau.network``, prints. Mounted by ``pantau.cli``::

    app.command("actors")(actors_command)
    app.command("coordination")(coordination_command)
    app.add_typer(network_app, name="network")
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.locale import fmt_datetime, fmt_int

app = typer.Typer(help="Jaringan interaksi akun: ekspor graf.", no_args_is_help=True)

from pantau.cli import JsonOpt, WorkspaceOpt, _parse_day, _print_json, out, state  # noqa: E402

SinceOpt = Annotated[str | None, typer.Option("--since", help="Mulai hari (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Sampai hari (YYYY-MM-DD).")]


def actors_command(
    limit: Annotated[int, typer.Option(help="Jumlah akun ditampilkan.")] = 30,
    since: SinceOpt = None,
    until: UntilOpt = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Aktor: akun yang paling banyak memposting dan paling berpengaruh, dengan sinyal bot."""
    from pantau.network.actors import list_actors

    ws = state.workspace(workspace)
    rows = list_actors(
        state.engine(),
        ws,
        _parse_day(since, ws.timezone),
        _parse_day(until, ws.timezone, end=True),
        limit=limit,
    )
    if json:
        _print_json(rows)
        return
    if not rows:
        out.print("Belum ada post dengan akun penulis.")
        return
    table = Table(title=f"Aktor — {escape(ws.name)}")
    for col in ("akun", "jenis", "peran", "post", "pengikut", "interaksi", "sentimen", "terakhir"):
        table.add_column(col)
    for r in rows:
        mix = ", ".join(f"{k} {v}" for k, v in sorted(r["sentiment"].items()))
        table.add_row(
            escape(f"{r['platform']}:{r['handle']}"),
            r["type"],
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
    from pantau.errors import PantauError
    from pantau.network.coordination import CoordinationConfig, workspace_coordination

    if window <= 0:
        raise PantauError("--window harus lebih dari 0 detik")
    ws = state.workspace(workspace)
    result = workspace_coordination(
        state.engine(),
        ws,
        _parse_day(since, ws.timezone),
        _parse_day(until, ws.timezone, end=True),
        CoordinationConfig(window=float(window), min_coactions=max(1, min_coactions)),
    )
    if json:
        _print_json(result.as_dict(evidence=evidence))
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
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor graf repost/balasan/kutipan/mention dengan bobot."""
    from pantau.network.graph import build_graph, export_graph

    ws = state.workspace(workspace)
    graph = build_graph(
        state.engine(),
        ws,
        _parse_day(since, ws.timezone),
        _parse_day(until, ws.timezone, end=True),
    )
    n = export_graph(graph, path, fmt)
    key = graph.key_nodes(10)
    if json:
        _print_json({"path": str(path), "nodes": len(graph.nodes), "edges": n, "key_nodes": key})
        return
    out.print(f"{fmt_int(len(graph.nodes))} akun, {fmt_int(n)} sisi → {escape(str(path))}")
    for k in key[:5]:
        out.print(f"  {escape(k['node'])}  PageRank {k['pagerank']:.4f}, masuk {k['in_degree']}")
