"""``pantau bimtek …``: training events with a pre-test and a post-test. Thin: parses, calls
``pantau.training``, prints. Mounted by ``pantau.cli`` with
``app.add_typer(training_app, name="bimtek")``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from pantau.errors import PantauError
from pantau.locale import fmt_datetime, fmt_int
from pantau.training import (
    create_event,
    event_results,
    import_participants,
    import_questions,
    winners,
)
from pantau.training.imports import ImportSummary

# Defined before importing pantau.cli, which imports this module to mount ``app``.
app = typer.Typer(
    help="Bimtek: kegiatan pelatihan dengan pre-test dan post-test, hasil dan pemenang.",
    no_args_is_help=True,
)
event_app = typer.Typer(help="Kegiatan bimtek.", no_args_is_help=True)
participants_app = typer.Typer(help="Peserta kegiatan.", no_args_is_help=True)
questions_app = typer.Typer(help="Bank soal pre-test dan post-test.", no_args_is_help=True)
app.add_typer(event_app, name="event")
app.add_typer(participants_app, name="participants")
app.add_typer(questions_app, name="questions")

from pantau.cli import JsonOpt, WorkspaceOpt, _print_json, out, state  # noqa: E402

EventOpt = Annotated[int, typer.Option("--event", "-e", help="Nomor kegiatan bimtek.")]
TimeOpt = Annotated[str | None, typer.Option(help="Waktu lokal workspace, 'YYYY-MM-DD HH:MM'.")]


def _local_time(value: str | None, timezone: str) -> datetime | None:
    if not value:
        return None
    try:
        local = datetime.fromisoformat(value.strip())
    except ValueError:
        raise PantauError(f"waktu tidak sah: {value!r} (format YYYY-MM-DD HH:MM)") from None
    return local.replace(tzinfo=ZoneInfo(timezone)) if local.tzinfo is None else local


def _day(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PantauError(f"tanggal {what} tidak sah: {value!r} (format YYYY-MM-DD)") from None


def _print_import(what: str, file: Path, s: ImportSummary) -> None:
    out.print(
        f"{what} dari [bold]{escape(file.name)}[/]: {fmt_int(s.rows_read)} baris, "
        f"{fmt_int(s.rows_new)} baru, {fmt_int(s.rows_updated)} diperbarui, "
        f"{fmt_int(s.rows_unchanged)} tidak berubah, {fmt_int(s.rows_rejected)} ditolak."
    )
    if s.rejects_path:
        out.print(f"  baris yang ditolak dan alasannya: {s.rejects_path}")


@event_app.command("create")
def event_create(
    title: Annotated[str, typer.Argument(help="Judul kegiatan.")],
    start: Annotated[str, typer.Option(help="Tanggal mulai, YYYY-MM-DD.")],
    end: Annotated[str | None, typer.Option(help="Tanggal selesai (bawaan: = mulai).")] = None,
    venue: Annotated[str | None, typer.Option(help="Tempat.")] = None,
    pre_open: TimeOpt = None,
    pre_close: TimeOpt = None,
    post_open: TimeOpt = None,
    post_close: TimeOpt = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Buat kegiatan bimtek (dengan waktu buka/tutup pre-test dan post-test bila perlu)."""
    ws = state.workspace(workspace)
    tz = ws.timezone
    ev = create_event(
        state.engine(),
        ws,
        title,
        _day(start, "mulai"),  # type: ignore[arg-type]
        _day(end, "selesai"),
        venue,
        pre_opens_at=_local_time(pre_open, tz),
        pre_closes_at=_local_time(pre_close, tz),
        post_opens_at=_local_time(post_open, tz),
        post_closes_at=_local_time(post_close, tz),
    )
    if json:
        _print_json(asdict(ev))
        return
    out.print(f"Kegiatan [bold]{ev.id}[/] dibuat: {escape(ev.title)} ({ev.starts_on}).")
    for test, label in (("pre", "pre-test"), ("post", "post-test")):
        opens, closes = ev.window(test)
        if opens or closes:
            o = fmt_datetime(opens, tz) if opens else "—"
            c = fmt_datetime(closes, tz) if closes else "—"
            out.print(f"  {label}: buka {o}, tutup {c}")


@participants_app.command("import")
def participants_import(
    file: Annotated[
        Path, typer.Argument(help="CSV atau XLSX: nama, instansi, email/telepon, mode.")
    ],
    event: EventOpt,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor peserta (mengimpor ulang berkas yang sama tidak mengubah apa pun)."""
    ws = state.workspace(workspace)
    s = import_participants(state.engine(), ws, event, file, rejects_dir=state.settings.rejects_dir)
    if json:
        _print_json(asdict(s))
        return
    _print_import("Peserta", file, s)


@questions_app.command("import")
def questions_import(
    file: Annotated[
        Path, typer.Argument(help="CSV, XLSX atau JSON: tes, pertanyaan, opsi, kunci.")
    ],
    event: EventOpt,
    test: Annotated[
        str | None, typer.Option(help="pre atau post, bila berkas tidak punya kolom tes.")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Impor bank soal (kunci: satu atau beberapa huruf, mis. "B" atau "A,C")."""
    ws = state.workspace(workspace)
    s = import_questions(
        state.engine(), ws, event, file, rejects_dir=state.settings.rejects_dir, test=test
    )
    if json:
        _print_json(asdict(s))
        return
    _print_import("Soal", file, s)


def _num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}".replace(".", ",")


@app.command("results")
def results(
    event: Annotated[int, typer.Argument(help="Nomor kegiatan bimtek.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Nilai pre/post, gain ternormalisasi, ringkasan per moda dan instansi, analisis soal."""
    ws = state.workspace(workspace)
    res = event_results(state.engine(), ws, event)
    if json:
        _print_json(res.as_dict())
        return
    out.print(f"[bold]{escape(res.title)}[/] — {fmt_int(len(res.participants))} peserta")
    t = Table("kode", "nama", "instansi", "moda", "pre", "post", "gain g")
    for p in res.participants:
        t.add_row(
            p.code,
            escape(p.name),
            escape(p.institution),
            p.mode,
            "—" if p.pre is None else f"{p.pre}/{p.pre_max}",
            "—" if p.post is None else f"{p.post}/{p.post_max}",
            _num(p.gain) if p.gain is not None else f"— ({p.gain_note})",
        )
    out.print(t)
    t = Table("kelompok", "peserta", "pre %", "post %", "rata-rata g", "g tak terdefinisi")
    for g in [res.by_event, *res.by_mode, *res.by_institution]:
        t.add_row(
            escape(g.group),
            fmt_int(g.participants),
            _num(g.mean_pre_pct, 1),
            _num(g.mean_post_pct, 1),
            _num(g.mean_gain),
            fmt_int(g.gains_undefined),
        )
    out.print(t)
    t = Table("tes", "no", "tingkat kesukaran", "daya beda", "pengecoh terbanyak")
    for q in res.questions:
        wrong = "—"
        if q.wrong_option is not None:
            text = escape(q.wrong_option_text or "")
            wrong = f"{chr(65 + q.wrong_option)}. {text} ({q.wrong_option_count})"
        t.add_row(q.test, str(q.position), _num(q.difficulty), _num(q.discrimination), wrong)
    out.print(t)


@app.command("winners")
def winners_(
    event: Annotated[int, typer.Argument(help="Nomor kegiatan bimtek.")],
    test: Annotated[str, typer.Option(help="pre atau post.")] = "post",
    count: Annotated[int, typer.Option(min=1, help="Jumlah pemenang per moda.")] = 3,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Pemenang per moda: nilai tertinggi, bila sama yang lebih dulu mengirim."""
    ws = state.workspace(workspace)
    found = winners(state.engine(), ws, event, test, count)
    if json:
        _print_json({mode: [asdict(w) for w in board] for mode, board in found.items()})
        return
    for mode, board in found.items():
        label = "Luring (onsite)" if mode == "onsite" else "Daring (online)"
        out.print(f"[bold]{label}[/] — {test}-test")
        if not board:
            out.print("  belum ada yang mengirim jawaban")
        for w in board:
            out.print(
                f"  {w.rank}. {escape(w.name)} ({escape(w.institution)}) — "
                f"{w.score}/{w.max_score}, dikirim {fmt_datetime(w.submitted_at, ws.timezone)}"
            )
