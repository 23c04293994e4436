"""Documents of a training event: the XLSX workbook (participants, answers, results) and the
certificates PDF (one page per participant with attendance and scores)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date
from sqlalchemy import Engine, Row

from pantau.documents.fonts import register_pdf_fonts
from pantau.errors import PantauError
from pantau.io.cells import safe_row
from pantau.locale import fmt_datetime, to_local
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training.attendance import attendance_by_participant, list_sessions
from pantau.training.events import TEST_LABELS, TrainingEvent, get_event
from pantau.training.results import EventResults, GroupSummary, Winner, event_results, winners

# ReportLab, openpyxl are imported inside the functions that use them, not when the CLI starts.

SHEETS = ("peserta", "jawaban", "hasil", "ringkasan", "pemenang", "soal", "peningkatan")
MODE_LABELS = {"onsite": "luring (onsite)", "online": "daring (online)"}


def _append(ws: Any, row: list[object]) -> None:
    """A worksheet row of names and answers typed by the public: never run as formulas."""
    ws.append(safe_row(row))


def _letters(indexes: list[int]) -> str:
    return ", ".join(chr(65 + i) for i in indexes)


def _local(at: datetime | None, zone: str) -> datetime | None:
    return to_local(at, zone).replace(tzinfo=None) if at else None


def _dec(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


@dataclass
class ExportSummary:
    path: str
    participants: int
    answers: int
    sheets: list[str]


Rows = list[list[Any]]


def _people_rows(people: Sequence[Row], present: dict[int, set[int]], n: int, zone: str) -> Rows:
    return [
        [
            p.code,
            p.name,
            p.institution,
            p.contact,
            p.mode,
            f"{len(present.get(p.id, ()))}/{n}",
            _local(p.created_at, zone),
        ]
        for p in people
    ]


def _answer_rows(
    people: Sequence[Row], subs: Sequence[Row], questions: Sequence[Row], zone: str
) -> Rows:
    person = {p.id: p for p in people}
    rows = []
    for s in subs:
        p = person[s.participant_id]
        for q in (q for q in questions if q.test == s.test):
            chosen = s.answers.get(str(q.position), [])
            key = sorted(q.correct)
            rows.append(
                [
                    p.code,
                    p.name,
                    s.test,
                    q.position,
                    _letters(chosen),
                    _letters(key),
                    "ya" if chosen and chosen == key else "tidak",
                    _local(s.submitted_at, zone),
                ]
            )
    return rows


def _result_rows(results: EventResults) -> Rows:
    return [
        [
            r.code,
            r.name,
            r.institution,
            r.institution_type,
            r.mode,
            r.pre,
            r.pre_max,
            r.post,
            r.post_max,
            _dec(r.gain),
            r.gain_note,
        ]
        for r in results.participants
    ]


def _summary_rows(results: EventResults) -> Rows:
    groups: list[tuple[str, GroupSummary]] = [("kegiatan", results.by_event)]
    groups += [("mode", g) for g in results.by_mode]
    groups += [("jenis instansi", g) for g in results.by_institution_type]
    groups += [("instansi", g) for g in results.by_institution]
    return [
        [
            kind,
            MODE_LABELS.get(g.group, g.group) if kind == "mode" else g.group,
            g.participants,
            g.pre_taken,
            g.post_taken,
            _dec(g.mean_pre_pct),
            _dec(g.mean_post_pct),
            _dec(g.mean_gain),
            g.gains_defined,
            g.gains_undefined,
        ]
        for kind, g in groups
    ]


def _winner_rows(boards: dict[str, dict[str, list[Winner]]], zone: str) -> Rows:
    return [
        [
            TEST_LABELS[test],
            MODE_LABELS.get(mode, mode),
            w.rank,
            w.code,
            w.name,
            w.institution,
            w.score,
            w.max_score,
            _local(w.submitted_at, zone),
        ]
        for test, board in boards.items()
        for mode, ranked in board.items()
        for w in ranked
    ]


def _question_rows(results: EventResults) -> Rows:
    return [
        [
            TEST_LABELS[q.test],
            q.position,
            q.text,
            q.answered,
            _dec(q.difficulty),
            _dec(q.discrimination),
            "" if q.wrong_option is None else f"{chr(65 + q.wrong_option)}. {q.wrong_option_text}",
            q.wrong_option_count,
        ]
        for q in results.questions
    ]


def _gain_rows(results: EventResults) -> Rows:
    return [
        [
            g.position,
            g.post_text,
            g.paired,
            _dec(g.pre_correct),
            _dec(g.post_correct),
            _dec(g.change),
        ]
        for g in results.improvement
    ]


_HEADERS = {
    "peserta": ("Peserta", ["Kode", "Nama", "Instansi", "Kontak", "Mode", "Sesi dihadiri",
                            "Terdaftar"]),
    "jawaban": ("Jawaban", ["Kode", "Nama", "Tes", "No. soal", "Jawaban", "Kunci", "Benar",
                            "Dikirim"]),
    "hasil": ("Hasil", ["Kode", "Nama", "Instansi", "Jenis instansi", "Mode", "Pre-test",
                        "Maks. pre", "Post-test", "Maks. post", "Gain ternormalisasi",
                        "Catatan gain"]),
    "ringkasan": ("Ringkasan", ["Dikelompokkan per", "Kelompok", "Peserta", "Pre-test dikirim",
                                "Post-test dikirim", "Rata-rata pre %", "Rata-rata post %",
                                "Rata-rata gain", "Gain terdefinisi", "Gain tak terdefinisi"]),
    "pemenang": ("Pemenang", ["Tes", "Mode", "Peringkat", "Kode", "Nama", "Instansi", "Nilai",
                              "Maks.", "Dikirim"]),
    "soal": ("Analisis soal", ["Tes", "No. soal", "Soal", "Dijawab", "Tingkat kesukaran",
                               "Daya beda", "Pengecoh terbanyak", "Dipilih"]),
    "peningkatan": ("Peningkatan per soal", ["No. soal", "Soal post-test",
                                             "Peserta mengerjakan keduanya",
                                             "Benar pre-test (proporsi)",
                                             "Benar post-test (proporsi)", "Perubahan"]),
}  # fmt: skip


def export_workbook(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    path: Path,
    sheets: tuple[str, ...] = SHEETS,
) -> ExportSummary:
    """One XLSX workbook; each sheet a plain table with a header row (times in the
    workspace zone): participants, answers, results, summaries by mode and institution type,
    winners per mode, question analysis and the improvement per question."""
    from openpyxl import Workbook

    unknown = [s for s in sheets if s not in SHEETS]
    if unknown or not sheets:
        raise PantauError(f"lembar tidak dikenal: {', '.join(unknown)} (pilih {', '.join(SHEETS)})")
    get_event(engine, workspace, event_id)
    zone = workspace.timezone
    with engine.connect() as conn:
        people = store.participants(conn, workspace.id, event_id)
        subs = store.submissions(conn, workspace.id, event_id)
        questions = store.questions(conn, workspace.id, event_id)
    results = event_results(engine, workspace, event_id)
    present = attendance_by_participant(engine, workspace, event_id)
    n_sessions = len(list_sessions(engine, workspace, event_id))
    makers: dict[str, Callable[[], Rows]] = {
        "peserta": lambda: _people_rows(people, present, n_sessions, zone),
        "jawaban": lambda: _answer_rows(people, subs, questions, zone),
        "hasil": lambda: _result_rows(results),
        "ringkasan": lambda: _summary_rows(results),
        "pemenang": lambda: _winner_rows(
            {t: winners(engine, workspace, event_id, t) for t in ("post", "pre")}, zone
        ),
        "soal": lambda: _question_rows(results),
        "peningkatan": lambda: _gain_rows(results),
    }
    wb = Workbook(write_only=True)
    answers_written = 0
    for name in (n for n in SHEETS if n in sheets):
        title, header = _HEADERS[name]
        sheet = wb.create_sheet(title)
        _append(sheet, list(header))
        rows = makers[name]()
        for row in rows:
            _append(sheet, list(row))
        if name == "jawaban":
            answers_written = len(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return ExportSummary(str(path), len(people), answers_written, list(sheets))


# --- certificates ---------------------------------------------------------------------------


def _date_range(event: TrainingEvent) -> str:
    def long(d: date) -> str:
        return format_date(d, "d MMMM yyyy", locale="id")

    if event.starts_on == event.ends_on:
        return long(event.starts_on)
    return f"{long(event.starts_on)} – {long(event.ends_on)}"


def _fit(canvas: Any, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which text fits the width."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while size > 8 and stringWidth(text, font, size) > width:
        size -= 1
    return size


def _score(value: int | None, top: int | None) -> str:
    return "—" if value is None else f"{value}/{top}"


def write_certificates(
    engine: Engine,
    workspace: Workspace,
    event_id: int,
    path: Path,
    *,
    attended_only: bool = False,
    codes: Collection[str] | None = None,
    issued_at: datetime | None = None,
) -> int:
    """One landscape A4 page per participant; returns the number of pages. ``codes``: only
    these participants, in this order; ``issued_at``: the date printed (naive UTC; default
    now)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas

    event = get_event(engine, workspace, event_id)
    results = event_results(engine, workspace, event_id)
    with engine.connect() as conn:
        ids = {p.code: p.id for p in store.participants(conn, workspace.id, event_id)}
    present = attendance_by_participant(engine, workspace, event_id)
    n_sessions = len(list_sessions(engine, workspace, event_id))
    chosen = [r for r in results.participants if not attended_only or present.get(ids[r.code])]
    if codes is not None:
        by_code = {r.code: r for r in chosen}
        chosen = [by_code[c] for c in codes if c in by_code]
    if not chosen:
        raise PantauError("tidak ada peserta untuk dibuatkan sertifikat")
    register_pdf_fonts()
    width, height = landscape(A4)
    accent = colors.HexColor("#0d3c78")
    path.parent.mkdir(parents=True, exist_ok=True)
    # a fixed issue date gives the same file byte for byte (no creation time inside)
    c = Canvas(str(path), pagesize=(width, height), invariant=issued_at is not None)
    c.setTitle(f"Sertifikat — {event.title}")
    c.setAuthor(workspace.name)
    usable = width - 5 * cm
    issued = issued_at or _now()
    for r in chosen:
        c.setStrokeColor(accent)
        c.setLineWidth(6)
        c.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
        c.setLineWidth(1)
        c.rect(1.6 * cm, 1.6 * cm, width - 3.2 * cm, height - 3.2 * cm)
        mid = width / 2
        c.setFillColor(accent)
        c.setFont("PantauSans", 13)
        c.drawCentredString(mid, height - 3.2 * cm, workspace.name)
        c.setFont("PantauSans-Bold", 40)
        c.drawCentredString(mid, height - 5.2 * cm, "SERTIFIKAT")
        c.setFillColor(colors.black)
        c.setFont("PantauSans", 14)
        c.drawCentredString(mid, height - 6.6 * cm, "diberikan kepada")
        size = _fit(c, r.name, "PantauSans-Bold", 30, usable)
        c.setFont("PantauSans-Bold", size)
        c.drawCentredString(mid, height - 8.2 * cm, r.name)
        c.setFont("PantauSans", _fit(c, r.institution, "PantauSans", 15, usable))
        c.drawCentredString(mid, height - 9.2 * cm, r.institution)
        c.setFont("PantauSans", 13)
        mode = MODE_LABELS.get(r.mode, r.mode)
        c.drawCentredString(
            mid, height - 10.6 * cm, f"atas keikutsertaannya sebagai peserta {mode} pada"
        )
        c.setFont("PantauSans-Bold", _fit(c, event.title, "PantauSans-Bold", 18, usable))
        c.drawCentredString(mid, height - 11.6 * cm, event.title)
        c.setFont("PantauSans", 13)
        place = f"{event.venue}, " if event.venue else ""
        c.drawCentredString(mid, height - 12.5 * cm, f"{place}{_date_range(event)}")
        facts = []
        if n_sessions:
            facts.append(f"Kehadiran: {len(present.get(ids[r.code], ()))} dari {n_sessions} sesi")
        facts.append(
            f"Nilai {TEST_LABELS['pre']}: {_score(r.pre, r.pre_max)}   ·   "
            f"{TEST_LABELS['post']}: {_score(r.post, r.post_max)}"
        )
        if r.gain is not None:
            facts.append(f"Peningkatan (gain ternormalisasi): {r.gain:.2f}".replace(".", ","))
        c.setFont("PantauSans", 12)
        for i, line in enumerate(facts):
            c.drawCentredString(mid, height - 14.0 * cm - i * 0.6 * cm, line)
        c.setFont("PantauSans", 8)
        c.setFillColor(colors.HexColor("#6b7785"))
        c.drawString(2.2 * cm, 2.1 * cm, f"Kode peserta {r.code}")
        c.drawRightString(
            width - 2.2 * cm,
            2.1 * cm,
            f"Diterbitkan {fmt_datetime(issued, workspace.timezone, 'id')}",
        )
        c.showPage()
    c.save()
    return len(chosen)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
