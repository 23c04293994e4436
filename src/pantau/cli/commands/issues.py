"""``pantau issues …``: emerging issues, their workflow. Thin: parses, calls
``pantau.monitor``, prints."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, parse_day, print_json, state
from pantau.locale import current_language, fmt_datetime, fmt_int
from pantau.monitor.issues import (
    IssueFilter,
    get_issue,
    is_relevant,
    list_issues,
    update_workflow,
)
from pantau.monitor.topics import get_topic

app = typer.Typer(
    help="Isu: percakapan yang sedang naik, dengan tahap, prioritas dan alasannya.",
    no_args_is_help=True,
)


_SUMMARY_FIELDS = (
    "id",
    "label",
    "title",
    "stage",
    "priority",
    "priority_score",
    "why",
    "suggested_response",
    "status",
    "owner",
    "first_seen",
    "last_seen",
)


def _summary(row: dict) -> dict:
    data = {k: row[k] for k in _SUMMARY_FIELDS}
    metrics = row.get("metrics") or {}
    data["posts"] = metrics.get("posts", 0)
    data["unique_authors"] = metrics.get("unique_authors", 0)
    data["negative_share"] = metrics.get("negative_share", 0.0)
    data["key_terms"] = metrics.get("key_terms", [])
    data["summary"] = (metrics.get("summary") or {}).get(current_language(), "")
    data["relevant"] = is_relevant(row)
    return data


@app.command("list")
def list_command(
    status: Annotated[str | None, typer.Option(help="baru, dipantau, ditangani, …")] = None,
    priority: Annotated[str | None, typer.Option(help="segera, 'perlu perhatian', pantau.")] = None,
    stage: Annotated[
        str | None, typer.Option(help="potensial, berkembang, memuncak, mereda.")
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help="Hanya isu yang postnya cocok topik ini.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Terlihat sejak tanggal (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Muncul sebelum tanggal (YYYY-MM-DD).")] = None,
    every: Annotated[
        bool, typer.Option("--semua", "--all", help="Juga isu kecil (di bawah ambang daftar).")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Daftar isu, yang paling mendesak dulu; isu "lainnya" (tidak menyangkut instansi,
    programnya, pejabatnya atau topik yang dipantau) di akhir."""
    ws = state.workspace(workspace)
    topic_id = None
    if topic:
        topic_id = get_topic(state.engine(), ws, topic).id
    f = IssueFilter(
        status=status,
        priority=priority,
        stage=stage,
        topic_id=topic_id,
        since=parse_day(since, ws.timezone),
        until=parse_day(until, ws.timezone, end=True),
        shown_only=not every,
    )
    rows = list_issues(state.engine(), ws, f)
    if json:
        print_json([_summary(r) for r in rows])
        return
    if not rows:
        out.print("Belum ada isu. Jalankan `pantau run` setelah mengimpor post.")
        return
    table = Table("#", "isu", "tahap", "prioritas", "post", "negatif", "status", "mengapa")
    for r in rows:
        s = _summary(r)
        terms = ", ".join(s["key_terms"][:4])
        table.add_row(
            str(s["id"]),
            escape(s["label"]) + (f"\n[dim]{escape(terms)}[/]" if terms else ""),
            s["stage"],
            s["priority"] if s["relevant"] else f"{s['priority']} (lainnya)",
            fmt_int(s["posts"]),
            f"{round(100 * s['negative_share'])}%",
            s["status"],
            escape(s["why"]),
        )
    out.print(table)


@app.command("show")
def show_command(
    issue_id: Annotated[int, typer.Argument(help="Nomor isu.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Rincian satu isu: angka, alasan, saran respons, post teratas."""
    ws = state.workspace(workspace)
    row = get_issue(state.engine(), ws, issue_id)
    if json:
        print_json(row)
        return
    m = row["metrics"] or {}
    out.print(f"[bold]Isu #{row['id']}: {escape(row['label'])}[/]")
    if m.get("key_terms"):
        out.print(f"[dim]Kata kunci: {escape(', '.join(m['key_terms']))}[/]")
    summary = (m.get("summary") or {}).get(current_language())
    if summary:
        out.print(escape(summary))
    out.print(f"Tahap: {row['stage']} · Prioritas: {row['priority']} · Status: {row['status']}")
    out.print(f"Mengapa: {escape(row['why'])}")
    out.print(f"Saran respons: {row['suggested_response']}")
    out.print(
        f"Pertama terdeteksi: {fmt_datetime(row['first_seen'], ws.timezone)} · "
        f"terakhir: {fmt_datetime(row['last_seen'], ws.timezone)}"
    )
    out.print(
        f"Post: {fmt_int(m.get('posts', 0))} ({fmt_int(m.get('unique_messages', 0))} pesan unik) · "
        f"akun: {fmt_int(m.get('unique_authors', 0))} · berita: {fmt_int(m.get('news_posts', 0))}"
    )
    for post in m.get("top_posts", []):
        where = escape(f"[{post['platform']}] @{post['author']}")
        out.print(f"  • {where}: {escape(post['text'])}")


@app.command("set")
def set_command(
    issue_id: Annotated[int, typer.Argument(help="Nomor isu.")],
    status: Annotated[
        str | None, typer.Option(help="baru, dipantau, ditangani, selesai, diabaikan.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Penanggung jawab.")] = None,
    notes: Annotated[str | None, typer.Option(help="Catatan.")] = None,
    title: Annotated[
        str | None, typer.Option(help="Judul isu (kosong: kembali ke judul otomatis).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah status, penanggung jawab, catatan atau judul isu."""
    ws = state.workspace(workspace)
    row = update_workflow(
        state.engine(), ws, issue_id, status=status, owner=owner, notes=notes, title=title
    )
    if json:
        print_json(_summary(row))
        return
    out.print(f"Isu #{row['id']}: status {row['status']}, penanggung jawab {row['owner'] or '-'}")


@app.command("rename")
def rename_command(
    issue_id: Annotated[int, typer.Argument(help="Nomor isu.")],
    title: Annotated[str, typer.Argument(help='Judul baru; "" kembali ke judul otomatis.')],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Beri isu judul sendiri; judul ini tetap dipakai walau isu diperbarui atau digabung."""
    ws = state.workspace(workspace)
    row = update_workflow(state.engine(), ws, issue_id, title=title)
    if json:
        print_json(_summary(row))
        return
    out.print(f"Isu #{row['id']}: {escape(row['label'])}")
