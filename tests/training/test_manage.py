"""Managing an event after it is made: edit and delete events, list, edit and remove
participants and questions (a corrected key rescoring the submissions), the kind of each
institution, the improvement per question, the event overview and the participant's review."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training import create_event, event_results, import_participants, import_questions
from pantau.training import submit as send
from pantau.training.attendance import add_session, check_in
from pantau.training.events import delete_event, edit_event, get_event, list_events
from pantau.training.institutions import INSTITUTION_TYPES, institution_type
from pantau.training.links import PublicEvent, event_settings, update_settings
from pantau.training.overview import event_overview
from pantau.training.participants import edit_participant, list_participants, remove_participant
from pantau.training.questions import edit_question, get_question, list_questions, remove_question
from pantau.training.review import participant_review

AT = datetime(2026, 11, 20, 3, 0)
PEOPLE = (
    "nama,instansi,email,mode,kode\n"
    "Ani,Kementerian Niaga Nusantara,ani@niaga.go.id,luring,ANI001\n"
    "Budi,Diskominfo Kabupaten Lembah Hijau,budi@lh.go.id,daring,BUDI02\n"
    "Citra,Badan Cadangan Pangan Nusantara,citra@bcp.go.id,daring,CITRA3\n"
)


def _bank(test: str) -> list[dict]:
    return [
        {"tes": test, "pertanyaan": "Apa itu isu?", "opsi": ["a", "b", "c"], "jawaban": "B",
         "penjelasan": "Isu adalah percakapan publik yang menyangkut instansi."},
        {"tes": test, "pertanyaan": "Kanal mana?", "opsi": ["x", "y", "z", "w"], "jawaban": "A,C"},
        {"tes": test, "pertanyaan": "Tujuan dulu?", "opsi": ["ya", "tidak"], "jawaban": "A"},
    ]  # fmt: skip


@pytest.fixture
def event(engine: Engine, workspace: Workspace, tmp_path: Path) -> int:
    ev = create_event(engine, workspace, "Bimtek Humas", date(2026, 11, 20), venue="Jakarta")
    (tmp_path / "p.csv").write_text(PEOPLE, encoding="utf-8")
    import_participants(engine, workspace, ev.id, tmp_path / "p.csv", rejects_dir=tmp_path)
    (tmp_path / "q.json").write_bytes(orjson.dumps(_bank("pre") + _bank("post")))
    import_questions(engine, workspace, ev.id, tmp_path / "q.json", rejects_dir=tmp_path)
    return ev.id


def _send(engine: Engine, ws: Workspace, ev: int, code: str, test: str, answers: dict) -> None:
    send(engine, ws, ev, code, test, answers, AT + timedelta(minutes=len(answers)))


def _ids(engine: Engine, ws: Workspace, ev: int) -> dict[str, int]:
    with engine.connect() as conn:
        return {p.code: p.id for p in store.participants(conn, ws.id, ev)}


def test_event_edit_delete_and_the_confirmation_answers_need(
    engine: Engine, workspace: Workspace, event: int
) -> None:
    ev = edit_event(engine, workspace, event, title="  Bimtek   Medsos ", venue="")
    assert (ev.title, ev.venue, ev.starts_on) == ("Bimtek Medsos", None, date(2026, 11, 20))
    ev = edit_event(engine, workspace, event, ends_on=date(2026, 11, 21))
    assert ev.ends_on == date(2026, 11, 21)
    with pytest.raises(PantauError, match="sebelum tanggal mulai"):
        edit_event(engine, workspace, event, starts_on=date(2026, 11, 25))
    with pytest.raises(PantauError, match="kosong"):
        edit_event(engine, workspace, event, title=" ")
    session = add_session(engine, workspace, event, "Hari 1", checkin_code="HADIR")
    assert session.checkin_code == "HADIR"
    check_in(engine, workspace, event, _ids(engine, workspace, event)["ANI001"], "hadir", AT)
    _send(engine, workspace, event, "ANI001", "pre", {1: [1]})
    with pytest.raises(PantauError, match="--yes"):
        delete_event(engine, workspace, event)
    assert delete_event(engine, workspace, event, confirmed=True).title == "Bimtek Medsos"
    assert list_events(engine, workspace) == []
    with pytest.raises(NotFoundError):
        get_event(engine, workspace, event)
    with engine.connect() as conn:
        assert store.participants(conn, workspace.id, event) == []
        assert store.attendance(conn, workspace.id, event) == []


def test_participants_list_edit_and_remove(
    engine: Engine, workspace: Workspace, event: int
) -> None:
    _send(engine, workspace, event, "ANI001", "pre", {1: [1], 2: [0, 2], 3: [0]})
    listed = list_participants(engine, workspace, event)
    assert [p.code for p in listed] == ["ANI001", "BUDI02", "CITRA3"]
    assert [p.institution_type for p in listed] == ["kementerian", "pemkab/pemkot", "lembaga"]
    assert (listed[0].pre, listed[0].pre_max, listed[0].post) == (3, 3, None)
    assert [p.code for p in list_participants(engine, workspace, event, "daring")] == [
        "BUDI02",
        "CITRA3",
    ]
    edited = edit_participant(
        engine, workspace, event, "budi02", name="Budi Santoso", mode="luring", new_code="BUDI99"
    )
    assert (edited.code, edited.name, edited.mode) == ("BUDI99", "Budi Santoso", "onsite")
    with pytest.raises(PantauError, match="sudah memakai"):
        edit_participant(engine, workspace, event, "BUDI99", contact="ani@niaga.go.id")
    with pytest.raises(PantauError, match="email tidak sah"):
        edit_participant(engine, workspace, event, "BUDI99", contact="budi@")
    with pytest.raises(PantauError, match="mode kehadiran"):
        edit_participant(engine, workspace, event, "BUDI99", mode="kadang")
    with pytest.raises(PantauError, match="--yes"):
        remove_participant(engine, workspace, event, "ANI001")
    assert remove_participant(engine, workspace, event, "CITRA3").name == "Citra"
    assert remove_participant(engine, workspace, event, "ANI001", confirmed=True).pre == 3
    assert [p.code for p in list_participants(engine, workspace, event)] == ["BUDI99"]
    with engine.connect() as conn:
        assert store.submissions(conn, workspace.id, event) == []
    with pytest.raises(NotFoundError):
        remove_participant(engine, workspace, event, "ANI001")


def test_questions_show_edit_rescore_and_remove(
    engine: Engine, workspace: Workspace, event: int
) -> None:
    assert [(q.test, q.position) for q in list_questions(engine, workspace, event, "post")] == [
        ("post", 1),
        ("post", 2),
        ("post", 3),
    ]
    q = get_question(engine, workspace, event, "pre", 2)
    assert (q.correct, q.key) == ([0, 2], "A, C")
    assert get_question(engine, workspace, event, "pre", 1).explanation
    # before anyone starts: anything goes, removal renumbers
    gone = remove_question(engine, workspace, event, "pre", 1)
    assert gone.text == "Apa itu isu?"
    assert [q.text for q in list_questions(engine, workspace, event, "pre")] == [
        "Kanal mana?",
        "Tujuan dulu?",
    ]
    with pytest.raises(NotFoundError):
        get_question(engine, workspace, event, "pre", 3)
    # after submissions: the key may change (everyone is scored again), the option count not
    _send(engine, workspace, event, "ANI001", "post", {1: [1], 2: [0, 2], 3: [1]})
    _send(engine, workspace, event, "BUDI02", "post", {1: [0], 2: [0], 3: [0]})
    done = edit_question(engine, workspace, event, "post", 3, key="B", explanation="Tujuan.")
    assert (done.question.correct, done.question.explanation, done.rescored) == ([1], "Tujuan.", 2)
    scores = {r.code: r.post for r in event_results(engine, workspace, event).participants}
    assert scores == {"ANI001": 3, "BUDI02": 0, "CITRA3": None}
    fixed = edit_question(engine, workspace, event, "post", 1, options=["a", "b ", "c"])
    assert fixed.rescored == 0 and fixed.question.options == ["a", "b", "c"]
    with pytest.raises(PantauError, match="jumlah opsi"):
        edit_question(engine, workspace, event, "post", 1, options=["a", "b"])
    with pytest.raises(PantauError, match="di luar"):
        edit_question(engine, workspace, event, "post", 1, key="D")
    with pytest.raises(PantauError, match="sudah dikerjakan"):
        remove_question(engine, workspace, event, "post", 1)


def test_institution_types_from_names() -> None:
    cases = {
        "Kementerian Pangan Nusantara": "kementerian",
        "Kemenkominfo": "kementerian",
        "Badan Pusat Statistik Kota Semarang": "lembaga",
        "Komisi Informasi Publik Nusantara": "lembaga",
        "Dinas Komunikasi dan Informatika Provinsi Nusa Lestari": "pemprov",
        "Biro Humas Setda Provinsi Tanjung Permai": "pemprov",
        "Diskominfo Kabupaten Lembah Hijau": "pemkab/pemkot",
        "Pemkot Tirta Jaya": "pemkab/pemkot",
        "Badan Kesbangpol Kota Tirta Jaya": "pemkab/pemkot",
        "Universitas Nusantara": "lainnya",
    }
    assert {n: institution_type(n) for n in cases} == cases
    assert set(cases.values()) == set(INSTITUTION_TYPES)


def test_results_by_institution_type_and_most_improved_questions(
    engine: Engine, workspace: Workspace, event: int
) -> None:
    _send(engine, workspace, event, "ANI001", "pre", {1: [0], 2: [0, 2], 3: [0]})
    _send(engine, workspace, event, "ANI001", "post", {1: [1], 2: [0, 2], 3: [0]})
    _send(engine, workspace, event, "BUDI02", "pre", {1: [0], 2: [0], 3: [1]})
    _send(engine, workspace, event, "BUDI02", "post", {1: [1], 2: [0, 2], 3: [0]})
    _send(engine, workspace, event, "CITRA3", "post", {1: [1]})  # no pre-test: not paired
    res = event_results(engine, workspace, event)
    assert [g.group for g in res.by_institution_type] == ["kementerian", "lembaga", "pemkab/pemkot"]
    assert [g.group for g in res.by_mode] == ["onsite", "online"]
    by_position = {g.position: g for g in res.improvement}
    assert by_position[1].paired == 2
    assert (by_position[1].pre_correct, by_position[1].post_correct) == (0.0, 1.0)
    assert (by_position[2].change, by_position[3].change) == (0.5, 0.5)
    assert [g.position for g in res.improvement] == [1, 2, 3]  # most improved first


def test_overview_and_the_participants_review(
    engine: Engine, workspace: Workspace, event: int
) -> None:
    s = add_session(engine, workspace, event, "Sesi 1")
    ids = _ids(engine, workspace, event)
    check_in(engine, workspace, event, ids["ANI001"], s.checkin_code, AT)
    _send(engine, workspace, event, "ANI001", "pre", {1: [0], 2: [0, 2]})
    o = event_overview(engine, workspace, event)
    assert o.participants == {"total": 3, "onsite": 1, "online": 2}
    assert (o.questions, o.submissions) == ({"pre": 3, "post": 3}, {"pre": 1, "post": 0})
    assert [(x.title, x.attended) for x in o.sessions] == [("Sesi 1", 1)]
    assert "secret" not in o.settings and o.as_dict()["event"]["title"] == "Bimtek Humas"

    def found() -> PublicEvent:
        return PublicEvent(
            workspace, get_event(engine, workspace, event), event_settings(engine, workspace, event)
        )

    assert participant_review(engine, found(), ids["ANI001"]) is None  # closed
    update_settings(engine, workspace, event, review_open=True)
    assert participant_review(engine, found(), ids["ANI001"]) is None  # post-test not sent
    _send(engine, workspace, event, "ANI001", "post", {1: [1], 2: [0, 2], 3: [1]})
    review = participant_review(engine, found(), ids["ANI001"])
    assert review is not None and review.pre is not None
    assert (review.pre.score, review.post.score, review.gain) == (1, 2, 0.5)
    first = review.post.items[0]
    assert (first.chosen, first.correct, first.right) == ([1], [1], True)
    assert first.explanation == "Isu adalah percakapan publik yang menyangkut instansi."
    assert [i.right for i in review.post.items] == [True, True, False]
    assert [i.chosen for i in review.pre.items] == [[0], [0, 2], []]
