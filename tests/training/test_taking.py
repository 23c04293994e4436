"""Taking a test on the web: shuffle that maps back to stored options, the time limit,
autosave, finalising expired attempts, sessions and check-in, self-registration."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store import training as store
from pantau.training import create_event, import_participants, import_questions
from pantau.training.attendance import add_session, check_in, register, set_checkin_open
from pantau.training.links import (
    event_settings,
    find_by_code,
    participant_by_link,
    personal_key,
    update_settings,
)
from pantau.training.submit import SubmissionRefused
from pantau.training.taking import (
    RUNNING,
    TIME_UP,
    finalise_expired,
    save_draft,
    start_attempt,
    submit_attempt,
)

T0 = datetime(2026, 11, 20, 2, 0)


@pytest.fixture
def setup(engine: Engine, workspace: Workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    ev = create_event(engine, workspace, "Bimtek", date(2026, 11, 20))
    (tmp_path / "p.csv").write_text(
        "nama,instansi,email,mode\nAni,A,ani@a.id,luring\nBudi,B,budi@b.id,daring\n"
    )
    import_participants(engine, workspace, ev.id, tmp_path / "p.csv", rejects_dir=tmp_path)
    bank = [
        {"tes": "post", "pertanyaan": f"Q{i}", "opsi": ["a", "b", "c", "d", "e"], "jawaban": "C"}
        for i in range(1, 9)
    ]
    (tmp_path / "q.json").write_bytes(orjson.dumps(bank))
    import_questions(engine, workspace, ev.id, tmp_path / "q.json", rejects_dir=tmp_path)
    found = find_by_code(engine, event_settings(engine, workspace, ev.id).code)
    assert found is not None and found.event.id == ev.id
    with engine.connect() as conn:
        people = list(store.participants(conn, workspace.id, ev.id))
    return found, people


def test_shuffle_is_per_participant_stable_and_maps_back(engine, setup) -> None:  # type: ignore[no-untyped-def]
    found, (ani, budi) = setup
    _s, a1 = start_attempt(engine, found, ani.id, "post", T0)
    _s, a2 = start_attempt(engine, found, ani.id, "post", T0 + timedelta(minutes=1))
    _s, b1 = start_attempt(engine, found, budi.id, "post", T0)
    assert [q.position for q in a1] == [q.position for q in a2]
    assert [[o.index for o in q.options] for q in a1] == [[o.index for o in q.options] for q in a2]
    assert [q.position for q in a1] != [q.position for q in b1]  # 8! orders: differs
    assert sorted(q.position for q in a1) == list(range(1, 9))
    # choosing the option whose text is "c" wherever it is shown scores every question
    answers = {q.position: [o.index for o in q.options if o.text == "c"] for q in a1}
    out = submit_attempt(engine, found, ani.id, "post", answers, T0 + timedelta(minutes=2))
    assert (out.submission.score, out.late) == (8, False)


def test_time_limit_autosave_and_finalise(engine, workspace, setup) -> None:  # type: ignore[no-untyped-def]
    found, (ani, budi) = setup
    update_settings(engine, workspace, found.event.id, post_minutes=10)
    found = find_by_code(engine, found.settings.code)
    state, _ = start_attempt(engine, found, ani.id, "post", T0)
    assert state.status == RUNNING and state.deadline == T0 + timedelta(minutes=10)
    assert state.seconds_left(T0 + timedelta(minutes=4)) == 360
    save_draft(engine, found, ani.id, "post", {1: [2], 2: [0]}, T0 + timedelta(minutes=9))
    with pytest.raises(SubmissionRefused, match="sudah habis"):
        save_draft(engine, found, ani.id, "post", {3: [2]}, T0 + timedelta(minutes=11))
    with pytest.raises(PantauError, match="di luar opsi"):
        save_draft(engine, found, ani.id, "post", {1: [7]}, T0 + timedelta(minutes=1))
    start_attempt(engine, found, budi.id, "post", T0)
    assert finalise_expired(engine, workspace, found.event.id, T0 + timedelta(minutes=5)) == 0
    assert finalise_expired(engine, workspace, found.event.id, T0 + timedelta(minutes=11)) == 2
    assert finalise_expired(engine, workspace, found.event.id, T0 + timedelta(minutes=12)) == 0
    with engine.connect() as conn:
        subs = {s.participant_id: s for s in store.submissions(conn, workspace.id, found.event.id)}
    assert subs[ani.id].answers == {"1": [2], "2": [0]} and subs[ani.id].score == 1
    assert subs[ani.id].submitted_at == T0 + timedelta(minutes=10)
    assert subs[budi.id].answers == {} and subs[budi.id].score == 0
    state, shown = start_attempt(engine, found, ani.id, "post", T0 + timedelta(minutes=20))
    assert state.status == "terkirim" and shown == []
    with pytest.raises(SubmissionRefused, match="sekali"):
        submit_attempt(engine, found, ani.id, "post", {}, T0 + timedelta(minutes=20))


def test_late_submission_sends_what_was_saved_in_time(engine, workspace, setup) -> None:  # type: ignore[no-untyped-def]
    found, (ani, _budi) = setup
    update_settings(engine, workspace, found.event.id, post_minutes=5)
    found = find_by_code(engine, found.settings.code)
    start_attempt(engine, found, ani.id, "post", T0)
    save_draft(engine, found, ani.id, "post", {4: [2]}, T0 + timedelta(minutes=1))
    state, _ = start_attempt(engine, found, ani.id, "post", T0 + timedelta(minutes=6))
    assert state.status == TIME_UP
    out = submit_attempt(engine, found, ani.id, "post", {4: [2], 5: [2]}, T0 + timedelta(minutes=7))
    assert out.late and out.submission.score == 1
    assert out.submission.submitted_at == T0 + timedelta(minutes=5)


def test_links_do_not_open_other_participants(engine, setup) -> None:  # type: ignore[no-untyped-def]
    found, (ani, budi) = setup
    key = personal_key(found.settings, ani.id, ani.code)
    assert participant_by_link(engine, found, ani.code.lower(), key.upper()).id == ani.id
    assert participant_by_link(engine, found, budi.code, key) is None
    assert len(key) == 16 and key != personal_key(found.settings, budi.id, budi.code)
    assert find_by_code(engine, "??") is None


def test_sessions_check_in_and_registration(engine, workspace, setup) -> None:  # type: ignore[no-untyped-def]
    found, (ani, budi) = setup
    s1 = add_session(engine, workspace, found.event.id, "Hari 1")
    s2 = add_session(engine, workspace, found.event.id, "Hari 2")
    assert s1.checkin_code != s2.checkin_code
    assert check_in(engine, workspace, found.event.id, ani.id, s1.checkin_code, T0).new
    assert not check_in(engine, workspace, found.event.id, ani.id, s1.checkin_code, T0).new
    set_checkin_open(engine, workspace, found.event.id, s2.id, False)
    with pytest.raises(PantauError, match="ditutup"):
        check_in(engine, workspace, found.event.id, budi.id, s2.checkin_code, T0)
    with pytest.raises(PantauError, match="tidak dikenal"):
        check_in(engine, workspace, found.event.id, budi.id, "ZZZZZ", T0)
    with pytest.raises(PantauError, match="ditutup"):
        register(engine, workspace, found.event.id, "Citra", "BPS", "0812 1111 222", "daring")
    update_settings(engine, workspace, found.event.id, registration_open=True)
    row = register(engine, workspace, found.event.id, " Citra ", "BPS", "0812 1111 222", "daring")
    assert (row.name, row.mode, len(row.code)) == ("Citra", "online", 6)
    with pytest.raises(PantauError, match="sudah terdaftar"):
        register(engine, workspace, found.event.id, "Citra", "BPS", "0812 1111 222", "onsite")
    with pytest.raises(PantauError, match="email"):
        register(engine, workspace, found.event.id, "Dedi", "BPS", "dedi@", "onsite")
    with pytest.raises(PantauError, match="mode"):
        register(engine, workspace, found.event.id, "Dedi", "BPS", "dedi@bps.go.id", "entah")
