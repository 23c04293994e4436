"""``pantau sources …``: live sources Pantau collects by itself. Thin: parses, calls
``pantau.ingest``, prints. Secrets are never printed: every output shows ``***``."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.ingest.collect import CollectResult, collect_due, try_source
from pantau.ingest.connectors import all_connectors
from pantau.ingest.health import source_health
from pantau.ingest.sources import (
    SourceInfo,
    add_pack,
    add_source,
    edit_source,
    get_source,
    list_sources,
    packs,
    remove_source,
    set_paused,
)
from pantau.locale import fmt_datetime, fmt_int
from pantau.pipeline import run_pipeline
from pantau.shapes import deleted_json
from pantau.store import sources as store

app = typer.Typer(
    help="Sumber langsung: feed berita, Google News, Bluesky, Mastodon, YouTube, X, Meta — "
    "diambil Pantau sendiri sesuai jadwal.",
    no_args_is_help=True,
)

SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Pengaturan lain NAMA=NILAI (boleh diulang); lihat `kinds`."),
]
UrlOpt = Annotated[str | None, typer.Option(help="rss: alamat feed.")]
QueryOpt = Annotated[
    str | None, typer.Option(help="google-news, bluesky, youtube, x: kata kunci / kueri.")
]
IntervalOpt = Annotated[
    int | None,
    typer.Option(help="Menit antara dua pengambilan (bawaan: 15 berita, 5 media sosial)."),
]
SecretOpt = Annotated[
    str | None,
    typer.Option(help="Rahasia (token, kunci API). Lebih aman: --secret-stdin."),
]
SecretStdinOpt = Annotated[
    bool, typer.Option("--secret-stdin", help="Baca rahasia dari baris pertama stdin.")
]


def _settings(url: str | None, query: str | None, pairs: list[str] | None) -> dict[str, str]:
    found: dict[str, str] = {}
    if url is not None:
        found["url"] = url
    if query is not None:
        found["query"] = query
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise PantauError(f"--set harus NAMA=NILAI, bukan {pair!r}")
        found[name.strip().replace("-", "_")] = value.strip()
    return found


def _secret(secret: str | None, from_stdin: bool) -> str | None:
    if secret and from_stdin:
        raise PantauError("pilih --secret atau --secret-stdin, bukan keduanya")
    return sys.stdin.readline().strip() if from_stdin else secret


def _when(value: datetime | None, tz: str) -> str:
    return fmt_datetime(value, tz) if value else "-"


@app.command("kinds")
def kinds_command(json: JsonOpt = False) -> None:
    """Jenis sumber dan pengaturannya."""
    found = all_connectors()
    if json:
        print_json(
            [
                {
                    "kind": c.name,
                    "description": c.description,
                    "platform": c.platform,
                    "default_interval": c.default_interval,
                    "settings": [{"name": s.name, "help": s.help} for s in c.settings],
                    "secret": c.secret,
                    "secret_required": c.secret_required,
                }
                for c in found
            ]
        )
        return
    table = Table("jenis", "keterangan", "pengaturan", "rahasia", "interval")
    for c in found:
        table.add_row(
            c.name,
            c.description,
            ", ".join(s.name for s in c.settings),
            (c.secret or "-") + (" (wajib)" if c.secret_required else ""),
            f"{c.default_interval} mnt",
        )
    out.print(table)


@app.command("packs")
def packs_command(json: JsonOpt = False) -> None:
    """Paket sumber siap pakai (hanya alamat feed)."""
    found = packs()
    if json:
        print_json(
            {name: [{"name": n, "url": u} for n, u in feeds] for name, feeds in found.items()}
        )
        return
    for name, feeds in found.items():
        out.print(
            f"[bold]{escape(name)}[/] — {fmt_int(len(feeds))} feed: "
            + ", ".join(escape(n) for n, _ in feeds)
        )
    out.print("Aktifkan dengan `pantau sources add --pack NAMA`.", highlight=False)


@app.command("add")
def add_command(
    name: Annotated[str | None, typer.Argument(help="Nama sumber, mis. 'Antara Terkini'.")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="rss, google-news, bluesky, mastodon, "
            "youtube, x atau meta (lihat `pantau sources kinds`).",
        ),
    ] = None,
    url: UrlOpt = None,
    query: QueryOpt = None,
    setting: SetOpt = None,
    interval: IntervalOpt = None,
    secret: SecretOpt = None,
    secret_stdin: SecretStdinOpt = False,
    pack: Annotated[
        str | None, typer.Option(help="Tambah semua feed sebuah paket (`pantau sources packs`).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah sumber (atau satu paket feed berita sekaligus)."""
    ws = state.workspace(workspace)
    if pack:
        added, skipped = add_pack(state.engine(), ws, pack, interval)
        if json:
            print_json({"added": [s.as_dict() for s in added], "skipped": skipped})
            return
        out.print(
            f"{fmt_int(len(added))} sumber dari paket {escape(pack)} ditambahkan"
            + (f"; {fmt_int(len(skipped))} sudah ada" if skipped else "")
            + "."
        )
        out.print(
            "Sumber diambil saat `pantau serve` berjalan, atau sekarang dengan "
            "`pantau sources collect`.",
            highlight=False,
        )
        return
    if not name or not kind:
        raise PantauError("sebutkan NAMA dan --kind (atau --pack NAMA)")
    info = add_source(
        state.engine(),
        ws,
        name,
        kind,
        _settings(url, query, setting),
        secret=_secret(secret, secret_stdin),
        interval=interval,
    )
    if json:
        print_json(info.as_dict())
        return
    out.print(
        f"Sumber [bold]{escape(info.name)}[/] ({info.kind}: {escape(info.target)}) "
        f"ditambahkan, id {info.id}, setiap {info.interval_minutes} menit."
    )
    out.print(f"Uji dengan `pantau sources test {escape(info.name)}`.", highlight=False)


def _posts_text(posts_24h: int, usual: float | None) -> str:
    if usual is None:
        return fmt_int(posts_24h)
    return f"{fmt_int(posts_24h)} (biasa {fmt_int(round(usual))})"


@app.command("list")
def list_command(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar sumber dengan kesehatannya (rahasia disamarkan)."""
    ws = state.workspace(workspace)
    found = source_health(state.engine(), ws)
    if json:
        print_json([h.as_dict() for h in found])
        return
    if not found:
        out.print(
            "Belum ada sumber. Tambah dengan `pantau sources add` atau "
            "`pantau sources add --pack berita-nasional`.",
            highlight=False,
        )
        return
    table = Table(
        "id", "nama", "jenis", "sasaran", "keadaan", "berhasil terakhir", "post 24 jam", "kuota"
    )
    for h in found:
        s = h.source
        state_text = h.label + (" · diam" if h.silent else "")
        table.add_row(
            str(s.id), escape(s.name), s.kind, escape(s.target), state_text,
            _when(s.last_success_at, ws.timezone), _posts_text(h.posts_24h, h.usual_per_day),
            h.quota_left or "-",
        )  # fmt: skip
    out.print(table)


def _print_source(s: SourceInfo, tz: str) -> None:
    out.print(f"[bold]{escape(s.name)}[/] (id {s.id}) — {s.kind}: {escape(s.target)}")
    out.print(
        f"Status: {'dijeda' if s.status == 'paused' else 'aktif'}, setiap "
        f"{s.interval_minutes} menit; keadaan: {s.health_label}",
        highlight=False,
    )
    settings = ", ".join(f"{k}={v}" for k, v in s.config.items())
    out.print(f"Pengaturan: {escape(settings) or '-'}; rahasia: {s.secret or '-'}", highlight=False)
    out.print(
        f"Berhasil terakhir: {_when(s.last_success_at, tz)}; post baru terakhir: "
        f"{_when(s.last_seen_at, tz)}; berikutnya: {_when(s.next_run_at, tz)}",
        highlight=False,
    )
    if s.last_error:
        out.print(
            f"Galat terakhir ({_when(s.last_error_at, tz)}): {escape(s.last_error)}",
            highlight=False,
        )


@app.command("show")
def show_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Rincian sumber dan pengambilan terakhirnya."""
    ws = state.workspace(workspace)
    info = get_source(state.engine(), ws, ref)
    with state.engine().connect() as conn:
        runs = store.runs_of(conn, ws.id, info.id, limit=10)
    if json:
        print_json({**info.as_dict(), "runs": runs})
        return
    _print_source(info, ws.timezone)
    if runs:
        table = Table("impor", "mulai", "status", "dibaca", "baru", "ditolak")
        for r in runs:
            table.add_row(str(r["id"]), _when(r["started_at"], ws.timezone), r["status"],
                          fmt_int(r["rows_read"]), fmt_int(r["rows_new"]),
                          fmt_int(r["rows_rejected"]))  # fmt: skip
        out.print(table)


@app.command("edit")
def edit_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    name: Annotated[str | None, typer.Option("--name", help="Nama baru.")] = None,
    url: UrlOpt = None,
    query: QueryOpt = None,
    setting: SetOpt = None,
    interval: IntervalOpt = None,
    default_interval: Annotated[
        bool, typer.Option("--default-interval", help="Kembali ke interval bawaan jenisnya.")
    ] = False,
    secret: SecretOpt = None,
    secret_stdin: SecretStdinOpt = False,
    clear_secret: Annotated[bool, typer.Option("--clear-secret", help="Hapus rahasia.")] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah sumber; pengaturan atau rahasia baru membuatnya segera diambil lagi."""
    ws = state.workspace(workspace)
    new_secret = "" if clear_secret else _secret(secret, secret_stdin)
    info = edit_source(
        state.engine(),
        ws,
        ref,
        name=name,
        config=_settings(url, query, setting) or None,
        secret=new_secret,
        interval=interval,
        default_interval=default_interval,
    )
    if json:
        print_json(info.as_dict())
        return
    _print_source(info, ws.timezone)


def _pause(ref: str, paused: bool, workspace: str | None, json: bool) -> None:
    ws = state.workspace(workspace)
    info = set_paused(state.engine(), ws, ref, paused)
    if json:
        print_json(info.as_dict())
        return
    word = "dijeda" if paused else "dilanjutkan (segera diambil)"
    out.print(f"Sumber [bold]{escape(info.name)}[/] {word}.")


@app.command("pause")
def pause_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Jeda sumber: tidak diambil dan tidak dianggap diam."""
    _pause(ref, True, workspace, json)


@app.command("resume")
def resume_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Lanjutkan sumber yang dijeda."""
    _pause(ref, False, workspace, json)


@app.command("remove")
def remove_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus sumber (post dan riwayat impornya tetap ada)."""
    ws = state.workspace(workspace)
    info = remove_source(state.engine(), ws, ref)
    if json:
        print_json(deleted_json("source", info.id, info.name))
        return
    out.print(f"Sumber [bold]{escape(info.name)}[/] dihapus; post yang sudah masuk tetap ada.")


@app.command("test")
def test_command(
    ref: Annotated[str, typer.Argument(help="Nama atau id sumber.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Coba ambil sekali tanpa menyimpan apa pun."""
    ws = state.workspace(workspace)
    result = try_source(state.engine(), ws, ref)
    if json:
        print_json(result.as_dict())
        return
    if not result.ok:
        out.print(f"[red]Gagal[/] ({result.error_kind}): {escape(result.error or '')}")
        raise typer.Exit(1)
    if result.not_modified:
        out.print("Berhasil: tidak ada yang berubah sejak pengambilan terakhir (HTTP 304).")
        return
    out.print(
        f"Berhasil: {fmt_int(result.items)} butir terbaca"
        + (f", {fmt_int(result.rejected)} ditolak" if result.rejected else "")
        + "."
    )
    for line in result.sample:
        out.print(f"  • {escape(line)}", highlight=False)
    for note in result.notes:
        out.print(f"  catatan: {escape(note)}", highlight=False)


def _print_result(r: CollectResult) -> None:
    if not r.ok:
        out.print(f"[red]✗[/] {escape(r.source)}: {escape(r.error or '')}", highlight=False)
    elif r.not_modified:
        out.print(f"✓ {escape(r.source)}: tidak berubah", highlight=False)
    else:
        out.print(
            f"✓ {escape(r.source)}: {fmt_int(r.read)} dibaca, {fmt_int(r.new)} baru, "
            f"{fmt_int(r.updated)} diperbarui, {fmt_int(r.duplicate)} sudah ada"
            + (f", {fmt_int(r.rejected)} ditolak" if r.rejected else ""),
            highlight=False,
        )


@app.command("collect")
def collect_command(
    refs: Annotated[
        list[str] | None,
        typer.Argument(help="Sumber yang diambil sekarang (bawaan: yang jatuh tempo)."),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Semua sumber aktif, jatuh tempo atau belum.")
    ] = False,
    run: Annotated[
        bool, typer.Option("--run", help="Sesudahnya jalankan seluruh tahap (`pantau run`).")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ambil sumber sekarang (yang jatuh tempo, yang disebut, atau --all)."""
    ws = state.workspace(workspace)
    engine = state.engine()
    only = None
    if refs:
        only = [get_source(engine, ws, r).id for r in refs]
    elif everything:
        only = [s.id for s in list_sources(engine, ws) if s.status == "active"]
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    results = collect_due(
        engine, ws, data_dir=state.settings.data_dir, now=now, only=only, force=only is not None
    )
    new = sum(r.new for r in results if r.ok and not r.owned)
    pipeline = run_pipeline(engine, ws, state.settings.data_dir) if run and new else None
    if json:
        print_json(
            {
                "collected": [r.as_dict() for r in results],
                "new_posts": new,
                "stages": pipeline.as_list() if pipeline else [],
            }
        )
        return
    if not results:
        out.print("Tidak ada sumber yang jatuh tempo (pakai --all untuk semua).")
        return
    for r in results:
        _print_result(r)
    if new and pipeline is None:
        out.print("Jalankan `pantau run` untuk memproses post baru.", highlight=False)
    if any(not r.ok for r in results):
        raise typer.Exit(1)
