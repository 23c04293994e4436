"""``pantau bimtek …``: training events with a pre-test and a post-test. Thin: parses, calls
``pantau.training``, prints."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from pantau.cli.context import JsonOpt, WorkspaceOpt, out, print_json, state
from pantau.errors import PantauError
from pantau.io.tabular import ImportSummary
from pantau.locale import fmt_datetime, fmt_day, fmt_int
from pantau.shapes import deleted_json
from pantau.training import (
    create_event,
    event_results,
    import_participants,
    import_questions,
    winners,
)
from pantau.training.attendance import add_session
from pantau.training.documents import MODE_LABELS, export_workbook, write_certificates
from pantau.training.events import (
    TrainingEvent,
    delete_event,
    edit_event,
    list_events,
    set_test_window,
)
from pantau.training.links import event_settings, personal_links, update_settings
from pantau.training.overview import event_overview
from pantau.training.participants import edit_participant, list_participants, remove_participant
from pantau.training.questions import (
    Question,
    edit_question,
    get_question,
    list_questions,
    remove_question,
)
from pantau.training.taking import finalise_expired

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


EventOpt = Annotated[int, typer.Option("--event", "-e", help="Nomor kegiatan bimtek.")]
EventArg = Annotated[int, typer.Argument(help="Nomor kegiatan bimtek.")]
YesOpt = Annotated[
    bool, typer.Option("--yes", help="Hapus juga bila peserta sudah mengirim jawaban.")
]
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
        _day(start, "mulai"),  # type: ignore[arg-type]  # the event needs a start: _day gives a date for it
        _day(end, "selesai"),
        venue,
        pre_opens_at=_local_time(pre_open, tz),
        pre_closes_at=_local_time(pre_close, tz),
        post_opens_at=_local_time(post_open, tz),
        post_closes_at=_local_time(post_close, tz),
    )
    if json:
        print_json(asdict(ev))
        return
    out.print(f"Kegiatan [bold]{ev.id}[/] dibuat: {escape(ev.title)} ({_dates(ev)}).")
    _windows(ev, tz)


def _windows(ev: TrainingEvent, tz: str) -> None:
    for test, label in (("pre", "pre-test"), ("post", "post-test")):
        opens, closes = ev.window(test)
        if opens or closes:
            o = fmt_datetime(opens, tz) if opens else "—"
            c = fmt_datetime(closes, tz) if closes else "—"
            out.print(f"  {label}: buka {o}, tutup {c}")


def _dates(ev: TrainingEvent) -> str:
    if ev.ends_on == ev.starts_on:
        return fmt_day(ev.starts_on)
    return f"{fmt_day(ev.starts_on)} – {fmt_day(ev.ends_on)}"


@event_app.command("list")
def event_list(workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Daftar kegiatan bimtek."""
    events = list_events(state.engine(), state.workspace(workspace))
    if json:
        print_json([asdict(ev) for ev in events])
        return
    if not events:
        out.print("Belum ada kegiatan bimtek; buat dengan `pantau bimtek event create`.")
        return
    t = Table("id", "judul", "tanggal", "tempat")
    for ev in events:
        t.add_row(str(ev.id), escape(ev.title), _dates(ev), escape(ev.venue or ""))
    out.print(t)


@event_app.command("show")
def event_show(event: EventArg, workspace: WorkspaceOpt = None, json: JsonOpt = False) -> None:
    """Rincian kegiatan: waktu tes, pengaturan, peserta, soal, jawaban masuk, sesi."""
    ws = state.workspace(workspace)
    o = event_overview(state.engine(), ws, event)
    if json:
        print_json(o.as_dict())
        return
    ev = o.event
    out.print(f"[bold]{ev.id}. {escape(ev.title)}[/] — {_dates(ev)}")
    if ev.venue:
        out.print(f"  tempat: {escape(ev.venue)}")
    _windows(ev, ws.timezone)
    code = o.settings["code"]
    out.print(f"  kode kegiatan: {code} (halaman peserta: /bimtek/{code})")
    p = o.participants
    out.print(
        f"  peserta: {fmt_int(p['total'])} ({fmt_int(p['onsite'])} luring, "
        f"{fmt_int(p['online'])} daring)"
    )
    for test, label in (("pre", "pre-test"), ("post", "post-test")):
        out.print(
            f"  {label}: {o.questions[test]} soal, {fmt_int(o.submissions[test])} jawaban masuk"
        )
    for s in o.sessions:
        state_ = "dibuka" if s.checkin_open else "ditutup"
        out.print(
            f"  sesi {escape(s.title)}: kode presensi {s.checkin_code} ({state_}), "
            f"{fmt_int(s.attended)} hadir"
        )


@event_app.command("edit")
def event_edit(
    event: EventArg,
    title: Annotated[str | None, typer.Option(help="Judul baru.")] = None,
    start: Annotated[str | None, typer.Option(help="Tanggal mulai, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Tanggal selesai, YYYY-MM-DD.")] = None,
    venue: Annotated[str | None, typer.Option(help="Tempat ('' mengosongkan).")] = None,
    pre_open: TimeOpt = None,
    pre_close: TimeOpt = None,
    post_open: TimeOpt = None,
    post_close: TimeOpt = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ubah judul, tanggal, tempat atau waktu buka/tutup tes (yang tidak disebut tetap)."""
    ws = state.workspace(workspace)
    engine = state.engine()
    tz = ws.timezone
    ev = edit_event(
        engine,
        ws,
        event,
        title=title,
        starts_on=_day(start, "mulai"),
        ends_on=_day(end, "selesai"),
        venue=venue,
    )
    given = {"pre": (pre_open, pre_close), "post": (post_open, post_close)}
    for test, (opens, closes) in given.items():
        if opens is None and closes is None:
            continue
        old_open, old_close = ev.window(test)
        ev = set_test_window(
            engine,
            ws,
            event,
            test,
            _local_time(opens, tz) if opens is not None else old_open,
            _local_time(closes, tz) if closes is not None else old_close,
        )
    if json:
        print_json(asdict(ev))
        return
    out.print(f"Kegiatan [bold]{ev.id}[/] diperbarui: {escape(ev.title)} ({_dates(ev)}).")
    _windows(ev, tz)


@event_app.command("delete")
def event_delete(
    event: EventArg,
    yes: YesOpt = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus kegiatan beserta peserta, soal, jawaban, sesi dan presensinya."""
    ev = delete_event(state.engine(), state.workspace(workspace), event, confirmed=yes)
    if json:
        print_json(deleted_json("training_event", ev.id, ev.title))
        return
    out.print(f"Kegiatan {ev.id} {escape(ev.title)} dihapus.")


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
        print_json(asdict(s))
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
        print_json(asdict(s))
        return
    _print_import("Soal", file, s)


ModeOpt = Annotated[
    str | None, typer.Option(help="Hanya mode ini: onsite/luring atau online/daring.")
]
CodeArg = Annotated[str, typer.Argument(help="Kode peserta.")]


@participants_app.command("list")
def participants_list(
    event: EventOpt,
    mode: ModeOpt = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Daftar peserta dengan kehadiran dan nilai."""
    people = list_participants(state.engine(), state.workspace(workspace), event, mode)
    if json:
        print_json([p.as_dict() for p in people])
        return
    t = Table("kode", "nama", "instansi", "jenis", "mode", "hadir", "pre", "post")
    for p in people:
        t.add_row(
            p.code,
            escape(p.name),
            escape(p.institution),
            p.institution_type,
            MODE_LABELS.get(p.mode, p.mode),
            f"{p.sessions_attended}/{p.sessions}",
            "—" if p.pre is None else f"{p.pre}/{p.pre_max}",
            "—" if p.post is None else f"{p.post}/{p.post_max}",
        )
    out.print(t)
    out.print(f"{fmt_int(len(people))} peserta.")


@participants_app.command("edit")
def participants_edit(
    code: CodeArg,
    event: EventOpt,
    name: Annotated[str | None, typer.Option(help="Nama lengkap.")] = None,
    institution: Annotated[str | None, typer.Option(help="Instansi.")] = None,
    contact: Annotated[
        str | None, typer.Option(help="Email atau telepon ('' mengosongkan).")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="onsite/luring atau online/daring.")] = None,
    new_code: Annotated[
        str | None, typer.Option(help="Kode peserta baru (tautan pribadi lama tidak berlaku).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Perbaiki data seorang peserta (jawaban dan presensinya tetap)."""
    p = edit_participant(
        state.engine(),
        state.workspace(workspace),
        event,
        code,
        name=name,
        institution=institution,
        contact=contact,
        mode=mode,
        new_code=new_code,
    )
    if json:
        print_json(p.as_dict())
        return
    out.print(
        f"Peserta [bold]{p.code}[/] diperbarui: {escape(p.name)} ({escape(p.institution)}, "
        f"{MODE_LABELS.get(p.mode, p.mode)})."
    )


@participants_app.command("remove")
def participants_remove(
    code: CodeArg,
    event: EventOpt,
    yes: YesOpt = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus seorang peserta beserta presensi dan jawabannya."""
    p = remove_participant(state.engine(), state.workspace(workspace), event, code, confirmed=yes)
    if json:
        print_json(deleted_json("participant", p.code, p.name))
        return
    out.print(f"Peserta {p.code} {escape(p.name)} dihapus.")


TestOpt = Annotated[str, typer.Option("--test", "-t", help="pre atau post.")]
NumberArg = Annotated[int, typer.Argument(help="Nomor soal.")]


def _print_question(q: Question) -> None:
    out.print(f"[bold]{q.test}-test no. {q.position}[/] {escape(q.text)}")
    for i, option in enumerate(q.options):
        mark = "✓" if i in q.correct else " "
        out.print(f"  {mark} {chr(65 + i)}. {escape(option)}")
    if q.explanation:
        out.print(f"  [dim]penjelasan:[/] {escape(q.explanation)}")


@questions_app.command("list")
def questions_list(
    event: EventOpt,
    test: Annotated[str | None, typer.Option("--test", "-t", help="Hanya pre atau post.")] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Daftar soal dengan kuncinya."""
    found = list_questions(state.engine(), state.workspace(workspace), event, test)
    if json:
        print_json([q.as_dict() for q in found])
        return
    if not found:
        out.print("Belum ada soal; impor dengan `pantau bimtek questions import`.")
        return
    t = Table("tes", "no", "pertanyaan", "opsi", "kunci", "penjelasan")
    for q in found:
        t.add_row(
            q.test,
            str(q.position),
            escape(q.text),
            str(len(q.options)),
            q.key,
            "ya" if q.explanation else "—",
        )
    out.print(t)


@questions_app.command("show")
def questions_show(
    number: NumberArg,
    event: EventOpt,
    test: TestOpt = "pre",
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Satu soal: opsi, kunci, penjelasan."""
    q = get_question(state.engine(), state.workspace(workspace), event, test, number)
    if json:
        print_json(q.as_dict())
        return
    _print_question(q)


@questions_app.command("edit")
def questions_edit(
    number: NumberArg,
    event: EventOpt,
    test: TestOpt = "pre",
    text: Annotated[str | None, typer.Option(help="Teks pertanyaan.")] = None,
    option: Annotated[
        list[str] | None,
        typer.Option(help="Opsi jawaban, diulang untuk setiap opsi (menggantikan semuanya)."),
    ] = None,
    key: Annotated[
        str | None, typer.Option(help="Kunci: huruf atau nomor, mis. B atau A,C.")
    ] = None,
    explanation: Annotated[
        str | None, typer.Option(help="Penjelasan jawaban benar ('' mengosongkan).")
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Perbaiki soal; kunci yang diubah menilai ulang semua jawaban tes itu."""
    done = edit_question(
        state.engine(),
        state.workspace(workspace),
        event,
        test,
        number,
        text=text,
        options=option,
        key=key,
        explanation=explanation,
    )
    if json:
        print_json({**done.question.as_dict(), "rescored": done.rescored})
        return
    _print_question(done.question)
    if done.rescored:
        out.print(f"{fmt_int(done.rescored)} jawaban peserta dinilai ulang dengan kunci baru.")


@questions_app.command("remove")
def questions_remove(
    number: NumberArg,
    event: EventOpt,
    test: TestOpt = "pre",
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Hapus soal sebelum tesnya dikerjakan; nomor soal sesudahnya maju satu."""
    q = remove_question(state.engine(), state.workspace(workspace), event, test, number)
    if json:
        print_json(deleted_json("question", f"{q.test}/{q.position}", q.text))
        return
    out.print(f"Soal {q.test}-test nomor {q.position} dihapus.")


def _num(x: float | None, digits: int = 2) -> str:
    return "—" if x is None else f"{x:.{digits}f}".replace(".", ",")


@app.command("results")
def results(
    event: EventArg,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Nilai pre/post, gain ternormalisasi, ringkasan per moda dan instansi, analisis soal."""
    ws = state.workspace(workspace)
    res = event_results(state.engine(), ws, event)
    if json:
        print_json(res.as_dict())
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
    for g in [res.by_event, *res.by_mode, *res.by_institution_type, *res.by_institution]:
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
    t = Table("no", "soal post-test", "benar pre", "benar post", "perubahan", title="Peningkatan")
    for qg in res.improvement:
        t.add_row(
            str(qg.position),
            escape(qg.post_text),
            _num(qg.pre_correct),
            _num(qg.post_correct),
            _num(qg.change),
        )
    out.print(t)


@app.command("winners")
def winners_(
    event: EventArg,
    test: Annotated[str, typer.Option(help="pre atau post.")] = "post",
    count: Annotated[int, typer.Option(min=1, help="Jumlah pemenang per moda.")] = 3,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Pemenang per moda: nilai tertinggi, bila sama yang lebih dulu mengirim."""
    ws = state.workspace(workspace)
    found = winners(state.engine(), ws, event, test, count)
    if json:
        print_json({mode: [asdict(w) for w in board] for mode, board in found.items()})
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


# --- on the web: settings, links, sessions, documents -----------------------------------------

session_app = typer.Typer(help="Sesi kegiatan dan kode presensinya.", no_args_is_help=True)
app.add_typer(session_app, name="session")


@app.command("settings")
def settings_(
    event: EventArg,
    registration: Annotated[
        str | None, typer.Option(help="Pendaftaran lewat tautan umum: buka atau tutup.")
    ] = None,
    shuffle: Annotated[
        bool | None, typer.Option("--shuffle/--no-shuffle", help="Acak urutan soal dan opsi.")
    ] = None,
    pre_minutes: Annotated[
        int | None, typer.Option(min=0, help="Batas waktu pre-test (menit; 0 = tanpa batas).")
    ] = None,
    post_minutes: Annotated[
        int | None, typer.Option(min=0, help="Batas waktu post-test (menit; 0 = tanpa batas).")
    ] = None,
    review: Annotated[
        str | None,
        typer.Option(
            help="Pembahasan untuk peserta yang sudah mengirim post-test (nilai, gain, kunci "
            "dan penjelasan): buka atau tutup."
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Lihat atau ubah pengaturan tes daring: kode kegiatan, pendaftaran, batas waktu,
    pembahasan."""
    ws = state.workspace(workspace)
    changes: dict = {}
    for flag, value, key in (
        ("--registration", registration, "registration_open"),
        ("--review", review, "review_open"),
    ):
        if value not in (None, "buka", "tutup"):
            raise PantauError(f"{flag} harus buka atau tutup")
        if value is not None:
            changes[key] = value == "buka"
    if shuffle is not None:
        changes["shuffle"] = shuffle
    if pre_minutes is not None:
        changes["pre_minutes"] = pre_minutes
    if post_minutes is not None:
        changes["post_minutes"] = post_minutes
    engine = state.engine()
    s = (
        update_settings(engine, ws, event, **changes)
        if changes
        else event_settings(engine, ws, event)
    )
    if json:
        print_json(s.public())
        return
    out.print(f"Kode kegiatan [bold]{s.code}[/] (halaman peserta: /bimtek/{s.code})")
    out.print(f"  pendaftaran umum: {'dibuka' if s.registration_open else 'ditutup'}")
    out.print(f"  acak soal dan opsi: {'ya' if s.shuffle else 'tidak'}")
    out.print(f"  pembahasan setelah post-test: {'dibuka' if s.review_open else 'ditutup'}")
    for label, minutes in (("pre-test", s.pre_minutes), ("post-test", s.post_minutes)):
        out.print(f"  batas waktu {label}: {f'{minutes} menit' if minutes else 'tanpa batas'}")


@app.command("links")
def links_(
    event: EventArg,
    base_url: Annotated[
        str, typer.Option(help="Alamat aplikasi web, mis. https://pantau.dinas.go.id")
    ] = "http://127.0.0.1:8000",
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tautan pribadi setiap peserta (untuk dikirim lewat email atau WhatsApp)."""
    ws = state.workspace(workspace)
    rows = personal_links(state.engine(), ws, event)
    base = base_url.rstrip("/")
    for r in rows:
        r["url"] = base + r["path"]
    if json:
        print_json(rows)
        return
    t = Table("kode", "PIN", "nama", "instansi", "tautan")
    for r in rows:
        t.add_row(r["code"], r["pin"], escape(r["name"]), escape(r["institution"]), r["url"])
    out.print(t)


@session_app.command("add")
def session_add(
    event: EventArg,
    title: Annotated[str, typer.Argument(help="Nama sesi, mis. 'Hari 1 pagi'.")],
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Tambah sesi dengan kode presensi (presensi langsung dibuka)."""
    s = add_session(state.engine(), state.workspace(workspace), event, title)
    if json:
        print_json(asdict(s))
        return
    out.print(f"Sesi [bold]{escape(s.title)}[/] dibuat; kode presensi: [bold]{s.checkin_code}[/]")


@app.command("finalise")
def finalise(
    event: EventArg,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Kirim jawaban tersimpan milik peserta yang waktunya habis tetapi belum mengirim."""

    n = finalise_expired(
        state.engine(), state.workspace(workspace), event, datetime.now(UTC).replace(tzinfo=None)
    )
    if json:
        print_json({"submitted": n})
        return
    out.print(f"{fmt_int(n)} jawaban yang waktunya habis dikirim dan dinilai.")


@app.command("export")
def export(
    event: EventArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Berkas XLSX tujuan.")],
    sheets: Annotated[
        str, typer.Option(help="Lembar, dipisah koma: peserta, jawaban, hasil.")
    ] = "peserta,jawaban,hasil",
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Ekspor XLSX: peserta, jawaban per soal, dan hasil (pre, post, gain)."""
    chosen = tuple(s.strip() for s in sheets.split(",") if s.strip())
    s = export_workbook(state.engine(), state.workspace(workspace), event, out_file, chosen)
    if json:
        print_json(asdict(s))
        return
    out.print(
        f"XLSX ditulis ke [bold]{escape(s.path)}[/]: {fmt_int(s.participants)} peserta, "
        f"{fmt_int(s.answers)} baris jawaban."
    )


@app.command("certificates")
def certificates(
    event: EventArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="Berkas PDF tujuan.")],
    attended_only: Annotated[
        bool, typer.Option("--attended-only", help="Hanya peserta yang pernah presensi.")
    ] = False,
    workspace: WorkspaceOpt = None,
    json: JsonOpt = False,
) -> None:
    """Sertifikat PDF, satu halaman per peserta (kehadiran dan nilai)."""
    n = write_certificates(
        state.engine(),
        state.workspace(workspace),
        event,
        out_file,
        attended_only=attended_only,
    )
    if json:
        print_json({"path": str(out_file), "pages": n})
        return
    out.print(f"{fmt_int(n)} sertifikat ditulis ke [bold]{escape(str(out_file))}[/].")
