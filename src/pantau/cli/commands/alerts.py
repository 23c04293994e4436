"""``pantau alerts …``. Thin: parses, calls the capability, prints.

Channel secrets are never printed: every output shows the masked configuration."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_int, zone_label
from pantau.monitor.topics import get_topic
from pantau.notify import evaluate_alerts
from pantau.notify.evaluate import send_probe
from pantau.notify.rules import KIND_LABELS
from pantau.notify.setup import (
    add_channel,
    add_rule,
    delete_channel,
    delete_rule,
    delivery_log,
    get_channel,
    get_settings,
    list_channels,
    list_rules,
    update_settings,
)
from pantau.shapes import deleted_json

app = typer.Typer(
    help="Peringatan: aturan, kanal (email, Telegram, webhook) dan riwayat kiriman.",
    no_args_is_help=True,
)
channel_app = typer.Typer(help="Kanal peringatan: email, Telegram, webhook.", no_args_is_help=True)
rule_app = typer.Typer(
    help="Aturan peringatan: apa yang dipantau dan ke kanal mana.", no_args_is_help=True
)
app.add_typer(channel_app, name="channel")
app.add_typer(rule_app, name="rule")


STATUS_LABELS = {
    "pending": "menunggu",
    "sending": "sedang dikirim",
    "sent": "terkirim",
    "retrying": "dicoba lagi",
    "digest": "ditahan (ringkasan)",
    "failed": "gagal",
    "cancelled": "dibatalkan",
}


def _config_text(config: dict) -> str:
    return ", ".join(
        f"{k}={v if not isinstance(v, list) else ','.join(v)}" for k, v in config.items()
    )


# --- channels -------------------------------------------------------------------------------


@channel_app.command("add")
def channel_add(
    name: Annotated[str, typer.Argument(help="Nama kanal, mis. humas-tg.")],
    kind: Annotated[str, typer.Option("--kind", "-k", help="email, telegram atau webhook.")],
    host: Annotated[str | None, typer.Option(help="email: server SMTP.")] = None,
    port: Annotated[int | None, typer.Option(help="email: port SMTP (bawaan 587/465/25).")] = None,
    security: Annotated[
        str, typer.Option(help="email: starttls, tls (langsung) atau none.")
    ] = "starttls",
    user: Annotated[str | None, typer.Option(help="email: nama pengguna SMTP.")] = None,
    sender: Annotated[str | None, typer.Option("--from", help="email: alamat pengirim.")] = None,
    to: Annotated[
        list[str] | None, typer.Option("--to", help="email: penerima (boleh diulang).")
    ] = None,
    ca_file: Annotated[
        str | None, typer.Option(help="email: sertifikat CA tambahan (server internal).")
    ] = None,
    chat_id: Annotated[str | None, typer.Option(help="telegram: id chat atau grup.")] = None,
    api_base: Annotated[
        str | None, typer.Option(help="telegram: alamat API (bawaan api.telegram.org).")
    ] = None,
    secret: Annotated[
        str | None,
        typer.Option(
            help="Rahasia: kata sandi SMTP, token bot, atau URL webhook. Lebih aman: "
            "--secret-stdin."
        ),
    ] = None,
    secret_stdin: Annotated[
        bool, typer.Option("--secret-stdin", help="Baca rahasia dari baris pertama stdin.")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah kanal peringatan (rahasia disimpan, tidak pernah ditampilkan)."""
    if secret and secret_stdin:
        raise PantauError("pilih --secret atau --secret-stdin, bukan keduanya")
    if secret_stdin:
        secret = sys.stdin.readline().strip()
    kind = kind.strip().lower()
    config: dict[str, object]
    if kind == "email":
        config = {
            "host": host,
            "port": port,
            "security": security,
            "username": user,
            "password": secret,
            "sender": sender,
            "to": to or [],
            "ca_file": ca_file,
        }
    elif kind == "telegram":
        config = {"token": secret, "chat_id": chat_id, "api_base": api_base}
    else:
        config = {"url": secret}
    ws = state.workspace(workspace)
    info = add_channel(state.engine(), ws, name, kind, config)
    if json:
        print_json(info.as_dict())
        return
    out.print(f"Kanal [bold]{escape(info.name)}[/] ({info.kind}) ditambahkan, id {info.id}.")
    out.print(f"Uji dengan `pantau alerts channel test {escape(info.name)}`.", highlight=False)


@channel_app.command("list")
def channel_list(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar kanal (rahasia disamarkan)."""
    ws = state.workspace(workspace)
    found = list_channels(state.engine(), ws)
    if json:
        print_json([c.as_dict() for c in found])
        return
    if not found:
        out.print("Belum ada kanal; tambah dengan `pantau alerts channel add NAMA --kind …`.")
        return
    table = Table("id", "nama", "jenis", "pengaturan")
    for c in found:
        table.add_row(str(c.id), escape(c.name), c.kind, escape(_config_text(c.config)))
    out.print(table)


@channel_app.command("test")
def channel_test(
    channel: Annotated[str, typer.Argument(help="Nama atau id kanal.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kirim pesan uji lewat kanal sekarang juga."""
    ws = state.workspace(workspace)
    info = get_channel(state.engine(), ws, channel)
    error = send_probe(state.engine(), ws, channel)
    if json:
        print_json({"channel": info.name, "ok": error is None, "error": error})
    elif error is None:
        out.print(f"Pesan uji terkirim lewat kanal [bold]{escape(info.name)}[/].")
    else:
        out.print(f"[red]Gagal[/] mengirim lewat kanal {escape(info.name)}: {escape(error)}")
    if error is not None:
        raise typer.Exit(1)


@channel_app.command("delete")
def channel_delete(
    channel: Annotated[str, typer.Argument(help="Nama atau id kanal.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus kanal (kiriman yang belum terkirim dibatalkan; riwayat tetap ada)."""
    ws = state.workspace(workspace)
    info = delete_channel(state.engine(), ws, channel)
    if json:
        print_json(deleted_json("alert_channel", info.id, info.name))
        return
    out.print(f"Kanal {escape(info.name)} dihapus.")


# --- rules ----------------------------------------------------------------------------------


@rule_app.command("add")
def rule_add(
    kind: Annotated[
        str,
        typer.Argument(
            help="issue, volume_spike, negative_surge, hoax, coordination atau source_silent."
        ),
    ],
    channel: Annotated[
        list[str], typer.Option("--channel", "-c", help="Nama atau id kanal (boleh diulang).")
    ],
    min_priority: Annotated[
        str | None, typer.Option(help="issue: prioritas terendah (bawaan 'perlu perhatian').")
    ] = None,
    topic: Annotated[
        str | None, typer.Option(help="volume_spike/negative_surge: nama topik (bawaan semua).")
    ] = None,
    factor: Annotated[
        float | None, typer.Option(help="volume_spike: kelipatan dari biasanya.")
    ] = None,
    min_posts: Annotated[int | None, typer.Option(help="Jumlah post terkecil.")] = None,
    window_hours: Annotated[float | None, typer.Option(help="Jendela waktu (jam).")] = None,
    min_share: Annotated[
        float | None, typer.Option(help="negative_surge: porsi negatif terkecil (0–1).")
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(help="coordination: skor kelompok terkecil.")
    ] = None,
    silent_hours: Annotated[
        float | None, typer.Option(help="source_silent: jam tanpa data.")
    ] = None,
    quiet: Annotated[
        str | None, typer.Option(help="Jam tenang waktu workspace, mis. 22:00-06:00.")
    ] = None,
    urgent_bypass: Annotated[
        bool,
        typer.Option(
            "--urgent-bypass/--no-urgent-bypass",
            help="Peringatan prioritas segera tetap dikirim pada jam tenang.",
        ),
    ] = True,
    throttle: Annotated[int, typer.Option(help="Paling banyak pesan per kanal per jam.")] = 10,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah aturan peringatan."""
    ws = state.workspace(workspace)
    params: dict[str, object] = {}
    named = {
        "min_priority": min_priority,
        "factor": factor,
        "min_posts": min_posts,
        "window_hours": window_hours,
        "min_share": min_share,
        "min_score": min_score,
        "silent_hours": silent_hours,
    }
    if kind == "negative_surge" and min_posts is not None:
        named["min_negative"] = named.pop("min_posts")
    params.update({k: v for k, v in named.items() if v is not None})
    if topic:
        params["topic_id"] = get_topic(state.engine(), ws, topic).id
    info = add_rule(
        state.engine(),
        ws,
        kind.strip().lower(),
        channel,
        params,
        quiet=quiet,
        urgent_bypass=urgent_bypass,
        throttle_per_hour=throttle,
    )
    if json:
        print_json(info.as_dict())
        return
    out.print(
        f"Aturan #{info.id} ({info.kind}) ke kanal {escape(', '.join(info.channels))} ditambahkan."
    )


@rule_app.command("list")
def rule_list(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar aturan peringatan."""
    ws = state.workspace(workspace)
    found = list_rules(state.engine(), ws)
    if json:
        print_json([r.as_dict() for r in found])
        return
    if not found:
        out.print("Belum ada aturan; tambah dengan `pantau alerts rule add JENIS --channel KANAL`.")
        return
    table = Table("id", "jenis", "parameter", "kanal", "jam tenang", "maks/jam")
    for r in found:
        params = ", ".join(f"{k}={v}" for k, v in r.params.items() if v is not None)
        quiet = f"{r.quiet_start}–{r.quiet_end}" if r.quiet_start else "-"
        if r.quiet_start and r.urgent_bypass:
            quiet += " (segera tetap dikirim)"
        table.add_row(
            str(r.id),
            KIND_LABELS.get(r.kind, r.kind),
            escape(params),
            escape(", ".join(r.channels)),
            quiet,
            str(r.throttle_per_hour),
        )
    out.print(table)


@rule_app.command("delete")
def rule_delete(
    rule_id: Annotated[int, typer.Argument(help="Id aturan.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus aturan (kiriman yang belum terkirim dibatalkan)."""
    ws = state.workspace(workspace)
    info = delete_rule(state.engine(), ws, rule_id)
    if json:
        print_json(deleted_json("alert_rule", info.id, info.kind))
        return
    out.print(f"Aturan #{info.id} ({info.kind}) dihapus.")


# --- running, log, schedule -----------------------------------------------------------------


@app.command("run")
def run(
    now: Annotated[
        str | None, typer.Option(help="Waktu 'sekarang' (ISO, UTC); bawaan: jam sekarang.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Nilai semua aturan dan kirim peringatan yang jatuh tempo sekarang."""
    ws = state.workspace(workspace)
    when = None
    if now:
        try:
            when = datetime.fromisoformat(now).replace(tzinfo=None)
        except ValueError:
            raise PantauError(
                f"waktu tidak sah: {now!r} (pakai ISO, mis. 2026-11-20T01:00)"
            ) from None
    summary = evaluate_alerts(state.engine(), ws, when)
    if json:
        print_json(summary.as_dict())
        return
    out.print(summary.line(), highlight=False)
    for error in summary.errors:
        out.print(f"  [yellow]kendala:[/] {escape(error)}", highlight=False)


@app.command("log")
def log_command(
    limit: Annotated[int, typer.Option(help="Berapa kiriman terakhir.")] = 50,
    status: Annotated[
        str | None, typer.Option(help="sent, failed, retrying, digest, pending, cancelled.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Riwayat kiriman peringatan, yang terbaru dulu."""
    ws = state.workspace(workspace)
    rows = delivery_log(state.engine(), ws, limit, status)
    if json:
        print_json(rows)
        return
    if not rows:
        out.print("Belum ada kiriman peringatan.")
        return
    table = Table("#", "terdeteksi", "peringatan", "kanal", "status", "coba", "terkirim", "kendala")
    for r in rows:
        table.add_row(
            str(r["id"]),
            fmt_datetime(r["detected_at"], ws.timezone),
            escape(r["title"]),
            escape(r["channel"]),
            STATUS_LABELS.get(r["status"], r["status"]),
            fmt_int(r["attempts"]),
            fmt_datetime(r["sent_at"], ws.timezone) if r["sent_at"] else "",
            escape(r["last_error"] or ""),
        )
    out.print(table)


@app.command("schedule")
def schedule(
    time: Annotated[
        str | None,
        typer.Option("--time", help="Jam laporan harian otomatis (JJ:MM, waktu workspace)."),
    ] = None,
    enabled: Annotated[
        bool | None, typer.Option("--on/--off", help="Nyalakan atau matikan laporan otomatis.")
    ] = None,
    formats: Annotated[
        str | None, typer.Option("--format", help="Format laporan, dipisah koma.")
    ] = None,
    dashboard_url: Annotated[
        str | None,
        typer.Option(help="Alamat dasbor untuk tautan di pesan, mis. https://pantau.example.go.id"),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Lihat atau ubah jadwal laporan harian otomatis (dibuat oleh `pantau serve`)."""
    ws = state.workspace(workspace)
    if time is None and enabled is None and formats is None and dashboard_url is None:
        settings = get_settings(state.engine(), ws)
    else:
        settings = update_settings(
            state.engine(),
            ws,
            report_time=time,
            report_enabled=enabled,
            report_formats=formats,
            dashboard_url=dashboard_url,
        )
    if json:
        print_json(settings.as_dict())
        return
    status = "menyala" if settings.report_enabled else "mati"
    out.print(
        f"Laporan harian otomatis {status}: pukul {settings.report_time.replace(':', '.')} "
        f"{zone_label(ws.timezone)}, format {settings.report_formats}.",
        highlight=False,
    )
    out.print(f"Alamat dasbor: {escape(settings.dashboard_url or '-')}", highlight=False)
