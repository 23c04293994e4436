"""``pantau topics …``: what the workspace watches. Thin: parses, calls ``pantau.monitor``,
prints."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, err, out, print_json, state
from pantau.locale import fmt_datetime, fmt_int
from pantau.monitor.topics import (
    CATEGORIES,
    add_topic,
    delete_topic,
    edit_topic,
    list_topics,
    match_posts,
)
from pantau.records import Workspace
from pantau.search import matching_ids, query_matches
from pantau.shapes import deleted_json, topic_json
from pantau.store.topics import count_posts_after

app = typer.Typer(
    help="Topik: kueri boolean yang dipantau workspace (panduan: docs/query-language.md).",
    no_args_is_help=True,
)


NameArg = Annotated[str, typer.Argument(help="Nama topik, mis. 'Harga BBM'.")]
CategoryHelp = f"Kategori: {', '.join(CATEGORIES)}."
OwnerHelp = "Penanggung jawab (teks bebas), mis. 'Tim Humas Ekonomi'."
QueryHelp = "Kueri boolean, mis. '(subsidi OR bansos) AND NOT hoaks'."


@contextmanager
def _matching(show: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar over posts, as the callback ``match_posts`` reports to."""
    with Progress(
        TextColumn("[bold]mencocokkan post"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not (show and err.is_terminal),
        transient=True,
    ) as bar:
        task = bar.add_task("match", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _posts_total(ws: Workspace) -> int:
    with state.engine().connect() as conn:
        return count_posts_after(conn, ws.id)


def _warn_extremes(matches: int, total: int) -> None:
    """Point out a query that matches nothing or everything: usually a mistake."""
    if total == 0:
        out.print("Belum ada post di workspace ini; impor dulu dengan `pantau import`.")
    elif matches == 0:
        out.print(
            "[yellow]Perhatian:[/] tidak ada post yang cocok — periksa ejaan atau longgarkan kueri."
        )
    elif matches == total:
        out.print(
            "[yellow]Perhatian:[/] semua post cocok — kueri mungkin terlalu luas "
            "(mis. hanya NOT atau hanya filter platform)."
        )


@app.command("add")
def add(
    name: NameArg,
    query: Annotated[str, typer.Option("--query", "-q", help=QueryHelp)],
    category: Annotated[str, typer.Option("--category", "-c", help=CategoryHelp)] = "lainnya",
    owner: Annotated[str | None, typer.Option("--owner", "-o", help=OwnerHelp)] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah topik dan cocokkan dengan semua post yang tersimpan."""
    ws = state.workspace(workspace)
    with _matching(not json) as progress:
        topic = add_topic(
            state.engine(), ws, name, query, category, owner, progress=progress,
            matches=matching_ids(state.engine(), ws, query),
        )  # fmt: skip
    if json:
        print_json(topic_json(topic))
        return
    out.print(
        f"Topik [bold]{escape(topic.name)}[/] ({topic.category}) disimpan; "
        f"cocok dengan {fmt_int(topic.matches)} post."
    )
    _warn_extremes(topic.matches, _posts_total(ws))


@app.command("list")
def list_(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar topik beserta jumlah post yang cocok."""
    ws = state.workspace(workspace)
    found = list_topics(state.engine(), ws)
    if json:
        print_json([topic_json(t) for t in found])
        return
    if not found:
        out.print("Belum ada topik; tambah dengan `pantau topics add NAMA --query …`.")
        return
    table = Table("nama", "kategori", "pemilik", "aktif", "post", "kueri", "diubah")
    for t in found:
        table.add_row(
            escape(t.name),
            t.category,
            escape(t.owner or ""),
            "ya" if t.active else "tidak",
            fmt_int(t.matches),
            escape(t.query),
            fmt_datetime(t.updated_at, ws.timezone),
        )
    out.print(table)


@app.command("edit")
def edit(
    name: NameArg,
    query: Annotated[str | None, typer.Option("--query", "-q", help=QueryHelp)] = None,
    new_name: Annotated[str | None, typer.Option("--name", help="Nama baru.")] = None,
    category: Annotated[str | None, typer.Option("--category", "-c", help=CategoryHelp)] = None,
    owner: Annotated[str | None, typer.Option("--owner", "-o", help=OwnerHelp)] = None,
    active: Annotated[
        bool | None,
        typer.Option("--active/--inactive", help="Aktifkan atau hentikan pemantauan topik."),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah topik; kueri baru dicocokkan ulang dengan semua post."""
    ws = state.workspace(workspace)
    with _matching(not json) as progress:
        topic = edit_topic(
            state.engine(),
            ws,
            name,
            new_name=new_name,
            query=query,
            category=category,
            owner=owner,
            active=active,
            progress=progress,
            matches=None if query is None else matching_ids(state.engine(), ws, query),
        )
    if json:
        print_json(topic_json(topic))
        return
    state_text = "aktif" if topic.active else "tidak aktif"
    out.print(
        f"Topik [bold]{escape(topic.name)}[/] diubah ({topic.category}, {state_text}); "
        f"cocok dengan {fmt_int(topic.matches)} post."
    )
    if query is not None and topic.active:
        _warn_extremes(topic.matches, _posts_total(ws))


@app.command("delete")
def delete(name: NameArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Hapus topik beserta daftar post yang cocok dengannya (post-nya tetap ada)."""
    ws = state.workspace(workspace)
    topic = delete_topic(state.engine(), ws, name)
    if json:
        print_json(deleted_json("topic", topic.id, topic.name))
        return
    out.print(
        f"Topik [bold]{escape(topic.name)}[/] dihapus "
        f"({fmt_int(topic.matches)} kecocokan ikut dihapus)."
    )


@app.command("test")
def test_(
    query: Annotated[str, typer.Argument(help=QueryHelp)],
    sample: Annotated[
        int, typer.Option("--sample", "-n", min=0, max=100, help="Jumlah contoh post.")
    ] = 5,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Coba kueri pada post yang tersimpan tanpa menyimpan topik."""
    ws = state.workspace(workspace)
    count, samples = query_matches(state.engine(), ws, query, sample)
    total = _posts_total(ws)
    if json:
        print_json(
            {
                "query": query,
                "matches": count,
                "posts": total,
                "samples": [asdict(p) for p in samples],
            }
        )
        return
    out.print(f"{fmt_int(count)} dari {fmt_int(total)} post cocok.")
    _warn_extremes(count, total)
    if samples:
        table = Table("waktu", "platform", "akun", "teks", title="Contoh terbaru", expand=True)
        for p in samples:
            body = p.title or p.text
            table.add_row(
                fmt_datetime(p.created_at, ws.timezone),
                p.platform,
                escape(p.author or ""),
                escape((body[:140] + "…") if len(body) > 140 else body),
            )
        out.print(table)


@app.command("match")
def match(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Cocokkan ulang semua post dengan semua topik aktif (aman diulang)."""
    ws = state.workspace(workspace)
    with _matching(not json) as progress:
        summary = match_posts(state.engine(), ws, progress=progress)
    if json:
        print_json(summary.as_dict())
        return
    out.print(
        f"{fmt_int(summary.posts)} post dicocokkan dengan {fmt_int(summary.topics)} topik: "
        f"{fmt_int(summary.added)} kecocokan baru, {fmt_int(summary.removed)} dihapus."
    )
    for topic_name, reason in summary.broken.items():
        err.print(f"[red]topik {escape(topic_name)} dilewati:[/] {escape(reason)}")
