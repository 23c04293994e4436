"""Bimtek training: import, scoring, refusals, gain, question analysis and winners."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.training import (
    create_event,
    event_results,
    import_participants,
    import_questions,
    normalised_gain,
    set_test_window,
    submit,
    winners,
)
from pantau.training.results import GAIN_INCOMPLETE, GAIN_UNDEFINED
from pantau.training.submit import SubmissionRefused

T0 = datetime(2026, 11, 20, 2, 0)  # 09.00 WIB


def _csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


PEOPLE = [
    ["Ani", "Diskominfo Jateng", "ani@jateng.go.id", "", "luring"],
    ["Budi", "Diskominfo Jateng", "", "0812-1", "onsite"],
    ["Citra", "BPS", "citra@bps.go.id", "", "daring"],
    ["Dedi", "BPS", "dedi@bps.go.id", "", "online"],
]


def _event(engine: Engine, ws: Workspace, tmp_path: Path, **kw: object) -> int:
    ev = create_event(engine, ws, "Bimtek Humas", date(2026, 11, 20), venue="Semarang", **kw)
    _csv(
        tmp_path / "peserta.csv",
        ["Nama", "Instansi", "Email", "Telepon", "Mode"],
        PEOPLE,
    )
    import_participants(engine, ws, ev.id, tmp_path / "peserta.csv", rejects_dir=tmp_path)
    # pre: 2 questions; post: 3 questions, the third with two correct answers (A and C)
    bank = [
        {"tes": "pre", "pertanyaan": "P1", "opsi": ["a", "b", "c"], "jawaban": "B"},
        {"tes": "pre", "pertanyaan": "P2", "opsi": ["a", "b"], "jawaban": "A"},
        {"tes": "post", "pertanyaan": "Q1", "opsi": ["a", "b", "c"], "jawaban": "A"},
        {"tes": "post", "pertanyaan": "Q2", "opsi": ["a", "b", "c"], "jawaban": "2"},
        {
            "tes": "post",
            "pertanyaan": "Q3",
            "opsi": ["a", "b", "c", "d"],
            "jawaban": "A,C",
            "penjelasan": "keduanya benar",
        },
    ]
    (tmp_path / "soal.json").write_bytes(orjson.dumps(bank))
    s = import_questions(engine, ws, ev.id, tmp_path / "soal.json", rejects_dir=tmp_path)
    assert (s.rows_new, s.rows_rejected) == (5, 0)
    return ev.id


def _codes(engine: Engine, ws: Workspace, event_id: int) -> dict[str, str]:
    return {p.name: p.code for p in event_results(engine, ws, event_id).participants}


def test_normalised_gain_by_hand() -> None:
    assert normalised_gain(4, 7, 10) == pytest.approx(0.5)  # (7-4)/(10-4)
    assert normalised_gain(2, 1, 5) == pytest.approx(-1 / 3)  # (1-2)/(5-2)
    assert normalised_gain(0, 10, 10) == pytest.approx(1.0)
    assert normalised_gain(1, 3, 2, 4) == pytest.approx(0.5)  # shares: (0.75-0.5)/(1-0.5)
    assert normalised_gain(10, 10, 10) is None  # pre = max: undefined


def test_scoring_multi_answer_refusals_gain_and_aggregates(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ev = _event(
        engine,
        workspace,
        tmp_path,
        pre_opens_at=T0,
        pre_closes_at=T0 + timedelta(minutes=30),
        post_opens_at=T0 + timedelta(hours=6),
        post_closes_at=T0 + timedelta(hours=7),
    )
    code = _codes(engine, workspace, ev)
    at_pre = T0 + timedelta(minutes=10)
    at_post = T0 + timedelta(hours=6, minutes=10)

    # Ani: pre 1/2, post 3/3 -> g = (1 - 0.5)/(1 - 0.5) = 1
    s = submit(engine, workspace, ev, code["Ani"], "pre", {1: [1], 2: [1]}, at_pre)
    assert (s.score, s.max_score) == (1, 2)
    s = submit(engine, workspace, ev, code["Ani"], "post", {1: [0], 2: [1], 3: [2, 0]}, at_post)
    assert (s.score, s.max_score) == (3, 3)
    # Budi: pre 2/2 (max), post 1/3; partial multi-answer (only A) scores nothing
    submit(engine, workspace, ev, code["Budi"], "pre", {1: [1], 2: [0]}, at_pre)
    s = submit(engine, workspace, ev, code["Budi"], "post", {1: [0], 3: [0]}, at_post)
    assert s.score == 1
    # Citra: pre 0/2, post 2/3 -> g = 2/3; superset A,C,D is wrong too
    submit(engine, workspace, ev, code["Citra"].lower(), "pre", {}, at_pre)
    s = submit(
        engine, workspace, ev, code["Citra"], "post", {1: [0], 2: [1], 3: [0, 2, 3]}, at_post
    )
    assert s.score == 2

    with pytest.raises(SubmissionRefused, match="sudah mengirim jawaban pre-test"):
        submit(engine, workspace, ev, code["Ani"], "pre", {1: [1], 2: [0]}, at_pre)
    with pytest.raises(SubmissionRefused, match="sudah habis"):
        submit(engine, workspace, ev, code["Dedi"], "pre", {1: [1]}, T0 + timedelta(hours=1))
    with pytest.raises(SubmissionRefused, match="belum dibuka"):
        submit(engine, workspace, ev, code["Dedi"], "post", {1: [0]}, at_pre)
    with pytest.raises(NotFoundError, match="tidak terdaftar"):
        submit(engine, workspace, ev, "ZZZZZZ", "pre", {}, at_pre)
    with pytest.raises(PantauError, match="di luar opsi"):
        submit(engine, workspace, ev, code["Dedi"], "pre", {1: [7]}, at_pre)

    res = event_results(engine, workspace, ev)
    by = {p.name: p for p in res.participants}
    assert (by["Ani"].pre, by["Ani"].post, by["Ani"].gain) == (1, 3, 1.0)
    assert by["Budi"].gain is None and by["Budi"].gain_note == GAIN_UNDEFINED
    assert by["Citra"].gain == pytest.approx(0.6667)
    assert by["Dedi"].gain is None and by["Dedi"].gain_note == GAIN_INCOMPLETE

    assert res.by_event.participants == 4 and res.by_event.pre_taken == 3
    assert res.by_event.mean_gain == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert res.by_event.gains_undefined == 1
    modes = {g.group: g for g in res.by_mode}
    assert modes["onsite"].mean_pre_pct == pytest.approx(75.0)  # 50% and 100%
    assert modes["online"].mean_post_pct == pytest.approx(200 / 3, abs=1e-3)
    inst = {g.group: g for g in res.by_institution}
    assert inst["BPS"].participants == 2 and inst["BPS"].mean_gain == pytest.approx(0.6667)


def test_question_analysis_numbers(engine: Engine, workspace: Workspace, tmp_path: Path) -> None:
    ev = _event(engine, workspace, tmp_path)
    code = _codes(engine, workspace, ev)
    # post scores: Ani 3, Budi 2, Citra 1, Dedi 0 (n = 4, 27% -> 1 per group)
    answers = {
        "Ani": {1: [0], 2: [1], 3: [0, 2]},
        "Budi": {1: [0], 2: [1], 3: [0]},
        "Citra": {1: [0], 2: [2], 3: [1]},
        "Dedi": {1: [2], 2: [2], 3: [1]},
    }
    for i, (name, a) in enumerate(answers.items()):
        submit(engine, workspace, ev, code[name], "post", a, T0 + timedelta(minutes=i))
    stats = {
        q.position: q for q in event_results(engine, workspace, ev).questions if q.test == "post"
    }
    assert stats[1].difficulty == 0.75 and stats[1].discrimination == 1.0
    assert (stats[1].wrong_option, stats[1].wrong_option_text, stats[1].wrong_option_count) == (
        2,
        "c",
        1,
    )
    assert stats[2].difficulty == 0.5 and stats[2].discrimination == 1.0
    assert stats[2].wrong_option == 2 and stats[2].wrong_option_count == 2
    assert stats[3].difficulty == 0.25 and stats[3].discrimination == 1.0
    assert stats[3].wrong_option == 1 and stats[3].wrong_option_count == 2
    pre = [q for q in event_results(engine, workspace, ev).questions if q.test == "pre"]
    assert pre[0].difficulty is None and pre[0].discrimination is None


def test_winners_per_mode_ties_to_earliest(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ev = _event(engine, workspace, tmp_path)
    code = _codes(engine, workspace, ev)
    full = {1: [0], 2: [1], 3: [0, 2]}
    submit(engine, workspace, ev, code["Budi"], "post", full, T0 + timedelta(minutes=5))
    submit(engine, workspace, ev, code["Ani"], "post", full, T0 + timedelta(minutes=3))
    submit(engine, workspace, ev, code["Dedi"], "post", {1: [0]}, T0 + timedelta(minutes=1))
    submit(engine, workspace, ev, code["Citra"], "post", full, T0 + timedelta(minutes=9))
    w = winners(engine, workspace, ev, "post", count=3)
    assert [(x.rank, x.name, x.score) for x in w["onsite"]] == [(1, "Ani", 3), (2, "Budi", 3)]
    assert [x.name for x in w["online"]] == ["Citra", "Dedi"]
    assert [x.name for x in winners(engine, workspace, ev, "post", count=1)["onsite"]] == ["Ani"]
    assert winners(engine, workspace, ev, "pre") == {"onsite": [], "online": []}


def test_participant_import_rejects_and_reimport_is_idempotent(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ev = create_event(engine, workspace, "Bimtek", date(2026, 11, 20)).id
    rows = [
        *PEOPLE,
        ["", "BPS", "x@bps.go.id", "", "online"],  # no name
        ["Eko", "BPS", "eko@", "", "online"],  # bad email
        ["Fani", "BPS", "fani@bps.go.id", "", "hibrida"],  # unknown mode
        ["Ani Lagi", "Diskominfo", "ANI@jateng.go.id", "", "online"],  # same contact
    ]
    f = _csv(tmp_path / "p.csv", ["nama", "instansi", "email", "no_hp", "moda"], rows, ";")
    s = import_participants(engine, workspace, ev, f, rejects_dir=tmp_path / "rej")
    assert (s.rows_read, s.rows_new, s.rows_rejected) == (8, 4, 4)
    rejects = Path(s.rejects_path).read_text(encoding="utf-8-sig")
    assert "nama peserta kosong" in rejects and "email tidak sah" in rejects
    assert "mode kehadiran tidak dikenal" in rejects and "ganda" in rejects
    codes = _codes(engine, workspace, ev)
    assert len(set(codes.values())) == 4

    s = import_participants(engine, workspace, ev, f, rejects_dir=tmp_path / "rej")
    assert (s.rows_new, s.rows_updated, s.rows_unchanged) == (0, 0, 4)
    assert _codes(engine, workspace, ev) == codes

    # XLSX with an edit: Dedi moves to onsite, keeps his code
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    sheet.append(["Nama", "Instansi", "Email", "Mode"])
    sheet.append(["Dedi", "BPS", "dedi@bps.go.id", "Luring"])
    wb.save(tmp_path / "p.xlsx")
    s = import_participants(engine, workspace, ev, tmp_path / "p.xlsx", rejects_dir=tmp_path)
    assert (s.rows_updated, s.rows_rejected, s.rejects_path) == (1, 0, None)
    res = {p.name: p for p in event_results(engine, workspace, ev).participants}
    assert res["Dedi"].mode == "onsite" and res["Dedi"].code == codes["Dedi"]


def test_question_import_csv_rejects_and_locking(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ev = _event(engine, workspace, tmp_path)
    f = _csv(
        tmp_path / "soal.csv",
        ["Pertanyaan", "Opsi A", "Opsi B", "Opsi C", "Kunci", "Pembahasan"],
        [
            ["Apa?", "x", "y", "z", "b", "karena"],
            ["Dua?", "x", "y", "", "A, B", ""],
            ["Rusak?", "x", "y", "", "D", ""],  # key outside options
            ["Satu opsi?", "x", "", "", "A", ""],
        ],
    )
    s = import_questions(engine, workspace, ev, f, rejects_dir=tmp_path, test="pre")
    assert (s.rows_read, s.rows_updated, s.rows_rejected) == (4, 2, 2)
    s = import_questions(engine, workspace, ev, f, rejects_dir=tmp_path, test="pre")
    assert s.rows_unchanged == 2
    code = _codes(engine, workspace, ev)
    sub = submit(engine, workspace, ev, code["Ani"], "pre", {1: [1], 2: [1, 0]}, T0)
    assert (sub.score, sub.max_score) == (2, 2)
    f.write_text(f.read_text().replace("Apa?", "Apa ya?"))
    with pytest.raises(PantauError, match="tidak dapat diganti"):
        import_questions(engine, workspace, ev, f, rejects_dir=tmp_path, test="pre")


def test_event_validation(engine: Engine, workspace: Workspace) -> None:
    with pytest.raises(PantauError, match="tanggal selesai"):
        create_event(engine, workspace, "X", date(2026, 1, 2), date(2026, 1, 1))
    ev = create_event(engine, workspace, "X", date(2026, 1, 2))
    with pytest.raises(PantauError, match="harus setelah"):
        set_test_window(engine, workspace, ev.id, "pre", T0, T0)
    with pytest.raises(NotFoundError):
        event_results(engine, workspace, 999)
